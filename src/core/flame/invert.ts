// The bottom-up tree: each frame's own values (its self) climb its callers,
// so a root is a function where values are flat and its children are its
// callers. Only the roots have a flat (the function's self); a caller's cum
// is the part of the root's self that went through it.
//
// A frame's climb ends at the inverted frame of its outermost caller, and
// every inverted frame on the way is an ancestor of that one: the values go
// on the last frame of each climb and the subtree sums make the cums, so a
// step of a climb is one trie lookup and no column work.

import { inPreorder, sumSubtrees, valueColumns, type Charged } from './preorder';
import { FrameTrie } from './trie';
import type { FlameTree } from './tree';

export function invertTree(t: FlameTree): FlameTree {
  const { parent, node, ownPos, ownNeg } = t;
  const own = [ownPos, ownNeg, t.baseFlat, t.currentFlat];
  const trie = new FrameTrie(t.length);
  // Per top-down frame with a self: its inverted root frame (first step) and the end of its climb (0: none).
  const first = new Int32Array(t.length);
  const last = new Int32Array(t.length);
  for (let f = 1; f < t.length; f++) {
    if (ownPos[f] === 0 && ownNeg[f] === 0 && (t.baseFlat?.[f] ?? 0) === 0 && (t.currentFlat?.[f] ?? 0) === 0) continue;
    let cur = trie.child(0, node[f]);
    first[f] = cur;
    for (let g = parent[f]; g > 0; g = parent[g]) cur = trie.child(cur, node[g]);
    last[f] = cur;
  }
  const n = trie.length;
  const p = trie.parent.subarray(0, n);
  const width = new Float64Array(n);
  for (let f = 1; f < t.length; f++) if (first[f] !== 0) width[last[f]] += ownPos[f] + ownNeg[f];
  const charge = (newIndex: Int32Array): Charged => {
    const sides = t.baseFlat !== null && t.currentFlat !== null;
    const flat = valueColumns(n, sides);
    const sumOf = valueColumns(n, sides);
    for (let c = 0; c < own.length; c++) {
      const from = own[c];
      const a = flat[c];
      const b = sumOf[c];
      if (!from || !a || !b) continue;
      for (let f = 1; f < t.length; f++) {
        if (first[f] === 0) continue;
        a[newIndex[first[f]]] += from[f];
        b[newIndex[last[f]]] += from[f];
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
