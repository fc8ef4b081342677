// Peak memory of what the page's worker does with a dropped pair, in a fresh
// process (run.ts's `wide` benchmark spawns it):
//
//   node --expose-gc --import tsx test/bench/first-table-memory.ts <base.heap> <current.heap>
//
// Reads both files, decodes them, and computes the page's first view of the
// pair (a TopViews' view: the -base comparison, the -top table and each
// row's base and current sides). Prints one JSON line, in bytes:
// - startRss: the process's RSS once node, tsx and the modules are loaded
//   and the files read;
// - peakRss: the highest RSS a worker thread polling every millisecond saw
//   (rss-sampler.mjs) from then until the view is made — all of the
//   process, freed memory the allocator kept included;
// - decodePeakRss: the same, up to the end of the two decodes (before the view);
// - retained: heapUsed + arrayBuffers after a gc, with the profiles and the
//   view still held.

import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { zlibGunzip } from '../../src/cli/zlib-gunzip';
import { decodeProfile } from '../../src/core/decode';
import { runSync } from '../../src/core/progress';
import { TopViews } from '../../src/core/top/view';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const [baseFile, currentFile] = process.argv.slice(2);
if (!currentFile) throw new Error('usage: first-table-memory.ts <base.heap> <current.heap>');

const baseGz = new Uint8Array(readFileSync(baseFile));
const currentGz = new Uint8Array(readFileSync(currentFile));

const shared = new Float64Array(new SharedArrayBuffer(16)); // [peak RSS, stop flag]
const sampler = new Worker(new URL('./rss-sampler.mjs', import.meta.url), { workerData: shared.buffer });
await new Promise((resolve) => sampler.once('online', resolve));
gc();
const startRss = process.memoryUsage.rss();
shared[0] = startRss;

// As the CLI decodes (the page: DecompressionStream), the platform's inflater.
const base = runSync(decodeProfile(baseGz, { gunzip: zlibGunzip })).profile;
const current = runSync(decodeProfile(currentGz, { gunzip: zlibGunzip })).profile;
const decodePeakRss = shared[0];
const view = new TopViews().view(current, base, {});
shared[1] = 1;
const peakRss = shared[0];
gc();
const m = process.memoryUsage();
await sampler.terminate();
console.log(JSON.stringify({ startRss, decodePeakRss, peakRss, retained: m.heapUsed + m.arrayBuffers, rows: view.rowCount }));
