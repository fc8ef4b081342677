// The heap view's container: picks the profiles to compare (state/heap.ts),
// holds the choices (mirrored in the URL hash, state/hash.ts), asks the
// worker for the report a page of rows at a time (it compares, filters,
// trims, sorts and searches; this thread never sees a sample), and copies
// the report as go tool pprof's text. Answers to older questions are
// dropped; a refused query (a bad regexp) keeps the last table and says
// which option is wrong.

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ReportQuery as TopReportQuery } from '../core/report';
import type { TopQuery, TopView, TopViewRow } from '../core/top';
import type { FilesState } from './state/files';
import { parseTopHash, reportQuery, setHash, writeTopHash, type TopChoices } from './state/hash';
import { defaultBlame, heapPair } from './state/heap';
import { useReportRequest, useTopChoices } from './state/report-request';
import { Top, type TopCopyState } from './views/Top';
import type { WorkerClient } from './worker-client';


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

  const { choices, setChoices, stopped, setStopped, onChoice } = useTopChoices();
  const [data, setData] = useState<Data | null>(null);
  const [copy, setCopy] = useState<TopCopyState | null>(null);
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

  const { pending, error } = useReportRequest({
    ask:
      pair && currentLoaded
        ? () => {
            setCopy(null);
            return client.top(pair.currentId, pair.baseId, { ...query, offset: 0, limit: TOP_PAGE_ROWS });
          }
        : null,
    key: [client, pair?.currentId, pair?.baseId, currentLoaded, baseLoaded, queryKey],
    query,
    what: 'The report',
    onView: (view, generation) => {
      requested.current = new Set([0]);
      setData({ query, currentId: pair!.currentId, baseId: pair!.baseId, view, pages: new Map([[0, view.rows]]), generation });
    },
    onFiltersCleared: (drop, message) => {
      setChoices(drop);
      setStopped(message);
    },
  });

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
  setHash(writeTopHash(location.hash, c));
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
