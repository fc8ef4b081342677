// A sample's labels are stored once per distinct set, not once per sample: a
// heap profile's samples each carry `bytes` (one of a few dozen size classes),
// so a million samples share about a hundred sets. Each sample keeps the id of
// its set; merging samples compares ids, and the columns hold the distinct
// sets' labels only (decision 0035).

import { GrowableFloat64, GrowableInt32, GrowableUint8, slotsByHash } from './growable';

/** The labels being written: one row per label, a set's rows together. */
export interface LabelColumns {
  key: GrowableInt32;
  str: GrowableInt32;
  num: GrowableFloat64;
  numUnit: GrowableInt32;
  isNum: GrowableUint8;
}

export function labelColumns(capacity = 256): LabelColumns {
  return {
    key: new GrowableInt32(capacity),
    str: new GrowableInt32(capacity),
    num: new GrowableFloat64(capacity),
    numUnit: new GrowableInt32(capacity),
    isNum: new GrowableUint8(capacity),
  };
}

/** Appends a label row. */
export function pushLabel(l: LabelColumns, key: number, str: number, num: number, numUnit: number, isNum: number): void {
  l.key.push(key);
  l.str.push(str);
  l.num.push(num);
  l.numUnit.push(numUnit);
  l.isNum.push(isNum);
}

/** Keeps the first n labels. */
export function truncateLabels(l: LabelColumns, n: number): void {
  l.key.length = n;
  l.str.length = n;
  l.num.length = n;
  l.numUnit.length = n;
  l.isNum.length = n;
}

/**
 * Interns label sets. A writer appends a sample's labels to the columns, then
 * calls intern(from): the rows from `from` on are sorted (pprof compares a
 * sample's labels as a set), and either become a new set or, when an equal set
 * exists, are dropped again. Set 0 is the empty set.
 */
export class LabelSets {
  readonly labels: LabelColumns = labelColumns();
  /** Set s is rows start[s] .. start[s + 1] - 1; the last set ends at the columns' length. */
  readonly start = new GrowableInt32(64);
  private slots = new Int32Array(256); // set id + 1; 0: empty
  private mask = 255;
  private readonly hashes = new GrowableInt32(64);

  constructor() {
    this.start.push(0); // the empty set
    this.hashes.push(0);
  }

  get size(): number {
    return this.start.length;
  }

  /** The set of labels from row `from` to the last: its id. */
  intern(from: number): number {
    const l = this.labels;
    const to = l.key.length;
    if (to === from) return 0;
    if (to - from > 1) sortLabels(l, from, to);
    const h = hashLabels(l, from, to);
    const n = to - from;
    const start = this.start.data;
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const e = this.slots[slot];
      if (e === 0) {
        this.slots[slot] = this.start.length + 1;
        break;
      }
      const s = e - 1;
      const sEnd = s + 1 < this.start.length ? start[s + 1] : from;
      if (this.hashes.data[s] === h && sEnd - start[s] === n && sameLabels(l, start[s], from, n)) {
        truncateLabels(l, from);
        return s;
      }
    }
    this.start.push(from);
    this.hashes.push(h);
    if (this.start.length * 2 > this.slots.length) this.rehash();
    return this.start.length - 1;
  }

  /**
   * The set of one label, given as values (the proto decoder's usual sample):
   * its rows are written only when the set is new.
   */
  internOne(key: number, str: number, num: number, numUnit: number, isNum: number): number {
    const l = this.labels;
    const h = hashOne(key, str, num, isNum);
    const start = this.start.data;
    const sets = this.start.length;
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const e = this.slots[slot];
      if (e === 0) {
        this.slots[slot] = sets + 1;
        break;
      }
      const s = e - 1;
      const k = start[s];
      const sEnd = s + 1 < sets ? start[s + 1] : l.key.length;
      if (
        this.hashes.data[s] === h && sEnd - k === 1 && l.key.data[k] === key && l.isNum.data[k] === isNum &&
        l.str.data[k] === str && l.num.data[k] === num && l.numUnit.data[k] === numUnit
      ) {
        return s;
      }
    }
    this.start.push(l.key.length);
    this.hashes.push(h);
    pushLabel(l, key, str, num, numUnit, isNum);
    if (this.start.length * 2 > this.slots.length) this.rehash();
    return sets;
  }

  private rehash(): void {
    this.slots = slotsByHash(this.hashes.data, 1, this.start.length, this.slots.length * 2);
    this.mask = this.slots.length - 1;
  }

  /** setStart for the Profile: the sets' starts and, last, the end of the last. */
  finishStarts(): Int32Array {
    this.start.push(this.labels.key.length);
    const out = this.start.finish();
    this.start.length--;
    return out;
  }
}

function hashLabels(l: LabelColumns, from: number, to: number): number {
  const key = l.key.data;
  const str = l.str.data;
  const num = l.num.data;
  const isNum = l.isNum.data;
  let h = 0x9e3779b1;
  for (let k = from; k < to; k++) h = mixLabel(h, key[k], isNum[k] ? num[k] | 0 : str[k]);
  return h ^ (h >>> 16);
}

/** hashLabels of a set of one label. */
function hashOne(key: number, str: number, num: number, isNum: number): number {
  const h = mixLabel(0x9e3779b1, key, isNum ? num | 0 : str);
  return h ^ (h >>> 16);
}

function mixLabel(h: number, key: number, value: number): number {
  h = Math.imul(h ^ key, 0x85ebca77);
  return Math.imul(h ^ value, 0xc2b2ae35);
}

/** Stable insertion sort of labels from..to-1 in place, by (key, isNum, str, num, numUnit). */
function sortLabels(l: LabelColumns, from: number, to: number): void {
  const key = l.key.data;
  const str = l.str.data;
  const num = l.num.data;
  const unit = l.numUnit.data;
  const isNum = l.isNum.data;
  for (let i = from + 1; i < to; i++) {
    const k = key[i];
    const s = str[i];
    const v = num[i];
    const u = unit[i];
    const b = isNum[i];
    let j = i - 1;
    while (j >= from && (key[j] - k || isNum[j] - b || str[j] - s || num[j] - v || unit[j] - u) > 0) {
      key[j + 1] = key[j];
      str[j + 1] = str[j];
      num[j + 1] = num[j];
      unit[j + 1] = unit[j];
      isNum[j + 1] = isNum[j];
      j--;
    }
    key[j + 1] = k;
    str[j + 1] = s;
    num[j + 1] = v;
    unit[j + 1] = u;
    isNum[j + 1] = b;
  }
}

/** Labels a..a+n-1 equal labels b..b+n-1 (both sorted). */
function sameLabels(l: LabelColumns, a: number, b: number, n: number): boolean {
  const key = l.key.data;
  const str = l.str.data;
  const num = l.num.data;
  const unit = l.numUnit.data;
  const isNum = l.isNum.data;
  for (let i = 0; i < n; i++) {
    if (key[a + i] !== key[b + i] || isNum[a + i] !== isNum[b + i] || str[a + i] !== str[b + i] || num[a + i] !== num[b + i] || unit[a + i] !== unit[b + i]) {
      return false;
    }
  }
  return true;
}
