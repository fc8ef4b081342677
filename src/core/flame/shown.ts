// The tree a page walks, made as far as asked: select.ts's functions work
// on a FlameTree in preorder, and the page keeps frame ids whose subtrees
// are ranges [id, end). The lazy tree (lazy.ts) makes the frames the page's
// state needs and hands over what it made as a small FlameTree, with its
// own ids beside it.

import type { LazyTree } from './lazy';
import type { FlameTree, FrameIndex } from './tree';

export interface ShownTree {
  /** What select.ts walks (every frame the asked state shows is in it). */
  tree: FlameTree;
  /** The page's id of a frame of `tree`, one past its subtree's ids, and whether it has children (a leaf of `tree` may not be one). */
  id(f: FrameIndex): number;
  end(f: FrameIndex): number;
  hasChildren(f: FrameIndex): boolean;
  /** The frame of `tree` with the page's id, if there. */
  frame(id: number): FrameIndex | undefined;
  /** Frames in the whole tree (with its root), when known. */
  frames: number | null;
}

/** Which lazy frames are open, by id: `open` ones, and everything under each of `all` but the `closed` ones. */
export function openIds(t: LazyTree, e: { open: number[]; closed: number[]; all: number[] }): (id: number) => boolean {
  const open = new Set(e.open);
  const closed = new Set(e.closed);
  const all: [number, number][] = [];
  for (const a of e.all) {
    const f = t.find(a);
    if (f !== undefined) all.push([a, t.end[f]]);
  }
  return (id) => !closed.has(id) && (open.has(id) || all.some(([a, end]) => a <= id && id < end));
}

/**
 * The lazy tree with the children of `open` frames made (`reach`: the
 * frames a walk goes into, the root always), as a ShownTree.
 */
export function madeTree(t: LazyTree, reach: (f: FrameIndex) => boolean): ShownTree {
  const todo = [0];
  while (todo.length > 0) {
    for (const c of t.children(todo.pop()!)) if (t.hasChildren(c) && reach(c)) todo.push(c);
  }
  const { tree, made } = t.materialize();
  const at = new Map<number, number>();
  for (let i = 0; i < made.length; i++) at.set(t.id[made[i]], i);
  return {
    tree,
    id: (f) => t.id[made[f]],
    end: (f) => t.end[made[f]],
    hasChildren: (f) => t.hasChildren(made[f]),
    frame: (id) => at.get(id),
    frames: null,
  };
}

/** The path of largest growth of the lazy tree (select.ts growthPath's), its frames made on the way. */
export function lazyGrowthPath(t: LazyTree): FrameIndex[] {
  const path: FrameIndex[] = [];
  let f = 0;
  for (;;) {
    let best = -1;
    let bestValue = 0;
    for (const c of t.children(f)) {
      const v = t.value(c, 0) - t.value(c, 1);
      if (v > bestValue) {
        best = c;
        bestValue = v;
      }
    }
    if (best < 0) return path;
    path.push(best);
    f = best;
  }
}
