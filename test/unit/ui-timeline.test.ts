// The timeline's pure pieces: a profile moved earlier or later among its kind
// (state/files.ts), the pairs in the URL hash (state/pair-hash.ts), and what
// the strip draws from real fixtures (src/ui/timeline/timeline-model.ts): the
// bigparse spike, the leakspike MemStats layers against the files' `#` lines,
// the goroutine counts, a pick by click and shift-click.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { totalLabels } from '../../src/core/format';
import { summarize } from '../../src/core/summary';
import { initialState, kindIds, kindPair, reducer, roleOf, type Action, type FilesState } from '../../src/ui/state/files';
import { pairRefs, parsePairHash, resolvePairRefs, samePairRefs, writePairHash } from '../../src/ui/state/pair-hash';
import { HEADROOM, LAYERS, PLOT_H, pickBase, pickCurrent, timeline, timelineKind, timelineShapes } from '../../src/ui/timeline/timeline-model';
import type { Loaded } from '../../src/ui/worker-client';
import { decodeFixture, FIXTURES } from '../helpers/fixtures';

const run = (actions: Action[], state: FilesState = initialState) => actions.reduce(reducer, state);

/** The files loaded as the page loads them (summary and totals from the decoder), in this drop order; ids are the names. */
function dropped(names: string[], ids: string[] = names): FilesState {
  const add: Action = { type: 'add', files: names.map((n, i) => ({ id: ids[i], name: n, source: new Blob([n]) })) };
  const ready = names.map((n, i): Action => {
    const p = decodeFixture(n).profile;
    const loaded = { summary: summarize(p), totals: totalLabels(p), compressed: false, rawSize: 1, decodeMs: 1 } as Loaded;
    return { type: 'ready', id: ids[i], attempt: 0, loaded };
  });
  return run([add, ...ready]);
}

const line = (file: string, name: string) => Number(new RegExp(`^# ${name} = (\\d+)`, 'm').exec(readFileSync(join(FIXTURES, file), 'utf8'))![1]);
const stackInuse = (file: string) => Number(/^# Stack = (\d+) \//m.exec(readFileSync(join(FIXTURES, file), 'utf8'))![1]);

const BIGPARSE = ['bigparse.base.heap', 'bigparse.peak.heap', 'bigparse.current.heap'];
const LEAKSPIKE = [1, 2, 3, 4, 5, 6].map((i) => `leakspike.s0${i}.heap.debug1.txt`);

describe('moving a profile among its kind', () => {
  it('trades places with its neighbour of the same kind only; the default pair follows the order, a pick stays', () => {
    // The text formats carry no time: drop order.
    let s = dropped([...LEAKSPIKE.slice(0, 3), 'leakspike.s01.goroutine.debug1.txt']);
    expect(kindIds(s, 'heap')).toEqual(LEAKSPIKE.slice(0, 3));
    s = run([{ type: 'move', id: LEAKSPIKE[2], by: -1 }], s);
    expect(kindIds(s, 'heap')).toEqual([LEAKSPIKE[0], LEAKSPIKE[2], LEAKSPIKE[1]]);
    expect(roleOf(s, LEAKSPIKE[1])).toBe('current');
    // At either end, or a kind of one: nothing moves.
    expect(run([{ type: 'move', id: LEAKSPIKE[0], by: -1 }], s)).toBe(s);
    expect(run([{ type: 'move', id: LEAKSPIKE[1], by: 1 }], s)).toBe(s);
    expect(run([{ type: 'move', id: 'leakspike.s01.goroutine.debug1.txt', by: -1 }], s)).toBe(s);
    expect(run([{ type: 'move', id: 'nope', by: 1 }], s)).toBe(s);
    s = run([{ type: 'pick', kind: 'heap', baseId: LEAKSPIKE[0], currentId: LEAKSPIKE[2] }], s);
    s = run([{ type: 'move', id: LEAKSPIKE[0], by: 1 }], s);
    expect(kindIds(s, 'heap')).toEqual([LEAKSPIKE[2], LEAKSPIKE[0], LEAKSPIKE[1]]);
    expect(kindPair(s, 'heap')).toMatchObject({ baseId: LEAKSPIKE[0], currentId: LEAKSPIKE[2] });
  });
});

describe('the pair in the URL hash', () => {
  it('parses the key twice, base first; anything else is left out', () => {
    expect(parsePairHash('#si=inuse_space&pair.heap=a.heap&pair.heap=b.heap&pair.goroutine=g%26.1&pair.goroutine=%402')).toEqual({
      heap: ['a.heap', 'b.heap'],
      goroutine: ['g&.1', '@2'],
    });
    expect(parsePairHash('#pair.heap=a')).toEqual({});
    expect(parsePairHash('#pair.heap=a&pair.heap=a')).toEqual({});
    expect(parsePairHash('#pair.heap=a&pair.heap=b&pair.heap=c')).toEqual({});
    expect(parsePairHash('#pair.nonsense=a&pair.nonsense=b')).toEqual({});
  });

  it('writes after the other keys, which stay byte for byte; no pair, no key', () => {
    expect(writePairHash('#base=x%2Fy&pair.heap=old&pair.heap=older&f=main', { heap: ['a b', 'c&d'] })).toBe('#base=x%2Fy&f=main&pair.heap=a+b&pair.heap=c%26d');
    expect(writePairHash('#pair.cpu=a&pair.cpu=b', {})).toBe('');
    const hash = writePairHash('', { heap: ['s1', 's2'], goroutine: ['g2', 'g1'] });
    expect(parsePairHash(hash)).toEqual({ heap: ['s1', 's2'], goroutine: ['g2', 'g1'] });
  });

  it('names a pick by file name, by place (@N) when two files of the kind share a name; restores it in another drop order', () => {
    let s = dropped(BIGPARSE);
    expect(pairRefs(s)).toEqual({}); // the default pair is not written
    s = run([{ type: 'pick', kind: 'heap', baseId: BIGPARSE[0], currentId: BIGPARSE[1] }], s);
    const refs = pairRefs(s);
    expect(refs).toEqual({ heap: [BIGPARSE[0], BIGPARSE[1]] });
    const again = dropped([BIGPARSE[2], BIGPARSE[1], BIGPARSE[0]], ['x', 'y', 'z']);
    expect(resolvePairRefs(again, 'heap', refs.heap!)).toEqual({ baseId: 'z', currentId: 'y' });
    expect(resolvePairRefs(again, 'heap', ['bigparse.base.heap', 'gone.heap'])).toBe(null);
    expect(resolvePairRefs(again, 'goroutine', refs.heap!)).toBe(null);

    // Two files named alike: by place in the kind's order.
    const twins = dropped([LEAKSPIKE[0], LEAKSPIKE[1], LEAKSPIKE[2]], ['a', 'b', 'c']);
    const named = { ...twins, entries: twins.entries.map((e) => (e.id === 'c' ? e : { ...e, name: 'heap.txt' })) };
    const picked = run([{ type: 'pick', kind: 'heap', baseId: 'b', currentId: 'c' }], named);
    expect(pairRefs(picked)).toEqual({ heap: ['@2', LEAKSPIKE[2]] });
    expect(resolvePairRefs(named, 'heap', ['@2', LEAKSPIKE[2]])).toEqual({ baseId: 'b', currentId: 'c' });
    expect(resolvePairRefs(named, 'heap', ['heap.txt', LEAKSPIKE[2]])).toBe(null); // ambiguous
    expect(samePairRefs({ heap: ['a', 'b'] }, { heap: ['a', 'b'] })).toBe(true);
    expect(samePairRefs({ heap: ['a', 'b'] }, { heap: ['b', 'a'] })).toBe(false);
  });
});

describe('the timeline model', () => {
  it('bigparse: the peak snapshot has the highest total; the default pair is the first and the last', () => {
    const t = timeline(dropped(BIGPARSE), 'heap')!;
    expect(t.points.map((p) => p.name)).toEqual(BIGPARSE); // by the times in the profiles
    expect(t.sampleType).toBe('inuse_space');
    const totals = t.points.map((p) => p.total!.value);
    expect(Math.max(...totals)).toBe(totals[1]);
    expect(totals[1]).toBeGreaterThan(20e6);
    expect([t.base, t.current]).toEqual([0, 2]);
    expect(t.points.every((p) => p.memory === null)).toBe(true); // proto: no MemStats
    // A sample type chosen: its totals.
    expect(timeline(dropped(BIGPARSE), 'heap', 'alloc_space')!.points[1].total!.type).toBe('alloc_space');
    expect(timeline(dropped(BIGPARSE), 'heap', 'no_such_type')!.sampleType).toBe('inuse_space');
    // One profile of a kind: no timeline.
    expect(timeline(dropped([BIGPARSE[0]]), 'heap')).toBe(null);
  });

  it('click makes a snapshot the current one, shift-click the base; base and current trade places when one is clicked as the other', () => {
    const t = timeline(dropped(BIGPARSE), 'heap')!;
    expect(pickCurrent(t, 1)).toEqual({ baseId: BIGPARSE[0], currentId: BIGPARSE[1] });
    expect(pickCurrent(t, 2)).toBe(null);
    expect(pickCurrent(t, 0)).toEqual({ baseId: BIGPARSE[2], currentId: BIGPARSE[0] });
    expect(pickBase(t, 1)).toEqual({ baseId: BIGPARSE[1], currentId: BIGPARSE[2] });
    expect(pickBase(t, 0)).toBe(null);
    expect(pickBase(t, 2)).toEqual({ baseId: BIGPARSE[2], currentId: BIGPARSE[0] });
  });

  it("leakspike ?debug=1: the MemStats layers are the files' # lines and stack up to Sys", () => {
    const t = timeline(dropped(LEAKSPIKE), 'heap')!;
    for (const [i, file] of LEAKSPIKE.entries()) {
      const m = t.points[i].memory!;
      const layer = (id: string) => m.layers.find((l) => l.layer === id)!.bytes;
      expect(m.sys.bytes).toBe(line(file, 'Sys'));
      expect(layer('heapInuse')).toBe(line(file, 'HeapInuse'));
      expect(layer('heapIdleRetained')).toBe(line(file, 'HeapIdle') - line(file, 'HeapReleased'));
      expect(layer('heapReleased')).toBe(line(file, 'HeapReleased'));
      expect(layer('stackInuse')).toBe(stackInuse(file));
      expect(m.layers.reduce((a, l) => a + l.bytes, 0)).toBe(m.sys.bytes);
      expect(m.layers.map((l) => l.layer)).toEqual(LAYERS);
    }
    const shapes = timelineShapes(t);
    expect(shapes.shared).toBe(true);
    expect(shapes.areas.map((a) => a.layer)).toEqual(LAYERS);
    expect(shapes.under).toBe('');
    // The top of the stack is Sys, on the scale both share: the largest Sys or total, with headroom.
    const scale = Math.max(...t.points.map((p) => Math.max(p.memory!.sys.bytes, p.total!.value))) * HEADROOM;
    const top = shapes.areas.find((a) => a.layer === 'rest')!.d;
    const firstY = Number(/^M0\.5,([\d.]+)/.exec(top)![1]);
    expect(firstY).toBeCloseTo(PLOT_H - (t.points[0].memory!.sys.bytes / scale) * PLOT_H, 1);
    expect(shapes.totalHeights[2]).toBeCloseTo(t.points[2].total!.value / scale, 9);
  });

  it('goroutine profiles: the counts, 201 to 1,201 in leakspike', () => {
    const names = [1, 2, 3, 4, 5, 6].map((i) => `leakspike.s0${i}.goroutine`);
    const t = timeline(dropped(names), 'goroutine')!;
    expect(t.sampleType).toBe('goroutine');
    expect(t.points.map((p) => p.total!.value)).toEqual([201, 401, 601, 801, 1001, 1201]);
    const shapes = timelineShapes(t);
    expect(shapes.areas).toEqual([]);
    expect(shapes.under).toMatch(/^M0\.5,100L/);
    expect(shapes.line.split('L')).toHaveLength(6);
    // A dot a snapshot, on the line: each total's point, as a zero-length segment.
    const dots = [...shapes.dots.matchAll(/M([\d.]+),([\d.]+)h0/g)].map((m) => `${m[1]},${m[2]}`);
    expect(dots).toEqual(shapes.line.slice(1).split('L'));
  });

  it('a snapshot without MemStats between two with them breaks the areas; a lone one is a bar', () => {
    // The proto file has a time and comes first; moved one place later, it splits the text files.
    const s = run([{ type: 'move', id: 'leakspike.s02.heap', by: 1 }], dropped([LEAKSPIKE[0], 'leakspike.s02.heap', LEAKSPIKE[2], LEAKSPIKE[3]]));
    const t = timeline(s, 'heap')!;
    expect(t.points.map((p) => p.memory !== null)).toEqual([true, false, true, true]);
    const d = timelineShapes(t).areas[0].d;
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d.startsWith('M0.2,')).toBe(true); // the lone first snapshot: 0.5 ± 0.3
  });

  it('the kind shown: goroutines under Goroutines, heap under Memory, else the report kind', () => {
    expect(timelineKind('goroutines', 'heap', ['heap', 'goroutine'])).toBe('goroutine');
    expect(timelineKind('memory', 'cpu', ['cpu', 'heap'])).toBe('heap');
    expect(timelineKind('memory', 'cpu', ['cpu', 'allocs'])).toBe('allocs');
    expect(timelineKind('heap', 'cpu', ['cpu', 'heap'])).toBe('cpu');
    expect(timelineKind('graph', null, [])).toBe(null);
  });
});
