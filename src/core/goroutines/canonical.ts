// The profile's stack tree re-interned into a tree of canonical frames
// (function name + file [+ line]), in one forward pass over parent-first
// nodes; a cluster is a node of that tree. And what each leaf stack node
// says about its goroutines (key node, parking frame, first user frame,
// inferred state), computed once per leaf on first use.

import { StackTableBuilder } from '../model';
import type { Interner } from '../model';
import { NONE, type Profile } from '../model';
import { FrameKind, type FrameTable } from './frames';
import { INFER_WINDOW, inferState } from './states';

type Stacks = Profile['stacks'];

/** Canonical frame ids: at `functions` the function, else (function, line). */
export class CanonicalFrames {
  /** The canonical frame of each frame k of the frame table. */
  readonly id: Int32Array;
  /** Per canonical frame: its canonical function, and its line (0 when lines are ignored). */
  readonly fn: number[] = [];
  readonly line: number[] = [];

  constructor(frames: FrameTable, byLine: boolean) {
    const ids = new Map<number, number>();
    this.id = new Int32Array(frames.fn.length);
    for (let k = 0; k < this.id.length; k++) {
      const fn = frames.fn[k];
      const line = byLine ? frames.line[k] : 0;
      const key = fn * 4294967296 + line;
      let id = ids.get(key);
      if (id === undefined) {
        id = this.fn.length;
        this.fn.push(fn);
        this.line.push(line);
        ids.set(key, id);
      }
      this.id[k] = id;
    }
  }
}

/**
 * The canonical tree. Left out: runtime.goexit, and unsymbolized frames at
 * the root (?debug=1 text leaves goexit as a bare address there; the proto
 * never has it).
 */
export class CanonicalTree {
  readonly tree = new StackTableBuilder();
  /** Per stack node n: the canonical node after all frames of n. */
  readonly full: Int32Array;

  constructor(
    readonly stacks: Stacks,
    readonly frames: FrameTable,
    readonly ids: CanonicalFrames,
  ) {
    this.full = new Int32Array(stacks.length);
    for (let n = 0; n < stacks.length; n++) {
      const parent = stacks.parent[n];
      if (parent >= n) throw new Error('stack table is not parent-first');
      const loc = stacks.location[n];
      this.full[n] = this.internFrames(parent === NONE ? NONE : this.full[parent], frames.start[loc + 1] - 1, frames.start[loc]);
    }
  }

  /** Interns frames `from` down to `to` (caller first) below canonical node d. */
  internFrames(d: number, from: number, to: number): number {
    const { frames, tree } = this;
    const fid = this.ids.id;
    for (let k = from; k >= to; k--) {
      const c = frames.fn[k];
      if (frames.skip[c] || (d === NONE && frames.kind[c] === FrameKind.unknown)) continue;
      d = tree.intern(d, fid[k]);
    }
    return d;
  }

  /** The canonical node of frame k of stack node n: n's callers, then n's frames down to k. */
  nodeAt(n: number, k: number): number {
    const parent = this.stacks.parent[n];
    const loc = this.stacks.location[n];
    return this.internFrames(parent === NONE ? NONE : this.full[parent], this.frames.start[loc + 1] - 1, k);
  }

  /** Every frame but goexit, for stacks with nothing else to key on (all runtime, or all addresses). */
  rawChain(leaf: number): number {
    const { stacks, frames, tree } = this;
    const fid = this.ids.id;
    const path: number[] = [];
    for (let n = leaf; n !== NONE; n = stacks.parent[n]) path.push(n);
    let d = NONE;
    for (let i = path.length - 1; i >= 0; i--) {
      const loc = stacks.location[path[i]];
      for (let k = frames.start[loc + 1] - 1; k >= frames.start[loc]; k--) if (!frames.skip[frames.fn[k]]) d = tree.intern(d, fid[k]);
    }
    return d;
  }
}

/** Not visited yet, in `Leaves.key`. */
const UNVISITED = -2;

/**
 * Per leaf stack node, filled in by visit(): the key node with the leaf's
 * runtime frames left out, the parking frame, the first user frame, the
 * inferred state, the depth in frames.
 */
export class Leaves {
  readonly key: Int32Array;
  /** Frame index k, or -1. */
  readonly park: Int32Array;
  readonly user: Int32Array;
  /** Into the state interner. */
  readonly state: Int32Array;
  readonly depth: Int32Array;
  private readonly window: string[] = [];

  constructor(
    private readonly canon: CanonicalTree,
    private readonly states: Interner<string>,
  ) {
    const n = canon.stacks.length;
    this.key = new Int32Array(n).fill(UNVISITED);
    this.park = new Int32Array(n).fill(-1);
    this.user = new Int32Array(n).fill(-1);
    this.state = new Int32Array(n).fill(-1);
    this.depth = new Int32Array(n);
  }

  /** The key node of `leaf` (NONE for no stack), visiting it first if need be. */
  keyOf(leaf: number): number {
    if (leaf === NONE) return NONE;
    if (this.key[leaf] === UNVISITED) this.visit(leaf);
    return this.key[leaf];
  }

  private visit(leaf: number): void {
    const { stacks, frames } = this.canon;
    const window = this.window;
    window.length = 0;
    let runtimeLeaf = 0;
    let hidden = 0;
    let inLeafRun = true;
    let above = 0;
    let keyNode = UNVISITED;
    let park = -1;
    let user = -1;
    let depth = 0;
    for (let n = leaf; n !== NONE; n = stacks.parent[n]) {
      const loc = stacks.location[n];
      const a = frames.start[loc];
      const b = frames.start[loc + 1];
      depth += b - a;
      for (let k = a; k < b; k++) {
        const c = frames.fn[k];
        const kind = frames.kind[c];
        if (inLeafRun && (kind === FrameKind.runtime || kind === FrameKind.unknown)) {
          runtimeLeaf++;
          if (kind === FrameKind.unknown) hidden++;
          window.push(frames.names[c]);
          continue;
        }
        if (frames.skip[c]) continue;
        if (inLeafRun) {
          inLeafRun = false;
          park = k;
          keyNode = this.canon.nodeAt(n, k);
        }
        if (user < 0 && kind === FrameKind.user) user = k;
        if (above < INFER_WINDOW) {
          window.push(frames.names[c]);
          above++;
        }
      }
      if (!inLeafRun && above >= INFER_WINDOW && user >= 0) {
        // Only the depth is still wanted; count the rest without looking at frames.
        depth += this.depthAbove(n);
        break;
      }
    }
    if (keyNode === UNVISITED) {
      // Nothing but runtime frames (or addresses): keep them all.
      keyNode = this.canon.rawChain(leaf);
      park = frames.start[stacks.location[leaf]];
    }
    this.key[leaf] = keyNode;
    this.park[leaf] = park;
    this.user[leaf] = user;
    this.state[leaf] = this.states.intern(inferState(window, runtimeLeaf, hidden));
    this.depth[leaf] = depth;
  }

  /** Frames in the callers of stack node n. */
  private depthAbove(n: number): number {
    const { stacks, frames } = this.canon;
    let depth = 0;
    for (let m = stacks.parent[n]; m !== NONE; m = stacks.parent[m]) {
      const l = stacks.location[m];
      depth += frames.start[l + 1] - frames.start[l];
    }
    return depth;
  }
}
