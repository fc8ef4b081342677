// What every view does alike with the worker (the heap table, the call
// graph, the goroutines): ask for the view of its choices whenever they or
// the profiles change, keep the newest answer only, and turn what went wrong
// into a message — a field the worker refused (a bad regexp, under its
// field), a profile gone, the decoder gone. A view may deal with the decoder
// dying on its request itself (a report clears the filter that hung it).

import { useEffect, useRef, useState } from 'preact/hooks';
import type { ReportField as TopField } from '../../core/report';
import { WorkerError } from '../worker-client';

export interface ViewError {
  /** The option it is about (shown under its field), or null for the whole view. */
  field: TopField | null;
  message: string;
}

export interface ViewRequest<V> {
  /** The request, made again whenever `key` changes; null while there is nothing to ask. */
  ask: (() => Promise<V>) | null;
  key: readonly unknown[];
  /** "The report could not be computed": the start of the message when the worker fails. */
  failed: string;
  /** The newest answer's view; `generation` tells it from the ones before. */
  onView: (view: V, generation: number) => void;
  /** The decoder died while answering: true when the view has dealt with it (no message then). */
  onDecoderStopped?: () => boolean;
}

export function useViewRequest<V>(r: ViewRequest<V>): { pending: boolean; error: ViewError | null } {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ViewError | null>(null);
  const asked = useRef(0);
  /** The key the effect below last ran for (a request made, or nothing to ask). */
  const seen = useRef<readonly unknown[] | null>(null);
  // A question changed in this render is pending already: the request is made
  // after the paint, and the page must not look settled on the old answer in between.
  const asking = r.ask !== null && !sameKey(seen.current, r.key);
  useEffect(() => {
    seen.current = r.key;
    if (!r.ask) return;
    const generation = ++asked.current;
    setPending(true);
    r.ask().then(
      (view) => {
        if (generation !== asked.current) return;
        setPending(false);
        setError(null);
        r.onView(view, generation);
      },
      (e: unknown) => {
        if (e instanceof WorkerError && e.code === 'worker-crashed' && r.onDecoderStopped?.()) return;
        if (generation !== asked.current) return;
        setPending(false);
        // The worker's own answers (a refused query, a profile gone) say it all; anything else is a failure.
        if (e instanceof WorkerError && (e.code === 'refused' || e.code === 'not-loaded')) setError({ field: e.field, message: e.message });
        else setError({ field: null, message: `${r.failed}: ${e instanceof Error ? e.message : String(e)}` });
      },
    );
  }, r.key);
  return { pending: pending || asking, error };
}

const sameKey = (a: readonly unknown[] | null, b: readonly unknown[]) => a !== null && a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
