// The frame trie every tree of this folder is grown in: frames keyed by
// (parent frame, node key), numbered in creation order (parents first).
// Millions of frames on a large profile, so no Map and no object per frame:
// open addressing on one Int32Array, three ints a slot (frame + 1, then its
// parent and node, so a probe reads one cache line and no column), sized
// once from the caller's estimate and doubled only when that was short.
// Measurements: docs/decisions/0017-flame-tree-build.md.

import { NONE } from '../model';
import type { FrameIndex } from './tree';

export class FrameTrie {
  parent: Int32Array;
  node: Int32Array;
  /** Each frame's first child (0: none yet), kept out of the table: most frames have one child. */
  private first: Int32Array;
  length = 1;
  private slots: Int32Array;
  private mask: number;
  /** Frames in the table (all but first children). */
  private indexed = 0;
  /** Last frame returned: inputs walked in stack order ask for its successor next more often than not. */
  private last = 0;

  /** `capacity`: the frames expected (a bound is best: no growing). */
  constructor(capacity: number) {
    const n = Math.max(1024, capacity + 1);
    this.parent = new Int32Array(n);
    this.node = new Int32Array(n);
    this.first = new Int32Array(n);
    this.parent[0] = NONE;
    this.node[0] = NONE;
    let size = 2048;
    while (size < n / 2) size *= 2; // first children stay out of it
    this.slots = new Int32Array(size * 3);
    this.mask = size - 1;
  }

  /** The child of `f` keyed `key`, made when new. */
  child(f: FrameIndex, key: number): FrameIndex {
    const next = this.last + 1;
    if (next < this.length && this.node[next] === key && this.parent[next] === f) return (this.last = next);
    const first = this.first[f];
    if (first === 0) return (this.first[f] = this.last = this.append(f, key));
    if (this.node[first] === key) return (this.last = first);
    const slots = this.slots;
    const mask = this.mask;
    let slot = hash(f, key) & mask;
    for (;;) {
      const at = slot * 3;
      const s = slots[at];
      if (s === 0) break;
      if (slots[at + 2] === key && slots[at + 1] === f) return (this.last = s - 1);
      slot = (slot + 1) & mask;
    }
    const c = this.append(f, key);
    const at = slot * 3;
    slots[at] = c + 1;
    slots[at + 1] = f;
    slots[at + 2] = key;
    if (++this.indexed * 2 > mask) this.rehash();
    return (this.last = c);
  }

  private append(f: FrameIndex, key: number): FrameIndex {
    const c = this.length++;
    if (c === this.parent.length) {
      this.parent = grow(this.parent);
      this.node = grow(this.node);
      this.first = grow(this.first);
    }
    this.parent[c] = f;
    this.node[c] = key;
    return c;
  }

  /** Twice the slots, every frame re-placed. */
  private rehash(): void {
    const size = (this.mask + 1) * 2;
    const slots = new Int32Array(size * 3);
    const mask = size - 1;
    for (let c = 1; c < this.length; c++) {
      if (this.first[this.parent[c]] === c) continue;
      let slot = hash(this.parent[c], this.node[c]) & mask;
      while (slots[slot * 3] !== 0) slot = (slot + 1) & mask;
      slots[slot * 3] = c + 1;
      slots[slot * 3 + 1] = this.parent[c];
      slots[slot * 3 + 2] = this.node[c];
    }
    this.slots = slots;
    this.mask = mask;
  }
}

function hash(f: number, key: number): number {
  const h = Math.imul(f, 0x9e3779b1) ^ Math.imul(key + 0x7f4a7c15, 0x85ebca6b);
  return h ^ (h >>> 15);
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
