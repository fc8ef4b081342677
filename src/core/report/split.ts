// A comparison's report read from its two sides, without the merge
// (docs/decisions/0032-compared-table-from-its-sides.md).
//
// pprof's -base report is the report of one merged profile: the current
// profile's samples and the base's scaled by −1, equal samples (the same
// merged locations in the same order, equal labels) added up. Every flat and
// cum is a sum over samples, so per report node it is the current's less the
// base's, each read from its own profile; what the sums do not give is read
// from the samples matched across the two:
//
//   total   Σ |merged sample|: each side's samples are hashed by their path
//           of locations (by their merge key's content) and their labels,
//           and a match is checked location by location through the merge's
//           location map, and label by label;
//   blame   a sample counts from the node it is charged to (the deepest
//           user frame) up, as ReportEngine charges it; the match is by the
//           whole path, as the merge's;
//   edges   the "(inline)" marks need the edges into a few nodes with pprof's
//           once-per-sample rule and inline flag, over the merged samples
//           that do not cancel: the matched samples walked again.
//
// Each side is read on its own (side-read.ts), sample by sample, walking its path (leaf → root) once:
// on a profile of a million distinct stacks, paths 6–24 deep, that is about
// as many steps as stack nodes, each a few reads of small tables, where the
// merge interns every node and the plan walks the tree in preorder.

import { NONE, parentIndex, parentOf, type ParentIndex, type Profile } from '../model';
import { mergeLocations } from '../diff';
import type { LocationNodes } from './engine';
import type { NodeInfo, NodeTable } from './nodes';
import { EdgeSums } from './edge-sums';
import { charged, chargedEntry, type SideRead } from './side-read';

/** One profile's values on the comparison's nodes, and its report total. */
export interface SideColumn {
  flat: Float64Array;
  cum: Float64Array;
  total: number;
}

export interface SplitReport {
  /** The merged profile's header (mappings, comments, times), without samples: what the report's header reads. */
  header: Profile;
  /** The report nodes of both sides (one per pprof node key). */
  nodes: NodeTable;
  /** Nodes some location's inner entry stands for: the only ones an inline edge can reach. */
  inlineCapable: Uint8Array;
  /** current − base, per node. */
  flat: Float64Array;
  cum: Float64Array;
  /** pprof's report total of the merged profile (Σ |value|; with -diff_base, of the base's samples). */
  total: number;
  current: SideColumn;
  base: SideColumn;
  /**
   * Weight and inline flag of every edge into a `candidate` node of the
   * graph pprof builds of the merged profile with only the `kept` nodes
   * (null: all), as TopEngine's edges report them.
   */
  edgesInto(kept: Uint8Array | null, candidate: Uint8Array, report: (dst: number, weight: number, inline: boolean) => void): void;
}

export interface SplitSide {
  profile: Profile;
  /** How the side's report reads its locations (ReportEngine.locationNodes, the same options and granularity on both). */
  reading: LocationNodes;
  /** The profile read with it at the report's sample type (readSide). */
  read: SideRead;
}

/**
 * The report of `current` less `base` (mode 'diff': -base; 'diff_base':
 * the base's samples labelled apart) at sample type `t`, from the two
 * sides; null when the merge would read a location otherwise than its side
 * does (a mapping moved or renamed: its addresses shift), so the caller
 * merges instead.
 */
export function splitReport(current: SplitSide, base: SplitSide, mode: 'diff' | 'diff_base'): SplitReport | null {
  const merged = mergeLocations([{ profile: current.profile }, { profile: base.profile, scale: -1 }]);
  if (!merged.asIs.every(Boolean)) return null;
  const union = new UnionNodes();
  const sides = [current, base].map((s, k) => new Side(s, merged.locations[k], union));
  const nodes = union.table();
  const U = nodes.length;
  const [c, b] = sides.map((s) => s.column(U));
  const flat = new Float64Array(U);
  const cum = new Float64Array(U);
  for (let n = 0; n < U; n++) {
    flat[n] = c.flat[n] - b.flat[n];
    cum[n] = c.cum[n] - b.cum[n];
  }
  const groups = matchSamples(sides, mode === 'diff_base');
  let all = 0;
  let ofBase = 0;
  for (let g = 0; g < groups.length; g++) {
    const x = Math.abs(groups.value[g]);
    all += x;
    if (groups.side[g] === 1) ofBase += x;
  }
  const total = mode === 'diff_base' && ofBase > 0 ? ofBase : all;
  return {
    header: merged.header,
    nodes,
    inlineCapable: union.inlineCapable(sides),
    flat,
    cum,
    total,
    current: c,
    base: b,
    edgesInto: (kept, candidate, report) => edgesInto(sides, groups, U, kept, candidate, report),
  };
}

/** The nodes of both sides by pprof's node key (fmt.Sprint of the node info). */
class UnionNodes {
  private readonly index = new Map<string, number>();
  private readonly name: string[] = [];
  private readonly sprint: string[] = [];
  private readonly info: NodeInfo[] = [];

  /** The union node of each of a side's nodes. */
  add(t: NodeTable): Int32Array {
    const out = new Int32Array(t.length);
    for (let n = 0; n < t.length; n++) {
      const key = t.sprint[n];
      let u = this.index.get(key);
      if (u === undefined) {
        u = this.name.length;
        this.index.set(key, u);
        this.name.push(t.name[n]);
        this.sprint.push(key);
        this.info.push(t.info[n]);
      }
      out[n] = u;
    }
    return out;
  }

  table(): NodeTable {
    return { length: this.name.length, name: this.name, sprint: this.sprint, info: this.info };
  }

  inlineCapable(sides: Side[]): Uint8Array {
    const out = new Uint8Array(this.name.length);
    for (const s of sides) {
      const capable = s.reading.inlineCapable;
      for (let n = 0; n < capable.length; n++) if (capable[n]) out[s.unionOf[n]] = 1;
    }
    return out;
  }
}

/** One side: its read (side-read.ts) and its report nodes as the union's. */
class Side {
  readonly profile: Profile;
  readonly reading: LocationNodes;
  readonly read: SideRead;
  /** The stack tree's parents, as the side read walks them (not the column: decision 0036). */
  readonly parents: ParentIndex;
  /** Union node of each of the side's own nodes, and of each entry. */
  readonly unionOf: Int32Array;
  readonly entryUnion: Int32Array;

  constructor(
    side: SplitSide,
    readonly locMap: Int32Array,
    union: UnionNodes,
  ) {
    this.profile = side.profile;
    this.reading = side.reading;
    this.read = side.read;
    this.parents = parentIndex(side.profile.stacks);
    this.unionOf = union.add(side.reading.nodes);
    const { entryNode } = side.reading;
    this.entryUnion = new Int32Array(entryNode.length);
    for (let e = 0; e < entryNode.length; e++) this.entryUnion[e] = this.unionOf[entryNode[e]];
  }

  get live(): Int32Array {
    return this.read.live;
  }
  get value(): Float64Array {
    return this.read.value;
  }
  get hashA(): Int32Array {
    return this.read.hashA;
  }
  get hashB(): Int32Array {
    return this.read.hashB;
  }

  /** The side's flat and cum on the union's U nodes. */
  column(U: number): SideColumn {
    const flat = new Float64Array(U);
    const cum = new Float64Array(U);
    const { unionOf, read } = this;
    for (let n = 0; n < unionOf.length; n++) {
      flat[unionOf[n]] = read.flat[n];
      cum[unionOf[n]] = read.cum[n];
    }
    return { flat, cum, total: read.total };
  }
}

/** The merged samples: per group, its first sample (side and index into the side's live samples) and its value. */
interface Groups {
  length: number;
  side: Uint8Array;
  first: Int32Array;
  value: Float64Array;
}

/**
 * Groups the sides' live samples as the merge does: the current's, then
 * the base's scaled by −1. Where each side's samples are keys of their own
 * (distinctKeys), only the base's are hashed and each current sample looks
 * its match up among them; with `apart` (-diff_base) nothing matches.
 */
function matchSamples(sides: Side[], apart: boolean): Groups {
  const [c, b] = sides;
  if (!distinctKeys(c) || !distinctKeys(b)) return matchAll(sides, apart);
  const nB = b.live.length;
  const nC = c.live.length;
  const side = new Uint8Array(nB + nC).fill(1, 0, nB);
  const first = new Int32Array(nB + nC);
  const value = new Float64Array(nB + nC);
  for (let j = 0; j < nB; j++) {
    first[j] = j;
    value[j] = -b.value[j];
  }
  let groups = nB;
  let size = 1024;
  while (size < nB * 2) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(apart ? 0 : size); // base sample + 1
  if (!apart) {
    for (let j = 0; j < nB; j++) {
      let slot = (Math.imul(b.hashA[j], 0x2545f491) >>> 3) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = j + 1;
    }
  }
  for (let i = 0; i < nC; i++) {
    let found = -1;
    if (!apart) {
      const a = c.hashA[i];
      const h = c.hashB[i];
      for (let slot = (Math.imul(a, 0x2545f491) >>> 3) & mask; slots[slot] !== 0; slot = (slot + 1) & mask) {
        const j = slots[slot] - 1;
        if (b.hashA[j] === a && b.hashB[j] === h && sameKey(c, i, b, j)) {
          found = j;
          break;
        }
      }
    }
    if (found >= 0) {
      value[found] += c.value[i];
    } else {
      side[groups] = 0;
      first[groups] = i;
      value[groups] = c.value[i];
      groups++;
    }
  }
  return { length: groups, side, first, value };
}

/**
 * Whether no two of a side's live samples are one in the merge: no two of
 * its locations merge into one (so its stack nodes, each a (parent,
 * location) of its own, are distinct paths), and samples on one stack node
 * have different labels. The decoders merge equal samples already, but a
 * goroutine dump keeps one sample per goroutine.
 */
function distinctKeys(s: Side): boolean {
  let most = 0;
  for (let l = 0; l < s.locMap.length; l++) most = Math.max(most, s.locMap[l]);
  const seenLoc = new Uint8Array(most + 1);
  for (let l = 0; l < s.locMap.length; l++) {
    const m = s.locMap[l];
    if (m === NONE || seenLoc[m]) return false;
    seenLoc[m] = 1;
  }
  // Samples on one stack node must differ by their labels (a heap profile's `bytes`).
  const p = s.profile;
  const { stack } = p.samples;
  const live = s.live;
  const words = (p.stacks.length + 32) >>> 5;
  const once = new Int32Array(words);
  const twice = new Int32Array(words);
  for (let k = 0; k < live.length; k++) {
    const x = stack[live[k]] + 1;
    const bit = 1 << (x & 31);
    if (once[x >>> 5] & bit) twice[x >>> 5] |= bit;
    else once[x >>> 5] |= bit;
  }
  const shared: number[] = [];
  for (let k = 0; k < live.length; k++) {
    const x = stack[live[k]] + 1;
    if (twice[x >>> 5] & (1 << (x & 31))) shared.push(live[k]);
  }
  shared.sort((a, b) => stack[a] - stack[b] || a - b);
  for (let from = 0; from < shared.length; ) {
    let to = from + 1;
    while (to < shared.length && stack[shared[to]] === stack[shared[from]]) to++;
    for (let a = from; a < to; a++) for (let b = a + 1; b < to; b++) if (sameLabels(p, shared[a], p, shared[b])) return false;
    from = to;
  }
  return true;
}

/** matchSamples for any sides: every live sample looked up among the groups so far, the current's first. */
function matchAll(sides: Side[], apart: boolean): Groups {
  const n = sides.reduce((a, s) => a + s.live.length, 0);
  let size = 1024;
  while (size < n * 2) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size); // group + 1
  const side = new Uint8Array(n);
  const first = new Int32Array(n);
  const value = new Float64Array(n);
  const ga = new Int32Array(n);
  const gb = new Int32Array(n);
  let groups = 0;
  sides.forEach((s, k) => {
    const sign = k === 0 ? 1 : -1;
    const { hashA, hashB } = s;
    for (let j = 0; j < s.live.length; j++) {
      const a = hashA[j];
      const b = apart && k === 1 ? hashB[j] ^ 0x5bd1e995 : hashB[j];
      let slot = Math.imul(a, 0x2545f491) >>> 3 & mask;
      let found = -1;
      for (;;) {
        const e = slots[slot];
        if (e === 0) break;
        const g = e - 1;
        if (ga[g] === a && gb[g] === b && (!apart || side[g] === k) && sameKey(sides[side[g]], first[g], s, j)) {
          found = g;
          break;
        }
        slot = (slot + 1) & mask;
      }
      const v = sign * s.value[j];
      if (found >= 0) {
        value[found] += v;
        continue;
      }
      slots[slot] = groups + 1;
      side[groups] = k;
      first[groups] = j;
      value[groups] = v;
      ga[groups] = a;
      gb[groups] = b;
      groups++;
    }
  });
  return { length: groups, side, first, value };
}

/**
 * Whether live sample i of x and live sample j of y are one sample in the
 * merge: the same merged locations (on the paths their reads wrote, else
 * through the trees), equal labels.
 */
function sameKey(x: Side, i: number, y: Side, j: number): boolean {
  const samePath = x.read.path !== null && y.read.path !== null ? samePathWritten(x, i, y, j) : samePathInTrees(x, i, y, j);
  return samePath && sameLabels(x.profile, x.live[i], y.profile, y.live[j]);
}

function samePathWritten(x: Side, i: number, y: Side, j: number): boolean {
  const xp = x.read.path!;
  const yp = y.read.path!;
  let a = x.read.pathStart[i];
  let b = y.read.pathStart[j];
  const end = x.read.pathStart[i + 1];
  if (end - a !== y.read.pathStart[j + 1] - b) return false;
  for (; a < end; a++, b++) if (x.locMap[xp[a]] !== y.locMap[yp[b]]) return false;
  return true;
}

function samePathInTrees(x: Side, i: number, y: Side, j: number): boolean {
  const px = x.profile;
  const py = y.profile;
  let a = px.samples.stack[x.live[i]];
  let b = py.samples.stack[y.live[j]];
  while (a !== NONE && b !== NONE) {
    if (x.locMap[px.stacks.location[a]] !== y.locMap[py.stacks.location[b]]) return false;
    a = parentOf(x.parents, a);
    b = parentOf(y.parents, b);
  }
  return a === NONE && b === NONE;
}

/** Labels as a set, by their text. */
function sameLabels(px: Profile, i: number, py: Profile, j: number): boolean {
  const x0 = px.labels.setStart[px.samples.labelSet[i]];
  const x1 = px.labels.setStart[px.samples.labelSet[i] + 1];
  const y0 = py.labels.setStart[py.samples.labelSet[j]];
  const y1 = py.labels.setStart[py.samples.labelSet[j] + 1];
  if (x1 - x0 !== y1 - y0) return false;
  if (x1 - x0 === 1) return sameLabel(px, x0, py, y0);
  const used = new Uint8Array(y1 - y0);
  outer: for (let a = x0; a < x1; a++) {
    for (let b = y0; b < y1; b++) {
      if (!used[b - y0] && sameLabel(px, a, py, b)) {
        used[b - y0] = 1;
        continue outer;
      }
    }
    return false;
  }
  return true;
}

function sameLabel(px: Profile, a: number, py: Profile, b: number): boolean {
  const lx = px.labels;
  const ly = py.labels;
  if (lx.isNum[a] !== ly.isNum[b] || px.strings[lx.key[a]] !== py.strings[ly.key[b]]) return false;
  return lx.isNum[a] ? lx.num[a] === ly.num[b] && px.strings[lx.numUnit[a]] === py.strings[ly.numUnit[b]] : px.strings[lx.str[a]] === py.strings[ly.str[b]];
}

/**
 * pprof's newGraph over the merged samples that do not cancel, for the
 * edges into candidate nodes only: each sample's path root → leaf, a
 * location's entries outer → inner; a node not kept is skipped (the edge
 * over it is residual); an edge counts once per sample, and is inline while
 * every sample reaches its node by a location's inner entry.
 */
function edgesInto(
  sides: Side[],
  groups: Groups,
  U: number,
  kept: Uint8Array | null,
  candidate: Uint8Array,
  report: (dst: number, weight: number, inline: boolean) => void,
): void {
  const edges = new EdgeSums(U);
  let path = new Int32Array(64);
  for (let g = 0; g < groups.length; g++) {
    const v = groups.value[g];
    if (v === 0) continue;
    const s = sides[groups.side[g]];
    const p = s.profile;
    const { location } = p.stacks;
    const parents = s.parents;
    const { entryStart, userEntry } = s.reading;
    const entryUnion = s.entryUnion;
    const leaf = p.samples.stack[s.live[groups.first[g]]];
    const at = userEntry === null ? leaf : charged(leaf, parents, location, userEntry);
    let depth = 0;
    for (let x = at; x !== NONE; x = parentOf(parents, x)) {
      if (depth === path.length) {
        const grown = new Int32Array(depth * 2);
        grown.set(path);
        path = grown;
      }
      path[depth++] = x;
    }
    let prev = -1;
    for (let d = depth - 1; d >= 0; d--) {
      const loc = location[path[d]];
      const e0 = entryStart[loc] + (d === 0 && userEntry !== null ? chargedEntry(userEntry, loc) : 0);
      for (let e = entryStart[loc + 1] - 1; e >= e0; e--) {
        const n = entryUnion[e];
        if (kept !== null && kept[n] === 0) continue;
        if (prev >= 0 && n !== prev && candidate[n]) edges.add(prev, n, v, e !== entryStart[loc + 1] - 1, g);
        prev = n;
      }
    }
  }
  edges.report(report);
}
