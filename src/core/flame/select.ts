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

/**
 * The call tree's visible rows: the root's children, and below every
 * expanded frame its children, depth first, from `offset`, at most `limit`.
 */
export function treeRows(t: FlameTree, options: { expanded: ReadonlySet<FrameIndex>; sort?: TreeSort | null; offset?: number; limit?: number }): TreeRows {
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const limit = Math.max(0, Math.floor(options.limit ?? 200));
  const frame: number[] = [];
  const depth: number[] = [];
  const state: number[] = [];
  let count = 0;
  const stack: { kids: FrameIndex[]; at: number }[] = [{ kids: childrenOf(t, 0, options.sort ?? null), at: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.at >= top.kids.length) {
      stack.pop();
      continue;
    }
    const f = top.kids[top.at++];
    const hasKids = t.end[f] > f + 1;
    const open = hasKids && options.expanded.has(f);
    if (count >= offset && frame.length < limit) {
      frame.push(f);
      depth.push(stack.length - 1);
      state.push(hasKids ? (open ? 2 : 1) : 0);
    }
    count++;
    if (open) stack.push({ kids: childrenOf(t, f, options.sort ?? null), at: 0 });
  }
  return { frame: Int32Array.from(frame), depth: Int32Array.from(depth), state: Uint8Array.from(state), count, offset };
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
