// Made-up heap profiles of any size, for tests that need a file that takes a
// while to decode (cancel) or many of them. Written with pprof-format, gzipped.

import { gzipSync } from 'node:zlib';
import { Profile, StringTable } from 'pprof-format';

export interface SyntheticOptions {
  samples: number;
  functions?: number;
  depth?: number;
  /** Nanoseconds since the epoch. */
  timeNanos?: bigint;
  seed?: number;
}

export function syntheticHeap(o: SyntheticOptions): Uint8Array {
  const nFunctions = o.functions ?? 2000;
  const depth = o.depth ?? 24;
  let seed = o.seed ?? 1;
  const rand = () => {
    // xorshift32: the same file every run.
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  const st = new StringTable();
  const fn = (k: string) => st.dedup(k);
  const functions = [];
  const locations = [];
  for (let i = 1; i <= nFunctions; i++) {
    functions.push({ id: i, name: fn(`example.com/svc/pkg${i % 97}.Func${i}`), systemName: fn(`example.com/svc/pkg${i % 97}.Func${i}`), filename: fn(`pkg${i % 97}/file${i % 13}.go`) });
    locations.push({ id: i, address: 0x400000 + i * 16, line: [{ functionId: i, line: 10 + (i % 300) }] });
  }
  const samples = [];
  for (let s = 0; s < o.samples; s++) {
    const stack: number[] = [];
    for (let d = 0; d < depth; d++) stack.push(1 + Math.floor(rand() * nFunctions));
    const objects = 1 + Math.floor(rand() * 50);
    const bytes = objects * (16 << Math.floor(rand() * 8));
    samples.push({ locationId: stack, value: [objects * 3, bytes * 3, objects, bytes] });
  }
  const vt = (type: string, unit: string) => ({ type: fn(type), unit: fn(unit) });
  const profile = new Profile({
    sampleType: [vt('alloc_objects', 'count'), vt('alloc_space', 'bytes'), vt('inuse_objects', 'count'), vt('inuse_space', 'bytes')],
    sample: samples,
    location: locations,
    function: functions,
    stringTable: st,
    periodType: vt('space', 'bytes'),
    period: 524288,
    timeNanos: o.timeNanos ?? 1_700_000_000_000_000_000n,
  });
  return gzipSync(profile.encode());
}

/**
 * A heap profile whose functions and files carry the given names (one
 * sample each, a stack main.main → name), for tests of hostile strings.
 */
export function namedHeap(names: string[], timeNanos = 1_700_000_000_000_000_000n): Uint8Array {
  const st = new StringTable();
  const s = (k: string) => st.dedup(k);
  const functions = [{ id: 1, name: s('main.main'), systemName: s('main.main'), filename: s('main.go') }];
  const locations = [{ id: 1, address: 0x401000, line: [{ functionId: 1, line: 3 }] }];
  const samples = [];
  for (let i = 0; i < names.length; i++) {
    const id = i + 2;
    functions.push({ id, name: s(names[i]), systemName: s(names[i]), filename: s(`${names[i]}.go`) });
    locations.push({ id, address: 0x402000 + id * 16, line: [{ functionId: id, line: 7 }] });
    samples.push({ locationId: [id, 1], value: [1, 1024 * (i + 1), 1, 1024 * (i + 1)] });
  }
  const vt = (type: string, unit: string) => ({ type: s(type), unit: s(unit) });
  const profile = new Profile({
    sampleType: [vt('alloc_objects', 'count'), vt('alloc_space', 'bytes'), vt('inuse_objects', 'count'), vt('inuse_space', 'bytes')],
    sample: samples,
    location: locations,
    function: functions,
    stringTable: st,
    periodType: vt('space', 'bytes'),
    period: 524288,
    timeNanos,
  });
  return gzipSync(profile.encode());
}
