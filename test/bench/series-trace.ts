// What the main thread does while 50 snapshots load (issue #13, decision
// 0024): the trend test's steps (3 files, the heap table, the Trend tab, the
// other 47 dropped at once), with a Chromium trace of the 47's load. Per
// main-thread task: wall time and thread time (CPU, what the page costs
// whatever else the machine runs), and the largest tasks by CPU with their
// inner work (script, style, layout, paint, GC) as self time.
//
//   npx tsx test/bench/series-trace.ts [--runs 3] [--top 5] LABEL=DIST_DIR [LABEL=DIST_DIR…]
//
// Several builds are run interleaved (a, b, a, b…), each run in a fresh
// Chromium with the flags of the browser tests. --out DIR writes each trace
// (Chromium's Performance panel loads it).

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium } from '../e2e/browser';
import { dropFiles, releaseDrop, stageDrop } from '../e2e/harness';
import { serveStatic } from '../e2e/server';
import { mainThreadTasks, startTrace, type Task, type TraceEvent } from '../e2e/trace';

const SERIES = join(fileURLToPath(new URL('.', import.meta.url)), 'data/series');
const args = process.argv.slice(2);
const option = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? dflt : args.splice(i, 2)[1];
};
const runs = Number(option('runs', '3'));
const top = Number(option('top', '5'));
const out = option('out', '');
/** Files dropped before the trace, and then traced (hostile.test.ts's case: --first 0 --then 20, the heap table). */
const first = Number(option('first', '3'));
const then = Number(option('then', '47'));
/** Also a V8 CPU profile of the main thread (sampling costs the page time: its CPU figures are then not comparable). */
const js = args.includes('--js') ? (args.splice(args.indexOf('--js'), 1), true) : false;
const builds = args.map((a) => {
  const [label, dir] = a.split('=');
  return { label, dir };
});

// DevTools' Performance panel's own, less its screenshots and JS sampling (those cost the page time).
const CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'blink.user_timing', 'v8.execute', 'loading', 'latencyInfo', ...(process.env.INVALIDATIONS ? ['disabled-by-default-devtools.timeline.invalidationTracking'] : [])].join(',');

const files = Array.from({ length: 50 }, (_, i) => {
  const n = String(i + 1).padStart(2, '0');
  return { name: `s${n}.heap`, bytes: new Uint8Array(readFileSync(join(SERIES, `bigheap.s${n}.heap`))) };
});

const ready = (page: Page) => page.locator('[data-testid="file-card"][data-status="ready"]').count();

async function waitFor(what: () => Promise<boolean>, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One run: the trace of the 47 files' load. */
async function run(dir: string): Promise<{ events: TraceEvent[]; profile?: CpuProfile; loadMs: number }> {
  const server = await serveStatic(dir);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByLabel('Open profiles').waitFor({ state: 'attached' });
    if (first > 0) {
      await dropFiles(page, files.slice(0, first));
      await waitFor(async () => (await ready(page)) === first);
      await page.getByTestId('top-table').waitFor({ timeout: 60_000 });
      await waitFor(async () => (await page.getByTestId('heap').getAttribute('aria-busy')) === 'false');
      await page.getByTestId('view-tab-trend').click();
      await page.getByTestId('trend-table').waitFor({ timeout: 30_000 });
      await waitFor(async () => (await page.getByTestId('trend').getAttribute('aria-busy')) === 'false');
    }
    await page.waitForTimeout(300);
    const trace = await startTrace(page, CATEGORIES.split(','));
    const cdp = trace.cdp;
    if (js) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    // The files are made in the page first (decoding base64: the script's work, not the page's), then dropped.
    await stageDrop(page, files.slice(first, first + then));
    await page.evaluate(() => performance.mark('staged'));
    const dropped = Date.now();
    await releaseDrop(page);
    await waitFor(async () => (await ready(page)) === first + then);
    const loadMs = Date.now() - dropped;
    await page.waitForTimeout(200);
    const events = await trace.stop();
    const profile = js ? ((await cdp.send('Profiler.stop')) as { profile: CpuProfile }).profile : undefined;
    await context.close();
    return { events, profile, loadMs };
  } finally {
    await browser.close();
    await server.close();
  }
}

const r1 = (x: number) => Math.round(x * 10) / 10;

function report(label: string, i: number, t: Task[], loadMs: number): void {
  const cpu = t.reduce((s, x) => s + x.cpu, 0);
  const wall50 = t.filter((x) => x.wall >= 50);
  const byCpu = [...t].sort((a, b) => b.cpu - a.cpu);
  console.log(`${label} run ${i + 1}: all ready ${loadMs} ms after the drop; ${t.length} tasks, main-thread CPU ${Math.round(cpu)} ms; tasks ≥ 50 ms wall: ${wall50.length} (CPU of those ${wall50.map((x) => r1(x.cpu)).join(', ')})`);
  console.log(`  largest CPU: ${byCpu.slice(0, top).map((x) => `${r1(x.cpu)} (wall ${r1(x.wall)})`).join(', ')}; tasks ≥ 20 ms CPU: ${t.filter((x) => x.cpu >= 20).length}, ≥ 10 ms: ${t.filter((x) => x.cpu >= 10).length}`);
  for (const x of byCpu.slice(0, top)) {
    const inner = [...x.inner].filter(([, ms]) => ms >= 0.5).sort((a, b) => b[1] - a[1]).slice(0, 8);
    console.log(`    ${r1(x.cpu)} ms: ${inner.map(([n, ms]) => `${n} ${r1(ms)}`).join(', ')}`);
  }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self and total time (ms) per function of the page's main thread, the largest first. */
function jsReport(p: CpuProfile): void {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const ms = (p.timeDeltas[i + 1] ?? 0) / 1000;
    self.set(key(id), (self.get(key(id)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) seen.add(key(at));
    for (const k of seen) total.set(k, (total.get(k) ?? 0) + ms);
  });
  const list = (m: Map<string, number>) => [...m].filter(([k]) => !/^\((idle|program|root)\)/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 25);
  console.log(`  JS self: ${list(self).map(([k, ms]) => `${k} ${Math.round(ms)}`).join('; ')}`);
  console.log(`  JS total: ${list(total).map(([k, ms]) => `${k} ${Math.round(ms)}`).join('; ')}`);
}

for (let i = 0; i < runs; i++) {
  for (const b of builds) {
    const { events, profile, loadMs } = await run(b.dir);
    if (out) writeFileSync(join(out, `${b.label}-${i + 1}.json`), JSON.stringify({ traceEvents: events }));
    if (out && profile) writeFileSync(join(out, `${b.label}-${i + 1}.cpuprofile`), JSON.stringify(profile));
    report(b.label, i, mainThreadTasks(events, 'staged'), loadMs);
    if (profile) jsReport(profile);
  }
}
