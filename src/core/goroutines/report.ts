// The goroutine report as terminal text (the CLI's -goroutines): clusters in
// the report's order (largest growth first, or largest first), each with its
// counts, states, reason, parking frame and top frames.

import type { GoroutineCluster, GoroutineFrame } from './cluster';
import type { GoroutineReport, GoroutineRow } from './diff';
import { PARKED } from './states';
import { formatCount } from './text';

export interface FormatOptions {
  /** Clusters shown; default 20. */
  limit?: number;
  /** Frames shown per cluster (runtime frames at the leaf fold into one line); default 8. */
  frames?: number;
  /** Show the runtime's frames instead of folding them; default false. */
  runtime?: boolean;
}

export function formatGoroutineReport(report: GoroutineReport, options: FormatOptions = {}): string {
  const limit = options.limit ?? 20;
  const maxFrames = options.frames ?? 8;
  const out: string[] = [];
  const cur = report.current;
  const clusters = (n: number) => `${formatCount(n)} cluster${n === 1 ? '' : 's'}`;
  if (report.mode === 'diff' && report.base) {
    const b = report.base;
    const d = cur.total - b.total;
    out.push(
      `Goroutines: ${formatCount(b.total)} → ${formatCount(cur.total)} (${signed(d)}), ` +
        `${clusters(b.clusters)} → ${clusters(cur.clusters)}, clustered by ${report.level}`,
    );
    const c = report.criteria;
    out.push(
      report.suspects === 0
        ? 'No leak suspect.'
        : `${formatCount(report.suspects)} leak suspect${report.suspects === 1 ? '' : 's'} ` +
            `(grew by ≥ max(${c.minDelta}, ${Math.round(c.minGrowth * 100)}% of base), ` +
            `≥ ${Math.round(c.minParkedShare * 100)}% parked, waiting ≥ ${c.minWaitMinutes} min where the dump says).`,
    );
  } else {
    out.push(`Goroutines: ${formatCount(cur.total)} in ${clusters(cur.clusters)}, clustered by ${report.level}`);
    const long = report.rows.filter((r) => r.parkedLong).length;
    if (long > 0) out.push(`${formatCount(long)} cluster${long === 1 ? '' : 's'} parked for ${report.criteria.minWaitMinutes} minute or more.`);
  }
  if (cur.stateSource === 'stack' || report.base?.stateSource === 'stack') {
    out.push('States read off the stacks (the profile has no goroutine headers).');
  }
  out.push('');

  const rows = report.rows.slice(0, limit);
  const diff = report.mode === 'diff';
  const head = diff
    ? `${pad('delta', 9)} ${pad('base', 9)} ${pad('current', 9)}  states`
    : `${pad('count', 9)}  states`;
  out.push(head);
  for (const row of rows) {
    out.push('');
    out.push(...formatRow(row, diff, maxFrames, options.runtime ?? false, report.criteria.minWaitMinutes));
  }
  if (report.rows.length > rows.length) {
    out.push('', `… ${formatCount(report.rows.length - rows.length)} more clusters (limit ${limit}).`);
  }
  return `${out.join('\n')}\n`;
}

function formatRow(row: GoroutineRow, diff: boolean, maxFrames: number, showRuntime: boolean, minWait: number): string[] {
  const c = row.cluster;
  const flag = row.suspect ? '  LEAK SUSPECT' : row.parkedLong ? `  parked ≥ ${minWait} min` : '';
  const counts = diff
    ? `${pad(signed(row.delta), 9)} ${pad(formatCount(row.base), 9)} ${pad(formatCount(row.current), 9)}`
    : pad(formatCount(row.current), 9);
  const lines = [`${counts}  ${states(c)}${flag}`];
  const ind = ' '.repeat(diff ? 31 : 11);
  lines.push(`${ind}${row.reason}`);
  lines.push(...stackLines(c, maxFrames, showRuntime).map((l) => ind + l));
  if (c.createdBy) {
    const n = c.createdBy.count === c.count ? '' : ` (${formatCount(c.createdBy.count)} of them)`;
    lines.push(`${ind}created by ${frameText(c.createdBy.frame)}${n}`);
  }
  if (c.lockedToThread > 0) lines.push(`${ind}locked to thread: ${formatCount(c.lockedToThread)}`);
  for (const l of c.labels) lines.push(`${ind}labels {${l.labels}}: ${formatCount(l.count)}`);
  if (c.stackVariants > 1) lines.push(`${ind}(${formatCount(c.stackVariants)} different stacks; the most common shown)`);
  return lines;
}

function states(c: GoroutineCluster): string {
  const parts = c.states.slice(0, 3).map((s) => `${s.state} ${formatCount(s.count)}`);
  if (c.states.length > 3) parts.push(`+${c.states.length - 3} more`);
  let s = parts.join(', ');
  if (c.waitMinutes && c.waitMinutes.max > 0) {
    const { min, max } = c.waitMinutes;
    s += min === max ? ` (${formatCount(max)} min)` : ` (${formatCount(min)}–${formatCount(max)} min)`;
  }
  return s;
}

function stackLines(c: GoroutineCluster, maxFrames: number, showRuntime: boolean): string[] {
  const out: string[] = [];
  let i = 0;
  const frames = c.stack;
  let parkIdx = frames.findIndex((f) => f.kind !== 'runtime' && f.kind !== 'unknown');
  if (parkIdx < 0) parkIdx = 0;
  const parked = c.states.length > 0 && PARKED.has(c.states[0].category);
  if (!showRuntime) {
    while (i < frames.length && (frames[i].kind === 'runtime' || frames[i].kind === 'unknown') && i < frames.length - 1) i++;
    if (i > 0) out.push(`… ${i} runtime frame${i === 1 ? '' : 's'}`);
  }
  const width = Math.min(60, Math.max(0, ...frames.slice(i, i + maxFrames).map((f) => f.fn.length + (f.inline ? 9 : 0))));
  let shown = 0;
  for (; i < frames.length && shown < maxFrames; i++, shown++) {
    const f = frames[i];
    const name = f.fn + (f.inline ? ' (inline)' : '');
    const at = f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : '';
    const mark = i === parkIdx && parked && c.parkFrame && sameFrame(f, c.parkFrame) ? '  <- parked here' : '';
    out.push(`${name.padEnd(width)}  ${at}${f.kind === 'stdlib' || f.kind === 'runtime' ? `  [${f.kind}]` : ''}${mark}`.trimEnd());
  }
  if (i < frames.length) out.push(`… ${frames.length - i} more frame${frames.length - i === 1 ? '' : 's'}`);
  return out;
}

function sameFrame(a: GoroutineFrame, b: GoroutineFrame): boolean {
  return a.fn === b.fn && a.file === b.file && a.line === b.line;
}

function frameText(f: GoroutineFrame): string {
  return `${f.fn}${f.file ? ` ${f.file}${f.line ? `:${f.line}` : ''}` : ''}`;
}

function signed(n: number): string {
  return n > 0 ? `+${formatCount(n)}` : n < 0 ? `-${formatCount(-n)}` : '0';
}

function pad(s: string, n: number): string {
  return s.padStart(n);
}
