// A comparison's table read from its two sides (report/split.ts, docs/
// decisions/0032) is the table of the merged profile: every row, mark,
// column, total and header line, on the fixture pairs (heap proto and
// legacy, goroutine, CPU, labelled samples) under every choice the split
// reads (mode, sample type, granularity, -cum, -noinlines, node count and
// fractions, blame); and the -top text of every two-profile go tool pprof golden
// without filters. Where it would not hold, it is not taken.

import { describe, expect, it, vi } from 'vitest';
import { flagQuery, parseFlags } from '../../src/cli/report';
import { ProfileBuilder, type Profile } from '../../src/core/model';
import { reportOptions, splitReport, type ReportQuery } from '../../src/core/report';
import { TopViews } from '../../src/core/top';
import { decodeFixture } from '../helpers/fixtures';
import { pprofGoldens, resolveFixtureArgs } from '../helpers/goldens';
import { decodeProfile } from '../../src/core/decode';
import { runSync } from '../../src/core/progress';
import { readFileSync } from 'node:fs';
import { Profile as PprofProfile, StringTable } from 'pprof-format';
import { zlibGunzip } from '../../src/cli/zlib-gunzip';
import { mulberry32 } from '../helpers/random';

const load = (name: string): Profile => decodeFixture(name).profile;

/**
 * A copy of p whose numeric labels differ on every third sample: those
 * samples no longer match the other profile's on the same stack.
 */
function relabelled(p: Profile): Profile {
  // Every label set twice, the second copy's numeric labels + 8; every third sample names its copy.
  const l = p.labels;
  const n = l.length;
  const twice = <T extends Int32Array | Float64Array | Uint8Array>(a: T): T => {
    const b = new (a.constructor as new (n: number) => T)(2 * n);
    b.set(a as never);
    b.set(a as never, n);
    return b;
  };
  const num = twice(l.num);
  for (let k = n; k < 2 * n; k++) if (l.isNum[k - n]) num[k] += 8;
  const setStart = new Int32Array(2 * l.sets + 1);
  for (let set = 0; set < l.sets; set++) {
    setStart[set] = l.setStart[set];
    setStart[l.sets + set] = n + l.setStart[set];
  }
  setStart[2 * l.sets] = 2 * n;
  const labelSet = p.samples.labelSet.slice();
  for (let i = 0; i < p.samples.length; i += 3) labelSet[i] += l.sets;
  const labels = { length: 2 * n, sets: 2 * l.sets, setStart, key: twice(l.key), str: twice(l.str), num, numUnit: twice(l.numUnit), isNum: twice(l.isNum) };
  return { ...p, samples: { ...p.samples, labelSet }, labels };
}

/** A heap profile of these samples: each a path of locations leaf first, each location its functions innermost first. */
function synthetic(samples: [string[][], number][]): Profile {
  const b = new ProfileBuilder('proto');
  b.intern('');
  b.sampleTypes = [{ type: b.intern('inuse_space'), unit: b.intern('bytes') }];
  const fns = new Map<string, number>();
  const fn = (name: string) => {
    let f = fns.get(name);
    if (f === undefined) fns.set(name, (f = b.addFunction(fns.size + 1, b.intern(name), b.intern(name), b.intern('main.go'), 1)));
    return f;
  };
  const locs = new Map<string, number>();
  for (const [path, value] of samples) {
    const leafFirst = path.map((lines) => {
      const key = lines.join('|');
      let l = locs.get(key);
      if (l === undefined) {
        const fs = lines.map(fn);
        locs.set(key, (l = b.beginLocation(locs.size + 1, -1, 0x1000 * (locs.size + 1), false)));
        fs.forEach((f, k) => b.addLine(f, 10 + k));
      }
      return l;
    });
    b.addSample(b.internStack(leafFirst), [value]);
  }
  return b.build();
}

/**
 * A recursion through an inlined call: main → A → B (B inlined into A) →
 * A → B → C in the current profile (10), main → A → B → C in the base (25).
 * The edge A → B is met twice in the current's sample and counts once:
 * its weight is 10 − 25, and with -edgefraction=0.5 (cutoff 7) B is
 * "(inline)"; counted twice it would be 20 − 25, under the cutoff.
 */
function recursion(): [Profile, Profile] {
  const C = ['main.C'];
  const AB = ['main.B', 'main.A'];
  const main = ['main.main'];
  return [synthetic([[[C, AB, AB, main], 10]]), synthetic([[[C, AB, main], 25]])];
}

/**
 * Blame inside a location: runtime.X inlined into main.A. A sample ending
 * there (100) is charged to main.A's entry, so the edge A → X does not
 * count it; one through it to main.B (10, base 4) does. With
 * -edgefraction=0.5 (cutoff 53 of flat 106) X is not "(inline)": its edge
 * weighs 6; counting the first sample it would weigh 106.
 */
function blameInside(): [Profile, Profile] {
  const XA = ['runtime.X', 'main.A'];
  const main = ['main.main'];
  return [synthetic([[[XA, main], 100], [[['main.B'], XA, main], 10]]), synthetic([[[['main.B'], XA, main], 4]])];
}

const pairs: [string, Profile, Profile][] = [
  ...['gzipleak', 'bigparse', 'tickerleak'].flatMap((name) =>
    ['.heap', '.heap.debug1.txt', '.goroutine', '.goroutine.debug1.txt', '.goroutine.debug2.txt'].map((ext): [string, Profile, Profile] => [name + ext, load(`${name}.current${ext}`), load(`${name}.base${ext}`)]),
  ),
  ['leakspike s06 against s01', load('leakspike.s06.heap'), load('leakspike.s01.heap')],
  ['bigparse peak against current (shrinks)', load('bigparse.current.heap'), load('bigparse.peak.heap')],
  ['CPU', load('gzipleak.cpu'), load('bigparse.cpu')],
  ['labelled goroutines', load('synthetic/labels.goroutine.debug1.txt'), load('gzipleak.base.goroutine.debug1.txt')],
  ['a profile against itself', load('gzipleak.current.heap'), load('gzipleak.current.heap')],
  ['labels that differ on a stack of both', load('gzipleak.current.heap'), relabelled(load('gzipleak.base.heap'))],
  ['a recursion through an inlined call', ...recursion()],
  ['blame inside a location', ...blameInside()],
];

const queries: ReportQuery[] = [
  {},
  { mode: 'diff_base' },
  { cum: true },
  { granularity: 'lines' },
  { granularity: 'files' },
  { granularity: 'filefunctions' },
  { granularity: 'addresses' },
  { mode: 'diff_base', granularity: 'addresses', cum: true },
  { noInlines: true },
  { nodeCount: 5 },
  { nodeCount: 3, cum: true, granularity: 'lines' },
  { nodeFraction: 0, edgeFraction: 0 },
  { nodeFraction: 0.05, edgeFraction: 0.2 },
  { edgeFraction: 0.5 },
  { sampleType: 'alloc_space' },
  { sampleType: 'inuse_objects', granularity: 'lines', nodeCount: 4 },
  { sampleType: 'alloc_objects', mode: 'diff_base' },
  // The page's default for a heap pair: the blame-your-code attribution.
  { blame: true },
  { blame: true, granularity: 'lines', cum: true },
  { blame: true, mode: 'diff_base', nodeCount: 4, noInlines: true },
  { blame: true, sampleType: 'alloc_space', granularity: 'addresses', edgeFraction: 0 },
];

/** Everything the table answers for a query: all rows, and the -top text. */
function answers(views: TopViews, current: Profile, base: Profile, q: ReportQuery) {
  return { view: views.view(current, base, { ...q, limit: 1_000_000 }), text: views.text(current, base, q) };
}

/** Whether the table of this query is read from the sides (the guard passes and the locations read as they are). */
function split(current: Profile, base: Profile, q: ReportQuery): boolean {
  const views = new TopViews(0);
  const { mode, normalize } = views.resolve(current, base, q);
  const options = flagOptions(current, q);
  const sides = views.splitSides(current, base, mode, normalize, options);
  return sides !== null && splitReport(sides.current, sides.base, mode as 'diff') !== null;
}

const flagOptions = (p: Profile, q: ReportQuery) => reportOptions(p, q, 'top');

const typed = (pair: Profile, q: ReportQuery) => q.sampleType === undefined || pair.sampleTypes.some((t) => pair.strings[t.type] === q.sampleType);

describe('a comparison read from its sides is its merge', () => {
  for (const [name, current, base] of pairs) {
    it(name, () => {
      let compared = 0;
      for (const q of queries) {
        if (!typed(current, q)) continue;
        expect(split(current, base, q), JSON.stringify(q)).toBe(true);
        const fromSides = answers(new TopViews(0), current, base, q);
        const merged = answers(new TopViews(Infinity), current, base, q);
        expect(fromSides, JSON.stringify(q)).toEqual(merged);
        compared++;
      }
      expect(compared).toBeGreaterThanOrEqual(12);
    });
  }

  it('the same views, in any order, on one cache', () => {
    const [, current, base] = pairs[0];
    const views = new TopViews(0);
    const merged = new TopViews(Infinity);
    for (const q of [...queries, ...queries.slice().reverse()]) {
      if (!typed(current, q)) continue;
      expect(answers(views, current, base, q)).toEqual(answers(merged, current, base, q));
    }
  });
});

describe('what the pairs are made to show', () => {
  it('the relabelled samples do not match: the total grows by what they no longer cancel', () => {
    const [, current] = pairs[0];
    const base = load('gzipleak.base.heap');
    const total = (b: Profile) => new TopViews(0).view(current, b, {}).total;
    expect(total(relabelled(base))).toBeGreaterThan(total(base));
  });

  it('blame leaves the edge into the inlined runtime frame under the cutoff', () => {
    const [current, base] = blameInside();
    const row = (blame: boolean) => new TopViews(0).view(current, base, { edgeFraction: 0.5, blame }).rows.find((r) => r.name === 'runtime.X');
    expect(row(true)?.inline).toBe('');
    expect(row(false)?.inline).toBe('inline');
  });

  it('the recursion marks B inline', () => {
    const [current, base] = recursion();
    const rows = new TopViews(0).view(current, base, { edgeFraction: 0.5 }).rows;
    expect(rows.find((r) => r.name === 'main.B')?.inline).toBe('inline');
  });
});

describe('the -top goldens of two profiles, read from the sides', () => {
  const goldens = pprofGoldens('-top').filter((g) => !g.args.some((a) => a.endsWith('.debug1.txt')));
  let taken = 0;
  for (const g of goldens) {
    const flags = parseFlags(resolveFixtureArgs(g.args));
    const bases = [...flags.base, ...flags.diffBase];
    if (flags.files.length !== 1 || bases.length !== 1) continue;
    const q: ReportQuery = { mode: flags.diffBase.length > 0 ? 'diff_base' : 'diff', normalize: flags.normalize, sampleType: flags.sampleIndex, ...flagQuery(flags) };
    const read = (f: string) => runSync(decodeProfile(new Uint8Array(readFileSync(f)), { gunzip: zlibGunzip })).profile;
    const current = read(flags.files[0]);
    const base = read(bases[0]);
    if (!split(current, base, q)) continue;
    taken++;
    it(g.name, () => {
      expect(new TopViews(0).text(current, base, q)).toBe(g.stdout);
    });
  }
  it('covers the pairs, sample types, -cum, -lines and -diff_base', () => {
    expect(taken).toBeGreaterThanOrEqual(60);
  });
});

describe('a profile read while its pair still decodes (prepareTable)', () => {
  const [, current, base] = pairs[0];

  it('is the read the first table then uses, and the table is the same', () => {
    const views = new TopViews(0);
    views.prepareTable(base, true);
    const o = flagOptions(base, { blame: true });
    const read = views.alone(base).sideRead(o);
    const sides = views.splitSides(current, base, 'diff', false, o)!;
    expect(sides.base.read).toBe(read);
    expect(answers(views, current, base, { blame: true })).toEqual(answers(new TopViews(Infinity), current, base, { blame: true }));
  });

  it('reads nothing for a profile too small for its pair to be read from the sides, or with filters', () => {
    const reads = (splitFrom: number, query: ReportQuery = {}) => {
      const views = new TopViews(splitFrom);
      const spy = vi.spyOn(views.alone(base), 'sideRead');
      views.prepare(base, flagOptions(base, query));
      return spy.mock.calls.length;
    };
    expect(reads(2 * base.stacks.length)).toBe(1);
    expect(reads(2 * base.stacks.length + 1)).toBe(0);
    expect(reads(0, { focus: 'main' })).toBe(0);
  });
});

/**
 * A heap profile as the wide pair is shaped: few samples in use on a large
 * tree (most stacks only allocated), so its side read keeps the samples'
 * paths (side-read.ts: at most the tree's nodes). `shift` moves the values
 * in use; the first 25 samples in use have paths both profiles have.
 */
function sparseInUse(seed: number, shift: number): Profile {
  const st = new StringTable();
  const s = (x: string) => st.dedup(x);
  const next = mulberry32(seed);
  const pick = (k: number) => 1 + Math.floor(next() * k);
  const shared = mulberry32(7); // the same paths in both profiles
  const sample: { locationId: number[]; value: number[] }[] = [];
  for (let i = 0; i < 40; i++) {
    const rnd = i < 25 ? shared : next;
    const path = Array.from({ length: 6 + Math.floor(rnd() * 6) }, () => 1 + Math.floor(rnd() * 60));
    sample.push({ locationId: path, value: [100 + i, (i % 7) * 10 + shift] });
  }
  for (let i = 0; i < 300; i++) sample.push({ locationId: Array.from({ length: 8 }, () => pick(60)), value: [pick(1000), 0] });
  const fn = Array.from({ length: 60 }, (_, i) => ({ id: i + 1, name: s(`main.f${i % 45}`), systemName: 0, filename: s('main.go') }));
  return runSync(
    decodeProfile(
      new PprofProfile({
        sampleType: [{ type: s('alloc_space'), unit: s('bytes') }, { type: s('inuse_space'), unit: s('bytes') }],
        sample,
        location: fn.map((f) => ({ id: f.id, line: [{ functionId: f.id, line: f.id }] })),
        function: fn,
        stringTable: st,
      }).encode(),
    ),
  ).profile;
}

describe('samples matched on the paths their side reads kept', () => {
  it('give the merge, where both reads kept their paths', () => {
    const current = sparseInUse(1, 3);
    const base = sparseInUse(2, 0);
    const views = new TopViews(0);
    for (const p of [current, base]) expect(views.alone(p).sideRead(flagOptions(p, {})).path).not.toBeNull();
    for (const q of [{}, { blame: true }, { granularity: 'lines' as const }]) {
      expect(answers(views, current, base, q), JSON.stringify(q)).toEqual(answers(new TopViews(Infinity), current, base, q));
    }
    // At the type every sample has, the paths would pass the tree: not kept, and the matches are walked.
    const o = flagOptions(current, { sampleType: 'alloc_space' });
    expect(views.alone(current).sideRead(o).path).toBeNull();
    expect(answers(views, current, base, { sampleType: 'alloc_space' })).toEqual(answers(new TopViews(Infinity), current, base, { sampleType: 'alloc_space' }));
  });
});

describe('where the sides would not give the merge, the merge answers', () => {
  const [, current, base] = pairs[0];
  const refused = (q: ReportQuery, c = current, b = base, splitFrom = 0) => {
    const views = new TopViews(splitFrom);
    const { mode, normalize } = views.resolve(c, b, q);
    return views.splitSides(c, b, mode, normalize, flagOptions(c, q)) === null;
  };

  it('filters, -normalize and a profile alone', () => {
    for (const q of [{ focus: 'flate' }, { ignore: 'flate' }, { hide: 'runtime' }, { show: 'main' }, { showFrom: 'main' }, { tagFocus: 'bytes=1kb:' }, { tagIgnore: 'bytes=:1kb' }, { normalize: true }, { mode: 'current' as const }, { mode: 'base' as const }]) {
      expect(refused(q), JSON.stringify(q)).toBe(true);
    }
    expect(refused({})).toBe(false);
    expect(refused({ blame: true })).toBe(false);
  });

  it('a pair below the size, and a pair whose merge is made already', () => {
    expect(refused({}, current, base, Infinity)).toBe(true);
    const views = new TopViews(0);
    views.engine(current, base, 'diff');
    const { mode, normalize } = views.resolve(current, base, {});
    expect(views.splitSides(current, base, mode, normalize, flagOptions(current, {}))).toBeNull();
  });

  it('negative or fractional values', () => {
    const negative: Profile = { ...base, samples: { ...base.samples, values: base.samples.values.map((v, i) => (i === 0 ? -v - 1 : v)) } };
    const fraction: Profile = { ...base, samples: { ...base.samples, values: Float64Array.from(base.samples.values, (v, i) => (i === 0 ? v + 0.5 : v)) } };
    expect(refused({}, current, negative)).toBe(true);
    expect(refused({}, current, fraction)).toBe(true);
  });

  it('a mapping the merge moves: refused by splitReport, and the table is the merge’s', () => {
    const ms = base.mappings;
    const moved: Profile = { ...base, mappings: { ...ms, memoryStart: ms.memoryStart.map((s) => s + 0x10000), memoryLimit: ms.memoryLimit.map((s) => s + 0x10000) } };
    expect(ms.length).toBeGreaterThan(0);
    const views = new TopViews(0);
    const o = flagOptions(current, {});
    const sides = views.splitSides(current, moved, 'diff', false, o);
    expect(sides).not.toBeNull();
    expect(splitReport(sides!.current, sides!.base, 'diff')).toBeNull();
    const q = { granularity: 'addresses' as const };
    expect(answers(views, current, moved, q)).toEqual(answers(new TopViews(Infinity), current, moved, q));
  });
});
