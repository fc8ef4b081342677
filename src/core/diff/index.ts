// Comparing two heap (or goroutine, CPU…) profiles the way go tool pprof
// does (internal/driver/fetch.go):
//
//   -base B        B's values are scaled by -1 and merged with the current
//                  profile: identical stacks cancel, what is left is growth
//                  (positive) or shrinkage (negative).
//   -diff_base B   the same, but B's samples carry the label pprof::base=true
//                  so they never merge with current samples, and report
//                  percentages are relative to B's total (report/total.ts).
//   -normalize     before that, the *current* profile is scaled, per sample
//                  type, by base total / current total (pprof's
//                  p.Normalize(pbase): "multiplying each value in profile by
//                  the ratio of the sum of the base profile's values … to the
//                  sum of the source profile's values").
//
// Several current (or base) profiles are merged first, as pprof merges
// several sources. The result is one ordinary columnar Profile in a merged
// string/function/location space (diff/merge.ts), which the top table,
// graphs and filters read like any other profile.

import type { Profile } from '../model';
import { checkCompatible, mergeProfiles, type MergeSource } from './merge';

export { checkCompatible, exactSums, IncompatibleProfilesError, mergeAloneKeepsReport, mergeLocations, mappingKey, mergeProfiles, mergedFrom, goRound, type MergeSource, type MergedSource } from './merge';

export type DiffMode = 'base' | 'diff_base';

export interface CompareOptions {
  mode?: DiffMode;
  normalize?: boolean;
}

/** The label pprof puts on -diff_base samples. */
export const DIFF_BASE_LABEL = { key: 'pprof::base', value: 'true' } as const;

function typeTotals(profiles: Profile[]): Float64Array {
  const n = profiles[0].sampleTypes.length;
  const out = new Float64Array(n);
  for (const p of profiles) {
    const v = p.samples.values;
    for (let i = 0; i < v.length; i++) out[i % n] += v[i];
  }
  return out;
}

/**
 * One profile from current and (optionally) base profiles, as go tool pprof
 * builds it before any report. With no base, the current profiles are just
 * merged (pprof merges even a single source, which folds duplicate
 * locations and equal samples).
 */
export function compareProfiles(current: Profile[], base: Profile[] = [], options: CompareOptions = {}): Profile {
  if (current.length === 0) throw new Error('no current profile');
  for (const p of [...current.slice(1), ...base]) checkCompatible(current[0], p);
  const sources: MergeSource[] = current.map((profile) => ({ profile }));
  if (base.length > 0) {
    if (options.normalize) {
      const baseTotals = typeTotals(base);
      const curTotals = typeTotals(current);
      const ratios = Array.from(curTotals, (c, t) => (c === 0 ? 0 : baseTotals[t] / c));
      for (const s of sources) s.scale = ratios;
    }
    const label = options.mode === 'diff_base' ? DIFF_BASE_LABEL : undefined;
    for (const profile of base) sources.push({ profile, scale: -1, label });
  }
  return mergeProfiles(sources);
}
