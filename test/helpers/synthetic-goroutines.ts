// Large goroutine profiles made up on the spot, for the linear-time test
// (test/unit/goroutines-scale.test.ts): a service with `stacks` distinct goroutine
// stacks, `goroutines` goroutines spread over them (a few stacks hold most,
// as in life), built through ProfileBuilder like every decoder's output.
// Deterministic for a given seed.

import { mulberry32 } from './random';
import { ProfileBuilder } from '../../src/core/model';
import { NONE, type Profile } from '../../src/core/model';

export interface SyntheticOptions {
  goroutines: number;
  /** Distinct stacks; default 1,000. */
  stacks?: number;
  /** Frames above the runtime's, at most; default 24. */
  depth?: number;
  /**
   * true: like a ?debug=2 dump — one sample per goroutine, a GoroutineTable
   * with states, wait minutes, creators and arguments, no runtime frames.
   * false: like the proto — one sample per stack with the count, runtime
   * frames at the leaf. Default true.
   */
  dump?: boolean;
  seed?: number;
}

// How each kind of goroutine waits: `runtime` frames (leaf first) are in the
// proto only (dumps hide them); `visible` frames are in every format.
const WAITS = [
  { state: 'chan receive', runtime: ['runtime.gopark', 'runtime.chanrecv', 'runtime.chanrecv1'], visible: [] as string[] },
  { state: 'select', runtime: ['runtime.gopark', 'runtime.selectgo'], visible: [] },
  { state: 'semacquire', runtime: ['runtime.gopark', 'runtime.goparkunlock', 'runtime.semacquire1'], visible: ['sync.runtime_Semacquire', 'sync.(*WaitGroup).Wait'] },
  { state: 'IO wait', runtime: ['runtime.gopark', 'runtime.netpollblock'], visible: ['internal/poll.runtime_pollWait'] },
  { state: 'runnable', runtime: [], visible: [] },
];

export function syntheticGoroutineProfile(options: SyntheticOptions): Profile {
  const nGoroutines = options.goroutines;
  const nStacks = Math.max(1, options.stacks ?? 1000);
  const maxDepth = Math.max(2, options.depth ?? 24);
  const dump = options.dump ?? true;
  const rand = mulberry32(options.seed ?? 1);

  const b = new ProfileBuilder(dump ? 'goroutine-dump' : 'proto');
  b.sampleTypes = [{ type: b.intern('goroutine'), unit: b.intern('count') }];
  b.periodType = { type: b.intern('goroutine'), unit: b.intern('count') };
  b.period = 1;

  // A pool of user functions in a few packages, each with one location per call line.
  const fnIndex = new Map<string, number>();
  const fn = (name: string, file: string): number => {
    let f = fnIndex.get(name);
    if (f === undefined) {
      f = b.addFunction(fnIndex.size + 1, b.intern(name), b.intern(name), b.intern(file), 1);
      fnIndex.set(name, f);
    }
    return f;
  };
  const locIndex = new Map<string, number>();
  const loc = (name: string, file: string, line: number): number => {
    const k = `${name}:${line}`;
    let l = locIndex.get(k);
    if (l === undefined) {
      const f = fn(name, file);
      l = b.beginLocation(locIndex.size + 1, NONE, 0x400000 + locIndex.size * 16, false);
      b.addLine(f, line);
      locIndex.set(k, l);
    }
    return l;
  };
  const userFn = (i: number) => {
    const pkg = `example.com/svc/pkg${i % 17}`;
    return { name: `${pkg}.(*T${i % 5}).Method${i}`, file: `${pkg}/file${i % 7}.go` };
  };

  // Distinct stacks: a random walk down a call tree, then a wait at the leaf.
  const stackLocs: number[][] = [];
  const stackWait: number[] = [];
  const creators: number[] = [];
  for (let s = 0; s < nStacks; s++) {
    const depth = 2 + Math.floor(rand() * (maxDepth - 1));
    const frames: number[] = []; // root first
    let f = Math.floor(rand() * 40);
    for (let d = 0; d < depth; d++) {
      const u = userFn(f);
      frames.push(loc(u.name, u.file, 10 + ((f * 7 + d) % 50)));
      f = (f * 31 + 1 + Math.floor(rand() * 3) + s) % 4000;
    }
    const wait = Math.floor(rand() * WAITS.length);
    const leafFirst = frames.reverse();
    const std = (names: string[]) => names.map((name, i) => loc(name, `${name.slice(0, name.indexOf('.'))}/x.go`, 300 + i));
    leafFirst.unshift(...std(WAITS[wait].visible));
    if (!dump) leafFirst.unshift(...std(WAITS[wait].runtime));
    stackLocs.push(leafFirst);
    stackWait.push(wait);
    const c = userFn(s % 40);
    creators.push(loc(c.name, c.file, 99));
  }
  const stackNode = stackLocs.map((l) => b.internStack(l));

  // Goroutines per stack: a Zipf-like skew, so a few clusters are large.
  const weights = stackLocs.map((_, s) => 1 / (s + 1));
  const sum = weights.reduce((a, w) => a + w, 0);
  const counts = weights.map((w) => Math.floor((w / sum) * nGoroutines));
  let assigned = counts.reduce((a, c) => a + c, 0);
  for (let s = 0; assigned < nGoroutines; s = (s + 1) % nStacks, assigned++) counts[s]++;

  if (!dump) {
    for (let s = 0; s < nStacks; s++) if (counts[s] > 0) b.addSample(stackNode[s], [counts[s]]);
    return b.build({ merge: true });
  }

  const states = WAITS.map((w) => b.intern(w.state));
  const args = [b.intern('()'), b.intern('(0xc000010000)'), b.intern('(0x1, 0x2)'), b.intern('({0x5d2c40, 0xc0000a0000})')];
  const goid = new Float64Array(nGoroutines);
  const state = new Int32Array(nGoroutines);
  const waitMinutes = new Float64Array(nGoroutines);
  const lockedToThread = new Uint8Array(nGoroutines);
  const createdBy = new Int32Array(nGoroutines);
  const createdByGoid = new Float64Array(nGoroutines).fill(-1);
  const argStart = new Int32Array(nGoroutines + 1);
  const frameArgs: number[] = [];
  let i = 0;
  for (let s = 0; s < nStacks; s++) {
    for (let k = 0; k < counts[s]; k++, i++) {
      b.addSample(stackNode[s], [1]);
      goid[i] = 1 + i * 3;
      state[i] = states[stackWait[s]];
      waitMinutes[i] = stackWait[s] === WAITS.length - 1 ? 0 : Math.floor(rand() * 4);
      lockedToThread[i] = i === 0 ? 1 : 0;
      createdBy[i] = creators[s];
      argStart[i] = frameArgs.length;
      for (let d = 0; d < stackLocs[s].length; d++) frameArgs.push(args[(d + (rand() < 0.1 ? 1 : 0)) % args.length]);
    }
  }
  argStart[nGoroutines] = frameArgs.length;
  b.goroutines = {
    length: nGoroutines,
    goid,
    state,
    waitMinutes,
    lockedToThread,
    createdBy,
    createdByGoid,
    argStart,
    frameArgs: Int32Array.from(frameArgs),
  };
  return b.build({ merge: false });
}
