// What the page's graph view draws, computed where the profiles live (the
// worker): go tool pprof's -dot call graph of the chosen comparison
// (graph.ts), laid out (layout.ts), with what the page shows on hover —
// each node's flat and cum in the base and in the current profile alone,
// and the change of its cum in per cent.
//
// The query is the heap table's (core/report ReportQuery: mode, sample
// type, granularity, filters, blame…), so the two views answer the same
// question; only -nodecount (80 by default, as -dot), -nodefraction and
// -edgefraction differ (their defaults: core/report options.ts). Engines
// come from the ReportEngines the table's TopViews is, so switching between
// the views computes nothing twice. The last view per pair is kept: the DOT
// download of what is on screen rebuilds nothing.

import { formatValue } from '../format';
import type { Profile } from '../model';
import {
  deltaPercent,
  focusRegexp,
  formatDelta,
  PairCache,
  reportAnswer,
  reportOptions,
  sideValues,
  underField,
  type EngineOptions,
  type Granularity,
  type ReportAnswer,
  type ReportEngine,
  type ReportEngines,
  type ReportMode,
  type ReportQuery,
} from '../report';
import { buildGraph, formatDot, type CallGraph, type GraphNode, type TextBox } from '../graph';
import { layoutGraph, type GraphLayout } from './layout';

/** The table's query; -nodecount absent: 80, as go tool pprof -dot (0: every node). */
export type GraphQuery = ReportQuery;

/** A node's values in one profile alone. */
export interface GraphSide {
  flat: number;
  cum: number;
  flatText: string;
  cumText: string;
}

/** A box as laid out: centre, size, and its label lines as drawn, each cut to MAX_LINE_CHARS. */
export interface GraphViewBox {
  x: number;
  y: number;
  width: number;
  height: number;
  lines: string[];
  elided: boolean;
  fontSize: number;
}

/** pprof's node (graph.ts GraphNode: name, colours, flat and cum with their texts), laid out. */
export interface GraphViewNode extends GraphViewBox, Pick<GraphNode, 'name' | 'color' | 'fillColor' | 'flat' | 'cum' | 'flatText' | 'cumText' | 'flatPercent' | 'cumPercent'> {
  /** DOT number: the box is "N{id}". 0 is pprof's N0 (a node whose values cancel out; only edges name it; its name is ""). */
  id: number;
  /** A Go regexp that focuses on (or hides) this node; null when it has no name or file. */
  focus: string | null;
  /** The node in each profile alone (null without two comparable profiles). */
  base: GraphSide | null;
  current: GraphSide | null;
  /** (current − base) / |base| of cum, in per cent; ±Infinity for new; null without sides or both 0. */
  delta: number | null;
  deltaText: string;
}

export interface GraphViewNodelet extends GraphViewBox {
  id: string;
  parent: string;
  weightText: string;
  dotted: boolean;
}

export interface GraphViewEdge {
  /** DOT ids of the ends ("N3", "NN3_0" for a nodelet). */
  from: string;
  to: string;
  /** Not a call: a node's tag (nodelet). */
  tag: boolean;
  weight: number;
  weightText: string;
  residual: boolean;
  inline: boolean;
  /** 1–6, from |weight| / total. */
  penWidth: number;
  color: string;
  /** "caller -> callee (1MB)". */
  tooltip: string;
  /** The route, x and y of each point in turn (layout.ts), and the same drawn: the path and its arrowhead. */
  points: number[];
  path: string;
  arrow: string;
  labelX: number;
  labelY: number;
  labelLines: string[];
  labelWidth: number;
  labelHeight: number;
}

export interface GraphView {
  mode: ReportMode;
  modes: ReportMode[];
  normalize: boolean;
  blame: boolean;
  sampleTypes: { type: string; unit: string }[];
  sampleIndex: number;
  sampleType: string;
  sampleUnit: string;
  granularity: Granularity;
  /** The picture's size. */
  width: number;
  height: number;
  /** pprof's legend box: File, Type, Time, Showing nodes…, Dropped… */
  legend: { x: number; y: number; width: number; height: number; lines: string[]; fontSize: number };
  nodes: GraphViewNode[];
  nodelets: GraphViewNodelet[];
  /** Calls in pprof's order (heaviest first), then the nodelets' edges. */
  edges: GraphViewEdge[];
  /** Denominator of every percentage. */
  total: number;
  totalText: string;
  /** Every value's unit (pprof's "minimum"). */
  unit: string;
  sides: boolean;
  nodeCount: number;
  nodeFraction: number;
  edgeFraction: number;
  /** Nodes after the node fraction, before the node count. */
  origCount: number;
  droppedNodes: number;
  droppedEdges: number;
  warnings: string[];
  /** Time spent in the worker building the graph and laying it out. */
  buildMs: number;
  layoutMs: number;
}

export type GraphViewResult = ReportAnswer<GraphView>;

interface Built {
  key: string;
  graph: CallGraph;
  view: GraphView;
}

/** A node's flat and cum in each profile alone, in the order of the graph's nodes. */
interface Sides {
  base: { flat: Float64Array; cum: Float64Array };
  current: { flat: Float64Array; cum: Float64Array };
}

export class GraphViews {
  private readonly last = new PairCache<Built>();

  /** `engines`: the table's TopViews, to share its engines; `now`: a clock in ms (the worker passes performance.now; src/core has only Date). */
  constructor(
    private readonly engines: ReportEngines,
    private readonly now: () => number = Date.now,
  ) {}

  /** The graph the page draws. Throws ReportQueryError for a query pprof would refuse. */
  view(current: Profile, base: Profile | null, query: GraphQuery): GraphView {
    return this.built(current, base, query).view;
  }

  /** The same graph as go tool pprof -dot writes it. */
  dot(current: Profile, base: Profile | null, query: GraphQuery): string {
    return formatDot(this.built(current, base, query).graph);
  }

  private built(current: Profile, base: Profile | null, query: GraphQuery): Built {
    const report = this.engines.report(current, base, query);
    const { engine } = report;
    const options = graphOptions(engine.profile, query);
    const key = JSON.stringify([report.mode, report.normalize, options]);
    const cached = this.last.get(current, base);
    if (cached && cached.key === key) return cached;

    const started = this.now();
    const graph = underField(() => buildGraph(engine, options));
    const built = this.now();
    const layout = layoutGraph(graph);
    const laidOut = this.now();
    const sides = base !== null && report.compatible ? this.sides(current, base, report.normalize, engine, options, graph) : null;
    const view: GraphView = {
      mode: report.mode,
      modes: report.modes,
      normalize: report.normalize,
      ...summary(engine, options, graph, layout),
      nodes: viewNodes(engine, options, graph, layout, sides),
      nodelets: layout.nodelets.map((x) => ({ id: x.id, parent: x.parent, ...viewBox(x), weightText: x.weightText, dotted: x.dotted })),
      edges: viewEdges(graph, layout),
      sides: sides !== null,
      buildMs: built - started,
      layoutMs: laidOut - built,
    };
    const result = { key, graph, view };
    this.last.set(current, base, result);
    return result;
  }

  /** The graph's nodes in the base and in the current profile alone. */
  private sides(current: Profile, base: Profile, normalize: boolean, engine: ReportEngine, options: EngineOptions, graph: CallGraph): Sides {
    const sprint = engine.graphInput(options).nodes.sprint;
    const keys = graph.nodes.map((n) => sprint[n.node]);
    const engines = this.engines.sides(current, base, normalize);
    return { base: sideValues(engines.base, options, keys), current: sideValues(engines.current, options, keys) };
  }
}

/** The view's fields that describe the whole graph: its options, size, legend, totals and what was dropped. */
function summary(engine: ReportEngine, options: EngineOptions, graph: CallGraph, layout: GraphLayout) {
  const p = engine.profile;
  const fmt = (v: number) => formatValue(v, graph.sampleUnit, graph.outputUnit);
  const { legend } = layout;
  return {
    blame: options.blame === true,
    sampleTypes: p.sampleTypes.map((s) => ({ type: p.strings[s.type], unit: p.strings[s.unit] })),
    sampleIndex: options.sampleIndex,
    sampleType: graph.sampleType,
    sampleUnit: graph.sampleUnit,
    granularity: options.granularity ?? 'functions',
    width: layout.width,
    height: layout.height,
    legend: { x: legend.x, y: legend.y, width: legend.box.width, height: legend.box.height, lines: legend.box.lines, fontSize: legend.box.fontSize },
    total: graph.total,
    totalText: fmt(graph.total),
    unit: graph.outputUnit,
    nodeCount: options.nodeCount!,
    nodeFraction: options.nodeFraction!,
    edgeFraction: options.edgeFraction!,
    origCount: graph.origCount,
    droppedNodes: graph.droppedNodes,
    droppedEdges: graph.droppedEdges,
    warnings: graph.warnings,
  };
}

/** pprof's nodes, laid out, with each one's focus regexp and sides; a box pprof only names in edges (N0) gets blank values. */
function viewNodes(engine: ReportEngine, options: EngineOptions, graph: CallGraph, layout: GraphLayout, sides: Sides | null): GraphViewNode[] {
  const info = engine.graphInput(options).nodes.info;
  const fmt = (v: number) => formatValue(v, graph.sampleUnit, graph.outputUnit);
  const side = (s: Sides['base'] | undefined, k: number): GraphSide | null => (s ? { flat: s.flat[k], cum: s.cum[k], flatText: fmt(s.flat[k]), cumText: fmt(s.cum[k]) } : null);
  const byId = new Map(graph.nodes.map((n, k) => [n.id, k]));
  return layout.nodes.map((l) => {
    const k = byId.get(l.id);
    const box = viewBox(l);
    if (k === undefined) {
      return { id: l.id, name: '', focus: null, ...box, color: '#000000', fillColor: '#f8f8f8', flat: 0, cum: 0, flatText: '', cumText: '', flatPercent: '', cumPercent: '', base: null, current: null, delta: null, deltaText: '' };
    }
    const n = graph.nodes[k];
    const b = side(sides?.base, k);
    const c = side(sides?.current, k);
    const delta = b && c ? deltaPercent(b.cum, c.cum) : null;
    const { name, color, fillColor, flat, cum, flatText, cumText, flatPercent, cumPercent } = n;
    return { id: n.id, name, focus: focusRegexp(info[n.node], options.granularity), ...box, color, fillColor, flat, cum, flatText, cumText, flatPercent, cumPercent, base: b, current: c, delta, deltaText: formatDelta(delta) };
  });
}

/** The calls, laid out, then the nodelets' edges (a node's tags). */
function viewEdges(graph: CallGraph, layout: GraphLayout): GraphViewEdge[] {
  return layout.edges.map((l) => {
    const e = l.edge >= 0 ? graph.edges[l.edge] : null;
    const shape = { points: l.points, path: l.path, arrow: l.arrow, labelX: l.labelX, labelY: l.labelY, labelLines: l.label.lines, labelWidth: l.label.width, labelHeight: l.label.height };
    if (!e) {
      const x = layout.nodelets.find((t) => t.id === l.to);
      return { from: l.from, to: l.to, tag: true, weight: 0, weightText: x?.weightText ?? '', residual: x?.dotted ?? false, inline: false, penWidth: 1, color: '#000000', tooltip: x?.weightText ?? '', ...shape };
    }
    return { from: l.from, to: l.to, tag: false, weight: e.weight, weightText: e.weightText, residual: e.residual, inline: e.inline, penWidth: e.penWidth, color: graph.total !== 0 ? e.color : '#000000', tooltip: e.tooltip, ...shape };
  });
}

/** A laid-out box (layout.ts) as the view sends it. */
function viewBox(l: { x: number; y: number; box: TextBox }): GraphViewBox {
  return { x: l.x, y: l.y, width: l.box.width, height: l.box.height, lines: l.box.lines, elided: l.box.elided, fontSize: l.box.fontSize };
}

/** The engine options of a graph query: the table's, with -dot's defaults (core/report options.ts), or ReportQueryError. */
export function graphOptions(profile: Profile, query: GraphQuery): EngineOptions {
  return reportOptions(profile, query, 'graph');
}

/** A view, or why the query cannot be answered (for the worker's answer). */
export function graphViewResult(views: GraphViews, current: Profile, base: Profile | null, query: GraphQuery): GraphViewResult {
  return reportAnswer(() => views.view(current, base, query));
}
