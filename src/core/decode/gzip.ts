// gzip, sniffed by its magic bytes and inflated in slices with a cap on the
// output, so a decompression bomb stops with an error instead of the tab.

import type { ZStream } from 'pako';
import { ProfileError } from '../errors';
import type { Steps } from '../progress';
import { formatBytes } from '../format';
import { nativeInflate, OVER_LIMIT, type NativeGunzip } from './native';
import { pakoInflate } from './pako';

export const DEFAULT_INFLATE_LIMIT = 1 << 30; // 1 GiB

/**
 * Compressed bytes handed to the inflater at a time. Deflate expands up to
 * ~1000×, so after a step that produced a lot the slice shrinks: a bomb then
 * yields every few MiB of output like any file, and cancel and ping get through.
 */
const SLICE = 256 * 1024;
const SMALL_SLICE = 4 * 1024;
const OUTPUT_PER_STEP = 16 << 20;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Inflates gzip bytes with `native` when given (pako where it fails), else with pako. */
export function* gunzip(bytes: Uint8Array, limit = DEFAULT_INFLATE_LIMIT, native?: NativeGunzip): Steps<Uint8Array> {
  const guess = outputGuess(bytes, limit);
  if (native) {
    const out = yield* nativeInflate(native, bytes, limit, guess);
    if (out === OVER_LIMIT) throw overLimit(limit, bytes.length);
    if (out) return out;
  }
  return yield* pakoGunzip(bytes, limit, guess);
}

/**
 * The trailer's ISIZE (size mod 2^32) is a good first guess for the output
 * buffer; a lie costs a regrowth, never correctness. One gzip member's
 * output is never much smaller than its input (stored blocks add 5 bytes in
 * 64 KiB) nor over ~1032× it, so an ISIZE between half and 1032× the input
 * is taken as it is: a profile of many distinct stacks compresses only
 * ~1.4:1 (the wide pair), where a floor of 4× the input made a buffer 2.9×
 * the output. Otherwise (the last of several members, no trailer) the guess
 * is 4× the input.
 */
export function outputGuess(bytes: Uint8Array, limit: number): number {
  const n = bytes.length;
  const isize = n >= 18 ? (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0 : 0;
  const guess = isize >= n / 2 && isize <= n * 1032 ? isize : n * 4;
  return Math.min(Math.max(guess, 1 << 16), limit);
}

function overLimit(limit: number, n: number): ProfileError {
  return new ProfileError(
    'inflate-limit',
    `Decompressed data exceeds the ${formatBytes(limit)} limit (from a ${formatBytes(n)} file): ` +
      'a decompression bomb, or a profile larger than this viewer is set to hold.',
  );
}

function* pakoGunzip(bytes: Uint8Array, limit: number, guess: number): Steps<Uint8Array> {
  // When the guess is right, pako inflates into a single chunk of that size
  // and we keep that chunk: no second buffer, no copy.
  const n = bytes.length;
  let Inflate = pakoInflate();
  if (Inflate instanceof Promise) {
    yield { phase: 'inflate', done: 0, total: n, until: Inflate };
    Inflate = pakoInflate() as Exclude<typeof Inflate, Promise<unknown>>;
  }
  let out: Uint8Array = new Uint8Array(0);
  let size = 0;
  const inflater = new Inflate({ chunkSize: guess });
  let over = false;
  inflater.onData = (chunk: Uint8Array) => {
    if (size + chunk.length > limit) {
      over = true;
      throw overLimit(limit, n);
    }
    if (size === 0) {
      out = chunk; // pako's own output buffer: a new one is made for any next chunk
      size = chunk.length;
      return;
    }
    if (size + chunk.length > out.length) {
      let cap = Math.max(out.length * 2, guess);
      while (cap < size + chunk.length) cap *= 2;
      const grown = new Uint8Array(Math.min(cap, limit));
      grown.set(out.subarray(0, size));
      out = grown;
    }
    out.set(chunk, size);
    size += chunk.length;
  };
  inflater.onEnd = () => {};
  // Output so far, delivered or not: with one big chunk, onData comes only at the end.
  let stream: ZStream | undefined;
  inflater.onStart = (strm: ZStream) => {
    stream = strm;
  };
  const produced = () => Math.max(size, stream ? stream.total_out : 0);
  let slice = SMALL_SLICE; // until the ratio is known
  for (let pos = 0; pos < n; pos += slice) {
    if (pos > 0) slice = produced() / pos > OUTPUT_PER_STEP / SLICE ? SMALL_SLICE : SLICE;
    const last = pos + slice >= n;
    try {
      inflater.push(bytes.subarray(pos, Math.min(pos + slice, n)), last);
    } catch (e) {
      if (over) throw e;
      throw new ProfileError('gzip-corrupt', `The gzip data is corrupt: ${(e as Error).message}.`);
    }
    if (inflater.err) break;
    yield { phase: 'inflate', done: Math.min(pos + slice, n), total: n };
  }
  if (inflater.err) {
    const msg = inflater.msg || `zlib error ${inflater.err}`;
    if (/unexpected end|buffer error/i.test(msg) || inflater.err === -5) {
      throw new ProfileError('gzip-truncated', `The gzip data ends early (${formatBytes(n)} read): the file is truncated — was the download cut off?`);
    }
    const detail = /incorrect data check/.test(msg) ? 'checksum mismatch, the file was altered or damaged' : msg;
    throw new ProfileError('gzip-corrupt', `The gzip data is corrupt (${detail}).`);
  }
  if (!inflater.ended) {
    throw new ProfileError('gzip-truncated', `The gzip data ends early (${formatBytes(n)} read): the file is truncated — was the download cut off?`);
  }
  return out.subarray(0, size);
}
