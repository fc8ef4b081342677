// Two versions of src/core/flame compared on the large pair, interleaved
// (table, before, after, table, before, after…) in one process on one warm
// TopViews, so a machine shared with other work slows all alike; wall and
// CPU time (user + system of the process) of each of the worker's calls the
// tabs make first (the call tree's first page, the flame graph's frames,
// the inverted tree's first page, the pivot), each version's trees fresh;
// the table's own computation beside them for the ratio; the load average;
// and checks that both versions answer the same (frame ids aside) and build
// the same whole tree.
//
//   git archive <commit> src | tar -x -C /tmp/flame-before
//   ln -s "$PWD/node_modules" /tmp/flame-before/node_modules
//   node --expose-gc --import tsx test/bench/flame-before-after.ts /tmp/flame-before [--rounds 3]
//
// Used for docs/decisions/0017-flame-tree-build.md (its version at f52baca
// timed FlameViews.trees and the pages directly) and 0021-lazy-flame-tree.md.

import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as after from '../../src/core/flame';
import type { CallTreeView, FlameView } from '../../src/core/flame';
import type { Profile } from '../../src/core/model';
import type { ReportQuery } from '../../src/core/report';
import { TopViews } from '../../src/core/top';
import { treeDifference } from '../helpers/flame-trees';
import { decode } from './graph';

type Flame = typeof after;

const DATA = join(fileURLToPath(new URL('.', import.meta.url)), 'data');
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** Wall and CPU milliseconds since the call, as "wall/cpu". */
function lap(): () => string {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  return () => {
    const d = process.cpuUsage(cpu);
    return `${(performance.now() - wall).toFixed(0).padStart(6)}/${((d.user + d.system) / 1000).toFixed(0).padStart(5)}`;
  };
}

interface Views {
  calls: InstanceType<Flame['CallTreeViews']>;
  frames: InstanceType<Flame['FlameFrameViews']>;
  trees: InstanceType<Flame['FlameViews']>;
}

/** The worker's calls of one version, fresh (its trees not built) over the warm TopViews: wall/CPU ms per step, and what they answered. */
function run(lib: Flame, name: string, top: TopViews, pair: { base: Profile; current: Profile }, query: ReportQuery): { views: Views; answers: unknown[] } {
  const trees = new lib.FlameViews(top);
  const views: Views = { calls: new lib.CallTreeViews(trees, top), frames: new lib.FlameFrameViews(trees, top), trees };
  const steps: [string, () => unknown][] = [
    ['tree + first call-tree page', () => views.calls.view(pair.current, pair.base, { ...query, limit: 100 })],
    ['flame frames (1,500 px)', () => views.frames.view(pair.current, pair.base, { ...query, width: 1500 })],
    ['inverted + its first page', () => views.calls.view(pair.current, pair.base, { ...query, inverted: true, limit: 100 })],
  ];
  const answers: unknown[] = [];
  const times: string[] = [];
  for (const [label, step] of steps) {
    gc();
    const l = lap();
    answers.push(step());
    times.push(`${label} ${l()}`);
  }
  // The pivot on the growth path's last function (the first page's revealed row).
  const page = answers[0] as CallTreeView;
  const grower = page.rows[page.revealRow ?? 0];
  const flame = answers[1] as FlameView;
  const key = flame.keys[flame.names.indexOf(grower.name)];
  gc();
  const l = lap();
  answers.push(views.frames.view(pair.current, pair.base, { ...query, width: 1500, pivot: key }));
  times.push(`pivot ${l()}`);
  const load = loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`${name.padEnd(7)} ${times.join('   ')}   load ${load}`);
  return { views, answers };
}

/** An answer without the frame ids (the two versions number frames differently), as JSON. */
function comparable(answer: unknown): string {
  return JSON.stringify(answer, (k, v) => (['frame', 'parent', 'end', 'tree', 'expansion', 'revealRow', 'frames'].includes(k) || k === 'table' ? undefined : ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));
}

const dir = process.argv[2];
if (!dir || !existsSync(join(dir, 'src/core/flame/index.ts'))) throw new Error('usage: flame-before-after.ts <dir with the old src/> [--rounds N]');
const i = process.argv.indexOf('--rounds');
const rounds = i > 0 ? Number(process.argv[i + 1]) : 3;
const before = (await import(join(dir, 'src/core/flame/index.ts'))) as Flame;
const pair = { base: decode(join(DATA, 'bigheap.base.heap')), current: decode(join(DATA, 'bigheap.current.heap')) };
const query: ReportQuery = { mode: 'diff' };
const table = () => {
  const l = lap();
  new TopViews().view(pair.current, pair.base, query);
  return l();
};
const top = new TopViews();
top.view(pair.current, pair.base, query);
console.log('ms wall/cpu; the table: a new TopViews view of the pair, its engines cold');
for (let r = 0; r < rounds; r++) {
  console.log(`table ${table()}`);
  const b = run(before, 'before', top, pair, query);
  const a = run(after, 'after', top, pair, query);
  if (r > 0) continue;
  const labels = ['first page', 'flame frames', 'inverted first page', 'pivot'];
  labels.forEach((what, i) => console.log(`  ${what}: ${comparable(b.answers[i]) === comparable(a.answers[i]) ? 'the same answer' : 'DIFFERENT'}`));
  // The whole top-down tree (inverted, pivot, search, CLI), frame by frame.
  const x = b.views.trees.trees(pair.current, pair.base, query).topDown;
  const y = a.views.trees.trees(pair.current, pair.base, query).topDown;
  console.log(`  whole top-down tree: ${treeDifference(x, y) || 'the same, frame by frame'}`);
}
