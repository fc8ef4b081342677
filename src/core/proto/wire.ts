// Varints the way the profile needs them, read straight off protobufjs's Reader.
//
// int64/uint64 are decided here, once, as JavaScript numbers: protobufjs's own
// int64() returns a Long or a number depending on whether the `long` package
// was found at load time, which differs between Node and a browser bundle.
// Numbers are exact up to 2^53 and never allocate.

import protobuf from 'protobufjs/minimal.js';
import { ProfileError } from '../errors';

export type Reader = protobuf.Reader;

export function newReader(bytes: Uint8Array): Reader {
  return protobuf.Reader.create(bytes);
}

const TWO_32 = 4294967296;

export function malformed(r: Reader, what: string): ProfileError {
  return new ProfileError('proto-malformed', `Not a valid profile.proto: ${what} (at byte ${r.pos} of ${r.len}).`);
}

/** Reads a varint as an unsigned 64-bit value. */
export function readUint64(r: Reader): number {
  const v = readVarint(r);
  return hiBits * TWO_32 + v;
}

/** Reads a varint as a two's-complement signed 64-bit value. */
export function readInt64(r: Reader): number {
  const lo = readVarint(r);
  const hi = hiBits;
  if (hi < 0x80000000) return hi * TWO_32 + lo;
  // Negative: -(~x + 1), computed in doubles so the carry needs no care.
  return -((~hi >>> 0) * TWO_32 + (~lo >>> 0) + 1);
}

/** High 32 bits of the last varint read by readVarint (unsigned). */
let hiBits = 0;

/** Returns the low 32 bits (unsigned) and leaves the high 32 bits in hiBits. */
function readVarint(r: Reader): number {
  const buf = r.buf;
  let pos = r.pos;
  const end = r.len;
  hiBits = 0;
  if (pos < end) {
    const b = buf[pos];
    if (b < 0x80) {
      r.pos = pos + 1;
      return b;
    }
  }
  let lo = 0;
  let b = 0;
  for (let shift = 0; shift < 28; shift += 7) {
    if (pos >= end) throw malformed(r, 'varint runs past the end');
    b = buf[pos++];
    lo |= (b & 0x7f) << shift;
    if (b < 0x80) {
      r.pos = pos;
      return lo >>> 0;
    }
  }
  if (pos >= end) throw malformed(r, 'varint runs past the end');
  b = buf[pos++];
  lo = (lo | ((b & 0x0f) << 28)) >>> 0;
  let hi = (b & 0x7f) >> 4;
  if (b < 0x80) {
    r.pos = pos;
    hiBits = hi;
    return lo;
  }
  for (let shift = 3; shift < 39; shift += 7) {
    if (pos >= end) throw malformed(r, 'varint runs past the end');
    b = buf[pos++];
    hi |= (b & 0x7f) << shift;
    if (b < 0x80) {
      r.pos = pos;
      hiBits = hi >>> 0;
      return lo;
    }
  }
  throw malformed(r, 'varint longer than 10 bytes');
}

/** A tag's field number and wire type. */
export function readTag(r: Reader): number {
  return readVarint(r);
}

/** End offset of a length-delimited field starting at r.pos. */
export function readLengthEnd(r: Reader): number {
  const n = readVarint(r);
  if (hiBits !== 0 || n > r.len - r.pos) throw malformed(r, `length ${hiBits * TWO_32 + n} runs past the end`);
  return r.pos + n;
}

export function skipField(r: Reader, wireType: number): void {
  switch (wireType) {
    case 0:
      readVarint(r);
      return;
    case 1:
      skipBytes(r, 8);
      return;
    case 2:
      r.pos = readLengthEnd(r);
      return;
    case 5:
      skipBytes(r, 4);
      return;
    default:
      // Groups (3, 4) are not used by profile.proto; anything else is damage.
      throw malformed(r, `unexpected wire type ${wireType}`);
  }
}

function skipBytes(r: Reader, n: number): void {
  if (r.pos + n > r.len) throw malformed(r, 'field runs past the end');
  r.pos += n;
}

const utf8 = new TextDecoder('utf-8');

/** A length-delimited string; invalid UTF-8 becomes U+FFFD, never an error. */
export function readString(r: Reader): string {
  const end = readLengthEnd(r);
  const buf = r.buf;
  let s = '';
  let ascii = end - r.pos <= 64;
  if (ascii) {
    for (let i = r.pos; i < end; i++) {
      const c = buf[i];
      if (c >= 0x80) {
        ascii = false;
        break;
      }
      s += String.fromCharCode(c);
    }
  }
  if (!ascii) s = utf8.decode(buf.subarray(r.pos, end));
  r.pos = end;
  return s;
}

/**
 * Calls `each` for every element of a repeated scalar field that may be
 * packed (wire type 2) or not (wire type 0), as the spec requires readers to accept.
 */
export function readRepeated(r: Reader, wireType: number, read: (r: Reader) => number, each: (v: number) => void): void {
  if (wireType === 2) {
    const end = readLengthEnd(r);
    const len = r.len;
    r.len = end; // bound reads to the packed run
    try {
      while (r.pos < end) each(read(r));
    } finally {
      r.len = len;
    }
  } else if (wireType === 0) {
    each(read(r));
  } else {
    throw malformed(r, `repeated scalar with wire type ${wireType}`);
  }
}
