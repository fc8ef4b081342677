// The call tree's container: the same pair and choices as the table
// (state/heap.ts, hooks/useReportChoices.ts), asks the worker for a window
// of the visible rows (it builds the tree, applies the expand state, sorts
// and formats; this thread never sees the tree), a page at a time as the
// grid scrolls. The expand state is the page's (calltree/expansion.ts) but
// about the worker's tree: each answer says which state it applied (the
// default, the path of largest growth open, for a tree new to the page).

import { useCallback, useRef, useState } from 'preact/hooks';
import type { CallTreeQuery, CallTreeRow, CallTreeView, TreeColumn, TreeExpansion, TreeSort } from '../../core/flame';
import { useViewRequest } from '../hooks/useViewRequest';
import { loadedOf } from '../state/files';
import { reportQuery } from '../state/hash';
import { defaultBlame, heapPair } from '../state/heap';
import type { SelectingViewProps } from '../components/view-props';
import { CallTree } from './CallTree';
import { collapse, collapseAll, expand, expandAll, expandEverything } from './expansion';

export type CallTreePanelProps = SelectingViewProps;

/** Rows asked for at a time. */
export const TREE_PAGE_ROWS = 100;

interface Data {
  /** The question these rows answer, with the expand state applied (pages are asked with it). */
  query: CallTreeQuery;
  currentId: string;
  baseId: string | null;
  view: CallTreeView;
  pages: ReadonlyMap<number, CallTreeRow[]>;
  generation: number;
}

export function CallTreePanel({ client, files, kind, reportChoices, selected, onSelect }: CallTreePanelProps) {
  const pair = heapPair(files, kind);
  const currentLoaded = loadedOf(files, pair?.currentId);
  const baseLoaded = loadedOf(files, pair?.baseId);
  const { choices, onChoice } = reportChoices;
  const blame = choices.blame ?? defaultBlame(pair);
  const report = reportQuery(choices, blame);

  const [inverted, setInverted] = useState(false);
  const [sort, setSort] = useState<TreeSort | null>(null);
  /** Bumped by each change of the expand state (or a row to reveal): ask again. */
  const [asked, setAsked] = useState(0);
  const expansion = useRef<TreeExpansion | null>(null);
  const reveal = useRef<number | null>(null);
  /** The cursor's row; `seq` changes when it must be brought into view. */
  const [cursor, setCursor] = useState({ row: 0, seq: 0 });
  const [data, setData] = useState<Data | null>(null);
  const requested = useRef(new Set<number>());
  /** The rows the grid shows (the first answer to a new question covers them). */
  const shown = useRef({ start: 0, end: TREE_PAGE_ROWS });
  const latest = useRef({ data, cursor });
  latest.current = { data, cursor };

  const { pending, error } = useViewRequest({
    ask:
      pair && currentLoaded
        ? () => {
            const query: CallTreeQuery = { ...report, inverted, sort, expansion: expansion.current };
            const offset = Math.floor(shown.current.start / TREE_PAGE_ROWS) * TREE_PAGE_ROWS;
            const limit = Math.ceil(shown.current.end / TREE_PAGE_ROWS) * TREE_PAGE_ROWS - offset || TREE_PAGE_ROWS;
            return client.callTree(pair.currentId, pair.baseId, { ...query, offset, limit, reveal: reveal.current }).then((view) => ({ view, query }));
          }
        : null,
    key: [client, pair?.currentId, pair?.baseId, currentLoaded, baseLoaded, JSON.stringify(report), inverted, JSON.stringify(sort), asked],
    failed: 'The call tree could not be computed',
    onView: ({ view, query }, generation) => {
      reveal.current = null;
      expansion.current = view.expansion;
      const pages = pagesOf(view);
      requested.current = new Set(pages.keys());
      setData({ query: { ...query, expansion: view.expansion }, currentId: pair!.currentId, baseId: pair!.baseId, view, pages, generation });
      if (view.revealRow !== null) setCursor((c) => ({ row: view.revealRow!, seq: c.seq + 1 }));
      else setCursor((c) => (c.row < view.count ? c : { row: Math.max(0, view.count - 1), seq: c.seq + 1 }));
    },
    onDecoderStopped: () => reportChoices.onDecoderStopped(report),
  });

  /** Rows [start, end) are on screen: fetch the pages not there yet. */
  const onNeedRows = useCallback(
    (start: number, end: number) => {
      shown.current = { start, end };
      const d = latest.current.data;
      if (!d || end <= start) return;
      for (let p = Math.floor(start / TREE_PAGE_ROWS); p * TREE_PAGE_ROWS < end; p++) {
        if (d.pages.has(p) || requested.current.has(p)) continue;
        requested.current.add(p);
        const generation = d.generation;
        client.callTree(d.currentId, d.baseId, { ...d.query, offset: p * TREE_PAGE_ROWS, limit: TREE_PAGE_ROWS, reveal: null }).then(
          (view) => setData((cur) => (cur && cur.generation === generation ? { ...cur, pages: new Map(cur.pages).set(p, view.rows) } : cur)),
          () => requested.current.delete(p),
        );
      }
    },
    [client],
  );

  const rowAt = (i: number) => data?.pages.get(Math.floor(i / TREE_PAGE_ROWS))?.[i % TREE_PAGE_ROWS];
  /** A new expand state (null: the default), and a frame whose row the answer should say. */
  const changeExpansion = (change: (e: TreeExpansion) => TreeExpansion | null, show: number | null = null) => {
    const e = expansion.current;
    if (!e) return;
    expansion.current = change(e);
    reveal.current = show;
    setAsked((a) => a + 1);
  };
  const onToggle = (row: CallTreeRow, open: boolean) => changeExpansion((e) => (open ? expand(e, row) : collapse(e, row)));
  const onExpandAll = (row: CallTreeRow) => changeExpansion((e) => expandAll(e, row));
  // The cursor's parent, when not among the rows fetched: asked for with the same state.
  const onRevealParent = (row: CallTreeRow) => changeExpansion((e) => e, row.parent);
  const onCursor = useCallback((row: number) => setCursor((c) => ({ row, seq: c.seq + 1 })), []);
  const onSort = (column: TreeColumn | null) => {
    // The cursor's frame keeps the cursor wherever the new order puts it.
    reveal.current = rowAt(latest.current.cursor.row)?.frame ?? null;
    setSort(nextSort(sort, column));
  };
  const onInverted = (on: boolean) => {
    expansion.current = null;
    setInverted(on);
  };

  if (!pair) return null;
  return (
    <CallTree
      pair={pair}
      choices={choices}
      blame={blame}
      data={data && { view: data.view, pages: data.pages, pageRows: TREE_PAGE_ROWS }}
      pending={pending}
      error={reportChoices.shownError(error)}
      inverted={inverted}
      cursor={cursor}
      cursorRow={rowAt(cursor.row) ?? null}
      selected={selected}
      onChoice={onChoice}
      onInverted={onInverted}
      onSort={onSort}
      onNeedRows={onNeedRows}
      onCursor={onCursor}
      onToggle={onToggle}
      onExpandAll={onExpandAll}
      onCollapseAll={() => changeExpansion(collapseAll)}
      onExpandEverything={() => changeExpansion(expandEverything)}
      onGrowthPath={() => changeExpansion(() => null)}
      onRevealParent={onRevealParent}
      onSelect={onSelect}
      onFocusRow={(row) => row.focus && onChoice('focus', row.focus)}
      onHideRow={(row) => row.focus && reportChoices.hideFunction(row.focus)}
    />
  );
}

/** An answer's rows by page (its offset is a page's start). */
function pagesOf(view: CallTreeView): Map<number, CallTreeRow[]> {
  const pages = new Map<number, CallTreeRow[]>();
  for (let i = 0; i < view.rows.length; i += TREE_PAGE_ROWS) pages.set((view.offset + i) / TREE_PAGE_ROWS, view.rows.slice(i, i + TREE_PAGE_ROWS));
  return pages;
}

/** A header clicked: that column, the other way round when it was sorted by it already (names ascending first, numbers descending). */
function nextSort(sort: TreeSort | null, column: TreeColumn | null): TreeSort | null {
  if (column === null) return null;
  return sort && sort.column === column ? { column, desc: !sort.desc } : { column, desc: column !== 'name' };
}
