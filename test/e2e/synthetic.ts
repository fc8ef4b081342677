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
  /** Distinct stacks the samples are drawn from (default: each sample its own): slow to decode, quick to show. */
  stacks?: number;
}

/** Numbers in [0, 1) from a seed (xorshift32): the same file every run. */
export function seededRandom(seed: number): () => number {
  return () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
}

export function syntheticHeap(o: SyntheticOptions): Uint8Array {
  const nFunctions = o.functions ?? 2000;
  const depth = o.depth ?? 24;
  const rand = seededRandom(o.seed ?? 1);
  const st = new StringTable();
  const fn = (k: string) => st.dedup(k);
  const functions = [];
  const locations = [];
  for (let i = 1; i <= nFunctions; i++) {
    functions.push({ id: i, name: fn(`example.com/svc/pkg${i % 97}.Func${i}`), systemName: fn(`example.com/svc/pkg${i % 97}.Func${i}`), filename: fn(`pkg${i % 97}/file${i % 13}.go`) });
    locations.push({ id: i, address: 0x400000 + i * 16, line: [{ functionId: i, line: 10 + (i % 300) }] });
  }
  const samples = [];
  const drawn: number[][] = [];
  for (let s = 0; s < o.samples; s++) {
    let stack: number[] = [];
    if (o.stacks && drawn.length >= o.stacks) stack = drawn[Math.floor(rand() * o.stacks)];
    else for (let d = 0; d < depth; d++) stack.push(1 + Math.floor(rand() * nFunctions));
    if (o.stacks && drawn.length < o.stacks) drawn.push(stack);
    const objects = 1 + Math.floor(rand() * 50);
    const bytes = objects * (16 << Math.floor(rand() * 8));
    samples.push({ locationId: stack, value: [objects * 3, bytes * 3, objects, bytes] });
  }
  return heapFile(st, { functions, locations, samples }, o.timeNanos ?? 1_700_000_000_000_000_000n);
}

/**
 * A heap profile whose functions carry the given names (one sample each, a
 * stack main.main → name), for tests of hostile strings: `objects` and
 * `bytes` per sample, the i-th sample's bytes × (i + 1); files named after
 * the functions unless `file` says otherwise.
 */
export function namedHeap(names: string[], timeNanos = 1_700_000_000_000_000_000n, o: { objects?: number; bytes?: number; file?: string } = {}): Uint8Array {
  const st = new StringTable();
  const s = (k: string) => st.dedup(k);
  const parts: HeapParts = {
    functions: [{ id: 1, name: s('main.main'), systemName: s('main.main'), filename: s('main.go') }],
    locations: [{ id: 1, address: 0x401000, line: [{ functionId: 1, line: 3 }] }],
    samples: [],
  };
  addNamed(parts, st, names, [1], o);
  return heapFile(st, parts, timeNanos);
}

export interface HeapParts {
  functions: { id: number; name: number; systemName: number; filename: number }[];
  locations: { id: number; address: number; line: { functionId: number; line: number }[] }[];
  samples: { locationId: number[]; value: number[] }[];
}

/** Functions with these names, each with a sample of its own called from `caller` (location ids, leaf first), at addresses from `address`. */
export function addNamed(parts: HeapParts, st: StringTable, names: string[], caller: number[], o: { objects?: number; bytes?: number; file?: string; address?: number } = {}): void {
  const s = (k: string) => st.dedup(k);
  const objects = o.objects ?? 1;
  const bytes = o.bytes ?? 1024;
  let id = Math.max(0, ...parts.functions.map((f) => f.id), ...parts.locations.map((l) => l.id));
  names.forEach((name, i) => {
    id++;
    parts.functions.push({ id, name: s(name), systemName: s(name), filename: s(o.file ?? `${name}.go`) });
    parts.locations.push({ id, address: (o.address ?? 0x402000) + id * 16, line: [{ functionId: id, line: 7 }] });
    parts.samples.push({ locationId: [id, ...caller], value: [objects, bytes * (i + 1), objects, bytes * (i + 1)] });
  });
}

/** The bytes of a heap profile as the Go runtime writes it: gzipped, its four sample types, a 512 kB sampling period. */
export function heapFile(st: StringTable, parts: HeapParts, timeNanos: bigint): Uint8Array {
  const vt = (type: string, unit: string) => ({ type: st.dedup(type), unit: st.dedup(unit) });
  const profile = new Profile({
    sampleType: [vt('alloc_objects', 'count'), vt('alloc_space', 'bytes'), vt('inuse_objects', 'count'), vt('inuse_space', 'bytes')],
    sample: parts.samples,
    location: parts.locations,
    function: parts.functions,
    stringTable: st,
    periodType: vt('space', 'bytes'),
    period: 524288,
    timeNanos,
  });
  return gzipSync(profile.encode());
}
