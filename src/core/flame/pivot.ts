// Pivot, as pprof's flame graph pivots: one function's occurrences merged,
// its callees below and its callers above. As pprof keeps only a stack's
// outermost place of a function, only the occurrences with no occurrence of
// the same node above them are merged: a recursive function's value is
// counted once per stack, and the pivot's root value is -top's cum.

import { NONE } from '../model';
import { inPreorder, invertTree, subtreeSums, toColumn, type FlameTree, type FrameIndex } from './tree';

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
  const [ownPos, ownNeg, baseFlat, currentFlat] = own.map((c) => toColumn(c, n));
  const sum = (c: Float64Array | null) => (c ? subtreeSums(parent, c, n) : null);
  return inPreorder(
    { parent, node, columns: [sum(ownPos)!, sum(ownNeg)!, ownPos!, ownNeg!, sum(baseFlat), sum(currentFlat), baseFlat, currentFlat] },
    { names: t.names, keys: t.keys, total: t.total, sampleType: t.sampleType, sampleUnit: t.sampleUnit, inverted: false },
  );
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
