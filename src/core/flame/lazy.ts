// The top-down and inverted trees made lazily: a frame's children are made
// when first asked for, from the stack-node occurrences the frame stands
// for (its members: one engine, a stack node, an occurrence index), so the call
// tree's first page and the flame graph's frames wider than a pixel cost the
// frames they show, not the 2 M of a large pair. Frames and values are
// build.ts's, member for member: a member's cum is its stack node's subtree
// (less its own samples when they land on an earlier occurrence), its flat
// what lands on it (stacks.ts). Inverted (invert.ts's tree), the root's
// members are the places where values are flat, a frame's children's their
// callers (the previous occurrence, or the parent stack node's last), each
// carrying its origin's self.
//
// Frames are numbered by ids that keep preorder's promise without knowing
// subtree sizes: a frame's subtree is [id, end), its children's ranges
// inside it in their order. A frame takes as many ids as the occurrences
// below its members (inverted: above them; each frame below stands for at
// least one of them), so a frame made later gets the same id whatever was
// made before.
// materialize() gives what was made as a FlameTree in preorder, for
// select.ts. Measurements: docs/decisions/0021-lazy-flame-tree.md.

import { NONE } from '../model';
import type { TreeSource } from './build';
import { NodeKeys } from './build';
import { nameRanks } from './preorder';
import { absOwn, flatOccurrence, ownAt, readsAlike, stackSide, subAt, type StackSide } from './stacks';
import type { FlameTree, FrameIndex } from './tree';

type Meta = Pick<FlameTree, 'names' | 'keys' | 'total' | 'sampleType' | 'sampleUnit'>;

/** Value columns of a frame: pos, neg, ownPos, ownNeg, base, current, baseFlat, currentFlat. */
const COLUMNS = 8;

export class LazyTree {
  /** Per frame (0: the root), in the order made. */
  readonly parent: number[] = [-1];
  readonly depth: number[] = [0];
  readonly node: number[] = [-1];
  readonly id: number[] = [0];
  readonly end: number[] = [];
  /** COLUMNS numbers per frame. */
  readonly values: number[] = [];
  private readonly memberStart: number[] = [0];
  private readonly memberEnd: number[] = [];
  /** Children (frame numbers), in the tree's order, once made; -1 before. */
  private readonly kidStart: number[] = [-1];
  private readonly kidEnd: number[] = [-1];
  private readonly kidList: number[] = [];
  private readonly mSide: number[] = [];
  private readonly mStack: number[] = [];
  private readonly mOcc: number[] = [];
  private readonly byId = new Map<number, number>([[0, 0]]);
  /** Inverted: the places where values are flat (the root's members), each member's origin among them, and each stack node's occurrences above it. */
  private readonly origins: Members = { side: [], stack: [], occ: [] };
  private readonly mOrigin: number[] = [];
  private readonly occAbove: Int32Array[] = [];
  /** Scratch: group of each node key while children are made. */
  private readonly group: Int32Array;

  /**
   * The top-down tree of a report (`main`: the comparison's input), with
   * each profile alone as base and current when `sides` are given. With
   * `fromComparison`, the base is read off the current and the comparison
   * (ReportEngines.baseFromComparison said it is exact) and `sides.base` is
   * not asked for, as long as the current rides on the comparison.
   */
  static build(main: TreeSource, sides: LazySides | null): LazyTree {
    const keys = new NodeKeys();
    const mainKeys = keys.of(main.input);
    const meta = { names: keys.names, keys: keys.keys, total: main.input.total, sampleType: main.input.sampleType, sampleUnit: main.input.sampleUnit };
    const tree = (stacks: StackSide[]) => new LazyTree(stacks, meta, sides !== null, nameRanks(keys.names), false);
    if (sides?.fromComparison) {
      const current = sides.current;
      if (readsAlike(main, mainKeys, current, keys.of(current.input))) {
        const base = { side: 1, values: current.input.values, less: main.input.values };
        return tree([stackSide(main, mainKeys, 0, [base, { side: 2, values: current.input.values }])]);
      }
    }
    const others = sides ? [sides.base(), sides.current].map((src, i) => ({ side: i + 1, src, keys: keys.of(src.input) })) : [];
    const alike = others.filter((o) => readsAlike(main, mainKeys, o.src, o.keys));
    const attached = alike.map((o) => ({ side: o.side, values: o.src.input.values }));
    return tree([stackSide(main, mainKeys, 0, attached), ...others.filter((o) => !alike.includes(o)).map((o) => stackSide(o.src, o.keys, o.side))]);
  }

  /** The bottom-up tree of the same stacks: roots where values are flat, children their callers. */
  invert(): LazyTree {
    return new LazyTree(this.stacks, this.meta, this.sides, this.rank, true);
  }

  private constructor(
    private readonly stacks: StackSide[],
    readonly meta: Meta,
    readonly sides: boolean,
    private readonly rank: Int32Array,
    readonly inverted: boolean,
  ) {
    this.group = new Int32Array(meta.keys.length).fill(-1);
    const sum = new Sums();
    let bound = 1;
    if (inverted) {
      // The root: every place where values are flat (each climbs from there).
      this.origins = selfPlaces(stacks);
      this.occAbove = stacks.map(occurrencesAbove);
      const { side, stack, occ } = this.origins;
      for (let i = 0; i < side.length; i++) {
        addSelf(sum, stacks[side[i]], stack[i], occ[i], false);
        bound += this.occAbove[side[i]][stack[i]] + occ[i] + 1;
      }
    } else {
      // The root: every stack tree's roots (entered), its values their sums and what lands on it.
      for (const st of stacks) {
        for (const r of st.roots) {
          bound += st.bound[r];
          for (const x of st.values) if (r < x.length) sum.add(x.side, subAt(x, r), 0);
          if (st.absSub) sum.addAbs(st.absSub[r], 0);
        }
        for (const x of st.values) sum.add(x.side, 0, x.rootExtra);
        sum.addAbs(0, st.absRootExtra);
      }
    }
    this.values.push(...sum.columns());
    this.end.push(bound);
    this.memberEnd.push(0);
  }

  get length(): number {
    return this.parent.length;
  }

  /** The frame with id `id`, if made. */
  find(id: number): FrameIndex | undefined {
    return this.byId.get(id);
  }

  value(f: FrameIndex, column: number): number {
    return this.values[f * COLUMNS + column];
  }

  width(f: FrameIndex): number {
    return this.values[f * COLUMNS] + this.values[f * COLUMNS + 1];
  }

  /** Whether a frame has children, without making them: its ids not its own or its members' are its children's. */
  hasChildren(f: FrameIndex): boolean {
    return this.end[f] - this.id[f] - (f === 0 ? 1 : this.memberEnd[f] - this.memberStart[f]) > 0;
  }

  /** The children of a frame in the tree's order (decreasing width, then name), made on first use. */
  children(f: FrameIndex): number[] {
    if (this.kidStart[f] < 0) this.makeChildren(f);
    return this.kidList.slice(this.kidStart[f], this.kidEnd[f]);
  }

  /**
   * The frames made so far as a FlameTree in preorder (a frame whose
   * children are not made is a leaf there), and each one's frame here.
   */
  materialize(): { tree: FlameTree; made: Int32Array } {
    const order: number[] = [];
    const todo = [0];
    while (todo.length > 0) {
      const f = todo.pop()!;
      order.push(f);
      for (let i = this.kidEnd[f] - 1; i >= this.kidStart[f] && i >= 0; i--) todo.push(this.kidList[i]);
    }
    const n = order.length;
    const at = new Map<number, number>();
    const parent = new Int32Array(n);
    const depth = new Int32Array(n);
    const end = new Int32Array(n);
    const node = new Int32Array(n);
    const cols = Array.from({ length: COLUMNS }, () => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      const f = order[i];
      at.set(f, i);
      parent[i] = f === 0 ? -1 : at.get(this.parent[f])!;
      depth[i] = this.depth[f];
      node[i] = this.node[f];
      for (let c = 0; c < COLUMNS; c++) cols[c][i] = this.values[f * COLUMNS + c];
    }
    for (let i = n - 1; i >= 0; i--) {
      if (end[i] === 0) end[i] = i + 1;
      if (i > 0 && end[i] > end[parent[i]]) end[parent[i]] = end[i];
    }
    const [pos, neg, ownPos, ownNeg, base, current, baseFlat, currentFlat] = cols;
    const sides = this.sides;
    const tree: FlameTree = {
      length: n,
      parent,
      depth,
      end,
      node,
      pos,
      neg,
      ownPos,
      ownNeg,
      base: sides ? base : null,
      current: sides ? current : null,
      baseFlat: sides ? baseFlat : null,
      currentFlat: sides ? currentFlat : null,
      ...this.meta,
      inverted: this.inverted,
    };
    return { tree, made: Int32Array.from(order) };
  }

  /** The members of the frame's children, before grouping: each member's next occurrence (inverted: its caller's), or its stack children's first. */
  private childMembers(f: FrameIndex): Members {
    const out: Members = { side: [], stack: [], occ: [], origin: [] };
    const push = (k: number, s: number, j: number, origin: number) => {
      out.side.push(k);
      out.stack.push(s);
      out.occ.push(j);
      out.origin!.push(origin);
    };
    if (this.inverted) {
      if (f === 0) {
        const o = this.origins;
        for (let i = 0; i < o.side.length; i++) push(o.side[i], o.stack[i], o.occ[i], i);
        return out;
      }
      for (let m = this.memberStart[f]; m < this.memberEnd[f]; m++) {
        const st = this.stacks[this.mSide[m]];
        let s = this.mStack[m];
        let j = this.mOcc[m] - 1;
        if (j < 0) {
          do s = st.parent[s];
          while (s !== NONE && st.occStart[s + 1] === st.occStart[s]);
          if (s === NONE) continue;
          j = st.occStart[s + 1] - st.occStart[s] - 1;
        }
        push(this.mSide[m], s, j, this.mOrigin[m]);
      }
      return out;
    }
    const enter = (k: number, st: StackSide, s: number) => {
      const todo = [s];
      while (todo.length > 0) {
        const x = todo.pop()!;
        if (st.occStart[x + 1] > st.occStart[x]) push(k, x, 0, -1);
        else {
          // Pushed last to first, so they are entered in stack order.
          const from = todo.length;
          for (let c = st.firstKid[x]; c !== NONE; c = st.nextKid[c]) todo.push(c);
          for (let i = from, j = todo.length - 1; i < j; i++, j--) [todo[i], todo[j]] = [todo[j], todo[i]];
        }
      }
    };
    if (f === 0) {
      this.stacks.forEach((st, k) => st.roots.forEach((r) => enter(k, st, r)));
      return out;
    }
    for (let m = this.memberStart[f]; m < this.memberEnd[f]; m++) {
      const k = this.mSide[m];
      const s = this.mStack[m];
      const j = this.mOcc[m];
      const st = this.stacks[k];
      if (st.occStart[s] + j + 1 < st.occStart[s + 1]) push(k, s, j + 1, -1);
      else for (let c = st.firstKid[s]; c !== NONE; c = st.nextKid[c]) enter(k, st, c);
    }
    return out;
  }

  private makeChildren(f: FrameIndex): void {
    const m = this.childMembers(f);
    const keyOfMember = m.side.map((k, i) => {
      const st = this.stacks[k];
      return st.keyOf[st.occNode[st.occStart[m.stack[i]] + m.occ[i]]];
    });
    // Group the members by node key, in order of first appearance (the trie's creation order).
    const kids: number[] = [];
    const lists: number[][] = [];
    keyOfMember.forEach((key, i) => {
      let g = this.group[key];
      if (g < 0) {
        g = this.group[key] = lists.length;
        lists.push([]);
        kids.push(key);
      }
      lists[g].push(i);
    });
    for (const key of kids) this.group[key] = -1;
    const made = lists.map((list, g) => this.makeFrame(f, kids[g], list, m));
    made.sort((a, b) => {
      const wa = this.width(a);
      const wb = this.width(b);
      if (wa !== wb) return wb - wa;
      const ra = this.rank[this.node[a]];
      const rb = this.rank[this.node[b]];
      return ra !== rb ? ra - rb : a - b;
    });
    let id = this.id[f] + 1;
    for (const c of made) {
      const size = this.end[c];
      this.id[c] = id;
      this.end[c] = id + size;
      this.byId.set(id, c);
      id += size;
    }
    this.kidStart[f] = this.kidList.length;
    this.kidList.push(...made);
    this.kidEnd[f] = this.kidList.length;
  }

  /** A child frame of `f` keyed `key` from the members `list` (indexes into `m`); its end holds its size until placed. */
  private makeFrame(f: FrameIndex, key: number, list: number[], m: Members): FrameIndex {
    const c = this.parent.length;
    this.parent.push(f);
    this.depth.push(this.depth[f] + 1);
    this.node.push(key);
    this.id.push(-1);
    this.kidStart.push(-1);
    this.kidEnd.push(-1);
    this.memberStart.push(this.mSide.length);
    const sum = new Sums();
    let size = 0;
    const root = this.depth[f] === 0;
    for (const i of list) {
      const k = m.side[i];
      const s = m.stack[i];
      const j = m.occ[i];
      const origin = m.origin![i];
      this.mSide.push(k);
      this.mStack.push(s);
      this.mOcc.push(j);
      this.mOrigin.push(origin);
      const st = this.stacks[k];
      if (this.inverted) {
        // A caller's cum is the part of the origin's self that went through it; only the roots have a flat.
        const o = this.origins;
        addSelf(sum, this.stacks[o.side[origin]], o.stack[origin], o.occ[origin], root);
        size += this.occAbove[k][s] + j + 1;
      } else {
        addMember(sum, st, s, j);
        size += st.bound[s] - j;
      }
    }
    const v = sum.columns();
    this.memberEnd.push(this.mSide.length);
    this.end.push(size);
    this.values.push(...v);
    return c;
  }
}

/** The base and current profiles alone beside the comparison (LazyTree.build). */
export interface LazySides {
  current: TreeSource;
  /** Asked for only when the base side is walked on its own stack tree. */
  base: () => TreeSource;
  /** The base may be read off as the current less the comparison (ReportEngines.baseFromComparison). */
  fromComparison: boolean;
}

/** Stack-node occurrences (engine k of the tree's, stack node, occurrence index) and, inverted, the origin each climbs from. */
interface Members {
  side: number[];
  stack: number[];
  occ: number[];
  origin?: number[];
}

/** A top-down member's values: its stack node's subtree, less its own samples when they land on an earlier occurrence; its flat, what lands on it. */
function addMember(sum: Sums, st: StackSide, s: number, j: number): void {
  const o = flatOccurrence(st.occStart, st.occFlags, st.inner, s);
  const last = j === st.occStart[s + 1] - st.occStart[s] - 1;
  for (const x of st.values) {
    if (s >= x.length) continue;
    const own = ownAt(x, s);
    sum.add(x.side, subAt(x, s) - (j > o ? own : 0), (j === o ? own : 0) + (last ? (x.extra.get(s) ?? 0) : 0));
  }
  if (st.absSub) {
    const own = j >= o ? absOwn(st, s) : 0;
    sum.addAbs(st.absSub[s] - (j > o ? own : 0), (j === o ? own : 0) + (last ? (st.absExtra.get(s) ?? 0) : 0));
  }
}

/** What lands on occurrence j of stack node s (its flat as a top-down member), added as a cum, and as a flat too when `flat`. */
function addSelf(sum: Sums, st: StackSide, s: number, j: number, flat: boolean): boolean {
  const o = flatOccurrence(st.occStart, st.occFlags, st.inner, s);
  const last = j === st.occStart[s + 1] - st.occStart[s] - 1;
  let any = false;
  for (const x of st.values) {
    if (s >= x.length) continue;
    const v = (j === o ? ownAt(x, s) : 0) + (last ? (x.extra.get(s) ?? 0) : 0);
    sum.add(x.side, v, flat ? v : 0);
    any ||= v !== 0;
  }
  if (st.absSub) {
    const v = (j === o ? absOwn(st, s) : 0) + (last ? (st.absExtra.get(s) ?? 0) : 0);
    sum.addAbs(v, flat ? v : 0);
    any ||= v !== 0;
  }
  return any;
}

/** Every occurrence where values are flat (the inverted tree's origins), in stack order. */
function selfPlaces(stacks: StackSide[]): Members {
  const out: Members = { side: [], stack: [], occ: [] };
  const scratch = new Sums();
  stacks.forEach((st, k) => {
    const n = st.parent.length;
    for (let s = 0; s < n; s++) {
      const len = st.occStart[s + 1] - st.occStart[s];
      if (len === 0 || st.bound[s] === 0) continue;
      const o = flatOccurrence(st.occStart, st.occFlags, st.inner, s);
      for (const j of o === len - 1 || o < 0 ? [len - 1] : [o, len - 1]) {
        if (!addSelf(scratch, st, s, j, false)) continue;
        out.side.push(k);
        out.stack.push(s);
        out.occ.push(j);
      }
    }
  });
  return out;
}

/** Occurrences on each stack node's path above it. */
function occurrencesAbove(st: StackSide): Int32Array {
  const n = st.parent.length;
  const above = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    const q = st.parent[s];
    if (q !== NONE) above[s] = above[q] + st.occStart[q + 1] - st.occStart[q];
  }
  return above;
}

/** A frame's values summed over its members: signed and |value| of the comparison (k 0), signed of each side (k 1, 2). */
/** Where side k's signed cum and flat go in Sums (the comparison's |value| at 1 and 3). */
const CUM_AT = [0, 4, 6];
const FLAT_AT = [2, 5, 7];

class Sums {
  private readonly s = [0, 0, 0, 0, 0, 0, 0, 0];

  /** Signed values of side k (0 the comparison, 1 base, 2 current). */
  add(k: number, cum: number, flat: number): void {
    this.s[CUM_AT[k]] += cum;
    this.s[FLAT_AT[k]] += flat;
  }

  /** The comparison's |value|. */
  addAbs(cum: number, flat: number): void {
    this.s[1] += cum;
    this.s[3] += flat;
  }

  /** The COLUMNS of a frame: pos, neg, ownPos, ownNeg ((|v| ± v) / 2), base, current, baseFlat, currentFlat. */
  columns(): number[] {
    const [cum, absCum, flat, absFlat, base, baseFlat, current, currentFlat] = this.s;
    return [(absCum + cum) / 2, (absCum - cum) / 2, (absFlat + flat) / 2, (absFlat - flat) / 2, base, current, baseFlat, currentFlat];
  }
}
