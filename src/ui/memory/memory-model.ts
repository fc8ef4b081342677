// What the memory view and its two links (heap row → goroutines, leak
// suspect → stack memory) draw, from the worker's answers. Pure: no Preact.

import { formatCount, type GoroutineView } from '../../core/goroutines';
import { bytesText, type FigureId, type MemAccounting, type MemFigure } from '../../core/memstats';
import type { TopViewRow } from '../../core/top';

/** The runtime metadata parts of Sys, drawn as one group. */
export const METADATA: readonly FigureId[] = ['mspan', 'mcache', 'gc', 'buckHash', 'other'];

/** 268704056 → "268,704,056" (not toLocaleString: its first call sets up ICU on the main thread). */
export function exactBytes(n: number): string {
  const sign = n < 0 ? '−' : '';
  return sign + String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** What a figure's hover says: its exact bytes and the MemStats fields it is read from. */
export function figureTitle(f: Pick<MemFigure, 'bytes' | 'formula'>, signed = false): string {
  const plus = signed && f.bytes > 0 ? '+' : '';
  return `${plus}${exactBytes(f.bytes)} bytes = ${signed ? 'Δ ' : ''}${f.formula}`;
}

/** The runtime metadata group: the sum of its parts, with the formula of the fields summed. */
export function metadataTotal(parts: readonly MemFigure[]): MemFigure | null {
  const mine = parts.filter((p) => METADATA.includes(p.id));
  if (mine.length === 0) return null;
  return { id: 'other', label: 'runtime metadata', formula: mine.map((p) => p.formula).join(' + '), bytes: mine.reduce((a, p) => a + p.bytes, 0) };
}

export interface BarSegment {
  id: FigureId;
  label: string;
  formula: string;
  bytes: number;
  /** Of the bar's whole length (the largest Sys of the snapshots drawn). */
  share: number;
}

/**
 * One snapshot's stacked bar: each part of Sys as a share of `scale` (the
 * largest Sys drawn, so bars of several snapshots compare by length).
 */
export function barSegments(a: MemAccounting, scale: number): BarSegment[] {
  const whole = scale > 0 ? scale : 1;
  return a.parts.filter((p) => p.bytes > 0).map((p) => ({ id: p.id, label: p.label, formula: p.formula, bytes: p.bytes, share: p.bytes / whole }));
}

/** Functions that allocate goroutine descriptors (src/core/memstats GOROUTINE_ALLOCATORS). */
const ALLOCATORS = ['runtime.malg', 'runtime.allgadd'];

/**
 * The first row of a heap diff that is a goroutine allocator and grew: at
 * function granularity its name is the function's, at lines or files it
 * starts with it.
 */
export function growingAllocatorRow(rows: readonly TopViewRow[] | undefined, diff: boolean): TopViewRow | null {
  if (!diff || !rows) return null;
  return rows.find((r) => r.flat > 0 && ALLOCATORS.some((fn) => r.name === fn || r.name.startsWith(`${fn} `))) ?? null;
}

export interface GoroutineGrowth {
  /** current − base goroutines. */
  delta: number;
  /** "+4,112 goroutines, mostly parked in main.f" */
  text: string;
  /** The top growing cluster's place of parking (or its first frame). */
  fn: string | null;
}

/** The goroutine diff in a sentence: how many more goroutines, and where the top growing cluster is parked. */
export function goroutineGrowth(view: GoroutineView): GoroutineGrowth | null {
  if (view.mode !== 'diff' || !view.base) return null;
  const delta = view.current.total - view.base.total;
  const top = view.rows.find((r) => r.delta > 0) ?? null;
  const fn = top ? (top.parkFrame?.fn ?? top.stack[0]?.fn ?? null) : null;
  const count = `${delta > 0 ? '+' : delta < 0 ? '−' : '±'}${formatCount(Math.abs(delta))} goroutine${Math.abs(delta) === 1 ? '' : 's'}`;
  const parked = top && top.parkFrame && top.states.length > 0 && top.parkedCount >= top.current / 2;
  const where = fn ? `, mostly ${parked ? 'parked' : 'growing'} in ${fn}` : '';
  return { delta, text: count + where, fn };
}

export interface StackEstimate {
  /** Bytes of goroutine stack per goroutine: StackInuse / goroutines. */
  perGoroutine: number;
  bytes: number;
  text: string;
}

/**
 * The goroutine stacks a cluster of `count` goroutines plausibly holds:
 * count × the typical stack (StackInuse of a heap profile over the
 * goroutines of a goroutine profile taken at the same moment).
 */
export function stackEstimate(count: number, stackInuse: number | undefined, goroutines: number): StackEstimate | null {
  if (stackInuse === undefined || goroutines <= 0 || count <= 0) return null;
  const perGoroutine = stackInuse / goroutines;
  const bytes = Math.round(count * perGoroutine);
  return {
    perGoroutine,
    bytes,
    text: `about ${bytesText(bytes)} of goroutine stacks (${formatCount(count)} × ${exactBytes(Math.round(perGoroutine))} bytes, StackInuse / goroutines)`,
  };
}

export interface HeapEstimate {
  /** The goroutine allocators' growth in the heap pair (runtime.malg, runtime.allgadd: flat, inuse_space). */
  allocatorGrowth: number;
  /** The suspects' share of the new goroutines (at most 1). */
  share: number;
  bytes: number;
  text: string;
}

/**
 * The heap the suspects' goroutines plausibly hold: the goroutine
 * allocators' growth in the heap pair (descriptors the runtime never frees)
 * times the suspects' share of the goroutines that appeared. Only what grew
 * is attributed; null when nothing did.
 */
export function heapEstimate(rows: readonly TopViewRow[], suspectGrowth: number, goroutineGrowth: number): HeapEstimate | null {
  const grown = rows.filter((r) => r.flat > 0 && ALLOCATORS.some((fn) => r.name === fn));
  const allocatorGrowth = grown.reduce((a, r) => a + r.flat, 0);
  if (allocatorGrowth <= 0 || suspectGrowth <= 0 || goroutineGrowth <= 0) return null;
  const share = Math.min(1, suspectGrowth / goroutineGrowth);
  const bytes = Math.round(allocatorGrowth * share);
  const which = grown.map((r) => `${r.name} +${r.flatText}`).join(', ');
  const part = share < 1 ? ` × ${formatCount(suspectGrowth)} of the ${formatCount(goroutineGrowth)} new goroutines` : '';
  return { allocatorGrowth, share, bytes, text: `about ${bytesText(bytes)} of heap in goroutine descriptors (${which} in the heap pair${part})` };
}
