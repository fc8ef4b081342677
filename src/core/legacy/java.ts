// Java's legacy profiles, symbolized in the file itself: heapz and
// contentionz in text, and CPU in the binary format of cpu-binary.ts with a
// third header word of 1. Stacks are made-up ids ("0x00000003"); after the
// samples, one line per id names its frame:
//
//   --- heapz 1 ---
//   format = java
//   resolution = bytes
//   <bytes> <objects> @ 0x00000003 0x00000004 …
//    0x00000003 com.example.Foo.bar (Foo.java:103)
//    0x00000004 GC
//
// Ids are not addresses: pprof zeroes them once symbolized, so frames are
// the same location exactly when they name the same function and line (and
// frames without a symbol line all become one unknown location).

import { ProfileError } from '../errors';
import { ProfileBuilder, NONE, type Profile } from '../model';
import type { Steps } from '../progress';
import { AddressStacks } from './address-stacks';
import { isJavaAttribute, contentionAttributeKeys } from './contention';
import { readCpuHeader, readCpuSamples } from './cpu-binary';
import type { LegacyFormat } from './format';
import { setLegacyTypes } from './frame-info';
import { parseGoInt } from './go-int';
import { blockSize, scaleHeapSample } from './heap-sampling';
import { collectHexAddresses, hexValue } from './hex';
import { decodeText, LINES_PER_STEP, quoteLine, TextLines } from './text-lines';

const JAVA_SAMPLE = / *(\d+) +(\d+) +@ +([ x0-9a-f]*)/;
const S = '[\\t\\n\\f\\r ]';
const JAVA_LOCATION = new RegExp(`^${S}*0x([0-9A-Fa-f]+)${S}+(.*)${S}*$`);
const FILE_LINE = new RegExp(`^(.*)${S}+\\((.+):(-?[0-9]+)\\)$`);
const FILE_PATH = new RegExp(`^(.*)${S}+\\((.*)\\)$`);

/** Java's heapz samples every 512 KiB on average. */
const JAVA_HEAPZ_SAMPLING_RATE = 524288;

type JavaKind = 'heap' | 'contention';

function javaTextKind(firstLine: string): JavaKind | null {
  const t = firstLine.trim();
  return t === '--- heapz 1 ---' ? 'heap' : t === '--- contentionz 1 ---' ? 'contention' : null;
}

interface JavaSymbol {
  fn: string;
  line: number;
}

/** Go's filepath.Base: the last element of a path. */
function baseName(path: string): string {
  if (path === '') return '.';
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/**
 * Reads the symbol lines from `line` on: "0x<id> <function> (<file>:<line>)",
 * "0x<id> <function> (<library path>)", or a bare state like "GC".
 * The first file seen for a function name is its file, as in pprof.
 */
function* readSymbols(lines: TextLines, line: string | null, used: Set<number>, files: Map<string, string>): Steps<Map<number, JavaSymbol>> {
  const out = new Map<number, JavaSymbol>();
  for (; line !== null; line = lines.next()) {
    if (lines.lineNo % LINES_PER_STEP === 0) yield lines.progress();
    const t = line.trim();
    if (t === '') continue;
    const m = JAVA_LOCATION.exec(t);
    if (!m) continue;
    const id = hexValue(m[1]);
    if (Number.isNaN(id)) throw new ProfileError('text-malformed', `Java profile line ${lines.lineNo}: frame id 0x${m[1]} does not fit in 64 bits.`);
    if (!used.has(id)) continue;
    let fn: string;
    let file = '';
    let lineNo = 0;
    const fl = FILE_LINE.exec(m[2]);
    const fp = fl ? null : FILE_PATH.exec(m[2]);
    if (fl) {
      [fn, file] = [fl[1], fl[2]];
      const n = parseInt(fl[3], 10);
      if (n > 0) lineNo = n;
    } else if (fp) {
      // "If there's not a file:line, it's a shared library path": its base name is enough.
      [fn, file] = [fp[1], baseName(fp[2])];
    } else if (m[2].includes('generated stub/JIT')) {
      fn = 'STUB';
    } else {
      fn = m[2]; // the agent's own states: "GC", "VM", "Compile"
    }
    if (!files.has(fn)) files.set(fn, file);
    out.set(id, { fn, line: lineNo });
  }
  return out;
}

/** Locations keyed by what they name, samples over them; nothing has an address or a mapping. */
function emitJavaProfile(b: ProfileBuilder, stacks: AddressStacks, symbols: Map<number, JavaSymbol>, files: Map<string, string>): void {
  const fnOf = new Map<string, number>();
  const locOf = new Map<string, number>();
  const locOfId = new Map<number, number>();
  const frameLoc = new Int32Array(stacks.addrs.length);
  for (let i = 0; i < stacks.length; i++) {
    if (stacks.isZero(i)) continue;
    const from = stacks.start.data[i];
    for (let f = from; f < from + stacks.frameCount(i); f++) {
      const id = stacks.addrs.data[f];
      let loc = locOfId.get(id);
      if (loc === undefined) {
        const sym = symbols.get(id);
        const key = sym ? `${sym.fn}\n${sym.line}` : '';
        loc = locOf.get(key);
        if (loc === undefined) {
          loc = b.beginLocation(b.location.id.length + 1, NONE, 0, false);
          if (sym) {
            let fn = fnOf.get(sym.fn);
            if (fn === undefined) {
              const name = b.intern(sym.fn);
              fn = b.addFunction(fnOf.size + 1, name, name, b.intern(files.get(sym.fn) ?? ''), 0);
              fnOf.set(sym.fn, fn);
            }
            b.addLine(fn, sym.line);
          }
          locOf.set(key, loc);
        }
        locOfId.set(id, loc);
      }
      frameLoc[f] = loc;
    }
  }
  const bytesKey = b.intern('bytes');
  const k = stacks.valuesPerSample;
  for (let i = 0; i < stacks.length; i++) {
    if (stacks.isZero(i)) continue;
    const from = stacks.start.data[i];
    const stack = b.internStack(frameLoc.subarray(from, from + stacks.frameCount(i)));
    const size = stacks.blockSize.data[i];
    if (!Number.isNaN(size)) b.addLabel(bytesKey, 0, size, 0, true);
    b.addSample(stack, stacks.values.data.subarray(i * k, i * k + k));
  }
}

function usedIds(stacks: AddressStacks): Set<number> {
  const used = new Set<number>();
  for (let f = 0; f < stacks.addrs.length; f++) used.add(stacks.addrs.data[f]);
  return used;
}

/** A file cut before its symbol section would show nothing but unknown frames. */
function requireSymbols(stacks: AddressStacks, symbols: Map<number, JavaSymbol>, what: string): void {
  if (stacks.addrs.length > 0 && symbols.size === 0) {
    throw new ProfileError('text-malformed', `${what} names none of its ${usedIds(stacks).size} frames: the symbol lines ("0x… function (File.java:line)") after the samples are missing — is the file cut short?`);
  }
}

export function* parseJavaText(bytes: Uint8Array): Steps<Profile> {
  const lines = new TextLines(decodeText(bytes), bytes.length);
  const first = lines.next() ?? '';
  const kind = lines.terminated ? javaTextKind(first) : null;
  if (!kind) throw new ProfileError('unrecognized', `Not a Java profile: the first line is ${quoteLine(first)}.`);
  const what = `This Java ${kind === 'heap' ? 'heapz' : 'contentionz'} profile`;

  const b = new ProfileBuilder('java-text');
  let types: [string, string][] | null = null;
  let periodType: [string, string] | null = null;
  let period = 0;
  // Attribute and sample lines count only when a newline ends them, as pprof reads them.
  let line = lines.next();
  for (; line !== null && lines.terminated; line = lines.next()) {
    const t = line.trim();
    if (t === '') continue;
    const h = attribute(t);
    if (!h) break;
    const key = h[0].trim();
    const value = h[1].trim();
    const where = `Java profile line ${lines.lineNo}`;
    switch (`${kind}/${key}`) {
      case 'heap/format':
      case 'contention/format':
        if (value !== 'java') throw new ProfileError('text-malformed', `${where}: format is ${quoteLine(value)}, not "java".`);
        break;
      case 'heap/resolution':
        types = [['inuse_objects', 'count'], ['inuse_space', value]];
        break;
      case 'contention/resolution':
        types = [['contentions', 'count'], ['delay', value]];
        break;
      case 'contention/sampling period':
        periodType = ['contentions', 'count'];
        period = parseGoInt(value);
        if (Number.isNaN(period)) throw new ProfileError('text-malformed', `${where}: sampling period ${quoteLine(value)} is not an integer.`);
        break;
      case 'contention/ms since reset': {
        const ms = parseGoInt(value);
        if (Number.isNaN(ms)) throw new ProfileError('text-malformed', `${where}: ms since reset ${quoteLine(value)} is not an integer.`);
        b.durationNanos = ms * 1e6;
        break;
      }
      default:
        throw new ProfileError('text-malformed', `${where}: ${quoteLine(key)} is not an attribute of a Java ${kind} profile.`);
    }
  }
  if (!types) throw new ProfileError('text-malformed', `${what} has no "resolution" attribute, so its values have no unit.`);
  setLegacyTypes(b, types, periodType, period);

  const stacks = new AddressStacks(2);
  const frames: number[] = [];
  const values = [0, 0];
  for (; line !== null && lines.terminated; line = lines.next()) {
    if (lines.lineNo % LINES_PER_STEP === 0) yield lines.progress();
    const t = line.trim();
    if (t === '') continue;
    const m = JAVA_SAMPLE.exec(t);
    if (!m) break; // the symbol lines begin
    const where = `Java profile line ${lines.lineNo}`;
    frames.length = 0;
    const bad = collectHexAddresses(m[3], frames);
    if (bad) throw new ProfileError('text-malformed', `${where}: frame id ${bad} does not fit in 64 bits.`);
    // "Java profiles have data/fields inverted compared to other profile
    // types": the count comes second.
    const count = parseGoInt(m[2]);
    const amount = parseGoInt(m[1]);
    if (Number.isNaN(count) || Number.isNaN(amount)) throw new ProfileError('text-malformed', `${where}: ${quoteLine(t)} has a number Go cannot read.`);
    let size = NaN;
    if (kind === 'heap') {
      if (count === 0) throw new ProfileError('text-malformed', `${where}: the object count (second number) must not be 0 in ${quoteLine(t)}.`);
      size = blockSize(amount, count);
      [values[0], values[1]] = scaleHeapSample(count, amount, JAVA_HEAPZ_SAMPLING_RATE);
    } else {
      [values[0], values[1]] = period !== 0 ? [count * period, amount * period] : [count, amount];
    }
    stacks.add(frames, values, size);
  }
  if (line !== null && !lines.terminated && JAVA_SAMPLE.test(line)) {
    // pprof silently ignores a last sample line without a newline: a file cut there.
    throw new ProfileError('text-malformed', `${what} ends inside a sample line (${quoteLine(line)}) before its symbol lines: is the file cut short?`);
  }
  const files = new Map<string, string>();
  const symbols = yield* readSymbols(lines, line, usedIds(stacks), files);
  requireSymbols(stacks, symbols, what);
  emitJavaProfile(b, stacks, symbols, files);
  yield lines.progress();
  return b.build();
}

export function* parseJavaCpu(bytes: Uint8Array): Steps<Profile> {
  const h = readCpuHeader(bytes);
  if (!h || !h.java) throw new ProfileError('unrecognized', 'Not a Java CPU profile: the header words are not 0, 3, 1, period, 0.');
  const period = h.periodMicros * 1000;
  const b = new ProfileBuilder('java-text');
  setLegacyTypes(b, [['samples', 'count'], ['cpu', 'nanoseconds']], ['cpu', 'nanoseconds'], period);
  const stacks = new AddressStacks(2);
  // Ids, not return addresses: nothing to move back.
  const end = yield* readCpuSamples(bytes, h, period, false, stacks, 'This Java CPU profile');
  const lines = new TextLines(decodeText(bytes.subarray(end)), bytes.length, end);
  const files = new Map<string, string>();
  const symbols = yield* readSymbols(lines, lines.next(), usedIds(stacks), files);
  requireSymbols(stacks, symbols, 'This Java CPU profile');
  emitJavaProfile(b, stacks, symbols, files);
  yield lines.progress();
  return b.build();
}

export const javaFormat: LegacyFormat = {
  name: 'java',
  detect: (head, bytes) => {
    if (readCpuHeader(bytes)?.java) return true;
    const nl = head.indexOf('\n');
    if (nl < 0) return false;
    const kind = javaTextKind(head.slice(0, nl));
    return kind === 'heap' || (kind === 'contention' && (contentionAttributeKeys(head) ?? []).some(isJavaAttribute));
  },
  parse: (bytes) => (readCpuHeader(bytes)?.java ? parseJavaCpu(bytes) : parseJavaText(bytes)),
};

const isWordOrSpace = (c: number) =>
  c === 32 || c === 95 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * pprof's `([\w ]+)=([\w ]+)` (unanchored, leftmost, greedy), found in one
 * pass: the leftmost match is the run of word characters and spaces that ends
 * at the first '=' with such a character on both sides. As a JavaScript
 * RegExp it backtracks quadratically over a long line without '=' (found by
 * fuzzing); Go's RE2 does not.
 */
function attribute(line: string): [string, string] | null {
  let runStart = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (isWordOrSpace(c)) continue;
    if (c === 61 && i > runStart && i + 1 < line.length && isWordOrSpace(line.charCodeAt(i + 1))) {
      let end = i + 1;
      while (end < line.length && isWordOrSpace(line.charCodeAt(end))) end++;
      return [line.slice(runStart, i), line.slice(i + 1, end)];
    }
    runStart = i + 1;
  }
  return null;
}
