// The memory report as terminal text (the CLI's -memstats): per file the
// parts of Sys with pprof-style units and the exact bytes of the `#` lines,
// then the Δ of the pair, each followed by its findings.

import type { FigureDelta, MemFigure } from './accounting';
import { bytesText, signedBytesText, type MemFinding } from './findings';
import type { MemoryFileReport, MemoryReport } from './index';

const LABEL = 42;
const pad = (s: string, n: number) => s.padStart(n);

function figureLine(f: MemFigure, depth: number): string {
  const inuse = f.inuse !== undefined ? `  (in use ${bytesText(f.inuse)})` : '';
  return `${'  '.repeat(depth)}${f.label}`.padEnd(LABEL) + `${pad(bytesText(f.bytes), 10)} ${pad(String(f.bytes), 12)}  ${f.formula}${inuse}`;
}

function deltaLine(d: FigureDelta | { label: string; formula: string; base: number; current: number; delta: number }, depth: number): string {
  return (
    `${'  '.repeat(depth)}${d.label}`.padEnd(LABEL) +
    `${pad(bytesText(d.base), 10)} ${pad(bytesText(d.current), 10)} ${pad(signedBytesText(d.delta), 11)}  ${d.formula}`
  );
}

function findingLines(findings: MemFinding[]): string[] {
  const out: string[] = [];
  for (const f of findings) {
    out.push('', `${f.severity === 'warning' ? '!' : '-'} ${f.title}`);
    for (const a of f.advice) out.push(`    ${a}`);
    out.push(`    (${f.rule})`);
  }
  return out;
}

function fileLines(r: MemoryFileReport): string[] {
  const out = [r.snapshot.name];
  const a = r.accounting;
  if (a) {
    out.push(`${''.padEnd(LABEL)}${pad('', 10)} ${pad('bytes', 12)}  MemStats`);
    out.push(figureLine(a.sys, 1));
    for (const p of a.parts) {
      out.push(figureLine(p, 2));
      if (p.id === 'heapInuse') {
        out.push(`      objects, live or not yet swept`.padEnd(LABEL) + `${pad(bytesText(a.heapAlloc), 10)} ${pad(String(a.heapAlloc), 12)}  HeapAlloc`);
        if (a.profile) {
          const share = `${Math.round(a.profile.ofHeapInuse * 100)}% of HeapInuse, ${Math.round(a.profile.ofHeapAlloc * 100)}% of HeapAlloc`;
          out.push(`      live objects in the heap profile`.padEnd(LABEL) + `${pad(bytesText(a.profile.inuseSpace), 10)} ${pad('', 12)}  inuse_space, ${share}`);
        }
      }
    }
    if (a.unexplained !== 0) out.push(`    not in the fields above`.padEnd(LABEL) + `${pad(bytesText(a.unexplained), 10)} ${pad(String(a.unexplained), 12)}`);
    if (a.missing.length > 0) out.push(`  The file lacks ${a.missing.join(', ')}.`);
  }
  out.push(...findingLines(r.findings));
  return out;
}

export function formatMemoryReport(report: MemoryReport): string {
  const out: string[] = [];
  for (const f of report.files) out.push(...fileLines(f), '');
  const p = report.pair;
  if (p) {
    const d = p.delta;
    out.push(`Δ ${report.files[p.base].snapshot.name} → ${report.files[p.current].snapshot.name}`);
    out.push(`${''.padEnd(LABEL)}${pad('base', 10)} ${pad('current', 10)} ${pad('Δ', 11)}  MemStats`);
    out.push(deltaLine(d.sys, 1));
    for (const x of d.parts) out.push(deltaLine(x, 2));
    if (d.inuseSpace) out.push(deltaLine({ label: 'live objects in the heap profile', formula: 'inuse_space', ...d.inuseSpace }, 1));
    if (d.goroutineDescriptors) out.push(deltaLine({ label: 'goroutine descriptors', formula: 'inuse_space under runtime.malg, runtime.allgadd', ...d.goroutineDescriptors }, 1));
    out.push(...findingLines(p.findings), '');
  }
  return `${out.join('\n')}\n`;
}
