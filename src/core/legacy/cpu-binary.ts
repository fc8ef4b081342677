// The legacy binary CPU profile: gperftools' CPU profiler, and Go's runtime
// up to Go 1.8 (pprof.StartCPUProfile wrote the same format). Native-endian
// words of 32 or 64 bits:
//   header   0, 3, 0, period (µs), 0       (third word 1: a Java profile, see java.ts)
//   samples  count, depth, pc[0] … pc[depth-1]   (leaf first)
//   trailer  0, 1, 0
// then the text of /proc/self/maps at the time of the profile.

import { ProfileError } from '../errors';
import { ProfileBuilder, type Profile } from '../model';
import type { Steps } from '../progress';
import { AddressStacks, dropDuplicateLeaves, emitAddressProfile } from './address-stacks';
import type { LegacyFormat } from './format';
import { setLegacyTypes } from './frame-info';
import { callSite } from './hex';
import { parseProcMaps } from './proc-maps';
import { decodeText, TextLines } from './text-lines';

export interface WordFormat {
  size: 4 | 8;
  littleEndian: boolean;
}

/** The order pprof tries them in: a 64-bit file never reads as 0, 3 in 32-bit words. */
const WORD_FORMATS: WordFormat[] = [
  { size: 4, littleEndian: true },
  { size: 4, littleEndian: false },
  { size: 8, littleEndian: true },
  { size: 8, littleEndian: false },
];

export function readWord(view: DataView, pos: number, w: WordFormat): number {
  if (w.size === 4) return view.getUint32(pos, w.littleEndian);
  const lo = view.getUint32(w.littleEndian ? pos : pos + 4, w.littleEndian);
  const hi = view.getUint32(w.littleEndian ? pos + 4 : pos, w.littleEndian);
  return hi * 0x100000000 + lo;
}

export interface CpuHeader {
  word: WordFormat;
  /** Sampling period in microseconds. */
  periodMicros: number;
  java: boolean;
  /** Byte offset of the first sample. */
  dataStart: number;
}

export function readCpuHeader(bytes: Uint8Array): CpuHeader | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const word of WORD_FORMATS) {
    if (bytes.length < 5 * word.size) continue;
    const n = [0, 1, 2, 3, 4].map((i) => readWord(view, i * word.size, word));
    if (n[0] === 0 && n[1] === 3 && (n[2] === 0 || n[2] === 1) && n[3] > 0 && n[4] === 0) {
      return { word, periodMicros: n[3], java: n[2] === 1, dataStart: 5 * word.size };
    }
  }
  return null;
}

const SAMPLES_PER_STEP = 8192;

/**
 * Reads samples up to the trailer (or the end of the data, which pprof also
 * accepts) into `stacks` as [count, count × period]. With `adjust`, every
 * frame but the leaf is moved back onto its call instruction.
 * Returns the offset just past the samples.
 */
export function* readCpuSamples(bytes: Uint8Array, h: CpuHeader, periodNanos: number, adjust: boolean, stacks: AddressStacks, what: string): Steps<number> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { word } = h;
  const size = word.size;
  const frames: number[] = [];
  let pos = h.dataStart;
  let n = 0;
  while (pos < bytes.length) {
    const left = bytes.length - pos;
    if (left < 2 * size) {
      throw new ProfileError('binary-malformed', `${what} is cut short: ${left} stray byte${left === 1 ? '' : 's'} at byte ${pos} where sample ${n + 1} should start (its count and depth take ${2 * size}).`);
    }
    const count = readWord(view, pos, word);
    const depth = readWord(view, pos + size, word);
    pos += 2 * size;
    if (depth * size > bytes.length - pos) {
      throw new ProfileError('binary-malformed', `${what} is cut short or damaged: sample ${n + 1} (byte ${pos - 2 * size}) has ${depth} frames, but only ${bytes.length - pos} bytes remain.`);
    }
    frames.length = 0;
    for (let i = 0; i < depth; i++) {
      const pc = readWord(view, pos, word);
      pos += size;
      frames.push(adjust && i > 0 ? callSite(pc) : pc);
    }
    if (count === 0 && depth === 1 && frames[0] === 0) break; // the trailer
    stacks.add(frames, [count, count * periodNanos]);
    if (++n % SAMPLES_PER_STEP === 0) yield { phase: 'decode', done: pos, total: bytes.length };
  }
  return pos;
}

/**
 * "If *most* samples have the same second-to-the-bottom frame, it strongly
 * suggests that it is an uninteresting artifact of measurement -- a stack
 * frame pushed by the signal handler." pprof removes up to two such frames,
 * allowing one sample in 32 to differ.
 */
function dropSignalFrames(stacks: AddressStacks): void {
  const n = stacks.length;
  const margin = Math.floor(n / 32);
  for (let iter = 0; iter < 2; iter++) {
    const seen = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      if (stacks.frameCount(i) > 1) {
        const a = stacks.frame(i, 1);
        seen.set(a, (seen.get(a) ?? 0) + 1);
      }
    }
    // At most one address can reach n - n/32 of the samples.
    let common: number | undefined;
    for (const [a, c] of seen) if (c >= n - margin) common = a;
    if (common === undefined) continue;
    stacks.dropCallerFrame((i) => stacks.frame(i, 1) === common);
  }
}

export function* parseCpuLegacy(bytes: Uint8Array): Steps<Profile> {
  const h = readCpuHeader(bytes);
  if (!h || h.java) throw new ProfileError('unrecognized', 'Not a legacy binary CPU profile: the header words are not 0, 3, 0, period, 0.');
  const period = h.periodMicros * 1000;
  const b = new ProfileBuilder('cpu-legacy');
  setLegacyTypes(b, [['samples', 'count'], ['cpu', 'nanoseconds']], ['cpu', 'nanoseconds'], period);
  const stacks = new AddressStacks(2);
  const end = yield* readCpuSamples(bytes, h, period, true, stacks, 'This legacy CPU profile');
  dropSignalFrames(stacks);
  dropDuplicateLeaves(stacks);
  const maps = parseProcMaps(new TextLines(decodeText(bytes.subarray(end)), bytes.length, end));
  emitAddressProfile(b, stacks, maps);
  yield { phase: 'decode', done: bytes.length, total: bytes.length };
  return b.build();
}

export const cpuLegacyFormat: LegacyFormat = {
  name: 'cpu-legacy',
  detect: (_head, bytes) => readCpuHeader(bytes)?.java === false,
  parse: parseCpuLegacy,
};
