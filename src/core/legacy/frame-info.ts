// drop_frames / keep_frames as pprof sets them on every legacy profile
// (addLegacyFrameInfo): the allocator's, the lock profiler's or the CPU
// profiler's own frames, which go tool pprof prunes from stacks once symbols
// are known. Kept as the regexps pprof stores, so a later pruning step sees
// what pprof would.

import type { ProfileBuilder } from '../model';

const ALLOC_DROP = [
  // POSIX entry points.
  'calloc', 'cfree', 'malloc', 'free', 'memalign', 'do_memalign', '(__)?posix_memalign', 'pvalloc', 'valloc', 'realloc',
  // TC malloc.
  'tcmalloc::.*', 'tc_calloc', 'tc_cfree', 'tc_malloc', 'tc_free', 'tc_memalign', 'tc_posix_memalign', 'tc_pvalloc',
  'tc_valloc', 'tc_realloc', 'tc_new', 'tc_delete', 'tc_newarray', 'tc_deletearray', 'tc_new_nothrow', 'tc_newarray_nothrow',
  // Memory-allocation routines on OS X.
  'malloc_zone_malloc', 'malloc_zone_calloc', 'malloc_zone_valloc', 'malloc_zone_realloc', 'malloc_zone_memalign', 'malloc_zone_free',
  // Go runtime.
  'runtime\\..*',
  // Other memory allocation routines.
  'BaseArena::.*', '(::)?do_malloc_no_errno', '(::)?do_malloc_pages', '(::)?do_malloc', 'DoSampledAllocation',
  'MallocedMemBlock::MallocedMemBlock', '_M_allocate', '__builtin_(vec_)?delete', '__builtin_(vec_)?new',
  '__gnu_cxx::new_allocator::allocate', '__libc_malloc', '__malloc_alloc_template::allocate', 'allocate', 'cpp_alloc',
  'operator new(\\[\\])?', 'simple_alloc::allocate',
].join('|');

/** Go runtime frames that mean something in the middle of a stack. */
const ALLOC_KEEP = ['runtime\\.panic', 'runtime\\.reflectcall', 'runtime\\.call[0-9]*'].join('|');

const CPU_PROFILER_DROP = [
  'ProfileData::Add', 'ProfileData::prof_handler', 'CpuProfiler::prof_handler', '__pthread_sighandler', '__restore',
].join('|');

const LOCK_DROP = [
  'RecordLockProfileData', '(base::)?RecordLockProfileData.*', '(base::)?SubmitMutexProfileData.*',
  '(base::)?SubmitSpinLockProfileData.*', '(base::Mutex::)?AwaitCommon.*', '(base::Mutex::)?Unlock.*',
  '(base::Mutex::)?UnlockSlow.*', '(base::Mutex::)?ReaderUnlock.*', '(base::MutexLock::)?~MutexLock.*',
  '(Mutex::)?AwaitCommon.*', '(Mutex::)?Unlock.*', '(Mutex::)?UnlockSlow.*', '(Mutex::)?ReaderUnlock.*',
  '(MutexLock::)?~MutexLock.*', '(SpinLock::)?Unlock.*', '(SpinLock::)?SlowUnlock.*', '(SpinLockHolder::)?~SpinLockHolder.*',
].join('|');

const HEAP_TYPES = [
  ['allocations', 'size'],
  ['objects', 'space'],
  ['inuse_objects', 'inuse_space'],
  ['alloc_objects', 'alloc_space'],
  ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'],
];

/** The frames pprof drops and keeps for a legacy profile with these sample types. */
export function legacyFrameInfo(sampleTypes: string[]): { drop: string; keep: string } {
  const is = (t: string[]) => t.length === sampleTypes.length && t.every((x, i) => x === sampleTypes[i]);
  if (HEAP_TYPES.some(is)) return { drop: ALLOC_DROP, keep: ALLOC_KEEP };
  if (is(['contentions', 'delay'])) return { drop: LOCK_DROP, keep: '' };
  return { drop: CPU_PROFILER_DROP, keep: '' };
}

/**
 * Sets sample types, period and the frame regexps on a legacy profile being
 * built: `[type, unit]` pairs as pprof names them for the format.
 */
export function setLegacyTypes(
  b: ProfileBuilder,
  sampleTypes: [string, string][],
  periodType: [string, string] | null,
  period: number,
): void {
  b.sampleTypes = sampleTypes.map(([type, unit]) => ({ type: b.intern(type), unit: b.intern(unit) }));
  b.periodType = periodType ? { type: b.intern(periodType[0]), unit: b.intern(periodType[1]) } : null;
  b.period = period;
  const { drop, keep } = legacyFrameInfo(sampleTypes.map(([t]) => t));
  b.dropFrames = b.intern(drop);
  b.keepFrames = keep ? b.intern(keep) : 0;
}
