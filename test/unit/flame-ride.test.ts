// The flame graph's and call tree's base column read off the comparison
// (ReportEngines.baseFromComparison, LazyTree.build; docs/decisions/0030)
// answers what reading the base profile on its own answers
// (FlameViews' baseFromComparison: false): every call-tree page, top-down and
// inverted, in the tree's order and sorted, everything open; the flame
// graph's frames, zoomed, searched and pivoted — on the heap fixture pairs,
// proto and legacy, under every choice that changes how locations read or
// which samples count. Where the identity would not hold, the guard refuses.
//
// Frame ids differ between the two: a frame's id range counts the
// occurrences below its members, and read on its own the base profile's
// stack nodes are members too. The answers are compared without them.

import { describe, expect, it } from 'vitest';
import { CallTreeViews, FlameFrameViews, FlameViews, type CallTreeQuery, type CallTreeView } from '../../src/core/flame';
import type { Profile } from '../../src/core/model';
import type { ReportQuery } from '../../src/core/report';
import { TopViews } from '../../src/core/top';
import { decodeFixture } from '../helpers/fixtures';

const load = (name: string): Profile => decodeFixture(name).profile;

const pairs: [string, Profile, Profile][] = ['gzipleak', 'bigparse', 'tickerleak'].flatMap((name) =>
  ['.heap', '.heap.debug1.txt'].map((ext): [string, Profile, Profile] => [name + ext, load(`${name}.current${ext}`), load(`${name}.base${ext}`)]),
);
pairs.push(['leakspike s06 against s01', load('leakspike.s06.heap'), load('leakspike.s01.heap')]);

/** Each query, and whether the base is read off the comparison. */
const queries: [ReportQuery, boolean][] = [
  [{ mode: 'diff' }, true],
  [{ mode: 'diff_base' }, true],
  [{ mode: 'diff', blame: true }, true],
  [{ mode: 'diff', granularity: 'lines' }, true],
  [{ mode: 'diff', granularity: 'files' }, true],
  [{ mode: 'diff', granularity: 'filefunctions' }, true],
  [{ mode: 'diff', granularity: 'addresses' }, true],
  [{ mode: 'diff_base', granularity: 'addresses', blame: true }, true],
  [{ mode: 'diff', blame: true, granularity: 'lines', hide: 'flate|compress' }, true],
  [{ mode: 'diff', focus: 'main\\.' }, true],
  [{ mode: 'diff', ignore: 'bufio|flate' }, true],
  [{ mode: 'diff', hide: 'runtime' }, true],
  [{ mode: 'diff', show: '^main\\.' }, true],
  [{ mode: 'diff', showFrom: 'ServeHTTP|parse|main\\.' }, true],
  [{ mode: 'diff', noInlines: true }, true],
  [{ mode: 'diff', sampleType: 'alloc_space' }, true],
  [{ mode: 'diff', sampleType: 'inuse_objects', granularity: 'lines' }, true],
  [{ mode: 'diff', tagFocus: 'bytes=1kb:' }, true],
  // -diff_base labels the base's samples: a tag filter may tell them apart.
  [{ mode: 'diff_base', tagFocus: 'bytes=1kb:' }, false],
  [{ mode: 'diff_base', tagIgnore: 'bytes=:512' }, false],
  // The current scaled to the base's totals: not the merge of current and base × −1.
  [{ mode: 'diff', normalize: true }, false],
  [{ mode: 'diff_base', sampleType: 'alloc_space', normalize: true }, false],
];

/** An answer without frame ids, as JSON (typed arrays as arrays). */
function comparable(answer: unknown): unknown {
  const ids = new Set(['frame', 'parent', 'end', 'tree', 'expansion', 'table']);
  return JSON.parse(JSON.stringify(answer, (k, v) => (ids.has(k) ? undefined : ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v)));
}

/** Everything the two tabs answer for a query, ids left out; and whether the base was read off the comparison. */
function answers(current: Profile, base: Profile, q: ReportQuery, fromComparison: boolean): { rode: boolean; answers: Record<string, unknown> } {
  const top = new TopViews();
  const flame = new FlameViews(top, { baseFromComparison: fromComparison });
  const calls = new CallTreeViews(flame, top);
  const frames = new FlameFrameViews(flame, top);
  const out: Record<string, unknown> = {};
  for (const inverted of [false, true]) {
    const page = (extra: Partial<CallTreeQuery>): CallTreeView => calls.view(current, base, { ...q, inverted, ...extra });
    const first = page({ limit: 100 });
    const everything = { tree: first.tree, open: [], closed: [], all: [0] };
    out[`${inverted ? 'inverted' : 'top-down'} first page`] = comparable(first);
    out[`${inverted ? 'inverted' : 'top-down'} all open`] = comparable(page({ expansion: everything, limit: 100_000 }));
    for (const column of ['base', 'current', 'flat'] as const) {
      out[`${inverted ? 'inverted' : 'top-down'} by ${column}`] = comparable(page({ expansion: everything, sort: { column, desc: column !== 'flat' }, limit: 100_000 }));
    }
  }
  const whole = frames.view(current, base, { ...q, width: 1500 });
  out['flame frames'] = comparable(whole);
  out['flame frames, 200 px'] = comparable(frames.view(current, base, { ...q, width: 200 }));
  // Zoomed into the widest top-level frame and its widest child.
  const zoom = [1, 2].filter((i) => i < whole.down.count).map((i) => whole.keys[whole.down.name[i]]);
  out['zoomed'] = comparable(frames.view(current, base, { ...q, width: 1500, zoom }));
  out['searched'] = comparable(frames.view(current, base, { ...q, width: 1500, search: 'main' }));
  // Pivoted on the growth path's last function and on the widest frame's.
  const first = calls.view(current, base, { ...q, limit: 100 });
  const grower = first.rows[first.revealRow ?? 0]?.name;
  for (const name of new Set([grower, whole.names[whole.down.name[1]]])) {
    const key = whole.keys[whole.names.indexOf(name ?? '')];
    if (key) out[`pivot ${name}`] = comparable(frames.view(current, base, { ...q, width: 1500, pivot: key }));
  }
  return { rode: flame.trees(current, base, q).baseFromComparison, answers: out };
}

describe('the base column read off the comparison', () => {
  for (const [name, current, base] of pairs) {
    for (const [q, rides] of queries) {
      it(`${name} ${JSON.stringify(q)}: ${rides ? 'the same answers' : 'not read off (the guard)'}`, () => {
        const ride = answers(current, base, q, true);
        const own = answers(current, base, q, false);
        expect(ride.rode).toBe(rides);
        expect(own.rode).toBe(false);
        for (const [what, answer] of Object.entries(own.answers)) expect(ride.answers[what], what).toEqual(answer);
        expect(Object.keys(ride.answers)).toEqual(Object.keys(own.answers));
        // Something to compare: the base column holds values somewhere.
        expect(JSON.stringify(own.answers['top-down all open'])).toMatch(/"base":-?[1-9]/);
      });
    }
  }
});

/** A copy of `p` with its mappings and locations changed (the rest shared). */
function edited(p: Profile, edit: (q: Profile) => void): Profile {
  const q: Profile = {
    ...p,
    strings: [...p.strings],
    mappings: { ...p.mappings, memoryStart: p.mappings.memoryStart.slice(), memoryLimit: p.mappings.memoryLimit.slice(), filename: p.mappings.filename.slice(), buildId: p.mappings.buildId.slice() },
    locations: { ...p.locations, address: p.locations.address.slice() },
    samples: { ...p.samples, values: p.samples.values.slice() },
  };
  edit(q);
  return q;
}

describe('the guard', () => {
  const current = load('gzipleak.current.heap');
  const base = load('gzipleak.base.heap');
  const rides = (c: Profile, b: Profile, q: ReportQuery = { mode: 'diff' }) => new FlameViews(new TopViews()).trees(c, b, q).baseFromComparison;

  it('reads the base off the comparison of the fixture pair', () => {
    expect(rides(current, base)).toBe(true);
  });

  it('does not where the merge moves the base to the current mapping (address space randomisation)', () => {
    const moved = edited(base, (q) => {
      q.mappings.memoryStart[0] += 0x1000;
      q.mappings.memoryLimit[0] += 0x1000;
      for (let l = 0; l < q.locations.length; l++) if (q.locations.mapping[l] === 0) q.locations.address[l] += 0x1000;
    });
    expect(rides(current, moved)).toBe(false);
    for (const granularity of ['functions', 'addresses'] as const) {
      const q: ReportQuery = { mode: 'diff', granularity };
      expect(answers(current, moved, q, true).answers).toEqual(answers(current, moved, q, false).answers);
    }
  });

  it('does not where the merge names the base mapping after the current one (one build ID)', () => {
    const withId = (p: Profile, file: string) =>
      edited(p, (q) => {
        q.mappings.buildId[0] = q.strings.push('93ac61ec') - 1;
        q.mappings.filename[0] = q.strings.push(file) - 1;
      });
    expect(rides(withId(current, '/bin/a'), withId(base, '/bin/a'))).toBe(true);
    expect(rides(withId(current, '/bin/a'), withId(base, '/bin/b'))).toBe(false);
  });

  it('does not where a sum of values may round (values not integers)', () => {
    const halves = edited(base, (q) => {
      q.samples.values = Float64Array.from(q.samples.values); // a heap profile's are 32-bit integers
      q.samples.values[0] += 0.5;
    });
    expect(rides(current, halves)).toBe(false);
    expect(rides(halves, base)).toBe(false);
  });

  it('does not with -normalize, nor for one profile alone or the base alone', () => {
    expect(rides(current, base, { mode: 'diff', normalize: true })).toBe(false);
    expect(rides(current, base, { mode: 'base' })).toBe(false);
    expect(new FlameViews(new TopViews()).trees(current, null, {}).baseFromComparison).toBe(false);
  });
});
