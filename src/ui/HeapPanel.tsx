// The heap view's container: picks the profiles to compare (state/heap.ts),
// holds the choices (mirrored in the URL hash, state/hash.ts), asks the
// worker for the report a page of rows at a time (it compares, filters,
// trims, sorts and searches; this thread never sees a sample), and copies
// the report as go tool pprof's text. Answers to older questions are
// dropped; a refused query (a bad regexp) keeps the last table and says
// which option is wrong.

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { TopField, TopQuery, TopReportQuery, TopView, TopViewRow } from '../core/top/view';
import type { FilesState } from './state/files';
import { clearHangingFilters, stoppedFilters } from './state/hanging-filters';
import { parseTopHash, reportQuery, writeTopHash, type TopChoices } from './state/hash';
import { defaultBlame, heapPair } from './state/heap';
import { Top, type TopCopyState } from './views/Top';
import { LoadError, type WorkerClient } from './worker-client';


export interface HeapPanelProps {
  client: WorkerClient;
  files: FilesState;
}

/** The URL follows the choices this long after the last change. */
const HASH_DELAY_MS = 100;

/** Rows asked for at a time. */
export const TOP_PAGE_ROWS = 200;

interface Data {
  /** The question these rows answer (pages of the same view are asked with it). */
  query: TopQuery;
  currentId: string;
  baseId: string | null;
  view: TopView;
  pages: ReadonlyMap<number, TopViewRow[]>;
  generation: number;
}

export function HeapPanel({ client, files }: HeapPanelProps) {
  const pair = heapPair(files);
  const entry = (id: string | null) => (id === null ? null : (files.entries.find((e) => e.id === id) ?? null));
  // A profile loaded again (after a decoder restart) is a new object: ask again.
  const currentLoaded = entry(pair?.currentId ?? null)?.loaded ?? null;
  const baseLoaded = entry(pair?.baseId ?? null)?.loaded ?? null;

  const [choices, setChoices] = useState<TopChoices>(() => parseTopHash(location.hash));
  const [data, setData] = useState<Data | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<{ field: TopField | null; message: string } | null>(null);
  /** Why the filters were cleared after the decoder had to be restarted; until the next choice. */
  const [stopped, setStopped] = useState<string | null>(() => stoppedFilters.message);
  const [copy, setCopy] = useState<TopCopyState | null>(null);
  const asked = useRef(0);
  const requested = useRef(new Set<number>());

  // The hash follows the choices (replaceState: no history entry, no hashchange for src/ui/embed.ts),
  // in a task of its own: replaceState is synchronous work not worth adding to a render.
  const unwritten = useRef<TopChoices | null>(null);
  useEffect(() => {
    unwritten.current = choices;
    const t = setTimeout(() => writeHash(unwritten), HASH_DELAY_MS);
    return () => clearTimeout(t);
  }, [choices]);
  // Leaving (another tab of the page, a reload) writes what is still waiting.
  useEffect(() => {
    const flush = () => writeHash(unwritten);
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, []);
  // …and the choices follow a hash edited by hand.
  useEffect(() => {
    const onHash = () => {
      const parsed = parseTopHash(location.hash);
      setChoices((c) => (JSON.stringify(parsed) === JSON.stringify(c) ? c : parsed));
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const blame = choices.blame ?? defaultBlame(pair);
  const report: TopReportQuery = reportQuery(choices, blame);
  const query: TopQuery = { ...report, sort: choices.order ?? null, search: choices.search ?? '' };
  const queryKey = JSON.stringify(query);
  const latest = useRef({ pair, report, data });
  latest.current = { pair, report, data };

  useEffect(() => {
    if (!pair || !currentLoaded) return;
    const generation = ++asked.current;
    const { currentId, baseId } = pair;
    setPending(true);
    setCopy(null);
    client.top(currentId, baseId, { ...query, offset: 0, limit: TOP_PAGE_ROWS }).then(
      (r) => {
        if (generation !== asked.current) return;
        setPending(false);
        if (!r.ok) {
          setError({ field: r.field, message: r.message });
          return;
        }
        setError(null);
        requested.current = new Set([0]);
        setData({ query, currentId, baseId, view: r.view, pages: new Map([[0, r.view.rows]]), generation });
      },
      (e: unknown) => {
        const hung = e instanceof LoadError && e.code === 'worker-crashed' ? clearHangingFilters(query) : null;
        if (hung) {
          setChoices(hung.drop);
          setStopped(hung.message);
          return;
        }
        if (generation !== asked.current) return;
        setPending(false);
        setError({ field: null, message: `The report could not be computed: ${e instanceof Error ? e.message : String(e)}` });
      },
    );
  }, [client, pair?.currentId, pair?.baseId, currentLoaded, baseLoaded, queryKey]);

  /** Rows [start, end) are on screen: fetch the pages not there yet. */
  const onNeedRows = useCallback(
    (start: number, end: number) => {
      const d = latest.current.data;
      if (!d || end <= start) return;
      for (let p = Math.floor(start / TOP_PAGE_ROWS); p * TOP_PAGE_ROWS < end; p++) {
        if (d.pages.has(p) || requested.current.has(p)) continue;
        requested.current.add(p);
        const generation = d.generation;
        client.top(d.currentId, d.baseId, { ...d.query, offset: p * TOP_PAGE_ROWS, limit: TOP_PAGE_ROWS }).then(
          (r) => {
            if (!r.ok) return;
            setData((cur) => (cur && cur.generation === generation ? { ...cur, pages: new Map(cur.pages).set(p, r.view.rows) } : cur));
          },
          () => requested.current.delete(p),
        );
      }
    },
    [client],
  );

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

  const onFocusRow = useCallback((focus: string) => onChoice('focus', focus), [onChoice]);

  const onCopy = useCallback(() => {
    const { pair: p, report: r } = latest.current;
    if (p) void copyReport(client, p.currentId, p.baseId, r, setCopy);
  }, [client]);

  if (!pair) return null;
  return (
    <Top
      pair={pair}
      choices={choices}
      blame={blame}
      view={data?.view ?? null}
      pages={data?.pages ?? null}
      pageRows={TOP_PAGE_ROWS}
      generation={data?.generation ?? 0}
      pending={pending}
      error={error ?? (stopped ? { field: null, message: stopped } : null)}
      copy={copy}
      onChoice={onChoice}
      onNeedRows={onNeedRows}
      onFocusRow={onFocusRow}
      onCopy={onCopy}
    />
  );
}

function writeHash(unwritten: { current: TopChoices | null }): void {
  const c = unwritten.current;
  if (c === null) return;
  unwritten.current = null;
  const next = writeTopHash(location.hash, c);
  if (next !== location.hash) history.replaceState(history.state, '', next === '' ? location.pathname + location.search : next);
}

async function copyReport(client: WorkerClient, currentId: string, baseId: string | null, report: TopReportQuery, setCopy: (c: TopCopyState) => void): Promise<void> {
  setCopy({ status: 'pending' });
  let text: string;
  try {
    text = await client.topText(currentId, baseId, report);
  } catch (e) {
    setCopy({ status: 'failed', message: `Could not get the text: ${e instanceof Error ? e.message : String(e)}` });
    return;
  }
  try {
    await navigator.clipboard.writeText(text);
    setCopy({ status: 'copied', text });
  } catch {
    // No clipboard (an insecure origin, a denied permission): show it to copy by hand.
    setCopy({ status: 'manual', text });
  }
}
