// A change to the decoder timed against the tree before it, in one process,
// interleaved (inflate alone, before, after, inflate alone, …), so a machine
// that other jobs load slows each alike: the ratios to pako's inflate of the
// same bytes in the same round are the figures to compare.
//
//   node --expose-gc --import tsx test/bench/before-after.ts DIR [file ...] [--runs N]
//
// DIR holds the other tree's src/ (`git archive <commit> src | tar -x -C DIR`).
// Wall time and CPU time (user + system, all threads) of
// decodeProfile(gzip bytes), after one warm-up of each; prints median and min
// per column, each over pako's inflate and over node:zlib's, and the load
// average. On a loaded machine CPU time is the steadier of the two. "after,
// zlib" decodes as the CLI does (the platform's inflater, decision 0022).

import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { inflate } from 'pako';
import { zlibGunzip } from '../../src/cli/zlib-gunzip';
import { decodeProfile as decodeAfter } from '../../src/core/decode';
import { runSync } from '../../src/core/progress';

const args = process.argv.slice(2);
const at = args.indexOf('--runs');
const runs = at >= 0 ? Number(args.splice(at, 2)[1]) : 3;
const [other, ...named] = args;
if (!other) throw new Error('usage: before-after.ts DIR [file ...] [--runs N]');
const before = (await import(resolve(other, 'src/core/decode/index.ts'))) as { decodeProfile: typeof decodeAfter };
const files = named.length > 0 ? named : ['test/bench/data/wideheap.current.heap'];
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const columns: [string, (gz: Uint8Array) => unknown][] = [
  ['pako.inflate alone', (gz) => inflate(gz)],
  ['zlib gunzip alone', (gz) => gunzipSync(gz)],
  ['decode before', (gz) => runSync(before.decodeProfile(gz))],
  ['decode after', (gz) => runSync(decodeAfter(gz))],
  ['decode after, zlib', (gz) => runSync(decodeAfter(gz, { gunzip: zlibGunzip }))],
];

/** [wall, CPU] ms of one call. */
function timed(fn: () => unknown): [number, number] {
  gc!();
  const cpu = process.cpuUsage();
  const t = performance.now();
  fn();
  const wall = performance.now() - t;
  const d = process.cpuUsage(cpu);
  return [wall, (d.user + d.system) / 1000];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

for (const file of files) {
  const gz = new Uint8Array(readFileSync(file));
  const loadBefore = load();
  columns.forEach(([, run]) => run(gz)); // warm-up
  const wall = columns.map(() => [] as number[]);
  const cpu = columns.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) {
    columns.forEach(([, run], c) => {
      const [w, u] = timed(() => run(gz));
      wall[c].push(w);
      cpu[c].push(u);
    });
  }
  console.log(`${file}: ms, median (min) of ${runs}, interleaved; load average ${loadBefore} → ${load()}`);
  for (const [what, times] of [['wall', wall], ['CPU', cpu]] as const) {
    const [pako, zlib] = [median(times[0]), median(times[1])];
    const [pakoMin, zlibMin] = [Math.min(...times[0]), Math.min(...times[1])];
    columns.forEach(([name], c) => {
      const m = median(times[c]);
      const lo = Math.min(...times[c]);
      const ratio = `${(m / pako).toFixed(2)}× (${(lo / pakoMin).toFixed(2)}×) pako, ${(m / zlib).toFixed(2)}× (${(lo / zlibMin).toFixed(2)}×) zlib`;
      console.log(`  ${what.padEnd(4)} ${name.padEnd(20)} ${m.toFixed(0).padStart(6)} (${lo.toFixed(0).padStart(5)}) ms  ${ratio}   [${times[c].map((t) => t.toFixed(0)).join(' ')}]`);
    });
  }
}
