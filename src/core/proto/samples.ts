// Samples, the bulk of a profile.proto: decode.ts's second pass, in columns.
//
// A heap profile has a sample per (stack, object size), so the same stack
// comes back many times, always as the same bytes of one packed
// `location_id` field. A sample's stack is looked up by those bytes in a hash
// table of the stacks met so far (FNV-style over 4 bytes at a time, compared
// byte for byte): a stack seen before costs a hash and a compare, and no
// varint is read. A new stack's ids are read, resolved to location indices
// and kept in one flat array; once every sample is read the distinct stacks
// are interned into the prefix tree in the order they were first met (the
// same tree, node for node, as interning every sample in order), and each
// sample's stack column is mapped from distinct stack to leaf node.
//
// Samples whose values are all zero are checked like the others and their
// stacks interned, but they are not stored: go tool pprof's Merge drops them,
// and pass 1 counted the others, so the columns are allocated exactly once.

import { fitsInt32, NONE } from '../model';
import { pushLabel, slotsByHash, truncateLabels, type ProfileBuilder } from '../model';
import { GrowableInt32, GrowableUint8, reassignable } from '../model';
import { malformed, readInt64, readLengthEnd, readTag, readUint64, skipField, type Reader } from './wire';

/** Resolves a pprof ID to a row: a dense array when the IDs are nearly 1..N, else a Map. */
export class IdIndex {
  /** Rows by id when the ids are dense (-1: no row), else null. */
  readonly dense: Int32Array | null = null;
  /** The ids are 1..N in row order (as Go writes them): the row of id is id - 1. */
  readonly sequential: boolean = false;
  /** With `dense`: every id with a row is below this. */
  limit = 0;
  private readonly map: Map<number, number> | null = null;

  constructor(ids: Float64Array, n: number, what: string, r: Reader) {
    let max = 0;
    for (let i = 0; i < n; i++) if (ids[i] > max) max = ids[i];
    if (max <= 4 * n + 1024) {
      const dense = new Int32Array(max + 1).fill(-1);
      for (let i = 0; i < n; i++) {
        if (dense[ids[i]] !== -1) throw malformed(r, `${what} id ${ids[i]} is defined twice`);
        dense[ids[i]] = i;
      }
      this.dense = dense;
      this.limit = max + 1;
      let sequential = max === n;
      for (let i = 0; sequential && i < n; i++) sequential = ids[i] === i + 1;
      this.sequential = sequential;
    } else {
      const map = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        if (map.has(ids[i])) throw malformed(r, `${what} id ${ids[i]} is defined twice`);
        map.set(ids[i], i);
      }
      this.map = map;
    }
  }

  /**
   * The index of ids 1..n while they are still being read (inflating.ts):
   * no id yet, so dense and sequential; the reader raises `limit` to n + 1
   * as it checks that each id read is the next one.
   */
  static sequentialSoFar(r: Reader): IdIndex {
    return new IdIndex(new Float64Array(0), 0, 'location', r);
  }

  /** The row of `id`, or -1 when no row has it. */
  get(id: number): number {
    if (this.dense !== null) {
      if (id >= this.limit) return -1;
      return this.sequential ? id - 1 : this.dense[id];
    }
    const i = this.map!.get(id);
    return i === undefined ? -1 : i;
  }
}

/** What pass 1 learns from the samples, only to size the columns: how many there are. */
export interface SampleCounts {
  samples: number;
}

/**
 * Counts the samples that follow at r.pos, one after the other (as writers
 * put them), and stops at the first other field or anything unusual.
 */
export function countSamples(r: Reader, counts: SampleCounts): void {
  const buf = r.buf;
  const len = r.len;
  let pos = r.pos;
  while (pos + 1 < len && buf[pos] === 0x12) {
    // A one- or two-byte length: samples are short.
    let n = buf[pos + 1];
    let body = pos + 2;
    if (n >= 0x80) {
      if (pos + 2 >= len || buf[pos + 2] >= 0x80) break;
      n = (n & 0x7f) | (buf[pos + 2] << 7);
      body = pos + 3;
    }
    const end = body + n;
    if (end > len) break;
    counts.samples++;
    pos = end;
  }
  r.pos = pos;
}

const SCRATCH = 256;
/** Stacks interned together once the byte lookup stops (SampleDecoder.paths). */
const BATCH = 16;
/** fastStack's answer for a stack batched, its leaf not known yet. */
const PENDING = -2;
/** The tree's size is projected from the samples read once there are this many… */
const PROJECT_AFTER = 16384;
/** …and at least 1 / this of them. */
const PROJECT_SHARE = 32;
/** The byte table's hit rate is judged every this many misses… */
const CACHE_WINDOW = 8192;
/** …and dropped when it had fewer hits than misses ÷ this. */
const CACHE_MIN_HITS = 8;

/** A decode that reads the samples while the bytes are still inflating (inflating.ts). */
export interface Streamed {
  /** The bytes expected in all (the gzip trailer's size): the tree is projected by them… */
  readonly bytes: number;
  /** …and by those read so far in fields other than samples. */
  readonly others: number;
  /** Reads a top-level field other than a sample, its tag read, r.pos after it. */
  other(tag: number): void;
}

export class SampleDecoder {
  /** Samples read so far (in file order, zero ones included). */
  seen = 0;

  private readonly nTypes: number;
  /** Samples in the profile (pass 1's count). */
  private readonly total: number;
  /** Location indices of the sample being read, when it cannot be looked up by bytes. */
  private scratch = new Int32Array(SCRATCH);

  // Stacks met as one packed run, by their bytes pool[start, start + len):
  // entry e + 1 in `table`, its leaf node in node[e].
  private readonly start = new GrowableInt32(1024);
  /** The runs' bytes, copied together: compared on every hit, they stay in cache. */
  private readonly pool = new GrowableUint8(1 << 16);
  private readonly len = new GrowableInt32(1024);
  private readonly hashes = new GrowableInt32(1024);
  private readonly node = new GrowableInt32(1024);
  private table = new Int32Array(4096); // grown as stacks come: a small table stays in cache
  private mask = 4095;
  /** Slot where the last failed lookup stopped. */
  private slot = 0;
  /** Stacks are looked up by their bytes (until that stops paying: see missed()). */
  private caching = true;
  private hits = 0;
  private misses = 0;

  // Once stacks are no longer looked up by their bytes, new ones wait here,
  // BATCH at a time, to be interned together (StackTableBuilder.internPaths):
  // path k's location indices are paths[starts[k], starts[k + 1]), its
  // sample's row rows[k] (-1: a sample dropped as zero) holds PENDING until then.
  private paths = new Int32Array(BATCH * 32);
  private readonly starts = new Int32Array(BATCH + 1);
  private readonly rows = new Int32Array(BATCH);
  private readonly leaves = new Int32Array(BATCH);
  private batched = 0;

  constructor(
    private readonly r: Reader,
    private readonly b: ProfileBuilder,
    private readonly locations: IdIndex,
    private readonly nStrings: number,
    counts: SampleCounts,
    private readonly streamed: Streamed | null = null,
  ) {
    this.nTypes = b.sampleTypes.length;
    this.total = counts.samples;
    reassignable(this, ['scratch', 'table', 'mask', 'caching', 'paths']);
    // Reserved once: a few rows left over (samples dropped or merged) cost
    // nothing at the end (see Growable.finish).
    // Every sample may be kept. Labels are stored once per distinct set
    // (LabelSets): their columns grow as sets are met.
    const rows = counts.samples;
    const s = b.sample;
    s.stack.reserve(rows);
    s.values.reserve(rows * this.nTypes);
    s.labelSet.reserve(rows);
  }

  /** Reads up to `limit` samples from r.pos and interns their stacks; false once the buffer is done. */
  run(limit: number): boolean {
    this.project();
    const pos = this.readSamples(limit);
    this.internBatch();
    this.r.pos = pos;
    return pos < this.r.len;
  }

  /**
   * Reads up to `limit` samples from r.pos; returns where it stopped.
   *
   * Most samples have one shape (a packed run of location ids seen before,
   * one packed run of small values, labels of small varints): those are read
   * here, straight-line, with nothing committed until the whole sample has
   * been read. Anything else (a new stack, another field order, a long
   * varint, damage) is read again from its start by sample(), which handles
   * every case and reports every error.
   *
   * The loop has its function to itself: V8 compiles a hot loop while it runs
   * (on-stack replacement), before the code after it has ever run, and
   * code there without type feedback deoptimised at the loop's exit — on
   * every later call, as each entered the same compiled loop (decision 0046).
   */
  private readSamples(limit: number): number {
    const r = this.r;
    const buf = r.buf;
    const len = r.len;
    let pos = r.pos;
    for (let n = 0; n < limit; n++) {
      if (pos >= len) break;
      if (buf[pos] !== 0x12) {
        r.pos = pos;
        const tag = readTag(r);
        if (tag !== ((2 << 3) | 2)) {
          if (this.streamed) this.streamed.other(tag);
          else skipField(r, tag & 7);
          pos = r.pos;
          n--;
          continue;
        }
        const end = readLengthEnd(r);
        this.sample(end);
        pos = r.pos;
        continue;
      }
      // The sample's length: one or two bytes.
      let p = pos + 1;
      let size = buf[p++];
      if (size >= 0x80) {
        const b2 = buf[p++];
        size = b2 < 0x80 ? (size & 0x7f) | (b2 << 7) : -1;
      }
      const end = p + size;
      if (size >= 0 && end <= len && this.fastSample(p, end)) {
        pos = end;
        continue;
      }
      // Any other sample: from the top, the careful way.
      r.pos = pos + 1;
      this.sample(readLengthEnd(r));
      pos = r.pos;
    }
    return pos;
  }

  /**
   * Reserves the stack tree's columns and table for the nodes and branchings
   * the samples read so far project to all of them (they grow about linearly,
   * a little slower as paths come to share prefixes), so interning does not
   * regrow them by doubling. Only once enough samples are read for the
   * projection to hold; the few nodes before that double cheaply.
   */
  private project(): void {
    const seen = this.seen;
    if (seen < PROJECT_AFTER) return;
    let scale: number;
    if (this.streamed === null) {
      if (seen * PROJECT_SHARE < this.total) return;
      scale = this.total / seen;
    } else {
      // Samples not counted yet: projected by the bytes of samples read, as if
      // the rest were samples (the locations come early, the strings last).
      const { bytes, others } = this.streamed;
      if (this.r.pos * PROJECT_SHARE < bytes) return;
      scale = (bytes - others) / (this.r.pos - others);
      const s = this.b.sample;
      const rows = Math.ceil(s.stack.length * scale);
      if (rows > s.stack.data.length) {
        // The projection creeps up (the locations come early), and each reserve copies: a quarter more.
        const room = Math.max(rows, Math.ceil(s.stack.data.length * 1.25));
        s.stack.reserve(room);
        s.labelSet.reserve(room);
        s.values.reserve(room * this.nTypes);
      }
    }
    const stacks = this.b.stacks;
    stacks.reserve(Math.ceil(stacks.length * scale), Math.ceil(stacks.branchings * scale));
  }

  /**
   * Sample buf[p, end) if it has the usual shape: value and location_id, one
   * packed run each, in either order (Go writes the values first), a stack
   * seen before, labels of small varints. Read and committed (or dropped, as
   * pprof's Merge drops a sample whose values are all zero); false, with
   * nothing committed, for any other shape.
   */
  private fastSample(p: number, end: number): boolean {
    const buf = this.r.buf;
    const nTypes = this.nTypes;
    const s = this.b.sample;
    if (s.values.length + nTypes > s.values.data.length) s.values.grow(s.values.length + nTypes);
    const base = s.stack.length * nTypes;
    let stackFrom = -1; // the packed location ids, buf[stackFrom, stackTo)
    let stackTo = -1;
    let values = -1; // not read yet; then 1 when some value is non-zero, else 0
    let q = p;
    for (let field = 0; field < 2; field++) {
      const tag = buf[q];
      let runLen = buf[q + 1];
      let from = q + 2;
      if (runLen >= 0x80) {
        const b2 = buf[q + 2];
        if (b2 >= 0x80) return false;
        runLen = (runLen & 0x7f) | (b2 << 7);
        from = q + 3;
      }
      const runEnd = from + runLen;
      if (runEnd > end) return false;
      if (tag === 0x0a && stackFrom < 0) {
        if (runLen === 0) return false;
        stackFrom = from;
        stackTo = runEnd;
      } else if (tag === 0x12 && values < 0) {
        values = this.fastValues(from, runEnd, base);
        if (values < 0) return false;
      } else {
        return false;
      }
      q = runEnd;
    }
    const labelSet = this.fastLabels(q, end, values !== 0);
    if (labelSet < 0) return false;
    // Only now, the sample read whole: its stack goes into the tree (a zero
    // sample's too), as sample() would put it.
    const stack = this.fastStack(stackFrom, stackTo);
    if (stack === NONE) return false;
    this.seen++;
    if (stack === PENDING) this.rows[this.batched++] = values === 0 ? -1 : s.stack.length;
    if (values !== 0) {
      s.values.length = base + nTypes;
      s.labelSet.push(labelSet);
      s.stack.push(stack);
    }
    if (this.batched === BATCH) this.internBatch();
    return true;
  }

  /** The stacks waiting (see `paths`) into the tree, in their order, and their leaves into their rows. */
  private internBatch(): void {
    const n = this.batched;
    if (n === 0) return;
    this.batched = 0;
    const { leaves, rows } = this;
    this.b.stacks.internPaths(this.paths, this.starts, n, leaves);
    const stack = this.b.sample.stack.data;
    for (let k = 0; k < n; k++) if (rows[k] >= 0) stack[rows[k]] = leaves[k];
  }

  /**
   * The leaf node of the stack packed in buf[from, to): looked up by its
   * bytes while that pays, else its ids read (each a varint below 2^28 naming
   * a location) and interned, or once the byte lookup has stopped, PENDING:
   * batched (see `paths`). NONE, with nothing interned, for anything else.
   */
  private fastStack(from: number, to: number): number {
    const buf = this.r.buf;
    let hash = 0;
    if (this.caching) {
      hash = hashBytes(buf, from, to);
      const e = this.lookup(hash, from, to);
      if (e >= 0) {
        this.hits++;
        return this.node.data[e];
      }
    }
    const dense = this.locations.dense;
    if (dense === null) return NONE;
    // The ids go to scratch, or to the batch's paths after those waiting.
    const at = this.caching ? 0 : this.starts[this.batched];
    let ids = this.caching ? this.scratch : this.paths;
    if (ids.length < at + to - from) {
      const grown = new Int32Array(Math.max(2 * ids.length, at + to - from));
      grown.set(ids.subarray(0, at));
      ids = grown;
      if (this.caching) this.scratch = grown;
      else this.paths = grown;
    }
    const max = this.locations.limit;
    const sequential = this.locations.sequential;
    let n = at;
    const wide = to + 2 <= this.r.len; // shortVarint may read two bytes past the run
    for (let q = from; q < to; ) {
      let id = wide ? shortVarint(buf, q) : -1;
      if (id < 0) {
        id = smallVarint(buf, q);
        if (id < 0) return NONE;
      }
      q = varintEnd;
      if (id >= max || q > to) return NONE;
      const loc = sequential ? id - 1 : dense[id];
      if (loc < 0) return NONE;
      ids[n++] = loc;
    }
    if (!this.caching) {
      this.starts[this.batched + 1] = n;
      return PENDING;
    }
    const slot = this.slot;
    const node = this.b.stacks.internPath(ids, 0, n);
    this.missed(slot, hash, from, to, node);
    return node;
  }

  /**
   * A stack not in the byte table: added to it, unless the table has stopped
   * paying. In a profile whose stacks are nearly all distinct (a heap profile
   * has one sample per stack and allocation site), every lookup misses and
   * the table only costs; the tree gives the same node without it.
   */
  private missed(slot: number, hash: number, from: number, to: number, node: number): void {
    this.addEntry(slot, hash, from, to, node);
    if (++this.misses < CACHE_WINDOW) return;
    if (this.hits * CACHE_MIN_HITS < this.misses) this.caching = false;
    this.hits = this.misses = 0;
  }

  /**
   * Exactly nTypes varints below 2^28 in buf[from, to), written to the values
   * column from `base`: 1 when one is non-zero, 0 when none is, -1 for
   * anything else.
   */
  private fastValues(from: number, to: number, base: number): number {
    const buf = this.r.buf;
    const values = this.b.sample.values.data;
    const nTypes = this.nTypes;
    let n = 0;
    let nonZero = 0;
    let q = from;
    const wide = to + 2 <= this.r.len; // shortVarint may read two bytes past the run
    while (q < to) {
      let v = wide ? shortVarint(buf, q) : -1;
      if (v < 0) v = smallVarint(buf, q);
      if (v < 0 || n === nTypes) return -1;
      q = varintEnd;
      values[base + n++] = v;
      if (v !== 0) nonZero = 1;
    }
    return q === to && n === nTypes ? nonZero : -1;
  }

  /**
   * Labels in buf[q, end) made of small varint fields, strings in range: their
   * set (LabelSets), interned when `keep` (else 0), or -1 for anything else or
   * where the columns have no room. The rows of a set met before are dropped
   * again; a single label, the usual case, is looked up without being written.
   */
  private fastLabels(q: number, end: number, keep: boolean): number {
    if (q === end) return 0;
    const buf = this.r.buf;
    const lab = this.b.label;
    const from = lab.key.length;
    let at = from;
    while (q < end) {
      if (buf[q] !== 0x1a || buf[q + 1] >= 0x80) return -1;
      const labelEnd = q + 2 + buf[q + 1];
      if (labelEnd > end || smallLabel(buf, q + 2, labelEnd) < 0) return -1;
      if (!this.labelInRange()) return -1;
      if (at === from && labelEnd === end) {
        return keep ? this.b.labelSets.internOne(labelKey, labelStr, labelNum, labelUnit, labelIsNum) : 0;
      }
      if (!hasRoom(lab, at)) return -1;
      setLabel(lab, at++);
      q = labelEnd;
    }
    if (!keep) return 0;
    truncateLabels(lab, at);
    return this.b.labelSets.intern(from);
  }

  private labelInRange(): boolean {
    const n = this.nStrings;
    return labelKey < n && labelStr < n && labelUnit < n;
  }

  /** Any sample, every case, every error; r.pos at its first field. */
  private sample(end: number): void {
    this.internBatch(); // the stacks before it go into the tree first, as they came
    const r = this.r;
    const buf = r.buf;
    const nTypes = this.nTypes;
    const seen = this.seen;
    const labels = this.b.label;
    const labelFrom = labels.key.length;
    // Values go straight into the next row of the column (every one is
    // written, or the sample is an error); the row is only kept (length
    // advanced) if it is not dropped.
    const s = this.b.sample;
    const row = s.stack.length;
    if (s.values.length + nTypes > s.values.data.length) s.values.grow(s.values.length + nTypes);
    const base = row * nTypes;
    this.stack = NONE;
    this.nLocs = -1;
    this.nValues = 0;

    let pos = r.pos;
    while (pos < end) {
      let tag = buf[pos];
      if (tag < 0x80) pos++;
      else {
        r.pos = pos;
        tag = readTag(r);
        pos = r.pos;
      }
      if (tag === 0x0a && this.stack === NONE && this.nLocs < 0) pos = this.stackRun(pos);
      else if (tag === 0x0a || tag === 0x08) pos = this.moreLocations(tag, pos);
      else if (tag === 0x12) pos = this.packedValues(pos, base);
      else if (tag === 0x10) {
        r.pos = pos;
        this.pushValue(base, readInt64(r));
        pos = r.pos;
      } else if (tag === 0x1a) pos = this.label(pos);
      else pos = this.otherField(tag, pos);
    }
    r.pos = pos;
    if (pos !== end) throw malformed(r, `sample ${seen} overruns its length`);
    if (this.nValues !== nTypes) {
      throw malformed(r, `sample ${seen} has ${this.nValues} values but the profile declares ${nTypes} sample types`);
    }
    const stack = this.nLocs >= 0 ? this.b.stacks.internPath(this.scratch, 0, this.nLocs) : this.stack;
    this.seen = seen + 1;

    // go tool pprof's Merge drops a sample whose values are all zero (its
    // stack stays in the tree); build() merges equal stacks and labels.
    const values = s.values.data;
    let zero = true;
    for (let t = 0; t < nTypes; t++) if (values[base + t] !== 0) zero = false;
    if (zero) {
      truncateLabels(labels, labelFrom);
      return;
    }
    s.values.length = base + nTypes;
    s.labelSet.push(this.b.labelSets.intern(labelFrom));
    s.stack.push(stack);
  }

  // The sample() being read: its leaf node once known from a single run,
  // the locations read into scratch (-1: none), the values read.
  private stack = NONE;
  private nLocs = -1;
  private nValues = 0;

  /** The usual case: the stack is one packed run at pos, looked up by its bytes. Returns the position after it. */
  private stackRun(pos: number): number {
    const r = this.r;
    r.pos = pos;
    const stop = readLengthEnd(r);
    const from = r.pos;
    if (stop === from) return stop; // empty run: nothing to look up yet
    let hash = 0;
    if (this.caching) {
      hash = hashBytes(r.buf, from, stop);
      const e = this.lookup(hash, from, stop);
      if (e >= 0) {
        this.hits++;
        this.stack = this.node.data[e];
        return stop;
      }
    }
    const slot = this.slot;
    let n = 0;
    while (r.pos < stop) n = this.pushLocation(readUint64(r), n);
    if (r.pos !== stop) {
      this.nLocs = n; // a varint ran past the run: keep its ids, not its bytes
      return r.pos;
    }
    // New stacks go into the tree as they are met: the same tree, node
    // for node, as interning every sample in file order.
    this.stack = this.b.stacks.internPath(this.scratch, 0, n);
    if (this.caching) this.missed(slot, hash, from, stop, this.stack);
    return stop;
  }

  /** More location ids (several runs, or unpacked): all collected in scratch. */
  private moreLocations(tag: number, pos: number): number {
    const r = this.r;
    if (this.nLocs < 0) this.nLocs = this.stack === NONE ? 0 : this.pathOf(this.stack);
    this.stack = NONE;
    r.pos = pos;
    if (tag === 0x0a) {
      const stop = readLengthEnd(r);
      while (r.pos < stop) this.nLocs = this.pushLocation(readUint64(r), this.nLocs);
    } else {
      this.nLocs = this.pushLocation(readUint64(r), this.nLocs);
    }
    return r.pos;
  }

  /** Values, packed: inline for values below 2^28, readInt64 for the rest. */
  private packedValues(pos: number, base: number): number {
    const r = this.r;
    const buf = r.buf;
    let n = buf[pos];
    let stop: number;
    if (n < 0x80 && pos + 1 + n <= r.len) {
      pos++;
      stop = pos + n;
    } else {
      r.pos = pos;
      stop = readLengthEnd(r);
      pos = r.pos;
    }
    while (pos < stop) {
      let v = pos + 4 <= r.len ? smallVarint(buf, pos) : -1;
      if (v >= 0) pos = varintEnd;
      else {
        r.pos = pos;
        v = readInt64(r);
        pos = r.pos;
      }
      this.pushValue(base, v);
    }
    return pos;
  }

  private pushValue(base: number, v: number): void {
    if (this.nValues >= this.nTypes) throw malformed(this.r, `sample ${this.seen} has more values than the ${this.nTypes} sample types`);
    if (!fitsInt32(v)) this.b.widenValues();
    this.b.sample.values.data[base + this.nValues++] = v;
  }

  /** A field that is none of the above: an error for a known field, else skipped. */
  private otherField(tag: number, pos: number): number {
    const r = this.r;
    r.pos = pos;
    const field = tag >>> 3;
    const wt = tag & 7;
    if (field === 1) throw malformed(r, `sample.location_id has wire type ${wt}, expected 0`);
    if (field === 2) throw malformed(r, `sample.value has wire type ${wt}, expected 0`);
    if (field === 3) throw malformed(r, `sample.label has wire type ${wt}, expected 2`);
    skipField(r, wt);
    return r.pos;
  }

  private lookup(hash: number, from: number, to: number): number {
    const table = this.table;
    const mask = this.mask;
    const buf = this.r.buf;
    const len = to - from;
    let slot = hash & mask;
    for (;;) {
      const e = table[slot];
      if (e === 0) {
        this.slot = slot;
        return -1;
      }
      const i = e - 1;
      if (this.hashes.data[i] === hash && this.len.data[i] === len) {
        const pool = this.pool.data;
        const start = this.start.data[i];
        let k = 0;
        while (k < len && pool[start + k] === buf[from + k]) k++;
        if (k === len) return i;
      }
      slot = (slot + 1) & mask;
    }
  }

  private pushLocation(id: number, n: number): number {
    const loc = this.locations.get(id);
    if (loc < 0) throw malformed(this.r, `sample ${this.seen} names location id ${id}, which the profile does not define`);
    if (n === this.scratch.length) {
      const grown = new Int32Array(n * 2);
      grown.set(this.scratch);
      this.scratch = grown;
    }
    this.scratch[n] = loc;
    return n + 1;
  }

  /** Puts the locations of the path ending at `node` into scratch, leaf first. */
  private pathOf(node: number): number {
    const stacks = this.b.stacks;
    const location = stacks.location.data;
    let n = 0;
    for (let i = node; i !== NONE; i = stacks.parentOf(i)) {
      if (n === this.scratch.length) {
        const grown = new Int32Array(n * 2);
        grown.set(this.scratch);
        this.scratch = grown;
      }
      this.scratch[n++] = location[i];
    }
    return n;
  }

  private addEntry(slot: number, hash: number, from: number, to: number, node: number): void {
    const e = this.start.length;
    const pool = this.pool;
    const n = to - from;
    if (pool.length + n > pool.data.length) pool.grow(pool.length + n);
    const into = pool.data;
    const buf = this.r.buf;
    for (let k = 0, o = pool.length; k < n; k++) into[o + k] = buf[from + k];
    this.start.push(pool.length);
    pool.length += n;
    this.len.push(n);
    this.hashes.push(hash);
    this.node.push(node);
    this.table[slot] = e + 1;
    if ((e + 1) * 2 > this.table.length) this.growTable();
  }

  private growTable(): void {
    this.table = slotsByHash(this.hashes.data, 0, this.start.length, this.table.length * 2);
    this.mask = this.table.length - 1;
  }

  private label(pos: number): number {
    const r = this.r;
    r.pos = pos;
    const end = readLengthEnd(r);
    // Small non-negative varint fields 1-4; anything else goes the careful way.
    if (smallLabel(r.buf, r.pos, end) < 0) return this.labelSlow(end); // r.pos is still at the first field
    if (!this.labelInRange()) {
      r.pos = end;
      throw malformed(r, 'a label names a string outside the string table');
    }
    pushLabel(this.b.label, labelKey, labelStr, labelNum, labelUnit, labelIsNum);
    return end;
  }

  /** The general label reader: any encoding, every check. r.pos at its first field. */
  private labelSlow(end: number): number {
    const r = this.r;
    let key = 0,
      str = 0,
      num = 0,
      unit = 0,
      hasNum = false;
    while (r.pos < end) {
      const t = readTag(r);
      const f = t >>> 3;
      const wt = t & 7;
      if (f === 1) key = scalar(r, wt, 'Label.key');
      else if (f === 2) str = scalar(r, wt, 'Label.str');
      else if (f === 3) {
        num = scalar(r, wt, 'Label.num');
        hasNum = true;
      } else if (f === 4) unit = scalar(r, wt, 'Label.num_unit');
      else skipField(r, wt);
    }
    if (r.pos !== end) throw malformed(r, 'Label overruns its length');
    const n = this.nStrings;
    if (!inRange(key, n) || !inRange(str, n) || !inRange(unit, n)) {
      throw malformed(r, 'a label names a string outside the string table');
    }
    pushLabel(this.b.label, key, str, num, unit, hasNum || str === 0 ? 1 : 0);
    return end;
  }

}

/** End of the varint smallVarint read last. */
let varintEnd = 0;

/**
 * The varint at buf[q] when it is below 2^28 (at most four bytes), its end
 * left in varintEnd; -1 when it is longer. Unrolled: most values and every
 * label field in a profile are one or two bytes.
 */
function smallVarint(buf: Uint8Array, q: number): number {
  let b = buf[q];
  let v = b & 0x7f;
  if (b < 0x80) {
    varintEnd = q + 1;
    return v;
  }
  b = buf[q + 1];
  v |= (b & 0x7f) << 7;
  if (b < 0x80) {
    varintEnd = q + 2;
    return v;
  }
  b = buf[q + 2];
  v |= (b & 0x7f) << 14;
  if (b < 0x80) {
    varintEnd = q + 3;
    return v;
  }
  b = buf[q + 3];
  v |= (b & 0x7f) << 21;
  if (b < 0x80) {
    varintEnd = q + 4;
    return v;
  }
  return -1;
}

/**
 * The varint at buf[q] when it is below 2^21 (at most three bytes), its end
 * left in varintEnd; -1 when it is longer. Reads buf[q + 2] whatever the
 * length, so the caller makes sure it is there. No branch on the length: in
 * a wide profile the location ids and values are one, two or three bytes at
 * random, and a profile put smallVarint's time after its length tests, as
 * mispredicted branches show (decision 0047).
 */
function shortVarint(buf: Uint8Array, q: number): number {
  const b0 = buf[q];
  const b1 = buf[q + 1];
  const b2 = buf[q + 2];
  const more0 = b0 >>> 7;
  const more1 = more0 & (b1 >>> 7);
  if ((more1 & (b2 >>> 7)) !== 0) return -1;
  varintEnd = q + 1 + more0 + more1;
  return (b0 & 0x7f) | (((b1 & 0x7f) << 7) & -more0) | (((b2 & 0x7f) << 14) & -more1);
}

// The label smallLabel read last (isNum as the column stores it).
let labelKey = 0;
let labelStr = 0;
let labelNum = 0;
let labelUnit = 0;
let labelIsNum = 0;

/**
 * Reads the label fields in buf[q, end) into labelKey..labelIsNum when each
 * is a small varint of fields 1-4 (how writers write them): 0, or -1 for
 * anything else.
 */
function smallLabel(buf: Uint8Array, q: number, end: number): number {
  let key = 0,
    str = 0,
    num = 0,
    unit = 0,
    hasNum = false;
  while (q < end) {
    const tag = buf[q];
    const v = smallVarint(buf, q + 1);
    if (v < 0) return -1;
    q = varintEnd;
    if (tag === 0x08) key = v;
    else if (tag === 0x10) str = v;
    else if (tag === 0x18) {
      num = v;
      hasNum = true;
    } else if (tag === 0x20) unit = v;
    else return -1;
  }
  if (q !== end) return -1;
  labelKey = key;
  labelStr = str;
  labelNum = num;
  labelUnit = unit;
  labelIsNum = hasNum || str === 0 ? 1 : 0;
  return 0;
}

type Labels = ProfileBuilder['label'];

/** Every label column has room for row i. */
function hasRoom(l: Labels, i: number): boolean {
  return i < l.key.data.length && i < l.str.data.length && i < l.num.data.length && i < l.numUnit.data.length && i < l.isNum.data.length;
}

/** Writes the label smallLabel read last into row i (which has room). */
function setLabel(l: Labels, i: number): void {
  l.key.data[i] = labelKey;
  l.str.data[i] = labelStr;
  l.num.data[i] = labelNum;
  l.numUnit.data[i] = labelUnit;
  l.isNum.data[i] = labelIsNum;
}

/** Hash of buf[from, to): four bytes a step, then the tail, then a final mix. */
function hashBytes(buf: Uint8Array, from: number, to: number): number {
  let h = Math.imul(to - from, 0x9e3779b1);
  let p = from;
  for (; p + 4 <= to; p += 4) {
    h = Math.imul(h ^ (buf[p] | (buf[p + 1] << 8) | (buf[p + 2] << 16) | (buf[p + 3] << 24)), 0x5bd1e995);
    h ^= h >>> 15;
  }
  for (; p < to; p++) h = Math.imul(h ^ buf[p], 0x5bd1e995);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function scalar(r: Reader, wt: number, what: string): number {
  if (wt !== 0) throw malformed(r, `${what} has wire type ${wt}, expected 0`);
  return readInt64(r);
}

function inRange(i: number, n: number): boolean {
  return i >= 0 && i < n && Number.isInteger(i);
}
