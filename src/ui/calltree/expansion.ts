// The call tree's expand state on the page (core/flame calltree.ts
// TreeExpansion): what a key or a click does to it. Pure. Frames are
// preorder indexes of one tree, so a frame's subtree is [frame, end).

import type { TreeExpansion } from '../../core/flame';

/** The frame a change is about: its index and one past its subtree. */
export interface FrameSpan {
  frame: number;
  end: number;
}

const without = (list: number[], f: number) => list.filter((x) => x !== f);

/** Opens one frame (its children show; what was open below them stays open). */
export function expand(e: TreeExpansion, f: FrameSpan): TreeExpansion {
  return { ...e, open: [...without(e.open, f.frame), f.frame], closed: without(e.closed, f.frame) };
}

/** Closes one frame (kept closed inside a subtree opened with `*`). */
export function collapse(e: TreeExpansion, f: FrameSpan): TreeExpansion {
  return { ...e, open: without(e.open, f.frame), closed: [...without(e.closed, f.frame), f.frame] };
}

/** `*`: everything under the frame open; what was said about frames inside it before is moot. */
export function expandAll(e: TreeExpansion, f: FrameSpan): TreeExpansion {
  const outside = (x: number) => x < f.frame || x >= f.end;
  return { tree: e.tree, open: e.open.filter(outside), closed: e.closed.filter(outside), all: [...e.all.filter(outside), f.frame] };
}

/** Nothing open (the top level only). */
export function collapseAll(e: TreeExpansion): TreeExpansion {
  return { tree: e.tree, open: [], closed: [], all: [] };
}

/** Everything open (a frame span of the root, 0, covers the whole tree). */
export function expandEverything(e: TreeExpansion): TreeExpansion {
  return { tree: e.tree, open: [], closed: [], all: [0] };
}
