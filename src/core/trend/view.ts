// What the page's trend view draws, computed where the profiles live (the
// worker): the trend of a series (report nodes, or goroutine clusters) with
// every number as it is printed, cut to the rows on screen. The last trend
// is kept, so asking for the next page or another search computes nothing.

import { formatValue } from '../format';
import { formatCount, type SimilarityLevel } from '../goroutines';
import type { Profile } from '../model';
import { goroutineTrend, type GoroutineTrendOptions } from './goroutines';
import type { Movement } from './rank';
import { TREND_SHAPES, type TrendShape } from './shape';
import { shapeLabel, trendUnit, type TrendTable } from './text';
import { steadyGrowth, trendReport, type TrendQuery, type TrendSnapshot, type TrendSources } from './trend';

export interface TrendPage {
  /** Case-insensitive text looked for in row names. */
  search?: string;
  /** Rows sent, after the search: from `offset` (default 0), at most `limit` (default DEFAULT_TREND_ROWS). */
  offset?: number;
  limit?: number;
}

export const DEFAULT_TREND_ROWS = 100;

export interface TrendViewRow extends Movement {
  /** Position in the ranking, from 0. */
  rank: number;
  name: string;
  /** A Go regexp that focuses on it (report rows of a function or file); else null. */
  focus: string | null;
  values: number[];
  /** Each value as printed, in the view's unit. */
  valueTexts: string[];
  /** "peak@#3", "grew". */
  label: string;
  /** grew: "+7.87MB"; peak: "+24.30MB" above the ends; dip: "-…"; else the growth. */
  change: string;
  /** grew with times: "+1.42MB/min"; else "". */
  slope: string;
  /** Goroutine clusters: the top of the stack, "fn file:line" leaf first. */
  frames?: string[];
  /** The CI gate's: grew in every interval by more than 1 % of the last total. */
  gate: boolean;
}

export interface TrendView {
  what: 'report' | 'goroutines';
  sampleType: string;
  sampleUnit: string;
  by: string;
  timed: boolean;
  noise: number;
  snapshots: (TrendSnapshot & { totalText: string })[];
  /** Rows in the trend, per shape. */
  shapes: Record<TrendShape, number>;
  rowsTotal: number;
  droppedRows: number;
  /** Rows that pass the search; `rows` holds `limit` of them from `offset`. */
  matched: number;
  offset: number;
  rows: TrendViewRow[];
  warnings: string[];
}

interface Computed {
  profiles: readonly Profile[];
  key: string;
  view: Omit<TrendView, 'matched' | 'offset' | 'rows'>;
  rows: TrendViewRow[];
  lower: string[] | null;
}

export class TrendViews {
  private last: Computed | null = null;

  constructor(
    private readonly sources: Omit<TrendSources, 'names'> = {},
    private readonly clusters?: GoroutineTrendOptions['clusters'],
  ) {}

  /** The report trend (trend.ts) of `profiles`, one page of it. */
  report(profiles: readonly Profile[], names: readonly string[], query: TrendQuery & TrendPage): TrendView {
    const { search, offset, limit, ...q } = query;
    const c = this.computed(profiles, `report|${JSON.stringify(q)}|${names.join('\n')}`, () => {
      const r = trendReport(profiles, q, { ...this.sources, names });
      const unit = trendUnit(r);
      return tabulate(r, 'report', (v) => formatValue(v, r.sampleUnit, unit), () => undefined);
    });
    return page(c, { search, offset, limit });
  }

  /** The goroutine clusters' trend (goroutines.ts) of `profiles`, one page of it. */
  goroutines(profiles: readonly Profile[], names: readonly string[], query: { level: SimilarityLevel } & TrendPage): TrendView {
    const { search, offset, limit, level } = query;
    const c = this.computed(profiles, `goroutines|${level}|${names.join('\n')}`, () => {
      const r = goroutineTrend(profiles, { level, names, clusters: this.clusters });
      const frames = new Map(r.rows.map((row) => [row, row.stack.map((f) => `${f.fn}${f.file ? ` ${f.file}${f.line ? `:${f.line}` : ''}` : ''}`)]));
      return tabulate({ ...r, rows: r.rows.map((row) => ({ ...row, focus: null, frames: frames.get(row) })) }, 'goroutines', formatCount, (row) => row.frames);
    });
    return page(c, { search, offset, limit });
  }

  private computed(profiles: readonly Profile[], key: string, make: () => Omit<Computed, 'profiles' | 'key' | 'lower'>): Computed {
    const l = this.last;
    if (l && l.key === key && l.profiles.length === profiles.length && l.profiles.every((p, i) => p === profiles[i])) return l;
    this.last = { profiles: [...profiles], key, lower: null, ...make() };
    return this.last;
  }
}

/** A trend (trend.ts, goroutines.ts) with its rows as given. */
type Tabulated<R> = Omit<TrendTable, 'rows'> & { rows: R[]; warnings: string[] };

function tabulate<R extends Movement & { name: string; values: number[]; focus: string | null }>(
  r: Tabulated<R>,
  what: TrendView['what'],
  fmt: (v: number) => string,
  frames: (row: R) => string[] | undefined,
): Omit<Computed, 'profiles' | 'key' | 'lower'> {
  const signed = (v: number) => (v > 0 ? `+${fmt(v)}` : fmt(v));
  const gate = new Set(steadyGrowth(r, 0.01));
  const shapes = Object.fromEntries(TREND_SHAPES.map((s) => [s, 0])) as Record<TrendShape, number>;
  const rows = r.rows.map((row, rank): TrendViewRow => {
    shapes[row.shape]++;
    const { name, focus, values, shape, rose, fell, at, growth, perMinute, height } = row;
    const f = frames(row);
    return {
      rank,
      name,
      focus,
      values,
      valueTexts: values.map(fmt),
      shape,
      rose,
      fell,
      ...(at !== undefined ? { at } : {}),
      growth,
      perMinute,
      height,
      label: shapeLabel(row),
      change: shape === 'peak' ? `+${fmt(height)}` : shape === 'dip' ? `-${fmt(height)}` : signed(growth),
      slope: shape === 'grew' && perMinute !== null ? `${signed(perMinute)}/min` : '',
      ...(f ? { frames: f } : {}),
      gate: gate.has(row),
    };
  });
  const { sampleType, sampleUnit, by, timed, noise, droppedRows, warnings } = r;
  const snapshots = r.snapshots.map((s) => ({ ...s, totalText: fmt(s.total) }));
  return { view: { what, sampleType, sampleUnit, by, timed, noise, snapshots, shapes, rowsTotal: rows.length, droppedRows, warnings }, rows };
}

function page(c: Computed, p: TrendPage): TrendView {
  const offset = Math.max(0, p.offset ?? 0);
  const limit = Math.max(0, p.limit ?? DEFAULT_TREND_ROWS);
  const needle = (p.search ?? '').trim().toLowerCase();
  let matched = c.rows;
  if (needle) {
    c.lower ??= c.rows.map((r) => `${r.name}\n${(r.frames ?? []).join('\n')}`.toLowerCase());
    matched = c.rows.filter((_, i) => c.lower![i].includes(needle));
  }
  return { ...c.view, matched: matched.length, offset, rows: matched.slice(offset, offset + limit) };
}
