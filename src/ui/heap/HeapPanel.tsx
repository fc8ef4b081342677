// The heap view's container: picks the profiles to compare (state/heap.ts),
// draws the report's choices (hooks/useReportChoices.ts, held by App), asks the
// worker for the report a page of rows at a time (it compares, filters,
// trims, sorts and searches; this thread never sees a sample), and copies
// the report as go tool pprof's text. Answers to older questions are
// dropped; a refused query (a bad regexp) keeps the last table and says
// which option is wrong.

import { useCallback, useRef, useState } from 'preact/hooks';
import type { ReportQuery as TopReportQuery } from '../../core/report';
import type { TopQuery, TopView, TopViewRow } from '../../core/top';
import { copyText } from '../clipboard';
import type { ProfileKind } from '../../core/summary';
import type { ReportChoices } from '../hooks/useReportChoices';
import { useViewRequest } from '../hooks/useViewRequest';
import { loadedOf, type FilesState } from '../state/files';
import { reportQuery } from '../state/hash';
import { defaultBlame, heapPair } from '../state/heap';
import { HeapGoroutineNote } from '../memory/GoroutineNote';
import { growingAllocatorRow } from '../memory/memory-model';
import type { WorkerClient } from '../worker-client';
import { Top, type TopCopyState } from './Top';

export interface HeapPanelProps {
  client: WorkerClient;
  files: FilesState;
  /** The kind of profile shown (state/views.ts reportKind). */
  kind: ProfileKind | null;
  reportChoices: ReportChoices;
  /** Switch to the goroutine view (the note of a growing runtime.malg row links there). */
  onShowGoroutines?: () => void;
}

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

export function HeapPanel({ client, files, kind, reportChoices, onShowGoroutines }: HeapPanelProps) {
  const pair = heapPair(files, kind);
  // A profile loaded again (after a decoder restart) is a new object: ask again.
  const currentLoaded = loadedOf(files, pair?.currentId);
  const baseLoaded = loadedOf(files, pair?.baseId);

  const { choices, onChoice } = reportChoices;
  const [data, setData] = useState<Data | null>(null);
  const [copy, setCopy] = useState<TopCopyState | null>(null);
  const requested = useRef(new Set<number>());

  const blame = choices.blame ?? defaultBlame(pair);
  const report: TopReportQuery = reportQuery(choices, blame);
  const query: TopQuery = { ...report, sort: choices.order ?? null, search: choices.search ?? '' };
  const queryKey = JSON.stringify(query);
  const latest = useRef({ pair, report, data });
  latest.current = { pair, report, data };

  const { pending, error } = useViewRequest({
    ask:
      pair && currentLoaded
        ? () => {
            setCopy(null);
            return client.top(pair.currentId, pair.baseId, { ...query, offset: 0, limit: TOP_PAGE_ROWS });
          }
        : null,
    key: [client, pair?.currentId, pair?.baseId, currentLoaded, baseLoaded, queryKey],
    failed: 'The report could not be computed',
    onView: (view, generation) => {
      requested.current = new Set([0]);
      setData({ query, currentId: pair!.currentId, baseId: pair!.baseId, view, pages: new Map([[0, view.rows]]), generation });
    },
    onDecoderStopped: () => reportChoices.onDecoderStopped(query),
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
          (view) => setData((cur) => (cur && cur.generation === generation ? { ...cur, pages: new Map(cur.pages).set(p, view.rows) } : cur)),
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
  // Another pair's answer (the kind or the pair just changed) is not shown under this pair's names.
  const shown = data && data.currentId === pair.currentId && data.baseId === pair.baseId ? data : null;
  const diff = shown?.view.mode === 'diff' || data?.view.mode === 'diff_base';
  const allocator = growingAllocatorRow(shown?.pages.get(0), diff);
  return (
    <Top
      pair={pair}
      choices={choices}
      blame={blame}
      view={shown?.view ?? null}
      pages={shown?.pages ?? null}
      pageRows={TOP_PAGE_ROWS}
      generation={shown?.generation ?? 0}
      pending={pending}
      error={reportChoices.shownError(error)}
      copy={copy}
      onChoice={onChoice}
      onNeedRows={onNeedRows}
      onFocusRow={onFocusRow}
      onCopy={onCopy}
      note={allocator && <HeapGoroutineNote client={client} files={files} row={allocator} onShowGoroutines={onShowGoroutines} />}
    />
  );
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
  setCopy({ status: await copyText(text), text });
}
