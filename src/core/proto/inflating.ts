// profile.proto read in one pass while another thread inflates it
// (decision 0050). decode.ts reads the tables first because a sample names
// locations by id; but the Go runtime writes each location before the first
// sample that names it, with ids 1, 2, 3…, and its strings last. So the
// samples can be read as the bytes come, with the locations read so far, and
// whatever a sample names that is not known yet (a string) checked at the
// end. The inflate then costs no time of its own.
//
// Anything else (a location out of order, an id not yet read, damage of any
// kind) stops this decode: the caller decodes the whole output with
// decodeProto, which accepts every profile this accepts, builds the same
// profile, and says what is wrong with the others.

import { NARROW_LOCATIONS, ProfileBuilder, type Profile } from '../model';
import type { Progress } from '../progress';
import { PROGRESS_EVERY, rawIds, readTopLevelField, resolveTables } from './decode';
import { IdIndex, SampleDecoder } from './samples';
import { newReader, readTag } from './wire';

/**
 * An inflate running on another thread into one buffer, which the decoder
 * reads as it fills (Node's zlib on a thread of its own: decision 0050).
 */
export interface InflatingBytes {
  /** The output buffer, of the size expected: written up to inflated(), the rest still to come. */
  readonly bytes: Uint8Array;
  /** How many bytes are written; they stay as they are. */
  inflated(): number;
  /** Blocks this thread until more than `have` bytes are written or the inflate is over (or a while has passed). */
  wait(have: number): void;
  /**
   * Null while the inflate runs; then its output (a view of `bytes`), or
   * 'failed' for anything else (damage, more output than `bytes` holds, a
   * thread that did not start or stalled): the caller inflates again the
   * usual way, which says why.
   */
  outcome(): Uint8Array | 'failed' | null;
}

/** Label strings are checked once the string table is read: none is out of range until then. */
const ANY_STRING = 0x7fffffff;

/**
 * The most bytes framed at a time while the inflate runs: it runs ahead of
 * the decode, and the fields past this are framed again once the decode is
 * there (or need not be, the inflate being over by then).
 */
const SCAN_AHEAD = 1 << 20;

/** Thrown to stop the one-pass decode; never leaves this module. */
const STOP = new Error('the one-pass decode stops here');

/**
 * The profile in `inflating`'s bytes, read as they come; undefined when the
 * one pass stops (see above), once the inflate is over.
 */
export function* decodeProtoInflating(inflating: InflatingBytes, parents: 'column' | 'branchings'): Generator<Progress, Profile | undefined> {
  try {
    return yield* onePass(inflating, parents);
  } catch {
    while (inflating.outcome() === null) inflating.wait(inflating.inflated());
    return undefined;
  }
}

function* onePass(inflating: InflatingBytes, parents: 'column' | 'branchings'): Generator<Progress, Profile> {
  const buf = inflating.bytes;
  const total = buf.length;
  const b = new ProfileBuilder('proto');
  b.strings = [];
  const r = newReader(buf);
  r.len = 0;
  const ids = rawIds();
  const counts = { samples: 0 };
  const locations = IdIndex.sequentialSoFar(r);
  // Narrow until the profile has more locations than fit (widened then).
  b.stacks.narrowLocations(0);
  let samples: SampleDecoder | null = null;

  const streamed = {
    bytes: total,
    others: 0,
    other(tag: number): void {
      const field = tag >>> 3;
      // A sample's tag written long, or sample types after a sample: the other way.
      if (field === 2 || (field === 1 && samples !== null)) throw STOP;
      const from = r.pos;
      const location = readTopLevelField(r, b, field, tag & 7, ids, counts);
      this.others += r.pos - from + 1;
      if (!location) return;
      const n = b.location.id.length;
      if (b.location.id.data[n - 1] !== n) throw STOP;
      locations.limit = n + 1;
      if (n === NARROW_LOCATIONS + 1) b.stacks.widenLocations();
    },
  };

  for (;;) {
    const outcome = inflating.outcome();
    if (outcome === 'failed') throw STOP;
    const have = inflating.inflated();
    // Once the inflate is over, every field is whole (or the decode meets the damage).
    const end = outcome === null ? wholeFields(buf, r.pos, have, r.pos + SCAN_AHEAD) : have;
    if (end === r.pos) {
      if (outcome !== null) break;
      inflating.wait(have);
      continue;
    }
    r.len = end;
    if (samples === null) {
      while (r.pos < end && buf[r.pos] !== 0x12) streamed.other(readTag(r));
      if (r.pos === end) continue;
      samples = new SampleDecoder(r, b, locations, ANY_STRING, counts, streamed);
    }
    while (samples.run(PROGRESS_EVERY)) yield { phase: 'decode', done: r.pos, total };
    yield { phase: 'decode', done: r.pos, total };
  }

  resolveTables(r, b, ids);
  if (!labelStringsIn(b)) throw STOP;
  r.buf = new Uint8Array(0);
  return b.build({ merge: true, parents });
}

/**
 * Where the last whole top-level field in buf[pos, have) that starts before
 * `ahead` ends (pos when none is): the samples are read up to there, and a
 * field cut by the end of the bytes inflated so far waits for the rest.
 * Throws STOP at what is not a field (a group, a varint past ten bytes).
 */
function wholeFields(buf: Uint8Array, pos: number, have: number, ahead: number): number {
  while (pos < ahead) {
    const tag = varintBefore(buf, pos, have);
    if (tag < 0) return pos;
    const wt = tag % 8;
    let next: number;
    if (wt === 0) {
      if (varintBefore(buf, varintEnd, have) < 0) return pos;
      next = varintEnd;
    } else if (wt === 2) {
      const len = varintBefore(buf, varintEnd, have);
      if (len < 0) return pos;
      next = varintEnd + len;
    } else if (wt === 1) next = varintEnd + 8;
    else if (wt === 5) next = varintEnd + 4;
    else throw STOP;
    if (next > have) return pos;
    pos = next;
  }
  return pos;
}

/** End of the varint varintBefore read last. */
let varintEnd = 0;

/** The varint at buf[q] if it ends before `have` (its end left in varintEnd), else -1; STOP past ten bytes. */
function varintBefore(buf: Uint8Array, q: number, have: number): number {
  let v = 0;
  let shift = 0;
  let byte = 0;
  do {
    if (q >= have) return -1;
    if (shift > 63) throw STOP;
    byte = buf[q++];
    v += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte >= 0x80);
  varintEnd = q;
  return v;
}

/** Every label's strings are in the string table (the samples were read before it was). */
function labelStringsIn(b: ProfileBuilder): boolean {
  const n = b.strings.length;
  const l = b.label;
  for (let i = 0; i < l.key.length; i++) {
    if (l.key.data[i] >= n || l.str.data[i] >= n || l.numUnit.data[i] >= n) return false;
  }
  return true;
}
