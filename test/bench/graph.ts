// The graph view's worker work, on the large pair (test/bench/data/
// bigheap.*.heap, made by make-data.sh) and on the example pair: what
// `graph(currentId, baseId, query)` in workers/profile.worker.ts does —
// build the -dot call graph (src/core/graph/graph.ts), lay it out
// (src/core/graph/layout.ts, @dagrejs/dagre), add each node's base and
// current values (view.ts) — and the downloads (formatDot, graphSvg).
//
// `benchGraph()` returns what a BENCHMARKS entry of run.ts returns (title,
// rows, checks, notes), to be wired in as
//
//   { name: 'graph', needsData: false, files: [BASE_HEAP, CURRENT_HEAP], run: () => benchGraph({ iterations: ITERATIONS }) }
//
// and runs alone too: `npx tsx test/bench/graph.ts [--iterations N]`.
//
// Target: build + layout of the 80-node graph of the large pair ≤ 300 ms,
// with the engine as the worker has it once the heap table was shown (the
// comparison made, its per-node values cached for the same options). The
// first graph of a pair (the comparison itself) and a new focus (a click on
// a node: the filter and values computed again) are printed for context.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeProfile } from '../../src/core/decode';
import { buildGraph, formatDot } from '../../src/core/graph';
import { layoutGraph } from '../../src/core/graph-view/layout';
import { graphSvg } from '../../src/core/graph/svg';
import { graphOptions, GraphViews, type GraphQuery } from '../../src/core/graph-view/view';
import type { Profile } from '../../src/core/model/profile';
import { runSync } from '../../src/core/progress';
import { TopViews } from '../../src/core/top/view';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const DATA = join(HERE, 'data');
const EXAMPLES = join(HERE, '../../public/examples');

export interface GraphBenchStats {
  median: number;
  min: number;
  max: number;
}

export interface GraphBenchRow {
  label: string;
  stats?: GraphBenchStats;
  note?: string;
}

export interface GraphBenchCheck {
  label: string;
  value: number;
  unit: 'ms';
  target: string;
  pass: boolean;
  how?: string;
}

export interface GraphBenchResult {
  title: string;
  rows: GraphBenchRow[];
  checks: GraphBenchCheck[];
  notes: string[];
}

export const GRAPH_TARGET_MS = 300;

export const gc = () => (globalThis as { gc?: () => void }).gc?.();

export function statsOf(ms: number[]): GraphBenchStats {
  const s = [...ms].sort((a, b) => a - b);
  return { median: s[s.length >> 1], min: s[0], max: s[s.length - 1] };
}

/** One warm-up, then `n` timed runs; `setup` (untimed) runs before each and hands its result to `fn`. */
export function time<T>(n: number, setup: () => T, fn: (x: T) => unknown): GraphBenchStats {
  const ms: number[] = [];
  for (let i = 0; i <= n; i++) {
    const x = setup();
    gc();
    const t = performance.now();
    fn(x);
    if (i > 0) ms.push(performance.now() - t);
  }
  return statsOf(ms);
}

export const decode = (path: string): Profile => runSync(decodeProfile(new Uint8Array(readFileSync(path)))).profile;

interface Pair {
  name: string;
  base: Profile;
  current: Profile;
}

function pairRows(pair: Pair, iterations: number, query: GraphQuery, focus: string | null): { rows: GraphBenchRow[]; buildLayout: number[]; nodes: number } {
  // As in the worker once the heap table was shown: the comparison made, the
  // per-node values of it and of each profile alone (the table's base and
  // current columns) computed for the same options.
  const top = new TopViews();
  top.view(pair.current, pair.base, query);
  const engine = top.report(pair.current, pair.base, query).engine;
  const options = graphOptions(engine.profile, query);
  const graph = buildGraph(engine, options);
  const nodes = graph.nodes.length;
  const build = time(iterations, () => null, () => buildGraph(engine, options));
  const layout = time(iterations, () => null, () => layoutGraph(graph));
  // The worker's whole call (build, layout, base/current per node), a new GraphViews each time (no cached view).
  const runs: number[] = [];
  const cpu: number[] = [];
  const view = time(
    iterations,
    () => new GraphViews(top),
    (g) => {
      const t = performance.now();
      const c = process.cpuUsage();
      g.view(pair.current, pair.base, query);
      const u = process.cpuUsage(c);
      runs.push(performance.now() - t);
      cpu.push((u.user + u.system) / 1000);
    },
  );
  // The graph tab opened first: each profile's values are computed for the hover's base and current.
  const first = time(
    iterations,
    () => {
      const t = new TopViews();
      t.engine(pair.current, pair.base, 'diff').compute({ ...options, nodeCount: 0 });
      return new GraphViews(t);
    },
    (g) => g.view(pair.current, pair.base, query),
  );
  const g0 = new GraphViews(top);
  const v = g0.view(pair.current, pair.base, query);
  const dot = time(iterations, () => null, () => formatDot(graph));
  const svg = time(iterations, () => null, () => graphSvg(v));
  const rows: GraphBenchRow[] = [
    { label: `${pair.name}: ${nodes} nodes, ${graph.edges.length} edges, ${v.nodelets.length} tags; picture ${v.width}×${v.height}` },
    { label: '  buildGraph (engine warm)', stats: build },
    { label: '  layoutGraph (dagre)', stats: layout },
    { label: '  worker graph(): build + layout + sides', stats: view, note: `CPU ${statsOf(cpu.slice(1)).median.toFixed(1)} ms` },
    { label: '  worker graph() before the table (sides computed too)', stats: first },
    { label: '  formatDot (Download DOT)', stats: dot },
    { label: '  graphSvg (Download SVG, on the page)', stats: svg },
  ];
  // A new focus: the filters and per-node values are computed again (a click on a node).
  if (focus) {
    const focused = time(
      iterations,
      () => new GraphViews(new TopViews()),
      (g) => g.view(pair.current, pair.base, { ...query, focus }),
    );
    rows.push({ label: `  worker graph() with focus=${focus}, cold engine (comparison included)`, stats: focused });
  }
  return { rows, buildLayout: runs.slice(1), nodes };
}

export async function benchGraph(options: { iterations?: number } = {}): Promise<GraphBenchResult> {
  const iterations = options.iterations ?? 5;
  const rows: GraphBenchRow[] = [];
  const checks: GraphBenchCheck[] = [];
  const notes = [
    'Engine warm: the comparison made and its per-node values cached, as in the worker after the heap table.',
    'CPU: this process’s user + system time for the same runs (less inflated than wall time on a busy machine).',
    'Layout: @dagrejs/dagre in the worker; box sizes from character counts (src/core/graph/look.ts).',
  ];
  const query: GraphQuery = { mode: 'diff', blame: false };

  const example = { name: 'example pair (gzipleak)', base: decode(join(EXAMPLES, 'gzipleak.base.heap')), current: decode(join(EXAMPLES, 'gzipleak.current.heap')) };
  rows.push(...pairRows(example, iterations, query, null).rows);

  const base = join(DATA, 'bigheap.base.heap');
  const current = join(DATA, 'bigheap.current.heap');
  if (existsSync(base) && existsSync(current)) {
    const big = { name: 'large pair (bigheap)', base: decode(base), current: decode(current) };
    const r = pairRows(big, iterations, query, 'balanceRecord');
    rows.push(...r.rows);
    const s = statsOf(r.buildLayout);
    checks.push({
      label: `large pair: worker graph() of the ${r.nodes}-node graph (build + layout)`,
      value: s.median,
      unit: 'ms',
      target: `≤ ${GRAPH_TARGET_MS} ms`,
      pass: s.median <= GRAPH_TARGET_MS,
      how: 'median, engine warm',
    });
  } else {
    rows.push({ label: 'large pair (bigheap)', note: 'skipped: test/bench/data/bigheap.*.heap missing (npm run bench:data)' });
  }
  return { title: `graph: build + layout in the worker, median of ${iterations} after a warm-up (ms)`, rows, checks, notes };
}

// Alone: print the table.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--iterations');
  const r = await benchGraph({ iterations: i > 0 ? Number(process.argv[i + 1]) : 5 });
  console.log(r.title);
  for (const row of r.rows) {
    const s = row.stats ? `${row.stats.median.toFixed(1).padStart(8)}  (${row.stats.min.toFixed(1)}–${row.stats.max.toFixed(1)})` : '';
    console.log(`${row.label.padEnd(72)}${s}${row.note ? `  ${row.note}` : ''}`);
  }
  for (const c of r.checks) console.log(`${c.pass ? 'PASS' : 'FAIL'}  ${c.label}: ${c.value.toFixed(1)} ms, target ${c.target}${c.how ? ` (${c.how})` : ''}`);
  for (const n of r.notes) console.log(`  ${n}`);
}
