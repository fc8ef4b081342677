// The flame tree (src/core/flame) against -top (core/top, itself checked
// against go tool pprof's goldens): on every proto and legacy heap pair, in
// every mode, the root's total is -top's total, every function's frames
// add up to its -top cum where it is not recursive (and its outermost
// frames, or its pivot, where it is), and the base/current columns add up.
// Then what the gzipleak pair must show, the inverted tree, the views'
// selections and pivot.

import { describe, expect, it } from 'vitest';
import type { Profile } from '../../src/core/model';
import { reportOptions, type ReportMode, type ReportQuery } from '../../src/core/report';
import { TopViews } from '../../src/core/top';
import {
  childrenOf,
  flameFrames,
  FlameViews,
  frameFlat,
  frameValue,
  frameWidth,
  growthPath,
  outermostFrames,
  searchFrames,
  treeRows,
  type FlameTree,
} from '../../src/core/flame';
import { decodeFixture } from '../helpers/fixtures';

const cache = new Map<string, Profile>();
function fixture(name: string): Profile {
  let p = cache.get(name);
  if (!p) cache.set(name, (p = decodeFixture(name).profile));
  return p;
}

const PAIRS = ['gzipleak', 'tickerleak', 'bigparse'].flatMap((app) => [
  { name: `${app} proto`, base: `${app}.base.heap`, current: `${app}.current.heap` },
  { name: `${app} debug1`, base: `${app}.base.heap.debug1.txt`, current: `${app}.current.heap.debug1.txt` },
]);
const MODES: ReportMode[] = ['diff', 'diff_base', 'current', 'base'];

/** Frames of report node `node` with an occurrence of it above them. */
function isRecursive(t: FlameTree, node: number): boolean {
  for (let f = 1; f < t.length; f++) {
    if (t.node[f] !== node) continue;
    for (let g = t.parent[f]; g > 0; g = t.parent[g]) if (t.node[g] === node) return true;
  }
  return false;
}

function setup(pair: (typeof PAIRS)[number], query: ReportQuery) {
  const tops = new TopViews();
  const flames = new FlameViews(tops);
  const current = fixture(pair.current);
  const base = fixture(pair.base);
  const trees = flames.trees(current, base, query);
  const { engine } = tops.report(current, base, query);
  const options = reportOptions(engine.profile, { ...query, nodeFraction: 0 }, 'top');
  const top = engine.compute(options);
  const sprint = engine.graphInput(options).nodes.sprint;
  return { trees, top, rows: top.rows.map((r) => ({ ...r, key: sprint[r.node] })) };
}

describe('flame tree against -top', () => {
  for (const pair of PAIRS) {
    for (const mode of MODES) {
      for (const sampleType of ['inuse_space', 'alloc_objects']) {
        it(`${pair.name} ${mode} ${sampleType}`, () => {
          const { trees, top, rows } = setup(pair, { mode, sampleType });
          const t = trees.topDown;
          expect(top.rows.length).toBeGreaterThan(3);
          // The root: -top's total (with -diff_base, the base's: the negative part), and Σ flat.
          if (mode === 'diff_base') expect(t.neg[0]).toBe(top.total);
          else expect(frameWidth(t, 0)).toBe(top.total);
          expect(frameValue(t, 0)).toBe(top.flatSum);
          const keyIndex = new Map(t.keys.map((k, i) => [k, i]));
          let recursive = 0;
          for (const r of rows) {
            const node = keyIndex.get(r.key);
            expect(node, r.name).toBeDefined();
            let sum = 0;
            let flat = 0;
            for (let f = 1; f < t.length; f++) {
              if (t.node[f] === node) {
                sum += frameValue(t, f);
                flat += frameFlat(t, f);
              }
            }
            expect(flat, r.name).toBe(r.flat);
            if (isRecursive(t, node!)) recursive++;
            else expect(sum, r.name).toBe(r.cum);
            // Counted once per stack: the outermost frames, and the pivot's function.
            const outer = outermostFrames(t, node!).reduce((s, f) => s + frameValue(t, f), 0);
            expect(outer, r.name).toBe(r.cum);
            expect(frameValue(trees.pivot(node!).callees, 1), r.name).toBe(r.cum);
            expect(frameValue(trees.pivot(node!).callers, 1), r.name).toBe(r.cum);
          }
          expect(recursive).toBeLessThan(rows.length);
          // The inverted tree's roots are where the values are flat.
          const inv = trees.inverted();
          expect(frameValue(inv, 0)).toBe(frameValue(t, 0));
          for (const f of childrenOf(inv, 0)) {
            const r = rows.find((x) => x.key === inv.keys[inv.node[f]]);
            expect(frameValue(inv, f)).toBe(r?.flat ?? 0);
          }
        });
      }
    }
  }
});

describe('base and current columns', () => {
  for (const pair of PAIRS) {
    it(`${pair.name}: value = current − base in every frame; a side's frames add up`, () => {
      const { trees } = setup(pair, { mode: 'diff' });
      const t = trees.topDown;
      expect(trees.sides).toBe(true);
      const b = t.base!;
      const c = t.current!;
      for (let f = 0; f < t.length; f++) {
        expect(frameValue(t, f)).toBe(c[f] - b[f]);
        let kids = 0;
        for (let k = f + 1; k < t.end[f]; k = t.end[k]) kids += c[k];
        expect(c[f] - kids).toBe(t.currentFlat![f]);
      }
      const alone = new FlameViews(new TopViews()).trees(fixture(pair.current), null, {}).topDown;
      expect(c[0]).toBe(frameValue(alone, 0));
      // -diff_base: each side is a part of the width.
      const db = setup(pair, { mode: 'diff_base' }).trees.topDown;
      for (let f = 0; f < db.length; f++) {
        expect(db.pos[f]).toBe(db.current![f]);
        expect(db.neg[f]).toBe(db.base![f]);
      }
    });
  }
});

describe('gzipleak: what grew', () => {
  const pair = PAIRS[0];
  const name = (t: FlameTree, f: number) => t.names[t.node[f]];
  it('the widest red path passes main.(*gzipResponseWriter).Write to the allocation in compress/flate; the bottom-up tree starts there', () => {
    const { trees } = setup(pair, {});
    const path = growthPath(trees.topDown).map((f) => name(trees.topDown, f));
    expect(path).toContain('main.(*gzipResponseWriter).Write');
    expect(path.indexOf('compress/flate.NewWriter')).toBeGreaterThan(path.indexOf('main.(*gzipResponseWriter).Write'));
    const inv = trees.inverted();
    const first = childrenOf(inv, 0, { column: 'cum', desc: true })[0];
    expect(name(inv, first)).toBe('compress/flate.NewWriter');
    // Its callers, by Δ: the writer that keeps it.
    const callers = growthPath(inv, first).map((f) => name(inv, f));
    expect(callers.slice(0, 2)).toEqual(['compress/gzip.(*Writer).Write', 'main.(*gzipResponseWriter).Write']);
  });
  it('with blame, the path ends at main.(*gzipResponseWriter).Write and the bottom-up tree starts with it', () => {
    const { trees } = setup(pair, { blame: true });
    const path = growthPath(trees.topDown);
    expect(name(trees.topDown, path[path.length - 1])).toBe('main.(*gzipResponseWriter).Write');
    const inv = trees.inverted();
    const first = childrenOf(inv, 0, { column: 'cum', desc: true })[0];
    expect(name(inv, first)).toBe('main.(*gzipResponseWriter).Write');
    // Only the roots of the bottom-up tree have a flat.
    for (let f = 1; f < inv.length; f++) if (inv.depth[f] > 1) expect(frameFlat(inv, f)).toBe(0);
    // Pivot on it: one merged frame, its callers above (the encoder first), its value its -top cum.
    const write = trees.topDown.names.indexOf('main.(*gzipResponseWriter).Write');
    const { callers, callees } = trees.pivot(write);
    expect(childrenOf(callers, 0).map((f) => name(callers, f))).toEqual(['main.(*gzipResponseWriter).Write']);
    expect(name(callers, childrenOf(callers, 1)[0])).toBe('encoding/json.(*Encoder).Encode');
    expect(frameValue(callers, 1)).toBe(frameValue(callees, 1));
    expect(frameFlat(callees, 1)).toBe(frameValue(inv, first)); // not recursive: its self, all of it
  });
});

describe('selections', () => {
  const pair = PAIRS[4]; // bigparse proto
  it('flame frames: wider than the fraction, inside their parent, siblings apart', () => {
    const { trees } = setup(pair, { mode: 'current', sampleType: 'alloc_space' });
    const t = trees.topDown;
    const all = flameFrames(t);
    const some = flameFrames(t, { minFraction: 0.05 });
    expect(some.frame.length).toBeLessThan(all.frame.length);
    expect(some.frame[0]).toBe(0);
    const at = new Map<number, number>();
    some.frame.forEach((f, i) => at.set(f, i));
    const nextFree = new Map<number, number>();
    for (let i = 1; i < some.frame.length; i++) {
      const f = some.frame[i];
      expect(some.width[i]).toBeGreaterThanOrEqual(0.05);
      const p = at.get(t.parent[f])!;
      expect(p).toBeDefined();
      expect(some.depth[i]).toBe(some.depth[p] + 1);
      expect(some.x[i]).toBeGreaterThanOrEqual(some.x[p] - 1e-12);
      expect(some.x[i] + some.width[i]).toBeLessThanOrEqual(some.x[p] + some.width[p] + 1e-9);
      expect(some.x[i]).toBeGreaterThanOrEqual((nextFree.get(p) ?? 0) - 1e-12);
      nextFree.set(p, some.x[i] + some.width[i]);
    }
    // Zoomed: the frame is the whole width, and its ancestors are the breadcrumbs.
    const deep = growthPath(t)[3];
    const z = flameFrames(t, { root: deep, minFraction: 0.001 });
    expect(z.width[0]).toBe(1);
    expect(z.path[z.path.length - 1]).toBe(deep);
    expect(z.path.length).toBe(t.depth[deep] + 1);
  });
  it('call tree rows: the growth path expanded, sorted, paged', () => {
    const { trees } = setup(pair, {});
    const t = trees.topDown;
    const path = growthPath(t);
    const expanded = new Set(path);
    const rows = treeRows(t, { expanded, limit: 1000 });
    const shown = Array.from(rows.frame);
    for (const f of path) expect(shown).toContain(f);
    expect(rows.count).toBe(shown.length);
    const page = treeRows(t, { expanded, offset: 2, limit: 3 });
    expect(Array.from(page.frame)).toEqual(shown.slice(2, 5));
    expect(page.count).toBe(rows.count);
    const byName = treeRows(t, { expanded: new Set(), sort: { column: 'name', desc: false } });
    const names = Array.from(byName.frame, (f) => t.names[t.node[f]]);
    expect(names).toEqual([...names].sort());
    const top = treeRows(t, { expanded: new Set() });
    expect(top.count).toBe(childrenOf(t, 0).length);
  });
  it('search: matches, and their value counted once per path', () => {
    const { trees } = setup(pair, { mode: 'current' });
    const t = trees.topDown;
    const s = searchFrames(t, 'runtime.');
    expect(s.frames.length).toBeGreaterThan(0);
    for (const f of s.frames) expect(t.names[t.node[f]].toLowerCase()).toContain('runtime.');
    expect(s.value).toBeLessThanOrEqual(frameValue(t, 0));
    expect(searchFrames(t, '').frames.length).toBe(0);
  });
});
