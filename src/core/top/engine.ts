// The top table's part of the report engine (core/report/engine.ts computes
// flat and cum per node): pprof's trimming (report.newTrimmedGraph: the node
// fraction, then the node count, in -top's order) and the "(inline)" marks,
// which need the edges into the rows shown with the nodes pprof keeps — one
// parent-first pass over the engine's plan.

import { NONE } from '../model';
import { EdgeSums, graphNodes, OCC_FIRST, OCC_INLINE, OCC_INNER, optionDefault, ReportEngine, type EngineOptions, type NodeValues, type Plan } from '../report';

/** The engine's options: -top's are all of them. */
export type TopOptions = EngineOptions;

export type InlineMark = '' | 'inline' | 'partial-inline';

export interface TopRow {
  node: number;
  name: string;
  inline: InlineMark;
  flat: number;
  cum: number;
}

export interface TopResult {
  sampleIndex: number;
  sampleType: string;
  sampleUnit: string;
  /** Denominator of every percentage (pprof's report total). */
  total: number;
  rows: TopRow[];
  /** Signed Σ flat of the rows shown. */
  flatSum: number;
  /** Nodes dropped by the node fraction. */
  droppedNodes: number;
  /** Nodes left after the node fraction (before the node count). */
  origCount: number;
  nodeFraction: number;
  /** Warnings pprof prints on stderr ("Focus expression matched no samples"). */
  warnings: string[];
}


/** The table's rows of one profile (or diff), as go tool pprof -top computes them. */
export class TopEngine extends ReportEngine {
  compute(o: TopOptions): TopResult {
    const p = this.profile;
    const t = o.sampleIndex;
    const nv = this.getNodeValues(o, o.granularity ?? 'functions');
    const { plan } = nv;
    return topResult(o, { flat: nv.flat, cum: nv.cum, names: plan.names, sprint: plan.sprint, inlineCapable: plan.inlineCapable }, {
      sampleType: p.strings[p.sampleTypes[t].type],
      sampleUnit: p.strings[p.sampleTypes[t].unit],
      total: this.total(t),
      warnings: [...nv.values.warnings],
      edgesInto: (kept, candidate, report) => this.edges(nv, kept, candidate, report),
    });
  }

  /**
   * Weight and inline flag of every edge into a candidate node, as
   * pprof's graph built with only the `kept` nodes (null: all) has them.
   */
  private edges(
    nv: NodeValues,
    kept: Uint8Array | null,
    candidate: Uint8Array,
    report: (dst: number, weight: number, inline: boolean) => void,
  ): void {
    const { own, ownCnt, sub, subCnt } = nv.values;
    const plan = nv.plan;
    const { occStart, occNode, occFlags, nodeCount, inlineOccStack, inlineOcc } = plan;
    const { parent } = this.profile.stacks;
    const edges = new EdgeSums(nodeCount);
    for (let k = 0; k < inlineOcc.length; k++) {
      const j = inlineOcc[k];
      const n = occNode[j];
      if (!candidate[n]) continue;
      const s = inlineOccStack[k];
      const f = occFlags[j];
      const innerOnly = (f & OCC_INNER) !== 0;
      const cnt = innerOnly ? subCnt[s] - ownCnt[s] : subCnt[s];
      if (cnt <= 0) continue;
      // The caller pprof sees: the nearest kept occurrence before this one.
      let prev = -1;
      let x = s;
      let i = j - 1;
      for (;;) {
        for (; i >= occStart[x]; i--) {
          const m = occNode[i];
          if (kept === null || kept[m] === 1) {
            prev = m;
            break;
          }
        }
        if (prev >= 0) break;
        x = parent[x];
        if (x === NONE) break;
        i = occStart[x + 1] - 1;
      }
      if (prev < 0 || prev === n) continue;
      if ((f & OCC_FIRST) === 0 && this.pairAbove(plan, s, j, prev, n, kept)) continue;
      edges.add(prev, n, innerOnly ? sub[s] - own[s] : sub[s], (f & OCC_INLINE) !== 0);
    }
    edges.report(report);
  }

  /**
   * Whether the edge (prev → n) at occurrence `at` of stack node s was
   * already on the path (recursion through n): pprof counts an edge once
   * per sample. Walks the path; only reached for a node met twice.
   */
  private pairAbove(plan: Plan, s: number, at: number, prev: number, n: number, kept: Uint8Array | null): boolean {
    const { parent } = this.profile.stacks;
    const path: number[] = [];
    for (let x = s; x !== NONE; x = parent[x]) path.push(x);
    let before = -1;
    for (let i = path.length - 1; i >= 0; i--) {
      const y = path[i];
      for (let j = plan.occStart[y], end = plan.occStart[y + 1]; j < end; j++) {
        if (y === s && j === at) return false;
        const m = plan.occNode[j];
        if (kept !== null && kept[m] === 0) continue;
        if (m === n && before === prev) return true;
        before = m;
      }
    }
    return false;
  }
}

/** Per node values of a report, with what names and orders its nodes. */
export interface TopNodes {
  flat: Float64Array;
  cum: Float64Array;
  names: readonly string[];
  sprint: readonly string[];
  inlineCapable: Uint8Array;
}

/** What a report gives beside its nodes' values. */
export interface TopReading {
  sampleType: string;
  sampleUnit: string;
  total: number;
  warnings: string[];
  /** The edges into candidate nodes of the graph with only the kept nodes (null: all): weight and inline flag. */
  edgesInto(kept: Uint8Array | null, candidate: Uint8Array, report: (dst: number, weight: number, inline: boolean) => void): void;
}

/** The -top rows of a report's nodes: pprof's trimming, order and "(inline)" marks. */
export function topResult(o: TopOptions, v: TopNodes, r: TopReading): TopResult {
  const nodeFraction = o.nodeFraction ?? optionDefault('nodeFraction', 'top');
  const { flat, cum } = v;
  const { nodes, droppedNodes, origCount, rebuilt, flatAll } = trimmedNodes(v, nodeFraction, o.cum === true, o.nodeCount ?? optionDefault('nodeCount', 'top'));
  const edgeCutoff = Math.abs(Math.trunc(flatAll * (o.edgeFraction ?? optionDefault('edgeFraction', 'top'))));
  const marks = inlineMarks(v, r, nodes, rebuilt, edgeCutoff);
  let flatSum = 0;
  const rows: TopRow[] = nodes.map((n) => {
    flatSum += flat[n];
    const m = marks[n];
    return { node: n, name: v.names[n], inline: m & 1 ? (m & 2 ? 'partial-inline' : 'inline') : '', flat: flat[n], cum: cum[n] };
  });
  return {
    sampleIndex: o.sampleIndex,
    sampleType: r.sampleType,
    sampleUnit: r.sampleUnit,
    total: r.total,
    rows,
    flatSum,
    droppedNodes,
    origCount,
    nodeFraction,
    warnings: r.warnings,
  };
}

/** "(inline)": per node, bit 1 an inline edge into it, bit 2 a non-inline one, from the edges that survive the edge cutoff. */
function inlineMarks(v: TopNodes, r: TopReading, nodes: number[], rebuilt: boolean, edgeCutoff: number): Uint8Array {
  const nN = v.flat.length;
  const marks = new Uint8Array(nN);
  const candidate = new Uint8Array(nN);
  let anyCandidate = false;
  for (const n of nodes) {
    if (v.inlineCapable[n]) {
      candidate[n] = 1;
      anyCandidate = true;
    }
  }
  if (!anyCandidate) return marks;
  let kept: Uint8Array | null = null;
  if (rebuilt) {
    kept = new Uint8Array(nN);
    for (const n of nodes) kept[n] = 1;
  }
  r.edgesInto(kept, candidate, (dst, weight, inline) => {
    if (Math.abs(weight) >= edgeCutoff) marks[dst] |= inline ? 1 : 2;
  });
  return marks;
}

/** pprof's trimming: the node fraction, then -top's order, then the node count. */
function trimmedNodes(v: TopNodes, nodeFraction: number, byCum: boolean, nodeCount: number) {
  const { flat, cum, names, sprint } = v;
  let { nodes, flatAll } = graphNodes(flat, cum);
  const nodeCutoff = Math.abs(Math.trunc(flatAll * nodeFraction));
  let droppedNodes = 0;
  let rebuilt = false;
  if (nodeCutoff > 0) {
    const kept = nodes.filter((n) => Math.abs(cum[n]) >= nodeCutoff);
    droppedNodes = nodes.length - kept.length;
    rebuilt = droppedNodes > 0;
    nodes = kept;
  }
  const origCount = nodes.length;
  const byName = (a: number, b: number) =>
    names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : sprint[a] < sprint[b] ? -1 : sprint[a] > sprint[b] ? 1 : 0;
  if (byCum) {
    nodes.sort((a, b) => Math.abs(cum[b]) - Math.abs(cum[a]) || cmpName(names, a, b) || Math.abs(flat[b]) - Math.abs(flat[a]) || byName(a, b));
  } else {
    nodes.sort((a, b) => Math.abs(flat[b]) - Math.abs(flat[a]) || cmpName(names, a, b) || Math.abs(cum[b]) - Math.abs(cum[a]) || byName(a, b));
  }
  if (nodeCount > 0 && nodes.length > nodeCount) {
    nodes = nodes.slice(0, nodeCount);
    rebuilt = true;
  }
  return { nodes, droppedNodes, origCount, rebuilt, flatAll };
}

function cmpName(names: readonly string[], a: number, b: number): number {
  return names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0;
}
