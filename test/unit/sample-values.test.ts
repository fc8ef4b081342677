// Sample values are held in 32-bit integers while every value fits
// (SampleTable.values, decision 0035), else in 64-bit floats: a value of
// 2^31 or more read by the proto decoder, two samples whose merged sum
// passes 2^31, a text format's fraction. Each way the values read back
// exactly as the file gives them (or as pprof's merge adds them).

import { Profile as PprofProfile, StringTable } from 'pprof-format';
import { describe, expect, it } from 'vitest';
import { decodeProfile } from '../../src/core/decode';
import { dropZeroSamples } from '../../src/core/diff/merge';
import { ProfileBuilder } from '../../src/core/model';
import { runSync } from '../../src/core/progress';
import { decodeFixture } from '../helpers/fixtures';

/** A profile of two sample types whose sample k has these two values, on stack pkg.f<stacks[k]>. */
function encode(values: [number, number][], stacks = values.map((_, k) => k + 1)): Uint8Array {
  const st = new StringTable();
  const s = (x: string) => st.dedup(x);
  const file = s('f.go');
  const n = Math.max(...stacks);
  const function_ = Array.from({ length: n }, (_, i) => ({ id: i + 1, name: s(`pkg.f${i + 1}`), systemName: 0, filename: file }));
  const location = Array.from({ length: n }, (_, i) => ({ id: i + 1, line: [{ functionId: i + 1, line: 1 }] }));
  const sample = values.map((v, k) => ({ locationId: [stacks[k]], value: v }));
  const sampleType = [{ type: s('objects'), unit: s('count') }, { type: s('space'), unit: s('bytes') }];
  return new PprofProfile({ sampleType, sample, location, function: function_, stringTable: st }).encode();
}

const decode = (bytes: Uint8Array) => runSync(decodeProfile(bytes)).profile;

describe('sample values', () => {
  it('a heap profile of the runtime: 32-bit', () => {
    const p = decodeFixture('gzipleak.current.heap').profile;
    expect(p.samples.values).toBeInstanceOf(Int32Array);
    expect(p.samples.values.length).toBe(p.samples.length * 4);
  });

  it('small values, negative ones and 2^31 - 1: 32-bit, exact', () => {
    const p = decode(encode([[1, 2], [-5, 2 ** 31 - 1], [3, -(2 ** 31)]]));
    expect(p.samples.values).toBeInstanceOf(Int32Array);
    expect(Array.from(p.samples.values)).toEqual([1, 2, -5, 2 ** 31 - 1, 3, -(2 ** 31)]);
  });

  it('a value of 2^31 or more, after others: 64-bit, every value exact', () => {
    const p = decode(encode([[1, 2], [3, 4], [5, 2 ** 31], [6, 2 ** 40 + 1]]));
    expect(p.samples.values).toBeInstanceOf(Float64Array);
    expect(Array.from(p.samples.values)).toEqual([1, 2, 3, 4, 5, 2 ** 31, 6, 2 ** 40 + 1]);
  });

  it('two samples of one stack whose sum passes 2^31: merged exactly, 64-bit', () => {
    const p = decode(encode([[1, 2 ** 30 + 7], [9, 1], [2, 2 ** 30 + 9]], [1, 2, 1]));
    expect(p.samples.values).toBeInstanceOf(Float64Array);
    expect(Array.from(p.samples.values)).toEqual([3, 2 ** 31 + 16, 9, 1]);
  });

  it('a text format’s fraction: 64-bit; dropping zero samples keeps the kind', () => {
    const b = new ProfileBuilder('heap-text');
    b.sampleTypes = [{ type: b.intern('space'), unit: b.intern('bytes') }];
    b.addSample(b.internStack([0]), [4]);
    b.addSample(b.internStack([1]), [2.5]);
    const p = b.build({ merge: false });
    expect(p.samples.values).toBeInstanceOf(Float64Array);
    expect(Array.from(p.samples.values)).toEqual([4, 2.5]);

    const q = decode(encode([[1, 2], [0, 0], [3, 4]]));
    const zeroed = { ...q, samples: { ...q.samples, values: q.samples.values.map((v, i) => (i < 2 ? 0 : v)) } };
    const kept = dropZeroSamples(zeroed);
    expect(kept.samples.values).toBeInstanceOf(Int32Array);
    expect(Array.from(kept.samples.values)).toEqual([3, 4]);
  });
});
