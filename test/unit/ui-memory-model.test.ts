// What the memory view and the heap ↔ goroutine links draw (src/ui/memory/
// memory-model.ts), on the fixtures: the bar's parts of Sys, the runtime
// metadata group against the file's `#` lines, the exact bytes on hover, the
// tickerleak heap diff's growing runtime.malg row, the goroutine diff in a
// sentence, and the stacks a leak suspect holds.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GoroutineViews } from '../../src/core/goroutines';
import { memAccounting, memorySnapshot } from '../../src/core/memstats';
import { TopViews } from '../../src/core/top';
import { barSegments, exactBytes, figureTitle, goroutineGrowth, growingAllocatorRow, metadataTotal, stackEstimate } from '../../src/ui/memory/memory-model';
import { decodeFixture, FIXTURES } from '../helpers/fixtures';

const profile = (name: string) => decodeFixture(name).profile;
const line = (file: string, name: string) => Number(new RegExp(`^# ${name} = (\\d+)`, 'm').exec(readFileSync(join(FIXTURES, file), 'utf8'))![1]);
/** `# MSpan = inuse / sys` */
const sysOf = (file: string, name: string) => Number(new RegExp(`^# ${name} = \\d+ / (\\d+)$`, 'm').exec(readFileSync(join(FIXTURES, file), 'utf8'))![1]);

describe('memory view figures', () => {
  const file = 'gzipleak.current.heap.debug1.txt';
  const a = memAccounting(memorySnapshot(profile(file), file))!;

  it('the bar: each non-empty part of Sys as a share of the scale, adding up to Sys', () => {
    const segments = barSegments(a, a.sys.bytes * 2);
    expect(segments.map((s) => s.id)).not.toContain('heapReleased'); // HeapReleased = 0 in this file
    expect(segments.reduce((t, s) => t + s.bytes, 0)).toBe(line(file, 'Sys'));
    expect(segments.reduce((t, s) => t + s.share, 0)).toBeCloseTo(0.5, 9);
    expect(segments.find((s) => s.id === 'heapInuse')!.bytes).toBe(line(file, 'HeapInuse'));
  });

  it('runtime metadata: MSpanSys + MCacheSys + GCSys + BuckHashSys + OtherSys of the file', () => {
    const m = metadataTotal(a.parts)!;
    expect(m.bytes).toBe(sysOf(file, 'MSpan') + sysOf(file, 'MCache') + line(file, 'GCSys') + line(file, 'BuckHashSys') + line(file, 'OtherSys'));
    expect(m.formula).toBe('MSpanSys + MCacheSys + GCSys + BuckHashSys + OtherSys');
  });

  it('hover: exact bytes and the fields', () => {
    expect(figureTitle(a.sys)).toBe('268,704,056 bytes = Sys');
    expect(figureTitle({ bytes: 8454144, formula: 'StackInuse' }, true)).toBe('+8,454,144 bytes = Δ StackInuse');
    expect(exactBytes(-2932736)).toBe('−2,932,736');
    expect(exactBytes(0)).toBe('0');
  });
});

describe('heap ↔ goroutines', () => {
  it('the tickerleak heap diff: runtime.malg is the allocator row that grew; not in a single profile', () => {
    const views = new TopViews();
    const current = profile('tickerleak.current.heap');
    const v = views.view(current, profile('tickerleak.base.heap'), { limit: 200 });
    const row = growingAllocatorRow(v.rows, true)!;
    expect(row.name).toBe('runtime.malg');
    expect(row.flat).toBeGreaterThan(64 * 1024);
    expect(growingAllocatorRow(v.rows, false)).toBe(null);
    // At lines granularity the row's name starts with the function's.
    const lines = views.view(current, profile('tickerleak.base.heap'), { limit: 200, granularity: 'lines' });
    expect(growingAllocatorRow(lines.rows, true)?.name).toMatch(/^runtime\.malg /);
  });

  it('the goroutine diff in a sentence: the total growth and where the top growing cluster is parked', () => {
    const views = new GoroutineViews();
    const v = views.view(profile('tickerleak.current.goroutine'), profile('tickerleak.base.goroutine'), { level: 'lines', limit: 1 });
    expect(goroutineGrowth(v)).toEqual({ delta: 4112, text: '+4,112 goroutines, mostly parked in main.(*MemQueue).scheduleFlush.func1', fn: 'main.(*MemQueue).scheduleFlush.func1' });
    expect(goroutineGrowth(views.view(profile('tickerleak.current.goroutine'), null, { level: 'lines' }))).toBe(null);
  });

  it('the stacks a cluster holds: count × StackInuse / goroutines', () => {
    const stackInuse = Number(/^# Stack = (\d+) \//m.exec(readFileSync(join(FIXTURES, 'tickerleak.current.heap.debug1.txt'), 'utf8'))![1]);
    const e = stackEstimate(4866, stackInuse, 4867)!;
    expect(e.perGoroutine).toBeCloseTo(stackInuse / 4867, 9);
    expect(e.bytes).toBe(Math.round((4866 * stackInuse) / 4867));
    expect(e.text).toContain(`4,866 × ${exactBytes(Math.round(stackInuse / 4867))} bytes`);
    expect(stackEstimate(10, undefined, 100)).toBe(null);
    expect(stackEstimate(10, stackInuse, 0)).toBe(null);
  });
});
