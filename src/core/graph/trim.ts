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

import { NONE, type ValueColumn } from '../model';
import { graphNodes, type GraphInput } from '../report';
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
  values: ValueColumn;
  nTypes: number;
  sampleTags: SampleTags;
}

export function trimmedGraph(c: TrimContext, o: TrimOptions): TrimmedGraph {
  const { input } = c;
  const { flat, cum, plan } = input;
  const nN = plan.nodeCount;
  const keys: NodeKeys = { names: plan.names, sprint: plan.sprint, flat, cum };
  const { nodes: all, flatAll } = graphNodes(flat, cum);
  const nodeCutoff = Math.abs(Math.trunc(flatAll * o.nodeFraction));
  const edgeCutoff = Math.abs(Math.trunc(flatAll * o.edgeFraction));

  // The node fraction, then pprof's entropy order.
  let nodes = nodeCutoff > 0 ? all.filter((n) => Math.abs(cum[n]) >= nodeCutoff) : all;
  const droppedNodes = all.length - nodes.length;
  let g = graphEdges(c, droppedNodes > 0 ? nodes : null);
  const origCount = nodes.length;
  sortByEntropy(nodes, g.edges, g.alive, keys, nN);

  const tags = new TagCounts(c);
  if (o.nodeCount > 0) {
    trimEdges(g, nodes, nN, edgeCutoff); // they change the selection; pprof does not count them
    const maxNodes = nodesWithTags(nodes, o.nodeCount, tags, nodeCutoff);
    if (maxNodes < nodes.length) {
      nodes = nodes.slice(0, maxNodes);
      g = graphEdges(c, nodes);
      sortByEntropy(nodes, g.edges, g.alive, keys, nN);
    }
  }
  const droppedEdges = trimEdges(g, nodes, nN, edgeCutoff);
  removeRedundantEdges(nodes, g.edges, g.alive, plan.names, nN);
  return { nodes, edges: g.edges, alive: g.alive, tags: tags.drawn(nodes, g, nodeCutoff), droppedNodes, droppedEdges, origCount, nodeCutoff, edgeCutoff };
}

interface Edges {
  edges: EdgeTable;
  alive: Uint8Array;
}

/** The edges of the graph of the `kept` nodes (null: all), every one alive. */
function graphEdges(c: TrimContext, kept: number[] | null): Edges {
  let mask: Uint8Array | null = null;
  if (kept) {
    mask = new Uint8Array(c.input.plan.nodeCount);
    for (const n of kept) mask[n] = 1;
  }
  const edges = collectEdges(c.input, c.parent, mask);
  return { edges, alive: new Uint8Array(edges.length).fill(1) };
}

/** TrimLowFrequencyEdges: drops the in-edges of the graph's nodes below the cutoff; returns how many. */
function trimEdges(g: Edges, nodes: number[], nN: number, edgeCutoff: number): number {
  const inGraph = new Uint8Array(nN);
  for (const n of nodes) inGraph[n] = 1;
  let dropped = 0;
  const { dst, weight, length } = g.edges;
  for (let e = 0; e < length; e++) {
    if (g.alive[e] && inGraph[dst[e]] && Math.abs(weight[e]) < edgeCutoff) {
      g.alive[e] = 0;
      dropped++;
    }
  }
  return dropped;
}

/** How many of the nodes -nodecount keeps: each counts once, plus its nodelets (at most MAX_NODELETS), as pprof counts them. */
function nodesWithTags(nodes: number[], nodeCount: number, tags: TagCounts, nodeCutoff: number): number {
  if (tags.any) tags.compute(nodes.slice(0, nodeCount).filter((n) => tags.flatSamples[n] > 0));
  let count = 0;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    const t = tags.any && tags.flatSamples[n] > 0 ? countTags(trimTags(tags.of(n), nodeCutoff)) : 0;
    count += Math.min(t, MAX_NODELETS) + 1;
    if (count >= nodeCount) return i + 1;
  }
  return nodeCount;
}

/** Tags, only where pprof looks at them: computed once per node, untrimmed. */
class TagCounts {
  readonly any: boolean;
  /** Samples whose flat value each node gets (tags are drawn for nodes with some). */
  readonly flatSamples: Int32Array;
  private readonly cache = new Map<number, NodeTags>();

  constructor(private readonly c: TrimContext) {
    const { plan, values } = c.input;
    this.any = c.sampleTags.table.length > 0;
    this.flatSamples = new Int32Array(this.any ? plan.nodeCount : 0);
    if (!this.any) return;
    const { charged } = values;
    for (let i = 0; i < charged.length; i++) {
      if (charged[i] === NONE) continue;
      const n = plan.flatNode[charged[i]];
      if (n >= 0) this.flatSamples[n]++;
    }
  }

  compute(list: number[]): void {
    const missing = list.filter((n) => !this.cache.has(n));
    const c = this.c;
    for (const [n, t] of nodeTags(c.input, c.parent, c.values, c.nTypes, c.sampleTags, missing)) this.cache.set(n, t);
  }

  of(n: number): NodeTags {
    return this.cache.get(n)!;
  }

  /** The trimmed tags of the drawn nodes that have any: inner nodes draw flat tags (none without flat samples), leaves cum tags. */
  drawn(nodes: number[], g: Edges, nodeCutoff: number): Map<number, NodeTags> {
    const out = new Map<number, NodeTags>();
    if (!this.any) return out;
    const hasOut = new Uint8Array(this.c.input.plan.nodeCount);
    for (let e = 0; e < g.edges.length; e++) if (g.alive[e]) hasOut[g.edges.src[e]] = 1;
    const drawn = nodes.filter((n) => this.flatSamples[n] > 0 || !hasOut[n]);
    this.compute(drawn);
    for (const n of drawn) {
      const t = trimTags(this.of(n), nodeCutoff);
      if (t.tag.length > 0) out.set(n, t);
    }
    return out;
  }
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
