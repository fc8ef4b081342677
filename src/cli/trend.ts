// `report -trend [-json] [report flags] FILE…`: how each function moved
// across the snapshots (core/trend), ranked: grew in every interval first,
// then peaks, then the rest; of goroutine profiles, each goroutine cluster. Exits 3 when a row grew in every interval by
// more than 1 % of the last snapshot's total: a CI gate, as -goroutines
// gates on a leak suspect.
//
// report.ts parses the flags and hands `-trend` command lines here.

import type { Profile } from '../core/model';
import { activeFilters } from '../core/report';
import { detectKind } from '../core/summary';
import { formatTrend, goroutineTrend, steadyGrowth, trendReport, type Movement, type TrendQuery } from '../core/trend';
import { withoutModeFlag } from './mode-flag';
import type { Flags } from './report';

type Decode = (file: string, inflateLimit?: number) => Profile;

/** The CI gate: a row that grew in every interval by more than this fraction of the last total. */
export const TREND_GATE = 0.01;

/** The command line without its -trend flag when it has one among the flags; undefined otherwise. */
export function withoutTrendFlag(argv: string[]): string[] | undefined {
  return withoutModeFlag(argv, 'trend');
}

/** Why these flags do not go with -trend, if they do not. */
export function trendMisuse(flags: Flags): string | undefined {
  if (flags.top || flags.dot || flags.goroutines) return 'choose one report: -trend, -top, -dot or -goroutines';
  if (flags.base.length > 0 || flags.diffBase.length > 0 || flags.normalize) {
    return '-trend compares the files it is given, oldest first: give them all as FILEs, without -base, -diff_base or -normalize';
  }
  if (flags.files.length < 2) return '-trend: give two profile files or more (snapshots of one program)';
  return undefined;
}

/** What `report -trend` prints for the query of the flags (report.ts flagQuery), its warnings, and its exit status (3: the gate). */
export function trendCommand(flags: Flags, query: TrendQuery, decode: Decode): { text: string; warnings: string[]; status: number } {
  const profiles = flags.files.map((file) => decode(file, flags.inflateLimit));
  // Goroutine profiles: the trend of their clusters (at the goroutine view's default level), not of functions.
  const r = profiles.every((p) => detectKind(p) === 'goroutine') ? goroutineTrend(profiles, { names: flags.files }) : trendReport(profiles, query, { names: flags.files });
  const gate = steadyGrowth<Movement & { name: string }>(r, TREND_GATE);
  const text = flags.json
    ? `${JSON.stringify({ ...r, gate: gate.map((row) => row.name) }, null, 2)}\n`
    : formatTrend(r, { activeFilters: activeFilters(query) });
  return { text, warnings: r.warnings, status: gate.length > 0 ? 3 : 0 };
}
