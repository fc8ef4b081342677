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

import { formatValue, minimumUnit, scaleValue } from '../format/values';
import { goPercentage } from '../format/percent';
import type { Profile } from '../model/profile';
import { ATTRIBUTION_HEADER } from './attribution';
import { baseName } from './nodes';
import type { TopResult } from './engine';

export interface TopTextOptions {
  /** "focus=…" lines (filter/index.ts activeFilters). */
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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's time layout "Jan 2, 2006 at 3:04pm (MST)" in UTC. */
export function formatPprofTime(nanos: number): string {
  const d = new Date(Math.floor(nanos / 1e6));
  const h = d.getUTCHours();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} at ${h12}:${mm}${h < 12 ? 'am' : 'pm'} (UTC)`;
}

/** The values a report's labels speak of (a TopResult, or a call graph's). */
export interface ReportTotals {
  sampleType: string;
  sampleUnit: string;
  total: number;
}

/** pprof's ProfileLabels: File, Build ID, comments, Type, Time, Duration. */
export function profileLabels(p: Profile, r: ReportTotals, fmt: (v: number) => string): string[] {
  const out: string[] = [];
  if (p.mappings.length > 0) {
    const file = p.strings[p.mappings.filename[0]];
    if (file !== '') out.push(`File: ${baseName(file)}`);
    const buildId = p.strings[p.mappings.buildId[0]];
    if (buildId !== '') out.push(`Build ID: ${buildId}`);
  }
  for (const c of p.comments) {
    const text = p.strings[c];
    if (!text.startsWith('#')) out.push(text);
  }
  if (r.sampleType !== '') out.push(`Type: ${r.sampleType}`);
  if (p.timeNanos !== 0) out.push(`Time: ${formatPprofTime(p.timeNanos)}`);
  if (p.durationNanos !== 0) {
    const duration = formatValue(p.durationNanos, 'nanoseconds', 'auto');
    const inNs = scaleValue(r.total, r.sampleUnit, 'nanoseconds');
    const ratio = inNs.unit === 'ns' && Math.trunc(inNs.value) !== 0 ? `(${goPercentage(Math.trunc(inNs.value), p.durationNanos)})` : '';
    out.push(`Duration: ${duration}, Total samples = ${fmt(r.total)} ${ratio}`);
  }
  return out;
}

/** pprof's legendActiveFilters: "Active filters:" and the filters, each cut at 80 bytes. */
export function activeFilterLabels(filters: readonly string[]): string[] {
  if (filters.length === 0) return [];
  return ['Active filters:', ...filters.map((f) => `   ${truncate80(f)}`)];
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

/** Go's s[:80] + "…" on the UTF-8 bytes of an active filter (cut at a character boundary here). */
function truncate80(s: string): string {
  let bytes = 0;
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes + n > 80) return `${out}…`;
    bytes += n;
    out += ch;
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
