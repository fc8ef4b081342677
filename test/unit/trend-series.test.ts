// The trend beyond the report's rows: goroutine clusters across the six
// leakspike goroutine profiles (proto and ?debug=1), what the page's trend
// view is sent (numbers as printed, pages, search), and that reading each
// snapshot unmerged (ReportEngines.alone) gives the rows the merged
// profiles give (docs/decisions/0018).

import { describe, expect, it } from 'vitest';
import { formatValue } from '../../src/core/format';
import type { Profile } from '../../src/core/model';
import { ReportEngine, ReportEngines } from '../../src/core/report';
import { goroutineTrend, TrendViews, trendReport } from '../../src/core/trend';
import { allProfileFixtures, decodeFixture } from '../helpers/fixtures';

const leakspike = (suffix: string) => [1, 2, 3, 4, 5, 6].map((n) => `leakspike.s0${n}.${suffix}`);
const series = (names: string[]) => names.map((n) => decodeFixture(n).profile);
const PARKED = 'chan receive in main.(*ackWaiter).wait';

/** The engines as before decision 0018: each snapshot merged as one source. */
class MergedEngines extends ReportEngines {
  alone(p: Profile): ReportEngine {
    return this.engine(p, null, 'current');
  }
}

describe('goroutine trend', () => {
  it('ranks the parked cluster first as grew, 200 more goroutines a snapshot, from proto and ?debug=1 alike', () => {
    for (const suffix of ['goroutine', 'goroutine.debug1.txt']) {
      const names = leakspike(suffix);
      const r = goroutineTrend(series(names), { names });
      expect(r.snapshots.map((s) => s.total)).toEqual([201, 401, 601, 801, 1001, 1201]);
      expect(r.rows[0]).toMatchObject({ fn: 'main.(*ackWaiter).wait', shape: 'grew', values: [200, 400, 600, 800, 1000, 1200], growth: 1000 });
      // The state: the proto's stack says which wait; the ?debug=1 text's frames only that it is parked.
      expect(r.rows[0].name).toBe(suffix === 'goroutine' ? PARKED : 'parked in main.(*ackWaiter).wait');
      expect(r.rows.filter((row) => row.shape === 'grew')).toHaveLength(1);
      // Every snapshot's goroutines are in some row.
      for (let k = 0; k < 6; k++) expect(r.rows.reduce((a, row) => a + row.values[k], 0)).toBe(r.snapshots[k].total);
    }
  });

  it('orders the snapshots by their times whatever the order given', () => {
    const names = leakspike('goroutine').reverse();
    const r = goroutineTrend(series(names), { names });
    expect(r.timed).toBe(true);
    expect(r.snapshots.map((s) => s.name)).toEqual(leakspike('goroutine'));
    expect(r.rows[0].perMinute).toBeGreaterThan(0);
  });
});

describe('trend view', () => {
  it('sends the numbers as printed, a page at a time, and searches names', () => {
    const names = leakspike('heap');
    const profiles = series(names);
    const views = new TrendViews();
    const all = views.report(profiles, names, {});
    const r = trendReport(profiles, {}, { names });
    expect(all.rows.map((row) => row.name)).toEqual(r.rows.map((row) => row.name));
    const first = all.rows[0];
    expect(first).toMatchObject({ name: 'main.(*traceIndex).remember', label: 'grew', change: '+7.87MB', gate: true });
    expect(first.valueTexts).toEqual(first.values.map((v) => formatValue(v, 'bytes', 'MB')));
    expect(first.slope).toMatch(/^\+\d+(\.\d+)?MB\/min$/);
    const spike = all.rows.find((row) => row.name === 'main.parseRow')!;
    expect(spike).toMatchObject({ label: 'peak@#3', change: '+24.30MB', gate: false, at: 2 });
    expect(all.shapes.grew + all.shapes.peak + all.shapes.flat + all.shapes.mixed + all.shapes.dip + all.shapes.shrank).toBe(all.rowsTotal);

    const page = views.report(profiles, names, { offset: 1, limit: 2 });
    expect(page.rows.map((row) => row.name)).toEqual(all.rows.slice(1, 3).map((row) => row.name));
    expect(page.matched).toBe(all.rowsTotal);
    const found = views.report(profiles, names, { search: 'PARSE' });
    expect(found.rows.map((row) => row.name).sort()).toEqual(['main.parseRow', 'main.parseSheet']);
    expect(found.matched).toBe(2);
  });

  it('goroutine clusters: counts as printed, frames searchable', () => {
    const names = leakspike('goroutine');
    const v = new TrendViews().goroutines(series(names), names, { level: 'lines', search: 'ackwaiter' });
    expect(v.what).toBe('goroutines');
    expect(v.rows[0]).toMatchObject({ name: PARKED, valueTexts: ['200', '400', '600', '800', '1,000', '1,200'], change: '+1,000' });
    expect(v.rows[0].frames?.some((f) => f.startsWith('main.(*ackWaiter).wait '))).toBe(true);
  });
});

describe('each snapshot read unmerged (decision 0018)', () => {
  it('gives the rows of the merged profiles on every fixture, granularity and attribution', () => {
    let compared = 0;
    for (const f of allProfileFixtures()) {
      let p: Profile;
      try {
        p = decodeFixture(f).profile;
      } catch {
        continue; // not a profile (the fixtures of bad input)
      }
      for (const granularity of ['functions', 'addresses'] as const) {
        for (const extra of [{}, { blame: true, cum: true }]) {
          const q = { granularity, nodeFraction: 0, ...extra };
          let merged;
          try {
            merged = trendReport([p, p], q, { engines: new MergedEngines((x) => new ReportEngine(x)) });
          } catch {
            continue; // a query this profile refuses (no such sample type…), refused either way
          }
          const alone = trendReport([p, p], q);
          expect(alone.rows, `${f} ${JSON.stringify(q)}`).toEqual(merged.rows);
          expect(alone.snapshots.map((s) => s.total)).toEqual(merged.snapshots.map((s) => s.total));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(300);
  }, 300_000);
});
