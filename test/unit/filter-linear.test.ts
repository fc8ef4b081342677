// Filters match with RE2 (re2js), in time linear in the names: a pattern
// that makes a backtracking engine try 2^n ways on each name (`(a+)+$`)
// answers at once, as Go's regexp does, over many names and over one
// 100 kB name.

import { Profile as PprofProfile, StringTable } from 'pprof-format';
import { describe, expect, it } from 'vitest';
import { decodeProfile } from '../../src/core/decode';
import { buildFocusView, FilterError } from '../../src/core/filter';
import { runSync } from '../../src/core/progress';

/** n functions named "pkg.aaaa…a!" (k a's), one sample each. */
function manyNames(n: number, k: number) {
  const st = new StringTable();
  const s = (x: string) => st.dedup(x);
  const functions = [];
  const locations = [];
  const samples = [];
  for (let i = 1; i <= n; i++) {
    functions.push({ id: i, name: s(`pkg${i}.${'a'.repeat(k)}!`), systemName: 0, filename: s(`f${i}.go`) });
    locations.push({ id: i, line: [{ functionId: i, line: 1 }] });
    samples.push({ locationId: [i], value: [1] });
  }
  const bytes = new PprofProfile({ sampleType: [{ type: s('space'), unit: s('bytes') }], sample: samples, location: locations, function: functions, stringTable: st }).encode();
  return runSync(decodeProfile(bytes)).profile;
}

describe('regexps in linear time', () => {
  it('answers a nested repetition over many names at once, with what Go answers', () => {
    const p = manyNames(4000, 18);
    const started = Date.now();
    const v = buildFocusView(p, { focus: '(a+)+$' });
    // Every name ends with "!": nothing matches, and the filter says so.
    expect(v.warnings).toEqual(['Focus expression matched no samples']);
    expect(v.focusClass.every((c) => c === 0)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('answers it over a 100 kB name', () => {
    const p = manyNames(1, 100_000);
    const started = Date.now();
    expect(buildFocusView(p, { focus: '(a+)+$' }).warnings).toEqual(['Focus expression matched no samples']);
    expect(buildFocusView(p, { focus: '(a+)+!$' }).warnings).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("refuses what Go refuses, with Go's message", () => {
    expect(() => buildFocusView(manyNames(1, 1), { focus: '(a)\\1' })).toThrow(FilterError);
    expect(() => buildFocusView(manyNames(1, 1), { focus: '(a)\\1' })).toThrow(/^parsing focus regexp: error parsing regexp: invalid escape sequence: `\\1`/);
  });
});
