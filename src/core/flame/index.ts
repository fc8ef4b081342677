// The call tree of a comparison ("where did it grow, along which path?"):
// the flame graph's and the call tree's data, computed from the report
// engine's per-stack plan (core/report), so every choice of the table and
// the graph (mode, sample type, granularity, blame, filters, noinlines)
// applies as it does there.
//
//   tree.ts     FlameTree: the columnar frame tree (preorder, subtree
//               ranges) with pos/neg parts, flat, base and current
//   build.ts    buildFlameTree: the top-down tree from the engine's plan
//   invert.ts   invertTree: bottom-up (roots where values are flat)
//   pivot.ts    one function's occurrences merged: callees and callers
//   trie.ts     the frame trie they grow in (typed arrays, no Map)
//   preorder.ts a trie's frames renumbered in preorder, values summed
//   select.ts   what the page draws: flame frames wider than a fraction,
//               the call tree's visible rows, the growth path, search
//   lazy.ts     LazyTree: the top-down and inverted trees made as far as
//               the pages ask, from the stacks (stacks.ts); shown.ts hands
//               what was made to select.ts
//   views.ts    FlameViews: the trees of a query over ReportEngines
//               (the table's, shared), the last per pair kept
//   text.ts     the CLI's JSON tree and indented text tree
//   calltree.ts CallTreeViews: the page's call tree, a window of visible
//               rows under a small expand state, formatted as the table
//   frames-view.ts  FlameFrameViews: what the flame graph tab draws of a
//               query (zoomed, searched, pivoted), names, focus, file:line
//
// Typical use (worker or CLI):
//   const views = new FlameViews(topViews);              // core/top TopViews
//   const trees = views.trees(current, base, query);     // a ReportQuery
//   flameFrames(trees.topDown, { minFraction: 1 / widthInPixels });
//   treeRows(trees.inverted(), { expanded: new Set(growthPath(t)), limit: 100 });
// Widths in a diff: docs/decisions/0014-flame-diff-width.md; build speed: 0017, 0021.

export { frameValue, frameFlat, frameWidth, type FlameTree, type FrameIndex } from './tree';
export { buildFlameTree, type TreeSource } from './build';
export { invertTree } from './invert';
export { pivotTree, outermostFrames, type Pivot } from './pivot';
export { flameFrames, treeRows, visibleRows, childrenOf, growthPath, searchFrames, TREE_COLUMNS, type FlameFrames, type TreeRows, type TreeSort, type TreeColumn, type ExpandedFrames, type VisibleRows } from './select';
export { FlameViews, type FlameTrees } from './views';
export { LazyTree } from './lazy';
export { CallTreeViews, expandedFrames, type CallTreeQuery, type CallTreeRow, type CallTreeView, type TreeExpansion } from './calltree';
export { flameJson, formatTree, DEFAULT_MIN_FRACTION, type FlameJsonNode } from './text';
export { FlameFrameViews, resolveZoom, type FlameQuery, type FlameView, type FlamePart } from './frames-view';
