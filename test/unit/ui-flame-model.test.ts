// The flame graph tab's pure side (src/ui/flame/flame-model.ts) on what the
// worker sends for the gzipleak pair: rows (icicle, flipped, pivot), hit
// testing, arrow-key moves, zoom paths, colours, the tooltip's lines, the
// hide list and the standalone SVG with hostile names escaped.

import { describe, expect, it } from 'vitest';
import { FlameFrameViews, FlameViews, type FlameQuery, type FlameView } from '../../src/core/flame';
import type { Profile } from '../../src/core/model';
import { TopViews } from '../../src/core/top';
import { cellAt, cellName, flameSvg, frameFill, layoutFrames, neighbour, partOf, tooltipRows, withHidden, xmlText, zoomPath } from '../../src/ui/flame/flame-model';
import { decodeFixture } from '../helpers/fixtures';

const WRITE = 'main.(*gzipResponseWriter).Write';
const base: Profile = decodeFixture('gzipleak.base.heap').profile;
const current: Profile = decodeFixture('gzipleak.current.heap').profile;
const top = new TopViews();
const views = new FlameFrameViews(new FlameViews(top), top);
const view = (q: Partial<FlameQuery> = {}): FlameView => views.view(current, base, { mode: 'diff', blame: false, width: 1000, ...q });

describe('flame graph model', () => {
  it('lays out an icicle (root on row 0) and flips it (root on the last row)', () => {
    const v = view();
    const ice = layoutFrames(v, false);
    expect(ice.cells.length).toBe(v.down.count);
    const root = ice.cells.findIndex((c) => c.i === 0);
    expect(ice.cells[root].row).toBe(0);
    expect(ice.rows[0]).toEqual([root]);
    const flip = layoutFrames(v, true);
    expect(flip.cells[root].row).toBe(flip.rows.length - 1);
    for (const c of ice.cells) expect(c.row).toBe(v.down.depth[c.i]);
    for (const r of ice.rows) for (let k = 1; k < r.length; k++) expect(ice.cells[r[k]].x).toBeGreaterThanOrEqual(ice.cells[r[k - 1]].x + ice.cells[r[k - 1]].width - 1e-9);
  });

  it('finds the frame under a point and moves between frames with the arrows', () => {
    const v = view();
    const l = layoutFrames(v, false);
    for (const [k, c] of l.cells.entries()) expect(cellAt(l, c.row, c.x + c.width / 2)).toBe(k);
    expect(cellAt(l, 999, 0.5)).toBe(-1);
    const root = l.rows[0][0];
    const down = neighbour(l, root, 'ArrowDown');
    expect(l.cells[down].row).toBe(1);
    expect(cellName(v, l.cells[down])).toBe('net/http.(*conn).serve');
    expect(neighbour(l, down, 'ArrowUp')).toBe(root);
    expect(neighbour(l, root, 'ArrowUp')).toBe(root);
    expect(neighbour(l, root, 'ArrowLeft')).toBe(root);
    const row = l.rows.find((r) => r.length > 1)!;
    expect(neighbour(l, row[0], 'ArrowRight')).toBe(row[1]);
    expect(neighbour(l, row[1], 'ArrowLeft')).toBe(row[0]);
  });

  it('a frame’s zoom path leads the worker to it', () => {
    const v = view();
    const l = layoutFrames(v, false);
    const w = l.cells.find((c) => cellName(v, c) === WRITE)!;
    const z = view({ zoom: zoomPath(v, w.i) });
    expect(z.names[z.down.name[0]]).toBe(WRITE);
    expect(z.down.value[0]).toBe(v.down.value[w.i]);
    // Deeper from there: the zoom so far, then the keys below.
    const child = 1;
    expect(zoomPath(z, child)).toEqual([...z.zoom, z.keys[z.down.name[child]]]);
  });

  it('pivoting puts the callers above the function, and below it flipped', () => {
    const whole = view();
    const v = view({ pivot: whole.keys[whole.names.indexOf(WRITE)] });
    const l = layoutFrames(v, false);
    const fn = l.cells.find((c) => !c.up && c.i === 0)!;
    const callers = l.cells.filter((c) => c.up);
    expect(callers.length).toBe(v.up!.count - 1);
    expect(Math.max(...callers.map((c) => c.row))).toBe(fn.row - 1);
    const f = layoutFrames(v, true);
    expect(Math.min(...f.cells.filter((c) => c.up).map((c) => c.row))).toBe(f.cells.find((c) => !c.up && c.i === 0)!.row + 1);
  });

  it('colours growth red and shrinkage green, the stronger the larger; plain modes by package', () => {
    const v = view();
    const l = layoutFrames(v, false);
    const channels = (s: string) => s.match(/\d+/g)!.map(Number);
    const grew = l.cells.filter((c) => partOf(v, c).value[c.i] > 0 && c.i > 0);
    // The pair the other way round: what grew has shrunk.
    const back = views.view(base, current, { mode: 'diff', blame: false, width: 1000 });
    const bl = layoutFrames(back, false);
    const shrank = bl.cells.filter((c) => partOf(back, c).value[c.i] < 0);
    expect(grew.length).toBeGreaterThan(0);
    expect(shrank.length).toBeGreaterThan(0);
    for (const c of grew) expect(channels(frameFill(v, l, c, { dark: false }))[0]).toBeGreaterThan(channels(frameFill(v, l, c, { dark: false }))[1]);
    for (const c of shrank) expect(channels(frameFill(back, bl, c, { dark: true }))[1]).toBeGreaterThan(channels(frameFill(back, bl, c, { dark: true }))[0]);
    const big = grew.reduce((a, b) => (v.down.value[b.i] > v.down.value[a.i] ? b : a));
    const small = grew.reduce((a, b) => (v.down.value[b.i] < v.down.value[a.i] ? b : a));
    // Less green and blue left in the larger growth's red.
    expect(channels(frameFill(v, l, big, { dark: false }))[1]).toBeLessThan(channels(frameFill(v, l, small, { dark: false }))[1]);
    const plain = view({ mode: 'current' });
    const pl = layoutFrames(plain, false);
    expect(plain.diff).toBe(false);
    expect(frameFill(plain, pl, pl.cells[1], { dark: false })).toMatch(/^hsl\(/);
  });

  it('the tooltip says base, current, Δ, Δ%, flat, cum and the share of the total', () => {
    const v = view();
    const l = layoutFrames(v, false);
    const w = l.cells.find((c) => cellName(v, c) === WRITE)!;
    const rows = tooltipRows(v, w);
    expect(rows.map((r) => r.label)).toEqual(['base', 'current', 'Δ', 'Δ%', 'flat Δ', 'cum Δ', 'of the total']);
    expect(rows[2].value.startsWith('+')).toBe(true);
    expect(rows[6].value).toMatch(/^\d+(\.\d+)?% of \d/);
    expect(tooltipRows(view({ mode: 'current' }), l.cells[0]).map((r) => r.label)).toEqual(['flat', 'cum', 'of the total']);
  });

  it('adds a function to the hide list once', () => {
    expect(withHidden(undefined, '^a$')).toBe('^a$');
    expect(withHidden('^a$', '^b$')).toBe('^a$|^b$');
    expect(withHidden('^a$|^b$', '^b$')).toBe('^a$|^b$');
  });

  it('writes a standalone SVG: a group per frame, names escaped, no external reference', () => {
    const v = view();
    const hostile = { ...v, names: v.names.map((n, i) => (i === 0 ? `<script>alert("x")</script>&\u0001` : n)) };
    const svg = flameSvg(hostile, { width: 1000, flipped: false, title: 'a & b <c>', label: (s) => s });
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<g class="frame">/g)!.length).toBe(layoutFrames(v, false).cells.length);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;');
    expect(svg).not.toContain('\u0001');
    expect(svg).toContain('a &amp; b &lt;c&gt;');
    expect(svg).not.toMatch(/href|url\(|@import/);
    expect(xmlText(`'"<>&`)).toBe('&apos;&quot;&lt;&gt;&amp;');
  });
});
