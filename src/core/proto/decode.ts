// profile.proto → Profile, in two passes over the top-level fields.
//
// The Go runtime writes samples before the locations they name, so the first
// pass decodes everything but samples (skipping each sample by its length, a
// few bytes read per sample); the second decodes samples straight into the
// stack prefix tree with location IDs already resolvable. Nothing is kept per
// sample but a stack index, the values and its labels.

import { NONE, type Profile } from '../model/profile';
import { ProfileBuilder } from '../model/builder';
import { GrowableFloat64 } from '../model/growable';
import type { Progress } from '../progress';
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
  let sampleCount = 0;

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
      case 2:
        expect(r, wt, WT_LEN, 'sample');
        r.pos = readLengthEnd(r);
        sampleCount++;
        break;
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

  const functionIndex = indexById(b.fn.id.data, b.fn.id.length, 'function', r);
  const mappingIndex = indexById(b.mapping.id.data, b.mapping.id.length, 'mapping', r);
  const locationIndex = indexById(b.location.id.data, b.location.id.length, 'location', r);

  for (let i = 0; i < lineFunctionId.length; i++) {
    const id = lineFunctionId.data[i];
    const fn = id === 0 ? NONE : functionIndex(id);
    if (fn === undefined) throw malformed(r, `a line names function id ${id}, which the profile does not define`);
    b.line.function.push(fn);
  }
  for (let i = 0; i < locationMappingId.length; i++) {
    const id = locationMappingId.data[i];
    const m = id === 0 ? NONE : mappingIndex(id);
    if (m === undefined) throw malformed(r, `a location names mapping id ${id}, which the profile does not define`);
    b.location.mapping.push(m);
  }
  checkStrings(b, r);

  // ---- pass 2: samples
  const nTypes = b.sampleTypes.length;
  const values = new Float64Array(nTypes);
  let stackScratch = new Int32Array(256);
  const nStrings = b.strings.length;
  r.pos = 0;
  let seen = 0;
  while (r.pos < r.len) {
    const tag = readTag(r);
    if (tag !== ((2 << 3) | WT_LEN)) {
      skipField(r, tag & 7);
      continue;
    }
    const end = readLengthEnd(r);
    let nLocs = 0;
    let nValues = 0;
    values.fill(0);
    while (r.pos < end) {
      const t = readTag(r);
      const field = t >>> 3;
      const wt = t & 7;
      if (field === 1) {
        // location_id, packed (the norm) or not
        const stop = wt === WT_LEN ? readLengthEnd(r) : -1;
        if (stop < 0) expect(r, wt, WT_VARINT, 'sample.location_id');
        for (let once = stop < 0; once || r.pos < stop; once = false) {
          const id = readUint64(r);
          const loc = locationIndex(id);
          if (loc === undefined) throw malformed(r, `sample ${seen} names location id ${id}, which the profile does not define`);
          if (nLocs === stackScratch.length) {
            const grown = new Int32Array(nLocs * 2);
            grown.set(stackScratch);
            stackScratch = grown;
          }
          stackScratch[nLocs++] = loc;
        }
      } else if (field === 2) {
        const stop = wt === WT_LEN ? readLengthEnd(r) : -1;
        if (stop < 0) expect(r, wt, WT_VARINT, 'sample.value');
        for (let once = stop < 0; once || r.pos < stop; once = false) {
          const v = readInt64(r);
          if (nValues >= nTypes) throw malformed(r, `sample ${seen} has more values than the ${nTypes} sample types`);
          values[nValues++] = v;
        }
      } else if (field === 3) {
        expect(r, wt, WT_LEN, 'sample.label');
        readLabel(r, b, nStrings);
      } else {
        skipField(r, wt);
      }
    }
    if (r.pos !== end) throw malformed(r, `sample ${seen} overruns its length`);
    if (nValues !== nTypes) {
      throw malformed(r, `sample ${seen} has ${nValues} values but the profile declares ${nTypes} sample types`);
    }
    b.addSample(b.internStack(stackScratch, nLocs), values);
    seen++;
    if (seen % PROGRESS_EVERY === 0) {
      yield { phase: 'decode', done: Math.floor(total / 4 + ((3 * total) / 4) * (seen / sampleCount)), total };
    }
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

function readLabel(r: Reader, b: ProfileBuilder, nStrings: number): void {
  const end = readLengthEnd(r);
  let key = 0,
    str = 0,
    num = 0,
    unit = 0,
    hasNum = false;
  while (r.pos < end) {
    const t = readTag(r);
    const f = t >>> 3;
    const wt = t & 7;
    if (f === 1) key = readScalar(r, wt, 'Label.key');
    else if (f === 2) str = readScalar(r, wt, 'Label.str');
    else if (f === 3) {
      num = readScalar(r, wt, 'Label.num');
      hasNum = true;
    } else if (f === 4) unit = readScalar(r, wt, 'Label.num_unit');
    else skipField(r, wt);
  }
  endOf(r, end, 'Label');
  if (!inRange(key, nStrings) || !inRange(str, nStrings) || !inRange(unit, nStrings)) {
    throw malformed(r, 'a label names a string outside the string table');
  }
  b.addLabel(key, str, num, unit, hasNum || str === 0);
}

function endOf(r: Reader, end: number, what: string): void {
  if (r.pos !== end) throw malformed(r, `${what} overruns its length`);
}

function inRange(i: number, n: number): boolean {
  return i >= 0 && i < n && Number.isInteger(i);
}

/**
 * pprof IDs are arbitrary uint64s but nearly always 1..N: resolve through a
 * dense array when they are, through a Map otherwise.
 */
function indexById(ids: Float64Array, n: number, what: string, r: Reader): (id: number) => number | undefined {
  let max = 0;
  for (let i = 0; i < n; i++) if (ids[i] > max) max = ids[i];
  if (max <= 4 * n + 1024) {
    const dense = new Int32Array(max + 1).fill(-1);
    for (let i = 0; i < n; i++) {
      if (dense[ids[i]] !== -1) throw malformed(r, `${what} id ${ids[i]} is defined twice`);
      dense[ids[i]] = i;
    }
    return (id) => {
      const i = id <= max ? dense[id] : -1;
      return i === -1 ? undefined : i;
    };
  }
  const map = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (map.has(ids[i])) throw malformed(r, `${what} id ${ids[i]} is defined twice`);
    map.set(ids[i], i);
  }
  return (id) => map.get(id);
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
