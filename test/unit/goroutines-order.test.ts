// The order of goroutine clusters (largest first, then by key as plain text)
// and the summary of a cluster of one goroutine, which clusterGoroutines
// makes apart from the tallies of larger clusters, with its states, wait,
// creator and labels shared between clusters.

import { describe, expect, it } from 'vitest';
import { clusterGoroutines, SIMILARITY_LEVELS, type GoroutineSnapshot } from '../../src/core/goroutines';
import { decodeProfile } from '../../src/core/decode';
import { runSync } from '../../src/core/progress';
import { NONE, type Profile } from '../../src/core/model/profile';
import { decodeFixture } from '../helpers/fixtures';
import { syntheticGoroutineProfile } from '../helpers/synthetic-goroutines';

const DUMPS = ['tickerleak.current.goroutine.debug2.txt', 'gzipleak.current.goroutine.debug2.txt', 'bigparse.peak.goroutine.debug2.txt'];

const dumpOf = (text: string): Profile => runSync(decodeProfile(new TextEncoder().encode(text))).profile;

function expectOrdered(s: GoroutineSnapshot): void {
  for (let i = 1; i < s.clusters.length; i++) {
    const a = s.clusters[i - 1];
    const b = s.clusters[i];
    expect(a.count > b.count || (a.count === b.count && a.key < b.key), `${i}: ${a.count} ${JSON.stringify(a.key)} before ${b.count} ${JSON.stringify(b.key)}`).toBe(true);
  }
}

/** A cluster of one goroutine says what the dump says of it. */
function expectOwnSummaries(p: Profile, s: GoroutineSnapshot): number {
  const g = p.goroutines!;
  const row = new Map<number, number>();
  for (let i = 0; i < g.length; i++) row.set(g.goid[i], i);
  let checked = 0;
  for (const c of s.clusters) {
    if (c.count !== 1) continue;
    const i = row.get(c.goids[0])!;
    expect(c.goids).toEqual([g.goid[i]]);
    expect(c.states.map((x) => [x.state, x.count, x.minutes])).toEqual([[p.strings[g.state[i]], 1, [{ minutes: g.waitMinutes[i], count: 1 }]]]);
    expect(c.waitMinutes).toEqual({ min: g.waitMinutes[i], max: g.waitMinutes[i] });
    expect(c.lockedToThread).toBe(g.lockedToThread[i]);
    const cb = g.createdBy[i];
    const creator = cb === NONE ? null : p.strings[p.functions.name[p.lines.function[p.locations.lineStart[cb + 1] - 1]]];
    expect(c.createdBy && [c.createdBy.frame.fn, c.createdBy.count]).toEqual(creator && [creator, 1]);
    expect(c.stackVariants).toBe(1);
    checked++;
  }
  return checked;
}

describe('cluster order', () => {
  for (const name of DUMPS) {
    it(`${name}: largest first, then by key, at every level`, () => {
      const p = decodeFixture(name).profile;
      for (const level of SIMILARITY_LEVELS) expectOrdered(clusterGoroutines(p, { level }));
    });
  }

  it('20,000 generated goroutines: largest first, then by key, at every level', () => {
    const p = syntheticGoroutineProfile({ goroutines: 20_000, stacks: 300, dump: true, seed: 11 });
    for (const level of SIMILARITY_LEVELS) expectOrdered(clusterGoroutines(p, { level }));
  });

  // The keys of a stack and of a deeper one through the same frames: the
  // frames alone order the short one first, its arguments ("\nargs\n…")
  // after a caller named "a.…" and before one named "main.…".
  it('a stack whose frames begin a deeper one orders by the whole key', () => {
    const frame = (fn: string, args: string, at: string) => `${fn}(${args})\n\t${at} +0x1\n`;
    const dump = [
      `goroutine 1 [chan receive]:\n${frame('main.leaf', '0x1', '/x/leaf.go:10')}${frame('main.caller', '0x9', '/x/c.go:3')}`,
      `goroutine 2 [chan receive]:\n${frame('main.leaf', '0x2', '/x/leaf.go:10')}`,
      `goroutine 3 [chan receive]:\n${frame('main.leaf', '0x3', '/x/leaf.go:10')}${frame('a.caller', '0x9', '/x/a.go:3')}`,
      `goroutine 4 [chan receive]:\n${frame('main.leaf', '0x4', '/x/leaf.go:10')}${frame('main.caller', '0x8', '/x/c.go:3')}`,
      `goroutine 5 [chan receive]:\n${frame('main.leaf', '0x0', '/x/leaf.go:10')}`,
    ].join('\n');
    const s = clusterGoroutines(dumpOf(dump), { level: 'exact' });
    expectOrdered(s);
    expect(s.clusters.map((c) => c.goids[0])).toEqual([3, 5, 2, 1, 4]);
  });
});

describe('a cluster of one goroutine', () => {
  for (const name of DUMPS) {
    it(`${name}: each says its goroutine's state, wait, creator and id`, () => {
      const p = decodeFixture(name).profile;
      expect(expectOwnSummaries(p, clusterGoroutines(p, { level: 'exact' }))).toBeGreaterThan(0);
    });
  }

  it('a hostile wait (2^40 minutes) does not give one goroutine the state of another', () => {
    const dump = [
      'goroutine 1 [chan receive, 1099511627776 minutes]:\nmain.a(0x1)\n\t/x/a.go:1 +0x1\n',
      'goroutine 2 [select, 1099511627776 minutes]:\nmain.b(0x2)\n\t/x/b.go:2 +0x1\n',
    ].join('\n');
    const p = dumpOf(dump);
    const s = clusterGoroutines(p, { level: 'exact' });
    expect(s.clusters.map((c) => [c.goids[0], c.states[0].state, c.states[0].minutes![0].minutes])).toEqual([
      [1, 'chan receive', 2 ** 40],
      [2, 'select', 2 ** 40],
    ]);
    expect(expectOwnSummaries(p, s)).toBe(2);
  });

  it('20,000 generated goroutines: each says its own, at exact and lines', () => {
    const p = syntheticGoroutineProfile({ goroutines: 20_000, stacks: 300, dump: true, seed: 11 });
    expect(expectOwnSummaries(p, clusterGoroutines(p, { level: 'exact' }))).toBeGreaterThan(1000);
    expectOwnSummaries(p, clusterGoroutines(p, { level: 'lines' }));
  });
});
