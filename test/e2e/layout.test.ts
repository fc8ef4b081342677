// The page's layout in Chromium at 1280 and 1920 px windows, light and dark:
// nothing drawn is cut. Every drawn cell of the top table (and its column
// headers), the goroutine list's number cells and the file cards are
// measured: no element whose content is wider than its box — neither
// `scrollWidth > clientWidth` nor, as that rounds to whole pixels and misses
// an ellipsis by a fraction of one, its text wider than its content box.
// With the example pair (the gzip leak's heap pair) with blame your code
// on, then with its base and current columns and blame off; the ticker
// leak's heap pair (values such as 1670.50kB and 1978.84kB, which the former
// fixed columns cut) in each sample type; and two goroutine pairs. Also: the report takes the window's width, and
// the cards are one line each once a comparison is shown, their details a
// keyboard's press away. After every test: no request left the page's
// origin, no CSP violation, no console or page error.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/fixtures';
import { cardStatus, dropFiles, pageSession } from './harness';

const WIDTHS = [1280, 1920] as const;
const SCHEMES = ['light', 'dark'] as const;

const session = pageSession();

async function open(width: number, colorScheme: 'light' | 'dark'): Promise<Page> {
  const page = await session.open('', { colorScheme });
  await page.setViewportSize({ width, height: 900 });
  return page;
}

async function drop(page: Page, names: string[]): Promise<void> {
  await dropFiles(
    page,
    names.map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(FIXTURES, name))) })),
  );
  for (const name of names) await cardStatus(page, name);
}

/** Waits until the table answered and every row in its window is drawn. */
async function tableSettled(page: Page): Promise<void> {
  await page.getByTestId('top-table').waitFor();
  await expect.poll(() => page.getByTestId('heap').getAttribute('aria-busy'), { timeout: 15_000 }).toBe('false');
  await expect.poll(() => page.getByTestId('top-row-loading').count()).toBe(0);
  await expect.poll(() => page.getByTestId('top-rows-drawing').count()).toBe(0);
}

interface Measured {
  /** Elements measured, by what they are. */
  counts: Record<string, number>;
  /** Those whose content does not fit: "what: text (content > box)". */
  cut: string[];
}

const MEASURED = {
  cell: '[data-testid="top-table"] [role="cell"]',
  header: '[data-testid="top-table"] [role="columnheader"] button',
  goroutine: '[data-testid="cluster-counts"], [data-testid="cluster-delta"]',
  card: '[data-testid="file-card"], [data-testid="file-card"] *',
};

/** Every drawn element of MEASURED whose content is wider than its box. */
function measure(page: Page): Promise<Measured> {
  return page.evaluate((groups) => {
    const counts: Record<string, number> = {};
    const cut: string[] = [];
    for (const [what, selector] of Object.entries(groups)) {
      counts[what] = 0;
      for (const el of document.querySelectorAll<HTMLElement>(selector)) {
        const cs = getComputedStyle(el);
        // Inline boxes have no width of their own (their block is measured); hidden ones are not drawn.
        if (cs.display === 'inline' || cs.display === 'contents' || el.getClientRects().length === 0) continue;
        counts[what]++;
        const range = document.createRange();
        range.selectNodeContents(el);
        const text = range.getBoundingClientRect().width;
        const px = (v: string) => parseFloat(v) || 0;
        const box = el.getBoundingClientRect().width - px(cs.paddingLeft) - px(cs.paddingRight) - px(cs.borderLeftWidth) - px(cs.borderRightWidth);
        if (el.scrollWidth > el.clientWidth || text > box + 0.02) cut.push(`${what} ${el.getAttribute('data-col') ?? el.className}: ${(el.textContent ?? '').slice(0, 40)} (${text.toFixed(2)} > ${box.toFixed(2)})`);
      }
    }
    return { counts, cut };
  }, MEASURED);
}

describe('layout: nothing cut, at 1280 and 1920 px', () => {
  for (const width of WIDTHS) {
    for (const scheme of SCHEMES) {
      it(`the example pair, blame on, then its base and current columns (blame off): ${width} px, ${scheme}`, async () => {
        const page = await open(width, scheme);
        await page.getByTestId('example-button').click();
        for (const name of ['gzipleak.base.heap', 'gzipleak.current.heap']) await cardStatus(page, name);
        await tableSettled(page);
        const blamed = await measure(page);
        expect(blamed.cut).toEqual([]);
        expect(blamed.counts.cell).toBeGreaterThanOrEqual(9 * 5);
        expect(blamed.counts.card).toBeGreaterThan(10);

        await page.getByTestId('top-blame').uncheck();
        await expect.poll(async () => (await page.getByTestId('top-name').first().getAttribute('title')) ?? '').toBe('compress/flate.NewWriter');
        await tableSettled(page);
        const sides = await measure(page);
        expect(sides.cut).toEqual([]);
        // flat … cum%, base, current, Δ%, name: 9 cells a row, every row in the table's window.
        const rows = await page.getByTestId('top-row').count();
        expect(rows).toBeGreaterThanOrEqual(20);
        expect(sides.counts.cell).toBe(9 * rows);
        expect(sides.counts.header).toBe(9);

        // The report takes the window: the table spans it but for the page's margins.
        const table = await page.getByTestId('top-table').boundingBox();
        expect(table!.width).toBeGreaterThan(width * 0.9);
      });
    }

    it(`the ticker leak's heap pair (1670.50kB, 1703.88kB) in every heap sample type: ${width} px`, async () => {
      const page = await open(width, 'light');
      await drop(page, ['tickerleak.base.heap', 'tickerleak.current.heap']);
      await page.getByTestId('top-blame').uncheck();
      for (const type of ['inuse_space', 'alloc_space', 'inuse_objects', 'alloc_objects']) {
        await page.getByTestId('top-sample-type').selectOption(type);
        await expect.poll(() => page.getByTestId('top-header').textContent()).toContain(`Type: ${type}`);
        await tableSettled(page);
        const m = await measure(page);
        expect(m.cut, type).toEqual([]);
        expect(m.counts.cell).toBeGreaterThan(9 * 5);
      }
      // The values of the issue are drawn whole.
      await page.getByTestId('top-sample-type').selectOption('inuse_space');
      await tableSettled(page);
      const texts = await page.locator('[data-testid="top-table"] [role="cell"]').allTextContents();
      expect(texts).toContain('1703.88kB');
    });

    for (const pair of [
      ['gzipleak.base.goroutine', 'gzipleak.current.goroutine'],
      ['leakspike.s01.goroutine', 'leakspike.s03.goroutine'],
    ]) {
      it(`the goroutine list's numbers and the cards, ${pair[0]} → ${pair[1]}: ${width} px, dark`, async () => {
        const page = await open(width, 'dark');
        await drop(page, pair);
        await page.getByTestId('goroutine-cluster').first().waitFor({ timeout: 20_000 });
        const m = await measure(page);
        expect(m.cut).toEqual([]);
        expect(m.counts.goroutine).toBeGreaterThanOrEqual(2 * (await page.getByTestId('goroutine-cluster').count()));
        expect(m.counts.card).toBeGreaterThan(10);
      });
    }
  }
});

describe('layout: the cards once a comparison is shown', () => {
  it('are one line each (role, name, kind, size, default total); Details opens from the keyboard, nothing cut', async () => {
    const page = await open(1280, 'light');
    await drop(page, ['gzipleak.current.heap']);
    // One profile: no comparison, the full card.
    const current = page.locator('[data-testid="file-card"][data-name="gzipleak.current.heap"]');
    expect(await current.getAttribute('data-row')).toBe(null);
    expect(await current.getByTestId('card-kind').isVisible()).toBe(true);

    await drop(page, ['gzipleak.base.heap']);
    const base = page.locator('[data-testid="file-card"][data-name="gzipleak.base.heap"]');
    for (const c of [base, current]) {
      expect(await c.getAttribute('data-row')).toBe('true');
      const box = (await c.boundingBox())!;
      // One line: a button's height and the card's padding.
      expect(box.height).toBeLessThan(50);
    }
    expect(await base.getByTestId('card-role').textContent()).toBe('Heap base');
    expect(await base.getByTestId('card-row-kind').textContent()).toBe('heap');
    expect(await base.getByTestId('card-row-total').textContent()).toBe('inuse_space 11419.50kB');
    expect(await current.getByTestId('card-row-total').textContent()).toBe('inuse_space 98.29MB');
    expect(await base.getByTestId('card-details').isVisible()).toBe(false);
    // Drawn when opened, not before.
    expect(await base.getByTestId('card-format').count()).toBe(0);
    // The two lines' columns line up.
    const x = (c: typeof base, id: string) => c.getByTestId(id).evaluate((el) => Math.round(el.getBoundingClientRect().left));
    expect(await x(base, 'card-row-kind')).toBe(await x(current, 'card-row-kind'));

    // Details, from the keyboard.
    const expand = base.getByTestId('card-expand');
    expect(await expand.getAttribute('aria-expanded')).toBe('false');
    await expand.focus();
    await page.keyboard.press('Enter');
    expect(await expand.getAttribute('aria-expanded')).toBe('true');
    const details = base.getByTestId('card-details');
    expect(await details.isVisible()).toBe(true);
    expect(await expand.getAttribute('aria-controls')).toBe(await details.getAttribute('id'));
    expect(await base.getByTestId('card-format').textContent()).toMatch(/^profile\.proto, gzip/);
    const m = await measure(page);
    expect(m.cut).toEqual([]);
    await page.keyboard.press('Space');
    expect(await details.isVisible()).toBe(false);
  });

  it('at 800 px (a wiki frame): the buttons go under the line, inside the card; at 1280 px back beside it', async () => {
    const page = await open(800, 'dark');
    await drop(page, ['gzipleak.base.heap', 'gzipleak.current.heap']);
    const base = page.locator('[data-testid="file-card"][data-name="gzipleak.base.heap"]');
    await expect.poll(() => base.getAttribute('data-row')).toBe('true');
    const inside = () =>
      base.evaluate((card) => {
        const c = card.getBoundingClientRect();
        const buttons = [...card.querySelectorAll('.card__actions button')].map((b) => b.getBoundingClientRect());
        const name = card.querySelector('.card__name')!.getBoundingClientRect();
        return { n: buttons.length, inside: buttons.every((b) => b.left >= c.left && b.right <= c.right), below: buttons.every((b) => b.top >= name.bottom) };
      });
    await expect.poll(inside).toEqual({ n: 3, inside: true, below: true });
    // The cards' texts whole (the table's names are clipped at this width: README, Limits).
    expect((await measure(page)).cut.filter((c) => c.startsWith('card'))).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
    await expect.poll(async () => (await inside()).below).toBe(false);
    expect((await inside()).inside).toBe(true);
  });
});
