// The call graph of `go tool pprof -dot` as plain data, ready to send from
// the worker to the page or to write as DOT (dot.ts): report.go GetDOT and
// the per-element rules of dotgraph.go (labels, font size, colours, edge
// weights), with numbers kept next to the text pprof prints for them.
//
//   const engine = new TopEngine(compareProfiles([current], [base]));
//   const graph = buildGraph(engine, { sampleIndex: sampleIndexByName(engine.profile, '') });
//   formatDot(graph)
//
// Defaults are -dot's: at most 80 nodes, node fraction 0.005, edge
// fraction 0.001.
//
// Values are those of the report (current − base in a diff). A node's base
// and current parts are not given: -base merges the two profiles' samples
// (identical stacks cancel), so they would take two more engines over the
// separate profiles; the page can ask those for the nodes it shows.

import { goPercentage, formatValue, minimumUnit } from '../format';
import { activeFilterLabels, activeFilters, ATTRIBUTION_HEADER, baseName, optionDefault, profileLabels, type EngineOptions, type ReportEngine } from '../report';
import { dotColor } from './color';
import { idiv } from './gomath';
import { nameLines } from './names';
import { nodelets, type Nodelet } from './nodelets';
import { edgeOrder } from './order';
import { sampleTags } from './tags';
import { trimmedGraph } from './trim';

export type GraphOptions = EngineOptions;

/**
 * pprof's last legend line. Kept in the DOT text (byte for byte pprof's);
 * the page and its SVG leave it out (layout.ts): they name no other site,
 * and the page's own legend says how to read the graph.
 */
export const READ_THE_GRAPH = '\nSee https://git.io/JfYMW for how to read the graph';

export interface GraphNode {
  /** Its DOT number ("N3", id="node3"): its rank in pprof's order, from 1. */
  id: number;
  /** The engine's report node. */
  node: number;
  /** pprof's PrintableName ("compress/flate.NewWriter"). */
  name: string;
  /** The name as the box shows it: package, type, function… ("flate", "NewWriter"). */
  lines: string[];
  flat: number;
  cum: number;
  flatText: string;
  cumText: string;
  /** |value| / total, as pprof prints it ("79.91%"). */
  flatPercent: string;
  cumPercent: string;
  /** 8 to 24, by √(|flat| / the largest |flat|). */
  fontSize: number;
  /** Border and fill, from cum / total (red grew, green shrank, grey near 0). */
  color: string;
  fillColor: string;
  nodelets: Nodelet[];
}

export interface GraphEdge {
  /** DOT numbers of the nodes; `to` 0 is a node whose values cancel out, which pprof leaves out of the graph but still draws edges to ("N0"). */
  from: number;
  to: number;
  weight: number;
  weightText: string;
  /** It skips nodes that were dropped (drawn dotted). */
  residual: boolean;
  /** The call was inlined ("(inline)"). */
  inline: boolean;
  /** DOT weight (1–101) and penwidth (1–6), from |weight| / total; 1 is not written. */
  dotWeight: number;
  penWidth: number;
  color: string;
  /** "caller -> callee (1MB)", "..." for a residual edge. */
  tooltip: string;
  /** The source has nodelets: DOT minlen=2. */
  spaced: boolean;
}

export interface CallGraph {
  /** The digraph's name: the base name of the first mapping's file ("" when none). */
  title: string;
  /** The legend box, one entry a line ("File: gzipleak", "Type: inuse_space", …). */
  legend: string[];
  sampleType: string;
  sampleUnit: string;
  /** The unit of every value text (pprof's selectOutputUnit). */
  outputUnit: string;
  total: number;
  nodes: GraphNode[];
  /** In pprof's drawing order (heaviest first). */
  edges: GraphEdge[];
  /** Σ flat of the nodes drawn. */
  flatSum: number;
  droppedNodes: number;
  droppedEdges: number;
  /** Nodes left after the node fraction (before the node count). */
  origCount: number;
  warnings: string[];
}

export function buildGraph(engine: ReportEngine, o: GraphOptions): CallGraph {
  const p = engine.profile;
  const input = engine.graphInput(o);
  const { plan, flat, cum, total, sampleType, sampleUnit } = input;
  const nodeFraction = o.nodeFraction ?? optionDefault('nodeFraction', 'graph');
  const edgeFraction = o.edgeFraction ?? optionDefault('edgeFraction', 'graph');
  const t = trimmedGraph(
    { input, parent: p.stacks.parent, values: p.samples.values, nTypes: p.sampleTypes.length, sampleTags: sampleTags(p) },
    { nodeCount: o.nodeCount ?? optionDefault('nodeCount', 'graph'), nodeFraction, edgeFraction },
  );

  // selectOutputUnit: the smallest non-zero |flat| (else |cum|) of the nodes drawn.
  let min = 0;
  let flatSum = 0;
  let maxFlat = t.nodes.length > 0 ? Math.abs(flat[t.nodes[0]]) : 0;
  for (const n of t.nodes) {
    let v = Math.abs(flat[n]);
    if (v === 0) v = Math.abs(cum[n]);
    if (v > 0 && (min === 0 || v < min)) min = v;
    flatSum += flat[n];
    maxFlat = Math.max(maxFlat, Math.abs(flat[n]));
  }
  const outputUnit = t.nodes.length > 0 ? minimumUnit(min, total, sampleUnit) : 'minimum';
  const fmt = (v: number) => formatValue(v, sampleUnit, outputUnit);
  const scale = Math.abs(total);

  const id = new Int32Array(plan.nodeCount); // 0: not drawn
  t.nodes.forEach((n, i) => (id[n] = i + 1));
  const hasOut = new Uint8Array(plan.nodeCount);
  for (let e = 0; e < t.edges.length; e++) if (t.alive[e]) hasOut[t.edges.src[e]] = 1;

  const { table } = sampleTags(p);
  const nodes: GraphNode[] = t.nodes.map((n, i) => {
    const f = flat[n];
    const c = cum[n];
    const flatText = fmt(f);
    const nt = t.tags.get(n);
    return {
      id: i + 1,
      node: n,
      name: plan.names[n],
      lines: nameLines(input.nodes.info[n]),
      flat: f,
      cum: c,
      flatText,
      cumText: c === f ? flatText : fmt(c),
      flatPercent: goPercentage(f, total).trim(),
      cumPercent: goPercentage(c, total).trim(),
      fontSize: 8 + (maxFlat !== 0 && f !== 0 && Math.abs(f) <= maxFlat ? Math.ceil(16 * Math.sqrt(Math.abs(f) / maxFlat)) : 0),
      color: dotColor(c / scale, false),
      fillColor: dotColor(c / scale, true),
      nodelets: nt ? nodelets(i + 1, nt, table, hasOut[n] === 1, fmt) : [],
    };
  });

  // Edges are drawn from the graph's nodes, heaviest first.
  const { src, dst, weight, residual, inline } = t.edges;
  const drawn: number[] = [];
  for (let e = 0; e < t.edges.length; e++) if (t.alive[e] && id[src[e]] !== 0) drawn.push(e);
  drawn.sort(edgeOrder(t.edges, plan.names));
  const edges: GraphEdge[] = drawn.map((e) => {
    const w = weight[e];
    const weightText = fmt(w);
    const res = residual[e] === 1;
    return {
      from: id[src[e]],
      to: id[dst[e]],
      weight: w,
      weightText,
      residual: res,
      inline: inline[e] === 1,
      // Go's int64 arithmetic: w·100/total truncated (a diff's edge can exceed the total).
      dotWeight: total !== 0 ? 1 + Math.min(Math.abs(idiv(w * 100, total)), 100) : 1,
      penWidth: total !== 0 ? 1 + Math.min(Math.abs(idiv(w * 5, total)), 5) : 1,
      color: dotColor(w / scale, false),
      tooltip: `${plan.names[src[e]]} ${res ? '...' : '->'} ${plan.names[dst[e]]} (${weightText})`,
      spaced: nodes[id[src[e]] - 1].nodelets.length > 0,
    };
  });

  // reportLabels with full headers.
  const legend = profileLabels(p, input, fmt);
  if (o.blame) legend.push(ATTRIBUTION_HEADER);
  legend.push(...activeFilterLabels(activeFilters(o)));
  legend.push(`Showing nodes accounting for ${fmt(flatSum)}, ${goPercentage(flatSum, total).trim()} of ${fmt(total)} total`);
  if (total !== 0) {
    if (t.droppedNodes > 0) legend.push(dropped(t.droppedNodes, 'node', 'cum', fmt(Math.abs(Math.trunc(total * nodeFraction)))));
    if (t.droppedEdges > 0) legend.push(dropped(t.droppedEdges, 'edge', 'freq', fmt(Math.abs(Math.trunc(total * edgeFraction)))));
    if (nodes.length > 0 && nodes.length < t.origCount) legend.push(`Showing top ${nodes.length} nodes out of ${t.origCount}`);
  }
  legend.push(READ_THE_GRAPH);

  const file = p.mappings.length > 0 ? p.strings[p.mappings.filename[0]] : '';
  return {
    title: file !== '' ? baseName(file) : '',
    legend,
    sampleType,
    sampleUnit,
    outputUnit,
    total,
    nodes,
    edges,
    flatSum,
    droppedNodes: t.droppedNodes,
    droppedEdges: t.droppedEdges,
    origCount: t.origCount,
    warnings: [...input.values.warnings],
  };
}

/** genLabel: "Dropped 3 nodes (cum <= 0.44MB)". */
function dropped(d: number, what: string, kind: string, cutoff: string): string {
  return `Dropped ${d} ${d > 1 ? `${what}s` : what} (${kind} <= ${cutoff})`;
}
