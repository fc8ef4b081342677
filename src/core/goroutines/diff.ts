// Two goroutine snapshots → which clusters grew. Clusters are matched by
// their key (names, files, lines — never string-table indexes, so two
// profiles with different tables, even of different formats, match), ranked
// by growth, and the ones that look like a leak are called suspects, with
// the reason in words.
//
// A leak suspect (LEAK_CRITERIA):
//   grew:    delta ≥ max(minDelta, minGrowth × base)  — +10 and +50 % by default;
//   parked:  ≥ minParkedShare (90 %) of its goroutines (current snapshot) wait
//            on a channel, select, lock, sync.Cond or sleep (states.ts PARKED);
//   long:    when the snapshot has wait times (a ?debug=2 dump), some of them
//            waited ≥ minWaitMinutes (1; the runtime prints minutes only from 1).
// A goroutine leak is exactly this: goroutines that pile up, each waiting for
// something that will not come. Growth alone is load; parking alone is idle
// workers; a wait of seconds is ordinary. Without a base (one snapshot) there
// is no growth to judge: rows rank by count, and `parkedLong` marks the
// clusters parked for a minute or more.

import type { Profile } from '../model';
import { clusterGoroutines, type GoroutineCluster, type GoroutineFrame, type GoroutineSnapshot, type SimilarityLevel } from './cluster';
import { formatCount } from './text';
import { PARKED } from './states';

export interface LeakCriteria {
  minDelta: number;
  minGrowth: number;
  minParkedShare: number;
  minWaitMinutes: number;
}

export const LEAK_CRITERIA: Readonly<LeakCriteria> = Object.freeze({
  minDelta: 10,
  minGrowth: 0.5,
  minParkedShare: 0.9,
  minWaitMinutes: 1,
});

export interface GoroutineRow {
  key: string;
  base: number;
  current: number;
  /** current − base; 0 without a base. */
  delta: number;
  /** The current snapshot's cluster, else the base's. */
  cluster: GoroutineCluster;
  baseCluster: GoroutineCluster | null;
  currentCluster: GoroutineCluster | null;
  suspect: boolean;
  /** Parked (PARKED states) and some waited ≥ minWaitMinutes. */
  parkedLong: boolean;
  /** "+4,112 goroutines (754 → 4,866) parked in chan receive in main.f for up to 2 minutes" */
  reason: string;
}

export interface SnapshotSummary {
  format: Profile['format'];
  total: number;
  clusters: number;
  stateSource: GoroutineSnapshot['stateSource'];
}

export interface GoroutineReport {
  level: SimilarityLevel;
  mode: 'diff' | 'single';
  base: SnapshotSummary | null;
  current: SnapshotSummary;
  /** diff: largest growth first; single: largest first. */
  rows: GoroutineRow[];
  suspects: number;
  criteria: LeakCriteria;
}

export interface GoroutineReportOptions {
  base?: Profile;
  level?: SimilarityLevel;
  criteria?: Partial<LeakCriteria>;
}

/** One snapshot, or base → current when `base` is given. */
export function goroutineReport(current: Profile, options: GoroutineReportOptions = {}): GoroutineReport {
  const level = options.level ?? 'lines';
  const cur = clusterGoroutines(current, { level });
  if (!options.base) return singleReport(cur, options.criteria);
  return diffSnapshots(clusterGoroutines(options.base, { level }), cur, options.criteria);
}

export function diffSnapshots(
  base: GoroutineSnapshot,
  current: GoroutineSnapshot,
  criteria: Partial<LeakCriteria> = {},
): GoroutineReport {
  if (base.level !== current.level) throw new Error(`cannot diff clusters of levels ${base.level} and ${current.level}`);
  const crit = { ...LEAK_CRITERIA, ...criteria };
  const byKey = new Map<string, GoroutineCluster>();
  for (const c of base.clusters) byKey.set(c.key, c);
  const rows: GoroutineRow[] = [];
  const seen = new Set<string>();
  for (const c of current.clusters) {
    const b = byKey.get(c.key) ?? null;
    seen.add(c.key);
    rows.push(makeRow(c.key, b, c, true, current, crit));
  }
  for (const b of base.clusters) if (!seen.has(b.key)) rows.push(makeRow(b.key, b, null, true, current, crit));
  rows.sort((x, y) => y.delta - x.delta || y.current - x.current || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return {
    level: current.level,
    mode: 'diff',
    base: summary(base),
    current: summary(current),
    rows,
    suspects: rows.filter((r) => r.suspect).length,
    criteria: crit,
  };
}

export function singleReport(current: GoroutineSnapshot, criteria: Partial<LeakCriteria> = {}): GoroutineReport {
  const crit = { ...LEAK_CRITERIA, ...criteria };
  const rows = current.clusters.map((c) => makeRow(c.key, null, c, false, current, crit));
  return { level: current.level, mode: 'single', base: null, current: summary(current), rows, suspects: 0, criteria: crit };
}

function summary(s: GoroutineSnapshot): SnapshotSummary {
  return { format: s.format, total: s.total, clusters: s.clusters.length, stateSource: s.stateSource };
}

function makeRow(
  key: string,
  b: GoroutineCluster | null,
  c: GoroutineCluster | null,
  diff: boolean,
  current: GoroutineSnapshot,
  crit: LeakCriteria,
): GoroutineRow {
  const base = b?.count ?? 0;
  const cur = c?.count ?? 0;
  const delta = diff ? cur - base : 0;
  const cluster = (c ?? b) as GoroutineCluster;
  const parked = c !== null && c.count > 0 && c.parkedCount >= crit.minParkedShare * c.count;
  const hasWaits = c !== null && c.waitMinutes !== null;
  const long = parked && hasWaits && (c.waitMinutes as { max: number }).max >= crit.minWaitMinutes;
  const grew = diff && delta > 0 && delta >= Math.max(crit.minDelta, crit.minGrowth * base);
  const suspect = grew && parked && (!hasWaits || long);

  const goroutines = (n: number) => `${formatCount(n)} goroutine${n === 1 ? '' : 's'}`;
  let reason: string;
  if (!diff) reason = goroutines(cur);
  else if (delta === 0) reason = `${goroutines(cur)} (unchanged)`;
  else reason = `${delta > 0 ? '+' : '-'}${goroutines(Math.abs(delta))} (${formatCount(base)} → ${formatCount(cur)})`;
  reason += ` ${where(cluster)}`;
  if (c?.waitMinutes && c.waitMinutes.max >= 1) reason += ` for up to ${minutes(c.waitMinutes.max)}`;
  else if (c?.waitMinutes && parked) reason += ' for under a minute';
  if (grew && !suspect) reason += parked ? '; not a leak suspect: parked under a minute' : '; not a leak suspect: not parked';
  return { key, base, current: cur, delta, cluster, baseCluster: b, currentCluster: c, suspect, parkedLong: long, reason };
}

/** "parked in chan receive in main.f", "in IO wait in internal/poll.runtime_pollWait (called from main.g)" */
export function where(c: GoroutineCluster): string {
  const top = c.states[0];
  let s: string;
  if (!top) s = 'with no state';
  else if (top.category === 'parked') s = 'parked';
  else if (PARKED.has(top.category)) s = `parked in ${top.state}`;
  else if (top.category === 'running' || top.category === 'runnable') s = top.state;
  else s = `in ${top.state}`;
  if (c.states.length > 1) {
    const others = c.count - top.count;
    s += ` (${formatCount(others)} more in ${c.states.length - 1} other state${c.states.length === 2 ? '' : 's'})`;
  }
  const park = c.parkFrame;
  if (park) {
    s += ` in ${park.fn}`;
    if (park.kind !== 'user' && c.userFrame && c.userFrame.fn !== park.fn) s += ` (called from ${c.userFrame.fn})`;
    else if (park.kind !== 'user' && !c.userFrame) {
      // All standard library: name the goroutine by its entry function.
      const entry = entryFrame(c);
      if (entry && entry.fn !== park.fn) s += ` (goroutine of ${entry.fn})`;
    }
  }
  return s;
}

/** The outermost frame that is not the runtime's: the function the goroutine was started with. */
function entryFrame(c: GoroutineCluster): GoroutineFrame | null {
  for (let i = c.stack.length - 1; i >= 0; i--) if (c.stack[i].kind !== 'runtime' && c.stack[i].kind !== 'unknown') return c.stack[i];
  return null;
}

function minutes(n: number): string {
  return `${formatCount(n)} minute${n === 1 ? '' : 's'}`;
}
