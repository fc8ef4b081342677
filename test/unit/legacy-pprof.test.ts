// The C++ and Java legacy formats read as go tool pprof reads them: every
// stack (addresses, or Java's function:line), label and mapping compared with
// upstream's own parse (`*.string`) and with `go tool pprof -raw`; damaged
// files refused with a message that says what is wrong.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeProfile } from '../../src/core/decode';
import { isProfileError, type ProfileError } from '../../src/core/errors';
import { legacyFormats } from '../../src/core/legacy';
import { parseGoInt } from '../../src/core/legacy/go-int';
import { hexValue } from '../../src/core/legacy/hex';
import { parseProcMaps } from '../../src/core/legacy/proc-maps';
import { TextLines } from '../../src/core/legacy/text-lines';
import type { Profile } from '../../src/core/model/profile';
import { runSync } from '../../src/core/progress';
import { detectKind } from '../../src/core/summary';
import { allProfileFixtures, decodeFixture, fixtureBytes, FIXTURES } from '../helpers/fixtures';
import { dumpSamples, merged, readRawDump, readUpstreamDump } from '../helpers/pprof-dump';

const T = 'pprof-testdata/';

/** Go's mutex/block ?debug=1 text, read by the same parser as C++ contentionz. */
const GO_CONTENTION = ['go-contention/mutex.debug1.txt', 'go-contention/block.debug1.txt'];

/** Every fixture in a format this suite covers (under pprof-testdata/), with the parser that must claim it. */
const LEGACY: Record<string, string> = {
  'driver/cppbench.contention': 'contention',
  'driver/cppbench.cpu': 'cpu-legacy',
  'driver/cppbench.small.contention': 'contention',
  'driver/go.crc32.cpu': 'cpu-legacy',
  'profile/cppbench.contention': 'contention',
  'profile/cppbench.cpu': 'cpu-legacy',
  'profile/cppbench.growth': 'tcmalloc-heap',
  'profile/cppbench.heap': 'tcmalloc-heap',
  'profile/cppbench.thread': 'threadz',
  'profile/cppbench.thread.all': 'threadz',
  'profile/cppbench.thread.none': 'threadz',
  'profile/go.crc32.cpu': 'cpu-legacy',
  'profile/gobench.cpu': 'cpu-legacy',
  'profile/java.contention': 'java',
  'profile/java.cpu': 'java',
  'profile/java.heap': 'java',
};
const MINE = new Set(Object.values(LEGACY));

function head(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < Math.min(bytes.length, 4096); i++) s += String.fromCharCode(bytes[i]);
  return s;
}

function decode(bytes: Uint8Array): Profile {
  return runSync(decodeProfile(bytes)).profile;
}

function decodeError(bytes: Uint8Array): ProfileError {
  try {
    decode(bytes);
  } catch (e) {
    if (isProfileError(e)) return e;
    throw e;
  }
  throw new Error('decoded without an error');
}

const text = (s: string) => new TextEncoder().encode(s);
const fixtureText = (name: string) => new TextDecoder().decode(fixtureBytes(T + name));

describe('detection', () => {
  for (const [fixture, name] of Object.entries(LEGACY)) {
    it(`${fixture} is claimed by ${name} alone`, () => {
      const bytes = fixtureBytes(T + fixture);
      const claims = legacyFormats.filter((f) => MINE.has(f.name) && f.detect(head(bytes), bytes)).map((f) => f.name);
      expect(claims).toEqual([name]);
    });
  }

  it('leaves Go text profiles and profile.proto files to others', () => {
    const others = allProfileFixtures().filter((f) => !(f.startsWith(T) && f.slice(T.length) in LEGACY) && !GO_CONTENTION.includes(f));
    expect(others).toContain(`${T}profile/gobench.heap`);
    expect(others).toContain(`${T}profile/go.godoc.thread`);
    expect(others.length).toBeGreaterThan(40);
    for (const f of others) {
      const bytes = fixtureBytes(f);
      const claims = legacyFormats.filter((x) => MINE.has(x.name) && x.detect(head(bytes), bytes)).map((x) => x.name);
      expect(claims, f).toEqual([]);
    }
  });
});

describe('stacks, values and labels as pprof has them', () => {
  for (const fixture of GO_CONTENTION) {
    it(fixture, () => {
      const bytes = fixtureBytes(fixture);
      expect(legacyFormats.filter((f) => f.detect(head(bytes), bytes)).map((f) => f.name)).toEqual(['contention']);
      const p = decode(bytes);
      const mine = merged(dumpSamples(p));
      expect(mine.length).toBeGreaterThan(0);
      expect(mine).toEqual(merged(readRawDump(fixture).samples));
      // Symbol lines ("#\t0x4bb673\tsync.(*Mutex).Lock+0x93\t…") are comments: no functions.
      expect(p.functions.length).toBe(0);
    });
  }

  it('scales a Go mutex profile by its sampling period', () => {
    const p = decodeFixture(GO_CONTENTION[0]).profile;
    expect(p.period).toBe(5);
    const first = /\n(\d+) (\d+) @/.exec(new TextDecoder().decode(fixtureBytes(GO_CONTENTION[0])))!;
    const cyclesPerSecond = Number(/cycles\/second=(\d+)/.exec(new TextDecoder().decode(fixtureBytes(GO_CONTENTION[0])))![1]);
    const s = dumpSamples(p)[0];
    expect(s.values[0]).toBe(Number(first[2]) * 5);
    expect(s.values[1]).toBe(Math.trunc((Number(first[1]) * 5) / (cyclesPerSecond / 1e9)));
  });

  for (const fixture of Object.keys(LEGACY)) {
    it(fixture, () => {
      const mine = merged(dumpSamples(decodeFixture(T + fixture).profile));
      expect(mine.length).toBeGreaterThan(0);
      // go tool pprof -raw (Go 1.19's vendored pprof, after its Merge)…
      expect(mine).toEqual(merged(readRawDump(T + fixture).samples));
      // …and upstream's parse of the same file, where it ships one.
      if (existsSync(join(FIXTURES, `${T}${fixture}.string`))) {
        expect(mine).toEqual(merged(readUpstreamDump(T + fixture).samples));
      }
    });
  }

  it('keeps the first sample of cppbench.heap at the addresses upstream lists', () => {
    const p = decodeFixture(`${T}profile/cppbench.heap`).profile;
    // cppbench.heap.string: "57 528909: 1 2 … 11" with "bytes:[9216]"; the
    // file says "@ 0xc635c8 0x42ecc3 …": every frame one byte back.
    const first = dumpSamples(p).find((s) => s.labels === 'bytes:[9216]')!;
    expect(first.values).toEqual([57, 528909]);
    expect(first.frames).toEqual([
      '0xc635c7', '0x42ecc2', '0x42e14b', '0x5261ae', '0x526ede', '0x5280aa',
      '0x79e809', '0x7a251a', '0x7a296c', '0xa456e3', '0x7f47a54360fd',
    ]);
    expect(readUpstreamDump(`${T}profile/cppbench.heap`).samples[0].frames).toEqual(first.frames);
  });

  it('keeps a CPU leaf where it is and moves callers onto their call', () => {
    const p = decodeFixture(`${T}profile/cppbench.cpu`).profile;
    const s = dumpSamples(p).find((x) => x.values[0] === 542)!;
    // cppbench.cpu.string: "542 5420000000: 19 17 18 3 …" = 0x42ed43 0x42edc0 0x42e159 0x5261ae
    expect(s.frames.slice(0, 4)).toEqual(['0x42ed43', '0x42edc0', '0x42e159', '0x5261ae']);
  });

  it('drops the signal handler frames every Go 1.8 CPU sample shares', () => {
    const p = decodeFixture(`${T}profile/go.crc32.cpu`).profile;
    // Every raw sample's frames 1 and 2 are 0x430c4c, 0x430cc4 (the profiler's own).
    const frames = dumpSamples(p).flatMap((s) => s.frames);
    expect(frames).not.toContain('0x430c4b');
    expect(frames).not.toContain('0x430cc3');
    expect(frames).toContain('0x4317eb');
  });

  it('counts a thread "same as previous" on the previous stack', () => {
    const p = decodeFixture(`${T}profile/cppbench.thread`).profile;
    // Four threads; the fourth repeats the third's stack.
    expect(dumpSamples(p).map((s) => s.values[0]).sort()).toEqual([1, 1, 2]);
  });
});

describe('memory maps', () => {
  const cases = Object.keys(LEGACY).filter((f) => existsSync(join(FIXTURES, `${T}${f}.string`)));

  for (const fixture of cases) {
    it(`${fixture}: the mappings upstream parses`, () => {
      const p = decodeFixture(T + fixture).profile;
      const m = p.mappings;
      const mine = Array.from({ length: m.length }, (_, i) => ({
        start: m.memoryStart[i],
        limit: m.memoryLimit[i],
        offset: m.fileOffset[i],
        file: p.strings[m.filename[i]],
      }));
      const upstream = readUpstreamDump(T + fixture).mappings.map((x) => ({
        start: Number(x.start),
        limit: Number(x.limit),
        offset: Number(x.offset),
        file: x.file,
      }));
      expect(mine).toEqual(upstream);
    });
  }

  it('reads the 12 executable mappings of cppbench.heap, main binary first', () => {
    const p = decodeFixture(`${T}profile/cppbench.heap`).profile;
    expect(p.mappings.length).toBe(12);
    expect(p.strings[p.mappings.filename[0]]).toBe('/home/cppbench_server_main');
    expect(p.mappings.memoryStart[0]).toBe(0x400000);
    const files = Array.from(p.mappings.filename, (f) => p.strings[f]);
    expect(files).toContain('/lib/libc-2.15.so');
    expect(files).toContain('[vdso]');
    // The leaf of every sample is in the binary (mapping 0), the thread start in libpthread.
    const libpthread = files.indexOf('/lib/libpthread-2.15.so');
    const loc = Array.from(p.locations.address).indexOf(0x7f47a54360fd);
    expect(p.locations.mapping[loc]).toBe(libpthread);
  });

  it('gives a CPU profile without a map the fake all-memory mapping pprof adds', () => {
    const p = decodeFixture(`${T}profile/gobench.cpu`).profile;
    expect(p.mappings.length).toBe(1);
    expect(p.mappings.memoryStart[0]).toBe(0);
    expect(p.mappings.memoryLimit[0]).toBe(2 ** 64);
    expect(Array.from(p.locations.mapping).every((m) => m === 0)).toBe(true);
  });

  it('reads brief and /proc forms, $variables, glog prefixes and skips data mappings', () => {
    const maps = parseProcMaps(
      new TextLines(
        [
          'BIN=/usr/bin',
          'I0102 10:00:00.000000  1234 profiler.cc:99] 0x400000-0x500000: $BIN/server (@1000) abcdef',
          '7f0000000000-7f0000001000 r-xp 00002000 08:01 1234    /lib/libfoo.so',
          '7f0000001000-7f0000002000 rw-p 00003000 08:01 1234    /lib/libfoo.so',
          'not a mapping',
        ].join('\n'),
      ),
    );
    expect(maps).toEqual([
      { start: 0x400000, limit: 0x500000, offset: 0x1000, file: '/usr/bin/server', buildId: 'abcdef' },
      { start: 0x7f0000000000, limit: 0x7f0000001000, offset: 0x2000, file: '/lib/libfoo.so', buildId: '' },
    ]);
  });
});

describe('sample types, periods and un-sampling', () => {
  it('un-samples heapz_v2 by 1/(1-exp(-size/rate)) per sample', () => {
    const p = decodeFixture(`${T}profile/cppbench.heap`).profile;
    expect(p.period).toBe(524288);
    // "1: 9216 [1: 9216]" at rate 524288 → 57 objects, 528909 bytes (cppbench.heap.string).
    expect(dumpSamples(p).find((s) => s.labels === 'bytes:[9216]')!.values).toEqual([57, 528909]);
  });

  it('converts contention delays from cycles to nanoseconds and scales counts by the period', () => {
    const p = decodeFixture(`${T}profile/cppbench.contention`).profile;
    expect(p.period).toBe(100);
    expect(p.durationNanos).toBe(16502830 * 1e6);
    // "19490304 27 @ …" at 3.201 GHz, period 100 → 2700 contentions, 608881724 ns.
    expect(dumpSamples(p).some((s) => s.values[0] === 2700 && s.values[1] === 608881724)).toBe(true);
  });

  it('takes Java units from the resolution attribute', () => {
    const p = decodeFixture(`${T}profile/java.contention`).profile;
    expect(p.sampleTypes.map((t) => `${p.strings[t.type]}/${p.strings[t.unit]}`)).toEqual(['contentions/count', 'delay/microseconds']);
    expect(p.durationNanos).toBe(6019923 * 1e6);
  });

  it('sets drop_frames as pprof does for each kind', () => {
    const h = decodeFixture(`${T}profile/cppbench.heap`).profile;
    expect(h.strings[h.dropFrames]).toMatch(/^calloc\|cfree\|malloc\|.*\|operator new\(\\\[\\\]\)\?\|/);
    expect(h.strings[h.keepFrames]).toBe('runtime\\.panic|runtime\\.reflectcall|runtime\\.call[0-9]*');
    const c = decodeFixture(`${T}profile/cppbench.contention`).profile;
    expect(c.strings[c.dropFrames]).toMatch(/^RecordLockProfileData\|/);
    const cpu = decodeFixture(`${T}profile/cppbench.cpu`).profile;
    expect(cpu.strings[cpu.dropFrames]).toMatch(/^ProfileData::Add\|/);
  });
});

describe('Java frames are symbolized from the file', () => {
  it('names functions, files and lines', () => {
    const p = decodeFixture(`${T}profile/java.heap`).profile;
    const names = Array.from(p.functions.name, (n) => p.strings[n]);
    expect(names).toContain('com.example.function003');
    const f = names.indexOf('com.example.function003');
    expect(p.strings[p.functions.filename[f]]).toBe('Source003.java');
    expect(p.mappings.length).toBe(0);
    // Every location is a function line, none an address.
    expect(Array.from(p.locations.address).every((a) => a === 0)).toBe(true);
    expect(p.lines.length).toBe(p.locations.length);
  });

  it('keeps the agent states of a CPU profile as functions', () => {
    const p = decodeFixture(`${T}profile/java.cpu`).profile;
    const names = Array.from(p.functions.name, (n) => p.strings[n]);
    // GC and Compile have no samples left (all-zero), VM has two.
    expect(names).toContain('VM');
    expect(names).not.toContain('GC');
    expect(names).toContain('com.example.function06');
  });

  it('merges ids that name the same function and line', () => {
    const p = decodeFixture(`${T}profile/java.heap`).profile;
    const keys = new Set<string>();
    for (let l = 0; l < p.locations.length; l++) {
      const li = p.locations.lineStart[l];
      keys.add(`${p.lines.function[li]}:${p.lines.line[li]}`);
    }
    expect(keys.size).toBe(p.locations.length);
  });
});

describe('kinds', () => {
  const kinds: [string, string][] = [
    ['profile/cppbench.cpu', 'cpu'],
    ['profile/gobench.cpu', 'cpu'],
    ['profile/java.cpu', 'cpu'],
    ['profile/cppbench.contention', 'mutex'],
    ['profile/java.contention', 'mutex'],
    ['go-contention/mutex.debug1.txt', 'mutex'],
    ['profile/cppbench.heap', 'heap'],
    ['profile/cppbench.growth', 'heap'],
    ['profile/java.heap', 'heap'],
    // A census of live threads, not of where threads were created.
    ['profile/cppbench.thread', 'unknown'],
  ];
  for (const [fixture, kind] of kinds) {
    const path = fixture.startsWith('go-') ? fixture : T + fixture;
    it(`${fixture} → ${kind}`, () => expect(detectKind(decodeFixture(path).profile)).toBe(kind));
  }
});

describe('damaged files', () => {
  it('CPU profile cut inside a sample', () => {
    const e = decodeError(fixtureBytes(`${T}profile/cppbench.cpu`).subarray(0, 1000));
    expect(e.code).toBe('binary-malformed');
    expect(e.message).toMatch(/^This legacy CPU profile is cut short or damaged: sample \d+ \(byte \d+\) has \d+ frames, but only \d+ bytes remain\.$/);
  });

  it('CPU profile cut inside a word', () => {
    const e = decodeError(fixtureBytes(`${T}profile/go.crc32.cpu`).subarray(0, 8 * 5 + 3));
    expect(e.code).toBe('binary-malformed');
    expect(e.message).toBe('This legacy CPU profile is cut short: 3 stray bytes at byte 40 where sample 1 should start (its count and depth take 16).');
  });

  it('heap profile cut inside a sample line', () => {
    const t = fixtureText('profile/cppbench.heap');
    const cut = t.indexOf('[', t.indexOf('\n') + 1);
    const e = decodeError(text(t.slice(0, cut)));
    expect(e.code).toBe('text-malformed');
    expect(e.message).toBe('Heap profile line 2: expected "<objects>: <bytes> [<objects>: <bytes>] @ <addresses>", got "1:     9216".');
  });

  it('heap sample with a count of 0 but bytes', () => {
    const e = decodeError(text('heap profile: 1: 10 [ 1: 10] @ heapz_v2/524288\n 0: 10 [ 0: 10] @ 0x1\n'));
    expect(e.message).toBe('Heap profile line 2: in-use count is 0 but in-use bytes is 10.');
  });

  it('contention profile cut after the delay', () => {
    const t = fixtureText('profile/cppbench.contention');
    const e = decodeError(text(t.slice(0, t.indexOf('19490304') + 8)));
    expect(e.code).toBe('text-malformed');
    expect(e.message).toBe('Contention profile line 6: expected "<delay> <count> @ <addresses>", got "19490304".');
  });

  it('contention header with an unknown attribute', () => {
    const e = decodeError(text('--- contentionz 1 ---\ncycles/second = 3201000000\nfrequency = 7\n'));
    expect(e.message).toBe('Contention profile line 3: unknown header attribute "frequency".');
  });

  it('threadz cut before its memory map', () => {
    const t = fixtureText('profile/cppbench.thread');
    const e = decodeError(text(t.slice(0, t.indexOf('--- Memory map'))));
    expect(e.code).toBe('text-malformed');
    expect(e.message).toBe('This threadz profile ends after 4 threads without its memory map (is the file cut short?).');
  });

  it('threadz with a damaged thread header', () => {
    const t = fixtureText('profile/cppbench.thread').replace('(name: thread1/14751)', '(name thread1)');
    const e = decodeError(text(t));
    expect(e.message).toMatch(/^Threadz line 7: expected "--- Thread <id> \(name: <name>\/<tid>\) stack: ---", got "--- Thread 7f794964e700 \(name thread1\) stack: ---"\.$/);
  });

  it('Java heap profile cut before its symbols', () => {
    const t = fixtureText('profile/java.heap');
    // 119 ids, as java.heap.string has 119 locations.
    const e = decodeError(text(t.slice(0, t.indexOf(' 0x00000003 com.example'))));
    expect(e.code).toBe('text-malformed');
    expect(e.message).toMatch(/^This Java heapz profile names none of its 119 frames: the symbol lines .* is the file cut short\?$/);
  });

  it('Java heap profile cut inside a sample line', () => {
    const t = fixtureText('profile/java.heap');
    const e = decodeError(text(t.slice(0, t.indexOf('0x0000002c'))));
    expect(e.message).toBe('This Java heapz profile ends inside a sample line ("4752     9 @ 0x0000002b") before its symbol lines: is the file cut short?');
  });

  it('Java contention profile of another format', () => {
    const e = decodeError(text(fixtureText('profile/java.contention').replace('format = java', 'format = python')));
    expect(e.message).toBe('Java profile line 2: format is "python", not "java".');
  });

  it('Java heap profile without a resolution', () => {
    const e = decodeError(text(fixtureText('profile/java.heap').replace('resolution = bytes\n', '')));
    expect(e.message).toBe('This Java heapz profile has no "resolution" attribute, so its values have no unit.');
  });

  it('Java CPU profile cut inside a sample', () => {
    const e = decodeError(fixtureBytes(`${T}profile/java.cpu`).subarray(0, 100));
    expect(e.code).toBe('binary-malformed');
    expect(e.message).toMatch(/^This Java CPU profile is cut short/);
  });
});

describe('word formats of the binary CPU profile', () => {
  it('reads 32-bit big-endian words as it reads 64-bit little-endian ones', () => {
    const src = fixtureBytes(`${T}profile/go.crc32.cpu`);
    const words = src.length / 8;
    const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
    const out = new Uint8Array(words * 4);
    const w = new DataView(out.buffer);
    for (let i = 0; i < words; i++) {
      expect(view.getUint32(i * 8 + 4, true)).toBe(0); // fits 32 bits
      w.setUint32(i * 4, view.getUint32(i * 8, true), false);
    }
    const a = merged(dumpSamples(decode(src)));
    expect(merged(dumpSamples(decode(out)))).toEqual(a);
  });
});

describe('number syntax', () => {
  it('reads attributes as Go ParseInt(s, 0, 64) does', () => {
    expect(parseGoInt('100')).toBe(100);
    expect(parseGoInt('0x10')).toBe(16);
    expect(parseGoInt('010')).toBe(8);
    expect(parseGoInt('0')).toBe(0);
    expect(parseGoInt('1_000')).toBe(1000);
    expect(parseGoInt('-5')).toBe(-5);
    expect(parseGoInt('1__0')).toBeNaN();
    expect(parseGoInt('08')).toBeNaN();
    expect(parseGoInt('12a')).toBeNaN();
    expect(parseGoInt('')).toBeNaN();
  });

  it('reads hex addresses exactly up to 2^53 and refuses more than 64 bits', () => {
    expect(hexValue('7f47a54360fe')).toBe(0x7f47a54360fe);
    expect(hexValue('001fffffffffffff')).toBe(2 ** 53 - 1);
    expect(hexValue('ffffffffff600000')).toBe(2 ** 64 - 0xa00000);
    expect(hexValue('10000000000000000')).toBeNaN();
  });
});
