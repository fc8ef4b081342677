// The flame graph's and call tree's worker work (src/core/flame), on the
// large pair (test/bench/data/bigheap.*.heap, made by make-data.sh) and on
// the largest fixture pair: after the heap table was shown (TopViews.view:
// the comparison made, its per-node values and each profile's alone cached
// for the same options; the per-stack values it let go made again but on
// the target's row, see below), the worker's answers when a tab opens, its trees
// fresh: the call tree's first page (the growth path expanded, 100 rows; the
// lazy top-down tree made that far), the flame graph's frames wider than a
// pixel of a 1,500-pixel graph, the inverted tree's first page; then the
// whole top-down tree and what is built from it (the inverted tree, the
// pivot on the growth path's last function); each as a ratio of the table's
// own computation (a new TopViews' view of the decoded pair), measured in
// the same run so a loaded machine slows both.
//
// Wired into run.ts as the `flame` group; alone: `npx tsx test/bench/flame.ts`.
//
// Target: tree + first call-tree page ≤ 300 ms on the large pair, measured
// as the worker does it: right after a new table (which lets its engines'
// per-stack values go, docs/decisions/0023), so they are made again.

import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CallTreeViews, flameFrames, FlameFrameViews, FlameViews, growthPath } from '../../src/core/flame';
import type { Profile } from '../../src/core/model/profile';
import type { ReportQuery } from '../../src/core/report';
import { TopViews } from '../../src/core/top';
import { decode, time, type GraphBenchCheck, type GraphBenchResult, type GraphBenchRow, type GraphBenchStats } from './graph';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const DATA = join(HERE, 'data');
const FIXTURES = join(HERE, '../fixtures');

export const FLAME_TARGET_MS = 300;
const PIXELS = 1500;

interface Pair {
  name: string;
  base: Profile;
  current: Profile;
}

function pairRows(pair: Pair, iterations: number, query: ReportQuery): { rows: GraphBenchRow[]; treeAndPage: GraphBenchStats } {
  const table = time(iterations, () => new TopViews(), (v) => v.view(pair.current, pair.base, query));
  const top = new TopViews();
  top.view(pair.current, pair.base, query);
  const firstPage = { ...query, limit: 100 };
  // What the worker answers when a tab opens: its trees fresh, the table's engines warm.
  const fresh = () => new FlameViews(top);
  const setUp = time(iterations, fresh, (f) => f.trees(pair.current, pair.base, query));
  // The first tab opened after the table, as in the worker: the table let its engines' per-stack values go (0023).
  const afterTable = () => {
    const shown = new TopViews();
    shown.view(pair.current, pair.base, query);
    return new CallTreeViews(new FlameViews(shown), shown);
  };
  const treeAndPage = time(iterations, afterTable, (c) => c.view(pair.current, pair.base, firstPage));
  const again = time(iterations, () => new CallTreeViews(fresh(), top), (c) => c.view(pair.current, pair.base, firstPage));
  const frames = time(iterations, () => new FlameFrameViews(fresh(), top), (f) => f.view(pair.current, pair.base, { ...query, width: PIXELS }));
  const invertedPage = time(iterations, () => new CallTreeViews(fresh(), top), (c) => c.view(pair.current, pair.base, { ...firstPage, inverted: true }));
  // The whole tree, and what is built from it.
  const withWhole = () => {
    const trees = fresh().trees(pair.current, pair.base, query);
    void trees.topDown;
    return trees;
  };
  const whole = time(iterations, () => fresh().trees(pair.current, pair.base, query), (x) => x.topDown);
  const inverted = time(iterations, withWhole, (x) => x.inverted());
  const t = withWhole().topDown;
  // The pivot a leak hunter asks for first: the function at the end of the growth path.
  const grower = t.node[growthPath(t).at(-1) ?? 0];
  const pivot = time(iterations, withWhole, (x) => x.pivot(grower));
  const drawn = flameFrames(t, { minFraction: 1 / PIXELS }).frame.length;
  const ratio = (s: GraphBenchStats) => `${(s.median / table.median).toFixed(2)}× the table`;
  return {
    rows: [
      { label: `${pair.name}: ${t.length.toLocaleString('en-US')} frames, ${drawn} wider than 1/${PIXELS}` },
      { label: "  the table's own computation (a new TopViews' view)", stats: table },
      { label: '  lazy tree set up (FlameViews.trees)', stats: setUp, note: ratio(setUp) },
      { label: '  tree + first call-tree page, the first tab after the table (growth path open, 100 rows)', stats: treeAndPage, note: ratio(treeAndPage) },
      { label: "  the same, the engines' per-stack values already made again (a second tree)", stats: again, note: ratio(again) },
      { label: `  tree + flame frames wider than 1/${PIXELS}`, stats: frames, note: ratio(frames) },
      { label: '  inverted tree + its first page (from scratch)', stats: invertedPage, note: ratio(invertedPage) },
      { label: '  whole top-down tree (inverted, pivot, search, CLI)', stats: whole, note: ratio(whole) },
      { label: '  inverted tree (from the whole one)', stats: inverted, note: ratio(inverted) },
      { label: `  pivot on the growth path's last function (${grower === undefined || grower < 0 ? '-' : t.names[grower]})`, stats: pivot, note: ratio(pivot) },
    ],
    treeAndPage,
  };
}

export async function benchFlame(options: { iterations?: number } = {}): Promise<GraphBenchResult> {
  const iterations = options.iterations ?? 5;
  const rows: GraphBenchRow[] = [];
  const checks: GraphBenchCheck[] = [];
  const query: ReportQuery = { mode: 'diff' };
  const fixture = { name: 'largest fixture pair (bigparse)', base: decode(join(FIXTURES, 'bigparse.base.heap')), current: decode(join(FIXTURES, 'bigparse.current.heap')) };
  rows.push(...pairRows(fixture, iterations, query).rows);
  const base = join(DATA, 'bigheap.base.heap');
  const current = join(DATA, 'bigheap.current.heap');
  if (existsSync(base) && existsSync(current)) {
    const r = pairRows({ name: 'large pair (bigheap)', base: decode(base), current: decode(current) }, iterations, query);
    rows.push(...r.rows);
    checks.push({
      label: 'large pair: frame tree + first call-tree page, after the table',
      value: r.treeAndPage.median,
      unit: 'ms',
      target: `≤ ${FLAME_TARGET_MS} ms`,
      pass: r.treeAndPage.median <= FLAME_TARGET_MS,
      how: 'median, the first tab after a new table',
    });
  } else {
    rows.push({ label: 'large pair (bigheap)', note: 'skipped: test/bench/data/bigheap.*.heap missing (npm run bench:data)' });
  }
  return {
    title: `flame: frame tree and first call-tree page in the worker, median of ${iterations} after a warm-up (ms)`,
    rows,
    checks,
    notes: [
      "The table shown first, as in the worker: its comparison and plans cached; the first tab after it makes the engines' per-stack values again (the table let them go), the other rows find them made.",
      `Load average at the end: ${loadavg().map((x) => x.toFixed(2)).join(', ')} (1, 5, 15 min).`,
    ],
  };
}

// Alone: print the table.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--iterations');
  const r = await benchFlame({ iterations: i > 0 ? Number(process.argv[i + 1]) : 5 });
  console.log(r.title);
  for (const row of r.rows) {
    const s = row.stats ? `${row.stats.median.toFixed(1).padStart(8)}  (${row.stats.min.toFixed(1)}–${row.stats.max.toFixed(1)})` : '';
    console.log(`${row.label.padEnd(60)}${s}${row.note ? `  ${row.note}` : ''}`);
  }
  for (const c of r.checks) console.log(`${c.pass ? 'PASS' : 'FAIL'} ${c.label}: ${c.value.toFixed(1)} ms (${c.target})`);
  for (const n of r.notes ?? []) console.log(n);
}
