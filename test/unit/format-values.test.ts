// Values labelled as go tool pprof labels them, checked against its goldens.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { totalLabels } from '../../src/core/format/totals';
import { formatValue, goFixed2, minimumUnit, scaleValue } from '../../src/core/format/values';
import { FIXTURES, decodeFixture } from '../helpers/fixtures';

describe('formatValue', () => {
  const cases: [number, string, string, string][] = [
    [11693571, 'bytes', 'kB', '11419.50kB'],
    [103062173, 'bytes', 'auto', '98.29MB'],
    [1048576, 'bytes', 'auto', '1MB'],
    [1023, 'bytes', 'auto', '1023B'],
    [34048, 'count', 'auto', '34048'],
    [34048, 'count', 'count', '34048'],
    [0, 'bytes', 'auto', '0'],
    [1, 'bytes', 'MB', '0'],
    [-2097152, 'bytes', 'auto', '-2MB'],
    [1500000, 'nanoseconds', 'auto', '1.50ms'],
    [4e9, 'nanoseconds', 'auto', '4s'],
    [7200e9, 'nanoseconds', 'auto', '2hrs'],
    [12, 'widgets', 'auto', '12'],
    [12, 'widgets', 'widgets', '12widgets'],
  ];
  for (const [v, from, to, want] of cases) {
    it(`${v} ${from} → ${to} is ${want}`, () => expect(formatValue(v, from, to)).toBe(want));
  }

  it('rounds exact ties to even like Go', () => {
    expect(goFixed2(1.125)).toBe('1.12');
    expect(goFixed2(1.375)).toBe('1.38');
    expect(goFixed2(-0.625)).toBe('-0.62');
    expect(goFixed2(2.5)).toBe('2.50');
    expect(goFixed2(0.1)).toBe('0.10');
    expect(formatValue(1152, 'bytes')).toBe('1.12kB');
  });

  it('scales to a named unit', () => {
    expect(scaleValue(3 * 2 ** 30, 'bytes', 'MB')).toEqual({ value: 3072, unit: 'MB' });
    expect(scaleValue(5, 'count', 'auto')).toEqual({ value: 5, unit: '' });
  });
});

describe('minimumUnit', () => {
  it('keeps the unit of the smallest value unless it is under a hundredth of the total', () => {
    expect(minimumUnit(524296, 11693571, 'bytes')).toBe('kB'); // 512kB × 100 > 11MB
    expect(minimumUnit(524296, 103062173, 'bytes')).toBe('MB'); // 512kB × 100 < 98MB
    expect(minimumUnit(16, 486912, 'bytes')).toBe('kB');
    expect(minimumUnit(0, 34048, 'count')).toBe('count');
  });
});

describe('totalLabels', () => {
  // The "of … total" figure of each `go tool pprof -top` golden (default sample type).
  const goldens = ['gzipleak.base.heap', 'gzipleak.current.heap', 'tickerleak.base.heap', 'tickerleak.current.heap', 'bigparse.base.heap', 'bigparse.current.heap', 'bigparse.peak.heap'];
  for (const name of goldens) {
    it(`${name} reads as in its -top golden`, () => {
      const top = readFileSync(join(FIXTURES, 'golden', `${name}.top.txt`), 'utf8');
      const want = /of (\S+) total/.exec(top)?.[1];
      const labels = totalLabels(decodeFixture(name).profile);
      expect(labels.find((l) => l.type === 'inuse_space')?.label).toBe(want);
    });
  }

  it('prints counts plain', () => {
    const labels = totalLabels(decodeFixture('gzipleak.base.heap').profile);
    expect(labels.find((l) => l.type === 'inuse_objects')?.label).toMatch(/^\d+$/);
  });
});
