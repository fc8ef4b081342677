// Every fixture profile reads as go tool pprof reads it: the same sample
// types, the same number of samples and the same total for every type.

import { describe, expect, it } from 'vitest';
import { totals } from '../../src/core/model/profile';
import { allProfileFixtures, decodeFixture, readRawGolden } from '../helpers/fixtures';

const fixtures = allProfileFixtures();

describe('agreement with go tool pprof -raw', () => {
  it('covers every fixture but the goroutine dumps pprof cannot read (?debug=2, panics)', () => {
    const without = fixtures.filter((f) => !readRawGolden(f));
    expect(without.every((f) => /\.debug2\.txt$|^synthetic\/panic[\w-]*\.txt$/.test(f))).toBe(true);
    expect(fixtures.length - without.length).toBeGreaterThanOrEqual(50);
  });

  for (const fixture of fixtures) {
    const golden = readRawGolden(fixture);
    if (!golden) continue;
    it(fixture, () => {
      const { profile } = decodeFixture(fixture);
      const s = profile.strings;
      expect(profile.sampleTypes.map((t) => ({ type: s[t.type], unit: s[t.unit] }))).toEqual(golden.sampleTypes);
      expect(profile.samples.length).toBe(golden.samples);
      expect(totals(profile)).toEqual(golden.totals);
      if (golden.defaultSampleType) expect(s[profile.defaultSampleType]).toBe(golden.defaultSampleType);
    });
  }
});
