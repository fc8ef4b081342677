// The top table, virtualised: only the rows in the scrolled window (and a
// few around it) are in the DOM, each absolutely placed at a fixed height in
// a body as tall as all rows (which gives the scrollbar its length); rows not
// fetched yet show as placeholders while their page comes from the worker
// (onNeedRows). A grid of divs with ARIA table roles, not a <table>: each
// row is laid out on its own (contain), so scrolling costs the rows that
// change, never a table layout. Column headers sort (click again to
// reverse); a row focuses its function.
//
// Names come from the profile, which is untrusted: they are text only (never
// markup), long ones are cut by CSS with the whole name in the title, and
// invisible characters that reorder or hide text (bidi overrides, controls)
// are shown as their code points.

import { Component } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { TopColumn } from '../../core/report';
import type { TopView, TopViewRow } from '../../core/top';
import { useGrowing, useScrollWindow } from '../hooks/useScrollWindow';

export interface TopTableProps {
  view: TopView;
  pages: ReadonlyMap<number, TopViewRow[]> | null;
  pageRows: number;
  generation: number;
  /** A diff: flat and cum are signed, coloured by sign. */
  diff: boolean;
  /** The rows shown answer an older question. */
  stale: boolean;
  onNeedRows: (start: number, end: number) => void;
  onFocusRow: (focus: string) => void;
  onSort: (column: TopColumn) => void;
}

/** Pixels per row (Top.css .top-row has the same height). */
export const TOP_ROW_HEIGHT = 28;
const OVERSCAN = 6;
/** Characters of a name put in the DOM; the title has all of it. */
const NAME_CHARS = 2000;

interface Column {
  id: TopColumn;
  label: string;
  title: string;
  side?: boolean;
}

/**
 * The least width of each numeric column, in rem (the header's font size):
 * its label in bold (measured in DejaVu Sans, among the widest of the usual
 * system fonts, plus a tenth), the sort mark and the cell padding. The
 * values' own width comes from the view (TopView.textChars), in `ch` of the
 * rows' monospace font.
 */
const HEADER_REM: Record<Exclude<TopColumn, 'name'>, number> = { flat: 4.1, flatPct: 5.2, sumPct: 5.7, cum: 4.6, cumPct: 5.7, base: 4.9, current: 6.6, delta: 4 };
/** Padding of a cell (Top.css .top-row > [role='cell']), plus room for a font whose digits are wider than its `0`. */
const CELL_PAD = '1rem + 0.5ch';
const NAME_REM = 16;

/**
 * The columns' widths (a grid template): each numeric column as wide as its
 * longest value or its label, the name the rest; and the row's least width
 * (a narrower window scrolls the table sideways rather than cut a number).
 */
export function columnWidths(columns: readonly Column[], chars: TopView['textChars']): { template: string; min: string } {
  const numeric = columns.flatMap((c) => (c.id === 'name' ? [] : [`max(${HEADER_REM[c.id]}rem, calc(${Math.max(1, chars[c.id])}ch + ${CELL_PAD}))`]));
  return { template: `${numeric.join(' ')} minmax(${NAME_REM}rem, 1fr)`, min: `calc(${numeric.join(' + ')} + ${NAME_REM}rem)` };
}

const COLUMNS: Column[] = [
  { id: 'flat', label: 'flat', title: 'Value charged to this row itself (pprof flat); a diff: current − base' },
  { id: 'flatPct', label: 'flat%', title: 'flat as a share of the total (pprof flat%, always positive)' },
  { id: 'sumPct', label: 'sum%', title: 'Running total of flat% in pprof’s order (pprof sum%)' },
  { id: 'cum', label: 'cum', title: 'Value of this row and everything it calls (pprof cum)' },
  { id: 'cumPct', label: 'cum%', title: 'cum as a share of the total (pprof cum%)' },
  { id: 'base', label: 'base', title: 'This row in the base profile alone', side: true },
  { id: 'current', label: 'current', title: 'This row in the current profile alone', side: true },
  { id: 'delta', label: 'Δ%', title: '(current − base) / base; “new” when the base has none', side: true },
  { id: 'name', label: 'name', title: 'The function, file or line, as pprof names it; click a row to focus on it' },
];

// Bidi embeddings/overrides/isolates and marks, zero-width characters, C0/C1 controls.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** A name as shown: invisible and reordering characters as "⟨U+202E⟩", cut to NAME_CHARS. */
export function displayName(name: string): string {
  const cut = name.length > NAME_CHARS ? `${name.slice(0, NAME_CHARS)}…` : name;
  return cut.replace(INVISIBLE, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

const sign = (v: number | null) => (v === null || v === 0 ? '' : v > 0 ? ' is-up' : ' is-down');

export function TopTable(props: TopTableProps) {
  const { view, pages, pageRows, diff } = props;
  const count = view.matched;
  const sides = view.sides;
  const columns = COLUMNS.filter((c) => sides || !c.side);
  const widths = columnWidths(columns, view.textChars);
  const scroller = useRef<HTMLDivElement>(null);
  const { win, setWin, onScroll } = useScrollWindow(scroller);

  // A new answer starts at the top. Only when scrolled away (the position is known from onScroll):
  // setting scrollTop forces a layout of the whole page.
  const topRef = useRef(0);
  topRef.current = win.top;
  const mounted = useRef(false);
  useLayoutEffect(() => {
    if (!mounted.current) {
      mounted.current = true;
      return;
    }
    if (topRef.current === 0) return;
    const el = scroller.current;
    if (el) el.scrollTop = 0;
    setWin((w) => ({ ...w, top: 0 }));
  }, [props.generation]);

  const first = Math.max(0, Math.min(count, Math.floor(win.top / TOP_ROW_HEIGHT) - OVERSCAN));
  const want = Math.min(count, Math.ceil((win.top + win.height) / TOP_ROW_HEIGHT) + OVERSCAN);
  // The first rows are drawn CHUNK a frame (all at once is one long task on a slow machine).
  const drawn = useGrowing(want - first);
  const last = first + drawn;
  const onNeed = props.onNeedRows;
  useEffect(() => onNeed(first, last), [first, last, count, props.generation, onNeed]);

  const rowAt = (i: number): TopViewRow | undefined => pages?.get(Math.floor(i / pageRows))?.[i % pageRows];
  const sort = view.sort;
  const rows = [];
  for (let i = first; i < last; i++) {
    // Keyed by slot in the window: scrolling patches text in the same elements instead of making new ones.
    rows.push(<Row key={i - first} row={rowAt(i) ?? null} index={i} sides={sides} diff={diff} onFocusRow={props.onFocusRow} />);
  }

  return (
    <div
      class={`top-scroll${props.stale ? ' is-stale' : ''}`}
      style={{ '--top-cols': widths.template, '--top-min': widths.min }}
      ref={scroller}
      onScroll={onScroll}
      role="table"
      aria-label="Top growth"
      aria-rowcount={count + 1}
      aria-colcount={columns.length}
      data-testid="top-table"
    >
      <div class="top-head" role="rowgroup">
        <div class="top-r top-r--head" role="row" aria-rowindex={1}>
          {columns.map((c) => {
            const on = sort?.column === c.id;
            return (
              <SortHeader
                key={c.id}
                id={c.id}
                label={c.label}
                sorted={on ? (sort!.desc ? 'descending' : 'ascending') : null}
                testId={`top-sort-${c.id}`}
                title={`${c.side && c.id !== 'delta' ? `${c.title} (its ${view.sideMeasure})` : c.title}. Click to sort.`}
                onClick={() => props.onSort(c.id)}
              />
            );
          })}
        </div>
      </div>
      <div class="top-body" role="rowgroup" style={{ height: `${count * TOP_ROW_HEIGHT}px` }} data-testid={last < want ? 'top-rows-drawing' : undefined}>
        {rows}
      </div>
    </div>
  );
}

/** A column's header: a button that sorts by it, marked when it does. */
export function SortHeader(p: { id: string; label: string; sorted: 'ascending' | 'descending' | null; testId: string; title: string; tabIndex?: number; onClick: () => void }) {
  return (
    <div role="columnheader" class={`top-th top-th--${p.id}${p.sorted ? ' is-sorted' : ''}`} aria-sort={p.sorted ?? 'none'}>
      <button type="button" tabIndex={p.tabIndex} data-testid={p.testId} title={p.title} onClick={p.onClick}>
        {p.label}
        <span class="top-sort-mark" aria-hidden="true">
          {p.sorted === 'descending' ? ' ▾' : p.sorted === 'ascending' ? ' ▴' : ''}
        </span>
      </button>
    </div>
  );
}

interface RowProps {
  /** null while its page is on the way. */
  row: TopViewRow | null;
  index: number;
  sides: boolean;
  diff: boolean;
  onFocusRow: (focus: string) => void;
}

/** A row, drawn again only when its props change (scrolling and growing redraw the table, mostly the same rows). */
class Row extends Component<RowProps> {
  override shouldComponentUpdate(next: RowProps): boolean {
    const p = this.props;
    return next.row !== p.row || next.index !== p.index || next.sides !== p.sides || next.diff !== p.diff || next.onFocusRow !== p.onFocusRow;
  }

  override render() {
    return <RowCells {...this.props} />;
  }
}

function RowCells({ row, index, sides, diff, onFocusRow }: RowProps) {
  if (row === null) {
    // The same cells as a row (the elements stay when the row arrives), empty.
    return (
      <div class="top-r top-row top-row--loading" role="row" aria-rowindex={index + 2} data-testid="top-row-loading" style={{ transform: `translateY(${index * TOP_ROW_HEIGHT}px)` }}>
        <div class="top-num" role="cell">
          …
        </div>
        <div class="top-num" role="cell" />
        <div class="top-num" role="cell" />
        <div class="top-num" role="cell" />
        <div class="top-num" role="cell" />
        {sides && (
          <>
            <div class="top-num" role="cell" />
            <div class="top-num" role="cell" />
            <div class="top-num" role="cell" />
          </>
        )}
        <div class="top-name" role="cell" />
      </div>
    );
  }
  const focus = row.focus;
  const pick = focus === null ? undefined : () => onFocusRow(focus);
  const title = row.inline ? `${row.name} (${row.inline})` : row.name;
  return (
    <div
      class={`top-r top-row${focus ? ' is-pickable' : ''}${index % 2 === 1 ? ' is-odd' : ''}`}
      role="row"
      aria-rowindex={index + 2}
      style={{ transform: `translateY(${index * TOP_ROW_HEIGHT}px)` }}
      data-testid="top-row"
      data-rank={row.rank}
      data-flat={row.flat}
      data-cum={row.cum}
      data-base={row.base ?? undefined}
      data-current={row.current ?? undefined}
      data-delta={row.delta ?? undefined}
      tabIndex={focus ? 0 : undefined}
      onClick={pick}
      onKeyDown={
        pick &&
        ((e: KeyboardEvent) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            pick();
          }
        })
      }
    >
      <NumCell col="flat" class={`top-num${diff ? sign(row.flat) : ''}`} text={row.flatText} />
      <NumCell col="flatPct" class="top-num top-pct" text={row.flatPct} />
      <NumCell col="sumPct" class="top-num top-pct" text={row.sumPct} />
      <NumCell col="cum" class={`top-num${diff ? sign(row.cum) : ''}`} text={row.cumText} />
      <NumCell col="cumPct" class="top-num top-pct" text={row.cumPct} />
      {sides && (
        <>
          <NumCell col="base" class="top-num top-side" text={row.baseText} />
          <NumCell col="current" class="top-num top-side" text={row.currentText} />
          <NumCell col="delta" class={`top-num top-delta${sign(row.delta)}`} text={row.deltaText} />
        </>
      )}
      <div role="cell" class="top-name" data-col="name" title={title} data-testid="top-name">
        <span class="top-name__text" dir="ltr">
          {displayName(row.name)}
        </span>
        {row.inline && <span class="top-inline"> ({row.inline})</span>}
      </div>
    </div>
  );
}

/** One number of a row: its column's name for the tests and the width rule, its text. */
function NumCell({ col, class: cls, text }: { col: string; class: string; text: string }) {
  return (
    <div role="cell" class={cls} data-col={col}>
      {text}
    </div>
  );
}
