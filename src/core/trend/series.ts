// The snapshots of a trend in time order: by the profiles' own times when
// every one has a time (proto's time_nanos), else in the order given (the
// legacy ?debug=1 texts carry no time; the user's order is then the only one).

import type { Profile } from '../model';

export interface SnapshotOrder {
  /** Indexes into the given profiles, oldest first. */
  order: number[];
  /** Whether the order (and the slope per minute) comes from the profiles' times. */
  timed: boolean;
}

export function snapshotOrder(profiles: readonly Profile[]): SnapshotOrder {
  const order = profiles.map((_, i) => i);
  const timed = profiles.length > 0 && profiles.every((p) => p.timeNanos > 0);
  // A stable sort: equal times keep the given order.
  if (timed) order.sort((a, b) => profiles[a].timeNanos - profiles[b].timeNanos || a - b);
  return { order, timed };
}
