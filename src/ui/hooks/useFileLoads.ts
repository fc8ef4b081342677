// The files of the page and their loads: the state (state/files.ts), each
// load started and cancelled through the worker bridge with its own
// AbortSignal, progress and results drawn once a frame, and every profile the decoder
// held loaded again from its File when the decoder had to be restarted.

import { useCallback, useEffect, useReducer, useRef, useState } from 'preact/hooks';
import type { ProfileKind } from '../../core/summary';
import type { NamedBlob } from '../examples';
import { initialState, reducer, type Action, type Entry, type FilesState } from '../state/files';
import { CRASH_MESSAGE, WorkerError, type WorkerClient } from '../worker-client';

/** What a load reports as it goes: drawn once a frame (useFrameBatch). */
type LoadAction = Extract<Action, { type: 'progress' | 'ready' }>;

export interface FileLoads {
  state: FilesState;
  /** Adds and loads these files; returns their ids. */
  addFiles: (files: NamedBlob[]) => string[];
  /** Adds the example pair (`examples` fetches it); a failure becomes the notice. */
  addExamples: () => Promise<void>;
  exampleLoading: boolean;
  /** Loads a file again (after an error). */
  retry: (entry: Entry) => void;
  cancel: (id: string) => void;
  remove: (id: string) => void;
  /** Removes every file, then adds these. */
  replace: (files: NamedBlob[]) => string[];
  /** Swaps the base and the current profile of a kind. */
  swap: (kind: ProfileKind) => void;
  /** Makes these two profiles of a kind its base and current (the timeline). */
  pick: (kind: ProfileKind, baseId: string, currentId: string) => void;
  /** Moves a profile one place earlier (-1) or later (1) among its kind. */
  move: (id: string, by: -1 | 1) => void;
  notice: (text: string | null) => void;
}

let nextId = 0;
let nextAttempt = 0;

export function useFileLoads(client: WorkerClient, examples: () => Promise<NamedBlob[]>): FileLoads {
  const [state, dispatch] = useReducer(reducer, initialState);
  const stateRef = useRef(state);
  stateRef.current = state;
  const controllers = useRef(new Map<string, AbortController>());
  const [exampleLoading, setExampleLoading] = useState(false);
  const queue = useFrameBatch(dispatch);

  const startLoad = useCallback(
    (entry: Pick<Entry, 'id' | 'name' | 'source'>) => {
      const attempt = ++nextAttempt;
      controllers.current.get(entry.id)?.abort();
      const controller = new AbortController();
      controllers.current.set(entry.id, controller);
      dispatch({ type: 'start', id: entry.id, attempt });
      client
        .load(entry.id, entry.source, entry.name, {
          signal: controller.signal,
          onProgress: (progress) => queue({ type: 'progress', id: entry.id, attempt, progress }),
        })
        .then(
          (loaded) => queue({ type: 'ready', id: entry.id, attempt, loaded }),
          (e: unknown) => {
            const err = e instanceof WorkerError ? e : new WorkerError('internal', String(e));
            const current = stateRef.current.entries.find((x) => x.id === entry.id);
            if (err.code === 'worker-crashed' && current && current.attempt === attempt && current.crashes === 0) {
              // The decoder died while this file was loading: once is bad luck, twice is this file.
              dispatch({ type: 'crashed', id: entry.id });
              startLoad(entry);
              return;
            }
            dispatch({ type: 'fail', id: entry.id, attempt, code: err.code, message: err.code === 'worker-crashed' ? 'The decoder stopped twice while reading this file (out of memory?).' : err.message });
          },
        )
        .finally(() => {
          if (controllers.current.get(entry.id) === controller) controllers.current.delete(entry.id);
        });
    },
    [client, queue],
  );

  // The slices of a large drop not yet added (see ADD_SLICE); a replace drops them.
  const addTimers = useRef(new Set<number>());
  const addFiles = useCallback(
    (files: NamedBlob[]) => {
      const added = files.map((f) => ({ id: `p${++nextId}`, name: f.name, source: f.source }));
      const addSlice = (from: number) => {
        const slice = added.slice(from, from + ADD_SLICE);
        dispatch({ type: 'add', files: slice });
        for (const f of slice) startLoad(f);
        if (from + ADD_SLICE >= added.length) return;
        const timer = window.setTimeout(() => {
          addTimers.current.delete(timer);
          addSlice(from + ADD_SLICE);
        }, 0);
        addTimers.current.add(timer);
      };
      addSlice(0);
      return added.map((f) => f.id);
    },
    [startLoad],
  );

  // The decoder restarted: every profile it held is loaded again from its File.
  useEffect(() => {
    client.onCrash = (lost) => {
      dispatch({ type: 'notice', text: CRASH_MESSAGE });
      for (const e of stateRef.current.entries) {
        if (e.status === 'ready' || lost.includes(e.id)) startLoad(e);
      }
    };
    return () => {
      client.onCrash = null;
    };
  }, [client, startLoad]);

  const addExamples = useCallback(async () => {
    setExampleLoading(true);
    try {
      addFiles(await examples());
    } catch (e) {
      dispatch({ type: 'notice', text: `The example could not be fetched: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      setExampleLoading(false);
    }
  }, [addFiles, examples]);

  const cancel = useCallback((id: string) => controllers.current.get(id)?.abort(), []);
  const remove = useCallback(
    (id: string) => {
      controllers.current.get(id)?.abort();
      controllers.current.delete(id);
      dispatch({ type: 'remove', id });
      void client.remove(id);
    },
    [client],
  );
  const replace = useCallback(
    (files: NamedBlob[]) => {
      for (const timer of addTimers.current) clearTimeout(timer);
      addTimers.current.clear();
      for (const e of stateRef.current.entries) remove(e.id);
      return addFiles(files);
    },
    [remove, addFiles],
  );
  const swap = useCallback((kind: ProfileKind) => dispatch({ type: 'swap', kind }), []);
  const notice = useCallback((text: string | null) => dispatch({ type: 'notice', text }), []);
  const pick = useCallback((kind: ProfileKind, baseId: string, currentId: string) => dispatch({ type: 'pick', kind, baseId, currentId }), []);
  const move = useCallback((id: string, by: -1 | 1) => dispatch({ type: 'move', id, by }), []);

  return { state, addFiles, addExamples, exampleLoading, retry: startLoad, cancel, remove, replace, swap, pick, move, notice };
}

/**
 * Loads report to the page once a frame, however many files load: twenty
 * loads each reporting every 80 ms would otherwise re-render the cards
 * hundreds of times a second, and a series of 50 files drew the page once
 * for each file's result and again for the progress of the others in the
 * same frame (two layouts of the cards a frame: tasks over 50 ms). A file's
 * progress keeps only its latest; a result keeps its place among the
 * actions (a late progress is ignored by the reducer once loaded). A batch of
 * progress alone waits for PROGRESS_FLUSH_MS after the last one drawn; a
 * result ends the wait. A hidden page has no frames: a timer stands in.
 */
function useFrameBatch(dispatch: (a: LoadAction) => void): (a: LoadAction) => void {
  const batch = useRef<{ waiting: LoadAction[]; frame: number; timer: number; postponed: boolean; last: number }>({ waiting: [], frame: 0, timer: 0, postponed: false, last: -Infinity });
  return useCallback((action: LoadAction) => {
    const b = batch.current;
    const schedule = () => {
      b.postponed = false;
      b.frame = requestAnimationFrame(flush);
      b.timer = window.setTimeout(flush, HIDDEN_FLUSH_MS);
    };
    const flush = () => {
      cancelAnimationFrame(b.frame);
      clearTimeout(b.timer);
      const early = PROGRESS_FLUSH_MS - (performance.now() - b.last);
      if (early > 0 && b.waiting.every((a) => a.type === 'progress')) {
        b.postponed = true;
        b.timer = window.setTimeout(schedule, early);
        return;
      }
      b.last = performance.now();
      for (const a of b.waiting.splice(0)) dispatch(a);
    };
    if (b.waiting.length === 0) schedule();
    else if (b.postponed && action.type !== 'progress') {
      clearTimeout(b.timer);
      schedule();
    }
    const same = action.type === 'progress' ? b.waiting.findIndex((a) => a.type === 'progress' && a.id === action.id) : -1;
    if (same >= 0) b.waiting[same] = action;
    else b.waiting.push(action);
  }, []);
}

/**
 * How many files of one drop are added in one task. A dropped file's first `size` read is a
 * synchronous call to the browser, and starting its read costs as much again (0.5–1.5 ms a file
 * on the 2-core VM): 47 files at once were one task of 85–130 ms (decision 0024, fourth round).
 */
const ADD_SLICE = 8;

/** When a hidden page has no frames, its loads still report this often. */
const HIDDEN_FLUSH_MS = 250;

/**
 * A frame that would draw only progress waits until this long after the last drawn batch: with
 * many files loading, every frame re-rendered the cards for a bar that moved a pixel.
 */
const PROGRESS_FLUSH_MS = 100;
