// One profile read for a comparison's split report (split.ts), on its own:
// nothing here depends on the other profile, so a profile decoded while the
// other still decodes is read meanwhile (ReportEngines.prepare).
//
// One walk of each sample's path (leaf → root) gives its flat and cum per
// report node at a sample type, and the hashes of its key in the merge: its
// path of locations by their content (what pprof's merge keys a location by:
// its mapping's key, its address in the mapping, is_folded, and each line's
// function key and line number) and its labels by their text. The hashes
// only find candidates; split.ts checks each match exactly, on the path the
// walk writes down: read again through the tree, a path's nodes are as many
// cache misses as it has branchings, on both sides (decision 0039).

import { mixNumber, mixText, NONE, parentIndex, parentOf, perLabelSet, type LocationColumn, type ParentIndex, type Profile } from '../model';
import { mappingKey } from '../diff';
import type { LocationNodes } from './engine';

/** readSide's answer. */
export interface SideRead {
  /** Per report node of the profile's reading (LocationNodes.nodes). */
  flat: Float64Array;
  cum: Float64Array;
  /** Σ |value|: the report total of the profile alone. */
  total: number;
  /** The samples with a non-zero value at the type, their values and key hashes. */
  live: Int32Array;
  value: Float64Array;
  hashA: Int32Array;
  hashB: Int32Array;
  /**
   * Each live sample's locations, leaf first: path[pathStart[k], pathStart[k + 1]);
   * null where they are more than the tree's nodes (the tree is then the smaller record).
   */
  path: LocationColumn | null;
  pathStart: Int32Array;
}

/**
 * Flat and cum per report node at type t, and each live sample's key
 * hashes (see the file comment). With blame a sample counts from the node
 * it is charged to (the deepest with a user entry, at that entry) up, as
 * ReportEngine charges it; its key is still its whole path.
 */
export function readSide(p: Profile, reading: LocationNodes, t: number): SideRead {
  const nT = p.sampleTypes.length;
  const { values, length: nS } = p.samples;
  let n = 0;
  for (let i = 0; i < nS; i++) if (values[i * nT + t] !== 0) n++;
  const r: SideRead = {
    flat: new Float64Array(reading.nodes.length),
    cum: new Float64Array(reading.nodes.length),
    total: 0,
    live: new Int32Array(n),
    value: new Float64Array(n),
    hashA: new Int32Array(n),
    hashB: new Int32Array(n),
    path: null, // walkSamples writes it
    pathStart: new Int32Array(n + 1),
  };
  const strings = new StringHashes(p);
  const [locA, locB] = locationHashes(p, strings);
  const bySet = perLabelSet(p.labels, (from, to) => labelHash(p, from, to, strings));
  const lh = new Int32Array(nS);
  for (let i = 0; i < nS; i++) if (values[i * nT + t] !== 0) lh[i] = bySet[p.samples.labelSet[i]];
  r.total = walkSamples(p, t, locA, locB, reading, lh, r);
  return r;
}

/** Side.read's walk, on locals (the file comment); returns Σ |value|. */
function walkSamples(p: Profile, t: number, locA: Int32Array, locB: Int32Array, reading: LocationNodes, lh: Int32Array, r: SideRead): number {
  const nT = p.sampleTypes.length;
  const { stack, values, length: nS } = p.samples;
  const { location } = p.stacks;
  const parents = parentIndex(p.stacks); // not the column: the first table leaves it unmade (decision 0036)
  const { entryStart, entryNode, userEntry } = reading;
  const { flat, cum, live, value, hashA, hashB, pathStart } = r;
  const stamp = new Int32Array(flat.length);
  let total = 0;
  let k = 0;
  // The paths are kept while they take no more than the tree's nodes; past that (every
  // sample at an alloc_ type: 19.3 M steps on the wide current file, 13.1 M nodes) they
  // are dropped and matches are walked in the tree. Where the live samples at 32 steps
  // each would pass it, none is written. The array starts at a guess (the wide pair's
  // samples are 19 deep), doubles when short, and is kept as a view, not trimmed by a
  // copy: the pages never written are never resident.
  const most = p.stacks.length;
  let keep = live.length * 32 <= most;
  let path = new (location.constructor as new (n: number) => LocationColumn)(keep ? Math.min(live.length * 20, most) + 64 : 0);
  let written = 0;
  for (let i = 0; i < nS; i++) {
    const v = values[i * nT + t];
    if (v === 0) continue;
    total += Math.abs(v);
    const m = i + 1;
    let h1 = 0x811c9dc5;
    let h2 = 0x27d4eb2f;
    let s = stack[i];
    if (userEntry !== null && s !== NONE) {
      // Below the charged node: the key only.
      const to = charged(s, parents, location, userEntry);
      for (; s !== to; s = parentOf(parents, s)) {
        const loc = location[s];
        if (keep && written === path.length) {
          if (written < most) path = grown(path);
          else keep = false;
        }
        if (keep) path[written++] = loc;
        h1 = Math.imul(h1 ^ locA[loc], 0x01000193);
        h2 = Math.imul(h2 + locB[loc], 0x9e3779b1) ^ (h2 >>> 13);
      }
    }
    let first = true;
    for (; s !== NONE; s = parentOf(parents, s)) {
      const loc = location[s];
      if (keep && written === path.length) {
        if (written < most) path = grown(path);
        else keep = false;
      }
      if (keep) path[written++] = loc;
      h1 = Math.imul(h1 ^ locA[loc], 0x01000193);
      h2 = Math.imul(h2 + locB[loc], 0x9e3779b1) ^ (h2 >>> 13);
      let e = entryStart[loc];
      const e1 = entryStart[loc + 1];
      if (first) {
        if (userEntry !== null) e += chargedEntry(userEntry, loc);
        if (e === e1) continue;
        flat[entryNode[e]] += v;
        first = false;
      }
      for (; e < e1; e++) {
        const node = entryNode[e];
        if (stamp[node] !== m) {
          stamp[node] = m;
          cum[node] += v;
        }
      }
    }
    live[k] = i;
    value[k] = v;
    hashA[k] = h1 ^ lh[i];
    hashB[k] = h2 ^ Math.imul(lh[i], 0x85ebca77);
    pathStart[++k] = written;
  }
  r.path = keep ? path.subarray(0, written) : null;
  if (!keep) r.pathStart = new Int32Array(0);
  return total;
}

function grown(path: LocationColumn): LocationColumn {
  const out = new (path.constructor as new (n: number) => LocationColumn)(path.length * 2);
  out.set(path);
  return out;
}

/**
 * With blame, the stack node a sample is charged to: the deepest with a
 * user entry, else its leaf (ReportEngine's blame target).
 */
export function charged(leaf: number, parents: ParentIndex, location: LocationColumn, userEntry: Int32Array): number {
  for (let x = leaf; x !== NONE; x = parentOf(parents, x)) if (userEntry[location[x]] >= 0) return x;
  return leaf;
}

/** The entry of the charged node's location the sample starts from: its user entry (the plan's flat entry). */
export function chargedEntry(userEntry: Int32Array, loc: number): number {
  return userEntry[loc] > 0 ? userEntry[loc] : 0;
}

/** Hashes of a profile's strings by their text, each made once. */
class StringHashes {
  private readonly hashes: Int32Array;
  constructor(private readonly p: Profile) {
    this.hashes = new Int32Array(p.strings.length);
  }
  of(i: number): number {
    let h = this.hashes[i];
    if (h === 0) {
      h = this.text(this.p.strings[i]);
      this.hashes[i] = h;
    }
    return h;
  }
  text(s: string): number {
    return mixText(0x811c9dc5, s) | 1;
  }
}

/** Two hashes of each location's merge key, by its content (the file comment). */
function locationHashes(p: Profile, strings: StringHashes): [Int32Array, Int32Array] {
  const { mapping, address, isFolded, lineStart, length: n } = p.locations;
  const lines = p.lines;
  const fns = p.functions;
  const ms = p.mappings;
  const mapHash = Array.from({ length: ms.length }, (_, m) => strings.text(mappingKey(p, m)));
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  for (let l = 0; l < n; l++) {
    const m = mapping[l];
    const rel = m === NONE ? address[l] : address[l] - ms.memoryStart[m];
    let x = Math.imul((m === NONE ? 0x3c6ef372 : mapHash[m]) ^ isFolded[l], 0xcc9e2d51);
    x = mixNumber(x, rel);
    let y = Math.imul(x ^ 0x5bd1e995, 0x1b873593);
    for (let i = lineStart[l]; i < lineStart[l + 1]; i++) {
      const f = lines.function[i];
      let fh = 0x7f4a7c15;
      if (f !== NONE) {
        fh = Math.imul(strings.of(fns.name[f]) ^ Math.imul(strings.of(fns.systemName[f]), 0x85ebca6b), 0xc2b2ae35);
        fh = mixNumber(fh ^ strings.of(fns.filename[f]), fns.startLine[f]);
      }
      x = mixNumber(Math.imul(x ^ fh, 0x01000193), lines.line[i]);
      y = Math.imul(y + fh, 0x9e3779b1) ^ mixNumber(y >>> 11, lines.line[i]);
    }
    a[l] = x;
    b[l] = y;
  }
  return [a, b];
}

/** Order-free hash of labels from..to-1 (a set), by their text (two profiles' string tables differ). */
function labelHash(p: Profile, from: number, to: number, strings: StringHashes): number {
  const l = p.labels;
  let h = 0;
  for (let k = from; k < to; k++) {
    let x = Math.imul(strings.of(l.key[k]), 0xcc9e2d51);
    if (l.isNum[k]) {
      x = mixNumber(x, l.num[k]);
      x = Math.imul(x ^ strings.of(l.numUnit[k]), 0xe6546b64);
    } else {
      x = Math.imul(x ^ strings.of(l.str[k]), 0x85ebca6b);
    }
    h = (h + (x ^ (x >>> 15))) | 0;
  }
  return h;
}
