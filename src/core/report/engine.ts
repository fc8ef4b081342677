// The report engine: flat and cum per node, computed the way go tool pprof
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
//   1. a plan (plan.ts), computed once per granularity and line filter: one
//      depth-first walk of the stack tree lists, for every stack node, the
//      report nodes its location's lines stand for (outer → inner), marking
//      where a node enters the path for the first time (recursion);
//   2. per sample type and sample filter: one pass over samples puts each
//      sample's value on its leaf stack node (`own`), one reverse pass sums
//      subtrees (`sub`), and one pass over the plan adds `sub` to the cum of
//      each first occurrence and `own` to the flat of the innermost one;
//   3. what each view makes of the per-node values: the table trims them
//      (core/top), the graph collects its edges (core/graph).
//
// Zero-valued samples are skipped as pprof skips them (they still matter
// for edges: `cnt` counts contributing samples, since values can cancel).
//
// Everything that does not depend on the sample type (tree order, nodes per
// granularity, filters as per-location and per-stack flags, the plan) is
// cached; the values of the last type/filter are too, so a new sort or node
// count only re-trims.

import { NONE, perLabelSet, type Profile } from '../model';
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
import { buildEntryNodes, type EntryNodes, type NodeTable } from './nodes';
import { readSide, type SideRead } from './side-read';
import { buildPlan, OCC_FIRST, OCC_INNER, preorder, type NodeCache, type Plan, type Tree } from './plan';
import type { Granularity, ReportOptionValues } from './options';
import { ReportQueryError } from './query-error';

/** What the engine computes: pprof's options (options.ts) with the sample type resolved to its index. */
export interface EngineOptions extends FilterOptions, Pick<ReportOptionValues, 'granularity' | 'cum' | 'nodeCount' | 'nodeFraction' | 'edgeFraction' | 'blame'> {
  /** Index into profile.sampleTypes (resolve names with sampleIndexByName). */
  sampleIndex: number;
  /** The libraries blame skips (attribution.ts WELL_KNOWN_LIBRARIES by default). */
  libraries?: readonly string[];
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
    if (i < 0 || i >= types.length) throw new ReportQueryError('sample_index', `sample_index ${text} is outside the range [0..${types.length - 1}]`);
    return i;
  }
  const noInuse = text.replace(/^inuse_/, '');
  const i = types.findIndex((t) => t === text || t === noInuse);
  if (i < 0) throw new ReportQueryError('sample_index', `sample_index "${text}" must be one of: [${types.join(' ')}]`);
  return i;
}


interface BlameCache {
  /** Innermost user entry (relative index) per location, -1 for none. */
  userEntry: Int32Array;
  /** Deepest stack node at or above each stack node with a user entry; NONE for none. */
  target: Int32Array;
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

/** ReportEngine.locationNodes. */
export interface LocationNodes {
  /** Entries of location i: entryNode[entryStart[i] .. entryStart[i+1]-1], innermost first. */
  entryStart: Int32Array;
  entryNode: Int32Array;
  nodes: NodeTable;
  inlineCapable: Uint8Array;
  /**
   * With blame: per location, its innermost user entry (relative index),
   * -1 for none. A sample is charged to the deepest stack node with one,
   * at that entry: the entries inside it and the nodes below do not count it.
   */
  userEntry: Int32Array | null;
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

export interface NodeValues {
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

/** own and sub (Float64), their sample counts (Int32): the per-stack values' bytes a stack node. */
const VALUE_BYTES_PER_STACK = 24;
/** Per-stack values up to this size are kept by releaseLargeValues: 5.6 M stack nodes. */
const KEEP_VALUES_UP_TO_BYTES = 128 * 2 ** 20;

/** Steps 1 and 2 (see the file comment) and their caches, for every report view. */
export class ReportEngine {
  private tree?: Tree;
  private readonly totals = new Map<number, number>();
  private readonly entryNodes = new Map<Granularity, EntryNodes>();
  // Bounded: per-stack arrays are megabytes on a big profile.
  private readonly lineViews = new BoundedMap<string, LineView>(8);
  private readonly focusViews = new BoundedMap<string, FocusView>(16);
  private readonly keeps = new BoundedMap<string, Uint8Array>(8);
  private readonly nodeCaches = new BoundedMap<string, NodeCache>(8);
  private readonly blames = new BoundedMap<string, BlameCache>(2);
  private readonly userEntries = new BoundedMap<string, Int32Array>(2);
  private readonly sideReads = new BoundedMap<string, SideRead>(2);
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
      const based = perLabelSet(l, (from, to) => {
        for (let k = from; k < to; k++) if (l.key[k] === key && !l.isNum[k] && p.strings[l.str[k]] === DIFF_BASE_LABEL.value) return true;
        return false;
      });
      for (let i = 0; i < s.length; i++) {
        if (!based[s.labelSet[i]]) continue;
        mask ??= new Uint8Array(s.length);
        mask[i] = 1;
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


  private getEntryNodes(g: Granularity): EntryNodes {
    return getOrMake(this.entryNodes, g, () => buildEntryNodes(this.profile, g));
  }

  private getLineView(o: FilterOptions): LineView {
    return getOrMake(this.lineViews, linesKey(o), () => buildLineView(this.profile, o));
  }

  private getFocusView(o: FilterOptions): FocusView {
    return getOrMake(this.focusViews, focusKey(o), () => buildFocusView(this.profile, o));
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

  /**
   * How this engine reads each location at granularity `g`: its line view's
   * entries (innermost first) and the report node of each entry, with the
   * node table and the nodes an inline edge can reach (the plan's inputs).
   */
  locationNodes(o: EngineOptions, g: Granularity): LocationNodes {
    const view = this.getLineView(o);
    const c = this.getNodeCache(o, g);
    return { entryStart: view.entryStart, entryNode: c.entryNode, nodes: c.nodes.nodes, inlineCapable: c.inlineCapable, userEntry: this.getUserEntry(o) };
  }

  /**
   * The profile read as a side of a comparison's split report at the
   * options' sample type (report/side-read.ts); the last two kept.
   */
  sideRead(o: EngineOptions): SideRead {
    const g = o.granularity ?? 'functions';
    return getOrMake(this.sideReads, `${this.locationReading(o, g)}|${o.sampleIndex}`, () => readSide(this.profile, this.locationNodes(o, g), o.sampleIndex));
  }

  private blameKey(o: EngineOptions): string {
    return o.blame ? `${linesKey(o)}|${(o.libraries ?? WELL_KNOWN_LIBRARIES).join(' ')}` : '';
  }

  private getBlame(o: EngineOptions): BlameCache | null {
    const key = this.blameKey(o);
    if (key === '') return null;
    let c = this.blames.get(key);
    if (c) return c;
    const userEntry = this.getUserEntry(o)!;
    const { parent, location, length: n } = this.profile.stacks;
    const target = new Int32Array(n);
    for (let s = 0; s < n; s++) {
      target[s] = userEntry[location[s]] >= 0 ? s : parent[s] === NONE ? NONE : target[parent[s]];
    }
    c = { userEntry, target };
    this.blames.set(key, c);
    return c;
  }

  /** BlameCache.userEntry; null without blame. */
  private getUserEntry(o: EngineOptions): Int32Array | null {
    const key = this.blameKey(o);
    if (key === '') return null;
    return getOrMake(this.userEntries, key, () => {
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
      return userEntry;
    });
  }

  /**
   * What decides the report nodes each location reads as and where blame
   * puts a sample: the line filters, the granularity, blame and its
   * libraries. Two engines that say the same read a location of the same
   * functions, lines, addresses and mapping file alike (the plan's key).
   */
  locationReading(o: EngineOptions, g: Granularity = o.granularity ?? 'functions'): string {
    return `${linesKey(o)}|${g}|${this.blameKey(o)}`;
  }

  private getPlan(o: EngineOptions, g: Granularity): Plan {
    return getOrMake(this.plans, this.locationReading(o, g), () => {
      this.tree ??= preorder(this.profile.stacks);
      return buildPlan(this.profile.stacks, this.tree, this.getLineView(o), this.getNodeCache(o, g), this.getBlame(o)?.userEntry ?? null);
    });
  }

  /**
   * Step 2: sample values on their (possibly re-attributed) stack nodes,
   * then one reverse pass that completes each subtree sum just before it is
   * used: cum of the first occurrences, flat of the flat node.
   */
  protected getNodeValues(o: EngineOptions, g: Granularity): NodeValues {
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
   * Lets the last values and their per-stack scratch go when they are large
   * (hundreds of MB on a profile of millions of stack nodes); the next call
   * computes them again. Smaller ones stay: making them again would cost the
   * next view (the flame graph's or call tree's first tab) more than they
   * weigh (docs/decisions/0023). The plan and the other caches stay.
   */
  releaseLargeValues(): void {
    if (this.scratch && this.scratch.own.length * VALUE_BYTES_PER_STACK <= KEEP_VALUES_UP_TO_BYTES) return;
    this.lastNodeValues = undefined;
    this.scratch = undefined;
  }

  /** The per-node values of the options, with what a view builds on them. */
  graphInput(o: EngineOptions): GraphInput {
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

function getOrMake<K, V>(cache: Map<K, V>, key: K, make: () => V): V {
  let v = cache.get(key);
  if (v === undefined) {
    v = make();
    cache.set(key, v);
  }
  return v;
}
