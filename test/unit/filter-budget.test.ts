// A pattern that backtracks (JavaScript's engine, unlike Go's RE2) over many
// names stops at the time budget with an error naming the pattern; a sane one
// over the same names does not.

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

describe('regexp time budget', () => {
  const p = manyNames(4000, 18);

  it('stops a backtracking focus pattern with an error that names it', () => {
    const started = Date.now();
    let err: unknown;
    try {
      buildFocusView(p, { focus: '(a+)+$', regexpBudgetMs: 100 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FilterError);
    expect((err as Error).message).toMatch(/^focus regexp took over 0\.1 s on this profile's names and was stopped: `\(a\+\)\+\$` backtracks/);
    // Stopped near the budget, not after matching every name (seconds).
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('lets a linear pattern through over the same names', () => {
    const v = buildFocusView(p, { focus: 'a+!$', regexpBudgetMs: 100 });
    expect(v).toBeTruthy();
  });
});
