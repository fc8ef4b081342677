// The call tree of a comparison, built from the report engine's per-stack
// plan (core/report plan.ts): every stack node's report-node occurrences
// (outer → inner) extend its parent's path by one frame each, so the frame
// tree is the stack tree re-keyed by report node (the granularity, with
// hide/show/noinlines applied) and merged where two stacks now read alike.
//
// Values come from the engine's `charged` (the stack node each sample went
// to after the filters and blame): a sample's value lands on the frame of
// its flat occurrence (entries inside it, OCC_INNER with blame, are on the
// path to children only), then one reverse pass sums subtrees. Each sample
// adds |value| to the positive or negative part of every frame on its path
// (pprof's sumpos/sumneg, see docs/decisions/0014-flame-diff-width.md), so
// value = pos − neg and width = pos + neg. The base and current columns
// insert each profile alone (ReportEngines.sides) into the same frame trie.
//
// The result is columnar and in depth-first preorder with children by
// decreasing width (pprof's order): a frame's subtree is [i, end[i]), its
// first child i + 1, its next sibling end[i].

import { NONE, type Profile } from '../model';
import { OCC_INNER, type GraphInput } from '../report';

/** Index into a FlameTree's frames; 0 is the root. */
export type FrameIndex = number;

export interface FlameTree {
  length: number;
  /** Parent frame; NONE for the root (frame 0). */
  parent: Int32Array;
  depth: Int32Array;
  /** One past the last frame of the subtree (preorder). */
  end: Int32Array;
  /** Index into `names` / `keys`; NONE for the root. */
  node: Int32Array;
  /** What pprof prints for each report node, and its key (fmt.Sprint(NodeInfo)). */
  names: string[];
  keys: string[];
  /** Σ |value| of the positive and negative samples through the frame: value = pos − neg, width = pos + neg. */
  pos: Float64Array;
  neg: Float64Array;
  /** The same of the samples whose flat is the frame (its self). */
  ownPos: Float64Array;
  ownNeg: Float64Array;
  /** Each profile alone (cum and flat); null for a profile viewed alone. */
  base: Float64Array | null;
  current: Float64Array | null;
  baseFlat: Float64Array | null;
  currentFlat: Float64Array | null;
  /** pprof's report total (the denominator of every percentage, as -top's). */
  total: number;
  sampleType: string;
  sampleUnit: string;
  /** Bottom-up: roots are the frames where values are flat, children their callers. */
  inverted: boolean;
}

/** Signed cum (Δ in a diff). */
export const frameValue = (t: FlameTree, f: FrameIndex): number => t.pos[f] - t.neg[f];
/** Signed flat. */
export const frameFlat = (t: FlameTree, f: FrameIndex): number => t.ownPos[f] - t.ownNeg[f];
/** The room a frame takes: increases and decreases both. */
export const frameWidth = (t: FlameTree, f: FrameIndex): number => t.pos[f] + t.neg[f];

/** A trie of frames keyed by (parent frame, node key), frames numbered in creation order (parents first). */
class FrameTrie {
  parent: Int32Array = new Int32Array(1024);
  node: Int32Array = new Int32Array(1024);
  length = 1;
  private readonly index = new Map<number, number>();

  constructor(private readonly nodeCount: number) {
    this.parent[0] = NONE;
    this.node[0] = NONE;
  }

  child(f: FrameIndex, key: number): FrameIndex {
    const k = f * this.nodeCount + key;
    let c = this.index.get(k);
    if (c === undefined) {
      c = this.length++;
      if (c === this.parent.length) {
        this.parent = grow(this.parent);
        this.node = grow(this.node);
      }
      this.parent[c] = f;
      this.node[c] = key;
      this.index.set(k, c);
    }
    return c;
  }
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Node keys shared by several engines (each its own profile and node numbering). */
export class NodeKeys {
  readonly keys: string[] = [];
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();

  /** Global key of each report node of an engine's input. */
  of(gi: GraphInput): Int32Array {
    const out = new Int32Array(gi.nodes.length);
    for (let n = 0; n < out.length; n++) {
      const k = gi.nodes.sprint[n];
      let g = this.index.get(k);
      if (g === undefined) {
        g = this.keys.length;
        this.index.set(k, g);
        this.keys.push(k);
        this.names.push(gi.nodes.name[n]);
      }
      out[n] = g;
    }
    return out;
  }
}

/** One engine's input: its profile (the stack tree and samples) and the per-node values of the query. */
export interface TreeSource {
  profile: Profile;
  input: GraphInput;
}

/** Frame of each stack node's flat occurrence (where its own samples land); NONE for stacks without samples. */
function insertStacks(trie: FrameTrie, src: TreeSource, keyOf: Int32Array): Int32Array {
  const { parent, length: nS } = src.profile.stacks;
  const { occStart, occNode, occFlags } = src.input.plan;
  const subCnt = src.input.values.subCnt;
  const endFrame = new Int32Array(nS);
  const ownFrame = new Int32Array(nS).fill(NONE);
  for (let s = 0; s < nS; s++) {
    if (subCnt[s] === 0) continue; // nothing below: no frame
    let cur = parent[s] === NONE ? 0 : endFrame[parent[s]];
    let own = cur;
    for (let j = occStart[s], e = occStart[s + 1]; j < e; j++) {
      cur = trie.child(cur, keyOf[occNode[j]]);
      if ((occFlags[j] & OCC_INNER) === 0) own = cur;
    }
    endFrame[s] = cur;
    ownFrame[s] = own;
  }
  return ownFrame;
}

/** Adds each charged sample's value to its frame: split by sign, or into one signed column. */
function chargeSamples(src: TreeSource, ownFrame: Int32Array, pos: Float64Array, neg: Float64Array | null): void {
  const p = src.profile;
  const nT = p.sampleTypes.length;
  const t = src.input.sampleIndex;
  const values = p.samples.values;
  const charged = src.input.values.charged;
  for (let i = 0; i < charged.length; i++) {
    const s = charged[i];
    if (s === NONE) continue;
    const f = ownFrame[s];
    const v = values[i * nT + t];
    if (neg === null) pos[f] += v;
    else if (v < 0) neg[f] -= v;
    else pos[f] += v;
  }
}

/**
 * The top-down tree of a report (`main`: the comparison's engine input),
 * with each profile alone as the base and current columns when `sides` are
 * given (the same query on each).
 */
export function buildFlameTree(main: TreeSource, sides: { base: TreeSource; current: TreeSource } | null): FlameTree {
  const keys = new NodeKeys();
  const mainKeys = keys.of(main.input);
  const sideKeys = sides ? { base: keys.of(sides.base.input), current: keys.of(sides.current.input) } : null;
  const trie = new FrameTrie(Math.max(1, mainKeys.length + (sideKeys ? sideKeys.base.length + sideKeys.current.length : 0)));
  const mainOwn = insertStacks(trie, main, mainKeys);
  const sideOwn = sides && sideKeys ? { base: insertStacks(trie, sides.base, sideKeys.base), current: insertStacks(trie, sides.current, sideKeys.current) } : null;
  const n = trie.length;
  const ownPos = new Float64Array(n);
  const ownNeg = new Float64Array(n);
  chargeSamples(main, mainOwn, ownPos, ownNeg);
  let baseFlat: Float64Array | null = null;
  let currentFlat: Float64Array | null = null;
  if (sides && sideOwn) {
    baseFlat = new Float64Array(n);
    currentFlat = new Float64Array(n);
    chargeSamples(sides.base, sideOwn.base, baseFlat, null);
    chargeSamples(sides.current, sideOwn.current, currentFlat, null);
  }
  const columns = [ownPos, ownNeg, baseFlat, currentFlat];
  const cums = columns.map((c) => (c ? subtreeSums(trie.parent, c, n) : null));
  return inPreorder(
    {
      parent: trie.parent.subarray(0, n),
      node: trie.node.subarray(0, n),
      columns: [cums[0]!, cums[1]!, ownPos, ownNeg, cums[2], cums[3], baseFlat, currentFlat],
    },
    { names: keys.names, keys: keys.keys, total: main.input.total, sampleType: main.input.sampleType, sampleUnit: main.input.sampleUnit, inverted: false },
  );
}

/** Subtree sums of a per-frame column, frames numbered parents first. */
export function subtreeSums(parent: Int32Array, own: Float64Array, n: number): Float64Array {
  const sum = own.slice(0, n);
  for (let f = n - 1; f > 0; f--) sum[parent[f]] += sum[f];
  return sum;
}

export type Columns = [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array | null, Float64Array | null, Float64Array | null, Float64Array | null];

/** Frames (numbered parents first) renumbered in preorder, children by decreasing width then name; columns: cum pos, neg, own pos, neg, base, current and their flat. */
export function inPreorder(raw: { parent: Int32Array; node: Int32Array; columns: Columns }, meta: Pick<FlameTree, 'names' | 'keys' | 'total' | 'sampleType' | 'sampleUnit' | 'inverted'>): FlameTree {
  const { parent, node, columns } = raw;
  const n = parent.length;
  const [pos, neg] = columns;
  // Children in CSR form, each list sorted.
  const start = new Int32Array(n + 1);
  for (let f = 1; f < n; f++) start[parent[f] + 1]++;
  for (let f = 0; f < n; f++) start[f + 1] += start[f];
  const fill = start.slice(0, n);
  const child = new Int32Array(Math.max(0, n - 1));
  for (let f = 1; f < n; f++) child[fill[parent[f]]++] = f;
  const names = meta.names;
  for (let f = 0; f < n; f++) {
    const a = start[f];
    const b = start[f + 1];
    if (b - a < 2) continue;
    const list = Array.from(child.subarray(a, b));
    list.sort((x, y) => pos[y] + neg[y] - (pos[x] + neg[x]) || cmp(names[node[x]], names[node[y]]) || x - y);
    child.set(list, a);
  }
  // Iterative preorder.
  const order = new Int32Array(n);
  const stack = new Int32Array(n);
  let sp = 0;
  let k = 0;
  stack[sp++] = 0;
  while (sp > 0) {
    const f = stack[--sp];
    order[k++] = f;
    for (let j = start[f + 1] - 1; j >= start[f]; j--) stack[sp++] = child[j];
  }
  const newIndex = new Int32Array(n);
  for (let i = 0; i < n; i++) newIndex[order[i]] = i;
  const outParent = new Int32Array(n);
  const outNode = new Int32Array(n);
  const depth = new Int32Array(n);
  const end = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const f = order[i];
    outNode[i] = node[f];
    outParent[i] = f === 0 ? NONE : newIndex[parent[f]];
    depth[i] = f === 0 ? 0 : depth[outParent[i]] + 1;
  }
  // Subtree ends: each frame's end is the max over its subtree; in preorder, a reverse pass.
  for (let i = n - 1; i >= 0; i--) {
    if (end[i] === 0) end[i] = i + 1;
    const q = outParent[i];
    if (q !== NONE && end[i] > end[q]) end[q] = end[i];
  }
  const permute = (c: Float64Array | null) => {
    if (!c) return null;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = c[order[i]];
    return out;
  };
  const [cPos, cNeg, oPos, oNeg, base, current, baseFlat, currentFlat] = columns.map(permute);
  return {
    length: n,
    parent: outParent,
    depth,
    end,
    node: outNode,
    pos: cPos!,
    neg: cNeg!,
    ownPos: oPos!,
    ownNeg: oNeg!,
    base,
    current,
    baseFlat,
    currentFlat,
    ...meta,
  };
}

/** A grown list of per-frame sums as a column of `n` frames (the list may be shorter: zeros). */
export function toColumn(s: number[] | null, n: number): Float64Array | null {
  if (!s) return null;
  const out = new Float64Array(n);
  out.set(s.length > n ? s.slice(0, n) : s);
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The bottom-up tree: each frame's own values (its self) climb its callers,
 * so a root is a function where values are flat and its children are its
 * callers. Only the roots have a flat (the function's self); a caller's cum
 * is the part of the root's self that went through it.
 */
export function invertTree(t: FlameTree): FlameTree {
  const trie = new FrameTrie(Math.max(1, t.names.length));
  const own = [t.ownPos, t.ownNeg, t.baseFlat, t.currentFlat];
  const cum: (number[] | null)[] = own.map((c) => (c ? [0] : null));
  const self: (number[] | null)[] = own.map((c) => (c ? [0] : null));
  const add = (to: (number[] | null)[], g: FrameIndex, f: FrameIndex) => {
    for (let c = 0; c < own.length; c++) {
      const col = own[c];
      const s = to[c];
      if (col && s) {
        while (s.length <= g) s.push(0);
        s[g] += col[f];
      }
    }
  };
  for (let f = 1; f < t.length; f++) {
    if (t.ownPos[f] === 0 && t.ownNeg[f] === 0 && (t.baseFlat?.[f] ?? 0) === 0 && (t.currentFlat?.[f] ?? 0) === 0) continue;
    let cur = 0;
    add(cum, 0, f);
    for (let g = f; g > 0; g = t.parent[g]) {
      cur = trie.child(cur, t.node[g]);
      add(cum, cur, f);
      if (g === f) add(self, cur, f);
    }
  }
  const n = trie.length;
  const col = (s: number[] | null) => toColumn(s, n);
  const [pos, neg, base, current] = cum.map(col);
  const [ownPos, ownNeg, baseFlat, currentFlat] = self.map(col);
  return inPreorder(
    { parent: trie.parent.subarray(0, n), node: trie.node.subarray(0, n), columns: [pos!, neg!, ownPos!, ownNeg!, base, current, baseFlat, currentFlat] },
    { names: t.names, keys: t.keys, total: t.total, sampleType: t.sampleType, sampleUnit: t.sampleUnit, inverted: true },
  );
}
