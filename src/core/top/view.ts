// What the page's heap view draws, computed where the profiles live (the
// worker): go tool pprof's -top report of the chosen comparison, with the
// same header and numbers byte for byte, plus what pprof has no column for —
// each row's value in the base and in the current profile, and the change
// between them in per cent.
//
//   mode        which profile the report is of: the current one alone, the
//               base alone, current -base base (the default with two
//               profiles), or current -diff_base base (core/diff)
//   sides       the base and current columns: the same TopEngine options run
//               on each profile alone (merged as pprof merges one source;
//               with -normalize the current one scaled as in the diff), the
//               rows matched by pprof's node key (NodeInfo), so
//               flat = current − base holds row by row in a -base diff
//
// Engines are cached per (current, base, mode, normalize) and per profile
// (the sides), keyed by the Profile objects (WeakMap): a removed or reloaded
// profile takes its engines with it. The last report per pair is kept too,
// so sorting, searching and scrolling (pages of rows) recompute nothing.
//
// Sorting: `null` is pprof's order (flat, or cum with -cum, and pprof's tie
// breaks). A column sorts by its signed value (flat, cum, base, current,
// Δ%), its absolute value (the % columns, as pprof prints them), or by
// name; ties keep pprof's order. sum% stays pprof's running sum, whatever
// the order shown.

import { compareProfiles, type DiffMode } from '../diff';
import { checkCompatible, mergeProfiles } from '../diff/merge';
import { activeFilters, FilterError, type FilterOptions } from '../filter';
import { goPercentage } from '../format/percent';
import { formatValue } from '../format/values';
import { totals, type Profile } from '../model/profile';
import { ATTRIBUTION_HEADER } from './attribution';
import { sampleIndexByName, TopEngine, type InlineMark, type TopOptions, type TopResult } from './engine';
import type { Granularity } from './nodes';
import { formatTop, outputUnit, topHeader } from './text';

export type TopMode = 'current' | 'base' | 'diff' | 'diff_base';

export const TOP_MODES: readonly TopMode[] = ['diff', 'diff_base', 'current', 'base'];

/** The query fields that are go tool pprof's options (the rest only arrange the rows). */
export interface TopReportQuery extends FilterOptions {
  /** Default: 'diff' with a base, 'current' without (one that needs a base falls back to 'current'). */
  mode?: TopMode;
  /** -normalize (diff modes only). */
  normalize?: boolean;
  /** A sample type name ("inuse_space", "alloc_space"…) or index; '' or absent: pprof's default. */
  sampleType?: string;
  granularity?: Granularity;
  /** -cum: sort by cum. */
  cum?: boolean;
  /** -nodecount; 0 or absent: all (pprof's default for -top). */
  nodeCount?: number;
  /** -nodefraction (default 0.005; the page does not offer it). */
  nodeFraction?: number;
  /** Blame your code (attribution.ts). */
  blame?: boolean;
}

export type TopColumn = 'flat' | 'flatPct' | 'sumPct' | 'cum' | 'cumPct' | 'base' | 'current' | 'delta' | 'name';

export const TOP_SORT_COLUMNS: readonly TopColumn[] = ['flat', 'flatPct', 'sumPct', 'cum', 'cumPct', 'base', 'current', 'delta', 'name'];

export interface TopSort {
  column: TopColumn;
  desc: boolean;
}

export interface TopQuery extends TopReportQuery {
  /** null or absent: pprof's order. */
  sort?: TopSort | null;
  /** Case-insensitive text looked for in row names. */
  search?: string;
  /** Rows sent, after search and sort: from `offset` (default 0), at most `limit` (default DEFAULT_TOP_ROWS). */
  offset?: number;
  limit?: number;
}

export const DEFAULT_TOP_ROWS = 200;

/** The options a query can get wrong, by pprof's flag names. */
export type TopField = 'focus' | 'ignore' | 'hide' | 'show' | 'show_from' | 'tagfocus' | 'tagignore' | 'sample_index' | 'nodecount';

export interface TopViewRow {
  /** Position in pprof's order, from 0. */
  rank: number;
  name: string;
  inline: InlineMark;
  /** A Go regexp that focuses on this row's function (or file); null when it has neither (an address). */
  focus: string | null;
  flat: number;
  cum: number;
  /** As pprof prints them in the report's unit ("69.63MB", "79.91%"), without padding. */
  flatText: string;
  flatPct: string;
  sumPct: string;
  cumText: string;
  cumPct: string;
  /** This row's flat (cum with -cum) in the base and current profiles; null without sides. */
  base: number | null;
  current: number | null;
  baseText: string;
  currentText: string;
  /** (current − base) / |base| × 100; ±Infinity when base is 0 ("new"); null when both are 0 or without sides. */
  delta: number | null;
  deltaText: string;
}

export interface TopSideTotal {
  total: number;
  text: string;
}

export interface TopView {
  mode: TopMode;
  /** The modes the loaded profiles allow. */
  modes: TopMode[];
  normalize: boolean;
  blame: boolean;
  /** Which attribution the flat column shows, in words. */
  attribution: string;
  sampleTypes: { type: string; unit: string }[];
  sampleIndex: number;
  sampleType: string;
  sampleUnit: string;
  granularity: Granularity;
  cum: boolean;
  /** pprof's header lines, exactly as the -top text has them (File:, Type:, … Showing nodes…, Dropped…). */
  header: string[];
  /** What pprof writes to stderr ("Focus expression matched no samples"). */
  warnings: string[];
  total: number;
  totalText: string;
  /** The report's unit (pprof's "minimum"): every value is printed in it. */
  unit: string;
  /** Base and current columns are there (two compatible profiles). */
  sides: boolean;
  /** What the base and current columns measure. */
  sideMeasure: 'flat' | 'cum';
  baseTotal: TopSideTotal | null;
  currentTotal: TopSideTotal | null;
  /** Rows in the report (after pprof's trimming and -nodecount). */
  rowCount: number;
  /** Rows that match the search; `rows` holds `limit` of them from `offset`. */
  matched: number;
  offset: number;
  sort: TopSort | null;
  rows: TopViewRow[];
}

export type TopViewResult = { ok: true; view: TopView } | { ok: false; field: TopField | null; message: string };

/** A query pprof would refuse (a bad regexp, an unknown sample type), with the option at fault. */
export class TopQueryError extends Error {
  constructor(
    readonly field: TopField | null,
    message: string,
  ) {
    super(message);
    this.name = 'TopQueryError';
  }
}

/** Go's regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** Δ% of a row: (current − base) / |base| × 100. */
export function deltaPercent(base: number, current: number): number | null {
  if (base === 0) return current === 0 ? null : current > 0 ? Infinity : -Infinity;
  return ((current - base) / Math.abs(base)) * 100;
}

export function formatDelta(d: number | null): string {
  if (d === null) return '';
  if (!Number.isFinite(d)) return 'new';
  const a = Math.abs(d);
  const text = a >= 100 ? String(Math.round(a)) : a >= 0.05 ? a.toFixed(1) : a === 0 ? '0' : '<0.1';
  return `${d > 0 ? '+' : d < 0 ? '-' : ''}${text}%`;
}

/**
 * The mode a query gets: without a base, 'current'; else the one asked for,
 * or by default the -base diff (the current profile alone when the two
 * cannot be compared).
 */
export function resolveMode(mode: TopMode | undefined, hasBase: boolean, compatible = true): TopMode {
  if (!hasBase) return 'current';
  return mode ?? (compatible ? 'diff' : 'current');
}

const NO_BASE: object = {};
/** "parsing focus regexp: …" (a syntax error), "focus regexp took over 2 s …" (filter/index.ts's time budget). */
const FILTER_FIELD = /^(?:parsing )?(focus|ignore|hide|show|show_from|tagfocus|tagignore) regexp(?::| took) /;

interface Row {
  rank: number;
  name: string;
  lower: string | null;
  inline: InlineMark;
  focus: string | null;
  flat: number;
  cum: number;
  sum: number;
  base: number | null;
  current: number | null;
  delta: number | null;
}

/** One computed report, before search, sort and paging. */
interface Table {
  key: string;
  profile: Profile;
  result: TopResult;
  options: TopOptions;
  mode: TopMode;
  modes: TopMode[];
  normalize: boolean;
  header: string[];
  unit: string;
  sides: boolean;
  baseTotal: TopSideTotal | null;
  currentTotal: TopSideTotal | null;
  rows: Row[];
  /** Row order per sort key ("flat:desc"), built on first use. */
  orders: Map<string, Int32Array>;
}

export class TopViews {
  /** current → base (or NO_BASE) → "mode|normalize" → engine of the compared profile. */
  private pairs = new WeakMap<Profile, WeakMap<object, Map<string, TopEngine>>>();
  /** A profile alone, merged as pprof merges a single source. */
  private singles = new WeakMap<Profile, TopEngine>();
  /** current scaled to base's totals (-normalize), alone. */
  private normalized = new WeakMap<Profile, WeakMap<Profile, TopEngine>>();
  private compatible = new WeakMap<Profile, WeakMap<Profile, boolean>>();
  private tables = new WeakMap<Profile, WeakMap<object, Table>>();

  /** The engine of the report a query asks for (cached). */
  engine(current: Profile, base: Profile | null, mode: TopMode, normalize = false): TopEngine {
    if (mode === 'current' || base === null) return this.single(current);
    if (mode === 'base') return this.single(base);
    const norm = normalize === true;
    let byBase = this.pairs.get(current);
    if (!byBase) this.pairs.set(current, (byBase = new WeakMap()));
    let byMode = byBase.get(base);
    if (!byMode) byBase.set(base, (byMode = new Map()));
    const key = `${mode}|${norm ? 1 : 0}`;
    let e = byMode.get(key);
    if (!e) {
      const diffMode: DiffMode = mode === 'diff_base' ? 'diff_base' : 'base';
      e = new TopEngine(compareProfiles([current], [base], { mode: diffMode, normalize: norm }));
      byMode.set(key, e);
    }
    return e;
  }

  private single(p: Profile): TopEngine {
    let e = this.singles.get(p);
    if (!e) {
      e = new TopEngine(compareProfiles([p]));
      this.singles.set(p, e);
    }
    return e;
  }

  private normalizedCurrent(current: Profile, base: Profile): TopEngine {
    let byBase = this.normalized.get(current);
    if (!byBase) this.normalized.set(current, (byBase = new WeakMap()));
    let e = byBase.get(base);
    if (!e) {
      // diff/index.ts: the current profile scaled per type by base total / current total.
      const bt = totals(base);
      const ct = totals(current);
      const scale = Array.from(ct, (c, t) => (c === 0 ? 0 : bt[t] / c));
      e = new TopEngine(mergeProfiles([{ profile: current, scale }]));
      byBase.set(base, e);
    }
    return e;
  }

  private isCompatible(current: Profile, base: Profile): boolean {
    let byBase = this.compatible.get(current);
    if (!byBase) this.compatible.set(current, (byBase = new WeakMap()));
    let ok = byBase.get(base);
    if (ok === undefined) {
      try {
        checkCompatible(current, base);
        ok = true;
      } catch {
        ok = false;
      }
      byBase.set(base, ok);
    }
    return ok;
  }

  /** The -top report of a query as go tool pprof prints it (the -blame_user attribution line when blame is on). */
  text(current: Profile, base: Profile | null, query: TopReportQuery): string {
    const t = this.table(current, base, query);
    return formatTop(t.profile, t.result, { activeFilters: activeFilters(t.options), blame: t.options.blame });
  }

  /** The rows the page draws. Throws TopQueryError for a query pprof would refuse. */
  view(current: Profile, base: Profile | null, query: TopQuery): TopView {
    const t = this.table(current, base, query);
    const r = t.result;
    const sort = query.sort && TOP_SORT_COLUMNS.includes(query.sort.column) ? { column: query.sort.column, desc: query.sort.desc === true } : null;
    const order = this.order(t, sort);
    const needle = (query.search ?? '').trim().toLowerCase();
    const offset = Math.max(0, Math.floor(query.offset ?? 0));
    const limit = Math.max(0, Math.floor(query.limit ?? DEFAULT_TOP_ROWS));
    const fmt = (v: number) => formatValue(v, r.sampleUnit, t.unit);
    const rows: TopViewRow[] = [];
    let matched = 0;
    for (let k = 0; k < order.length; k++) {
      const row = t.rows[order[k]];
      if (needle) {
        row.lower ??= row.name.toLowerCase();
        if (!row.lower.includes(needle)) continue;
      }
      if (matched >= offset && rows.length < limit) {
        rows.push({
          rank: row.rank,
          name: row.name,
          inline: row.inline,
          focus: row.focus,
          flat: row.flat,
          cum: row.cum,
          flatText: fmt(row.flat),
          flatPct: goPercentage(row.flat, r.total).trim(),
          sumPct: goPercentage(row.sum, r.total).trim(),
          cumText: fmt(row.cum),
          cumPct: goPercentage(row.cum, r.total).trim(),
          base: row.base,
          current: row.current,
          baseText: row.base === null ? '' : fmt(row.base),
          currentText: row.current === null ? '' : fmt(row.current),
          delta: row.delta,
          deltaText: formatDelta(row.delta),
        });
      }
      matched++;
    }
    const blame = t.options.blame === true;
    return {
      mode: t.mode,
      modes: t.modes,
      normalize: t.normalize,
      blame,
      attribution: blame ? ATTRIBUTION_HEADER : 'Attribution: as go tool pprof (each sample charged to the function that allocated it)',
      sampleTypes: t.profile.sampleTypes.map((s) => ({ type: t.profile.strings[s.type], unit: t.profile.strings[s.unit] })),
      sampleIndex: r.sampleIndex,
      sampleType: r.sampleType,
      sampleUnit: r.sampleUnit,
      granularity: t.options.granularity ?? 'functions',
      cum: t.options.cum === true,
      header: t.header,
      warnings: r.warnings,
      total: r.total,
      totalText: fmt(r.total),
      unit: t.unit,
      sides: t.sides,
      sideMeasure: t.options.cum ? 'cum' : 'flat',
      baseTotal: t.baseTotal,
      currentTotal: t.currentTotal,
      rowCount: t.rows.length,
      matched,
      offset,
      sort,
      rows,
    };
  }

  /**
   * The mode a query gets with these profiles (resolveMode), whether it
   * normalizes, and the engine of that report; TopQueryError when it asks to
   * compare profiles that cannot be. Shared with the graph view (core/graph/view.ts).
   */
  report(
    current: Profile,
    base: Profile | null,
    query: Pick<TopReportQuery, 'mode' | 'normalize'>,
  ): { mode: TopMode; modes: TopMode[]; compatible: boolean; normalize: boolean; engine: TopEngine } {
    const compatible = base !== null && this.isCompatible(current, base);
    const mode = resolveMode(query.mode, base !== null, compatible);
    if ((mode === 'diff' || mode === 'diff_base') && base !== null && !compatible) {
      try {
        checkCompatible(current, base);
      } catch (e) {
        throw new TopQueryError(null, `These two profiles cannot be compared: ${(e as Error).message}.`);
      }
    }
    const normalize = query.normalize === true && (mode === 'diff' || mode === 'diff_base');
    // What the page offers: a pair that cannot be compared is two profiles alone.
    const modes: TopMode[] = base === null ? ['current'] : compatible ? [...TOP_MODES] : ['current', 'base'];
    return { mode, modes, compatible, normalize, engine: this.engine(current, base, mode, normalize) };
  }

  /** Each profile of a pair alone, as the base and current columns see it (current scaled to base with -normalize). */
  sides(current: Profile, base: Profile, normalize: boolean): { base: TopEngine; current: TopEngine } {
    return { base: this.single(base), current: normalize ? this.normalizedCurrent(current, base) : this.single(current) };
  }

  /** The report of a query, computed once per query (its pprof options) and pair. */
  private table(current: Profile, base: Profile | null, query: TopReportQuery): Table {
    const { mode, modes, compatible, normalize, engine } = this.report(current, base, query);
    const profile = engine.profile;
    const options = reportOptions(profile, query, 0);
    const key = JSON.stringify([mode, normalize, options]);
    let byBase = this.tables.get(current);
    if (!byBase) this.tables.set(current, (byBase = new WeakMap()));
    const cached = byBase.get(base ?? NO_BASE);
    if (cached && cached.key === key) return cached;

    let result: TopResult;
    try {
      result = engine.compute(options);
    } catch (e) {
      if (e instanceof FilterError) {
        const m = FILTER_FIELD.exec(e.message);
        throw new TopQueryError(m ? (m[1] as TopField) : null, e.message);
      }
      throw e;
    }
    const unit = outputUnit(result);
    const header = topHeader(profile, result, { activeFilters: activeFilters(options), blame: options.blame });
    const measure = options.cum ? 'cum' : 'flat';
    const gi = engine.graphInput(options);
    const info = gi.nodes.info;
    const sprint = gi.nodes.sprint;
    const granularity = options.granularity;
    let sum = 0;
    const rows: Row[] = result.rows.map((r, rank) => {
      sum += r.flat;
      const i = info[r.node];
      const focus = granularity === 'files' ? (i.file ? `${quoteMeta(i.file)}$` : null) : i.name ? `^${quoteMeta(i.name)}$` : null;
      return { rank, name: r.name, lower: null, inline: r.inline, focus, flat: r.flat, cum: r.cum, sum, base: null, current: null, delta: null };
    });

    // The base and current columns: each profile alone, with the same options.
    const sides = base !== null && compatible;
    let baseTotal: TopSideTotal | null = null;
    let currentTotal: TopSideTotal | null = null;
    if (sides) {
      const fmt = (v: number) => formatValue(v, result.sampleUnit, unit);
      const byKey = new Map<string, number>();
      result.rows.forEach((r, k) => byKey.set(sprint[r.node], k));
      const side = (e: TopEngine, put: (row: Row, v: number) => void): TopSideTotal => {
        const s = e.graphInput(options);
        const values = measure === 'cum' ? s.cum : s.flat;
        const keys = s.nodes.sprint;
        for (const row of rows) put(row, 0);
        for (let n = 0; n < keys.length; n++) {
          const k = byKey.get(keys[n]);
          if (k !== undefined) put(rows[k], values[n]);
        }
        return { total: s.total, text: fmt(s.total) };
      };
      const engines = this.sides(current, base, normalize);
      baseTotal = side(engines.base, (row, v) => (row.base = v));
      currentTotal = side(engines.current, (row, v) => (row.current = v));
      for (const row of rows) row.delta = deltaPercent(row.base!, row.current!);
    }
    const table: Table = { key, profile, result, options, mode, modes, normalize, header, unit, sides, baseTotal, currentTotal, rows, orders: new Map() };
    byBase.set(base ?? NO_BASE, table);
    return table;
  }

  private order(t: Table, sort: TopSort | null): Int32Array {
    const key = sort ? `${sort.column}:${sort.desc ? 'desc' : 'asc'}` : 'pprof';
    let order = t.orders.get(key);
    if (order) return order;
    order = Int32Array.from(t.rows, (_, i) => i);
    if (sort) {
      const rows = t.rows;
      const dir = sort.desc ? -1 : 1;
      if (sort.column === 'name') {
        order.sort((a, b) => (rows[a].name < rows[b].name ? -dir : rows[a].name > rows[b].name ? dir : a - b));
      } else {
        const v = sortValue(sort.column);
        // Rows without a value (no sides, Δ% of 0 → 0) go last either way.
        order.sort((a, b) => {
          const x = v(rows[a]);
          const y = v(rows[b]);
          if (x === null || y === null) return x === y ? a - b : x === null ? 1 : -1;
          return x < y ? -dir : x > y ? dir : a - b;
        });
      }
    }
    t.orders.set(key, order);
    return order;
  }
}

function sortValue(c: Exclude<TopColumn, 'name'>): (r: Row) => number | null {
  switch (c) {
    case 'flat':
      return (r) => r.flat;
    case 'flatPct':
      return (r) => Math.abs(r.flat);
    case 'sumPct':
      return (r) => Math.abs(r.sum);
    case 'cum':
      return (r) => r.cum;
    case 'cumPct':
      return (r) => Math.abs(r.cum);
    case 'base':
      return (r) => r.base;
    case 'current':
      return (r) => r.current;
    case 'delta':
      return (r) => r.delta;
  }
}

/**
 * The TopEngine options of a query, as go tool pprof reads its flags, or
 * TopQueryError naming the flag at fault. `nodeCount` is the default when
 * the query has none (0, all, for -top; 80 for -dot).
 */
export function reportOptions(profile: Profile, query: TopReportQuery, defaultNodeCount: number): TopOptions {
  const nodeCount = query.nodeCount ?? defaultNodeCount;
  if (!Number.isInteger(nodeCount) || nodeCount < 0) throw new TopQueryError('nodecount', `nodecount must be a whole number ≥ 0, not ${nodeCount}`);
  let sampleIndex: number;
  try {
    sampleIndex = sampleIndexByName(profile, query.sampleType);
  } catch (e) {
    throw new TopQueryError('sample_index', (e as Error).message);
  }
  return {
    sampleIndex,
    granularity: query.granularity ?? 'functions',
    cum: query.cum === true,
    nodeCount,
    ...(query.nodeFraction !== undefined ? { nodeFraction: query.nodeFraction } : {}),
    focus: query.focus || undefined,
    ignore: query.ignore || undefined,
    hide: query.hide || undefined,
    show: query.show || undefined,
    showFrom: query.showFrom || undefined,
    tagFocus: query.tagFocus || undefined,
    tagIgnore: query.tagIgnore || undefined,
    noInlines: query.noInlines === true,
    blame: query.blame === true,
  };
}

/** A view, or why the query cannot be answered (for the worker's answer). */
export function topViewResult(views: TopViews, current: Profile, base: Profile | null, query: TopQuery): TopViewResult {
  try {
    return { ok: true, view: views.view(current, base, query) };
  } catch (e) {
    if (e instanceof TopQueryError) return { ok: false, field: e.field, message: e.message };
    throw e;
  }
}
