// Chromium (Debian's, driven by playwright-core) with everything a page test
// wants to watch: every request (none may leave the page's origin), console
// errors, uncaught page errors and Content-Security-Policy violations (the
// decoder worker logs its own violations to its console: see
// workers/profile.worker.ts).

import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  requests: string[];
  /** Requests made by the page and its workers, not by a service worker. */
  pageRequests: string[];
  consoleErrors: string[];
  pageErrors: string[];
  /** Workers the page has started so far (the worker that answers views; not its file decoders). */
  workersStarted: number;
  /** File decoders started so far (nested workers of the one above, workers/decoder-pool.ts). */
  decodersStarted: number;
  /** Read from the page: violations reported by `securitypolicyviolation`. */
  cspViolations(): Promise<string[]>;
  /** Requests whose origin is not the page's (data: and blob: are the page's own). */
  foreignRequests(): string[];
  close(): Promise<void>;
}

export interface OpenOptions {
  colorScheme?: 'light' | 'dark';
  /** Another script to run before the page's own (plain JavaScript). */
  init?: string;
}

export async function openPage(browser: Browser, url: string, options: OpenOptions = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ colorScheme: options.colorScheme ?? 'light', viewport: { width: 1100, height: 800 } });
  // Runs before the page's own scripts (CSP does not apply to it): collects violations.
  await context.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  if (options.init) await context.addInitScript({ content: options.init });
  const page = await context.newPage();
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const pageRequests: string[] = [];
  context.on('request', (r) => {
    requests.push(r.url());
    if (!r.serviceWorker()) pageRequests.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  const origin = new URL(url).origin;
  const watched: WatchedPage = {
    context,
    page,
    requests,
    pageRequests,
    consoleErrors,
    pageErrors,
    workersStarted: 0,
    decodersStarted: 0,
    cspViolations: () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations ?? []),
    foreignRequests: () => requests.filter((r) => !r.startsWith('data:') && !r.startsWith('blob:') && new URL(r).origin !== origin),
    close: () => context.close(),
  };
  page.on('worker', (w) => {
    // Playwright reports nested workers too: a file decoder is told by its name (workers/decoder.ts).
    w.evaluate(() => self.name).then(
      (name) => (name === 'heapdiff file decoder' ? watched.decodersStarted++ : watched.workersStarted++),
      () => watched.decodersStarted++, // gone before it could answer: only a decoder ends that soon
    );
    w.on('console', (m) => m.type() === 'error' && consoleErrors.push(`[worker] ${m.text()}`));
  });
  await page.goto(url);
  return watched;
}
