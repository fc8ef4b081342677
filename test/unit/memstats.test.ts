// Memory accounting from `# runtime.MemStats`: report -memstats -json repeats
// every `#` line of every ?debug=1 heap fixture exactly, the parts of Sys add
// up to Sys, and the findings tell the fixtures' stories (gzipleak: idle heap
// never released; tickerleak: goroutines piling up; a proto heap: where the
// MemStats are).

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withoutMemStatsFlag } from '../../src/cli/memstats';
import { memAccounting, memoryReport, memorySnapshot, pairFindings, snapshotFindings, type MemorySnapshot } from '../../src/core/memstats';
import { allProfileFixtures, decodeFixture, FIXTURES } from '../helpers/fixtures';

const CLI = fileURLToPath(new URL('../../src/cli/report.ts', import.meta.url));

function run(args: string[]) {
  return spawnSync('npx', ['tsx', CLI, ...args], { cwd: FIXTURES, encoding: 'utf8' });
}

/** Go heap profiles in text form (?debug=1) among the fixtures. */
const HEAP_TEXT = allProfileFixtures().filter((f) => readFileSync(join(FIXTURES, f), 'latin1').startsWith('heap profile:'));
const WITH_MEMSTATS = HEAP_TEXT.filter((f) => readFileSync(join(FIXTURES, f), 'utf8').includes('\n# runtime.MemStats\n'));

type Expected = string | string[] | boolean | number;

/** The block's `# Name = value` lines, read here on their own: integers as decimal text. */
function memStatsLines(fixture: string): Record<string, Expected> {
  const text = readFileSync(join(FIXTURES, fixture), 'utf8');
  const block = text.slice(text.indexOf('\n# runtime.MemStats\n') + 1).split('\n').slice(1);
  const out: Record<string, Expected> = {};
  for (const line of block) {
    const m = /^# (\w+) = (.*)$/.exec(line);
    if (!m) break;
    const [, name, value] = m;
    const pair = /^(\d+) \/ (\d+)$/.exec(value);
    if (pair) {
      out[`${name}Inuse`] = pair[1];
      out[`${name}Sys`] = pair[2];
    } else if (value.startsWith('[')) out[name] = value.slice(1, -1).split(' ').filter(Boolean);
    else if (value === 'true' || value === 'false') out[name] = value === 'true';
    else if (/^\d+$/.test(value)) out[name] = value;
    else out[name] = Number(value);
  }
  return out;
}

/** JSON.parse that keeps integer tokens as their decimal text (a number would round LastGC). */
function parseKeepingIntegers(json: string): any {
  return JSON.parse(json.replace(/(?<=[:[,]\s*)(-?\d+)(?=\s*[,\]}\n])/g, '"$1"'));
}

function snapshot(fixture: string): MemorySnapshot {
  return memorySnapshot(decodeFixture(fixture).profile, fixture);
}

describe('report -memstats -json', () => {
  const files = [...WITH_MEMSTATS, 'gzipleak.current.heap', 'tickerleak.current.goroutine'];
  const r = run(['-memstats', '-json', ...files]);
  const json = r.status === 0 ? parseKeepingIntegers(r.stdout) : undefined;

  it('covers the ?debug=1 heap fixtures', () => {
    expect(WITH_MEMSTATS.length).toBeGreaterThanOrEqual(8);
    expect(WITH_MEMSTATS).toContain('gzipleak.current.heap.debug1.txt');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  for (const [k, fixture] of WITH_MEMSTATS.entries()) {
    it(`repeats every # line of ${fixture} under Go's names, exactly`, () => {
      const got = json.files[k];
      expect(got.file).toBe(fixture);
      const want = memStatsLines(fixture);
      expect(Object.keys(want).length).toBeGreaterThanOrEqual(27);
      expect(Object.keys(got.memStats).sort()).toEqual(Object.keys(want).sort());
      for (const [name, value] of Object.entries(want)) {
        if (typeof value === 'number') expect(Number(got.memStats[name]), name).toBe(value);
        else expect(got.memStats[name], name).toEqual(value);
      }
    });
  }

  it('gives the Δ of the first and the last file with MemStats, exactly', () => {
    const first = memStatsLines(WITH_MEMSTATS[0]);
    const last = memStatsLines(WITH_MEMSTATS[WITH_MEMSTATS.length - 1]);
    expect(json.delta.base).toBe(WITH_MEMSTATS[0]);
    expect(json.delta.current).toBe(WITH_MEMSTATS[WITH_MEMSTATS.length - 1]);
    for (const name of ['Sys', 'HeapInuse', 'StackInuse', 'LastGC']) {
      expect(json.delta.memStats[name], name).toBe(String(BigInt(last[name] as string) - BigInt(first[name] as string)));
    }
  });

  it('says where a proto heap profile\'s MemStats are, and that a goroutine profile has none', () => {
    const proto = json.files[WITH_MEMSTATS.length];
    expect(proto.memStats).toBeNull();
    expect(proto.findings.map((f: { id: string }) => f.id)).toEqual(['no-memstats']);
    expect(proto.findings[0].title).toMatch(/protobuf.*\/debug\/pprof\/heap\?debug=1/);
    const goroutine = json.files[WITH_MEMSTATS.length + 1];
    expect(goroutine.findings[0].title).toMatch(/goroutine profile carries no MemStats.*\/debug\/pprof\/heap\?debug=1/);
  });
});

describe('the accounting', () => {
  it('splits Sys into parts that add up to it, in every ?debug=1 heap fixture', () => {
    for (const f of WITH_MEMSTATS) {
      const a = memAccounting(snapshot(f))!;
      expect(a.missing, f).toEqual([]);
      expect(a.unexplained, f).toBe(0);
      expect(a.parts.reduce((s, p) => s + p.bytes, 0), f).toBe(a.sys.bytes);
    }
  });

  it('reads gzipleak.current as its # lines say: 129 MB idle, never released, next to 118 MB in use', () => {
    const a = memAccounting(snapshot('gzipleak.current.heap.debug1.txt'))!;
    const part = (id: string) => a.parts.find((p) => p.id === id)!.bytes;
    expect(a.sys.bytes).toBe(268704056);
    expect(part('heapInuse')).toBe(117825536);
    expect(part('heapIdleRetained')).toBe(129081344);
    expect(part('heapReleased')).toBe(0);
    expect(part('stackInuse')).toBe(557056);
    expect(a.heapAlloc).toBe(112919000);
    // The profile's live objects explain most, not all, of the heap in use.
    expect(a.profile!.ofHeapInuse).toBeGreaterThan(0.5);
    expect(a.profile!.ofHeapInuse).toBeLessThan(1);
  });

  it('has none for a text heap profile without the block, and says where Go writes one', () => {
    const without = HEAP_TEXT.filter((f) => !WITH_MEMSTATS.includes(f));
    expect(without.length).toBeGreaterThan(0);
    for (const f of without) {
      const s = snapshot(f);
      expect(memAccounting(s), f).toBeUndefined();
      expect(snapshotFindings(s)[0].title, f).toMatch(/^This text heap profile has no `# runtime\.MemStats` block: Go writes one at \/debug\/pprof\/heap\?debug=1/);
    }
  });

  it('has none for a proto heap profile', () => {
    expect(memAccounting(snapshot('gzipleak.current.heap'))).toBeUndefined();
  });
});

describe('findings', () => {
  const ids = (fs: { id: string }[]) => fs.map((f) => f.id);

  it('gzipleak.current: the freed heap held idle by the runtime, with its figures and what to do', () => {
    const f = snapshotFindings(snapshot('gzipleak.current.heap.debug1.txt')).find((x) => x.id === 'idle-heap-retained')!;
    expect(f).toBeDefined();
    expect(f.figures).toContainEqual({ name: 'HeapIdle − HeapReleased', bytes: 129081344 });
    expect(f.figures).toContainEqual({ name: 'Sys', bytes: 268704056 });
    expect(f.title).toMatch(/held idle by the runtime.*HeapReleased = 0/);
    const advice = f.advice.join(' ');
    expect(advice).toMatch(/debug\.FreeOSMemory/);
    expect(advice).toMatch(/GOMEMLIMIT.*Go 1\.19/);
    expect(advice).toMatch(/does not say which Go version/);
    // 246.9 MB held next to NextGC 222.8 MB: room to grow back to the goal, not a scavenger lag.
    expect(advice).toMatch(/NextGC = 212\.47MB .*room to grow back to that goal/);
  });

  it('gzipleak.base: 13 MB idle is below the threshold', () => {
    expect(ids(snapshotFindings(snapshot('gzipleak.base.heap.debug1.txt')))).not.toContain('idle-heap-retained');
  });

  it('gzipleak base → current: most of the growth is not live objects, but idle heap', () => {
    const fs = pairFindings(snapshot('gzipleak.base.heap.debug1.txt'), snapshot('gzipleak.current.heap.debug1.txt'));
    expect(ids(fs)).toEqual(['growth-not-live-objects']);
    expect(fs[0].title).toMatch(/^Most of the growth is not live objects: Sys grew by .*; 123\.10MB of freed heap is held idle by the runtime/);
    expect(fs[0].figures).toContainEqual({ name: 'Sys', bytes: 268704056 - 45200648 });
  });

  it('tickerleak base → current: goroutines are growing (StackInuse and runtime.malg)', () => {
    const fs = pairFindings(snapshot('tickerleak.base.heap.debug1.txt'), snapshot('tickerleak.current.heap.debug1.txt'));
    const g = fs.find((f) => f.id === 'goroutines-growing')!;
    expect(g).toBeDefined();
    expect(g.title).toMatch(/^Goroutines are growing: goroutine stacks \(StackInuse\) .*runtime\.malg.*Compare goroutine profiles/);
    expect(g.figures).toContainEqual({ name: 'StackInuse', bytes: 10256384 - 1802240 });
    // runtime.malg: +1.63 MB of goroutine descriptors (4,112 new goroutines).
    const malg = g.figures.find((x) => x.name.startsWith('runtime.malg'))!;
    expect(malg.bytes).toBeGreaterThan(1.5 * 2 ** 20);
    // And Sys grew mostly by stacks, which the heap profile does not hold.
    const sys = fs.find((f) => f.id === 'growth-not-live-objects')!;
    expect(sys.title).toMatch(/the largest part is goroutine stacks \(StackInuse, \+8\.06MB\)/);
  });

  it('the proto tickerleak heaps: runtime.malg alone tells that goroutines grew', () => {
    const fs = pairFindings(
      { ...snapshot('tickerleak.base.heap'), memStats: snapshot('tickerleak.base.heap.debug1.txt').memStats },
      { ...snapshot('tickerleak.current.heap'), memStats: snapshot('tickerleak.current.heap.debug1.txt').memStats },
    );
    expect(ids(fs)).toContain('goroutines-growing');
  });

  it('gzipleak goroutines do not change: no goroutine finding', () => {
    const fs = pairFindings(snapshot('gzipleak.base.heap.debug1.txt'), snapshot('gzipleak.current.heap.debug1.txt'));
    expect(ids(fs)).not.toContain('goroutines-growing');
  });

  it('bigparse base → peak: the growth is live objects; → current: idle heap after the spike', () => {
    const [base, peak, current] = ['base', 'peak', 'current'].map((s) => snapshot(`bigparse.${s}.heap.debug1.txt`));
    expect(ids(pairFindings(base, peak))).toEqual(['growth-is-live-objects']);
    expect(ids(pairFindings(base, current))).toEqual(['growth-not-live-objects']);
    expect(ids(snapshotFindings(current))).toEqual(['idle-heap-retained']);
    // 24 MB held after the spike, next to NextGC 4 MB: the scavenger had not caught up.
    expect(snapshotFindings(current)[0].advice[0]).toMatch(/NextGC = 4MB: the scavenger had not yet returned the rest/);
    expect(ids(snapshotFindings(peak))).toEqual([]);
  });

  it('released heap: says which Go versions keep it in RSS (MADV_FREE, 1.12–1.15) and which not', () => {
    const MiB = 2 ** 20;
    const s: MemorySnapshot = {
      name: 'synthetic',
      kind: 'heap',
      format: 'heap-text',
      memStats: { Sys: 100 * MiB, HeapInuse: 20 * MiB, HeapIdle: 70 * MiB, HeapReleased: 60 * MiB, HeapAlloc: 18 * MiB, StackInuse: 0, StackSys: 0, MSpanSys: 0, MCacheSys: 0, GCSys: 10 * MiB, BuckHashSys: 0, OtherSys: 0 },
    };
    const fs = snapshotFindings(s);
    expect(ids(fs)).toEqual(['released-heap']);
    expect(fs[0].advice.join(' ')).toMatch(/Go 1\.12 to 1\.15 .*MADV_FREE.*GODEBUG=madvdontneed=1.*Go 1\.16 and later .*MADV_DONTNEED/);
    expect(memAccounting(s)!.unexplained).toBe(0);
  });

  it('the report pairs the first and last snapshots that have MemStats', () => {
    const snaps = ['gzipleak.base.heap', 'gzipleak.base.heap.debug1.txt', 'gzipleak.current.heap.debug1.txt', 'gzipleak.current.heap'].map(snapshot);
    const r = memoryReport(snaps);
    expect(r.pair).toMatchObject({ base: 1, current: 2 });
    expect(JSON.parse(JSON.stringify(r))).toEqual(r); // plain data, for the worker to send
  });
});

describe('report -memstats as text', () => {
  it('prints each file, the Δ and the findings; exits 0', () => {
    const r = run(['-memstats', 'tickerleak.base.heap.debug1.txt', 'tickerleak.current.heap.debug1.txt']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ {4}goroutine stacks +9\.78MB +10256384 +StackInuse$/m);
    expect(r.stdout).toMatch(/^Δ tickerleak\.base\.heap\.debug1\.txt → tickerleak\.current\.heap\.debug1\.txt$/m);
    expect(r.stdout).toMatch(/^ {4}goroutine stacks +1\.72MB +9\.78MB +\+8\.06MB +StackInuse$/m);
    expect(r.stdout).toMatch(/^! Goroutines are growing/m);
  });

  it('exits 1 for a missing file, 2 for no file or another report with it', () => {
    const r = run(['-memstats', 'no-such.heap']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no-such\.heap: no such file/);
    const usage = run(['-memstats', '-top', 'tickerleak.base.heap.debug1.txt']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/^choose one report: -memstats, -top/);
  });

  it('takes -memstats among the flags only, leaving the rest to the report flags', () => {
    expect(withoutMemStatsFlag(['-json', '--memstats', 'a', 'b'])).toEqual(['-json', 'a', 'b']);
    expect(withoutMemStatsFlag(['-memstats=true', 'a'])).toEqual(['a']);
    expect(withoutMemStatsFlag(['-json', 'a', '-memstats'])).toBeUndefined();
    expect(withoutMemStatsFlag(['--', '-memstats'])).toBeUndefined();
  });
});
