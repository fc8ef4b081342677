// The lazy trees (src/core/flame lazy.ts) are the built ones (build.ts,
// invert.ts), frame by frame: every frame made, in preorder, has the same
// node, depth, children and all eight value columns, top-down and
// inverted; ids nest as preorder ranges do. On heap pairs with blame, hide and granularities, and one
// profile alone.

import { describe, expect, it } from 'vitest';
import { FlameViews, type LazyTree } from '../../src/core/flame';
import type { Profile } from '../../src/core/model';
import type { ReportQuery } from '../../src/core/report';
import { TopViews } from '../../src/core/top';
import { decodeFixture } from '../helpers/fixtures';
import { treeDifference } from '../helpers/flame-trees';

/** Makes every frame's children (the whole tree). */
function makeAll(t: LazyTree): void {
  const todo = [0];
  while (todo.length > 0) todo.push(...t.children(todo.pop()!));
}

const load = (name: string): Profile => decodeFixture(name).profile;
const pairs: [string, Profile, Profile | null][] = [
  ['gzipleak', load('gzipleak.current.heap'), load('gzipleak.base.heap')],
  ['bigparse', load('bigparse.current.heap'), load('bigparse.base.heap')],
  ['bigparse alone', load('bigparse.current.heap'), null],
];
const queries: ReportQuery[] = [
  { mode: 'diff' },
  { mode: 'diff', blame: true },
  { mode: 'diff_base', granularity: 'lines' },
  { mode: 'diff', hide: 'runtime' },
  { mode: 'diff', show: '^main\\.' },
  { mode: 'diff', blame: true, hide: 'flate|compress' },
  { mode: 'diff', showFrom: 'ServeHTTP|parse' },
  { mode: 'diff', sampleType: 'alloc_space', normalize: true },
];

describe('lazy flame tree', () => {
  for (const [name, current, base] of pairs) {
    for (const q of queries) {
      it(`${name} ${JSON.stringify(q)}: the built tree, frame by frame`, () => {
        const trees = new FlameViews(new TopViews()).trees(current, base, q);
        const inverted = trees.lazyInverted();
        makeAll(inverted);
        expect(treeDifference(inverted.materialize().tree, trees.inverted())).toBe('');
        const lazy = trees.lazy;
        makeAll(lazy);
        const { tree, made } = lazy.materialize();
        expect(tree.names).toEqual(trees.topDown.names);
        expect(treeDifference(tree, trees.topDown)).toBe('');
        // Ids nest: a child's range inside its parent's, siblings apart, in order.
        for (let i = 1; i < tree.length; i++) {
          const f = made[i];
          const p = lazy.parent[f];
          expect(lazy.id[f]).toBeGreaterThan(lazy.id[p]);
          expect(lazy.end[f]).toBeLessThanOrEqual(lazy.end[p]);
          expect(lazy.find(lazy.id[f])).toBe(f);
          if (i + 1 < tree.length && tree.parent[i + 1] === tree.parent[i]) expect(lazy.id[made[i + 1]]).toBeGreaterThanOrEqual(lazy.end[f]);
          expect(lazy.hasChildren(f)).toBe(tree.end[i] > i + 1);
        }
      });
    }
  }
});
