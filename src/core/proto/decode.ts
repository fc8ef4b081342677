// profile.proto → Profile, in two passes over the top-level fields.
//
// The Go runtime writes samples before the locations they name, so the first
// pass decodes everything but samples (counting them, and looking into one
// in 64 for the labels it has, to allocate the columns once); the second
// decodes samples straight into columns, with location IDs already
// resolvable (samples.ts). Nothing is kept per sample but a stack index, the
// values and its labels.

import { NONE, type Profile, ProfileBuilder, GrowableFloat64 } from '../model';
import type { Progress } from '../progress';
import { countSample, countSamples, IdIndex, SampleDecoder, type SampleCounts } from './samples';
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
const PROGRESS_EVERY = 8192;

export function* decodeProto(bytes: Uint8Array): Generator<Progress, Profile> {
  const b = new ProfileBuilder('proto');
  b.strings = []; // the proto brings its own table, "" first
  const r = newReader(bytes);
  const total = bytes.length;

  // Raw IDs, resolved to dense indices once every table is read.
  const lineFunctionId = new GrowableFloat64(1024);
  const locationMappingId = new GrowableFloat64(1024);
  const counts: SampleCounts = { samples: 0, looked: 0, kept: 0, labels: 0 };

  // ---- pass 1: everything but samples
  while (r.pos < r.len) {
    const tag = readTag(r);
    const field = tag >>> 3;
    const wt = tag & 7;
    switch (field) {
      case 1:
        expect(r, wt, WT_LEN, 'sample_type');
        b.sampleTypes.push(readValueType(r));
        break;
      case 2: {
        expect(r, wt, WT_LEN, 'sample');
        const end = readLengthEnd(r);
        countSample(r.buf, r.pos, end, counts);
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
        readLocation(r, b, lineFunctionId, locationMappingId);
        if (b.location.id.length % PROGRESS_EVERY === 0) yield { phase: 'decode', done: r.pos, total };
        break;
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
  }
  yield { phase: 'decode', done: Math.floor(total / 4), total };

  // pprof's first rule of the string table.
  if (b.strings.length === 0) b.strings.push('');
  else if (b.strings[0] !== '') throw malformed(r, 'string_table[0] must be the empty string');

  const functionIndex = new IdIndex(b.fn.id.data, b.fn.id.length, 'function', r);
  const mappingIndex = new IdIndex(b.mapping.id.data, b.mapping.id.length, 'mapping', r);
  const locationIndex = new IdIndex(b.location.id.data, b.location.id.length, 'location', r);

  for (let i = 0; i < lineFunctionId.length; i++) {
    const id = lineFunctionId.data[i];
    const fn = id === 0 ? NONE : functionIndex.get(id);
    if (fn < 0 && id !== 0) throw malformed(r, `a line names function id ${id}, which the profile does not define`);
    b.line.function.push(fn);
  }
  for (let i = 0; i < locationMappingId.length; i++) {
    const id = locationMappingId.data[i];
    const m = id === 0 ? NONE : mappingIndex.get(id);
    if (m < 0 && id !== 0) throw malformed(r, `a location names mapping id ${id}, which the profile does not define`);
    b.location.mapping.push(m);
  }
  checkStrings(b, r);

  // ---- pass 2: samples
  const samples = new SampleDecoder(r, b, locationIndex, b.strings.length, counts);
  const sampleShare = (3 * total) / 4;
  r.pos = 0;
  while (samples.run(PROGRESS_EVERY)) {
    const done = Math.floor(total / 4 + sampleShare * (samples.seen / Math.max(counts.samples, 1)));
    yield { phase: 'decode', done, total };
  }
  yield { phase: 'decode', done: total, total };
  return b.build();
}

function expect(r: Reader, wt: number, want: number, what: string): void {
  if (wt !== want) throw malformed(r, `${what} has wire type ${wt}, expected ${want}`);
}

function readScalar(r: Reader, wt: number, what: string): number {
  expect(r, wt, WT_VARINT, what);
  return readInt64(r);
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
  const end = readLengthEnd(r);
  let type = 0;
  let unit = 0;
  while (r.pos < end) {
    const t = readTag(r);
    const f = t >>> 3;
    if (f === 1) type = readScalar(r, t & 7, 'ValueType.type');
    else if (f === 2) unit = readScalar(r, t & 7, 'ValueType.unit');
    else skipField(r, t & 7);
  }
  endOf(r, end, 'ValueType');
  return { type, unit };
}

function readMapping(r: Reader, b: ProfileBuilder): void {
  const end = readLengthEnd(r);
  let id = 0,
    start = 0,
    limit = 0,
    offset = 0,
    filename = 0,
    buildId = 0,
    flags = 0;
  while (r.pos < end) {
    const t = readTag(r);
    const f = t >>> 3;
    const wt = t & 7;
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
  }
  endOf(r, end, 'Mapping');
  if (id === 0) throw malformed(r, 'a mapping has id 0');
  b.addMapping(id, start, limit, offset, filename, buildId, flags);
}

function readLocation(r: Reader, b: ProfileBuilder, lineFunctionId: GrowableFloat64, mappingId: GrowableFloat64): void {
  const end = readLengthEnd(r);
  let id = 0,
    mapping = 0,
    address = 0,
    folded = false;
  const lineStart = b.line.line.length;
  while (r.pos < end) {
    const t = readTag(r);
    const f = t >>> 3;
    const wt = t & 7;
    if (f === 1) {
      expect(r, wt, WT_VARINT, 'Location.id');
      id = readUint64(r);
    } else if (f === 2) {
      expect(r, wt, WT_VARINT, 'Location.mapping_id');
      mapping = readUint64(r);
    } else if (f === 3) {
      expect(r, wt, WT_VARINT, 'Location.address');
      address = readUint64(r);
    } else if (f === 4) {
      expect(r, wt, WT_LEN, 'Location.line');
      const lineEnd = readLengthEnd(r);
      let fn = 0,
        line = 0,
        column = 0;
      while (r.pos < lineEnd) {
        const lt = readTag(r);
        const lf = lt >>> 3;
        if (lf === 1) {
          expect(r, lt & 7, WT_VARINT, 'Line.function_id');
          fn = readUint64(r);
        } else if (lf === 2) line = readScalar(r, lt & 7, 'Line.line');
        else if (lf === 3) column = readScalar(r, lt & 7, 'Line.column');
        else skipField(r, lt & 7);
      }
      endOf(r, lineEnd, 'Line');
      lineFunctionId.push(fn);
      b.line.line.push(line);
      b.line.column.push(column);
    } else if (f === 5) folded = readScalar(r, wt, 'Location.is_folded') !== 0;
    else skipField(r, wt);
  }
  endOf(r, end, 'Location');
  if (id === 0) throw malformed(r, 'a location has id 0');
  const l = b.location;
  l.id.push(id);
  l.address.push(address);
  l.isFolded.push(folded ? 1 : 0);
  l.lineStart.push(lineStart);
  mappingId.push(mapping);
}

function readFunction(r: Reader, b: ProfileBuilder): void {
  const end = readLengthEnd(r);
  let id = 0,
    name = 0,
    systemName = 0,
    filename = 0,
    startLine = 0;
  while (r.pos < end) {
    const t = readTag(r);
    const f = t >>> 3;
    const wt = t & 7;
    if (f === 1) {
      expect(r, wt, WT_VARINT, 'Function.id');
      id = readUint64(r);
    } else if (f === 2) name = readScalar(r, wt, 'Function.name');
    else if (f === 3) systemName = readScalar(r, wt, 'Function.system_name');
    else if (f === 4) filename = readScalar(r, wt, 'Function.filename');
    else if (f === 5) startLine = readScalar(r, wt, 'Function.start_line');
    else skipField(r, wt);
  }
  endOf(r, end, 'Function');
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
