// Merging separately decoded profiles as go tool pprof's profile.Merge does,
// and the three comparison modes. The text these produce is pinned by the
// goldens (top-golden.test.ts); these tests pin the merge rules themselves.

import { describe, expect, it } from 'vitest';
import { compareProfiles, IncompatibleProfilesError, mergeProfiles } from '../../src/core/diff';
import { ProfileBuilder } from '../../src/core/model/builder';
import { totals, type Profile } from '../../src/core/model/profile';
import { sampleIndexByName } from '../../src/core/report';
import { TopEngine } from '../../src/core/top/engine';
import { decodeFixture } from '../helpers/fixtures';

interface Tiny {
  mappingStart: number;
  /** Leaf-first function names per sample, with its value. */
  samples: [string[], number][];
  time?: number;
  duration?: number;
  /** Shuffle the string table so indices differ between profiles. */
  padStrings?: number;
  /** Offset of a function's location in the mapping (default: OFFSET). */
  offsets?: Record<string, number>;
}

const OFFSET: Record<string, number> = { main: 0x100, alloc: 0x200, grow: 0x300, a: 0x400, b: 0x500, f: 0x600, g: 0x700 };

/** A one-type profile ("inuse_space/bytes"), one location per function at mappingStart + its offset. */
function tiny(t: Tiny): Profile {
  const b = new ProfileBuilder('proto');
  for (let i = 0; i < (t.padStrings ?? 0); i++) b.intern(`pad${i}`);
  b.sampleTypes = [{ type: b.intern('inuse_space'), unit: b.intern('bytes') }];
  b.periodType = { type: b.intern('space'), unit: b.intern('bytes') };
  b.period = 524288;
  b.timeNanos = t.time ?? 0;
  b.timeNanosExact = String(t.time ?? 0);
  b.durationNanos = t.duration ?? 0;
  b.addMapping(1, t.mappingStart, t.mappingStart + 0x10000, 0, b.intern('/bin/app'), b.intern(''), 0);
  const names = [...new Set(t.samples.flatMap(([s]) => s))].sort();
  names.forEach((n, f) => {
    b.addFunction(f + 1, b.intern(n), b.intern(n), b.intern('app.go'), 0);
    b.beginLocation(f + 1, 0, t.mappingStart + (t.offsets?.[n] ?? OFFSET[n]), false);
    b.addLine(f, 10);
  });
  for (const [stack, v] of t.samples) {
    b.addSample(b.internStack(stack.map((n) => names.indexOf(n))), [v]);
  }
  return b.build();
}

const flatOf = (p: Profile) => {
  const e = new TopEngine(p);
  const r = e.compute({ sampleIndex: 0, nodeFraction: 0 });
  return Object.fromEntries(r.rows.map((row) => [row.name, [row.flat, row.cum]]));
};

describe('mergeProfiles keys things as profile.Merge does', () => {
  it('unifies functions and locations across string tables and address space layouts', () => {
    const cur = tiny({ mappingStart: 0x400000, samples: [[['alloc', 'main'], 100], [['grow', 'main'], 50]] });
    const base = tiny({ mappingStart: 0x7f0000, padStrings: 7, samples: [[['alloc', 'main'], 40]] });
    const m = compareProfiles([cur], [base]);
    expect(m.functions.length).toBe(3);
    expect(m.locations.length).toBe(3);
    expect(m.mappings.length).toBe(1);
    expect(flatOf(m)).toEqual({ alloc: [60, 60], grow: [50, 50], main: [0, 110] });
  });

  it('does not unify locations at different addresses or with different lines', () => {
    const a = tiny({ mappingStart: 0x400000, samples: [[['f', 'g'], 1]] });
    const b = tiny({ mappingStart: 0x400000, samples: [[['f', 'g'], 1]], offsets: { f: 0x680 } });
    const m = mergeProfiles([{ profile: a }, { profile: b }]);
    expect(m.locations.length).toBe(3); // g, f, and f at its other address
    expect(m.functions.length).toBe(2);
    expect(m.samples.length).toBe(2);
  });

  it('drops samples that cancel, and equal stacks become one sample', () => {
    const p = tiny({ mappingStart: 0x400000, samples: [[['a', 'main'], 7], [['b', 'main'], 3]] });
    expect(compareProfiles([p], [p]).samples.length).toBe(0);
    const twice = mergeProfiles([{ profile: p }, { profile: p }]);
    expect(twice.samples.length).toBe(2);
    expect(totals(twice)).toEqual([20]);
  });

  it('combines headers: earliest time, durations added, first mapping of the first profile', () => {
    const cur = tiny({ mappingStart: 0x400000, time: 2e18, duration: 5, samples: [[['a'], 1]] });
    const base = tiny({ mappingStart: 0x400000, time: 1e18, duration: 7, samples: [[['a'], 1]] });
    const m = compareProfiles([cur], [base]);
    expect(m.timeNanos).toBe(1e18);
    expect(m.durationNanos).toBe(12);
    expect(m.strings[m.mappings.filename[0]]).toBe('/bin/app');
  });

  it('refuses profiles of different kinds, as pprof does', () => {
    const heap = decodeFixture('gzipleak.current.heap').profile;
    const goroutine = decodeFixture('gzipleak.current.goroutine').profile;
    expect(() => compareProfiles([heap], [goroutine])).toThrow(IncompatibleProfilesError);
  });
});

describe('-base, -diff_base and -normalize', () => {
  const cur = decodeFixture('bigparse.peak.heap').profile;
  const base = decodeFixture('bigparse.base.heap').profile;

  it('-base: totals are current minus base, per sample type', () => {
    const m = compareProfiles([cur], [base]);
    const want = totals(cur).map((v, t) => v - totals(base)[t]);
    expect(totals(m)).toEqual(want);
  });

  it('-diff_base: base samples stay apart (labelled pprof::base) and are the denominator', () => {
    const m = compareProfiles([cur], [base], { mode: 'diff_base' });
    const e = new TopEngine(m);
    const t = sampleIndexByName(m, 'inuse_space');
    const mask = e.diffBaseSamples()!;
    let baseTotal = 0;
    for (let i = 0; i < m.samples.length; i++) if (mask[i]) baseTotal += Math.abs(m.samples.values[i * 4 + t]);
    expect(e.total(t)).toBe(baseTotal);
    expect(baseTotal).toBe(totals(base)[t]);
    // Nothing cancels: every sample of both is still there.
    expect(m.samples.length).toBe(cur.samples.length + base.samples.length);
  });

  it('-normalize scales the current profile to the base total (pprof’s p.Normalize(pbase))', () => {
    const m = compareProfiles([cur], [base], { mode: 'diff_base', normalize: true });
    const mask = new TopEngine(m).diffBaseSamples()!;
    const sums = [0, 0, 0, 0];
    for (let i = 0; i < m.samples.length; i++) if (!mask[i]) for (let t = 0; t < 4; t++) sums[t] += m.samples.values[i * 4 + t];
    totals(base).forEach((want, t) => expect(Math.abs(sums[t] - want)).toBeLessThanOrEqual(cur.samples.length));
  });
});
