// A sample's labels are stored once per distinct set (LabelTable, decision
// 0035): every sample reads back the labels the file gives it (sorted, as
// pprof compares them), equal sets are one set whichever order the file
// wrote them in and whichever way the decoder read them (the one-label fast
// path, several labels, a label too large for the fast path), a sample
// dropped for its zero values leaves no set, and samples that differ in
// nothing but the order of their labels merge.

import { Profile as PprofProfile, StringTable } from 'pprof-format';
import { describe, expect, it } from 'vitest';
import { decodeProfile } from '../../src/core/decode';
import { ProfileBuilder, type Profile } from '../../src/core/model';
import { runSync } from '../../src/core/progress';
import { decodeFixture } from '../helpers/fixtures';
import { dumpSamples } from '../helpers/pprof-dump';

type Lab = { key: string; str?: string; num?: number };

/** A heap profile of one function per sample (pkg.f<k>, k the sample's stack) with these values and labels. */
function encode(samples: { stack: number; value: number; labels: Lab[] }[]): Uint8Array {
  const st = new StringTable();
  const s = (x: string) => st.dedup(x);
  const file = s('f.go');
  const n = Math.max(...samples.map((x) => x.stack));
  const function_ = Array.from({ length: n }, (_, i) => ({ id: i + 1, name: s(`pkg.f${i + 1}`), systemName: 0, filename: file }));
  const location = Array.from({ length: n }, (_, i) => ({ id: i + 1, line: [{ functionId: i + 1, line: 1 }] }));
  const sample = samples.map((x) => ({
    locationId: [x.stack],
    value: [x.value],
    label: x.labels.map((l) => ({ key: s(l.key), str: l.str === undefined ? 0 : s(l.str), num: l.num ?? 0 })),
  }));
  return new PprofProfile({ sampleType: [{ type: s('space'), unit: s('bytes') }], sample, location, function: function_, stringTable: st }).encode();
}

const decode = (bytes: Uint8Array) => runSync(decodeProfile(bytes)).profile;

/** Each set's labels as text; set 0 first. */
function setTexts(p: Profile): string[] {
  const l = p.labels;
  const out: string[] = [];
  for (let set = 0; set < l.sets; set++) {
    const rows: string[] = [];
    for (let k = l.setStart[set]; k < l.setStart[set + 1]; k++) rows.push(`${p.strings[l.key[k]]}=${l.isNum[k] ? l.num[k] : p.strings[l.str[k]]}`);
    out.push(rows.join(','));
  }
  return out;
}

const BIG = 2 ** 40; // a varint of six bytes: not the fast path's small label

describe('label sets', () => {
  it('each sample reads back its labels; equal sets are stored once, however written and read', () => {
    const p = decode(
      encode([
        { stack: 1, value: 10, labels: [{ key: 'bytes', num: 64 }] },
        { stack: 2, value: 20, labels: [{ key: 'bytes', num: 64 }] },
        { stack: 3, value: 30, labels: [{ key: 'bytes', num: 128 }] },
        { stack: 4, value: 40, labels: [{ key: 'tenant', str: 'b' }, { key: 'bytes', num: 64 }] },
        { stack: 5, value: 50, labels: [{ key: 'bytes', num: 64 }, { key: 'tenant', str: 'b' }] },
        { stack: 6, value: 60, labels: [{ key: 'bytes', num: BIG }] },
        { stack: 7, value: 70, labels: [{ key: 'bytes', num: BIG }] },
        { stack: 8, value: 0, labels: [{ key: 'bytes', num: 999 }] },
        { stack: 9, value: 90, labels: [] },
        { stack: 10, value: 100, labels: [{ key: 'bytes', num: 128 }] },
      ]),
    );
    expect(dumpSamples(p).map((x) => [x.frames[0], x.labels])).toEqual([
      ['pkg.f1:1', 'bytes:[64]'],
      ['pkg.f2:1', 'bytes:[64]'],
      ['pkg.f3:1', 'bytes:[128]'],
      ['pkg.f4:1', 'bytes:[64]tenant:[b]'],
      ['pkg.f5:1', 'bytes:[64]tenant:[b]'],
      ['pkg.f6:1', `bytes:[${BIG}]`],
      ['pkg.f7:1', `bytes:[${BIG}]`],
      ['pkg.f9:1', ''],
      ['pkg.f10:1', 'bytes:[128]'],
    ]);
    expect(setTexts(p)).toEqual(['', 'bytes=64', 'bytes=128', 'bytes=64,tenant=b', `bytes=${BIG}`]);
    expect(p.labels.length).toBe(5);
    expect(Array.from(p.samples.labelSet)).toEqual([1, 1, 2, 3, 3, 4, 4, 0, 2]);
  });

  it('samples of one stack whose labels differ only in order merge into one', () => {
    const b = new ProfileBuilder('heap-text');
    b.sampleTypes = [{ type: b.intern('space'), unit: b.intern('bytes') }];
    const stack = b.internStack([0]);
    const [bytes, tenant, x] = [b.intern('bytes'), b.intern('tenant'), b.intern('x')];
    b.addLabel(tenant, x, 0, 0, false);
    b.addLabel(bytes, 0, 64, 0, true);
    b.addSample(stack, [10]);
    b.addLabel(bytes, 0, 64, 0, true);
    b.addLabel(tenant, x, 0, 0, false);
    b.addSample(stack, [5]);
    const p = b.build();
    expect(p.samples.length).toBe(1);
    expect(Array.from(p.samples.values)).toEqual([15]);
    expect(setTexts(p)[p.samples.labelSet[0]]).toBe('bytes=64,tenant=x');
  });

  it('a real heap profile: a set per distinct size, each row once', () => {
    const p = decodeFixture('gzipleak.current.heap').profile;
    const texts = dumpSamples(p).map((x) => x.labels);
    const distinct = new Set(texts);
    expect(p.samples.length).toBe(130);
    expect(distinct.size).toBe(37);
    // Every set is some sample's (nothing was dropped), set 0 none of them: one row per set.
    expect(p.labels.sets).toBe(distinct.size + 1);
    expect(p.labels.length).toBe(distinct.size);
    expect(new Set(setTexts(p)).size).toBe(p.labels.sets);
  });
});
