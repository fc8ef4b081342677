// The heap table's rows as a test reads them (heap.test.ts, kinds.test.ts):
// the rows drawn once the view has answered, every row by scrolling the
// table through, and a go tool pprof -top golden's rows in the same shape.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { TOP_COLUMNS } from '../../src/core/top/text';
import { FIXTURES } from '../helpers/fixtures';

export interface ShownRow {
  flat: string;
  flatPct: string;
  sumPct: string;
  cum: string;
  cumPct: string;
  name: string;
}

/** pprof's rows of a golden, as the table shows them. */
export function goldenRows(name: string): { text: string; header: string[]; rows: ShownRow[] } {
  const text = readFileSync(join(FIXTURES, 'golden', `${name}.txt`), 'utf8');
  const lines = text.split('\n').slice(0, -1);
  const at = lines.indexOf(TOP_COLUMNS);
  const rows = lines.slice(at + 1).map((l) => {
    const m = /^ *(\S+) +(\S+) +(\S+) +(\S+) +(\S+)  (.*)$/.exec(l)!;
    return { flat: m[1], flatPct: m[2], sumPct: m[3], cum: m[4], cumPct: m[5], name: m[6] };
  });
  return { text, header: lines.slice(0, at), rows };
}

export const heap = (page: Page) => page.getByTestId('heap');

/** Waits until the view answered the last question (nothing in flight), then reads the rows drawn. */
export async function shownRows(page: Page): Promise<ShownRow[]> {
  return (await indexedRows(page)).map((r) => r.row);
}

/**
 * shownRows with each row's aria-rowindex. The checks that the view is settled and the read of the
 * rows are one evaluate, so one task of the page: made apart, a scroll rendered between them could
 * leave out the rows whose page was still on the way, and allRows's next scroll go past them.
 */
async function indexedRows(page: Page): Promise<{ index: number; row: ShownRow }[]> {
  await page.getByTestId('top-table').waitFor();
  let rows: { index: number; row: ShownRow }[] | null = null;
  await expect
    .poll(
      async () =>
        (rows = await page.evaluate(() => {
          const q = (id: string) => document.querySelectorAll(`[data-testid="${id}"]`);
          // Not settled: a question in flight, rows whose page is on the way, or rows still being drawn.
          if (document.querySelector('[data-testid="heap"]')?.getAttribute('aria-busy') !== 'false') return null;
          if (q('top-row-loading').length > 0 || q('top-rows-drawing').length > 0) return null;
          return [...q('top-row')].map((tr) => {
            const cell = (c: string) => tr.querySelector(`[data-col="${c}"]`)?.textContent ?? '';
            const row = { flat: cell('flat'), flatPct: cell('flatPct'), sumPct: cell('sumPct'), cum: cell('cum'), cumPct: cell('cumPct'), name: tr.querySelector('[data-col="name"]')?.getAttribute('title') ?? '' };
            return { index: Number(tr.getAttribute('aria-rowindex')), row };
          });
        })),
      { timeout: 15_000 },
    )
    .not.toBeNull();
  return rows!;
}

/** Every row of the answer, scrolling the table through (only a window of rows is in the DOM); back at the top after. */
export async function allRows(page: Page): Promise<ShownRow[]> {
  await shownRows(page);
  const total = Number(await page.getByTestId('top-count').getAttribute('data-matched'));
  const scroller = page.getByTestId('top-table');
  const got = new Map<number, ShownRow>();
  const read = async () => {
    const rows = await indexedRows(page);
    for (const r of rows) got.set(r.index - 2, r.row);
    return Math.max(-1, ...rows.map((r) => r.index - 2));
  };
  let last = await read();
  while (got.size < total) {
    const before = last;
    await scroller.evaluate((el) => (el.scrollTop += Math.max(28, el.clientHeight - 84)));
    await expect.poll(async () => (last = await read())).toBeGreaterThan(before);
    // The window moved by less than its height, so each settled read overlaps the one before.
    expect(Math.min(...[...got.keys()].filter((k) => k > before)), 'a row skipped between two reads').toBeLessThanOrEqual(before + 1);
  }
  await scroller.evaluate((el) => (el.scrollTop = 0));
  await expect.poll(() => page.getByTestId('top-row').first().getAttribute('aria-rowindex')).toBe('2');
  return [...got.keys()].sort((a, b) => a - b).map((k) => got.get(k)!);
}
