// The leakspike series (test/gen/leakspike, test/fixtures/README.md) tells
// the story its README promises, read from the files with our own decoder
// and top engine: a leak that grows in every interval, a spike in one
// snapshot only, a flat cache, a goroutine leak, MemStats in every ?debug=1
// heap file and times that increase.

import { describe, expect, it } from 'vitest';
import { totals, type Profile } from '../../src/core/model/profile';
import { sampleIndexByName } from '../../src/core/report';
import { TopEngine } from '../../src/core/top';
import { decodeFixture } from '../helpers/fixtures';

const SNAPSHOTS = [1, 2, 3, 4, 5, 6].map((n) => `leakspike.s0${n}`);
const SPIKE_AT = 2; // index of s03
const MiB = 1024 * 1024;

const LEAK = 'main.(*traceIndex).remember';
const SPIKE = 'main.parseRow';
const SPIKE_CALLER = 'main.parseSheet';
const CACHE = 'main.(*sessionCache).refresh';
const WAITER = 'main.(*ackWaiter).wait';

const profile = (file: string) => decodeFixture(file).profile;

/** flat and cum of every function, as go tool pprof -top prints them (nothing dropped). */
function topOf(p: Profile, sampleType: string): Map<string, { flat: number; cum: number }> {
  const r = new TopEngine(p).compute({ sampleIndex: sampleIndexByName(p, sampleType), nodeFraction: 0 });
  return new Map(r.rows.map((row) => [row.name, { flat: row.flat, cum: row.cum }]));
}

const cumOf = (top: Map<string, { cum: number }>, name: string) => top.get(name)?.cum ?? 0;
const flatOf = (top: Map<string, { flat: number }>, name: string) => top.get(name)?.flat ?? 0;

describe('leakspike series', () => {
  const heaps = SNAPSHOTS.map((s) => topOf(profile(`${s}.heap`), 'inuse_space'));
  const texts = SNAPSHOTS.map((s) => profile(`${s}.heap.debug1.txt`));

  it(`${LEAK} grows in every interval, by about 1.5 MiB`, () => {
    const leak = heaps.map((t) => cumOf(t, LEAK));
    for (let i = 0; i < leak.length; i++) {
      const step = leak[i] - (i ? leak[i - 1] : 0);
      expect(step, `s0${i + 1}`).toBeGreaterThan(1.25 * MiB);
      expect(step, `s0${i + 1}`).toBeLessThan(1.75 * MiB);
      // All of it allocated by remember itself (the runtime's leaf frames are pruned).
      expect(flatOf(heaps[i], LEAK), `s0${i + 1}`).toBe(leak[i]);
    }
  });

  it(`${SPIKE} holds 20 MiB and more in s03 only, under ${SPIKE_CALLER}`, () => {
    heaps.forEach((t, i) => {
      if (i === SPIKE_AT) {
        expect(flatOf(t, SPIKE)).toBeGreaterThan(20 * MiB);
        expect(cumOf(t, SPIKE_CALLER)).toBeGreaterThan(cumOf(t, SPIKE));
      } else {
        expect(cumOf(t, SPIKE_CALLER), `s0${i + 1}`).toBe(0);
      }
    });
    // The spike dwarfs the leak where it is, and the leak outlasts it.
    expect(flatOf(heaps[SPIKE_AT], SPIKE)).toBeGreaterThan(2 * cumOf(heaps[5], LEAK));
  });

  it('parseRow allocated only once: alloc_space counts the spike in s03 and in every later snapshot', () => {
    const allocs = SNAPSHOTS.map((s) => cumOf(topOf(profile(`${s}.heap`), 'alloc_space'), SPIKE));
    expect(allocs.slice(0, SPIKE_AT).every((v) => v === 0)).toBe(true);
    for (const v of allocs.slice(SPIKE_AT + 1)) expect(v).toBe(allocs[SPIKE_AT]);
  });

  it(`${CACHE} stays flat: the same in-use value in every snapshot`, () => {
    const cache = heaps.map((t) => cumOf(t, CACHE));
    expect(cache[0]).toBeGreaterThan(0.75 * MiB);
    expect(cache[0]).toBeLessThan(1.25 * MiB);
    expect(new Set(cache).size).toBe(1);
  });

  it('the ?debug=1 text of each snapshot reads as its proto does', () => {
    texts.forEach((p, i) => {
      const text = topOf(p, 'inuse_space');
      for (const name of [LEAK, SPIKE, CACHE]) {
        expect(cumOf(text, name), `s0${i + 1} ${name}`).toBeCloseTo(cumOf(heaps[i], name), -3);
      }
    });
  });

  it('every ?debug=1 heap file has its # runtime.MemStats block, one GC later each time', () => {
    const stats = texts.map((p) => p.memStats);
    for (const m of stats) {
      expect(m).toBeDefined();
      for (const key of ['Sys', 'HeapSys', 'HeapIdle', 'HeapInuse', 'HeapReleased', 'StackInuse', 'NumGC']) {
        expect(typeof m![key], key).toBe('number');
      }
      expect(m!.HeapSys as number).toBe((m!.HeapIdle as number) + (m!.HeapInuse as number));
    }
    const numGC = stats.map((m) => m!.NumGC as number);
    for (let i = 1; i < numGC.length; i++) expect(numGC[i]).toBeGreaterThan(numGC[i - 1]);
    // The spike's spans are in use in s03, idle right after.
    const inuse = stats.map((m) => m!.HeapInuse as number);
    expect(inuse[SPIKE_AT] - inuse[SPIKE_AT - 1]).toBeGreaterThan(20 * MiB);
    expect(inuse[SPIKE_AT] - inuse[SPIKE_AT + 1]).toBeGreaterThan(20 * MiB);
    expect(stats[SPIKE_AT + 1]!.HeapIdle as number).toBeGreaterThan(20 * MiB);
    // Goroutine stacks grow with the leaked goroutines.
    const stacks = stats.map((m) => m!.StackInuse as number);
    for (let i = 1; i < stacks.length; i++) expect(stacks[i]).toBeGreaterThan(stacks[i - 1]);
  });

  it(`200 more goroutines per interval, parked in ${WAITER}, in the proto and the ?debug=1 text`, () => {
    for (const suffix of ['goroutine', 'goroutine.debug1.txt']) {
      SNAPSHOTS.forEach((s, i) => {
        const p = profile(`${s}.${suffix}`);
        expect(totals(p)[0], `${s}.${suffix}`).toBe(1 + 200 * (i + 1));
        expect(cumOf(topOf(p, 'goroutine'), WAITER), `${s}.${suffix}`).toBe(200 * (i + 1));
      });
    }
  });

  it('snapshot times increase, about 1.5 s apart, heap and goroutine profile of one snapshot within a second', () => {
    const heapTimes = SNAPSHOTS.map((s) => profile(`${s}.heap`).timeNanos);
    const goroutineTimes = SNAPSHOTS.map((s) => profile(`${s}.goroutine`).timeNanos);
    for (let i = 0; i < SNAPSHOTS.length; i++) {
      expect(goroutineTimes[i] - heapTimes[i]).toBeGreaterThan(0);
      expect(goroutineTimes[i] - heapTimes[i]).toBeLessThan(1e9);
      if (i === 0) continue;
      expect(heapTimes[i] - heapTimes[i - 1], SNAPSHOTS[i]).toBeGreaterThan(1.4e9);
      expect(heapTimes[i] - heapTimes[i - 1], SNAPSHOTS[i]).toBeLessThan(5e9);
    }
  });
});
