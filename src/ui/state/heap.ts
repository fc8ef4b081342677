// What the heap view compares, and its defaults. Pure selectors over
// FilesState (state/files.ts), like state/views.ts for the goroutine view.
//
// Every loaded profile that is not a goroutine profile takes part (heap,
// allocs, CPU, mutex…): the newest in role order is the current one, and the
// base is the oldest with the same sample types (else the oldest of any
// kind: the worker then offers each profile alone, since pprof cannot
// subtract a CPU profile from a heap profile).

import type { ProfileKind } from '../../core/summary';
import type { FilesState } from './files';

export interface HeapPair {
  currentId: string;
  currentName: string;
  currentKind: ProfileKind;
  baseId: string | null;
  baseName: string | null;
  baseKind: ProfileKind | null;
  /** Profiles loaded but not compared (neither the base nor the current one). */
  ignored: number;
  /** Sample types of the current profile (the choices before the worker answers). */
  sampleTypes: { type: string; unit: string }[];
  defaultSampleType: string;
}

export function heapPair(state: FilesState): HeapPair | null {
  const byId = new Map(state.entries.map((e) => [e.id, e]));
  const ids = state.order.filter((id) => {
    const e = byId.get(id);
    return e?.status === 'ready' && e.loaded && e.loaded.summary.kind !== 'goroutine';
  });
  if (ids.length === 0) return null;
  const current = byId.get(ids[ids.length - 1])!;
  const cs = current.loaded!.summary;
  const signature = (types: { type: string; unit: string }[]) => types.map((t) => `${t.type}/${t.unit}`).join(' ');
  const others = ids.slice(0, -1).map((id) => byId.get(id)!);
  const base = others.find((e) => signature(e.loaded!.summary.sampleTypes) === signature(cs.sampleTypes)) ?? others[0] ?? null;
  return {
    currentId: current.id,
    currentName: current.name,
    currentKind: cs.kind,
    baseId: base?.id ?? null,
    baseName: base?.name ?? null,
    baseKind: base?.loaded?.summary.kind ?? null,
    ignored: Math.max(0, ids.length - 2),
    sampleTypes: cs.sampleTypes,
    defaultSampleType: cs.defaultSampleType,
  };
}

const HEAPS: readonly ProfileKind[] = ['heap', 'allocs'];

/**
 * "Blame your code" is on by default for two heap profiles: what grew is
 * then charged to the user's frames, not to the allocator in a library.
 * pprof's attribution otherwise.
 */
export function defaultBlame(pair: HeapPair | null): boolean {
  return pair !== null && pair.baseKind !== null && HEAPS.includes(pair.currentKind) && HEAPS.includes(pair.baseKind);
}
