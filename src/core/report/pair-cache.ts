// Values kept per (current, base) pair of profiles, keyed by the Profile
// objects themselves (WeakMaps): a removed or reloaded profile takes what
// was computed for it with it.

import type { Profile } from '../model';

/** The base of a profile viewed alone. */
const NO_BASE: object = {};

export class PairCache<V> {
  private readonly byCurrent = new WeakMap<Profile, WeakMap<object, V>>();

  get(current: Profile, base: Profile | null): V | undefined {
    return this.byCurrent.get(current)?.get(base ?? NO_BASE);
  }

  set(current: Profile, base: Profile | null, value: V): void {
    let byBase = this.byCurrent.get(current);
    if (!byBase) this.byCurrent.set(current, (byBase = new WeakMap()));
    byBase.set(base ?? NO_BASE, value);
  }

  /** The value of the pair, made (and kept) on first use. */
  getOrMake(current: Profile, base: Profile | null, make: () => V): V {
    let v = this.get(current, base);
    if (v === undefined) {
      v = make();
      this.set(current, base, v);
    }
    return v;
  }
}
