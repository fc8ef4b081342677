// Two versions of src/ compared on the large pair, interleaved in one
// process, so a machine shared with other work slows both alike: each round
// shows a fresh table with each version's own TopViews (its merge, its
// engines) and then makes that version's worker calls as the tabs make them
// (the call tree's first page — the first tab opened after the table —, the
// flame graph's frames, the inverted tree's first page, the pivot), the
// version that goes first alternating from round to round. Wall and CPU time
// (user + system of the process) of each step, the table's beside them, the
// load average; and checks that both versions answer the same (frame ids
// aside) and build the same whole tree.
//
//   git archive <commit> src | tar -x -C /tmp/flame-before
//   ln -s "$PWD/node_modules" /tmp/flame-before/node_modules
//   echo '{"type":"module"}' > /tmp/flame-before/package.json
//   node --expose-gc --import tsx test/bench/flame-before-after.ts /tmp/flame-before [--rounds 5]
//
// Without that package.json tsx loads the old tree as CommonJS (it takes the
// nearest package.json's "type"), which picks other builds of the
// dependencies and skews the figures: the script refuses to run then.
//
// Used for docs/decisions/0017-flame-tree-build.md (its version at f52baca
// timed FlameViews.trees and the pages directly), 0021-lazy-flame-tree.md
// (one warm TopViews for both) and 0030-flame-sides-from-the-comparison.md.

import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as after from '../../src/core/flame';
import type { CallTreeView, FlameView } from '../../src/core/flame';
import type { Profile } from '../../src/core/model';
import type { ReportQuery } from '../../src/core/report';
import * as afterTop from '../../src/core/top';
import { treeDifference } from '../helpers/flame-trees';
import { decode } from './graph';

type Flame = typeof after;
type Top = typeof afterTop;

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

/**
 * One version's fresh table, then its worker calls as the tabs make them:
 * wall/CPU ms per step, and what they answered (without frame ids). Nothing
 * of a run outlives it, so each starts with the same memory in use (fresh
 * pages cost as much as the work here, docs/decisions/0030).
 */
function run(lib: Flame, top: Top, name: string, pair: { base: Profile; current: Profile }, query: ReportQuery): string[] {
  gc();
  const shown = new top.TopViews();
  const t = lap();
  shown.view(pair.current, pair.base, query);
  const table = t();
  const trees = new lib.FlameViews(shown);
  const views = { calls: new lib.CallTreeViews(trees, shown), frames: new lib.FlameFrameViews(trees, shown) };
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
  console.log(`${name.padEnd(7)} table ${table}   ${times.join('   ')}   load ${load}`);
  return answers.map(comparable);
}

/** An answer without the frame ids (the two versions number frames differently), as JSON. */
function comparable(answer: unknown): string {
  return JSON.stringify(answer, (k, v) => (['frame', 'parent', 'end', 'tree', 'expansion', 'revealRow', 'frames'].includes(k) || k === 'table' ? undefined : ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));
}

const dir = process.argv[2];
if (!dir || !existsSync(join(dir, 'src/core/flame/index.ts'))) throw new Error('usage: flame-before-after.ts <dir with the old src/> [--rounds N]');
const pkg = join(dir, 'package.json');
if (!existsSync(pkg) || (JSON.parse(readFileSync(pkg, 'utf8')) as { type?: string }).type !== 'module') {
  throw new Error(`${pkg} must say {"type":"module"}: without it the old tree loads as CommonJS and its figures are skewed (see this file's header)`);
}
const i = process.argv.indexOf('--rounds');
const rounds = i > 0 ? Number(process.argv[i + 1]) : 3;
const before = (await import(join(dir, 'src/core/flame/index.ts'))) as Flame;
const beforeTop = (await import(join(dir, 'src/core/top/index.ts'))) as Top;
const pair = { base: decode(join(DATA, 'bigheap.base.heap')), current: decode(join(DATA, 'bigheap.current.heap')) };
const query: ReportQuery = { mode: 'diff' };
console.log('ms wall/cpu; each version: a new TopViews shows the table (its engines cold), then the first tab and the others');
const answers: Record<string, string[]> = {};
for (let r = 0; r < rounds; r++) {
  const order = r % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const);
  for (const v of order) answers[v] = v === 'before' ? run(before, beforeTop, v, pair, query) : run(after, afterTop, v, pair, query);
}
const labels = ['first page', 'flame frames', 'inverted first page', 'pivot'];
labels.forEach((what, i) => console.log(`  ${what}: ${answers.before[i] === answers.after[i] ? 'the same answer' : 'DIFFERENT'}`));
// The whole top-down tree (inverted, pivot, search, CLI), frame by frame.
const whole = (lib: Flame, top: Top) => new lib.FlameViews(new top.TopViews()).trees(pair.current, pair.base, query).topDown;
console.log(`  whole top-down tree: ${treeDifference(whole(before, beforeTop), whole(after, afterTop)) || 'the same, frame by frame'}`);
