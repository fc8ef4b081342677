// One builder for every decoder (proto and the text formats), so all of them
// produce the same columnar Profile and intern stacks the same way.

import { GrowableFloat64, GrowableInt32, GrowableUint8 } from './growable';
import {
  NONE,
  type GoroutineTable,
  type MemStats,
  type Profile,
  type ProfileFormat,
  type ValueType,
} from './profile';

/**
 * Interns (parent, location) pairs into a parent-first prefix tree with an
 * open-addressing hash table: no Map, no string keys, no object per node.
 */
export class StackTableBuilder {
  parent = new GrowableInt32(1024);
  location = new GrowableInt32(1024);
  private slots = new Int32Array(4096); // stack index + 1; 0 = empty
  private mask = 4095;

  get length(): number {
    return this.parent.length;
  }

  intern(parent: number, location: number): number {
    let h = hash(parent, location) & this.mask;
    const parents = this.parent.data;
    const locations = this.location.data;
    for (;;) {
      const s = this.slots[h];
      if (s === 0) break;
      const i = s - 1;
      if (parents[i] === parent && locations[i] === location) return i;
      h = (h + 1) & this.mask;
    }
    const index = this.parent.length;
    this.parent.push(parent);
    this.location.push(location);
    this.slots[h] = index + 1;
    if (this.parent.length * 2 > this.slots.length) this.rehash();
    return index;
  }

  private rehash(): void {
    const size = this.slots.length * 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    const parents = this.parent.data;
    const locations = this.location.data;
    for (let i = 0; i < this.parent.length; i++) {
      let h = hash(parents[i], locations[i]) & this.mask;
      while (this.slots[h] !== 0) h = (h + 1) & this.mask;
      this.slots[h] = i + 1;
    }
  }
}

type Labels = ProfileBuilder['label'];

function compareLabel(l: Labels, a: number, b: number): number {
  return (
    l.key.data[a] - l.key.data[b] ||
    l.isNum.data[a] - l.isNum.data[b] ||
    l.str.data[a] - l.str.data[b] ||
    l.num.data[a] - l.num.data[b] ||
    l.numUnit.data[a] - l.numUnit.data[b]
  );
}

function sameLabels(out: Labels, start: number, end: number, l: Labels, order: number[]): boolean {
  if (end - start !== order.length) return false;
  for (let i = 0; i < order.length; i++) {
    const a = start + i;
    const b = order[i];
    if (
      out.key.data[a] !== l.key.data[b] ||
      out.isNum.data[a] !== l.isNum.data[b] ||
      out.str.data[a] !== l.str.data[b] ||
      out.num.data[a] !== l.num.data[b] ||
      out.numUnit.data[a] !== l.numUnit.data[b]
    ) {
      return false;
    }
  }
  return true;
}

function hash(parent: number, location: number): number {
  return (Math.imul(parent + 1, 0x9e3779b1) ^ Math.imul(location, 0x85ebca77)) >>> 0;
}

/** Strings for text formats: interned as they are met; index 0 is "". */
export class StringInterner {
  readonly strings: string[] = [''];
  private readonly index = new Map<string, number>([['', 0]]);
  intern(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    return i;
  }
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
    values: new GrowableFloat64(4096),
    labelStart: new GrowableInt32(1024),
  };
  readonly label = {
    key: new GrowableInt32(1024),
    str: new GrowableInt32(1024),
    num: new GrowableFloat64(1024),
    numUnit: new GrowableInt32(1024),
    isNum: new GrowableUint8(1024),
  };

  private interner?: StringInterner;

  constructor(format: ProfileFormat) {
    this.format = format;
  }

  /** For text formats: switch to interning (the proto brings its own table). */
  intern(s: string): number {
    if (!this.interner) {
      this.interner = new StringInterner();
      this.strings = this.interner.strings;
    }
    return this.interner.intern(s);
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
    let node = NONE;
    for (let i = count - 1; i >= 0; i--) node = this.stacks.intern(node, leafFirst[i]);
    return node;
  }

  /** Adds a sample; its labels are the ones added since the previous sample. */
  addSample(stack: number, values: ArrayLike<number>): number {
    const s = this.sample;
    s.labelStart.push(this.label.key.length - this.pendingLabels);
    this.pendingLabels = 0;
    s.stack.push(stack);
    for (let i = 0; i < values.length; i++) s.values.push(values[i]);
    return s.stack.length - 1;
  }

  private pendingLabels = 0;

  private mergeSamples(): void {
    const nTypes = this.sampleTypes.length;
    const { stack, values, labelStart } = this.sample;
    const n = stack.length;
    labelStart.push(this.label.key.length); // sentinel for the last sample's labels
    const st = stack.data;
    const vals = values.data;
    const ls = labelStart.data;
    const l = this.label;
    const outStack = new GrowableInt32(n);
    const outValues = new GrowableFloat64(n * nTypes);
    const outLabelStart = new GrowableInt32(n);
    const outLabel = {
      key: new GrowableInt32(l.key.length),
      str: new GrowableInt32(l.key.length),
      num: new GrowableFloat64(l.key.length),
      numUnit: new GrowableInt32(l.key.length),
      isNum: new GrowableUint8(l.key.length),
    };
    let size = 1024;
    while (size < n * 2) size *= 2;
    const slots = new Int32Array(size); // merged sample + 1
    const mask = size - 1;
    const order: number[] = [];
    for (let i = 0; i < n; i++) {
      let zero = true;
      for (let t = 0; t < nTypes; t++) if (vals[i * nTypes + t] !== 0) zero = false;
      if (zero) continue;
      // Labels compared as a set, as pprof's sample key sorts them.
      order.length = 0;
      for (let k = ls[i]; k < ls[i + 1]; k++) order.push(k);
      if (order.length > 1) order.sort((a, b) => compareLabel(l, a, b));
      let h = Math.imul(st[i] + 2, 0x9e3779b1);
      for (const k of order) {
        h = Math.imul(h ^ l.key.data[k], 0x85ebca77);
        h = Math.imul(h ^ (l.isNum.data[k] ? l.num.data[k] | 0 : l.str.data[k]), 0xc2b2ae35);
      }
      let slot = (h >>> 0) & mask;
      let found = -1;
      for (;;) {
        const s = slots[slot];
        if (s === 0) break;
        const j = s - 1;
        if (outStack.data[j] === st[i] && sameLabels(outLabel, outLabelStart.data[j], j + 1 < outStack.length ? outLabelStart.data[j + 1] : outLabel.key.length, l, order)) {
          found = j;
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (found >= 0) {
        for (let t = 0; t < nTypes; t++) outValues.data[found * nTypes + t] += vals[i * nTypes + t];
        continue;
      }
      const j = outStack.length;
      slots[slot] = j + 1;
      outStack.push(st[i]);
      for (let t = 0; t < nTypes; t++) outValues.push(vals[i * nTypes + t]);
      outLabelStart.push(outLabel.key.length);
      for (const k of order) {
        outLabel.key.push(l.key.data[k]);
        outLabel.str.push(l.str.data[k]);
        outLabel.num.push(l.num.data[k]);
        outLabel.numUnit.push(l.numUnit.data[k]);
        outLabel.isNum.push(l.isNum.data[k]);
      }
    }
    (this.sample as { stack: GrowableInt32 }).stack = outStack;
    (this.sample as { values: GrowableFloat64 }).values = outValues;
    (this.sample as { labelStart: GrowableInt32 }).labelStart = outLabelStart;
    Object.assign(this.label, outLabel);
  }

  /** Labels must be added before the addSample call they belong to. */
  addLabel(key: number, str: number, num: number, numUnit: number, isNum: boolean): void {
    const l = this.label;
    l.key.push(key);
    l.str.push(str);
    l.num.push(num);
    l.numUnit.push(numUnit);
    l.isNum.push(isNum ? 1 : 0);
    this.pendingLabels++;
  }

  get sampleCount(): number {
    return this.sample.stack.length;
  }

  /**
   * Finishes the profile. With `merge` (every format pprof reads), samples
   * are normalised the way go tool pprof loads them (profile.Merge): samples
   * whose values are all zero are dropped, and samples with the same stack and
   * the same labels become one with their values added. Goroutine dumps keep
   * one sample per goroutine instead.
   */
  build(options: { merge: boolean } = { merge: true }): Profile {
    if (options.merge) this.mergeSamples();
    const fnLen = this.fn.id.length;
    const locLen = this.location.id.length;
    const sampleLen = this.sample.stack.length;
    this.location.lineStart.push(this.line.function.length);
    this.sample.labelStart.push(this.label.key.length);
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
      stacks: {
        length: this.stacks.length,
        parent: this.stacks.parent.finish(),
        location: this.stacks.location.finish(),
      },
      samples: {
        length: sampleLen,
        stack: this.sample.stack.finish(),
        values: this.sample.values.finish(),
        labelStart: this.sample.labelStart.finish(),
      },
      labels: {
        length: this.label.key.length,
        key: this.label.key.finish(),
        str: this.label.str.finish(),
        num: this.label.num.finish(),
        numUnit: this.label.numUnit.finish(),
        isNum: this.label.isNum.finish(),
      },
      kindHint: this.kindHint,
      memStats: this.memStats,
      goroutines: this.goroutines,
    };
  }
}
