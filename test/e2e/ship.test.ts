// Shipping heapdiff (README "Hosting", "One file", "Offline", "Embedding",
// "Content-Security-Policy"): dist/ under a sub-path as on GitHub Pages, with
// the cold load measured; offline after the first visit and the update
// prompt; dist/heapdiff.html from file://; an iframe on another origin
// driven by postMessage; profiles named in the URL hash; and a full session
// with no CSP violation, in the page or its worker, and no foreign request.

import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, openPage, type OpenOptions, type WatchedPage } from './browser';
import { COMPILE_ALL_HINT } from '../../tools/vite-plugins';
import { ROOT, SINGLE_FILE_NAME } from './build';
import { cardTotal as total } from './harness';
import { CSP, serveStatic, type ServeOptions, type StaticServer } from './server';

const BASE = join(ROOT, 'public/examples/gzipleak.base.heap');
const CURRENT = join(ROOT, 'public/examples/gzipleak.current.heap');

let browser: Browser;
let tmp: string;
/** This run's build (global-setup.ts), and its one file. */
let DIST: string;
let SINGLE_FILE: string;
let servers: StaticServer[] = [];
let pages: WatchedPage[] = [];
/** Violations and console errors a test provoked on purpose (matched by substring). */
let expected: string[] = [];
/** Origins besides the page's own that a test talks to on purpose (an embedded viewer, a profile server). */
let allowedOrigins: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  tmp = mkdtempSync(join(tmpdir(), 'heapdiff-ship-'));
  DIST = inject('distDir');
  SINGLE_FILE = join(DIST, SINGLE_FILE_NAME);
});

afterAll(async () => {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

afterEach(async () => {
  const open = pages;
  pages = [];
  const allow = expected;
  const origins = allowedOrigins;
  expected = [];
  allowedOrigins = [];
  try {
    for (const w of open) {
      const unexpected = (xs: string[]) => xs.filter((x) => !allow.some((a) => x.includes(a)));
      expect(w.foreignRequests().filter((r) => !origins.includes(new URL(r).origin)), 'requests to other origins').toEqual([]);
      expect(unexpected(await violations(w)), 'CSP violations').toEqual([]);
      expect(unexpected(w.consoleErrors), 'console errors (page and worker)').toEqual([]);
      expect(w.pageErrors, 'page errors').toEqual([]);
    }
  } finally {
    for (const w of open) await w.close();
    for (const s of servers) await s.close();
    servers = [];
  }
});

async function serve(root: string, options?: ServeOptions): Promise<StaticServer> {
  const s = await serveStatic(root, options);
  servers.push(s);
  return s;
}

async function open(url: string, options?: OpenOptions): Promise<WatchedPage> {
  const w = await openPage(browser, url, options);
  pages.push(w);
  return w;
}

/** Violations seen in every frame of the page (a cross-origin iframe too). */
async function violations(w: WatchedPage): Promise<string[]> {
  const out: string[] = [];
  for (const f of w.page.frames()) {
    out.push(...(await f.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []).catch(() => [])));
  }
  return out;
}

const card = (root: Page | ReturnType<Page['frameLocator']>, name: string): Locator => root.locator(`[data-testid="file-card"][data-name="${name}"]`);

async function ready(root: Page | ReturnType<Page['frameLocator']>, name: string): Promise<Locator> {
  const c = card(root, name);
  await c.and(root.locator('[data-status="ready"]')).waitFor({ timeout: 20_000 });
  return c;
}

/** The pair's cards say what `go tool pprof -top` says (golden/gzipleak.*.top.txt). */
async function expectPair(root: Page | ReturnType<Page['frameLocator']>): Promise<void> {
  const base = await ready(root, 'gzipleak.base.heap');
  const current = await ready(root, 'gzipleak.current.heap');
  expect(await total(base, 'inuse_space')).toBe('11419.50kB');
  expect(await total(current, 'inuse_space')).toBe('98.29MB');
  expect(await base.getAttribute('data-role')).toBe('base');
  expect(await current.getAttribute('data-role')).toBe('current');
}

const exampleButton = (page: Page) => page.getByRole('button', { name: 'Try the example (gzip leak)' });

/** Records when the drop zone works: the empty state is shown and App's effects (the window's drop listener) ran. */
const COLD_LOAD = `(() => {
  const t = { interactive: null };
  window.__cold = t;
  let seen = false;
  const check = () => {
    if (seen || !document.querySelector('[data-testid="empty-state"]')) return;
    seen = true;
    requestAnimationFrame(() => setTimeout(() => { t.interactive = performance.now(); }, 0));
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
})();`;

interface ColdLoad {
  interactive: number;
  domContentLoaded: number;
  load: number;
}

async function coldLoad(page: Page): Promise<ColdLoad> {
  await page.waitForFunction(() => (window as unknown as { __cold: { interactive: number | null } }).__cold.interactive !== null);
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return {
      interactive: (window as unknown as { __cold: { interactive: number } }).__cold.interactive,
      domContentLoaded: nav.domContentLoadedEventEnd,
      load: nav.loadEventEnd,
    };
  });
}

async function waitForServiceWorker(page: Page): Promise<string> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
  return page.evaluate(() => navigator.serviceWorker.controller!.scriptURL);
}

const cacheNames = (page: Page) => page.evaluate(() => caches.keys());

/** The meta policy of an HTML file, as directive → sources. */
function metaPolicy(html: string): Map<string, string[]> {
  const m = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html);
  if (!m) throw new Error('no CSP meta');
  return new Map(
    m[1]
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map((d) => [d[0], d.slice(1)]),
  );
}

describe('hosting dist/ anywhere', () => {
  it('works under a sub-path (GitHub Pages): cold load to a working drop zone, then the pair with pprof’s totals', async () => {
    const site = await serve(DIST, { prefix: '/heapdiff/' });
    expect(site.url).toMatch(/\/heapdiff\/$/);
    const w = await open(site.url, { init: COLD_LOAD });
    const t = await coldLoad(w.page);
    // What the page itself fetched: the service worker's precaching fetches the lazy chunks too. Each
    // file once: the decoders the idle page starts ahead run the worker's own file again (a cache hit
    // where the host allows caching; this server says no-store).
    const js = [...new Set(w.pageRequests.filter((r) => r.endsWith('.js') && !r.endsWith('/sw.js')))];
    const jsGzip = js.reduce((sum, r) => sum + gzipSync(readFileSync(join(DIST, new URL(r).pathname.slice('/heapdiff/'.length)))).length, 0);
    console.log(
      `[e2e] cold load of the hosted build: drop zone working ${t.interactive.toFixed(0)} ms after navigation start ` +
        `(DOMContentLoaded ${t.domContentLoaded.toFixed(0)} ms, load ${t.load.toFixed(0)} ms); JS fetched: ${js.length} files, ${(jsGzip / 1000).toFixed(1)} kB gzip`,
    );
    expect(jsGzip).toBeLessThanOrEqual(150_000);

    await w.page.getByLabel('Open profiles').setInputFiles([CURRENT, BASE]);
    await expectPair(w.page);
    await exampleButton(w.page).click();
    await expect.poll(() => w.page.getByTestId('file-card').count()).toBe(4);
    expect(w.requests.every((r) => r.startsWith(site.url))).toBe(true);
  });

  it('asks V8 to compile the page’s entry script as it streams in, and no other file; its source map still lines up', () => {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const entry = html.match(/<script type="module"[^>]*src="\.\/(assets\/index-[^"]+\.js)"/)?.[1];
    expect(entry).toBeDefined();
    const hinted = readdirSync(join(DIST, 'assets'))
      .filter((f) => f.endsWith('.js'))
      .filter((f) => readFileSync(join(DIST, 'assets', f), 'utf8').startsWith(`${COMPILE_ALL_HINT}\n`));
    expect(hinted.map((f) => `assets/${f}`)).toEqual([entry]);
    // A mapping line for each line of code but the last (the sourceMappingURL comment).
    const lines = readFileSync(join(DIST, entry!), 'utf8').split('\n').length;
    const map = JSON.parse(readFileSync(join(DIST, `${entry}.map`), 'utf8')) as { mappings: string };
    expect(map.mappings.split(';').length).toBe(lines - 1);
  });

  it('works offline after the first visit, from the service worker’s cache', async () => {
    const site = await serve(DIST, { prefix: '/heapdiff/' });
    const w = await open(site.url);
    expect(await waitForServiceWorker(w.page)).toBe(`${site.url}sw.js`);
    // Precaching finished when the worker activated (it claims the page only then).
    const [cache] = await cacheNames(w.page);
    expect(cache).toMatch(/^heapdiff-[0-9a-f]{16}$/);

    // No network at all: the browser is offline and the server is gone.
    await w.context.setOffline(true);
    await site.close();
    await w.page.reload();
    await exampleButton(w.page).click();
    await expectPair(w.page);
    // The compact page is the same file.
    await w.page.goto(`${site.url}?embed=1`);
    await w.page.locator('.app--compact').waitFor();
    await w.page.getByLabel('Open profiles').setInputFiles([BASE, CURRENT]);
    await expectPair(w.page);
  });

  it('offers a newly deployed version and reloads into it', async () => {
    const dir = join(tmp, 'site');
    cpSync(DIST, dir, { recursive: true, filter: (p) => !p.endsWith('.map') && !p.endsWith('heapdiff.html') });
    const site = await serve(dir);
    const w = await open(site.url);
    await waitForServiceWorker(w.page);
    const [before] = await cacheNames(w.page);
    expect(await w.page.getByTestId('update-prompt').count()).toBe(0);

    // A new deployment: a changed page, hence (as the build makes it) a new sw.js version.
    const next = 'feedfacefeedface';
    writeFileSync(join(dir, 'index.html'), readFileSync(join(dir, 'index.html'), 'utf8').replace('<title>', '<!-- next version --><title>'));
    writeFileSync(join(dir, 'sw.js'), readFileSync(join(dir, 'sw.js'), 'utf8').replace(/const VERSION = "[0-9a-f]+"/, `const VERSION = "${next}"`));
    await w.page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    const prompt = w.page.getByTestId('update-prompt');
    await prompt.waitFor({ timeout: 20_000 });
    expect(await prompt.textContent()).toMatch(/new version/);
    await Promise.all([w.page.waitForEvent('load', { timeout: 20_000 }), prompt.getByRole('button', { name: 'Reload' }).click()]);
    await w.page.getByLabel('Open profiles').waitFor({ state: 'attached' });
    expect(await w.page.evaluate(() => document.head.innerHTML)).toContain('next version');
    await expect.poll(() => cacheNames(w.page)).toEqual([`heapdiff-${next}`]);
    expect(before).not.toBe(`heapdiff-${next}`);
    expect(await w.page.getByTestId('update-prompt').count()).toBe(0);
  });
});

describe('one offline file', () => {
  it('dist/heapdiff.html works from file://: the example and the file input, no request but blob: workers', async () => {
    const url = pathToFileURL(SINGLE_FILE).href;
    const w = await open(url);
    await exampleButton(w.page).click();
    await expectPair(w.page);
    for (const name of ['gzipleak.base.heap', 'gzipleak.current.heap']) await card(w.page, name).getByRole('button', { name: `Remove ${name}` }).click();
    await w.page.getByTestId('empty-state').waitFor();
    await w.page.getByLabel('Open profiles').setInputFiles([CURRENT, BASE]);
    await expectPair(w.page);
    expect(w.requests.filter((r) => r !== url && !r.startsWith('blob:'))).toEqual([]);
    expect(w.workersStarted).toBe(1);
    expect(await w.page.evaluate(() => navigator.serviceWorker?.controller ?? null)).toBeNull();
  });

  it('carries its own policy: the one script by hash, the worker from blob:, nothing fetched, no eval', () => {
    const html = readFileSync(SINGLE_FILE, 'utf8');
    const policy = metaPolicy(html);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toHaveLength(1);
    expect(policy.get('script-src')![0]).toMatch(/^'sha256-[A-Za-z0-9+/]+=*'$/);
    expect(policy.get('worker-src')).toEqual(['blob:']);
    expect(policy.get('connect-src')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(html).not.toMatch(/unsafe-eval|wasm-unsafe-eval|frame-ancestors/);
    // Everything inlined, and no service worker code.
    expect(html).not.toMatch(/<script[^>]*\bsrc=|<link[^>]*rel="stylesheet"/);
    expect(html).not.toContain('heapdiff:skip-waiting');
  });
});

describe('a strict Content-Security-Policy', () => {
  it('index.html: no eval, no inline script, object-src and base-uri none, connect-src self, no frame-ancestors; the bundle has no eval', async () => {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const policy = metaPolicy(html);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('worker-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.has('frame-ancestors')).toBe(false);
    expect(html).not.toMatch(/unsafe-eval/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    // The test server sends the same policy as a header, and nothing that forbids framing.
    expect(CSP).toBe([...policy].map(([k, v]) => `${k} ${v.join(' ')}`).join('; '));
    const res = await fetch(inject('baseURL'));
    expect(res.headers.get('content-security-policy')).not.toMatch(/frame-ancestors/);
    expect(res.headers.get('x-frame-options')).toBeNull();
    // No eval or Function constructor, and no WebAssembly (it would need 'wasm-unsafe-eval'), in anything built.
    const built = [...readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js')).map((f) => join(DIST, 'assets', f)), join(DIST, 'sw.js'), SINGLE_FILE];
    for (const f of built) {
      const code = readFileSync(f, 'utf8');
      expect(code, f).not.toMatch(/(^|[^\w$.])(eval|Function)\s*\(/);
      expect(code, f).not.toMatch(/WebAssembly/);
    }
  });

  it('a full session: no violation in the page or the decoder worker, no request outside the page’s files', async () => {
    const w = await open(`${inject('baseURL')}?test`);
    const page = w.page;
    await exampleButton(page).click();
    await expectPair(page);
    await card(page, 'gzipleak.base.heap').getByRole('button', { name: /swap/i }).click();
    expect(await card(page, 'gzipleak.base.heap').getAttribute('data-role')).toBe('current');
    await card(page, 'gzipleak.base.heap').getByRole('button', { name: 'Remove gzipleak.base.heap' }).click();
    await page.getByLabel('Open profiles').setInputFiles(BASE);
    await expectPair(page);
    await page.evaluate(() => (window as unknown as { __heapdiff: { crashWorker(): void } }).__heapdiff.crashWorker());
    await page.getByTestId('notice').waitFor({ timeout: 15_000 });
    await expectPair(page);
    await page.goto(`${inject('baseURL')}?embed=1#base=examples/gzipleak.base.heap&current=examples/gzipleak.current.heap`);
    await expectPair(page);
    await waitForServiceWorker(page);
    expect(await violations(w)).toEqual([]);
    expect(w.consoleErrors).toEqual([]);

    // The watch is real: a string evaluated in the decoder worker is refused and seen.
    const worker = page.workers().at(-1)!;
    await worker.evaluate(() => (setTimeout as unknown as (code: string, ms: number) => void)('self.evaluated = 1', 0));
    await expect.poll(() => w.consoleErrors.some((e) => e.includes('CSP violation in the decoder worker: script-src'))).toBe(true);
    expect(await worker.evaluate(() => (self as unknown as { evaluated?: number }).evaluated)).toBeUndefined();
    expected.push('CSP violation in the decoder worker: script-src blocked eval');
  });
});

describe('embedding', () => {
  it('a host page on another origin embeds ?embed=1, sends the pair by postMessage and hears heapdiff:ready with the totals', async () => {
    const viewer = inject('baseURL');
    const viewerOrigin = new URL(viewer).origin;
    allowedOrigins.push(viewerOrigin);
    // The host has a strict policy of its own, framing only the viewer.
    const host = await serve(DIST, {
      csp: `default-src 'self'; script-src 'self'; style-src 'self'; frame-src ${viewerOrigin}; connect-src 'self'; object-src 'none'; base-uri 'none'`,
    });
    const w = await open(`${host.url}embed-example.html?viewer=${encodeURIComponent(viewer)}`);
    const page = w.page;
    await page.locator('#send-example:not([disabled])').click();
    await expect.poll(() => page.locator('#reply').textContent(), { timeout: 20_000 }).toContain('heapdiff:ready');
    const reply = JSON.parse((await page.locator('#reply').textContent())!);
    expect(reply.type).toBe('heapdiff:ready');
    expect(reply.view).toBe('cards');
    expect(reply.files.map((f: { name: string; role: string }) => [f.name, f.role])).toEqual([
      ['gzipleak.base.heap', 'base'],
      ['gzipleak.current.heap', 'current'],
    ]);
    const inuse = (i: number) => reply.files[i].totals.find((t: { type: string }) => t.type === 'inuse_space');
    expect(inuse(0).label).toBe('11419.50kB');
    expect(inuse(1).label).toBe('98.29MB');
    expect(reply.files[0]).toMatchObject({ kind: 'heap', format: 'proto', compressed: true, defaultSampleType: 'inuse_space' });
    expect(await page.locator('#status').textContent()).toBe('base gzipleak.base.heap: inuse_space 11419.50kB; current gzipleak.current.heap: inuse_space 98.29MB');

    const frame = page.frameLocator('#viewer');
    await expectPair(frame);
    expect(await frame.locator('.app--compact').count()).toBe(1);
    expect(await frame.locator('h1').count()).toBe(0);

    // What is not a profile, and what is not a load command, get heapdiff:error.
    // (Files are given as text and made ArrayBuffers in the page: a Node buffer does not cross.)
    const ask = (msg: { type: string; view?: string; files: { name: string; text: string }[] | string }) =>
      page.evaluate(
        ([msg, origin]) =>
          new Promise<{ type: string; id: unknown; message: string }>((resolve) => {
            const id = Math.random();
            window.addEventListener('message', (e) => {
              if (e.data?.id === id) resolve(e.data);
            });
            const files = Array.isArray(msg.files) ? msg.files.map((f) => ({ name: f.name, data: new TextEncoder().encode(f.text).buffer })) : msg.files;
            (document.getElementById('viewer') as HTMLIFrameElement).contentWindow!.postMessage({ ...msg, files, id }, origin);
          }),
        [msg, viewerOrigin] as const,
      );
    const notProfile = await ask({ type: 'heapdiff:load', files: [{ name: 'notes.txt', text: 'hello\nthis is not a profile\n' }] });
    expect(notProfile.type).toBe('heapdiff:error');
    expect(notProfile.message).toMatch(/^notes\.txt: .*plain text starting with "hello"/);
    const bad = await ask({ type: 'heapdiff:load', files: 'base.heap' });
    expect(bad).toMatchObject({ type: 'heapdiff:error', message: expect.stringMatching(/needs files/) });
    const badView = await ask({ type: 'heapdiff:load', view: 'flamegraph', files: [{ name: 'a', text: 'x' }] });
    expect(badView.message).toMatch(/Unknown view "flamegraph"/);
    // Anything else is ignored: no answer, nothing loaded.
    await page.evaluate((origin) => (document.getElementById('viewer') as HTMLIFrameElement).contentWindow!.postMessage({ type: 'heapdiff:eval', code: '1' }, origin), viewerOrigin);
    expect(await frame.getByTestId('file-card').count()).toBe(1);
  });

  it('loads #base=URL&current=URL from its own origin, and says why another origin is refused', async () => {
    const w = await open(`${inject('baseURL')}#base=examples/gzipleak.base.heap&current=examples/gzipleak.current.heap`);
    await expectPair(w.page);

    const other = await serve(DIST, { headers: { 'Access-Control-Allow-Origin': '*' } });
    const elsewhere = `${other.url}examples/gzipleak.current.heap`;
    await w.page.evaluate((u) => (location.hash = `current=${encodeURIComponent(u)}`), elsewhere);
    const notice = w.page.getByTestId('notice');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/Content-Security-Policy lets it fetch only from its own origin .*HEAPDIFF_CONNECT_SRC/);
    expect(await w.page.getByTestId('file-card').count()).toBe(2);
    expected.push(new URL(other.url).host);
    allowedOrigins.push(new URL(other.url).origin);
  });

  it('with connect-src widened (as HEAPDIFF_CONNECT_SRC builds it), loads from an origin that allows CORS and explains one that does not', async () => {
    const dir = join(tmp, 'wide');
    cpSync(DIST, dir, { recursive: true, filter: (p) => !p.endsWith('.map') && !p.endsWith('heapdiff.html') });
    const cors = await serve(DIST, { headers: { 'Access-Control-Allow-Origin': '*' } });
    const noCors = await serve(DIST);
    const extra = `${new URL(cors.url).origin} ${new URL(noCors.url).origin}`;
    writeFileSync(join(dir, 'index.html'), readFileSync(join(dir, 'index.html'), 'utf8').replace("connect-src 'self'", `connect-src 'self' ${extra}`));
    const site = await serve(dir, { csp: null });
    const w = await open(`${site.url}#base=${encodeURIComponent(`${cors.url}examples/gzipleak.base.heap`)}&current=${encodeURIComponent(`${cors.url}examples/gzipleak.current.heap`)}`);
    await expectPair(w.page);
    allowedOrigins.push(new URL(cors.url).origin, new URL(noCors.url).origin);

    await w.page.evaluate((u) => (location.hash = `base=${encodeURIComponent(u)}`), `${noCors.url}examples/gzipleak.base.heap`);
    await w.page.getByTestId('notice').waitFor();
    expect(await w.page.getByTestId('notice').textContent()).toMatch(/could not be fetched: .*Access-Control-Allow-Origin/);
    expected.push('Access-Control-Allow-Origin', 'Failed to load resource');
  });
});
