// Many paths interned into the stack tree at once, numbered node for node as
// interning them one by one in order would (StackTableBuilder.internPath):
// the decision record 0027 says why and what it saves.
//
// Interned one by one, a profile of a million distinct stacks looks up each
// sample's branching point in a tree of millions of nodes: a few dependent
// reads per sample of lines no cache holds. Here the paths' first SHALLOW
// levels are interned first into a tree small enough to stay in cache, then
// the paths are grouped by the node they reach there (a counting sort) and
// each group's deeper levels are interned in a small tree of their own, also
// in cache; the nodes are written last, in the order one-by-one interning
// would have made them. That order follows from the paths alone: each path
// adds its new nodes as one chain, so a node's index is where its path's
// chain starts plus its depth below the chain's first node.

import { GrowableInt32 } from './growable';
import { NONE } from './profile';
import { stackHash, StackTableBuilder } from './builder';

/** Levels interned in the first tree: small enough for the cache, deep enough for the groups to be small. */
const SHALLOW = 4;

/** Paths of location indices, leaf first, one after the other. */
export class PathPool {
  /** Every path's locations; path i is locations[start[i], start[i + 1]) (the last ends at locations.length). */
  readonly locations = new GrowableInt32(1 << 16);
  readonly start = new GrowableInt32(1024);

  get length(): number {
    return this.start.length;
  }

  /** Adds the path leafFirst[from, from + count); returns its id. */
  add(leafFirst: ArrayLike<number>, from: number, count: number): number {
    const locations = this.locations;
    const at = locations.length;
    if (at + count > locations.data.length) locations.grow(at + count);
    const into = locations.data;
    for (let k = 0; k < count; k++) into[at + k] = leafFirst[from + k];
    return this.commit(at + count);
  }

  /** The path the caller wrote from locations.length to `end` becomes one: returns its id. */
  commit(end: number): number {
    this.start.push(this.locations.length);
    this.locations.length = end;
    return this.start.length - 1;
  }

  /** Start of every path, and the end of the last. */
  bounds(): Int32Array {
    const n = this.start.length;
    const bounds = new Int32Array(n + 1);
    bounds.set(this.start.data.subarray(0, n));
    bounds[n] = this.locations.length;
    return bounds;
  }
}

/**
 * Per path, what the nodes are written from: the depth of its first new node
 * (its length when it adds none), and which path made the node above that
 * one (-1: the path's first new node is a root).
 */
interface Chains {
  firstNew: Int32Array;
  above: Int32Array;
}

/** Interns every path of the pool, in order; returns each path's leaf node (NONE for an empty path). */
export function internPaths(stacks: StackTableBuilder, pool: PathPool): Int32Array {
  const n = pool.length;
  const bounds = pool.bounds();
  const locs = pool.locations.data;
  const leaves = new Int32Array(n);
  if (stacks.length > 0) {
    // Numbering by chains assumes an empty tree; one by one keeps what is there.
    for (let i = 0; i < n; i++) leaves[i] = stacks.internPath(locs, bounds[i], bounds[i + 1] - bounds[i]);
    return leaves;
  }
  const chains: Chains = { firstNew: new Int32Array(n), above: new Int32Array(n) };
  const shallow = internShallow(stacks, locs, bounds, chains);
  const regions = internDeep(locs, bounds, shallow);
  writeChains(stacks, locs, bounds, shallow, regions, chains, leaves);
  return leaves;
}

/** What internShallow leaves for internDeep. */
interface Shallow {
  /** Per path longer than SHALLOW, its node at depth SHALLOW - 1 (its group); else -1. */
  group: Int32Array;
  groups: number;
  /** Per node of the shallow tree, the path that made it. */
  owner: Int32Array;
}

/**
 * The paths' first SHALLOW levels, in order, in a tree of their own. Settles
 * the chains of the paths that make a node there (the rest of such a path is
 * new too) and of those no longer than SHALLOW; firstNew -1 for the others.
 */
function internShallow(stacks: StackTableBuilder, locs: Int32Array, bounds: Int32Array, chains: Chains): Shallow {
  const n = bounds.length - 1;
  const tree = new StackTableBuilder();
  const owner = new GrowableInt32(4096);
  const group = new Int32Array(n);
  const { firstNew, above } = chains;
  for (let i = 0; i < n; i++) {
    const end = bounds[i + 1];
    const len = end - bounds[i];
    const m = len < SHALLOW ? len : SHALLOW;
    const before = tree.length;
    const node = tree.internPath(locs, end - m, m);
    const made = tree.length - before;
    for (let s = before; s < tree.length; s++) owner.push(i);
    group[i] = len > SHALLOW ? node : -1;
    if (made > 0) {
      firstNew[i] = m - made;
      const parent = tree.parent.data[before];
      above[i] = parent === NONE ? -1 : owner.data[parent];
    } else if (len <= SHALLOW) {
      firstNew[i] = len;
      above[i] = len === 0 ? -1 : owner.data[node];
    } else {
      firstNew[i] = -1;
    }
  }
  return { group, groups: tree.length, owner: owner.data };
}

/** A region's records, in 32-bit words: about what the second-level cache holds. */
const REGION_WORDS = 1 << 16;
/**
 * A record: path, group, count, then the path's locations below SHALLOW
 * (leaf first). Once interned, path and group are overwritten by the depth
 * of the path's first new node and the path that made the node above it.
 */
const HEADER = 3;

/**
 * The levels below SHALLOW. Every node below a shallow node is on paths of
 * its group only (those through that node), so interning each group's paths
 * in order, apart from the others, finds the same nodes first. Reading them
 * group by group from the pool would be a cold read per path; instead one
 * pass in order copies each path's deeper locations into its region (groups
 * next to each other, about REGION_WORDS of them in all: one stream of
 * writes per region), and each region is then interned in order in a tree
 * that stays in cache.
 */
function internDeep(locs: Int32Array, bounds: Int32Array, shallow: Shallow): Regions {
  const n = bounds.length - 1;
  const { group, groups, owner } = shallow;
  const words = new Int32Array(groups);
  for (let i = 0; i < n; i++) if (group[i] >= 0) words[group[i]] += bounds[i + 1] - bounds[i] - SHALLOW + HEADER;
  // Regions: runs of groups of about REGION_WORDS words (a larger group alone).
  const regionOf = new Int32Array(groups);
  const regionStart = new GrowableInt32(256);
  regionStart.push(0);
  let total = 0;
  for (let g = 0; g < groups; g++) {
    if (total + words[g] - regionStart.data[regionStart.length - 1] > REGION_WORDS && total > regionStart.data[regionStart.length - 1]) regionStart.push(total);
    regionOf[g] = regionStart.length - 1;
    total += words[g];
  }
  const regions = regionStart.length;
  regionStart.push(total);
  const records = new Int32Array(total);
  const cursor = regionStart.data.slice(0, regions);
  const paths = new Int32Array(regions);
  for (let i = 0; i < n; i++) {
    const g = group[i];
    if (g < 0) continue;
    const r = regionOf[g];
    let at = cursor[r];
    const from = bounds[i];
    const count = bounds[i + 1] - SHALLOW - from;
    records[at] = i;
    records[at + 1] = g;
    records[at + 2] = count;
    at += HEADER;
    for (let k = 0; k < count; k++) records[at + k] = locs[from + k];
    cursor[r] = at + count;
    paths[r]++;
  }
  const tree = new RegionTree();
  let nodes = 0;
  for (let r = 0; r < regions; r++) {
    tree.reset(paths[r]);
    for (let at = regionStart.data[r]; at < cursor[r]; at += HEADER + records[at + 2]) tree.intern(records, at, owner);
    nodes += tree.length;
  }
  return { records, start: regionStart.data, regionOf, nodes };
}

/** The records of internDeep, interned. */
interface Regions {
  records: Int32Array;
  /** Where each region's records start. */
  start: Int32Array;
  regionOf: Int32Array;
  /** Nodes made below SHALLOW. */
  nodes: number;
}

/**
 * The trees below the shallow nodes of one region, nodes numbered from 0,
 * the shallow node g as -2 - g: a node made right after its parent is found
 * by that, the others through a small open-addressing table, as
 * StackTableBuilder does.
 */
class RegionTree {
  private parent = new Int32Array(1024);
  private location = new Int32Array(1024);
  /** The path that made each node. */
  private owner = new Int32Array(1024);
  length = 0;
  /** Node + 1 per slot (0: empty); each path adds at most one node here. */
  private table = new Int32Array(1024);
  private mask = 0;

  /** Empties the tree for a region of `paths` paths. */
  reset(paths: number): void {
    let size = 16;
    while (size < paths * 2) size *= 2;
    if (size > this.table.length) this.table = new Int32Array(size);
    else this.table.fill(0, 0, size);
    this.mask = size - 1;
    this.length = 0;
  }

  /** Interns the record at `at` and writes its chain over its header (shallowOwner: who made each shallow node). */
  intern(records: Int32Array, at: number, shallowOwner: Int32Array): void {
    const i = records[at];
    const g = records[at + 1];
    const from = at + HEADER;
    const end = from + records[at + 2];
    const p = this.parent;
    const l = this.location;
    const table = this.table;
    const mask = this.mask;
    const length = this.length;
    let node = -2 - g;
    let q = end - 1;
    let slot = 0;
    for (; q >= from; q--) {
      const location = records[q];
      const next = node + 1;
      if (next > 0 && next < length && l[next] === location && p[next] === node) {
        node = next;
        continue;
      }
      slot = stackHash(node, location) & mask;
      let child = -1;
      for (;;) {
        const e = table[slot];
        if (e === 0) break;
        if (l[e - 1] === location && p[e - 1] === node) {
          child = e - 1;
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (child < 0) break;
      node = child;
    }
    records[at] = SHALLOW + end - 1 - q;
    records[at + 1] = node < 0 ? shallowOwner[g] : this.owner[node];
    if (q >= from) this.append(i, node, records, from, q, slot);
  }

  /** Adds records[from..q] (leaf first) under `parent`, the first new; its table slot (if not a chain) empty at `slot`. */
  private append(i: number, parent: number, records: Int32Array, from: number, q: number, slot: number): void {
    let at = this.length;
    const end = at + q - from + 1;
    if (end > this.parent.length) this.grow(end);
    const p = this.parent;
    const l = this.location;
    const o = this.owner;
    if (parent !== at - 1) this.table[slot] = at + 1;
    p[at] = parent;
    l[at] = records[q];
    o[at] = i;
    for (at++, q--; q >= from; q--, at++) {
      p[at] = at - 1;
      l[at] = records[q];
      o[at] = i;
    }
    this.length = at;
  }

  private grow(min: number): void {
    let size = this.parent.length * 2;
    while (size < min) size *= 2;
    const grown = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a.subarray(0, this.length));
      return b;
    };
    this.parent = grown(this.parent);
    this.location = grown(this.location);
    this.owner = grown(this.owner);
  }
}

/**
 * Writes every path's new nodes as one-by-one interning would have: path
 * after path, each one's chain root first, the first node's parent found
 * from the path that made it (an earlier one, already written). The chains
 * settled below SHALLOW are read back from internDeep's records: each
 * region's are in path order, so that is one read stream per region.
 */
function writeChains(
  stacks: StackTableBuilder,
  locs: Int32Array,
  bounds: Int32Array,
  { group, groups }: Shallow,
  { records, start, regionOf, nodes }: Regions,
  { firstNew, above }: Chains,
  leaves: Int32Array,
): void {
  const n = bounds.length - 1;
  const total = groups + nodes;
  stacks.parent.reserve(total);
  stacks.location.reserve(total);
  const p = stacks.parent.data;
  const l = stacks.location.data;
  const cursor = start.slice();
  // Per path, the index its chain's node at depth 0 would have: a node of
  // the chain is at that plus its depth.
  const depth0 = new Int32Array(n);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const from = bounds[i];
    const end = bounds[i + 1];
    let f = firstNew[i];
    let j = above[i];
    const g = group[i];
    if (g >= 0) {
      const r = regionOf[g];
      const c = cursor[r];
      if (f < 0) {
        f = records[c];
        j = records[c + 1];
      }
      cursor[r] = c + HEADER + records[c + 2];
    }
    const parent = j < 0 ? NONE : depth0[j] + f - 1;
    depth0[i] = at - f;
    if (f === end - from) {
      leaves[i] = parent;
      continue;
    }
    p[at] = parent;
    l[at] = locs[end - 1 - f];
    at++;
    for (let q = end - 2 - f; q >= from; q--, at++) {
      p[at] = at - 1;
      l[at] = locs[q];
    }
    leaves[i] = at - 1;
  }
  stacks.parent.length = stacks.location.length = at;
  stacks.releaseIndex(); // written around the table: rebuilt if anyone interns more
}
