// The trend of the 50-snapshot series after decode, with each snapshot's
// engine on the profile as decoded (ReportEngines.alone, what trendReport
// uses) and on the profile merged as a single source (what it used before):
// runs interleaved, fresh engines each, so both see the same machine load.
// `npx tsx test/bench/trend-merge.ts [--iterations N]`; the data:
// test/bench/make-data.sh series. docs/decisions/0018-trend-unmerged-snapshots.md.

import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeProfile } from '../../src/core/decode';
import type { Profile } from '../../src/core/model';
import { runSync } from '../../src/core/progress';
import { ReportEngine, ReportEngines } from '../../src/core/report';
import { trendReport } from '../../src/core/trend';

const DATA = join(fileURLToPath(new URL('.', import.meta.url)), 'data/series');
const i = process.argv.indexOf('--iterations');
const ITERATIONS = i > 0 ? Number(process.argv[i + 1]) : 5;

/** The engines as before: every snapshot merged as one source first. */
class MergedEngines extends ReportEngines {
  alone(p: Profile): ReportEngine {
    return this.engine(p, null, 'current');
  }
}

const files = Array.from({ length: 50 }, (_, k) => `bigheap.s${String(k + 1).padStart(2, '0')}.heap`);
const profiles = files.map((f) => runSync(decodeProfile(new Uint8Array(readFileSync(join(DATA, f))))).profile);
const runs: Record<'merged' | 'alone', number[]> = { merged: [], alone: [] };
const rows: Record<'merged' | 'alone', string> = { merged: '', alone: '' };
const once = (which: 'merged' | 'alone') => {
  const engines = which === 'merged' ? new MergedEngines((p) => new ReportEngine(p)) : new ReportEngines((p) => new ReportEngine(p));
  const t = performance.now();
  const r = trendReport(profiles, {}, { names: files, engines });
  runs[which].push(performance.now() - t);
  rows[which] = JSON.stringify(r.rows);
};
const load = [loadavg()[0]];
once('merged');
once('alone'); // warm-up
runs.merged.length = 0;
runs.alone.length = 0;
for (let k = 0; k < ITERATIONS; k++) {
  for (const which of k % 2 === 0 ? (['merged', 'alone'] as const) : (['alone', 'merged'] as const)) once(which);
  load.push(loadavg()[0]);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`trend of ${files.length} snapshots after decode, ${ITERATIONS} interleaved runs each (ms)`);
for (const w of ['merged', 'alone'] as const) console.log(`  ${w.padEnd(7)} median ${median(runs[w]).toFixed(0)}  runs ${runs[w].map((x) => x.toFixed(0)).join(' ')}`);
console.log(`  same rows: ${rows.merged === rows.alone}; 1-min load average ${load.map((x) => x.toFixed(2)).join(' → ')} (2 cores)`);
