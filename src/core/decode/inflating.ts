// A gzip file read while another thread inflates it (Node's zlib on a
// thread of its own, cli/zlib-elsewhere.ts; decision 0050): a Go-written
// profile.proto in one pass as the bytes come (proto/inflating.ts), anything
// else the usual way (decode.ts) once the inflate is over. Its own module,
// so that the page's bundle, which has no such thread, leaves it out.

import { DETECT_BYTES, legacyFormats } from '../legacy';
import { receiveStacks, type Profile } from '../model';
import type { Steps } from '../progress';
import { decodeProtoInflating, type InflatingBytes } from '../proto';
import { decodeHanded, decodeInflated, HEAD_BYTES, isNothing, latin1Head, type DecodeOptions, type Decoded } from './decode';
import { isMostlyText } from './describe';
import { DEFAULT_INFLATE_LIMIT, isGzip, outputGuess } from './gzip';
import type { InflateElsewhere } from './native';

/** decodeProfile, with gzip inflated by `inflateElsewhere` where it takes the file: the same outcome, sooner. */
export function decodeProfileInflating(bytes: Uint8Array, inflateElsewhere: InflateElsewhere, options: DecodeOptions = {}): Steps<Decoded> {
  return inflatingHanded({ bytes }, inflateElsewhere, options);
}

function* inflatingHanded(handed: { bytes: Uint8Array | null }, inflateElsewhere: InflateElsewhere, options: DecodeOptions): Steps<Decoded> {
  const inflating = started(handed.bytes!, inflateElsewhere, options.inflateLimit ?? DEFAULT_INFLATE_LIMIT);
  if (!inflating) return yield* decodeHanded(handed, options);
  const read = yield* readWhileInflating(inflating);
  if (read === undefined) return yield* decodeHanded(handed, options); // gunzip says why
  handed.bytes = null; // the gzip bytes go
  if (read instanceof Uint8Array) return yield* decodeInflated({ bytes: read }, true, options);
  if (!options.sendParents) receiveStacks(read);
  return { profile: read, compressed: true, rawSize: inflating.inflated() };
}

/** The inflate of `gz` elsewhere, if it is gzip and the inflater takes it. */
function started(gz: Uint8Array, inflateElsewhere: InflateElsewhere, limit: number): InflatingBytes | undefined {
  return gz.length > 0 && isGzip(gz) ? inflateElsewhere(gz, limit, outputGuess(gz, limit)) : undefined;
}

/**
 * The profile.proto read as it inflates, when its first bytes are binary
 * and of no legacy format; else, or where the one pass stops, the whole
 * output; undefined if the inflate failed.
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

/** The first `n` bytes of the output, or all of it if it is shorter, once inflated. */
function inflatedUpTo(inflating: InflatingBytes, n: number): Uint8Array {
  while (inflating.outcome() === null && inflating.inflated() < Math.min(n, inflating.bytes.length)) inflating.wait(inflating.inflated());
  return inflating.bytes.subarray(0, Math.min(n, inflating.inflated()));
}
