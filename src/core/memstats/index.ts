// Memory accounting from the `# runtime.MemStats` block of ?debug=1 heap
// profiles: where the process's memory is, what changed between two
// snapshots, and findings in plain words. Everything returned is a plain
// object (numbers and strings), so the worker can send it to the page as is.
//
//   snapshot.ts    one decoded profile → MemorySnapshot (MemStats + heap profile figures)
//   accounting.ts  the parts of Sys, and their Δ between two snapshots
//   findings.ts    rules with documented thresholds → findings with their figures
//   fields.ts      MemStats as Go typed it (exact integers) for JSON output
//   text.ts        the report as terminal text (CLI -memstats)

import { memAccounting, memAccountingDelta, type MemAccounting, type MemAccountingDelta } from './accounting';
import { pairFindings, snapshotFindings, type MemFinding } from './findings';
import type { MemorySnapshot } from './snapshot';

export * from './accounting';
export * from './fields';
export * from './findings';
export * from './snapshot';
export * from './text';

export interface MemoryFileReport {
  snapshot: MemorySnapshot;
  /** Absent when the file has no MemStats (a finding says where to get them). */
  accounting?: MemAccounting;
  findings: MemFinding[];
}

export interface MemoryPairReport {
  /** Indexes into the report's files. */
  base: number;
  current: number;
  delta: MemAccountingDelta;
  findings: MemFinding[];
}

export interface MemoryReport {
  files: MemoryFileReport[];
  pair?: MemoryPairReport;
}

export function memoryFileReport(s: MemorySnapshot): MemoryFileReport {
  const accounting = memAccounting(s);
  return { snapshot: s, ...(accounting ? { accounting } : {}), findings: snapshotFindings(s) };
}

/** base → current, both indexes into `snapshots`; undefined unless both have MemStats. */
export function memoryPair(snapshots: MemorySnapshot[], base: number, current: number): MemoryPairReport | undefined {
  const b = snapshots[base];
  const c = snapshots[current];
  const delta = b && c ? memAccountingDelta(b, c) : undefined;
  if (!delta) return undefined;
  return { base, current, delta, findings: pairFindings(b, c) };
}

/**
 * Each snapshot's accounting and findings, and the pair's Δ: by default the
 * first and the last snapshots that have MemStats.
 */
export function memoryReport(snapshots: MemorySnapshot[], pair?: { base: number; current: number }): MemoryReport {
  const files = snapshots.map(memoryFileReport);
  const withStats = snapshots.flatMap((s, i) => (s.memStats ? [i] : []));
  const chosen = pair ?? (withStats.length >= 2 ? { base: withStats[0], current: withStats[withStats.length - 1] } : undefined);
  const p = chosen ? memoryPair(snapshots, chosen.base, chosen.current) : undefined;
  return { files, ...(p ? { pair: p } : {}) };
}
