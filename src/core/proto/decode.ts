// profile.proto → Profile, in two passes over the top-level fields.
//
// The Go runtime writes samples before the locations they name, so the first
// pass decodes everything but samples (counting them, and looking into one
// in 64 for the labels it has, to allocate the columns once); the second
// decodes samples straight into columns, with location IDs already
// resolvable (samples.ts). Nothing is kept per sample but a stack index, the
// values and its labels.

import { NONE, type Profile } from '../model';
import { ProfileBuilder } from '../model';
import { GrowableFloat64, reassignable, type GrowableInt32 } from '../model';
import type { Progress } from '../progress';
import { countSamples, IdIndex, SampleDecoder, type SampleCounts } from './samples';
import {
  malformed,
  newReader,
  readInt64,
  readLengthEnd,
  readString,
  readTag,
  readUint64,
  skipField,
  type Reader,
} from './wire';

const WT_VARINT = 0;
const WT_LEN = 2;

/** How often (in samples or locations) the decoder reports progress. */
export const PROGRESS_EVERY = 8192;

/** Raw ids of a decode about to begin. */
export function rawIds(): RawIds {
  return { lineFunction: new GrowableFloat64(1024), locationMapping: new GrowableFloat64(1024) };
}

/**
 * Decodes the bytes handed over (taken out of `handed`): they go once the
 * samples are read, before the profile is built (decision 0033).
 * `parents`: the stack tree's parents as a column, or as branchings for a
 * profile sent to another thread (ProfileBuilder.build).
 */
export function* decodeProto(handed: { bytes: Uint8Array | null }, parents: 'column' | 'branchings' = 'column'): Generator<Progress, Profile> {
  const b = new ProfileBuilder('proto');
  b.strings = []; // the proto brings its own table, "" first
  const r = newReader(handed.bytes!);
  reassignable(r, ['buf']); // let go of after the samples
  handed.bytes = null;
  const total = r.len;
  const ids = rawIds();
  const counts: SampleCounts = { samples: 0 };

  // ---- pass 1: everything but samples
  while (r.pos < r.len) {
    const tag = readTag(r);
    if (readTopLevelField(r, b, tag >>> 3, tag & 7, ids, counts) && b.location.id.length % PROGRESS_EVERY === 0) {
      yield { phase: 'decode', done: r.pos, total };
    }
  }
  yield { phase: 'decode', done: Math.floor(total / 4), total };
  const locationIndex = resolveTables(r, b, ids);
  b.stacks.narrowLocations(b.location.id.length);

  // ---- pass 2: samples
  const samples = new SampleDecoder(r, b, locationIndex, b.strings.length, counts);
  const sampleShare = (3 * total) / 4;
  r.pos = 0;
  while (samples.run(PROGRESS_EVERY)) {
    const done = Math.floor(total / 4 + sampleShare * (samples.seen / Math.max(counts.samples, 1)));
    yield { phase: 'decode', done, total };
  }
  r.buf = new Uint8Array(0); // read: the bytes go before the profile is built
  yield { phase: 'decode', done: total, total };
  return b.build({ merge: true, parents });
}

/** Raw IDs, resolved to dense indices once every table is read. */
export interface RawIds {
  /** Per line, its function's id. */
  lineFunction: GrowableFloat64;
  /** Per location, its mapping's id. */
  locationMapping: GrowableFloat64;
}

/**
 * Pass 1's reading of one top-level field of Profile, samples only counted
 * (samples.ts). True when the field was a location.
 */
export function readTopLevelField(r: Reader, b: ProfileBuilder, field: number, wt: number, ids: RawIds, counts: SampleCounts): boolean {
  switch (field) {
    case 1:
      expect(r, wt, WT_LEN, 'sample_type');
      b.sampleTypes.push(readValueType(r));
      break;
    case 2: {
      expect(r, wt, WT_LEN, 'sample');
      const end = readLengthEnd(r);
      counts.samples++;
      r.pos = end;
      countSamples(r, counts); // and the ones right after it, in a plain loop
      break;
    }
    case 3:
      expect(r, wt, WT_LEN, 'mapping');
      readMapping(r, b);
      break;
    case 4:
      expect(r, wt, WT_LEN, 'location');
      readLocation(r, b, ids);
      return true;
    case 5:
      expect(r, wt, WT_LEN, 'function');
      readFunction(r, b);
      break;
    case 6:
      expect(r, wt, WT_LEN, 'string_table');
      b.strings.push(readString(r));
      break;
    case 7:
      b.dropFrames = readScalar(r, wt, 'drop_frames');
      break;
    case 8:
      b.keepFrames = readScalar(r, wt, 'keep_frames');
      break;
    case 9: {
      expect(r, wt, WT_VARINT, 'time_nanos');
      const start = r.pos;
      b.timeNanos = readInt64(r);
      b.timeNanosExact = exactInt64(r.buf, start, r.pos);
      break;
    }
    case 10:
      b.durationNanos = readScalar(r, wt, 'duration_nanos');
      break;
    case 11:
      expect(r, wt, WT_LEN, 'period_type');
      b.periodType = readValueType(r);
      break;
    case 12:
      b.period = readScalar(r, wt, 'period');
      break;
    case 13:
      readRepeatedInt64(r, wt, 'comment', (v) => b.comments.push(v));
      break;
    case 14:
      b.defaultSampleType = readScalar(r, wt, 'default_sample_type');
      break;
    default:
      skipField(r, wt);
  }
  return false;
}

/**
 * Once pass 1 is done: checks the string table and every string index, and
 * resolves lines' function ids and locations' mapping ids to rows. Returns
 * the location index samples resolve their ids with.
 */
export function resolveTables(r: Reader, b: ProfileBuilder, ids: RawIds): IdIndex {
  // pprof's first rule of the string table.
  if (b.strings.length === 0) b.strings.push('');
  else if (b.strings[0] !== '') throw malformed(r, 'string_table[0] must be the empty string');

  const functionIndex = new IdIndex(b.fn.id.data, b.fn.id.length, 'function', r);
  const mappingIndex = new IdIndex(b.mapping.id.data, b.mapping.id.length, 'mapping', r);
  const locationIndex = new IdIndex(b.location.id.data, b.location.id.length, 'location', r);
  resolveIds(r, ids.lineFunction, functionIndex, b.line.function, 'a line names function');
  resolveIds(r, ids.locationMapping, mappingIndex, b.location.mapping, 'a location names mapping');
  checkStrings(b, r);
  return locationIndex;
}

/** Appends the row of each id to `rows` (NONE for id 0, which names nothing). */
function resolveIds(r: Reader, ids: GrowableFloat64, index: IdIndex, rows: GrowableInt32, what: string): void {
  for (let i = 0; i < ids.length; i++) {
    const id = ids.data[i];
    const row = id === 0 ? NONE : index.get(id);
    if (row < 0 && id !== 0) throw malformed(r, `${what} id ${id}, which the profile does not define`);
    rows.push(row);
  }
}

/** Reads the embedded message at r.pos, calling `field` with each field's number and wire type. */
function readMessage(r: Reader, what: string, field: (f: number, wt: number) => void): void {
  const end = readLengthEnd(r);
  while (r.pos < end) {
    const t = readTag(r);
    field(t >>> 3, t & 7);
  }
  endOf(r, end, what);
}

function expect(r: Reader, wt: number, want: number, what: string): void {
  if (wt !== want) throw malformed(r, `${what} has wire type ${wt}, expected ${want}`);
}

function readScalar(r: Reader, wt: number, what: string): number {
  expect(r, wt, WT_VARINT, what);
  return readInt64(r);
}

/** A uint64 field: ids and addresses. */
function readId(r: Reader, wt: number, what: string): number {
  expect(r, wt, WT_VARINT, what);
  return readUint64(r);
}

function readRepeatedInt64(r: Reader, wt: number, what: string, each: (v: number) => void): void {
  if (wt === WT_LEN) {
    const end = readLengthEnd(r);
    while (r.pos < end) each(readInt64(r));
    if (r.pos !== end) throw malformed(r, `${what} overruns its length`);
  } else {
    expect(r, wt, WT_VARINT, what);
    each(readInt64(r));
  }
}

function readValueType(r: Reader): { type: number; unit: number } {
  let type = 0;
  let unit = 0;
  readMessage(r, 'ValueType', (f, wt) => {
    if (f === 1) type = readScalar(r, wt, 'ValueType.type');
    else if (f === 2) unit = readScalar(r, wt, 'ValueType.unit');
    else skipField(r, wt);
  });
  return { type, unit };
}

function readMapping(r: Reader, b: ProfileBuilder): void {
  let id = 0,
    start = 0,
    limit = 0,
    offset = 0,
    filename = 0,
    buildId = 0,
    flags = 0;
  readMessage(r, 'Mapping', (f, wt) => {
    if (f >= 1 && f <= 4) {
      expect(r, wt, WT_VARINT, 'Mapping field');
      const v = readUint64(r);
      if (f === 1) id = v;
      else if (f === 2) start = v;
      else if (f === 3) limit = v;
      else offset = v;
    } else if (f === 5) filename = readScalar(r, wt, 'Mapping.filename');
    else if (f === 6) buildId = readScalar(r, wt, 'Mapping.build_id');
    else if (f >= 7 && f <= 10) {
      if (readScalar(r, wt, 'Mapping flag') !== 0) flags |= 1 << (f - 7);
    } else skipField(r, wt);
  });
  if (id === 0) throw malformed(r, 'a mapping has id 0');
  b.addMapping(id, start, limit, offset, filename, buildId, flags);
}

function readLocation(r: Reader, b: ProfileBuilder, ids: RawIds): void {
  let id = 0,
    mapping = 0,
    address = 0,
    folded = false;
  const lineStart = b.line.line.length;
  readMessage(r, 'Location', (f, wt) => {
    if (f === 1) id = readId(r, wt, 'Location.id');
    else if (f === 2) mapping = readId(r, wt, 'Location.mapping_id');
    else if (f === 3) address = readId(r, wt, 'Location.address');
    else if (f === 4) {
      expect(r, wt, WT_LEN, 'Location.line');
      readLine(r, b, ids);
    } else if (f === 5) folded = readScalar(r, wt, 'Location.is_folded') !== 0;
    else skipField(r, wt);
  });
  if (id === 0) throw malformed(r, 'a location has id 0');
  const l = b.location;
  l.id.push(id);
  l.address.push(address);
  l.isFolded.push(folded ? 1 : 0);
  l.lineStart.push(lineStart);
  ids.locationMapping.push(mapping);
}

function readLine(r: Reader, b: ProfileBuilder, ids: RawIds): void {
  let fn = 0,
    line = 0,
    column = 0;
  readMessage(r, 'Line', (f, wt) => {
    if (f === 1) fn = readId(r, wt, 'Line.function_id');
    else if (f === 2) line = readScalar(r, wt, 'Line.line');
    else if (f === 3) column = readScalar(r, wt, 'Line.column');
    else skipField(r, wt);
  });
  ids.lineFunction.push(fn);
  b.line.line.push(line);
  b.line.column.push(column);
}

function readFunction(r: Reader, b: ProfileBuilder): void {
  let id = 0,
    name = 0,
    systemName = 0,
    filename = 0,
    startLine = 0;
  readMessage(r, 'Function', (f, wt) => {
    if (f === 1) id = readId(r, wt, 'Function.id');
    else if (f === 2) name = readScalar(r, wt, 'Function.name');
    else if (f === 3) systemName = readScalar(r, wt, 'Function.system_name');
    else if (f === 4) filename = readScalar(r, wt, 'Function.filename');
    else if (f === 5) startLine = readScalar(r, wt, 'Function.start_line');
    else skipField(r, wt);
  });
  if (id === 0) throw malformed(r, 'a function has id 0');
  b.addFunction(id, name, systemName, filename, startLine);
}

function endOf(r: Reader, end: number, what: string): void {
  if (r.pos !== end) throw malformed(r, `${what} overruns its length`);
}

function inRange(i: number, n: number): boolean {
  return i >= 0 && i < n && Number.isInteger(i);
}

function checkStrings(b: ProfileBuilder, r: Reader): void {
  const n = b.strings.length;
  const bad = (what: string, i: number) => {
    if (!inRange(i, n)) throw malformed(r, `${what} names string ${i}, but the string table has ${n} entries`);
  };
  for (const t of b.sampleTypes) {
    bad('a sample type', t.type);
    bad('a sample type unit', t.unit);
  }
  if (b.periodType) {
    bad('the period type', b.periodType.type);
    bad('the period unit', b.periodType.unit);
  }
  bad('drop_frames', b.dropFrames);
  bad('keep_frames', b.keepFrames);
  bad('default_sample_type', b.defaultSampleType);
  for (const c of b.comments) bad('a comment', c);
  const f = b.fn;
  for (let i = 0; i < f.id.length; i++) {
    bad('a function name', f.name.data[i]);
    bad('a function system name', f.systemName.data[i]);
    bad('a function file name', f.filename.data[i]);
  }
  const m = b.mapping;
  for (let i = 0; i < m.id.length; i++) {
    bad('a mapping file name', m.filename.data[i]);
    bad('a mapping build id', m.buildId.data[i]);
  }
}

/** The exact decimal value of the int64 varint in buf[start, end). */
function exactInt64(buf: Uint8Array, start: number, end: number): string {
  let v = 0n;
  for (let i = end - 1; i >= start; i--) v = (v << 7n) | BigInt(buf[i] & 0x7f);
  return BigInt.asIntN(64, v).toString();
}
