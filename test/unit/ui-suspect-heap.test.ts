// The heap a leak suspect cluster plausibly holds (src/ui/memory
// memory-model.ts heapEstimate, GoroutineNote.tsx suspectMemoryText): the
// tickerleak heap pair's goroutine descriptors that grew (runtime.malg), by
// the suspects' share of the goroutines that appeared.

import { describe, expect, it } from 'vitest';
import { GoroutineViews } from '../../src/core/goroutines';
import { bytesText } from '../../src/core/memstats';
import { TopViews } from '../../src/core/top';
import { suspectMemoryText } from '../../src/ui/memory/GoroutineNote';
import { heapEstimate } from '../../src/ui/memory/memory-model';
import { decodeFixture } from '../helpers/fixtures';

const profile = (name: string) => decodeFixture(name).profile;

describe('the heap a leak suspect holds', () => {
  const heap = new TopViews().view(profile('tickerleak.current.heap'), profile('tickerleak.base.heap'), { sampleType: 'inuse_space', blame: false, search: 'runtime.', limit: 500 });
  const malg = heap.rows.find((r) => r.name === 'runtime.malg')!;
  const goroutines = new GoroutineViews().view(profile('tickerleak.current.goroutine'), profile('tickerleak.base.goroutine'), { level: 'lines' });

  it("is the allocators' growth times the suspects' share of the new goroutines", () => {
    expect(malg.flat).toBeGreaterThan(64 * 1024);
    const all = heapEstimate(heap.rows, 4112, 4112)!;
    expect(all.share).toBe(1);
    expect(all.bytes).toBe(heap.rows.filter((r) => (r.name === 'runtime.malg' || r.name === 'runtime.allgadd') && r.flat > 0).reduce((a, r) => a + r.flat, 0));
    expect(all.text).toContain(`(runtime.malg +${malg.flatText}`);
    expect(all.text).toMatch(/ in the heap pair\)$/);
    const half = heapEstimate(heap.rows, 2056, 4112)!;
    expect(half.bytes).toBe(Math.round(all.allocatorGrowth / 2));
    expect(half.text).toContain('× 2,056 of the 4,112 new goroutines');
    // More suspect growth than goroutines appeared (others shrank): all of it, not more.
    expect(heapEstimate(heap.rows, 5000, 4112)!.share).toBe(1);
    expect(heapEstimate(heap.rows, 0, 4112)).toBe(null);
    expect(heapEstimate(heap.rows.filter((r) => r.name !== 'runtime.malg' && r.name !== 'runtime.allgadd'), 10, 10)).toBe(null);
  });

  it("is in the suspects' line of the goroutine view when a heap pair is loaded", () => {
    const text = suspectMemoryText(goroutines, goroutines.rows, null, heap.rows)!;
    const suspects = goroutines.rows.filter((r) => r.suspect);
    expect(suspects.length).toBeGreaterThan(0);
    const grew = suspects.reduce((a, r) => a + Math.max(0, r.delta), 0);
    const est = heapEstimate(heap.rows, grew, goroutines.current.total - goroutines.base!.total)!;
    expect(text).toContain(`plausibly hold about ${bytesText(est.bytes)} of heap in goroutine descriptors`);
    expect(text).toContain('the stack memory they hold is unknown');
    expect(suspectMemoryText(goroutines, goroutines.rows, null)).not.toContain('heap in goroutine descriptors');
  });
});
