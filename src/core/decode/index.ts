// Bytes of a dropped file → Profile: gunzip if gzip, then a legacy format if
// one recognises the text, else profile.proto. What is neither gets an error
// that says what the file looks like.

import { ProfileError, isProfileError } from '../errors';
import { DETECT_BYTES, legacyFormats } from '../legacy';
import { receiveStacks, type Profile } from '../model';
import type { Steps } from '../progress';
import { decodeProto, decodeProtoInflating, type InflatingBytes } from '../proto';
import { describeContent, FORMATS_WE_READ, isMostlyText } from './describe';
import { DEFAULT_INFLATE_LIMIT, gunzip, isGzip, outputGuess } from './gzip';
import type { InflateElsewhere, NativeGunzip } from './native';

export { DEFAULT_INFLATE_LIMIT } from './gzip';
export { OVER_LIMIT, type InflateElsewhere, type InflateJob, type NativeGunzip } from './native';
export type { InflatingBytes } from '../proto';
export { fileTooLarge, MAX_FILE_SIZE } from '../limits';

export interface DecodeOptions {
  /** Cap on decompressed size (bytes). */
  inflateLimit?: number;
  /** The platform's own inflater (Node's zlib, the browser's DecompressionStream); pako without it. */
  gunzip?: NativeGunzip;
  /**
   * An inflater on another thread (Node): a profile.proto is then read as it
   * inflates (proto/inflating.ts); whatever that does not read goes the usual way.
   */
  inflateElsewhere?: InflateElsewhere;
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

function* decodeHanded(handed: { bytes: Uint8Array | null }, options: DecodeOptions): Steps<Decoded> {
  let bytes = handed.bytes!;
  handed.bytes = null;
  if (bytes.length === 0) throw new ProfileError('empty', 'The file is empty (0 bytes).');
  const compressed = isGzip(bytes);
  const limit = options.inflateLimit ?? DEFAULT_INFLATE_LIMIT;
  let inflated: Uint8Array | undefined;
  if (compressed && options.inflateElsewhere) {
    const inflating = options.inflateElsewhere(bytes, limit, outputGuess(bytes, limit));
    if (inflating) {
      const read = yield* readWhileInflating(inflating);
      if (read instanceof Uint8Array) inflated = read;
      else if (read) {
        if (!options.sendParents) receiveStacks(read);
        return { profile: read, compressed, rawSize: inflating.inflated() };
      }
    }
  }
  let raw = inflated ?? (compressed ? yield* gunzip(bytes, limit, options.gunzip) : bytes);
  bytes = raw; // the gzip bytes go
  if (raw.length === 0) throw new ProfileError('empty', 'The file is an empty gzip stream: it decompresses to 0 bytes.');

  const head = latin1Head(raw);
  for (const format of legacyFormats) {
    if (format.detect(head, raw)) return { profile: yield* format.parse(raw), compressed, rawSize: raw.length };
  }
  const first = raw.slice(0, 4096); // all that an error describes
  if (isMostlyText(first)) throw unrecognized(first);
  const rawSize = raw.length;
  // Handed over as the gzip bytes were: decodeProto lets them go once read.
  const proto = { bytes: raw as Uint8Array | null };
  bytes = raw = first;
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

/** What a legacy format is detected by (latin1Head; a goroutine dump reads up to DETECT_BYTES). */
const HEAD_BYTES = 4096;

/** The first `n` bytes of the output, or all of it if it is shorter, once inflated. */
function inflatedUpTo(inflating: InflatingBytes, n: number): Uint8Array {
  while (inflating.outcome() === null && inflating.inflated() < Math.min(n, inflating.bytes.length)) inflating.wait(inflating.inflated());
  return inflating.bytes.subarray(0, Math.min(n, inflating.inflated()));
}

/**
 * The profile.proto read as it inflates elsewhere, when its first bytes are
 * binary and of no legacy format; else, or where the one pass stops, the
 * whole output, for the usual way; undefined if the inflate failed (gunzip
 * then says why).
 */
function* readWhileInflating(inflating: InflatingBytes): Steps<Profile | Uint8Array | undefined> {
  // The legacy formats are told apart by the head; a goroutine dump, read
  // further, only where the head has no NUL byte.
  let prefix = inflatedUpTo(inflating, HEAD_BYTES);
  if (!prefix.includes(0)) prefix = inflatedUpTo(inflating, DETECT_BYTES);
  const binary = prefix.length > 0 && !isMostlyText(prefix.subarray(0, HEAD_BYTES));
  if (binary && !legacyFormats.some((format) => format.detect(latin1Head(prefix), prefix))) {
    const profile = yield* decodeProtoInflating(inflating, 'branchings');
    if (profile && !isNothing(profile)) return profile;
  }
  while (inflating.outcome() === null) inflating.wait(inflating.inflated());
  const outcome = inflating.outcome();
  return outcome instanceof Uint8Array ? outcome : undefined;
}

/** Random bytes can parse as a proto of unknown fields: a profile has at least something. */
function isNothing(profile: Profile): boolean {
  return profile.sampleTypes.length === 0 && profile.samples.length === 0 && profile.strings.length <= 1;
}

function latin1Head(b: Uint8Array): string {
  const n = Math.min(b.length, HEAD_BYTES);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(b[i]);
  return s;
}
