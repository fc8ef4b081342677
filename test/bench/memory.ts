// Peak memory of one decode, in a fresh process (run.ts spawns it):
//
//   node --expose-gc --import tsx test/bench/memory.ts <profile.gz> live|plain
//
// Prints one JSON line {peak, rss, retained}, in bytes. How it measures:
// - peak: heapUsed + arrayBuffers (process.memoryUsage(): the V8 heap plus
//   the backing stores of typed arrays) above the same sum before the decode
//   (after gc, with only the compressed file loaded), sampled at every
//   progress step decodeProfile yields (each inflate slice, every 8192
//   samples or locations, each 8192 distinct stacks) and once after it
//   returns. In `live` mode gc() runs before each sample, so it is the live
//   data; in `plain` mode uncollected garbage counts too (a tab pays for it
//   until the next GC). Transients between two steps (inside build()) are
//   not seen by either.
// - rss: peak resident set size seen by a worker thread polling every
//   millisecond (rss-sampler.mjs), minus the RSS before the decode. It sees
//   everything, freed memory the allocator kept included: an upper bound.
// - retained: heapUsed + arrayBuffers after the decode and a gc, with the
//   Profile held: the size of the decoded model alone.

import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { decodeProfile, type Decoded } from '../../src/core/decode';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const [file, mode = 'live'] = process.argv.slice(2);
const live = mode === 'live';

const gz = new Uint8Array(readFileSync(file));

const shared = new Float64Array(new SharedArrayBuffer(16)); // [peak RSS, stop flag]
const sampler = new Worker(new URL('./rss-sampler.mjs', import.meta.url), { workerData: shared.buffer });
await new Promise((resolve) => sampler.once('online', resolve));

const used = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const settle = async () => {
  // Backing stores of dead typed arrays are freed by a background sweeper.
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

await settle();
const base = used();
const baseRss = process.memoryUsage.rss();
shared[0] = baseRss;
let peak = 0;
let steps: ReturnType<typeof decodeProfile> | undefined = decodeProfile(gz);
let result: Decoded | undefined;
while (steps) {
  const r = steps.next();
  if (r.done) {
    result = r.value;
    steps = undefined; // a finished generator may still hold its frame
  }
  if (live) gc();
  peak = Math.max(peak, used() - base);
}
shared[1] = 1;
await settle();
const retained = used() - base;
await sampler.terminate();
if (!result) throw new Error('no result');
console.log(JSON.stringify({ peak, rss: shared[0] - baseRss, retained, samples: result.profile.samples.length }));
