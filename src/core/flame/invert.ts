// The bottom-up tree: each frame's own values (its self) climb its callers,
// so a root is a function where values are flat and its children are its
// callers. Only the roots have a flat (the function's self); a caller's cum
// is the part of the root's self that went through it.
//
// A frame's climb ends at the inverted frame of its outermost caller, and
// every inverted frame on the way is an ancestor of that one: the values go
// on the last frame of each climb and the subtree sums make the cums, so a
// step of a climb is one trie lookup and no column work. The pivot's
// callers are the same climb from the pivot's places only.

import { inPreorder, sumSubtrees, valueColumns, type Charged } from './preorder';
import { FrameTrie } from './trie';
import type { FlameTree, FrameIndex } from './tree';

/** The bottom-up tree of a top-down one. */
export function invertTree(t: FlameTree): FlameTree {
  const { ownPos, ownNeg, baseFlat, currentFlat } = t;
  const frames: number[] = [];
  for (let f = 1; f < t.length; f++) {
    if (ownPos[f] !== 0 || ownNeg[f] !== 0 || (baseFlat?.[f] ?? 0) !== 0 || (currentFlat?.[f] ?? 0) !== 0) frames.push(f);
  }
  return climb(t, Int32Array.from(frames), [ownPos, ownNeg, baseFlat, currentFlat], t.length);
}

/** The callers of some frames of a top-down tree (the pivot's places), bottom-up: each frame's cum climbs its callers. */
export function callersTree(t: FlameTree, places: readonly FrameIndex[]): FlameTree {
  const { pos, neg, base, current } = t;
  const frames = places.filter((f) => pos[f] !== 0 || neg[f] !== 0 || (base?.[f] ?? 0) !== 0 || (current?.[f] ?? 0) !== 0);
  let steps = 1;
  for (const f of frames) steps += t.depth[f];
  return climb(t, Int32Array.from(frames), [pos, neg, base, current], steps);
}

/** Each of `frames` climbs to the root, carrying its values of `own` (pos, neg, base, current); `capacity`: the climbs' steps, a bound. */
function climb(t: FlameTree, frames: Int32Array, own: (Float64Array | null)[], capacity: number): FlameTree {
  const { parent, node } = t;
  const trie = new FrameTrie(capacity);
  // Per climbing frame: its inverted root frame (first step) and the end of its climb.
  const k = frames.length;
  const first = new Int32Array(k);
  const last = new Int32Array(k);
  for (let i = 0; i < k; i++) {
    const f = frames[i];
    let cur = trie.child(0, node[f]);
    first[i] = cur;
    for (let g = parent[f]; g > 0; g = parent[g]) cur = trie.child(cur, node[g]);
    last[i] = cur;
  }
  const n = trie.length;
  const p = trie.parent.subarray(0, n);
  const width = new Float64Array(n);
  const [pos, neg] = own;
  for (let i = 0; i < k; i++) width[last[i]] += pos![frames[i]] + neg![frames[i]];
  const charge = (newIndex: Int32Array): Charged => {
    const sides = own[2] !== null && own[3] !== null;
    const flat = valueColumns(n, sides);
    const sumOf = valueColumns(n, sides);
    for (let c = 0; c < own.length; c++) {
      const from = own[c];
      const a = flat[c];
      const b = sumOf[c];
      if (!from || !a || !b) continue;
      for (let i = 0; i < k; i++) {
        a[newIndex[first[i]]] += from[frames[i]];
        b[newIndex[last[i]]] += from[frames[i]];
      }
    }
    return { flat, sumOf };
  };
  return inPreorder(
    { parent: p, node: trie.node.subarray(0, n), width: sumSubtrees(p, width) },
    charge,
    { names: t.names, keys: t.keys, total: t.total, sampleType: t.sampleType, sampleUnit: t.sampleUnit, inverted: true },
  );
}
