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
import { NARROW_LOCATIONS, NONE, transferList, type Profile } from '../../src/core/model';
import { runSync } from '../../src/core/progress';
import { decodeFixture } from '../helpers/fixtures';

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

/** Each sample's stack as location ids, root first. */
function stacksOf(p: Profile): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < p.samples.length; i++) {
    const ids: number[] = [];
    for (let s = p.samples.stack[i]; s !== NONE; s = p.stacks.parent[s]) ids.push(p.locations.id[p.stacks.location[s]]);
    out.push(ids.reverse());
  }
  return out;
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

/** Each sample's stack as function names, root first (a merge numbers locations anew). */
function namesOf(p: Profile): string[] {
  const name = (loc: number) => p.strings[p.functions.name[p.lines.function[p.locations.lineStart[loc]]]];
  return Array.from({ length: p.samples.length }, (_, i) => {
    const names: string[] = [];
    for (let s = p.samples.stack[i]; s !== NONE; s = p.stacks.parent[s]) names.push(name(p.stacks.location[s]));
    return names.reverse().join(' ');
  });
}

const decode = (bytes: Uint8Array) => runSync(decodeProfile(bytes)).profile;

describe('16-bit stack locations', () => {
  it('a proto of few locations: 16 bits, every stack as written', () => {
    const paths = pathsUpTo(400);
    const p = decode(encode(400, paths));
    expect(p.stacks.location).toBeInstanceOf(Uint16Array);
    expect(stacksOf(p)).toEqual(paths);
  });

  it(`at ${NARROW_LOCATIONS} locations still 16 bits; one more and 32, the highest index kept`, () => {
    const edge = decode(encode(NARROW_LOCATIONS, pathsUpTo(NARROW_LOCATIONS)));
    expect(edge.locations.length).toBe(NARROW_LOCATIONS);
    expect(edge.stacks.location).toBeInstanceOf(Uint16Array);
    expect(stacksOf(edge)).toEqual(pathsUpTo(NARROW_LOCATIONS));

    const over = decode(encode(NARROW_LOCATIONS + 1, pathsUpTo(NARROW_LOCATIONS + 1)));
    expect(over.stacks.location).toBeInstanceOf(Int32Array);
    expect(Math.max(...over.stacks.location)).toBe(NARROW_LOCATIONS);
    expect(stacksOf(over)).toEqual(pathsUpTo(NARROW_LOCATIONS + 1));
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
    const written = [...pathsUpTo(400), [5, 6, 7], [1, 2, 300]].map((path) => path.map((id) => `pkg.f${id}`).join(' '));
    expect(namesOf(merged).sort()).toEqual(written.sort());
  });
});
