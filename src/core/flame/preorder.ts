// Frames grown in a trie (numbered parents first) made a FlameTree: the
// frames renumbered in depth-first preorder with children by decreasing
// width, then name (pprof's order), so a subtree is a range.
//
// Only the width is needed in the trie's numbering (to sort); the value
// columns are charged straight into the new numbering by the caller and
// summed there (a reverse pass over a preorder reads and writes nearby
// frames), so no column is ever permuted. Names are ranked once and the
// usual short child lists insertion-sorted in place: no closure per
// comparison. Measurements: docs/decisions/0017-flame-tree-build.md.

import { NONE } from '../model';
import type { FlameTree } from './tree';

/** The four value columns of a tree's frames: pos, neg, base, current (the last two null for one profile). */
export type ValueColumns = [Float64Array, Float64Array, Float64Array | null, Float64Array | null];

/** What a builder charges in the new numbering: each frame's own part, and what sums up to the cums (the own part when absent). */
export interface Charged {
  flat: ValueColumns;
  sumOf?: ValueColumns;
}

type Meta = Pick<FlameTree, 'names' | 'keys' | 'total' | 'sampleType' | 'sampleUnit' | 'inverted'>;

/** Zeroed value columns of `n` frames (base and current only with `sides`). */
export function valueColumns(n: number, sides: boolean): ValueColumns {
  return [new Float64Array(n), new Float64Array(n), sides ? new Float64Array(n) : null, sides ? new Float64Array(n) : null];
}

/** Subtree sums of a per-frame column in place, frames numbered parents first. */
export function sumSubtrees(parent: Int32Array, column: Float64Array): Float64Array {
  for (let f = parent.length - 1; f > 0; f--) column[parent[f]] += column[f];
  return column;
}

/** Subtree sums of the value columns in place, in one reverse pass (frames numbered parents first). */
function sumColumns(parent: Int32Array, pos: Float64Array, neg: Float64Array, base: Float64Array | null, current: Float64Array | null): void {
  if (base && current) {
    for (let f = parent.length - 1; f > 0; f--) {
      const q = parent[f];
      pos[q] += pos[f];
      neg[q] += neg[f];
      base[q] += base[f];
      current[q] += current[f];
    }
  } else {
    for (let f = parent.length - 1; f > 0; f--) {
      const q = parent[f];
      pos[q] += pos[f];
      neg[q] += neg[f];
    }
  }
}

/** Rank of each name in string order (equal names share one). */
export function nameRanks(names: string[]): Int32Array {
  const order = names.map((_, i) => i).sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
  const rank = new Int32Array(names.length);
  for (let i = 1; i < order.length; i++) rank[order[i]] = names[order[i]] === names[order[i - 1]] ? rank[order[i - 1]] : i;
  return rank;
}

/** Children in CSR form: those of f are child[start[f] .. start[f+1]-1], by creation. */
function childLists(parent: Int32Array): { start: Int32Array; child: Int32Array } {
  const n = parent.length;
  // Counts, running ends, then filled backwards: each start[p] ends at its list's beginning.
  const start = new Int32Array(n + 1);
  for (let f = 1; f < n; f++) start[parent[f]]++;
  for (let f = 1; f <= n; f++) start[f] += start[f - 1];
  const child = new Int32Array(Math.max(0, n - 1));
  for (let f = n - 1; f > 0; f--) child[--start[parent[f]]] = f;
  return { start, child };
}

/** Each child list by decreasing width, then name (`rank` per node), then creation. */
function sortChildren(start: Int32Array, child: Int32Array, width: Float64Array, node: Int32Array, rank: Int32Array): void {
  const before = (x: number, y: number) =>
    width[x] > width[y] || (width[x] === width[y] && (rank[node[x]] < rank[node[y]] || (rank[node[x]] === rank[node[y]] && x < y)));
  const n = start.length - 1;
  for (let f = 0; f < n; f++) {
    const a = start[f];
    const b = start[f + 1];
    if (b - a < 2) continue;
    if (b - a > 32) {
      const list = Array.from(child.subarray(a, b)).sort((x, y) => (before(x, y) ? -1 : before(y, x) ? 1 : 0));
      child.set(list, a);
      continue;
    }
    for (let i = a + 1; i < b; i++) {
      const x = child[i];
      let j = i - 1;
      while (j >= a && before(x, child[j])) {
        child[j + 1] = child[j];
        j--;
      }
      child[j + 1] = x;
    }
  }
}

/** Preorder of the sorted children lists: order[i] is the frame numbered i (`stack`: n ints of scratch). */
function walk(start: Int32Array, child: Int32Array, stack: Int32Array): Int32Array {
  const n = start.length - 1;
  const order = new Int32Array(n);
  let sp = 0;
  let k = 0;
  stack[sp++] = 0;
  while (sp > 0) {
    const f = stack[--sp];
    order[k++] = f;
    for (let j = start[f + 1] - 1; j >= start[f]; j--) stack[sp++] = child[j];
  }
  return order;
}

/**
 * The frames of a trie (`parent`, `node`, numbered parents first; `width`:
 * each frame's subtree width, in that numbering) as a FlameTree in
 * preorder; `charge` gets the new number of every trie frame and returns
 * the value columns in the new numbering.
 */
export function inPreorder(
  frames: { parent: Int32Array; node: Int32Array; width: Float64Array },
  charge: (newIndex: Int32Array, n: number) => Charged,
  meta: Meta,
): FlameTree {
  const { parent, node, width } = frames;
  const n = parent.length;
  const { start, child } = childLists(parent);
  sortChildren(start, child, width, node, nameRanks(meta.names));
  const newIndex = new Int32Array(n);
  const order = walk(start, child, newIndex);
  for (let i = 0; i < n; i++) newIndex[order[i]] = i;
  const outParent = new Int32Array(n);
  const outNode = new Int32Array(n);
  const depth = new Int32Array(n);
  const end = new Int32Array(n);
  outParent[0] = NONE;
  outNode[0] = node[0];
  for (let i = 1; i < n; i++) {
    const f = order[i];
    outNode[i] = node[f];
    const q = newIndex[parent[f]];
    outParent[i] = q;
    depth[i] = depth[q] + 1;
  }
  // A subtree's end is the largest end in it: in preorder, one reverse pass.
  for (let i = n - 1; i >= 0; i--) {
    if (end[i] === 0) end[i] = i + 1;
    const q = outParent[i];
    if (q !== NONE && end[i] > end[q]) end[q] = end[i];
  }
  const { flat, sumOf } = charge(newIndex, n);
  // sumOf is the caller's to consume; flat is kept, so summed in a copy.
  const [pos, neg, base, current] = (sumOf ?? flat).map((c) => (c && !sumOf ? c.slice() : c)) as ValueColumns;
  sumColumns(outParent, pos, neg, base, current);
  const [ownPos, ownNeg, baseFlat, currentFlat] = flat;
  return { length: n, parent: outParent, depth, end, node: outNode, pos: pos!, neg: neg!, ownPos, ownNeg, base, current, baseFlat, currentFlat, ...meta };
}
