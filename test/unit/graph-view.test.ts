// The graph view's worker side (src/core/graph/view.ts, layout.ts, look.ts,
// svg.ts) and its hash keys (src/ui/state/graph-hash.ts): the example
// pair's graph is pprof's (the DOT download is the golden to the byte, the
// nodes are the golden's), laid out with no box over another and no label
// over a box, every edge from its caller's box to its callee's; base and
// current per node; a node's focus regexp is the table's; sizes estimated
// without a DOM; hostile names cut and escaped; the layout's crossing
// reduction; nf/ef in the hash next to the table's keys.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileGoRegexp } from '../../src/core/filter';
import { buildGraph } from '../../src/core/graph';
import { edgeShape, layoutGraph } from '../../src/core/graph-view/layout';
import { elide, nodeLabelLines, textBox, textWidth, wrapLine } from '../../src/core/graph/look';
import { escapeXml, graphSvg } from '../../src/core/graph/svg';
import { graphOptions, GraphViews, graphViewResult, type GraphView } from '../../src/core/graph-view/view';
import type { Profile } from '../../src/core/model/profile';
import { TopViews } from '../../src/core/top/view';
import { parseGraphHash, writeGraphHash } from '../../src/ui/state/graph-hash';
import { parseTopHash, writeTopHash } from '../../src/ui/state/hash';
import { decodeFixture, FIXTURES } from '../helpers/fixtures';

const cache = new Map<string, Profile>();
const fixture = (name: string): Profile => {
  let p = cache.get(name);
  if (!p) cache.set(name, (p = decodeFixture(name).profile));
  return p;
};
const golden = (name: string) => readFileSync(join(FIXTURES, 'golden', name), 'utf8');

const base = () => fixture('gzipleak.base.heap');
const current = () => fixture('gzipleak.current.heap');

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}
const overlap = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const boxOf = (n: { x: number; y: number; width: number; height: number }): Box => ({ x: n.x - n.width / 2, y: n.y - n.height / 2, w: n.width, h: n.height });

/** The first and last point of an SVG path ("M x,y … L x,y" or "… C … x,y"). */
function ends(path: string): [number, number][] {
  const nums = [...path.matchAll(/-?\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
  return [
    [nums[0], nums[1]],
    [nums[nums.length - 2], nums[nums.length - 1]],
  ];
}

function checkPicture(v: GraphView): void {
  const boxes = [...v.nodes.map(boxOf), ...v.nodelets.map(boxOf)];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlap(boxes[i], boxes[j]), `boxes ${i} and ${j}`).toBe(false);
  const labels = v.edges.map((e) => ({ x: e.labelX - e.labelWidth / 2, y: e.labelY - e.labelHeight / 2, w: e.labelWidth, h: e.labelHeight }));
  for (const l of labels) for (const b of boxes) expect(overlap(l, b)).toBe(false);
  for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) expect(overlap(labels[i], labels[j])).toBe(false);
  const all = [...v.nodes.map((n) => ({ id: `N${n.id}`, b: boxOf(n) })), ...v.nodelets.map((x) => ({ id: x.id, b: boxOf(x) }))];
  const byId = new Map(all.map((x) => [x.id, x.b]));
  const near = (p: [number, number], b: Box) => p[0] >= b.x - 1.5 && p[0] <= b.x + b.w + 1.5 && p[1] >= b.y - 1.5 && p[1] <= b.y + b.h + 1.5;
  for (const e of v.edges) {
    const [start] = ends(e.path);
    const [tip] = ends(e.arrow);
    expect(near(start, byId.get(e.from)!), `${e.from} -> ${e.to} starts at its caller`).toBe(true);
    expect(near(tip, byId.get(e.to)!), `${e.from} -> ${e.to} points at its callee`).toBe(true);
    // The route itself: from the caller's border to the callee's.
    expect(e.points.length).toBeGreaterThanOrEqual(4);
    expect(near([e.points[0], e.points[1]], byId.get(e.from)!)).toBe(true);
    expect(near([e.points[e.points.length - 2], e.points[e.points.length - 1]], byId.get(e.to)!)).toBe(true);
  }
  for (const b of boxes) {
    expect(b.x).toBeGreaterThanOrEqual(0);
    expect(b.y).toBeGreaterThanOrEqual(0);
    expect(b.x + b.w).toBeLessThanOrEqual(v.width);
    expect(b.y + b.h).toBeLessThanOrEqual(v.height);
  }
}

describe('graph view (worker side)', () => {
  it('the example pair, blame off: pprof’s graph, laid out cleanly; the DOT download is the golden', () => {
    const views = new GraphViews(new TopViews());
    const v = views.view(current(), base(), { blame: false });
    const dot = golden('gzipleak.base-current.heap.graph.dot');
    expect(views.dot(current(), base(), { blame: false })).toBe(dot);
    const names = [...dot.matchAll(/ tooltip="([^"]*) \([^)]*\)" color=/g)].map((m) => m[1]);
    expect(v.nodes.map((n) => n.name).sort()).toEqual(names.sort());
    expect(v.edges.filter((e) => !e.tag)).toHaveLength(35);
    expect(v.nodelets).toHaveLength(6);
    expect(v.mode).toBe('diff');
    expect(v.legend.lines).toContain('Showing nodes accounting for 87.14MB, 100% of 87.14MB total');
    // pprof's pointer to a web page stays in the DOT text only: the page names no other site.
    expect(v.legend.lines.some((l) => /https?:/.test(l))).toBe(false);
    const leak = v.nodes.find((n) => n.name === 'compress/flate.NewWriter')!;
    expect(leak).toMatchObject({ id: 2, fontSize: 24, color: '#b20000', fillColor: '#edd5d5', flatText: '69.63MB', cumText: '85.63MB', lines: ['flate', 'NewWriter', '69.63MB (79.91%)', 'of 85.63MB (98.27%)'] });
    // In each profile alone: cum grew from base to current by the diff's cum.
    expect(leak.current!.cum - leak.base!.cum).toBeCloseTo(leak.cum, 0);
    expect(leak.delta!).toBeGreaterThan(100);
    expect(leak.deltaText).toMatch(/^\+\d+%$/);
    checkPicture(v);
    // The same answer again comes from the cache.
    expect(views.view(current(), base(), { blame: false })).toBe(v);
  });

  it('a node’s focus regexp is the table row’s, and matches only that function', () => {
    const top = new TopViews();
    const v = new GraphViews(top).view(current(), base(), { blame: false });
    const rows = top.view(current(), base(), { blame: false, limit: 1000 }).rows;
    for (const n of v.nodes) {
      const row = rows.find((r) => r.name === n.name);
      if (row) expect(n.focus).toBe(row.focus);
      const re = compileGoRegexp(n.focus!);
      expect(re.test(n.name)).toBe(true);
      for (const other of v.nodes) if (other !== n) expect(re.test(other.name), `${n.focus} vs ${other.name}`).toBe(false);
    }
  });

  it('the table’s query: focus, hide, node count, fractions, blame; refused options say which', () => {
    const views = new GraphViews(new TopViews());
    const all = views.view(current(), base(), { blame: false });
    const focused = views.view(current(), base(), { blame: false, focus: '^main\\.\\(\\*itemStore\\)\\.listItems$' });
    expect(focused.nodes.length).toBeLessThan(all.nodes.length);
    expect(focused.legend.lines).toContain('Active filters:');
    expect(focused.nodes.some((n) => n.name === 'main.(*itemStore).updateItem')).toBe(false);
    const hidden = views.view(current(), base(), { blame: false, hide: '^encoding/json\\.\\(\\*Encoder\\)\\.Encode$' });
    expect(hidden.nodes.some((n) => n.name === 'encoding/json.(*Encoder).Encode')).toBe(false);
    expect(views.view(current(), base(), { blame: false, nodeCount: 5 }).nodes.length).toBeLessThanOrEqual(5);
    expect(views.view(current(), base(), { blame: false, nodeFraction: 0.1 }).nodes.length).toBeLessThan(all.nodes.length);
    const blamed = views.view(current(), base(), { blame: true });
    const heaviest = blamed.nodes.reduce((a, b) => (Math.abs(b.flat) > Math.abs(a.flat) ? b : a));
    expect(heaviest.name).toBe('main.(*gzipResponseWriter).Write');
    expect(graphViewResult(views, current(), base(), { focus: '(' })).toMatchObject({ ok: false, field: 'focus' });
    expect(graphViewResult(views, current(), base(), { sampleType: 'nope' })).toMatchObject({ ok: false, field: 'sample_index' });
    expect(graphViewResult(views, current(), base(), { nodeCount: -1 })).toMatchObject({ ok: false, field: 'nodecount' });
    // One profile alone: no sides.
    const single = views.view(current(), null, {});
    expect(single.mode).toBe('current');
    expect(single.sides).toBe(false);
    expect(single.nodes[0].base).toBeNull();
  });

  it('bigger graphs (CPU, 80 nodes) are laid out cleanly too', () => {
    for (const name of ['gzipleak.cpu', 'bigparse.cpu']) {
      const v = new GraphViews(new TopViews()).view(fixture(name), null, {});
      expect(v.nodes.length, name).toBe(80);
      checkPicture(v);
    }
  });

});

describe('graph look and layout', () => {
  it('estimates text width from Arial’s advances, without a DOM', () => {
    expect(textWidth('', 10)).toBe(0);
    // "i" is narrow, "W" wide; width scales with the font size.
    expect(textWidth('iiii', 10)).toBeLessThan(textWidth('WWWW', 10));
    expect(textWidth('NewWriter', 24)).toBeCloseTo(textWidth('NewWriter', 12) * 2, 6);
    expect(textWidth('漢字', 10)).toBeGreaterThanOrEqual(20);
    const box = textBox(['flate', 'NewWriter'], 20);
    expect(box.width).toBeGreaterThan(textWidth('NewWriter', 20));
    expect(box.height).toBeGreaterThan(2 * 20);
  });

  it('cuts long lines at 48 characters, never inside a surrogate pair', () => {
    const long = 'x'.repeat(100_000);
    expect(elide(long)).toBe(`${'x'.repeat(47)}…`);
    const emoji = '😀'.repeat(60);
    const cut = elide(emoji);
    expect(Array.from(cut)).toHaveLength(48);
    expect(cut.endsWith('…')).toBe(true);
    expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(cut)).toBe(false);
    expect(elide('short')).toBe('short');
    const box = textBox(['main', long], 10);
    expect(box.elided).toBe(true);
    expect(box.lines[1]).toHaveLength(48);
  });

  it('blame on: the legend’s attribution line is whole, over two lines, none cut', () => {
    const v = new GraphViews(new TopViews()).view(current(), base(), { blame: true });
    expect(v.legend.lines.some((l) => l.includes('…'))).toBe(false);
    expect(v.legend.lines.join(' ')).toContain('well-known modules folded into it)');
  });

  it('wraps the legend’s prose at spaces instead of cutting it; a hostile word is still cut', () => {
    const attribution = 'Attribution: each sample charged to its deepest frame in your code (runtime, standard library and well-known modules folded into it)';
    const lines = wrapLine(attribution, 120);
    expect(lines.length).toBe(2);
    expect(lines.join(' ')).toBe(attribution);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(120);
    expect(wrapLine('short', 120)).toEqual(['short']);
    const hostile = wrapLine(`a ${'x'.repeat(100_000)} b`, 120);
    expect(hostile).toEqual(['a', `${'x'.repeat(119)}…`, 'b']);
  });

  it('label lines as pprof’s DOT: flat, "of cum", "0 of cum"', () => {
    const n = { lines: ['flate', 'NewWriter'], flatText: '69.63MB', flatPercent: '79.91%', cumText: '85.63MB', cumPercent: '98.27%' };
    expect(nodeLabelLines({ ...n, flat: 1, cum: 2 })).toEqual(['flate', 'NewWriter', '69.63MB (79.91%)', 'of 85.63MB (98.27%)']);
    expect(nodeLabelLines({ ...n, flat: 0, cum: 2 })).toEqual(['flate', 'NewWriter', '0 of 85.63MB (98.27%)']);
    expect(nodeLabelLines({ ...n, flat: 2, cum: 2 })).toEqual(['flate', 'NewWriter', '69.63MB (79.91%)']);
  });

  it('an edge ends where its arrowhead starts; the arrowhead’s tip is the last point', () => {
    const { path, arrow } = edgeShape(
      [
        { x: 0, y: 0 },
        { x: 0, y: 50 },
        { x: 0, y: 100 },
      ],
      1,
    );
    expect(ends(path)[0]).toEqual([0, 0]);
    expect(ends(arrow)[0]).toEqual([0, 100]);
    expect(ends(path)[1][1]).toBeLessThan(100);
    expect(path).toContain('C');
  });

  it('lays the same graph out the same way every time', () => {
    const views = new GraphViews(new TopViews());
    const a = views.view(current(), base(), { blame: false, nodeCount: 79 });
    const b = new GraphViews(new TopViews()).view(current(), base(), { blame: false, nodeCount: 79 });
    expect(b.nodes.map((n) => [n.x, n.y])).toEqual(a.nodes.map((n) => [n.x, n.y]));
    expect(b.edges.map((e) => e.path)).toEqual(a.edges.map((e) => e.path));
  });
});

describe('graph SVG export', () => {
  it('escapes text for XML, and replaces what XML cannot hold', () => {
    expect(escapeXml(`<img src=x onerror="alert(1)"> & 'q'`)).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &apos;q&apos;');
    expect(escapeXml('a\u0000b\u0007c\ud800d')).toBe('a\ufffdb\ufffdc\ufffdd');
    expect(escapeXml('😀\t\n')).toBe('😀\t\n');
  });

  it('is one standalone SVG document: every node, its whole name in the title, no markup from names', () => {
    const v = new GraphViews(new TopViews()).view(current(), base(), { blame: false });
    const hostile = structuredClone(v);
    hostile.nodes[0].name = '<img src=x onerror=alert(1)>';
    hostile.nodes[0].lines = ['<script>alert(2)</script>'];
    const svg = graphSvg(hostile, 'a → b & "c"');
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).not.toMatch(/<img|<script|href=|url\(/);
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(svg).toContain('<title>a → b &amp; &quot;c&quot;</title>');
    expect(svg.match(/<g class="node"/g)).toHaveLength(v.nodes.length);
    // Tags balance (a well-formedness check without a DOM).
    const stack: string[] = [];
    for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
      if (m[3] === '/') continue;
      if (m[1] === '/') expect(stack.pop()).toBe(m[2]);
      else stack.push(m[2]);
    }
    expect(stack).toEqual([]);
  });
});

describe('graph hash keys (nf, ef)', () => {
  it('reads and writes pprof’s nf and ef next to the table’s keys, keeping the rest', () => {
    const hash = '#base=a.heap&m=diff&f=%5Emain&nf=0.01&ef=0.002&q=x';
    expect(parseGraphHash(hash)).toEqual({ nodeFraction: 0.01, edgeFraction: 0.002 });
    expect(parseGraphHash('#nf=2&ef=abc')).toEqual({});
    const written = writeGraphHash(hash, { nodeFraction: 0.1 });
    expect(written).toBe('#base=a.heap&m=diff&f=%5Emain&q=x&nf=0.1');
    // The table's writer keeps them, and the table's keys survive ours.
    const table = writeTopHash(written, { ...parseTopHash(written), hide: '^x$' });
    expect(parseGraphHash(table)).toEqual({ nodeFraction: 0.1 });
    expect(parseTopHash(writeGraphHash(table, {}))).toEqual(parseTopHash(table));
    expect(writeGraphHash('', {})).toBe('');
  });
});

describe('layoutGraph options', () => {
  it('with the labels laid out by dagre as nodes of their own, nothing overlaps either', () => {
    const engine = new TopViews().engine(current(), base(), 'diff');
    const graph = buildGraph(engine, graphOptions(engine.profile, { blame: false }));
    for (const labels of ['layout', 'after'] as const) {
      const l = layoutGraph(graph, { labels });
      const boxes = [...l.nodes, ...l.nodelets].map((n) => ({ x: n.x - n.box.width / 2, y: n.y - n.box.height / 2, w: n.box.width, h: n.box.height }));
      const marks = l.edges.map((e) => ({ x: e.labelX - e.label.width / 2, y: e.labelY - e.label.height / 2, w: e.label.width, h: e.label.height }));
      for (const m of marks) for (const b of boxes) expect(overlap(m, b), labels).toBe(false);
      expect(l.nodes).toHaveLength(graph.nodes.length);
      expect(l.edges).toHaveLength(graph.edges.length + graph.nodes.reduce((a, n) => a + n.nodelets.length, 0));
    }
  });
});
