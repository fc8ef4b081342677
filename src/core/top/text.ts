// The `-top` text exactly as go tool pprof prints it (internal/report
// ProfileLabels, reportLabels, printText):
//
//   File: gzipleak                      base name of the first mapping's file
//   Build ID: …                         when the first mapping has one
//   <comments not starting with '#'>
//   Type: inuse_space
//   Time: Nov 26, 2026 at 6:16am (UTC)  always UTC here (pprof: local time)
//   Duration: 4s, Total samples = 1.76s (44.00%)      when duration_nanos ≠ 0
//   Active filters:                     when filters are given
//      focus=…
//   Showing nodes accounting for 87.14MB, 100% of 87.14MB total
//   Dropped 12 nodes (cum <= 0.44MB)
//   Showing top 10 nodes out of 40
//         flat  flat%   sum%        cum   cum%
//      69.63MB 79.91% 79.91%    85.63MB 98.27%  compress/flate.NewWriter
//
// One unit for the whole report: the unit of the smallest non-zero |flat|
// (else |cum|) among the rows, or of 100× that when it is below 1% of the
// total (report.selectOutputUnit).

import { formatValue, minimumUnit, goPercentage } from '../format';
import type { Profile } from '../model';
import { activeFilterLabels, ATTRIBUTION_HEADER, profileLabels } from '../report';
import type { TopResult } from './engine';

export interface TopTextOptions {
  /** "focus=…" lines (core/report activeFilters). */
  activeFilters?: string[];
  /** The blame-your-code attribution is on. */
  blame?: boolean;
}

/** report.selectOutputUnit for the rows of a result. */
export function outputUnit(r: TopResult): string {
  if (r.rows.length === 0) return 'minimum';
  let min = 0;
  for (const row of r.rows) {
    let v = Math.abs(row.flat);
    if (v === 0) v = Math.abs(row.cum);
    if (v > 0 && (min === 0 || v < min)) min = v;
  }
  return minimumUnit(min, r.total, r.sampleUnit);
}

/** The header lines (everything above the column titles). */
export function topHeader(p: Profile, r: TopResult, o: TopTextOptions = {}): string[] {
  const unit = outputUnit(r);
  const fmt = (v: number) => formatValue(v, r.sampleUnit, unit);
  const out = profileLabels(p, r, fmt);
  if (o.blame) out.push(ATTRIBUTION_HEADER);
  out.push(...activeFilterLabels(o.activeFilters ?? []));
  out.push(`Showing nodes accounting for ${fmt(r.flatSum)}, ${goPercentage(r.flatSum, r.total).trim()} of ${fmt(r.total)} total`);
  if (r.total !== 0) {
    const d = r.droppedNodes;
    if (d > 0) out.push(`Dropped ${d} ${d > 1 ? 'nodes' : 'node'} (cum <= ${fmt(Math.abs(Math.trunc(r.total * r.nodeFraction)))})`);
    const shown = r.rows.length;
    if (shown > 0 && shown < r.origCount) out.push(`Showing top ${shown} nodes out of ${r.origCount}`);
  }
  return out;
}

export const TOP_COLUMNS = '      flat  flat%   sum%        cum   cum%';

/** The whole `-top` report, ending with a newline. */
export function formatTop(p: Profile, r: TopResult, o: TopTextOptions = {}): string {
  const unit = outputUnit(r);
  const fmt = (v: number) => formatValue(v, r.sampleUnit, unit);
  const lines = topHeader(p, r, o);
  lines.push(TOP_COLUMNS);
  let sum = 0;
  for (const row of r.rows) {
    sum += row.flat;
    const inl = row.inline ? ` (${row.inline})` : '';
    lines.push(
      `${fmt(row.flat).padStart(10)} ${goPercentage(row.flat, r.total)} ${goPercentage(sum, r.total)} ${fmt(row.cum).padStart(10)} ${goPercentage(row.cum, r.total)}  ${row.name}${inl}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
