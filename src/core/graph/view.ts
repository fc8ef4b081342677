// What the page's graph view draws, computed where the profiles live (the
// worker): go tool pprof's -dot call graph of the chosen comparison
// (graph.ts), laid out (layout.ts), with what the page shows on hover —
// each node's flat and cum in the base and in the current profile alone,
// and the change of its cum in per cent.
//
// The query is the heap table's (core/top/view.ts TopReportQuery: mode,
// sample type, granularity, filters, blame…), so the two views answer the
// same question; only -nodecount (80 by default, as -dot), -nodefraction
// and -edgefraction differ. Engines come from the table's TopViews, so
// switching between the views computes nothing twice. The last view per
// pair is kept: the DOT download of what is on screen rebuilds nothing.

import { FilterError } from '../filter';
import { formatValue } from '../format/values';
import type { Profile } from '../model/profile';
import type { TopEngine, TopOptions } from '../top/engine';
import type { Granularity } from '../top/nodes';
import { deltaPercent, formatDelta, quoteMeta, reportOptions, TopQueryError, type TopField, type TopMode, type TopReportQuery, type TopViews } from '../top/view';
import { formatDot } from './dot';
import { buildGraph, DOT_NODE_COUNT, type CallGraph, type GraphNode } from './graph';
import { layoutGraph } from './layout';
import { DEFAULT_EDGE_FRACTION, DEFAULT_NODE_FRACTION, type TextBox } from './look';

export { DEFAULT_EDGE_FRACTION, DEFAULT_NODE_FRACTION } from './look';

export interface GraphQuery extends TopReportQuery {
  /** -nodecount; absent: 80, as go tool pprof -dot. 0: every node. */
  nodeCount?: number;
  /** -nodefraction (default 0.005) and -edgefraction (default 0.001). */
  nodeFraction?: number;
  edgeFraction?: number;
}

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
  mode: TopMode;
  modes: TopMode[];
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

export type GraphViewResult = { ok: true; view: GraphView } | { ok: false; field: TopField | null; message: string };

const NO_BASE: object = {};
const FILTER_FIELD = /^parsing (focus|ignore|hide|show|show_from|tagfocus|tagignore) regexp: /;

interface Built {
  key: string;
  graph: CallGraph;
  view: GraphView;
}

export class GraphViews {
  private readonly last = new WeakMap<Profile, WeakMap<object, Built>>();

  /** `now`: a clock in ms (the worker passes performance.now; src/core has only Date). */
  constructor(
    private readonly top: TopViews,
    private readonly now: () => number = Date.now,
  ) {}

  /** The graph the page draws. Throws TopQueryError for a query pprof would refuse. */
  view(current: Profile, base: Profile | null, query: GraphQuery): GraphView {
    return this.built(current, base, query).view;
  }

  /** The same graph as go tool pprof -dot writes it. */
  dot(current: Profile, base: Profile | null, query: GraphQuery): string {
    return formatDot(this.built(current, base, query).graph);
  }

  private built(current: Profile, base: Profile | null, query: GraphQuery): Built {
    const { mode, modes, compatible, normalize, engine } = this.top.report(current, base, query);
    const options = graphOptions(engine.profile, query);
    const key = JSON.stringify([mode, normalize, options]);
    let byBase = this.last.get(current);
    if (!byBase) this.last.set(current, (byBase = new WeakMap()));
    const cached = byBase.get(base ?? NO_BASE);
    if (cached && cached.key === key) return cached;

    const started = this.now();
    let graph: CallGraph;
    try {
      graph = buildGraph(engine, options);
    } catch (e) {
      if (e instanceof FilterError) {
        const m = FILTER_FIELD.exec(e.message);
        throw new TopQueryError(m ? (m[1] as TopField) : null, e.message);
      }
      throw e;
    }
    const gi = engine.graphInput(options);
    const info = gi.nodes.info;
    const keys = graph.nodes.map((n) => gi.nodes.sprint[n.node]);
    const focus = graph.nodes.map((n) => {
      const i = info[n.node];
      if (options.granularity === 'files') return i.file ? `${quoteMeta(i.file)}$` : null;
      return i.name ? `^${quoteMeta(i.name)}$` : null;
    });
    const built = this.now();
    const layout = layoutGraph(graph);
    const laidOut = this.now();

    const fmt = (v: number) => formatValue(v, graph.sampleUnit, graph.outputUnit);
    const sides = base !== null && compatible;
    let baseSide: Side | null = null;
    let currentSide: Side | null = null;
    if (sides) {
      const engines = this.top.sides(current, base, normalize);
      baseSide = sideValues(engines.base, options, keys);
      currentSide = sideValues(engines.current, options, keys);
    }
    const side = (s: Side | null, k: number): GraphSide | null => (s ? { flat: s.flat[k], cum: s.cum[k], flatText: fmt(s.flat[k]), cumText: fmt(s.cum[k]) } : null);

    const byId = new Map(graph.nodes.map((n, k) => [n.id, k]));
    const nodes: GraphViewNode[] = layout.nodes.map((l) => {
      const k = byId.get(l.id);
      const box = viewBox(l);
      if (k === undefined) {
        return { id: l.id, name: '', focus: null, ...box, color: '#000000', fillColor: '#f8f8f8', flat: 0, cum: 0, flatText: '', cumText: '', flatPercent: '', cumPercent: '', base: null, current: null, delta: null, deltaText: '' };
      }
      const n = graph.nodes[k];
      const b = side(baseSide, k);
      const c = side(currentSide, k);
      const delta = b && c ? deltaPercent(b.cum, c.cum) : null;
      return {
        id: n.id,
        name: n.name,
        focus: focus[k],
        ...box,
        color: n.color,
        fillColor: n.fillColor,
        flat: n.flat,
        cum: n.cum,
        flatText: n.flatText,
        cumText: n.cumText,
        flatPercent: n.flatPercent,
        cumPercent: n.cumPercent,
        base: b,
        current: c,
        delta,
        deltaText: formatDelta(delta),
      };
    });
    const nodelets: GraphViewNodelet[] = layout.nodelets.map((x) => ({ id: x.id, parent: x.parent, ...viewBox(x), weightText: x.weightText, dotted: x.dotted }));
    const edges: GraphViewEdge[] = layout.edges.map((l) => {
      const e = l.edge >= 0 ? graph.edges[l.edge] : null;
      const shape = { points: l.points, path: l.path, arrow: l.arrow, labelX: l.labelX, labelY: l.labelY, labelLines: l.label.lines, labelWidth: l.label.width, labelHeight: l.label.height };
      if (!e) {
        const x = layout.nodelets.find((t) => t.id === l.to);
        return { from: l.from, to: l.to, tag: true, weight: 0, weightText: x?.weightText ?? '', residual: x?.dotted ?? false, inline: false, penWidth: 1, color: '#000000', tooltip: x?.weightText ?? '', ...shape };
      }
      return { from: l.from, to: l.to, tag: false, weight: e.weight, weightText: e.weightText, residual: e.residual, inline: e.inline, penWidth: e.penWidth, color: graph.total !== 0 ? e.color : '#000000', tooltip: e.tooltip, ...shape };
    });
    const p = engine.profile;
    const view: GraphView = {
      mode,
      modes,
      normalize,
      blame: options.blame === true,
      sampleTypes: p.sampleTypes.map((s) => ({ type: p.strings[s.type], unit: p.strings[s.unit] })),
      sampleIndex: options.sampleIndex,
      sampleType: graph.sampleType,
      sampleUnit: graph.sampleUnit,
      granularity: options.granularity ?? 'functions',
      width: layout.width,
      height: layout.height,
      legend: { x: layout.legend.x, y: layout.legend.y, width: layout.legend.box.width, height: layout.legend.box.height, lines: layout.legend.box.lines, fontSize: layout.legend.box.fontSize },
      nodes,
      nodelets,
      edges,
      total: graph.total,
      totalText: fmt(graph.total),
      unit: graph.outputUnit,
      sides,
      nodeCount: options.nodeCount ?? DOT_NODE_COUNT,
      nodeFraction: options.nodeFraction ?? DEFAULT_NODE_FRACTION,
      edgeFraction: options.edgeFraction ?? DEFAULT_EDGE_FRACTION,
      origCount: graph.origCount,
      droppedNodes: graph.droppedNodes,
      droppedEdges: graph.droppedEdges,
      warnings: graph.warnings,
      buildMs: built - started,
      layoutMs: laidOut - built,
    };
    const result = { key, graph, view };
    byBase.set(base ?? NO_BASE, result);
    return result;
  }
}

/** A laid-out box (layout.ts) as the view sends it. */
function viewBox(l: { x: number; y: number; box: TextBox }): GraphViewBox {
  return { x: l.x, y: l.y, width: l.box.width, height: l.box.height, lines: l.box.lines, elided: l.box.elided, fontSize: l.box.fontSize };
}

/** The TopEngine options of a graph query (the table's, with -dot's node count), or TopQueryError. */
export function graphOptions(profile: Profile, query: GraphQuery): TopOptions {
  for (const [name, v] of [
    ['nodefraction', query.nodeFraction],
    ['edgefraction', query.edgeFraction],
  ] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v >= 0 && v <= 1)) throw new TopQueryError(null, `${name} must be a number from 0 to 1, not ${v}`);
  }
  return {
    ...reportOptions(profile, query, DOT_NODE_COUNT),
    nodeFraction: query.nodeFraction ?? DEFAULT_NODE_FRACTION,
    edgeFraction: query.edgeFraction ?? DEFAULT_EDGE_FRACTION,
  };
}

interface Side {
  flat: Float64Array;
  cum: Float64Array;
}

/** Flat and cum, in one profile alone, of the nodes with these keys (pprof's node key, fmt.Sprint(NodeInfo)). */
function sideValues(e: TopEngine, options: TopOptions, keys: string[]): Side {
  const s = e.graphInput(options);
  const index = new Map<string, number>();
  keys.forEach((k, i) => index.set(k, i));
  const flat = new Float64Array(keys.length);
  const cum = new Float64Array(keys.length);
  const sprint = s.nodes.sprint;
  for (let n = 0; n < sprint.length; n++) {
    const k = index.get(sprint[n]);
    if (k !== undefined) {
      flat[k] = s.flat[n];
      cum[k] = s.cum[n];
    }
  }
  return { flat, cum };
}

/** A view, or why the query cannot be answered (for the worker's answer). */
export function graphViewResult(views: GraphViews, current: Profile, base: Profile | null, query: GraphQuery): GraphViewResult {
  try {
    return { ok: true, view: views.view(current, base, query) };
  } catch (e) {
    if (e instanceof TopQueryError) return { ok: false, field: e.field, message: e.message };
    throw e;
  }
}
