// How large a profile the built page loads (issue #15; pprof #936 reports a
// 123 GB one): one heap profile of N MB of profile.proto, made by
// test/gen/hugeheap (make-data.sh huge N) when missing, given to the page's
// file input in a fresh Chromium; for each size, whether it loaded (card
// ready and the table's first row shown, the tab alive), the time from the
// input's change to the first row, and the peak memory of all of Chromium's
// processes (PSS and summed RSS, from /proc every 250 ms, as wide-page every 100).
//
//   npx tsx test/bench/huge.ts              # 300 MB
//   npx tsx test/bench/huge.ts 300 600 900  # each size, smallest first
//   npm run bench -- huge                   # the same as the first, in the bench
//
// Builds the page first (as wide-page does); --no-build uses dist/ as it is;
// --timeout S gives each size S seconds to its first row (600 by default).
// A size stops the list when it fails: larger ones would too.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchChromium } from '../e2e/browser';
import { buildPage, DIST } from '../e2e/build';
import { openMeasuredPage, watchChromiumMemory } from '../e2e/measure-pair';
import { serveStatic } from '../e2e/server';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const DATA = join(HERE, 'data');

export interface HugeLoad {
  megabytes: number;
  /** "loaded", "crashed" (the tab died), "error: …" (the card's), "timeout: …". */
  outcome: string;
  /** Change event → the card ready, and → the first row of its table. */
  readyMs: number | null;
  firstRowMs: number | null;
  peakPss: number;
  peakRss: number;
  startPss: number;
  /** Times the page started its view worker again (its watchdog, or the worker died). */
  restarts: number;
  /** The page's notice at the end, if any. */
  notice: string | null;
}

/** The card's state and the first table row, marked as they appear (plain JavaScript, as INSTRUMENT). */
const HUGE_INSTRUMENT = `(() => {
  const huge = { ready: null, firstRow: null, error: null, notice: null };
  window.__huge = huge;
  const check = () => {
    const card = document.querySelector('[data-testid="file-card"]');
    if (huge.ready === null && card && card.dataset.status === 'ready') huge.ready = performance.now();
    if (huge.error === null && card && card.dataset.status === 'error') huge.error = card.textContent;
    if (huge.firstRow === null && document.querySelector('[data-testid="top-row"]')) huge.firstRow = performance.now();
    const notice = document.querySelector('[data-testid="notice"]');
    if (notice) huge.notice = notice.textContent;
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
})();`;

/** The file hugeN.heap in test/bench/data/, made when missing; null without Go. */
export function hugeFile(megabytes: number): string | null {
  const file = join(DATA, `huge${megabytes}.heap`);
  if (existsSync(file)) return file;
  const made = spawnSync(join(HERE, 'make-data.sh'), ['huge', String(megabytes)], { stdio: 'inherit' });
  return made.status === 0 && existsSync(file) ? file : null;
}

/** Loads `file` in a fresh Chromium from `baseURL` and waits for its first table row. */
export async function measureHuge(file: string, megabytes: number, baseURL: string, timeoutMs = 600_000): Promise<HugeLoad> {
  const browser = await launchChromium();
  try {
    let crashed = false;
    let viewWorkers = 0;
    const page = await openMeasuredPage(browser, baseURL, HUGE_INSTRUMENT, (p) => {
      p.on('crash', () => (crashed = true));
      p.on('worker', (w) => {
        // Decoders are nested workers, told by their name (workers/decoder.ts); the rest is the view worker.
        w.evaluate(() => self.name).then(
          (name) => name !== 'heapdiff file decoder' && viewWorkers++,
          () => {},
        );
      });
    });
    // Reading smaps of gigabyte processes costs CPU: 4 times a second.
    const memory = watchChromiumMemory(250);
    const start = memory.start;
    const firstWorkers = viewWorkers;
    const result: HugeLoad = { megabytes, outcome: 'loaded', readyMs: null, firstRowMs: null, peakPss: 0, peakRss: 0, startPss: start.pss, restarts: 0, notice: null };
    try {
      await page.evaluate(() => ((window as unknown as { __perf: { armed: boolean } }).__perf.armed = true));
      await page.getByLabel('Open profiles').setInputFiles(file);
      const state = () => page.evaluate(() => {
        const w = window as unknown as { __perf: { t0: number }; __huge: { ready: number | null; firstRow: number | null; error: string | null; notice: string | null } };
        return { t0: w.__perf.t0, ...w.__huge };
      });
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await new Promise((r) => setTimeout(r, 250));
        if (crashed) {
          result.outcome = 'crashed';
          break;
        }
        const s = await state().catch(() => null);
        if (!s) {
          result.outcome = crashed ? 'crashed' : 'page gone';
          break;
        }
        if (s.ready !== null) result.readyMs = Math.round(s.ready - s.t0);
        if (s.firstRow !== null) result.firstRowMs = Math.round(s.firstRow - s.t0);
        if (s.error !== null) result.outcome = `error: ${s.error}`;
        result.notice = s.notice;
        if (s.error !== null || s.firstRow !== null) break;
        if (Date.now() > deadline) {
          result.outcome = `timeout: no first row in ${timeoutMs / 1000} s`;
          break;
        }
      }
    } finally {
      memory.stop();
    }
    const peak = memory.peak;
    result.restarts = Math.max(0, viewWorkers - firstWorkers);
    result.peakPss = peak.pss;
    result.peakRss = peak.rss;
    return result;
  } finally {
    await browser.close().catch(() => undefined);
  }
}

/** Each size in turn, smallest first, stopping at the first that does not load. */
export async function measureSizes(sizes: number[], options: { build?: boolean; timeoutMs?: number } = {}): Promise<HugeLoad[]> {
  if (options.build !== false) buildPage();
  const server = await serveStatic(DIST);
  const loads: HugeLoad[] = [];
  try {
    for (const mb of [...sizes].sort((a, b) => a - b)) {
      const file = hugeFile(mb);
      if (!file) throw new Error(`no huge${mb}.heap: test/bench/make-data.sh huge ${mb} failed (is Go installed?)`);
      const load = await measureHuge(file, mb, server.url, options.timeoutMs);
      loads.push(load);
      if (load.outcome !== 'loaded') break;
    }
  } finally {
    await server.close();
  }
  return loads;
}

export function formatLoad(l: HugeLoad): string {
  const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`;
  const s = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);
  return (
    `${l.megabytes} MB profile.proto: ${l.outcome}; card ready ${s(l.readyMs)}, first row ${s(l.firstRowMs)}; ` +
    `peak PSS ${mb(l.peakPss)} (${(l.peakPss / (l.megabytes * 1e6)).toFixed(1)}× raw), summed RSS ${mb(l.peakRss)}, empty page ${mb(l.startPss)}` +
    (l.restarts > 0 ? `; view worker started again ${l.restarts}×` : '') +
    (l.notice ? `; notice: ${l.notice}` : '')
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const build = !args.includes('--no-build');
  const t = args.indexOf('--timeout');
  const timeoutMs = t >= 0 ? Number(args.splice(t, 2)[1]) * 1000 : undefined;
  const sizes = args.filter((a) => /^\d+$/.test(a)).map(Number);
  for (const l of await measureSizes(sizes.length > 0 ? sizes : [300], { build, timeoutMs })) console.log(formatLoad(l));
}
