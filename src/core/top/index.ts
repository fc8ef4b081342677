// The top table ("what grew?"), computed as go tool pprof -top computes it,
// on the report engine of core/report.
//
//   engine.ts       TopEngine: the report engine with pprof's trimming and
//                   "(inline)" marks: the rows
//   text.ts         the -top text, header and rows, byte for byte
//   view.ts         what the page's heap view draws: the report of a
//                   comparison with base/current/Δ% per row, sorted, searched
//                   and paged (TopViews: the engines of core/report, cached
//                   per pair, mode and profile, with the last table per pair)
//
// Typical use (worker or CLI):
//   const p = compareProfiles([current], [base]);            // core/diff
//   const engine = new TopEngine(p);
//   const r = engine.compute({ sampleIndex: sampleIndexByName(p, 'inuse_space') });   // core/report
//   formatTop(p, r)  // or r.rows

export { TopEngine, type TopOptions, type TopResult, type TopRow, type InlineMark } from './engine';
export { formatTop, topHeader, outputUnit, TOP_COLUMNS, type TopTextOptions } from './text';
export {
  TopViews,
  topViewResult,
  DEFAULT_TOP_ROWS,
  type TopQuery,
  type TopSort,
  type TopView,
  type TopViewRow,
  type TopTextChars,
  type TopViewResult,
  type TopSideTotal,
} from './view';
