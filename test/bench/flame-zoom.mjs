// node test/bench/flame-zoom.mjs (after npm run build; needs npm run bench:data): bigheap pair in the built page, flame tab; frame intervals and long tasks during zoom/search.
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname } from 'node:path';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(ROOT, 'dist');
const DATA = join(ROOT, 'test/bench/data');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const server = createServer(async (req, res) => {
  let p = decodeURIComponent(new URL(req.url, 'http://x').pathname); if (p.endsWith('/')) p += 'index.html';
  try { const b = await readFile(join(dist, p)); res.writeHead(200, { 'content-type': types[extname(p)] ?? 'application/octet-stream' }); res.end(b); } catch { res.writeHead(404); res.end(); }
}).listen(0);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
await page.goto(`http://localhost:${server.address().port}/`);
await page.getByLabel('Open profiles').setInputFiles([join(DATA, 'bigheap.base.heap'), join(DATA, 'bigheap.current.heap')]);
for (let i = 0; i < 240; i++) { if ((await page.locator('[data-testid="file-card"][data-status="ready"]').count()) === 2) break; await page.waitForTimeout(500); }
await page.locator('[data-testid="top-table"]').waitFor({ timeout: 120000 });
await page.locator('[data-testid="heap"][aria-busy="false"]').waitFor({ timeout: 120000 });
const settled = () => page.locator('[data-testid="flame"][aria-busy="false"] [data-testid="flame-canvas"][data-frames]').waitFor({ timeout: 120000 });
let t = Date.now();
await page.getByTestId('view-tab-flame').click(); await settled();
console.log('flame tab open → drawn', Date.now() - t, 'ms, frames', await page.getByTestId('flame-canvas').getAttribute('data-frames'));
await page.evaluate(() => {
  const w = window; w.__lt = []; w.__fr = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__lt.push(Math.round(e.duration)); }).observe({ type: 'longtask' });
  let last = performance.now(); const loop = (now) => { w.__fr.push(now - last); last = now; requestAnimationFrame(loop); }; requestAnimationFrame(loop);
});
const depth = () => page.getByTestId('flame-crumbs').getAttribute('data-depth').catch(() => '0');
const lat = [];
async function act(name, f, want) { const t0 = Date.now(); await f(); for (let i = 0; i < 600; i++) { if (await want()) break; await page.waitForTimeout(10); } await settled(); lat.push(`${name} ${Date.now() - t0} ms`); }
for (let r = 0; r < 3; r++) {
  await act('click-zoom', () => page.getByTestId('flame-surface').click({ position: { x: 4, y: 18 + 9 } }), async () => (await depth()) === '1');
  await act('escape', () => page.keyboard.press('Escape'), async () => (await depth()) === '0');
  await act('keys ↓↓ Enter', async () => { await page.keyboard.press('ArrowDown'); await page.keyboard.press('ArrowDown'); await page.keyboard.press('Enter'); }, async () => (await depth()) === '2');
  await act('escape', () => page.keyboard.press('Escape'), async () => (await depth()) === '1');
  await act('escape', () => page.keyboard.press('Escape'), async () => (await depth()) === '0');
}
await act('search', () => page.getByTestId('flame-search').fill('main.'), async () => (await page.getByTestId('flame-matched').count()) > 0);
await page.waitForTimeout(300);
const { lt, fr } = await page.evaluate(() => ({ lt: window.__lt, fr: window.__fr }));
fr.sort((a, b) => a - b);
const q = (p) => fr[Math.min(fr.length - 1, Math.floor(p * fr.length))].toFixed(1);
console.log('actions:', lat.join('; '));
console.log(`rAF intervals: n=${fr.length} median ${q(0.5)} p95 ${q(0.95)} p99 ${q(0.99)} max ${fr[fr.length - 1].toFixed(1)} ms; over 16.7+1: ${fr.filter((x) => x > 17.7).length}`);
console.log('long tasks during zoom/search:', JSON.stringify(lt));
await browser.close(); server.close();
