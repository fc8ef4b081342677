// Which analysis views the loaded files allow, and what the goroutine view
// compares. Pure selectors over FilesState (state/files.ts).
//
// Goroutine profiles pair among themselves: with a heap pair and a goroutine
// pair loaded, the goroutine view compares the older goroutine profile with
// the newer one, in the same role order the cards use (by time, else drop
// order; swap reverses it).

import type { FilesState } from './files';

export type ViewName = 'heap' | 'graph' | 'goroutines' | 'memory';

export interface AvailableViews {
  /** Any loaded profile that is not a goroutine profile (heap, allocs, CPU, …). */
  heap: boolean;
  /** The call graph of the heap view's report: whenever that view is there. */
  graph: boolean;
  goroutines: boolean;
  /** Any heap (or allocs) profile (memoryViewAvailable): where the process's memory is, from MemStats. */
  memory?: boolean;
}

export function availableViews(state: FilesState): AvailableViews {
  let heap = false;
  let goroutines = false;
  for (const e of state.entries) {
    if (e.status !== 'ready' || !e.loaded) continue;
    if (e.loaded.summary.kind === 'goroutine') goroutines = true;
    else heap = true;
  }
  return { heap, graph: heap, goroutines };
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

/** The view shown: the one chosen if it is there, else heap, else goroutines; null with nothing loaded. */
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
  /** Goroutine profiles loaded between base and current: not compared. */
  ignored: number;
}

/** The goroutine profiles compared: the first and last in role order; one alone is a snapshot. */
export function goroutinePair(state: FilesState): GoroutinePair | null {
  const byId = new Map(state.entries.map((e) => [e.id, e]));
  const ids = state.order.filter((id) => {
    const e = byId.get(id);
    return e?.status === 'ready' && e.loaded?.summary.kind === 'goroutine';
  });
  if (ids.length === 0) return null;
  const current = byId.get(ids[ids.length - 1])!;
  const base = ids.length >= 2 ? byId.get(ids[0])! : null;
  return {
    currentId: current.id,
    currentName: current.name,
    baseId: base?.id ?? null,
    baseName: base?.name ?? null,
    ignored: Math.max(0, ids.length - 2),
  };
}
