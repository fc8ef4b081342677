// The page's container: holds the files (state/files.ts), starts and cancels
// loads through the worker bridge, turns drops anywhere on the window into
// files, and reloads what the decoder held when it had to be restarted.
// Views below it get plain props. `link` lets src/ui/embed.ts (postMessage,
// URL hash) replace the files and watch the state; `compact` is ?embed=1.

import { useCallback, useEffect, useReducer, useRef, useState } from 'preact/hooks';
import type { NamedBlob } from './examples';
import { GoroutinesPanel } from './goroutines/GoroutinesPanel';
import { GraphTab } from './graph/GraphTab';
import { HeapPanel } from './heap/HeapPanel';
import { cardOrder, initialState, reducer, roleOf, type Action, type Entry, type FilesState } from './state/files';
import { focusFunctionHash, setHash } from './state/hash';
import { activeView, availableViews, type ViewName } from './state/views';
import { DropOverlay } from './components/DropOverlay';
import { EmptyState } from './components/EmptyState';
import { FileCard } from './components/FileCard';
import { Notice } from './components/Notice';
import { OpenControls } from './components/OpenControls';
import { ViewTabs } from './components/ViewTabs';
import { CRASH_MESSAGE, LoadError, type WorkerClient } from './worker-client';

export interface AppProps {
  client: WorkerClient;
  /** The example pair (fetched, or inlined in the one-file build). */
  examples: () => Promise<NamedBlob[]>;
  /** ?embed=1: no big header, denser cards. */
  compact?: boolean;
  link?: AppLink;
}

/** How code outside the page's views (src/ui/embed.ts) drives it. */
export interface AppLink {
  /** Called once App is mounted. */
  attach(control: AppControl): void;
  /** Called with every state App renders. */
  state(state: FilesState): void;
}

export interface AppControl {
  /** Unloads every file, then loads these; returns their ids. */
  replace(files: NamedBlob[]): string[];
  notice(text: string): void;
}

type ProgressAction = Extract<Action, { type: 'progress' }>;

let nextId = 0;
let nextAttempt = 0;

export function App({ client, examples, compact = false, link }: AppProps) {
  const [state, dispatch] = useReducer(reducer, initialState);
  const stateRef = useRef(state);
  stateRef.current = state;
  const controllers = useRef(new Map<string, AbortController>());
  const [exampleLoading, setExampleLoading] = useState(false);
  const [chosenView, setChosenView] = useState<ViewName | null>(null);

  // Progress is drawn once a frame, however many files load: twenty loads
  // each reporting every 80 ms would otherwise re-render the cards hundreds
  // of times a second (a late one is ignored by the reducer once loaded).
  const pendingProgress = useRef(new Map<string, ProgressAction>());
  const queueProgress = useCallback((action: ProgressAction) => {
    const pending = pendingProgress.current;
    if (pending.size === 0) {
      requestAnimationFrame(() => {
        const batch = [...pending.values()];
        pending.clear();
        for (const a of batch) dispatch(a);
      });
    }
    pending.set(action.id, action);
  }, []);

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
          onProgress: (progress) => queueProgress({ type: 'progress', id: entry.id, attempt, progress }),
        })
        .then(
          (loaded) => dispatch({ type: 'ready', id: entry.id, attempt, loaded }),
          (e: unknown) => {
            const err = e instanceof LoadError ? e : new LoadError('internal', String(e));
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
    [client, queueProgress],
  );

  const addFiles = useCallback(
    (files: NamedBlob[]) => {
      const added = files.map((f) => ({ id: `p${++nextId}`, name: f.name, source: f.source }));
      dispatch({ type: 'add', files: added });
      for (const f of added) startLoad(f);
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

  // The whole window is the drop target.
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      depth = 0;
      setDragging(false);
      const files = e.dataTransfer?.files;
      if (!files || files.length === 0) return;
      e.preventDefault();
      addFiles(Array.from(files, (f) => ({ name: f.name, source: f })));
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [addFiles]);

  const loadExample = useCallback(async () => {
    setExampleLoading(true);
    try {
      addFiles(await examples());
    } catch (e) {
      dispatch({ type: 'notice', text: `The example could not be fetched: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      setExampleLoading(false);
    }
  }, [addFiles, examples]);

  const remove = (id: string) => {
    controllers.current.get(id)?.abort();
    controllers.current.delete(id);
    dispatch({ type: 'remove', id });
    void client.remove(id);
  };

  useEffect(() => {
    link?.attach({
      replace: (files) => {
        for (const e of stateRef.current.entries) remove(e.id);
        return addFiles(files);
      },
      notice: (text) => dispatch({ type: 'notice', text }),
    });
  }, [link, addFiles]);
  useEffect(() => link?.state(state), [link, state]);

  // A goroutine frame's function, focused in the heap views (table and graph read the hash).
  const focusInHeap = useCallback((fn: string) => {
    setHash(focusFunctionHash(location.hash, fn));
    setChosenView('heap');
  }, []);

  const cards = cardOrder(state);
  const views = availableViews(state);
  const view = activeView(views, chosenView);
  const canSwap = state.order.length >= 2;
  return (
    <div class={compact ? 'app app--compact' : 'app'}>
      <header class="app__head">
        {!compact && (
          <h1>
            heapdiff <span class="tagline">what grew?</span>
          </h1>
        )}
        <OpenControls onFiles={(files) => addFiles(files.map((f) => ({ name: f.name, source: f })))} onExample={loadExample} exampleLoading={exampleLoading} />
      </header>
      {state.notice && <Notice text={state.notice} onDismiss={() => dispatch({ type: 'notice', text: null })} />}
      <main>
        {cards.length === 0 ? (
          <EmptyState />
        ) : (
          <section class="cards" aria-label="Profiles" data-testid="cards">
            {cards.map((e) => (
              <FileCard
                key={e.id}
                name={e.name}
                size={e.size}
                role={roleOf(state, e.id)}
                status={e.status}
                progress={e.progress}
                loaded={e.loaded}
                error={e.error}
                canSwap={canSwap}
                onCancel={() => controllers.current.get(e.id)?.abort()}
                onRemove={() => remove(e.id)}
                onSwap={() => dispatch({ type: 'swap' })}
                onRetry={() => startLoad(e)}
              />
            ))}
          </section>
        )}
        <ViewTabs available={views} active={view} onSelect={setChosenView} />
        {view === 'heap' && <HeapPanel client={client} files={state} />}
        {view === 'graph' && <GraphTab client={client} files={state} />}
        {view === 'goroutines' && <GoroutinesPanel client={client} files={state} onFocusFunction={views.heap ? focusInHeap : undefined} />}
      </main>
      <DropOverlay visible={dragging} />
    </div>
  );
}
