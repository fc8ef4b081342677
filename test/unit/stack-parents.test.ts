// The stack tree's parents as StackTableBuilder keeps them (decision 0036):
// a bit for each node made right after its parent, a list of the others.
// Checked against a tree built the plain way, a Map per node.

import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { decodeProfile } from '../../src/core/decode';
import { decodeProto } from '../../src/core/proto';
import { NONE, parentIndex, parentOf, receiveStacks, StackTableBuilder, transferList, type Profile, type StackTable } from '../../src/core/model';
import { runSync } from '../../src/core/progress';
import { TopViews } from '../../src/core/top';
import { fixtureBytes } from '../helpers/fixtures';
import { mulberry32 as random } from '../helpers/random';

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

/** As the page's view worker gets a profile: decoded with branchings, moved, received. */
function received(name: string): Profile {
  const p = runSync(decodeProfile(fixtureBytes(name), { sendParents: true })).profile;
  const arrived = structuredClone(p, { transfer: transferList(p) });
  receiveStacks(arrived);
  return arrived;
}

const columnMade = (s: StackTable) => Object.getOwnPropertyDescriptor(s, 'parent')?.get === undefined;

/** The parent column as the builder writes it when asked to in the decode (the reference). */
const builtColumn = (name: string) => runSync(decodeProto({ bytes: gunzipSync(fixtureBytes(name)) }, 'column')).stacks.parent;

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
      expect(branchings.parent.length).toBe(want.parent.filter((p, n) => p !== n - 1).length);
      // The index a received tree reads its parents through, from either form.
      const tree: StackTable = { length: b.length, parent: b.parents(), location: b.location.data.subarray(0, b.length) };
      const fromColumn = parentIndex(tree);
      const fromBranchings = parentIndex({ ...tree, parent: new Int32Array(0), branchings });
      for (let n = 0; n < b.length; n++) {
        expect(parentOf(fromColumn, n)).toBe(want.parent[n]);
        expect(parentOf(fromBranchings, n)).toBe(want.parent[n]);
      }
    }
  });

  it("a received pair's first table is the table of decoded ones, and it leaves the parent column unmade", () => {
    for (const [base, current] of [
      ['gzipleak.base.heap', 'gzipleak.current.heap'],
      ['bigparse.base.heap', 'bigparse.current.heap'],
      ['leakspike.s01.heap', 'leakspike.s06.heap'],
    ]) {
      const rb = received(base);
      const rc = received(current);
      const db = runSync(decodeProfile(fixtureBytes(base))).profile;
      const dc = runSync(decodeProfile(fixtureBytes(current))).profile;
      // The table read from its sides (split.ts), as a large pair's is: its
      // side reads walk leaf to root through the index, the column not made.
      const queries = [{}, { sampleType: 'alloc_space', blame: true }, { mode: 'diff' as const }];
      for (const query of queries) {
        const got = new TopViews(0).view(rc, rb, query);
        expect(got.rows.length, current).toBeGreaterThan(3);
        expect(got, `${current} ${JSON.stringify(query)}`).toEqual(new TopViews(0).view(dc, db, query));
      }
      expect(columnMade(rc.stacks), current).toBe(false);
      expect(columnMade(rb.stacks), base).toBe(false);
      // A small pair's table, of the merged profile: its merge reads the column.
      for (const query of queries) expect(new TopViews(Infinity).view(rc, rb, query)).toEqual(new TopViews(Infinity).view(dc, db, query));
      // A view that needs the column gets the one a decode has, made once.
      expect(columnMade(rc.stacks)).toBe(true);
      expect(rc.stacks.parent).toEqual(builtColumn(current));
      expect(rb.stacks.parent).toEqual(builtColumn(base));
      expect(rc.stacks.parent).toBe(rc.stacks.parent);
    }
  });

  it('of a profile decoded on this thread are not made into a column until read, and then are the decode\'s column', () => {
    for (const name of ['gzipleak.current.heap', 'bigparse.current.heap', 'leakspike.s06.heap']) {
      const p = runSync(decodeProfile(fixtureBytes(name))).profile;
      expect(p.stacks.branchings, name).toBeUndefined();
      expect(columnMade(p.stacks), name).toBe(false);
      expect(p.stacks.parent, name).toEqual(builtColumn(name));
      expect(columnMade(p.stacks), name).toBe(true);
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
