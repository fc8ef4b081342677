// Two versions of src/core/flame compared on the large pair, interleaved
// (before, after, before, after…) in one process on one warm TopViews, so a
// machine shared with other work slows both alike; wall and CPU time (user +
// system of the process) per step, the load average beside each run, and a
// frame-by-frame check that both versions build the same trees.
//
//   git archive <commit> src | tar -x -C /tmp/flame-before
//   ln -s "$PWD/node_modules" /tmp/flame-before/node_modules
//   node --expose-gc --import tsx test/bench/flame-before-after.ts /tmp/flame-before [--rounds 3]
//
// Used for docs/decisions/0017-flame-tree-build.md.

import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as after from '../../src/core/flame';
import type { FlameTree, FlameTrees } from '../../src/core/flame';
import type { Profile } from '../../src/core/model';
import type { ReportQuery } from '../../src/core/report';
import { TopViews } from '../../src/core/top';
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

function run(lib: Flame, name: string, top: TopViews, pair: { base: Profile; current: Profile }, query: ReportQuery): FlameTrees {
  gc();
  let l = lap();
  const trees = new lib.FlameViews(top).trees(pair.current, pair.base, query);
  const t = trees.topDown;
  lib.treeRows(t, { expanded: new Set(lib.growthPath(t)), limit: 100 });
  const tree = l();
  gc();
  l = lap();
  const inv = trees.inverted();
  lib.treeRows(inv, { expanded: new Set(lib.growthPath(inv)), limit: 100 });
  const inverted = l();
  const node = t.node[lib.growthPath(t).at(-1) ?? 0];
  gc();
  l = lap();
  trees.pivot(node);
  const pivot = l();
  const load = loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`${name.padEnd(7)} tree + first page ${tree}   inverted + its first page ${inverted}   pivot ${pivot}   load ${load}`);
  return trees;
}

/** The first column where two trees differ, or '' when they are the same frame by frame. */
function difference(a: FlameTree, b: FlameTree): string {
  if (a.length !== b.length) return `length ${a.length} vs ${b.length}`;
  if (a.keys.join('\n') !== b.keys.join('\n')) return 'keys';
  const columns = ['parent', 'depth', 'end', 'node', 'pos', 'neg', 'ownPos', 'ownNeg', 'base', 'current', 'baseFlat', 'currentFlat'] as const;
  for (const c of columns) {
    const x = a[c];
    const y = b[c];
    if (x === null || y === null) {
      if (x !== y) return c;
      continue;
    }
    for (let i = 0; i < a.length; i++) if (x[i] !== y[i]) return `${c}[${i}]`;
  }
  return '';
}

const dir = process.argv[2];
if (!dir || !existsSync(join(dir, 'src/core/flame/index.ts'))) throw new Error('usage: flame-before-after.ts <dir with the old src/> [--rounds N]');
const i = process.argv.indexOf('--rounds');
const rounds = i > 0 ? Number(process.argv[i + 1]) : 3;
const before = (await import(join(dir, 'src/core/flame/index.ts'))) as Flame;
const pair = { base: decode(join(DATA, 'bigheap.base.heap')), current: decode(join(DATA, 'bigheap.current.heap')) };
const query: ReportQuery = { mode: 'diff' };
const top = new TopViews();
const l = lap();
top.view(pair.current, pair.base, query);
console.log(`table (a first TopViews view, the engines then warm): ${l()} ms wall/cpu`);
console.log('ms wall/cpu');
for (let r = 0; r < rounds; r++) {
  const b = run(before, 'before', top, pair, query);
  const a = run(after, 'after', top, pair, query);
  if (r > 0) continue;
  const node = a.topDown.node[after.growthPath(a.topDown).at(-1) ?? 0];
  const checks: [string, FlameTree, FlameTree][] = [
    ['top-down', b.topDown, a.topDown],
    ['inverted', b.inverted(), a.inverted()],
    ['pivot callees', b.pivot(node).callees, a.pivot(node).callees],
    ['pivot callers', b.pivot(node).callers, a.pivot(node).callers],
  ];
  for (const [what, x, y] of checks) console.log(`  ${what}: ${difference(x, y) || 'the same, frame by frame'}`);
}
