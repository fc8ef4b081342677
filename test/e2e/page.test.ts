// The built page in Chromium under the strict CSP: loading by file input, by
// drop and by the example button; pprof's totals on the cards; base and
// current by time; bad files; swap, remove, cancel; a decoder crash. After
// every test: no request left the page's origin, no CSP violation, no
// console or page error.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { decodeProfile } from '../../src/core/decode';
import { isProfileError } from '../../src/core/errors';
import { runSync } from '../../src/core/progress';
import { ROOT } from './build';
import { card, cardStatus, holdDecoder, cardTotal as total, dropFiles as drop, pageSession } from './harness';
import { INSTRUMENT, measureLoad } from './measure-load';
import { syntheticHeap } from './synthetic';

const EXAMPLES = join(ROOT, 'public/examples');
const BASE = join(EXAMPLES, 'gzipleak.base.heap');
const CURRENT = join(EXAMPLES, 'gzipleak.current.heap');
const SHOTS = join(ROOT, 'test-results/screenshots');

const session = pageSession();
const open = (query = '', colorScheme: 'light' | 'dark' = 'light'): Promise<Page> => session.open(query, { colorScheme });
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'heapdiff-e2e-'));
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const ready = (page: Page, name: string, timeout?: number): Promise<Locator> => cardStatus(page, name, 'ready', timeout);

const role = (c: Locator) => c.getAttribute('data-role');

/** The message go's core gives for these bytes, computed in Node: the card must show exactly it. */
function expectedError(bytes: Uint8Array, inflateLimit?: number): { code: string; message: string } {
  try {
    runSync(decodeProfile(bytes, { inflateLimit }));
  } catch (e) {
    if (isProfileError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected these bytes to fail');
}

describe('heapdiff page', () => {
  it('opens with its controls, reachable from the keyboard', async () => {
    const page = await open();
    expect(await page.title()).toMatch(/heapdiff/);
    await expect.poll(() => page.getByRole('button', { name: 'Try the example (gzip leak)' }).count()).toBe(1);
    expect(await page.getByTestId('empty-state').isVisible()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => ({ tag: document.activeElement?.tagName, type: (document.activeElement as HTMLInputElement).type, label: document.activeElement?.closest('label')?.textContent?.trim() }))).toEqual({
      tag: 'INPUT',
      type: 'file',
      label: 'Open profiles',
    });
  });

  it('loads the pair through the file input: pprof totals, base and current by time', async () => {
    const page = await open();
    // Current first: the roles must come from the profiles' times, not the order.
    await page.getByLabel('Open profiles').setInputFiles([CURRENT, BASE]);
    const base = await ready(page, 'gzipleak.base.heap');
    const current = await ready(page, 'gzipleak.current.heap');
    // golden/gzipleak.base.heap.top.txt and gzipleak.current.heap.top.txt: "of … total".
    expect(await total(base, 'inuse_space')).toBe('11419.50kB');
    expect(await total(current, 'inuse_space')).toBe('98.29MB');
    expect(await total(base, 'inuse_objects')).toMatch(/^\d+$/);
    expect(await role(base)).toBe('base');
    expect(await role(current)).toBe('current');
    expect(await base.getByTestId('card-kind').textContent()).toBe('heap');
    expect(await base.getByTestId('card-format').textContent()).toMatch(/^profile\.proto, gzip/);
    expect(await base.getByTestId('card-decode-ms').textContent()).toMatch(/\d ms$/);
    // The base card comes first.
    expect(await page.getByTestId('file-card').first().getAttribute('data-name')).toBe('gzipleak.base.heap');
  });

  it('loads the pair through a real drop event, with a visible drag-over state', async () => {
    const page = await open();
    const files = [
      { name: 'gzipleak.current.heap', bytes: readFileSync(CURRENT) },
      { name: 'gzipleak.base.heap', bytes: readFileSync(BASE) },
    ];
    await drop(page, files, { release: false });
    await page.getByTestId('drop-overlay').waitFor({ state: 'visible' });
    await drop(page, files);
    await page.getByTestId('drop-overlay').waitFor({ state: 'detached' });
    const base = await ready(page, 'gzipleak.base.heap');
    const current = await ready(page, 'gzipleak.current.heap');
    expect(await total(base, 'inuse_space')).toBe('11419.50kB');
    expect(await total(current, 'inuse_space')).toBe('98.29MB');
    expect(await role(base)).toBe('base');
    expect(await role(current)).toBe('current');
  });

  it('loads the example pair from the page’s own files, in light and dark', async () => {
    const page = await open();
    await page.getByRole('button', { name: 'Try the example (gzip leak)' }).click();
    expect(await total(await ready(page, 'gzipleak.base.heap'), 'inuse_space')).toBe('11419.50kB');
    expect(await total(await ready(page, 'gzipleak.current.heap'), 'inuse_space')).toBe('98.29MB');
    expect(session.watched!.requests.some((r) => r.endsWith('/examples/gzipleak.base.heap'))).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'light.png'), fullPage: true });
    const light = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    await session.finish();

    const dark = await open('', 'dark');
    await dark.getByRole('button', { name: 'Try the example (gzip leak)' }).click();
    await ready(dark, 'gzipleak.current.heap');
    await dark.screenshot({ path: join(SHOTS, 'dark.png'), fullPage: true });
    const darkBg = await dark.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const luminance = (rgb: string) => (rgb.match(/\d+/g) ?? []).slice(0, 3).reduce((a, b) => a + Number(b), 0);
    expect(luminance(light)).toBeGreaterThan(600);
    expect(luminance(darkBg)).toBeLessThan(150);
  });

  it('shows each bad file’s own error while what was loaded stays loaded', async () => {
    const page = await open();
    await page.getByLabel('Open profiles').setInputFiles(BASE);
    await ready(page, 'gzipleak.base.heap');
    // The browser's own inflater read it: pako, which tells what is wrong with a damaged gzip, is fetched only then (decision 0039).
    const pakoFetched = () => session.watched!.pageRequests.filter((r) => /\/assets\/pako-[\w-]+\.js$/.test(r)).length;
    expect(pakoFetched()).toBe(0);

    const current = readFileSync(CURRENT);
    let seed = 7;
    const random = Uint8Array.from({ length: 4096 }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
    const bad: { name: string; bytes: Uint8Array; code: string; text: RegExp }[] = [
      { name: 'empty.heap', bytes: new Uint8Array(0), code: 'empty', text: /empty/ },
      { name: 'truncated.heap', bytes: current.subarray(0, current.length >> 1), code: 'gzip-truncated', text: /truncated/ },
      { name: 'login.html', bytes: Buffer.from('<!doctype html><html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>'), code: 'unrecognized', text: /HTML page titled "502 Bad Gateway"/ },
      { name: 'random.bin', bytes: random, code: '', text: /./ },
      { name: 'notes.txt', bytes: Buffer.from('hello\nthis is not a profile\n'), code: 'unrecognized', text: /plain text starting with "hello"/ },
    ];
    await drop(page, bad);
    for (const b of bad) {
      const want = expectedError(b.bytes);
      if (b.code) expect(want.code).toBe(b.code);
      expect(want.message).toMatch(b.text);
      const c = card(page, b.name);
      await c.and(page.locator('[data-status="error"]')).waitFor({ timeout: 20_000 });
      const err = c.getByTestId('card-error');
      expect(await err.getAttribute('data-code'), b.name).toBe(want.code);
      expect(await err.textContent(), b.name).toBe(want.message);
    }
    expect(pakoFetched()).toBe(1);
    const base = card(page, 'gzipleak.base.heap');
    expect(await base.getAttribute('data-status')).toBe('ready');
    expect(await total(base, 'inuse_space')).toBe('11419.50kB');
    // A good file after the bad ones still loads, and becomes the current one.
    await page.getByLabel('Open profiles').setInputFiles(CURRENT);
    expect(await role(await ready(page, 'gzipleak.current.heap'))).toBe('current');
    expect(await role(base)).toBe('base');
  });

  it('stops a decompression bomb at the inflate limit', async () => {
    // 1.1 GiB of zeros is about 1.1 MB of gzip; the page's limit is 1 GiB.
    const chunk = Buffer.alloc(64 << 20);
    const parts = [];
    for (let i = 0; i < 18; i++) parts.push(chunk);
    const bomb = gzipSync(Buffer.concat(parts), { level: 9 });
    const file = join(tmp, 'bomb.heap');
    writeFileSync(file, bomb);
    const page = await open();
    await page.getByLabel('Open profiles').setInputFiles(file);
    const c = card(page, 'bomb.heap');
    await c.and(page.locator('[data-status="error"]')).waitFor({ timeout: 40_000 });
    expect(await c.getByTestId('card-error').getAttribute('data-code')).toBe('inflate-limit');
    expect(await c.getByTestId('card-error').textContent()).toMatch(/exceeds the 1\.00 GiB limit/);
  });

  it('swaps base and current, and removes a file', async () => {
    const page = await open();
    await page.getByLabel('Open profiles').setInputFiles([BASE, CURRENT]);
    const base = await ready(page, 'gzipleak.base.heap');
    const current = await ready(page, 'gzipleak.current.heap');
    await base.getByRole('button', { name: /swap/i }).click();
    expect(await role(base)).toBe('current');
    expect(await role(current)).toBe('base');
    expect(await page.getByTestId('file-card').first().getAttribute('data-name')).toBe('gzipleak.current.heap');
    await current.getByRole('button', { name: /swap/i }).click();
    expect(await role(base)).toBe('base');

    await current.getByRole('button', { name: 'Remove gzipleak.current.heap' }).click();
    await current.waitFor({ state: 'detached' });
    expect(await page.getByTestId('file-card').count()).toBe(1);
    expect(await role(base)).toBe('current'); // the only heap profile: its kind's current one, alone
    expect(await base.getByRole('button', { name: /swap/i }).count()).toBe(0);
    await base.getByRole('button', { name: 'Remove gzipleak.base.heap' }).click();
    await page.getByTestId('empty-state').waitFor();
  });

  it('cancels a large load in progress, and keeps working', async () => {
    const file = join(tmp, 'large.heap');
    writeFileSync(file, syntheticHeap({ samples: 200_000 }));
    const page = await open('?test');
    await holdDecoder(page, 'large.heap');
    await page.getByLabel('Open profiles').setInputFiles(file);
    const c = card(page, 'large.heap');
    await c.getByTestId('card-progress').getByText(/Inflating|Decoding/).waitFor({ timeout: 20_000 });
    const asked = Date.now();
    await c.getByRole('button', { name: 'Cancel' }).click();
    await c.and(page.locator('[data-status="error"]')).waitFor({ timeout: 5_000 });
    const latency = Date.now() - asked;
    expect(await c.getByTestId('card-error').getAttribute('data-code')).toBe('cancelled');
    expect(latency).toBeLessThan(2_000);
    console.log(`[e2e] cancel of a ${(readFileSync(file).length / 2 ** 20).toFixed(1)} MiB profile took effect in ${latency} ms`);
    // The worker is free again.
    await page.getByLabel('Open profiles').setInputFiles(BASE);
    expect(await total(await ready(page, 'gzipleak.base.heap'), 'inuse_space')).toBe('11419.50kB');
  });

  it('shows no profile alone while a file dropped with it still loads; cancelled, the one loaded is shown', async () => {
    const file = join(tmp, 'slow.heap');
    writeFileSync(file, syntheticHeap({ samples: 600_000 }));
    const page = await open('?test');
    await holdDecoder(page, 'slow.heap'); // the other file is long ready while this one loads
    await page.getByLabel('Open profiles').setInputFiles([BASE, file]);
    await ready(page, 'gzipleak.base.heap');
    const slow = card(page, 'slow.heap');
    await slow.getByTestId('card-progress').getByText(/Inflating|Decoding/).waitFor({ timeout: 20_000 });
    // The base alone is about to be half of a pair: its table is not asked for meanwhile (both read in one look).
    await page.waitForTimeout(300);
    const seen = await page.evaluate(() => ({
      slow: document.querySelector('[data-testid="file-card"][data-name="slow.heap"]')?.getAttribute('data-status'),
      tables: document.querySelectorAll('[data-testid="top-table"]').length,
    }));
    expect(seen).toEqual({ slow: 'loading', tables: 0 });
    expect(await page.getByTestId('view-waiting').textContent()).toContain('Waiting for the file still loading');
    await slow.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('top-table').waitFor({ timeout: 10_000 });
    await expect.poll(() => page.getByTestId('top-header').textContent()).toContain('Type: inuse_space');
    expect(await page.getByTestId('view-waiting').count()).toBe(0);
  });

  it('restarts a dead decoder and loads the profiles again', async () => {
    const page = await open('?test');
    await page.getByLabel('Open profiles').setInputFiles([BASE, CURRENT]);
    await ready(page, 'gzipleak.base.heap');
    await ready(page, 'gzipleak.current.heap');
    expect(session.watched!.workersStarted).toBe(1);

    await page.evaluate(() => (window as unknown as { __heapdiff: { crashWorker(): void } }).__heapdiff.crashWorker());
    const notice = page.getByTestId('notice');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.locator('span').textContent()).toBe('The decoder stopped (out of memory?) — restarted');
    const base = await ready(page, 'gzipleak.base.heap');
    const current = await ready(page, 'gzipleak.current.heap');
    expect(session.watched!.workersStarted).toBe(2);
    expect(await total(base, 'inuse_space')).toBe('11419.50kB');
    expect(await total(current, 'inuse_space')).toBe('98.29MB');
    expect(await role(base)).toBe('base');
    // The new decoder takes new files too.
    await drop(page, [{ name: 'again.heap', bytes: readFileSync(BASE) }]);
    await ready(page, 'again.heap');
  });

  it('measures main-thread stalls: a 120 ms busy loop shows as a long task and a frame gap', async () => {
    const context = await session.browser.newContext();
    try {
      await context.addInitScript({ content: INSTRUMENT });
      const page = await context.newPage();
      await page.goto(inject('baseURL'));
      await page.evaluate(() => {
        Object.assign((window as unknown as { __perf: object }).__perf, { armed: true, longTasks: [], maxGap: 0 });
      });
      await page.waitForTimeout(100);
      // A task of the page's own (work run by page.evaluate is not counted as a task).
      await page.evaluate(() => {
        setTimeout(() => {
          const t = performance.now();
          while (performance.now() - t < 120);
        }, 0);
      });
      await page.waitForTimeout(300);
      const perf = await page.evaluate(() => (window as unknown as { __perf: { longTasks: number[]; maxGap: number } }).__perf);
      expect(Math.max(0, ...perf.longTasks)).toBeGreaterThanOrEqual(100);
      // Frame timestamps are frame starts: a 120 ms stall can show as a gap of one frame less (a CI run saw 99.9 ms).
      expect(perf.maxGap).toBeGreaterThanOrEqual(80);
    } finally {
      await context.close();
    }
  });

  it('logs how the example loads on the main thread', async () => {
    const m = await measureLoad(CURRENT, { baseURL: inject('baseURL'), browser: session.browser });
    console.log(`[e2e] load ${m.file.slice(ROOT.length)}: drop→ready ${m.dropToReadyMs} ms, longest main-thread task ${m.longestMainThreadTaskMs} ms (${m.longTasks} long tasks), longest frame gap ${m.longestFrameGapMs} ms`);
    expect(m.outcome).toBe('ready');
  });
});
