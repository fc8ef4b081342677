// Fuzzing every decoder with structure-aware mutations of real profiles
// (test/fuzz/): 10,000 seeded cases, each either a consistent profile or a
// ProfileError with a message, in bounded time and memory. `npm run fuzz`
// runs a million with a fresh seed.

import { afterAll, describe, expect, it } from 'vitest';
import { installAllocationGuard } from '../fuzz/check';
import { formatResult, fuzzGroup, runsFor, type GroupResult } from '../fuzz/suite';

const TOTAL = 10_000;
const SEED = 20240607;

installAllocationGuard();

describe('fuzz: every decoder', () => {
  const results: GroupResult[] = [];
  for (const { group, runs } of runsFor(TOTAL)) {
    it(`${group.decoder}: ${runs} mutated inputs`, () => {
      const r = fuzzGroup(group, runs, SEED);
      results.push(r);
      const n = Object.values(r.outcomes).reduce((a, b) => a + b, 0);
      expect(n).toBe(runs);
      // Mutations are not all fatal: some inputs still decode.
      expect(r.outcomes.decoded ?? 0).toBeGreaterThan(0);
      // gzip cases inflate up to their cap: ~40 s for the group on an idle
      // 2-core machine, two or three times that on a busy one.
    }, 240_000);
  }
  afterAll(() => {
    const n = results.reduce((a, r) => a + r.runs, 0);
    console.log(`fuzz: ${n} inputs tried (seed ${SEED})\n  ${results.map(formatResult).join('\n  ')}`);
  });
});
