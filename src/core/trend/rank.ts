// One row's movement across the snapshots and the order rows are ranked in,
// shared by every trend (report nodes in trend.ts, goroutine clusters in
// goroutines.ts), so "grew first, then peak, then the rest" means one thing.
//
// Order: grew (by growth, last − first), then peak (by height above the
// higher end), then shrank, dip and mixed (by range, max − min), then flat
// (by largest |value|); ties by name.

import { classify, steps, type TrendShape } from './shape';

export interface Movement {
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

const RANK: Record<TrendShape, number> = { grew: 0, peak: 1, shrank: 2, dip: 2, mixed: 2, flat: 3 };

/** How `values` moved given each interval's noise threshold; `minutes`: the series' span (0 without times). */
export function movement(values: ArrayLike<number>, thresholds: ArrayLike<number>, minutes: number): { movement: Movement; key: number } {
  const { shape, rose, fell, at } = classify(values, steps(values, thresholds));
  const n = values.length;
  let max = values[0];
  let min = values[0];
  let largest = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v > max) max = v;
    if (v < min) min = v;
    if (Math.abs(v) > largest) largest = Math.abs(v);
  }
  const first = values[0];
  const last = values[n - 1];
  const growth = last - first;
  const height = shape === 'peak' ? max - Math.max(first, last) : shape === 'dip' ? Math.min(first, last) - min : 0;
  const key = shape === 'grew' ? growth : shape === 'peak' ? height : shape === 'flat' ? largest : max - min;
  return {
    movement: { shape, rose, fell, ...(at !== undefined ? { at } : {}), growth, perMinute: minutes > 0 ? growth / minutes : null, height },
    key,
  };
}

/** Rows in trend order (see the file comment); `key` is movement()'s. */
export function rankByMovement<R extends { name: string; shape: TrendShape }>(rows: { row: R; key: number }[]): R[] {
  const sorted = [...rows].sort((a, b) => RANK[a.row.shape] - RANK[b.row.shape] || b.key - a.key || (a.row.name < b.row.name ? -1 : a.row.name > b.row.name ? 1 : 0));
  return sorted.map((x) => x.row);
}

/** The span of the snapshots' times in minutes; 0 when they have none. */
export function spanMinutes(times: readonly (number | null)[]): number {
  const first = times[0];
  const last = times[times.length - 1];
  return first !== null && first !== undefined && last !== null && last !== undefined ? (last - first) / 60e9 : 0;
}
