// Node's zlib on a thread of its own (cli/zlib-elsewhere.ts, decision 0050):
// the decode reads the output as the thread writes it, and every file
// decodes as it does with zlib on the decoder's thread: the same profile, or
// on bad input the same error, word for word. A thread that never starts
// costs a wait, not the file.

import { isDeepStrictEqual } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inflateThreadInSources, zlibElsewhere } from '../../src/cli/zlib-elsewhere';
import { zlibGunzip } from '../../src/cli/zlib-gunzip';
import { decodeProfile, decodeProfileInflating, type InflateElsewhere, type InflatingBytes } from '../../src/core/decode';
import { runSync } from '../../src/core/progress';
import { allProfileFixtures, fixtureBytes } from '../helpers/fixtures';
import { outcomeOf } from '../helpers/outcome';
import { mulberry32 } from '../helpers/random';

/** The thread's inflater, its answers counted: a test must see it used. */
function counted(inflater: InflateElsewhere) {
  const seen = { calls: 0, answered: 0 };
  const spy: InflateElsewhere = (gz, limit, hint) => {
    seen.calls++;
    const inflating = inflater(gz, limit, hint);
    if (inflating) seen.answered++;
    return inflating;
  };
  return { spy, seen };
}

const thread = zlibElsewhere(inflateThreadInSources());
const isGz = (b: Uint8Array) => b[0] === 0x1f && b[1] === 0x8b;
const gzFixtures = allProfileFixtures().filter((f) => isGz(fixtureBytes(f)));
const heap = fixtureBytes('gzipleak.base.heap');
const bomb = gzipSync(Buffer.alloc(256 << 20));
const bad: [string, Uint8Array, number?][] = [
  ['truncated in half', heap.subarray(0, heap.length >> 1)],
  ['truncated in the header', heap.subarray(0, 12)],
  ['junk after the member', Buffer.concat([heap, Buffer.from('not gzip')])],
  ['two members', Buffer.concat([gzipSync(Buffer.from('')), heap])],
  ['an empty stream', gzipSync(Buffer.alloc(0))],
  ['a bomb past the cap', bomb, 8 << 20],
];

describe('zlib on a thread of its own', () => {
  it(`decodes the ${gzFixtures.length} gzip fixtures as zlib on this thread does`, () => {
    const { spy, seen } = counted(thread);
    for (const f of gzFixtures) {
      const gz = fixtureBytes(f);
      const read = outcomeOf(() => runSync(decodeProfileInflating(gz, spy, { gunzip: zlibGunzip })));
      expect(isDeepStrictEqual(read, outcomeOf(() => runSync(decodeProfile(gz, { gunzip: zlibGunzip })))), f).toBe(true);
    }
    expect(seen.answered).toBe(gzFixtures.length);
  });

  for (const [what, gz, limit] of bad) {
    it(`${what}: the same outcome as zlib on this thread`, () => {
      const { spy, seen } = counted(thread);
      const read = outcomeOf(() => runSync(decodeProfileInflating(gz, spy, { gunzip: zlibGunzip, inflateLimit: limit })));
      expect(read).toEqual(outcomeOf(() => runSync(decodeProfile(gz, { gunzip: zlibGunzip, inflateLimit: limit }))));
      expect(seen.calls).toBe(1);
    });
  }

  it('hands out the output as it is written, then all of it', () => {
    // Many of the thread's 256 KiB chunks (the heap fixture is one: its count
    // could go from 0 to all between two looks), each checked as it is seen.
    const raw = new Uint8Array(8 << 20);
    const random = mulberry32(15);
    for (let i = 0; i < raw.length; i++) raw[i] = random() * 16;
    const gz = gzipSync(raw);
    const inflating = thread(gz, 1 << 30, raw.length)!;
    const seen = new Set<number>();
    while (inflating.outcome() === null) {
      const have = inflating.inflated();
      seen.add(have);
      expect(isDeepStrictEqual(inflating.bytes.subarray(0, have), raw.subarray(0, have)), `the first ${have} bytes`).toBe(true);
      inflating.wait(have);
    }
    expect(isDeepStrictEqual(inflating.outcome(), raw)).toBe(true);
    expect(seen.size, 'counts seen while the thread ran').toBeGreaterThan(1);
  });

  it('fails, for the usual way, when the output is larger than the buffer (a trailer that lies)', () => {
    const inflating: InflatingBytes = thread(heap, 1 << 30, 1 << 10)!;
    while (inflating.outcome() === null) inflating.wait(inflating.inflated());
    expect(inflating.outcome()).toBe('failed');
  });

  it('a thread that never starts: the file is decoded the usual way after the wait', () => {
    const nowhere = zlibElsewhere(new URL('./no-such-thread.mjs', inflateThreadInSources()), 200);
    const t = performance.now();
    const read = outcomeOf(() => runSync(decodeProfileInflating(heap, nowhere, { gunzip: zlibGunzip })));
    expect(performance.now() - t).toBeGreaterThanOrEqual(190);
    expect(isDeepStrictEqual(read, outcomeOf(() => runSync(decodeProfile(heap, { gunzip: zlibGunzip }))))).toBe(true);
  });
});
