import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeProfile } from '../../src/core/decode';
import { runSync } from '../../src/core/progress';
import { summarize } from '../../src/core/summary';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

describe('proto heap profile', () => {
  it('reads the gzip-leak base heap with pprof totals', () => {
    const { profile, compressed } = runSync(decodeProfile(fixture('gzipleak.base.heap')));
    const s = summarize(profile);
    expect(compressed).toBe(true);
    expect(s.kind).toBe('heap');
    expect(s.defaultSampleType).toBe('inuse_space');
    // golden/gzipleak.base.heap.top.txt: "of 11419.50kB total"
    expect((s.totals.inuse_space / 1024).toFixed(2)).toBe('11419.50');
  });
});
