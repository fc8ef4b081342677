// The report engine every view shares (the top table, core/top; the call
// graph, core/graph; the views to come), and the options they read.
//
//   options.ts      the registry of pprof's options: flag, URL hash key,
//                   type, choices, default, views; the types derived from it
//   engine.ts       ReportEngine: flat and cum per report node, with its
//                   caches (filters as flags, blame, the plan, the values)
//   plan.ts         step 1: the report nodes each stack node stands for
//   nodes.ts        what a report node is at each granularity; its focus regexp
//   attribution.ts  "blame your code": charge samples to the user's frames
//   engines.ts      ReportEngines: the comparison (mode) a query gets and its
//                   engine, cached per pair of profiles; the sides
//   sides.ts        a node's values in each profile alone, and Δ%
//   query.ts        a view's query as engine options, with the view's defaults
//   query-error.ts  ReportQueryError: what is wrong, under which option
//   labels.ts       the labels every report opens with (File:, Type:…)
//   pair-cache.ts   values per (current, base) pair of Profile objects
//
// Typical use (a view, in the worker):
//   const engines = new ReportEngines((p) => new ReportEngine(p));
//   const { engine, mode } = engines.report(current, base, query);
//   const input = engine.graphInput(reportOptions(engine.profile, query, 'graph'));

export {
  REPORT_OPTIONS,
  REPORT_MODES,
  GRANULARITIES,
  TOP_SORT_COLUMNS,
  FILTER_OPTIONS,
  viewOptions,
  optionDefault,
  activeFilters,
  readHashValue,
  hashValue,
  type OptionSpec,
  type OptionKey,
  type OptionValue,
  type ReportView,
  type ReportField,
  type ReportMode,
  type Granularity,
  type TopColumn,
  type FilterKey,
  type FilterField,
  type ReportOptionValues,
  type ViewChoices,
  type OwnChoices,
} from './options';
export {
  ReportEngine,
  sampleIndexByName,
  graphNodes,
  type EngineOptions,
  type GraphInput,
  type LocationNodes,
  type NodeValues,
  type Values,
} from './engine';
export { OCC_FIRST, OCC_INNER, OCC_INLINE, type Plan } from './plan';
export { baseName, cleanPath, focusRegexp, quoteMeta, type NodeInfo, type NodeTable } from './nodes';
export { isUserFunction, goPackagePath, WELL_KNOWN_LIBRARIES, ATTRIBUTION_HEADER } from './attribution';
export { ReportEngines, resolveMode, SPLIT_FROM_STACK_NODES, type ResolvedReport } from './engines';
export { EdgeSums } from './edge-sums';
export { splitReport, type SplitReport, type SplitSide, type SideColumn } from './split';
export { sideValues, deltaPercent, formatDelta } from './sides';
export { reportOptions, type ReportQuery } from './query';
export { ReportQueryError, reportAnswer, underField, type ReportAnswer } from './query-error';
export { profileLabels, activeFilterLabels, formatPprofTime, type ReportTotals } from './labels';
export { PairCache } from './pair-cache';
