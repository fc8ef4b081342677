// Once stacks stop being looked up by their bytes (a profile of nearly all
// distinct stacks), the decoder interns them a batch at a time
// (StackTableBuilder.internPaths): the tree must be the one interning each
// sample's stack alone, in file order, gives, node for node. The profile
// here is made to need it: more distinct stacks than the byte lookup tries,
// consecutive samples on one stack or on a prefix the sample before made
// (one batch depends on itself), samples dropped as zero, and samples of
// another shape (a value of 2^31) read the careful way between batches.

import { Profile as PprofProfile, StringTable } from 'pprof-format';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeProfile } from '../../src/core/decode';
import { NONE, StackTableBuilder } from '../../src/core/model';
import { runSync } from '../../src/core/progress';
import { mulberry32 as random } from '../helpers/random';

const LOCATIONS = 400;

/** Location ids of each sample, root first, and its first value. */
function samplePaths(n: number): { paths: number[][]; values: number[] } {
  const next = random(42);
  const pick = (k: number) => Math.floor(next() * k);
  const paths: number[][] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const prev = paths[i - 1];
    const r = next();
    let path: number[];
    if (prev && r < 0.05) path = prev.slice(); // the same stack again
    else if (prev && r < 0.4) path = [...prev.slice(0, 1 + pick(prev.length)), ...Array.from({ length: 1 + pick(6) }, () => 1 + pick(LOCATIONS))];
    else path = [1 + pick(5), ...Array.from({ length: 4 + pick(16) }, () => 1 + pick(LOCATIONS))];
    paths.push(path);
    values.push(i % 13 === 0 ? 0 : i % 97 === 0 ? 2 ** 31 : 1 + pick(1000));
  }
  return { paths, values };
}

function encode(paths: number[][], values: number[]): Uint8Array {
  const st = new StringTable();
  const s = (x: string) => st.dedup(x);
  const functions = Array.from({ length: LOCATIONS }, (_, i) => ({ id: i + 1, name: s(`pkg.f${i + 1}`), systemName: 0, filename: s('f.go') }));
  const locations = Array.from({ length: LOCATIONS }, (_, i) => ({ id: i + 1, line: [{ functionId: i + 1, line: 1 }] }));
  // A label of its own per sample: equal stacks stay apart (not merged), so sample i is row i.
  const bytes = s('bytes');
  const sample = paths.map((p, i) => ({ locationId: p.slice().reverse(), value: [values[i]], label: [{ key: bytes, num: i + 1 }] }));
  return new PprofProfile({ sampleType: [{ type: s('space'), unit: s('bytes') }], sample, location: locations, function: functions, stringTable: st }).encode();
}

describe('stacks interned in batches', () => {
  afterEach(() => vi.restoreAllMocks());

  it('make the tree of interning one stack at a time, in file order', () => {
    const { paths, values } = samplePaths(30_000);
    const batches = vi.spyOn(StackTableBuilder.prototype, 'internPaths');
    const p = runSync(decodeProfile(encode(paths, values))).profile;
    expect(batches).toHaveBeenCalled(); // the batch path ran, and not for a few samples only
    expect(batches.mock.calls.reduce((n, c) => n + c[2], 0)).toBeGreaterThan(15_000);

    // The reference: each stack alone, zero samples' too, in file order.
    const index = new Map<number, number>();
    for (let i = 0; i < p.locations.length; i++) index.set(p.locations.id[i], i);
    const one = new StackTableBuilder();
    const leaves = paths.map((path) => one.internPath(path.map((id) => index.get(id)!).reverse(), 0, path.length));
    expect(p.stacks.length).toBe(one.length);
    expect(p.stacks.parent).toEqual(one.parents());
    expect([...p.stacks.location]).toEqual([...one.location.data.subarray(0, one.length)]);

    // Every kept sample on its own stack.
    const kept = paths.flatMap((_, i) => (values[i] === 0 ? [] : [i]));
    expect(p.samples.length).toBe(kept.length);
    kept.forEach((i, row) => {
      expect(p.samples.stack[row]).toBe(leaves[i]);
      const ids: number[] = [];
      for (let s = p.samples.stack[row]; s !== NONE; s = p.stacks.parent[s]) ids.push(p.locations.id[p.stacks.location[s]]);
      if (ids.reverse().join() !== paths[i].join()) expect(ids, `sample ${i}`).toEqual(paths[i]);
    });
  });

  it('in the builder alone: the same tree where a node and the one made after it often share a location', () => {
    // Three locations: a node's next one holds the location looked for whatever its parent, so a
    // lookup that took the next node without its chained bit would go down the wrong branch.
    const next = random(7);
    const pick = (k: number) => Math.floor(next() * k);
    const leafFirst: number[] = [];
    const starts = [0];
    for (let k = 0; k < 4_000; k++) {
      const depth = 1 + pick(12);
      for (let d = 0; d < depth; d++) leafFirst.push(pick(3));
      starts.push(leafFirst.length);
    }
    const one = new StackTableBuilder();
    const oneLeaves = starts.slice(0, -1).map((s, k) => one.internPath(leafFirst, s, starts[k + 1] - s));

    const batched = new StackTableBuilder();
    const paths = Int32Array.from(leafFirst);
    const leaves: number[] = [];
    for (let k = 0, size = 1; k < starts.length - 1; k += size, size = 1 + (size % 23)) {
      const n = Math.min(size, starts.length - 1 - k);
      const out = new Int32Array(n);
      batched.internPaths(paths, Int32Array.from(starts.slice(k, k + n + 1)), n, out);
      leaves.push(...out);
    }
    expect(batched.length).toBe(one.length);
    expect(batched.parents()).toEqual(one.parents());
    expect([...batched.location.data.subarray(0, batched.length)]).toEqual([...one.location.data.subarray(0, one.length)]);
    expect(leaves).toEqual(oneLeaves);
  });
});
