// What a goroutine is doing. A ?debug=2 dump says it in each header, in the
// runtime's own words (waitReason strings: "chan receive", "select",
// "semacquire", "sync.Mutex.Lock", "IO wait", …). A proto or ?debug=1 profile
// does not; there the state is read off the frames where the goroutine
// stopped: runtime.chanrecv1 under the leaf means "chan receive", and so on.

/** Coarse kinds of state; leak suspects are goroutines parked in the `PARKED` ones. */
export type StateCategory =
  | 'chan receive'
  | 'chan send'
  | 'select'
  | 'lock'
  | 'cond'
  | 'sleep'
  | 'parked'
  | 'io'
  | 'syscall'
  | 'running'
  | 'runnable'
  | 'other';

/**
 * Waiting for another goroutine that may never come: channel operations,
 * select, locks, sync.Cond, sleep, and "parked" (the debug=1 text hides the
 * runtime frames that would say on what). IO wait is left out on purpose: a
 * busy server legitimately holds more idle connections under more load.
 */
export const PARKED: ReadonlySet<StateCategory> = new Set<StateCategory>([
  'chan receive', 'chan send', 'select', 'lock', 'cond', 'sleep', 'parked',
]);

/** The state printed for a goroutine whose kind of wait cannot be told (debug=1). */
export const UNKNOWN_PARKED = 'parked';

const CATEGORY: Record<string, StateCategory> = {
  'chan receive': 'chan receive',
  'chan receive (nil chan)': 'chan receive',
  'chan send': 'chan send',
  'chan send (nil chan)': 'chan send',
  select: 'select',
  'select (no cases)': 'select',
  semacquire: 'lock',
  'sync.Mutex.Lock': 'lock',
  'sync.RWMutex.RLock': 'lock',
  'sync.RWMutex.Lock': 'lock',
  'sync.WaitGroup.Wait': 'lock',
  'sync.Cond.Wait': 'cond',
  sleep: 'sleep',
  parked: 'parked',
  'IO wait': 'io',
  syscall: 'syscall',
  running: 'running',
  runnable: 'runnable',
};

export function stateCategory(state: string): StateCategory {
  return CATEGORY[state] ?? 'other';
}

export function isParked(state: string): boolean {
  return PARKED.has(stateCategory(state));
}

/**
 * Functions that tell the state when met walking from the leaf; the runtime
 * ones are hidden in dumps but present in the proto. The names of Go ≥ 1.20
 * (sync.Mutex.Lock …) are used where the frame says which lock it is.
 */
const STATE_BY_FUNCTION: Record<string, string> = {
  'runtime.chanrecv': 'chan receive',
  'runtime.chanrecv1': 'chan receive',
  'runtime.chanrecv2': 'chan receive',
  'runtime.chansend': 'chan send',
  'runtime.chansend1': 'chan send',
  'runtime.selectgo': 'select',
  'runtime.block': 'select (no cases)',
  'runtime.netpollblock': 'IO wait',
  'internal/poll.runtime_pollWait': 'IO wait',
  'sync.(*Mutex).lockSlow': 'sync.Mutex.Lock',
  'sync.(*Mutex).Lock': 'sync.Mutex.Lock',
  'sync.(*RWMutex).RLock': 'sync.RWMutex.RLock',
  'sync.(*RWMutex).Lock': 'sync.RWMutex.Lock',
  'sync.runtime_notifyListWait': 'sync.Cond.Wait',
  'sync.(*Cond).Wait': 'sync.Cond.Wait',
  'time.Sleep': 'sleep',
  'runtime.timeSleep': 'sleep',
  'syscall.Syscall': 'syscall',
  'syscall.Syscall6': 'syscall',
  'syscall.RawSyscall': 'syscall',
  'syscall.RawSyscall6': 'syscall',
  'runtime/internal/syscall.Syscall6': 'syscall',
  'internal/runtime/syscall.Syscall6': 'syscall',
  'runtime.cgocall': 'syscall',
  // The goroutine writing the profile.
  'runtime.goroutineProfileWithLabels': 'running',
  'runtime/pprof.runtime_goroutineProfileWithLabels': 'running',
  'runtime.Stack': 'running',
  'runtime.gcBgMarkWorker': 'GC worker (idle)',
  'runtime.bgsweep': 'GC sweep wait',
  'runtime.bgscavenge': 'GC scavenge wait',
  'runtime.forcegchelper': 'force gc (idle)',
  'runtime.runfinq': 'finalizer wait',
  'runtime.Gosched': 'runnable',
  'runtime.goschedguarded': 'runnable',
};

/** Functions that mean "waiting on a semaphore" when nothing more precise was met. */
const SEMAPHORE = new Set([
  'runtime.semacquire1',
  'runtime.semacquire',
  'sync.runtime_Semacquire',
  'sync.runtime_SemacquireMutex',
  'sync.runtime_SemacquireRWMutex',
  'sync.runtime_SemacquireRWMutexR',
  'sync.runtime_SemacquireWaitGroup',
]);

/** How far above the first non-runtime frame a telling function is looked for. */
export const INFER_WINDOW = 4;

/**
 * State of a goroutine from its frames, leaf first. `names` holds the runtime
 * frames at the leaf, then up to INFER_WINDOW frames above them; `hidden` is
 * how many of the leading ones are unsymbolized (debug=1 leaves the runtime's
 * frames at the leaf as bare addresses) and `runtimeLeaf` how many leading
 * frames (hidden included) are the runtime's.
 */
export function inferState(names: readonly string[], runtimeLeaf: number, hidden: number): string {
  let sema = false;
  for (const name of names) {
    const s = STATE_BY_FUNCTION[name];
    if (s !== undefined) return s;
    if (SEMAPHORE.has(name)) sema = true;
  }
  if (sema) return 'semacquire';
  if (hidden > 0) return UNKNOWN_PARKED;
  if (runtimeLeaf > 0) {
    for (let i = 0; i < runtimeLeaf && i < names.length; i++) {
      if (names[i] === 'runtime.gopark' || names[i] === 'runtime.goparkunlock') return UNKNOWN_PARKED;
    }
  }
  // Stopped in ordinary code: the world was stopped to take the profile, so
  // the goroutine was runnable (only the one writing the profile runs).
  return 'runnable';
}
