// How the page loads the wide pair (issue #15), in Chromium: from the file
// input's change event to the first row of the base → current table, the
// longest main-thread task meanwhile, and the peak memory of all of
// Chromium's processes together (their RSS, and their PSS, which counts a
// page shared between processes once), sampled from /proc; and, to see the
// files decode at once, the same page given the larger file alone.
//
//   npx tsx test/e2e/measure-pair.ts BASE CURRENT
//
// The benchmark (test/bench/run.ts, `wide-page`) calls measurePair().

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { buildPage, DIST } from './build';
import { INSTRUMENT, prepareFileDrop, untilSettled } from './measure-load';
import { serveStatic } from './server';
import { mainThreadTasks, startTrace } from './trace';

export interface PairMeasurement {
  /** Change event → every card ready. */
  dropToReadyMs: number;
  /** Change event → the first row of the comparison (a row with a base value). */
  dropToFirstRowMs: number | null;
  /** Longest 'longtask' from the change event to the first row (0: none of 50 ms or more). */
  longestMainThreadTaskMs: number;
  longTasks: number;
  /** Each long task: its start after the change event, and its length (ms). */
  longTaskTimes: [number, number][];
  /**
   * What an observed run (`observe`) adds, null in a timed one: traced
   * (Chromium's `toplevel`), the largest thread time (CPU) of a main-thread
   * task in the same span and that of the task with the longest wall time;
   * Chromium's processes together, at most during the load and just before the drop.
   */
  observed: {
    largestTaskCpuMs: number;
    longestTaskCpuMs: number;
    peakRss: number;
    peakPss: number;
    startRss: number;
    startPss: number;
  } | null;
  outcome: string;
}

/**
 * Marks the first row of a comparison and the moment every watched card is
 * ready, beside INSTRUMENT's change time and long tasks. Plain JavaScript,
 * as INSTRUMENT is.
 */
const PAIR_INSTRUMENT = `(() => {
  const pair = { names: null, ready: null, firstRow: null, outcome: null };
  window.__pair = pair;
  const check = () => {
    if (!pair.names) return;
    if (pair.ready === null) {
      const cards = pair.names.map((n) => document.querySelector('[data-testid="file-card"][data-name="' + n + '"]'));
      const failed = cards.find((c) => c && c.dataset.status === 'error');
      if (failed) { pair.ready = performance.now(); pair.outcome = 'error: ' + failed.textContent; }
      else if (cards.every((c) => c && c.dataset.status === 'ready')) { pair.ready = performance.now(); pair.outcome = 'ready'; }
    }
    if (pair.firstRow === null && pair.names.length > 1 && document.querySelector('[data-testid="top-row"][data-base]')) pair.firstRow = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status', 'data-base'] });
})();`;

interface Memory {
  rss: number;
  pss: number;
}

/** The processes under this one whose name says Chromium, their RSS and PSS summed (bytes). */
export function chromiumMemory(): Memory {
  const parent = new Map<number, number>();
  const name = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      name.set(pid, stat.slice(stat.indexOf('(') + 1, close));
      parent.set(pid, Number(stat.slice(close + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const under = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true;
    return false;
  };
  let rss = 0;
  let pss = 0;
  for (const [pid, comm] of name) {
    if (!/chrom/i.test(comm) || !under(pid)) continue;
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      rss += kB(rollup, 'Rss');
      pss += kB(rollup, 'Pss');
    } catch {
      // gone meanwhile
    }
  }
  return { rss, pss };
}

/** chromiumMemory now and every `everyMs` until stop(): the first reading, and the highest of each. */
export function watchChromiumMemory(everyMs: number): { start: Memory; peak: Memory; stop(): void } {
  const start = chromiumMemory();
  const w = { start, peak: start, stop: () => clearInterval(timer) };
  const timer = setInterval(() => {
    const m = chromiumMemory();
    w.peak = { rss: Math.max(w.peak.rss, m.rss), pss: Math.max(w.peak.pss, m.pss) };
  }, everyMs);
  return w;
}

const kB = (text: string, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;

/**
 * The page at `baseURL`, instrumented (INSTRUMENT and `script`, before its
 * own scripts run), once its file input is there and its start-up settled.
 * `watch`: listeners to add before it loads (a crash, its workers).
 */
export async function openMeasuredPage(browser: Browser, baseURL: string, script: string, watch?: (page: Page) => void): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  await context.addInitScript({ content: INSTRUMENT });
  await context.addInitScript({ content: script });
  const page = await context.newPage();
  watch?.(page);
  await page.goto(baseURL);
  await untilSettled(page);
  return page;
}

/**
 * Gives `files` to the page's file input in a fresh Chromium and measures
 * the load: every card ready, and with two files or more the first row of
 * their comparison. With `observe`, also its memory (/proc read every
 * 100 ms) and a trace of its main thread: both cost the machine's CPU (on 2
 * cores the first row came 0.4–0.6 s later with them, decision 0033), so
 * a run that is timed is not observed.
 */
export async function measurePair(files: string[], options: { baseURL: string; timeoutMs?: number; observe?: boolean }): Promise<PairMeasurement> {
  if (process.env.MEASURE_TIMEOUT_MS) options = { ...options, timeoutMs: Number(process.env.MEASURE_TIMEOUT_MS) };
  const names = files.map((f) => basename(f));
  const browser = await launchChromium();
  try {
    const page = await openMeasuredPage(browser, options.baseURL, PAIR_INSTRUMENT);
    const memory = options.observe ? watchChromiumMemory(100) : null;
    let trace: Awaited<ReturnType<typeof startTrace>> | undefined;
    try {
      const setFiles = await prepareFileDrop(page);
      await page.evaluate((n) => {
        const w = window as unknown as { __perf: { armed: boolean; longTasks: number[]; longTaskAt: number[] }; __pair: { names: string[] } };
        w.__perf.armed = true;
        w.__perf.longTasks = [];
        w.__perf.longTaskAt = [];
        w.__pair.names = n;
      }, names);
      if (options.observe) trace = await startTrace(page, ['toplevel', 'blink.user_timing']);
      await page.evaluate(() => performance.mark('drop'));
      await setFiles(files);
      const timeout = options.timeoutMs ?? 300_000;
      try {
        await page.waitForFunction(() => (window as unknown as { __pair: { ready: number | null } }).__pair.ready !== null, undefined, { timeout, polling: 100 });
        if (names.length > 1) await firstRow(page, timeout);
      } catch (e) {
        throw new Error(`${(e as Error).message.split('\n')[0]}; the page shows: ${await pageState(page)}`);
      }
      await page.waitForTimeout(150); // the last long task entries
    } finally {
      memory?.stop();
    }
    const r = await page.evaluate(() => {
      const w = window as unknown as { __perf: { t0: number | null; longTasks: number[]; longTaskAt: number[] }; __pair: { ready: number; firstRow: number | null; outcome: string } };
      return { t0: w.__perf.t0 ?? 0, longTasks: w.__perf.longTasks, longTaskAt: w.__perf.longTaskAt, ...w.__pair };
    });
    const tasks = r.longTasks;
    const traced = trace ? mainThreadTasks(await trace.stop(), 'drop') : [];
    const longest = traced.reduce((a, t) => (t.wall > a.wall ? t : a), { wall: 0, cpu: 0 });
    const observed = memory && {
      largestTaskCpuMs: Math.round(Math.max(0, ...traced.map((t) => t.cpu))),
      longestTaskCpuMs: Math.round(longest.cpu),
      peakRss: memory.peak.rss,
      peakPss: memory.peak.pss,
      startRss: memory.start.rss,
      startPss: memory.start.pss,
    };
    return {
      dropToReadyMs: Math.round(r.ready - r.t0),
      dropToFirstRowMs: r.firstRow === null ? null : Math.round(r.firstRow - r.t0),
      longestMainThreadTaskMs: Math.round(Math.max(0, ...tasks)),
      longTasks: tasks.length,
      longTaskTimes: tasks.map((d, i) => [Math.round(r.longTaskAt[i] - r.t0), Math.round(d)]),
      observed,
      outcome: r.outcome,
    };
  } finally {
    await browser.close();
  }
}

/** The cards' names and states, and any notice: what a load that never finished left. */
async function pageState(page: Page): Promise<string> {
  return page.evaluate(() => {
    const cards = [...document.querySelectorAll<HTMLElement>('[data-testid="file-card"]')].map((c) => `${c.dataset.name} ${c.dataset.status} ${c.querySelector('[data-testid="card-progress"], [data-testid="card-error"]')?.textContent ?? ''}`);
    const notice = document.querySelector('[data-testid="notice"]')?.textContent;
    return [...cards, notice ? `notice: ${notice}` : '', `rows: ${document.querySelectorAll('[data-testid="top-row"]').length}`].filter(Boolean).join('; ');
  });
}

async function firstRow(page: Page, timeout: number): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { __pair: { firstRow: number | null } }).__pair.firstRow !== null, undefined, { timeout, polling: 100 });
}

/** measurePair on the built page (dist/, built when missing), served here. */
export async function measureBuilt(files: string[]): Promise<PairMeasurement> {
  if (process.env.E2E_BUILD || !existsSync(join(DIST, 'index.html'))) buildPage();
  const server = await serveStatic(DIST);
  try {
    return await measurePair(files.map((f) => resolve(f)), { baseURL: server.url, observe: true });
  } finally {
    await server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    process.stderr.write('usage: npx tsx test/e2e/measure-pair.ts FILE [FILE…]\n');
    process.exit(2);
  }
  console.log(JSON.stringify(await measureBuilt(files)));
}
