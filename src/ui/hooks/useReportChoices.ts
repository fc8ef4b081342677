// The report's choices, shared by the heap table and the call graph: pprof's
// options (state/hash.ts) and the graph's own fractions (state/graph-hash.ts),
// in one URL hash (useHashState), so a focus set by clicking a node is the
// table's focus too. Also why the filters were last cleared after a decoder
// restart. App holds them: they outlive a panel unmounted while its profiles
// load again.

import { useCallback, useState } from 'preact/hooks';
import type { FilterOptions } from '../../core/filter';
import { parseGraphHash, writeGraphHash, type GraphChoices } from '../state/graph-hash';
import { hangingFilters } from '../state/hanging-filters';
import { focusFunctionHash, parseTopHash, writeTopHash, type TopChoices } from '../state/hash';
import type { ViewError } from './useViewRequest';
import { useHashState } from './useHashState';

export interface ReportChoices {
  choices: TopChoices;
  graphChoices: GraphChoices;
  /** One of pprof's options set (undefined, "" or a nodecount of 0: back to its default). */
  onChoice: <K extends keyof TopChoices>(key: K, value: TopChoices[K] | undefined) => void;
  onGraphChoice: <K extends keyof GraphChoices>(key: K, value: GraphChoices[K] | undefined) => void;
  /** Choices changed by the view itself (not a choice of the user's: the message of `stopped` stays). */
  updateChoices: (update: (c: TopChoices) => TopChoices) => void;
  /** The view's error, or why the filters were cleared after a decoder restart (until the user's next choice). */
  shownError: (error: ViewError | null) => ViewError | null;
  /** A request of `query` died with the decoder: its patterns leave the choices. True when it had any. */
  onDecoderStopped: (query: FilterOptions) => boolean;
  /** Focuses the heap views on one function, as clicking its row does (a goroutine frame's function links here). */
  focusFunction: (fn: string) => void;
  /** Adds a row's focus regexp to what is hidden (a graph node's shift-click, the call tree's Hide). */
  hideFunction: (focus: string) => void;
}

export function useReportChoices(): ReportChoices {
  const [choices, setChoices] = useHashState(parseTopHash, writeTopHash);
  const [graphChoices, setGraphChoices] = useHashState(parseGraphHash, writeGraphHash);
  const [stopped, setStopped] = useState<string | null>(null);

  const onChoice = useCallback(<K extends keyof TopChoices>(key: K, value: TopChoices[K] | undefined) => {
    setStopped(null);
    setChoices((c) => {
      const next = { ...c };
      if (value === undefined || value === '' || (key === 'nodeCount' && value === 0)) delete next[key];
      else next[key] = value;
      return next;
    });
  }, []);
  const onGraphChoice = useCallback(<K extends keyof GraphChoices>(key: K, value: GraphChoices[K] | undefined) => {
    setGraphChoices((c) => {
      const next = { ...c };
      if (value === undefined) delete next[key];
      else next[key] = value;
      return next;
    });
  }, []);
  const onDecoderStopped = useCallback((query: FilterOptions) => {
    const hung = hangingFilters(query);
    if (!hung) return false;
    setChoices(hung.drop);
    setStopped(hung.message);
    return true;
  }, []);
  const focusFunction = useCallback((fn: string) => setChoices((c) => parseTopHash(focusFunctionHash(writeTopHash('', c), fn))), []);
  const hideFunction = useCallback(
    (focus: string) =>
      setChoices((c) => {
        const parts = c.hide ? c.hide.split('|') : [];
        return parts.includes(focus) ? c : { ...c, hide: [...parts, focus].join('|') };
      }),
    [],
  );
  const shownError = (error: ViewError | null) => error ?? (stopped ? { field: null, message: stopped } : null);
  return { choices, graphChoices, onChoice, onGraphChoice, updateChoices: setChoices, shownError, onDecoderStopped, focusFunction, hideFunction };
}
