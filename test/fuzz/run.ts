// `npm run fuzz`: the fuzz suite at scale, outside the tests.
//
//   npm run fuzz                                  # 1,000,000 inputs, fresh seed
//   npm run fuzz -- --runs 50000 --seed 1234      # replay or a shorter run
//   npm run fuzz -- --decoder proto               # one decoder (a prefix of its name)
//
// The runs are cut into batches of BATCH inputs per decoder, each with its own
// seed (the run's seed plus the batch number), so a failure names a batch that
// replays alone in seconds. It prints the seed first, progress as it goes, and
// the count of inputs tried per decoder and outcome at the end. Exit 1 on the
// first broken property, with fast-check's counterexample.

import { installAllocationGuard } from './check';
import { formatResult, fuzzGroup, runsFor, type GroupResult } from './suite';

const BATCH = 10_000;

const args = process.argv.slice(2);
function option(name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}
const total = Number(option('runs') ?? 1_000_000);
const seed = Number(option('seed') ?? Math.floor(Math.random() * 2 ** 31));
const only = option('decoder');
if (!Number.isInteger(total) || total <= 0 || !Number.isInteger(seed)) {
  console.error('usage: npm run fuzz -- [--runs N] [--seed S] [--decoder NAME]');
  process.exit(2);
}

installAllocationGuard();
console.log(`fuzz: ${total} inputs, seed ${seed}${only ? `, decoder ${only}` : ''}`);

const plan = runsFor(total).filter(({ group }) => !only || group.decoder.startsWith(only));
if (plan.length === 0) {
  console.error(`no decoder named ${only}`);
  process.exit(2);
}
// One decoder alone gets all the runs.
if (only) plan[0].runs = total;

const started = performance.now();
let tried = 0;
const results: GroupResult[] = [];
for (const { group, runs } of plan) {
  const merged: GroupResult = { decoder: group.decoder, runs: 0, outcomes: {} };
  for (let batch = 0, done = 0; done < runs; batch++) {
    const n = Math.min(BATCH, runs - done);
    const batchSeed = seed + batch;
    try {
      const r = fuzzGroup(group, n, batchSeed);
      for (const [k, v] of Object.entries(r.outcomes)) merged.outcomes[k] = (merged.outcomes[k] ?? 0) + v;
    } catch (e) {
      console.error(`\n${group.decoder}: property broken in batch ${batch} after ${tried} inputs in all.`);
      console.error(`replay: npm run fuzz -- --decoder '${group.decoder}' --seed ${batchSeed} --runs ${n}\n`);
      console.error(e instanceof Error ? e.message : String(e));
      const cause = (e as { cause?: unknown }).cause;
      if (cause) console.error(`caused by: ${cause instanceof Error ? cause.message : String(cause)}`);
      process.exit(1);
    }
    done += n;
    merged.runs = done;
    tried += n;
    const s = (performance.now() - started) / 1000;
    process.stdout.write(`\r  ${tried}/${total} inputs, ${s.toFixed(0)} s (${(tried / s).toFixed(0)}/s) — ${group.decoder}    `);
  }
  results.push(merged);
}
console.log(`\nfuzz: ${tried} inputs tried (seed ${seed}) in ${((performance.now() - started) / 1000).toFixed(0)} s\n  ${results.map(formatResult).join('\n  ')}`);
