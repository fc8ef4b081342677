// Each kind's chosen pair and the URL hash (state/pair-hash.ts), both ways.
// A pair read from the hash (on load, or edited by hand) waits until its
// files are there and nothing is loading any more (a `@N` names a place, so
// it is read once the kind's order is final), then becomes the kind's pick;
// a kind whose files never come keeps its pair in the hash. A pick made on
// the page (the timeline, Swap) is written back, and wins over a pair still
// waiting for the same kind.

import { useEffect, useRef } from 'preact/hooks';
import type { ProfileKind } from '../../core/summary';
import { useHashState } from '../hooks/useHashState';
import { kindPair, type FilesState } from '../state/files';
import { pairRefs, parsePairHash, resolvePairRefs, samePairRefs, writePairHash, type PairRefs } from '../state/pair-hash';

export function usePairHash(state: FilesState, pick: (kind: ProfileKind, baseId: string, currentId: string) => void): void {
  const [refs, setRefs] = useHashState(parsePairHash, writePairHash);
  const lastRefs = useRef<PairRefs | null>(null);
  const waiting = useRef<PairRefs>({});
  const derived = pairRefs(state);
  const lastDerived = useRef(derived);

  useEffect(() => {
    if (refs !== lastRefs.current) {
      lastRefs.current = refs;
      waiting.current = { ...refs };
    }
    if (!samePairRefs(derived, lastDerived.current)) {
      lastDerived.current = derived;
      for (const kind of Object.keys(derived) as ProfileKind[]) delete waiting.current[kind];
      const next = { ...waiting.current, ...derived };
      setRefs((prev) => (samePairRefs(prev, next) ? prev : next));
      return;
    }
    if (state.entries.some((e) => e.status === 'loading')) return;
    for (const [kind, r] of Object.entries(waiting.current) as [ProfileKind, readonly [string, string]][]) {
      const want = resolvePairRefs(state, kind, r);
      if (!want) continue;
      delete waiting.current[kind];
      const pair = kindPair(state, kind);
      if (pair && (pair.baseId !== want.baseId || pair.currentId !== want.currentId)) pick(kind, want.baseId, want.currentId);
    }
  });
}
