// One builder for every decoder (proto and the text formats), so all of them
// produce the same columnar Profile and intern stacks the same way.

import { GrowableFloat64, GrowableInt32, GrowableUint16, GrowableUint8 } from './growable';
import { Interner } from './interner';
import { LabelSets, pushLabel } from './label-sets';
import { parentColumn, type Branchings } from './parents';
import { reassignable } from './reassignable';
import {
  fitsInt32,
  NARROW_LOCATIONS,
  NONE,
  type GoroutineTable,
  type LocationColumn,
  type MemStats,
  type MemStatsExact,
  type Profile,
  type ProfileFormat,
  type StackTable,
  type ValueColumn,
  type ValueType,
} from './profile';

/**
 * Interns (parent, location) pairs into a parent-first prefix tree with an
 * open-addressing hash table: no Map, no string keys, no object per node.
 *
 * Parents are not stored node by node while the tree grows: most nodes are
 * made right after their parent (the rest of a new path), so a bit per node
 * says so, and only the others (the branchings and roots) are listed with
 * their parents. On a wide profile that is 9 MB where a column was 52
 * (decision 0036). parents() writes the column a profile keeps.
 */
export class StackTableBuilder {
  location: GrowableInt32 | GrowableUint16 = new GrowableInt32(1024);
  /** Bit n: node n's parent is node n - 1 (node 0's is NONE, -1 = 0 - 1). */
  private chained = new Int32Array(32);
  /** The other nodes, ascending, and their parents (NONE for a root). */
  private readonly branchNode = new GrowableInt32(256);
  private readonly branchParent = new GrowableInt32(256);
  // Open addressing, three ints a slot: stack index + 1 (0 = empty), then its
  // parent and location, so a probe reads one cache line and no column. It
  // holds the branchings only: find() checks node + 1 first.
  private slots = new Int32Array(4096 * 3);
  private mask = 4095;
  /** The hash table was dropped by releaseIndex(); rebuilt on the next intern. */
  private released = false;
  /** internPaths' scratch. */
  private lookupLeft = new Int32Array(0);

  constructor() {
    reassignable(this, ['chained', 'slots', 'mask', 'released', 'lookupLeft']);
  }

  get length(): number {
    return this.location.length;
  }

  /** Nodes whose parent is not the node just before them (the hash table holds these). */
  get branchings(): number {
    return this.branchNode.length;
  }

  /**
   * Makes room for `nodes` nodes and `branchings` of them in the table, when
   * that is more than there is: a decoder that can project the tree's size
   * calls this, so its loop neither regrows the columns nor rehashes.
   */
  reserve(nodes: number, branchings: number): void {
    if (nodes > this.location.data.length) this.location.reserve(Math.max(nodes, Math.ceil(this.location.data.length * 1.25)));
    this.fitChained();
    if (branchings > this.branchNode.data.length) {
      // The projection creeps up a few per cent at a time, and each reserve
      // copies the columns: an eighth more than asked from the first, a
      // quarter more than there is after (decision 0044).
      const room = Math.max(Math.ceil(branchings * 1.125), Math.ceil(this.branchNode.data.length * 1.25));
      this.branchNode.reserve(room);
      this.branchParent.reserve(room);
    }
    const size = tableSizeFor(branchings);
    if (!this.released && size > this.mask + 1) this.rehash(size);
  }

  /**
   * Holds locations in 16 bits from here on, when a decoder knows before
   * its first stack that the profile has no more than NARROW_LOCATIONS
   * (proto: the locations are read before the samples). build() narrows
   * a column that fits otherwise, by copying it.
   */
  narrowLocations(locations: number): void {
    if (this.location.length === 0 && locations <= NARROW_LOCATIONS) this.location = new GrowableUint16(this.location.data.length);
  }

  /**
   * Holds locations in 32 bits from here on: for a decoder that narrowed the
   * column before it knew how many locations there are, once there are more
   * than NARROW_LOCATIONS (proto read while inflating).
   */
  widenLocations(): void {
    const narrow = this.location;
    if (narrow instanceof GrowableInt32) return;
    const wide = new GrowableInt32(narrow.data.length);
    wide.data.set(narrow.data.subarray(0, narrow.length));
    wide.length = narrow.length;
    this.location = wide;
  }

  /** The location column as a profile keeps it (StackTable.location): narrowed if it fits. */
  finishLocations(locations: number, maxSlack: number): LocationColumn {
    const column = this.location.finish(maxSlack);
    if (column instanceof Uint16Array || locations > NARROW_LOCATIONS) return column;
    const narrow = new Uint16Array(column.length);
    narrow.set(column);
    return narrow;
  }

  /** Node n's parent (NONE for a root): what the column would say, found without it. */
  parentOf(n: number): number {
    if (this.chained[n >>> 5] & (1 << (n & 31))) return n - 1;
    const nodes = this.branchNode.data;
    let lo = 0;
    let hi = this.branchNode.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (nodes[mid] < n) lo = mid + 1;
      else hi = mid;
    }
    return this.branchParent.data[lo];
  }

  /** The parent column (StackTable.parent). */
  parents(): Int32Array {
    return parentColumn({ chained: this.chained, branchParent: this.branchParent.data }, this.length);
  }

  /** The bits and the branchings' parents, as the tree keeps them (StackTable.branchings). */
  branchingsOf(): Branchings {
    return { chained: this.chained.subarray(0, (this.length + 31) >>> 5), parent: this.branchParent.finish(PROJECTED_SLACK) };
  }

  /**
   * Takes `parent` (a parent-first column of n nodes) as the tree's, into
   * an empty builder whose location column the caller writes; indexed on
   * the next lookup.
   */
  adoptParents(parent: Int32Array, n: number): void {
    if (this.length !== 0) throw new Error('adoptParents: the tree is not empty');
    this.location.reserve(n);
    this.location.length = n;
    this.fitChained();
    const bits = this.chained;
    for (let i = 0; i < n; i++) {
      if (parent[i] === i - 1) bits[i >>> 5] |= 1 << (i & 31);
      else {
        this.branchNode.push(i);
        this.branchParent.push(parent[i]);
      }
    }
    this.releaseIndex();
  }

  intern(parent: number, location: number): number {
    if (this.released) this.rebuildIndex();
    const i = this.find(parent, location);
    return i >= 0 ? i : this.append(parent, location);
  }

  /**
   * Interns the path given leaf first, `count` locations from `start`, under
   * node `from` (NONE: the root), and returns its leaf node (`from` for an
   * empty path). Once a node is new, so is the rest of the path (a new node
   * has no children): no more lookups.
   */
  internPath(leafFirst: ArrayLike<number>, start: number, count: number, from = NONE): number {
    if (this.released) this.rebuildIndex();
    const bits = this.chained;
    const l = this.location.data;
    const length = this.location.length;
    const slots = this.slots;
    const mask = this.mask;
    let node = from;
    let i = start + count - 1;
    for (; i >= start; i--) {
      const child = childOf(bits, l, length, slots, mask, node, leafFirst[i]);
      if (child < 0) break;
      node = child;
    }
    if (i < start) return node;
    return this.appendPath(node, leafFirst, start, i);
  }

  /**
   * Interns `n` paths as n calls of internPath in their order would (the
   * same nodes, numbered alike) and writes their leaves to `leaves`: path k
   * is leafFirst[starts[k], starts[k + 1]), leaf first. Their lookups in the
   * tree as it is are made side by side first, a table lookup of each in
   * turn: each path's is a chain of reads the cache seldom holds, and
   * independent chains wait for memory together instead of one after the
   * other (decision 0033). Between two table lookups a path takes its chain
   * steps (a node's child made right after it, in the cache line just read)
   * at once (decision 0049). Then each path goes on from where its lookup
   * stopped, in order, finding what the paths before it added.
   */
  internPaths(leafFirst: Int32Array, starts: Int32Array, n: number, leaves: Int32Array): void {
    if (this.released) this.rebuildIndex();
    // Per path: the node reached, and how many of its locations (from its
    // root end) are left to find; negated once a lookup has failed.
    const node = leaves;
    const left = this.lookupLeft.length >= n ? this.lookupLeft : (this.lookupLeft = new Int32Array(n));
    for (let k = 0; k < n; k++) {
      node[k] = NONE;
      left[k] = starts[k + 1] - starts[k];
    }
    const bits = this.chained;
    const l = this.location.data;
    const length = this.location.length;
    const slots = this.slots;
    const mask = this.mask;
    for (let moving = true; moving; ) {
      moving = false;
      for (let k = 0; k < n; k++) {
        let m = left[k];
        if (m <= 0) continue;
        let at = node[k];
        const base = starts[k] - 1;
        for (;;) {
          const location = leafFirst[base + m];
          const next = at + 1;
          if (next < length && l[next] === location && bits[next >>> 5] & (1 << (next & 31))) {
            at = next;
            if (--m === 0) break;
            continue;
          }
          const c = inTable(slots, mask, at, location);
          if (c < 0) m = -m;
          else {
            at = c;
            m--;
            moving = m > 0 || moving;
          }
          break;
        }
        node[k] = at;
        left[k] = m;
      }
    }
    for (let k = 0; k < n; k++) node[k] = this.internPath(leafFirst, starts[k], Math.abs(left[k]), node[k]);
  }

  /**
   * Adds leafFirst[start..i] under `parent`, the first of them known new.
   * The rest is a chain: each node's parent is the one just before it, so
   * none goes into the table; written in one go.
   */
  private appendPath(parent: number, leafFirst: ArrayLike<number>, start: number, i: number): number {
    const locations = this.location;
    let index = locations.length;
    const end = index + i - start + 1;
    if (end > locations.data.length) locations.grow(end);
    this.fitChained();
    const l = locations.data;
    const bits = this.chained;
    const first = leafFirst[i];
    l[index] = first;
    if (parent === index - 1) bits[index >>> 5] |= 1 << (index & 31);
    else {
      locations.length = index + 1;
      this.addBranching(index, parent, first);
    }
    index++;
    for (i--; i >= start; i--, index++) {
      bits[index >>> 5] |= 1 << (index & 31);
      l[index] = leafFirst[i];
    }
    locations.length = index;
    return index - 1;
  }

  /** Drops the hash table once the tree is complete. */
  releaseIndex(): void {
    this.slots = new Int32Array(0);
    this.mask = 0;
    this.released = true;
  }

  private find(parent: number, location: number): number {
    return childOf(this.chained, this.location.data, this.location.length, this.slots, this.mask, parent, location);
  }

  /** Adds a node known not to exist yet. */
  private append(parent: number, location: number): number {
    const index = this.location.length;
    this.location.push(location);
    this.fitChained();
    if (parent === index - 1) this.chained[index >>> 5] |= 1 << (index & 31);
    else this.addBranching(index, parent, location);
    return index;
  }

  /** Lists node `index` (already in the location column) with its parent, and puts it in the table. */
  private addBranching(index: number, parent: number, location: number): void {
    this.branchNode.push(index);
    this.branchParent.push(parent);
    if (!fitsTable(this.branchNode.length, this.mask + 1)) this.rehash((this.mask + 1) * 2);
    else place(this.slots, this.mask, index, parent, location);
  }

  /** The bit set covers the location column's capacity. */
  private fitChained(): void {
    const words = (this.location.data.length + 31) >>> 5;
    if (words <= this.chained.length) return;
    const grown = new Int32Array(Math.max(words, this.chained.length * 2));
    grown.set(this.chained);
    this.chained = grown;
  }

  /** A table of `size` slots holding every branching listed. */
  private rehash(size: number): void {
    this.slots = new Int32Array(0); // the old table goes first: the new one is made from the list
    const slots = new Int32Array(size * 3);
    const mask = size - 1;
    const nodes = this.branchNode.data;
    const parents = this.branchParent.data;
    const l = this.location.data;
    for (let k = 0; k < this.branchNode.length; k++) place(slots, mask, nodes[k], parents[k], l[nodes[k]]);
    this.slots = slots;
    this.mask = mask;
  }

  private rebuildIndex(): void {
    this.released = false;
    this.rehash(tableSizeFor(this.branchNode.length));
  }
}

/**
 * What the tree's columns may keep unused at the end rather than be copied:
 * the proto decoder reserves them by projection (StackTableBuilder.reserve),
 * which overshoots by a few per cent, and grows them a quarter at a time.
 * The pages never written are never resident (the wide base file's 13.9 MB
 * location column was copied for 12.6 % unused).
 */
const PROJECTED_SLACK = 1 / 4;

function place(slots: Int32Array, mask: number, index: number, parent: number, location: number): void {
  let h = hash(parent, location) & mask;
  while (slots[h * 3] !== 0) h = (h + 1) & mask;
  slots[h * 3] = index + 1;
  slots[h * 3 + 1] = parent;
  slots[h * 3 + 2] = location;
}

/** Load factor at most 3/4: linear probing stays short with a mixed hash. */
function fitsTable(nodes: number, size: number): boolean {
  return nodes * 4 <= size * 3;
}

function tableSizeFor(nodes: number): number {
  let size = 4096;
  while (!fitsTable(nodes, size)) size *= 2;
  return size;
}

/**
 * The child of `node` at `location`, or -1. A child made right after its
 * parent is not in the table (its bit in `chained` says so): node + 1 first.
 */
function childOf(chained: Int32Array, l: LocationColumn, length: number, slots: Int32Array, mask: number, node: number, location: number): number {
  const next = node + 1;
  if (next < length && l[next] === location && chained[next >>> 5] & (1 << (next & 31))) return next;
  return inTable(slots, mask, node, location);
}

/** The child of `node` at `location` among the branchings (the table), or -1. */
function inTable(slots: Int32Array, mask: number, node: number, location: number): number {
  for (let slot = hash(node, location) & mask; ; slot = (slot + 1) & mask) {
    const s = slots[slot * 3];
    if (s === 0) return -1;
    if (slots[slot * 3 + 2] === location && slots[slot * 3 + 1] === node) return s - 1;
  }
}

function hash(parent: number, location: number): number {
  const h = Math.imul(parent ^ Math.imul(location + 1, 0x85ebca6b), 0x9e3779b1);
  return h ^ (h >>> 15);
}

/** A sample's key: hashed (see `hashes`), all zero (dropped), or the only one on its stack (merges with none). */
const HASHED = 0;
const ZERO = 1;
const OWN_STACK = 2;

/** What mergeSamples' first pass finds: per sample its kind and, if hashed, its key's hash; and the suspect cells. */
interface SampleKeys {
  hashes: Int32Array;
  kind: Uint8Array;
  twice: Int32Array;
  cellMask: number;
  collisions: number;
}

function allZero(values: ValueColumn, from: number, n: number): boolean {
  for (let t = 0; t < n; t++) if (values[from + t] !== 0) return false;
  return true;
}

/** Hash of (stack, label set). */
function hashSampleKey(stack: number, labelSet: number): number {
  let h = Math.imul(stack + 2, 0x9e3779b1);
  h = Math.imul(h ^ labelSet, 0x85ebca77);
  return h ^ (h >>> 16);
}

export class ProfileBuilder {
  format: ProfileFormat;
  strings: string[] = [''];
  sampleTypes: ValueType[] = [];
  defaultSampleType = 0;
  dropFrames = 0;
  keepFrames = 0;
  timeNanos = 0;
  timeNanosExact = '0';
  durationNanos = 0;
  periodType: ValueType | null = null;
  period = 0;
  comments: number[] = [];
  memStats?: MemStats;
  memStatsExact?: MemStatsExact;
  goroutines?: GoroutineTable;
  kindHint?: Profile['kindHint'];

  readonly fn = {
    id: new GrowableFloat64(),
    name: new GrowableInt32(),
    systemName: new GrowableInt32(),
    filename: new GrowableInt32(),
    startLine: new GrowableFloat64(),
  };
  readonly mapping = {
    id: new GrowableFloat64(8),
    memoryStart: new GrowableFloat64(8),
    memoryLimit: new GrowableFloat64(8),
    fileOffset: new GrowableFloat64(8),
    filename: new GrowableInt32(8),
    buildId: new GrowableInt32(8),
    flags: new GrowableUint8(8),
  };
  readonly location = {
    id: new GrowableFloat64(),
    mapping: new GrowableInt32(),
    address: new GrowableFloat64(),
    isFolded: new GrowableUint8(),
    lineStart: new GrowableInt32(),
  };
  readonly line = {
    function: new GrowableInt32(),
    line: new GrowableFloat64(),
    column: new GrowableFloat64(),
  };
  readonly stacks = new StackTableBuilder();
  readonly sample = {
    stack: new GrowableInt32(1024),
    /** 32-bit until a value does not fit (widenValues). */
    values: new GrowableInt32(4096) as GrowableInt32 | GrowableFloat64,
    /** The sample's label set (LabelSets: 0 is none). */
    labelSet: new GrowableInt32(1024),
  };
  readonly labelSets = new LabelSets();
  /** The labels of the sets so far, then those of the sample being read. */
  readonly label = this.labelSets.labels;

  /** Strings for text formats: interned as they are met; index 0 is "". */
  private interner?: Interner<string>;

  constructor(format: ProfileFormat) {
    this.format = format;
  }

  /** For text formats: switch to interning (the proto brings its own table). */
  intern(s: string): number {
    return this.stringInterner().intern(s);
  }

  /**
   * For text formats: a string added as it is, not looked up first, for
   * text seldom met twice; the table may then hold the same text twice.
   */
  addString(s: string): number {
    return this.stringInterner().append(s);
  }

  private stringInterner(): Interner<string> {
    if (!this.interner) {
      this.interner = new Interner(['']);
      this.strings = this.interner.values;
    }
    return this.interner;
  }

  addFunction(id: number, name: number, systemName: number, filename: number, startLine: number): number {
    const f = this.fn;
    f.id.push(id);
    f.name.push(name);
    f.systemName.push(systemName);
    f.filename.push(filename);
    f.startLine.push(startLine);
    return f.id.length - 1;
  }

  addMapping(
    id: number,
    memoryStart: number,
    memoryLimit: number,
    fileOffset: number,
    filename: number,
    buildId: number,
    flags: number,
  ): number {
    const m = this.mapping;
    m.id.push(id);
    m.memoryStart.push(memoryStart);
    m.memoryLimit.push(memoryLimit);
    m.fileOffset.push(fileOffset);
    m.filename.push(filename);
    m.buildId.push(buildId);
    m.flags.push(flags);
    return m.id.length - 1;
  }

  /** Starts a location; its lines follow through addLine (innermost first). */
  beginLocation(id: number, mapping: number, address: number, isFolded: boolean): number {
    const l = this.location;
    l.id.push(id);
    l.mapping.push(mapping);
    l.address.push(address);
    l.isFolded.push(isFolded ? 1 : 0);
    l.lineStart.push(this.line.function.length);
    return l.id.length - 1;
  }

  addLine(fn: number, line: number, column = 0): void {
    this.line.function.push(fn);
    this.line.line.push(line);
    this.line.column.push(column);
  }

  /** Interns a stack given leaf-first locations; returns the leaf node or NONE. */
  internStack(leafFirst: ArrayLike<number>, count = leafFirst.length): number {
    return this.stacks.internPath(leafFirst, 0, count);
  }

  /** Adds a sample; its labels are the ones added since the previous sample. */
  addSample(stack: number, values: ArrayLike<number>): number {
    const s = this.sample;
    s.labelSet.push(this.labelSets.intern(this.label.key.length - this.pendingLabels));
    this.pendingLabels = 0;
    s.stack.push(stack);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!fitsInt32(v)) this.widenValues();
      s.values.push(v);
    }
    return s.stack.length - 1;
  }

  /** Values as 64-bit floats from now on (a value a 32-bit integer cannot hold is coming); the rows being written are kept too. */
  widenValues(): void {
    const old = this.sample.values;
    if (old instanceof GrowableFloat64) return;
    const wide = new GrowableFloat64(old.data.length);
    wide.data.set(old.data);
    wide.length = old.length;
    this.sample.values = wide;
  }

  private pendingLabels = 0;

  /**
   * In place: the merged samples are written over the input rows (a row is
   * never written before it is read), so merging needs no second copy of the
   * columns. A key is (stack, label set): labels are interned as sets, so
   * equal labels are equal ids (a set no kept sample names stays, unread).
   *
   * Equal keys are rare, so a first pass hashes every key into a bit set
   * small enough to stay in cache and marks the cells hit twice; only
   * samples in such cells go through an exact hash table. (One table lookup
   * per sample into a table the size of the samples would miss the cache on
   * nearly every sample.)
   */
  private mergeSamples(): void {
    const keys = this.hashSampleKeys();
    this.compactSamples(keys);
  }

  /**
   * A bit per stack node (node + 1: NONE is -1), set when two or more samples
   * end on it. A sample whose stack is its own cannot equal any other, so its
   * key is neither hashed nor looked up: on a wide profile (a million distinct
   * stacks) that is nearly every sample, and a bit per node read in sample
   * order costs far less than a bit set of hashes read at random.
   */
  private sharedStacks(): Int32Array {
    const n = this.sample.stack.length;
    const st = this.sample.stack.data;
    const words = (this.stacks.length + 1 + 31) >>> 5;
    const once = new Int32Array(words);
    const shared = new Int32Array(words);
    for (let i = 0; i < n; i++) {
      const k = st[i] + 1;
      const bit = 1 << (k & 31);
      if (once[k >>> 5] & bit) shared[k >>> 5] |= bit;
      else once[k >>> 5] |= bit;
    }
    return shared;
  }

  /**
   * Pass 1 of mergeSamples: hashes each kept sample's key (its stack and
   * label set); cells of a bit set hit twice mark the suspects.
   */
  private hashSampleKeys(): SampleKeys {
    const nTypes = this.sampleTypes.length;
    const n = this.sample.stack.length;
    const st = this.sample.stack.data;
    const vals = this.sample.values.data;
    const sets = this.sample.labelSet.data;
    const hashes = new Int32Array(n);
    const kind = new Uint8Array(n);
    const shared = this.sharedStacks();
    let bits = 1 << 16;
    while (bits < n * 8) bits *= 2;
    const seen = new Int32Array(bits >>> 5);
    const twice = new Int32Array(bits >>> 5);
    const cellMask = bits - 1;
    let collisions = 0;
    for (let i = 0; i < n; i++) {
      if (allZero(vals, i * nTypes, nTypes)) {
        kind[i] = ZERO;
        continue;
      }
      const k = st[i] + 1;
      if ((shared[k >>> 5] & (1 << (k & 31))) === 0) {
        kind[i] = OWN_STACK;
        continue;
      }
      const h = hashSampleKey(st[i], sets[i]);
      hashes[i] = h;
      const c = h & cellMask;
      const bit = 1 << (c & 31);
      if (seen[c >>> 5] & bit) {
        twice[c >>> 5] |= bit;
        collisions++;
      } else {
        seen[c >>> 5] |= bit;
      }
    }
    return { hashes, kind, twice, cellMask, collisions };
  }

  /** Pass 2 of mergeSamples: compacts in place; suspects are looked up in an exact table of suspects only. */
  private compactSamples({ hashes, kind, twice, cellMask, collisions }: SampleKeys): void {
    const nTypes = this.sampleTypes.length;
    const { stack, labelSet } = this.sample;
    const n = stack.length;
    const st = stack.data;
    let vals = this.sample.values.data;
    const sets = labelSet.data;
    let size = 1024;
    while (size < collisions * 4) size *= 2;
    const slots = new Int32Array(size); // merged sample + 1
    const mask = size - 1;
    let out = 0; // merged samples so far
    for (let i = 0; i < n; i++) {
      if (kind[i] === ZERO) continue;
      const v = i * nTypes;
      const h = hashes[i];
      const c = h & cellMask;
      let slot = -1;
      if (kind[i] === HASHED && twice[c >>> 5] & (1 << (c & 31))) {
        slot = Math.imul(h, 0x2545f491) >>> 7 & mask;
        let found = -1;
        for (;;) {
          const e = slots[slot];
          if (e === 0) break;
          const j = e - 1;
          if (st[j] === st[i] && sets[j] === sets[i]) {
            found = j;
            break;
          }
          slot = (slot + 1) & mask;
        }
        if (found >= 0) {
          for (let t = 0; t < nTypes; t++) {
            const sum = vals[found * nTypes + t] + vals[v + t];
            if (vals instanceof Int32Array && !fitsInt32(sum)) {
              this.widenValues();
              vals = this.sample.values.data;
            }
            vals[found * nTypes + t] = sum;
          }
          continue;
        }
        slots[slot] = out + 1;
      }
      if (out !== i) {
        st[out] = st[i];
        for (let t = 0; t < nTypes; t++) vals[out * nTypes + t] = vals[v + t];
        sets[out] = sets[i];
      }
      out++;
    }
    stack.length = out;
    this.sample.values.length = out * nTypes;
    labelSet.length = out;
  }

  /**
   * The tree as a profile keeps it; with 'branchings' (a decoder sending
   * the profile to another thread) the parent column is left to the
   * receiver (receiveStacks), so it never exists here (decision 0036).
   */
  private finishStacks(locations: number, parents: 'column' | 'branchings'): StackTable {
    const stacks = this.stacks;
    const location = stacks.finishLocations(locations, PROJECTED_SLACK);
    if (parents === 'column') return { length: stacks.length, parent: stacks.parents(), location };
    return { length: stacks.length, parent: new Int32Array(0), location, branchings: stacks.branchingsOf() };
  }

  /** Labels must be added before the addSample call they belong to. */
  addLabel(key: number, str: number, num: number, numUnit: number, isNum: boolean): void {
    pushLabel(this.label, key, str, num, numUnit, isNum ? 1 : 0);
    this.pendingLabels++;
  }

  /**
   * Finishes the profile. With `merge` (every format pprof reads), samples
   * are normalised the way go tool pprof loads them (profile.Merge): samples
   * whose values are all zero are dropped, and samples with the same stack and
   * the same labels become one with their values added. Goroutine dumps keep
   * one sample per goroutine instead.
   */
  build(options: { merge: boolean; parents?: 'column' | 'branchings' } = { merge: true }): Profile {
    this.stacks.releaseIndex(); // first: it is the largest thing the build no longer needs
    if (options.merge) this.mergeSamples();
    const fnLen = this.fn.id.length;
    const locLen = this.location.id.length;
    const sampleLen = this.sample.stack.length;
    this.location.lineStart.push(this.line.function.length);
    return {
      format: this.format,
      strings: this.strings,
      sampleTypes: this.sampleTypes,
      defaultSampleType: this.defaultSampleType,
      dropFrames: this.dropFrames,
      keepFrames: this.keepFrames,
      timeNanos: this.timeNanos,
      timeNanosExact: this.timeNanosExact,
      durationNanos: this.durationNanos,
      periodType: this.periodType,
      period: this.period,
      comments: this.comments,
      functions: {
        length: fnLen,
        id: this.fn.id.finish(),
        name: this.fn.name.finish(),
        systemName: this.fn.systemName.finish(),
        filename: this.fn.filename.finish(),
        startLine: this.fn.startLine.finish(),
      },
      mappings: {
        length: this.mapping.id.length,
        id: this.mapping.id.finish(),
        memoryStart: this.mapping.memoryStart.finish(),
        memoryLimit: this.mapping.memoryLimit.finish(),
        fileOffset: this.mapping.fileOffset.finish(),
        filename: this.mapping.filename.finish(),
        buildId: this.mapping.buildId.finish(),
        flags: this.mapping.flags.finish(),
      },
      locations: {
        length: locLen,
        id: this.location.id.finish(),
        mapping: this.location.mapping.finish(),
        address: this.location.address.finish(),
        isFolded: this.location.isFolded.finish(),
        lineStart: this.location.lineStart.finish(),
      },
      lines: {
        length: this.line.function.length,
        function: this.line.function.finish(),
        line: this.line.line.finish(),
        column: this.line.column.finish(),
      },
      stacks: this.finishStacks(locLen, options.parents ?? 'column'),
      samples: {
        length: sampleLen,
        stack: this.sample.stack.finish(),
        values: this.sample.values.finish(),
        labelSet: this.sample.labelSet.finish(),
      },
      labels: {
        length: this.label.key.length,
        sets: this.labelSets.size,
        setStart: this.labelSets.finishStarts(),
        key: this.label.key.finish(),
        str: this.label.str.finish(),
        num: this.label.num.finish(),
        numUnit: this.label.numUnit.finish(),
        isNum: this.label.isNum.finish(),
      },
      kindHint: this.kindHint,
      memStats: this.memStats,
      memStatsExact: this.memStatsExact,
      goroutines: this.goroutines,
    };
  }
}
