// The heap view's report (src/core/top/view.ts) against go tool pprof: every
// -top golden of one current profile (and at most one -base/-diff_base) is
// asked for as the page asks for it, and the view's header and rows, and the
// clipboard text, must be pprof's. Then what pprof has no column for: base,
// current and Δ% per row (flat = current − base in a -base diff), sorting,
// search, pages, errors by option, and the engine cache.

import { describe, expect, it } from 'vitest';
import { parseFlags, type Flags } from '../../src/cli/report';
import { compileGoRegexp } from '../../src/core/filter';
import type { Profile } from '../../src/core/model/profile';
import { TOP_COLUMNS } from '../../src/core/top/text';
import { deltaPercent, formatDelta, quoteMeta, ReportQueryError as TopQueryError } from '../../src/core/report';
import { topViewResult, TopViews, type TopQuery, type TopView } from '../../src/core/top/view';
import { encodeTopChoices, parseTopHash, writeTopHash, type TopChoices } from '../../src/ui/state/hash';
import { decodeFixture } from '../helpers/fixtures';
import { pprofGoldens, type Golden } from '../helpers/goldens';

const cache = new Map<string, Profile>();
function fixture(name: string): Profile {
  let p = cache.get(name);
  if (!p) cache.set(name, (p = decodeFixture(name).profile));
  return p;
}

/** The golden's flags as the page's query, or null when the page cannot ask for it (merged sources, a binary). */
function asQuery(f: Flags): { current: string; base: string | null; query: TopQuery } | null {
  if (f.files.length !== 1 || f.base.length + f.diffBase.length > 1 || f.edgeFraction !== undefined) return null;
  const base = f.base[0] ?? f.diffBase[0] ?? null;
  return {
    current: f.files[0],
    base,
    query: {
      mode: base === null ? 'current' : f.diffBase.length > 0 ? 'diff_base' : 'diff',
      normalize: f.normalize,
      sampleType: f.sampleIndex,
      granularity: f.granularity,
      cum: f.cum,
      nodeCount: f.nodeCount,
      nodeFraction: f.nodeFraction,
      focus: f.focus,
      ignore: f.ignore,
      hide: f.hide,
      show: f.show,
      showFrom: f.showFrom,
      tagFocus: f.tagFocus,
      tagIgnore: f.tagIgnore,
      noInlines: f.noInlines,
      blame: f.blame,
      limit: 100_000,
    },
  };
}

interface GoldenRow {
  flat: string;
  flatPct: string;
  sumPct: string;
  cum: string;
  cumPct: string;
  name: string;
}

/** pprof's text, split into header lines and rows. */
function parseGolden(text: string): { header: string[]; rows: GoldenRow[] } {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const at = lines.indexOf(TOP_COLUMNS);
  expect(at).toBeGreaterThan(0);
  const rows = lines.slice(at + 1).map((l) => {
    // %10s %s %s %10s %s  name
    const m = /^ *(\S+) +(\S+) +(\S+) +(\S+) +(\S+)  (.*)$/.exec(l);
    if (!m) throw new Error(`not a row: ${l}`);
    return { flat: m[1], flatPct: m[2], sumPct: m[3], cum: m[4], cumPct: m[5], name: m[6] };
  });
  return { header: lines.slice(0, at), rows };
}

const shown = (v: TopView) => v.rows.map((r) => ({ flat: r.flatText, flatPct: r.flatPct, sumPct: r.sumPct, cum: r.cumText, cumPct: r.cumPct, name: r.inline ? `${r.name} (${r.inline})` : r.name }));

const goldens = pprofGoldens('-top')
  .map((g) => ({ g, q: asQuery(parseFlags(g.args)) }))
  .filter((x): x is { g: Golden; q: NonNullable<ReturnType<typeof asQuery>> } => x.q !== null && !x.g.args.some((a) => a.endsWith('.debug1.txt')));

describe('the heap view is go tool pprof -top', () => {
  it('covers the goldens the page can ask for', () => {
    expect(goldens.length).toBeGreaterThanOrEqual(80);
    const names = goldens.map((x) => x.g.name);
    for (const n of ['gzipleak.base-current.heap.top.default', 'gzipleak.base-current.heap.diffbase', 'gzipleak.base-current.heap.normalize', 'gzipleak.base-current.heap.focus', 'gzipleak.base-current.heap.lines.inuse_space', 'gzipleak.base-current.heap.topcum.inuse_space', 'gzipleak.current.heap.top', 'gzipleak.base.heap.top']) {
      expect(names).toContain(n);
    }
  });

  const views = new TopViews();
  for (const { g, q } of goldens) {
    it(g.name, () => {
      const current = fixture(q.current);
      const base = q.base === null ? null : fixture(q.base);
      const want = parseGolden(g.stdout);
      const r = topViewResult(views, current, base, q.query);
      if (!r.ok) throw new Error(r.message);
      expect(r.view.header).toEqual(want.header);
      expect(shown(r.view)).toEqual(want.rows);
      expect(r.view.rowCount).toBe(want.rows.length);
      expect(r.view.warnings.map((w) => `${w}\n`).join('')).toBe(g.stderr ?? '');
      // "Copy as text": the whole report.
      expect(views.text(current, base, q.query)).toBe(g.stdout);
    });
  }
});

describe('base, current and Δ% per row', () => {
  const views = new TopViews();
  const current = fixture('gzipleak.current.heap');
  const base = fixture('gzipleak.base.heap');

  it('-base: flat = current − base on every row; the sides are each profile alone', () => {
    const v = views.view(current, base, { limit: 1000 });
    expect(v.mode).toBe('diff');
    expect(v.modes).toEqual(['diff', 'diff_base', 'current', 'base']);
    expect(v.sides).toBe(true);
    expect(v.sideMeasure).toBe('flat');
    for (const r of v.rows) expect(r.current! - r.base!, r.name).toBe(r.flat);
    const alone = (p: Profile) => new Map(views.view(p, null, { limit: 1000, nodeFraction: 0 }).rows.map((r) => [r.name, r.flat]));
    const [b, c] = [alone(base), alone(current)];
    for (const r of v.rows) {
      expect(r.base, r.name).toBe(b.get(r.name) ?? 0);
      expect(r.current, r.name).toBe(c.get(r.name) ?? 0);
    }
    const nw = v.rows.find((r) => r.name === 'compress/flate.NewWriter')!;
    expect(nw.delta).toBeCloseTo(((nw.current! - nw.base!) / nw.base!) * 100, 9);
    expect(nw.deltaText).toBe(formatDelta(nw.delta));
    expect(v.baseTotal?.text).toBe('11.15MB');
    expect(v.currentTotal?.text).toBe('98.29MB');
  });

  it('-cum: the sides measure cum', () => {
    const v = views.view(current, base, { cum: true, limit: 1000 });
    expect(v.sideMeasure).toBe('cum');
    for (const r of v.rows) expect(r.current! - r.base!, r.name).toBe(r.cum);
  });

  it('-normalize: the current side is scaled as in the diff', () => {
    const v = views.view(current, base, { normalize: true, limit: 1000 });
    expect(v.normalize).toBe(true);
    for (const r of v.rows) expect(r.current! - r.base!, r.name).toBe(r.flat);
    // Scaled sample by sample, rounded half away from zero: the totals agree but for rounding.
    expect(Math.abs(v.currentTotal!.total - v.baseTotal!.total)).toBeLessThan(current.samples.length);
  });

  it('one profile: no sides; its report as pprof gives it', () => {
    const v = views.view(current, null, {});
    expect(v.mode).toBe('current');
    expect(v.modes).toEqual(['current']);
    expect(v.sides).toBe(false);
    expect(v.rows[0]).toMatchObject({ base: null, current: null, delta: null, deltaText: '' });
  });

  it('the base alone, with the current one loaded, keeps the sides', () => {
    const v = views.view(current, base, { mode: 'base', limit: 1000 });
    expect(v.header).toEqual(parseGolden(pprofGoldens('-top').find((g) => g.name === 'gzipleak.base.heap.top')!.stdout).header);
    for (const r of v.rows) expect(r.base, r.name).toBe(r.flat);
  });

  it('Δ% words', () => {
    expect(deltaPercent(0, 0)).toBeNull();
    expect(deltaPercent(0, 5)).toBe(Infinity);
    expect(deltaPercent(10, 0)).toBe(-100);
    expect(formatDelta(Infinity)).toBe('new');
    expect(formatDelta(-100)).toBe('-100%');
    expect(formatDelta(12.34)).toBe('+12.3%');
    expect(formatDelta(5479.4)).toBe('+5479%');
    expect(formatDelta(0)).toBe('0%');
    expect(formatDelta(null)).toBe('');
  });
});

describe('blame your code', () => {
  const views = new TopViews();
  const current = fixture('gzipleak.current.heap');
  const base = fixture('gzipleak.base.heap');

  it('puts the user’s gzip writer first and says so in the header', () => {
    const v = views.view(current, base, { blame: true });
    expect(v.blame).toBe(true);
    expect(v.rows[0]).toMatchObject({ name: 'main.(*gzipResponseWriter).Write', flatText: '66.75MB', flatPct: '76.61%', sumPct: '76.61%', cumText: '66.75MB', cumPct: '76.61%' });
    expect(v.header[3]).toMatch(/^Attribution: each sample charged to its deepest frame in your code/);
    expect(v.attribution).toBe(v.header[3]);
    expect(views.text(current, base, { blame: true })).toContain('\nAttribution: ');
    const off = views.view(current, base, { blame: false });
    expect(off.rows[0].name).toBe('compress/flate.NewWriter');
    expect(off.attribution).toMatch(/as go tool pprof/);
    expect(off.header.some((l) => l.startsWith('Attribution:'))).toBe(false);
  });
});

describe('sorting, search and pages', () => {
  const views = new TopViews();
  const current = fixture('gzipleak.current.heap');
  const base = fixture('gzipleak.base.heap');
  const all = views.view(current, base, { limit: 1000 });

  it('null is pprof’s order; a column sorts by its value, ties in pprof’s order', () => {
    expect(all.rows.map((r) => r.rank)).toEqual(all.rows.map((_, i) => i));
    const byCum = views.view(current, base, { sort: { column: 'cum', desc: true }, limit: 1000 });
    const cums = byCum.rows.map((r) => r.cum);
    expect(cums).toEqual([...cums].sort((a, b) => b - a));
    for (let i = 1; i < byCum.rows.length; i++) if (cums[i] === cums[i - 1]) expect(byCum.rows[i].rank).toBeGreaterThan(byCum.rows[i - 1].rank);
    const asc = views.view(current, base, { sort: { column: 'cum', desc: false }, limit: 1000 });
    expect(asc.rows[0].cum).toBe(Math.min(...cums));
    const names = views.view(current, base, { sort: { column: 'name', desc: false }, limit: 1000 }).rows.map((r) => r.name);
    expect(names).toEqual([...names].sort());
    // sum% is pprof's running sum, whatever the order.
    const sum = new Map(all.rows.map((r) => [r.name, r.sumPct]));
    for (const r of byCum.rows) expect(r.sumPct).toBe(sum.get(r.name));
  });

  it('Δ%: new rows first, rows without a change last', () => {
    const v = views.view(current, base, { sort: { column: 'delta', desc: true }, limit: 1000 });
    const d = v.rows.map((r) => r.delta);
    const numbers = d.filter((x): x is number => x !== null);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(d.indexOf(null) === -1 || d.slice(d.indexOf(null)).every((x) => x === null)).toBe(true);
  });

  it('search matches names, case-insensitively; pages cut what matched', () => {
    const v = views.view(current, base, { search: 'GZIPRESPONSE', limit: 1000 });
    expect(v.rows.map((r) => r.name)).toEqual(all.rows.filter((r) => r.name.toLowerCase().includes('gzipresponse')).map((r) => r.name));
    expect(v.matched).toBe(2);
    expect(v.rowCount).toBe(all.rowCount);
    const page = views.view(current, base, { offset: 10, limit: 5 });
    expect(page.rows.map((r) => r.name)).toEqual(all.rows.slice(10, 15).map((r) => r.name));
    expect(page.matched).toBe(all.rowCount);
    expect(page.offset).toBe(10);
  });
});

describe('the longest text of each numeric column (the page sizes its columns from it)', () => {
  const views = new TopViews();
  const current = fixture('tickerleak.current.heap');
  const base = fixture('tickerleak.base.heap');
  const longest = (rows: TopView['rows'], text: (r: TopView['rows'][number]) => string) => Math.max(0, ...rows.map((r) => text(r).length));

  it('is over every row of the report, whatever page, search or sort was asked for', () => {
    const all = views.view(current, base, { limit: 100_000, nodeFraction: 0 });
    const want = {
      flat: longest(all.rows, (r) => r.flatText),
      flatPct: longest(all.rows, (r) => r.flatPct),
      sumPct: longest(all.rows, (r) => r.sumPct),
      cum: longest(all.rows, (r) => r.cumText),
      cumPct: longest(all.rows, (r) => r.cumPct),
      base: longest(all.rows, (r) => r.baseText),
      current: longest(all.rows, (r) => r.currentText),
      delta: longest(all.rows, (r) => r.deltaText),
    };
    expect(all.textChars).toEqual(want);
    // golden tickerleak.base-current.heap.topall.inuse_space: cum goes up to 1703.88kB.
    expect(all.textChars.cum).toBeGreaterThanOrEqual('1703.88kB'.length);
    expect(views.view(current, base, { offset: 40, limit: 3, nodeFraction: 0, search: 'runtime', sort: { column: 'name', desc: false } }).textChars).toEqual(want);
  });

  it('a single profile has no base, current or Δ% text', () => {
    const v = views.view(current, null, {});
    expect([v.textChars.base, v.textChars.current, v.textChars.delta]).toEqual([0, 0, 0]);
    expect(v.textChars.flat).toBeGreaterThan(0);
  });
});

describe('focus on a row', () => {
  const views = new TopViews();
  const current = fixture('gzipleak.current.heap');
  const base = fixture('gzipleak.base.heap');

  it('each row gets the Go regexp of its function, which focuses on it', () => {
    const v = views.view(current, base, { limit: 1000 });
    for (const r of v.rows) {
      expect(r.focus).not.toBeNull();
      expect(compileGoRegexp(r.focus!).test(r.name.replace(/ \(inline\)$/, ''))).toBe(true);
    }
    const w = v.rows.find((r) => r.name === 'main.(*gzipResponseWriter).Write')!;
    expect(w.focus).toBe('^main\\.\\(\\*gzipResponseWriter\\)\\.Write$');
    const f = views.view(current, base, { focus: w.focus!, limit: 1000 });
    expect(f.rows.find((r) => r.name === w.name)?.cum).toBe(w.cum);
    expect(f.header).toContain('Active filters:');
    expect(f.rows.some((r) => r.name === 'main.(*gzipResponseWriter).finish')).toBe(false);
  });

  it('at file granularity it focuses on the file', () => {
    const v = views.view(current, base, { granularity: 'files', limit: 1000 });
    for (const r of v.rows) expect(r.focus).toBe(`${quoteMeta(r.name)}$`);
  });

  it('quoteMeta is Go’s', () => {
    expect(quoteMeta('a.b+c*d?(e)|[f]{g}^h$\\')).toBe('a\\.b\\+c\\*d\\?\\(e\\)\\|\\[f\\]\\{g\\}\\^h\\$\\\\');
  });
});

describe('what pprof would refuse, by option', () => {
  const views = new TopViews();
  const current = fixture('gzipleak.current.heap');
  const base = fixture('gzipleak.base.heap');

  it('a bad regexp names its option', () => {
    for (const [key, field] of [['focus', 'focus'], ['ignore', 'ignore'], ['hide', 'hide'], ['show', 'show'], ['showFrom', 'show_from'], ['tagFocus', 'tagfocus']] as const) {
      const r = topViewResult(views, current, base, { [key]: 'main.(' });
      expect(r.ok, key).toBe(false);
      if (!r.ok) {
        expect(r.field).toBe(field);
        expect(r.message).toMatch(new RegExp(`^parsing ${field} regexp: `));
      }
    }
    expect(() => views.view(current, base, { focus: '(?=x)' })).toThrow(TopQueryError);
  });

  it('an unknown sample type', () => {
    const r = topViewResult(views, current, base, { sampleType: 'cpu' });
    expect(r).toMatchObject({ ok: false, field: 'sample_index' });
  });

  it('profiles that cannot be compared: the current one alone, and an error for a diff', () => {
    const cpu = fixture('gzipleak.cpu');
    const v = views.view(cpu, base, {});
    expect(v.mode).toBe('current');
    expect(v.modes).toEqual(['current', 'base']);
    expect(v.sides).toBe(false);
    const r = topViewResult(views, cpu, base, { mode: 'diff' });
    expect(r).toMatchObject({ ok: false, field: null });
  });
});

describe('the cache', () => {
  it('one engine per (current, base, mode, normalize); one per profile alone', () => {
    const views = new TopViews();
    const current = fixture('gzipleak.current.heap');
    const base = fixture('gzipleak.base.heap');
    const e = views.engine(current, base, 'diff');
    expect(views.engine(current, base, 'diff')).toBe(e);
    expect(views.engine(current, base, 'diff', true)).not.toBe(e);
    expect(views.engine(current, base, 'diff_base')).not.toBe(e);
    expect(views.engine(current, base, 'current')).toBe(views.engine(current, null, 'diff'));
    expect(views.engine(current, base, 'base')).toBe(views.engine(base, null, 'current'));
  });

  it('sorting and paging reuse the computed report', () => {
    const views = new TopViews();
    const current = fixture('gzipleak.current.heap');
    const base = fixture('gzipleak.base.heap');
    const e = views.engine(current, base, 'diff');
    let computed = 0;
    const compute = e.compute.bind(e);
    e.compute = (o) => (computed++, compute(o));
    views.view(current, base, {});
    views.view(current, base, { sort: { column: 'delta', desc: true }, offset: 5, limit: 3, search: 'main' });
    expect(views.text(current, base, {})).toMatch(/^File: gzipleak\n/);
    expect(computed).toBe(1);
    views.view(current, base, { sampleType: 'alloc_space' });
    expect(computed).toBe(2);
  });
});

describe('the heap view in the URL hash (src/ui/state/hash.ts)', () => {
  const all: TopChoices = {
    mode: 'diff_base',
    normalize: true,
    sampleType: 'alloc_space',
    granularity: 'lines',
    focus: '^main\\.\\(\\*gzipResponseWriter\\)\\.Write$',
    ignore: 'encoding/json',
    hide: 'runtime\\..*',
    show: 'main',
    showFrom: 'gzip\\.\\(\\*Writer\\)',
    tagFocus: 'bytes=1kb:',
    tagIgnore: 'a:b,c',
    cum: true,
    nodeCount: 20,
    noInlines: true,
    blame: false,
    order: { column: 'delta', desc: true },
    search: 'gzip & co',
  };

  it('round-trips every choice, with pprof’s parameter names', () => {
    expect(parseTopHash(writeTopHash('', all))).toEqual(all);
    const p = new URLSearchParams(encodeTopChoices(all));
    expect(Object.fromEntries(p)).toMatchObject({ m: 'diff_base', norm: '1', si: 'alloc_space', g: 'lines', f: all.focus, i: 'encoding/json', h: all.hide, s: 'main', sf: all.showFrom, tf: 'bytes=1kb:', ti: 'a:b,c', sort: 'cum', n: '20', noinlines: '1', b: '0', o: '-delta', q: 'gzip & co' });
    expect(writeTopHash('', {})).toBe('');
    expect(parseTopHash('')).toEqual({});
  });

  it('keeps #base=…&current=… (src/ui/embed.ts) and other keys byte for byte, first', () => {
    const hash = '#base=https%3A%2F%2Fhost%2Fa.heap&current=/b.heap?x=1&other=%E2%9C%93';
    const written = writeTopHash(hash, { focus: 'main', blame: false });
    expect(written).toBe(`${hash}&f=main&b=0`);
    // Our keys are replaced, not repeated; clearing them gives the hash back.
    expect(writeTopHash(written, { focus: 'x' })).toBe(`${hash}&f=x`);
    expect(writeTopHash(written, {})).toBe(hash);
    const p = new URLSearchParams(written.slice(1));
    expect([p.get('base'), p.get('current')]).toEqual(['https://host/a.heap', '/b.heap?x=1']);
  });

  it('leaves out what does not parse', () => {
    expect(parseTopHash('#m=sideways&g=bytes&n=-3&o=-nonsense&b=maybe&sort=up&si=')).toEqual({});
    expect(parseTopHash('#o=name&b=1&sort=flat')).toEqual({ order: { column: 'name', desc: false }, blame: true, cum: false });
  });
});
