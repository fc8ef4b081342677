// The top-down tree of a report, built from the report engine's per-stack
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
// come from each profile alone (ReportEngines.sides) in the same frames.
//
// A side's stack tree is mostly the comparison's own (the compared profile
// interns the current profile's stacks first, in its order): a side's stack
// node whose parent reads as the comparison's and whose occurrences are the
// same report nodes has the comparison's frames, found by one sequential
// compare instead of a trie lookup per occurrence. Only the rest (the base
// profile's stacks, mostly) goes through the trie.
// Measurements: docs/decisions/0017-flame-tree-build.md.

import { NONE, type Profile } from '../model';
import { OCC_INNER, type GraphInput } from '../report';
import { inPreorder, sumSubtrees, valueColumns, type Charged } from './preorder';
import { FrameTrie } from './trie';
import type { FlameTree } from './tree';

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

/** An input with its node keys, and the frames of its stack nodes once placed. */
interface Placed {
  src: TreeSource;
  keyOf: Int32Array;
  /** Frame of each stack node's last occurrence (where its children's paths go on). */
  endFrame: Int32Array;
  /** Frame of each stack node's flat occurrence (where its own samples land): endFrame itself without blame. */
  ownFrame: Int32Array;
}

/** An input's frames to come: one array for both unless blame puts a flat inside a path (OCC_INNER). */
function placed(src: TreeSource, keyOf: Int32Array): Placed {
  const n = src.profile.stacks.length;
  const flags = src.input.plan.occFlags;
  let inner = false;
  for (let j = 0; j < flags.length && !inner; j++) inner = (flags[j] & OCC_INNER) !== 0;
  const endFrame = new Int32Array(n);
  return { src, keyOf, endFrame, ownFrame: inner ? new Int32Array(n) : endFrame };
}

/** A side not placed yet: its arrays are made only if main's cannot serve (placeSide). */
interface Side {
  src: TreeSource;
  keyOf: Int32Array;
}

/**
 * Stack nodes of `side` that read as `main`'s node of the same index: the
 * same parent index (itself alike, or none) and the same occurrences (report
 * node keys and flags). Their frames are main's.
 */
function alikeStacks(side: Side, main: Placed): Uint8Array {
  const sp = side.src.profile.stacks.parent;
  const mp = main.src.profile.stacks.parent;
  const a = side.src.input.plan;
  const b = main.src.input.plan;
  const ka = side.keyOf;
  const kb = main.keyOf;
  const n = Math.min(sp.length, mp.length);
  const alike = new Uint8Array(sp.length);
  for (let s = 0; s < n; s++) {
    const q = sp[s];
    if (q !== mp[s] || (q !== NONE && alike[q] === 0)) continue;
    const i0 = a.occStart[s];
    const j0 = b.occStart[s];
    const len = a.occStart[s + 1] - i0;
    if (len !== b.occStart[s + 1] - j0) continue;
    let k = 0;
    while (k < len && ka[a.occNode[i0 + k]] === kb[b.occNode[j0 + k]] && a.occFlags[i0 + k] === b.occFlags[j0 + k]) k++;
    if (k === len) alike[s] = 1;
  }
  return alike;
}

/** Places the stack nodes of `p` marked in `want` (parents before children, as stack nodes are numbered), each of its occurrences a trie step. */
function insertStacks(trie: FrameTrie, p: Placed, want: Uint8Array): void {
  const { parent, length: nS } = p.src.profile.stacks;
  const { occStart, occNode, occFlags } = p.src.input.plan;
  const { keyOf, endFrame, ownFrame } = p;
  for (let s = 0; s < nS; s++) {
    if (want[s] === 0) continue;
    let cur = parent[s] === NONE ? 0 : endFrame[parent[s]];
    let own = cur;
    for (let j = occStart[s], e = occStart[s + 1]; j < e; j++) {
      cur = trie.child(cur, keyOf[occNode[j]]);
      if ((occFlags[j] & OCC_INNER) === 0) own = cur;
    }
    ownFrame[s] = own; // before endFrame: they may be one array
    endFrame[s] = cur;
  }
}

/** A side's stack nodes with samples below: main's frames where alike (main's arrays when all are), the trie's for the rest. */
function placeSide(trie: FrameTrie, input: Side, alike: Uint8Array, main: Placed): Placed {
  const subCnt = input.src.input.values.subCnt;
  const rest = new Uint8Array(subCnt.length);
  let others = 0;
  for (let s = 0; s < subCnt.length; s++) {
    if (subCnt[s] > 0 && alike[s] === 0) {
      rest[s] = 1;
      others++;
    }
  }
  if (others === 0) return { ...input, endFrame: main.endFrame, ownFrame: main.ownFrame };
  const side = placed(input.src, input.keyOf);
  for (let s = 0; s < subCnt.length; s++) {
    if (subCnt[s] > 0 && alike[s] === 1) {
      side.ownFrame[s] = main.ownFrame[s];
      side.endFrame[s] = main.endFrame[s];
    }
  }
  insertStacks(trie, side, rest);
  return side;
}

/** Adds each charged sample's value to its frame (renumbered by `frameOf` when given): split by sign, or into one signed column. */
function chargeSamples(p: Placed, frameOf: Int32Array | null, pos: Float64Array, neg: Float64Array | null): void {
  const profile = p.src.profile;
  const nT = profile.sampleTypes.length;
  const t = p.src.input.sampleIndex;
  const values = profile.samples.values;
  const charged = p.src.input.values.charged;
  const ownFrame = p.ownFrame;
  for (let i = 0; i < charged.length; i++) {
    const s = charged[i];
    if (s === NONE) continue;
    const f = frameOf === null ? ownFrame[s] : frameOf[ownFrame[s]];
    const v = values[i * nT + t];
    if (neg === null) pos[f] += v;
    else if (v < 0) neg[f] -= v;
    else pos[f] += v;
  }
}

/** Each frame's width (Σ |value| through it) in the trie's numbering. */
function widths(trie: FrameTrie, main: Placed): Float64Array {
  const n = trie.length;
  const w = new Float64Array(n);
  chargeSamples(main, null, w, w); // |value|: both parts in one column
  return sumSubtrees(trie.parent.subarray(0, n), w);
}

/**
 * The top-down tree of a report (`main`: the comparison's engine input),
 * with each profile alone as the base and current columns when `sides` are
 * given (the same query on each).
 */
export function buildFlameTree(main: TreeSource, sides: { base: TreeSource; current: TreeSource } | null): FlameTree {
  const keys = new NodeKeys();
  const m = placed(main, keys.of(main.input));
  const sidePlaces: Side[] = sides ? [sides.base, sides.current].map((src) => ({ src, keyOf: keys.of(src.input) })) : [];
  const alike = sidePlaces.map((p) => alikeStacks(p, m));
  // Main's stack nodes with samples below, and those a side needs and reads alike.
  const mainCnt = main.input.values.subCnt;
  const want = new Uint8Array(mainCnt.length);
  for (let s = 0; s < want.length; s++) if (mainCnt[s] > 0) want[s] = 1;
  sidePlaces.forEach((p, i) => {
    const subCnt = p.src.input.values.subCnt;
    const a = alike[i];
    for (let s = 0; s < a.length; s++) if (a[s] === 1 && subCnt[s] > 0) want[s] = 1;
  });
  const trie = new FrameTrie(main.input.plan.occStart[main.profile.stacks.length]);
  insertStacks(trie, m, want);
  const [base, current] = sidePlaces.map((p, i) => placeSide(trie, p, alike[i], m));
  const n = trie.length;
  const charge = (newIndex: Int32Array): Charged => {
    const flat = valueColumns(n, sides !== null);
    chargeSamples(m, newIndex, flat[0], flat[1]);
    if (flat[2] && flat[3]) {
      chargeSamples(base, newIndex, flat[2], null);
      chargeSamples(current, newIndex, flat[3], null);
    }
    return { flat };
  };
  return inPreorder(
    { parent: trie.parent.subarray(0, n), node: trie.node.subarray(0, n), width: widths(trie, m) },
    charge,
    { names: keys.names, keys: keys.keys, total: main.input.total, sampleType: main.input.sampleType, sampleUnit: main.input.sampleUnit, inverted: false },
  );
}
