// What the page's goroutine view draws, computed where the profiles live (the
// worker): the report's rows filtered by a search over frames and by state,
// cut to the rows and frames on screen. Reports are kept per (current, base,
// level) so typing in the search box does not cluster again; the cache is
// keyed by the Profile objects themselves (WeakMap), so a removed or reloaded
// profile takes its reports with it.

import type { Profile } from '../model';
import type { GoroutineCluster, GoroutineFrame, SimilarityLevel } from './cluster';
import { goroutineReport, type GoroutineReport, type GoroutineRow, type LeakCriteria, type SnapshotSummary } from './diff';
import { formatGoroutineReport } from './report';
import { stateCategory, type StateCategory } from './states';

export interface GoroutineQuery {
  level: SimilarityLevel;
  /** Case-insensitive text looked for in every frame ("function file:line"), `created by` and labels. */
  search?: string;
  /** Only clusters with goroutines in this state (a name from `GoroutineView.states`). */
  state?: string | null;
  /** Rows sent, after filtering: from `offset` (default 0), at most `limit` (default DEFAULT_ROWS). */
  offset?: number;
  limit?: number;
  /** Frames sent per row; default DEFAULT_FRAMES (the rest with `goroutineCluster`). */
  maxFrames?: number;
}

export const DEFAULT_ROWS = 100;
export const DEFAULT_FRAMES = 32;

/** A row: its cluster's fields (the current snapshot's cluster, else the base's), and how it changed. */
export interface GoroutineViewRow extends Omit<GoroutineCluster, 'count'> {
  base: number;
  current: number;
  /** current − base; 0 with one snapshot. */
  delta: number;
  suspect: boolean;
  parkedLong: boolean;
  reason: string;
  /** Leaf first, at most `maxFrames`. */
  stack: GoroutineFrame[];
  /** Frames in the whole stack. */
  stackDepth: number;
}

export interface GoroutineView {
  level: SimilarityLevel;
  mode: 'diff' | 'single';
  base: SnapshotSummary | null;
  current: SnapshotSummary;
  suspects: number;
  /** Clusters parked for minWaitMinutes or more (what one snapshot can tell). */
  parkedLong: number;
  criteria: LeakCriteria;
  /** Every cluster in the report, before filtering. */
  clusters: number;
  /** Clusters that pass the filters; `rows` holds `limit` of them from `offset`. */
  matched: number;
  /** Goroutines in the clusters that pass, current snapshot (and base). */
  matchedCurrent: number;
  matchedBase: number;
  /** States of the current snapshot over all clusters, largest first (the filter's choices). */
  states: { state: string; category: StateCategory; count: number }[];
  /** Largest count (base or current) of any cluster: the bars' full width, the same whatever the filter. */
  maxCount: number;
  offset: number;
  rows: GoroutineViewRow[];
}

type LevelReports = Map<SimilarityLevel, Cached>;
interface Cached {
  report: GoroutineReport;
  /** Lower-cased text of each row for the search, built on first use. */
  haystacks: string[] | null;
}

const NO_BASE: object = {};

export class GoroutineViews {
  private byCurrent = new WeakMap<Profile, WeakMap<object, LevelReports>>();

  /** The report of current (against base when given) at a level, clustered once. */
  report(current: Profile, base: Profile | null, level: SimilarityLevel): GoroutineReport {
    return this.cached(current, base, level).report;
  }

  view(current: Profile, base: Profile | null, query: GoroutineQuery): GoroutineView {
    const cached = this.cached(current, base, query.level);
    const { report } = cached;
    const offset = Math.max(0, query.offset ?? 0);
    const limit = Math.max(0, query.limit ?? DEFAULT_ROWS);
    const maxFrames = Math.max(1, query.maxFrames ?? DEFAULT_FRAMES);
    const needle = (query.search ?? '').trim().toLowerCase();
    const state = query.state ?? null;
    if (needle && !cached.haystacks) cached.haystacks = report.rows.map(haystack);

    const rows: GoroutineViewRow[] = [];
    let matched = 0;
    let matchedCurrent = 0;
    let matchedBase = 0;
    let maxCount = 0;
    let parkedLong = 0;
    const states = new Map<string, number>();
    report.rows.forEach((row, i) => {
      maxCount = Math.max(maxCount, row.base, row.current);
      if (row.parkedLong) parkedLong++;
      for (const s of row.currentCluster?.states ?? []) states.set(s.state, (states.get(s.state) ?? 0) + s.count);
      if (needle && !(cached.haystacks as string[])[i].includes(needle)) return;
      if (state !== null && !row.cluster.states.some((s) => s.state === state)) return;
      if (matched >= offset && rows.length < limit) rows.push(viewRow(row, maxFrames));
      matched++;
      matchedCurrent += row.current;
      matchedBase += row.base;
    });
    return {
      level: report.level,
      mode: report.mode,
      base: report.base,
      current: report.current,
      suspects: report.suspects,
      parkedLong,
      criteria: report.criteria,
      clusters: report.rows.length,
      matched,
      matchedCurrent,
      matchedBase,
      states: [...states]
        .map(([s, count]) => ({ state: s, category: stateCategory(s), count }))
        .sort((a, b) => b.count - a.count || (a.state < b.state ? -1 : a.state > b.state ? 1 : 0)),
      maxCount,
      offset,
      rows,
    };
  }

  /** The whole stack of one cluster, and the cluster as text (the CLI report's words), or null if the key is gone. */
  cluster(current: Profile, base: Profile | null, level: SimilarityLevel, key: string): { stack: GoroutineFrame[]; text: string } | null {
    const { report } = this.cached(current, base, level);
    const row = report.rows.find((r) => r.key === key);
    if (!row) return null;
    return { stack: row.cluster.stack, text: clusterText(report, row) };
  }

  private cached(current: Profile, base: Profile | null, level: SimilarityLevel): Cached {
    let byBase = this.byCurrent.get(current);
    if (!byBase) this.byCurrent.set(current, (byBase = new WeakMap()));
    const baseKey = base ?? NO_BASE;
    let levels = byBase.get(baseKey);
    if (!levels) byBase.set(baseKey, (levels = new Map()));
    let c = levels.get(level);
    if (!c) {
      c = { report: goroutineReport(current, { base: base ?? undefined, level }), haystacks: null };
      levels.set(level, c);
    }
    return c;
  }
}

/** One row as the report prints it, with the report's header for context, every frame, runtime's included. */
export function clusterText(report: GoroutineReport, row: GoroutineRow): string {
  const one: GoroutineReport = { ...report, rows: [row] };
  return formatGoroutineReport(one, { limit: 1, frames: Number.MAX_SAFE_INTEGER, runtime: true });
}

function viewRow(row: GoroutineRow, maxFrames: number): GoroutineViewRow {
  const c: GoroutineCluster = row.cluster;
  return {
    key: row.key,
    base: row.base,
    current: row.current,
    delta: row.delta,
    suspect: row.suspect,
    parkedLong: row.parkedLong,
    reason: row.reason,
    states: c.states,
    parkedCount: c.parkedCount,
    waitMinutes: c.waitMinutes,
    lockedToThread: c.lockedToThread,
    createdBy: c.createdBy,
    labels: c.labels,
    parkFrame: c.parkFrame,
    userFrame: c.userFrame,
    stack: c.stack.length > maxFrames ? c.stack.slice(0, maxFrames) : c.stack,
    stackDepth: c.stack.length,
    stackVariants: c.stackVariants,
    goids: c.goids,
  };
}

/** "fn file:line" of every frame, `created by`, labels; lower case. */
function haystack(row: GoroutineRow): string {
  const c = row.cluster;
  const parts: string[] = [];
  const frame = (f: GoroutineFrame) => parts.push(`${f.fn} ${f.file}${f.line ? `:${f.line}` : ''}`);
  for (const f of c.stack) frame(f);
  if (row.baseCluster && row.baseCluster !== c) for (const f of row.baseCluster.stack) frame(f);
  if (c.createdBy) frame(c.createdBy.frame);
  for (const l of c.labels) parts.push(l.labels);
  return parts.join('\n').toLowerCase();
}

/** Does a frame contain the search text (as `haystack` writes it)? For marking frames on the page. */
export function frameMatches(f: GoroutineFrame, search: string): boolean {
  const needle = search.trim().toLowerCase();
  return needle !== '' && `${f.fn} ${f.file}${f.line ? `:${f.line}` : ''}`.toLowerCase().includes(needle);
}
