// What the page's graph view draws, computed in the worker: pprof's call
// graph (core/graph) of the table's query, laid out, with base/current per
// node. Apart from core/graph because the layout library comes with it:
// the worker loads this folder when the graph view is first asked for.
//
//   view.ts     GraphViews: the graph of a query, laid out, cached per pair
//   layout.ts   box and edge positions by @dagrejs/dagre
//               (why: docs/decisions/0001-graph-layout-dagre.md)

export {
  GraphViews,
  graphOptions,
  graphViewResult,
  type GraphQuery,
  type GraphSide,
  type GraphView,
  type GraphViewBox,
  type GraphViewNode,
  type GraphViewNodelet,
  type GraphViewEdge,
  type GraphViewResult,
} from './view';
export { layoutGraph, edgeShape, orderLayers, type GraphLayout, type LaidNode, type LaidNodelet, type LaidEdge, type LayoutOptions } from './layout';
