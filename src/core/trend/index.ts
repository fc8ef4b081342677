// The trend: how each report node (function, file, line… with the table's
// filters and blame) moved across two or more snapshots of one kind, in
// time order, classified by shape and ranked: what grew in every interval
// first, then the spikes that fell back, then the rest. Everything returned
// is plain data (numbers, strings, arrays), so the worker can send it as is.
//
//   series.ts   the snapshots' order: by their times, else as given
//   shape.ts    rose / fell / held per interval (the noise threshold), and
//               the shape: grew, peak, shrank, dip, flat, mixed
//   trend.ts    trendReport: values per snapshot from the report engine,
//               matched by pprof's node key, ranked; steadyGrowth (the CI gate)
//   rank.ts     one row's movement (shape, growth, slope, height) and the ranking
//   goroutines.ts  the same for goroutine clusters: goroutines per cluster per snapshot
//   text.ts     the trend as terminal text (report -trend)
//   view.ts     what the page's trend view draws: numbers as printed, a page of rows
//
// Typical use (worker or CLI):
//   const r = trendReport(profiles, { sampleType: 'inuse_space' }, { names });
//   r.rows[0]   // { name, values, flat, cum, shape, at, growth, perMinute, height… }

export { trendReport, steadyGrowth, type TrendQuery, type TrendResult, type TrendRow, type TrendSnapshot, type TrendSources } from './trend';
export { TREND_SHAPES, NOISE_FRACTION, classify, steps, noiseThresholds, type TrendShape, type ShapeOf } from './shape';
export { snapshotOrder, type SnapshotOrder } from './series';
export { formatTrend, shapeLabel, trendUnit, type TrendTable } from './text';
export { goroutineTrend, type GoroutineTrendResult, type GoroutineTrendRow, type GoroutineTrendOptions } from './goroutines';
export { type Movement } from './rank';
export { TrendViews, DEFAULT_TREND_ROWS, type TrendView, type TrendViewRow, type TrendPage } from './view';
