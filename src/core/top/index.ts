// The top table ("what grew?"), computed as go tool pprof -top computes it.
//
//   engine.ts       TopEngine: flat/cum per report node, pprof's trimming and
//                   "(inline)" marks; caches what a new sample type, sort or
//                   filter does not change
//   nodes.ts        what a row is at each granularity (functions, lines…)
//   text.ts         the -top text, header and rows, byte for byte
//   attribution.ts  "blame your code": charge samples to the user's frames
//   view.ts         what the page's heap view draws: the report of a
//                   comparison with base/current/Δ% per row, sorted, searched
//                   and paged (engines cached per pair, mode and profile)
//
// Typical use (worker or CLI):
//   const p = compareProfiles([current], [base]);            // core/diff
//   const engine = new TopEngine(p);
//   const r = engine.compute({ sampleIndex: sampleIndexByName(p, 'inuse_space') });
//   formatTop(p, r)  // or r.rows

export { TopEngine, sampleIndexByName, type TopOptions, type TopResult, type TopRow, type InlineMark } from './engine';
export { GRANULARITIES, type Granularity } from './nodes';
export { formatTop, topHeader, outputUnit, formatPprofTime, profileLabels, activeFilterLabels, TOP_COLUMNS, type TopTextOptions, type ReportTotals } from './text';
export { isUserFunction, goPackagePath, WELL_KNOWN_LIBRARIES, ATTRIBUTION_HEADER } from './attribution';
export {
  TopViews,
  topViewResult,
  TopQueryError,
  quoteMeta,
  deltaPercent,
  formatDelta,
  resolveMode,
  TOP_MODES,
  TOP_SORT_COLUMNS,
  DEFAULT_TOP_ROWS,
  type TopMode,
  type TopQuery,
  type TopReportQuery,
  type TopSort,
  type TopColumn,
  type TopField,
  type TopView,
  type TopViewRow,
  type TopViewResult,
  type TopSideTotal,
} from './view';
