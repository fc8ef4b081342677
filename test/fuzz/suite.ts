// One fuzz run over every decoder, shared by the unit test (10,000 seeded
// cases) and `npm run fuzz` (a million, seed printed for replay).

import fc from 'fast-check';
import { apply, opsFor, planArb, type Plan } from './mutate';
import { runCase, type Outcome } from './check';
import { seedGroups, type SeedGroup } from './seeds';

/** Share of the runs each decoder gets (sums to 1). */
const SHARE: Record<string, number> = {
  proto: 0.25,
  gzip: 0.1,
  'go-heap-text': 0.18,
  'go-count-text (goroutine debug=1)': 0.15,
  'goroutine-dump (debug=2)': 0.18,
  'legacy C++/Java': 0.14,
};

export interface GroupResult {
  decoder: string;
  runs: number;
  outcomes: Record<Outcome, number>;
}

export function runsFor(total: number): { group: SeedGroup; runs: number }[] {
  const groups = seedGroups();
  const out = groups.map((group) => ({ group, runs: Math.floor(total * (SHARE[group.decoder] ?? 0)) }));
  out[0].runs += total - out.reduce((n, g) => n + g.runs, 0);
  return out;
}

export function describePlan(group: SeedGroup, plan: Plan): string {
  return `${group.seeds[plan.seed % group.seeds.length].name} ${JSON.stringify(plan.ops)}`;
}

/** Fuzzes one decoder; throws fast-check's report (seed, path, counterexample) on a failure. */
export function fuzzGroup(group: SeedGroup, runs: number, seed: number, onCase?: (bytes: Uint8Array) => void): GroupResult {
  const outcomes: Record<string, number> = {};
  // Every seed of a group shares its mutation kinds but for the binary CPU
  // one, which gets the text ops too (they act on its bytes as Latin-1).
  const kinds = opsFor(group.seeds[0]);
  fc.assert(
    fc.property(planArb(kinds, group.seeds.length), (plan) => {
      const s = group.seeds[plan.seed % group.seeds.length];
      const bytes = apply(s, plan.ops);
      onCase?.(bytes);
      const o = runCase(bytes, s.inflateLimit);
      outcomes[o] = (outcomes[o] ?? 0) + 1;
    }),
    { seed, numRuns: runs, endOnFailure: true },
  );
  return { decoder: group.decoder, runs, outcomes };
}

export function formatResult(r: GroupResult): string {
  const parts = Object.entries(r.outcomes)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`);
  return `${r.decoder}: ${r.runs} inputs (${parts.join(', ')})`;
}
