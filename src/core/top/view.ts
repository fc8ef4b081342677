// What the page's heap view draws, computed where the profiles live (the
// worker): go tool pprof's -top report of the chosen comparison, with the
// same header and numbers byte for byte, plus what pprof has no column for —
// each row's value in the base and in the current profile, and the change
// between them in per cent.
//
//   mode        which profile the report is of (core/report engines.ts)
//   sides       the base and current columns: the same engine options run
//               on each profile alone, the rows matched by pprof's node key
//               (core/report sides.ts), so flat = current − base holds row
//               by row in a -base diff
//
// TopViews is the page's ReportEngines (engines per pair, mode and profile,
// shared with the graph view) with the table on top. The last report per
// pair is kept too, so sorting, searching and scrolling (pages of rows)
// recompute nothing.
//
// Sorting: `null` is pprof's order (flat, or cum with -cum, and pprof's tie
// breaks). A column sorts by its signed value (flat, cum, base, current,
// Δ%), its absolute value (the % columns, as pprof prints them), or by
// name; ties keep pprof's order. sum% stays pprof's running sum, whatever
// the order shown.

import { goPercentage, formatValue } from '../format';
import type { Profile } from '../model';
import {
  activeFilters,
  ATTRIBUTION_HEADER,
  deltaPercent,
  focusRegexp,
  formatDelta,
  PairCache,
  reportAnswer,
  ReportEngines,
  reportOptions,
  sideValues,
  splitReport,
  TOP_SORT_COLUMNS,
  underField,
  type EngineOptions,
  type ReportAnswer,
  type ReportMode,
  type ReportQuery,
  type SideColumn,
  type SplitReport,
  type TopColumn,
} from '../report';
import { TopEngine, topResult, type InlineMark, type TopResult } from './engine';
import { formatTop, outputUnit, topHeader } from './text';

export interface TopSort {
  column: TopColumn;
  desc: boolean;
}

export interface TopQuery extends ReportQuery {
  /** null or absent: pprof's order. */
  sort?: TopSort | null;
  /** Case-insensitive text looked for in row names. */
  search?: string;
  /** Rows sent, after search and sort: from `offset` (default 0), at most `limit` (default DEFAULT_TOP_ROWS). */
  offset?: number;
  limit?: number;
}

export const DEFAULT_TOP_ROWS = 200;

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
  mode: ReportMode;
  /** The modes the loaded profiles allow. */
  modes: ReportMode[];
  normalize: boolean;
  blame: boolean;
  /** Which attribution the flat column shows, in words. */
  attribution: string;
  sampleTypes: { type: string; unit: string }[];
  sampleIndex: number;
  sampleType: string;
  sampleUnit: string;
  granularity: NonNullable<EngineOptions['granularity']>;
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
  /**
   * The longest text of each numeric column over all the report's rows (not
   * only those sent, nor only those matching the search): the page sizes its
   * columns from it, once per report, so no number is cut and no column
   * jumps while rows arrive.
   */
  textChars: TopTextChars;
  rows: TopViewRow[];
}

/** Characters of the longest value of each numeric column. */
export type TopTextChars = Record<Exclude<TopColumn, 'name'>, number>;

export type TopViewResult = ReportAnswer<TopView>;

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
  options: EngineOptions;
  mode: ReportMode;
  modes: ReportMode[];
  normalize: boolean;
  header: string[];
  unit: string;
  sides: boolean;
  baseTotal: TopSideTotal | null;
  currentTotal: TopSideTotal | null;
  rows: Row[];
  /** Row order per sort key ("flat:desc"), built on first use. */
  orders: Map<string, Int32Array>;
  /** Built on first use. */
  textChars: TopTextChars | null;
}

/** The table's views, over the engines it shares with the graph view (new GraphViews(topViews)). */
export class TopViews extends ReportEngines<TopEngine> {
  private readonly tables = new PairCache<Table>();

  /** `splitFrom`: the pair's stack nodes from which a comparison's table is read from its sides (ReportEngines). */
  constructor(splitFrom?: number) {
    super((p) => new TopEngine(p), splitFrom);
  }

  /**
   * Reads a profile decoded while the others of its pair still decode, as
   * the page's first table of a large pair will (ReportEngines.prepare): its
   * default options, with blame as the page's default for the kind.
   */
  prepareTable(p: Profile, blame: boolean): void {
    this.prepare(p, reportOptions(p, { blame }, 'top'));
  }

  /** The -top report of a query as go tool pprof prints it (the -blame_user attribution line when blame is on). */
  text(current: Profile, base: Profile | null, query: ReportQuery): string {
    const t = this.table(current, base, query);
    return formatTop(t.profile, t.result, { activeFilters: activeFilters(t.options), blame: t.options.blame });
  }

  /** The rows the page draws. Throws ReportQueryError for a query pprof would refuse. */
  view(current: Profile, base: Profile | null, query: TopQuery): TopView {
    const t = this.table(current, base, query);
    const r = t.result;
    const sort = query.sort && (TOP_SORT_COLUMNS as readonly string[]).includes(query.sort.column) ? { column: query.sort.column, desc: query.sort.desc === true } : null;
    const order = this.order(t, sort);
    const needle = (query.search ?? '').trim().toLowerCase();
    const offset = Math.max(0, Math.floor(query.offset ?? 0));
    const limit = Math.max(0, Math.floor(query.limit ?? DEFAULT_TOP_ROWS));
    const fmt = (v: number) => formatValue(v, r.sampleUnit, t.unit);
    t.textChars ??= textChars(t.rows, r.total, fmt);
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
      textChars: t.textChars,
      rows,
    };
  }

  /** The report of a query, computed once per query (its pprof options) and pair. */
  private table(current: Profile, base: Profile | null, query: ReportQuery): Table {
    const { mode, modes, compatible, normalize } = this.resolve(current, base, query);
    // A comparison names the sample types of its current profile (the merge's first source).
    const options = reportOptions(mode === 'base' && base ? base : current, query, 'top');
    const key = JSON.stringify([mode, normalize, options]);
    const cached = this.tables.get(current, base);
    if (cached && cached.key === key) return cached;
    const split = base && this.splitSides(current, base, mode, normalize, options);
    const report = split && splitReport(split.current, split.base, mode as 'diff' | 'diff_base');
    const table = report ? splitTable(report, key, mode, modes, options) : this.mergedTable(current, base, query, options, key);
    this.tables.set(current, base, table);
    return table;
  }

  /** The table of the report's engine (a comparison's: of the merged profile), with the sides' columns. */
  private mergedTable(current: Profile, base: Profile | null, query: ReportQuery, options: EngineOptions, key: string): Table {
    const { mode, modes, compatible, normalize, engine } = this.report(current, base, query, true);
    const profile = engine.profile;
    const result = underField(() => engine.compute(options));
    const unit = outputUnit(result);
    const header = topHeader(profile, result, { activeFilters: activeFilters(options), blame: options.blame });
    const gi = engine.graphInput(options);
    let sum = 0;
    const rows: Row[] = result.rows.map((r, rank) => {
      sum += r.flat;
      const focus = focusRegexp(gi.nodes.info[r.node], options.granularity);
      return { rank, name: r.name, lower: null, inline: r.inline, focus, flat: r.flat, cum: r.cum, sum, base: null, current: null, delta: null };
    });
    // The base and current columns: each profile alone, with the same options,
    // computed after this report's per-stack values are let go when large (a
    // view that needs them again, the graph or the flame graph, computes them again).
    const sides = base !== null && compatible;
    if (sides) engine.releaseLargeValues();
    const totals = sides ? this.sideColumns(rows, result, gi.nodes.sprint, options, unit, this.valueSides(current, base, normalize)) : null;
    return { key, profile, result, options, mode, modes, normalize, header, unit, sides, baseTotal: totals?.base ?? null, currentTotal: totals?.current ?? null, rows, orders: new Map(), textChars: null };
  }

  /** Fills the rows' base, current and Δ% (flat, or cum with -cum); returns each side's total. */
  private sideColumns(rows: Row[], result: TopResult, sprint: string[], options: EngineOptions, unit: string, engines: { base: TopEngine; current: TopEngine; transient: Set<TopEngine> }): { base: TopSideTotal; current: TopSideTotal } {
    const fmt = (v: number) => formatValue(v, result.sampleUnit, unit);
    const keys = result.rows.map((r) => sprint[r.node]);
    // One side's per-stack values at a time: an engine made only for these columns lets them go once read (when large).
    const read = (e: TopEngine) => {
      const v = sideValues(e, options, keys);
      if (engines.transient.has(e)) e.releaseLargeValues();
      return v;
    };
    const b = read(engines.base);
    const c = read(engines.current);
    const bv = options.cum ? b.cum : b.flat;
    const cv = options.cum ? c.cum : c.flat;
    rows.forEach((row, k) => {
      row.base = bv[k];
      row.current = cv[k];
      row.delta = deltaPercent(bv[k], cv[k]);
    });
    return { base: { total: b.total, text: fmt(b.total) }, current: { total: c.total, text: fmt(c.total) } };
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

/** A comparison's table read from its two sides (report/split.ts): the same rows, header and columns as its merge's. */
function splitTable(r: SplitReport, key: string, mode: ReportMode, modes: ReportMode[], options: EngineOptions): Table {
  const p = r.header;
  const t = options.sampleIndex;
  const result = topResult(
    options,
    { flat: r.flat, cum: r.cum, names: r.nodes.name, sprint: r.nodes.sprint, inlineCapable: r.inlineCapable },
    { sampleType: p.strings[p.sampleTypes[t].type], sampleUnit: p.strings[p.sampleTypes[t].unit], total: r.total, warnings: [], edgesInto: r.edgesInto },
  );
  const unit = outputUnit(result);
  const fmt = (v: number) => formatValue(v, result.sampleUnit, unit);
  const header = topHeader(p, result, { activeFilters: activeFilters(options), blame: options.blame });
  const side = options.cum ? 'cum' : 'flat';
  let sum = 0;
  const rows: Row[] = result.rows.map((row, rank) => {
    sum += row.flat;
    const base = r.base[side][row.node];
    const current = r.current[side][row.node];
    const focus = focusRegexp(r.nodes.info[row.node], options.granularity);
    return { rank, name: row.name, lower: null, inline: row.inline, focus, flat: row.flat, cum: row.cum, sum, base, current, delta: deltaPercent(base, current) };
  });
  const total = (c: SideColumn): TopSideTotal => ({ total: c.total, text: fmt(c.total) });
  return { key, profile: p, result, options, mode, modes, normalize: false, header, unit, sides: true, baseTotal: total(r.base), currentTotal: total(r.current), rows, orders: new Map(), textChars: null };
}

/** The longest text of each numeric column, formatted as view() formats a row. */
function textChars(rows: Row[], total: number, fmt: (v: number) => string): TopTextChars {
  const n: TopTextChars = { flat: 0, flatPct: 0, sumPct: 0, cum: 0, cumPct: 0, base: 0, current: 0, delta: 0 };
  const pct = (v: number) => goPercentage(v, total).trim().length;
  for (const row of rows) {
    n.flat = Math.max(n.flat, fmt(row.flat).length);
    n.flatPct = Math.max(n.flatPct, pct(row.flat));
    n.sumPct = Math.max(n.sumPct, pct(row.sum));
    n.cum = Math.max(n.cum, fmt(row.cum).length);
    n.cumPct = Math.max(n.cumPct, pct(row.cum));
    if (row.base !== null) n.base = Math.max(n.base, fmt(row.base).length);
    if (row.current !== null) n.current = Math.max(n.current, fmt(row.current).length);
    n.delta = Math.max(n.delta, formatDelta(row.delta).length);
  }
  return n;
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

/** A view, or why the query cannot be answered (for the worker's answer). */
export function topViewResult(views: TopViews, current: Profile, base: Profile | null, query: TopQuery): TopViewResult {
  return reportAnswer(() => views.view(current, base, query));
}
