// internPaths interns many paths at once and must number the tree node for
// node as interning them one by one in order (StackTableBuilder.internPath)
// does: the proto decoder's stack ids, and every golden, depend on it. Checked
// on every fixture's sample paths, and on generated paths enough for many
// groups and regions (paths shorter than the shallow levels, empty ones,
// repeats, shared prefixes of every depth), and on a tree already holding
// nodes (interned one by one).

import { describe, expect, it } from 'vitest';
import { isProfileError } from '../../src/core/errors';
import { internPaths, NONE, PathPool, StackTableBuilder, type Profile } from '../../src/core/model';
import { allProfileFixtures, decodeFixture } from '../helpers/fixtures';

/** Each sample's path, leaf first, in sample order. */
function samplePaths(p: Profile): number[][] {
  const paths: number[][] = [];
  for (let i = 0; i < p.samples.length; i++) {
    const path: number[] = [];
    for (let n = p.samples.stack[i]; n !== NONE; n = p.stacks.parent[n]) path.push(p.stacks.location[n]);
    paths.push(path);
  }
  return paths;
}

/** The tree and leaves of interning `paths` one by one, and of internPaths; `before` interned one by one first in both. */
function both(paths: number[][], before: number[][] = []) {
  const one = new StackTableBuilder();
  const batch = new StackTableBuilder();
  for (const path of before) {
    one.internPath(path, 0, path.length);
    batch.internPath(path, 0, path.length);
  }
  const leavesOne = paths.map((path) => one.internPath(path, 0, path.length));
  const pool = new PathPool();
  const ids = paths.map((path) => pool.add(path, 0, path.length));
  const leaves = internPaths(batch, pool);
  const column = (b: StackTableBuilder, c: 'parent' | 'location') => Array.from(b[c].data.subarray(0, b.length));
  return {
    one: { parent: column(one, 'parent'), location: column(one, 'location'), leaves: leavesOne },
    batch: { parent: column(batch, 'parent'), location: column(batch, 'location'), leaves: ids.map((id) => leaves[id]) },
  };
}

/** A deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Paths in a wide call graph: root-first, each level picks one of `fanOut`
 * locations named from its parent's, so prefixes are shared at every depth;
 * some are cut short, repeated or empty.
 */
function generated(n: number, seed: number, fanOut: number): number[][] {
  const next = random(seed);
  const paths: number[][] = [];
  for (let i = 0; i < n; i++) {
    const r = next();
    if (r < 0.02) {
      paths.push([]);
      continue;
    }
    if (r < 0.1 && paths.length > 0) {
      paths.push(paths[Math.floor(next() * paths.length)].slice());
      continue;
    }
    const depth = 1 + Math.floor(next() * 30);
    const rootFirst: number[] = [];
    let loc = 0;
    for (let d = 0; d < depth; d++) {
      loc = (loc * fanOut + 1 + Math.floor(next() * next() * fanOut)) % 50000;
      rootFirst.push(loc);
    }
    paths.push(rootFirst.reverse());
  }
  return paths;
}

describe('internPaths numbers the tree as interning one by one does', () => {
  it('on every fixture', () => {
    let checked = 0;
    for (const name of allProfileFixtures()) {
      let p: Profile;
      try {
        p = decodeFixture(name).profile; // a bad file has no paths to check
      } catch (e) {
        if (!isProfileError(e)) throw e;
        continue;
      }
      if (p.samples.length === 0) continue;
      const { one, batch } = both(samplePaths(p));
      expect(batch, name).toEqual(one);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('on generated paths: many groups and regions', () => {
    for (const [seed, fanOut] of [
      [1, 3],
      [2, 8],
      [3, 40],
    ]) {
      const paths = generated(30000, seed, fanOut);
      // Several regions' worth of locations (internDeep's regions hold 65,536 words).
      expect(paths.reduce((sum, path) => sum + path.length, 0)).toBeGreaterThan(4 * 65536);
      const { one, batch } = both(paths);
      expect(one.parent.length).toBeGreaterThan(100000);
      expect(batch).toEqual(one);
    }
  });

  it('on a tree that already has nodes', () => {
    const paths = generated(3000, 4, 6);
    const { one, batch } = both(paths.slice(1000), paths.slice(0, 1000));
    expect(batch).toEqual(one);
  });

  it('an empty path is NONE', () => {
    const { batch } = both([[], [3, 2, 1], []]);
    expect(batch.leaves).toEqual([NONE, 2, NONE]);
  });
});
