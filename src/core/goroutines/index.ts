// Goroutine profiles as clusters of goroutines that do the same thing, and
// which clusters grew between two snapshots (the leaks a heap diff cannot
// show: a goroutine blocked forever on `<-ticker.C` costs a few KiB).
//
//   frames.ts   canonical frames, runtime / stdlib / user
//   states.ts   wait states: from dump headers, or read off the frames
//   canonical.ts  the stack tree re-interned as canonical frames; what each leaf says
//   cluster.ts  one profile → clusters at a similarity level (linear time)
//   diff.ts     two snapshots → rows ranked by growth, leak suspects with reasons
//   report.ts   the rows as terminal text (CLI -goroutines)
//   view.ts     what the page's goroutine view draws (GoroutineViews)

export * from './cluster';
export * from './diff';
export * from './report';
export { frameKindOf, goPackage } from './frames';
export { isParked, PARKED, stateCategory, type StateCategory } from './states';
export { formatCount } from './text';
export { GoroutineViews, frameMatches, clusterText, DEFAULT_ROWS, DEFAULT_FRAMES, type GoroutineQuery, type GoroutineView, type GoroutineViewRow } from './view';
