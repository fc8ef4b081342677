// The trend: every report node's value in each snapshot, computed by the
// report engine the table uses (one engine per profile, as ReportEngines
// keeps them for the page, so the table and the trend share the work), the
// nodes matched across snapshots by pprof's node key (fmt.Sprint(NodeInfo),
// as the table's base/current columns match them), then classified
// (shape.ts) and ranked.
//
// Ranked on flat by default, on cum with -cum, as go tool pprof -top sorts:
// flat names the function that holds the memory, where cum would rank every
// caller of a leak (main.main, runtime.main…) with it or above it. Both are
// in every row.
//
// Order: grew (by growth, last − first), then peak (by height above the
// higher end), then shrank, dip and mixed (by range, max − min), then flat
// (by largest |value|); ties by name. A row is kept when, in some snapshot,
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
import { classify, noiseThresholds, NOISE_FRACTION, steps, type TrendShape } from './shape';

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

export interface TrendRow {
  name: string;
  /** A Go regexp that focuses on this row (function or file); null for an address. */
  focus: string | null;
  /** What the row is ranked on (flat, or cum with -cum), per snapshot in time order. */
  values: number[];
  flat: number[];
  cum: number[];
  shape: TrendShape;
  /** Intervals that rose, and that fell, beyond the noise. */
  rose: number;
  fell: number;
  /** Peak: the snapshot (index into snapshots) of the highest value; dip: of the lowest. */
  at?: number;
  /** Last − first. */
  growth: number;
  /** Growth per minute of the series' time span; null without times. */
  perMinute: number | null;
  /** Peak: highest − the higher end; dip: the lower end − lowest; else 0. */
  height: number;
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

const RANK: Record<TrendShape, number> = { grew: 0, peak: 1, shrank: 2, dip: 2, mixed: 2, flat: 3 };

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
    const gi = underField(() => engines.engine(p, null, 'current').graphInput(options));
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
  const minutes = timed ? (snapshots[n - 1].timeNanos! - snapshots[0].timeNanos!) / 60e9 : 0;
  const rows: TrendRow[] = [];
  const rangeOf: number[] = [];
  for (let r = 0; r < flat.length; r++) {
    const values = byCum ? cum[r] : flat[r];
    if (!kept[r] || values.every((v) => v === 0)) continue;
    const { shape, rose, fell, at } = classify(values, steps(values, thresholds));
    let max = values[0];
    let min = values[0];
    let largest = 0;
    for (const v of values) {
      if (v > max) max = v;
      if (v < min) min = v;
      if (Math.abs(v) > largest) largest = Math.abs(v);
    }
    const first = values[0];
    const last = values[n - 1];
    const growth = last - first;
    const height = shape === 'peak' ? max - Math.max(first, last) : shape === 'dip' ? Math.min(first, last) - min : 0;
    rows.push({
      name: rowNames[r],
      focus: focus[r],
      values: Array.from(values),
      flat: Array.from(flat[r]),
      cum: Array.from(cum[r]),
      shape,
      rose,
      fell,
      ...(at !== undefined ? { at } : {}),
      growth,
      perMinute: minutes > 0 ? growth / minutes : null,
      height,
    });
    rangeOf.push(shape === 'flat' ? largest : max - min);
  }
  const keyOf = (row: TrendRow, i: number) => (row.shape === 'grew' ? row.growth : row.shape === 'peak' ? row.height : rangeOf[i]);
  const ranked = rows.map((row, i) => ({ row, key: keyOf(row, i) }));
  ranked.sort((a, b) => RANK[a.row.shape] - RANK[b.row.shape] || b.key - a.key || (a.row.name < b.row.name ? -1 : a.row.name > b.row.name ? 1 : 0));
  const nodeCount = query.nodeCount ?? optionDefault('nodeCount', 'top');
  const shown = nodeCount > 0 ? ranked.slice(0, nodeCount) : ranked;
  return {
    sampleType,
    sampleUnit,
    by: byCum ? 'cum' : 'flat',
    timed,
    noise,
    snapshots,
    rows: shown.map((x) => x.row),
    droppedRows: flat.length - shown.length,
    warnings: [...warnings],
  };
}

/**
 * The CI gate (report -trend exits 3): rows that grew in every interval by
 * more than `fraction` of the last snapshot's total in all.
 */
export function steadyGrowth(r: TrendResult, fraction = 0.01): TrendRow[] {
  const lastTotal = Math.abs(r.snapshots[r.snapshots.length - 1]?.total ?? 0);
  return r.rows.filter((row) => row.shape === 'grew' && row.growth > fraction * lastTotal);
}
