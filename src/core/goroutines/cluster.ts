// Goroutines → clusters. Goroutines that do the same thing have the same
// stack; a similarity level decides what "the same" means (panicparse's idea
// of similarity levels, our own algorithm):
//
//   exact      same frames, lines and arguments (arguments exist only in ?debug=2 dumps)
//   lines      same frames and lines, arguments ignored
//   functions  same function sequence, lines ignored
//   parked     same place of parking (the first non-runtime frame from the
//              leaf, with its line) and the same kind of state (parked /
//              IO wait / active / other: see keyClass)
//
// Keys ignore the runtime's frames at the leaf (runtime.gopark ←
// runtime.chanrecv ← …): the proto has them, dumps and ?debug=1 text hide
// them, so without them the same goroutine gets the same key in every format.
// They are not lost: they say the state when the profile does not.
//
// Linear time. Proto and ?debug=1 profiles already aggregate goroutines per
// stack (a sample is a stack, its value the count), so most work is per stack
// node: the profile's stack tree is re-interned, in one forward pass over
// parent-first nodes, into a tree of canonical frames (function name + file
// [+ line]) with the open-addressing table the builder uses; a cluster is a
// node of that tree. Per goroutine there is O(1) work plus its labels and,
// at `exact`, its arguments.

import { Interner } from '../model';
import { mixText, NONE, defaultSampleIndex, perLabelSet, type Profile } from '../model';
import { CanonicalFrames, CanonicalTree, Leaves } from './canonical';
import { buildFrameTable, FRAME_KIND_NAMES, type FrameKindName, type FrameTable } from './frames';
import { isParked, PARKED, stateCategory, type StateCategory } from './states';

export type SimilarityLevel = 'exact' | 'lines' | 'functions' | 'parked';
export const SIMILARITY_LEVELS: readonly SimilarityLevel[] = ['exact', 'lines', 'functions', 'parked'];

export interface GoroutineFrame {
  fn: string;
  file: string;
  /** 0 when unknown. */
  line: number;
  kind: FrameKindName;
  /** Inlined into the frame below it (its caller). */
  inline: boolean;
  /** "(0xc000010000, 0x1)" from a ?debug=2 dump. */
  args?: string;
}

export interface StateCount {
  state: string;
  category: StateCategory;
  count: number;
  /** Dumps only: how long they waited, longest first ("[chan receive, 2 minutes]"; 0 = under a minute). */
  minutes?: { minutes: number; count: number }[];
}

export interface GoroutineCluster {
  /** Identity across profiles at this level: names, files, lines (never string-table indexes). */
  key: string;
  count: number;
  /** Largest first. */
  states: StateCount[];
  /** Goroutines in a PARKED category (channel ops, select, locks, cond, sleep). */
  parkedCount: number;
  /** Minutes blocked from dump headers; null without a dump. 0 = under a minute. */
  waitMinutes: { min: number; max: number } | null;
  lockedToThread: number;
  /** The most common `created by` frame and how many goroutines it made. */
  createdBy: { frame: GoroutineFrame; count: number } | null;
  /** pprof string labels ("k=v, k2=v2"), most common first, at most MAX_LABEL_SETS. */
  labels: { labels: string; count: number }[];
  /** First non-runtime frame from the leaf: where the goroutine is parked. */
  parkFrame: GoroutineFrame | null;
  /** First user-code frame from the leaf (may equal parkFrame). */
  userFrame: GoroutineFrame | null;
  /** Stack of the most common member, leaf first, runtime frames included and marked. */
  stack: GoroutineFrame[];
  /** How many different stacks the cluster merged (1 at `lines`, unless locations differ only in address). */
  stackVariants: number;
  /** A few goroutine ids (dumps only). */
  goids: number[];
}

export interface GoroutineSnapshot {
  level: SimilarityLevel;
  format: Profile['format'];
  /** Goroutines in the profile (sum of the count sample type). */
  total: number;
  /** States come from dump headers ('dump') or were read off the frames ('stack'). */
  stateSource: 'dump' | 'stack';
  /** Largest first, then by key. */
  clusters: GoroutineCluster[];
}

export interface ClusterOptions {
  level?: SimilarityLevel;
  /** Sample type holding the goroutine count; default: "goroutine", else pprof's default. */
  sampleIndex?: number;
}

export const MAX_LABEL_SETS = 5;
export const MAX_GOIDS = 5;

const KEY_SEP = '\n';

/** Clusters the goroutines of one profile. */
export function clusterGoroutines(profile: Profile, options: ClusterOptions = {}): GoroutineSnapshot {
  const level = options.level ?? 'lines';
  const frames = buildFrameTable(profile);
  const g = profile.goroutines && profile.goroutines.length === profile.samples.length ? profile.goroutines : undefined;
  const canon = new CanonicalTree(profile.stacks, frames, new CanonicalFrames(frames, level !== 'functions'));
  const states = new Interner<string>();
  const leaves = new Leaves(canon, states);
  const assigned = assignClusters({ profile, g, level, canon, leaves, states });
  const summaries = new ClusterSummaries({
    profile,
    g,
    frames,
    leaves,
    states: states.values,
    valueIndex: options.sampleIndex ?? countSampleIndex(profile),
    sampleState: assigned.sampleState,
  });
  const keys: KeyContext = { level, profile, frames, canon, leaves, g, keyText: new Map() };
  const clusters: GoroutineCluster[] = [];
  const parts: KeyParts[] = [];
  let total = 0;
  forEachCluster(assigned, (c, members) => {
    const first = assigned.rep[c];
    const { summary, leaf, park } = summaries.summarize(members, first);
    total += summary.count;
    const kp = clusterKey(keys, { first, leaf, park, category: summary.states[0]?.category });
    parts.push(kp);
    summary.key = kp.rest === '' ? kp.frames : kp.frames + kp.rest;
    clusters.push(summary);
  });
  return { level, format: profile.format, total, stateSource: g ? 'dump' : 'stack', clusters: sortClusters(clusters, parts) };
}

type Goroutines = NonNullable<Profile['goroutines']>;

interface AssignContext {
  profile: Profile;
  g: Goroutines | undefined;
  level: SimilarityLevel;
  canon: CanonicalTree;
  leaves: Leaves;
  states: Interner<string>;
}

interface Assignment {
  /** Per sample (goroutine): its cluster and its state (into the state interner). */
  sampleCluster: Int32Array;
  sampleState: Int32Array;
  /** Per cluster: its first sample. */
  rep: number[];
}

/** The cluster of every goroutine (sample), and its state. */
function assignClusters(ctx: AssignContext): Assignment {
  const { profile, g, level, leaves, states } = ctx;
  const { samples } = profile;
  const fid = ctx.canon.ids.id;
  const nSamples = samples.length;
  const sampleCluster = new Int32Array(nSamples);
  const sampleState = new Int32Array(nSamples);
  const clusterIndex = new Map<number, number>();
  const rep: number[] = [];
  const byArgs = level === 'exact' && g ? new ArgClusters(g, profile.strings) : undefined;
  const byPark = level === 'parked';
  const dumpStates = g ? new Int32Array(profile.strings.length).fill(-1) : undefined;
  for (let i = 0; i < nSamples; i++) {
    const leaf = samples.stack[i];
    const keyNode = leaves.keyOf(leaf);
    let state: number;
    if (g && dumpStates) {
      const s = g.state[i];
      if (dumpStates[s] < 0) dumpStates[s] = states.intern(profile.strings[s]);
      state = dumpStates[s];
    } else {
      state = leaf === NONE ? states.intern('unknown') : leaves.state[leaf];
    }
    sampleState[i] = state;

    let key: number;
    if (byPark) {
      const k = leaf === NONE ? -1 : leaves.park[leaf];
      const pf = k < 0 ? -1 : fid[k];
      const cat = KEY_CLASSES.indexOf(keyClass(stateCategory(states.values[state])));
      key = (pf + 1) * 64 + cat;
    } else {
      key = keyNode + 1;
    }
    if (byArgs) {
      sampleCluster[i] = byArgs.clusterOf(key, i, leaf === NONE ? 0 : leaves.depth[leaf], rep);
      continue;
    }
    let c = clusterIndex.get(key);
    if (c === undefined) {
      c = rep.length;
      rep.push(i);
      clusterIndex.set(key, c);
    }
    sampleCluster[i] = c;
  }
  return { sampleCluster, sampleState, rep };
}

/**
 * At `exact` with a dump: clusters by (key, argument list). The first
 * cluster of each (key, argument hash) bucket is in `first`; the rest of a
 * bucket is chained through `next`, in the order made.
 */
class ArgClusters {
  private readonly first = new Map<number, number>();
  private readonly next: number[] = [];

  constructor(
    private readonly g: Goroutines,
    private readonly strings: readonly string[],
  ) {}

  /** The cluster of goroutine i under `key` with the same arguments; a new one (its first sample pushed on `rep`) when none. */
  clusterOf(key: number, i: number, depth: number, rep: number[]): number {
    const g = this.g;
    const hk = key * 1048576 + hashArgs(this.strings, g.frameArgs, g.argStart[i], argCount(g, i, depth));
    let last = -1;
    for (let cand = this.first.get(hk) ?? -1; cand >= 0; cand = this.next[cand]) {
      if (sameArgs(this.strings, g, i, rep[cand], depth)) return cand;
      last = cand;
    }
    const c = rep.length;
    rep.push(i);
    this.next.push(-1);
    if (last < 0) this.first.set(hk, c);
    else this.next[last] = c;
    return c;
  }
}

/** Calls `each` per cluster with its goroutines in sample order (a counting sort). */
function forEachCluster(a: Assignment, each: (c: number, members: Int32Array) => void): void {
  const nc = a.rep.length;
  const n = a.sampleCluster.length;
  const start = new Int32Array(nc + 1);
  for (let i = 0; i < n; i++) start[a.sampleCluster[i] + 1]++;
  for (let c = 0; c < nc; c++) start[c + 1] += start[c];
  const members = new Int32Array(n);
  const cursor = start.slice(0, nc);
  for (let i = 0; i < n; i++) members[cursor[a.sampleCluster[i]]++] = i;
  // A view only where a cluster has several: most at `exact` in a dump have one goroutine.
  const one = new Int32Array(1);
  for (let c = 0; c < nc; c++) {
    if (start[c + 1] - start[c] === 1) {
      one[0] = members[start[c]];
      each(c, one);
    } else each(c, members.subarray(start[c], start[c + 1]));
  }
}

const STATE_BITS = 2 ** 20;

interface SummaryContext {
  profile: Profile;
  g: Goroutines | undefined;
  frames: FrameTable;
  leaves: Leaves;
  /** State names, by the numbers in sampleState. */
  states: readonly string[];
  sampleState: Int32Array;
  /** The sample type counting goroutines. */
  valueIndex: number;
}

/** What a cluster's goroutines count up to: all of it but its key and the frames of its most common stack. */
type Counted = Omit<GoroutineCluster, 'key' | 'parkFrame' | 'userFrame' | 'stack'>;

/** A cluster (its key still '': it needs the summary), and the leaf and parking frame of its most common stack. */
interface ClusterSummary {
  summary: GoroutineCluster;
  leaf: number;
  park: number;
}

/**
 * Everything about a cluster from its goroutines, counted in arrays indexed
 * by state, stack node and location that are reset after each cluster (only
 * the entries it touched): a cluster of one goroutine, the common case at
 * `exact` in a dump, costs no Map.
 */
class ClusterSummaries {
  private readonly stateParked: boolean[];
  private readonly stateCat: StateCategory[];
  private readonly labelText: (i: number) => string;
  private readonly stateCount: Float64Array;
  private readonly statesSeen: number[] = [];
  private readonly variantCount: Float64Array; // by leaf + 1
  private readonly variantFirst: Int32Array; // first sample
  private readonly variantsSeen: number[] = [];
  private readonly creatorCount: Float64Array;
  private readonly creatorsSeen: number[] = [];
  private readonly minuteCounts = new Map<number, number>(); // minutes * 2^20 + state → count
  private readonly labelCounts = new Map<string, number>();
  private readonly frameObjects: FrameObjects;
  /** summarizeOne's shared parts, by what makes them. */
  private readonly one = {
    states: new Map<number, StateCount[]>(),
    wait: new Map<number, { min: number; max: number }>(),
    creator: new Map<number, { frame: GoroutineFrame; count: number }>(),
    labels: new Map<string, { labels: string; count: number }[]>(),
  };

  constructor(private readonly ctx: SummaryContext) {
    const { profile, states } = ctx;
    if (states.length >= STATE_BITS) throw new Error('too many goroutine states');
    this.stateParked = states.map(isParked);
    this.stateCat = states.map(stateCategory);
    this.labelText = sampleLabelText(profile);
    this.stateCount = new Float64Array(states.length);
    this.variantCount = new Float64Array(profile.stacks.length + 1);
    this.variantFirst = new Int32Array(profile.stacks.length + 1).fill(-1);
    this.creatorCount = new Float64Array(ctx.g ? profile.locations.length : 0);
    this.frameObjects = new FrameObjects(profile, ctx.frames, ctx.g);
  }

  /** The summary of the cluster of `members`, whose first goroutine is `first`. */
  summarize(members: Int32Array, first: number): ClusterSummary {
    if (members.length === 1) return this.summarizeOne(first);
    const { profile, g } = this.ctx;
    const t = this.tally(members);
    const { rep, variants } = this.mostCommonStack(first);
    const states = this.states();
    const creator = this.creator();
    const labels = this.labels();
    return this.withStack(rep, {
      count: t.count,
      states,
      parkedCount: t.parked,
      waitMinutes: g ? { min: t.waitMin, max: t.waitMax } : null,
      lockedToThread: t.locked,
      createdBy: creator ? { frame: this.frameObjects.locationFrame(creator.loc), count: creator.count } : null,
      labels: labels.length > MAX_LABEL_SETS ? labels.slice(0, MAX_LABEL_SETS) : labels,
      stackVariants: variants,
      goids: t.goids,
    });
  }

  /** The cluster of `counted`, with the frames of goroutine `rep`'s stack (its most common). */
  private withStack(rep: number, counted: Counted): ClusterSummary {
    const leaf = this.ctx.profile.samples.stack[rep];
    const frames = this.frameObjects;
    const park = leaf === NONE ? -1 : this.ctx.leaves.park[leaf];
    const user = leaf === NONE ? -1 : this.ctx.leaves.user[leaf];
    const summary = new Cluster(counted, park >= 0 ? frames.frameOf(park) : null, user >= 0 ? frames.frameOf(user) : null, frames, rep);
    return { summary, leaf, park };
  }

  /**
   * summarize() of a cluster of one goroutine, with none of its tallies: at
   * `exact` in a dump most clusters are one goroutine. A dump's goroutine
   * counts 1, and then its states, wait, creator and labels repeat from
   * cluster to cluster: they are shared, frozen (decision 0040).
   */
  private summarizeOne(i: number): ClusterSummary {
    const { profile, g, sampleState, valueIndex } = this.ctx;
    const v = profile.samples.values[i * profile.sampleTypes.length + valueIndex];
    const st = sampleState[i];
    const w = g ? g.waitMinutes[i] : 0;
    const cb = g ? g.createdBy[i] : NONE;
    const lt = this.labelText(i);
    const one = v === 1 ? this.one : null;
    // Looked up, and made only when missing: no closure per cluster (there are as many as goroutines).
    // w below 2^32 keeps the key exact (a hostile dump can say any number of minutes).
    const sk = w * STATE_BITS + st;
    const states = one && w < 2 ** 32 ? (one.states.get(sk) ?? remember(one.states, sk, this.oneState(st, v, w).map(frozenState))) : this.oneState(st, v, w);
    let createdBy: Counted['createdBy'] = null;
    if (cb !== NONE) createdBy = one ? (one.creator.get(cb) ?? remember(one.creator, cb, { frame: this.frameObjects.locationFrame(cb), count: v })) : { frame: this.frameObjects.locationFrame(cb), count: v };
    return this.withStack(i, {
      count: v,
      states,
      parkedCount: this.stateParked[st] ? v : 0,
      waitMinutes: !g ? null : one ? (one.wait.get(w) ?? remember(one.wait, w, { min: w, max: w })) : { min: w, max: w },
      lockedToThread: g && g.lockedToThread[i] ? v : 0,
      createdBy,
      labels: !lt ? [] : one ? (one.labels.get(lt) ?? remember(one.labels, lt, [Object.freeze({ labels: lt, count: v })])) : [{ labels: lt, count: v }],
      stackVariants: 1,
      goids: g ? [g.goid[i]] : [],
    });
  }

  /** The states of a cluster of one goroutine in state `st`, counting `v`, waiting `w` minutes. */
  private oneState(st: number, v: number, w: number): StateCount[] {
    const state: StateCount = { state: this.ctx.states[st], category: this.stateCat[st], count: v };
    if (this.ctx.g) state.minutes = [{ minutes: w, count: v }];
    return [state];
  }

  /** Counts the members by state, stack, labels, wait and creator. */
  private tally(members: Int32Array) {
    const { profile, g, sampleState, valueIndex } = this.ctx;
    const { samples } = profile;
    const nTypes = profile.sampleTypes.length;
    const { stateCount, statesSeen, variantCount, variantFirst, variantsSeen, labelCounts } = this;
    const t = { count: 0, parked: 0, locked: 0, waitMin: Infinity, waitMax: -Infinity, goids: [] as number[] };
    for (let m = 0; m < members.length; m++) {
      const i = members[m];
      const v = samples.values[i * nTypes + valueIndex];
      t.count += v;
      const st = sampleState[i];
      if (stateCount[st] === 0 && !statesSeen.includes(st)) statesSeen.push(st);
      stateCount[st] += v;
      if (this.stateParked[st]) t.parked += v;
      // Variants: the distinct stacks a cluster merged.
      const vk = samples.stack[i] + 1;
      if (variantFirst[vk] < 0) {
        variantFirst[vk] = i;
        variantsSeen.push(vk);
      }
      variantCount[vk] += v;
      const lt = this.labelText(i);
      if (lt) labelCounts.set(lt, (labelCounts.get(lt) ?? 0) + v);
      if (g) {
        const w = g.waitMinutes[i];
        const mk = w * STATE_BITS + st;
        this.minuteCounts.set(mk, (this.minuteCounts.get(mk) ?? 0) + v);
        if (w < t.waitMin) t.waitMin = w;
        if (w > t.waitMax) t.waitMax = w;
        if (g.lockedToThread[i]) t.locked += v;
        const cb = g.createdBy[i];
        if (cb !== NONE) {
          if (this.creatorCount[cb] === 0 && !this.creatorsSeen.includes(cb)) this.creatorsSeen.push(cb);
          this.creatorCount[cb] += v;
        }
        if (t.goids.length < MAX_GOIDS) t.goids.push(g.goid[i]);
      }
    }
    return t;
  }

  /** The most common stack's first sample (the first in the profile among equals), and how many stacks there were. */
  private mostCommonStack(first: number): { rep: number; variants: number } {
    const { variantCount, variantFirst, variantsSeen } = this;
    let best = -1;
    let bestCount = 0;
    for (const vk of variantsSeen) {
      const vn = variantCount[vk];
      const f = variantFirst[vk];
      if (vn > bestCount || (vn === bestCount && f < best)) {
        best = f;
        bestCount = vn;
      }
      variantCount[vk] = 0;
      variantFirst[vk] = -1;
    }
    const variants = variantsSeen.length;
    variantsSeen.length = 0;
    return { rep: best >= 0 ? best : first, variants };
  }

  /** Largest first; with a dump, each with its minutes waited, longest first. */
  private states(): StateCount[] {
    const { statesSeen, stateCount } = this;
    const names = this.ctx.states;
    const states: StateCount[] = [];
    for (const st of statesSeen) {
      const sc: StateCount = { state: names[st], category: this.stateCat[st], count: stateCount[st] };
      if (this.ctx.g) sc.minutes = [];
      states.push(sc);
      stateCount[st] = 0;
    }
    if (this.ctx.g) {
      for (const [mk, mn] of this.minuteCounts) {
        const st = mk % STATE_BITS;
        states[statesSeen.indexOf(st)].minutes!.push({ minutes: (mk - st) / STATE_BITS, count: mn });
      }
      this.minuteCounts.clear();
      for (const sc of states) if (sc.minutes!.length > 1) sc.minutes!.sort((a, b) => b.minutes - a.minutes);
    }
    statesSeen.length = 0;
    if (states.length > 1) states.sort((a, b) => b.count - a.count || (a.state < b.state ? -1 : a.state > b.state ? 1 : 0));
    return states;
  }

  /** The most common `created by` location (the first among equals). */
  private creator(): { loc: number; count: number } | null {
    let creator: { loc: number; count: number } | null = null;
    for (const loc of this.creatorsSeen) {
      const cn = this.creatorCount[loc];
      if (!creator || cn > creator.count || (cn === creator.count && loc < creator.loc)) creator = { loc, count: cn };
      this.creatorCount[loc] = 0;
    }
    this.creatorsSeen.length = 0;
    return creator;
  }

  /** Label sets, most common first. */
  private labels(): { labels: string; count: number }[] {
    const labels: { labels: string; count: number }[] = [];
    for (const [lt, ln] of this.labelCounts) labels.push({ labels: lt, count: ln });
    this.labelCounts.clear();
    if (labels.length > 1) labels.sort((a, b) => b.count - a.count || (a.labels < b.labels ? -1 : 1));
    return labels;
  }
}

/** `x` frozen (not what is in it: frozenState freezes a state's minutes; the frames stay as they are), kept in `m` under `k` for the clusters after, and returned. */
function remember<K, V extends object>(m: Map<K, V>, k: K, x: V): V {
  Object.freeze(x);
  m.set(k, x);
  return x;
}

function frozenState(s: StateCount): StateCount {
  if (s.minutes) {
    for (const m of s.minutes) Object.freeze(m);
    Object.freeze(s.minutes);
  }
  return Object.freeze(s);
}

/** A Cluster's fields but its key, frames and stack: Counted's (declared here, set by Object.assign). */
interface Cluster extends Counted {}

/**
 * A cluster whose `stack` is made when first read. At `exact` in a dump most
 * clusters are one goroutine, each stack its own frame objects (with their
 * arguments), and a page shows a few of them: made for all, they were a
 * third of the clustering's time (decision 0042). `stack` is a getter, so a
 * spread or a structured clone of a cluster leaves it out: what leaves the
 * worker is copied field by field (view.ts, trend).
 */
class Cluster implements GoroutineCluster {
  key = '';
  readonly #frames: FrameObjects;
  readonly #rep: number;
  #stack: GoroutineFrame[] | null = null;

  constructor(
    counted: Counted,
    public parkFrame: GoroutineFrame | null,
    public userFrame: GoroutineFrame | null,
    frames: FrameObjects,
    rep: number,
  ) {
    Object.assign(this, counted);
    this.#frames = frames;
    this.#rep = rep;
  }

  get stack(): GoroutineFrame[] {
    return (this.#stack ??= this.#frames.stackOf(this.#rep));
  }
}

/**
 * GoroutineFrame objects. Frames without arguments are shared between
 * clusters (nothing changes them); with arguments (a dump's), they are
 * seldom the same twice.
 */
class FrameObjects {
  private readonly plain: (GoroutineFrame | undefined)[];

  constructor(
    private readonly profile: Profile,
    private readonly frames: FrameTable,
    private readonly g: Goroutines | undefined,
  ) {
    this.plain = new Array(frames.fn.length);
  }

  frameOf(k: number): GoroutineFrame {
    return (this.plain[k] ??= this.newFrame(k));
  }

  /** `created by` names the call site: the location's outermost frame. */
  locationFrame(loc: number): GoroutineFrame {
    return this.frameOf(this.frames.start[loc + 1] - 1);
  }

  /** Sample i's stack, leaf first, runtime frames included, each frame with its arguments from the dump when it has some. */
  stackOf(i: number): GoroutineFrame[] {
    const { stacks } = this.profile;
    const frames = this.frames;
    const stack: GoroutineFrame[] = [];
    let d = 0;
    for (let sn = this.profile.samples.stack[i]; sn !== NONE; sn = stacks.parent[sn]) {
      const loc = stacks.location[sn];
      for (let k = frames.start[loc]; k < frames.start[loc + 1]; k++, d++) {
        if (frames.skip[frames.fn[k]]) continue;
        const s = this.g ? frameArgIndex(this.g, i, d) : 0;
        stack.push(s > 0 ? this.newFrame(k, this.profile.strings[s]) : this.frameOf(k));
      }
    }
    // Root-side addresses (goexit in ?debug=1 text) say nothing; the key leaves them out too.
    if (stack.some(isKnown)) while (stack[stack.length - 1].kind === 'unknown') stack.pop();
    return stack;
  }

  private newFrame(k: number, args?: string): GoroutineFrame {
    const frames = this.frames;
    const c = frames.fn[k];
    const fn = frames.names[c];
    const file = frames.files[c];
    const line = frames.line[k];
    const kind = FRAME_KIND_NAMES[frames.kind[c]];
    const inline = frames.inline[k] === 1;
    // Made whole, not given `args` after: a shape of its own from the start.
    return args === undefined ? { fn, file, line, kind, inline } : { fn, file, line, kind, inline, args };
  }
}

/** A cluster's key in two parts: key = frames + rest (rest: the arguments at `exact`, else ''). */
interface KeyParts {
  frames: string;
  rest: string;
}

/** A key of frames alone. Module functions here and below, not closures: clusterKey and stackOf run once per cluster. */
function whole(frames: string): KeyParts {
  return { frames, rest: '' };
}

function isKnown(f: GoroutineFrame): boolean {
  return f.kind !== 'unknown';
}

/**
 * Largest first, then by key. Keys of one stack share their frames part
 * (hundreds of characters) and differ in their arguments: two keys are
 * ordered by their frames parts' ranks among the distinct ones, then by the
 * rest; only where one frames part is a prefix of the other (a stack that
 * goes on deeper) can frames + rest order otherwise, and whole keys are
 * compared.
 */
function sortClusters(clusters: GoroutineCluster[], parts: KeyParts[]): GoroutineCluster[] {
  const distinct = [...new Set(parts.map((p) => p.frames))].sort(compareText);
  const rank = new Map<string, number>();
  distinct.forEach((f, r) => rank.set(f, r));
  // Sorted, the strings that start with f come right after it: f is a prefix
  // of exactly the ranks up to prefixOf[f] (a stack of the open prefixes).
  const prefixOf = new Int32Array(distinct.length);
  const open: number[] = [];
  distinct.forEach((f, r) => {
    while (open.length > 0 && !f.startsWith(distinct[open[open.length - 1]])) prefixOf[open.pop()!] = r - 1;
    open.push(r);
  });
  for (const r of open) prefixOf[r] = distinct.length - 1;
  const n = clusters.length;
  const count = new Float64Array(n);
  const frameRank = new Int32Array(n);
  const rest: string[] = new Array(n);
  for (let c = 0; c < n; c++) {
    count[c] = clusters[c].count;
    frameRank[c] = rank.get(parts[c].frames)!;
    rest[c] = parts[c].rest;
  }
  const byKey = (a: number, b: number): number => {
    const ra = frameRank[a];
    const rb = frameRank[b];
    if (ra === rb) return compareText(rest[a], rest[b]);
    if (ra < rb && rb <= prefixOf[ra]) return compareAfterPrefix(rest[a], distinct[rb].slice(distinct[ra].length), rest[b]);
    if (rb < ra && ra <= prefixOf[rb]) return -compareAfterPrefix(rest[b], distinct[ra].slice(distinct[rb].length), rest[a]);
    return ra - rb;
  };
  const order = Array.from({ length: n }, (_, c) => c);
  order.sort((a, b) => count[b] - count[a] || byKey(a, b));
  return order.map((c) => clusters[c]);
}

/** Orders F + restA against F + tail + restB (whole keys whose frames part F is a prefix of the other's), without the long F. */
function compareAfterPrefix(restA: string, tail: string, restB: string): number {
  const head = restA.slice(0, tail.length);
  return head !== tail ? compareText(head, tail) : compareText(restA.slice(tail.length), restB);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The state part of a `parked` key, coarse on purpose: the parking frame
 * already says which wait it is (one line does one channel operation), and
 * formats name states differently — ?debug=1 cannot tell a channel from a
 * select, and one dump says [syscall] where the next says [runnable].
 */
type KeyClass = 'parked' | 'IO wait' | 'active' | 'other';
const KEY_CLASSES: KeyClass[] = ['parked', 'IO wait', 'active', 'other'];
function keyClass(c: StateCategory | undefined): KeyClass {
  if (c !== undefined && PARKED.has(c)) return 'parked';
  if (c === 'io') return 'IO wait';
  if (c === 'running' || c === 'runnable' || c === 'syscall') return 'active';
  return 'other';
}

/** The sample type counting goroutines: "goroutine" when present, else pprof's default. */
export function countSampleIndex(p: Profile): number {
  const i = p.sampleTypes.findIndex((t) => p.strings[t.type] === 'goroutine');
  return i >= 0 ? i : Math.max(0, defaultSampleIndex(p));
}

interface KeyContext {
  level: SimilarityLevel;
  profile: Profile;
  frames: FrameTable;
  canon: CanonicalTree;
  leaves: Leaves;
  g: Goroutines | undefined;
  /** The frames part of a key, by key node. */
  keyText: Map<number, string>;
}

interface KeyOf {
  /** The cluster's first goroutine: its arguments go into an `exact` key. */
  first: number;
  /** Leaf and parking frame of the cluster's most common stack. */
  leaf: number;
  park: number;
  /** Of the cluster's most common state. */
  category: StateCategory | undefined;
}

/**
 * The key of a cluster, in its two parts (KeyParts), built once per cluster: frames leaf first as
 * "function file:line" (":line" left out at `functions`), the runtime's leaf
 * frames left out; at `exact` each frame's arguments follow; at `parked` the
 * parking frame and the state category.
 */
function clusterKey(ctx: KeyContext, of: KeyOf): KeyParts {
  const { level, frames, leaves, g } = ctx;
  const { leaf, park } = of;
  if (leaf === NONE) return whole(level === 'parked' ? `(no stack) [${keyClass(of.category)}]` : '(no stack)');
  if (level === 'parked') {
    if (park < 0) return whole(`(no frame) [${keyClass(of.category)}]`);
    const c = frames.fn[park];
    return whole(`${frames.names[c]} ${frames.files[c]}:${frames.line[park]} [${keyClass(of.category)}]`);
  }
  const key = whole(framesKey(ctx, leaves.key[leaf]));
  if (level === 'exact' && g) {
    const n = argCount(g, of.first, leaves.depth[leaf]);
    const start = g.argStart[of.first];
    const rest = ['', 'args'];
    let tells = false;
    for (let d = 0; d < n; d++) {
      const a = ctx.profile.strings[g.frameArgs[start + d]] ?? '';
      rest.push(a);
      // No arguments to tell (a proto; or "()" and the "(...)" of inlined
      // frames throughout): the `lines` key, so a proto can match it.
      tells ||= a !== '' && a !== '()' && a !== '(...)';
    }
    // join: one flat string, where += makes a rope the sort would flatten.
    if (tells) key.rest = rest.join(KEY_SEP);
  }
  return key;
}

/** The frames part of a key: the canonical path from `node` to the root. */
function framesKey(ctx: KeyContext, node: number): string {
  let key = ctx.keyText.get(node);
  if (key === undefined) {
    const { frames, level } = ctx;
    const { tree, ids } = ctx.canon;
    const parts: string[] = [];
    for (let d = node; d !== NONE; d = tree.parentOf(d)) {
      const f = tree.location.data[d];
      const c = ids.fn[f];
      parts.push(level === 'functions' ? `${frames.names[c]} ${frames.files[c]}` : `${frames.names[c]} ${frames.files[c]}:${ids.line[f]}`);
    }
    key = parts.join(KEY_SEP);
    ctx.keyText.set(node, key);
  }
  return key;
}

/** Arguments recorded for goroutine i: one per frame, bounded by the table. */
function argCount(g: Goroutines, i: number, depth: number): number {
  const start = g.argStart[i];
  if (start < 0) return 0;
  const end = i + 1 < g.argStart.length && g.argStart[i + 1] >= start ? g.argStart[i + 1] : g.frameArgs.length;
  return Math.max(0, Math.min(depth, end - start, g.frameArgs.length - start));
}

/** A hash of the arguments' text: a dump's equal arguments may be different strings (goroutine-dump.ts). */
function hashArgs(strings: readonly string[], a: Int32Array, start: number, n: number): number {
  let h = 0x811c9dc5;
  for (let d = 0; d < n; d++) {
    h = Math.imul(mixText(h, strings[a[start + d]] ?? '') ^ 0xff, 0x01000193); // 0xff: the end of one argument list
  }
  return (h >>> 0) & 0xfffff;
}

function sameArgs(strings: readonly string[], g: Goroutines, i: number, j: number, depth: number): boolean {
  const n = argCount(g, i, depth);
  if (n !== argCount(g, j, depth)) return false;
  const a = g.argStart[i];
  const b = g.argStart[j];
  for (let d = 0; d < n; d++) if ((strings[g.frameArgs[a + d]] ?? '') !== (strings[g.frameArgs[b + d]] ?? '')) return false;
  return true;
}

/** String index of the arguments of goroutine i's frame at depth d; 0 or less for none. */
function frameArgIndex(g: Goroutines, i: number, d: number): number {
  const start = g.argStart[i];
  if (start < 0) return 0;
  const end = i + 1 < g.argStart.length && g.argStart[i + 1] >= start ? g.argStart[i + 1] : g.frameArgs.length;
  if (start + d >= end) return 0;
  return g.frameArgs[start + d];
}

/** "k=v, k2=v2" of a sample's string labels, sorted by key; "" without any. */
function sampleLabelText(p: Profile): (i: number) => string {
  const { labels, samples, strings } = p;
  if (labels.length === 0) return () => '';
  const bySet = perLabelSet(labels, (from, to) => {
    const parts: string[] = [];
    for (let k = from; k < to; k++) {
      if (labels.isNum[k]) continue;
      parts.push(`${strings[labels.key[k]]}=${strings[labels.str[k]]}`);
    }
    return parts.sort().join(', ');
  });
  return (i) => bySet[samples.labelSet[i]];
}
