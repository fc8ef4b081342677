// The decoded profile, held as tables of columns (structs of arrays) in the
// spirit of profile.proto, so a 100 MB profile is a few dozen typed arrays and
// not millions of objects. Every cross reference is a dense index into another
// table (never a pprof ID); every string is an index into `strings`.
//
// Vocabulary is pprof's: a sample has a stack of locations (leaf first in the
// proto), a location has one or more lines (inlined frames, innermost first:
// "the last entry is the caller"), a line names a function.
//
// Stacks are stored as a prefix tree, parent first: a sample points to its leaf
// stack node, each node to its parent and one location. Identical call paths
// share nodes, so per-stack work (totals, clustering) is one reverse pass.
//
// int64 fields are JavaScript numbers, decided once in the decoder (never
// protobufjs's Long, whose use differs by build): exact up to 2^53, which
// covers byte counts, object counts, nanoseconds of CPU and user-space
// addresses. `timeNanos` is also kept exactly as a decimal string.

import type { Branchings } from './parents';

export type IndexIntoStringTable = number;

/** `-1` stands for "none" in every index column. */
export const NONE = -1;

export interface FunctionTable {
  length: number;
  id: Float64Array;
  name: Int32Array;
  systemName: Int32Array;
  filename: Int32Array;
  startLine: Float64Array;
}

export interface MappingTable {
  length: number;
  id: Float64Array;
  memoryStart: Float64Array;
  memoryLimit: Float64Array;
  fileOffset: Float64Array;
  filename: Int32Array;
  buildId: Int32Array;
  /** Bit set of MappingFlag. */
  flags: Uint8Array;
}

export const MappingFlag = {
  hasFunctions: 1,
  hasFilenames: 2,
  hasLineNumbers: 4,
  hasInlineFrames: 8,
} as const;

export interface LocationTable {
  length: number;
  id: Float64Array;
  mapping: Int32Array;
  address: Float64Array;
  isFolded: Uint8Array;
  /** Lines of location i are lineStart[i] .. lineStart[i+1]-1, innermost first. */
  lineStart: Int32Array;
}

export interface LineTable {
  length: number;
  function: Int32Array;
  line: Float64Array;
  column: Float64Array;
}

/**
 * A stack node's location: 16 bits while the profile has at most 65,536
 * locations (nearly every profile: the wide pair's 13 M nodes save 26 MB,
 * and the decode writes that many fewer fresh pages), else 32.
 */
export type LocationColumn = Uint16Array | Int32Array;

/** The most locations a 16-bit LocationColumn can name. */
export const NARROW_LOCATIONS = 0x10000;

/**
 * Sample values: 32-bit integers while every value fits (a heap profile's
 * do: the wide pair's 1.5 M samples of four values save 24 MB), else 64-bit
 * floats (a value of 2^31 or more, a negative int64 past -2^31, a fraction).
 */
export type ValueColumn = Int32Array | Float64Array;

/** Whether a 32-bit ValueColumn holds v exactly. */
export const fitsInt32 = (v: number): boolean => (v | 0) === v;

export interface StackTable {
  length: number;
  /** NONE for a root frame (the outermost caller). */
  parent: Int32Array;
  location: LocationColumn;
  /**
   * Only on a profile on its way from a decoder to the worker that reads
   * it: the parents as the builder keeps them, `parent` empty until
   * receiveStacks (parents.ts, decision 0036).
   */
  branchings?: Branchings;
}

export interface SampleTable {
  length: number;
  /** Leaf stack node; NONE for a sample without locations. */
  stack: Int32Array;
  /** Row-major: values[i * sampleTypes.length + t]. */
  values: ValueColumn;
  /** Sample i's labels are the set labelSet[i] of the LabelTable (0: none). */
  labelSet: Int32Array;
}

/**
 * Labels, stored once per distinct set (a million heap samples share about a
 * hundred): set s is rows setStart[s] .. setStart[s + 1] - 1, sorted (pprof
 * compares a sample's labels as a set); set 0 is empty. Sets are distinct.
 */
export interface LabelTable {
  /** Rows. */
  length: number;
  sets: number;
  setStart: Int32Array;
  key: Int32Array;
  /** String value; 0 ("") when the label is numeric. */
  str: Int32Array;
  num: Float64Array;
  numUnit: Int32Array;
  isNum: Uint8Array;
}

/**
 * f of every label set (its rows from..to-1), by set id: what a reader of
 * labels computes once a set, then reads per sample at labelSet[i].
 */
export function perLabelSet<T>(labels: LabelTable, f: (from: number, to: number) => T): T[] {
  const out = new Array<T>(labels.sets);
  for (let s = 0; s < labels.sets; s++) out[s] = f(labels.setStart[s], labels.setStart[s + 1]);
  return out;
}

export interface ValueType {
  type: IndexIntoStringTable;
  unit: IndexIntoStringTable;
}

/** Where the bytes came from; legacy formats are named after what serves them. */
export type ProfileFormat =
  | 'proto'
  | 'heap-text' // heap/allocs ?debug=1, and tcmalloc heapz/growthz
  | 'count-text' // goroutine/threadcreate ?debug=1
  | 'goroutine-dump' // goroutine ?debug=2, or a panic's traceback
  | 'contention-text' // --- contentionz
  | 'thread-text' // --- threadz
  | 'java-text' // --- heapz / contentionz with Java frames
  | 'cpu-legacy'; // gperftools binary CPU profile

/** Per-goroutine facts from a ?debug=2 dump; row i belongs to sample i. */
export interface GoroutineTable {
  length: number;
  goid: Float64Array;
  /** "chan receive", "select", "running", … */
  state: Int32Array;
  /** Minutes from "[chan receive, 15 minutes]"; 0 when not printed. */
  waitMinutes: Float64Array;
  lockedToThread: Uint8Array;
  /** Location of the `created by` frame; NONE for goroutine 1 and runtime ones. */
  createdBy: Int32Array;
  /** goid in "created by … in goroutine N" (Go ≥ 1.21); -1 when absent. */
  createdByGoid: Float64Array;
  /** Arguments of frame d (leaf first) are frameArgs[argStart[i] + d]: "(0xc000, 0x1)". */
  argStart: Int32Array;
  /** String indexes, 0 for none; the same text may have several: compare the text. */
  frameArgs: Int32Array;
}

export interface Profile {
  format: ProfileFormat;
  strings: string[];
  sampleTypes: ValueType[];
  /** Index into sampleTypes as pprof chooses it: default_sample_type, else the last. */
  defaultSampleType: IndexIntoStringTable;
  dropFrames: IndexIntoStringTable;
  keepFrames: IndexIntoStringTable;
  timeNanos: number;
  timeNanosExact: string;
  durationNanos: number;
  periodType: ValueType | null;
  period: number;
  comments: IndexIntoStringTable[];
  functions: FunctionTable;
  mappings: MappingTable;
  locations: LocationTable;
  lines: LineTable;
  stacks: StackTable;
  samples: SampleTable;
  labels: LabelTable;
  /**
   * What a legacy file's own header says it is, where the contents alone
   * cannot tell: Go's ?debug=1 "--- mutex:" and "--- contention:" (block).
   */
  kindHint?: 'mutex' | 'block';
  /** `# runtime.MemStats` of a legacy heap profile. */
  memStats?: MemStats;
  /** The MemStats fields whose integers a number cannot hold exactly, as decimal text. */
  memStatsExact?: MemStatsExact;
  goroutines?: GoroutineTable;
}

/** Numbers keep their MemStats names (Alloc, HeapInuse, PauseNs…). */
export type MemStats = Record<string, number | number[]>;

/**
 * Decimal text of MemStats integers beyond 2^53 (LastGC and PauseEnd are
 * nanoseconds since 1970), under the same names; a list field is listed whole.
 */
export type MemStatsExact = Record<string, string | string[]>;

/** The sample type index pprof uses when none is asked for. */
export function defaultSampleIndex(p: Profile): number {
  if (p.defaultSampleType !== 0) {
    const want = p.strings[p.defaultSampleType];
    const i = p.sampleTypes.findIndex((t) => p.strings[t.type] === want);
    if (i >= 0) return i;
  }
  return p.sampleTypes.length - 1;
}

export function sampleTypeName(p: Profile, i: number): string {
  return p.strings[p.sampleTypes[i].type];
}

/** Sum of each sample type over all samples. */
export function totals(p: Profile): number[] {
  const n = p.sampleTypes.length;
  const out = new Array<number>(n).fill(0);
  const v = p.samples.values;
  for (let i = 0; i < v.length; i++) out[i % n] += v[i];
  return out;
}
