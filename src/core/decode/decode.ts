// Bytes of a dropped file → Profile: gunzip if gzip, then a legacy format if
// one recognises the text, else profile.proto. What is neither gets an error
// that says what the file looks like.

import { ProfileError, isProfileError } from '../errors';
import { legacyFormats } from '../legacy';
import { receiveStacks, type Profile } from '../model';
import type { Steps } from '../progress';
import { decodeProto } from '../proto';
import { describeContent, FORMATS_WE_READ, isMostlyText } from './describe';
import { DEFAULT_INFLATE_LIMIT, gunzip, isGzip } from './gzip';
import type { NativeGunzip } from './native';

export interface DecodeOptions {
  /** Cap on decompressed size (bytes). */
  inflateLimit?: number;
  /** The platform's own inflater (Node's zlib, the browser's DecompressionStream); pako without it. */
  gunzip?: NativeGunzip;
  /**
   * For a profile sent to another thread: a proto's stack parents come as
   * branchings (StackTable.branchings), for the receiver's receiveStacks;
   * without it, receiveStacks is called here (decision 0036).
   */
  sendParents?: boolean;
}

export interface Decoded {
  profile: Profile;
  compressed: boolean;
  /** Size after decompression. */
  rawSize: number;
}

/**
 * Decodes a file's bytes. Once they are inflated the gzip bytes are let go
 * (when the caller holds them no more): they would be the largest garbage
 * of the decode (decision 0033).
 */
export function decodeProfile(bytes: Uint8Array, options: DecodeOptions = {}): Steps<Decoded> {
  // In a box: a generator keeps its arguments as given until it ends, whatever its body assigns.
  return decodeHanded({ bytes }, options);
}

/** decodeProfile's bytes, taken out of `handed` (inflating.ts hands them on where it does not read them). */
export function* decodeHanded(handed: { bytes: Uint8Array | null }, options: DecodeOptions): Steps<Decoded> {
  let bytes = handed.bytes!;
  handed.bytes = null;
  if (bytes.length === 0) throw new ProfileError('empty', 'The file is empty (0 bytes).');
  const compressed = isGzip(bytes);
  // Handed on in a box, this frame keeping none of them (a generator keeps its locals to its end).
  const raw: { bytes: Uint8Array | null } = { bytes: null };
  raw.bytes = compressed ? yield* gunzip(bytes, options.inflateLimit ?? DEFAULT_INFLATE_LIMIT, options.gunzip) : bytes;
  bytes = EMPTY; // the gzip bytes go
  return yield* decodeInflated(raw, compressed, options);
}

const EMPTY = new Uint8Array(0);

/** The bytes as inflated (or as they were), taken out of `handed`: a legacy format, else profile.proto. */
export function* decodeInflated(handed: { bytes: Uint8Array | null }, compressed: boolean, options: DecodeOptions): Steps<Decoded> {
  let raw = handed.bytes!;
  handed.bytes = null;
  if (raw.length === 0) throw new ProfileError('empty', 'The file is an empty gzip stream: it decompresses to 0 bytes.');

  const head = latin1Head(raw);
  for (const format of legacyFormats) {
    if (format.detect(head, raw)) return { profile: yield* format.parse(raw), compressed, rawSize: raw.length };
  }
  const first = raw.slice(0, 4096); // all that an error describes
  if (isMostlyText(first)) throw unrecognized(first);
  const rawSize = raw.length;
  // Handed over: decodeProto lets them go once read.
  const proto = { bytes: raw as Uint8Array | null };
  raw = first;
  try {
    // The parent column is made when a reader first asks for it: the first table never does (decision 0036).
    const profile = yield* decodeProto(proto, 'branchings');
    if (!options.sendParents) receiveStacks(profile);
    if (isNothing(profile)) throw unrecognized(first);
    return { profile, compressed, rawSize };
  } catch (e) {
    if (isProfileError(e) && e.code === 'proto-malformed' && !looksLikeProto(first)) throw unrecognized(first);
    throw e;
  }
}

function unrecognized(raw: Uint8Array): ProfileError {
  return new ProfileError('unrecognized', `${describeContent(raw)} ${FORMATS_WE_READ}`);
}

/**
 * A Go profile.proto starts with field 1 (sample_type, 0x0a) or, from other
 * writers, any known field with a length or varint wire type. Anything else
 * that fails to decode is described as unknown data rather than a damaged profile.
 */
function looksLikeProto(raw: Uint8Array): boolean {
  const tag = raw[0];
  const field = tag >>> 3;
  const wt = tag & 7;
  if (field < 1 || field > 15) return false;
  return wt === 2 ? [1, 2, 3, 4, 5, 6, 11, 13].includes(field) : wt === 0 && field >= 7;
}

/** What a legacy format is detected by (a goroutine dump reads up to DETECT_BYTES). */
export const HEAD_BYTES = 4096;

/** Random bytes can parse as a proto of unknown fields: a profile has at least something. */
export function isNothing(profile: Profile): boolean {
  return profile.sampleTypes.length === 0 && profile.samples.length === 0 && profile.strings.length <= 1;
}

export function latin1Head(b: Uint8Array): string {
  const n = Math.min(b.length, HEAD_BYTES);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(b[i]);
  return s;
}
