// The trend of goroutine clusters: how many goroutines each cluster (the
// goroutine view's clusters, at a similarity level) has in every snapshot,
// ranked like the report trend (rank.ts): the clusters that grew in every
// interval first — a leak, one snapshot after another — then the ones that
// rose and fell back (a burst), then the rest.
//
// Goroutine profiles count every goroutine (they are not sampled), so any
// change counts: the noise threshold is 0.

import { clusterGoroutines, type GoroutineCluster, type GoroutineFrame, type SimilarityLevel } from '../goroutines';
import type { Profile } from '../model';
import { ReportQueryError } from '../report';
import { movement, rankByMovement, spanMinutes, type Movement } from './rank';
import { snapshotOrder } from './series';
import { noiseThresholds } from './shape';
import type { TrendSnapshot } from './trend';

export interface GoroutineTrendRow extends Movement {
  /** The cluster's key at the level (goroutines/cluster.ts). */
  key: string;
  /** "chan receive in main.(*ackWaiter).wait": its most common state and where it is parked. */
  name: string;
  /** Where it is parked: the first frame that is not the runtime's (else the leaf). */
  fn: string;
  /** Goroutines in the cluster, per snapshot in time order. */
  values: number[];
  /** The top of the stack (leaf first) of its newest snapshot, at most STACK_FRAMES. */
  stack: GoroutineFrame[];
}

export interface GoroutineTrendResult {
  level: SimilarityLevel;
  sampleType: 'goroutine';
  sampleUnit: 'count';
  by: 'goroutines';
  timed: boolean;
  noise: number;
  /** `total`: the goroutines of each snapshot. */
  snapshots: TrendSnapshot[];
  rows: GoroutineTrendRow[];
  droppedRows: number;
  warnings: string[];
}

export interface GoroutineTrendOptions {
  level?: SimilarityLevel;
  names?: readonly string[];
  /** A profile's clusters (the page's cache); clusterGoroutines by default. */
  clusters?: (p: Profile, level: SimilarityLevel) => readonly GoroutineCluster[];
}

const STACK_FRAMES = 8;

/** The trend of the goroutine clusters of `profiles` (two or more goroutine profiles). */
export function goroutineTrend(profiles: readonly Profile[], options: GoroutineTrendOptions = {}): GoroutineTrendResult {
  if (profiles.length < 2) throw new ReportQueryError(null, 'A trend needs two snapshots or more.');
  const level = options.level ?? 'lines';
  const names = options.names ?? profiles.map((_, i) => `#${i + 1}`);
  const clustersOf = options.clusters ?? ((p: Profile, l: SimilarityLevel) => clusterGoroutines(p, { level: l }).clusters);
  const { order, timed } = snapshotOrder(profiles);
  const n = order.length;
  const counts = new Map<string, Float64Array>();
  const newest = new Map<string, GoroutineCluster>();
  const snapshots: TrendSnapshot[] = order.map((input, k) => {
    const p = profiles[input];
    let total = 0;
    for (const c of clustersOf(p, level)) {
      let v = counts.get(c.key);
      if (!v) counts.set(c.key, (v = new Float64Array(n)));
      v[k] += c.count;
      total += c.count;
      newest.set(c.key, c);
    }
    return { name: names[input], input, timeNanos: timed ? p.timeNanos : null, total };
  });
  const thresholds = noiseThresholds(
    snapshots.map((s) => s.total),
    0,
  );
  const minutes = spanMinutes(snapshots.map((s) => s.timeNanos));
  const moved = [...counts].map(([key, values]) => {
    const c = newest.get(key)!;
    const { movement: m, key: rankKey } = movement(values, thresholds, minutes);
    const row: GoroutineTrendRow = { key, name: clusterName(c), fn: parkedIn(c), values: Array.from(values), ...m, stack: c.stack.slice(0, STACK_FRAMES) };
    return { row, key: rankKey };
  });
  return { level, sampleType: 'goroutine', sampleUnit: 'count', by: 'goroutines', timed, noise: 0, snapshots, rows: rankByMovement(moved), droppedRows: 0, warnings: [] };
}

function parkedIn(c: GoroutineCluster): string {
  return (c.parkFrame ?? c.stack[0])?.fn ?? '(no frames)';
}

/** Its most common state and where it is parked; the user's frame when that is not the parking one. */
function clusterName(c: GoroutineCluster): string {
  const state = c.states[0]?.state;
  let s = `${state ? `${state} in ` : ''}${parkedIn(c)}`;
  if (c.parkFrame && c.parkFrame.kind !== 'user' && c.userFrame && c.userFrame.fn !== c.parkFrame.fn) s += ` (called from ${c.userFrame.fn})`;
  return s;
}
