// Stacks of Go's ?debug=1 text profiles (heap, allocs, goroutine,
// threadcreate), held flat until the whole file is read, then written as one
// location per address whose lines come from the "#" symbol lines.
//
// Addresses. The "@" line holds return addresses; go tool pprof (go1.19)
// moves every one back by one "to land on top of the call instruction", and
// so do we: location address = "@" address - 1. The "#" lines print
// runtime.Frame.PC, which is that same return address - 1, so a "#" pc names
// the location with the same address. (Go before 1.9 printed the "@" address
// itself on "#" lines; either matches.) The "#" lines of a stack are matched
// with its frames in order, so recursion (one address twice in a row) is not
// mistaken for inlining (several lines on one address).
//
// What the "#" lines leave out. printStackRecord "hide[s] runtime.goexit and
// any runtime functions at the beginning" of a stack (unless the stack is all
// runtime: then it prints every frame but goexit). So in a stack with at
// least one described frame, an undescribed frame leaf-side of the first
// described one is some runtime.* function (for heap profiles: the allocator,
// runtime.newobject, runtime.makeslice, …), and one root-side of it is
// runtime.goexit, which we name. Stacks with no "#" lines at all (old
// profiles such as pprof's gobench.heap) stay addresses.
//
// Locations and functions are written once the file is read, so an address
// hidden in one stack but described in another gets its lines either way.

import { GrowableFloat64, GrowableInt32, GrowableUint8 } from '../model';
import type { ProfileBuilder } from '../model';
import { Interner } from '../model';
import { NONE, type Profile } from '../model';
import { normalizeMappings } from './address-stacks';
import type { SymbolLine } from './go-comments';
import { MAX_UINT64 } from './hex';
import type { MappingSpec } from './proc-maps';
import { cutSampleStacks, matchDroppedLine, PRUNE, PRUNE_BENEATH, type FrameRegexps } from './prune';

const DESCRIBED = 0;
const HIDDEN_RUNTIME = 1;
const GOEXIT = 2;
const UNKNOWN = 3;

export class GoTextStacks {
  /** Location addresses of all samples, leaf first. */
  private readonly addrs = new GrowableFloat64(4096);
  /** Frames of sample i are addrs[start[i]] .. addrs[start[i+1]-1]. */
  private readonly start = new GrowableInt32(1024);
  private readonly values = new GrowableFloat64(4096);
  /** Labels of sample i are label*[labelStart[i]] .. label*[labelStart[i+1]-1]. */
  private readonly labelStart = new GrowableInt32(1024);
  private readonly labelKey = new GrowableInt32(256);
  private readonly labelStr = new GrowableInt32(256);
  private readonly labelNum = new GrowableFloat64(256);
  private readonly labelIsNum = new GrowableUint8(256);

  /** Location address → its description: lines symFn/symLine[groupStart[g]] .. +groupLength[g], innermost first. */
  private readonly groupOf = new Map<number, number>();
  private readonly groupStart = new GrowableInt32(1024);
  private readonly groupLength = new GrowableInt32(1024);
  private readonly symFn = new GrowableInt32(1024);
  private readonly symLine = new GrowableFloat64(1024);
  private readonly functionOf = new Map<string, number>();

  /** The "#" lines after the last sample's "@" line; NONE function for a bare `#\t0xpc`. */
  private readonly blockPc = new GrowableFloat64(64);
  private readonly blockEntry = new GrowableFloat64(64);
  private readonly blockFn = new GrowableInt32(64);
  private readonly blockLine = new GrowableFloat64(64);
  private runStart = new Int32Array(64);
  private runLength = new Int32Array(64);

  constructor(
    private readonly b: ProfileBuilder,
    readonly valuesPerSample: number,
  ) {}

  get length(): number {
    return this.start.length;
  }

  /** Starts a sample; `addresses` are as printed on its "@" line (leaf first). */
  addSample(addresses: ArrayLike<number>, values: ArrayLike<number>): void {
    this.describeLastSample();
    this.start.push(this.addrs.length);
    for (let i = 0; i < addresses.length; i++) {
      const a = addresses[i];
      this.addrs.push(a > 0 ? a - 1 : MAX_UINT64); // uint64 arithmetic, as pprof's addr--
    }
    for (let i = 0; i < values.length; i++) this.values.push(values[i]);
    this.labelStart.push(this.labelKey.length);
  }

  /** A label of the sample last added. */
  addLabel(key: number, str: number, num: number, isNum: boolean): void {
    this.labelKey.push(key);
    this.labelStr.push(str);
    this.labelNum.push(num);
    this.labelIsNum.push(isNum ? 1 : 0);
  }

  /** A "#" line of the sample last added. */
  addSymbol(s: SymbolLine): void {
    this.blockPc.push(s.pc);
    this.blockEntry.push(s.entry);
    this.blockFn.push(s.name === '' ? NONE : this.functionFor(s.name, s.file));
    this.blockLine.push(s.line);
  }

  /**
   * Matches the "#" lines of the last sample with its frames, in order, and
   * turns runs of inlined frames into one frame.
   *
   * A frame owns the run of lines whose pc is its address; hidden frames own
   * none. Several lines on one pc are inlined calls expanded from one
   * physical pc — or recursion: when the "@" line repeats an address k times
   * in a row, the run is k copies of one frame's lines.
   *
   * Since Go 1.12 the runtime records inlined calls as frames of their own
   * (one "@" address each, one "#" line each), but every "#" offset is from
   * the entry of the physical function. So consecutive frames with the same
   * entry and different functions are one physical call with inlined callees
   * (two physical frames share an entry only when recursing, with one name),
   * and become one location whose lines are theirs, innermost first, as the
   * proto writer makes it. The location keeps the innermost frame's address,
   * which determines the others.
   */
  private describeLastSample(): void {
    const m = this.blockPc.length;
    if (m === 0 || this.length === 0) return;
    const pcs = this.blockPc.data;
    const addrs = this.addrs.data;
    const from = this.start.data[this.length - 1];
    const end = this.addrs.length;
    const depth = end - from;
    // Lines of frame from+d: block[runStart[d] .. runStart[d]+runLength[d]).
    if (this.runStart.length < depth) {
      this.runStart = new Int32Array(depth * 2);
      this.runLength = new Int32Array(depth * 2);
    }
    const { runStart, runLength } = this;
    runStart.fill(0, 0, depth);
    runLength.fill(0, 0, depth);
    let i = 0;
    for (let f = from; f < end && i < m; ) {
      const a = addrs[f];
      let k = 1;
      while (f + k < end && addrs[f + k] === a) k++;
      // Go ≥ 1.9 prints the frame's PC (return address - 1, our address);
      // older writers printed the return address itself.
      const pc = pcs[i] === a || pcs[i] === a + 1 ? pcs[i] : NaN;
      let run = 0;
      while (i + run < m && pcs[i + run] === pc) run++;
      if (run > 0) {
        const per = run % k === 0 ? run / k : run;
        for (let r = 0; r < k; r++) {
          runStart[f - from + r] = i;
          runLength[f - from + r] = per;
        }
      }
      i += run;
      f += k;
    }

    let w = from;
    for (let d = 0; d < depth; ) {
      let g = d; // frames d..g are one physical call
      while (g + 1 < depth && this.inlinedInto(runStart[g], runLength[g], runStart[g + 1], runLength[g + 1])) g++;
      const a = addrs[from + d];
      if (runLength[d] > 0 && !this.groupOf.has(a)) {
        this.groupOf.set(a, this.groupStart.length);
        this.groupStart.push(this.symFn.length);
        let named = 0;
        for (let f = d; f <= g; f++) {
          for (let j = runStart[f]; j < runStart[f] + runLength[f]; j++) {
            if (this.blockFn.data[j] === NONE) continue;
            this.symFn.push(this.blockFn.data[j]);
            this.symLine.push(this.blockLine.data[j]);
            named++;
          }
        }
        this.groupLength.push(named);
      }
      addrs[w++] = a;
      d = g + 1;
    }
    this.addrs.length = w;
    this.blockPc.length = 0;
    this.blockEntry.length = 0;
    this.blockFn.length = 0;
    this.blockLine.length = 0;
  }

  /** Whether the frame with lines `inner` is inlined into the one with lines `outer`. */
  private inlinedInto(innerStart: number, innerLength: number, outerStart: number, outerLength: number): boolean {
    if (innerLength === 0 || outerLength === 0) return false;
    const innerOuterLine = innerStart + innerLength - 1;
    const entry = this.blockEntry.data[innerOuterLine];
    if (Number.isNaN(entry) || entry !== this.blockEntry.data[outerStart]) return false;
    const fnIn = this.blockFn.data[innerOuterLine];
    const fnOut = this.blockFn.data[outerStart];
    return fnIn !== NONE && fnOut !== NONE && fnIn !== fnOut;
  }

  /** Functions are one per (name, file), as go tool pprof's symbolizer makes them. */
  private functionFor(name: string, file: string): number {
    const key = `${name}\u0000${file}`;
    let f = this.functionOf.get(key);
    if (f === undefined) {
      const n = this.b.intern(name);
      f = this.b.addFunction(this.b.fn.id.length + 1, n, n, this.b.intern(file), 0);
      this.functionOf.set(key, f);
    }
    return f;
  }

  private groupFor(address: number): number {
    return this.groupOf.get(address) ?? -1;
  }

  /**
   * Samples go tool pprof never shows: all values zero (Merge drops them when
   * it loads the file) or no frames at all ("Remove sample with no locations"
   * in FilterSamplesByName, which its driver runs on every profile).
   */
  private isDropped(i: number): boolean {
    if (this.end(i) === this.start.data[i]) return true;
    const k = this.valuesPerSample;
    for (let t = i * k; t < i * k + k; t++) if (this.values.data[t] !== 0) return false;
    return true;
  }

  private end(i: number): number {
    return i + 1 < this.start.length ? this.start.data[i + 1] : this.addrs.length;
  }

  private labelEnd(i: number): number {
    return i + 1 < this.labelStart.length ? this.labelStart.data[i + 1] : this.labelKey.length;
  }

  /**
   * Writes mappings, locations (IDs in first use, samples whose values are
   * all zero left out as pprof's Merge leaves them out), samples, and builds
   * the profile. With `frames`, stacks are then pruned as go tool pprof
   * prunes them once symbolized; `hiddenAreDropped` says the runtime frames
   * the writer hid match its drop_frames (the allocator regexps do).
   */
  build(maps: MappingSpec[], frames: FrameRegexps | null, hiddenAreDropped: boolean): Profile {
    this.describeLastSample();
    const { b } = this;
    const addrs = this.addrs.data;
    const n = this.length;

    // Locations in first-use order, and what the writer's omissions tell.
    const locations = new Interner<number>(); // location i is address i
    const unique = locations.values;
    const seenLeafSide = new GrowableUint8(1024);
    const seenRootSide = new GrowableUint8(1024);
    const frameLoc = new Int32Array(this.addrs.length);
    for (let i = 0; i < n; i++) {
      if (this.isDropped(i)) continue;
      const from = this.start.data[i];
      const to = this.end(i);
      let firstDescribed = -1;
      for (let f = from; f < to; f++) {
        const a = addrs[f];
        const loc = locations.intern(a);
        if (loc === seenLeafSide.length) {
          seenLeafSide.push(0);
          seenRootSide.push(0);
        }
        frameLoc[f] = loc;
        if (firstDescribed < 0 && this.groupFor(a) >= 0) firstDescribed = f;
      }
      if (firstDescribed < 0) continue;
      for (let f = from; f < to; f++) {
        if (f < firstDescribed) seenLeafSide.data[frameLoc[f]] = 1;
        else if (f > firstDescribed) seenRootSide.data[frameLoc[f]] = 1;
      }
    }
    const kindOf = (loc: number): number => {
      if (this.groupFor(unique[loc]) >= 0) return DESCRIBED;
      const leaf = seenLeafSide.data[loc];
      const root = seenRootSide.data[loc];
      // Seen on both sides of a described frame, an address is no longer explained.
      return leaf && !root ? HIDDEN_RUNTIME : root && !leaf ? GOEXIT : UNKNOWN;
    };

    const mapped = normalizeMappings(maps);
    const mappingOf = assignMappings(mapped, unique, unique.length);
    mapped.forEach((m, i) => b.addMapping(i + 1, m.start, m.limit, m.offset, b.intern(m.file), b.intern(m.buildId), 0));

    let goexit = NONE;
    const flags = new Uint8Array(unique.length);
    const names: string[] = [];
    for (let loc = 0; loc < unique.length; loc++) {
      const a = unique[loc];
      b.beginLocation(loc + 1, mappingOf[loc], a, false);
      const k = kindOf(loc);
      if (k === GOEXIT) {
        if (goexit === NONE) goexit = this.functionFor('runtime.goexit', '');
        b.addLine(goexit, 0);
        names.length = 0;
        names.push('runtime.goexit');
      } else if (k === DESCRIBED) {
        const g = this.groupFor(a);
        const s = this.groupStart.data[g];
        const len = this.groupLength.data[g];
        names.length = 0;
        for (let j = s; j < s + len; j++) names.push(b.strings[b.fn.name.data[this.symFn.data[j]]]);
        // pprof keeps only the lines outside (callers of) a dropped inlined frame.
        const cut = frames ? matchDroppedLine(names, frames) : -1;
        const firstKept = cut >= 0 && cut < len - 1 ? cut + 1 : 0;
        for (let j = s + firstKept; j < s + len; j++) b.addLine(this.symFn.data[j], this.symLine.data[j]);
        if (cut >= 0) flags[loc] = cut === len - 1 ? PRUNE | PRUNE_BENEATH : PRUNE_BENEATH;
        continue;
      } else {
        names.length = 0;
      }
      if (k === HIDDEN_RUNTIME && hiddenAreDropped) flags[loc] = PRUNE | PRUNE_BENEATH;
      else if (frames && matchDroppedLine(names, frames) >= 0) flags[loc] = PRUNE | PRUNE_BENEATH;
    }

    const stackLocs = new GrowableInt32(64);
    for (let i = 0; i < n; i++) {
      if (this.isDropped(i)) continue;
      const from = this.start.data[i];
      const to = this.end(i);
      stackLocs.length = 0;
      for (let f = from; f < to; f++) stackLocs.push(frameLoc[f]);
      const stack = b.internStack(stackLocs.data, stackLocs.length);
      for (let l = this.labelStart.data[i]; l < this.labelEnd(i); l++) {
        b.addLabel(this.labelKey.data[l], this.labelStr.data[l], this.labelNum.data[l], 0, this.labelIsNum.data[l] === 1);
      }
      b.addSample(stack, this.values.data.subarray(i * this.valuesPerSample, (i + 1) * this.valuesPerSample));
    }

    // pprof merges equal stacks first (profile.Merge when it loads the
    // file) and prunes after symbolizing, without merging again: so do we.
    const profile = b.build();
    if (frames || hiddenAreDropped) cutSampleStacks(profile, flags);
    return profile;
  }
}

/**
 * The mapping of each address: the first containing it, else one fake
 * mapping spanning all memory, as pprof gives Go profiles, which carry no map.
 */
function assignMappings(maps: MappingSpec[], addresses: ArrayLike<number>, count: number): Int32Array {
  const out = new Int32Array(count).fill(NONE);
  let fake = NONE;
  for (let i = 0; i < count; i++) {
    const a = addresses[i];
    if (a === 0) continue;
    const j = maps.findIndex((m) => m.start <= a && a < m.limit);
    if (j >= 0) {
      out[i] = j;
      continue;
    }
    if (fake === NONE) {
      fake = maps.length;
      maps.push({ start: 0, limit: MAX_UINT64, offset: 0, file: '', buildId: '' });
    }
    out[i] = fake;
  }
  return out;
}
