// The labels every pprof report opens with (internal/report ProfileLabels,
// legendActiveFilters): the -top text's header and the graph's legend.

import { goPercentage, formatValue, scaleValue } from '../format';
import type { Profile } from '../model';
import { baseName } from './nodes';

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
