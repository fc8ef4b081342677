// A profile.proto in pieces (the browser's DecompressionStream hands its
// output over in chunks, read where they lie: docs/decisions/0045) decodes as
// the same bytes in one buffer do: the same profile, and for damaged bytes
// the same error at the same offset.

import { isDeepStrictEqual } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isProfileError } from '../../src/core/errors';
import { runSync } from '../../src/core/progress';
import { decodeProto } from '../../src/core/proto';
import { wholeFields } from '../../src/core/proto/segments';
import { allProfileFixtures, fixtureBytes } from '../helpers/fixtures';
import { mulberry32 } from '../helpers/random';

type Outcome = { profile: unknown } | { code: string; message: string };

function outcome(bytes: Uint8Array | Uint8Array[]): Outcome {
  try {
    return { profile: runSync(decodeProto({ bytes }, 'column')) };
  } catch (e) {
    if (!isProfileError(e)) throw e;
    return { code: e.code, message: e.message };
  }
}

/** `bytes` cut where `cut` says: pieces of 1 to `most` bytes, each a copy (as a stream's chunks are buffers of their own). */
function cut(bytes: Uint8Array, most: number, random: () => number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; ) {
    const n = 1 + Math.floor(random() * most);
    out.push(bytes.slice(at, at + n));
    at += n;
  }
  return out;
}

const inflated = (b: Uint8Array) => (b[0] === 0x1f && b[1] === 0x8b ? new Uint8Array(gunzipSync(b)) : b);
// Every fixture that is a profile.proto.
const protos = allProfileFixtures()
  .map((name) => ({ name, bytes: inflated(fixtureBytes(name)) }))
  .filter(({ bytes }) => 'profile' in outcome(bytes));

describe('a profile.proto in pieces', () => {
  it('is read from at least 25 proto fixtures', () => {
    expect(protos.length).toBeGreaterThanOrEqual(25);
  });

  for (const most of [3, 64, 4096]) {
    it(`decodes as one buffer does: every proto fixture in pieces of 1–${most} bytes`, () => {
      const random = mulberry32(most);
      for (const { name, bytes } of protos) {
        const pieces = cut(bytes, most, random);
        expect(isDeepStrictEqual(outcome(pieces), outcome(bytes)), name).toBe(true);
      }
    });
  }

  it('decodes damaged bytes as one buffer does: truncated the same, a changed byte to the same profile or kind of error', () => {
    // A nested field read past its message's end reads on into the next field
    // in one buffer, and stops at the segment's end in pieces: both fail, and
    // each names what it met first (both offsets true), so only the kind of
    // error is the same for a byte changed within a field.
    const random = mulberry32(45);
    const tally = { errors: 0, sameMessage: 0 };
    for (let k = 0; k < 400; k++) {
      const { bytes } = protos[k % protos.length];
      const truncated = k % 2 === 0;
      const damaged = bytes.slice(0, truncated ? Math.floor(random() * bytes.length) : bytes.length);
      if (!truncated) damaged[Math.floor(random() * damaged.length)] = k % 4 === 1 ? Math.floor(random() * 256) : 0x0b; // 0x0b: field 1 as a group
      const whole = outcome(damaged);
      const pieces = outcome(cut(damaged, 1 + Math.floor(random() * 300), random));
      if (truncated || 'profile' in whole) {
        expect(isDeepStrictEqual(pieces, whole)).toBe(true);
      } else {
        expect(pieces).toMatchObject({ code: whole.code });
        if (isDeepStrictEqual(pieces, whole)) tally.sameMessage++;
      }
      if ('code' in whole) tally.errors++;
    }
    expect(tally.errors).toBeGreaterThan(200);
    expect(tally.sameMessage).toBeGreaterThan(0);
  });

  it('makes segments of whole fields that cover the bytes in order, at their offsets', () => {
    const { bytes } = protos.find((p) => p.name.includes('gzipleak.current.heap'))!;
    const segments = wholeFields(cut(bytes, 100, mulberry32(1)));
    let at = 0;
    for (const s of segments) {
      expect(s.base).toBe(at);
      expect(isDeepStrictEqual(s.bytes, bytes.subarray(at, at + s.bytes.length))).toBe(true);
      // Whole fields: each ends exactly at the segment's end.
      let q = 0;
      while (q < s.bytes.length) q = skipTopLevelField(s.bytes, q);
      expect(q).toBe(s.bytes.length);
      at += s.bytes.length;
    }
    expect(at).toBe(bytes.length);
    // Fields spanning pieces are copied alone; the rest are views of the pieces.
    expect(segments.length).toBeGreaterThan(bytes.length / 100);
  });
});

function varint(b: Uint8Array, q: number): [number, number] {
  let v = 0;
  let scale = 1;
  for (;;) {
    const x = b[q++];
    v += (x & 0x7f) * scale;
    scale *= 128;
    if (x < 0x80) return [v, q];
  }
}

function skipTopLevelField(b: Uint8Array, q: number): number {
  const [tag, at] = varint(b, q);
  const wt = tag & 7;
  if (wt === 0) return varint(b, at)[1];
  if (wt === 1) return at + 8;
  if (wt === 5) return at + 4;
  if (wt !== 2) throw new Error(`wire type ${wt}`);
  const [len, body] = varint(b, at);
  return body + len;
}
