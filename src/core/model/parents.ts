// A stack tree's parents without a column of them (decision 0036). Most
// nodes are made right after their parent (a new path's nodes in one go:
// 92 % of the wide pair's 20 M), so a bit per node says "my parent is the
// node before me" and only the others (branchings and roots) keep theirs:
// 11 MB for the wide pair, rank counts included, where the columns are 80.
// Readers that walk from a leaf to the root (the first table's side reads)
// use parentOf; the column is written when a reader first asks for
// StackTable.parent.

import type { Profile, StackTable } from './profile';

/**
 * How a decoder sends a tree (StackTable.branchings): its builder's bits,
 * and the parents of the nodes not chained (branchings and roots), in node
 * order.
 */
export interface Branchings {
  /** Bit n: node n's parent is n - 1 (node 0's is NONE = -1). */
  chained: Int32Array;
  parent: Int32Array;
}

/** Random access to the parents through the bits and a rank per 32 nodes. */
export interface ParentIndex {
  /** Bit n: node n's parent is n - 1 (node 0's is NONE = -1). */
  chained: Int32Array;
  /** Per 32-node word: the nodes before it that are not chained. */
  before: Int32Array;
  /** The parents of the nodes not chained, in node order. */
  branchParent: Int32Array;
}

/** Node n's parent. */
export function parentOf(ix: ParentIndex, n: number): number {
  const w = n >>> 5;
  const bit = 1 << (n & 31);
  const c = ix.chained[w];
  if (c & bit) return n - 1;
  return ix.branchParent[ix.before[w] + popcount(~c & (bit - 1))];
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

const indexes = new WeakMap<StackTable, ParentIndex>();

/** The tree's ParentIndex, made once (from its branchings, else from its column). */
export function parentIndex(stacks: StackTable): ParentIndex {
  let ix = indexes.get(stacks);
  if (!ix) {
    const b = stacks.branchings;
    ix = b ? { chained: b.chained, before: ranks(b.chained), branchParent: b.parent } : indexOfColumn(stacks.parent, stacks.length);
    indexes.set(stacks, ix);
  }
  return ix;
}

function indexOfColumn(parent: Int32Array, length: number): ParentIndex {
  const chained = new Int32Array((length + 31) >>> 5);
  let others = 0;
  for (let i = 0; i < length; i++) {
    if (parent[i] === i - 1) chained[i >>> 5] |= 1 << (i & 31);
    else others++;
  }
  const branchParent = new Int32Array(others);
  for (let i = 0, k = 0; i < length; i++) if (parent[i] !== i - 1) branchParent[k++] = parent[i];
  return { chained, before: ranks(chained), branchParent };
}

/** Zero bits before each word (bits past the tree's end count only for later words: none). */
function ranks(chained: Int32Array): Int32Array {
  const before = new Int32Array(chained.length);
  for (let w = 0, n = 0; w < chained.length; w++) {
    before[w] = n;
    n += 32 - popcount(chained[w]);
  }
  return before;
}

/** The parent column of a tree of `length` nodes from its bits and the others' parents (ParentIndex.before unread). */
export function parentColumn(ix: Pick<ParentIndex, 'chained' | 'branchParent'>, length: number): Int32Array {
  const out = new Int32Array(length);
  const { chained, branchParent } = ix;
  for (let i = 0, k = 0; i < length; i++) out[i] = chained[i >>> 5] & (1 << (i & 31)) ? i - 1 : branchParent[k++];
  return out;
}

/**
 * A profile that came with branchings (StackTable.branchings) gets its
 * ParentIndex now and its parent column when a reader first asks for it:
 * the first table never does, so the pair's 80 MB of columns are not made
 * for it.
 */
export function receiveStacks(p: Profile): void {
  const stacks = p.stacks;
  if (!stacks.branchings) return;
  const ix = parentIndex(stacks);
  delete stacks.branchings;
  Object.defineProperty(stacks, 'parent', {
    configurable: true,
    enumerable: true,
    get(): Int32Array {
      const column = parentColumn(ix, stacks.length);
      Object.defineProperty(stacks, 'parent', { value: column, writable: true, configurable: true, enumerable: true });
      return column;
    },
  });
}
