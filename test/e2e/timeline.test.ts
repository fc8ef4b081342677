// The timeline in Chromium under the strict CSP. bigparse's base, peak and
// current heaps: the strip shows the spike (the peak snapshot's total is the
// highest), a click on the peak compares base → peak and main.parseRow is the
// table's first row; the keyboard picks too, and moves a snapshot as a drag
// does; the pair is in the URL hash and
// comes back after a reload with the files dropped again (in another order).
// The six leakspike ?debug=1 heaps: the MemStats areas are drawn and a
// snapshot's numbers on hover are its file's `#` lines. The leakspike
// goroutine profiles: their counts, and the goroutine view follows a pick.
// Fifty snapshots: the strip stays one compact box, nothing in it cut, at
// 1280 and 1920 px, light and dark.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { bytesText } from '../../src/core/memstats';
import { FIXTURES } from '../helpers/fixtures';
import { cardStatus, dropFiles, frozen, pageSession, TIMED, watchLongTasks } from './harness';
import { shownRows } from './top-rows';

const BIGPARSE = ['bigparse.base.heap', 'bigparse.peak.heap', 'bigparse.current.heap'];
const LEAKSPIKE = [1, 2, 3, 4, 5, 6].map((i) => `leakspike.s0${i}.heap.debug1.txt`);
const GOROUTINES = [1, 2, 3, 4, 5, 6].map((i) => `leakspike.s0${i}.goroutine`);

const session = pageSession();

async function drop(page: Page, names: readonly string[], as: readonly string[] = names): Promise<void> {
  await dropFiles(page, names.map((name, i) => ({ name: as[i], bytes: new Uint8Array(readFileSync(join(FIXTURES, name))) })));
  for (const name of as) await cardStatus(page, name);
}

const point = (page: Page, name: string) => page.locator(`[data-testid="timeline-point"][data-name="${name}"]`);
const pointNames = (page: Page) => page.getByTestId('timeline-point').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
const roles = (page: Page) => page.getByTestId('timeline-point').evaluateAll((els) => els.map((e) => e.getAttribute('data-role')));
const firstRow = async (page: Page) => (await shownRows(page))[0]?.name;

/** A `# Name = value` line of a ?debug=1 heap profile, as the file has it. */
function hashLine(file: string, name: string): number {
  const m = new RegExp(`^# ${name} = (\\d+)$`, 'm').exec(readFileSync(join(FIXTURES, file), 'utf8'));
  if (!m) throw new Error(`${file} has no # ${name} line`);
  return Number(m[1]);
}

describe('timeline', () => {
  it('bigparse: shows the spike; a click on the peak compares base → peak, main.parseRow first; the pair survives a reload in the hash', async () => {
    const page = await session.open();
    await drop(page, BIGPARSE);
    const strip = page.getByTestId('timeline');
    // While files load, the strip is drawn the frame after their cards (0024).
    await expect.poll(() => pointNames(page)).toEqual(BIGPARSE);
    expect(await strip.getAttribute('data-kind')).toBe('heap');
    const totals = (await page.getByTestId('timeline-point').evaluateAll((els) => els.map((e) => [e.getAttribute('data-name'), Number(e.getAttribute('data-total'))]))) as [string, number][];
    expect(totals.map(([n]) => n)).toEqual(BIGPARSE);
    const peak = Math.max(...totals.map(([, v]) => v));
    expect(totals[1][1]).toBe(peak);
    expect(peak).toBeGreaterThan(10 * Math.max(totals[0][1], totals[2][1]));
    expect(await roles(page)).toEqual(['base', '', 'current']);
    expect(await firstRow(page)).not.toBe('main.parseRow');

    await point(page, BIGPARSE[1]).click();
    expect(await roles(page)).toEqual(['base', 'current', '']);
    await expect.poll(() => firstRow(page), { timeout: 15_000 }).toBe('main.parseRow');
    expect(await page.locator('[data-testid="file-card"][data-role="current"]').getAttribute('data-name')).toBe(BIGPARSE[1]);
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('pair.heap=bigparse.base.heap&pair.heap=bigparse.peak.heap');

    // Reload and drop the same files in another order: the pair comes back.
    await page.reload();
    await page.getByLabel('Open profiles').waitFor({ state: 'attached' });
    await drop(page, [BIGPARSE[2], BIGPARSE[0], BIGPARSE[1]]);
    await expect.poll(() => roles(page)).toEqual(['base', 'current', '']);
    await expect.poll(() => firstRow(page), { timeout: 15_000 }).toBe('main.parseRow');
    expect(await page.evaluate(() => location.hash)).toContain('pair.heap=bigparse.base.heap&pair.heap=bigparse.peak.heap');
  });

  it('keyboard: arrows choose, C and B pick, Alt+arrows move; a drag moves too; the help says so', async () => {
    const page = await session.open();
    await drop(page, BIGPARSE);
    // The third snapshot on the strip before a key: an arrow from the pair of two would choose another.
    await expect.poll(() => roles(page)).toEqual(['base', '', 'current']);
    const strip = page.getByTestId('timeline-strip');
    await strip.focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('c');
    expect(await roles(page)).toEqual(['base', 'current', '']);
    await expect.poll(() => firstRow(page), { timeout: 15_000 }).toBe('main.parseRow');
    await page.keyboard.press('End');
    await page.keyboard.press('b');
    expect(await roles(page)).toEqual(['', 'current', 'base']);
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    expect(await roles(page)).toEqual(['current', '', 'base']);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+Enter');
    expect(await roles(page)).toEqual(['current', 'base', '']);
    // The chosen snapshot (the peak) one place earlier: the order changes, the pair does not.
    await page.keyboard.press('Alt+ArrowLeft');
    const names = () => pointNames(page);
    expect(await names()).toEqual([BIGPARSE[1], BIGPARSE[0], BIGPARSE[2]]);
    expect(await roles(page)).toEqual(['base', 'current', '']);
    await page.getByTestId('timeline-later').click();
    expect(await names()).toEqual(BIGPARSE);
    // Dragged onto another's place: the first snapshot after the last, then back; the pair follows its files.
    const points = page.getByTestId('timeline-point');
    await points.nth(0).dragTo(points.nth(2));
    await expect.poll(names).toEqual([BIGPARSE[1], BIGPARSE[2], BIGPARSE[0]]);
    expect(await roles(page)).toEqual(['base', '', 'current']);
    await points.nth(2).dragTo(points.nth(0));
    await expect.poll(names).toEqual(BIGPARSE);
    expect(await roles(page)).toEqual(['current', 'base', '']);
    const help = (await page.getByTestId('timeline-help').getAttribute('title')) ?? '';
    for (const words of ['Click', 'shift-click', 'drag', '← →', 'C or Enter', 'B or Shift+Enter', 'Alt+←']) expect(help).toContain(words);
    // The same words shown by the ? button (no hover on a touch screen).
    expect(await page.getByTestId('timeline-help-text').count()).toBe(0);
    await page.getByTestId('timeline-help').click();
    expect(await page.getByTestId('timeline-help-text').textContent()).toBe(help);
  });

  it("leakspike ?debug=1: the MemStats areas are drawn, and a snapshot's numbers on hover are its # lines", async () => {
    const page = await session.open('', { colorScheme: 'dark' });
    await drop(page, LEAKSPIKE);
    await page.getByTestId('timeline').waitFor();
    const layers = await page.getByTestId('timeline-area').evaluateAll((els) => els.map((e) => [e.getAttribute('data-layer'), (e as SVGPathElement).getBBox().height]));
    expect(layers.map(([l]) => l)).toEqual(['heapInuse', 'heapIdleRetained', 'heapReleased', 'stackInuse', 'rest']);
    for (const [, h] of layers) expect(h as number).toBeGreaterThan(0);
    const file = LEAKSPIKE[2];
    await point(page, file).hover();
    const detail = page.getByTestId('timeline-detail');
    await expect.poll(() => detail.getAttribute('data-name')).toBe(file);
    const fig = (id: string) => detail.locator(`[data-testid="timeline-figure"][data-id="${id}"]`);
    for (const [id, want] of [
      ['Sys', hashLine(file, 'Sys')],
      ['heapInuse', hashLine(file, 'HeapInuse')],
      ['heapIdleRetained', hashLine(file, 'HeapIdle') - hashLine(file, 'HeapReleased')],
      ['heapReleased', hashLine(file, 'HeapReleased')],
      ['stackInuse', Number(/^# Stack = (\d+) \//m.exec(readFileSync(join(FIXTURES, file), 'utf8'))![1])],
    ] as const) {
      expect(await fig(id).getAttribute('data-bytes'), id).toBe(String(want));
      expect(await fig(id).locator('b').textContent()).toBe(bytesText(want));
      expect(await fig(id).getAttribute('title')).toMatch(new RegExp(`^${String(want).replace(/\B(?=(\d{3})+$)/g, ',')} bytes = `));
    }
    expect(await fig('Sys').getAttribute('title')).toBe(`${String(hashLine(file, 'Sys')).replace(/\B(?=(\d{3})+$)/g, ',')} bytes = Sys`);
    // The spike is s03's.
    const totals = await page.getByTestId('timeline-point').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-total'))));
    expect(Math.max(...totals)).toBe(totals[2]);
  });

  it('goroutine profiles: their counts; the goroutine view follows a pick', async () => {
    const page = await session.open();
    await drop(page, [...GOROUTINES, BIGPARSE[0], BIGPARSE[2]]);
    await page.getByTestId('view-tab-goroutines').click();
    const strip = page.locator('[data-testid="timeline"][data-kind="goroutine"]');
    await strip.waitFor();
    const counts = await page.getByTestId('timeline-point').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-total'))));
    expect(counts).toEqual([201, 401, 601, 801, 1001, 1201]);
    await point(page, GOROUTINES[3]).hover();
    await expect.poll(() => page.getByTestId('timeline-total').textContent()).toBe('goroutines 801');
    await point(page, GOROUTINES[3]).click({ modifiers: ['Shift'] });
    expect(await roles(page)).toEqual(['', '', '', 'base', '', 'current']);
    // The goroutine view compares s04 → s06: +400 goroutines.
    await expect.poll(() => page.getByTestId('goroutines').textContent(), { timeout: 15_000 }).toContain(GOROUTINES[3]);
    // The heap kind keeps its own pair, and its own strip under the heap tab.
    await page.getByTestId('view-tab-heap').click();
    await expect.poll(() => page.getByTestId('timeline').getAttribute('data-kind')).toBe('heap');
    expect(await roles(page)).toEqual(['base', 'current']);
  });

  for (const width of [1280, 1920]) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`fifty snapshots: one compact strip, nothing cut, a pick without long tasks: ${width} px, ${scheme}`, TIMED, async () => {
        const page = await session.open('', { colorScheme: scheme });
        await page.setViewportSize({ width, height: 900 });
        const names = Array.from({ length: 50 }, (_, i) => LEAKSPIKE[i % 6]);
        const as = names.map((n, i) => `s${String(i + 1).padStart(2, '0')}.${n}`);
        await drop(page, names, as);
        const strip = page.getByTestId('timeline');
        await expect.poll(() => page.getByTestId('timeline-point').count()).toBe(50);
        const box = (await strip.boundingBox())!;
        expect(box.height).toBeLessThan(170);
        expect(box.x + box.width).toBeLessThanOrEqual(width);
        await point(page, as[20]).hover();
        const cut = await strip.evaluate((root) => {
          const out: string[] = [];
          for (const el of [root, ...root.querySelectorAll('*')]) {
            if (!(el instanceof HTMLElement)) continue;
            if (el.scrollWidth > el.clientWidth + 0.5 || el.scrollHeight > el.clientHeight + 0.5) out.push(`${el.className}: ${el.textContent}`);
          }
          return out;
        });
        expect(cut).toEqual([]);
        await shownRows(page);
        const longTasks = await watchLongTasks(page, frozen);
        await point(page, as[20]).click();
        await expect.poll(() => page.locator('[data-testid="file-card"][data-role="current"]').getAttribute('data-name')).toBe(as[20]);
        await shownRows(page);
        const tasks = await longTasks();
        console.log(`[e2e] timeline pick, ${width} px ${scheme}: main-thread tasks of 200 ms or more: ${JSON.stringify(tasks)}`);
        expect(tasks).toEqual([]);
      });
    }
  }
});
