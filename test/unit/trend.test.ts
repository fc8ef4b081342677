// The trend (core/trend) on real series: bigparse's spike is a peak, and
// leakspike's steady leak ranks first under its 24 MB spike, from the proto
// files and from the ?debug=1 texts; then the shapes on hand-made values.

import { describe, expect, it } from 'vitest';
import { classify, noiseThresholds, snapshotOrder, steadyGrowth, steps, trendReport, type TrendResult } from '../../src/core/trend';
import { decodeFixture } from '../helpers/fixtures';

const MiB = 1024 * 1024;
const LEAK = 'main.(*traceIndex).remember';
const SPIKE = 'main.parseRow';
const CACHE = 'main.(*sessionCache).refresh';

const series = (files: string[]) => files.map((f) => decodeFixture(f).profile);
const leakspike = (suffix: string) => [1, 2, 3, 4, 5, 6].map((n) => `leakspike.s0${n}.${suffix}`);
const row = (r: TrendResult, name: string) => r.rows.find((x) => x.name === name);

describe('trend on bigparse (base, peak, current)', () => {
  const files = ['base', 'peak', 'current'].map((s) => `bigparse.${s}.heap`);

  it(`marks ${SPIKE} as a peak at the peak snapshot, not a leak`, () => {
    const r = trendReport(series(files), {}, { names: files });
    const spike = row(r, SPIKE)!;
    expect(spike).toMatchObject({ shape: 'peak', at: 1, rose: 1, fell: 1 });
    expect(spike.height).toBe(spike.values[1]);
    expect(spike.values[1]).toBeGreaterThan(9 * MiB);
    expect(r.rows[0].name).toBe(SPIKE);
    expect(r.rows.some((x) => x.shape === 'grew')).toBe(false);
    expect(steadyGrowth(r)).toEqual([]);
  });

  it('orders the snapshots by their times, whatever the order given', () => {
    const shuffled = [files[2], files[0], files[1]];
    const r = trendReport(series(shuffled), {}, { names: shuffled });
    expect(r.timed).toBe(true);
    expect(r.snapshots.map((s) => s.name)).toEqual(files);
    expect(r.snapshots.map((s) => s.input)).toEqual([1, 2, 0]);
    expect(row(r, SPIKE)).toMatchObject({ shape: 'peak', at: 1 });
  });
});

describe('trend on leakspike (six snapshots: a steady leak under a one-shot spike)', () => {
  for (const suffix of ['heap', 'heap.debug1.txt']) {
    describe(suffix, () => {
      const files = leakspike(suffix);
      const r = trendReport(series(files), { sampleType: 'inuse_space' }, { names: files });

      it(`ranks the leak first as grew, with its growth and the spike as a peak at s03`, () => {
        expect(r.rows[0]).toMatchObject({ name: LEAK, shape: 'grew', rose: 5, fell: 0 });
        expect(r.rows[0].growth).toBeGreaterThan(7.5 * MiB);
        expect(r.rows[0].growth).toBeLessThan(8.5 * MiB);
        const spike = row(r, SPIKE)!;
        expect(spike).toMatchObject({ shape: 'peak', at: 2 });
        expect(spike.height).toBeGreaterThan(20 * MiB);
        // Every grew row comes before every peak, whatever the heights.
        const firstPeak = r.rows.findIndex((x) => x.shape === 'peak');
        expect(r.rows.slice(0, firstPeak).every((x) => x.shape === 'grew')).toBe(true);
        expect(r.rows.slice(firstPeak).some((x) => x.shape === 'grew')).toBe(false);
      });

      it('keeps the flat cache flat, and the values per snapshot as the table has them', () => {
        const cache = row(r, CACHE)!;
        expect(cache.shape).toBe('flat');
        expect(new Set(cache.values).size).toBe(1);
        const leak = row(r, LEAK)!;
        expect(leak.values).toEqual(leak.flat);
        for (let i = 1; i < 6; i++) expect(leak.values[i]).toBeGreaterThan(leak.values[i - 1]);
      });

      it('gates on the leak (grew by more than 1 % of the last total)', () => {
        expect(steadyGrowth(r).map((x) => x.name)).toContain(LEAK);
        expect(steadyGrowth(r)[0].name).toBe(LEAK);
      });
    });
  }

  it('gives a slope per minute only when the snapshots have times', () => {
    const proto = trendReport(series(leakspike('heap')), {});
    const text = trendReport(series(leakspike('heap.debug1.txt')), {});
    const span = (proto.snapshots[5].timeNanos! - proto.snapshots[0].timeNanos!) / 60e9;
    expect(proto.rows[0].perMinute).toBeCloseTo(proto.rows[0].growth / span, 6);
    expect(text.timed).toBe(false);
    expect(text.rows[0].perMinute).toBeNull();
  });

  it('ranks on cum with -cum, and takes the filters and the granularity of the table', async () => {

    const profiles = series(leakspike('heap'));
    const cum = trendReport(profiles, { cum: true });
    expect(cum.by).toBe('cum');
    expect(row(cum, 'main.parseSheet')).toMatchObject({ shape: 'peak', at: 2 });
    // parseSheet's cum holds the spike; its flat only the row slice.
    expect(row(cum, 'main.parseSheet')!.height).toBeGreaterThan(20 * MiB);
    const focused = trendReport(profiles, { focus: 'parseSheet' });
    expect(focused.rows.map((x) => x.shape)).not.toContain('grew');
    expect(row(focused, LEAK)).toBeUndefined();
    // By file, the leak and the spike share main.go: it rose, then fell, then rose again.
    const files = trendReport(profiles, { granularity: 'files' });
    expect(files.rows.map((x) => `${x.name} ${x.shape}`)).toEqual(['runtime/proc.go grew', 'heapdiff/test/gen/leakspike/main.go mixed']);
    expect(() => trendReport(profiles, { focus: '(?=x)' })).toThrow(/focus/);
  });

  it('keeps the first -nodecount rows and counts the rest as dropped', () => {
    const all = trendReport(series(leakspike('heap')), { nodeFraction: 0 });
    const two = trendReport(series(leakspike('heap')), { nodeFraction: 0, nodeCount: 2 });
    expect(two.rows).toEqual(all.rows.slice(0, 2));
    expect(two.droppedRows).toBe(all.droppedRows + all.rows.length - 2);
  });

  it('refuses one snapshot, or snapshots of different kinds', () => {
    expect(() => trendReport(series(['leakspike.s01.heap']), {})).toThrow(/two snapshots or more/);
    expect(() => trendReport(series(['leakspike.s01.heap', 'leakspike.s01.goroutine']), {})).toThrow(/not a snapshot of the same kind/);
  });
});

describe('shapes', () => {
  const shape = (values: number[], noise = 0) => classify(values, steps(values, new Float64Array(values.length - 1).fill(noise)));

  it('grew and shrank need every interval', () => {
    expect(shape([1, 2, 3])).toEqual({ shape: 'grew', rose: 2, fell: 0 });
    expect(shape([3, 2, 1])).toEqual({ shape: 'shrank', rose: 0, fell: 2 });
    // A staircase (rose, held, rose) did not rise in every interval.
    expect(shape([1, 2, 2, 3]).shape).toBe('mixed');
    expect(shape([3, 2, 2, 1]).shape).toBe('mixed');
  });

  it('peak and dip turn once, with plateaus anywhere, at their extreme snapshot', () => {
    expect(shape([0, 0, 24, 0, 0])).toEqual({ shape: 'peak', rose: 1, fell: 1, at: 2 });
    expect(shape([0, 5, 9, 9, 1])).toEqual({ shape: 'peak', rose: 2, fell: 1, at: 2 });
    expect(shape([5, 1, 1, 7])).toEqual({ shape: 'dip', rose: 1, fell: 1, at: 1 });
    // Two turns: neither.
    expect(shape([0, 5, 0, 5]).shape).toBe('mixed');
    expect(shape([5, 0, 5, 0]).shape).toBe('mixed');
  });

  it('flat: nothing moved beyond the noise; two snapshots are one interval', () => {
    expect(shape([4, 4, 4])).toEqual({ shape: 'flat', rose: 0, fell: 0 });
    expect(shape([4, 4.5, 4, 4.4], 1)).toEqual({ shape: 'flat', rose: 0, fell: 0 });
    expect(shape([1, 2])).toMatchObject({ shape: 'grew' });
    expect(shape([2, 1])).toMatchObject({ shape: 'shrank' });
    expect(shape([2, 2])).toMatchObject({ shape: 'flat' });
  });

  it('noise: a change must exceed the threshold to count, in either direction', () => {
    expect(Array.from(steps([10, 11, 12.5, 11.5, 9], [1, 1, 1, 1]))).toEqual([0, 1, 0, -1]);
    // Within the noise the leak is flat; above it, it grew.
    expect(shape([10, 10.5, 11], 0.5).shape).toBe('flat');
    expect(shape([10, 10.6, 11.2], 0.5).shape).toBe('grew');
    // Negative values (a diff's rows) move the same way.
    expect(shape([-5, -3, -1]).shape).toBe('grew');
  });

  it('the thresholds follow the larger total of each interval', () => {
    expect(Array.from(noiseThresholds([1000, 30000, 2000], 0.001))).toEqual([30, 30]);
    expect(Array.from(noiseThresholds([-1000, 500], 0.01))).toEqual([10]);
  });

  it('orders by time only when every profile has one', () => {
    const p = (timeNanos: number) => ({ timeNanos }) as never;
    expect(snapshotOrder([p(3), p(1), p(2)])).toEqual({ order: [1, 2, 0], timed: true });
    expect(snapshotOrder([p(3), p(0), p(2)])).toEqual({ order: [0, 1, 2], timed: false });
    expect(snapshotOrder([p(2), p(2), p(1)])).toEqual({ order: [2, 0, 1], timed: true });
  });
});
