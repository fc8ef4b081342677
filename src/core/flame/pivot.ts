// Pivot, as pprof's flame graph pivots: one function's occurrences merged,
// its callees below and its callers above. As pprof keeps only a stack's
// outermost place of a function, only the occurrences with no occurrence of
// the same node above them are merged: a recursive function's value is
// counted once per stack, and the pivot's root value is -top's cum.

import { callersTree } from './invert';
import { inPreorder, sumSubtrees, valueColumns, type Charged } from './preorder';
import type { FlameTree, FrameIndex } from './tree';
import { FrameTrie } from './trie';

export interface Pivot {
  /** Top-down from the function: the root's one child is the merged function, its children the callees. */
  callees: FlameTree;
  /** Bottom-up from the function: the root's one child is the merged function, its children the callers. */
  callers: FlameTree;
}

/** Occurrences of report node `node` with no occurrence above them. */
export function outermostFrames(t: FlameTree, node: number): FrameIndex[] {
  const out: FrameIndex[] = [];
  for (let f = 1; f < t.length; ) {
    if (t.node[f] === node) {
      out.push(f);
      f = t.end[f]; // nested occurrences are inside
    } else {
      f++;
    }
  }
  return out;
}

/** The pivot on report node `node` (an index into t.names) of a top-down tree. */
export function pivotTree(t: FlameTree, node: number): Pivot {
  if (t.inverted) throw new Error('pivot works on the top-down tree');
  const places = outermostFrames(t, node);
  // Callees: the places' subtrees, merged under one root (frame 0 of a trie).
  let size = 2;
  for (const p of places) size += t.end[p] - p;
  const trie = new FrameTrie(size);
  const root = trie.child(0, node);
  const map = new Int32Array(t.length);
  const own = [t.ownPos, t.ownNeg, t.baseFlat, t.currentFlat];
  const cols = own.map((c) => (c ? new Float64Array(size) : null));
  for (const p of places) {
    map[p] = root;
    for (let d = p + 1; d < t.end[p]; d++) map[d] = trie.child(map[t.parent[d]], t.node[d]);
  }
  own.forEach((c, i) => {
    const col = cols[i];
    if (c && col) for (const p of places) for (let d = p; d < t.end[p]; d++) col[map[d]] += c[d];
  });
  const calleeTree = fromParents(t, trie.parent.subarray(0, trie.length), trie.node.subarray(0, trie.length), cols);

  // Callers: each place's own path upward carries the place's cum.
  const callers = callersTree(t, places);
  return { callees: calleeTree, callers };
}

/** A tree whose frames are the given parent/node columns (parents first) with their own values summed up. */
function fromParents(t: FlameTree, parent: Int32Array, node: Int32Array, own: (Float64Array | null)[]): FlameTree {
  const n = parent.length;
  const width = new Float64Array(n);
  const [pos, neg] = own;
  for (let f = 0; f < n; f++) width[f] = pos![f] + neg![f];
  const charge = (newIndex: Int32Array): Charged => {
    const flat = valueColumns(n, own[2] !== null && own[3] !== null);
    own.forEach((c, i) => {
      const to = flat[i];
      if (c && to) for (let f = 0; f < n; f++) to[newIndex[f]] = c[f];
    });
    return { flat };
  };
  return inPreorder({ parent, node, width: sumSubtrees(parent, width) }, charge, {
    names: t.names,
    keys: t.keys,
    total: t.total,
    sampleType: t.sampleType,
    sampleUnit: t.sampleUnit,
    inverted: false,
  });
}
