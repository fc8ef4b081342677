// Which analysis views the loaded files allow, which kind of profile the
// report views show, and what the goroutine view compares. Pure selectors
// over FilesState (state/files.ts).
//
// Every kind pairs among itself (state/files.ts): the goroutine view compares
// the goroutine kind's pair; the table and the graph the pair of one
// sample-based kind (heap, allocs, CPU, mutex, block, threadcreate, unknown),
// the one chosen (state/kind-hash.ts) or the first loaded.

import type { ProfileKind } from '../../core/summary';
import { kindIds, kindPair, loadedKinds, type FilesState } from './files';

export type ViewName = 'heap' | 'graph' | 'flame' | 'calltree' | 'goroutines' | 'memory' | 'trend';

export interface AvailableViews {
  /** The table: any loaded profile that is not a goroutine profile (heap, allocs, CPU, …). */
  heap: boolean;
  /** The call graph of the table's report: whenever that view is there. */
  graph: boolean;
  /** The flame graph of the table's report: whenever that view is there. */
  flame: boolean;
  /** The call tree of the table's report: whenever that view is there. */
  calltree: boolean;
  goroutines: boolean;
  /** Any heap (or allocs) profile (memoryViewAvailable): where the process's memory is, from MemStats. */
  memory?: boolean;
  /** A kind with TREND_MIN ready profiles or more (trendKinds): how each function (or goroutine cluster) moved across them. */
  trend?: boolean;
}

/** The kinds the table and the graph can show: every loaded kind but goroutine, in load order. */
export function reportKinds(state: FilesState): ProfileKind[] {
  return loadedKinds(state).filter((k) => k !== 'goroutine');
}

/** The kind the report views show: the one chosen if it is loaded, else the first loaded; null with none. */
export function reportKind(state: FilesState, chosen: ProfileKind | null): ProfileKind | null {
  const kinds = reportKinds(state);
  return chosen && kinds.includes(chosen) ? chosen : (kinds[0] ?? null);
}

export function availableViews(state: FilesState): AvailableViews {
  let heap = false;
  let goroutines = false;
  for (const e of state.entries) {
    if (e.status !== 'ready' || !e.loaded) continue;
    if (e.loaded.summary.kind === 'goroutine') goroutines = true;
    else heap = true;
  }
  return { heap, graph: heap, flame: heap, calltree: heap, goroutines };
}

/** Whether the memory view has something to say: any heap or allocs profile (with MemStats or not: it then says where to get them). */
export function memoryViewAvailable(state: FilesState): boolean {
  return memoryProfileIds(state).length > 0;
}

/** Heap and allocs profiles in role order (by time, else drop order): the memory view's snapshots. */
export function memoryProfileIds(state: FilesState): string[] {
  const byId = new Map(state.entries.map((e) => [e.id, e]));
  return state.order.filter((id) => {
    const kind = byId.get(id)?.loaded?.summary.kind;
    return byId.get(id)?.status === 'ready' && (kind === 'heap' || kind === 'allocs');
  });
}

/** The views of the report kind's comparison (the table's query, its kind choice): every view but goroutines, memory and trend (its own choice of series). */
export function isReportView(view: ViewName | null): boolean {
  return view !== null && view !== 'goroutines' && view !== 'memory' && view !== 'trend';
}

/** The view shown: the one chosen if it is there, else the table, else goroutines; null with nothing loaded. */
export function activeView(available: AvailableViews, chosen: ViewName | null): ViewName | null {
  if (chosen && available[chosen]) return chosen;
  if (available.heap) return 'heap';
  if (available.goroutines) return 'goroutines';
  return null;
}

export interface GoroutinePair {
  currentId: string;
  currentName: string;
  baseId: string | null;
  baseName: string | null;
  /** Goroutine profiles loaded but not compared. */
  ignored: number;
}

/** The goroutine profiles compared: the goroutine kind's pair (state/files.ts); one alone is a snapshot. */
export function goroutinePair(state: FilesState): GoroutinePair | null {
  const pair = kindPair(state, 'goroutine', true);
  if (!pair) return null;
  const name = (id: string | null) => (id === null ? null : (state.entries.find((e) => e.id === id)?.name ?? null));
  return {
    currentId: pair.currentId,
    currentName: name(pair.currentId)!,
    baseId: pair.baseId,
    baseName: name(pair.baseId),
    ignored: pair.ids.length - (pair.baseId === null ? 1 : 2),
  };
}

/** Snapshots of a kind the trend view needs (two are a pair: the table shows them). */
export const TREND_MIN = 3;

/** The kinds with TREND_MIN ready profiles or more, goroutine included, in load order: what the trend view can show. */
export function trendKinds(state: FilesState): ProfileKind[] {
  return loadedKinds(state).filter((k) => kindIds(state, k, true).length >= TREND_MIN);
}
