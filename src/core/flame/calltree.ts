// The call tree's page, computed where the profiles live (the worker): a
// window of the visible rows of the top-down or inverted tree under the
// page's expand state, each with the table's columns formatted as the table
// formats them (its unit, its Δ%), and the table's header for the controls.
//
// The expand state is small whatever the tree's size: frames opened, frames
// closed, and frames opened with everything below them (`*`), each a frame
// index of one tree (`tree`, an id that changes whenever the tree is built
// again). A state for another tree is replaced by the default: the path of
// largest growth open. The visible rows of the last state are kept, so
// scrolling a million rows asks for a window and walks nothing.

import { formatValue, goPercentage } from '../format';
import type { Profile } from '../model';
import { deltaPercent, focusRegexp, formatDelta, type ReportQuery } from '../report';
import type { TopView, TopViews } from '../top';
import { TREE_COLUMNS, visibleRows, type ExpandedFrames, type TreeSort, type VisibleRows } from './select';
import type { LazyTree } from './lazy';
import { lazyGrowthPath, madeTree, openIds, type ShownTree } from './shown';
import { frameFlat, frameValue, type FlameTree, type FrameIndex } from './tree';
import type { FlameTrees, FlameViews } from './views';

/** Which frames of tree `tree` are open: `open` ones, and everything under each of `all` (0: the whole tree) but the `closed` ones. */
export interface TreeExpansion {
  tree: string;
  open: FrameIndex[];
  closed: FrameIndex[];
  all: FrameIndex[];
}

export interface CallTreeQuery extends ReportQuery {
  /** Bottom-up: roots are where values are flat, children their callers. */
  inverted?: boolean;
  /** null or absent: the tree's order (by decreasing width, pprof's flame graph order). */
  sort?: TreeSort | null;
  /** null, absent or of another tree: the path of largest growth open. */
  expansion?: TreeExpansion | null;
  /** Visible rows sent: from `offset`, at most `limit` (default 200). */
  offset?: number;
  limit?: number;
  /** A frame whose row is asked for (the answer's revealRow). */
  reveal?: FrameIndex | null;
}

export interface CallTreeRow {
  frame: FrameIndex;
  /** Parent frame (0: the row is at the top level); one past the subtree's last frame. */
  parent: FrameIndex;
  end: FrameIndex;
  depth: number;
  /** 0: no children; 1: closed; 2: open. */
  state: number;
  name: string;
  /** A Go regexp that focuses on the row's function (or file), as the table's row; null when it has neither. */
  focus: string | null;
  /** Signed (current − base in a diff). */
  flat: number;
  cum: number;
  base: number | null;
  current: number | null;
  delta: number | null;
  flatText: string;
  flatPct: string;
  cumText: string;
  cumPct: string;
  baseText: string;
  currentText: string;
  deltaText: string;
}

export interface CallTreeView {
  /** The table's answer for the same query, without rows: header, modes, sample types, unit, totals. */
  table: TopView;
  inverted: boolean;
  /** The tree these frame indexes are of. */
  tree: string;
  /** Frames in the tree (with its root), when known: the top-down tree is made only as far as it is shown. */
  frames: number | null;
  /** The expand state applied: the page's, or the default for a new tree. */
  expansion: TreeExpansion;
  sort: TreeSort | null;
  /** Visible rows in all, and the window sent. */
  count: number;
  offset: number;
  rows: CallTreeRow[];
  /** The visible row of `reveal` (by default, for a tree new to the page, of its growth path's end), or null (none, or under a closed frame). */
  revealRow: number | null;
}

const DEFAULT_LIMIT = 200;

/** A membership test of an expand state (`all`: subtrees, each the preorder range [a, end[a])). */
export function expandedFrames(t: FlameTree, e: TreeExpansion): ExpandedFrames {
  const open = new Set(e.open);
  const closed = new Set(e.closed);
  const all = e.all.filter((a) => a >= 0 && a < t.length); // 0, the root: everything open
  return { has: (f) => !closed.has(f) && (open.has(f) || all.some((a) => a <= f && f < t.end[a])) };
}

export class CallTreeViews {
  private readonly ids = new WeakMap<object, string>();
  private nextId = 1;
  /** Per worker start: a state sent to an earlier worker never matches. */
  private readonly prefix = Math.random().toString(36).slice(2, 8);
  private readonly focus = new WeakMap<FlameTrees, Map<string, string | null>>();
  private last: { tree: LazyTree; key: string; shown: ShownTree; rows: VisibleRows } | null = null;

  /** `flame` and `top` share their engines (the worker's FlameViews over its TopViews). */
  constructor(
    private readonly flame: FlameViews,
    private readonly top: TopViews,
  ) {}

  /** Throws ReportQueryError for a query pprof would refuse. */
  view(current: Profile, base: Profile | null, query: CallTreeQuery): CallTreeView {
    const { inverted = false, sort: asked, expansion: given, offset: o, limit: l, reveal, ...report } = query;
    // The table first: the trees read the engines' last values (views.ts).
    const table = this.top.view(current, base, { ...report, sort: null, search: '', offset: 0, limit: 0 });
    const trees = this.flame.trees(current, base, report);
    // The lazy tree, made as far as the state opens it.
    const lazy = inverted ? trees.lazyInverted() : trees.lazy;
    const id = this.idOf(lazy);
    const mine = given && given.tree === id ? given : null;
    const expansion = mine ?? { tree: id, open: lazyGrowthPath(lazy).map((f) => lazy.id[f]), closed: [], all: [] };
    const sort = asked && (TREE_COLUMNS as readonly string[]).includes(asked.column) ? { column: asked.column, desc: asked.desc === true } : null;
    const { shown, rows } = this.rows(lazy, expansion, sort);
    const t = shown.tree;
    const offset = Math.max(0, Math.min(rows.count, Math.floor(o ?? 0)));
    const end = Math.min(rows.count, offset + Math.max(0, Math.floor(l ?? DEFAULT_LIMIT)));
    const focus = this.focusOf(current, base, report, trees);
    const fmt = (v: number) => formatValue(v, t.sampleUnit, table.unit);
    const out: CallTreeRow[] = [];
    for (let i = offset; i < end; i++) {
      const f = rows.frame[i];
      const flat = frameFlat(t, f);
      const cum = frameValue(t, f);
      const b = t.base ? t.base[f] : null;
      const c = t.current ? t.current[f] : null;
      const delta = b !== null && c !== null ? deltaPercent(b, c) : null;
      out.push({
        frame: shown.id(f),
        parent: shown.id(t.parent[f]),
        end: shown.end(f),
        depth: rows.depth[i],
        state: rows.state[i] === 0 && shown.hasChildren(f) ? 1 : rows.state[i],
        name: t.names[t.node[f]],
        focus: focus.get(t.keys[t.node[f]]) ?? null,
        flat,
        cum,
        base: b,
        current: c,
        delta,
        flatText: fmt(flat),
        flatPct: goPercentage(flat, t.total).trim(),
        cumText: fmt(cum),
        cumPct: goPercentage(cum, t.total).trim(),
        baseText: b === null ? '' : fmt(b),
        currentText: c === null ? '' : fmt(c),
        deltaText: formatDelta(delta),
      });
    }
    let revealRow: number | null = null;
    // A new tree: the end of its growth path is where the page's cursor goes.
    const revealed = reveal ?? (mine ? null : (expansion.open[expansion.open.length - 1] ?? null));
    const at = revealed === null ? undefined : shown.frame(revealed);
    if (at !== undefined) {
      const row = rows.frame.indexOf(at);
      revealRow = row < 0 ? null : row;
    }
    return { table, inverted, tree: id, frames: shown.frames, expansion, sort, count: rows.count, offset, rows: out, revealRow };
  }

  private idOf(t: object): string {
    let id = this.ids.get(t);
    if (!id) this.ids.set(t, (id = `${this.prefix}-${this.nextId++}`));
    return id;
  }

  /** The visible rows of a state, the last one kept (scrolling asks again with the same). */
  private rows(t: LazyTree, e: TreeExpansion, sort: TreeSort | null): { shown: ShownTree; rows: VisibleRows } {
    const key = JSON.stringify([e.open, e.closed, e.all, sort]);
    if (this.last && this.last.tree === t && this.last.key === key) return this.last;
    const isOpen = openIds(t, e);
    const shown = madeTree(t, (f) => isOpen(t.id[f]));
    const rows = visibleRows(shown.tree, { has: (f) => isOpen(shown.id(f)) }, sort);
    this.last = { tree: t, key, shown, rows };
    return this.last;
  }

  /** Each report node's focus regexp by its key, as the table's rows have it (from the comparison's engine). */
  private focusOf(current: Profile, base: Profile | null, report: ReportQuery, trees: FlameTrees): Map<string, string | null> {
    let m = this.focus.get(trees);
    if (m) return m;
    const nodes = this.top.report(current, base, report).engine.graphInput(trees.options).nodes;
    m = new Map();
    for (let n = 0; n < nodes.length; n++) m.set(nodes.sprint[n], focusRegexp(nodes.info[n], trees.options.granularity));
    this.focus.set(trees, m);
    return m;
  }
}
