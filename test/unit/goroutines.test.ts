// Goroutine clusters and the goroutine diff against the real fixtures and
// go tool pprof's goldens (proto profiles), plus small hand-built profiles
// for the leak rule's edges.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  clusterGoroutines,
  diffSnapshots,
  formatCount,
  formatGoroutineReport,
  frameKindOf,
  goPackage,
  goroutineReport,
  LEAK_CRITERIA,
  SIMILARITY_LEVELS,
  type GoroutineSnapshot,
} from '../../src/core/goroutines';
import { inferState } from '../../src/core/goroutines/states';
import { ProfileBuilder } from '../../src/core/model/builder';
import { NONE, type Profile } from '../../src/core/model/profile';
import { decodeFixture, FIXTURES } from '../helpers/fixtures';

const golden = (name: string) => readFileSync(join(FIXTURES, 'golden', name), 'utf8');
const fixtureText = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** "of N total" of a go tool pprof -top golden. */
function goldenTotal(name: string): number {
  const m = /of (-?\d+) total/.exec(golden(name));
  if (!m) throw new Error(`${name}: no total`);
  return Number(m[1]);
}

/** Blocks of go tool pprof -traces: count and frames (leaf first, " (inline)" kept). */
function goldenTraces(name: string): { count: number; frames: string[] }[] {
  const out: { count: number; frames: string[] }[] = [];
  for (const block of golden(name).split(/^-+\+-+$/m).slice(1)) {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) continue;
    const m = /^\s*(\d+)\s+(.*)$/.exec(lines[0]);
    if (!m) throw new Error(`${name}: bad block ${lines[0]}`);
    out.push({ count: Number(m[1]), frames: [m[2].trim(), ...lines.slice(1).map((l) => l.trim())] });
  }
  return out;
}

/** Goroutines of a ?debug=2 dump whose leaf frame is `fn`, counted with a regex on the text. */
function dumpCount(name: string, fn: string): number {
  const esc = fn.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return (fixtureText(name).match(new RegExp(`^goroutine \\d+ \\[[^\\]]*\\]:\\n${esc}\\(`, 'gm')) ?? []).length;
}

const PROTO_SNAPSHOTS = [
  'bigparse.base', 'bigparse.peak', 'bigparse.current',
  'gzipleak.base', 'gzipleak.current',
  'tickerleak.base', 'tickerleak.current',
];
const FLUSH = 'main.(*MemQueue).scheduleFlush.func1';

describe('goroutine totals agree with go tool pprof (proto)', () => {
  for (const snap of PROTO_SNAPSHOTS) {
    it(`${snap}: total and -traces blocks`, () => {
      const { profile } = decodeFixture(`${snap}.goroutine`);
      for (const level of SIMILARITY_LEVELS) {
        const s = clusterGoroutines(profile, { level });
        expect(s.total).toBe(goldenTotal(`${snap}.goroutine.top.txt`));
        expect(s.clusters.reduce((a, c) => a + c.count, 0)).toBe(s.total);
        for (const c of s.clusters) expect(c.states.reduce((a, x) => a + x.count, 0)).toBe(c.count);
      }
      // At `lines`, clusters are pprof's traces: the same stacks with the same counts.
      const lines = clusterGoroutines(profile, { level: 'lines' });
      const ours = lines.clusters.map((c) => `${c.count} ${c.stack.map((f) => f.fn + (f.inline ? ' (inline)' : '')).join(' < ')}`);
      const theirs = goldenTraces(`${snap}.goroutine.traces.txt`).map((t) => `${t.count} ${t.frames.join(' < ')}`);
      expect(ours.sort()).toEqual(theirs.sort());
    });
  }
});

describe('tickerleak base → current (proto)', () => {
  const base = decodeFixture('tickerleak.base.goroutine').profile;
  const current = decodeFixture('tickerleak.current.goroutine').profile;
  // Independently: the ?debug=2 dumps of the same moments, counted by regex.
  const before = dumpCount('tickerleak.base.goroutine.debug2.txt', FLUSH);
  const after = dumpCount('tickerleak.current.goroutine.debug2.txt', FLUSH);

  it('the dumps tell the story the README tells', () => {
    expect([before, after]).toEqual([754, 4866]);
    // go tool pprof -base: the whole diff is that stack.
    expect(golden('tickerleak.base-current.goroutine.top.txt')).toMatch(new RegExp(`^\\s+${after - before}\\s.*runtime\\.gopark$`, 'm'));
  });

  for (const level of SIMILARITY_LEVELS) {
    it(`level ${level}: the scheduleFlush cluster comes first, is the one suspect, delta = ${after - before}`, () => {
      const r = goroutineReport(current, { base, level });
      expect(r.base?.total).toBe(755);
      expect(r.current.total).toBe(4867);
      const first = r.rows[0];
      expect(first.cluster.parkFrame?.fn).toBe(FLUSH);
      expect(first.cluster.parkFrame?.file).toBe('./main.go');
      expect(first.cluster.parkFrame?.line).toBe(82);
      expect([first.base, first.current, first.delta]).toEqual([before, after, after - before]);
      expect(first.suspect).toBe(true);
      expect(r.suspects).toBe(1);
      expect(first.cluster.states).toEqual([{ state: 'chan receive', category: 'chan receive', count: after }]);
      expect(first.reason).toBe(
        `+${formatCount(after - before)} goroutines (${formatCount(before)} → ${formatCount(after)}) parked in chan receive in ${FLUSH}`,
      );
      // The stack keeps the runtime frames, marked, for the view to fold.
      expect(first.cluster.stack.map((f) => `${f.fn}:${f.kind}`)).toEqual([
        'runtime.gopark:runtime', 'runtime.chanrecv:runtime', 'runtime.chanrecv1:runtime', `${FLUSH}:user`,
      ]);
      expect(r.rows.filter((x) => x.suspect)).toEqual([first]);
    });
  }

  it('levels merge what they should: the profile writer moved lines between snapshots', () => {
    // main.snapshot called from main.go:194 at base, :206 at current.
    const byLines = goroutineReport(current, { base, level: 'lines' });
    expect(byLines.rows.map((r) => r.delta)).toEqual([4112, 1, -1]);
    const byFunctions = goroutineReport(current, { base, level: 'functions' });
    expect(byFunctions.rows.map((r) => r.delta)).toEqual([4112, 0]);
    expect(byFunctions.rows[1].cluster.states[0].state).toBe('running');
    const byParked = goroutineReport(current, { base, level: 'parked' });
    expect(byParked.rows[0].key).toBe(`${FLUSH} ./main.go:82 [parked]`);
    expect(byParked.rows.map((r) => r.delta)).toEqual([4112, 0]);
  });

  it('keys do not depend on the string table', () => {
    const a = clusterGoroutines(current, { level: 'lines' });
    const shuffled = shuffleStrings(current);
    const b = clusterGoroutines(shuffled, { level: 'lines' });
    expect(b.clusters.map((c) => c.key)).toEqual(a.clusters.map((c) => c.key));
    const d = diffSnapshots(a, b);
    expect(d.rows.every((r) => r.delta === 0)).toBe(true);
  });

  it('one snapshot: ranked by count, no suspects without a base', () => {
    const r = goroutineReport(current);
    expect(r.mode).toBe('single');
    expect(r.rows.map((x) => x.current)).toEqual([4866, 1]);
    expect(r.suspects).toBe(0);
    expect(r.rows[0].reason).toBe(`4,866 goroutines parked in chan receive in ${FLUSH}`);
    // No wait times in a proto: nothing is known to be parked for long.
    expect(r.rows[0].parkedLong).toBe(false);
  });

  it('text report', () => {
    const text = formatGoroutineReport(goroutineReport(current, { base, level: 'lines' }));
    const lines = text.split('\n');
    expect(lines[0]).toBe('Goroutines: 755 → 4,867 (+4,112), 2 clusters → 2 clusters, clustered by lines');
    expect(lines[1]).toMatch(/^1 leak suspect \(grew by ≥ max\(10, 50% of base\)/);
    const row = lines.findIndex((l) => /^\s+\+4,112\s+754\s+4,866\s+chan receive 4,866\s+LEAK SUSPECT$/.test(l));
    expect(row).toBeGreaterThan(0);
    expect(lines[row + 1].trim()).toBe(`+4,112 goroutines (754 → 4,866) parked in chan receive in ${FLUSH}`);
    expect(lines[row + 2].trim()).toBe('… 3 runtime frames');
    expect(lines[row + 3].trim()).toBe(`${FLUSH}  ./main.go:82  <- parked here`);
    // The suspect comes before the others, and only it is flagged.
    expect(text.match(/LEAK SUSPECT/g)).toHaveLength(1);
    expect(text.indexOf('LEAK SUSPECT')).toBeLessThan(text.indexOf('runtime/pprof.writeRuntimeProfile'));
    const withRuntime = formatGoroutineReport(goroutineReport(current, { base }), { runtime: true, limit: 1 });
    expect(withRuntime).toMatch(/runtime\.gopark\s+\S+\s+\[runtime\]/);
    expect(withRuntime).toContain('… 2 more clusters (limit 1).');
  });
});

describe('gzipleak: the goroutines do not change', () => {
  const base = decodeFixture('gzipleak.base.goroutine').profile;
  const current = decodeFixture('gzipleak.current.goroutine').profile;
  for (const level of SIMILARITY_LEVELS) {
    it(`level ${level}: 13 → 13, no leak suspect`, () => {
      const r = goroutineReport(current, { base, level });
      expect([r.base?.total, r.current.total]).toEqual([13, 13]);
      expect(r.suspects).toBe(0);
      expect(Math.max(...r.rows.map((x) => Math.abs(x.delta)))).toBeLessThanOrEqual(1);
      expect(formatGoroutineReport(r).split('\n')[1]).toBe('No leak suspect.');
    });
  }

  it('states read off proto stacks agree with the ?debug=2 headers of the same moment', () => {
    // gzipleak.base's dump was written a moment after its proto, while a
    // persistConn.writeLoop was in a write(2): [syscall] there, select in the proto.
    for (const snap of PROTO_SNAPSHOTS.filter((s) => s !== 'gzipleak.base')) {
      const s = clusterGoroutines(decodeFixture(`${snap}.goroutine`).profile);
      const ours = new Map<string, number>();
      for (const c of s.clusters) for (const x of c.states) ours.set(bucket(x.state), (ours.get(bucket(x.state)) ?? 0) + x.count);
      const theirs = new Map<string, number>();
      for (const line of golden(`${snap}.goroutine.debug2.states.txt`).trim().split('\n')) {
        const m = /^\s*(\d+) ([^,]+)/.exec(line);
        if (!m) throw new Error(line);
        theirs.set(bucket(m[2]), (theirs.get(bucket(m[2])) ?? 0) + Number(m[1]));
      }
      expect([snap, [...ours].sort()]).toEqual([snap, [...theirs].sort()]);
    }
    // A goroutine in syscall.Syscall prints [syscall] or, once back, [runnable]:
    // the stack cannot tell them apart.
    function bucket(state: string): string {
      return state === 'runnable' || state === 'syscall' ? 'syscall|runnable' : state;
    }
  });

  it('stdlib-only goroutines are named by their entry function', () => {
    const s = goroutineReport(current);
    const reasons = s.rows.map((r) => r.reason);
    expect(reasons).toContain('3 goroutines in IO wait in internal/poll.runtime_pollWait (goroutine of net/http.(*persistConn).readLoop)');
    expect(reasons).toContain('3 goroutines parked in select in net/http.(*persistConn).writeLoop');
    expect(reasons).toContain('1 goroutine parked in select in net/http.(*persistConn).roundTrip (called from main.download)');
  });
});

// ---------------------------------------------------------------------------
// Hand-built profiles: a tiny DSL, one goroutine group per line:
//   "<count> [{k=v, …}] [[<state>[, <n> minutes][, locked to thread]]] <frame> < <frame> < …"
// leaf first; a frame is fn@file:line, or 0x<address> for an unsymbolized one;
// {…} are pprof string labels.
// With `dump`, one sample per goroutine and a GoroutineTable (like ?debug=2).

function build(spec: string, dump = false, format: Profile['format'] = dump ? 'goroutine-dump' : 'proto'): Profile {
  const b = new ProfileBuilder(format);
  b.sampleTypes = [{ type: b.intern('goroutine'), unit: b.intern('count') }];
  const fns = new Map<string, number>();
  const locs = new Map<string, number>();
  const location = (frame: string): number => {
    let l = locs.get(frame);
    if (l !== undefined) return l;
    if (frame.startsWith('0x')) {
      l = b.beginLocation(locs.size + 1, NONE, Number(frame), false);
      locs.set(frame, l);
      return l;
    }
    const m = /^(.+)@(.+):(\d+)$/.exec(frame);
    if (!m) throw new Error(`bad frame ${frame}`);
    let f = fns.get(m[1] + m[2]);
    if (f === undefined) fns.set(m[1] + m[2], (f = b.addFunction(fns.size + 1, b.intern(m[1]), b.intern(m[1]), b.intern(m[2]), 0)));
    l = b.beginLocation(locs.size + 1, NONE, 0x1000 + locs.size, false);
    b.addLine(f, Number(m[3]));
    locs.set(frame, l);
    return l;
  };
  const state: number[] = [];
  const wait: number[] = [];
  const locked: number[] = [];
  for (const line of spec.trim().split('\n')) {
    const m = /^\s*(\d+)\s+(?:\{([^}]*)\}\s+)?(?:\[([^\],]+)(?:, (\d+) minutes)?(, locked to thread)?\]\s+)?(.+)$/.exec(line);
    if (!m) throw new Error(`bad line ${line}`);
    const stack = b.internStack(m[6].split(' < ').map((f) => location(f.trim())));
    const n = Number(m[1]);
    const labels = () => {
      for (const kv of m[2]?.split(', ') ?? []) {
        const [k, v] = kv.split('=');
        b.addLabel(b.intern(k), b.intern(v), 0, 0, false);
      }
    };
    if (!dump) {
      labels();
      b.addSample(stack, [n]);
      continue;
    }
    for (let i = 0; i < n; i++) {
      labels();
      b.addSample(stack, [1]);
      state.push(b.intern(m[3] ?? 'running'));
      wait.push(Number(m[4] ?? 0));
      locked.push(m[5] ? 1 : 0);
    }
  }
  if (dump) {
    const n = state.length;
    b.goroutines = {
      length: n,
      goid: Float64Array.from({ length: n }, (_, i) => i + 1),
      state: Int32Array.from(state),
      waitMinutes: Float64Array.from(wait),
      lockedToThread: Uint8Array.from(locked),
      createdBy: new Int32Array(n).fill(NONE),
      createdByGoid: new Float64Array(n).fill(-1),
      argStart: new Int32Array(n),
      frameArgs: new Int32Array(0),
    };
  }
  return b.build({ merge: !dump });
}

const RECV = 'runtime.gopark@runtime/proc.go:363 < runtime.chanrecv@runtime/chan.go:583 < runtime.chanrecv1@runtime/chan.go:442';
const worker = (line = 40) => `main.worker@./main.go:${line} < main.main@./main.go:10`;

describe('the leak rule', () => {
  const diff = (b: string, c: string, dump = false) => goroutineReport(build(c, dump), { base: build(b, dump) });

  it(`needs growth of at least max(${LEAK_CRITERIA.minDelta}, ${LEAK_CRITERIA.minGrowth * 100}% of base)`, () => {
    expect(diff(`20 ${RECV} < ${worker()}`, `29 ${RECV} < ${worker()}`).suspects).toBe(0); // +9
    expect(diff(`20 ${RECV} < ${worker()}`, `30 ${RECV} < ${worker()}`).suspects).toBe(1); // +10 = 50%
    expect(diff(`100 ${RECV} < ${worker()}`, `149 ${RECV} < ${worker()}`).suspects).toBe(0); // +49 < 50%
    expect(diff(`100 ${RECV} < ${worker()}`, `150 ${RECV} < ${worker()}`).suspects).toBe(1);
    expect(diff(`150 ${RECV} < ${worker()}`, `100 ${RECV} < ${worker()}`).rows[0].reason).toBe(
      '-50 goroutines (150 → 100) parked in chan receive in main.worker',
    );
  });

  it('needs the goroutines parked: busy ones are load, IO wait is idle connections', () => {
    const busy = diff(`1 ${worker()}`, `500 ${worker()}`);
    expect(busy.suspects).toBe(0);
    expect(busy.rows[0].reason).toBe('+499 goroutines (1 → 500) runnable in main.worker; not a leak suspect: not parked');
    const io = 'runtime.gopark@runtime/proc.go:363 < runtime.netpollblock@runtime/netpoll.go:526 < internal/poll.runtime_pollWait@runtime/netpoll.go:305';
    expect(diff(`1 ${io} < ${worker()}`, `500 ${io} < ${worker()}`).suspects).toBe(0);
    const sleep = 'runtime.gopark@runtime/proc.go:363 < time.Sleep@runtime/time.go:195';
    expect(diff(`1 ${sleep} < ${worker()}`, `500 ${sleep} < ${worker()}`).rows[0].reason).toBe(
      '+499 goroutines (1 → 500) parked in sleep in time.Sleep (called from main.worker)',
    );
  });

  it('in dumps, needs some of them parked for a minute or more', () => {
    const young = diff(`2 [chan receive] ${worker()}`, `400 [chan receive] ${worker()}`, true);
    expect(young.suspects).toBe(0);
    expect(young.rows[0].reason).toBe(
      '+398 goroutines (2 → 400) parked in chan receive in main.worker for under a minute; not a leak suspect: parked under a minute',
    );
    const old = diff(
      `2 [chan receive] ${worker()}`,
      `300 [chan receive] ${worker()}\n100 [chan receive, 1 minutes] ${worker()}\n1 [chan receive, 7 minutes] ${worker()}`,
      true,
    );
    expect(old.suspects).toBe(1);
    expect(old.rows[0].reason).toBe('+399 goroutines (2 → 401) parked in chan receive in main.worker for up to 7 minutes');
    expect(old.rows[0].cluster.waitMinutes).toEqual({ min: 0, max: 7 });
    expect(old.rows[0].cluster.states).toEqual([
      {
        state: 'chan receive',
        category: 'chan receive',
        count: 401,
        minutes: [{ minutes: 7, count: 1 }, { minutes: 1, count: 100 }, { minutes: 0, count: 300 }],
      },
    ]);
    expect(old.rows[0].cluster.goids).toEqual([1, 2, 3, 4, 5]);
    const single = goroutineReport(build(`3 [select, 2 minutes] ${worker()}\n1 [running] main.f@./main.go:1`, true));
    expect(single.rows.map((r) => r.parkedLong)).toEqual([true, false]);
    expect(single.rows[0].reason).toBe('3 goroutines parked in select in main.worker for up to 2 minutes');
    expect(formatGoroutineReport(single)).toContain('parked ≥ 1 min');
  });

  it('a dump and a proto of the same goroutines match cluster for cluster', () => {
    const proto = build(`5 ${RECV} < ${worker()}\n2 main.f@./main.go:3 < main.main@./main.go:11`);
    const dump = build(`5 [chan receive] ${worker()}\n2 [runnable] main.f@./main.go:3 < main.main@./main.go:11`, true);
    for (const level of SIMILARITY_LEVELS) {
      const r = goroutineReport(dump, { base: proto, level });
      expect(r.rows.map((x) => [x.delta, x.current])).toEqual([[0, 5], [0, 2]]);
      expect(r.rows.map((x) => x.baseCluster?.states[0].state)).toEqual(['chan receive', 'runnable']);
    }
  });
});

describe('per-cluster facts', () => {
  it('pprof string labels, most common first', () => {
    const p = build(
      `3 {handler=/api, tenant=a} ${RECV} < ${worker()}\n` +
        `5 {handler=/api, tenant=b} ${RECV} < ${worker()}\n` +
        `1 ${RECV} < ${worker()}`,
    );
    const [c] = clusterGoroutines(p).clusters;
    expect(c.count).toBe(9);
    expect(c.labels).toEqual([
      { labels: 'handler=/api, tenant=b', count: 5 },
      { labels: 'handler=/api, tenant=a', count: 3 },
    ]);
    expect(formatGoroutineReport(goroutineReport(p))).toContain('labels {handler=/api, tenant=b}: 5');
  });

  it('locked to thread, states, wait range and goids from dump headers', () => {
    const p = build(
      `2 [select, 3 minutes, locked to thread] ${worker()}\n4 [select] ${worker()}\n1 [chan receive, 1 minutes] ${worker()}`,
      true,
    );
    const [c] = clusterGoroutines(p).clusters;
    expect(c.lockedToThread).toBe(2);
    expect(c.waitMinutes).toEqual({ min: 0, max: 3 });
    expect(c.states.map((x) => [x.state, x.count])).toEqual([['select', 6], ['chan receive', 1]]);
    expect(c.goids).toEqual([1, 2, 3, 4, 5]);
    expect(c.parkedCount).toBe(7);
    expect(goroutineReport(p).rows[0].reason).toBe('7 goroutines parked in select (1 more in 1 other state) in main.worker for up to 3 minutes');
    // `parked` keys on the place and the kind of wait, not on the stack below it.
    const q = build(`2 [select] main.worker@./main.go:40 < main.a@./a.go:1\n3 [select] main.worker@./main.go:40 < main.b@./b.go:1\n1 [running] main.worker@./main.go:40 < main.b@./b.go:1`, true);
    expect(clusterGoroutines(q, { level: 'parked' }).clusters.map((x) => [x.key, x.count, x.stackVariants])).toEqual([
      ['main.worker ./main.go:40 [parked]', 5, 2],
      ['main.worker ./main.go:40 [active]', 1, 1],
    ]);
    expect(clusterGoroutines(q, { level: 'lines' }).clusters.map((x) => x.count)).toEqual([4, 2]);
  });
});

describe('?debug=1-like stacks: runtime frames at the leaf and goexit at the root are bare addresses', () => {
  const text = build(
    `5 0x437cd6 < 0x4063db < 0x405f18 < ${worker()} < 0x462001\n` +
      `1 0x42d916 < runtime/pprof.runtime_goroutineProfileWithLabels@runtime/mprof.go:846 < main.main@./main.go:10 < 0x462001`,
    false,
    'count-text',
  );
  const proto = build(
    `5 ${RECV} < ${worker()}\n` +
      `1 runtime.goroutineProfileWithLabels@runtime/mprof.go:1 < runtime/pprof.runtime_goroutineProfileWithLabels@runtime/mprof.go:846 < main.main@./main.go:10`,
  );

  it('match the proto of the same goroutines at every level', () => {
    for (const level of SIMILARITY_LEVELS) {
      const r = goroutineReport(text, { base: proto, level });
      expect(r.rows.map((x) => [x.delta, x.current])).toEqual([[0, 5], [0, 1]]);
    }
  });

  it('hidden runtime frames mean parked; the profile writer is running', () => {
    const s = clusterGoroutines(text);
    expect(s.clusters.map((c) => c.states.map((x) => x.state))).toEqual([['parked'], ['running']]);
    expect(goroutineReport(text).rows[0].reason).toBe('5 goroutines parked in main.worker');
    // The root address is left out of the stack shown; the leaf ones stay, marked.
    expect(s.clusters[0].stack.map((f) => `${f.fn}:${f.kind}`)).toEqual([
      '0x437cd6:unknown', '0x4063db:unknown', '0x405f18:unknown', 'main.worker:user', 'main.main:user',
    ]);
  });

  it('stacks of nothing but addresses still cluster by address', () => {
    const s = clusterGoroutines(build('3 0x10 < 0x20\n4 0x10 < 0x30\n2 0x10 < 0x20'));
    expect(s.clusters.map((c) => c.count)).toEqual([5, 4]);
  });
});

describe('frames and states', () => {
  it('packages and kinds', () => {
    expect(goPackage('net/http.(*conn).serve')).toBe('net/http');
    expect(goPackage('main.(*MemQueue).scheduleFlush.func1')).toBe('main');
    expect(goPackage('github.com/a/b.F[...]')).toBe('github.com/a/b');
    expect(goPackage('example.com/m.Map[go.shape.struct { X example.com/n.T }]')).toBe('example.com/m');
    expect(frameKindOf('runtime.gopark')).toBe(2);
    expect(frameKindOf('runtime/pprof.writeGoroutine')).toBe(1);
    expect(frameKindOf('internal/runtime/syscall.Syscall6')).toBe(2);
    expect(frameKindOf('main.main')).toBe(0);
    expect(frameKindOf('github.com/x/y.F')).toBe(0);
    expect(frameKindOf('golang.org/x/sync/errgroup.(*Group).Wait')).toBe(0);
  });

  it('states read off frames', () => {
    expect(inferState(['runtime.gopark', 'runtime.selectgo', 'main.f'], 2, 0)).toBe('select');
    expect(inferState(['runtime.gopark', 'runtime.semacquire1', 'sync.runtime_SemacquireMutex', 'sync.(*Mutex).lockSlow'], 2, 0)).toBe('sync.Mutex.Lock');
    expect(inferState(['runtime.gopark', 'runtime.semacquire1', 'sync.runtime_Semacquire', 'sync.(*WaitGroup).Wait'], 2, 0)).toBe('semacquire');
    // ?debug=1 text: the runtime's frames at the leaf are bare addresses.
    expect(inferState(['0x437cd6', '0x4063db', '0x405f18', 'main.f'], 3, 3)).toBe('parked');
    expect(inferState(['0x437cd6', 'internal/poll.runtime_pollWait'], 1, 1)).toBe('IO wait');
    expect(inferState(['main.f', 'main.main'], 0, 0)).toBe('runnable');
  });

  it('formatCount', () => {
    expect([0, 7, 999, 1000, 4112, 1234567, -4112, 2.5].map(formatCount)).toEqual(['0', '7', '999', '1,000', '4,112', '1,234,567', '-4,112', '2.5']);
  });
});

/** The same profile with its string table permuted (index 0 stays ""). */
function shuffleStrings(p: Profile): Profile {
  const n = p.strings.length;
  const perm = Array.from({ length: n }, (_, i) => (i === 0 ? 0 : n - i));
  const strings = new Array<string>(n);
  for (let i = 0; i < n; i++) strings[perm[i]] = p.strings[i];
  const map = (a: Int32Array) => a.map((s) => (s >= 0 ? perm[s] : s));
  return {
    ...p,
    strings,
    sampleTypes: p.sampleTypes.map((t) => ({ type: perm[t.type], unit: perm[t.unit] })),
    functions: { ...p.functions, name: map(p.functions.name), systemName: map(p.functions.systemName), filename: map(p.functions.filename) },
  };
}

export type { GoroutineSnapshot };
