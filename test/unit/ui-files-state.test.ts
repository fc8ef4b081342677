// The page's file state (src/ui/state/files.ts): base and current by time,
// drop order without times, swap, stale loads ignored.

import { describe, expect, it } from 'vitest';
import { cardOrder, initialState, reducer, roleOf, type Action, type FilesState } from '../../src/ui/state/files';
import type { Loaded } from '../../src/ui/worker-client';

const loaded = (timeNanosExact: string | null): Loaded =>
  ({ ok: true, summary: { timeNanosExact, timeNanos: timeNanosExact ? Number(timeNanosExact) : null }, totals: [], compressed: true, rawSize: 1, decodeMs: 1 }) as unknown as Loaded;

const run = (actions: Action[], state: FilesState = initialState) => actions.reduce(reducer, state);

function withFiles(...names: string[]): FilesState {
  return run([{ type: 'add', files: names.map((n) => ({ id: n, name: n, source: new Blob([n]) })) }, ...names.map((n, i): Action => ({ type: 'start', id: n, attempt: i + 1 }))]);
}

describe('files state', () => {
  it('makes the older profile the base, whatever the order they finish in', () => {
    let s = withFiles('a', 'b');
    s = run([{ type: 'ready', id: 'a', attempt: 1, loaded: loaded('2000') }], s);
    expect(roleOf(s, 'a')).toBe(null); // one profile: nothing to compare yet
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
        { type: 'swap' },
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
        { type: 'swap' },
        { type: 'start', id: 'a', attempt: 5 },
      ],
      s,
    );
    expect(roleOf(s, 'a')).toBe('current');
    s = run([{ type: 'ready', id: 'a', attempt: 5, loaded: loaded('1') }], s);
    expect(s.order).toEqual(['b', 'a']);
  });
});
