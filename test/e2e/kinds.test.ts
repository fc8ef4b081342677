// Mixed drops in Chromium under the strict CSP: what /debug/pprof/ gives in
// one go. Each kind pairs among itself (src/ui/state/files.ts): every card's
// role names its own kind's pair, a kind with one profile is its current one;
// the table and the graph show one kind at a time, chosen in the page and
// kept in the hash (k=), and a CPU pair's table is go tool pprof -top -base
// (and -diff_base) on the same files, to the byte (test/fixtures/golden/
// gzipleak-bigparse.cpu.*). The goroutine list draws a box per cluster, no
// more. After every test: no request left the page's origin, no CSP
// violation, no console or page error.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/fixtures';
import { card, cardStatus, dropFiles, pageSession } from './harness';
import { allRows, goldenRows, heap, shownRows } from './top-rows';

const session = pageSession();

async function drop(page: Page, names: readonly string[]): Promise<void> {
  await dropFiles(page, names.map((name) => ({ name: name.replace(/^.*\//, ''), bytes: new Uint8Array(readFileSync(join(FIXTURES, name))) })));
  for (const name of names) await cardStatus(page, name.replace(/^.*\//, ''));
}

/** Each card's name → what its role badge says ('' without one). */
async function roles(page: Page): Promise<Record<string, string>> {
  const cards = await page.getByTestId('file-card').evaluateAll((els) => els.map((el) => [el.getAttribute('data-name') ?? '', el.querySelector('[data-testid="card-role"]')?.textContent ?? '']));
  return Object.fromEntries(cards);
}

const tabs = (page: Page) => page.getByTestId('view-tabs').getByRole('tab').allTextContents();
const hashParams = (page: Page) => page.evaluate(() => Object.fromEntries(new URLSearchParams(location.hash.slice(1))));

describe('mixed drops', () => {
  it('two heap and two goroutine profiles: each card names its own kind’s pair, none is “not compared”', async () => {
    const page = await session.open();
    // Dropped as the issue did: the kinds' times interleave.
    await drop(page, ['gzipleak.base.heap', 'gzipleak.base.goroutine', 'gzipleak.current.heap', 'gzipleak.current.goroutine']);
    expect(await roles(page)).toEqual({
      'gzipleak.base.heap': 'Heap base',
      'gzipleak.current.heap': 'Heap current',
      'gzipleak.base.goroutine': 'Goroutine base',
      'gzipleak.current.goroutine': 'Goroutine current',
    });
    expect(await page.getByTestId('cards').textContent()).not.toMatch(/not compared/i);
    // Cards by kind, each kind's base before its current.
    expect(await page.getByTestId('file-card').evaluateAll((els) => els.map((el) => el.getAttribute('data-name')))).toEqual([
      'gzipleak.base.heap',
      'gzipleak.current.heap',
      'gzipleak.base.goroutine',
      'gzipleak.current.goroutine',
    ]);
    expect(await tabs(page)).toEqual(['Heap', 'Graph', 'Flame graph', 'Call tree', 'Goroutines', 'Memory']);
    expect(await page.getByTestId('kind-choice').count()).toBe(0);
    expect(await page.getByTestId('top-files').textContent()).toMatch(/^Base gzipleak\.base\.heap .*→ Current gzipleak\.current\.heap /);

    // Swapping the goroutine pair leaves the heap pair as it was.
    await card(page, 'gzipleak.base.goroutine').getByTestId('swap-button').click();
    expect(await roles(page)).toMatchObject({ 'gzipleak.base.heap': 'Heap base', 'gzipleak.base.goroutine': 'Goroutine current', 'gzipleak.current.goroutine': 'Goroutine base' });
    await page.getByTestId('view-tab-goroutines').click();
    await expect.poll(() => page.getByTestId('goroutines-summary').textContent()).toMatch(/Base gzipleak\.current\.goroutine → Current gzipleak\.base\.goroutine/);
  });

  it('a CPU pair and a mutex profile with a heap pair: each kind its own view; CPU’s table is go tool pprof -top -base', async () => {
    const page = await session.open();
    await drop(page, ['gzipleak.base.heap', 'gzipleak.current.heap', 'gzipleak.cpu', 'bigparse.cpu', 'go-contention/mutex.debug1.txt']);
    // The golden compares bigparse.cpu against gzipleak.cpu: make that the CPU pair's order whatever the times say.
    if ((await card(page, 'gzipleak.cpu').getAttribute('data-role')) !== 'base') await card(page, 'gzipleak.cpu').getByTestId('swap-button').click();
    expect(await roles(page)).toEqual({
      'gzipleak.base.heap': 'Heap base',
      'gzipleak.current.heap': 'Heap current',
      'gzipleak.cpu': 'CPU base',
      'bigparse.cpu': 'CPU current',
      'mutex.debug1.txt': 'Mutex current',
    });
    expect(await card(page, 'mutex.debug1.txt').getByTestId('swap-button').count()).toBe(0);

    // The heap pair first (the first kind loaded), blame on for it.
    const choice = page.getByTestId('kind-choice');
    expect(await choice.getByRole('button').allTextContents()).toEqual(['Heap (2)', 'CPU (2)', 'Mutex (1)']);
    expect(await page.getByTestId('kind-heap').getAttribute('aria-pressed')).toBe('true');
    expect(await tabs(page)).toEqual(['Heap', 'Graph', 'Flame graph', 'Call tree', 'Memory']);
    expect(await page.getByTestId('top-blame').isChecked()).toBe(true);

    // CPU: pprof's attribution, pprof's default sample type and units, -base to the byte.
    await page.getByTestId('kind-cpu').click();
    expect(await tabs(page)).toEqual(['CPU', 'Graph', 'Flame graph', 'Call tree', 'Memory']);
    await expect.poll(() => page.getByTestId('top-files').textContent()).toMatch(/^Base gzipleak\.cpu .*→ Current bigparse\.cpu /);
    expect(await page.getByTestId('top-blame').isChecked()).toBe(false);
    expect(await page.getByTestId('top-sample-type').inputValue()).toBe('cpu');
    const base = goldenRows('gzipleak-bigparse.cpu.base.top');
    expect(await allRows(page)).toEqual(base.rows);
    expect(await page.getByTestId('top-header').textContent()).toBe(base.header.join('\n'));
    expect(await hashParams(page)).toEqual({ k: 'cpu' });

    // -diff_base too.
    await page.getByTestId('top-mode').selectOption('diff_base');
    await expect.poll(() => heap(page).getAttribute('data-mode')).toBe('diff_base');
    const diffBase = goldenRows('gzipleak-bigparse.cpu.diffbase');
    await expect.poll(async () => (await shownRows(page))[0]?.flatPct).toBe(diffBase.rows[0].flatPct);
    expect(await allRows(page)).toEqual(diffBase.rows);
    expect(await page.getByTestId('top-header').textContent()).toBe(diffBase.header.join('\n'));

    // The CPU pair's graph.
    await page.getByTestId('view-tab-graph').click();
    await expect.poll(() => page.getByTestId('graph').getAttribute('aria-busy'), { timeout: 20_000 }).toBe('false');
    await expect.poll(async () => Number(await page.getByTestId('graph-count').getAttribute('data-nodes'))).toBeGreaterThan(0);
    expect(await page.getByTestId('graph-summary').textContent()).toMatch(/bigparse\.cpu/);

    // Mutex, alone: its table, delay (pprof's default) in pprof's units.
    await page.getByTestId('kind-mutex').click();
    await page.getByTestId('view-tab-heap').click();
    expect(await tabs(page)).toEqual(['Mutex', 'Graph', 'Flame graph', 'Call tree', 'Memory']);
    await expect.poll(() => page.getByTestId('top-files').textContent()).toMatch(/^Current mutex\.debug1\.txt/);
    expect(await page.getByTestId('top-sample-type').inputValue()).toBe('delay');
    const rows = await shownRows(page);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0].flat).toMatch(/^\d+(\.\d+)?(ns|us|ms|s|mins|hrs)$/);
    expect(await hashParams(page)).toMatchObject({ k: 'mutex' });

    // A reload with the hash: the same kind is shown once the files are back.
    const again = await session.open((await page.evaluate(() => location.hash)) || '');
    await drop(again, ['gzipleak.base.heap', 'gzipleak.current.heap', 'go-contention/mutex.debug1.txt']);
    expect(await again.getByTestId('kind-mutex').getAttribute('aria-pressed')).toBe('true');
    expect(await tabs(again)).toEqual(['Mutex', 'Graph', 'Flame graph', 'Call tree', 'Memory']);
  });
});

/**
 * A ?debug=2 dump of `clusters` stacks, cluster k with k + 1 goroutines parked
 * in a function of its own: `clusters` clusters at every similarity level.
 */
function clusterDump(clusters: number): string {
  const out: string[] = [];
  let id = 1;
  for (let k = 0; k < clusters; k++)
    for (let g = 0; g <= k; g++) out.push(`goroutine ${id++} [chan receive]:\nexample.com/svc.worker${k}()\n\t/src/svc/w.go:${k + 1} +0x1d\ncreated by example.com/svc.Start\n\t/src/svc/start.go:10 +0x2a\n`);
  return out.join('\n');
}

describe('goroutine list', () => {
  // The 21 and 24 clusters (empty boxes below the last drawn one), one page exactly, and past a page (Show more).
  for (const n of [3, 24, 100, 130]) {
    it(`${n} clusters: one box per cluster, each drawn, none after the last`, async () => {
      const page = await session.open();
      await dropFiles(page, [{ name: 'many.goroutine.txt', bytes: new TextEncoder().encode(clusterDump(n)) }]);
      await cardStatus(page, 'many.goroutine.txt');
      const count = page.getByTestId('goroutines-matched');
      await count.waitFor();
      const idle = () => expect.poll(() => page.locator('[data-testid="goroutines"][aria-busy="true"]').count(), { timeout: 10_000 }).toBe(0);
      await idle();
      expect(Number(await count.getAttribute('data-clusters'))).toBe(n);
      const more = page.getByTestId('goroutines-more');
      while ((await more.count()) > 0) {
        await more.click();
        await idle();
      }
      // Every box the list draws (its items), and whether what each holds is drawn (not skipped as off screen: an empty box).
      const boxes = await page.getByTestId('goroutine-clusters').evaluate((ol) =>
        [...ol.children].map((el) => ({
          fn: el.getAttribute('data-fn'),
          drawn: (el.querySelector('[data-testid="cluster-fn"]') as HTMLElement | null)?.checkVisibility({ contentVisibilityAuto: true }) ?? false,
        })),
      );
      expect(boxes.length).toBe(n);
      expect(new Set(boxes.map((b) => b.fn)).size).toBe(n);
      expect(boxes.filter((b) => !b.drawn).map((b) => b.fn)).toEqual([]);
    });
  }
});
