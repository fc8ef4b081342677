// Hostile input in the page: files too large to read, many files at once,
// and profiles whose function and file names are crafted to be interpreted
// (markup, javascript: URLs, right-to-left overrides, NULs, 100 KB names).
// They must show as text and nothing else: no dialog, no injected element,
// no request. After every test: no request left the page's origin, no CSP
// violation, no console or page error.

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { card, cardStatus, frozen, pageSession, TIMED, watchLongTasks } from './harness';
import { namedHeap, syntheticHeap } from './synthetic';

let dialogs: string[] = [];
const session = pageSession({
  onOpen: (w) =>
    w.page.on('dialog', (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    }),
  check: () => expect(dialogs, 'dialogs opened').toEqual([]),
  reset: () => (dialogs = []),
});
const open = (query = ''): Promise<Page> => session.open(query);

const status = cardStatus;


/** Nothing the names could have made: no image, script, frame, link or inline handler in the document. */
async function injected(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll('img, script:not([src]), iframe, object, embed, a[href^="javascript"]'))) out.push(el.outerHTML.slice(0, 80));
    for (const el of Array.from(document.querySelectorAll('*'))) {
      for (const a of Array.from(el.attributes)) if (/^on/i.test(a.name)) out.push(`${el.tagName} ${a.name}`);
    }
    return out;
  });
}

const XSS = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(2)</script>';
const LONG = `example.com/long.${'A'.repeat(100_000)}`;

describe('hostile input', () => {
  it('refuses a file larger than it reads before reading it, saying its size, and keeps what was loaded', async () => {
    const page = await open('?test&maxFileSize=100000');
    const small = { name: 'small.heap', mimeType: 'application/octet-stream', buffer: Buffer.from(syntheticHeap({ samples: 20 })) };
    await page.getByLabel('Open profiles').setInputFiles(small);
    await status(page, 'small.heap', 'ready');
    const big = Buffer.alloc(250_000, 1);
    await page.getByLabel('Open profiles').setInputFiles({ name: 'big.heap', mimeType: 'application/octet-stream', buffer: big });
    const c = await status(page, 'big.heap', 'error');
    const err = c.getByTestId('card-error');
    expect(await err.getAttribute('data-code')).toBe('too-large');
    expect(await err.textContent()).toMatch(/^The file is 244 KiB \(250000 bytes\): more than the 97\.7 KiB this viewer reads/);
    expect(await card(page, 'small.heap').getAttribute('data-status')).toBe('ready');
  });

  it('loads 20 files dropped at once without freezing the page', TIMED, async () => {
    const page = await open();
    const files = Array.from({ length: 20 }, (_, i) => ({
      name: `snap-${String(i).padStart(2, '0')}.heap`,
      b64: Buffer.from(syntheticHeap({ samples: 3000, seed: i + 1, timeNanos: 1_700_000_000_000_000_000n + BigInt(i) * 60_000_000_000n })).toString('base64'),
    }));
    // The files are made in the page first (decoding base64 there is the test's own long task), then dropped.
    await page.evaluate((payload) => {
      (window as unknown as { __files: File[] }).__files = payload.map((f) => new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name));
    }, files);
    const longTasks = await watchLongTasks(page, frozen);
    await page.evaluate(() => {
      const dt = new DataTransfer();
      for (const f of (window as unknown as { __files: File[] }).__files) dt.items.add(f);
      const target = document.querySelector('main') ?? document.body;
      for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    for (const f of files) await status(page, f.name, 'ready', 60_000);
    expect(await page.getByTestId('file-card').count()).toBe(20);
    // The oldest is the base, the newest the current.
    expect(await card(page, 'snap-00.heap').getAttribute('data-role')).toBe('base');
    expect(await card(page, 'snap-19.heap').getAttribute('data-role')).toBe('current');
    // Loading itself stays under 50 ms a task; what remains is one frame of
    // layout when the heap table first draws beside twenty cards (about 30 ms
    // of layout and 20 of layerizing on an idle 2-core machine). Printed, and
    // held to "never frozen": no task of 200 ms.
    const tasks = await longTasks();
    console.log(`[e2e] 20 files at once: main-thread tasks of 200 ms or more: ${JSON.stringify(tasks)}`);
    expect(tasks, 'main-thread tasks of 200 ms or more').toEqual([]);
  });

  it('shows crafted names in a goroutine dump as text, never as markup', async () => {
    const page = await open();
    const dump = [
      'goroutine 1 [chan receive, 20 minutes]:',
      `main.${XSS}(0x1)`,
      `\t/src/${SCRIPT}.go:10 +0x1d`,
      'created by javascript:alert(3) in goroutine 7',
      '\t/src/x.go:5 +0x2',
      '',
      'goroutine 2 [select]:',
      'evil.\u202Egnp.exe(...)',
      '\t/src/rtl.go:1 +0x1',
      `${LONG}()`,
      '\t/src/long.go:2 +0x2',
      '',
    ].join('\n');
    await page.getByLabel('Open profiles').setInputFiles({ name: 'hostile.goroutine.txt', mimeType: 'text/plain', buffer: Buffer.from(dump) });
    await status(page, 'hostile.goroutine.txt', 'ready');
    const fns = page.getByTestId('cluster-fn');
    await expect.poll(() => fns.count()).toBe(2);
    const texts = await fns.allTextContents();
    expect(texts).toContain(`main.${XSS}`);
    expect(texts.some((t) => t.includes('\u202E'))).toBe(true);
    // Open both stacks: every frame drawn, as text.
    for (const t of await page.getByTestId('cluster-toggle').all()) await t.click();
    const frames = await page.getByTestId('stack-frame').evaluateAll((els) => els.map((e) => e.getAttribute('data-fn')));
    expect(frames).toContain(LONG);
    expect(await page.getByText(SCRIPT, { exact: false }).count()).toBeGreaterThan(0);
    expect(await injected(page)).toEqual([]);
    expect(session.watched!.requests.some((r) => /\/x$/.test(r))).toBe(false);
  });

  it('loads a heap profile with markup, NUL, right-to-left and 100 KB names as text', async () => {
    const page = await open();
    const names = [`main.${XSS}`, 'javascript:alert(4)', 'evil.\u202Egnp.exe', 'nul.\u0000.name', LONG];
    await page.getByLabel('Open profiles').setInputFiles({ name: `${XSS}.heap`, mimeType: 'application/octet-stream', buffer: Buffer.from(namedHeap(names)) });
    const c = await status(page, `${XSS}.heap`, 'ready');
    // The file's own name is text too.
    expect(await c.getByText(XSS, { exact: false }).count()).toBeGreaterThan(0);
    expect(await injected(page)).toEqual([]);
  });

  it('a backtracking focus pattern over many long names: stopped at its time budget, said inline, the page responsive', TIMED, async () => {
    const page = await open();
    // 3000 names of 20 a's and a '!': `(a+)+$` tries 2^20 ways on each.
    const names = Array.from({ length: 3000 }, (_, i) => `pkg${i}.${'a'.repeat(20)}!`);
    await page.getByLabel('Open profiles').setInputFiles({ name: 'many.heap', mimeType: 'application/octet-stream', buffer: Buffer.from(namedHeap(names)) });
    await status(page, 'many.heap', 'ready');
    await page.getByTestId('heap').waitFor();
    const longTasks = await watchLongTasks(page);
    await page.getByTestId('top-focus').fill('(a+)+$');
    const err = page.getByTestId('top-error-focus');
    await err.waitFor({ timeout: 30_000 });
    expect(await err.textContent()).toMatch(/focus regexp took over 2 s on this profile's names and was stopped/);
    expect(await longTasks(), 'long main-thread tasks').toEqual([]);
    // The worker answers again: a sane pattern gives rows.
    await page.getByTestId('top-focus').fill('pkg7\\.');
    await expect.poll(() => err.count(), { timeout: 20_000 }).toBe(0);
  });

  it('a match that never returns: the decoder is restarted, the pattern cleared and the user told, the profile kept', async () => {
    // ?test: a 3 s watchdog. One 60-letter name makes `(a+)+$` run for ages.
    const page = await open('?test');
    await page.getByLabel('Open profiles').setInputFiles({ name: 'one.heap', mimeType: 'application/octet-stream', buffer: Buffer.from(namedHeap([`pkg.${'a'.repeat(60)}!`])) });
    await status(page, 'one.heap', 'ready');
    await page.getByTestId('heap').waitFor();
    await page.getByTestId('top-focus').fill('(a+)+$');
    const err = page.getByTestId('top-error');
    await err.waitFor({ timeout: 30_000 });
    expect(await err.textContent()).toMatch(/The decoder stopped while matching focus "\(a\+\)\+\$" and was restarted; the pattern was cleared/);
    expect(await page.getByTestId('top-focus').inputValue()).toBe('');
    expect(page.url()).not.toMatch(/[#&]f=/);
    await status(page, 'one.heap', 'ready', 30_000);
    await expect.poll(() => page.locator('[data-testid="heap"] [role="row"]').count(), { timeout: 20_000 }).toBeGreaterThan(1);
  });

  it('a match that never returns, typed in the graph view: the same restart, pattern cleared and message', async () => {
    const page = await open('?test');
    await page.getByLabel('Open profiles').setInputFiles({ name: 'one.heap', mimeType: 'application/octet-stream', buffer: Buffer.from(namedHeap([`pkg.${'a'.repeat(60)}!`])) });
    await status(page, 'one.heap', 'ready');
    await page.getByTestId('view-tab-graph').click();
    await page.getByTestId('graph-focus').fill('(a+)+$');
    const err = page.getByTestId('graph-error');
    await expect.poll(() => err.textContent(), { timeout: 30_000 }).toMatch(/The decoder stopped while matching focus "\(a\+\)\+\$" and was restarted; the pattern was cleared/);
    expect(await page.getByTestId('graph-focus').inputValue()).toBe('');
    expect(page.url()).not.toMatch(/[#&]f=/);
  });

  it('the view survives a decoder crash, and removing then re-adding a file brings it back', async () => {
    const page = await open('?test');
    const names = ['main.leak', 'main.other', 'lib.thing'];
    const base = { name: 'a.heap', mimeType: 'application/octet-stream', buffer: Buffer.from(namedHeap(names, 1_700_000_000_000_000_000n)) };
    const current = { name: 'b.heap', mimeType: 'application/octet-stream', buffer: Buffer.from(namedHeap([...names, 'main.leak2'], 1_700_000_060_000_000_000n)) };
    await page.getByLabel('Open profiles').setInputFiles([base, current]);
    await status(page, 'a.heap', 'ready');
    await status(page, 'b.heap', 'ready');
    const rowNames = () => page.getByTestId('top-row').evaluateAll((rs) => rs.map((r) => r.querySelector('[data-col="name"]')?.textContent ?? ''));
    await page.getByTestId('top-focus').fill('leak');
    await expect.poll(() => page.url()).toMatch(/[#&]f=leak/);
    await expect.poll(async () => (await rowNames()).every((n) => /leak|main\.main/.test(n))).toBe(true);
    const focused = await rowNames();

    await page.evaluate(() => (window as unknown as { __heapdiff: { crashWorker(): void } }).__heapdiff.crashWorker());
    await page.getByTestId('notice').waitFor({ timeout: 15_000 });
    await status(page, 'a.heap', 'ready', 30_000);
    await status(page, 'b.heap', 'ready', 30_000);
    await expect.poll(() => page.getByTestId('top-focus').inputValue(), { timeout: 20_000 }).toBe('leak');
    await expect.poll(rowNames, { timeout: 20_000 }).toEqual(focused);

    await card(page, 'b.heap').getByRole('button', { name: 'Remove b.heap' }).click();
    await page.getByLabel('Open profiles').setInputFiles(current);
    await status(page, 'b.heap', 'ready');
    expect(page.url()).toMatch(/[#&]f=leak/);
    await expect.poll(rowNames, { timeout: 20_000 }).toEqual(focused);
  });
});
