// Go's own legacy text formats, checked against the real files and what the
// real go tool pprof made of them: heap/allocs and goroutine/threadcreate at
// ?debug=1 (golden-raw = pprof's reading without symbols, golden/*.debug1.top
// = pprof's top with the binary), and goroutine dumps (?debug=2, panics),
// which pprof cannot read, against the dumps themselves.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isProfileError } from '../../src/core/errors';
import { legacyFormats } from '../../src/core/legacy';
import { readGoQuoted, parseLabelsLine, parseSymbolLine } from '../../src/core/legacy/go-comments';
import { parseStatus } from '../../src/core/legacy/goroutine-dump';
import { simplifyFunc } from '../../src/core/legacy/prune';
import { decodeProfile } from '../../src/core/decode';
import type { Profile } from '../../src/core/model/profile';
import { runSync, type Progress } from '../../src/core/progress';
import { summarize } from '../../src/core/summary';
import { allProfileFixtures, decodeFixture, fixtureBytes, FIXTURES } from '../helpers/fixtures';
import { readRawDump } from '../helpers/pprof-dump';

const FIX = allProfileFixtures();
const HEAP_DEBUG1 = [...FIX.filter((f) => f.endsWith('.heap.debug1.txt')), 'pprof-testdata/profile/gobench.heap'];
const COUNT_DEBUG1 = [...FIX.filter((f) => f.endsWith('.goroutine.debug1.txt')), 'pprof-testdata/profile/go.godoc.thread'];
const DEBUG2 = FIX.filter((f) => f.endsWith('.debug2.txt'));
const PANICS = ['synthetic/panic.txt', 'synthetic/panic-log.txt'];

function head(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < Math.min(bytes.length, 4096); i++) s += String.fromCharCode(bytes[i]);
  return s;
}

function claims(fixture: string): string[] {
  const bytes = fixtureBytes(fixture);
  return legacyFormats.filter((f) => f.detect(head(bytes), bytes)).map((f) => f.name);
}

const profile = (f: string) => decodeFixture(f).profile;

/** Lines of location `loc` as "function:line", innermost first. */
function linesOf(p: Profile, loc: number): string[] {
  const out: string[] = [];
  for (let j = p.locations.lineStart[loc]; j < p.locations.lineStart[loc + 1]; j++) {
    out.push(`${p.strings[p.functions.name[p.lines.function[j]]]}:${p.lines.line[j]}`);
  }
  return out;
}

/** Locations of sample i, leaf first. */
function stackOf(p: Profile, i: number): number[] {
  const out: number[] = [];
  for (let st = p.samples.stack[i]; st >= 0; st = p.stacks.parent[st]) out.push(p.stacks.location[st]);
  return out;
}

const hex = (p: Profile, loc: number) => `0x${p.locations.address[loc].toString(16)}`;

/**
 * Our stack (addresses, leaf first) is pprof's with frames removed: the same
 * root, and every frame of ours found in order in pprof's. What is removed
 * are pruned leaf frames and inlined callers folded into one location.
 */
function expectFolded(mine: string[], theirs: string[], what: string): void {
  expect(mine[mine.length - 1], what).toBe(theirs[theirs.length - 1]);
  let j = theirs.length - 1;
  for (let d = mine.length - 1; d >= 0; d--) {
    while (j >= 0 && theirs[j] !== mine[d]) j--;
    expect(j, `${what}, frame ${d}`).toBeGreaterThanOrEqual(0);
    j--;
  }
}

function value(p: Profile, i: number, type: string): number {
  const t = p.sampleTypes.findIndex((x) => p.strings[x.type] === type);
  return p.samples.values[i * p.sampleTypes.length + t];
}

function labels(p: Profile, i: number): string {
  let s = '';
  for (let j = p.labels.setStart[p.samples.labelSet[i]]; j < p.labels.setStart[p.samples.labelSet[i] + 1]; j++) {
    s += `${p.strings[p.labels.key[j]]}:[${p.labels.isNum[j] ? p.labels.num[j] : p.strings[p.labels.str[j]]}]`;
  }
  return s;
}

// ---- go tool pprof -top with the binary, as a table of functions

const UNITS: Record<string, number> = { '': 1, B: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

/** A printed value and how far from it the exact one may be (half the last digit). */
function printed(text: string): { v: number; within: number } {
  const m = /^(-?[\d.]+)([a-zA-Z]*)$/.exec(text);
  if (!m) throw new Error(`not a value: ${text}`);
  const unit = UNITS[m[2]];
  return { v: Number(m[1]) * unit, within: m[2] && m[2] !== 'B' ? 0.00501 * unit : 0.5 };
}

interface TopGolden {
  type: string;
  total: string;
  rows: { flat: string; cum: string; name: string }[];
}

function readTop(name: string): TopGolden {
  const lines = readFileSync(join(FIXTURES, 'golden', name), 'utf8').split('\n');
  const type = /^Type: (\S+)/.exec(lines.find((l) => l.startsWith('Type:'))!)![1];
  const total = /of (\S+) total/.exec(lines.find((l) => / total$/.test(l))!)![1];
  const at = lines.findIndex((l) => /^\s+flat\s+flat%/.test(l));
  const rows = lines
    .slice(at + 1)
    .map((l) => /^\s*(\S+)\s+\S+\s+\S+\s+(\S+)\s+\S+\s+(.+)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ flat: m[1], cum: m[2], name: m[3] }));
  return { type, total, rows };
}

/**
 * Flat and cum per function, each location counted as its outermost line:
 * pprof symbolizing a ?debug=1 file with the binary does not expand inlined
 * calls (fixtures README), so that is the function its top names.
 */
function topByFunction(p: Profile, type: string) {
  const t = p.sampleTypes.findIndex((x) => p.strings[x.type] === type);
  const k = p.sampleTypes.length;
  const name = (loc: number) => {
    const end = p.locations.lineStart[loc + 1];
    return end > p.locations.lineStart[loc] ? p.strings[p.functions.name[p.lines.function[end - 1]]] : hex(p, loc);
  };
  const flat = new Map<string, number>();
  const cum = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const v = p.samples.values[i * k + t];
    total += Math.abs(v);
    const stack = stackOf(p, i);
    if (stack.length === 0) continue;
    flat.set(name(stack[0]), (flat.get(name(stack[0])) ?? 0) + v);
    for (const f of new Set(stack.map(name))) cum.set(f, (cum.get(f) ?? 0) + v);
  }
  return { flat, cum, total };
}

describe('Go heap profiles, ?debug=1', () => {
  it('covers the fixtures', () => expect(HEAP_DEBUG1.length).toBe(15));

  for (const f of HEAP_DEBUG1) {
    it(`${f}: claimed by go-heap alone; samples, values and "bytes" labels in pprof's order`, () => {
      expect(claims(f)).toEqual(['go-heap']);
      const p = profile(f);
      expect(p.format).toBe('heap-text');
      expect(summarize(p).kind).toBe('heap');
      const raw = readRawDump(f);
      expect(p.samples.length).toBe(raw.samples.length);
      for (let i = 0; i < p.samples.length; i++) {
        expect(Array.from(p.samples.values.subarray(i * raw.sampleTypes.length, (i + 1) * raw.sampleTypes.length))).toEqual(raw.samples[i].values);
        expect(labels(p, i)).toBe(raw.samples[i].labels);
        // Our frames are pprof's, root side, less the leaf frames it prunes
        // and the inlined callers folded into their callee's location.
        expectFolded(stackOf(p, i).map((l) => hex(p, l)), raw.samples[i].frames, `sample ${i}`);
      }
    });
  }

  for (const g of readdirSync(join(FIXTURES, 'golden')).filter((n) => n.endsWith('.heap.debug1.top.txt'))) {
    const f = g.replace('.top.txt', '.txt');
    it(`${f}: every function's flat and cum as go tool pprof with the binary (${g})`, () => {
      const golden = readTop(g);
      const mine = topByFunction(profile(f), golden.type);
      const total = printed(golden.total);
      expect(Math.abs(mine.total - total.v)).toBeLessThanOrEqual(total.within);
      expect(golden.rows.length).toBeGreaterThan(4);
      for (const row of golden.rows) {
        expect(mine.cum.has(row.name), row.name).toBe(true);
        const flat = printed(row.flat);
        const cum = printed(row.cum);
        expect(Math.abs((mine.flat.get(row.name) ?? 0) - flat.v), `flat ${row.name}`).toBeLessThanOrEqual(flat.within);
        expect(Math.abs(mine.cum.get(row.name)! - cum.v), `cum ${row.name}`).toBeLessThanOrEqual(cum.within);
      }
    });
  }

  it('prunes the allocator frames the writer hid, and names the goexit it left out', () => {
    const p = profile('tickerleak.current.heap.debug1.txt');
    // "4868: 467328 [4868: 467328] @ 0x40508a 0x48797f …": 0x40508a (runtime.newobject) has no "#" line.
    const i = 1;
    expect(value(p, i, 'inuse_space')).toBe(467328);
    expect(stackOf(p, i).map((l) => linesOf(p, l).join('|'))).toEqual([
      'time.NewTicker:29',
      'main.(*MemQueue).scheduleFlush:77',
      'main.(*MemQueue).PushBack:69',
      'main.ingest:127',
      'main.main.func1:180',
      'runtime.goexit:0',
    ]);
    // An all-runtime stack is printed whole and kept whole (pprof finds no user frame).
    expect(stackOf(p, 0).map((l) => linesOf(p, l).join('|'))).toEqual([
      'runtime.malg:4076',
      'runtime.newproc1:4123',
      'runtime.newproc.func1:4098',
      'runtime.systemstack:492',
    ]);
    expect(p.strings[p.dropFrames]).toContain('runtime\\..*');
    expect(p.strings[p.keepFrames]).toContain('runtime\\.panic');
  });

  it('reads recursion (one address twice on the "@" line) as two frames, not as inlining', () => {
    const p = profile('tickerleak.current.heap.debug1.txt');
    // "0: 0 [1: 32] @ 0x4a6208 0x4a626e 0x4a626e 0x4a6832 …", two "#" lines on 0x4a626d.
    const i = Array.from({ length: p.samples.length }, (_, s) => s).find(
      (s) => linesOf(p, stackOf(p, s)[0]).join() === 'text/tabwriter.(*Writer).format:398' && value(p, s, 'alloc_space') === 32,
    )!;
    const frames = stackOf(p, i).map((l) => linesOf(p, l).join('|'));
    expect(frames.slice(0, 4)).toEqual([
      'text/tabwriter.(*Writer).format:398',
      'text/tabwriter.(*Writer).format:399',
      'text/tabwriter.(*Writer).format:399',
      'text/tabwriter.(*Writer).flushNoDefers:513',
    ]);
    expect(stackOf(p, i)[1]).toBe(stackOf(p, i)[2]);
  });

  it('folds the runtime\'s frames for an inlined call into one location, innermost first', () => {
    const p = profile('synthetic/inline.heap.debug1.txt');
    // "@ 0x4b4c11 0x4b4c12 …" / "#	0x4b4c10	main.newBuf+0x50" / "#	0x4b4c11	main.fill+0x51": one entry, 0x4b4bc0.
    const leaf = stackOf(p, 0)[0];
    expect(linesOf(p, leaf)).toEqual(['main.newBuf:16', 'main.fill:21']);
    expect(hex(p, leaf)).toBe('0x4b4c10');
    expect(stackOf(p, 0).map((l) => linesOf(p, l).join('|'))).toEqual([
      'main.newBuf:16|main.fill:21',
      'main.main:39',
      'runtime.main:250',
      'runtime.goexit:0',
    ]);
    // Equal in-use and alloc columns in the header: pprof's two sample types.
    expect(p.sampleTypes.map((t) => p.strings[t.type])).toEqual(['objects', 'space']);
    expect(summarize(p).kind).toBe('heap');
    expect(p.period).toBe(4096); // "@ heap/8192"
    expect(labels(p, 0)).toBe('bytes:[4096]');
  });

  it('keeps the scaling rate: heap/2 is MemProfileRate 1 (no scaling), heap/1048576 is 524288', () => {
    expect(profile('tickerleak.current.heap.debug1.txt').period).toBe(1);
    const g = profile('gzipleak.current.heap.debug1.txt');
    expect(g.period).toBe(524288);
    // "46: 30523392 [46: 30523392]" of 663552-byte objects, scaled by 1/(1-exp(-663552/524288)), truncated.
    expect(value(g, 0, 'inuse_objects')).not.toBe(46);
  });

  it('reads the runtime.MemStats block into numbers', () => {
    const m = profile('tickerleak.current.heap.debug1.txt').memStats!;
    expect(m.Alloc).toBe(5015016);
    expect(m.TotalAlloc).toBe(146854360);
    expect(m.HeapObjects).toBe(22415);
    expect(m.NumGC).toBe(49);
    expect(m.NumForcedGC).toBe(2);
    expect(m.StackInuse).toBe(10256384);
    expect(m.StackSys).toBe(10256384);
    expect(m.MSpanInuse).toBe(152784);
    expect(m.MSpanSys).toBe(195264);
    expect(m.MCacheInuse).toBe(2400);
    expect(m.MCacheSys).toBe(15600);
    expect(m.GCCPUFraction).toBe(0.0004965229710115844);
    expect(m.DebugGC).toBe(0);
    expect(m.MaxRSS).toBe(24510464);
    expect(m.LastGC).toBe(1795673898519136455); // nearest double
    const pause = m.PauseNs as number[];
    expect(pause).toHaveLength(256);
    expect(pause.slice(0, 3)).toEqual([29334, 23375, 40310]);
    // The ring buffer: the last GC's pause at (NumGC+255)%256, nothing after it yet.
    expect(pause[48]).toBe(49975);
    expect(pause[49]).toBe(0);
    expect(m.PauseEnd as number[]).toHaveLength(256);
  });

  for (const f of HEAP_DEBUG1.filter((x) => x.endsWith('.txt'))) {
    it(`${f}: MemStats agree with themselves`, () => {
      const m = profile(f).memStats!;
      expect(m.Alloc).toBe(m.HeapAlloc);
      expect(m.HeapInuse as number).toBeLessThanOrEqual(m.HeapSys as number);
      expect(m.StackInuse as number).toBeLessThanOrEqual(m.StackSys as number);
      expect((m.PauseNs as number[]).filter((x) => x > 0).length).toBe(Math.min(m.NumGC as number, 256));
      expect(summarize(profile(f)).memStats).toEqual(m);
    });
  }

  it('gobench.heap (no "#" lines, no MemStats) stays addresses, as pprof has it', () => {
    const f = 'pprof-testdata/profile/gobench.heap';
    const p = profile(f);
    expect(p.memStats).toBeUndefined();
    expect(p.lines.length).toBe(0);
    const raw = readRawDump(f);
    for (let i = 0; i < p.samples.length; i++) expect(stackOf(p, i).map((l) => hex(p, l))).toEqual(raw.samples[i].frames);
    // "1: 288 [2: 296] @" has no frames: pprof's driver drops it (FilterSamplesByName).
    expect(p.samples.length).toBe(14);
  });

  it('refuses a damaged sample line, saying where', () => {
    const text = readFileSync(join(FIXTURES, 'tickerleak.base.heap.debug1.txt'), 'utf8').replace(/\n1: /, '\n1 x ');
    try {
      runSync(decodeProfile(new TextEncoder().encode(text)));
      expect.unreachable();
    } catch (e) {
      expect(isProfileError(e) && e.code).toBe('text-malformed');
      expect(String(e)).toMatch(/line \d+/);
    }
  });
});

describe('Go count profiles, ?debug=1', () => {
  const all = [...COUNT_DEBUG1, 'synthetic/labels.goroutine.debug1.txt'];
  for (const f of all) {
    it(`${f}: claimed by go-count alone; pprof's samples and stacks`, () => {
      expect(claims(f)).toEqual(['go-count']);
      const p = profile(f);
      expect(p.format).toBe('count-text');
      const raw = readRawDump(f);
      expect(p.samples.length).toBe(raw.samples.length);
      for (let i = 0; i < p.samples.length; i++) {
        expect(p.samples.values[i]).toBe(raw.samples[i].values[0]);
        // Nothing pruned (drop_frames names no Go frame): the leaf is pprof's too.
        const mine = stackOf(p, i).map((l) => hex(p, l));
        expect(mine[0]).toBe(raw.samples[i].frames[0]);
        expectFolded(mine, raw.samples[i].frames, `sample ${i}`);
      }
    });
  }

  for (const g of readdirSync(join(FIXTURES, 'golden')).filter((n) => n.endsWith('.goroutine.debug1.top.txt'))) {
    const f = g.replace('.top.txt', '.txt');
    it(`${f}: cum of every function it names as go tool pprof with the binary`, () => {
      const golden = readTop(g);
      const mine = topByFunction(profile(f), 'goroutine');
      expect(mine.total).toBe(printed(golden.total).v);
      const unnamed = golden.rows.filter((r) => !mine.cum.has(r.name)).map((r) => r.name);
      // Only the runtime frames the writer hid (gopark, chanrecv, …) lack a name here.
      expect(unnamed.every((n) => n.startsWith('runtime.') && n !== 'runtime.goexit')).toBe(true);
      for (const row of golden.rows.filter((r) => mine.cum.has(r.name))) expect(mine.cum.get(row.name), row.name).toBe(printed(row.cum).v);
    });
  }

  it('tickerleak: the 4,866 leaked goroutines, the three hidden runtime frames kept as addresses', () => {
    const p = profile('tickerleak.current.goroutine.debug1.txt');
    expect(summarize(p).kind).toBe('goroutine');
    expect(summarize(p).totals).toEqual({ goroutine: 4867 });
    expect(p.samples.values[0]).toBe(4866);
    expect(stackOf(p, 0).map((l) => linesOf(p, l).join('|') || hex(p, l))).toEqual([
      '0x437cd5',
      '0x4063da',
      '0x405f17',
      'main.(*MemQueue).scheduleFlush.func1:82',
      'runtime.goexit:0',
    ]);
  });

  it('folds inlined frames in goroutine stacks too (gzipleak: waitRead inlined into FD.Read, as in the proto)', () => {
    const p = profile('gzipleak.base.goroutine.debug1.txt');
    // "#	0x4c0499	internal/poll.(*pollDesc).waitRead+0x259" and "#	0x4c0487	internal/poll.(*FD).Read+0x247": entry 0x4c0240 both.
    const locs = Array.from({ length: p.locations.length }, (_, l) => l);
    const folded = locs.filter((l) => linesOf(p, l).join() === 'internal/poll.(*pollDesc).waitRead:89,internal/poll.(*FD).Read:167');
    expect(folded.map((l) => hex(p, l))).toEqual(['0x4c0499']);
    expect(locs.filter((l) => linesOf(p, l).length > 1).length).toBeGreaterThanOrEqual(2);
  });

  it('reads "# labels:" lines as string labels (Go %q quoting undone)', () => {
    const p = profile('synthetic/labels.goroutine.debug1.txt');
    expect(labels(p, 0)).toBe('handler:[/api/items]tenant:[acme "blue"]');
    expect(labels(p, 1)).toBe('worker:[poller\t1]');
    expect(labels(p, 2)).toBe('');
    expect(Array.from(p.samples.values)).toEqual([3, 2, 1]);
  });

  it('threadcreate (godoc): its own sample type and kind, addresses only', () => {
    const p = profile('pprof-testdata/profile/go.godoc.thread');
    expect(summarize(p)).toMatchObject({ kind: 'threadcreate', totals: { threadcreate: 7 }, period: 1, periodType: { type: 'threadcreate', unit: 'count' } });
    expect(p.lines.length).toBe(0);
  });
});

describe('goroutine dumps (?debug=2)', () => {
  it('covers the fixtures', () => expect(DEBUG2.length).toBe(7));

  for (const f of DEBUG2) {
    it(`${f}: one sample per goroutine; states exactly the dump's headers; the count is the ?debug=1 total`, () => {
      expect(claims(f)).toEqual(['goroutine-dump']);
      const p = profile(f);
      const g = p.goroutines!;
      expect(p.format).toBe('goroutine-dump');
      expect(summarize(p)).toMatchObject({ kind: 'goroutine', goroutines: g.length, samples: g.length });
      expect(Array.from(p.samples.values).every((v) => v === 1)).toBe(true);
      const counts = new Map<string, number>();
      for (let i = 0; i < g.length; i++) {
        const header = [p.strings[g.state[i]], g.waitMinutes[i] ? `${g.waitMinutes[i]} minutes` : '', g.lockedToThread[i] ? 'locked to thread' : '']
          .filter(Boolean)
          .join(', ');
        counts.set(header, (counts.get(header) ?? 0) + 1);
      }
      const golden = readFileSync(join(FIXTURES, 'golden', f.replace('.txt', '.states.txt')), 'utf8')
        .trim()
        .split('\n')
        .map((l) => /^\s*(\d+) (.*)$/.exec(l)!)
        .map((m) => [m[2], Number(m[1])] as const);
      expect([...counts].sort()).toEqual([...golden].sort());
      const total = Number(/total (\d+)/.exec(readFileSync(join(FIXTURES, f.replace('debug2', 'debug1')), 'utf8'))![1]);
      expect(g.length).toBe(total);
    });
  }

  it('tickerleak: 4,866 goroutines blocked in scheduleFlush.func1, one stack, created by scheduleFlush', () => {
    const p = profile('tickerleak.current.goroutine.debug2.txt');
    const g = p.goroutines!;
    // grep -c 'scheduleFlush.func1(' tickerleak.current.goroutine.debug2.txt
    const leaked = Array.from({ length: g.length }, (_, i) => i).filter((i) => linesOf(p, stackOf(p, i)[0])[0] === 'main.(*MemQueue).scheduleFlush.func1:82');
    expect(leaked).toHaveLength(4866);
    expect(new Set(leaked.map((i) => p.samples.stack[i])).size).toBe(1);
    expect(new Set(leaked.map((i) => p.strings[g.state[i]]))).toEqual(new Set(['chan receive']));
    const minutes = (m: number) => leaked.filter((i) => g.waitMinutes[i] === m).length;
    expect([minutes(2), minutes(1), minutes(0)]).toEqual([1012, 1932, 1922]);
    const created = new Set(leaked.map((i) => linesOf(p, g.createdBy[i]).join()));
    expect(created).toEqual(new Set(['main.(*MemQueue).scheduleFlush:81']));
    expect(leaked.every((i) => g.createdByGoid[i] === -1)).toBe(true); // Go 1.19 does not say which goroutine
    expect(g.goid[1]).toBe(759);
    // goroutine 1 [running]: runtime/pprof.writeGoroutineStacks({0x508848, 0xc00009a030}) …
    const first = g.argStart[0];
    expect(p.strings[g.frameArgs[first]]).toBe('({0x508848, 0xc00009a030})');
    expect(p.strings[g.frameArgs[first + 5]]).toBe('()'); // main.main()
    expect(g.createdBy[0]).toBe(-1);
    expect(p.locations.length).toBe(8);
  });

  it('a go1.19 panic with GOTRACEBACK=all (synthetic/panic.txt)', () => {
    expect(claims('synthetic/panic.txt')).toEqual(['goroutine-dump']);
    const p = profile('synthetic/panic.txt');
    const g = p.goroutines!;
    expect(Array.from(g.goid)).toEqual([1, 17, 18, 19, 20, 21]); // "panic: …" before them skipped
    expect(Array.from(g.state, (s) => p.strings[s])).toEqual(['running', 'chan receive', 'select (no cases)', 'chan receive', 'chan receive', 'chan receive']);
    expect(Array.from(g.lockedToThread)).toEqual([0, 1, 0, 0, 0, 0]);
    expect(linesOf(p, stackOf(p, 0)[0])).toEqual(['main.main:43']);
    expect(g.createdBy[0]).toBe(-1);
    // Recursion: four frames, two locations (line 21 once, line 23 three times).
    const descend = stackOf(p, 2);
    expect(descend.map((l) => linesOf(p, l).join())).toEqual(['main.descend:21', 'main.descend:23', 'main.descend:23', 'main.descend:23']);
    expect(new Set(descend).size).toBe(2);
    expect(linesOf(p, g.createdBy[2])).toEqual(['main.main:34']);
    expect(p.strings[p.functions.filename[p.lines.function[p.locations.lineStart[descend[0]]]]]).toBe('panicgen/main.go');
    // Three identical goroutines share one stack node.
    expect(new Set([3, 4, 5].map((i) => p.samples.stack[i])).size).toBe(1);
    expect(linesOf(p, stackOf(p, 3)[0])).toEqual(['main.(*Cache).loop:27']);
    expect(p.strings[g.frameArgs[g.argStart[3]]]).toBe('(0x0?)');
  });

  it('a Go ≥ 1.21 panic pasted from a log with timestamps (synthetic/panic-log.txt)', () => {
    expect(claims('synthetic/panic-log.txt')).toEqual(['goroutine-dump']);
    const p = profile('synthetic/panic-log.txt');
    const g = p.goroutines!;
    expect(Array.from(g.goid)).toEqual([34, 1, 35, 36]);
    expect(Array.from(g.state, (s) => p.strings[s])).toEqual(['running', 'chan receive', 'select', 'IO wait']);
    expect(Array.from(g.waitMinutes)).toEqual([0, 3, 12, 0]);
    expect(Array.from(g.lockedToThread)).toEqual([0, 0, 1, 0]);
    expect(Array.from(g.createdByGoid)).toEqual([1, -1, 1, 12]);
    expect(linesOf(p, g.createdBy[0])).toEqual(['main.startPool:23']);
    expect(g.createdBy[0]).toBe(g.createdBy[2]);
    expect(stackOf(p, 0).map((l) => linesOf(p, l).join())).toEqual(['main.(*Worker).handle:88', 'main.(*Worker).run:61']);
    expect(p.strings[g.frameArgs[g.argStart[0]]]).toBe('(0x0, {0xc0001a2000, 0x12})');
    // "...12 frames elided..." stands for nothing; the inlined waitRead keeps its "(...)".
    const io = stackOf(p, 3);
    expect(io.map((l) => linesOf(p, l).join())).toEqual([
      'internal/poll.runtime_pollWait:345',
      'internal/poll.(*pollDesc).waitRead:89',
      'net/http.(*conn).serve:2039',
    ]);
    expect(p.strings[g.frameArgs[g.argStart[3] + 1]]).toBe('(...)');
    expect(p.strings[p.functions.filename[p.lines.function[p.locations.lineStart[io[2]]]]]).toBe('/usr/local/go/src/net/http/server.go');
  });

  it('claims nothing else', () => {
    const dumps = new Set([...DEBUG2, ...PANICS]);
    for (const f of FIX.filter((x) => !dumps.has(x))) expect(claims(f), f).not.toContain('goroutine-dump');
  });

  it('reports progress while it reads', () => {
    const bytes = fixtureBytes('tickerleak.current.goroutine.debug2.txt');
    const steps = decodeProfile(bytes);
    const seen: Progress[] = [];
    for (let r = steps.next(); !r.done; r = steps.next()) seen.push(r.value);
    expect(seen.length).toBeGreaterThanOrEqual(2); // 19k lines, a report every 16k
    expect(seen.every((s, i) => s.phase === 'decode' && s.total === bytes.length && (i === 0 || s.done >= seen[i - 1].done))).toBe(true);
    expect(seen[0].done).toBeLessThan(bytes.length);
    expect(seen[seen.length - 1].done).toBe(bytes.length);
  });
});

describe('pieces of the text', () => {
  it('header status', () => {
    expect(parseStatus('chan receive, 2 minutes, locked to thread')).toEqual({ state: 'chan receive', waitMinutes: 2, lockedToThread: true });
    expect(parseStatus('running')).toEqual({ state: 'running', waitMinutes: 0, lockedToThread: false });
    expect(parseStatus('select (no cases), 1 minutes')).toEqual({ state: 'select (no cases)', waitMinutes: 1, lockedToThread: false });
  });

  it('symbol lines as the tabwriter pads them', () => {
    expect(parseSymbolLine('#\t0x4bd4e8\tmain.(*MemQueue).scheduleFlush+0x28\t./main.go:77')).toEqual({
      pc: 0x4bd4e8, entry: 0x4bd4c0, name: 'main.(*MemQueue).scheduleFlush', file: './main.go', line: 77,
    });
    expect(parseSymbolLine('#\t0x45ff88\truntime.systemstack+0x48\t\truntime/asm_amd64.s:492')?.file).toBe('runtime/asm_amd64.s');
    expect(parseSymbolLine('#\t0x4bd4e8')).toMatchObject({ pc: 0x4bd4e8, name: '' });
  });

  it('Go-quoted label strings', () => {
    expect(readGoQuoted('"a\\tb\\"c\\u00e9\\x41\\101\\U0001F600"', 0)?.value).toBe('a\tb"céAA😀');
    expect(readGoQuoted('"\\xff"', 0)?.value).toBe('\uFFFD');
    expect(readGoQuoted('"open', 0)).toBeNull();
    expect(parseLabelsLine('# labels: {"a":"1", "b":"x, y"}')).toEqual([['a', '1'], ['b', 'x, y']]);
    expect(parseLabelsLine('# labels: {"a" "1"}')).toBeNull();
  });

  it("pprof's simplifyFunc (what drop_frames is matched against)", () => {
    expect(simplifyFunc('runtime.(*mheap).alloc')).toBe('runtime.');
    expect(simplifyFunc('runtime.mallocgc')).toBe('runtime.mallocgc');
    expect(simplifyFunc('(anonymous namespace)::f(int)')).toBe('(anonymous namespace)::f');
  });
});
