// What the flame graph tab receives (src/core/flame frames-view.ts), on the
// gzipleak pair: only frames wider than a pixel, the widest red path to the
// leaking writer, zoom by a path of node keys, the search's total, the
// pivot's callers and callees, names with their focus and file:line.

import { describe, expect, it } from 'vitest';
import { FlameFrameViews, FlameViews, resolveZoom, type FlamePart, type FlameQuery, type FlameView } from '../../src/core/flame';
import type { Profile } from '../../src/core/model';
import { TopViews } from '../../src/core/top';
import { decodeFixture } from '../helpers/fixtures';

const WRITE = 'main.(*gzipResponseWriter).Write';
const base: Profile = decodeFixture('gzipleak.base.heap').profile;
const current: Profile = decodeFixture('gzipleak.current.heap').profile;
const top = new TopViews();
const flame = new FlameViews(top);
const views = new FlameFrameViews(flame, top);
const view = (q: Partial<FlameQuery> = {}): FlameView => views.view(current, base, { mode: 'diff', blame: true, width: 1200, ...q });

/** From frame 0, the widest child that grew, while there is one: the names along the way. */
function widestRedPath(v: FlameView, p: FlamePart): string[] {
  const names: string[] = [];
  for (let f = 0; ; ) {
    let best = -1;
    for (let c = 0; c < p.count; c++) if (p.parent[c] === f && p.value[c] > 0 && (best < 0 || p.width[c] > p.width[best])) best = c;
    if (best < 0) return names;
    names.push(v.names[p.name[best]]);
    f = best;
  }
}

const indexOfName = (v: FlameView, p: FlamePart, name: string) => {
  for (let i = 0; i < p.count; i++) if (v.names[p.name[i]] === name) return i;
  return -1;
};

const hasMatchAbove = (p: FlamePart, f: number): boolean => {
  for (let g = f; g >= 0; g = p.parent[g]) if (p.match[g]) return true;
  return false;
};

describe('flame frames view', () => {
  it('draws only frames wider than a pixel, root first, each inside its parent', () => {
    const v = view();
    const d = v.down;
    expect(v.diff).toBe(true);
    expect(v.sides).toBe(true);
    expect(d.name[0]).toBe(-1);
    expect([d.x[0], d.width[0], d.depth[0]]).toEqual([0, 1, 0]);
    expect(d.value[0]).toBe(v.total);
    for (let i = 1; i < d.count; i++) {
      expect(d.width[i]).toBeGreaterThanOrEqual(1 / 1200);
      const q = d.parent[i];
      expect(d.depth[i]).toBe(d.depth[q] + 1);
      expect(d.x[i]).toBeGreaterThanOrEqual(d.x[q] - 1e-12);
      expect(d.x[i] + d.width[i]).toBeLessThanOrEqual(d.x[q] + d.width[q] + 1e-12);
    }
    const narrow = view({ width: 20 });
    expect(narrow.down.count).toBeLessThan(d.count);
    for (let i = 0; i < narrow.down.count; i++) expect(narrow.down.width[i]).toBeGreaterThanOrEqual(1 / 20);
  });

  it('the widest red path leads to the leaking writer (blame on: ends there; off: goes through it to flate)', () => {
    const on = view();
    expect(widestRedPath(on, on.down).at(-1)).toBe(WRITE);
    const off = widestRedPath(view({ blame: false }), view({ blame: false }).down);
    expect(off).toContain(WRITE);
    expect(off.indexOf('compress/flate.NewWriter')).toBeGreaterThan(off.indexOf(WRITE));
  });

  it('names carry a focus regexp and, where known, file:line', () => {
    const v = view();
    const i = v.names.indexOf(WRITE);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(v.focus[i]).toBe('^main\\.\\(\\*gzipResponseWriter\\)\\.Write$');
    expect(v.location[i]).toMatch(/main\.go(:\d+)?$/);
  });

  it('zooms by a path of node keys; a key no longer there is dropped', () => {
    const whole = view();
    const d = whole.down;
    const w = indexOfName(whole, d, WRITE);
    const keys: string[] = [];
    for (let f = w; f > 0; f = d.parent[f]) keys.unshift(whole.keys[d.name[f]]);
    const z = view({ zoom: keys });
    expect(z.zoom).toEqual(keys);
    expect(z.names[z.down.name[0]]).toBe(WRITE);
    expect([z.down.x[0], z.down.width[0]]).toEqual([0, 1]);
    expect(z.down.value[0]).toBe(d.value[w]);
    expect(z.path.map((p) => (p.name < 0 ? 'root' : z.names[p.name]))).toEqual(['root', ...keys.map((k) => whole.names[whole.keys.indexOf(k)])]);
    const gone = view({ zoom: [keys[0], 'no such node', keys[1]] });
    expect(gone.zoom).toEqual([keys[0]]);
    expect(resolveZoom(flame.trees(current, base, { mode: 'diff', blame: true }).topDown, 0, []).frame).toBe(0);
  });

  it('search marks the frames that match and totals them once per path', () => {
    const v = view({ search: 'GZIPRESPONSE' });
    expect(v.search.frames).toBeGreaterThan(0);
    // The matches with no match above them (the writer is reached along two paths), each counted once.
    const d = v.down;
    const outer = (i: number): boolean => d.match[i] === 1 && (d.parent[i] < 0 || !hasMatchAbove(d, d.parent[i]));
    let sum = 0;
    for (let i = 0; i < d.count; i++) if (outer(i)) sum += d.value[i];
    expect(v.search.value).toBe(sum);
    for (let i = 0; i < v.down.count; i++) expect(v.down.match[i]).toBe(v.down.name[i] >= 0 && v.names[v.down.name[i]].toLowerCase().includes('gzipresponse') ? 1 : 0);
    expect(view({ search: '  ' }).search).toEqual({ text: '  ', frames: 0, value: 0, width: 0 });
  });

  it('pivots on a function: callers above, callees below, the same value as its -top cum', () => {
    const whole = view({ blame: false });
    const key = whole.keys[whole.names.indexOf(WRITE)];
    const v = view({ blame: false, pivot: key });
    expect(v.pivot).toBe(key);
    expect(v.names[v.down.name[0]]).toBe(WRITE);
    expect(v.up).not.toBeNull();
    const up = v.up!;
    expect(v.names[up.name[0]]).toBe(WRITE);
    expect(up.value[0]).toBe(v.down.value[0]);
    const row = top.view(current, base, { mode: 'diff', blame: false, search: WRITE }).rows.find((r) => r.name === WRITE)!;
    expect(v.down.value[0]).toBe(row.cum);
    const callers = Array.from({ length: up.count }, (_, i) => i).filter((i) => up.depth[i] === 1).map((i) => v.names[up.name[i]]);
    expect(callers).toEqual(['encoding/json.(*Encoder).Encode']);
    const handlers = Array.from({ length: up.count }, (_, i) => i).filter((i) => up.depth[i] === 2);
    expect(handlers.map((i) => v.names[up.name[i]]).sort()).toEqual(['main.(*itemStore).listItems', 'main.(*itemStore).updateItem']);
    expect(handlers.reduce((s, i) => s + up.width[i], 0)).toBeCloseTo(1, 9);
    const callees = Array.from({ length: v.down.count }, (_, i) => i).filter((i) => v.down.depth[i] === 1).map((i) => v.names[v.down.name[i]]);
    expect(callees).toContain('compress/gzip.(*Writer).Write');
    // Zoomed inside the callees, the callers are not drawn (another scale); an unknown pivot is no pivot.
    expect(view({ blame: false, pivot: key, zoom: [v.keys[v.names.indexOf('compress/gzip.(*Writer).Write')]] }).up).toBeNull();
    expect(view({ pivot: 'nothing' }).pivot).toBeNull();
  });
});
