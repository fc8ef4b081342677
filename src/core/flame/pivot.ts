// Pivot, as pprof's flame graph pivots: one function's occurrences merged,
// its callees below and its callers above. As pprof keeps only a stack's
// outermost place of a function, only the occurrences with no occurrence of
// the same node above them are merged: a recursive function's value is
// counted once per stack, and the pivot's root value is -top's cum.

import { NONE } from '../model';
import { invertTree, type FlameTree, type FrameIndex } from './tree';

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
  // Callees: the places' subtrees, merged under one root (frame 0 of a sub-tree).
  const map = new Int32Array(t.length).fill(NONE);
  const keep: FrameIndex[] = [];
  const parent: number[] = [];
  const index = new Map<number, number>();
  const nodes = t.names.length + 1;
  const frameOf = (p: number, key: number) => {
    const k = p * nodes + key;
    let c = index.get(k);
    if (c === undefined) {
      c = parent.length;
      index.set(k, c);
      parent.push(p);
      keep.push(key);
    }
    return c;
  };
  frameOf(NONE, NONE); // the synthetic root, as in every tree
  const root = frameOf(0, node);
  const own = [t.ownPos, t.ownNeg, t.baseFlat, t.currentFlat];
  const cols = own.map((c) => (c ? new Array<number>() : null));
  const addOwn = (g: number, f: FrameIndex) => {
    own.forEach((c, i) => {
      const col = cols[i];
      if (c && col) {
        while (col.length <= g) col.push(0);
        col[g] += c[f];
      }
    });
  };
  for (const p of places) {
    map[p] = root;
    addOwn(root, p);
    for (let d = p + 1; d < t.end[p]; d++) {
      map[d] = frameOf(map[t.parent[d]], t.node[d]);
      addOwn(map[d], d);
    }
  }
  const calleeTree = fromParents(t, Int32Array.from(parent), Int32Array.from(keep), cols);

  // Callers: each place's own path upward carries the place's cum.
  const callerOwn = new Map<FrameIndex, true>(places.map((p) => [p, true]));
  const callers = invertTree(restrictToPlaces(t, callerOwn));
  return { callees: calleeTree, callers };
}

/** A tree whose frames are the given parent/node lists (parents first) with their own values summed up. */
function fromParents(t: FlameTree, parent: Int32Array, node: Int32Array, own: (number[] | null)[]): FlameTree {
  const n = parent.length;
  const col = (c: number[] | null) => {
    if (!c) return null;
    const out = new Float64Array(n);
    out.set(c.slice(0, n));
    return out;
  };
  const [ownPos, ownNeg, baseFlat, currentFlat] = own.map(col);
  const sum = (c: Float64Array | null) => {
    if (!c) return null;
    const s = c.slice();
    for (let f = n - 1; f > 0; f--) s[parent[f]] += s[f];
    return s;
  };
  const depth = new Int32Array(n);
  for (let f = 1; f < n; f++) depth[f] = depth[parent[f]] + 1;
  const end = new Int32Array(n);
  // Frames were made in preorder of each place's subtree, but several places interleave: recompute order.
  return reorder({
    length: n,
    parent,
    depth,
    end,
    node,
    pos: sum(ownPos)!,
    neg: sum(ownNeg)!,
    ownPos: ownPos!,
    ownNeg: ownNeg!,
    base: sum(baseFlat),
    current: sum(currentFlat),
    baseFlat,
    currentFlat,
    names: t.names,
    keys: t.keys,
    total: t.total,
    sampleType: t.sampleType,
    sampleUnit: t.sampleUnit,
    inverted: false,
  });
}

/** A top-down tree with only the paths to `places`, each place's cum as its own value (for invertTree). */
function restrictToPlaces(t: FlameTree, places: Map<FrameIndex, true>): FlameTree {
  const zero = () => new Float64Array(t.length);
  const ownPos = zero();
  const ownNeg = zero();
  const baseFlat = t.base ? zero() : null;
  const currentFlat = t.current ? zero() : null;
  for (const p of places.keys()) {
    ownPos[p] = t.pos[p];
    ownNeg[p] = t.neg[p];
    if (baseFlat && t.base) baseFlat[p] = t.base[p];
    if (currentFlat && t.current) currentFlat[p] = t.current[p];
  }
  return { ...t, ownPos, ownNeg, baseFlat, currentFlat };
}

/** Renumbers a parents-first tree in preorder, children by decreasing width (as buildFlameTree orders). */
function reorder(t: FlameTree): FlameTree {
  const n = t.length;
  const kids: number[][] = Array.from({ length: n }, () => []);
  for (let f = 1; f < n; f++) kids[t.parent[f]].push(f);
  const w = (f: number) => t.pos[f] + t.neg[f];
  for (const k of kids) if (k.length > 1) k.sort((a, b) => w(b) - w(a) || (t.names[t.node[a]] < t.names[t.node[b]] ? -1 : t.names[t.node[a]] > t.names[t.node[b]] ? 1 : a - b));
  const order: number[] = [];
  const stack = [0];
  while (stack.length) {
    const f = stack.pop()!;
    order.push(f);
    for (let j = kids[f].length - 1; j >= 0; j--) stack.push(kids[f][j]);
  }
  const idx = new Int32Array(n);
  order.forEach((f, i) => (idx[f] = i));
  const pick = (c: Float64Array | null) => (c ? Float64Array.from(order, (f) => c[f]) : null);
  const parent = Int32Array.from(order, (f) => (f === 0 ? NONE : idx[t.parent[f]]));
  const depth = Int32Array.from(order, (f) => t.depth[f]);
  const end = new Int32Array(n);
  for (let i = n - 1; i >= 0; i--) {
    if (end[i] === 0) end[i] = i + 1;
    if (parent[i] !== NONE && end[i] > end[parent[i]]) end[parent[i]] = end[i];
  }
  return {
    ...t,
    parent,
    depth,
    end,
    node: Int32Array.from(order, (f) => t.node[f]),
    pos: pick(t.pos)!,
    neg: pick(t.neg)!,
    ownPos: pick(t.ownPos)!,
    ownNeg: pick(t.ownNeg)!,
    base: pick(t.base),
    current: pick(t.current),
    baseFlat: pick(t.baseFlat),
    currentFlat: pick(t.currentFlat),
  };
}
