// The goroutine view the worker sends the page (src/core/goroutines/view.ts):
// the report's rows, filtered by search and state, cut to rows and frames,
// clustered once per (current, base, level); and which goroutine profiles
// the page compares (src/ui/state/views.ts).

import { describe, expect, it } from 'vitest';
import { goroutineReport } from '../../src/core/goroutines';
import { GoroutineViews } from '../../src/core/goroutines/view';
import type { FilesState } from '../../src/ui/state/files';
import { activeView, availableViews, goroutinePair } from '../../src/ui/state/views';
import { decodeFixture } from '../helpers/fixtures';

const FLUSH = 'main.(*MemQueue).scheduleFlush.func1';

describe('goroutine view', () => {
  const base = decodeFixture('tickerleak.base.goroutine').profile;
  const current = decodeFixture('tickerleak.current.goroutine').profile;

  it('is the report: the suspect first, with its delta and reason', () => {
    const views = new GoroutineViews();
    const v = views.view(current, base, { level: 'lines' });
    const r = goroutineReport(current, { base, level: 'lines' });
    expect(v.mode).toBe('diff');
    expect(v.clusters).toBe(r.rows.length);
    expect(v.matched).toBe(r.rows.length);
    expect(v.suspects).toBe(1);
    expect(v.rows.map((x) => [x.key, x.base, x.current, x.delta, x.suspect, x.reason])).toEqual(r.rows.map((x) => [x.key, x.base, x.current, x.delta, x.suspect, x.reason]));
    expect(v.rows[0].parkFrame?.fn).toBe(FLUSH);
    expect(v.maxCount).toBe(4866);
    expect(v.states[0]).toEqual({ state: 'chan receive', category: 'chan receive', count: 4866 });
  });

  it('clusters once per profiles and level', () => {
    const views = new GoroutineViews();
    expect(views.report(current, base, 'lines')).toBe(views.report(current, base, 'lines'));
    expect(views.report(current, base, 'parked')).not.toBe(views.report(current, base, 'lines'));
    expect(views.report(current, null, 'lines').mode).toBe('single');
  });

  it('filters by search over frames, case-insensitively, and by state', () => {
    const views = new GoroutineViews();
    const s = views.view(current, base, { level: 'lines', search: '  SCHEDULEflush ' });
    expect(s.rows.map((r) => r.parkFrame?.fn)).toEqual([FLUSH]);
    expect([s.matched, s.matchedBase, s.matchedCurrent]).toEqual([1, 754, 4866]);
    // Files and lines are searched too.
    expect(views.view(current, base, { level: 'lines', search: 'pprof.go:330' }).matched).toBe(2);
    expect(views.view(current, base, { level: 'lines', search: 'no such frame' }).rows).toEqual([]);
    const running = views.view(current, base, { level: 'lines', state: 'running' });
    expect(running.matched).toBe(2);
    expect(running.rows.every((r) => r.states.some((st) => st.state === 'running'))).toBe(true);
    // The filter's choices and the bar scale do not depend on the filter.
    expect(running.states).toEqual(views.view(current, base, { level: 'lines' }).states);
    expect(running.maxCount).toBe(4866);
  });

  it('cuts rows and frames; the whole stack and the text on demand', () => {
    const views = new GoroutineViews();
    const v = views.view(current, base, { level: 'lines', limit: 1, maxFrames: 2 });
    expect([v.rows.length, v.matched]).toEqual([1, 3]);
    expect(v.rows[0].stack.length).toBe(2);
    expect(v.rows[0].stackDepth).toBe(4);
    // Pages: from an offset, over the filtered rows.
    const all = views.view(current, base, { level: 'lines' }).rows.map((r) => r.key);
    const page2 = views.view(current, base, { level: 'lines', offset: 1, limit: 5 });
    expect([page2.offset, page2.matched, page2.rows.map((r) => r.key)]).toEqual([1, 3, all.slice(1)]);
    expect(views.view(current, base, { level: 'lines', state: 'running', offset: 1 }).rows.map((r) => r.key)).toEqual(all.slice(2));
    const c = views.cluster(current, base, 'lines', v.rows[0].key);
    expect(c?.stack.map((f) => f.fn)).toEqual(['runtime.gopark', 'runtime.chanrecv', 'runtime.chanrecv1', FLUSH]);
    expect(c?.text).toContain('LEAK SUSPECT');
    expect(c?.text).toContain('runtime.gopark');
    expect(c?.text).toContain(`${FLUSH}  ./main.go:82`);
    expect(c?.text).toMatch(/^Goroutines: 755 → 4,867/);
    expect(views.cluster(current, base, 'lines', 'no such key')).toBe(null);
  });

  it('one snapshot: ranked by count', () => {
    const dump = decodeFixture('tickerleak.current.goroutine.debug2.txt').profile;
    const v = new GoroutineViews().view(dump, null, { level: 'lines' });
    expect(v.mode).toBe('single');
    expect(v.rows[0].current).toBe(4866);
    expect(v.rows[0].parkedLong).toBe(true);
    expect(v.parkedLong).toBe(1);
    expect(v.rows[0].waitMinutes).toEqual({ min: 0, max: 2 });
  });
});

describe('page views', () => {
  const entry = (id: string, kind: string, status: 'ready' | 'loading' = 'ready') => ({
    id,
    name: `${id}.file`,
    size: 1,
    source: new Blob([]),
    seq: 0,
    attempt: 1,
    status,
    progress: null,
    loaded: status === 'ready' ? ({ summary: { kind } } as never) : null,
    error: null,
    crashes: 0,
  });
  const state = (entries: ReturnType<typeof entry>[], order: string[]): FilesState => ({ entries, order, notice: null, nextSeq: entries.length });

  it('pairs goroutine profiles among themselves, in role order', () => {
    const s = state([entry('h1', 'heap'), entry('g1', 'goroutine'), entry('h2', 'heap'), entry('g2', 'goroutine'), entry('g3', 'goroutine')], ['h1', 'g1', 'h2', 'g2', 'g3']);
    expect(goroutinePair(s)).toEqual({ currentId: 'g3', currentName: 'g3.file', baseId: 'g1', baseName: 'g1.file', ignored: 1 });
    expect(availableViews(s)).toEqual({ heap: true, graph: true, flame: true, calltree: true, goroutines: true });
    expect(activeView(availableViews(s), null)).toBe('heap');
    expect(activeView(availableViews(s), 'goroutines')).toBe('goroutines');
  });

  it('one goroutine profile is a snapshot; none is no view', () => {
    const one = state([entry('h1', 'heap'), entry('g1', 'goroutine'), entry('g2', 'goroutine', 'loading')], ['h1', 'g1']);
    expect(goroutinePair(one)).toMatchObject({ currentId: 'g1', baseId: null });
    const none = state([entry('h1', 'heap')], ['h1']);
    expect(goroutinePair(none)).toBe(null);
    expect(activeView(availableViews(none), 'goroutines')).toBe('heap');
    expect(activeView(availableViews(state([entry('g1', 'goroutine')], ['g1'])), null)).toBe('goroutines');
    expect(activeView(availableViews(state([], [])), null)).toBe(null);
  });
});
