// The stack tree's parents as StackTableBuilder keeps them (decision 0036):
// a bit for each node made right after its parent, a list of the others.
// Checked against a tree built the plain way, a Map per node.

import { describe, expect, it } from 'vitest';
import { NONE, StackTableBuilder, unpackParents } from '../../src/core/model';

/** A seeded generator (mulberry32): the same trees on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Paths (root first) that share prefixes, start at several roots, and repeat. */
function paths(n: number, seed: number): number[][] {
  const rnd = random(seed);
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    if (out.length > 0 && rnd() < 0.5) {
      const from = out[Math.floor(rnd() * out.length)];
      const keep = Math.floor(rnd() * (from.length + 1));
      const path = from.slice(0, keep);
      const more = Math.floor(rnd() * 6);
      for (let k = 0; k < more; k++) path.push(Math.floor(rnd() * 40));
      out.push(path);
    } else {
      out.push(Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => Math.floor(rnd() * 40)));
    }
  }
  return out;
}

/** The reference: node ids in order of creation, a Map of children per node. */
function plainTree(ps: number[][]): { parent: number[]; leaves: number[] } {
  const parent: number[] = [];
  const children = new Map<string, number>();
  const leaves = ps.map((path) => {
    let node = NONE;
    for (const loc of path) {
      const key = `${node}/${loc}`;
      let c = children.get(key);
      if (c === undefined) {
        c = parent.length;
        parent.push(node);
        children.set(key, c);
      }
      node = c;
    }
    return node;
  });
  return { parent, leaves };
}

describe('stack parents without a column', () => {
  it('give the parents of a tree built the plain way, whole and node by node', () => {
    for (const seed of [1, 2, 3]) {
      const ps = paths(3000, seed);
      const want = plainTree(ps);
      const b = new StackTableBuilder();
      const leaves = ps.map((path) => b.internPath([...path].reverse(), 0, path.length));
      expect(leaves).toEqual(want.leaves);
      expect([...b.parents()]).toEqual(want.parent);
      for (let n = 0; n < b.length; n++) expect(b.parentOf(n)).toBe(want.parent[n]);
      // Most nodes follow their parent; the others are listed, and make the column.
      const branchings = b.branchingsOf();
      expect(branchings.node.length).toBe(want.parent.filter((p, n) => p !== n - 1).length);
      expect([...unpackParents(b.length, branchings)]).toEqual(want.parent);
    }
  });

  it('taken over from a column, find the same nodes and add new ones after them', () => {
    const ps = paths(2000, 7);
    const first = new StackTableBuilder();
    const leaves = ps.map((path) => first.internPath([...path].reverse(), 0, path.length));
    const column = first.parents();
    const copy = new StackTableBuilder();
    copy.adoptParents(column, first.length);
    copy.location.data.set(first.location.data.subarray(0, first.length));
    expect(ps.map((path) => copy.internPath([...path].reverse(), 0, path.length))).toEqual(leaves);
    expect(copy.length).toBe(first.length);
    const more = paths(500, 8);
    const want = plainTree([...ps, ...more]);
    for (const path of more) copy.internPath([...path].reverse(), 0, path.length);
    expect([...copy.parents()]).toEqual(want.parent);
    for (let n = 0; n < copy.length; n++) expect(copy.parentOf(n)).toBe(want.parent[n]);
  });
});
