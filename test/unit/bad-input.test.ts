// Every kind of bad input gets its own error code and a message that says
// what the file is, never a crash or a generic "invalid".

import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeProfile } from '../../src/core/decode';
import { ProfileError } from '../../src/core/errors';
import { runSync } from '../../src/core/progress';
import { fixtureBytes } from '../helpers/fixtures';

function decode(bytes: Uint8Array, inflateLimit?: number) {
  return runSync(decodeProfile(bytes, { inflateLimit }));
}

function failure(bytes: Uint8Array, inflateLimit?: number): ProfileError {
  try {
    decode(bytes, inflateLimit);
  } catch (e) {
    expect(e).toBeInstanceOf(ProfileError);
    return e as ProfileError;
  }
  throw new Error('decoded without error');
}

const text = (s: string) => new TextEncoder().encode(s);
const heap = fixtureBytes('gzipleak.base.heap');

describe('bad input', () => {
  it('empty file', () => {
    const e = failure(new Uint8Array(0));
    expect(e.code).toBe('empty');
    expect(e.message).toMatch(/empty/);
  });

  it('empty gzip stream', () => {
    expect(failure(gzipSync(Buffer.alloc(0))).code).toBe('empty');
  });

  it('truncated gzip (a cut-off download)', () => {
    const e = failure(heap.subarray(0, Math.floor(heap.length / 2)));
    expect(e.code).toBe('gzip-truncated');
    expect(e.message).toMatch(/truncated/);
  });

  it('a flipped byte inside the gzipped proto fails the checksum', () => {
    const bad = heap.slice();
    bad[Math.floor(bad.length / 2)] ^= 0x55;
    const e = failure(bad);
    expect(e.code).toBe('gzip-corrupt');
  });

  it('a damaged raw proto names the damage and where', () => {
    const raw = new Uint8Array(gunzipSync(heap));
    // Cut the proto inside a message: a length runs past the end.
    const e = failure(raw.subarray(0, raw.length - 7));
    expect(e.code).toBe('proto-malformed');
    expect(e.message).toMatch(/at byte \d+ of \d+/);
  });

  it('a flipped byte in a raw proto (the length of a sample) is caught', () => {
    const raw = new Uint8Array(gunzipSync(heap));
    const sampleTag = raw.indexOf(0x12); // field 2 (sample), wire type 2
    raw[sampleTag + 1] ^= 0x80; // the length now continues into the next byte
    const e = failure(raw);
    expect(e.code).toBe('proto-malformed');
    expect(e.message).toMatch(/Not a valid profile.proto: .+ \(at byte \d+/);
  });

  it('random bytes', () => {
    let x = 12345;
    const rnd = new Uint8Array(4096).map(() => ((x = (x * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
    rnd[0] = 0xf7; // no valid proto tag and not gzip
    const e = failure(rnd);
    expect(e.code).toBe('unrecognized');
    expect(e.message).toMatch(/binary data/);
    expect(e.message).toMatch(/heapdiff reads/);
  });

  it('an HTML error page saved by curl names its title', () => {
    const e = failure(text('<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>'));
    expect(e.code).toBe('unrecognized');
    expect(e.message).toMatch(/HTML page titled "502 Bad Gateway"/);
  });

  it('a plain text file quotes its first line', () => {
    const e = failure(text('404 page not found\n'));
    expect(e.code).toBe('unrecognized');
    expect(e.message).toMatch(/plain text starting with "404 page not found"/);
  });

  it('JSON', () => {
    expect(failure(text('{"error": "unauthorized"}')).message).toMatch(/JSON/);
  });

  it('an executable instead of its profile', () => {
    expect(failure(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0])).message).toMatch(/ELF executable/);
  });

  it('a decompression bomb stops at the inflate cap', () => {
    const bomb = gzipSync(Buffer.alloc(64 << 20)); // 64 MiB of zeros in ~64 KiB
    const e = failure(bomb, 8 << 20);
    expect(e.code).toBe('inflate-limit');
    expect(e.message).toMatch(/exceeds the 8.00 MiB limit/);
  });
});
