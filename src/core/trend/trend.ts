// The trend: every report node's value in each snapshot, computed by the
// report engine the table uses (one engine per profile as decoded, not
// merged: ReportEngines.alone, docs/decisions/0018), the
// nodes matched across snapshots by pprof's node key (fmt.Sprint(NodeInfo),
// as the table's base/current columns match them), then classified
// (shape.ts) and ranked.
//
// Ranked on flat by default, on cum with -cum, as go tool pprof -top sorts:
// flat names the function that holds the memory, where cum would rank every
// caller of a leak (main.main, runtime.main…) with it or above it. Both are
// in every row.
//
// Order: rank.ts (grew by growth, then peak by height, then the rest). A row is kept when, in some snapshot,
// it passes that snapshot's node fraction as pprof's -top keeps a node
// (|cum| ≥ nodefraction × |Σ flat|) and its ranked value is not 0 in all
// (a caller with no flat of its own has nothing to rank on flat); then
// -nodecount keeps the first N.

import { checkCompatible } from '../diff';
import type { Profile } from '../model';
import {
  focusRegexp,
  graphNodes,
  optionDefault,
  ReportEngine,
  ReportEngines,
  reportOptions,
  ReportQueryError,
  underField,
  type ReportQuery,
} from '../report';
import { snapshotOrder } from './series';
import { movement, rankByMovement, spanMinutes, type Movement } from './rank';
import { noiseThresholds, NOISE_FRACTION } from './shape';

export interface TrendQuery extends ReportQuery {
  /** The noise threshold as a fraction of the totals (shape.ts); default NOISE_FRACTION. */
  noise?: number;
}

export interface TrendSnapshot {
  name: string;
  /** Index into the profiles as given. */
  input: number;
  /** The profile's time; null when the series has no times (then the order is the one given). */
  timeNanos: number | null;
  /** pprof's report total of the sample type (Σ |value|, before filters). */
  total: number;
}

export interface TrendRow extends Movement {
  name: string;
  /** A Go regexp that focuses on this row (function or file); null for an address. */
  focus: string | null;
  /** What the row is ranked on (flat, or cum with -cum), per snapshot in time order. */
  values: number[];
  flat: number[];
  cum: number[];
}

export interface TrendResult {
  sampleType: string;
  sampleUnit: string;
  /** What the rows are ranked on. */
  by: 'flat' | 'cum';
  /** Whether the snapshots are in the order of their times. */
  timed: boolean;
  noise: number;
  snapshots: TrendSnapshot[];
  rows: TrendRow[];
  /** Rows below the node fraction in every snapshot, 0 in all, or beyond -nodecount. */
  droppedRows: number;
  warnings: string[];
}

export interface TrendSources {
  /** A name per profile (file names), in the order given. */
  names?: readonly string[];
  /** The engines to use (the page's, shared with the table); a fresh cache by default. */
  engines?: ReportEngines;
}

/** The trend of `profiles` (two or more of one kind) under a report query. */
export function trendReport(profiles: readonly Profile[], query: TrendQuery, sources: TrendSources = {}): TrendResult {
  if (profiles.length < 2) throw new ReportQueryError(null, 'A trend needs two snapshots or more.');
  const names = sources.names ?? profiles.map((_, i) => `#${i + 1}`);
  for (let i = 1; i < profiles.length; i++) {
    try {
      checkCompatible(profiles[0], profiles[i]);
    } catch (e) {
      throw new ReportQueryError(null, `${names[i]} is not a snapshot of the same kind as ${names[0]}: ${(e as Error).message}.`);
    }
  }
  const noise = query.noise ?? NOISE_FRACTION;
  if (!(Number.isFinite(noise) && noise >= 0 && noise < 1)) throw new ReportQueryError(null, `noise must be a fraction from 0 to 1, not ${noise}`);
  const engines = sources.engines ?? new ReportEngines((p) => new ReportEngine(p));
  const { order, timed } = snapshotOrder(profiles);
  const n = order.length;
  const byCum = query.cum === true;
  const nodeFraction = query.nodeFraction ?? optionDefault('nodeFraction', 'top');

  // key → row; per row flat and cum in every snapshot (0 where it is absent).
  const index = new Map<string, number>();
  const flat: Float64Array[] = [];
  const cum: Float64Array[] = [];
  const kept: boolean[] = [];
  const rowNames: string[] = [];
  const focus: (string | null)[] = [];
  const snapshots: TrendSnapshot[] = [];
  const warnings = new Set<string>();
  let sampleType = '';
  let sampleUnit = '';
  order.forEach((input, k) => {
    const p = profiles[input];
    const options = underField(() => reportOptions(p, query, 'top'));
    const gi = underField(() => engines.alone(p).graphInput(options));
    sampleType = gi.sampleType;
    sampleUnit = gi.sampleUnit;
    for (const w of gi.values.warnings) warnings.add(w);
    snapshots.push({ name: names[input], input, timeNanos: timed ? p.timeNanos : null, total: gi.total });
    const { nodes, flatAll } = graphNodes(gi.flat, gi.cum);
    const cutoff = Math.abs(Math.trunc(flatAll * nodeFraction));
    for (const node of nodes) {
      const key = gi.nodes.sprint[node];
      let r = index.get(key);
      if (r === undefined) {
        r = flat.length;
        index.set(key, r);
        flat.push(new Float64Array(n));
        cum.push(new Float64Array(n));
        kept.push(false);
        rowNames.push(gi.nodes.name[node]);
        focus.push(focusRegexp(gi.nodes.info[node], options.granularity));
      }
      flat[r][k] = gi.flat[node];
      cum[r][k] = gi.cum[node];
      if (Math.abs(gi.cum[node]) >= cutoff) kept[r] = true;
    }
  });

  const thresholds = noiseThresholds(
    snapshots.map((s) => s.total),
    noise,
  );
  const minutes = spanMinutes(snapshots.map((s) => s.timeNanos));
  const moved: { row: TrendRow; key: number }[] = [];
  for (let r = 0; r < flat.length; r++) {
    const values = byCum ? cum[r] : flat[r];
    if (!kept[r] || values.every((v) => v === 0)) continue;
    const { movement: m, key } = movement(values, thresholds, minutes);
    moved.push({ row: { name: rowNames[r], focus: focus[r], values: Array.from(values), flat: Array.from(flat[r]), cum: Array.from(cum[r]), ...m }, key });
  }
  const ranked = rankByMovement(moved);
  const nodeCount = query.nodeCount ?? optionDefault('nodeCount', 'top');
  const shown = nodeCount > 0 ? ranked.slice(0, nodeCount) : ranked;
  return {
    sampleType,
    sampleUnit,
    by: byCum ? 'cum' : 'flat',
    timed,
    noise,
    snapshots,
    rows: shown,
    droppedRows: flat.length - shown.length,
    warnings: [...warnings],
  };
}

/**
 * The CI gate (report -trend exits 3): rows that grew in every interval by
 * more than `fraction` of the last snapshot's total in all.
 */
export function steadyGrowth<R extends Movement>(r: { snapshots: readonly TrendSnapshot[]; rows: readonly R[] }, fraction = 0.01): R[] {
  const lastTotal = Math.abs(r.snapshots[r.snapshots.length - 1]?.total ?? 0);
  return r.rows.filter((row) => row.shape === 'grew' && row.growth > fraction * lastTotal);
}
