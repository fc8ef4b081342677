// What every page test file does: one Chromium for the file, a fresh page
// (context) per test, and after each test the checks that hold everywhere —
// no request left the page's origin, no CSP violation, no console or page
// error — plus the file's own; and the few ways a test acts on the page that
// are not the page's own controls: a real drop of files, the file cards,
// main-thread long tasks (traced).

import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import { launchChromium, openPage, type OpenOptions, type WatchedPage } from './browser';
import { describeTask, type Task, watchMainThread } from './trace';

export interface PageSession {
  readonly browser: Browser;
  /** The page of the running test, if one was opened. */
  readonly watched: WatchedPage | undefined;
  /** Opens the built page at its base URL + `suffix` (a query or hash) and waits for its file input. */
  open(suffix?: string, options?: OpenOptions): Promise<Page>;
  /** The checks on the page of the running test, then closing it (after each test, or before a test opens another). */
  finish(): Promise<void>;
}

export interface SessionOptions {
  /** Run on each page as it opens (e.g. to listen for dialogs). */
  onOpen?: (w: WatchedPage) => void;
  /** More checks after each test, before the page closes; `reset` runs after them either way. */
  check?: (w: WatchedPage) => void | Promise<void>;
  reset?: () => void;
}

export function pageSession(options: SessionOptions = {}): PageSession {
  let browser: Browser | undefined;
  let watched: WatchedPage | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  const finish = async () => {
    if (!watched) return;
    const w = watched;
    watched = undefined;
    try {
      await options.check?.(w);
      expect(w.foreignRequests(), 'requests to other origins').toEqual([]);
      expect(await w.cspViolations(), 'CSP violations').toEqual([]);
      expect(w.consoleErrors, 'console errors').toEqual([]);
      expect(w.pageErrors, 'page errors').toEqual([]);
    } finally {
      options.reset?.();
      await w.close();
    }
  };
  afterEach(finish);
  return {
    finish,
    get browser() {
      return browser!;
    },
    get watched() {
      return watched;
    },
    async open(suffix = '', open: OpenOptions = {}) {
      watched = await openPage(browser!, inject('baseURL') + suffix, open);
      options.onOpen?.(watched);
      await watched.page.getByLabel('Open profiles').waitFor({ state: 'attached' });
      return watched.page;
    },
  };
}

/**
 * A real drop: a DataTransfer built in the page from the bytes given (stageDrop: a task of the
 * test's), then dispatched as dragenter, dragover and (unless `release` is false) drop
 * (releaseDrop: the page's handling of it alone, so a long task there is the page's).
 */
export async function dropFiles(page: Page, files: readonly { name: string; bytes: Uint8Array }[], { release = true } = {}): Promise<void> {
  await stageDrop(page, files);
  await releaseDrop(page, { release });
}

export async function stageDrop(page: Page, files: readonly { name: string; bytes: Uint8Array }[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, b64: Buffer.from(f.bytes).toString('base64') }));
  await page.evaluate((payload) => {
    const dt = new DataTransfer();
    for (const f of payload) {
      const bin = atob(f.b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      dt.items.add(new File([bytes], f.name, { type: 'application/octet-stream' }));
    }
    (window as unknown as { __drop: DataTransfer }).__drop = dt;
  }, payload);
}

export async function releaseDrop(page: Page, { release = true } = {}): Promise<void> {
  await page.evaluate((release) => {
    const w = window as unknown as { __drop: DataTransfer | null };
    const dt = w.__drop!;
    w.__drop = null;
    const target = document.querySelector('main') ?? document.body;
    const types = release ? ['dragenter', 'dragover', 'drop'] : ['dragenter', 'dragover'];
    for (const type of types) target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, release);
}

/** A file's card on the page (or in an embedding page's frame). */
export const card = (root: Page | ReturnType<Page['frameLocator']>, name: string): Locator => root.locator(`[data-testid="file-card"][data-name="${name}"]`);

/**
 * On a page opened with ?test: the next decoder given the file `name` waits once it has shown
 * progress, until the file is cancelled. A decode takes a fraction of a second, which a wait
 * for its progress followed by a click can miss.
 */
export async function holdDecoder(page: Page, name: string): Promise<void> {
  await page.evaluate((name) => (window as unknown as TestHooks).__heapdiff.holdDecoder(name), name);
}

/** What a page opened with ?test offers its tests (src/ui/main.tsx). */
export interface TestHooks {
  __heapdiff: {
    stopDecoder(name: string): Promise<void>;
    holdDecoder(name: string): Promise<void>;
    decoderStats(): Promise<{ started: number; mostAtOnce: number }>;
  };
}

/** Waits until the file's card says `want` (decoded, or failed with its error). */
export async function cardStatus(page: Page, name: string, want: 'ready' | 'error' = 'ready', timeout = 20_000): Promise<Locator> {
  const c = card(page, name);
  await c.and(page.locator(`[data-status="${want}"]`)).waitFor({ timeout });
  return c;
}

/**
 * The total of `type` on the card `c`, as its details show it. A card is redrawn as a line, its
 * details closed, when the other file of its pair becomes ready, which may happen between any two
 * steps here: so whichever shows first, the value or a closed Details button, until the value is read.
 */
export async function cardTotal(c: Locator, type: string, timeout = 30_000): Promise<string | null> {
  const value = c.locator(`[data-testid="card-total"][data-type="${type}"] [data-testid="card-total-value"]`);
  const closed = c.locator('[data-testid="card-expand"][aria-expanded="false"]');
  const until = Date.now() + timeout;
  for (;;) {
    const left = until - Date.now();
    await value.or(closed).first().waitFor({ timeout: Math.max(left, 1) });
    const step = { timeout: Math.min(Math.max(left, 1), 1_000) };
    try {
      if ((await value.count()) > 0) return await value.textContent(step);
      await closed.click(step);
    } catch (e) {
      if (Date.now() >= until) throw e;
    }
  }
}

/**
 * The options of a test that bounds main-thread tasks: one retry. The bound is on the main thread's
 * own time, but a wall-time bound remains (and a loaded machine stretches everything): a bound that
 * held once and failed once is the machine; one that fails twice is the page (decision 0028).
 */
export const TIMED = { retry: 1 } as const;

/**
 * A main-thread task the page must not have: 50 ms of the thread's own time (CPU), or 100 ms of wall
 * time. Wall time alone counts the wait for a core, which the page's decoders and worker, or another
 * test run, take on a 2-core machine (decisions 0024, 0028).
 */
export const tooLong = (t: Task): boolean => t.cpu >= 50 || t.wall >= 100;

/** A task that froze the page, the bound of the few views that are allowed one long first frame. */
export const frozen = (t: Task): boolean => t.wall >= 200;

/**
 * From here on, the main thread is traced; the function returned stops the trace and gives the
 * tasks over `bound` (tooLong by default), each described with its CPU, wall time and what it did.
 */
export async function watchLongTasks(page: Page, bound: (t: Task) => boolean = tooLong): Promise<() => Promise<string[]>> {
  const stop = await watchMainThread(page);
  return async () => (await stop()).tasks.filter(bound).map(describeTask);
}
