// What the heap table and the call graph do alike: keep the report's
// choices (the pprof options both views share), ask the worker for the
// view of them, keep the newest answer only, and turn what went wrong into
// a message — a field the worker refused (a bad regexp, under its field),
// the decoder gone, or a filter that hung it and has been cleared.

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ReportField as TopField, ReportQuery as TopReportQuery } from '../../core/report';
import { LoadError } from '../worker-client';
import { clearHangingFilters, stoppedFilters } from './hanging-filters';
import { parseTopHash, type TopChoices } from './hash';

export interface ReportError {
  /** The option it is about (shown under its field), or null for the whole view. */
  field: TopField | null;
  message: string;
}

/** The report's choices, from the hash at first; `stopped` says why filters were cleared after a decoder restart, until the next choice. */
export function useTopChoices() {
  const [choices, setChoices] = useState<TopChoices>(() => parseTopHash(location.hash));
  const [stopped, setStopped] = useState<string | null>(() => stoppedFilters.message);
  const onChoice = useCallback(<K extends keyof TopChoices>(key: K, value: TopChoices[K] | undefined) => {
    stoppedFilters.clear();
    setStopped(null);
    setChoices((c) => {
      const next = { ...c };
      if (value === undefined || value === '' || (key === 'nodeCount' && value === 0)) delete next[key];
      else next[key] = value;
      return next;
    });
  }, []);
  return { choices, setChoices, stopped, setStopped, onChoice };
}

type Answer<V> = { ok: true; view: V } | { ok: false; field: TopField | null; message: string };

export interface ReportRequest<V> {
  /** The request, made again whenever `key` changes; null while there is nothing to ask. */
  ask: (() => Promise<Answer<V>>) | null;
  key: readonly unknown[];
  /** The query asked (its patterns are the ones cleared if it hangs the decoder). */
  query: TopReportQuery;
  /** "The report", "The graph": the start of the message when the worker fails. */
  what: string;
  /** The newest answer's view; `generation` tells it from the ones before. */
  onView: (view: V, generation: number) => void;
  /** The query's patterns hung the decoder: `drop` takes them out of the choices; `message` says why. */
  onFiltersCleared: (drop: (c: TopChoices) => TopChoices, message: string) => void;
}

export function useReportRequest<V>(r: ReportRequest<V>): { pending: boolean; error: ReportError | null } {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ReportError | null>(null);
  const asked = useRef(0);
  useEffect(() => {
    if (!r.ask) return;
    const generation = ++asked.current;
    setPending(true);
    r.ask().then(
      (answer) => {
        if (generation !== asked.current) return;
        setPending(false);
        if (!answer.ok) {
          setError({ field: answer.field, message: answer.message });
          return;
        }
        setError(null);
        r.onView(answer.view, generation);
      },
      (e: unknown) => {
        const hung = e instanceof LoadError && e.code === 'worker-crashed' ? clearHangingFilters(r.query) : null;
        if (hung) {
          r.onFiltersCleared(hung.drop, hung.message);
          return;
        }
        if (generation !== asked.current) return;
        setPending(false);
        setError({ field: null, message: `${r.what} could not be computed: ${e instanceof Error ? e.message : String(e)}` });
      },
    );
  }, r.key);
  return { pending, error };
}
