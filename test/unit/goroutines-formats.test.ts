// Goroutine clusters from the Go text formats: ?debug=1 (grouped counts,
// src/core/legacy/go-count.ts) and ?debug=2 dumps and panic tracebacks (one
// block per goroutine with state and wait minutes, goroutine-dump.ts), with
// counts checked against regexes over the fixture text and the goldens.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterGoroutines, formatCount, goroutineReport, SIMILARITY_LEVELS } from '../../src/core/goroutines';
import { decodeFixture, FIXTURES } from '../helpers/fixtures';

const golden = (name: string) => readFileSync(join(FIXTURES, 'golden', name), 'utf8');
const text = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const FLUSH = 'main.(*MemQueue).scheduleFlush.func1';
const SNAPSHOTS = ['bigparse.base', 'bigparse.peak', 'bigparse.current', 'gzipleak.base', 'gzipleak.current', 'tickerleak.base', 'tickerleak.current'];

/** ?debug=2: goroutines whose leaf frame is FLUSH, by regex on the text. */
const dumpFlush = (name: string) => (text(name).match(/^goroutine \d+ \[[^\]]*\]:\nmain\.\(\*MemQueue\)\.scheduleFlush\.func1\(/gm) ?? []).length;
/** ?debug=1: the count of the record whose first symbolized frame is FLUSH. */
const countFlush = (name: string) => {
  let n = 0;
  for (const m of text(name).matchAll(/^(\d+) @[^\n]*\n#\t0x[0-9a-f]+\tmain\.\(\*MemQueue\)\.scheduleFlush\.func1\+/gm)) n += Number(m[1]);
  return n;
};

describe('?debug=2 dumps', () => {
  const base = 'tickerleak.base.goroutine.debug2.txt';
  const current = 'tickerleak.current.goroutine.debug2.txt';

  it('the regex counts are the README story', () => {
    expect([dumpFlush(base), dumpFlush(current)]).toEqual([754, 4866]);
  });

  it('tickerleak: the scheduleFlush cluster first, a suspect parked up to 2 minutes, delta from the text', () => {
    const b = decodeFixture(base).profile;
    const c = decodeFixture(current).profile;
    const before = dumpFlush(base);
    const after = dumpFlush(current);
    for (const level of SIMILARITY_LEVELS) {
      const r = goroutineReport(c, { base: b, level });
      expect([r.base?.total, r.current.total]).toEqual([755, 4867]);
      const first = r.rows[0];
      expect(first.cluster.parkFrame?.fn).toBe(FLUSH);
      expect([first.base, first.current, first.delta]).toEqual([before, after, after - before]);
      expect(first.suspect).toBe(true);
      expect(r.suspects).toBe(1);
      expect(first.cluster.waitMinutes).toEqual({ min: 0, max: 2 });
      expect(first.cluster.createdBy?.frame.fn).toBe('main.(*MemQueue).scheduleFlush');
      expect(first.cluster.createdBy?.count).toBe(after);
      expect(first.reason).toBe(
        `+${formatCount(after - before)} goroutines (${formatCount(before)} → ${formatCount(after)}) parked in chan receive in ${FLUSH} for up to 2 minutes`,
      );
    }
  });

  it('states (with wait minutes) of the clusters add up to the header counts', () => {
    for (const snap of SNAPSHOTS) {
      const name = `${snap}.goroutine.debug2.txt`;
      for (const level of SIMILARITY_LEVELS) {
        const s = clusterGoroutines(decodeFixture(name).profile, { level });
        expect(s.stateSource).toBe('dump');
        const ours = new Map<string, number>();
        for (const c of s.clusters) {
          for (const st of c.states) {
            for (const m of st.minutes ?? []) {
              const k = m.minutes > 0 ? `${st.state}, ${m.minutes} minutes` : st.state;
              ours.set(k, (ours.get(k) ?? 0) + m.count);
            }
          }
        }
        const theirs = new Map<string, number>();
        for (const line of golden(`${snap}.goroutine.debug2.states.txt`).trim().split('\n')) {
          const m = /^\s*(\d+) (.+)$/.exec(line);
          if (!m) throw new Error(line);
          theirs.set(m[2], Number(m[1]));
        }
        expect([name, level, [...ours].sort()]).toEqual([name, level, [...theirs].sort()]);
      }
    }
  });

  it('gzipleak: no leak suspect', () => {
    const r = goroutineReport(decodeFixture('gzipleak.current.goroutine.debug2.txt').profile, {
      base: decodeFixture('gzipleak.base.goroutine.debug2.txt').profile,
    });
    expect([r.base?.total, r.current.total]).toEqual([13, 13]);
    expect(r.suspects).toBe(0);
  });

  it('a proto base and a dump current match clusters across formats', () => {
    for (const level of SIMILARITY_LEVELS) {
      const r = goroutineReport(decodeFixture(current).profile, { base: decodeFixture('tickerleak.base.goroutine').profile, level });
      expect(r.rows[0].cluster.parkFrame?.fn).toBe(FLUSH);
      expect([r.rows[0].base, r.rows[0].current]).toEqual([754, 4866]);
      expect(r.rows[0].suspect).toBe(true);
    }
  });
});

describe('?debug=1 text', () => {
  const base = 'tickerleak.base.goroutine.debug1.txt';
  const current = 'tickerleak.current.goroutine.debug1.txt';

  it('the regex counts are the README story', () => {
    expect([countFlush(base), countFlush(current)]).toEqual([754, 4866]);
  });

  it('totals equal go tool pprof\'s', () => {
    for (const snap of SNAPSHOTS) {
      const total = Number(/of (\d+) total/.exec(golden(`${snap}.goroutine.debug1.top.txt`))?.[1]);
      for (const level of SIMILARITY_LEVELS) {
        expect([snap, level, clusterGoroutines(decodeFixture(`${snap}.goroutine.debug1.txt`).profile, { level }).total]).toEqual([snap, level, total]);
      }
    }
  });

  it('tickerleak: the scheduleFlush cluster first, a suspect, delta from the text', () => {
    const b = decodeFixture(base).profile;
    const c = decodeFixture(current).profile;
    const before = countFlush(base);
    const after = countFlush(current);
    for (const level of SIMILARITY_LEVELS) {
      const r = goroutineReport(c, { base: b, level });
      const first = r.rows[0];
      expect(first.cluster.parkFrame?.fn).toBe(FLUSH);
      expect([first.base, first.current, first.delta]).toEqual([before, after, after - before]);
      expect(first.suspect).toBe(true);
      expect(r.suspects).toBe(1);
      // The text hides the runtime frames that would say on what it waits.
      expect(first.reason).toBe(`+${formatCount(after - before)} goroutines (${formatCount(before)} → ${formatCount(after)}) parked in ${FLUSH}`);
    }
  });

  it('gzipleak: no leak suspect', () => {
    const r = goroutineReport(decodeFixture('gzipleak.current.goroutine.debug1.txt').profile, {
      base: decodeFixture('gzipleak.base.goroutine.debug1.txt').profile,
    });
    expect([r.base?.total, r.current.total]).toEqual([13, 13]);
    expect(r.suspects).toBe(0);
  });

  it('a proto base and a ?debug=1 current match clusters across formats', () => {
    for (const level of SIMILARITY_LEVELS) {
      const r = goroutineReport(decodeFixture(current).profile, { base: decodeFixture('tickerleak.base.goroutine').profile, level });
      expect(r.rows[0].cluster.parkFrame?.fn).toBe(FLUSH);
      expect([r.rows[0].base, r.rows[0].current]).toEqual([754, 4866]);
      expect(r.rows[0].suspect).toBe(true);
    }
  });
});

describe('tracebacks and labels', () => {
  it('a panic with GOTRACEBACK=all: identical goroutines cluster, recursion stays a stack', () => {
    const p = decodeFixture('synthetic/panic.txt').profile;
    const blocks = text('synthetic/panic.txt').match(/^goroutine \d+ \[/gm) ?? [];
    for (const level of SIMILARITY_LEVELS) {
      const s = clusterGoroutines(p, { level });
      expect(s.total).toBe(blocks.length);
      const loop = s.clusters[0];
      expect(loop.parkFrame?.fn).toBe('main.(*Cache).loop');
      expect(loop.count).toBe(3);
      expect(loop.createdBy).toEqual({ frame: expect.objectContaining({ fn: 'main.main', line: 39 }), count: 3 });
      expect(loop.states.map((x) => x.state)).toEqual(['chan receive']);
      const pinned = s.clusters.find((c) => c.parkFrame?.fn === 'main.pinned');
      expect(pinned?.lockedToThread).toBe(1);
    }
    const descend = clusterGoroutines(p).clusters.find((c) => c.parkFrame?.fn === 'main.descend');
    expect(descend?.stack.map((f) => f.line)).toEqual([21, 23, 23, 23]);
    expect(descend?.states[0].state).toBe('select (no cases)');
  });

  it('a panic from a log: wait minutes make "parked for long" hints', () => {
    const r = goroutineReport(decodeFixture('synthetic/panic-log.txt').profile);
    const long = r.rows.filter((x) => x.parkedLong).map((x) => x.reason);
    expect(long.sort()).toEqual([
      '1 goroutine parked in chan receive in main.main for up to 3 minutes',
      '1 goroutine parked in select in main.(*Worker).run for up to 12 minutes',
    ]);
    const run = r.rows.find((x) => x.cluster.parkFrame?.line === 55)?.cluster;
    expect(run?.lockedToThread).toBe(1);
    expect(run?.createdBy?.frame.fn).toBe('main.startPool');
  });

  it('?debug=1 pprof labels stay with their clusters', () => {
    const s = clusterGoroutines(decodeFixture('synthetic/labels.goroutine.debug1.txt').profile);
    expect(s.clusters.map((c) => [c.parkFrame?.fn, c.count, c.labels])).toEqual([
      ['main.serve', 3, [{ labels: 'handler=/api/items, tenant=acme "blue"', count: 3 }]],
      ['main.poll', 2, [{ labels: 'worker=poller\t1', count: 2 }]],
      ['runtime/pprof.runtime_goroutineProfileWithLabels', 1, []],
    ]);
  });
});
