// The goroutine view's container: picks the goroutine profiles to compare
// (state/views.ts), holds the choices (level, search, state, opened
// clusters), asks the worker for rows a page at a time (it clusters, filters
// and cuts them; this thread never sees a sample) and copies a cluster's text
// to the clipboard. Answers to older questions are dropped. The callbacks
// handed down keep their identity, so rows already drawn are not drawn again.

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { GoroutineFrame, GoroutineQuery, GoroutineView, GoroutineViewRow, SimilarityLevel } from '../core/goroutines';
import type { FilesState } from './state/files';
import { goroutinePair, type GoroutinePair } from './state/views';
import type { CopyState } from './views/GoroutineRow';
import { Goroutines } from './views/Goroutines';
import type { WorkerClient } from './worker-client';

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
  const entry = (id: string | null) => (id === null ? null : (files.entries.find((e) => e.id === id) ?? null));
  // A profile loaded again (after a decoder restart) is a new object: ask again.
  const currentLoaded = entry(pair?.currentId ?? null)?.loaded ?? null;
  const baseLoaded = entry(pair?.baseId ?? null)?.loaded ?? null;

  const [level, setLevel] = useState<SimilarityLevel>('lines');
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [stateFilter, setStateFilter] = useState<string | null>(null);
  const [view, setView] = useState<GoroutineView | null>(null);
  const [rows, setRows] = useState<GoroutineViewRow[]>([]);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [fullStacks, setFullStacks] = useState<ReadonlyMap<string, GoroutineFrame[]>>(new Map());
  const [copy, setCopy] = useState<CopyState | null>(null);
  const asked = useRef(0);

  // What the stable callbacks below read.
  const latest = useRef({ pair, level, query: {} as GoroutineQuery, rows, view });
  const q: GoroutineQuery = { level, search: query, state: stateFilter };
  latest.current = { pair, level, query: q, rows, view };

  useEffect(() => {
    const t = setTimeout(() => setQuery(search), SEARCH_DELAY_MS);
    return () => clearTimeout(t);
  }, [search]);

  // Another pair or level: other clusters, other keys.
  const pairKey = `${pair?.baseId ?? ''}→${pair?.currentId ?? ''}`;
  useEffect(() => {
    setExpanded(new Set());
    setFullStacks(new Map());
    setCopy(null);
  }, [pairKey, level, currentLoaded, baseLoaded]);

  useEffect(() => {
    if (!pair || !currentLoaded) return;
    const n = ++asked.current;
    setPending(true);
    client.goroutines(pair.currentId, pair.baseId, { ...q, offset: 0, limit: PAGE_ROWS }).then(
      (v) => {
        if (n !== asked.current) return;
        setView(v);
        setRows(v.rows);
        setError(null);
        setPending(false);
      },
      (e: unknown) => {
        if (n !== asked.current) return;
        setError(`The goroutines could not be clustered: ${e instanceof Error ? e.message : String(e)}`);
        setPending(false);
      },
    );
  }, [client, pairKey, currentLoaded, baseLoaded, level, query, stateFilter]);

  const onMore = useCallback(() => {
    const { pair: p, query: cur, rows: have, view: v } = latest.current;
    if (!p || !v) return;
    const n = ++asked.current;
    setPending(true);
    client.goroutines(p.currentId, p.baseId, { ...cur, offset: have.length, limit: PAGE_ROWS }).then(
      (more) => {
        if (n !== asked.current) return;
        setRows((r) => [...r, ...more.rows]);
        setPending(false);
      },
      (e: unknown) => {
        if (n !== asked.current) return;
        setError(`More clusters could not be fetched: ${e instanceof Error ? e.message : String(e)}`);
        setPending(false);
      },
    );
  }, [client]);

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

  const onLevel = useCallback((l: SimilarityLevel) => setLevel(l), []);
  const onSearch = useCallback((s: string) => setSearch(s), []);
  const onStateFilter = useCallback((s: string | null) => setStateFilter(s), []);

  if (!pair) return null;
  return (
    <Goroutines
      view={view}
      rows={rows}
      pending={pending}
      error={error}
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

async function copyCluster(client: WorkerClient, pair: GoroutinePair, level: SimilarityLevel, key: string, setCopy: (c: CopyState) => void): Promise<void> {
  setCopy({ key, status: 'pending' });
  let text: string;
  try {
    const c = await client.goroutineCluster(pair.currentId, pair.baseId, level, key);
    if (!c) {
      setCopy({ key, status: 'failed', message: 'This cluster is gone: the profiles changed.' });
      return;
    }
    text = c.text;
  } catch (e) {
    setCopy({ key, status: 'failed', message: `Could not get the text: ${e instanceof Error ? e.message : String(e)}` });
    return;
  }
  try {
    await navigator.clipboard.writeText(text);
    setCopy({ key, status: 'copied', text });
  } catch {
    // No clipboard (an insecure origin, a denied permission): show it to copy by hand.
    setCopy({ key, status: 'manual', text });
  }
}
