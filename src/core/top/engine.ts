// The top table: flat and cum per node, computed the way go tool pprof
// builds its report graph (internal/graph newGraph, internal/report
// newTrimmedGraph), but per stack node instead of per sample.
//
// pprof walks every sample's frames root → leaf (a location's lines outer →
// inner) and adds the sample's value to the cum of each node the first time
// it meets it in that sample (recursion counts once), to the flat of the
// last frame, and to each (caller → callee) edge the first time it meets it;
// an edge into a line that is not the location's last line is "inline".
// Samples sharing a call path share its prefix in our stack tree, so:
//
//   1. a plan, computed once per granularity and line filter: one
//      depth-first walk of the stack tree lists, for every stack node, the
//      report nodes its location's lines stand for (outer → inner), marking
//      where a node enters the path for the first time (recursion);
//   2. per sample type and sample filter: one pass over samples puts each
//      sample's value on its leaf stack node (`own`), one reverse pass sums
//      subtrees (`sub`), and one pass over the plan adds `sub` to the cum of
//      each first occurrence and `own` to the flat of the innermost one;
//   3. the "(inline)" marks need the edges into the rows shown, with the
//      nodes pprof keeps: one parent-first pass over the plan.
//
// Zero-valued samples are skipped as pprof skips them (they still matter
// for edges: `cnt` counts contributing samples, since values can cancel).
//
// Everything that does not depend on the sample type (tree order, nodes per
// granularity, filters as per-location and per-stack flags, the plan) is
// cached; the values of the last type/filter are too, so a new sort or node
// count only re-trims.

import { NONE, type Profile } from '../model/profile';
import { DIFF_BASE_LABEL } from '../diff';
import {
  buildFocusView,
  buildLineView,
  compileTagFilters,
  focusKey,
  FocusClass,
  linesKey,
  tagKey,
  type FilterOptions,
  type FocusView,
  type LineView,
} from '../filter';
import { isUserFunction, WELL_KNOWN_LIBRARIES } from './attribution';
import { buildEntryNodes, type EntryNodes, type Granularity, type NodeTable } from './nodes';

export interface TopOptions extends FilterOptions {
  /** Index into profile.sampleTypes (resolve names with sampleIndexByName). */
  sampleIndex: number;
  granularity?: Granularity;
  /** Sort by cum instead of flat (-cum). */
  cum?: boolean;
  /** Rows at most; 0 = all (pprof's default for -top). */
  nodeCount?: number;
  /** Drop nodes with |cum| below this fraction of |Σ flat| (default 0.005). */
  nodeFraction?: number;
  /** Edges below this fraction do not count for the "(inline)" mark (default 0.001). */
  edgeFraction?: number;
  /** Charge samples to the deepest user frame (attribution.ts). */
  blame?: boolean;
  libraries?: readonly string[];
}

export type InlineMark = '' | 'inline' | 'partial-inline';

export interface TopRow {
  node: number;
  name: string;
  inline: InlineMark;
  flat: number;
  cum: number;
}

export interface TopResult {
  sampleIndex: number;
  sampleType: string;
  sampleUnit: string;
  /** Denominator of every percentage (pprof's report total). */
  total: number;
  rows: TopRow[];
  /** Signed Σ flat of the rows shown. */
  flatSum: number;
  /** Nodes dropped by the node fraction. */
  droppedNodes: number;
  /** Nodes left after the node fraction (before the node count). */
  origCount: number;
  nodeFraction: number;
  /** Warnings pprof prints on stderr ("Focus expression matched no samples"). */
  warnings: string[];
}

/** pprof's SampleIndexByName: "" → default type; a number; a name, "inuse_" optional. */
export function sampleIndexByName(p: Profile, name: string | number | undefined): number {
  const types = p.sampleTypes.map((t) => p.strings[t.type]);
  if (name === undefined || name === '') {
    const dflt = p.strings[p.defaultSampleType];
    if (dflt) {
      const i = types.indexOf(dflt);
      if (i >= 0) return i;
    }
    return types.length - 1;
  }
  const text = String(name);
  if (/^[+-]?\d+$/.test(text)) {
    const i = Number(text);
    if (i < 0 || i >= types.length) throw new Error(`sample_index ${text} is outside the range [0..${types.length - 1}]`);
    return i;
  }
  const noInuse = text.replace(/^inuse_/, '');
  const i = types.findIndex((t) => t === text || t === noInuse);
  if (i < 0) throw new Error(`sample_index "${text}" must be one of: [${types.join(' ')}]`);
  return i;
}

interface Tree {
  /** Stack nodes in depth-first preorder (parents before their subtrees). */
  order: Int32Array;
  maxDepth: number;
}

interface NodeCache {
  nodes: EntryNodes;
  /** Report node of each entry of the line view. */
  entryNode: Int32Array;
  /** Nodes that are some location's non-outermost entry: the only ones an inline edge can reach. */
  inlineCapable: Uint8Array;
}

interface BlameCache {
  /** Innermost user entry (relative index) per location, -1 for none. */
  userEntry: Int32Array;
  /** Deepest stack node at or above each stack node with a user entry; NONE for none. */
  target: Int32Array;
}

export const OCC_FIRST = 1; // the node enters the path here
export const OCC_INNER = 2; // an entry inside the flat entry: only paths to children pass it
export const OCC_INLINE = 4; // not the location's outermost entry: the edge into it is inline

/** Step 1: report-node occurrences per stack node (see the file comment). */
export interface Plan {
  nodeCount: number;
  /** Occurrences of stack node s: occ[occStart[s] .. occStart[s+1]-1], outer → inner (in stack order, so passes stream). */
  occStart: Int32Array;
  occNode: Int32Array;
  occFlags: Uint8Array;
  /** Report node that gets the flat value of samples charged to each stack node; -1 for none. */
  flatNode: Int32Array;
  inlineCapable: Uint8Array;
  /** Occurrences of inline-capable nodes (where an inline edge can end), and their stack nodes. */
  inlineOcc: Int32Array;
  inlineOccStack: Int32Array;
  names: string[];
  sprint: string[];
}

export interface Values {
  own: Float64Array;
  ownCnt: Int32Array;
  sub: Float64Array;
  subCnt: Int32Array;
  /** Stack node each sample's value went to (blame moves it up); NONE when filtered out or zero. */
  charged: Int32Array;
  warnings: string[];
}

/** What the call graph (src/core/graph) builds on: valid until the next call on the engine. */
export interface GraphInput {
  sampleIndex: number;
  plan: Plan;
  nodes: NodeTable;
  values: Values;
  flat: Float64Array;
  cum: Float64Array;
  total: number;
  sampleType: string;
  sampleUnit: string;
}

interface NodeValues {
  key: string;
  values: Values;
  plan: Plan;
  flat: Float64Array;
  cum: Float64Array;
}

/**
 * The nodes of pprof's graph before any trimming: those with a non-zero
 * flat or cum, in node order, and the sum of their flat (the base of the
 * node and edge fractions).
 */
export function graphNodes(flat: Float64Array, cum: Float64Array): { nodes: number[]; flatAll: number } {
  const nodes: number[] = [];
  let flatAll = 0;
  for (let n = 0; n < flat.length; n++) {
    if (flat[n] !== 0 || cum[n] !== 0) {
      nodes.push(n);
      flatAll += flat[n];
    }
  }
  return { nodes, flatAll };
}

export class TopEngine {
  private tree?: Tree;
  private readonly totals = new Map<number, number>();
  private readonly entryNodes = new Map<Granularity, EntryNodes>();
  // Bounded: per-stack arrays are megabytes on a big profile.
  private readonly lineViews = new BoundedMap<string, LineView>(8);
  private readonly focusViews = new BoundedMap<string, FocusView>(16);
  private readonly keeps = new BoundedMap<string, Uint8Array>(8);
  private readonly nodeCaches = new BoundedMap<string, NodeCache>(8);
  private readonly blames = new BoundedMap<string, BlameCache>(2);
  private readonly plans = new BoundedMap<string, Plan>(4);
  private lastNodeValues?: NodeValues;
  private scratch?: { own: Float64Array; ownCnt: Int32Array; sub: Float64Array; subCnt: Int32Array };
  private baseMask?: Uint8Array | null;

  constructor(readonly profile: Profile) {}

  /** 1 for samples labelled pprof::base=true (-diff_base), or null when there are none. */
  diffBaseSamples(): Uint8Array | null {
    if (this.baseMask !== undefined) return this.baseMask;
    const p = this.profile;
    const key = p.strings.indexOf(DIFF_BASE_LABEL.key);
    let mask: Uint8Array | null = null;
    if (key > 0) {
      const l = p.labels;
      const s = p.samples;
      for (let i = 0; i < s.length; i++) {
        for (let k = s.labelStart[i]; k < s.labelStart[i + 1]; k++) {
          if (l.key[k] === key && !l.isNum[k] && p.strings[l.str[k]] === DIFF_BASE_LABEL.value) {
            mask ??= new Uint8Array(s.length);
            mask[i] = 1;
          }
        }
      }
    }
    this.baseMask = mask;
    return mask;
  }

  /**
   * pprof's report total: Σ |value| over all samples (before any filter);
   * with -diff_base samples present, over those samples only.
   */
  total(t: number): number {
    let total = this.totals.get(t);
    if (total !== undefined) return total;
    const p = this.profile;
    const nT = p.sampleTypes.length;
    const v = p.samples.values;
    const base = this.diffBaseSamples();
    let all = 0;
    let diff = 0;
    for (let i = 0; i < p.samples.length; i++) {
      const x = Math.abs(v[i * nT + t]);
      all += x;
      if (base && base[i]) diff += x;
    }
    total = diff > 0 ? diff : all;
    this.totals.set(t, total);
    return total;
  }

  private getTree(): Tree {
    if (this.tree) return this.tree;
    const { parent, length: n } = this.profile.stacks;
    // Children in CSR form (slot 0 is a virtual root), then an explicit-stack preorder walk.
    const start = new Int32Array(n + 2);
    for (let s = 0; s < n; s++) start[parent[s] + 2]++;
    for (let i = 0; i <= n; i++) start[i + 1] += start[i];
    const fill = start.slice(0, n + 1);
    const child = new Int32Array(n);
    for (let s = 0; s < n; s++) child[fill[parent[s] + 1]++] = s;
    let maxDepth = 0;
    const depth = new Int32Array(n);
    for (let s = 0; s < n; s++) {
      depth[s] = parent[s] === NONE ? 1 : depth[parent[s]] + 1;
      if (depth[s] > maxDepth) maxDepth = depth[s];
    }
    const order = new Int32Array(n);
    const stack = new Int32Array(maxDepth + 1);
    const cursor = new Int32Array(maxDepth + 1);
    let k = 0;
    let sp = 0;
    stack[0] = -1;
    cursor[0] = start[0];
    while (sp >= 0) {
      const slot = stack[sp] + 1;
      if (cursor[sp] < start[slot + 1]) {
        const c = child[cursor[sp]++];
        order[k++] = c;
        stack[++sp] = c;
        cursor[sp] = start[c + 1];
      } else {
        sp--;
      }
    }
    this.tree = { order, maxDepth };
    return this.tree;
  }

  private getEntryNodes(g: Granularity): EntryNodes {
    let e = this.entryNodes.get(g);
    if (!e) {
      e = buildEntryNodes(this.profile, g);
      this.entryNodes.set(g, e);
    }
    return e;
  }

  private getLineView(o: FilterOptions): LineView {
    const key = linesKey(o);
    let v = this.lineViews.get(key);
    if (!v) {
      v = buildLineView(this.profile, o);
      this.lineViews.set(key, v);
    }
    return v;
  }

  private getFocusView(o: FilterOptions): FocusView {
    const key = focusKey(o);
    let v = this.focusViews.get(key);
    if (!v) {
      v = buildFocusView(this.profile, o);
      this.focusViews.set(key, v);
    }
    return v;
  }

  /** Stack nodes whose samples survive focus/ignore/hide/show/show_from (a parent-first pass). */
  private getKeep(o: FilterOptions): Uint8Array {
    const key = `${focusKey(o)}|${linesKey(o)}`;
    let keep = this.keeps.get(key);
    if (keep) return keep;
    const view = this.getLineView(o);
    const { focusClass } = this.getFocusView(o);
    const { parent, location, length: n } = this.profile.stacks;
    // Bits along the path: 1 focused location, 2 ignored, 4 visible, 8 show_from match.
    const nLoc = this.profile.locations.length;
    const locBits = new Uint8Array(nLoc);
    for (let loc = 0; loc < nLoc; loc++) {
      const fc = focusClass[loc];
      let b = fc === FocusClass.focus ? 1 : fc === FocusClass.ignore ? 2 : 0;
      if (view.entryStart[loc + 1] > view.entryStart[loc]) b |= 4;
      if (view.showFrom[loc]) b |= 8;
      locBits[loc] = b;
    }
    const want = view.hasShowFrom ? 13 : 5;
    const mask = view.hasShowFrom ? 15 : 7;
    const flags = new Uint8Array(n);
    keep = new Uint8Array(n);
    for (let s = 0; s < n; s++) {
      const q = parent[s];
      const f = (q === NONE ? 0 : flags[q]) | locBits[location[s]];
      flags[s] = f;
      keep[s] = (f & mask) === want ? 1 : 0;
    }
    this.keeps.set(key, keep);
    return keep;
  }

  private getNodeCache(o: FilterOptions, g: Granularity): NodeCache {
    const key = `${linesKey(o)}|${g}`;
    let c = this.nodeCaches.get(key);
    if (c) return c;
    const view = this.getLineView(o);
    const nodes = this.getEntryNodes(g);
    const entryNode = new Int32Array(view.entries.length);
    const inlineCapable = new Uint8Array(nodes.nodes.length);
    const nLoc = this.profile.locations.length;
    for (let loc = 0; loc < nLoc; loc++) {
      const e0 = view.entryStart[loc];
      const e1 = view.entryStart[loc + 1];
      for (let e = e0; e < e1; e++) {
        const code = view.entries[e];
        const n = code >= 0 ? nodes.ofLine[code] : nodes.ofBareLocation[-code - 1];
        entryNode[e] = n;
        if (e < e1 - 1) inlineCapable[n] = 1;
      }
    }
    c = { nodes, entryNode, inlineCapable };
    this.nodeCaches.set(key, c);
    return c;
  }

  private blameKey(o: TopOptions): string {
    return o.blame ? `${linesKey(o)}|${(o.libraries ?? WELL_KNOWN_LIBRARIES).join(' ')}` : '';
  }

  private getBlame(o: TopOptions): BlameCache | null {
    const key = this.blameKey(o);
    if (key === '') return null;
    let c = this.blames.get(key);
    if (c) return c;
    const libraries = o.libraries ?? WELL_KNOWN_LIBRARIES;
    const p = this.profile;
    const view = this.getLineView(o);
    const userFn = new Uint8Array(p.functions.length);
    for (let f = 0; f < userFn.length; f++) userFn[f] = isUserFunction(p.strings[p.functions.name[f]], libraries) ? 1 : 0;
    const nLoc = p.locations.length;
    const userEntry = new Int32Array(nLoc).fill(-1);
    for (let loc = 0; loc < nLoc; loc++) {
      const e0 = view.entryStart[loc];
      for (let e = e0; e < view.entryStart[loc + 1]; e++) {
        const code = view.entries[e];
        const f = code >= 0 ? p.lines.function[code] : NONE;
        if (f !== NONE && userFn[f]) {
          userEntry[loc] = e - e0;
          break;
        }
      }
    }
    const { parent, location, length: n } = p.stacks;
    const target = new Int32Array(n);
    for (let s = 0; s < n; s++) {
      target[s] = userEntry[location[s]] >= 0 ? s : parent[s] === NONE ? NONE : target[parent[s]];
    }
    c = { userEntry, target };
    this.blames.set(key, c);
    return c;
  }

  private getPlan(o: TopOptions, g: Granularity): Plan {
    const key = `${linesKey(o)}|${g}|${this.blameKey(o)}`;
    let plan = this.plans.get(key);
    if (plan) return plan;
    const p = this.profile;
    const tree = this.getTree();
    const view = this.getLineView(o);
    const nc = this.getNodeCache(o, g);
    const userEntry = this.getBlame(o)?.userEntry ?? null;
    const { parent, location, length: nS } = p.stacks;
    const { entryStart, showFrom, hasShowFrom } = view;
    const { entryNode, inlineCapable } = nc;
    const inlineOcc: number[] = [];
    const inlineOccStack: number[] = [];
    // Below the outermost -show_from match (parent-first), a location's entries count.
    const active = new Uint8Array(nS);
    const occStart = new Int32Array(nS + 1);
    for (let s = 0; s < nS; s++) {
      const loc = location[s];
      const a = !hasShowFrom || showFrom[loc] === 1 || (parent[s] !== NONE && active[parent[s]] === 1);
      active[s] = a ? 1 : 0;
      occStart[s + 1] = occStart[s] + (a ? entryStart[loc + 1] - entryStart[loc] : 0);
    }
    const total = occStart[nS];
    const occNode = new Int32Array(total);
    const occFlags = new Uint8Array(total);
    const flatNode = new Int32Array(nS);
    const onPath = new Int32Array(nc.nodes.nodes.length);
    // The path: frames of stack nodes, and the report nodes they put on it.
    const depth = tree.maxDepth + 1;
    const fStack = new Int32Array(depth);
    const fLast = new Int32Array(depth);
    const fLog = new Int32Array(depth);
    let log = new Int32Array(1024);
    let logLength = 0;
    let sp = 0;
    const order = tree.order;
    for (let k = 0; k < nS; k++) {
      const s = order[k];
      const par = parent[s];
      while (sp > 0 && fStack[sp - 1] !== par) {
        sp--;
        const from = fLog[sp];
        for (let j = logLength - 1; j >= from; j--) onPath[log[j]]--;
        logLength = from;
      }
      let last = sp > 0 ? fLast[sp - 1] : -1;
      const loc = location[s];
      const logFrom = logLength;
      const e0 = entryStart[loc];
      const e1 = entryStart[loc + 1];
      let w = occStart[s];
      let flat = last;
      if (active[s] === 1 && e1 > e0) {
        const fe = userEntry !== null && userEntry[loc] > 0 ? userEntry[loc] : 0;
        const outer = e1 - e0 - 1;
        if (logLength + outer + 1 > log.length) {
          const grown = new Int32Array(Math.max(log.length * 2, logLength + outer + 1));
          grown.set(log.subarray(0, logLength));
          log = grown;
        }
        for (let r = outer; r >= 0; r--) {
          const node = entryNode[e0 + r];
          let f = 0;
          if (onPath[node]++ === 0) f |= OCC_FIRST;
          log[logLength++] = node;
          if (r < fe) f |= OCC_INNER;
          if (r !== outer) f |= OCC_INLINE;
          occNode[w] = node;
          occFlags[w] = f;
          if (inlineCapable[node]) {
            inlineOcc.push(w);
            inlineOccStack.push(s);
          }
          w++;
          last = node;
          if (r === fe) flat = node;
        }
      }
      flatNode[s] = flat;
      fStack[sp] = s;
      fLast[sp] = last;
      fLog[sp] = logFrom;
      sp++;
    }
    plan = {
      nodeCount: nc.nodes.nodes.length,
      occStart,
      occNode,
      occFlags,
      flatNode,
      inlineCapable,
      inlineOcc: Int32Array.from(inlineOcc),
      inlineOccStack: Int32Array.from(inlineOccStack),
      names: nc.nodes.nodes.name,
      sprint: nc.nodes.nodes.sprint,
    };
    this.plans.set(key, plan);
    return plan;
  }

  /**
   * Step 2: sample values on their (possibly re-attributed) stack nodes,
   * then one reverse pass that completes each subtree sum just before it is
   * used: cum of the first occurrences, flat of the flat node.
   */
  private getNodeValues(o: TopOptions, g: Granularity): NodeValues {
    const key = `${o.sampleIndex}|${focusKey(o)}|${linesKey(o)}|${tagKey(o)}|${this.blameKey(o)}|${g}`;
    if (this.lastNodeValues?.key === key) return this.lastNodeValues;
    this.lastNodeValues = undefined; // let the old arrays go first
    const p = this.profile;
    const t = o.sampleIndex;
    const keep = this.getKeep(o);
    const blame = this.getBlame(o);
    const plan = this.getPlan(o, g);
    const tags = compileTagFilters(p, o);
    const warnings = [...tags.messages, ...this.getFocusView(o).warnings, ...this.getLineView(o).warnings];
    const nS = p.stacks.length;
    const nT = p.sampleTypes.length;
    // Per-stack scratch, reused: only the last values are kept (lastNodeValues).
    const scratch = (this.scratch ??= {
      own: new Float64Array(nS),
      ownCnt: new Int32Array(nS),
      sub: new Float64Array(nS),
      subCnt: new Int32Array(nS),
    });
    const { own, ownCnt, sub, subCnt } = scratch;
    own.fill(0);
    ownCnt.fill(0);
    const smp = p.samples;
    const stack = smp.stack;
    const values = smp.values;
    const target = blame?.target ?? null;
    const charged = new Int32Array(smp.length).fill(NONE);
    let tfm = false;
    let tim = false;
    for (let i = 0; i < smp.length; i++) {
      const s = stack[i];
      if (s === NONE) continue;
      const v = values[i * nT + t];
      if (v === 0 || keep[s] === 0) continue;
      if (tags.focus) {
        if (!tags.focus(i)) continue;
        tfm = true;
      }
      if (tags.ignore && tags.ignore(i)) {
        tim = true;
        continue;
      }
      const at = target !== null && target[s] !== NONE ? target[s] : s;
      own[at] += v;
      ownCnt[at]++;
      charged[i] = at;
    }
    if (o.tagFocus && !tfm) warnings.push('TagFocus expression matched no samples');
    if (o.tagIgnore && !tim) warnings.push('TagIgnore expression matched no samples');

    sub.set(own);
    subCnt.set(ownCnt);
    const flat = new Float64Array(plan.nodeCount);
    const cum = new Float64Array(plan.nodeCount);
    const parent = p.stacks.parent;
    const { occStart, occNode, occFlags, flatNode } = plan;
    for (let s = nS - 1; s >= 0; s--) {
      const cnt = subCnt[s];
      if (cnt === 0) continue;
      const all = sub[s];
      const mine = own[s];
      const inner = all - mine;
      for (let j = occStart[s], end = occStart[s + 1]; j < end; j++) {
        const f = occFlags[j];
        if (f & OCC_FIRST) cum[occNode[j]] += f & OCC_INNER ? inner : all;
      }
      if (ownCnt[s] > 0 && flatNode[s] >= 0) flat[flatNode[s]] += mine;
      const q = parent[s];
      if (q !== NONE) {
        sub[q] += all;
        subCnt[q] += cnt;
      }
    }
    this.lastNodeValues = { key, values: { own, ownCnt, sub, subCnt, charged, warnings }, plan, flat, cum };
    return this.lastNodeValues;
  }

  /**
   * Step 3: weight and inline flag of every edge into a candidate node, as
   * pprof's graph built with only the `kept` nodes (null: all) has them.
   */
  private edges(
    nv: NodeValues,
    kept: Uint8Array | null,
    candidate: Uint8Array,
    report: (dst: number, weight: number, inline: boolean) => void,
  ): void {
    const { own, ownCnt, sub, subCnt } = nv.values;
    const plan = nv.plan;
    const { occStart, occNode, occFlags, nodeCount, inlineOccStack, inlineOcc } = plan;
    const { parent } = this.profile.stacks;
    const ids = new Map<number, number>();
    const weight: number[] = [];
    const inline: boolean[] = [];
    const dstOf: number[] = [];
    for (let k = 0; k < inlineOcc.length; k++) {
      const j = inlineOcc[k];
      const n = occNode[j];
      if (!candidate[n]) continue;
      const s = inlineOccStack[k];
      const f = occFlags[j];
      const innerOnly = (f & OCC_INNER) !== 0;
      const cnt = innerOnly ? subCnt[s] - ownCnt[s] : subCnt[s];
      if (cnt <= 0) continue;
      // The caller pprof sees: the nearest kept occurrence before this one.
      let prev = -1;
      let x = s;
      let i = j - 1;
      for (;;) {
        for (; i >= occStart[x]; i--) {
          const m = occNode[i];
          if (kept === null || kept[m] === 1) {
            prev = m;
            break;
          }
        }
        if (prev >= 0) break;
        x = parent[x];
        if (x === NONE) break;
        i = occStart[x + 1] - 1;
      }
      if (prev < 0 || prev === n) continue;
      if ((f & OCC_FIRST) === 0 && this.pairAbove(plan, s, j, prev, n, kept)) continue;
      const key = prev * nodeCount + n;
      let id = ids.get(key);
      if (id === undefined) {
        id = weight.length;
        ids.set(key, id);
        weight.push(0);
        inline.push(true);
        dstOf.push(n);
      }
      weight[id] += innerOnly ? sub[s] - own[s] : sub[s];
      if ((f & OCC_INLINE) === 0) inline[id] = false;
    }
    for (let id = 0; id < weight.length; id++) report(dstOf[id], weight[id], inline[id]);
  }

  /**
   * Whether the edge (prev → n) at occurrence `at` of stack node s was
   * already on the path (recursion through n): pprof counts an edge once
   * per sample. Walks the path; only reached for a node met twice.
   */
  private pairAbove(plan: Plan, s: number, at: number, prev: number, n: number, kept: Uint8Array | null): boolean {
    const { parent } = this.profile.stacks;
    const path: number[] = [];
    for (let x = s; x !== NONE; x = parent[x]) path.push(x);
    let before = -1;
    for (let i = path.length - 1; i >= 0; i--) {
      const y = path[i];
      for (let j = plan.occStart[y], end = plan.occStart[y + 1]; j < end; j++) {
        if (y === s && j === at) return false;
        const m = plan.occNode[j];
        if (kept !== null && kept[m] === 0) continue;
        if (m === n && before === prev) return true;
        before = m;
      }
    }
    return false;
  }

  /** The same diff, filters and per-node values compute() trims, for src/core/graph. */
  graphInput(o: TopOptions): GraphInput {
    const t = o.sampleIndex;
    const g = o.granularity ?? 'functions';
    const { plan, values, flat, cum } = this.getNodeValues(o, g);
    const p = this.profile;
    return {
      sampleIndex: t,
      plan,
      nodes: this.getEntryNodes(g).nodes,
      values,
      flat,
      cum,
      total: this.total(t),
      sampleType: p.strings[p.sampleTypes[t].type],
      sampleUnit: p.strings[p.sampleTypes[t].unit],
    };
  }

  compute(o: TopOptions): TopResult {
    const p = this.profile;
    const t = o.sampleIndex;
    const g = o.granularity ?? 'functions';
    const nodeFraction = o.nodeFraction ?? 0.005;
    const edgeFraction = o.edgeFraction ?? 0.001;
    const nodeCount = o.nodeCount ?? 0;
    const total = this.total(t);
    const nv = this.getNodeValues(o, g);
    const { flat, cum, plan } = nv;
    const nN = plan.nodeCount;

    // pprof's trimming: node fraction, then node count (report.newTrimmedGraph).
    let { nodes, flatAll } = graphNodes(flat, cum);
    const nodeCutoff = Math.abs(Math.trunc(flatAll * nodeFraction));
    const edgeCutoff = Math.abs(Math.trunc(flatAll * edgeFraction));
    let droppedNodes = 0;
    let rebuilt = false;
    if (nodeCutoff > 0) {
      const kept = nodes.filter((n) => Math.abs(cum[n]) >= nodeCutoff);
      droppedNodes = nodes.length - kept.length;
      rebuilt = droppedNodes > 0;
      nodes = kept;
    }
    const origCount = nodes.length;
    const { names, sprint } = plan;
    const byName = (a: number, b: number) =>
      names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : sprint[a] < sprint[b] ? -1 : sprint[a] > sprint[b] ? 1 : 0;
    if (o.cum) {
      nodes.sort((a, b) => Math.abs(cum[b]) - Math.abs(cum[a]) || cmpName(names, a, b) || Math.abs(flat[b]) - Math.abs(flat[a]) || byName(a, b));
    } else {
      nodes.sort((a, b) => Math.abs(flat[b]) - Math.abs(flat[a]) || cmpName(names, a, b) || Math.abs(cum[b]) - Math.abs(cum[a]) || byName(a, b));
    }
    if (nodeCount > 0 && nodes.length > nodeCount) {
      nodes = nodes.slice(0, nodeCount);
      rebuilt = true;
    }

    // "(inline)": from the edges into each row that survive the edge cutoff.
    const marks = new Uint8Array(nN); // bit 1 inline edge, bit 2 non-inline edge
    const candidate = new Uint8Array(nN);
    let anyCandidate = false;
    for (const n of nodes) {
      if (plan.inlineCapable[n]) {
        candidate[n] = 1;
        anyCandidate = true;
      }
    }
    if (anyCandidate) {
      let kept: Uint8Array | null = null;
      if (rebuilt) {
        kept = new Uint8Array(nN);
        for (const n of nodes) kept[n] = 1;
      }
      this.edges(nv, kept, candidate, (dst, weight, inline) => {
        if (Math.abs(weight) >= edgeCutoff) marks[dst] |= inline ? 1 : 2;
      });
    }

    let flatSum = 0;
    const rows: TopRow[] = nodes.map((n) => {
      flatSum += flat[n];
      const m = marks[n];
      return { node: n, name: names[n], inline: m & 1 ? (m & 2 ? 'partial-inline' : 'inline') : '', flat: flat[n], cum: cum[n] };
    });
    return {
      sampleIndex: t,
      sampleType: p.strings[p.sampleTypes[t].type],
      sampleUnit: p.strings[p.sampleTypes[t].unit],
      total,
      rows,
      flatSum,
      droppedNodes,
      origCount,
      nodeFraction,
      warnings: [...nv.values.warnings],
    };
  }
}

/** A Map that forgets its oldest entry beyond `limit` entries. */
class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly limit: number) {
    super();
  }
  override set(key: K, value: V): this {
    super.set(key, value);
    if (this.size > this.limit) this.delete(this.keys().next().value as K);
    return this;
  }
}

function cmpName(names: string[], a: number, b: number): number {
  return names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0;
}
