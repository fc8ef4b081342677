// The call tree's rows, virtualised as the table's (heap/TopTable.tsx): only
// the rows in the scrolled window (and a few around it) are in the DOM,
// absolutely placed in a body as tall as all visible rows; rows not fetched
// yet are placeholders while their page comes (onNeedRows). A treegrid: the
// cursor row moves with the arrow keys, right opens or goes to the first
// child, left closes or goes to the parent, `*` opens everything below,
// Enter selects the row's function (highlighted in every row of that name
// here and in the flame graph). Numbers explain themselves on hover.
//
// Rows are keyed by their index: a scroll of a few rows makes those few and
// leaves the others as they are (no text patched, no style recalculated).

import { Component } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useGrowing, useScrollWindow } from '../hooks/useScrollWindow';
import type { CallTreeRow, CallTreeView, TreeColumn } from '../../core/flame';
import type { TopColumn } from '../../core/report';
import { columnWidths, displayName, SortHeader, TOP_ROW_HEIGHT } from '../heap/TopTable';
import { cellTitle, type TreeNumbers } from './titles';

export interface TreeGridProps {
  view: CallTreeView;
  pages: ReadonlyMap<number, CallTreeRow[]>;
  pageRows: number;
  diff: boolean;
  stale: boolean;
  /** The cursor's row (the keyboard's place), and a request to bring it into view. */
  cursor: number;
  reveal: number;
  selected: string | null;
  onNeedRows: (start: number, end: number) => void;
  onCursor: (row: number) => void;
  onToggle: (row: CallTreeRow, open: boolean) => void;
  onExpandAll: (row: CallTreeRow) => void;
  /** Left on a row whose parent is not among the rows fetched. */
  onRevealParent: (row: CallTreeRow) => void;
  onSelectName: (name: string) => void;
  onSort: (column: TreeColumn) => void;
}

const ROW = TOP_ROW_HEIGHT;
const OVERSCAN = 8;

interface Column {
  id: Exclude<TopColumn, 'sumPct'>;
  label: string;
  title: string;
  sort: TreeColumn;
  side?: boolean;
}

const COLUMNS: Column[] = [
  { id: 'flat', label: 'flat', sort: 'flat', title: 'Value charged to this frame itself (its self); a diff: current − base' },
  { id: 'flatPct', label: 'flat%', sort: 'flat', title: 'flat as a share of the total' },
  { id: 'cum', label: 'cum', sort: 'cum', title: 'Value of this frame and everything below it; a diff: current − base' },
  { id: 'cumPct', label: 'cum%', sort: 'cum', title: 'cum as a share of the total' },
  { id: 'base', label: 'base', sort: 'base', title: 'This frame’s cum in the base profile alone', side: true },
  { id: 'current', label: 'current', sort: 'current', title: 'This frame’s cum in the current profile alone', side: true },
  { id: 'delta', label: 'Δ%', sort: 'delta', title: '(current − base) / base; “new” when the base has none', side: true },
  { id: 'name', label: 'name', sort: 'name', title: 'The function, file or line, as pprof names it; Enter or a click selects it' },
];

const sign = (v: number | null) => (v === null || v === 0 ? '' : v > 0 ? ' is-up' : ' is-down');

export function TreeGrid(props: TreeGridProps) {
  const { view, pages, pageRows } = props;
  const count = view.count;
  const sides = view.table.sides;
  const columns = COLUMNS.filter((c) => sides || !c.side);
  const widths = columnWidths(columns, view.table.textChars);
  const scroller = useRef<HTMLDivElement>(null);
  const head = useRef<HTMLDivElement>(null);
  const { win, setWin, onScroll } = useScrollWindow(scroller);

  // The cursor brought into view when asked (a key, a new answer that moved it).
  const winRef = useRef(win);
  winRef.current = win;
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const w = winRef.current;
    const headH = head.current?.offsetHeight ?? ROW;
    const y = props.cursor * ROW;
    let top = w.top;
    if (y < top) top = y;
    else if (headH + y + ROW > top + w.height) top = headH + y + ROW - w.height;
    if (top !== w.top) {
      el.scrollTop = top;
      setWin((x) => ({ ...x, top }));
    }
  }, [props.reveal]);

  const first = Math.max(0, Math.min(count, Math.floor(win.top / ROW) - OVERSCAN));
  const want = Math.min(count, Math.ceil((win.top + win.height) / ROW) + OVERSCAN);
  const onNeed = props.onNeedRows;
  useEffect(() => onNeed(first, want), [first, want, count, pages, onNeed]);
  // The first rows are drawn a few a frame (all at once is one long task on a slow machine).
  const last = first + useGrowing(want - first);

  const rowAt = (i: number): CallTreeRow | undefined => pages.get(Math.floor(i / pageRows))?.[i % pageRows];
  const onKeyDown = (e: KeyboardEvent) => treeKey(e, props, rowAt, Math.max(1, Math.floor(win.height / ROW) - 2));
  // A number's explanation is made when the pointer reaches it (not for every row drawn).
  const onMouseOver = (e: MouseEvent) => {
    const cell = (e.target as Element).closest?.('[data-col]') as HTMLElement | null;
    const col = cell?.dataset.col;
    const row = cell && rowAt(Number(cell.parentElement?.getAttribute('aria-rowindex')) - 2);
    if (!cell || !col || col === 'name' || !row) return;
    const title = cellTitle(col, row, numbers);
    if (cell.title !== title) cell.title = title;
  };
  const numbers: TreeNumbers = { unit: view.table.sampleUnit, total: view.table.total, totalText: view.table.totalText, diff: props.diff };
  const rows = [];
  for (let i = first; i < last; i++) {
    const row = rowAt(i) ?? null;
    rows.push(
      <Row
        key={i}
        row={row}
        index={i}
        sides={sides}
        diff={props.diff}
        cursor={i === props.cursor}
        selected={row !== null && row.name === props.selected}
        onClick={props.onCursor}
        onToggle={props.onToggle}
        onSelectName={props.onSelectName}
      />,
    );
  }
  const sort = view.sort;
  return (
    <div
      class={`top-scroll calltree-scroll${props.stale ? ' is-stale' : ''}`}
      style={{ '--top-cols': widths.template, '--top-min': widths.min }}
      ref={scroller}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
      onMouseOver={onMouseOver}
      tabIndex={0}
      role="treegrid"
      aria-label={view.inverted ? 'Inverted call tree' : 'Call tree'}
      aria-rowcount={count + 1}
      aria-colcount={columns.length}
      data-testid="calltree-grid"
      data-count={count}
      data-cursor={props.cursor}
      data-drawing={last < want ? 'true' : undefined}
    >
      <div class="top-head" role="rowgroup" ref={head}>
        <div class="top-r top-r--head" role="row" aria-rowindex={1}>
          {columns.map((c) => {
            const on = sort?.column === c.sort && c.id === c.sort;
            return (
              <SortHeader
                key={c.id}
                id={c.id}
                label={c.label}
                sorted={on ? (sort!.desc ? 'descending' : 'ascending') : null}
                testId={`calltree-sort-${c.id}`}
                title={`${c.title}. Click to sort siblings by it.`}
                tabIndex={-1}
                onClick={() => props.onSort(c.sort)}
              />
            );
          })}
        </div>
      </div>
      <div class="top-body" role="rowgroup" style={{ height: `${count * ROW}px` }}>
        {rows}
      </div>
    </div>
  );
}

/** What a key does at the cursor. */
function treeKey(e: KeyboardEvent, p: TreeGridProps, rowAt: (i: number) => CallTreeRow | undefined, pageSize: number): void {
  const count = p.view.count;
  const at = rowAt(p.cursor);
  const move = (i: number) => p.onCursor(Math.max(0, Math.min(count - 1, i)));
  switch (e.key) {
    case 'ArrowDown':
      move(p.cursor + 1);
      break;
    case 'ArrowUp':
      move(p.cursor - 1);
      break;
    case 'PageDown':
      move(p.cursor + pageSize);
      break;
    case 'PageUp':
      move(p.cursor - pageSize);
      break;
    case 'Home':
      move(0);
      break;
    case 'End':
      move(count - 1);
      break;
    case 'ArrowRight':
      if (at?.state === 1) p.onToggle(at, true);
      else if (at?.state === 2) move(p.cursor + 1);
      break;
    case 'ArrowLeft':
      if (!at) break;
      if (at.state === 2) p.onToggle(at, false);
      else if (at.depth > 0) {
        // The parent is the nearest row above one level up, usually fetched already.
        let i = p.cursor - 1;
        for (let r = rowAt(i); r && r.frame !== at.parent; r = rowAt(--i));
        if (rowAt(i)?.frame === at.parent) move(i);
        else p.onRevealParent(at);
      }
      break;
    case '*':
      if (at && at.state !== 0) p.onExpandAll(at);
      break;
    case 'Enter':
    case ' ':
      if (at) p.onSelectName(at.name);
      break;
    default:
      return;
  }
  e.preventDefault();
}

interface RowProps {
  row: CallTreeRow | null;
  index: number;
  sides: boolean;
  diff: boolean;
  cursor: boolean;
  selected: boolean;
  onClick: (index: number) => void;
  onToggle: (row: CallTreeRow, open: boolean) => void;
  onSelectName: (name: string) => void;
}

/** A row, drawn again only when its props change (scrolling patches the rows in place). */
class Row extends Component<RowProps> {
  override shouldComponentUpdate(n: RowProps): boolean {
    const p = this.props;
    return n.row !== p.row || n.index !== p.index || n.sides !== p.sides || n.cursor !== p.cursor || n.selected !== p.selected || n.diff !== p.diff;
  }

  override render() {
    return <RowCells {...this.props} />;
  }
}

/** Levels of indentation drawn at most; deeper rows say their depth. */
const MAX_INDENT = 40;

function RowCells({ row, index, sides, diff, cursor, selected, onClick, onToggle, onSelectName }: RowProps) {
  const style = { transform: `translateY(${index * ROW}px)` };
  if (row === null) {
    return (
      <div class="top-r top-row top-row--loading" role="row" aria-rowindex={index + 2} data-testid="calltree-row-loading" style={style}>
        <div class="top-num" role="gridcell">
          …
        </div>
      </div>
    );
  }
  const num = (col: Column['id'], cls: string, text: string) => (
    <div role="gridcell" class={cls} data-col={col}>
      {text}
    </div>
  );
  const indent = Math.min(row.depth, MAX_INDENT);
  return (
    <div
      class={`top-r top-row calltree-row${index % 2 === 1 ? ' is-odd' : ''}${cursor ? ' is-cursor' : ''}${selected ? ' is-selected' : ''}`}
      role="row"
      aria-rowindex={index + 2}
      aria-level={row.depth + 1}
      aria-expanded={row.state === 0 ? undefined : row.state === 2}
      aria-selected={cursor}
      style={style}
      data-testid="calltree-row"
      data-frame={row.frame}
      data-depth={row.depth}
      data-state={row.state}
      data-name={row.name}
      data-cum={row.cum}
      data-flat={row.flat}
      onClick={() => {
        onClick(index);
        onSelectName(row.name);
      }}
    >
      {num('flat', `top-num${diff ? sign(row.flat) : ''}`, row.flatText)}
      {num('flatPct', 'top-num top-pct', row.flatPct)}
      {num('cum', `top-num${diff ? sign(row.cum) : ''}`, row.cumText)}
      {num('cumPct', 'top-num top-pct', row.cumPct)}
      {sides && num('base', 'top-num top-side', row.baseText)}
      {sides && num('current', 'top-num top-side', row.currentText)}
      {sides && num('delta', `top-num top-delta${sign(row.delta)}`, row.deltaText)}
      <div role="gridcell" class="top-name calltree-name" data-col="name" title={row.name} style={{ paddingLeft: `calc(0.5rem + ${indent * 0.9}rem)` }}>
        <span
          class="calltree-twisty"
          aria-hidden="true"
          data-testid={row.state === 0 ? undefined : 'calltree-twisty'}
          onClick={(e) => {
            if (row.state === 0) return;
            e.stopPropagation();
            onClick(index);
            onToggle(row, row.state === 1);
          }}
        >
          {row.state === 0 ? '' : row.state === 2 ? '▾' : '▸'}
        </span>
        {row.depth > MAX_INDENT && <span class="calltree-depth">{row.depth}·</span>}
        <span class="top-name__text" dir="ltr" data-testid="calltree-name">
          {displayName(row.name)}
        </span>
      </div>
    </div>
  );
}
