// Merging profiles that were decoded separately (each with its own string
// table, functions and locations) into one Profile, keyed the way go tool
// pprof's profile.Merge keys them, so `-base` and `-diff_base` cancel and
// group exactly the stacks pprof cancels and groups:
//
// * a function is (name, system name, file name, start line);
// * a mapping is (size rounded up to 4 KiB, file offset, build ID or else
//   file); a later profile's addresses in that mapping are shifted by the
//   difference of the two start addresses (address space randomisation);
// * a location is (mapping, address relative to the mapping start, its lines
//   as (function, line) innermost first, is_folded);
// * a sample is (its locations, its labels as a set); values of equal
//   samples add up, and samples whose values are all zero are dropped.
//
// The first mapping of the first source is the merged profile's first
// mapping ("the main binary": the `File:` line). Headers combine as pprof's
// combineHeaders does: earliest non-zero time (with its quirks), durations
// added, largest period, comments de-duplicated, first default sample type.
//
// Columnar throughout: one pass per table, keys hashed into Maps of short
// strings only for functions, mappings and locations (never per sample).
//
// A merged profile keeps what it was made of (mergedFrom): each source, its
// scale and label, and what the merge did to it that a report could see. The
// flame graph derives the base column of a -base comparison from it
// (ReportEngines.baseFromComparison) instead of reading the base profile again.

import { GrowableInt32, mixNumber, ProfileBuilder, slotsByHash, StackTableBuilder, NONE, type Profile } from '../model';

export interface MergeSource {
  profile: Profile;
  /**
   * Per sample type multipliers (pprof's ScaleN: value → round(value × r),
   * half away from zero; a sample whose scaled values are all zero is
   * dropped). A number applies to every type. Default 1.
   */
  scale?: number | number[];
  /** A string label added to every sample of this source ("pprof::base" = "true"). */
  label?: { key: string; value: string };
}

/** One source of a merged profile, as mergeProfiles merged it. */
export interface MergedSource {
  profile: Profile;
  /** Per sample type multiplier. */
  scale: readonly number[];
  label: { key: string; value: string } | undefined;
  /** Each of its stack nodes kept its index (the first source, copied: copyStacks). */
  stacksKept: boolean;
  /**
   * Every location reads in the merged profile as in the source: its
   * mapping at the same addresses (no shift) with the same file. Functions
   * and lines are the merge's keys, equal by construction; nothing else of a
   * location reaches a report node or a filter (report/nodes.ts, filter/).
   */
  locationsAsIs: boolean;
  /** Every value an integer and Σ |value| ≤ 2^52 per type: any sum of its values with another such source's is exact, in any order. */
  exactSums: boolean;
}

const mergedSources = new WeakMap<Profile, readonly MergedSource[]>();

/** What mergeProfiles made `p` of; undefined for a profile it did not make. */
export function mergedFrom(p: Profile): readonly MergedSource[] | undefined {
  return mergedSources.get(p);
}

export class IncompatibleProfilesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IncompatibleProfilesError';
  }
}

/** Go's math.Round: half away from zero. */
export function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

function valueTypeText(p: Profile, t: { type: number; unit: number } | null): string {
  return t ? `${p.strings[t.type]}/${p.strings[t.unit]}` : 'none';
}

/** pprof's compatible(): same period type, same sample types in the same order. */
export function checkCompatible(a: Profile, b: Profile): void {
  const pa = valueTypeText(a, a.periodType);
  const pb = valueTypeText(b, b.periodType);
  if (pa !== pb) throw new IncompatibleProfilesError(`incompatible period types ${pa} and ${pb}`);
  const sa = a.sampleTypes.map((t) => valueTypeText(a, t)).join(' ');
  const sb = b.sampleTypes.map((t) => valueTypeText(b, t)).join(' ');
  if (sa !== sb) throw new IncompatibleProfilesError(`incompatible sample types [${sa}] and [${sb}]`);
}

const MAPSIZE_ROUNDING = 0x1000;

export function mergeProfiles(sources: MergeSource[]): Profile {
  const { b, keys } = startMerge(sources);
  const merged: MergedSource[] = [];
  for (const source of sources) {
    const tables = new SourceTables(b, keys, source.profile);
    const stackMap = tables.mapStacks();
    const scale = Array.from(scaleRatios(source));
    addSamples(b, source, stackMap);
    merged.push({ profile: source.profile, scale, label: source.label, stacksKept: tables.stacksKept, locationsAsIs: tables.locationsAsIs(), exactSums: exactSums(source.profile) });
  }
  // The builder merges equal samples; what cancelled to zero goes after.
  const p = dropZeroSamples(b.build({ merge: true }));
  mergedSources.set(p, merged);
  return p;
}

/**
 * What the merge of `sources` makes of their locations, without their
 * stacks and samples: each source's location → merged location, whether
 * each source's locations read as they are (MergedSource.locationsAsIs),
 * and a profile of the merged header, mappings, functions and locations
 * but no samples (what a report's header reads). Two samples of these
 * sources are one in the merge exactly when their stacks meet the same
 * merged locations in the same order and their labels are equal
 * (docs/decisions/0032).
 *
 * Every location is mapped, where the merge maps those its stack nodes
 * meet: a location no stack meets can only add a mapping the merge would
 * not have, which can only make a later source's mapping shift here, so
 * locationsAsIs errs towards false (the caller then merges).
 */
export function mergeLocations(sources: MergeSource[]): { header: Profile; locations: Int32Array[]; asIs: boolean[] } {
  const { b, keys } = startMerge(sources);
  const locations: Int32Array[] = [];
  const asIs: boolean[] = [];
  for (const source of sources) {
    const tables = new SourceTables(b, keys, source.profile);
    locations.push(tables.mapAllLocations());
    asIs.push(tables.locationsAsIs());
  }
  return { header: b.build({ merge: false }), locations, asIs };
}

/** A merge's builder with the merged header, and its keys, once the sources are found compatible. */
function startMerge(sources: MergeSource[]): { b: ProfileBuilder; keys: MergedKeys } {
  if (sources.length === 0) throw new Error('no profiles to merge');
  const first = sources[0].profile;
  for (const s of sources.slice(1)) checkCompatible(first, s.profile);
  const b = new ProfileBuilder(first.format);
  b.intern('');
  mergeHeaders(b, sources);
  return { b, keys: new MergedKeys() };
}

/** Headers, as pprof's combineHeaders combines them. */
function mergeHeaders(b: ProfileBuilder, sources: MergeSource[]): void {
  const first = sources[0].profile;
  const str = (i: number) => b.intern(first.strings[i]);
  b.sampleTypes = first.sampleTypes.map((t) => ({ type: str(t.type), unit: str(t.unit) }));
  b.periodType = first.periodType ? { type: str(first.periodType.type), unit: str(first.periodType.unit) } : null;
  b.dropFrames = str(first.dropFrames);
  b.keepFrames = str(first.keepFrames);
  let time = 0;
  let timeExact = '0';
  let duration = 0;
  let period = 0;
  let defaultType = '';
  const seenComments = new Set<string>();
  for (const { profile: p } of sources) {
    if (time === 0 || p.timeNanos < time) {
      time = p.timeNanos;
      timeExact = p.timeNanosExact;
    }
    duration += p.durationNanos;
    if (period === 0 || period < p.period) period = p.period;
    for (const c of p.comments) {
      const text = p.strings[c];
      if (!seenComments.has(text)) {
        seenComments.add(text);
        b.comments.push(b.intern(text));
      }
    }
    if (defaultType === '') defaultType = p.strings[p.defaultSampleType];
  }
  b.timeNanos = time;
  b.timeNanosExact = timeExact;
  b.durationNanos = duration;
  b.period = period;
  b.defaultSampleType = b.intern(defaultType);
}

/** The merged profile's functions, mappings and locations, by pprof's keys. */
class MergedKeys {
  readonly functions = new RowIndex();
  readonly mappings = new Map<string, number>();
  /** A mapping's start is one per merged mapping: an equal address in an equal mapping is an equal offset in it. */
  readonly locations = new RowIndex();
  /** Per merged mapping, its start address and file. */
  readonly mappingStart: number[] = [];
  readonly mappingFile: string[] = [];
}

/**
 * Rows of the merged profile (functions, locations) by a hash of pprof's
 * key, each candidate checked by the caller against the row the builder
 * holds. A key string per row cost about 1 µs and its garbage, and the
 * page's first compared table maps every location of both profiles
 * (splitReport's mergeLocations: 60,000 on the wide pair, decision 0038).
 * Rows are numbered in the order added, as the builder numbers them.
 */
class RowIndex {
  private readonly hashes = new GrowableInt32(1024);
  /** Row + 1 by hash; 0 is empty. */
  private slots = new Int32Array(1024);

  get size(): number {
    return this.hashes.length;
  }

  /** The row whose key hashes to `hash` and is `same`, or NONE. */
  find(hash: number, same: (row: number) => boolean): number {
    const { slots } = this;
    const mask = slots.length - 1;
    for (let slot = hash & mask; slots[slot] !== 0; slot = (slot + 1) & mask) if (same(slots[slot] - 1)) return slots[slot] - 1;
    return NONE;
  }

  /** Adds the next row, whose key (hashing to `hash`) is not in the index. */
  add(hash: number): void {
    this.hashes.push(hash);
    const n = this.hashes.length;
    if (2 * n > this.slots.length) {
      this.slots = slotsByHash(this.hashes.data, 0, n, this.slots.length * 2);
      return;
    }
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = n;
  }
}

/** One source's functions, mappings, locations and stack nodes mapped to the merged profile's, each once. */
class SourceTables {
  private readonly fnMap: Int32Array;
  private readonly mapMap: Int32Array;
  /** Added to the source's addresses in a mapping: the merged mapping's start minus this one's. */
  private readonly mapShift: Float64Array;
  private readonly locMap: Int32Array;
  /** The functions' strings in the merged table (NONE: not met yet): many functions share a file, most a name with their system name. */
  private readonly strMap: Int32Array;
  private readonly lineFns: number[] = [];
  /** The stack nodes were copied, each keeping its index. */
  stacksKept = false;

  constructor(
    private readonly b: ProfileBuilder,
    private readonly keys: MergedKeys,
    private readonly p: Profile,
  ) {
    this.fnMap = new Int32Array(p.functions.length).fill(NONE);
    this.mapMap = new Int32Array(p.mappings.length).fill(NONE);
    this.mapShift = new Float64Array(p.mappings.length);
    this.locMap = new Int32Array(p.locations.length).fill(NONE);
    this.strMap = new Int32Array(p.strings.length).fill(NONE);
    // The first mapping of the first source is the main binary.
    if (keys.mappings.size === 0 && p.mappings.length > 0) this.mapMapping(0);
  }

  /** Stack nodes are parent-first, so one forward pass maps them all. */
  mapStacks(): Int32Array {
    const st = this.p.stacks;
    if (this.b.stacks.length === 0 && this.mapsLocationsApart()) return this.copyStacks();
    const stackMap = new Int32Array(st.length);
    const stacks: StackTableBuilder = this.b.stacks;
    for (let s = 0; s < st.length; s++) {
      const parent = st.parent[s];
      stackMap[s] = stacks.intern(parent === NONE ? NONE : stackMap[parent], this.mapLocation(st.location[s]));
    }
    return stackMap;
  }

  /**
   * Maps the locations in the order the stack nodes meet them (the order
   * mapStacks would), and says whether no two became one: then the stack
   * tree, whose nodes are each a (parent, location) of their own, maps to an
   * equal tree.
   */
  private mapsLocationsApart(): boolean {
    const { location, length: n } = this.p.stacks;
    const before = this.keys.locations.size;
    let met = 0;
    for (let s = 0; s < n; s++) {
      const l = location[s];
      if (this.locMap[l] === NONE) {
        this.mapLocation(l);
        met++;
      }
    }
    return this.keys.locations.size - before === met;
  }

  /** The merged location of every location, in index order. */
  mapAllLocations(): Int32Array {
    for (let l = 0; l < this.locMap.length; l++) this.mapLocation(l);
    return this.locMap;
  }

  /**
   * The first source's tree into an empty table: the same parents, its
   * locations mapped, written in one pass instead of looked up node by
   * node; the builder indexes its branchings on the next lookup
   * (releaseIndex). Each node keeps its index.
   */
  private copyStacks(): Int32Array {
    const { parent, location, length: n } = this.p.stacks;
    const stacks = this.b.stacks;
    stacks.adoptParents(parent, n);
    const l = stacks.location.data;
    const locMap = this.locMap;
    for (let s = 0; s < n; s++) l[s] = locMap[location[s]];
    const stackMap = new Int32Array(n);
    for (let s = 0; s < n; s++) stackMap[s] = s;
    this.stacksKept = true;
    return stackMap;
  }

  /** MergedSource.locationsAsIs, over the mappings its locations met. */
  locationsAsIs(): boolean {
    const files = this.p.mappings.filename;
    for (let m = 0; m < this.mapMap.length; m++) {
      const merged = this.mapMap[m];
      if (merged === NONE) continue;
      if (this.mapShift[m] !== 0 || this.keys.mappingFile[merged] !== this.p.strings[files[m]]) return false;
    }
    return true;
  }

  private str(i: number): number {
    if (this.strMap[i] === NONE) this.strMap[i] = this.b.intern(this.p.strings[i]);
    return this.strMap[i];
  }

  private mapFunction(f: number): number {
    if (f === NONE) return NONE;
    if (this.fnMap[f] !== NONE) return this.fnMap[f];
    const fns = this.p.functions;
    const name = this.str(fns.name[f]);
    const sys = this.str(fns.systemName[f]);
    const file = this.str(fns.filename[f]);
    const start = fns.startLine[f];
    const hash = mixNumber(mixNumber(mixNumber(mixNumber(0x7f4a7c15, name), sys), file), start);
    const keys = this.keys.functions;
    const fn = this.b.fn;
    let m = keys.find(hash, (g) => fn.name.data[g] === name && fn.systemName.data[g] === sys && fn.filename.data[g] === file && fn.startLine.data[g] === start);
    if (m === NONE) {
      m = this.b.addFunction(keys.size + 1, name, sys, file, start);
      keys.add(hash);
    }
    this.fnMap[f] = m;
    return m;
  }

  private mapMapping(m: number): number {
    if (m === NONE) return NONE;
    if (this.mapMap[m] !== NONE) return this.mapMap[m];
    const { p, b } = this;
    const ms = p.mappings;
    const start = ms.memoryStart[m];
    const buildId = p.strings[ms.buildId[m]];
    const file = p.strings[ms.filename[m]];
    const key = mappingKey(p, m);
    const keys = this.keys.mappings;
    let merged = keys.get(key);
    if (merged === undefined) {
      merged = b.addMapping(keys.size + 1, start, ms.memoryLimit[m], ms.fileOffset[m], b.intern(file), b.intern(buildId), ms.flags[m]);
      keys.set(key, merged);
      this.keys.mappingStart.push(start);
      this.keys.mappingFile.push(file);
      this.mapShift[m] = 0;
    } else {
      this.mapShift[m] = this.keys.mappingStart[merged] - start;
    }
    this.mapMap[m] = merged;
    return merged;
  }

  private mapLocation(l: number): number {
    if (this.locMap[l] !== NONE) return this.locMap[l];
    const { p, lineFns } = this;
    const locs = p.locations;
    const lines = p.lines;
    const m = this.mapMapping(locs.mapping[l]);
    const address = m === NONE ? locs.address[l] : locs.address[l] + this.mapShift[locs.mapping[l]];
    const from = locs.lineStart[l];
    const folded = locs.isFolded[l];
    let hash = mixNumber(mixNumber(mixNumber(0x3c6ef372, m), address), folded);
    lineFns.length = 0;
    for (let i = from; i < locs.lineStart[l + 1]; i++) {
      const f = this.mapFunction(lines.function[i]);
      lineFns.push(f);
      hash = mixNumber(mixNumber(hash, f), lines.line[i]);
    }
    const keys = this.keys.locations;
    const b = this.b;
    let merged = keys.find(hash, (c) => {
      if (b.location.mapping.data[c] !== m || b.location.address.data[c] !== address || b.location.isFolded.data[c] !== folded) return false;
      const cFrom = b.location.lineStart.data[c];
      const cTo = c + 1 < b.location.lineStart.length ? b.location.lineStart.data[c + 1] : b.line.function.length;
      if (cTo - cFrom !== lineFns.length) return false;
      for (let k = 0; k < lineFns.length; k++) if (b.line.function.data[cFrom + k] !== lineFns[k] || b.line.line.data[cFrom + k] !== lines.line[from + k]) return false;
      return true;
    });
    if (merged === NONE) {
      merged = b.beginLocation(keys.size + 1, m, address, folded === 1);
      for (let i = from, k = 0; i < locs.lineStart[l + 1]; i++, k++) {
        b.addLine(lineFns[k], lines.line[i], lines.column[i]);
      }
      keys.add(hash);
    }
    this.locMap[l] = merged;
    return merged;
  }
}

/** A source's multiplier per sample type. */
function scaleRatios(source: MergeSource): Float64Array {
  const ratios = new Float64Array(source.profile.sampleTypes.length).fill(1);
  if (typeof source.scale === 'number') ratios.fill(source.scale);
  else if (source.scale) ratios.set(source.scale);
  return ratios;
}

/** Beyond this Σ |value| of a type, the sum of two sources' values may round (2^53 is where integers stop being exact). */
const EXACT_SUM = 2 ** 52;

/** Every value an integer and Σ |value| ≤ 2^52 per type: sums of them are exact in any order (MergedSource.exactSums). */
export function exactSums(p: Profile): boolean {
  const n = p.sampleTypes.length;
  const abs = new Float64Array(n);
  const v = p.samples.values;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isInteger(v[i])) return false;
    abs[i % n] += Math.abs(v[i]);
  }
  return abs.every((x) => x <= EXACT_SUM);
}

/** The source's samples, scaled and labelled, on the merged stack nodes. */
function addSamples(b: ProfileBuilder, source: MergeSource, stackMap: Int32Array): void {
  const p = source.profile;
  const nTypes = p.sampleTypes.length;
  const values = new Float64Array(nTypes);
  const ratios = scaleRatios(source);
  let scaled = false;
  for (let t = 0; t < nTypes; t++) if (ratios[t] !== 1) scaled = true;

  const str = (i: number) => b.intern(p.strings[i]);
  const labelKey = source.label ? b.intern(source.label.key) : 0;
  const labelValue = source.label ? b.intern(source.label.value) : 0;
  const smp = p.samples;
  const lab = p.labels;
  for (let i = 0; i < smp.length; i++) {
    let keep = !scaled;
    for (let t = 0; t < nTypes; t++) {
      const v = smp.values[i * nTypes + t];
      if (ratios[t] !== 1) {
        const sv = goRound(v * ratios[t]);
        values[t] = sv === 0 ? 0 : sv; // no -0
        if (sv !== 0) keep = true;
      } else {
        values[t] = v;
      }
    }
    if (!keep) continue;
    for (let k = lab.setStart[smp.labelSet[i]]; k < lab.setStart[smp.labelSet[i] + 1]; k++) {
      const num = lab.isNum[k] === 1;
      b.addLabel(str(lab.key[k]), num ? 0 : str(lab.str[k]), lab.num[k], str(lab.numUnit[k]), num);
    }
    if (source.label) b.addLabel(labelKey, labelValue, 0, 0, false);
    const s = smp.stack[i];
    b.addSample(s === NONE ? NONE : stackMap[s], values);
  }
}

/**
 * Whether merging `p` alone (as pprof merges a single source) leaves its
 * -top report as it is: every report node's flat and cum, the report total
 * and the header, so a report that reads only those may skip the merge.
 * Folding equal locations and functions changes no node (a node is keyed by
 * names, files, lines and addresses, which equal ones share); adding up
 * equal samples changes no sum, nor Σ |value| when no value is negative
 * (only how many samples there are: the graph's counts read the merged
 * profile); dropping all-zero samples changes nothing. What does change: a
 * location of a mapping that has the key of an earlier mapping moves to that
 * mapping's addresses (mapMapping), and a comment given twice is kept once.
 */
export function mergeAloneKeepsReport(p: Profile): boolean {
  const v = p.samples.values;
  for (let i = 0; i < v.length; i++) if (v[i] < 0) return false;
  const keys = new Set<string>();
  for (let m = 0; m < p.mappings.length; m++) keys.add(mappingKey(p, m));
  if (keys.size !== p.mappings.length) return false;
  return new Set(p.comments.map((c) => p.strings[c])).size === p.comments.length;
}

/** pprof's mapping key: the size rounded up to 4 KiB, the file offset, and the build ID (else the file). */
export function mappingKey(p: Profile, m: number): string {
  const ms = p.mappings;
  let size = ms.memoryLimit[m] - ms.memoryStart[m];
  size = size + MAPSIZE_ROUNDING - 1;
  size -= size % MAPSIZE_ROUNDING;
  const buildId = p.strings[ms.buildId[m]];
  return `${size}\u0000${ms.fileOffset[m]}\u0000${buildId !== '' ? buildId : p.strings[ms.filename[m]]}`;
}

/** pprof re-merges a merged profile with zero samples to drop them. */
export function dropZeroSamples(p: Profile): Profile {
  const nT = p.sampleTypes.length;
  const { stack, values, labelSet, length: n } = p.samples;
  const keep = new Uint8Array(n);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < nT; t++) {
      if (values[i * nT + t] !== 0) {
        keep[i] = 1;
        kept++;
        break;
      }
    }
  }
  if (kept === n) return p;
  // The label sets stay as they are: the kept samples name theirs.
  const samples = {
    length: kept,
    stack: new Int32Array(kept),
    values: new (values.constructor as new (n: number) => typeof values)(kept * nT),
    labelSet: new Int32Array(kept),
  };
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    samples.stack[j] = stack[i];
    samples.values.set(values.subarray(i * nT, i * nT + nT), j * nT);
    samples.labelSet[j] = labelSet[i];
    j++;
  }
  return { ...p, samples };
}
