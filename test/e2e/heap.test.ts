// The heap view in Chromium under the strict CSP: the example pair (the gzip
// leak, test/fixtures/README.md) gives go tool pprof's -top with "blame your
// code" on — the user's main.(*gzipResponseWriter).Write first — and pprof's
// own rows with it off, to the byte (test/fixtures/golden/
// gzipleak.base-current.heap.*.txt); the sample type, an invalid regexp's
// inline error, sorting, a row focusing its function, "Copy as text", the URL
// hash surviving a reload (with #base=…&current=… kept for src/ui/embed.ts),
// thousands of rows and hostile names. After every test: no request left the
// page's origin, no CSP violation, no console or page error; where the view
// is used, no main-thread task of 50 ms or more.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { StringTable } from 'pprof-format';
import { describe, expect, inject, it } from 'vitest';
import { FIXTURES } from '../helpers/fixtures';
import { ROOT } from './build';
import { cardStatus, dropFiles, pageSession, TIMED, watchLongTasks } from './harness';
import { allRows, goldenRows, heap, shownRows } from './top-rows';
import { addNamed, heapFile, type HeapParts } from './synthetic';

const SHOTS = join(ROOT, 'test-results/screenshots');
const EXAMPLES = join(ROOT, 'public/examples');
const PAIR = ['gzipleak.base.heap', 'gzipleak.current.heap'];
const WRITE = 'main.(*gzipResponseWriter).Write';

const session = pageSession();
const open = (hash = '', colorScheme: 'light' | 'dark' = 'light'): Promise<Page> => session.open(hash, { colorScheme });

/** A real drop of files, in this order, until each is decoded. */
async function drop(page: Page, files: { name: string; bytes: Uint8Array }[]): Promise<void> {
  await dropFiles(page, files);
  for (const f of files) await cardStatus(page, f.name);
}

const examplePair = () => PAIR.map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(EXAMPLES, name))) }));


async function firstName(page: Page): Promise<string> {
  return (await shownRows(page))[0]?.name ?? '';
}

describe('heap view', () => {
  it('the example pair: blame your code puts main.(*gzipResponseWriter).Write first; off, pprof’s rows to the byte', async () => {
    const page = await open();
    await page.getByTestId('example-button').click();
    for (const name of PAIR) await page.locator(`[data-testid="file-card"][data-name="${name}"][data-status="ready"]`).waitFor({ timeout: 20_000 });
    await heap(page).waitFor();
    await expect.poll(() => heap(page).getAttribute('data-mode')).toBe('diff');

    // Blame on (two heap files): the user's writer first; the header says so.
    expect(await page.getByTestId('top-blame').isChecked()).toBe(true);
    const blamed = await shownRows(page);
    expect(blamed[0]).toEqual({ flat: '66.75MB', flatPct: '76.61%', sumPct: '76.61%', cum: '66.75MB', cumPct: '76.61%', name: WRITE });
    expect(blamed[1].name).toBe('main.(*gzipResponseWriter).finish');
    expect(await page.getByTestId('top-attribution').getAttribute('data-blame')).toBe('true');
    expect(await page.getByTestId('top-attribution').textContent()).toMatch(/^Attribution: each sample charged to its deepest frame in your code/);
    expect(await page.getByTestId('top-files').textContent()).toBe('Base gzipleak.base.heap (11.15MB) → Current gzipleak.current.heap (98.29MB)');
    // The base card says 11419.50kB (pprof -top of the base alone); here the report's unit, the exact total on hover.
    expect(await page.getByTestId('top-total-base').getAttribute('title')).toBe('11693571 bytes: the base profile’s inuse_space in all, in the report’s unit (MB)');
    await page.screenshot({ path: join(SHOTS, 'heap-blame.png'), fullPage: true });

    // Off: go tool pprof -top -base, every row and number.
    await page.getByTestId('top-blame').uncheck();
    await expect.poll(() => firstName(page)).toBe('compress/flate.NewWriter');
    const want = goldenRows('gzipleak.base-current.heap.top.default');
    expect(await allRows(page)).toEqual(want.rows);
    expect(await page.getByTestId('top-header').textContent()).toBe(want.header.join('\n'));
    expect(await page.getByTestId('top-attribution').getAttribute('data-blame')).toBe('false');
    expect(await page.getByTestId('top-count').getAttribute('data-rows')).toBe(String(want.rows.length));

    // Base, current and Δ% per row: flat = current − base.
    const sides = await page.getByTestId('top-row').evaluateAll((trs) => trs.map((tr) => ({ flat: Number(tr.getAttribute('data-flat')), base: Number(tr.getAttribute('data-base')), current: Number(tr.getAttribute('data-current')) })));
    for (const s of sides) expect(s.current - s.base).toBe(s.flat);
    const first = page.getByTestId('top-row').first();
    expect(await first.locator('[data-col="delta"]').textContent()).toMatch(/^\+\d+%$|^new$/);
    expect(await first.locator('[data-col="flat"]').getAttribute('class')).toContain('is-up');
    expect(await page.getByTestId('top-legend').textContent()).toContain('red: grew');
    await page.screenshot({ path: join(SHOTS, 'heap-pprof.png'), fullPage: true });
  });

  it('sample type: alloc_space gives pprof’s alloc_space rows; the hash says si=alloc_space', async () => {
    const page = await open();
    await drop(page, examplePair());
    await page.getByTestId('top-blame').uncheck();
    await expect.poll(() => firstName(page)).toBe('compress/flate.NewWriter');
    await page.getByTestId('top-sample-type').selectOption('alloc_space');
    const want = goldenRows('gzipleak.base-current.heap.top.alloc_space');
    await expect.poll(() => firstName(page)).toBe(want.rows[0].name);
    const rows = await shownRows(page);
    expect(rows).toEqual(want.rows.slice(0, rows.length));
    expect(await page.getByTestId('top-header').textContent()).toBe(want.header.join('\n'));
    await expect.poll(() => page.evaluate(() => new URLSearchParams(location.hash.slice(1)).get('si'))).toBe('alloc_space');
  });

  it('an invalid regexp: an inline error on its field, the last table kept; fixed, the focused rows', TIMED, async () => {
    const page = await open();
    await drop(page, examplePair());
    await page.getByTestId('top-blame').uncheck();
    await expect.poll(() => firstName(page)).toBe('compress/flate.NewWriter');
    const longTasks = await watchLongTasks(page);
    const focus = page.getByTestId('top-focus');
    await focus.fill('gzipResponseWriter(');
    const err = page.getByTestId('top-error-focus');
    await err.waitFor();
    expect(await err.textContent()).toMatch(/^parsing focus regexp: /);
    expect(await focus.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('top-row').count()).toBeGreaterThan(0);
    await focus.fill('gzipResponseWriter');
    await err.waitFor({ state: 'detached' });
    const want = goldenRows('gzipleak.base-current.heap.focus');
    await expect.poll(() => page.getByTestId('top-count').getAttribute('data-rows')).toBe(String(want.rows.length));
    expect(await page.getByTestId('top-header').textContent()).toBe(want.header.join('\n'));
    // Other options report on their own field.
    await page.getByText('More filters').click();
    await page.getByTestId('top-show-from').fill('[');
    expect(await page.getByTestId('top-error-show_from').textContent()).toMatch(/^parsing show_from regexp: /);
    await page.getByTestId('top-clear-show_from').click();
    await page.getByTestId('top-error-show_from').waitFor({ state: 'detached' });
    expect(await longTasks(), 'long main-thread tasks while typing').toEqual([]);
    // The focused rows, all of them (scrolling the table through).
    expect(await allRows(page)).toEqual(want.rows);
  });

  it('sorts by any column, both ways; a row focuses its function; copy as text is pprof’s report', TIMED, async () => {
    const page = await open();
    await drop(page, examplePair());
    await session.watched!.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(inject('baseURL')).origin });
    await page.getByTestId('top-blame').uncheck();
    await expect.poll(() => firstName(page)).toBe('compress/flate.NewWriter');

    // Copy as text: exactly go tool pprof -top -base.
    await page.getByTestId('top-copy').click();
    const status = page.getByTestId('top-copy-status');
    await status.waitFor();
    expect(await status.getAttribute('data-status')).toBe('copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(goldenRows('gzipleak.base-current.heap.top.default').text);

    // Every sort, search and focus below is a new question to the worker: none blocks the page.
    const longTasks = await watchLongTasks(page);

    const attr = (name: string) => page.getByTestId('top-row').evaluateAll((trs, n) => trs.map((tr) => tr.getAttribute(n)), name);
    const numbers = async (name: string) => (await attr(name)).map((v) => (v === null ? null : Number(v)));
    for (const [column, data] of [['cum', 'data-cum'], ['delta', 'data-delta'], ['base', 'data-base'], ['current', 'data-current'], ['flat', 'data-flat']] as const) {
      await page.getByTestId(`top-sort-${column}`).click();
      await expect.poll(() => page.locator(`[role="columnheader"][aria-sort="descending"] [data-testid="top-sort-${column}"]`).count()).toBe(1);
      await shownRows(page);
      const desc = await numbers(data);
      const present = desc.filter((x): x is number => x !== null);
      expect(present, `${column} descending`).toEqual([...present].sort((a, b) => b - a));
      await page.getByTestId(`top-sort-${column}`).click();
      await expect.poll(() => page.locator(`[role="columnheader"][aria-sort="ascending"] [data-testid="top-sort-${column}"]`).count()).toBe(1);
      await shownRows(page);
      const asc = (await numbers(data)).filter((x): x is number => x !== null);
      expect(asc, `${column} ascending`).toEqual([...asc].sort((a, b) => a - b));
    }
    await page.getByTestId('top-sort-name').click();
    await expect.poll(() => page.locator('[role="columnheader"][aria-sort="ascending"] [data-testid="top-sort-name"]').count()).toBe(1);
    const byName = (await shownRows(page)).map((r) => r.name.replace(/ \((partial-)?inline\)$/, ''));
    expect(byName).toEqual([...byName].sort());
    expect(await page.getByTestId('top-count').getAttribute('data-rows')).toBe('30');
    await expect.poll(() => page.evaluate(() => new URLSearchParams(location.hash.slice(1)).get('o'))).toBe('name');
    await page.getByTestId('top-sort-reset').click();
    await expect.poll(() => firstName(page)).toBe('compress/flate.NewWriter');

    // Search filters rows by name.
    await page.getByTestId('top-search').fill('GZIPRESPONSE');
    await expect.poll(() => page.getByTestId('top-count').getAttribute('data-matched')).toBe('2');
    expect((await shownRows(page)).map((r) => r.name)).toEqual([WRITE, 'main.(*gzipResponseWriter).finish']);
    await page.getByTestId('top-search').fill('');
    await expect.poll(() => page.getByTestId('top-count').getAttribute('data-matched')).toBe('30');

    // A row focuses its function: the regexp, the URL, pprof's "Active filters".
    await page.locator(`[data-testid="top-row"]:has([title="${WRITE}"])`).click();
    const focusRe = '^main\\.\\(\\*gzipResponseWriter\\)\\.Write$';
    await expect.poll(() => page.getByTestId('top-focus').inputValue()).toBe(focusRe);
    await expect.poll(() => page.evaluate(() => new URLSearchParams(location.hash.slice(1)).get('f'))).toBe(focusRe);
    await expect.poll(async () => (await page.getByTestId('top-header').textContent()) ?? '').toContain(`Active filters:\n   focus=${focusRe}`);
    const rows = await shownRows(page);
    expect(rows.find((r) => r.name === WRITE)?.cum).toBe('66.75MB');
    expect(rows.some((r) => r.name === 'main.(*gzipResponseWriter).finish')).toBe(false);
    await page.getByTestId('top-clear-focus').click();
    await expect.poll(() => page.getByTestId('top-count').getAttribute('data-rows')).toBe('30');
    expect(await longTasks(), 'long main-thread tasks while sorting and focusing').toEqual([]);
  });

  it('the hash round-trips: a reload with the same files shows the same view', async () => {
    const page = await open();
    await drop(page, examplePair());
    await shownRows(page);
    await page.getByTestId('top-blame').uncheck();
    await page.getByTestId('top-sample-type').selectOption('alloc_space');
    await page.getByTestId('top-granularity').selectOption('filefunctions');
    await page.getByTestId('top-cum').check();
    await page.getByTestId('top-ignore').fill('encoding/json');
    await page.getByTestId('top-nodecount').fill('12');
    await page.getByTestId('top-sort-delta').click();
    await page.getByTestId('top-search').fill('flate');
    await expect.poll(() => page.evaluate(() => new URLSearchParams(location.hash.slice(1)).get('q'))).toBe('flate');
    const before = await shownRows(page);
    const header = await page.getByTestId('top-header').textContent();
    expect(before.length).toBeGreaterThan(0);
    expect(header).toContain('Type: alloc_space');
    const hash = await page.evaluate(() => location.hash);
    const params = new URLSearchParams(hash.slice(1));
    expect(Object.fromEntries(params)).toEqual({ si: 'alloc_space', g: 'filefunctions', i: 'encoding/json', sort: 'cum', n: '12', b: '0', o: '-delta', q: 'flate' });

    await page.reload();
    await page.getByLabel('Open profiles').waitFor({ state: 'attached' });
    expect(await page.evaluate(() => location.hash)).toBe(hash);
    await drop(page, examplePair());
    expect(await shownRows(page)).toEqual(before);
    expect(await page.getByTestId('top-header').textContent()).toBe(header);
    expect(await page.getByTestId('top-blame').isChecked()).toBe(false);
    expect(await page.getByTestId('top-sample-type').inputValue()).toBe('alloc_space');
    expect(await page.getByTestId('top-granularity').inputValue()).toBe('filefunctions');
    expect(await page.getByTestId('top-cum').isChecked()).toBe(true);
    expect(await page.getByTestId('top-ignore').inputValue()).toBe('encoding/json');
    expect(await page.getByTestId('top-nodecount').inputValue()).toBe('12');
    expect(await page.getByTestId('top-search').inputValue()).toBe('flate');
    expect(await page.locator('[role="columnheader"][aria-sort="descending"] [data-testid="top-sort-delta"]').count()).toBe(1);
  });

  it('fields typed in quick succession reach the hash in the order typed: the search never without the filter typed before it', async () => {
    // Every hash the page writes, recorded as it is written.
    const init = '(() => { const r = history.replaceState.bind(history); window.__hashes = []; history.replaceState = (s, t, u) => { window.__hashes.push(String(u)); return r(s, t, u); }; })();';
    const page = await session.open('', { init });
    await drop(page, examplePair());
    await shownRows(page);
    // A filter (applied after a 300 ms pause), a row count (300 ms), then a search (150 ms), 30 ms apart.
    await page.evaluate(async () => {
      const type = (id: string, v: string) => {
        const el = document.querySelector(`[data-testid="${id}"]`) as HTMLInputElement;
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(el, v);
        el.dispatchEvent(new Event('input', { bubbles: true }));
      };
      const pause = () => new Promise((r) => setTimeout(r, 30));
      type('top-ignore', 'encoding/json');
      await pause();
      type('top-nodecount', '12');
      await pause();
      type('top-search', 'flate');
    });
    await expect.poll(() => page.evaluate(() => new URLSearchParams(location.hash.slice(1)).get('q'))).toBe('flate');
    await shownRows(page);
    const written: string[] = await page.evaluate(() => (window as unknown as { __hashes: string[] }).__hashes);
    const withSearch = written.filter((h) => new URLSearchParams(h.slice(1)).get('q') === 'flate');
    expect(withSearch.length).toBeGreaterThan(0);
    for (const h of withSearch) expect(Object.fromEntries(new URLSearchParams(h.slice(1)))).toMatchObject({ i: 'encoding/json', n: '12', q: 'flate' });
  });

  it('keeps #base=…&current=… (src/ui/embed.ts) next to its own keys, and a reload loads and shows the same', async () => {
    const hash = '#base=examples/gzipleak.base.heap&current=examples/gzipleak.current.heap';
    const page = await open(hash);
    await expect.poll(() => firstName(page), { timeout: 20_000 }).toBe(WRITE);
    await page.getByTestId('top-blame').uncheck();
    await page.getByTestId('top-mode').selectOption('diff_base');
    await expect.poll(() => heap(page).getAttribute('data-mode')).toBe('diff_base');
    const want = goldenRows('gzipleak.base-current.heap.diffbase');
    await expect.poll(() => firstName(page)).toBe(want.rows[0].name);
    expect(await allRows(page)).toEqual(want.rows);
    const written = await page.evaluate(() => location.hash);
    expect(written.startsWith(`${hash}&`)).toBe(true);
    expect(Object.fromEntries(new URLSearchParams(written.slice(1)))).toEqual({ base: 'examples/gzipleak.base.heap', current: 'examples/gzipleak.current.heap', m: 'diff_base', b: '0' });
    // The cards were not loaded again by the hash change.
    expect(await page.getByTestId('file-card').count()).toBe(2);

    await page.reload();
    await expect.poll(() => heap(page).getAttribute('data-mode'), { timeout: 20_000 }).toBe('diff_base');
    await expect.poll(() => firstName(page), { timeout: 20_000 }).toBe(want.rows[0].name);
    expect(await allRows(page)).toEqual(want.rows);
    expect(await page.getByTestId('file-card').count()).toBe(2);
  });

  it('one profile: its own report, no base columns', async () => {
    const page = await open();
    await drop(page, [examplePair()[1]]);
    await heap(page).waitFor();
    await expect.poll(() => heap(page).getAttribute('data-mode')).toBe('current');
    expect(await page.getByTestId('top-blame').isChecked()).toBe(false);
    const want = goldenRows('gzipleak.current.heap.top');
    await expect.poll(() => firstName(page)).toBe(want.rows[0].name);
    const rows = await shownRows(page);
    expect(rows).toEqual(want.rows.slice(0, rows.length));
    expect(await page.getByTestId('top-sort-delta').count()).toBe(0);
  });

  it('thousands of rows scroll without a long task; hostile names are text, elided, whole in the title', TIMED, async () => {
    const hostile = ['<img src=x onerror=alert(1)>', `main.${'x'.repeat(100_000)}`, 'main.\u202Egnp.exe\u202C', '"><script>alert(2)</script>', 'main.(*T).M\u0000\u0007'];
    const depth = 3000;
    const base = chainHeap(depth, hostile, 1, 1_700_000_000_000_000_000n);
    const current = chainHeap(depth, hostile, 3, 1_700_000_100_000_000_000n);
    const dir = mkdtempSync(join(tmpdir(), 'heapdiff-heap-'));
    const files = [join(dir, 'chain.base.heap'), join(dir, 'chain.current.heap')];
    writeFileSync(files[0], base);
    writeFileSync(files[1], current);
    const page = await open();
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await page.getByLabel('Open profiles').setInputFiles(files);
    await shownRows(page);
    rmSync(dir, { recursive: true, force: true });
    // pprof's attribution: with blame on, the names without a package ("<img …>") fold into main.main.
    await page.getByTestId('top-blame').uncheck();
    await expect.poll(() => page.getByTestId('top-count').getAttribute('data-rows')).toBe(String(depth + hostile.length));
    // From here on (the load itself is page.test.ts's), every main-thread task is under 50 ms.
    await shownRows(page);
    const longTasks = await watchLongTasks(page);
    const count = page.getByTestId('top-count');
    expect(Number(await count.getAttribute('data-rows'))).toBe(depth + hostile.length);
    // Only a window of rows is in the DOM.
    expect(await page.getByTestId('top-row').count()).toBeLessThan(100);

    // The hostile names: no element made of them, each whole in its title.
    const table = page.getByTestId('top-table');
    expect(await table.locator('img, script').count()).toBe(0);
    await page.getByTestId('top-search').fill('main.');
    const mains = ['main.main', ...hostile.filter((h) => h.includes('main.'))];
    await expect.poll(() => count.getAttribute('data-matched')).toBe(String(mains.length));
    await shownRows(page);
    const titles = await page.getByTestId('top-name').evaluateAll((tds) => tds.map((td) => td.getAttribute('title') ?? ''));
    expect(new Set(titles)).toEqual(new Set(mains));
    const long = page.locator('[data-testid="top-name"]').filter({ hasText: 'xxxx' });
    const box = await long.boundingBox();
    expect(box!.height).toBeLessThanOrEqual(30);
    expect(await long.evaluate((td) => getComputedStyle(td).textOverflow)).toBe('ellipsis');
    expect(await page.locator('[data-testid="top-name"][title*="\u202E"]').textContent()).toBe('main.⟨U+202E⟩gnp.exe⟨U+202C⟩');
    await page.getByTestId('top-search').fill('<img');
    await expect.poll(() => count.getAttribute('data-matched')).toBe('1');
    expect(await page.getByTestId('top-name').first().textContent()).toBe('<img src=x onerror=alert(1)>');
    await page.getByTestId('top-search').fill('');
    await expect.poll(() => count.getAttribute('data-matched')).toBe(String(depth + hostile.length));

    // Scroll through: pages arrive, the last row is there.
    const scroller = page.getByTestId('top-table');
    const rowIndex = async (at: 'first' | 'last') => Number(await page.getByTestId('top-row')[at]().getAttribute('aria-rowindex'));
    for (const f of [0.25, 0.5, 0.75]) {
      await scroller.evaluate((el, f) => (el.scrollTop = el.scrollHeight * f), f);
      await expect.poll(() => rowIndex('first')).toBeGreaterThan((depth + hostile.length) * f - 20);
      await expect.poll(() => page.getByTestId('top-row-loading').count()).toBe(0);
    }
    await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect.poll(() => rowIndex('last')).toBe(depth + hostile.length + 1);
    await expect.poll(() => page.getByTestId('top-row-loading').count()).toBe(0);
    await page.getByTestId('top-sort-name').click();
    await expect.poll(() => page.locator('[role="columnheader"][aria-sort="ascending"] [data-testid="top-sort-name"]').count()).toBe(1);
    const byName = (await shownRows(page)).map((r) => r.name.replace(/ \((partial-)?inline\)$/, ''));
    expect(byName).toEqual([...byName].sort());
    await shownRows(page);
    await page.getByTestId('top-sort-delta').click();
    await shownRows(page);
    expect(dialogs).toBe(0);
    expect(await longTasks(), 'long main-thread tasks').toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'heap-hostile.png'), fullPage: false });
  });

  it('dark mode, and with goroutine profiles too the Heap tab is the first', async () => {
    const page = await open('', 'dark');
    await drop(page, [...examplePair(), ...['tickerleak.base.goroutine', 'tickerleak.current.goroutine'].map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(FIXTURES, name))) }))]);
    expect(await page.getByTestId('view-tab-heap').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => firstName(page)).toBe(WRITE);
    await page.screenshot({ path: join(SHOTS, 'heap-dark.png'), fullPage: true });
    await page.getByTestId('view-tab-goroutines').click();
    await page.getByTestId('goroutines').waitFor();
    expect(await heap(page).count()).toBe(0);
    await page.getByTestId('view-tab-heap').click();
    await expect.poll(() => firstName(page)).toBe(WRITE);
  });
});

/**
 * A heap profile of one call chain `depth` functions deep (every function's
 * cum is the whole profile, so every one is a row), with `extra` names as
 * leaves of their own under main.main, `scale` × the values.
 */
function chainHeap(depth: number, extra: string[], scale: number, timeNanos: bigint): Uint8Array {
  const st = new StringTable();
  const s = (k: string) => st.dedup(k);
  const parts: HeapParts = { functions: [], locations: [], samples: [] };
  for (let i = 1; i <= depth; i++) {
    const name = i === 1 ? 'main.main' : `example.com/svc/chain.F${String(i).padStart(5, '0')}`;
    parts.functions.push({ id: i, name: s(name), systemName: s(name), filename: s(`chain/f${i % 50}.go`) });
    parts.locations.push({ id: i, address: 0x400000 + i * 16, line: [{ functionId: i, line: 10 + i }] });
  }
  const chain = Array.from({ length: depth }, (_, k) => depth - k);
  parts.samples.push({ locationId: chain, value: [10 * scale, 10_485_760 * scale, 10 * scale, 10_485_760 * scale] });
  addNamed(parts, st, extra, [1], { objects: scale, bytes: 1_048_576 * scale, file: 'hostile.go', address: 0x800000 });
  return heapFile(st, parts, timeNanos);
}
