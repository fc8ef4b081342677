// How loading a profile feels on the main thread: the built page in
// Chromium, the file given to the "Open profiles" input, and two numbers:
// dropToReadyMs (input change → card ready) and the longest main-thread task
// seen meanwhile (PerformanceObserver 'longtask', installed before the load;
// Chromium reports only tasks of 50 ms or more, so 0 means none). The
// largest gap between animation frames is measured too, as a check that
// does not depend on the long task API.
//
//   npx tsx test/e2e/measure-load.ts PROFILE [PROFILE…]
//
// Standalone it builds the page when dist/ is missing (E2E_BUILD=1 forces it)
// and serves it itself; the benchmark (test/bench/run.ts) calls measureLoad().

import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { buildPage, DIST } from './build';
import { serveStatic } from './server';

export interface LoadMeasurement {
  file: string;
  fileBytes: number;
  /** From the file input's change event to the card showing the decoded profile. */
  dropToReadyMs: number;
  /** Longest 'longtask' entry during the load; 0 when there was none (all under 50 ms). */
  longestMainThreadTaskMs: number;
  longTasks: number;
  /** Largest gap between two animation frames during the load. */
  longestFrameGapMs: number;
  /** What the card says, e.g. "ready", or "error: …". */
  outcome: string;
}

export interface MeasureOptions {
  /** A running server for the built page; otherwise dist/ is served here. */
  baseURL?: string;
  /** A running Chromium; otherwise one is launched and closed. */
  browser?: Browser;
  timeoutMs?: number;
}

interface PerfState {
  armed: boolean;
  longTasks: number[];
  maxGap: number;
  t0: number | null;
  t1: number | null;
  watchName: string | null;
  outcome: string | null;
}

/**
 * Installed before the page's scripts run. Plain JavaScript in a string, not
 * a function: transpilers (tsx's keepNames) would add helpers the page lacks.
 */
export const INSTRUMENT = `(() => {
  const perf = { armed: false, longTasks: [], longTaskAt: [], maxGap: 0, t0: null, t1: null, watchName: null, outcome: null };
  window.__perf = perf;
  try {
    new PerformanceObserver((list) => {
      if (!perf.armed) return;
      for (const e of list.getEntries()) {
        perf.longTasks.push(e.duration);
        perf.longTaskAt.push(e.startTime);
      }
    }).observe({ type: 'longtask', buffered: false });
  } catch (e) {
    // No long task API: the frame gap still says something.
  }
  let last = performance.now();
  const frame = (t) => {
    if (perf.armed && perf.t1 === null) perf.maxGap = Math.max(perf.maxGap, t - last);
    last = t;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  document.addEventListener('change', (e) => {
    if (perf.armed && e.target && e.target.type === 'file') perf.t0 = performance.now();
  }, true);
  const check = () => {
    if (!perf.armed || perf.t1 !== null || !perf.watchName) return;
    for (const card of document.querySelectorAll('[data-testid="file-card"]')) {
      if (card.dataset.name !== perf.watchName) continue;
      const status = card.dataset.status;
      if (status === 'ready' || status === 'error') {
        perf.t1 = performance.now();
        const err = card.querySelector('[data-testid="card-error"]');
        perf.outcome = status === 'ready' ? 'ready' : 'error: ' + (err ? err.textContent : '');
      }
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
})();`;

/**
 * Until the page's start-up has settled: its file input there and what it does once idle
 * (main.tsx: the font specimens, then its decoders started, ~150 ms on their threads) done,
 * as it is before a person has dragged files over it.
 */
export async function untilSettled(page: Page): Promise<void> {
  await page.getByLabel('Open profiles').waitFor({ state: 'attached' });
  await page.getByTestId('font-specimens').waitFor({ state: 'attached', timeout: 10_000 });
  await page.waitForTimeout(500);
}

/**
 * Readies the page for a measured load and gives the function that gives it
 * `files`. Playwright runs a script of its own in the page the first time a
 * call needs it (EvaluateScript of a script without a URL, a ~16 ms parse):
 * its file input and its first waitForFunction did so inside the measured
 * span, tasks of 45–65 ms while the decoders held both cores. Here the input
 * is resolved through the DevTools protocol, which gives it the files (it fires
 * its change event, nothing else runs in the page), and Playwright's script
 * is made before the span by a first waitForFunction.
 */
export async function prepareFileDrop(page: Page): Promise<(files: string | string[]) => Promise<void>> {
  await page.waitForFunction(() => true);
  const cdp = await page.context().newCDPSession(page);
  const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'input[type="file"][data-testid="file-input"]' });
  if (!nodeId) throw new Error('the page has no file input');
  return async (files) => {
    await cdp.send('DOM.setFileInputFiles', { nodeId, files: (Array.isArray(files) ? files : [files]).map((f) => resolve(f)) });
  };
}

/** Measures one load on a page that is already open on the built heapdiff page (with the instrument installed). */
async function measureOn(page: Page, file: string, timeoutMs: number): Promise<LoadMeasurement> {
  const name = basename(file);
  const setFiles = await prepareFileDrop(page);
  await page.evaluate((n) => {
    const perf = (window as unknown as { __perf: PerfState }).__perf;
    Object.assign(perf, { armed: true, longTasks: [], longTaskAt: [], maxGap: 0, t0: null, t1: null, watchName: n, outcome: null });
  }, name);
  await setFiles(file);
  await page.waitForFunction(() => (window as unknown as { __perf: PerfState }).__perf.t1 !== null, undefined, { timeout: timeoutMs, polling: 100 });
  // Let long task entries for the last frames arrive.
  await page.waitForTimeout(100);
  const perf = await page.evaluate(() => (window as unknown as { __perf: PerfState }).__perf);
  return {
    file,
    fileBytes: statSync(file).size,
    dropToReadyMs: round((perf.t1 ?? 0) - (perf.t0 ?? 0)),
    longestMainThreadTaskMs: round(Math.max(0, ...perf.longTasks)),
    longTasks: perf.longTasks.length,
    longestFrameGapMs: round(perf.maxGap),
    outcome: perf.outcome ?? 'unknown',
  };
}

const round = (x: number) => Math.round(x * 10) / 10;

/** Loads `profilePath` into a fresh tab of the built page and measures it. */
export async function measureLoad(profilePath: string, options: MeasureOptions = {}): Promise<LoadMeasurement> {
  const file = resolve(profilePath);
  if (!existsSync(file)) throw new Error(`no such profile: ${file}`);
  let server: Awaited<ReturnType<typeof serveStatic>> | undefined;
  let baseURL = options.baseURL;
  if (!baseURL) {
    if (process.env.E2E_BUILD || !existsSync(join(DIST, 'index.html'))) buildPage();
    server = await serveStatic(DIST);
    baseURL = server.url;
  }
  const browser = options.browser ?? (await launchChromium());
  const context = await browser.newContext();
  try {
    await context.addInitScript({ content: INSTRUMENT });
    const page = await context.newPage();
    await page.goto(baseURL);
    await untilSettled(page);
    return await measureOn(page, file, options.timeoutMs ?? 120_000);
  } finally {
    await context.close();
    if (!options.browser) await browser.close();
    await server?.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    process.stderr.write('usage: npx tsx test/e2e/measure-load.ts PROFILE [PROFILE…]\n');
    process.exit(2);
  }
  for (const f of files) console.log(JSON.stringify(await measureLoad(f)));
}
