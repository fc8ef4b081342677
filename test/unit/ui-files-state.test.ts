// The page's file state (src/ui/state/files.ts): base and current by time,
// drop order without times, swap, stale loads ignored; each kind its own pair.

import { describe, expect, it } from 'vitest';
import type { ProfileKind } from '../../src/core/summary';
import { cardOrder, initialState, kindPair, loadedKinds, reducer, roleOf, type Action, type FilesState } from '../../src/ui/state/files';
import { goroutinePair, reportKind, reportKinds } from '../../src/ui/state/views';
import { defaultBlame, heapPair } from '../../src/ui/state/heap';
import { parseKindHash, writeKindHash } from '../../src/ui/state/kind-hash';
import type { Loaded } from '../../src/ui/worker-client';

const loaded = (timeNanosExact: string | null, kind?: ProfileKind): Loaded =>
  ({ ok: true, summary: { kind, timeNanosExact, timeNanos: timeNanosExact ? Number(timeNanosExact) : null, sampleTypes: [], defaultSampleType: '' }, totals: [], compressed: true, rawSize: 1, decodeMs: 1 }) as unknown as Loaded;

const run = (actions: Action[], state: FilesState = initialState) => actions.reduce(reducer, state);

function withFiles(...names: string[]): FilesState {
  return run([{ type: 'add', files: names.map((n) => ({ id: n, name: n, source: new Blob([n]) })) }, ...names.map((n, i): Action => ({ type: 'start', id: n, attempt: i + 1 }))]);
}

describe('files state', () => {
  it('makes the older profile the base, whatever the order they finish in', () => {
    let s = withFiles('a', 'b');
    s = run([{ type: 'ready', id: 'a', attempt: 1, loaded: loaded('2000') }], s);
    expect(roleOf(s, 'a')).toBe('current'); // one profile of its kind: the current one, alone
    s = run([{ type: 'ready', id: 'b', attempt: 2, loaded: loaded('1000') }], s);
    expect(roleOf(s, 'b')).toBe('base');
    expect(roleOf(s, 'a')).toBe('current');
    expect(cardOrder(s).map((e) => e.id)).toEqual(['b', 'a']);
  });

  it('compares times exactly beyond 2^53', () => {
    let s = withFiles('late', 'early');
    s = run(
      [
        { type: 'ready', id: 'late', attempt: 1, loaded: loaded('1795673772461236042') },
        { type: 'ready', id: 'early', attempt: 2, loaded: loaded('1795673772461236041') },
      ],
      s,
    );
    expect(roleOf(s, 'early')).toBe('base');
  });

  it('falls back to drop order without times, after timed profiles', () => {
    let s = withFiles('x', 'y', 'z');
    s = run(
      [
        { type: 'ready', id: 'z', attempt: 3, loaded: loaded(null) },
        { type: 'ready', id: 'y', attempt: 2, loaded: loaded(null) },
        { type: 'ready', id: 'x', attempt: 1, loaded: loaded('5') },
      ],
      s,
    );
    expect(s.order).toEqual(['x', 'y', 'z']);
    expect([roleOf(s, 'x'), roleOf(s, 'y'), roleOf(s, 'z')]).toEqual(['base', 'extra', 'current']);
  });

  it('swaps base and current, and a removed or failed profile leaves the comparison', () => {
    let s = withFiles('a', 'b');
    s = run(
      [
        { type: 'ready', id: 'a', attempt: 1, loaded: loaded('1') },
        { type: 'ready', id: 'b', attempt: 2, loaded: loaded('2') },
        { type: 'swap', kind: 'unknown' },
      ],
      s,
    );
    expect(roleOf(s, 'b')).toBe('base');
    s = run([{ type: 'start', id: 'a', attempt: 3 }, { type: 'fail', id: 'a', attempt: 3, code: 'worker-crashed', message: 'm' }], s);
    expect(s.order).toEqual(['b']);
    s = run([{ type: 'remove', id: 'b' }], s);
    expect(s.entries.map((e) => e.id)).toEqual(['a']);
  });

  it('ignores results of a load that was superseded', () => {
    let s = withFiles('a');
    s = run([{ type: 'start', id: 'a', attempt: 9 }, { type: 'fail', id: 'a', attempt: 1, code: 'cancelled', message: 'old' }], s);
    expect(s.entries[0].status).toBe('loading');
    s = run([{ type: 'ready', id: 'a', attempt: 9, loaded: loaded('1') }], s);
    expect(s.entries[0].status).toBe('ready');
  });

  it('keeps a reloading profile in its place after a restart', () => {
    let s = withFiles('a', 'b');
    s = run(
      [
        { type: 'ready', id: 'a', attempt: 1, loaded: loaded('1') },
        { type: 'ready', id: 'b', attempt: 2, loaded: loaded('2') },
        { type: 'swap', kind: 'unknown' },
        { type: 'start', id: 'a', attempt: 5 },
      ],
      s,
    );
    expect(roleOf(s, 'a')).toBe('current');
    s = run([{ type: 'ready', id: 'a', attempt: 5, loaded: loaded('1') }], s);
    expect([roleOf(s, 'b'), roleOf(s, 'a')]).toEqual(['base', 'current']);
  });

  it('pairs each kind among itself: a base and a current per kind, one alone is current', () => {
    // What /debug/pprof/ gives in one go, dropped in this order: times interleave across kinds.
    let s = withFiles('h1', 'h2', 'g1', 'g2', 'cpu', 'm1');
    s = run(
      [
        { type: 'ready', id: 'h1', attempt: 1, loaded: loaded('10', 'heap') },
        { type: 'ready', id: 'g2', attempt: 4, loaded: loaded('40', 'goroutine') },
        { type: 'ready', id: 'h2', attempt: 2, loaded: loaded('30', 'heap') },
        { type: 'ready', id: 'g1', attempt: 3, loaded: loaded('20', 'goroutine') },
        { type: 'ready', id: 'cpu', attempt: 5, loaded: loaded('25', 'cpu') },
      ],
      s,
    );
    expect(['h1', 'h2', 'g1', 'g2', 'cpu', 'm1'].map((id) => roleOf(s, id))).toEqual(['base', 'current', 'base', 'current', 'current', null]);
    expect(loadedKinds(s)).toEqual(['heap', 'goroutine', 'cpu']);
    expect(cardOrder(s).map((e) => e.id)).toEqual(['h1', 'h2', 'g1', 'g2', 'cpu', 'm1']);
    expect(kindPair(s, 'heap')).toMatchObject({ baseId: 'h1', currentId: 'h2' });
    expect(kindPair(s, 'cpu')).toMatchObject({ baseId: null, currentId: 'cpu' });
    expect(kindPair(s, 'mutex')).toBe(null);
    expect(goroutinePair(s)).toMatchObject({ baseId: 'g1', currentId: 'g2', ignored: 0 });

    // The report views show one kind's pair: the chosen one if loaded, else the first loaded.
    expect(reportKinds(s)).toEqual(['heap', 'cpu']);
    expect(reportKind(s, null)).toBe('heap');
    expect(reportKind(s, 'mutex')).toBe('heap');
    // A profile alone waits while a file still loads (m1 could be its pair: docs/decisions/0031); a pair does not.
    expect(heapPair(s, 'cpu')).toBe(null);
    expect(heapPair(s)).toMatchObject({ kind: 'heap', currentId: 'h2', baseId: 'h1', ignored: 0 });
    expect(defaultBlame(heapPair(s))).toBe(true);
    const settled = run([{ type: 'ready', id: 'm1', attempt: 6, loaded: loaded('26', 'mutex') }], s);
    expect(heapPair(settled, 'cpu')).toMatchObject({ kind: 'cpu', currentId: 'cpu', baseId: null, ignored: 0 });
    expect(defaultBlame(heapPair(settled, 'cpu'))).toBe(false);

    // Swapping one kind leaves the others as they were.
    s = run([{ type: 'swap', kind: 'goroutine' }], s);
    expect(['h1', 'h2', 'g1', 'g2'].map((id) => roleOf(s, id))).toEqual(['base', 'current', 'current', 'base']);
    expect(cardOrder(s).map((e) => e.id).slice(2, 4)).toEqual(['g2', 'g1']);
    expect(goroutinePair(s)).toMatchObject({ baseId: 'g2', currentId: 'g1' });
    // Swap of a kind with one profile: nothing to swap.
    expect(run([{ type: 'swap', kind: 'cpu' }], s)).toBe(s);
  });

  it('keeps a pick of any two profiles of a kind, and drops it when one of them goes', () => {
    let s = withFiles('s1', 's2', 's3', 's4', 'c1');
    s = run(
      [
        ...['s1', 's2', 's3', 's4'].map((id, i): Action => ({ type: 'ready', id, attempt: i + 1, loaded: loaded(String(i + 1), 'heap') })),
        { type: 'ready', id: 'c1', attempt: 5, loaded: loaded('9', 'cpu') },
      ],
      s,
    );
    expect(['s1', 's2', 's3', 's4'].map((id) => roleOf(s, id))).toEqual(['base', 'extra', 'extra', 'current']);
    s = run([{ type: 'pick', kind: 'heap', baseId: 's2', currentId: 's3' }], s);
    expect(['s1', 's2', 's3', 's4'].map((id) => roleOf(s, id))).toEqual(['extra', 'base', 'current', 'extra']);
    expect(heapPair(s)).toMatchObject({ baseId: 's2', currentId: 's3', ignored: 2 });
    // Never across kinds, never a profile with itself.
    expect(run([{ type: 'pick', kind: 'heap', baseId: 's1', currentId: 'c1' }], s)).toBe(s);
    expect(run([{ type: 'pick', kind: 'heap', baseId: 's1', currentId: 's1' }], s)).toBe(s);
    // The picked current removed: the kind is back to its first and last.
    s = run([{ type: 'remove', id: 's3' }], s);
    expect(s.picks).toEqual({});
    expect(['s1', 's2', 's4'].map((id) => roleOf(s, id))).toEqual(['base', 'extra', 'current']);
  });

  it('the report kind is in the hash under k, other keys kept byte for byte', () => {
    expect(parseKindHash('#si=delay&k=mutex')).toBe('mutex');
    expect(parseKindHash('#k=goroutine')).toBe(null);
    expect(parseKindHash('#k=nonsense')).toBe(null);
    expect(writeKindHash('#base=a%2Fb&k=heap&f=x', 'cpu')).toBe('#base=a%2Fb&f=x&k=cpu');
    expect(writeKindHash('#k=cpu', null)).toBe('');
  });
});
