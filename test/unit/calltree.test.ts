// The call tree's page (src/core/flame calltree.ts) on the gzipleak pair:
// the default expand state opens the path of largest growth, the inverted
// tree starts with the function that keeps the writers, a window of rows is
// the same as the whole list cut, and the expand state (open, closed, all
// below) is applied as the page sends it, for its tree only.

import { describe, expect, it } from 'vitest';
import { formatValue } from '../../src/core/format';
import type { Profile } from '../../src/core/model';
import { TopViews } from '../../src/core/top';
import { CallTreeViews, FlameViews, type CallTreeQuery, type CallTreeView } from '../../src/core/flame';
import { decodeFixture } from '../helpers/fixtures';

const current: Profile = decodeFixture('gzipleak.current.heap').profile;
const base: Profile = decodeFixture('gzipleak.base.heap').profile;

function views() {
  const top = new TopViews();
  const trees = new CallTreeViews(new FlameViews(top), top);
  return (q: CallTreeQuery = {}): CallTreeView => trees.view(current, base, { blame: true, ...q });
}

const WRITE = 'main.(*gzipResponseWriter).Write';

describe('call tree view (gzipleak)', () => {
  it('opens the path of largest growth down to the writer, with the table unit and Δ%', () => {
    const view = views()();
    const names = view.rows.map((r) => r.name);
    expect(names).toContain(WRITE);
    const write = view.rows.find((r) => r.name === WRITE)!;
    expect(write.cum).toBeGreaterThan(0);
    expect(write.focus).toBe('^main\\.\\(\\*gzipResponseWriter\\)\\.Write$');
    expect(write.cumText).toBe(formatValue(write.cum, view.table.sampleUnit, view.table.unit));
    expect(write.deltaText).toMatch(/^(\+[\d.]+%|new)$/);
    // Rows before it are its ancestors, open, one deeper each.
    const path = view.expansion.open;
    expect(path.length).toBeGreaterThan(1);
    for (const r of view.rows) if (path.includes(r.frame)) expect(r.state).not.toBe(1);
    expect(view.rows.filter((r) => r.state === 2).length).toBeGreaterThan(1);
    expect(view.table.sides).toBe(true);
  });

  it('inverted: the first row is the writer (blame on)', () => {
    const view = views()({ inverted: true });
    expect(view.inverted).toBe(true);
    expect(view.rows[0].name).toBe(WRITE);
    expect(view.rows[0].depth).toBe(0);
  });

  it('a window is the whole list cut, and the state is kept for its tree only', () => {
    const ask = views();
    const first = ask();
    const all = ask({ expansion: { ...first.expansion, all: [first.rows[0].frame] }, limit: 100_000 });
    expect(all.count).toBeGreaterThan(first.count);
    const window = ask({ expansion: all.expansion, offset: 5, limit: 7 });
    expect(window.rows.map((r) => r.frame)).toEqual(all.rows.slice(5, 12).map((r) => r.frame));
    expect(window.count).toBe(all.count);
    // Everything under the first row is open: every row with children there is.
    const under = all.rows.filter((r) => r.frame >= all.rows[0].frame && r.frame < all.rows[0].end);
    for (const r of under) expect(r.state).not.toBe(1);
    // Closing one frame inside: its children leave.
    const inner = under.find((r) => r.state === 2 && r.frame !== all.rows[0].frame)!;
    const closed = ask({ expansion: { ...all.expansion, closed: [inner.frame] }, limit: 100_000, reveal: inner.frame });
    expect(closed.count).toBeLessThan(all.count);
    expect(closed.rows[closed.revealRow!].frame).toBe(inner.frame);
    expect(closed.rows[closed.revealRow!].state).toBe(1);
    // Another tree (inverted) does not take this state: its default instead.
    const inv = ask({ inverted: true, expansion: all.expansion });
    expect(inv.tree).not.toBe(all.tree);
    expect(inv.expansion.all).toEqual([]);
  });

  it('sorts siblings by a column', () => {
    const view = views()({ sort: { column: 'name', desc: false } });
    const top = view.rows.filter((r) => r.depth === 0).map((r) => r.name);
    expect(top).toEqual([...top].sort());
    const byFlat = views()({ inverted: true, sort: { column: 'flat', desc: false } });
    const flats = byFlat.rows.filter((r) => r.depth === 0).map((r) => r.flat);
    expect(flats).toEqual([...flats].sort((a, b) => a - b));
  });
});
