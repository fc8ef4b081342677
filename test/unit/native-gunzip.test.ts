// The platform's own inflater (Node's zlib in the CLI, DecompressionStream in
// a decoder worker) decodes every file exactly as pako does: the same profile,
// and on bad gzip the same error, word for word (pako reads again whatever the
// native inflater fails on; the cap is the native inflater's own).

import { isDeepStrictEqual } from 'node:util';
import { gzipSync } from 'node:zlib';
import { inflate } from 'pako';
import { describe, expect, it } from 'vitest';
import { zlibGunzip } from '../../src/cli/zlib-gunzip';
import { decodeProfile, OVER_LIMIT, type NativeGunzip } from '../../src/core/decode';
import { gunzip } from '../../src/core/decode/gzip';
import { isProfileError } from '../../src/core/errors';
import { runSync } from '../../src/core/progress';
import { runSliced } from '../../workers/sliced';
import { streamGunzip } from '../../workers/stream-gunzip';
import { allProfileFixtures, fixtureBytes } from '../helpers/fixtures';
import { outcomeOf, type Outcome } from '../helpers/outcome';
import { mulberry32 } from '../helpers/random';

async function asyncOutcomeOf(run: () => Promise<{ profile: unknown; rawSize: number }>): Promise<Outcome> {
  try {
    const { profile, rawSize } = await run();
    return { profile, rawSize };
  } catch (e) {
    if (!isProfileError(e)) throw e;
    return { code: e.code, message: e.message };
  }
}

/** The native inflater, its answers counted: a test must see it used, not pako alone. */
function counted(native: NativeGunzip) {
  const seen = { calls: 0 };
  const spy: NativeGunzip = (gz, limit, hint) => {
    seen.calls++;
    return native(gz, limit, hint);
  };
  return { spy, seen };
}

const isGz = (b: Uint8Array) => b[0] === 0x1f && b[1] === 0x8b;
const gzFixtures = allProfileFixtures().filter((f) => isGz(fixtureBytes(f)));
const heap = fixtureBytes('gzipleak.base.heap');
const flipped = heap.slice();
flipped[Math.floor(heap.length / 2)] ^= 0x55;
const badCrc = heap.slice();
badCrc[heap.length - 6] ^= 1;
/** 256 MiB of zeros in 256 KiB. */
const bomb = gzipSync(Buffer.alloc(256 << 20));
const half = Math.floor(heap.length / 2);
const bad: [string, Uint8Array, number?][] = [
  ['truncated in half', heap.subarray(0, half)],
  ['truncated in the header', heap.subarray(0, 12)],
  ['a flipped byte', flipped],
  ['a wrong checksum', badCrc],
  ['junk after the member', Buffer.concat([heap, Buffer.from('not gzip')])],
  ['zeros after the member', Buffer.concat([heap, Buffer.alloc(16)])],
  ['two members', Buffer.concat([gzipSync(Buffer.from('')), heap])],
  ['an empty stream', gzipSync(Buffer.alloc(0))],
  ['a bomb past the cap', bomb, 8 << 20],
];

describe('native inflate: Node zlib', () => {
  it(`decodes the ${gzFixtures.length} gzip fixtures as pako does`, () => {
    expect(gzFixtures.length).toBeGreaterThan(20);
    const { spy, seen } = counted(zlibGunzip);
    for (const f of gzFixtures) {
      const bytes = fixtureBytes(f);
      const native = outcomeOf(() => runSync(decodeProfile(bytes, { gunzip: spy })));
      // (vitest's toEqual takes ~20× as long on profiles' typed arrays)
      expect(isDeepStrictEqual(native, outcomeOf(() => runSync(decodeProfile(bytes)))), f).toBe(true);
    }
    expect(seen.calls).toBe(gzFixtures.length);
  });

  for (const [what, bytes, limit] of bad) {
    it(`${what}: the same outcome as pako`, () => {
      const { spy, seen } = counted(zlibGunzip);
      const native = outcomeOf(() => runSync(decodeProfile(bytes, { gunzip: spy, inflateLimit: limit })));
      expect(native).toEqual(outcomeOf(() => runSync(decodeProfile(bytes, { inflateLimit: limit }))));
      expect(seen.calls).toBe(1);
    });
  }

  it('inflates itself, and stops a bomb itself at the cap (pako not run)', () => {
    expect(zlibGunzip(heap, 1 << 30, 1 << 16)).toEqual(inflate(heap));
    expect(zlibGunzip(bomb, 8 << 20, 1 << 16)).toBe(OVER_LIMIT);
  });
});

describe('native inflate: a DecompressionStream job, run in slices as in the decoder worker', () => {
  const job = () => ({ cancelled: false });
  it('exists where DecompressionStream does (Node ≥ 18)', () => {
    expect(streamGunzip).toBeDefined();
  });

  for (const [what, bytes, limit] of [...bad, ['the gzip leak heap', heap] as [string, Uint8Array]]) {
    it(`${what}: the same outcome as pako`, async () => {
      const { spy, seen } = counted(streamGunzip!);
      const native = await asyncOutcomeOf(() => runSliced(decodeProfile(bytes, { gunzip: spy, inflateLimit: limit }), job()));
      expect(native).toEqual(outcomeOf(() => runSync(decodeProfile(bytes, { inflateLimit: limit }))));
      expect(seen.calls).toBe(1);
    });
  }

  it('inflates itself, and stops a bomb itself at the cap (pako not run)', async () => {
    const run = async (gz: Uint8Array, limit: number) => {
      const j = streamGunzip!(gz, limit, 1 << 16);
      if (j instanceof Uint8Array || j === OVER_LIMIT) throw new Error('a stream job expected');
      let chunks = 0;
      while (await j.next()) chunks++;
      return { out: j.result(), chunks };
    };
    expect((await run(heap, 1 << 30)).out).toEqual(inflate(heap));
    const many = gzipSync(Buffer.alloc(4 << 20, 'heapdiff '));
    const { out, chunks } = await run(many, 1 << 30);
    expect(isDeepStrictEqual(out, inflate(many))).toBe(true);
    expect(chunks).toBeGreaterThan(1);
    expect((await run(bomb, 8 << 20)).out).toBe(OVER_LIMIT);
  });

  it('a cancel stops the stream between chunks', async () => {
    const mine = job();
    const progress: string[] = [];
    const run = runSliced(decodeProfile(bomb, { gunzip: streamGunzip }), mine, (p) => {
      progress.push(p.phase);
      mine.cancelled = true;
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(progress).toEqual(['inflate']);
  });

  it('a synchronous run refuses steps that wait', () => {
    expect(() => runSync(decodeProfile(heap, { gunzip: streamGunzip }))).toThrow(/cannot be run synchronously/);
  });
});

describe('the inflated bytes’ buffer', () => {
  // Random bytes compress ~1:1, as a profile of a million distinct stacks
  // nearly does (1.4:1): the buffer is the trailer's size, not 4× the input.
  const incompressible = new Uint8Array(3 << 20);
  const random = mulberry32(7);
  for (let i = 0; i < incompressible.length; i++) incompressible[i] = random() * 256;
  const gz = gzipSync(incompressible);
  const inflaters: [string, NativeGunzip | undefined][] = [['pako', undefined], ['Node zlib', zlibGunzip], ['DecompressionStream', streamGunzip]];
  for (const [name, native] of inflaters) {
    it(`is the output's size when the file compresses poorly (${name})`, async () => {
      const out = await runSliced(gunzip(gz, 1 << 30, native), { cancelled: false });
      expect(isDeepStrictEqual(out, incompressible)).toBe(true);
      expect(out.buffer.byteLength).toBeLessThanOrEqual(out.length + (64 << 10));
    });
  }
  it('is still right when the trailer is a lie (two members: the last one’s size)', () => {
    const two = Buffer.concat([gz, gzipSync(Buffer.from('tail'))]);
    const out = runSync(gunzip(two, 1 << 30, zlibGunzip));
    expect(out.length).toBe(incompressible.length + 4);
  });
});
