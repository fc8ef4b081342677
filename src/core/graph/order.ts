// The orders of a pprof graph.
//
// Nodes (graph.go Sort with EntropyOrder, what -dot uses): by |score|, then
// name, then |flat|, then fmt.Sprint of the node's key, where
//
//   score = int64(entropy × cum) + flat
//   entropy = (no in-edges ? 1 : H(in-edges)) + (no out-edges ? 1 : H(out-edges, flat))
//   H(edges, self) = Σ −p·log2 p over the edges' |weight| (and self, if > 0),
//                    p relative to self + the sum of the positive weights
//
// so a node that just passes its callers' value on to one callee scores
// low. In a diff the fractions can be 0 or negative and H is NaN; Go turns
// that into math.MinInt64, whose |·| overflows: such a node goes first when
// its flat is non-zero and last when it is zero. That is kept, as are
// Go's log2 and float summation (gomath.ts).
//
// Edges (graph.go edgeList): by |weight|, then the source's name, then the
// destination's. pprof treats weights w and −w as equal and its sort is not
// stable (nor is its input order, a Go map): here names decide.

import { goInt64, goLog2 } from './gomath';
import type { EdgeTable } from './edges';

export interface NodeKeys {
  names: string[];
  sprint: string[];
  flat: Float64Array;
  cum: Float64Array;
}

/** Entropy scores as sort keys: tier 2 (MinInt64 + non-zero flat) > tier 1 (ordinary) > tier 0 (MinInt64). */
function entropyKeys(nodes: readonly number[], edges: EdgeTable, alive: Uint8Array, k: NodeKeys, nodeCount: number) {
  const inTotal = new Float64Array(nodeCount);
  const outTotal = new Float64Array(nodeCount);
  const inDeg = new Int32Array(nodeCount);
  const outDeg = new Int32Array(nodeCount);
  const { src, dst, weight } = edges;
  for (const n of nodes) outTotal[n] = k.flat[n];
  for (let e = 0; e < edges.length; e++) {
    if (!alive[e]) continue;
    const w = weight[e];
    outDeg[src[e]]++;
    inDeg[dst[e]]++;
    if (w > 0) {
      outTotal[src[e]] += w;
      inTotal[dst[e]] += w;
    }
  }
  const inSum = new Float64Array(nodeCount);
  const outSum = new Float64Array(nodeCount);
  for (let e = 0; e < edges.length; e++) {
    if (!alive[e]) continue;
    const w = Math.abs(weight[e]);
    const ti = inTotal[dst[e]];
    if (ti !== 0) {
      const p = w / ti;
      inSum[dst[e]] += -p * goLog2(p);
    }
    const to = outTotal[src[e]];
    if (to !== 0) {
      const p = w / to;
      outSum[src[e]] += -p * goLog2(p);
    }
  }
  const tier = new Uint8Array(nodeCount);
  const key = new Float64Array(nodeCount);
  for (const n of nodes) {
    const flat = k.flat[n];
    let outPart = outSum[n];
    if (outTotal[n] !== 0 && flat > 0) {
      const p = flat / outTotal[n];
      outPart += -p * goLog2(p);
    }
    const entropy = (inDeg[n] === 0 ? 1 : inSum[n]) + (outDeg[n] === 0 ? 1 : outPart);
    const x = goInt64(entropy * k.cum[n]);
    if (x === null) {
      tier[n] = flat === 0 ? 0 : 2;
      key[n] = -Math.abs(flat); // |MinInt64 + flat| = 2^63 − |flat|
    } else {
      tier[n] = 1;
      key[n] = Math.abs(x + flat);
    }
  }
  return { tier, key };
}

/** Sorts `nodes` in place in pprof's EntropyOrder for the graph's live edges. */
export function sortByEntropy(nodes: number[], edges: EdgeTable, alive: Uint8Array, k: NodeKeys, nodeCount: number): void {
  const { tier, key } = entropyKeys(nodes, edges, alive, k, nodeCount);
  const { names, sprint, flat } = k;
  nodes.sort(
    (a, b) =>
      tier[b] - tier[a] ||
      key[b] - key[a] ||
      cmp(names[a], names[b]) ||
      Math.abs(flat[b]) - Math.abs(flat[a]) ||
      cmp(sprint[a], sprint[b]),
  );
}

/** edgeList order over edge ids. */
export function edgeOrder(edges: EdgeTable, names: string[]): (a: number, b: number) => number {
  const { src, dst, weight } = edges;
  return (a, b) => Math.abs(weight[b]) - Math.abs(weight[a]) || cmp(names[src[a]], names[src[b]]) || cmp(names[dst[a]], names[dst[b]]);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
