// The trend as terminal text (report -trend): the snapshots, then one line
// per row with its shape, its change and its value in every snapshot, in
// one unit for the whole report as pprof's "minimum" unit picks it.

import { formatValue, minimumUnit } from '../format';
import type { Movement } from './rank';
import type { TrendSnapshot } from './trend';

/** What a trend's text needs: the report trend (trend.ts) and the goroutine clusters' (goroutines.ts) both are. */
export interface TrendTable {
  sampleType: string;
  sampleUnit: string;
  /** What the rows are ranked on: flat, cum, goroutines. */
  by: string;
  timed: boolean;
  noise: number;
  snapshots: TrendSnapshot[];
  rows: (Movement & { name: string; values: number[] })[];
  droppedRows: number;
}

/** What a row's shape column says: "peak@#3" names the snapshot of the peak (or the dip). */
export function shapeLabel(row: Pick<Movement, 'shape' | 'at'>): string {
  return row.at !== undefined ? `${row.shape}@#${row.at + 1}` : row.shape;
}

/** The unit every value of the report is printed in. */
export function trendUnit(r: Pick<TrendTable, 'rows' | 'snapshots' | 'sampleUnit'>): string {
  let min = 0;
  for (const row of r.rows) {
    for (const v of row.values) {
      const a = Math.abs(v);
      if (a > 0 && (min === 0 || a < min)) min = a;
    }
  }
  const max = Math.max(0, ...r.snapshots.map((s) => Math.abs(s.total)));
  return minimumUnit(min, max, r.sampleUnit);
}

export function formatTrend(r: TrendTable, o: { activeFilters?: string[] } = {}): string {
  const unit = trendUnit(r);
  const fmt = (v: number) => formatValue(v, r.sampleUnit, unit);
  const signed = (v: number) => (v > 0 ? `+${fmt(v)}` : fmt(v));
  const out: string[] = [`Type: ${r.sampleType}`];
  for (const f of o.activeFilters ?? []) out.push(`Active filter: ${f}`);
  out.push(`Snapshots, oldest first (${r.timed ? 'by their times' : 'in the order given: not all have a time'}):`);
  r.snapshots.forEach((s, i) => {
    const time = s.timeNanos !== null ? `  ${new Date(Math.floor(s.timeNanos / 1e6)).toISOString()}` : '';
    out.push(`  #${i + 1}  ${s.name}  total ${fmt(s.total)}${time}`);
  });
  out.push(
    `Ranked on ${r.by}: grew in every interval (by growth), then peak (by height above the ends), then the rest; ` +
      (r.noise > 0 ? `a change within ${+(r.noise * 100).toFixed(3)}% of the totals is noise` : 'every change counts'),
  );
  if (r.droppedRows > 0) out.push(`Dropped ${r.droppedRows} rows (below the node fraction in every snapshot, 0 in all, or beyond the node count)`);
  const cells = r.rows.map((row) => {
    const slope = row.shape === 'grew' && row.perMinute !== null ? ` (${signed(row.perMinute)}/min)` : '';
    const change = row.shape === 'peak' || row.shape === 'dip' ? `${row.shape === 'peak' ? '+' : '-'}${fmt(row.height)}` : signed(row.growth);
    return [shapeLabel(row), change + slope, ...row.values.map(fmt), row.name];
  });
  const head = ['shape', 'change', ...r.snapshots.map((_, i) => `#${i + 1}`), 'name'];
  const widths = head.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => (c === row.length - 1 ? cell : c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ');
  out.push(line(head), ...cells.map(line));
  return `${out.join('\n')}\n`;
}
