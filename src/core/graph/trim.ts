// The graph pprof draws, trimmed as report.go newTrimmedGraph trims it for
// -dot (visual mode):
//
//   1. all nodes with a non-zero flat or cum; the cutoffs are the node and
//      edge fractions of |Σ flat| (so "absolute" in a diff);
//   2. nodes with |cum| below the node cutoff are dropped, and if any are,
//      the graph is built again from the samples with only the others
//      (edges over dropped nodes become residual);
//   3. nodes are sorted by entropy (order.ts); with a node count, tags and
//      edges below the cutoffs are trimmed (they affect the selection), the
//      first nodes are kept until nodes plus their flat tags (at most 4
//      each) reach the count, and the graph is built again with those;
//   4. finally tags and edges below the cutoffs go (the dropped edges are
//      counted for the legend) and residual edges are removed, lightest
//      first, when their destination is reachable from their source
//      through other edges (RemoveRedundantEdges).
//
// Two pprof quirks are kept, as they change what is drawn: when step 3
// selects every node, the edges it trimmed are not counted in the legend
// (the count of the final trim is 0); and a node whose values cancel to
// zero is not in the graph, yet the edges into it, from a graph built with
// every node, stay (pprof draws them to "N0").

import { NONE } from '../model/profile';
import { graphNodes, type GraphInput } from '../top/engine';
import { collectEdges, type EdgeTable } from './edges';
import { nodeTags, type NodeTags } from './node-tags';
import { countTags, MAX_NODELETS, trimTags } from './nodelets';
import { edgeOrder, sortByEntropy, type NodeKeys } from './order';
import type { SampleTags } from './tags';

export interface TrimOptions {
  /** Nodes at most (0: no limit). */
  nodeCount: number;
  nodeFraction: number;
  edgeFraction: number;
}

export interface TrimmedGraph {
  /** Report nodes in pprof's order (the DOT numbers are positions + 1). */
  nodes: number[];
  edges: EdgeTable;
  alive: Uint8Array;
  /** Trimmed tags of the drawn nodes that have any to draw. */
  tags: Map<number, NodeTags>;
  droppedNodes: number;
  droppedEdges: number;
  /** Nodes after the node fraction, before the node count. */
  origCount: number;
  nodeCutoff: number;
  edgeCutoff: number;
}

export interface TrimContext {
  input: GraphInput;
  parent: Int32Array;
  /** The profile's sample values (row-major, nTypes per sample) and its tags. */
  values: Float64Array;
  nTypes: number;
  sampleTags: SampleTags;
}

export function trimmedGraph(c: TrimContext, o: TrimOptions): TrimmedGraph {
  const { input } = c;
  const { flat, cum, plan } = input;
  const nN = plan.nodeCount;
  const keys: NodeKeys = { names: plan.names, sprint: plan.sprint, flat, cum };

  let { nodes, flatAll } = graphNodes(flat, cum);
  const nodeCutoff = Math.abs(Math.trunc(flatAll * o.nodeFraction));
  const edgeCutoff = Math.abs(Math.trunc(flatAll * o.edgeFraction));

  const build = (kept: number[] | null) => {
    let mask: Uint8Array | null = null;
    if (kept) {
      mask = new Uint8Array(nN);
      for (const n of kept) mask[n] = 1;
    }
    const edges = collectEdges(input, c.parent, mask);
    return { edges, alive: new Uint8Array(edges.length).fill(1) };
  };

  let droppedNodes = 0;
  let g: { edges: EdgeTable; alive: Uint8Array } | undefined;
  if (nodeCutoff > 0) {
    const kept = nodes.filter((n) => Math.abs(cum[n]) >= nodeCutoff);
    if (kept.length !== nodes.length) {
      droppedNodes = nodes.length - kept.length;
      nodes = kept;
      g = build(kept);
    }
  }
  g ??= build(null);
  const origCount = nodes.length;
  sortByEntropy(nodes, g.edges, g.alive, keys, nN);

  const inGraph = new Uint8Array(nN);
  const member = (list: number[]) => {
    inGraph.fill(0);
    for (const n of list) inGraph[n] = 1;
  };
  member(nodes);
  const trimEdges = (): number => {
    let dropped = 0;
    const { dst, weight, length } = g!.edges;
    for (let e = 0; e < length; e++) {
      // TrimLowFrequencyEdges walks the in-edges of the graph's nodes only.
      if (g!.alive[e] && inGraph[dst[e]] && Math.abs(weight[e]) < edgeCutoff) {
        g!.alive[e] = 0;
        dropped++;
      }
    }
    return dropped;
  };

  // Tags, only where pprof looks at them: computed once per node, untrimmed.
  const hasTags = c.sampleTags.table.length > 0;
  const flatSamples = new Int32Array(hasTags ? nN : 0);
  if (hasTags) {
    const { charged } = input.values;
    for (let i = 0; i < charged.length; i++) {
      if (charged[i] === NONE) continue;
      const n = plan.flatNode[charged[i]];
      if (n >= 0) flatSamples[n]++;
    }
  }
  const tagCache = new Map<number, NodeTags>();
  const tagsOf = (list: number[]) => {
    const missing = list.filter((n) => !tagCache.has(n));
    for (const [n, t] of nodeTags(input, c.parent, c.values, c.nTypes, c.sampleTags, missing)) tagCache.set(n, t);
  };

  if (o.nodeCount > 0) {
    trimEdges(); // they change the selection; pprof does not count them
    let maxNodes = o.nodeCount;
    if (hasTags) {
      const prefix = nodes.slice(0, o.nodeCount);
      tagsOf(prefix.filter((n) => flatSamples[n] > 0));
    }
    let count = 0;
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i];
      const t = hasTags && flatSamples[n] > 0 ? countTags(trimTags(tagCache.get(n)!, nodeCutoff)) : 0;
      count += Math.min(t, MAX_NODELETS) + 1;
      if (count >= maxNodes) {
        maxNodes = i + 1;
        break;
      }
    }
    if (maxNodes < nodes.length) {
      nodes = nodes.slice(0, maxNodes);
      g = build(nodes);
      sortByEntropy(nodes, g.edges, g.alive, keys, nN);
      member(nodes);
    }
  }

  const droppedEdges = trimEdges();
  removeRedundantEdges(nodes, g.edges, g.alive, plan.names, nN);

  const tags = new Map<number, NodeTags>();
  if (hasTags) {
    const hasOut = new Uint8Array(nN);
    for (let e = 0; e < g.edges.length; e++) if (g.alive[e]) hasOut[g.edges.src[e]] = 1;
    // Inner nodes draw flat tags (none without flat samples), leaves cum tags.
    const drawn = nodes.filter((n) => flatSamples[n] > 0 || !hasOut[n]);
    tagsOf(drawn);
    for (const n of drawn) {
      const t = trimTags(tagCache.get(n)!, nodeCutoff);
      if (t.tag.length > 0) tags.set(n, t);
    }
  }
  return { nodes, edges: g.edges, alive: g.alive, tags, droppedNodes, droppedEdges, origCount, nodeCutoff, edgeCutoff };
}

/** RemoveRedundantEdges: residual in-edges, lightest first, while another path reaches them. */
function removeRedundantEdges(nodes: number[], edges: EdgeTable, alive: Uint8Array, names: string[], nN: number): void {
  const { src, dst, residual, length } = edges;
  const inStart = new Int32Array(nN + 1);
  for (let e = 0; e < length; e++) if (alive[e]) inStart[dst[e] + 1]++;
  for (let n = 0; n < nN; n++) inStart[n + 1] += inStart[n];
  const fill = inStart.slice(0, nN);
  const inEdge = new Int32Array(inStart[nN]);
  for (let e = 0; e < length; e++) if (alive[e]) inEdge[fill[dst[e]]++] = e;
  const order = edgeOrder(edges, names);
  const seen = new Uint8Array(nN);
  const redundant = (e: number): boolean => {
    const from = src[e];
    const visited: number[] = [dst[e]];
    seen[dst[e]] = 1;
    let found = false;
    for (let h = 0; h < visited.length && !found; h++) {
      const n = visited[h];
      for (let k = inStart[n]; k < inStart[n + 1]; k++) {
        const ie = inEdge[k];
        if (!alive[ie] || ie === e || seen[src[ie]]) continue;
        if (src[ie] === from) {
          found = true;
          break;
        }
        seen[src[ie]] = 1;
        visited.push(src[ie]);
      }
    }
    for (const n of visited) seen[n] = 0;
    return found;
  };
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i];
    const ins = Array.from(inEdge.subarray(inStart[n], inStart[n + 1])).filter((e) => alive[e]);
    ins.sort(order);
    for (let j = ins.length - 1; j >= 0; j--) {
      const e = ins[j];
      if (!residual[e]) break;
      if (redundant(e)) alive[e] = 0;
    }
  }
}
