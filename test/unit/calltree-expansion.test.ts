// The call tree's expand state on the page (src/ui/calltree/expansion.ts)
// applied by the worker's membership test (core/flame expandedFrames) on the
// gzipleak tree: open, close, `*` below a frame (what was said inside it
// before is moot, a close inside it afterwards holds), collapse all.

import { describe, expect, it } from 'vitest';
import { expandedFrames, FlameViews, growthPath, type FlameTree, type TreeExpansion } from '../../src/core/flame';
import { collapse, collapseAll, expand, expandAll, expandEverything } from '../../src/ui/calltree/expansion';
import { decodeFixture } from '../helpers/fixtures';

const t: FlameTree = new FlameViews().trees(decodeFixture('gzipleak.current.heap').profile, decodeFixture('gzipleak.base.heap').profile, {}).topDown;
const span = (f: number) => ({ frame: f, end: t.end[f] });
const open = (e: TreeExpansion) => {
  const has = expandedFrames(t, e);
  const out: number[] = [];
  for (let f = 0; f < t.length; f++) if (has.has(f)) out.push(f);
  return out;
};

describe('call tree expand state', () => {
  const path = growthPath(t);
  const a = path[0];
  const b = path[1];
  const none: TreeExpansion = { tree: 'x', open: [], closed: [], all: [] };

  it('opens and closes one frame', () => {
    expect(open(expand(none, span(a)))).toEqual([a]);
    expect(open(collapse(expand(none, span(a)), span(a)))).toEqual([]);
  });

  it('* opens the whole subtree; a close inside holds until * again', () => {
    const all = expandAll(collapse(none, span(b)), span(a));
    const inside = open(all);
    expect(inside.every((f) => f >= a && f < t.end[a])).toBe(true);
    expect(inside).toContain(b); // the earlier close is moot
    expect(inside.length).toBeGreaterThan(2);
    const closed = collapse(all, span(b));
    expect(open(closed)).not.toContain(b);
    expect(open(closed)).toContain(a);
    expect(open(expandAll(closed, span(a)))).toEqual(inside);
  });

  it('expand everything, collapse all', () => {
    expect(open(expandEverything(none)).length).toBe(t.length);
    expect(open(collapseAll(expandEverything(none)))).toEqual([]);
  });
});
