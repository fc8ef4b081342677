// A stack node's location is held in 16 bits while the profile has at most
// 65,536 locations (StackTable.location): the proto decoder narrows the
// column before its first stack, build() narrows the legacy formats' and a
// merge's by copying. At the edge (65,536 locations: the last index is
// 65,535) it is still narrow, one more and it is 32 bits; either way every
// sample's stack reads back as the file has it.

import { Profile as PprofProfile, StringTable } from 'pprof-format';
import { describe, expect, it } from 'vitest';
import { decodeProfile } from '../../src/core/decode';
import { mergeProfiles } from '../../src/core/diff';
import { NARROW_LOCATIONS, transferList, type Profile } from '../../src/core/model';
import { runSync } from '../../src/core/progress';
import { decodeFixture } from '../helpers/fixtures';
import { dumpSamples } from '../helpers/pprof-dump';

/** A profile of `locations` locations; sample k's stack (root first) is `paths[k]`, location ids. */
function encode(locations: number, paths: number[][]): Uint8Array {
  const st = new StringTable();
  const s = (x: string) => st.dedup(x);
  const file = s('f.go');
  const function_ = Array.from({ length: locations }, (_, i) => ({ id: i + 1, name: s(`pkg.f${i + 1}`), systemName: 0, filename: file }));
  const location = Array.from({ length: locations }, (_, i) => ({ id: i + 1, line: [{ functionId: i + 1, line: 1 }] }));
  const sample = paths.map((p, i) => ({ locationId: p.slice().reverse(), value: [i + 1] }));
  return new PprofProfile({ sampleType: [{ type: s('space'), unit: s('bytes') }], sample, location, function: function_, stringTable: st }).encode();
}

/** Paths that reach the last locations (whose indices a 16-bit column could not hold past 65,535). */
function pathsUpTo(n: number): number[][] {
  return [
    [1, 2, n],
    [1, n - 1, n],
    [n, 3, n - 2],
    [2, 1],
  ];
}

/** Each sample's frames as the file has them (dumpSamples' terms, leaf first): every location's function is pkg.f<id>, line 1. */
const framesOf = (p: Profile) => dumpSamples(p).map((sample) => sample.frames);
const written = (paths: number[][]) => paths.map((path) => path.map((id) => `pkg.f${id}:1`).reverse());

const decode = (bytes: Uint8Array) => runSync(decodeProfile(bytes)).profile;

describe('16-bit stack locations', () => {
  it('a proto of few locations: 16 bits, every stack as written', () => {
    const paths = pathsUpTo(400);
    const p = decode(encode(400, paths));
    expect(p.stacks.location).toBeInstanceOf(Uint16Array);
    expect(framesOf(p)).toEqual(written(paths));
  });

  it(`at ${NARROW_LOCATIONS} locations still 16 bits; one more and 32, the highest index kept`, () => {
    const edge = decode(encode(NARROW_LOCATIONS, pathsUpTo(NARROW_LOCATIONS)));
    expect(edge.locations.length).toBe(NARROW_LOCATIONS);
    expect(edge.stacks.location).toBeInstanceOf(Uint16Array);
    expect(framesOf(edge)).toEqual(written(pathsUpTo(NARROW_LOCATIONS)));

    const over = decode(encode(NARROW_LOCATIONS + 1, pathsUpTo(NARROW_LOCATIONS + 1)));
    expect(over.stacks.location).toBeInstanceOf(Int32Array);
    expect(Math.max(...over.stacks.location)).toBe(NARROW_LOCATIONS);
    expect(framesOf(over)).toEqual(written(pathsUpTo(NARROW_LOCATIONS + 1)));
  });

  it('a legacy text profile and a merge are narrowed when they are built, and still transfer', () => {
    const text = decodeFixture('leakspike.s01.heap.debug1.txt').profile;
    expect(text.format).toBe('heap-text');
    expect(text.stacks.location).toBeInstanceOf(Uint16Array);
    expect(transferList(text)).toContain(text.stacks.location.buffer);

    const a = decode(encode(400, pathsUpTo(400)));
    const b = decode(encode(300, [[5, 6, 7], [1, 2, 300]]));
    const merged = mergeProfiles([{ profile: a }, { profile: b }]);
    expect(merged.stacks.location).toBeInstanceOf(Uint16Array);
    const frames = (list: string[][]) => list.map((f) => f.join(' ')).sort();
    expect(frames(framesOf(merged))).toEqual(frames(written([...pathsUpTo(400), [5, 6, 7], [1, 2, 300]])));
  });
});
