// The memory view and the heap ↔ goroutine links in Chromium under the
// strict CSP. The gzipleak ?debug=1 pair: every figure the page shows is the
// file's own `# Sys = …`, `# HeapInuse = …` line (read back from the file
// here), unit-formatted, exact on hover; the idle-heap finding of the
// current file with its figures. The tickerleak heap + goroutine pairs: the
// heap table's runtime.malg row carries "+4,112 goroutines, mostly parked in
// main.(*MemQueue).scheduleFlush.func1", which switches to the goroutine
// view; the accounting shows the stacks' growth; the leak suspect shows the
// stack memory it plausibly holds. A proto heap says where MemStats are.
// Screenshots at 1280 and 1920 px, light and dark.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { bytesText } from '../../src/core/memstats';
import { FIXTURES } from '../helpers/fixtures';
import { ROOT } from './build';
import { cardStatus, dropFiles, pageSession, TIMED, watchLongTasks } from './harness';

const SHOTS = join(ROOT, 'test-results/screenshots');
const FLUSH = 'main.(*MemQueue).scheduleFlush.func1';
const GZIP = ['gzipleak.base.heap.debug1.txt', 'gzipleak.current.heap.debug1.txt'];
const TICKER = ['tickerleak.base.heap.debug1.txt', 'tickerleak.current.heap.debug1.txt', 'tickerleak.base.goroutine', 'tickerleak.current.goroutine'];

const session = pageSession();

/** A real drop of fixture files, in this order (the text formats carry no time: drop order makes the roles), until each is decoded. */
async function drop(page: Page, names: readonly string[]): Promise<void> {
  await dropFiles(page, names.map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(FIXTURES, name))) })));
  for (const name of names) await cardStatus(page, name);
}

/** A `# Name = value` line of a ?debug=1 heap profile, as the file has it. */
function hashLine(file: string, name: string): number {
  const m = new RegExp(`^# ${name} = (\\d+)$`, 'm').exec(readFileSync(join(FIXTURES, file), 'utf8'));
  if (!m) throw new Error(`${file} has no # ${name} line`);
  return Number(m[1]);
}

/** `# Stack = StackInuse / StackSys`. */
function stackLine(file: string): { inuse: number; sys: number } {
  const m = /^# Stack = (\d+) \/ (\d+)$/m.exec(readFileSync(join(FIXTURES, file), 'utf8'));
  if (!m) throw new Error(`${file} has no # Stack line`);
  return { inuse: Number(m[1]), sys: Number(m[2]) };
}

async function memoryView(page: Page): Promise<void> {
  await page.getByTestId('view-tab-memory').click();
  await page.getByTestId('memory-table').or(page.getByTestId('memory-findings')).first().waitFor();
  await expect.poll(() => page.getByTestId('memory').getAttribute('aria-busy')).toBe('false');
}

const figure = (page: Page, file: string, id: string) => page.locator(`[data-testid="memory-figure"][data-name="${file}"][data-id="${id}"]`);

describe('memory view', () => {
  it('shows each figure of the # runtime.MemStats lines, exact on hover, and the idle-heap finding', TIMED, async () => {
    const page = await session.open('', { colorScheme: 'light' });
    await drop(page, GZIP);
    // The heap view is drawn first; from then on, the memory view's work only.
    await page.getByTestId('top-table').waitFor();
    await expect.poll(() => page.getByTestId('heap').getAttribute('aria-busy')).toBe('false');
    await expect.poll(() => page.getByTestId('top-rows-drawing').count()).toBe(0);
    const longTasks = await watchLongTasks(page);
    await memoryView(page);
    for (const file of GZIP) {
      for (const [id, field] of [
        ['Sys', 'Sys'],
        ['heapInuse', 'HeapInuse'],
        ['heapReleased', 'HeapReleased'],
        ['gc', 'GCSys'],
        ['other', 'OtherSys'],
      ]) {
        const want = hashLine(file, field);
        const cell = figure(page, file, id);
        expect(await cell.getAttribute('data-bytes'), `${file} ${field}`).toBe(String(want));
        expect(await cell.textContent()).toBe(bytesText(want));
        const title = await cell.getAttribute('title');
        expect(title).toBe(`${String(want).replace(/\B(?=(\d{3})+$)/g, ',')} bytes = ${field}`);
      }
      const idle = hashLine(file, 'HeapIdle') - hashLine(file, 'HeapReleased');
      expect(await figure(page, file, 'heapIdleRetained').getAttribute('data-bytes')).toBe(String(idle));
      expect(await figure(page, file, 'stackInuse').getAttribute('data-bytes')).toBe(String(stackLine(file).inuse));
    }
    // The Δ of the pair, and the exact bytes on keyboard focus.
    const sysDelta = hashLine(GZIP[1], 'Sys') - hashLine(GZIP[0], 'Sys');
    const delta = page.locator('[data-testid="memory-delta"][data-id="Sys"]');
    expect(await delta.getAttribute('data-bytes')).toBe(String(sysDelta));
    await figure(page, GZIP[1], 'Sys').focus();
    expect(await page.getByTestId('memory-raw').textContent()).toContain(`${String(hashLine(GZIP[1], 'Sys')).replace(/\B(?=(\d{3})+$)/g, ',')} bytes = Sys`);

    // The idle heap of the current file: HeapIdle − HeapReleased with the figures that triggered it.
    const idle = page.locator(`[data-testid="memory-finding"][data-id="idle-heap-retained"][data-where="${GZIP[1]}"]`);
    expect(await idle.count()).toBe(1);
    expect(await idle.textContent()).toContain('of freed heap is held idle by the runtime');
    const idleBytes = hashLine(GZIP[1], 'HeapIdle') - hashLine(GZIP[1], 'HeapReleased');
    expect(await idle.locator('[data-testid="finding-figure"][data-name="HeapIdle − HeapReleased"]').getAttribute('data-bytes')).toBe(String(idleBytes));
    expect(await idle.locator('[data-testid="finding-figure"][data-name="Sys"]').getAttribute('data-bytes')).toBe(String(hashLine(GZIP[1], 'Sys')));
    // The base file's idle heap is normal headroom: no finding.
    expect(await page.locator(`[data-testid="memory-finding"][data-id="idle-heap-retained"][data-where="${GZIP[0]}"]`).count()).toBe(0);
    // The pair: the growth is not live objects.
    expect(await page.locator('[data-testid="memory-finding"][data-id="growth-not-live-objects"]').count()).toBe(1);
    expect(await page.getByTestId('memory-bar').count()).toBe(2);
    expect(await longTasks()).toEqual([]);
  });

  it('a proto heap profile says which URL has the MemStats', async () => {
    const page = await session.open();
    await drop(page, ['gzipleak.base.heap', 'gzipleak.current.heap']);
    await memoryView(page);
    const f = page.locator('[data-testid="memory-finding"][data-id="no-memstats"]');
    expect(await f.count()).toBe(2);
    expect(await f.first().textContent()).toContain('/debug/pprof/heap?debug=1');
    expect(await page.getByTestId('memory-table').count()).toBe(0);
  });
});

describe('heap ↔ goroutines', () => {
  it("the runtime.malg row's note links to the goroutines that grew; the accounting shows the stacks' growth", async () => {
    const page = await session.open();
    await drop(page, TICKER);
    const note = page.getByTestId('heap-goroutine-note');
    await note.waitFor({ timeout: 15_000 });
    expect(await note.getAttribute('data-row')).toBe('runtime.malg');
    const link = page.getByTestId('heap-goroutine-link');
    await expect.poll(() => link.textContent()).toBe(`+4,112 goroutines, mostly parked in ${FLUSH}`);
    await page.screenshot({ path: join(SHOTS, 'memory-heap-note.png'), fullPage: true });
    await link.click();
    expect(await page.getByTestId('view-tab-goroutines').getAttribute('aria-selected')).toBe('true');
    const first = page.getByTestId('goroutine-cluster').first();
    await first.waitFor();
    expect(await first.getAttribute('data-fn')).toBe(FLUSH);
    // The leak suspect's stacks: its goroutines × StackInuse / goroutines of the current snapshots.
    const stackInuse = stackLine(TICKER[1]).inuse;
    const held = page.getByTestId('suspect-memory');
    await expect.poll(() => held.textContent()).toContain('plausibly hold about');
    const per = Math.round(stackInuse / 4867);
    expect(await held.textContent()).toContain(`4,866 × ${per.toLocaleString('en-US')} bytes`);
    await page.screenshot({ path: join(SHOTS, 'memory-goroutines-suspect.png') });

    await memoryView(page);
    const base = stackLine(TICKER[0]).inuse;
    expect(await page.locator('[data-testid="memory-delta"][data-id="stackInuse"]').getAttribute('data-bytes')).toBe(String(stackInuse - base));
    const growing = page.locator('[data-testid="memory-finding"][data-id="goroutines-growing"]');
    expect(await growing.textContent()).toContain('Goroutines are growing');
    expect(await growing.locator('[data-testid="finding-figure"][data-name="StackInuse"]').getAttribute('data-bytes')).toBe(String(stackInuse - base));
    await page.screenshot({ path: join(SHOTS, 'memory-tickerleak.png'), fullPage: true });
  });

  it('the leak suspect shows the heap it plausibly holds: the heap pair\'s goroutine descriptors that grew', async () => {
    const page = await session.open();
    await drop(page, TICKER);
    await page.getByTestId('view-tab-goroutines').click();
    const held = page.getByTestId('suspect-memory');
    await expect.poll(() => held.textContent(), { timeout: 15_000 }).toContain('of heap in goroutine descriptors');
    // runtime.malg's growth in the heap pair (1670.50kB, as the heap table prints it), all of it: the suspect is all the new goroutines.
    expect(await held.textContent()).toMatch(/and about 1\.66MB of heap in goroutine descriptors \(runtime\.malg \+1670\.50kB, runtime\.allgadd \+33\.38kB in the heap pair\)\.$/);
  });

  it('without goroutine profiles the note says which to load', async () => {
    const page = await session.open();
    await drop(page, TICKER.slice(0, 2));
    const note = page.getByTestId('heap-goroutine-note');
    await note.waitFor({ timeout: 15_000 });
    expect(await note.textContent()).toContain('/debug/pprof/goroutine');
    expect(await page.getByTestId('heap-goroutine-link').count()).toBe(0);
  });
});

describe('screenshots', () => {
  it('at 1280 and 1920 px, light and dark: nothing cut off', async () => {
    for (const width of [1280, 1920]) {
      for (const scheme of ['light', 'dark'] as const) {
        const page = await session.open('', { colorScheme: scheme });
        await page.setViewportSize({ width, height: 1000 });
        await drop(page, [...GZIP]);
        await memoryView(page);
        await page.screenshot({ path: join(SHOTS, `memory-${width}-${scheme}.png`), fullPage: true });
        // Nothing wider than the page.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBe(0);
        const table = await page.getByTestId('memory-table').evaluate((t) => t.scrollWidth - (t.parentElement as HTMLElement).clientWidth);
        expect(table).toBeLessThanOrEqual(0);
        await session.finish();
      }
    }
  });
});
