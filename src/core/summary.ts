// What a file card and `report -json` say about a profile: its kind, sample
// types and their totals, and the sizes of its tables.

import { defaultSampleIndex, totals, type MemStats, type Profile, type ProfileFormat } from './model';

/** The /debug/pprof endpoint a profile came from, as far as its contents tell. */
export type ProfileKind = 'heap' | 'allocs' | 'goroutine' | 'cpu' | 'mutex' | 'block' | 'threadcreate' | 'unknown';

/**
 * "Blame your code" is on by default for heap profiles (heap and allocs):
 * what grew is then charged to the user's frames, not to the allocator in a
 * library; pprof's attribution for every other kind.
 */
export function blamesByDefault(kind: ProfileKind): boolean {
  return kind === 'heap' || kind === 'allocs';
}

export interface ProfileSummary {
  format: ProfileFormat;
  kind: ProfileKind;
  sampleTypes: { type: string; unit: string }[];
  defaultSampleType: string;
  totals: Record<string, number>;
  samples: number;
  locations: number;
  functions: number;
  mappings: number;
  stacks: number;
  timeNanos: number | null;
  /** timeNanos as an exact decimal (int64 beyond 2^53 is not exact as a number). */
  timeNanosExact: string | null;
  durationNanos: number;
  period: number;
  periodType: { type: string; unit: string } | null;
  comments: string[];
  memStats?: MemStats;
  /** Goroutines in a ?debug=2 dump. */
  goroutines?: number;
}

export function summarize(p: Profile): ProfileSummary {
  const s = p.strings;
  const sampleTypes = p.sampleTypes.map((t) => ({ type: s[t.type], unit: s[t.unit] }));
  const sums = totals(p);
  const byType: Record<string, number> = {};
  sampleTypes.forEach((t, i) => (byType[t.type] = sums[i]));
  const di = defaultSampleIndex(p);
  return {
    format: p.format,
    kind: detectKind(p),
    sampleTypes,
    defaultSampleType: di >= 0 ? sampleTypes[di].type : '',
    totals: byType,
    samples: p.samples.length,
    locations: p.locations.length,
    functions: p.functions.length,
    mappings: p.mappings.length,
    stacks: p.stacks.length,
    timeNanos: p.timeNanos === 0 ? null : p.timeNanos,
    timeNanosExact: p.timeNanos === 0 ? null : p.timeNanosExact,
    durationNanos: p.durationNanos,
    period: p.period,
    periodType: p.periodType ? { type: s[p.periodType.type], unit: s[p.periodType.unit] } : null,
    comments: p.comments.map((c) => s[c]),
    ...(p.memStats ? { memStats: p.memStats } : {}),
    ...(p.goroutines ? { goroutines: p.goroutines.length } : {}),
  };
}

export function detectKind(p: Profile): ProfileKind {
  const s = p.strings;
  const types = p.sampleTypes.map((t) => s[t.type]);
  const has = (t: string) => types.includes(t);
  if (has('goroutine')) return 'goroutine';
  if (has('threadcreate')) return 'threadcreate';
  if (has('inuse_space') || has('alloc_space') || (has('space') && has('objects'))) {
    // The allocs endpoint is the heap profile with alloc_space as default.
    return s[p.defaultSampleType]?.startsWith('alloc_') ? 'allocs' : 'heap';
  }
  if (has('cpu') || (p.periodType && s[p.periodType.type] === 'cpu')) return 'cpu';
  if (has('contentions') || has('delay')) return p.kindHint ?? (isMutexProfile(p) ? 'mutex' : 'block');
  return 'unknown';
}

/**
 * Go writes the mutex and block profiles with the same sample types; they
 * differ in where stacks end: a mutex profile's leaf is the Unlock that ended
 * the contention, a block profile's is where the goroutine blocked.
 * Go's ?debug=1 text says which in its header (kindHint); C++'s contentionz
 * is a mutex profile.
 */
function isMutexProfile(p: Profile): boolean {
  if (p.format === 'contention-text' || p.format === 'java-text') return true;
  const { stacks, locations, lines, functions, strings } = p;
  for (let i = 0; i < p.samples.length; i++) {
    const st = p.samples.stack[i];
    if (st < 0) continue;
    const loc = stacks.location[st];
    const li = locations.lineStart[loc];
    if (li >= locations.lineStart[loc + 1]) continue;
    const fn = lines.function[li];
    if (fn < 0) continue;
    const name = strings[functions.name[fn]];
    if (/^sync\.\(\*(RW)?Mutex\)\.(R)?Unlock$|^runtime\.unlock/.test(name)) return true;
  }
  return false;
}
