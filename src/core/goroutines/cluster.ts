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

import { StackTableBuilder, NONE, defaultSampleIndex, type Profile } from '../model';
import { buildFrameTable, FRAME_KIND_NAMES, FrameKind, type FrameKindName, type FrameTable } from './frames';
import { INFER_WINDOW, inferState, isParked, PARKED, stateCategory, type StateCategory } from './states';

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
  const { stacks, samples } = profile;
  const g = profile.goroutines && profile.goroutines.length === samples.length ? profile.goroutines : undefined;
  const nTypes = profile.sampleTypes.length;
  const valueIndex = options.sampleIndex ?? countSampleIndex(profile);

  // Canonical frame ids: at `functions` the function, else (function, line).
  const byLine = level !== 'functions';
  const frameIds = new Map<number, number>();
  const frameFn: number[] = [];
  const frameLine: number[] = [];
  const frameId = (k: number): number => {
    const fn = frames.fn[k];
    const line = byLine ? frames.line[k] : 0;
    const key = fn * 4294967296 + line;
    let id = frameIds.get(key);
    if (id === undefined) {
      id = frameFn.length;
      frameFn.push(fn);
      frameLine.push(line);
      frameIds.set(key, id);
    }
    return id;
  };
  const fid = new Int32Array(frames.fn.length);
  for (let k = 0; k < fid.length; k++) fid[k] = frameId(k);

  // The canonical tree: node after all frames of stack node n. Left out:
  // runtime.goexit, and unsymbolized frames at the root (?debug=1 text leaves
  // goexit as a bare address there; the proto never has it).
  const tree = new StackTableBuilder();
  const full = new Int32Array(stacks.length);
  for (let n = 0; n < stacks.length; n++) {
    const parent = stacks.parent[n];
    if (parent >= n) throw new Error('stack table is not parent-first');
    let d = parent === NONE ? NONE : full[parent];
    const loc = stacks.location[n];
    for (let k = frames.start[loc + 1] - 1; k >= frames.start[loc]; k--) {
      const c = frames.fn[k];
      if (frames.skip[c] || (d === NONE && frames.kind[c] === FrameKind.unknown)) continue;
      d = tree.intern(d, fid[k]);
    }
    full[n] = d;
  }
  /** Every frame but goexit, for stacks with nothing else to key on (all runtime, or all addresses). */
  const rawChain = (leaf: number): number => {
    const path: number[] = [];
    for (let n = leaf; n !== NONE; n = stacks.parent[n]) path.push(n);
    let d = NONE;
    for (let i = path.length - 1; i >= 0; i--) {
      const loc = stacks.location[path[i]];
      for (let k = frames.start[loc + 1] - 1; k >= frames.start[loc]; k--) if (!frames.skip[frames.fn[k]]) d = tree.intern(d, fid[k]);
    }
    return d;
  };

  // Per leaf node (memoized): the key node with the leaf's runtime frames
  // left out, the parking frame, the first user frame, the inferred state.
  const leafKey = new Int32Array(stacks.length).fill(-2);
  const leafPark = new Int32Array(stacks.length).fill(-1); // frame index k
  const leafUser = new Int32Array(stacks.length).fill(-1);
  const leafState = new Int32Array(stacks.length).fill(-1); // into stateNames
  const leafDepth = new Int32Array(stacks.length);
  const stateNames: string[] = [];
  const stateIndex = new Map<string, number>();
  const internState = (s: string): number => {
    let i = stateIndex.get(s);
    if (i === undefined) {
      i = stateNames.length;
      stateNames.push(s);
      stateIndex.set(s, i);
    }
    return i;
  };
  const window: string[] = [];
  const visitLeaf = (leaf: number): void => {
    window.length = 0;
    let runtimeLeaf = 0;
    let hidden = 0;
    let inLeafRun = true;
    let above = 0;
    let keyNode = -2;
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
          // Canonical node of this frame: the location's frames from the caller down to k.
          let d = stacks.parent[n] === NONE ? NONE : full[stacks.parent[n]];
          for (let j = b - 1; j >= k; j--) {
            const cj = frames.fn[j];
            if (frames.skip[cj] || (d === NONE && frames.kind[cj] === FrameKind.unknown)) continue;
            d = tree.intern(d, fid[j]);
          }
          keyNode = d;
        }
        if (user < 0 && kind === FrameKind.user) user = k;
        if (above < INFER_WINDOW) {
          window.push(frames.names[c]);
          above++;
        }
      }
      if (!inLeafRun && above >= INFER_WINDOW && user >= 0) {
        // Only the depth is still wanted; count the rest without looking at frames.
        for (let m = stacks.parent[n]; m !== NONE; m = stacks.parent[m]) {
          const l = stacks.location[m];
          depth += frames.start[l + 1] - frames.start[l];
        }
        break;
      }
    }
    if (keyNode === -2) {
      // Nothing but runtime frames (or addresses): keep them all.
      keyNode = rawChain(leaf);
      park = frames.start[stacks.location[leaf]];
    }
    leafKey[leaf] = keyNode;
    leafPark[leaf] = park;
    leafUser[leaf] = user;
    leafState[leaf] = internState(inferState(window, runtimeLeaf, hidden));
    leafDepth[leaf] = depth;
  };

  // Cluster of every goroutine (sample).
  const nSamples = samples.length;
  const sampleCluster = new Int32Array(nSamples);
  const sampleState = new Int32Array(nSamples);
  const clusterIndex = new Map<number, number>();
  const clusterRep: number[] = []; // first sample
  // At `exact`: the first cluster of each (key, argument hash) bucket; the
  // rest of a bucket is chained through bucketNext, in the order made.
  const argBuckets = level === 'exact' && g ? new Map<number, number>() : undefined;
  const bucketNext: number[] = [];
  const byPark = level === 'parked';
  const dumpStates = g ? new Int32Array(profile.strings.length).fill(-1) : undefined;
  for (let i = 0; i < nSamples; i++) {
    const leaf = samples.stack[i];
    let keyNode = NONE;
    if (leaf !== NONE) {
      if (leafKey[leaf] === -2) visitLeaf(leaf);
      keyNode = leafKey[leaf];
    }
    let state: number;
    if (g && dumpStates) {
      const s = g.state[i];
      if (dumpStates[s] < 0) dumpStates[s] = internState(profile.strings[s]);
      state = dumpStates[s];
    } else {
      state = leaf === NONE ? internState('unknown') : leafState[leaf];
    }
    sampleState[i] = state;

    let key: number;
    if (byPark) {
      const k = leaf === NONE ? -1 : leafPark[leaf];
      const pf = k < 0 ? -1 : fid[k];
      const cat = KEY_CLASSES.indexOf(keyClass(stateCategory(stateNames[state])));
      key = (pf + 1) * 64 + cat;
    } else {
      key = keyNode + 1;
    }
    if (argBuckets && g) {
      // (key node, argument list): hash the arguments, compare on collision.
      const h = hashArgs(g.frameArgs, g.argStart[i], argCount(g, i, leaf === NONE ? 0 : leafDepth[leaf]));
      const hk = key * 1048576 + h;
      const depth = leaf === NONE ? 0 : leafDepth[leaf];
      let c = -1;
      let last = -1;
      for (let cand = argBuckets.get(hk) ?? -1; cand >= 0; cand = bucketNext[cand]) {
        if (sameArgs(g, i, clusterRep[cand], depth)) {
          c = cand;
          break;
        }
        last = cand;
      }
      if (c < 0) {
        c = clusterRep.length;
        clusterRep.push(i);
        bucketNext.push(-1);
        if (last < 0) argBuckets.set(hk, c);
        else bucketNext[last] = c;
      }
      sampleCluster[i] = c;
      continue;
    }
    let c = clusterIndex.get(key);
    if (c === undefined) {
      c = clusterRep.length;
      clusterRep.push(i);
      clusterIndex.set(key, c);
    }
    sampleCluster[i] = c;
  }

  // Per cluster, its goroutines in sample order (a counting sort), then
  // everything about it from them, counted in arrays indexed by state, stack
  // node and location that are reset after each cluster (only the entries it
  // touched): a cluster of one goroutine, the common case at `exact` in a
  // dump, costs no Map.
  const nc = clusterRep.length;
  const memberStart = new Int32Array(nc + 1);
  for (let i = 0; i < nSamples; i++) memberStart[sampleCluster[i] + 1]++;
  for (let c = 0; c < nc; c++) memberStart[c + 1] += memberStart[c];
  const members = new Int32Array(nSamples);
  const cursor = memberStart.slice(0, nc);
  for (let i = 0; i < nSamples; i++) members[cursor[sampleCluster[i]]++] = i;

  const STATE_BITS = 2 ** 20;
  if (stateNames.length >= STATE_BITS) throw new Error('too many goroutine states');
  const stateParked = stateNames.map(isParked);
  const stateCat = stateNames.map(stateCategory);
  const labelText = sampleLabelText(profile);
  const stateCount = new Float64Array(stateNames.length);
  const statesSeen: number[] = [];
  const variantCount = new Float64Array(stacks.length + 1); // by leaf + 1
  const variantFirst = new Int32Array(stacks.length + 1).fill(-1); // first sample
  const variantsSeen: number[] = [];
  const creatorCount = new Float64Array(g ? profile.locations.length : 0);
  const creatorsSeen: number[] = [];
  const minuteCounts = new Map<number, number>(); // minutes * 2^20 + state → count
  const labelCounts = new Map<string, number>();

  // Frames without arguments are shared between clusters (nothing changes
  // them); with arguments (a dump's), they are seldom the same twice.
  const plainFrames: (GoroutineFrame | undefined)[] = new Array(frames.fn.length);
  const newFrame = (k: number, args?: string): GoroutineFrame => {
    const c = frames.fn[k];
    const f: GoroutineFrame = {
      fn: frames.names[c],
      file: frames.files[c],
      line: frames.line[k],
      kind: FRAME_KIND_NAMES[frames.kind[c]],
      inline: frames.inline[k] === 1,
    };
    if (args !== undefined) f.args = args;
    return f;
  };
  const frameOf = (k: number): GoroutineFrame => (plainFrames[k] ??= newFrame(k));
  /** Frame k of sample i's stack at depth d, with its arguments from the dump when it has some. */
  const stackFrame = (k: number, i: number, d: number): GoroutineFrame => {
    const s = g ? frameArgIndex(g, i, d) : 0;
    return s > 0 ? newFrame(k, profile.strings[s]) : frameOf(k);
  };
  const locationFrame = (loc: number): GoroutineFrame => {
    // `created by` names the call site: the location's outermost frame.
    return frameOf(frames.start[loc + 1] - 1);
  };
  const keyText = new Map<number, string>(); // frames part of a key, by key node

  const clusters: GoroutineCluster[] = [];
  let total = 0;
  for (let c = 0; c < nc; c++) {
    let n = 0;
    let parkedN = 0;
    let lockedN = 0;
    let waitMin = Infinity;
    let waitMax = -Infinity;
    const goids: number[] = [];
    for (let m = memberStart[c]; m < memberStart[c + 1]; m++) {
      const i = members[m];
      const v = samples.values[i * nTypes + valueIndex];
      n += v;
      const st = sampleState[i];
      if (stateCount[st] === 0 && !statesSeen.includes(st)) statesSeen.push(st);
      stateCount[st] += v;
      if (stateParked[st]) parkedN += v;
      // Variants: the distinct stacks a cluster merged.
      const vk = samples.stack[i] + 1;
      if (variantFirst[vk] < 0) {
        variantFirst[vk] = i;
        variantsSeen.push(vk);
      }
      variantCount[vk] += v;
      const lt = labelText(i);
      if (lt) labelCounts.set(lt, (labelCounts.get(lt) ?? 0) + v);
      if (g) {
        const w = g.waitMinutes[i];
        const mk = w * STATE_BITS + st;
        minuteCounts.set(mk, (minuteCounts.get(mk) ?? 0) + v);
        if (w < waitMin) waitMin = w;
        if (w > waitMax) waitMax = w;
        if (g.lockedToThread[i]) lockedN += v;
        const cb = g.createdBy[i];
        if (cb !== NONE) {
          if (creatorCount[cb] === 0 && !creatorsSeen.includes(cb)) creatorsSeen.push(cb);
          creatorCount[cb] += v;
        }
        if (goids.length < MAX_GOIDS) goids.push(g.goid[i]);
      }
    }
    total += n;

    // The most common stack (the first in the profile among equals).
    let best = -1;
    let bestCount = 0;
    for (const vk of variantsSeen) {
      const vn = variantCount[vk];
      const first = variantFirst[vk];
      if (vn > bestCount || (vn === bestCount && first < best)) {
        best = first;
        bestCount = vn;
      }
      variantCount[vk] = 0;
      variantFirst[vk] = -1;
    }
    const variants = variantsSeen.length;
    variantsSeen.length = 0;
    const rep = best >= 0 ? best : clusterRep[c];
    const states: StateCount[] = [];
    for (const st of statesSeen) {
      const sc: StateCount = { state: stateNames[st], category: stateCat[st], count: stateCount[st] };
      if (g) sc.minutes = [];
      states.push(sc);
      stateCount[st] = 0;
    }
    if (g) {
      for (const [mk, mn] of minuteCounts) {
        const st = mk % STATE_BITS;
        states[statesSeen.indexOf(st)].minutes!.push({ minutes: (mk - st) / STATE_BITS, count: mn });
      }
      minuteCounts.clear();
      for (const sc of states) if (sc.minutes!.length > 1) sc.minutes!.sort((a, b) => b.minutes - a.minutes);
    }
    statesSeen.length = 0;
    if (states.length > 1) states.sort((a, b) => b.count - a.count || (a.state < b.state ? -1 : a.state > b.state ? 1 : 0));
    let creator: { loc: number; count: number } | null = null;
    for (const loc of creatorsSeen) {
      const cn = creatorCount[loc];
      if (!creator || cn > creator.count || (cn === creator.count && loc < creator.loc)) creator = { loc, count: cn };
      creatorCount[loc] = 0;
    }
    creatorsSeen.length = 0;
    const labels: { labels: string; count: number }[] = [];
    for (const [lt, ln] of labelCounts) labels.push({ labels: lt, count: ln });
    labelCounts.clear();
    if (labels.length > 1) labels.sort((a, b) => b.count - a.count || (a.labels < b.labels ? -1 : 1));

    const leaf = samples.stack[rep];
    const stack: GoroutineFrame[] = [];
    let d = 0;
    for (let sn = leaf; sn !== NONE; sn = stacks.parent[sn]) {
      const loc = stacks.location[sn];
      for (let k = frames.start[loc]; k < frames.start[loc + 1]; k++, d++) {
        if (frames.skip[frames.fn[k]]) continue;
        stack.push(stackFrame(k, rep, d));
      }
    }
    // Root-side addresses (goexit in ?debug=1 text) say nothing; the key leaves them out too.
    if (stack.some((f) => f.kind !== 'unknown')) while (stack[stack.length - 1].kind === 'unknown') stack.pop();
    const park = leaf === NONE ? -1 : leafPark[leaf];
    const user = leaf === NONE ? -1 : leafUser[leaf];
    clusters.push({
      key: clusterKey(level, profile, frames, tree, frameFn, frameLine, keyText, g, clusterRep[c], leaf, leafKey, leafDepth, park, states[0]?.category),
      count: n,
      states,
      parkedCount: parkedN,
      waitMinutes: g ? { min: waitMin, max: waitMax } : null,
      lockedToThread: lockedN,
      createdBy: creator ? { frame: locationFrame(creator.loc), count: creator.count } : null,
      labels: labels.length > MAX_LABEL_SETS ? labels.slice(0, MAX_LABEL_SETS) : labels,
      parkFrame: park >= 0 ? frameOf(park) : null,
      userFrame: user >= 0 ? frameOf(user) : null,
      stack,
      stackVariants: variants,
      goids,
    });
  }
  clusters.sort(compareClusters);
  return { level, format: profile.format, total, stateSource: g ? 'dump' : 'stack', clusters };
}

function compareClusters(a: GoroutineCluster, b: GoroutineCluster): number {
  return b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
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

/**
 * The key of a cluster, built once per cluster from its representative:
 * frames leaf first as "function file:line" (":line" left out at
 * `functions`), the runtime's leaf frames left out; at `exact` each frame's
 * arguments follow; at `parked` the parking frame and the state category.
 */
function clusterKey(
  level: SimilarityLevel,
  profile: Profile,
  frames: FrameTable,
  tree: StackTableBuilder,
  frameFn: number[],
  frameLine: number[],
  keyText: Map<number, string>,
  g: Profile['goroutines'],
  rep: number,
  leaf: number,
  leafKey: Int32Array,
  leafDepth: Int32Array,
  park: number,
  category: StateCategory | undefined,
): string {
  if (leaf === NONE) return level === 'parked' ? `(no stack) [${keyClass(category)}]` : '(no stack)';
  if (level === 'parked') {
    if (park < 0) return `(no frame) [${keyClass(category)}]`;
    const c = frames.fn[park];
    return `${frames.names[c]} ${frames.files[c]}:${frames.line[park]} [${keyClass(category)}]`;
  }
  let key = keyText.get(leafKey[leaf]);
  if (key === undefined) {
    const parts: string[] = [];
    for (let d = leafKey[leaf]; d !== NONE; d = tree.parent.data[d]) {
      const f = tree.location.data[d];
      const c = frameFn[f];
      parts.push(level === 'functions' ? `${frames.names[c]} ${frames.files[c]}` : `${frames.names[c]} ${frames.files[c]}:${frameLine[f]}`);
    }
    key = parts.join(KEY_SEP);
    keyText.set(leafKey[leaf], key);
  }
  if (level === 'exact' && g) {
    const n = argCount(g, rep, leafDepth[leaf]);
    const args: string[] = [];
    for (let d = 0; d < n; d++) args.push(profile.strings[g.frameArgs[g.argStart[rep] + d]] ?? '');
    // No arguments to tell (a proto; or "()" and the "(...)" of inlined
    // frames throughout): the `lines` key, so a proto can match it.
    if (args.some((a) => a !== '' && a !== '()' && a !== '(...)')) key += `${KEY_SEP}args${KEY_SEP}${args.join(KEY_SEP)}`;
  }
  return key;
}

type Goroutines = NonNullable<Profile['goroutines']>;

/** Arguments recorded for goroutine i: one per frame, bounded by the table. */
function argCount(g: Goroutines, i: number, depth: number): number {
  const start = g.argStart[i];
  if (start < 0) return 0;
  const end = i + 1 < g.argStart.length && g.argStart[i + 1] >= start ? g.argStart[i + 1] : g.frameArgs.length;
  return Math.max(0, Math.min(depth, end - start, g.frameArgs.length - start));
}

function hashArgs(a: Int32Array, start: number, n: number): number {
  let h = 0x811c9dc5;
  for (let d = 0; d < n; d++) h = Math.imul(h ^ a[start + d], 0x01000193);
  return (h >>> 0) & 0xfffff;
}

function sameArgs(g: Goroutines, i: number, j: number, depth: number): boolean {
  const n = argCount(g, i, depth);
  if (n !== argCount(g, j, depth)) return false;
  const a = g.argStart[i];
  const b = g.argStart[j];
  for (let d = 0; d < n; d++) if (g.frameArgs[a + d] !== g.frameArgs[b + d]) return false;
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
  return (i) => {
    const a = samples.labelStart[i];
    const b = samples.labelStart[i + 1];
    if (a === b) return '';
    const parts: string[] = [];
    for (let k = a; k < b; k++) {
      if (labels.isNum[k]) continue;
      parts.push(`${strings[labels.key[k]]}=${strings[labels.str[k]]}`);
    }
    return parts.sort().join(', ');
  };
}
