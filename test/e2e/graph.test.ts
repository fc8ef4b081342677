// The graph view in Chromium under the strict CSP: the example pair (the gzip
// leak, test/fixtures/README.md) opened with "Open profiles", then the Graph
// tab. With "blame your code" off it is go tool pprof's -dot graph, node for
// node and colour for colour (test/fixtures/golden/
// gzipleak.base-current.heap.graph.dot): compress/flate.NewWriter, the
// leak's allocator, is the heaviest box, red, reachable from the root by
// edges, and "Download DOT" is the golden to the byte. Clicking a node
// focuses on it (f= in the hash, seen by the heap table too), shift-click
// hides it (h=); hover, search, zoom and fit; "Download SVG" is a valid SVG
// document; hostile names stay text; dark mode. After every test: no request
// left the page's origin, no CSP violation, no console or page error, and
// no main-thread task of 50 ms or more while the graph was drawn and used.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/fixtures';
import { ROOT } from './build';
import { cardStatus, pageSession, TIMED, watchLongTasks } from './harness';
import { namedHeap } from './synthetic';

const SHOTS = join(ROOT, 'test-results/screenshots');
const BASE = join(ROOT, 'public/examples/gzipleak.base.heap');
const CURRENT = join(ROOT, 'public/examples/gzipleak.current.heap');
const GOLDEN = readFileSync(join(FIXTURES, 'golden/gzipleak.base-current.heap.graph.dot'), 'utf8');
const LEAK = 'compress/flate.NewWriter';
const WRITE = 'main.(*gzipResponseWriter).Write';

const session = pageSession();
const open = (hash = '', colorScheme: 'light' | 'dark' = 'light'): Promise<Page> => session.open(hash, { colorScheme });

/** The example pair through the "Open profiles" file input. */
async function openExamplePair(page: Page): Promise<void> {
  await page.getByLabel('Open profiles').setInputFiles([BASE, CURRENT]);
  for (const name of ['gzipleak.base.heap', 'gzipleak.current.heap']) await cardStatus(page, name);
}

/** From here on, main-thread tasks of 50 ms or more are recorded (Chromium's long task API). */
const svg = (page: Page) => page.getByTestId('graph-svg');
/** A number attribute of the <svg>; NaN while a new graph is being drawn (data-nodes and data-edges are set once it is). */
const svgNumber = async (page: Page, name: string) => Number((await svg(page).getAttribute(name)) ?? NaN);
const graphNodes = (page: Page) => page.getByTestId('graph-node');
const nodeNamed = (page: Page, name: string) => page.locator(`[data-testid="graph-node"][data-name="${name.replace(/["\\]/g, '\\$&')}"]`);

/** Waits until the graph answered the last question and is drawn; returns how many nodes it has. */
async function drawn(page: Page, nodes?: number): Promise<number> {
  await svg(page).waitFor();
  await expect.poll(() => page.getByTestId('graph').getAttribute('aria-busy'), { timeout: 20_000 }).toBe('false');
  if (nodes !== undefined) await expect.poll(() => svg(page).getAttribute('data-nodes'), { timeout: 20_000 }).toBe(String(nodes));
  else await expect.poll(async () => Number(await svg(page).getAttribute('data-nodes')), { timeout: 20_000 }).toBeGreaterThan(0);
  return Number(await svg(page).getAttribute('data-nodes'));
}

interface ShownNode {
  id: string;
  name: string;
  color: string;
  fill: string;
  flat: number;
  lines: string[];
  fontSize: number;
  /** The drawn text is narrower than its box. */
  fits: boolean;
}

async function shownNodes(page: Page): Promise<ShownNode[]> {
  return graphNodes(page).evaluateAll((gs) =>
    gs.map((g) => {
      const text = g.querySelector('text') as SVGTextElement;
      const rect = g.querySelector('rect') as SVGRectElement;
      return {
        id: g.getAttribute('data-id')!,
        name: g.getAttribute('data-name')!,
        color: g.getAttribute('data-color')!,
        fill: g.getAttribute('data-fill')!,
        flat: Number(g.getAttribute('data-flat')),
        lines: Array.from(text.querySelectorAll('tspan'), (t) => t.textContent ?? ''),
        fontSize: Number(text.getAttribute('font-size')),
        fits: text.getBBox().width <= rect.width.baseVal.value && text.getBBox().height <= rect.height.baseVal.value + 1,
      };
    }),
  );
}

async function shownEdges(page: Page): Promise<{ from: string; to: string; residual: boolean; inline: boolean; label: string }[]> {
  return page.getByTestId('graph-edge').evaluateAll((gs) =>
    gs.map((g) => ({
      from: g.getAttribute('data-from')!,
      to: g.getAttribute('data-to')!,
      residual: g.getAttribute('data-residual') === 'true',
      inline: g.getAttribute('data-inline') === 'true',
      label: Array.from(g.querySelectorAll('tspan'), (t) => t.textContent).join(' '),
    })),
  );
}

/** The golden DOT's nodes (by tooltip name) and call edges. */
function goldenGraph(dot: string) {
  const nodes = new Map<string, { id: string; name: string; lines: string[]; fontSize: number; color: string; fill: string }>();
  for (const m of dot.matchAll(/^(N\d+) \[label="((?:[^"\\]|\\.)*)" id="node\d+" fontsize=(\d+) shape=box tooltip="((?:[^"\\]|\\.)*) \([^)]*\)" color="(#[0-9a-f]{6})" fillcolor="(#[0-9a-f]{6})"\]$/gm)) {
    nodes.set(m[4], { id: m[1], name: m[4], lines: m[2].split('\\n'), fontSize: Number(m[3]), color: m[5], fill: m[6] });
  }
  const edges = [...dot.matchAll(/^(N\d+) -> (N\d+) \[label=" ([^"\\]*)(\\n \(inline\))?"(.*)\]$/gm)].map((m) => ({ from: m[1], to: m[2], weight: m[3], inline: m[4] !== undefined, residual: m[5].includes('style="dotted"') }));
  return { nodes, edges };
}

async function saved(download: Download): Promise<string> {
  return readFileSync((await download.path())!, 'utf8');
}

async function clickAndDownload(page: Page, target: Locator): Promise<Download> {
  const [d] = await Promise.all([page.waitForEvent('download'), target.click()]);
  return d;
}

const hashParams = (page: Page) => page.evaluate(() => Object.fromEntries(new URLSearchParams(location.hash.slice(1))));

describe('graph view', () => {
  it('the example pair, blame off: pprof’s -dot graph, the leak red and reachable from the root, DOT and SVG downloads', TIMED, async () => {
    const page = await open('#b=0');
    await openExamplePair(page);
    const longTasks = await watchLongTasks(page);
    await page.getByTestId('view-tab-graph').click();
    expect(await page.getByTestId('view-tab-graph').getAttribute('aria-selected')).toBe('true');
    const want = goldenGraph(GOLDEN);
    expect(want.nodes.size).toBe(30);
    await drawn(page, want.nodes.size);
    // (Read now: what the test itself does in the page below — measuring text, parsing the SVG — is not the view's.)
    expect(await longTasks(), 'long main-thread tasks while the graph was loaded and drawn').toEqual([]);

    // Node for node as pprof: the name lines, flat and cum, font size and colours.
    const nodes = await shownNodes(page);
    expect(nodes.map((n) => n.name).sort()).toEqual([...want.nodes.keys()].sort());
    for (const n of nodes) {
      const g = want.nodes.get(n.name)!;
      expect({ name: n.name, id: n.id, lines: n.lines, fontSize: n.fontSize, color: n.color, fill: n.fill }).toEqual({ name: g.name, id: g.id, lines: g.lines, fontSize: g.fontSize, color: g.color, fill: g.fill });
      expect(n.fits, `${n.name}: label inside its box`).toBe(true);
    }

    // The leak: the heaviest box (largest flat, font 24), red (pprof's #b20000 border).
    const heaviest = nodes.reduce((a, b) => (Math.abs(b.flat) > Math.abs(a.flat) ? b : a));
    expect(heaviest.name).toBe(LEAK);
    expect(heaviest.fontSize).toBe(24);
    expect(heaviest.color).toBe('#b20000');
    const rgb = await nodeNamed(page, LEAK).locator('rect').evaluate((r) => getComputedStyle(r).stroke);
    expect(rgb).toBe('rgb(178, 0, 0)');

    // The edges are pprof's (weights, inline marks, dotted residuals), and the leak is reachable from a root.
    const edges = await shownEdges(page);
    expect(edges.map((e) => `${e.from}->${e.to} ${e.label} inline=${e.inline} residual=${e.residual}`).sort()).toEqual(
      want.edges.map((e) => `${e.from}->${e.to} ${e.weight}${e.inline ? ' (inline)' : ''} inline=${e.inline} residual=${e.residual}`).sort(),
    );
    const into = new Set(edges.map((e) => e.to));
    const roots = nodes.filter((n) => !into.has(n.id)).map((n) => n.id);
    expect(roots).toEqual([want.nodes.get('net/http.(*conn).serve')!.id]);
    const reached = new Set(roots);
    for (let grew = true; grew; ) {
      grew = false;
      for (const e of edges) if (reached.has(e.from) && !reached.has(e.to)) (reached.add(e.to), (grew = true));
    }
    expect(reached.has(heaviest.id)).toBe(true);
    // pprof's nodelets (allocation sizes) hang under their nodes.
    expect(await page.locator('[data-testid="graph-nodelet"][data-parent="N2"]').count()).toBe(1);

    // The colour legend: red grew, grey near zero, green shrank.
    expect(await page.getByTestId('graph-color-legend').textContent()).toContain('grew');
    expect(await page.getByTestId('graph-legend-shrank').textContent()).toBe('shrank');
    expect(await page.getByTestId('graph-legend').textContent()).toContain('Showing nodes accounting for 87.14MB, 100% of 87.14MB total');
    await page.screenshot({ path: join(SHOTS, 'graph-pprof.png'), fullPage: true });

    // DOT: go tool pprof -dot -base, byte for byte.
    const dot = await clickAndDownload(page, page.getByTestId('graph-download-dot'));
    expect(dot.suggestedFilename()).toBe('gzipleak.current.graph.dot');
    expect(await saved(dot)).toBe(GOLDEN);

    // SVG: one well-formed, standalone SVG document with every node, and no script or foreign reference.
    const exporting = await watchLongTasks(page);
    const file = await clickAndDownload(page, page.getByTestId('graph-download-svg'));
    expect(await exporting(), 'long main-thread tasks while exporting').toEqual([]);
    expect(file.suggestedFilename()).toBe('gzipleak.current.graph.svg');
    const text = await saved(file);
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(text).not.toMatch(/<script|<foreignObject|href=|url\(|\son\w+=/i);
    const parsed = await page.evaluate((t) => {
      const d = new DOMParser().parseFromString(t, 'image/svg+xml');
      return { error: d.querySelector('parsererror')?.textContent ?? null, root: d.documentElement.localName, ns: d.documentElement.namespaceURI, nodes: d.querySelectorAll('g.node').length, titles: Array.from(d.querySelectorAll('g.node > title'), (x) => x.textContent!.split('\n')[0]) };
    }, text);
    expect(parsed.error).toBeNull();
    expect(parsed).toMatchObject({ root: 'svg', ns: 'http://www.w3.org/2000/svg', nodes: 30 });
    expect(parsed.titles.sort()).toEqual([...want.nodes.keys()].sort());
  });

  it('blame on (the default for two heap profiles): the user’s writer is the heaviest box; the graph is laid out in the worker', async () => {
    const page = await open();
    await openExamplePair(page);
    await page.getByTestId('view-tab-graph').click();
    await drawn(page);
    expect(await page.getByTestId('graph-blame').isChecked()).toBe(true);
    const nodes = await shownNodes(page);
    const heaviest = nodes.reduce((a, b) => (Math.abs(b.flat) > Math.abs(a.flat) ? b : a));
    expect(heaviest.name).toBe(WRITE);
    expect(heaviest.color).toBe('#b20d00');
    expect(await page.getByTestId('graph-legend').textContent()).toContain('Attribution: each sample charged to its deepest frame in your code');
    expect(await page.getByTestId('graph-timing').textContent()).toMatch(/^Built in \d+ ms and laid out in \d+ ms in the worker/);
    // The heap table got the same choices: blame on, no focus.
    await page.getByTestId('view-tab-heap').click();
    await page.getByTestId('heap').waitFor();
    expect(await page.getByTestId('top-blame').isChecked()).toBe(true);
  });

  it('click focuses (f=, the table sees it), shift-click hides (h=), hover, search, zoom and fit, without a long task', TIMED, async () => {
    const page = await open('#b=0');
    await openExamplePair(page);
    await page.getByTestId('view-tab-graph').click();
    const all = await drawn(page, 30);
    const longTasks = await watchLongTasks(page);

    // Hover: the node's edges lit, a tooltip with base, current, Δ, flat and cum.
    const leak = nodeNamed(page, LEAK);
    await leak.hover();
    const tip = page.getByTestId('graph-tooltip');
    await expect.poll(() => tip.isVisible()).toBe(true);
    expect(await tip.getByTestId('graph-tip-name').textContent()).toBe(LEAK);
    expect(await tip.getByTestId('graph-tip-flat').textContent()).toBe('Flat (Δ)69.63MB (79.91%)');
    expect(await tip.getByTestId('graph-tip-cum').textContent()).toBe('Cum (Δ)85.63MB (98.27%)');
    expect(await tip.getByTestId('graph-tip-base').textContent()).toMatch(/^Base[\d.]+[kM]?B cum, [\d.]+[kM]?B flat$/);
    expect(await tip.getByTestId('graph-tip-current').textContent()).toMatch(/^Current[\d.]+MB cum, [\d.]+MB flat$/);
    expect(await tip.getByTestId('graph-tip-delta').textContent()).toMatch(/^Δ cum\+\d+%$/);
    const id = await leak.getAttribute('data-id');
    const touching = (await shownEdges(page)).filter((e) => e.from === id || e.to === id).length;
    expect(touching).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="graph-edge"].is-lit').count()).toBe(touching);
    await page.mouse.move(2, 2);
    await expect.poll(() => tip.isVisible()).toBe(false);

    // Search: the nodes whose name has "flate" are highlighted.
    await page.getByTestId('graph-search').fill('FLATE');
    const flate = (await shownNodes(page)).filter((n) => n.name.toLowerCase().includes('flate')).length;
    expect(flate).toBeGreaterThan(5);
    await expect.poll(() => page.getByTestId('graph-count').getAttribute('data-matches')).toBe(String(flate));
    expect(await page.locator('[data-testid="graph-node"].is-match').count()).toBe(flate);
    expect((await hashParams(page)).q).toBe('FLATE');
    await page.getByTestId('graph-search').fill('');
    await expect.poll(() => page.locator('[data-testid="graph-node"].is-match').count()).toBe(0);

    // Zoom: the buttons, the wheel, and fit back to the screen.
    const zoom = async () => Number(await svg(page).getAttribute('data-zoom'));
    const fitted = await zoom();
    expect(fitted).toBeGreaterThan(0);
    await page.getByTestId('graph-zoom-in').click();
    await expect.poll(zoom).toBeCloseTo(fitted * 1.4, 3);
    await page.getByTestId('graph-zoom-out').click();
    await expect.poll(zoom).toBeCloseTo(fitted, 3);
    const box = (await svg(page).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -400);
    await expect.poll(zoom).toBeGreaterThan(fitted * 1.2);
    // Drag: pans.
    const before = await svg(page).getAttribute('data-transform');
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 40, { steps: 4 });
    await page.mouse.up();
    expect(await svg(page).getAttribute('data-transform')).not.toBe(before);
    await page.getByTestId('graph-fit').click();
    await expect.poll(zoom).toBeCloseTo(fitted, 3);
    // Fitted, the whole picture is inside the canvas.
    const inside = await page.evaluate(() => {
      const c = document.querySelector('[data-testid="graph-canvas"]')!.getBoundingClientRect();
      const g = document.querySelector('.graph-viewport')!.getBoundingClientRect();
      return g.left >= c.left - 4 && g.right <= c.right + 4 && g.top >= c.top - 4 && g.bottom <= c.bottom + 4;
    });
    expect(inside).toBe(true);

    // Click: focus on the node, written to the hash as the table's focus; fewer nodes.
    await nodeNamed(page, 'main.(*itemStore).listItems').click();
    await expect.poll(async () => (await hashParams(page)).f).toBe('^main\\.\\(\\*itemStore\\)\\.listItems$');
    await expect.poll(() => svgNumber(page, 'data-nodes')).toBeLessThan(all);
    const focused = await drawn(page);
    expect(await page.getByTestId('graph-focus').inputValue()).toBe('^main\\.\\(\\*itemStore\\)\\.listItems$');
    expect(await page.getByTestId('graph-legend').textContent()).toContain('Active filters:');
    expect(await nodeNamed(page, 'main.(*itemStore).updateItem').count()).toBe(0);
    expect(await nodeNamed(page, LEAK).count()).toBe(1);

    // Shift-click: hide it (h=), the node goes.
    await nodeNamed(page, 'encoding/json.(*Encoder).Encode').click({ modifiers: ['Shift'] });
    await expect.poll(async () => (await hashParams(page)).h).toBe('^encoding/json\\.\\(\\*Encoder\\)\\.Encode$');
    await expect.poll(() => nodeNamed(page, 'encoding/json.(*Encoder).Encode').count()).toBe(0);
    const hidden = await drawn(page);
    expect(hidden).toBeLessThan(focused);
    expect(await page.getByTestId('graph-hide').inputValue()).toBe('^encoding/json\\.\\(\\*Encoder\\)\\.Encode$');
    expect(await longTasks(), 'long main-thread tasks while the graph was used').toEqual([]);
    // (A full-page screenshot lays the page out again at another size: not the view's work.)
    await page.screenshot({ path: join(SHOTS, 'graph-focused.png'), fullPage: true });
    const moreTasks = await watchLongTasks(page);

    // Node count: at most 5 nodes (n=, shared with the table's row count).
    await page.getByTestId('graph-nodecount').fill('5');
    await page.getByTestId('graph-nodecount').press('Enter');
    await expect.poll(async () => (await hashParams(page)).n).toBe('5');
    // pprof counts a node's tags (nodelets) as nodes too. The hash changes
    // before the worker is asked: wait for the smaller graph to be drawn.
    await expect.poll(() => svgNumber(page, 'data-nodes'), { timeout: 20_000 }).toBeLessThanOrEqual(5);
    const five = await drawn(page);
    expect(five).toBeLessThanOrEqual(5);
    expect(five).toBeLessThan(hidden);
    expect(await moreTasks(), 'long main-thread tasks while the graph was used').toEqual([]);

    // The heap table sees the same focus and hide, and sets them for the graph too.
    await page.getByTestId('view-tab-heap').click();
    await page.getByTestId('heap').waitFor();
    expect(await page.getByTestId('top-focus').inputValue()).toBe('^main\\.\\(\\*itemStore\\)\\.listItems$');
    expect(await page.getByTestId('top-hide').inputValue()).toBe('^encoding/json\\.\\(\\*Encoder\\)\\.Encode$');
    await page.getByTestId('top-clear-focus').click();
    await page.getByTestId('top-clear-hide').click();
    await expect.poll(async () => (await hashParams(page)).f).toBeUndefined();
    await page.getByTestId('view-tab-graph').click();
    await drawn(page);
    expect(await page.getByTestId('graph-focus').inputValue()).toBe('');
    await page.getByTestId('graph-nodecount').fill('');
    await page.getByTestId('graph-nodecount').press('Enter');
    await drawn(page, 30);
  });

  it('the node and edge fractions trim the graph (nf=, ef=) and survive a reload', async () => {
    const page = await open('#b=0');
    await openExamplePair(page);
    await page.getByTestId('view-tab-graph').click();
    await drawn(page, 30);
    await page.getByTestId('graph-nodefraction').fill('0.1');
    await page.getByTestId('graph-nodefraction').press('Enter');
    await expect.poll(() => svgNumber(page, 'data-nodes')).toBeLessThan(30);
    const fewer = await drawn(page);
    expect((await hashParams(page)).nf).toBe('0.1');
    expect(await page.getByTestId('graph-legend').textContent()).toMatch(/Dropped \d+ nodes \(cum <= 8.71MB\)/);
    const edges = await svgNumber(page, 'data-edges');
    await page.getByTestId('graph-edgefraction').fill('0.3');
    await page.getByTestId('graph-edgefraction').press('Enter');
    await expect.poll(() => svgNumber(page, 'data-edges')).toBeLessThan(edges);
    expect(await svgNumber(page, 'data-nodes')).toBe(fewer);
    const hash = await page.evaluate(() => location.hash);
    expect(hash).toContain('nf=0.1');
    expect(hash).toContain('ef=0.3');
    await session.finish();
    const again = await open(hash);
    await openExamplePair(again);
    await again.getByTestId('view-tab-graph').click();
    await drawn(again);
    expect(await again.getByTestId('graph-nodefraction').inputValue()).toBe('0.1');
    expect(await again.getByTestId('graph-edgefraction').inputValue()).toBe('0.3');
  });

  it('hostile names are text: no markup, elided labels with the whole name in the title, escaped in the SVG; dark mode', TIMED, async () => {
    const long = `main.${'x'.repeat(100_000)}`;
    const hostile = ['<img src=x onerror=alert(1)>', long, '"><script>alert(2)</script>', 'main.\u202Egnp.exe\u202C', 'main.(*T).M\u0000\u0007'];
    // Blame off: with it on, these are not user code and their samples go to main.main.
    const page = await open('#b=0', 'dark');
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    const files = [
      { name: 'hostile.base.heap', bytes: namedHeap(hostile, 1_700_000_000_000_000_000n, { bytes: 1_048_576, file: 'hostile.go' }) },
      { name: 'hostile.current.heap', bytes: namedHeap(hostile, 1_700_000_100_000_000_000n, { objects: 3, bytes: 3 * 1_048_576, file: 'hostile.go' }) },
    ];
    await page.getByLabel('Open profiles').setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: Buffer.from(f.bytes) })));
    for (const f of files) await page.locator(`[data-testid="file-card"][data-name="${f.name}"][data-status="ready"]`).waitFor({ timeout: 20_000 });
    const longTasks = await watchLongTasks(page);
    await page.getByTestId('view-tab-graph').click();
    await drawn(page);
    expect(await longTasks(), 'long main-thread tasks while drawing').toEqual([]);
    expect(await page.locator('img, script:not([src]), [onerror]').count()).toBe(0);
    const nodes = await shownNodes(page);
    for (const name of hostile) {
      const n = nodes.find((x) => x.name === name);
      expect(n, `node for ${name.slice(0, 40)}`).toBeDefined();
      expect(n!.fits, `${name.slice(0, 40)}: label inside its box`).toBe(true);
      for (const l of n!.lines) expect(l.length).toBeLessThanOrEqual(48);
    }
    const big = nodeNamed(page, 'main.' + 'x'.repeat(100_000)).first();
    expect(await big.getAttribute('data-elided')).toBe('true');
    expect(await big.locator('title').textContent()).toContain(long);
    // pprof's lines: the package, then the function name, cut.
    expect(await big.locator('tspan').nth(0).textContent()).toBe('main');
    expect(await big.locator('tspan').nth(1).textContent()).toMatch(/^x{47}…$/);
    expect(await nodeNamed(page, '<img src=x onerror=alert(1)>').locator('tspan').first().textContent()).toBe('<img src=x onerror=alert(1)>');

    // Dark: boxes take the dark fill, text the light colour.
    const look = await nodeNamed(page, 'main.main').evaluate((g) => ({ fill: getComputedStyle(g.querySelector('rect')!).fill, text: getComputedStyle(g.querySelector('text')!).fill }));
    expect(look.fill).not.toBe('rgb(237, 213, 213)');
    expect(look.text).toBe('rgb(230, 231, 234)');
    await page.screenshot({ path: join(SHOTS, 'graph-hostile-dark.png'), fullPage: true });

    const file = await clickAndDownload(page, page.getByTestId('graph-download-svg'));
    const text = await saved(file);
    expect(text).not.toContain('<img');
    expect(text).not.toContain('<script');
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const parsed = await page.evaluate((t) => {
      const d = new DOMParser().parseFromString(t, 'image/svg+xml');
      return { error: d.querySelector('parsererror')?.textContent ?? null, titles: Array.from(d.querySelectorAll('g.node > title'), (x) => x.textContent!.split('\n')[0]) };
    }, text);
    expect(parsed.error).toBeNull();
    for (const name of hostile.slice(0, 4)) expect(parsed.titles).toContain(name);
    // XML cannot hold NUL or BEL: they become U+FFFD in the file.
    expect(parsed.titles).toContain('main.(*T).M\uFFFD\uFFFD');
    expect(dialogs).toBe(0);
  });
});

