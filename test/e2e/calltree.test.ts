// The call tree view in Chromium under the strict CSP. The example pair (the
// gzip leak, test/fixtures/README.md) with "blame your code" on by default:
// the top-down tree opens on the path of largest growth down to
// main.(*gzipResponseWriter).Write, with the cursor there; inverted, that
// function is the first row. The keyboard moves, opens, closes and `*`
// opens all below; Enter selects a function (its rows highlighted); columns
// sort siblings; Focus and Hide set the table's f= and h=. A big synthetic
// pair opened entirely: hundreds of thousands of rows, only those in view
// in the DOM, and no main-thread task of 50 ms or more while it loads,
// opens and scrolls. Screenshots at 1280 and 1920 px, light and dark.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROOT } from './build';
import { cardStatus, dropFiles, pageSession, TIMED, watchLongTasks } from './harness';
import { syntheticHeap } from './synthetic';

const SHOTS = join(ROOT, 'test-results/screenshots');
const BASE = join(ROOT, 'public/examples/gzipleak.base.heap');
const CURRENT = join(ROOT, 'public/examples/gzipleak.current.heap');
const WRITE = 'main.(*gzipResponseWriter).Write';

const session = pageSession();

const grid = (page: Page) => page.getByTestId('calltree-grid');
const rows = (page: Page) => page.getByTestId('calltree-row');

interface Shown {
  index: number;
  frame: number;
  depth: number;
  state: number;
  name: string;
  cum: number;
  cursor: boolean;
  selected: boolean;
}

/** The rows in the DOM, in row order. */
async function shown(page: Page): Promise<Shown[]> {
  const all = await rows(page).evaluateAll((els) =>
    els.map((e) => ({
      index: Number(e.getAttribute('aria-rowindex')) - 2,
      frame: Number(e.getAttribute('data-frame')),
      depth: Number(e.getAttribute('data-depth')),
      state: Number(e.getAttribute('data-state')),
      name: e.getAttribute('data-name') ?? '',
      cum: Number(e.getAttribute('data-cum')),
      cursor: e.classList.contains('is-cursor'),
      selected: e.classList.contains('is-selected'),
    })),
  );
  return all.sort((a, b) => a.index - b.index);
}

/** Waits for the tree to answer the last question, every row in view fetched. */
async function settled(page: Page): Promise<void> {
  await grid(page).waitFor();
  await expect.poll(() => page.getByTestId('calltree').getAttribute('aria-busy'), { timeout: 30_000 }).toBe('false');
  await expect.poll(() => page.getByTestId('calltree-row-loading').count(), { timeout: 30_000 }).toBe(0);
  await expect.poll(() => grid(page).getAttribute('data-drawing'), { timeout: 30_000 }).toBe(null);
}

/** Waits for the answer sorted by a column (its header says so). */
const sortedBy = (page: Page, id: string, dir: 'ascending' | 'descending') =>
  expect.poll(() => page.locator(`[role="columnheader"]:has([data-testid="calltree-sort-${id}"])`).getAttribute('aria-sort'), { timeout: 20_000 }).toBe(dir);
const count = async (page: Page) => Number(await grid(page).getAttribute('data-count'));
const cursor = async (page: Page) => Number(await grid(page).getAttribute('data-cursor'));
const cursorRow = async (page: Page) => (await shown(page)).find((r) => r.cursor);

/** Collapse all, and wait for its answer: only top-level rows. */
async function collapseAll(page: Page): Promise<void> {
  await page.getByTestId('calltree-collapse-all').click();
  // From the click's render on, the view is busy (or answered already): never settled-looking on the old rows.
  const [busy, onlyRoots] = await page.evaluate(() => [
    document.querySelector('[data-testid="calltree"]')?.getAttribute('aria-busy'),
    [...document.querySelectorAll('[data-testid="calltree-row"]')].every((e) => e.getAttribute('data-depth') === '0'),
  ]);
  expect(busy === 'true' || onlyRoots, 'busy at once').toBe(true);
  await expect.poll(async () => (await shown(page)).every((r) => r.depth === 0), { timeout: 20_000 }).toBe(true);
  await settled(page);
}

async function openGzipLeak(page: Page): Promise<void> {
  await page.getByLabel('Open profiles').setInputFiles([BASE, CURRENT]);
  for (const name of ['gzipleak.base.heap', 'gzipleak.current.heap']) await cardStatus(page, name);
  await page.getByTestId('view-tab-calltree').click();
  await settled(page);
}

describe('call tree: the gzip leak', () => {
  it('opens on the path of largest growth down to the writer; inverted, the writer is the first row', TIMED, async () => {
    const page = await session.open();
    await page.getByLabel('Open profiles').setInputFiles([BASE, CURRENT]);
    for (const name of ['gzipleak.base.heap', 'gzipleak.current.heap']) await cardStatus(page, name);
    // From here: the view's work (loading the files and the table's first draw are the heap tests').
    await page.getByTestId('top-table').waitFor();
    const longTasks = await watchLongTasks(page);
    await page.getByTestId('view-tab-calltree').click();
    await settled(page);
    const top = await shown(page);
    const write = top.find((r) => r.name === WRITE);
    expect(write, 'the growth path reaches the writer').toBeDefined();
    expect(write!.cum).toBeGreaterThan(0);
    expect((await cursorRow(page))?.name).toBe(WRITE);
    // Its ancestors above it are open, one level each.
    for (let d = 0; d < write!.depth; d++) expect(top.some((r) => r.depth === d && r.state === 2 && r.index < write!.index)).toBe(true);

    await page.getByTestId('calltree-inverted').check();
    await expect.poll(async () => (await shown(page))[0]?.name, { timeout: 20_000 }).toBe(WRITE);
    await settled(page);
    const inv = await shown(page);
    expect(inv[0].depth).toBe(0);
    expect(await page.getByTestId('calltree').getAttribute('data-inverted')).toBe('true');
    const tasks = await longTasks();
    console.log(`call tree (gzip leak): long main-thread tasks: ${JSON.stringify(tasks)}`);
    expect(tasks).toEqual([]);

    // (Screenshots lay the whole page out again at other sizes: not the view's work.)
    mkdirSync(SHOTS, { recursive: true });
    for (const width of [1280, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.getByTestId('calltree-toolbar').evaluate((e) => e.scrollIntoView({ block: 'start' }));
        await page.screenshot({ path: join(SHOTS, `tree-${width}-${scheme}.png`) });
      }
    }
    // The cursor row's colour follows the theme.
    const bg = () => page.locator('.calltree-row.is-cursor').evaluate((e) => getComputedStyle(e).backgroundColor);
    const dark = await bg();
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await bg()).not.toBe(dark);
  });

  it('keyboard: arrows move, open and close, * opens all below, Enter selects', async () => {
    const page = await session.open();
    await openGzipLeak(page);
    await collapseAll(page);
    const tops = await count(page);
    expect((await shown(page)).every((r) => r.depth === 0)).toBe(true);
    await grid(page).focus();
    await page.keyboard.press('Home');
    expect(await cursor(page)).toBe(0);
    const first = (await shown(page))[0];
    expect(first.state).toBe(1);

    await page.keyboard.press('ArrowRight'); // opens
    await expect.poll(() => count(page), { timeout: 20_000 }).toBeGreaterThan(tops);
    await settled(page);
    expect((await shown(page))[0].state).toBe(2);
    const opened = await count(page);
    expect(opened).toBeGreaterThan(tops);
    await page.keyboard.press('ArrowRight'); // to the first child
    expect(await cursor(page)).toBe(1);
    expect((await cursorRow(page))?.depth).toBe(1);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    expect(await cursor(page)).toBe(1);
    await page.keyboard.press('ArrowLeft'); // a closed child: to its parent
    expect(await cursor(page)).toBe(0);
    await page.keyboard.press('ArrowLeft'); // closes
    await expect.poll(() => count(page), { timeout: 20_000 }).toBe(tops);

    await page.keyboard.press('*'); // everything below the first row
    await expect.poll(() => count(page), { timeout: 20_000 }).toBeGreaterThan(opened);
    await settled(page);
    const all = await shown(page);
    const under = all.filter((r) => r.index > 0 && r.index < all.findIndex((x, i) => i > 0 && x.depth === 0));
    expect(under.length).toBeGreaterThan(0);
    for (const r of under) expect(r.state).not.toBe(1);

    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const picked = await cursorRow(page);
    expect(picked?.selected).toBe(true);
    const same = (await shown(page)).filter((r) => r.name === picked!.name);
    for (const r of same) expect(r.selected).toBe(true);
  });

  it('sorts siblings by a column, and focuses or hides the cursor row as the table does', async () => {
    const page = await session.open();
    await openGzipLeak(page);
    await collapseAll(page);
    await page.getByTestId('calltree-sort-name').click();
    await sortedBy(page, 'name', 'ascending');
    await settled(page);
    const names = (await shown(page)).map((r) => r.name);
    expect(names).toEqual([...names].sort());
    await page.getByTestId('calltree-sort-cum').click();
    await sortedBy(page, 'cum', 'descending');
    await settled(page);
    const cums = (await shown(page)).map((r) => r.cum);
    expect(cums).toEqual([...cums].sort((a, b) => b - a));
    await page.getByTestId('calltree-sort-cum').click();
    await sortedBy(page, 'cum', 'ascending');
    await settled(page);
    const up = (await shown(page)).map((r) => r.cum);
    expect(up).toEqual([...up].sort((a, b) => a - b));

    await page.getByTestId('calltree-sort-reset').click();
    await page.getByTestId('calltree-growth').click();
    await settled(page);
    // The growth path is asked of the worker after the click: wait for the cursor to land.
    await expect.poll(async () => (await cursorRow(page))?.name, { timeout: 20_000 }).toBe(WRITE);
    await page.getByTestId('calltree-focus-row').click();
    await expect.poll(() => page.evaluate(() => decodeURIComponent(location.hash)), { timeout: 5000 }).toContain('f=^main\\.\\(\\*gzipResponseWriter\\)\\.Write$');
    await settled(page);
    await page.getByTestId('view-tab-heap').click();
    await expect.poll(() => page.getByTestId('top-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.getByTestId('view-tab-calltree').click();
    await settled(page);
    const row = (await shown(page)).find((r) => r.name !== WRITE && r.depth === 0)!;
    await page.locator(`[data-testid="calltree-row"][aria-rowindex="${row.index + 2}"]`).click();
    await page.getByTestId('calltree-hide-row').click();
    await expect.poll(() => page.evaluate(() => decodeURIComponent(location.hash)), { timeout: 5000 }).toContain('h=');
  });
});

describe('call tree: a big tree', () => {
  it('opened entirely, only the rows in view are in the DOM; no long task while it loads, opens and scrolls', TIMED, async () => {
    const page = await session.open();
    const base = syntheticHeap({ samples: 12_000, functions: 3000, depth: 20, seed: 7, timeNanos: 1_700_000_000_000_000_000n });
    const current = syntheticHeap({ samples: 16_000, functions: 3000, depth: 20, seed: 9, timeNanos: 1_700_000_100_000_000_000n });
    await dropFiles(page, [
      { name: 'big.base.heap', bytes: base },
      { name: 'big.current.heap', bytes: current },
    ]);
    for (const name of ['big.base.heap', 'big.current.heap']) await cardStatus(page, name, 'ready', 60_000);
    // From here: the view's work (the drop above is the test's, building files in the page).
    const longTasks = await watchLongTasks(page);
    await page.getByTestId('view-tab-calltree').click();
    await settled(page);
    await page.getByTestId('calltree-expand-all').click();
    await expect.poll(() => count(page), { timeout: 60_000 }).toBeGreaterThan(200_000);
    await settled(page);
    const total = await count(page);
    const inDom = await rows(page).count();
    const height = await grid(page).evaluate((e) => e.clientHeight);
    expect(inDom).toBeLessThanOrEqual(Math.ceil(height / 28) + 2 * 8 + 1);
    // Scroll through it: a wheel's notch a frame, then far jumps (the scrollbar dragged).
    await grid(page).hover();
    for (let i = 0; i < 30; i++) {
      await page.mouse.wheel(0, 300);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    }
    for (const at of [0.25, 0.5, 0.999]) {
      await grid(page).evaluate((e, f) => (e.scrollTop = e.scrollHeight * f), at);
      // The scroll event comes a frame later: wait for the window to move there.
      await expect.poll(async () => (await shown(page))[0]?.index ?? -1, { timeout: 20_000 }).toBeGreaterThan(total * at - 100);
      await settled(page);
      const now = await shown(page);
      expect(now.length).toBeLessThanOrEqual(Math.ceil(height / 28) + 2 * 8 + 1);
      expect(now[0].index).toBeGreaterThan(total * at - 100);
    }
    const tasks = await longTasks();
    console.log(`call tree: ${total} rows open, ${inDom} in the DOM; long main-thread tasks: ${JSON.stringify(tasks)}`);
    expect(tasks).toEqual([]);
  });
});
