// The trend view in Chromium under the strict CSP. bigparse's base, peak and
// current heaps: main.parseRow is a peak, not a leak. The six leakspike
// heaps: main.(*traceIndex).remember first as grew, main.parseRow a peak at
// s03, and every row's numbers (its data and the hover text) equal to
// `report -trend -json` of the same files and choices. The six leakspike
// goroutine profiles: the parked (*ackWaiter).wait cluster first as grew,
// 200 → 1,200. The view's choices in the URL hash, back after a reload. Fifty
// snapshots: no main-thread task of 50 ms of CPU (100 ms wall) while they load
// and the view ranks them. Screenshots at 1280 and 1920 px, light and dark.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatValue, minimumUnit } from '../../src/core/format';
import { FIXTURES } from '../helpers/fixtures';
import { ROOT } from './build';
import { cardStatus, dropFiles, frozen, pageSession, releaseDrop, stageDrop, TIMED, tooLong, watchLongTasks } from './harness';
import { syntheticHeap } from './synthetic';
import { describeTask, mainThreadTasks, watchMainThread } from './trace';

const SHOTS = process.env.TREND_SHOTS ?? join(ROOT, 'test-results/screenshots');
const LEAKSPIKE = [1, 2, 3, 4, 5, 6].map((n) => `leakspike.s0${n}.heap`);
const LEAKSPIKE_G = [1, 2, 3, 4, 5, 6].map((n) => `leakspike.s0${n}.goroutine`);
const BIGPARSE = ['bigparse.base.heap', 'bigparse.peak.heap', 'bigparse.current.heap'];
const SERIES_DIR = join(ROOT, 'test/bench/data/series');

const session = pageSession();

async function drop(page: Page, files: readonly { name: string; bytes: Uint8Array }[], timeout = 20_000): Promise<void> {
  await dropFiles(page, files);
  for (const f of files) await cardStatus(page, f.name, 'ready', timeout);
}

const fixtures = (names: readonly string[]) => names.map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(FIXTURES, name))) }));

async function trendView(page: Page): Promise<void> {
  await page.getByTestId('view-tab-trend').click();
  await page.getByTestId('trend-table').waitFor({ timeout: 30_000 });
  await expect.poll(() => page.getByTestId('trend').getAttribute('aria-busy')).toBe('false');
}

const rowOf = (page: Page, name: string) => page.locator(`[data-testid="trend-row"][data-name="${name.replace(/"/g, '\\"')}"]`);

function cliTrend(...args: string[]) {
  const r = spawnSync('npx', ['tsx', 'src/cli/report.ts', '-trend', '-json', ...args], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(r.stdout) as { snapshots: { name: string; total: number }[]; rows: { name: string; values: number[]; shape: string; at?: number }[]; sampleUnit: string };
}

describe('trend view', () => {
  it('bigparse: main.parseRow is a peak, not a leak', async () => {
    const page = await session.open();
    await drop(page, fixtures(BIGPARSE));
    await trendView(page);
    const row = rowOf(page, 'main.parseRow');
    expect(await row.getAttribute('data-shape')).toBe('peak');
    expect(await row.getAttribute('data-at')).toBe('1');
    expect(await row.getByTestId('trend-shape').textContent()).toBe('peak @#2');
    expect(await page.locator('[data-testid="trend-row"][data-shape="grew"]').count()).toBe(0);
  });

  it('leakspike: the leak first as grew, the spike a peak at s03, the numbers those of report -trend -json', async () => {
    const page = await session.open('', { colorScheme: 'light' });
    await drop(page, fixtures(LEAKSPIKE));
    await trendView(page);
    const rows = page.getByTestId('trend-row');
    expect(await rows.first().getAttribute('data-name')).toBe('main.(*traceIndex).remember');
    expect(await rows.first().getAttribute('data-shape')).toBe('grew');
    const spike = rowOf(page, 'main.parseRow');
    expect(await spike.getAttribute('data-shape')).toBe('peak');
    expect(await spike.getAttribute('data-at')).toBe('2');

    // The page's choices for a heap series: inuse_space, blame your code on.
    const json = cliTrend('-blame_user', ...LEAKSPIKE.map((f) => join(FIXTURES, f)));
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => ({ name: tr.getAttribute('data-name'), shape: tr.getAttribute('data-shape'), values: tr.getAttribute('data-values'), hover: tr.querySelector('[data-testid="trend-ends"]')?.getAttribute('title') })));
    expect(shown.length).toBe(Math.min(100, json.rows.length));
    let unitMin = 0;
    for (const r of json.rows) for (const v of r.values) if (v !== 0 && (unitMin === 0 || Math.abs(v) < unitMin)) unitMin = Math.abs(v);
    const unit = minimumUnit(unitMin, Math.max(...json.snapshots.map((s) => s.total)), json.sampleUnit);
    shown.forEach((row, i) => {
      const want = json.rows[i];
      expect(row.name).toBe(want.name);
      expect(row.shape).toBe(want.shape);
      expect(row.values).toBe(want.values.join(','));
      expect(row.hover).toBe(want.values.map((v, k) => `#${k + 1} ${LEAKSPIKE[k]}: ${formatValue(v, json.sampleUnit, unit)}`).join('\n'));
    });
    // The hover text is the sparkline's title too.
    const first = rows.first().getByTestId('trend-spark');
    await first.hover();
    expect(await first.locator('title').textContent()).toContain('#6 leakspike.s06.heap: 9.44MB');
    await shoot(page, 'trend-leakspike.png');
  });

  it('goroutine profiles: the parked cluster first as grew, 200 → 1,200, as report -trend -json', async () => {
    const page = await session.open();
    await drop(page, fixtures([...LEAKSPIKE, ...LEAKSPIKE_G]));
    await trendView(page);
    await page.getByTestId('kind-goroutine').click();
    await expect.poll(() => page.getByTestId('trend').getAttribute('data-what')).toBe('goroutines');
    await expect.poll(() => page.getByTestId('trend').getAttribute('aria-busy')).toBe('false');
    const first = page.getByTestId('trend-row').first();
    expect(await first.getAttribute('data-name')).toBe('chan receive in main.(*ackWaiter).wait');
    expect(await first.getAttribute('data-shape')).toBe('grew');
    expect(await first.getAttribute('data-values')).toBe('200,400,600,800,1000,1200');
    const json = cliTrend(...LEAKSPIKE_G.map((f) => join(FIXTURES, f)));
    expect(json.rows[0]).toMatchObject({ name: 'chan receive in main.(*ackWaiter).wait', shape: 'grew', values: [200, 400, 600, 800, 1000, 1200] });
    expect(await page.getByTestId('trend-row').count()).toBe(json.rows.length);
    await shoot(page, 'trend-goroutines.png');
  });

  it('the series, the level, the search and the sample type are in the URL hash: a reload with the same files shows them again', async () => {
    const page = await session.open();
    const files = fixtures([...LEAKSPIKE, ...LEAKSPIKE_G]);
    await drop(page, files);
    await trendView(page);
    await page.getByTestId('top-sample-type').selectOption('alloc_space');
    await expect.poll(() => page.getByTestId('trend-summary').textContent()).toContain('alloc_space');
    await page.getByTestId('kind-goroutine').click();
    await page.getByTestId('trend-level').selectOption('functions');
    await page.getByTestId('trend-search').fill('ackWaiter');
    await page.getByTestId('trend-search').press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/trend\.kind=goroutine.*trend\.level=functions.*trend\.q=ackWaiter/);
    expect(await page.evaluate(() => location.hash)).toContain('si=alloc_space');
    const shown = async () => ({
      kind: await page.getByTestId('trend').getAttribute('data-kind'),
      level: await page.getByTestId('trend-level').inputValue(),
      search: await page.getByTestId('trend-search').inputValue(),
      rows: await page.getByTestId('trend-row').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-name'))),
    });
    await expect.poll(() => page.getByTestId('trend').getAttribute('aria-busy')).toBe('false');
    const before = await shown();
    expect(before.rows.length).toBeGreaterThan(0);
    for (const name of before.rows) expect(name).toContain('ackWaiter');

    await page.reload();
    await page.getByLabel('Open profiles').waitFor({ state: 'attached' });
    await drop(page, files);
    await trendView(page);
    await expect.poll(() => page.getByTestId('trend').getAttribute('data-kind')).toBe('goroutine');
    await expect.poll(() => page.getByTestId('trend').getAttribute('aria-busy')).toBe('false');
    expect(await shown()).toEqual(before);
    // The heap series: the sample type chosen before the reload.
    await page.getByTestId('kind-heap').click();
    await expect.poll(() => page.getByTestId('trend-summary').textContent()).toContain('alloc_space');
    expect(await page.getByTestId('top-sample-type').inputValue()).toBe('alloc_space');
  });

  it('fifty snapshots: while they load and while the trend ranks them, no main-thread task of 50 ms of CPU (or 100 ms wall)', { ...TIMED, timeout: 300_000 }, async () => {
    const page = await session.open();
    const names = Array.from({ length: 50 }, (_, i) => `s${String(i + 1).padStart(2, '0')}.heap`);
    // The benchmark's series when it is there (test/bench/make-data.sh series), else one made here.
    const bench = existsSync(join(SERIES_DIR, 'bigheap.s01.heap'));
    const files = bench
      ? names.map((name, i) => ({ name, bytes: new Uint8Array(readFileSync(join(SERIES_DIR, `bigheap.s${String(i + 1).padStart(2, '0')}.heap`))) }))
      : names.map((name, i) => ({ name, bytes: syntheticHeap({ samples: 4000, seed: 7 + (i % 3), timeNanos: 1_700_000_000_000_000_000n + BigInt(i) * 60_000_000_000n }) }));
    console.log(`series: ${bench ? 'test/bench/data/series' : 'synthetic'}`);
    await drop(page, files.slice(0, 3), 60_000);
    await page.getByTestId('top-table').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('heap').getAttribute('aria-busy'), { timeout: 60_000 }).toBe('false');
    await expect.poll(() => page.getByTestId('top-rows-drawing').count()).toBe(0);
    // Leaving the table for the trend: the table's teardown is the one long frame (README: Limits).
    const leaving = await watchLongTasks(page, frozen);
    await trendView(page);
    const switchTasks = await leaving();
    console.log(`heap table → trend: tasks of 200 ms or more ${JSON.stringify(switchTasks)}`);
    expect(switchTasks).toEqual([]);

    // The other 47 dropped on the trend, which waits for them (bound below). Their File objects are
    // made first (this test decoding their base64 in the page: not the page's work).
    await stageDrop(page, files.slice(3));
    // One watch from the drop to the end: the trend starts ranking as the last card is ready, before
    // this test can see it, so a second watch started then may miss the trend of 50 (a fresh-clone
    // run saw 10 tasks or fewer of it). The phases are told apart by a mark, for the figures only.
    const watch = await watchMainThread(page);
    await releaseDrop(page);
    // One look at all the cards (not one wait per card).
    await expect.poll(() => page.locator('[data-testid="file-card"][data-status="ready"]').count(), { timeout: 120_000, interval: 50 }).toBe(50);
    // The trend of all 50: ranked in the worker, sent and drawn a few rows a frame; then ranked again
    // by lines. The worker ranks on one of the two cores, and a frame's wall time counts its wait
    // for the other (CI saw 52 and 55 ms here where the frames' thread time is 15–25 ms: 0028).
    const fifty = () => page.getByTestId('trend-row').first().getAttribute('data-values');
    await expect.poll(fifty, { timeout: 120_000 }).toMatch(/^([^,]+,){49}[^,]+$/);
    await expect.poll(() => page.getByTestId('trend').getAttribute('aria-busy'), { timeout: 60_000 }).toBe('false');
    await page.evaluate(() => performance.mark('ranking by lines'));
    await page.getByTestId('top-granularity').selectOption('lines');
    await expect.poll(() => page.getByTestId('trend-row').first().getAttribute('data-name'), { timeout: 120_000 }).toMatch(/:\d+$/);
    await expect.poll(() => page.getByTestId('trend').getAttribute('aria-busy'), { timeout: 60_000 }).toBe('false');
    const { tasks, events } = await watch();
    const byLines = mainThreadTasks(events, 'ranking by lines').filter((t) => t.ts <= tasks[tasks.length - 1].ts);
    const loadAndFifty = tasks.filter((t) => t.ts < (byLines[0]?.ts ?? Infinity));
    // Each phase: the page's work in a task (its thread time) under the 50 ms; its wall time
    // under 100 ms, as the decoders and the worker share the machine's two cores with it (0024).
    for (const [what, phase, least] of [['loading and the trend of 50', loadAndFifty, 47], ['the trend by lines', byLines, 10]] as const) {
      expect(phase.length, `${what}: the trace saw it`).toBeGreaterThan(least);
      const largest = phase.reduce((a, t) => (t.cpu > a.cpu ? t : a));
      console.log(`${what}, traced: ${phase.length} tasks, the largest ${describeTask(largest)}`);
      expect(phase.filter(tooLong).map(describeTask), `${what}: tasks of ≥ 50 ms CPU or ≥ 100 ms wall`).toEqual([]);
    }
  });
});

describe('trend screenshots', () => {
  it('at 1280 and 1920 px, light and dark: nothing wider than the page', async () => {
    for (const width of [1280, 1920]) {
      for (const scheme of ['light', 'dark'] as const) {
        const page = await session.open('', { colorScheme: scheme });
        await page.setViewportSize({ width, height: 1000 });
        await drop(page, fixtures(LEAKSPIKE));
        await trendView(page);
        await shoot(page, `trend-${width}-${scheme}.png`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBe(0);
        await session.finish();
      }
    }
  }, 180_000);
});

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, name), fullPage: true });
}
