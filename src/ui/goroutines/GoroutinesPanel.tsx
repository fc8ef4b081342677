// The goroutine view's container: picks the goroutine profiles to compare
// (state/views.ts), holds the choices (level, search, state, opened
// clusters), asks the worker for rows a page at a time (it clusters, filters
// and cuts them; this thread never sees a sample) and copies a cluster's text
// to the clipboard. Answers to older questions are dropped
// (hooks/useViewRequest.ts). The callbacks handed down keep their identity,
// so rows already drawn are not drawn again.

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { GoroutineFrame, GoroutineQuery, GoroutineView, GoroutineViewRow, SimilarityLevel } from '../../core/goroutines';
import { copyText } from '../clipboard';
import { useViewRequest } from '../hooks/useViewRequest';
import { loadedOf, type FilesState } from '../state/files';
import { goroutinePair, type GoroutinePair } from '../state/views';
import type { CopyState } from './GoroutineRow';
import { Goroutines } from './Goroutines';
import { SuspectMemory } from '../memory/GoroutineNote';
import { WorkerError, type WorkerClient } from '../worker-client';

export interface GoroutinesPanelProps {
  client: WorkerClient;
  files: FilesState;
  /** Focus a function in the heap views; App wires it when it has them. Keep its identity stable. */
  onFocusFunction?: (fn: string) => void;
}

/** Typing settles this long before the worker is asked. */
const SEARCH_DELAY_MS = 150;
/** Rows asked for at a time. */
const PAGE_ROWS = 100;

export function GoroutinesPanel({ client, files, onFocusFunction }: GoroutinesPanelProps) {
  const pair = goroutinePair(files);
  // A profile loaded again (after a decoder restart) is a new object: ask again.
  const currentLoaded = loadedOf(files, pair?.currentId);
  const baseLoaded = loadedOf(files, pair?.baseId);

  const [level, setLevel] = useState<SimilarityLevel>('lines');
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [stateFilter, setStateFilter] = useState<string | null>(null);
  const [view, setView] = useState<GoroutineView | null>(null);
  const [rows, setRows] = useState<GoroutineViewRow[]>([]);
  /** Further rows asked for (onMore), and why they could not be fetched. */
  const [morePending, setMorePending] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  /** The request the rows shown answer (useViewRequest's generation). */
  const shown = useRef(0);

  // What the stable callbacks below read.
  const latest = useRef({ pair, level, query: {} as GoroutineQuery, rows, view });
  const q: GoroutineQuery = { level, search: query, state: stateFilter };
  latest.current = { pair, level, query: q, rows, view };
  const { expanded, fullStacks, copy, reset, onToggle, onShowAll, onCopy } = useClusterDetails(client, latest);

  useEffect(() => {
    const t = setTimeout(() => setQuery(search), SEARCH_DELAY_MS);
    return () => clearTimeout(t);
  }, [search]);

  const pairKey = `${pair?.baseId ?? ''}→${pair?.currentId ?? ''}`;
  useEffect(reset, [pairKey, level, currentLoaded, baseLoaded]);

  const { pending, error } = useViewRequest({
    ask: pair && currentLoaded ? () => client.goroutines(pair.currentId, pair.baseId, { ...q, offset: 0, limit: PAGE_ROWS }) : null,
    key: [client, pairKey, currentLoaded, baseLoaded, level, query, stateFilter],
    failed: 'The goroutines could not be clustered',
    onView: (v, generation) => {
      shown.current = generation;
      setView(v);
      setRows(v.rows);
      setMoreError(null);
    },
  });

  const onMore = useCallback(() => {
    const { pair: p, query: cur, rows: have, view: v } = latest.current;
    if (!p || !v) return;
    const generation = shown.current;
    setMorePending(true);
    client.goroutines(p.currentId, p.baseId, { ...cur, offset: have.length, limit: PAGE_ROWS }).then(
      (more) => {
        setMorePending(false);
        if (generation === shown.current) setRows((r) => [...r, ...more.rows]);
      },
      (e: unknown) => {
        setMorePending(false);
        if (generation === shown.current) setMoreError(`More clusters could not be fetched: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
  }, [client]);

  const onLevel = useCallback((l: SimilarityLevel) => setLevel(l), []);
  const onSearch = useCallback((s: string) => setSearch(s), []);
  const onStateFilter = useCallback((s: string | null) => setStateFilter(s), []);

  if (!pair) return null;
  return (
    <Goroutines
      memory={<SuspectMemory client={client} files={files} view={view} />}
      view={view}
      rows={rows}
      pending={pending || morePending}
      error={error?.message ?? moreError}
      currentName={pair.currentName}
      baseName={pair.baseName}
      ignored={pair.ignored}
      level={level}
      search={search}
      stateFilter={stateFilter}
      expanded={expanded}
      fullStacks={fullStacks}
      copy={copy}
      onLevel={onLevel}
      onSearch={onSearch}
      onStateFilter={onStateFilter}
      onToggle={onToggle}
      onShowAll={onShowAll}
      onCopy={onCopy}
      onMore={onMore}
      onFocusFunction={onFocusFunction}
    />
  );
}

/** Which clusters are open, their whole stacks once asked for, and the copy in progress. */
function useClusterDetails(client: WorkerClient, latest: { readonly current: { pair: GoroutinePair | null; level: SimilarityLevel } }) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [fullStacks, setFullStacks] = useState<ReadonlyMap<string, GoroutineFrame[]>>(new Map());
  const [copy, setCopy] = useState<CopyState | null>(null);

  /** Another pair or level: other clusters, other keys. */
  const reset = useCallback(() => {
    setExpanded(new Set());
    setFullStacks(new Map());
    setCopy(null);
  }, []);

  const onToggle = useCallback((key: string) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  }, []);

  const onShowAll = useCallback(
    (key: string) => {
      const { pair: p, level: l } = latest.current;
      if (!p) return;
      void client.goroutineCluster(p.currentId, p.baseId, l, key).then(
        (c) => c && setFullStacks((m) => new Map(m).set(key, c.stack)),
        () => {},
      );
    },
    [client],
  );

  const onCopy = useCallback(
    (key: string) => {
      const { pair: p, level: l } = latest.current;
      if (p) void copyCluster(client, p, l, key, setCopy);
    },
    [client],
  );

  return { expanded, fullStacks, copy, reset, onToggle, onShowAll, onCopy };
}

async function copyCluster(client: WorkerClient, pair: GoroutinePair, level: SimilarityLevel, key: string, setCopy: (c: CopyState) => void): Promise<void> {
  setCopy({ key, status: 'pending' });
  let text: string;
  try {
    const c = await client.goroutineCluster(pair.currentId, pair.baseId, level, key).catch((e: unknown) => {
      if (e instanceof WorkerError && e.code === 'not-loaded') return null;
      throw e;
    });
    if (!c) {
      setCopy({ key, status: 'failed', message: 'This cluster is gone: the profiles changed.' });
      return;
    }
    text = c.text;
  } catch (e) {
    setCopy({ key, status: 'failed', message: `Could not get the text: ${e instanceof Error ? e.message : String(e)}` });
    return;
  }
  setCopy({ key, status: await copyText(text), text });
}
