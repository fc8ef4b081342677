// One engine's stack tree as the lazy tree (lazy.ts) reads it: each stack
// node's children with samples below, and how many occurrences lie below it
// (the bound that numbers frames, see lazy.ts). One pass over the stack
// nodes from the leaves up, no frame made, and little memory: the signed values are
// the engine's own (its per-stack own and subtree sums; FlameViews checks
// they are still the engine's last); the comparison adds one column, the
// subtree sums of |value|, so its pos and neg parts are (|v| ± v) / 2
// (exact: sample values are integers), and a node's own |value| is its sum
// less its children's.
//
// A side whose stack tree reads as the comparison's (the current profile:
// the comparison interns its stacks first, in order; same parents, same
// occurrences) is attached to it: its values ride on the comparison's
// stack nodes, and the nodes with samples below in either are walked.
// The base side may ride too, its values read off as the current's less
// the comparison's (where ReportEngines.baseFromComparison says that is
// exact): it has samples below only where one of the two has, so the nodes
// walked are the same (docs/decisions/0030).
//
// A stack node's own samples land on its flat occurrence (the last one not
// OCC_INNER); one with no such occurrence (none at all, or only entries
// inside a blamed flat) puts them on the last occurrence of the nearest
// stack node above it that has one, or on the root: the frames build.ts's
// insertStacks charges.

import { NONE } from '../model';
import { OCC_INNER, type Values } from '../report';
import type { TreeSource } from './build';

/** One engine's signed values per stack node, and its own values that land above their node. */
export interface SideValues {
  /** Which side: 0 the comparison, 1 base, 2 current. */
  side: number;
  /** Stack nodes it has (an attached side may have fewer than the tree it rides on). */
  length: number;
  /** Read through ownAt and subAt: a node beyond their length has none. */
  own: Float64Array;
  sub: Float64Array;
  /** Subtracted from own and sub node for node (the comparison's, for the base read off it); null for none. */
  less: { own: Float64Array; sub: Float64Array } | null;
  /** Own values of nodes with no flat occurrence, on the last occurrence of a node above, and on the root. */
  extra: Map<number, number>;
  rootExtra: number;
}

export interface StackSide {
  parent: Int32Array;
  occStart: Int32Array;
  occNode: Int32Array;
  occFlags: Uint8Array;
  /** Some occurrence is OCC_INNER (blame): a flat occurrence is not always the last (flatOccurrence). */
  inner: boolean;
  /** Global node key of each report node of this engine. */
  keyOf: Int32Array;
  /** Children with samples below, as lists: the first child of s (NONE for none), then each child's next sibling, in stack order. */
  firstKid: Int32Array;
  nextKid: Int32Array;
  /** Stack nodes without a parent that have samples below. */
  roots: Int32Array;
  /** Occurrences in the stack subtree (samples below only). */
  bound: Int32Array;
  /** This engine's values, then those of the sides attached to it. */
  values: SideValues[];
  /** The comparison's Σ |value| over each subtree (null for a side). */
  absSub: Float64Array | null;
  absExtra: Map<number, number>;
  absRootExtra: number;
}

/** A side's own value on stack node s (below its length). */
export function ownAt(x: SideValues, s: number): number {
  const v = s < x.own.length ? x.own[s] : 0;
  return x.less ? v - x.less.own[s] : v;
}

/** A side's subtree sum on stack node s (below its length). */
export function subAt(x: SideValues, s: number): number {
  const v = s < x.sub.length ? x.sub[s] : 0;
  return x.less ? v - x.less.sub[s] : v;
}

/** A side riding on another's stack nodes: its values, or (`less`) the values it is read off as `values` − `less`. */
export interface Attached {
  side: number;
  values: Values;
  less?: Values;
}

/** The occurrence (from occStart[s]) that gets stack node s's own samples: its last not OCC_INNER; -1 for none. */
export function flatOccurrence(occStart: Int32Array, occFlags: Uint8Array, inner: boolean, s: number): number {
  const a = occStart[s];
  let o = occStart[s + 1] - a - 1;
  if (inner) while (o >= 0 && (occFlags[a + o] & OCC_INNER) !== 0) o--;
  return o;
}

/** Own |value| of a stack node of the comparison: its subtree's less its children's. */
export function absOwn(st: StackSide, s: number): number {
  const abs = st.absSub!;
  let v = abs[s];
  for (let c = st.firstKid[s]; c !== NONE; c = st.nextKid[c]) v -= abs[c];
  return v;
}

/** Whether `side`'s stack tree reads as `main`'s on its nodes: same parents, same occurrences (keys and flags). */
export function readsAlike(main: TreeSource, mainKeys: Int32Array, side: TreeSource, sideKeys: Int32Array): boolean {
  const n = side.profile.stacks.length;
  if (n > main.profile.stacks.length) return false;
  const [p, q] = [main.profile.stacks.parent, side.profile.stacks.parent];
  for (let s = 0; s < n; s++) if (p[s] !== q[s]) return false;
  const [a, b] = [main.input.plan, side.input.plan];
  for (let s = 0; s <= n; s++) if (a.occStart[s] !== b.occStart[s]) return false;
  const m = b.occStart[n];
  for (let j = 0; j < m; j++) if (a.occFlags[j] !== b.occFlags[j]) return false;
  // Report nodes numbered alike (the usual case: one numbering of the same entries) compare as they are.
  let same = mainKeys.length >= sideKeys.length;
  for (let i = 0; i < sideKeys.length && same; i++) same = mainKeys[i] === sideKeys[i];
  if (same) {
    for (let j = 0; j < m; j++) if (a.occNode[j] !== b.occNode[j]) return false;
    return true;
  }
  for (let j = 0; j < m; j++) if (mainKeys[a.occNode[j]] !== sideKeys[b.occNode[j]]) return false;
  return true;
}

/** Σ |value| of the charged samples per stack node (summed over subtrees later). */
function absOwnValues(src: TreeSource): Float64Array {
  const nT = src.profile.sampleTypes.length;
  const t = src.input.sampleIndex;
  const values = src.profile.samples.values;
  const charged = src.input.values.charged;
  const abs = new Float64Array(src.profile.stacks.length);
  for (let i = 0; i < charged.length; i++) {
    const s = charged[i];
    if (s !== NONE) abs[s] += Math.abs(values[i * nT + t]);
  }
  return abs;
}

const sideValues = ({ side, values: v, less }: Attached): SideValues => ({
  side,
  length: (less ?? v).own.length,
  own: v.own,
  sub: v.sub,
  less: less ? { own: less.own, sub: less.sub } : null,
  extra: new Map(),
  rootExtra: 0,
});

/**
 * The stack tree of one engine's input, read for the lazy tree: `side` 0
 * for the comparison (with the |value| sums), `attached` the sides that
 * ride on it (readsAlike, or read off it).
 */
export function stackSide(src: TreeSource, keyOf: Int32Array, side: number, attached: Attached[] = []): StackSide {
  const { parent, length: n } = src.profile.stacks;
  const { occStart, occNode, occFlags } = src.input.plan;
  const absSub = side === 0 ? absOwnValues(src) : null;
  let inner = false;
  for (let j = 0; j < occFlags.length && !inner; j++) inner = (occFlags[j] & OCC_INNER) !== 0;
  const values = [sideValues({ side, values: src.input.values }), ...attached.map(sideValues)];
  const firstKid = new Int32Array(n).fill(NONE);
  const st: StackSide = { parent, occStart, occNode, occFlags, inner, keyOf, firstKid, nextKid: new Int32Array(n), roots: new Int32Array(0), bound: new Int32Array(n), values, absSub, absExtra: new Map(), absRootExtra: 0 };
  const { nextKid, bound } = st;
  // Which nodes have samples below: in this engine, or in one attached (read in
  // place for the usual one attached side, not merged into a copy). A side read
  // off the others has samples below only where they have.
  const counts = [src.input.values.subCnt, ...attached.filter((a) => !a.less).map((a) => a.values.subCnt)];
  let present: Int32Array = counts[0];
  let also: Int32Array = counts[1] ?? new Int32Array(0);
  if (counts.length > 2) {
    present = counts[0].slice();
    for (const c of counts.slice(1)) for (let s = 0; s < c.length; s++) present[s] |= c[s];
    also = new Int32Array(0);
  }
  const nAlso = also.length;
  // One pass from the leaves up (a parent precedes its children): when s is reached its
  // children are listed and summed, so its own |value| is known for landAbove.
  const roots: number[] = [];
  for (let s = n - 1; s >= 0; s--) {
    if (present[s] === 0 && (s >= nAlso || also[s] === 0)) continue;
    const len = occStart[s + 1] - occStart[s];
    if (len === 0 || (inner && flatOccurrence(occStart, occFlags, inner, s) < 0)) landAbove(st, s);
    const b = (bound[s] += len);
    const q = parent[s];
    if (q === NONE) {
      roots.push(s);
      continue;
    }
    nextKid[s] = firstKid[q];
    firstKid[q] = s;
    bound[q] += b;
    if (absSub) absSub[q] += absSub[s];
  }
  st.roots = Int32Array.from(roots).reverse();
  return st;
}

/** A node's own values onto the last occurrence of the nearest node above with one, or the root (its children already summed into absSub). */
function landAbove(st: StackSide, s: number): void {
  const { parent, occStart } = st;
  let to = parent[s];
  while (to !== NONE && occStart[to + 1] === occStart[to]) to = parent[to];
  const add = (m: Map<number, number>, v: number) => m.set(to, (m.get(to) ?? 0) + v);
  for (const v of st.values) {
    const own = s < v.length ? ownAt(v, s) : 0;
    if (own === 0) continue;
    if (to === NONE) v.rootExtra += own;
    else add(v.extra, own);
  }
  const abs = st.absSub ? absOwn(st, s) : 0;
  if (abs !== 0) {
    if (to === NONE) st.absRootExtra += abs;
    else add(st.absExtra, abs);
  }
}
