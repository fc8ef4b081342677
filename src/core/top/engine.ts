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
//   1. one pass over samples puts each sample's value on its leaf stack node
//      (`own`), one reverse pass sums subtrees (`sub`);
//   2. one depth-first walk of the stack tree, keeping a count of how often
//      each node (and edge) is on the current path, adds `sub` of a stack
//      node to a report node only where the node enters the path.
//
// Zero-valued samples are skipped as pprof skips them (they still matter
// for edges: `cnt` counts contributing samples, since values can cancel).
//
// Everything that does not depend on the sample type (the stack tree order,
// nodes per granularity, location filters, per-stack filter flags) is
// cached, so switching the sample type or the sort re-runs only the passes.

import { NONE, type Profile } from '../model/profile';
import { DIFF_BASE_LABEL } from '../diff';
import {
  buildLocationView,
  compileTagFilters,
  filterKey,
  FocusClass,
  type FilterOptions,
  type LocationView,
} from '../filter';
import { isUserFunction, WELL_KNOWN_LIBRARIES } from './attribution';
import { buildEntryNodes, type EntryNodes, type Granularity } from './nodes';

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
  /** Stack nodes in depth-first preorder. */
  order: Int32Array;
  /** Position in `order` just after the subtree of each stack node. */
  end: Int32Array;
}

interface ViewCache {
  view: LocationView;
  /** Stack nodes whose samples survive focus/ignore/hide/show_from. */
  keep: Uint8Array;
}

interface NodeCache {
  nodes: EntryNodes;
  /** Report node of each entry of the location view. */
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

export class TopEngine {
  private tree?: Tree;
  private readonly totals = new Map<number, number>();
  private readonly entryNodes = new Map<Granularity, EntryNodes>();
  private readonly views = new Map<string, ViewCache>();
  private readonly nodeCaches = new Map<string, NodeCache>();
  private readonly blames = new Map<string, BlameCache>();
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
    // Children in CSR form, then an explicit-stack preorder walk.
    const childCount = new Int32Array(n + 1);
    for (let s = 0; s < n; s++) childCount[parent[s] + 1]++;
    const start = new Int32Array(n + 2);
    for (let i = 0; i <= n; i++) start[i + 1] = start[i] + childCount[i];
    const fill = start.slice(0, n + 1);
    const child = new Int32Array(n);
    for (let s = 0; s < n; s++) child[fill[parent[s] + 1]++] = s;
    const order = new Int32Array(n);
    const end = new Int32Array(n);
    const stack = new Int32Array(n + 1);
    const cursor = new Int32Array(n + 1);
    let k = 0;
    let sp = 0;
    stack[0] = -1; // virtual root, slot 0 of start/child
    cursor[0] = start[0];
    while (sp >= 0) {
      const s = stack[sp];
      const slot = s + 1;
      if (cursor[sp] < start[slot + 1]) {
        const c = child[cursor[sp]++];
        order[k++] = c;
        stack[++sp] = c;
        cursor[sp] = start[c + 1];
      } else {
        if (s >= 0) end[s] = k;
        sp--;
      }
    }
    this.tree = { order, end };
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

  private getView(o: FilterOptions): ViewCache {
    const key = filterKey(o);
    let c = this.views.get(key);
    if (c) return c;
    const p = this.profile;
    const view = buildLocationView(p, o);
    const { parent, location, length: n } = p.stacks;
    // Bits along the path: 1 focused location, 2 ignored, 4 visible, 8 show_from match.
    const flags = new Uint8Array(n);
    const keep = new Uint8Array(n);
    for (let s = 0; s < n; s++) {
      const loc = location[s];
      let f = parent[s] === NONE ? 0 : flags[parent[s]];
      const fc = view.focusClass[loc];
      if (fc === FocusClass.focus) f |= 1;
      else if (fc === FocusClass.ignore) f |= 2;
      if (view.entryStart[loc + 1] > view.entryStart[loc]) f |= 4;
      if (view.showFrom[loc]) f |= 8;
      flags[s] = f;
      keep[s] = (f & 7) === 5 && (!view.hasShowFrom || (f & 8) !== 0) ? 1 : 0;
    }
    c = { view, keep };
    this.views.set(key, c);
    return c;
  }

  private getNodeCache(o: FilterOptions, g: Granularity): NodeCache {
    const key = `${filterKey(o)}|${g}`;
    let c = this.nodeCaches.get(key);
    if (c) return c;
    const { view } = this.getView(o);
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

  private getBlame(o: FilterOptions, libraries: readonly string[]): BlameCache {
    const key = `${filterKey(o)}|${libraries.join(' ')}`;
    let c = this.blames.get(key);
    if (c) return c;
    const p = this.profile;
    const { view } = this.getView(o);
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

  compute(o: TopOptions): TopResult {
    const p = this.profile;
    const t = o.sampleIndex;
    const g = o.granularity ?? 'functions';
    const nodeFraction = o.nodeFraction ?? 0.005;
    const edgeFraction = o.edgeFraction ?? 0.001;
    const nodeCount = o.nodeCount ?? 0;
    const total = this.total(t);
    const tree = this.getTree();
    const { view, keep } = this.getView(o);
    const nc = this.getNodeCache(o, g);
    const blame = o.blame ? this.getBlame(o, o.libraries ?? WELL_KNOWN_LIBRARIES) : null;
    const tags = compileTagFilters(p, o);
    const warnings = [...tags.messages, ...view.warnings];

    // 1. Sample values on their (possibly re-attributed) stack node.
    const nS = p.stacks.length;
    const nT = p.sampleTypes.length;
    const own = new Float64Array(nS);
    const ownCnt = new Int32Array(nS);
    const smp = p.samples;
    let tfm = false;
    let tim = false;
    for (let i = 0; i < smp.length; i++) {
      const s = smp.stack[i];
      if (s === NONE) continue;
      const v = smp.values[i * nT + t];
      if (v === 0 || !keep[s]) continue;
      if (tags.focus) {
        if (!tags.focus(i)) continue;
        tfm = true;
      }
      if (tags.ignore && tags.ignore(i)) {
        tim = true;
        continue;
      }
      const target = blame && blame.target[s] !== NONE ? blame.target[s] : s;
      own[target] += v;
      ownCnt[target]++;
    }
    if (o.tagFocus && !tfm) warnings.push('TagFocus expression matched no samples');
    if (o.tagIgnore && !tim) warnings.push('TagIgnore expression matched no samples');
    const sub = own.slice();
    const subCnt = ownCnt.slice();
    const parent = p.stacks.parent;
    for (let s = nS - 1; s >= 0; s--) {
      const q = parent[s];
      if (q !== NONE) {
        sub[q] += sub[s];
        subCnt[q] += subCnt[s];
      }
    }

    const nN = nc.nodes.nodes.length;
    const flat = new Float64Array(nN);
    const cum = new Float64Array(nN);
    const walker = new Walker(p, tree, view, nc.entryNode, blame?.userEntry ?? null, own, ownCnt, sub, subCnt);
    walker.nodes(flat, cum);

    // 2. pprof's trimming: node fraction, then node count (report.newTrimmedGraph).
    let nodes: number[] = [];
    let flatAll = 0;
    for (let n = 0; n < nN; n++) {
      if (flat[n] !== 0 || cum[n] !== 0) {
        nodes.push(n);
        flatAll += flat[n];
      }
    }
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
    const names = nc.nodes.nodes.name;
    const sprint = nc.nodes.nodes.sprint;
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

    // 3. "(inline)": from the edges into each row that survive the edge cutoff.
    const marks = new Uint8Array(nN); // bit 1 inline edge, bit 2 non-inline edge
    const candidate = new Uint8Array(nN);
    let anyCandidate = false;
    for (const n of nodes) {
      if (nc.inlineCapable[n]) {
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
      walker.edges(kept, candidate, nN, (dst, weight, inline) => {
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
      warnings,
    };
  }
}

function cmpName(names: string[], a: number, b: number): number {
  return names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0;
}

/** The depth-first walk of step 2, for node values or for edges. */
class Walker {
  constructor(
    private readonly p: Profile,
    private readonly tree: Tree,
    private readonly view: LocationView,
    private readonly entryNode: Int32Array,
    private readonly userEntry: Int32Array | null,
    private readonly own: Float64Array,
    private readonly ownCnt: Int32Array,
    private readonly sub: Float64Array,
    private readonly subCnt: Int32Array,
  ) {}

  nodes(flat: Float64Array, cum: Float64Array): void {
    const onPath = new Int32Array(flat.length);
    this.walk(null, (n, val) => {
      if (onPath[n]++ === 0) cum[n] += val;
      return n;
    }, (x) => onPath[x]--, (n, v) => (flat[n] += v));
  }

  edges(
    kept: Uint8Array | null,
    candidate: Uint8Array,
    nNodes: number,
    report: (dst: number, weight: number, inline: boolean) => void,
  ): void {
    const ids = new Map<number, number>();
    const weight: number[] = [];
    const inline: boolean[] = [];
    const dstOf: number[] = [];
    const onPath: number[] = [];
    this.walk(
      kept,
      (n, val, isInline, prev) => {
        if (prev < 0 || prev === n || !candidate[n]) return -1;
        const key = prev * nNodes + n;
        let id = ids.get(key);
        if (id === undefined) {
          id = weight.length;
          ids.set(key, id);
          weight.push(0);
          inline.push(isInline);
          dstOf.push(n);
          onPath.push(0);
        }
        if (onPath[id]++ === 0) {
          weight[id] += val;
          if (!isInline) inline[id] = false;
        }
        return id;
      },
      (x) => onPath[x]--,
      null,
    );
    for (let id = 0; id < weight.length; id++) report(dstOf[id], weight[id], inline[id]);
  }

  /**
   * Preorder over stack nodes with the path kept on an explicit stack.
   * `enter(node, value, isInline, prev)` is called for each kept entry with a
   * contributing sample and returns an id to release when the stack node is
   * left (or -1); `flatTo` receives the stack node's own value.
   */
  private walk(
    kept: Uint8Array | null,
    enter: (n: number, val: number, isInline: boolean, prev: number) => number,
    leave: (id: number) => void,
    flatTo: ((n: number, v: number) => void) | null,
  ): void {
    const { order, end } = this.tree;
    const { parent, location } = this.p.stacks;
    const { entryStart, showFrom, hasShowFrom } = this.view;
    const { entryNode, userEntry, own, ownCnt, sub, subCnt } = this;
    const fStack: number[] = [];
    const fPrev: number[] = [];
    const fLast: number[] = [];
    const fActive: boolean[] = [];
    const fLog: number[] = [];
    const log: number[] = [];
    const n = order.length;
    for (let k = 0; k < n; ) {
      const s = order[k];
      if (subCnt[s] === 0) {
        k = end[s];
        continue;
      }
      const par = parent[s];
      while (fStack.length > 0 && fStack[fStack.length - 1] !== par) {
        const from = fLog.pop()!;
        for (let j = log.length - 1; j >= from; j--) leave(log[j]);
        log.length = from;
        fStack.pop();
        fPrev.pop();
        fLast.pop();
        fActive.pop();
      }
      const top = fStack.length - 1;
      let prev = top >= 0 ? fPrev[top] : -1;
      let last = top >= 0 ? fLast[top] : -1;
      let active = top >= 0 ? fActive[top] : !hasShowFrom;
      const loc = location[s];
      if (!active && showFrom[loc]) active = true;
      const logFrom = log.length;
      const e0 = entryStart[loc];
      const e1 = entryStart[loc + 1];
      let flatNode = last;
      if (active && e1 > e0) {
        const fe = userEntry !== null && userEntry[loc] > 0 ? userEntry[loc] : 0;
        const outer = e1 - e0 - 1;
        for (let r = outer; r >= 0; r--) {
          const innerOnly = r < fe;
          const cnt = innerOnly ? subCnt[s] - ownCnt[s] : subCnt[s];
          if (cnt === 0) break;
          const val = innerOnly ? sub[s] - own[s] : sub[s];
          const node = entryNode[e0 + r];
          if (kept !== null && kept[node] === 0) {
            last = -1;
          } else {
            const id = enter(node, val, r !== outer, prev);
            if (id >= 0) log.push(id);
            prev = node;
            last = node;
          }
          if (r === fe) flatNode = last;
        }
      }
      if (flatTo !== null && ownCnt[s] > 0 && flatNode >= 0) flatTo(flatNode, own[s]);
      fStack.push(s);
      fPrev.push(prev);
      fLast.push(last);
      fActive.push(active);
      fLog.push(logFrom);
      k++;
    }
  }
}
