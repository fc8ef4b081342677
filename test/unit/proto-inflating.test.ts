// profile.proto read in one pass while it inflates (core/proto/inflating.ts,
// decision 0050): where the one pass reads a profile it is the profile the
// two passes build; where it stops (anything but the Go runtime's order,
// damage), decodeProfile reads the whole output the usual way, so the
// outcome, profile or error word for word, is the same. The inflater here is
// a stand-in that hands out its output a step at a time, the rest of its
// buffer junk until then; inflate-elsewhere.test.ts runs the real thread.

import { isDeepStrictEqual } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeProfile, decodeProfileInflating, type InflatingBytes } from '../../src/core/decode';
import { runSync } from '../../src/core/progress';
import { decodeProto, decodeProtoInflating } from '../../src/core/proto';
import { allProfileFixtures, fixtureBytes } from '../helpers/fixtures';
import { outcomeOf } from '../helpers/outcome';
import { mulberry32 } from '../helpers/random';

/** The output of a gzip file handed out `step` bytes per wait; 'failed' at once where zlib cannot read it. */
function stepwise(gz: Uint8Array, step: number, size?: number): InflatingBytes & { waits: number } {
  let out: Uint8Array | undefined;
  try {
    out = new Uint8Array(gunzipSync(gz));
  } catch {
    out = undefined;
  }
  const bytes = new Uint8Array(Math.max(size ?? out?.length ?? 0, out?.length ?? 0)).fill(0xaa);
  let have = 0;
  const self = {
    bytes,
    waits: 0,
    inflated: () => have,
    wait() {
      self.waits++;
      if (!out) return;
      const next = Math.min(out.length, have + step);
      bytes.set(out.subarray(have, next), have);
      have = next;
    },
    outcome: () => (!out ? 'failed' : have === out.length ? bytes.subarray(0, have) : null),
  };
  return self;
}

const elsewhere = (step: number) => (gz: Uint8Array) => stepwise(gz, step);

const isGz = (b: Uint8Array) => b[0] === 0x1f && b[1] === 0x8b;
const gzFixtures = allProfileFixtures().filter((f) => isGz(fixtureBytes(f)));
/** Written by pprof's profile package (or our generator, which uses one like it): samples first. */
const samplesFirst = ['pprof-testdata/driver/cppbench.cpu_no_samples_type', 'pprof-testdata/driver/go.nomappings.crash', 'synthetic/names.heap'];
/** Written by the Go runtime. */
const goWritten = gzFixtures.filter((f) => !samplesFirst.includes(f));

function twoPasses(gz: Uint8Array) {
  return runSync(decodeProto({ bytes: new Uint8Array(gunzipSync(gz)) }, 'branchings'));
}

describe('one pass while inflating', () => {
  it(`reads each Go-written fixture as the two passes do, whatever the steps (${goWritten.length} files)`, () => {
    expect(goWritten.length).toBeGreaterThan(10);
    for (const f of goWritten) {
      const gz = fixtureBytes(f);
      let raw: Uint8Array;
      try {
        raw = new Uint8Array(gunzipSync(gz));
        runSync(decodeProto({ bytes: raw.slice() }));
      } catch {
        continue; // a legacy text format, gzipped
      }
      const want = twoPasses(gz);
      for (const step of raw.length < 1 << 16 ? [1, 97, 1 << 20] : [4093, 1 << 16, 1 << 26]) {
        const inflating = stepwise(gz, step);
        const got = runSync(decodeProtoInflating(inflating, 'branchings'));
        expect(got, `${f}, steps of ${step}: the one pass stopped`).toBeDefined();
        expect(isDeepStrictEqual(got, want), `${f}, steps of ${step}`).toBe(true);
        if (step < raw.length) expect(inflating.waits, f).toBeGreaterThan(1);
      }
    }
  });

  it(`decodeProfile's outcome is the usual one for each of the ${gzFixtures.length} gzip fixtures`, () => {
    expect(gzFixtures.length).toBeGreaterThan(20);
    for (const f of gzFixtures) {
      const gz = fixtureBytes(f);
      const usual = outcomeOf(() => runSync(decodeProfile(gz)));
      for (const step of [4093, 1 << 26]) {
        const read = outcomeOf(() => runSync(decodeProfileInflating(gz, elsewhere(step))));
        expect(isDeepStrictEqual(read, usual), `${f}, steps of ${step}`).toBe(true);
      }
    }
  });

  it('stops at the profiles written samples first (pprof’s own order), and decodeProfile reads them the usual way', () => {
    for (const f of samplesFirst) {
      const gz = fixtureBytes(f);
      expect(runSync(decodeProtoInflating(stepwise(gz, 4093), 'branchings')), f).toBeUndefined();
      expect(isDeepStrictEqual(runSync(decodeProfileInflating(gz, elsewhere(4093))), runSync(decodeProfile(gz))), f).toBe(true);
    }
  });

  it('damage inside the gzip stream or the proto: the same outcome as the usual way, word for word', () => {
    const heap = fixtureBytes('gzipleak.base.heap');
    const raw = new Uint8Array(gunzipSync(heap));
    const random = mulberry32(50);
    const cases: Uint8Array[] = [heap.subarray(0, heap.length >> 1), heap.subarray(0, heap.length - 3)];
    for (let i = 0; i < 60; i++) {
      const damaged = raw.slice();
      const at = Math.floor(random() * damaged.length);
      if (i % 3 === 0) cases.push(gzipSync(damaged.subarray(0, at)));
      else {
        damaged[at] ^= 1 + Math.floor(random() * 255);
        cases.push(gzipSync(damaged));
      }
    }
    let errors = 0;
    for (const [i, gz] of cases.entries()) {
      const usual = outcomeOf(() => runSync(decodeProfile(gz)));
      if ('code' in usual) errors++;
      const read = outcomeOf(() => runSync(decodeProfileInflating(gz, elsewhere(1021))));
      expect(isDeepStrictEqual(read, usual), `case ${i}`).toBe(true);
    }
    expect(errors).toBeGreaterThan(20);
  });
});

// ---- profiles written field by field, in the Go runtime's order or not

const varint = (v: number): number[] => {
  const out: number[] = [];
  for (; v >= 0x80; v = Math.floor(v / 128)) out.push((v % 128) | 0x80);
  out.push(v);
  return out;
};
const num = (field: number, v: number) => [...varint(field << 3), ...varint(v)];
const msg = (field: number, body: number[]) => [...varint((field << 3) | 2), ...varint(body.length), ...body];
const packed = (field: number, vs: number[]) => msg(field, vs.flatMap(varint));
const str = (s: string) => msg(6, [...Buffer.from(s)]);

interface Parts {
  /** Location ids in the order written. */
  locations: number[];
  /** Per sample: its location ids, leaf first; its label's key and value string indices. */
  samples: { stack: number[]; label?: [number, number] }[];
  /** Where the samples go: after the locations (Go) or before them. */
  samplesFirst?: boolean;
  /** A sample type written again after the samples. */
  typeAfter?: boolean;
}

/** A heap-like profile: one function per location ("f<id>"), strings last as Go writes them. */
function written({ locations, samples, samplesFirst, typeAfter }: Parts): Uint8Array {
  const strings = ['', 'space', 'bytes', 'key', 'value', ...locations.map((id) => `f${id}`)];
  const type = msg(1, [...num(1, 1), ...num(2, 2)]);
  const fns = locations.flatMap((id, i) => msg(5, [...num(1, id), ...num(2, 5 + i)]));
  const locs = locations.flatMap((id) => msg(4, [...num(1, id), ...msg(4, num(1, id))]));
  const sampleBytes = samples.flatMap(({ stack, label }, i) =>
    msg(2, [...packed(1, stack), ...packed(2, [i + 1]), ...(label ? msg(3, [...num(1, label[0]), ...num(2, label[1])]) : [])]),
  );
  const body = samplesFirst ? [...type, ...sampleBytes, ...fns, ...locs] : [...type, ...fns, ...locs, ...sampleBytes];
  return gzipSync(new Uint8Array([...body, ...(typeAfter ? type : []), ...strings.flatMap(str)]));
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('one pass while inflating: what it leaves to the usual way', () => {
  const go: Parts = { locations: ids(6), samples: [{ stack: [3, 2, 1] }, { stack: [6, 5, 4, 1], label: [3, 4] }, { stack: [2, 1] }] };
  const cases: [string, Parts][] = [
    ['locations out of order', { ...go, locations: [1, 3, 2, 4, 5, 6] }],
    ['ids that skip one', { ...go, locations: [1, 2, 3, 4, 5, 7], samples: [{ stack: [7, 1] }] }],
    ['samples before their locations', { ...go, samplesFirst: true }],
    ['a sample type after the samples', { ...go, typeAfter: true }],
    ['a label naming a string past the table', { ...go, samples: [{ stack: [2, 1], label: [3, 400] }] }],
  ];

  it('reads a profile in Go’s order', () => {
    const gz = written(go);
    const got = runSync(decodeProtoInflating(stepwise(gz, 7), 'branchings'));
    expect(got).toBeDefined();
    expect(isDeepStrictEqual(got, twoPasses(gz))).toBe(true);
  });

  for (const [what, parts] of cases) {
    it(`stops at ${what}; decodeProfile's outcome is the usual one`, () => {
      const gz = written(parts);
      expect(runSync(decodeProtoInflating(stepwise(gz, 7), 'branchings'))).toBeUndefined();
      const usual = outcomeOf(() => runSync(decodeProfile(gz)));
      expect(outcomeOf(() => runSync(decodeProfileInflating(gz, elsewhere(7))))).toEqual(usual);
    });
  }

  it('a label past the string table is the usual error', () => {
    const gz = written(cases[4][1]);
    expect(outcomeOf(() => runSync(decodeProfileInflating(gz, elsewhere(7))))).toMatchObject({
      code: 'proto-malformed',
      message: expect.stringContaining('a label names a string outside the string table'),
    });
  });

  it('widens the stack tree’s location column once there are more locations than 16 bits hold, as the two passes have it', () => {
    const n = (1 << 16) + 3;
    const gz = written({ locations: ids(n), samples: [{ stack: [3, 2, 1] }, { stack: [n, n - 1, 1] }, { stack: [2, 1] }] });
    const got = runSync(decodeProtoInflating(stepwise(gz, 1 << 16), 'branchings'))!;
    expect(got).toBeDefined();
    expect(got.stacks.location).toBeInstanceOf(Int32Array);
    expect(isDeepStrictEqual(got, twoPasses(gz))).toBe(true);
    const narrow = written(go);
    expect(runSync(decodeProtoInflating(stepwise(narrow, 7), 'branchings'))!.stacks.location).toBeInstanceOf(Uint16Array);
  });

  it('an output larger than the trailer said (two members) fails the inflate, and the usual way reads it', () => {
    const gz = fixtureBytes('gzipleak.base.heap');
    const two = new Uint8Array(Buffer.concat([gzipSync(Buffer.alloc(0)), gz]));
    const usual = outcomeOf(() => runSync(decodeProfile(two)));
    expect('profile' in usual).toBe(true);
    const small = (g: Uint8Array) => {
      const s = stepwise(g, 4093);
      return { ...s, bytes: s.bytes.subarray(0, 100), outcome: () => 'failed' as const };
    };
    expect(outcomeOf(() => runSync(decodeProfileInflating(two, small)))).toEqual(usual);
  });
});
