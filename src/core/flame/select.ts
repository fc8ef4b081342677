// What the page draws of a tree, so it receives only that: the flame
// graph's frames wider than a fraction of the (zoomed) root, laid out; the
// call tree's visible rows under an expand state, sorted and paged.

import { NONE } from '../model';
import { deltaPercent } from '../report';
import { frameFlat, frameValue, frameWidth, type FlameTree, type FrameIndex } from './tree';

export interface FlameFrames {
  /** Frames drawn, in preorder (a parent before its children). */
  frame: Int32Array;
  /** Left edge and width as fractions of the root's width (0..1); depth from the root (0). */
  x: Float64Array;
  width: Float64Array;
  depth: Int32Array;
  /** The root of the drawing (the zoomed frame) and its ancestors, outermost first (the breadcrumbs). */
  path: FrameIndex[];
}

/**
 * The frames wider than `minFraction` of `root`'s width, laid out as
 * pprof's flame graph lays them out: a frame's own part on its left, then
 * its children by decreasing width.
 */
export function flameFrames(t: FlameTree, options: { root?: FrameIndex; minFraction?: number } = {}): FlameFrames {
  const root = options.root ?? 0;
  const rootWidth = frameWidth(t, root);
  const min = (options.minFraction ?? 0) * rootWidth;
  const frame: number[] = [];
  const xs: number[] = [];
  const ws: number[] = [];
  const ds: number[] = [];
  const left = new Float64Array(t.length); // where the next child of a frame starts
  const d0 = t.depth[root];
  if (rootWidth > 0) {
    for (let f = root; f < t.end[root]; ) {
      const w = frameWidth(t, f);
      if (w <= 0 || w < min) {
        f = t.end[f];
        continue;
      }
      let x = 0;
      if (f !== root) {
        const q = t.parent[f];
        x = left[q];
        left[q] += w;
      }
      // The children start after the frame's own part.
      let kids = 0;
      for (let c = f + 1; c < t.end[f]; c = t.end[c]) kids += frameWidth(t, c);
      left[f] = x + Math.max(0, w - kids);
      frame.push(f);
      xs.push(x / rootWidth);
      ws.push(w / rootWidth);
      ds.push(t.depth[f] - d0);
      f++;
    }
  }
  const path: FrameIndex[] = [];
  for (let f = root; f !== NONE; f = t.parent[f]) path.unshift(f);
  return { frame: Int32Array.from(frame), x: Float64Array.from(xs), width: Float64Array.from(ws), depth: Int32Array.from(ds), path };
}

export const TREE_COLUMNS = ['flat', 'cum', 'base', 'current', 'delta', 'name'] as const;
export type TreeColumn = (typeof TREE_COLUMNS)[number];

export interface TreeSort {
  column: TreeColumn;
  desc: boolean;
}

export interface TreeRows {
  /** Visible rows from `offset`, at most `limit`. */
  frame: Int32Array;
  /** Depth from the top level (0). */
  depth: Int32Array;
  /** 1 when the frame has children; 2 when it is expanded too. */
  state: Uint8Array;
  /** All visible rows (the scroll height). */
  count: number;
  offset: number;
}

/** A frame's value in a column, for sorting; null when it has none (base/current of one profile). */
function columnValue(t: FlameTree, c: Exclude<TreeColumn, 'name'>): (f: FrameIndex) => number | null {
  switch (c) {
    case 'flat':
      return (f) => frameFlat(t, f);
    case 'cum':
      return (f) => frameValue(t, f);
    case 'base':
      return (f) => (t.base ? t.base[f] : null);
    case 'current':
      return (f) => (t.current ? t.current[f] : null);
    case 'delta':
      return (f) => (t.base && t.current ? deltaPercent(t.base[f], t.current[f]) : null);
  }
}

/** The children of a frame, in a sort order (null: the tree's own, by decreasing width). */
export function childrenOf(t: FlameTree, f: FrameIndex, sort: TreeSort | null = null): FrameIndex[] {
  const kids: FrameIndex[] = [];
  for (let c = f + 1; c < t.end[f]; c = t.end[c]) kids.push(c);
  if (!sort || kids.length < 2) return kids;
  const dir = sort.desc ? -1 : 1;
  if (sort.column === 'name') {
    const name = (x: FrameIndex) => t.names[t.node[x]];
    return kids.sort((a, b) => (name(a) < name(b) ? -dir : name(a) > name(b) ? dir : a - b));
  }
  const v = columnValue(t, sort.column);
  return kids.sort((a, b) => {
    const x = v(a);
    const y = v(b);
    if (x === null || y === null || Number.isNaN(x) || Number.isNaN(y)) return x === y ? a - b : x === null ? 1 : -1;
    return x < y ? -dir : x > y ? dir : a - b;
  });
}

/** Which frames are expanded: a Set, or any test of membership (core/flame calltree.ts: the page's expand state). */
export interface ExpandedFrames {
  has(f: FrameIndex): boolean;
}

/** Every visible row of the call tree, in order (TreeRows without the paging). */
export interface VisibleRows {
  frame: Int32Array;
  depth: Int32Array;
  state: Uint8Array;
  count: number;
}

/**
 * The call tree's visible rows: the root's children, and below every
 * expanded frame its children, depth first. In the tree's own order the
 * walk follows the preorder's sibling links (no list per frame), so a
 * million visible rows cost one pass.
 */
export function visibleRows(t: FlameTree, expanded: ExpandedFrames, sort: TreeSort | null = null): VisibleRows {
  let frame = new Int32Array(64);
  let depth = new Int32Array(64);
  let state = new Uint8Array(64);
  let count = 0;
  // A level: its children as a sorted list, or (sort null) the next sibling and the parent's end.
  const stack: { kids: FrameIndex[] | null; at: number; stop: number }[] = [];
  const open = (f: FrameIndex) => stack.push(sort ? { kids: childrenOf(t, f, sort), at: 0, stop: 0 } : { kids: null, at: f + 1, stop: t.end[f] });
  open(0);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    let f: FrameIndex;
    if (top.kids) {
      if (top.at >= top.kids.length) {
        stack.pop();
        continue;
      }
      f = top.kids[top.at++];
    } else {
      if (top.at >= top.stop) {
        stack.pop();
        continue;
      }
      f = top.at;
      top.at = t.end[f];
    }
    const hasKids = t.end[f] > f + 1;
    const isOpen = hasKids && expanded.has(f);
    if (count === frame.length) {
      frame = growInt(frame);
      depth = growInt(depth);
      const s = new Uint8Array(state.length * 2);
      s.set(state);
      state = s;
    }
    frame[count] = f;
    depth[count] = stack.length - 1;
    state[count] = hasKids ? (isOpen ? 2 : 1) : 0;
    count++;
    if (isOpen) open(f);
  }
  return { frame: frame.subarray(0, count), depth: depth.subarray(0, count), state: state.subarray(0, count), count };
}

function growInt(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** The call tree's visible rows (visibleRows) from `offset`, at most `limit`. */
export function treeRows(t: FlameTree, options: { expanded: ExpandedFrames; sort?: TreeSort | null; offset?: number; limit?: number }): TreeRows {
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const limit = Math.max(0, Math.floor(options.limit ?? 200));
  const all = visibleRows(t, options.expanded, options.sort ?? null);
  const end = Math.min(all.count, offset + limit);
  const from = Math.min(offset, end);
  return { frame: all.frame.slice(from, end), depth: all.depth.slice(from, end), state: all.state.slice(from, end), count: all.count, offset };
}

/**
 * The path of largest growth: from the root, the child with the largest
 * value (Δ in a diff) while it is positive. Expanding these frames opens the
 * call tree on it; its last frame is where the flame graph's widest red
 * path ends.
 */
export function growthPath(t: FlameTree, from: FrameIndex = 0): FrameIndex[] {
  const path: FrameIndex[] = [];
  let f = from;
  for (;;) {
    let best = NONE;
    let bestValue = 0;
    for (let c = f + 1; c < t.end[f]; c = t.end[c]) {
      const v = frameValue(t, c);
      if (v > bestValue) {
        best = c;
        bestValue = v;
      }
    }
    if (best === NONE) return path;
    path.push(best);
    f = best;
  }
}

/** Frames whose name contains `text` (case-insensitive), and their value counted once per path (no match above them). */
export function searchFrames(t: FlameTree, text: string): { frames: Int32Array; value: number; width: number } {
  const needle = text.trim().toLowerCase();
  const frames: number[] = [];
  let value = 0;
  let width = 0;
  if (needle === '') return { frames: new Int32Array(0), value, width };
  const match = t.names.map((n) => n.toLowerCase().includes(needle));
  let outerEnd = 0; // end of the outermost match's subtree we are in
  for (let f = 1; f < t.length; f++) {
    if (!match[t.node[f]]) continue;
    frames.push(f);
    if (f >= outerEnd) {
      value += frameValue(t, f);
      width += frameWidth(t, f);
      outerEnd = t.end[f];
    }
  }
  return { frames: Int32Array.from(frames), value, width };
}
