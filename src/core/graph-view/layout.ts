// Where the call graph's boxes and arrows go: what Graphviz's `dot` does for
// go tool pprof -dot, done in the worker by a layered-graph layout library,
// so the page only draws. Pure: no DOM, so text is never measured — a box's
// size comes from its lines' characters and the font size (core/graph look.ts).
//
// Why @dagrejs/dagre (not elkjs), and the measurements: docs/decisions/0001-graph-layout-dagre.md.
//
//   layoutGraph(graph)  the whole picture: nodes, nodelets, edges with
//                       their path, arrowhead and label, the legend
//   core/graph look.ts  the size estimate, the label cut, the font (no
//                       layout library: the page imports it)
//
// Coordinates are SVG user units (px), y down, origin at the top left of the
// picture; node x/y are box centres.

import { Graph, layout as dagreLayout } from '@dagrejs/dagre';
import { EDGE_FONT_SIZE, LEGEND_FONT_SIZE, MAX_LEGEND_CHARS, MAX_LINE_CHARS, NODELET_FONT_SIZE, nodeLabelLines, READ_THE_GRAPH, textBox, wrapLine, type CallGraph, type TextBox } from '../graph';

export interface LaidNode {
  /** The node's DOT number (GraphNode.id); 0 is pprof's "N0", the node whose values cancel out. */
  id: number;
  x: number;
  y: number;
  box: TextBox;
}

export interface LaidNodelet {
  /** Its DOT id ("NN2_0"). */
  id: string;
  /** DOT id of what it hangs from ("N2", or a label nodelet). */
  parent: string;
  x: number;
  y: number;
  box: TextBox;
  dotted: boolean;
  weightText: string;
}

export interface LaidEdge {
  /** Index into graph.edges; -1 for the edge from a node to its nodelet. */
  edge: number;
  /** DOT ids of the ends ("N3", "NN3_0"). */
  from: string;
  to: string;
  /** dagre's route: x, y of each point in turn, from the caller's border to the callee's. */
  points: number[];
  /** SVG path data of the edge (a B-spline through the points), ending where the arrowhead starts. */
  path: string;
  /** SVG path data of the arrowhead (a closed triangle at the target's border). */
  arrow: string;
  /** Centre of the label. */
  labelX: number;
  labelY: number;
  label: TextBox;
}

export interface GraphLayout {
  width: number;
  height: number;
  legend: { x: number; y: number; box: TextBox };
  nodes: LaidNode[];
  nodelets: LaidNodelet[];
  edges: LaidEdge[];
}

export interface LayoutOptions {
  /** Space between boxes in a rank, and between ranks (px). */
  nodeSep?: number;
  rankSep?: number;
  /**
   * 'after' (default): edge labels are placed once the layout is done,
   * beside the edge between two ranks, clear of boxes and other labels
   * where there is room. 'layout': dagre lays them out as nodes of their
   * own: no label can overlap, and the picture is ~1.5× wider.
   */
  labels?: 'after' | 'layout';
}

const MARGIN = 8;
/** Between the ports of edges on a box's side (routeEdges). */
const PORT_GAP = 12;
const LEGEND_GAP = 16;

/** Lays out a CallGraph as pprof's -dot draws it: callers above callees, the legend box at the top left. */
export function layoutGraph(graph: CallGraph, options: LayoutOptions = {}): GraphLayout {
  const legendLines = graph.legend.filter((l) => l !== READ_THE_GRAPH).flatMap((l) => l.split('\n')).flatMap((l) => wrapLine(l, MAX_LEGEND_CHARS));
  const legendBox = textBox(legendLines, LEGEND_FONT_SIZE, MAX_LEGEND_CHARS, 8, 6);
  const g = new Graph({ multigraph: true });
  const labelsInLayout = options.labels === 'layout';
  // dagre doubles every minlen and halves ranksep, so that each edge's
  // label can have a rank of its own between two boxes. Labels placed
  // afterwards need none: halving both first keeps the same ranks and
  // spacing with half the ranks of dummy nodes, and dagre runs twice as
  // fast. Edges between adjacent ranks then have no dummy for dagre to
  // route them through (markUnrouted, routeEdges).
  const halved = !labelsInLayout;
  const rankSep = options.rankSep ?? (labelsInLayout ? 36 : 56);
  g.setGraph({ rankdir: 'TB', nodesep: options.nodeSep ?? 20, ranksep: halved ? 2 * rankSep : rankSep, edgesep: 12, marginx: MARGIN, marginy: MARGIN });
  g.setDefaultEdgeLabel(() => ({}));

  const nodeBoxes = new Map<string, { id: number; box: TextBox }>();
  for (const n of graph.nodes) {
    const box = textBox(nodeLabelLines(n), n.fontSize);
    nodeBoxes.set(`N${n.id}`, { id: n.id, box });
    g.setNode(`N${n.id}`, { width: box.width, height: box.height });
  }
  // An edge to a node that is not drawn (pprof's "N0"): dot makes a plain node of its name.
  const implicit = (key: string) => {
    if (nodeBoxes.has(key) || !/^N\d+$/.test(key)) return;
    const box = textBox([key], 10);
    nodeBoxes.set(key, { id: Number(key.slice(1)), box });
    g.setNode(key, { width: box.width, height: box.height });
  };

  const nodeletBoxes = new Map<string, LaidNodelet>();
  const links: { name: string; edge: number; from: string; to: string; label: TextBox }[] = [];
  for (const n of graph.nodes) {
    for (const x of n.nodelets) {
      const box = textBox(x.lines, NODELET_FONT_SIZE, MAX_LINE_CHARS, 6, 3);
      nodeletBoxes.set(x.id, { id: x.id, parent: x.parent, x: 0, y: 0, box, dotted: x.dotted, weightText: x.weightText });
      g.setNode(x.id, { width: box.width + 3, height: box.height + 3 });
      links.push({ name: `t${links.length}`, edge: -1, from: x.parent, to: x.id, label: textBox([x.weightText], EDGE_FONT_SIZE, MAX_LINE_CHARS, 2, 1) });
    }
  }
  graph.edges.forEach((e, i) => {
    const from = `N${e.from}`;
    const to = `N${e.to}`;
    implicit(from);
    implicit(to);
    links.push({ name: `e${i}`, edge: i, from, to, label: textBox(e.inline ? [e.weightText, '(inline)'] : [e.weightText], EDGE_FONT_SIZE, MAX_LINE_CHARS, 2, 1) });
  });
  for (const l of links) {
    const e = l.edge >= 0 ? graph.edges[l.edge] : null;
    g.setEdge(
      l.from,
      l.to,
      {
        // dot's weight (1–101: heavier edges are kept shorter and straighter) and minlen.
        weight: e ? e.dotWeight : 100,
        minlen: (e?.spaced ? 2 : 1) / (halved ? 2 : 1),
        ...(labelsInLayout ? { width: l.label.width, height: l.label.height, labelpos: 'r' as const, labeloffset: 4 } : {}),
      },
      l.name,
    );
  }

  const short = new Set<string>();
  dagreLayout(g, {
    customOrder: (lg: Graph) => {
      if (halved) markUnrouted(lg, short);
      orderLayers(lg);
    },
  });

  const top = legendBox.height + LEGEND_GAP;
  const nodes: LaidNode[] = [];
  for (const [key, { id, box }] of nodeBoxes) {
    const p = g.node(key);
    nodes.push({ id, x: round(p.x!), y: round(p.y! + top), box });
  }
  const nodelets: LaidNodelet[] = [];
  for (const [key, x] of nodeletBoxes) {
    const p = g.node(key);
    nodelets.push({ ...x, x: round(p.x!), y: round(p.y! + top) });
  }
  const routes = halved ? routeEdges(g, links, short) : new Map<string, Point[]>();
  const boxes: Rect[] = [...nodes, ...nodelets].map((n) => ({ x: n.x - n.box.width / 2, y: n.y - n.box.height / 2, w: n.box.width, h: n.box.height }));
  const placed: Rect[] = [];
  let right = 0;
  const edges: LaidEdge[] = links.map((l) => {
    const d = g.edge(l.from, l.to, l.name);
    const route: Point[] = routes.get(l.name) ?? d.points ?? [];
    const pts = route.map((p: Point) => ({ x: p.x, y: p.y + top }));
    const width = l.edge >= 0 ? graph.edges[l.edge].penWidth : 1;
    const { path, arrow } = edgeShape(pts, width);
    const at = labelsInLayout ? { x: d.x ?? 0, y: (d.y ?? 0) + top } : placeLabel(pts, l.label, boxes, placed);
    right = Math.max(right, at.x + l.label.width / 2);
    return { edge: l.edge, from: l.from, to: l.to, points: pts.flatMap((p: Point) => [round(p.x), round(p.y)]), path, arrow, labelX: round(at.x), labelY: round(at.y), label: l.label };
  });
  const info = g.graph();
  const width = Math.ceil(Math.max(info.width ?? 0, legendBox.width + 2 * MARGIN, right + MARGIN));
  const height = Math.ceil((info.height ?? 0) + top);
  return { width, height, legend: { x: MARGIN, y: MARGIN, box: legendBox }, nodes, nodelets, edges };
}

/**
 * The edges dagre will not route: between real nodes of adjacent ranks
 * (after normalisation, the only edges between two real nodes). dagre's
 * last steps expect each edge to have points — it put one per dummy node —
 * so each gets a placeholder point, far from every box; the route drawn is
 * routeEdges'. Their names go in `names` (an edge dagre reversed to break a
 * cycle keeps its own as forwardName).
 */
function markUnrouted(lg: Graph, names: Set<string>): void {
  for (const e of lg.edges()) {
    if ((lg.node(e.v) as { dummy?: string }).dummy || (lg.node(e.w) as { dummy?: string }).dummy) continue;
    const label = lg.edge(e) as { points?: Point[]; forwardName?: string };
    label.points = [{ x: -1e6, y: -1e6 }];
    names.add(label.forwardName ?? e.name!);
  }
}

/**
 * The routes drawn, from dagre's. Every edge leaves and enters a box
 * through the top or bottom side — at its port — with a vertical stub to
 * the gap between that rank and the next, so only the gaps (and dagre's
 * dummy nodes, placed between the boxes of a rank) are crossed at a slant:
 * no box of either rank is in the way. Between the stubs the route goes
 * through dagre's dummy nodes (none for an edge between adjacent ranks,
 * which dagre leaves unrouted). A port is where the line from the box's
 * centre to the next point of the route crosses the side (edges fan out
 * as dot's do); the ports of a side are kept in the order of those next
 * points, at least PORT_GAP apart, so edges do not cross at a box, and
 * calls both ways between the same two boxes (recursion through a
 * closure) run side by side.
 */
function routeEdges(g: Graph, links: readonly { name: string; from: string; to: string }[], short: ReadonlySet<string>): Map<string, Point[]> {
  interface Port {
    name: string;
    /** Where the route is on the next rank's centre line (the order of the ports), and where the port would be alone. */
    toward: number;
    x: number;
  }
  interface End {
    box: { x: number; y: number; w: number; h: number };
    /** The stub's end: the edge of the rank's band on that side. */
    stubY: number;
    port: Port;
  }
  const boxOf = (v: string) => {
    const n = g.node(v);
    return { x: n.x!, y: n.y!, w: n.width!, h: n.height! };
  };
  // Half the tallest box of each rank (dagre centres a rank's boxes on one y).
  const rankHalf = new Map<number, number>();
  for (const v of g.nodes()) {
    const n = g.node(v);
    rankHalf.set(n.y!, Math.max(rankHalf.get(n.y!) ?? 0, n.height! / 2));
  }
  const sides = new Map<string, Port[]>();
  /** The end at box v of an edge whose route goes on toward `aim`; `toward` is where it is on the next rank's centre line. */
  const end = (v: string, name: string, aim: Point, toward: number): End => {
    const box = boxOf(v);
    const below = aim.y > box.y;
    const half = rankHalf.get(box.y) ?? box.h / 2;
    const port: Port = { name, toward, x: box.x + ((aim.x - box.x) * (box.h / 2)) / Math.max(Math.abs(aim.y - box.y), 1) };
    const key = `${v}\0${below ? 'bottom' : 'top'}`;
    const list = sides.get(key) ?? [];
    list.push(port);
    sides.set(key, list);
    return { box, stubY: below ? box.y + half : box.y - half, port };
  };
  const laid = links.map((l) => {
    const from = boxOf(l.from);
    const to = boxOf(l.to);
    // dagre's points are the two intersections with the boxes and a point per dummy node between.
    const inner: Point[] = short.has(l.name) ? [] : (g.edge(l.from, l.to, l.name).points ?? []).slice(1, -1);
    if (inner.length > 0) {
      const first = inner[0];
      const last = inner[inner.length - 1];
      return { l, inner, a: end(l.from, l.name, first, first.x), b: end(l.to, l.name, last, last.x) };
    }
    // Between adjacent ranks: toward the middle of the gap.
    const upper = from.y <= to.y ? from : to;
    const lower = from.y <= to.y ? to : from;
    const mid = { x: (from.x + to.x) / 2, y: (upper.y + (rankHalf.get(upper.y) ?? 0) + lower.y - (rankHalf.get(lower.y) ?? 0)) / 2 };
    return { l, inner, a: end(l.from, l.name, mid, to.x), b: end(l.to, l.name, mid, from.x) };
  });
  for (const [key, ports] of sides) {
    const r = boxOf(key.slice(0, key.indexOf('\0')));
    const lo = r.x - r.w / 2 + 4;
    const hi = r.x + r.w / 2 - 4;
    ports.sort((p, q) => p.toward - q.toward || (p.name < q.name ? -1 : p.name > q.name ? 1 : 0));
    // In order and PORT_GAP apart, inside the side (squeezed when it is too narrow for them).
    const gap = ports.length > 1 ? Math.min(PORT_GAP, (hi - lo) / (ports.length - 1)) : 0;
    for (let i = 0; i < ports.length; i++) ports[i].x = Math.max(Math.min(ports[i].x, hi), lo, i > 0 ? ports[i - 1].x + gap : lo);
    for (let i = ports.length - 1; i >= 0; i--) ports[i].x = Math.min(ports[i].x, i + 1 < ports.length ? ports[i + 1].x - gap : hi);
  }
  const routes = new Map<string, Point[]>();
  for (const { l, inner, a, b } of laid) {
    const route: Point[] = [];
    // A stub is empty beside the rank's tallest box.
    for (const p of [
      { x: a.port.x, y: a.stubY > a.box.y ? a.box.y + a.box.h / 2 : a.box.y - a.box.h / 2 },
      { x: a.port.x, y: a.stubY },
      ...inner,
      { x: b.port.x, y: b.stubY },
      { x: b.port.x, y: b.stubY > b.box.y ? b.box.y + b.box.h / 2 : b.box.y - b.box.h / 2 },
    ]) {
      const q = route[route.length - 1];
      if (!q || Math.abs(q.x - p.x) + Math.abs(q.y - p.y) > 0.5) route.push(p);
    }
    routes.set(l.name, route);
  }
  return routes;
}

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * Where an edge's label goes when dagre did not place it: beside the edge
 * (right, else left; else above or below it), near the middle of its height, where it covers no box
 * and no label placed before it (heavier edges are placed first). Tried in
 * order: the segments nearest the middle — between two ranks, where there
 * are no boxes — at half their length, then nearer either end (LABEL_AT).
 * When no spot is free, the first one.
 */
function placeLabel(pts: Point[], label: TextBox, boxes: Rect[], placed: Rect[]): Point {
  if (pts.length < 2) return { x: 0, y: 0 };
  const middle = (pts[0].y + pts[pts.length - 1].y) / 2;
  const segments = Array.from({ length: pts.length - 1 }, (_, i) => i)
    .sort((i, j) => Math.abs((pts[i].y + pts[i + 1].y) / 2 - middle) - Math.abs((pts[j].y + pts[j + 1].y) / 2 - middle))
    .slice(0, LABEL_SEGMENTS);
  const gap = 4;
  let first: Rect | null = null;
  // Beside the edge first; above or below it where it runs flat between boxes far apart.
  for (const places of [BESIDE, OVER]) {
    for (const i of segments) {
      for (const t of LABEL_AT) {
        const mx = pts[i].x + (pts[i + 1].x - pts[i].x) * t;
        const my = pts[i].y + (pts[i + 1].y - pts[i].y) * t;
        for (const [dx, dy] of places) {
          const r = {
            x: dx > 0 ? mx + gap : dx < 0 ? mx - gap - label.width : mx - label.width / 2,
            y: dy > 0 ? my + gap : dy < 0 ? my - gap - label.height : my - label.height / 2,
            w: label.width,
            h: label.height,
          };
          first ??= r;
          if (r.x >= 0 && !boxes.some((b) => overlaps(r, b)) && !placed.some((p) => overlaps(r, p))) {
            placed.push(r);
            return { x: r.x + r.w / 2, y: r.y + r.h / 2 };
          }
        }
      }
    }
  }
  placed.push(first!);
  return { x: first!.x + first!.w / 2, y: first!.y + first!.h / 2 };
}

/** Segments of an edge tried for its label (the nearest its middle height), and where along each. */
const LABEL_SEGMENTS = 4;
const LABEL_AT = [0.5, 0.3, 0.7, 0.15, 0.85];
const BESIDE = [
  [1, 0],
  [-1, 0],
] as const;
const OVER = [
  [0, -1],
  [0, 1],
] as const;

const round = (v: number) => Math.round(v * 10) / 10;
const fmt = (v: number) => String(round(v));

interface Point {
  x: number;
  y: number;
}

/**
 * The edge through dagre's points as a B-spline (the curve dot and
 * dagre-d3 draw), stopped short of the last point by the arrowhead's length,
 * and the arrowhead: a triangle along the last segment.
 */
export function edgeShape(points: Point[], penWidth = 1): { path: string; arrow: string } {
  if (points.length < 2) return { path: '', arrow: '' };
  const last = points[points.length - 1];
  const prev = points[points.length - 2];
  const dx = last.x - prev.x;
  const dy = last.y - prev.y;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  const size = 7 + penWidth * 1.5;
  const half = 3 + penWidth * 0.8;
  const base = { x: last.x - ux * Math.min(size, len * 0.9), y: last.y - uy * Math.min(size, len * 0.9) };
  const arrow = `M${fmt(last.x)},${fmt(last.y)}L${fmt(base.x - uy * half)},${fmt(base.y + ux * half)}L${fmt(base.x + uy * half)},${fmt(base.y - ux * half)}Z`;
  const pts = [...points.slice(0, -1), base];
  return { path: basisPath(pts), arrow };
}

/**
 * A uniform cubic B-spline guided by the points, from the first to the
 * last (the curve d3's curveBasis draws, which dagre-d3 uses), as lines and
 * Bézier segments.
 */
function basisPath(p: Point[]): string {
  const at = (q: Point) => `${fmt(q.x)},${fmt(q.y)}`;
  let d = `M${at(p[0])}`;
  if (p.length === 2) return `${d}L${at(p[1])}`;
  const bezier = (a: Point, b: Point, c: Point) => {
    d += `C${at({ x: (2 * a.x + b.x) / 3, y: (2 * a.y + b.y) / 3 })} ${at({ x: (a.x + 2 * b.x) / 3, y: (a.y + 2 * b.y) / 3 })} ${at({ x: (a.x + 4 * b.x + c.x) / 6, y: (a.y + 4 * b.y + c.y) / 6 })}`;
  };
  d += `L${at({ x: (5 * p[0].x + p[1].x) / 6, y: (5 * p[0].y + p[1].y) / 6 })}`;
  for (let i = 2; i < p.length; i++) bezier(p[i - 2], p[i - 1], p[i]);
  const n = p.length - 1;
  bezier(p[n - 1], p[n], p[n]);
  return `${d}L${at(p[n])}`;
}

/** Sweeps of crossing reduction at most, and the number of sweeps without improvement that ends them (dagre's is 4). */
const MAX_SWEEPS = 24;
const PATIENCE = 4;

/**
 * Dagre's crossing reduction (its `order` step), as dagre does it —
 * a depth-first initial order, then barycenter sweeps down and up,
 * alternating the tie bias, keeping the order with the fewest weighted
 * crossings, until 4 sweeps bring no improvement — but over typed arrays
 * instead of a graph object per layer per sweep: on the large pair's
 * graph (1,700 dummy nodes in 88 layers) dagre's own step spends most of
 * its time allocating, and this one is ~10× faster for the same result.
 * Given to dagre through its `customOrder` hook; the graph has no
 * subgraphs, and its edges join adjacent layers (dagre has already split
 * long edges into chains of dummy nodes). Sets each node's `order`.
 */
export function orderLayers(g: Graph): void {
  const ids = g.nodes();
  const n = ids.length;
  const index = new Map<string, number>();
  ids.forEach((v, i) => index.set(v, i));
  const rank = new Int32Array(n);
  let maxRank = 0;
  for (let i = 0; i < n; i++) {
    rank[i] = (g.node(ids[i]) as { rank?: number }).rank ?? 0;
    if (rank[i] > maxRank) maxRank = rank[i];
  }
  // Edges from the upper layer to the lower one.
  const edges = g.edges();
  const top: number[] = [];
  const bottom: number[] = [];
  const weight: number[] = [];
  for (const e of edges) {
    let a = index.get(e.v)!;
    let b = index.get(e.w)!;
    if (rank[a] === rank[b]) continue;
    if (rank[a] > rank[b]) [a, b] = [b, a];
    top.push(a);
    bottom.push(b);
    weight.push((g.edge(e) as { weight?: number }).weight ?? 1);
  }
  const m = top.length;
  // Compressed adjacency: each node's edges up (to rank − 1) and down (to rank + 1).
  const adjacency = (from: number[], to: number[]) => {
    const start = new Int32Array(n + 1);
    for (let k = 0; k < m; k++) start[from[k] + 1]++;
    for (let i = 0; i < n; i++) start[i + 1] += start[i];
    const other = new Int32Array(m);
    const w = new Float64Array(m);
    const fill = start.slice(0, n);
    for (let k = 0; k < m; k++) {
      const at = fill[from[k]]++;
      other[at] = to[k];
      w[at] = weight[k];
    }
    return { start, other, w };
  };
  const down = adjacency(top, bottom);
  const up = adjacency(bottom, top);

  // dagre's initOrder: nodes by rank, each unvisited one's successors depth first, appended to their layer.
  const layers: number[][] = Array.from({ length: maxRank + 1 }, () => []);
  const seen = new Uint8Array(n);
  const byRank = Array.from({ length: n }, (_, i) => i).sort((a, b) => rank[a] - rank[b] || a - b);
  for (const s of byRank) {
    if (seen[s]) continue;
    const stack = [s];
    seen[s] = 1;
    while (stack.length > 0) {
      const v = stack.pop()!;
      layers[rank[v]].push(v);
      for (let k = down.start[v + 1] - 1; k >= down.start[v]; k--) {
        const u = down.other[k];
        if (!seen[u]) {
          seen[u] = 1;
          stack.push(u);
        }
      }
    }
  }
  const pos = new Float64Array(n);
  const place = () => {
    for (const layer of layers) layer.forEach((v, i) => (pos[v] = i));
  };
  place();

  let best = layers.map((l) => l.slice());
  let bestCrossings = crossings(layers, down, pos);
  const bary = new Float64Array(n);
  const has = new Uint8Array(n);
  for (let sweep = 0, since = 0; since < PATIENCE && sweep < MAX_SWEEPS; sweep++, since++) {
    // As dagre: odd sweeps go down (each layer by the one above), even ones up; the tie bias flips every two.
    const goingDown = sweep % 2 === 1;
    const biasRight = sweep % 4 >= 2;
    const adj = goingDown ? up : down;
    for (let step = 1; step <= maxRank; step++) {
      const r = goingDown ? step : maxRank - step;
      const layer = layers[r];
      for (const v of layer) {
        let sum = 0;
        let total = 0;
        for (let k = adj.start[v]; k < adj.start[v + 1]; k++) {
          sum += adj.w[k] * pos[adj.other[k]];
          total += adj.w[k];
        }
        has[v] = total > 0 ? 1 : 0;
        bary[v] = total > 0 ? sum / total : 0;
      }
      layers[r] = sortLayer(layer, bary, has, biasRight);
      layers[r].forEach((v, i) => (pos[v] = i));
    }
    const c = crossings(layers, down, pos);
    if (c < bestCrossings) {
      since = -1;
      bestCrossings = c;
      best = layers.map((l) => l.slice());
    }
  }
  for (const layer of best) layer.forEach((v, i) => ((g.node(ids[v]) as { order?: number }).order = i));
}

/**
 * dagre's sort: nodes with a barycenter sorted by it (ties by position,
 * reversed when biased right); the others keep their positions.
 */
function sortLayer(layer: number[], bary: Float64Array, has: Uint8Array, biasRight: boolean): number[] {
  const sortable: number[] = [];
  const fixed: number[] = [];
  const at = new Map<number, number>();
  layer.forEach((v, i) => {
    at.set(v, i);
    (has[v] ? sortable : fixed).push(v);
  });
  sortable.sort((a, b) => bary[a] - bary[b] || (biasRight ? at.get(b)! - at.get(a)! : at.get(a)! - at.get(b)!));
  const out: number[] = [];
  let f = 0;
  for (const v of sortable) {
    while (f < fixed.length && at.get(fixed[f])! <= out.length) out.push(fixed[f++]);
    out.push(v);
  }
  while (f < fixed.length) out.push(fixed[f++]);
  return out;
}

/** Weighted crossings between each pair of adjacent layers (Barth, Mutzel and Jünger's accumulator tree). */
function crossings(layers: number[][], down: { start: Int32Array; other: Int32Array; w: Float64Array }, pos: Float64Array): number {
  let total = 0;
  for (let r = 0; r + 1 < layers.length; r++) {
    const south = layers[r + 1].length;
    if (south < 2) continue;
    let size = 1;
    while (size < south) size <<= 1;
    const tree = new Float64Array(2 * size);
    // The upper layer's edges, by upper position then lower position.
    const list: { to: number; w: number }[] = [];
    for (const v of layers[r]) {
      const from = list.length;
      for (let k = down.start[v]; k < down.start[v + 1]; k++) list.push({ to: pos[down.other[k]], w: down.w[k] });
      if (list.length - from > 1) {
        const part = list.splice(from).sort((a, b) => a.to - b.to);
        list.push(...part);
      }
    }
    // Leaves at size − 1 …; a left child (odd index) adds its right sibling: the edges ending further right.
    for (const e of list) {
      let i = e.to + size - 1;
      tree[i] += e.w;
      let sum = 0;
      while (i > 0) {
        if (i % 2 === 1) sum += tree[i + 1];
        i = (i - 1) >> 1;
        tree[i] += e.w;
      }
      total += e.w * sum;
    }
  }
  return total;
}

