// The edges of pprof's graph (graph.go newGraph), from the engine's per-stack
// plan instead of per sample.
//
// pprof walks each sample's nodes root → leaf, skipping the nodes not kept
// (KeptNodes), and adds the sample's value to the edge (previous kept node →
// this one) the first time the pair occurs in the sample (recursion counts
// once) and never for a node calling itself. The edge is
//   - residual when a node that is not kept was skipped between the two,
//   - inline when this node is not its location's outermost line,
// and an edge keeps "residual" if any sample made it so, "inline" only if
// every sample did. Zero-valued samples are skipped (values that cancel in a
// diff still make an edge, of weight 0).
//
// Samples sharing a call path share its prefix in the stack tree, so one
// pass over the stack nodes, parent first (the table's own order, so it
// streams), carries the path's last kept node and whether something was
// skipped since, and adds at every kept occurrence the value of all
// samples below it (sub; for an occurrence inside a re-attributed flat
// entry only the children's part, sub − own). Whether a pair is already on
// the path is only asked when the node itself is (the plan's OCC_FIRST),
// through a chain of the node's earlier occurrences on the path.

import { OCC_FIRST, OCC_INLINE, OCC_INNER, type GraphInput } from '../report';

export interface EdgeTable {
  length: number;
  src: Int32Array;
  dst: Int32Array;
  weight: Float64Array;
  residual: Uint8Array;
  inline: Uint8Array;
}

/**
 * Scratch arrays, every entry written before it is read. One set, for the
 * last plan (tens of MB on a big profile): rebuilding a graph reuses it, a
 * new plan lets the old one go.
 */
interface Scratch {
  plan: object;
  /** Per stack node: its path's last kept occurrence, and (that node << 1 | skipped since). */
  state: Int32Array;
  /** Per kept occurrence: the previous kept occurrence on its path, and (unless OCC_FIRST) the previous one of the same node. */
  prevKept: Int32Array;
  prevSame: Int32Array;
}

let scratch: Scratch | undefined;

/** The edges among the kept nodes (null: every node) as pprof's newGraph makes them. */
export function collectEdges(input: GraphInput, parent: Int32Array, kept: Uint8Array | null): EdgeTable {
  const { plan } = input;
  const { occStart, occNode, nodeCount } = plan;
  const nS = occStart.length - 1;
  if (scratch?.plan !== plan) {
    scratch = undefined;
    scratch = { plan, state: new Int32Array(2 * nS), prevKept: new Int32Array(occNode.length), prevSame: new Int32Array(occNode.length) };
  }

  // Pairs of kept nodes by slot (their rank among the kept): a dense matrix
  // when small (the usual case: a few hundred kept nodes), a Map otherwise.
  const slot = new Int32Array(nodeCount);
  let k = 0;
  for (let n = 0; n < nodeCount; n++) slot[n] = kept === null || kept[n] === 1 ? k++ : -1;
  const dense = k * k <= 1 << 21 ? new Int32Array(k * k).fill(-1) : null;
  const sparse = dense === null ? new Map<number, number>() : null;
  const edges = new EdgeBuffer();
  walk(input, parent, slot, k, dense, sparse, scratch, edges);
  return edges.finish();
}

/**
 * The pass itself, a function of its own: optimised once hot, it returns
 * to its caller rather than running on into code it has never seen run
 * (an optimised loop that does deopts at the first such access, at every
 * call).
 */
function walk(input: GraphInput, parent: Int32Array, slot: Int32Array, k: number, dense: Int32Array | null, sparse: Map<number, number> | null, scratch: Scratch, edges: EdgeBuffer): void {
  const { occStart, occNode, occFlags } = input.plan;
  const { sub, subCnt, own, ownCnt } = input.values;
  const { state, prevKept, prevSame } = scratch;
  const nS = occStart.length - 1;
  let { weight, residual: residualOf, inline: inlineOf } = edges;

  // The state after the previous stack node: most nodes are its child.
  let last = -1;
  let prev = -1;
  let residual = 0;
  for (let s = 0; s < nS; s++) {
    const cnt = subCnt[s];
    if (cnt === 0) continue; // no sample below (nor below its children)
    const q = parent[s];
    if (q !== s - 1) {
      if (q >= 0) {
        last = state[2 * q];
        const x = state[2 * q + 1];
        prev = x >> 1;
        residual = x & 1;
      } else {
        last = -1;
        prev = -1;
        residual = 0;
      }
    }
    const o1 = occStart[s + 1];
    for (let j = occStart[s]; j < o1; j++) {
      const n = occNode[j];
      if (slot[n] < 0) {
        residual = 1;
        continue;
      }
      prevKept[j] = last;
      const f = occFlags[j];
      const first = (f & OCC_FIRST) !== 0;
      if (!first) prevSame[j] = previous(last, n, occNode, prevKept);
      const inner = (f & OCC_INNER) !== 0;
      if (prev >= 0 && prev !== n && (!inner || cnt > ownCnt[s])) {
        if (first || !pairAbove(prevSame[j], prev, occNode, occFlags, prevKept, prevSame)) {
          const pair = slot[prev] * k + slot[n];
          let id = dense !== null ? dense[pair] : (sparse!.get(pair) ?? -1);
          if (id < 0) {
            id = edges.add(prev, n);
            if (dense !== null) dense[pair] = id;
            else sparse!.set(pair, id);
            ({ weight, residual: residualOf, inline: inlineOf } = edges);
          }
          weight[id] += inner ? sub[s] - own[s] : sub[s];
          if (residual) residualOf[id] = 1;
          if ((f & OCC_INLINE) === 0) inlineOf[id] = 0;
        }
      }
      last = j;
      prev = n;
      residual = 0;
    }
    state[2 * s] = last;
    state[2 * s + 1] = (prev << 1) | residual;
  }
}

/** The latest kept occurrence of node n on the path ending at occurrence `from`. */
function previous(from: number, n: number, occNode: Int32Array, prevKept: Int32Array): number {
  let o = from;
  while (o >= 0 && occNode[o] !== n) o = prevKept[o];
  return o;
}

/** Whether an occurrence of n at or above `o` (on the path) directly follows one of p. */
function pairAbove(o: number, p: number, occNode: Int32Array, occFlags: Uint8Array, prevKept: Int32Array, prevSame: Int32Array): boolean {
  while (o >= 0) {
    const before = prevKept[o];
    if (before >= 0 && occNode[before] === p) return true;
    o = occFlags[o] & OCC_FIRST ? -1 : prevSame[o]; // the node's first occurrence ends the chain
  }
  return false;
}

class EdgeBuffer {
  length = 0;
  src = new Int32Array(256);
  dst = new Int32Array(256);
  weight = new Float64Array(256);
  residual = new Uint8Array(256);
  inline = new Uint8Array(256);

  add(a: number, b: number): number {
    if (this.length === this.src.length) {
      const cap = this.length * 2;
      this.src = grow(this.src, cap);
      this.dst = grow(this.dst, cap);
      this.weight = grow(this.weight, cap);
      this.residual = grow(this.residual, cap);
      this.inline = grow(this.inline, cap);
    }
    const id = this.length++;
    this.src[id] = a;
    this.dst[id] = b;
    this.inline[id] = 1;
    return id;
  }

  finish(): EdgeTable {
    const n = this.length;
    return {
      length: n,
      src: this.src.subarray(0, n),
      dst: this.dst.subarray(0, n),
      weight: this.weight.subarray(0, n),
      residual: this.residual.subarray(0, n),
      inline: this.inline.subarray(0, n),
    };
  }
}

function grow<T extends Int32Array | Float64Array | Uint8Array>(a: T, cap: number): T {
  const b = new (a.constructor as { new (n: number): T })(cap);
  b.set(a);
  return b;
}
