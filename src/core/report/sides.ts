// What pprof has no column for: a node's values in the base and in the
// current profile alone (ReportEngines.sides), matched by pprof's node key
// (fmt.Sprint(NodeInfo)), and the change between them in per cent.

import type { EngineOptions, ReportEngine } from './engine';

/** Flat and cum, in one profile alone, of the nodes with these keys (0 for a key the profile lacks), and its total. */
export function sideValues(e: ReportEngine, options: EngineOptions, keys: readonly string[]): { flat: Float64Array; cum: Float64Array; total: number } {
  const s = e.graphInput(options);
  const index = new Map<string, number>();
  keys.forEach((k, i) => index.set(k, i));
  const flat = new Float64Array(keys.length);
  const cum = new Float64Array(keys.length);
  const sprint = s.nodes.sprint;
  for (let n = 0; n < sprint.length; n++) {
    const k = index.get(sprint[n]);
    if (k !== undefined) {
      flat[k] = s.flat[n];
      cum[k] = s.cum[n];
    }
  }
  return { flat, cum, total: s.total };
}

/** Δ% of a row: (current − base) / |base| × 100. */
export function deltaPercent(base: number, current: number): number | null {
  if (base === 0) return current === 0 ? null : current > 0 ? Infinity : -Infinity;
  return ((current - base) / Math.abs(base)) * 100;
}

export function formatDelta(d: number | null): string {
  if (d === null) return '';
  if (!Number.isFinite(d)) return 'new';
  const a = Math.abs(d);
  const text = a >= 100 ? String(Math.round(a)) : a >= 0.05 ? a.toFixed(1) : a === 0 ? '0' : '<0.1';
  return `${d > 0 ? '+' : d < 0 ? '-' : ''}${text}%`;
}
