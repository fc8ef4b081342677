// Samples of the unsymbolized legacy formats, held flat until the whole file
// is read: pprof edits stacks after parsing (the CPU profiler's signal
// frames, duplicated leaves) and numbers locations by first use only then.
// `emitAddressProfile` turns them into locations, mappings and samples.

import { GrowableFloat64, GrowableInt32 } from '../model';
import type { ProfileBuilder } from '../model';
import { Interner } from '../model';
import { NONE, type Profile } from '../model';
import type { Steps } from '../progress';
import { MAX_UINT64 } from './hex';
import { readMemoryMapSection, type MappingSpec } from './proc-maps';
import type { TextLines } from './text-lines';

export class AddressStacks {
  /** Frames of all samples, leaf first. */
  readonly addrs = new GrowableFloat64(4096);
  /** Frames of sample i are addrs[start[i]] .. addrs[start[i+1]-1]. */
  readonly start = new GrowableInt32(1024);
  readonly values = new GrowableFloat64(1024);
  /** The "bytes" numeric label (allocation size) of each sample, when the format has one. */
  readonly blockSize = new GrowableFloat64(1024);

  constructor(readonly valuesPerSample: number) {}

  get length(): number {
    return this.start.length;
  }

  /** pprof's Merge drops samples whose values are all zero, and with them the locations only they use. */
  isZero(i: number): boolean {
    const k = this.valuesPerSample;
    for (let t = i * k; t < i * k + k; t++) if (this.values.data[t] !== 0) return false;
    return true;
  }

  /** Adds a sample whose frames are `frames` (leaf first). */
  add(frames: ArrayLike<number>, values: ArrayLike<number>, blockSize = NaN): void {
    this.start.push(this.addrs.length);
    for (let i = 0; i < frames.length; i++) this.addrs.push(frames[i]);
    for (let i = 0; i < values.length; i++) this.values.push(values[i]);
    this.blockSize.push(blockSize);
  }

  frameCount(i: number): number {
    return (i + 1 < this.start.length ? this.start.data[i + 1] : this.addrs.length) - this.start.data[i];
  }

  /** Address of frame d (0 = leaf) of sample i. */
  frame(i: number, d: number): number {
    return this.addrs.data[this.start.data[i] + d];
  }

  /** Removes frame 1 (the leaf's caller) of every sample for which `drop` says so. */
  dropCallerFrame(drop: (sample: number) => boolean): void {
    const a = this.addrs.data;
    const st = this.start.data;
    const n = this.start.length;
    let w = 0;
    for (let i = 0; i < n; i++) {
      const from = st[i];
      const to = i + 1 < n ? st[i + 1] : this.addrs.length;
      // Ask before st[i] moves: `drop` reads the sample through it.
      const skip = to - from > 1 && drop(i) ? from + 1 : -1;
      st[i] = w;
      for (let r = from; r < to; r++) if (r !== skip) a[w++] = a[r];
    }
    this.addrs.length = w;
  }
}

/**
 * "The profile handler may duplicate the leaf frame, because it gets its
 * address both from stack unwinding and from the signal context." The copy
 * from unwinding was moved back by one; drop it.
 */
export function dropDuplicateLeaves(stacks: AddressStacks): void {
  stacks.dropCallerFrame((i) => stacks.frame(i, 0) === stacks.frame(i, 1) + 1);
}

/**
 * pprof's massageMappings and remapMappingIDs: join a mapping split into
 * adjacent ranges, put the main binary first, and repair the two ways old
 * handlers got it wrong (a leading /anon_hugepage, an offset on a binary
 * loaded at 0x400000).
 */
export function normalizeMappings(maps: MappingSpec[]): MappingSpec[] {
  const out: MappingSpec[] = [];
  for (const m of maps.map((x) => ({ ...x }))) {
    const last = out[out.length - 1];
    if (last && adjacent(last, m)) {
      last.limit = m.limit;
      if (m.file) last.file = m.file;
      if (m.buildId) last.buildId = m.buildId;
    } else {
      out.push(m);
    }
  }
  // "Use heuristics to identify main binary and move it to the top": the
  // first that is not a shared library nor a [pseudo] mapping.
  const main = out.findIndex((m) => {
    const file = m.file.replaceAll('(deleted)', '').trim();
    return file !== '' && !/([.]so$|[.]so[._][0-9]+)/.test(file) && file[0] !== '[';
  });
  if (main > 0) [out[0], out[main]] = [out[main], out[0]];
  if (out.length > 1 && out[0].file.startsWith('/anon_hugepage') && out[0].limit === out[1].start) out.shift();
  if (out.length > 0 && out[0].start - out[0].offset === 0x400000) {
    out[0].start = 0x400000;
    out[0].offset = 0;
  }
  return out;
}

function adjacent(a: MappingSpec, b: MappingSpec): boolean {
  if (a.file && b.file && a.file !== b.file) return false;
  if (a.buildId && b.buildId && a.buildId !== b.buildId) return false;
  if (a.limit !== b.start) return false;
  if (a.offset !== 0 && b.offset !== 0 && a.offset + (a.limit - a.start) !== b.offset) return false;
  return true;
}

/**
 * Mapping of each address, in first-use order as pprof assigns them (the
 * order matters: the split-mapping repair widens a mapping for later ones).
 * Addresses outside every mapping share one fake mapping spanning all
 * memory, added last, as pprof does for Go profiles that carry no map.
 */
function assignMappings(maps: MappingSpec[], addresses: ArrayLike<number>, count: number): Int32Array {
  const out = new Int32Array(count).fill(NONE);
  let fake = NONE;
  next: for (let i = 0; i < count; i++) {
    const a = addresses[i];
    if (a === 0) continue;
    for (let j = 0; j < maps.length; j++) {
      if (maps[j].start <= a && a < maps[j].limit) {
        out[i] = j;
        continue next;
      }
    }
    // "Work around legacy handlers failing to encode the first part of
    // mappings split into adjacent ranges."
    for (let j = 0; j < maps.length; j++) {
      const m = maps[j];
      if (m.offset !== 0 && m.start - m.offset <= a && a < m.start) {
        m.start -= m.offset;
        m.offset = 0;
        out[i] = j;
        continue next;
      }
    }
    if (fake === NONE) {
      fake = maps.length;
      maps.push({ start: 0, limit: MAX_UINT64, offset: 0, file: '', buildId: '' });
    }
    out[i] = fake;
  }
  return out;
}

/**
 * Writes mappings, one location per distinct address (IDs in first-use
 * order) and the samples into `b`. `valueTypes` must already be set on `b`.
 */
export function emitAddressProfile(b: ProfileBuilder, stacks: AddressStacks, maps: MappingSpec[]): void {
  const addrs = stacks.addrs.data;
  const n = stacks.length;
  const unique = new Interner<number>(); // location i is address i
  const frameLoc = new Int32Array(stacks.addrs.length);
  for (let i = 0; i < n; i++) {
    if (stacks.isZero(i)) continue;
    const from = stacks.start.data[i];
    const to = from + stacks.frameCount(i);
    for (let f = from; f < to; f++) frameLoc[f] = unique.intern(addrs[f]);
  }

  const mapped = normalizeMappings(maps);
  const address = unique.values;
  const mappingOf = assignMappings(mapped, address, address.length);
  mapped.forEach((m, i) => b.addMapping(i + 1, m.start, m.limit, m.offset, b.intern(m.file), b.intern(m.buildId), 0));
  for (let i = 0; i < address.length; i++) b.beginLocation(i + 1, mappingOf[i], address[i], false);

  const bytesKey = b.intern('bytes');
  const k = stacks.valuesPerSample;
  const vals = stacks.values.data;
  for (let i = 0; i < n; i++) {
    if (stacks.isZero(i)) continue;
    const from = stacks.start.data[i];
    const stack = b.internStack(frameLoc.subarray(from, from + stacks.frameCount(i)));
    const size = stacks.blockSize.data[i];
    if (!Number.isNaN(size)) b.addLabel(bytesKey, 0, size, 0, true);
    b.addSample(stack, vals.subarray(i * k, i * k + k));
  }
}

/**
 * The end of a text format's parse: the memory map section from `line` on,
 * then the profile of its address stacks.
 */
export function* finishAddressProfile(b: ProfileBuilder, stacks: AddressStacks, lines: TextLines, line: string | null): Steps<Profile> {
  emitAddressProfile(b, stacks, readMemoryMapSection(lines, line));
  yield lines.progress();
  return b.build();
}
