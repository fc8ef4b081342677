// The flame graph tab in Chromium: the gzipleak pair (the example's leak,
// test/fixtures/README.md) dropped on the page. What is drawn is read back
// from the tab's own SVG download (the same layout as the canvas): the
// widest red path leads to the leaking writer; a click zooms, the
// breadcrumbs and Escape zoom out, the arrows and Enter work the same (also
// for a key pressed the moment a new view is announced); the search says the
// matched total; focus, hide and pivot; and on a big pair
// (test/e2e/flame-heap.ts) no main-thread task of 50 ms or more while it
// loads, zooms and searches.

import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FlameFrameViews, FlameViews } from '../../src/core/flame';
import { TopViews } from '../../src/core/top';
import { decodeFixture, fixtureBytes } from '../helpers/fixtures';
import { skewedHeap } from './flame-heap';
import { cardStatus, dropFiles, pageSession, TIMED, watchLongTasks } from './harness';

const WRITE = 'main.(*gzipResponseWriter).Write';
const SERVE = 'net/http.(*conn).serve';
const ROW = 18;
/** The SVG's title line above the frames. */
const SVG_TOP = 24;

const session = pageSession();

async function dropGzipleak(page: Page): Promise<void> {
  await dropFiles(page, ['gzipleak.base.heap', 'gzipleak.current.heap'].map((name) => ({ name, bytes: fixtureBytes(name) })));
  for (const name of ['gzipleak.base.heap', 'gzipleak.current.heap']) await cardStatus(page, name);
}

const canvas = (page: Page) => page.getByTestId('flame-canvas');
const attr = async (page: Page, name: string) => (await canvas(page).getAttribute(name)) ?? '';
const crumbs = (page: Page) => page.getByTestId('flame-crumbs');
const depth = async (page: Page) => Number(await crumbs(page).getAttribute('data-depth'));
const hashParams = (page: Page) => page.evaluate(() => Object.fromEntries(new URLSearchParams(location.hash.slice(1))));

/** Opens the tab and waits for its drawing (not busy, frames laid out). */
async function openFlame(page: Page, timeout = 20_000): Promise<void> {
  await page.getByTestId('view-tab-flame').click();
  await page.locator('[data-testid="flame"][aria-busy="false"] [data-testid="flame-canvas"][data-frames]').waitFor({ timeout });
}

/** Waits until the drawing is up to date (the worker answered the last question). */
const settled = (page: Page, timeout = 20_000) => page.locator('[data-testid="flame"][aria-busy="false"]').waitFor({ timeout });

interface Frame {
  name: string;
  x: number;
  y: number;
  w: number;
  grew: boolean;
}

/** The tab's SVG download, checked as a standalone document, and its frames. */
async function downloadFrames(page: Page): Promise<{ frames: Frame[]; text: string; name: string }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId('flame-download-svg').click()]);
  const text = readFileSync((await d.path())!, 'utf8');
  const parsed = await page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
    const frames = Array.from(doc.querySelectorAll('g.frame'), (g) => {
      const r = g.querySelector('rect')!;
      const lines = g.querySelector('title')!.textContent!.split('\n');
      return { name: lines[0], x: Number(r.getAttribute('x')), y: Number(r.getAttribute('y')), w: Number(r.getAttribute('width')), grew: lines.some((l) => l.startsWith('cum Δ: +')) };
    });
    return { error: doc.querySelector('parsererror')?.textContent ?? null, root: doc.documentElement.localName, ns: doc.documentElement.namespaceURI, frames };
  }, text);
  expect(parsed.error).toBeNull();
  expect(parsed).toMatchObject({ root: 'svg', ns: 'http://www.w3.org/2000/svg' });
  expect(text).not.toMatch(/<script|<foreignObject|href=|url\(|\son\w+=/i);
  return { frames: parsed.frames, text, name: d.suggestedFilename() };
}

/** From the root, the widest child that grew, while there is one. */
function widestRedPath(frames: Frame[]): string[] {
  let f = frames.find((x) => x.y === SVG_TOP)!;
  const path: string[] = [f.name];
  for (;;) {
    const kids = frames.filter((k) => k.y === f.y + ROW && k.grew && k.x >= f.x - 0.01 && k.x + k.w <= f.x + f.w + 1);
    if (kids.length === 0) return path;
    f = kids.reduce((a, b) => (b.w > a.w ? b : a));
    path.push(f.name);
  }
}

/** Clicks a frame of the last download at its middle. */
async function clickFrame(page: Page, f: Frame): Promise<void> {
  await page.getByTestId('flame-surface').click({ position: { x: f.x + f.w / 2, y: f.y - SVG_TOP + ROW / 2 } });
}

describe('flame graph tab', () => {
  it('gzipleak: the widest red path leads to the leaking writer; the SVG download is standalone', TIMED, async () => {
    const page = await session.open();
    await dropGzipleak(page);
    const longTasks = await watchLongTasks(page);
    await openFlame(page);
    expect(await longTasks(), 'long main-thread tasks while the flame graph was loaded and drawn').toEqual([]);
    expect(await page.getByTestId('view-tab-flame').getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('flame').getAttribute('data-mode')).toBe('diff');
    const { frames, name } = await downloadFrames(page);
    expect(name).toBe('gzipleak.current.flame.svg');
    expect(frames.length).toBe(Number(await attr(page, 'data-frames')));
    const path = widestRedPath(frames);
    expect(path[0]).toBe('root');
    expect(path.at(-1)).toBe(WRITE);
    // Blame off (pprof's attribution): the path goes through the writer to the compressor it keeps.
    await page.getByTestId('flame-blame').uncheck();
    await settled(page);
    const off = widestRedPath((await downloadFrames(page)).frames);
    expect(off).toContain(WRITE);
    expect(off.indexOf('compress/flate.NewWriter')).toBeGreaterThan(off.indexOf(WRITE));
    expect((await hashParams(page)).b).toBe('0');
  });

  it('a click zooms and selects, breadcrumbs and Escape zoom out; arrows move, Enter zooms; the flip', async () => {
    const page = await session.open();
    await dropGzipleak(page);
    await openFlame(page);
    const { frames } = await downloadFrames(page);
    const write = frames.filter((f) => f.name === WRITE).reduce((a, b) => (b.w > a.w ? b : a));
    await clickFrame(page, write);
    await settled(page);
    await expect.poll(() => depth(page)).toBeGreaterThan(5);
    expect(await page.getByTestId('flame-crumb').last().textContent()).toBe(WRITE);
    expect(await page.getByTestId('flame-selected').textContent()).toBe(WRITE);
    const zoomed = await depth(page);
    // The zoomed frame takes the whole width.
    const z = await downloadFrames(page);
    const top = z.frames.find((f) => f.y === SVG_TOP)!;
    expect(top.name).toBe(WRITE);
    expect(top.x).toBe(0);
    expect(top.w).toBeGreaterThan(1000);

    await page.getByTestId('flame-surface').press('Escape');
    await expect.poll(() => depth(page)).toBe(zoomed - 1);
    await page.getByTestId('flame-crumb').first().click();
    await expect.poll(() => depth(page)).toBe(0);
    await settled(page);

    // Keyboard: the zoomed frame (the root) first, down to its widest child, back up, Enter zooms, Escape out.
    await page.getByTestId('flame-surface').focus();
    expect(await attr(page, 'data-cursor')).toBe('root');
    await page.keyboard.press('ArrowDown');
    expect(await attr(page, 'data-cursor')).toBe(SERVE);
    expect(await page.getByTestId('flame-tooltip').isVisible()).toBe(true);
    expect(await page.getByTestId('flame-tooltip').textContent()).toContain(SERVE);
    expect(await page.getByTestId('flame-tooltip').textContent()).toMatch(/base.*current.*Δ.*Δ%.*flat Δ.*cum Δ.*of the total/);
    await page.keyboard.press('ArrowUp');
    expect(await attr(page, 'data-cursor')).toBe('root');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => depth(page)).toBe(1);
    expect(await page.getByTestId('flame-crumb').last().textContent()).toBe(SERVE);
    await page.keyboard.press('Escape');
    await expect.poll(() => depth(page)).toBe(0);

    // Flipped, the root is on the last row.
    await settled(page);
    await page.getByTestId('flame-flip').check();
    await expect.poll(async () => (await attr(page, 'data-cursor-row')) === String(Number(await attr(page, 'data-rows')) - 1)).toBe(true);
  });

  it('a key pressed as soon as the page says a new view is there moves in that view', async () => {
    const page = await session.open();
    await dropGzipleak(page);
    await openFlame(page);
    await page.getByTestId('flame-surface').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => depth(page)).toBe(1);
    await settled(page);
    // The moment the zoomed-out view is announced (aria-busy false), before the page runs anything else: ArrowDown.
    await page.evaluate(() => {
      const flame = document.querySelector('[data-testid="flame"]')!;
      const surface = document.querySelector('[data-testid="flame-surface"]')!;
      let busy = false;
      const watch = new MutationObserver(() => {
        if (flame.getAttribute('aria-busy') === 'true') busy = true;
        else if (busy) {
          watch.disconnect();
          surface.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, cancelable: true }));
        }
      });
      watch.observe(flame, { attributes: true, attributeFilter: ['aria-busy'] });
    });
    await page.keyboard.press('Escape');
    await expect.poll(() => depth(page)).toBe(0);
    await settled(page);
    // From the new view's root, down to its widest child (with the view shown after the page said so, the key moved in the old one).
    await expect.poll(() => attr(page, 'data-cursor')).toBe(SERVE);
  });

  it('search marks the matches and says their total; focus, hide and pivot act on the selected function', async () => {
    const page = await session.open();
    await dropGzipleak(page);
    await openFlame(page);
    await page.getByTestId('flame-search').fill('gzipResponseWriter).Write');
    const matched = page.getByTestId('flame-matched');
    await matched.waitFor();
    await settled(page);
    // The writer's cum, as the core computes it for the same query (counted once per path).
    const top = new TopViews();
    const want = new FlameFrameViews(new FlameViews(top), top).view(decodeFixture('gzipleak.current.heap').profile, decodeFixture('gzipleak.base.heap').profile, { mode: 'diff', blame: true, width: 1000, search: 'gzipResponseWriter).Write' }).search;
    expect(want.value).toBeGreaterThan(0);
    expect(Number(await matched.getAttribute('data-value'))).toBe(want.value);
    expect(await matched.textContent()).toMatch(new RegExp(`^${want.frames} frames match: \\+[\\d.]+MB \\([\\d.]+% of [\\d.]+MB\\)$`));
    expect((await hashParams(page)).q).toBe('gzipResponseWriter).Write');

    // Select the writer, pivot on it: its callers above, the crumbs say so; Escape leaves the pivot.
    const { frames } = await downloadFrames(page);
    await clickFrame(page, frames.find((f) => f.name === WRITE)!);
    await settled(page);
    await page.getByTestId('flame-pivot').click();
    await page.getByTestId('flame-unpivot').waitFor();
    await settled(page);
    expect(await page.getByTestId('flame-crumb').allTextContents()).toEqual(['root', WRITE]);
    const pivot = await downloadFrames(page);
    expect(pivot.frames.some((f) => f.name === 'encoding/json.(*Encoder).Encode' && f.y < pivot.frames.find((g) => g.name === WRITE)!.y)).toBe(true);
    await page.getByTestId('flame-surface').press('Escape');
    await page.getByTestId('flame-unpivot').waitFor({ state: 'detached' });

    await page.getByTestId('flame-focus-function').click();
    await expect.poll(async () => (await hashParams(page)).f).toBe('^main\\.\\(\\*gzipResponseWriter\\)\\.Write$');
    await settled(page);
    await page.getByTestId('flame-hide-function').click();
    await expect.poll(async () => (await hashParams(page)).h).toBe('^main\\.\\(\\*gzipResponseWriter\\)\\.Write$');
    // Hidden, the writer is no frame any more (its samples stay, on its callers).
    await settled(page);
    const hidden = await downloadFrames(page);
    expect(hidden.frames.length).toBeGreaterThan(1);
    expect(hidden.frames.some((f) => f.name === WRITE)).toBe(false);
  });

  it('a big pair (230,000 frames): no main-thread task of 50 ms or more while the tab loads, zooms and searches', { ...TIMED, timeout: 180_000 }, async () => {
    const page = await session.open();
    const files = [
      { name: 'skewed.base.heap', bytes: skewedHeap({ samples: 12_000, depth: 14, seed: 1, timeNanos: 1_700_000_000_000_000_000n }) },
      { name: 'skewed.current.heap', bytes: skewedHeap({ samples: 15_600, depth: 14, seed: 7, timeNanos: 1_700_000_100_000_000_000n }) },
    ];
    await dropFiles(page, files);
    for (const f of files) await cardStatus(page, f.name, 'ready', 60_000);
    const longTasks = await watchLongTasks(page);
    await openFlame(page, 90_000);
    expect(Number(await attr(page, 'data-frames'))).toBeGreaterThan(200);
    // Zoom into the second row's widest frame with a click, out with Escape, in and out with the keyboard, and search.
    // (Not through the download: parsing the SVG in the page would be the test's own long task.) Children come by decreasing width: the first is the widest.
    await page.getByTestId('flame-surface').click({ position: { x: 4, y: ROW + ROW / 2 } });
    await expect.poll(() => depth(page), { timeout: 30_000 }).toBe(1);
    await settled(page, 30_000);
    await page.keyboard.press('Escape');
    await expect.poll(() => depth(page), { timeout: 30_000 }).toBe(0);
    await settled(page, 30_000);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => depth(page), { timeout: 30_000 }).toBe(2);
    await settled(page, 30_000);
    await page.getByTestId('flame-search').fill('pkg7.');
    await page.getByTestId('flame-matched').waitFor({ timeout: 30_000 });
    await settled(page, 30_000);
    expect(await longTasks(), 'long main-thread tasks during load, zoom and search').toEqual([]);
  });
});
