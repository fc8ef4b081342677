// What the table and the graph compare, and their defaults. Pure selectors
// over FilesState (state/files.ts), like state/views.ts for the goroutine view.
//
// The pair is one kind's (heap, allocs, CPU, mutex…: state/files.ts pairs
// profiles by kind only), the kind the report views show (state/views.ts).

import { blamesByDefault, type ProfileKind } from '../../core/summary';
import { kindPair, type FilesState } from './files';
import { reportKind } from './views';

export interface HeapPair {
  kind: ProfileKind;
  currentId: string;
  currentName: string;
  currentKind: ProfileKind;
  baseId: string | null;
  baseName: string | null;
  baseKind: ProfileKind | null;
  /** Profiles of this kind loaded but not compared (neither the base nor the current one). */
  ignored: number;
  /** Sample types of the current profile (the choices before the worker answers). */
  sampleTypes: { type: string; unit: string }[];
  defaultSampleType: string;
}

/** The pair of the kind chosen for the report views (else the first loaded kind); null with none. */
export function heapPair(state: FilesState, chosenKind: ProfileKind | null = null): HeapPair | null {
  const kind = reportKind(state, chosenKind);
  const pair = kind && kindPair(state, kind, true);
  if (!pair) return null;
  // A profile alone while other files load waits for them: one of them is about to make it a pair,
  // and its report would take a core from their decoding (the wide pair: 2 s of the worker's, while
  // the larger file decoded).
  if (pair.baseId === null && filesLoading(state) > 0) return null;
  const byId = new Map(state.entries.map((e) => [e.id, e]));
  const current = byId.get(pair.currentId)!;
  const base = pair.baseId === null ? null : byId.get(pair.baseId)!;
  const cs = current.loaded!.summary;
  return {
    kind,
    currentId: current.id,
    currentName: current.name,
    currentKind: cs.kind,
    baseId: base?.id ?? null,
    baseName: base?.name ?? null,
    baseKind: base?.loaded?.summary.kind ?? null,
    ignored: pair.ids.length - (base ? 2 : 1),
    sampleTypes: cs.sampleTypes,
    defaultSampleType: cs.defaultSampleType,
  };
}

/** Files still loading (what a profile alone waits for, heapPair). */
export function filesLoading(state: FilesState): number {
  return state.entries.filter((e) => e.status === 'loading').length;
}

/**
 * "Blame your code" is on by default for two heap profiles (blamesByDefault);
 * pprof's attribution otherwise (CPU, mutex, block…, and one profile alone).
 */
export function defaultBlame(pair: HeapPair | null): boolean {
  return pair !== null && pair.baseKind !== null && blamesByDefault(pair.currentKind) && blamesByDefault(pair.baseKind);
}

/** The same for a series of one kind (the trend view): on for heap and allocs snapshots. */
export function defaultSeriesBlame(kind: ProfileKind): boolean {
  return blamesByDefault(kind);
}
