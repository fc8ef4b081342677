// 100,000 goroutines through every similarity level, in the normal test
// timeout (the work is linear: hashing per stack node and per goroutine; a
// pairwise comparison of goroutines would not finish). Counts are checked
// against a naive string-keyed grouping computed here.

import { describe, expect, it } from 'vitest';
import { clusterGoroutines, diffSnapshots, SIMILARITY_LEVELS } from '../../src/core/goroutines';
import { syntheticGoroutineProfile } from '../helpers/synthetic-goroutines';
import { NONE, type Profile } from '../../src/core/model/profile';

const N = 100_000;

/** Naive clusters: a string per goroutine of its frames (and arguments). */
function naiveClusters(p: Profile, withArgs: boolean): Map<string, number> {
  const out = new Map<string, number>();
  const g = p.goroutines;
  for (let i = 0; i < p.samples.length; i++) {
    const parts: string[] = [];
    for (let n = p.samples.stack[i]; n !== NONE; n = p.stacks.parent[n]) {
      const loc = p.stacks.location[n];
      for (let j = p.locations.lineStart[loc]; j < p.locations.lineStart[loc + 1]; j++) {
        const name = p.strings[p.functions.name[p.lines.function[j]]];
        if (!name.startsWith('runtime.')) parts.push(`${name}:${p.lines.line[j]}`);
      }
    }
    if (withArgs && g) {
      for (let d = g.argStart[i]; d < g.argStart[i + 1]; d++) parts.push(p.strings[g.frameArgs[d]]);
    }
    const k = parts.join('|');
    out.set(k, (out.get(k) ?? 0) + p.samples.values[i]);
  }
  return out;
}

describe(`${N.toLocaleString('en-US')} goroutines`, () => {
  const dump = syntheticGoroutineProfile({ goroutines: N, stacks: 1000, dump: true, seed: 7 });
  const proto = syntheticGoroutineProfile({ goroutines: N, stacks: 1000, dump: false, seed: 7 });

  it('the generated profiles are what they claim', () => {
    expect(dump.samples.length).toBe(N);
    expect(dump.goroutines?.length).toBe(N);
    expect(proto.samples.length).toBeLessThanOrEqual(1000);
  });

  for (const level of SIMILARITY_LEVELS) {
    it(`dump, level ${level}`, () => {
      const s = clusterGoroutines(dump, { level });
      expect(s.total).toBe(N);
      expect(s.clusters.reduce((a, c) => a + c.count, 0)).toBe(N);
      expect(s.clusters.reduce((a, c) => a + c.states.reduce((b, x) => b + x.count, 0), 0)).toBe(N);
      for (let i = 1; i < s.clusters.length; i++) expect(s.clusters[i - 1].count).toBeGreaterThanOrEqual(s.clusters[i].count);
      if (level === 'exact' || level === 'lines') {
        const naive = naiveClusters(dump, level === 'exact');
        expect(s.clusters.length).toBe(naive.size);
        expect(s.clusters.map((c) => c.count).sort((a, b) => b - a)).toEqual([...naive.values()].sort((a, b) => b - a));
      }
    });
  }

  it('the proto of the same goroutines matches the dump at every level but exact', () => {
    for (const level of SIMILARITY_LEVELS) {
      if (level === 'exact') continue;
      const d = diffSnapshots(clusterGoroutines(proto, { level }), clusterGoroutines(dump, { level }));
      expect(d.base?.total).toBe(N);
      expect(d.rows.filter((r) => r.delta !== 0)).toEqual([]);
      // States read off the proto's runtime frames are the dump's headers.
      for (const r of d.rows) expect(r.baseCluster?.states.map((x) => [x.state, x.count])).toEqual(r.currentCluster?.states.map((x) => [x.state, x.count]));
    }
  });
});
