// The call graph ("what calls what, and how much"), built and drawn as
// go tool pprof -dot builds and draws it.
//
//   graph.ts       buildGraph: the plain-data CallGraph the worker sends the
//                  page (nodes, edges, nodelets, legend, with pprof's texts,
//                  font sizes and colours)
//   trim.ts        which nodes and edges are drawn: pprof's node/edge
//                  fractions, node count with entropy order, redundant edges
//   edges.ts       the edges among the kept nodes, residual and inline,
//                  from the engine's per-stack plan in one streaming pass
//   order.ts       pprof's entropy order of nodes, and its edge order
//   tags.ts        sample tags (object sizes, labels), once per profile
//   node-tags.ts   a node's tags with flat and cum values
//   nodelets.ts    which tags a node draws, and the size buckets
//   dot.ts         the DOT text, byte for byte
//   names.ts       how a name is split into the lines of its box
//   color.ts       pprof's red/grey/green scale
//   gomath.ts      Go's log2 and int64 arithmetic, where a last bit matters
//
//   look.ts        fonts, box sizes without a DOM (the page and the layout)
//   svg.ts         "Download SVG": a standalone file, every string escaped
//
// The layout and the page's GraphViews are core/graph-view, apart, so that
// the CLI and the page's main bundle do not load the layout library.
//
// Typical use (worker or CLI):
//   const engine = new ReportEngine(compareProfiles([current], [base]));   // core/report, core/diff
//   const graph = buildGraph(engine, { sampleIndex: sampleIndexByName(engine.profile, 'inuse_space') });
//   formatDot(graph)  // or graph.nodes, graph.edges
// The engine caches what a new node count or fraction does not change, so
// a re-trim costs only the passes over the stack table of edges.ts (once or
// twice) and node-tags.ts (when the profile has tags).

export { buildGraph, READ_THE_GRAPH, type CallGraph, type GraphEdge, type GraphNode, type GraphOptions } from './graph';
export { formatDot, escapeForDot } from './dot';
export type { Nodelet } from './nodelets';
export { dotColor, scoreRgb, type Rgb } from './color';
export { nameLines, packageOf, shortenFunctionName } from './names';
export {
  GRAPH_FONT,
  MAX_LINE_CHARS,
  LINE_HEIGHT,
  EDGE_FONT_SIZE,
  NODELET_FONT_SIZE,
  LEGEND_FONT_SIZE,
  MAX_LEGEND_CHARS,
  textWidth,
  elide,
  nodeLabelLines,
  textBox,
  wrapLine,
  type TextBox,
} from './look';
export { escapeXml, nodeTitle, graphSvg } from './svg';
