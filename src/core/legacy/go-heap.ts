// Go's heap and allocs profiles at ?debug=1 (runtime/pprof writeHeapInternal):
//
//   heap profile: 14: 7250352 [125: 10206392] @ heap/1048576
//   <inuse objects>: <inuse bytes> [<alloc objects>: <alloc bytes>] @ 0x… 0x…
//   #	0x…	func+0x…	file:line        (symbols; see go-stacks.ts)
//   …
//   # runtime.MemStats
//   # Alloc = 123 …                      (see go-memstats.ts)
//
// Read as go tool pprof reads it (profile/legacy_profile.go parseHeap):
// the number after "heap/" is 2 × MemProfileRate, so the period is half of
// it; the counts are the raw sampled ones, scaled while parsing by
// 1/(1-exp(-avgsize/rate)) and truncated to int64; the header decides
// between four sample types and two (when the alloc columns say nothing the
// in-use ones do not); each sample carries its object size as the numeric
// label "bytes". tcmalloc's "@ heapz_v2/…", "@ heap_v2/…" and friends are
// tcmalloc-heap.ts.

import { ProfileError } from '../errors';
import { ProfileBuilder, type MemStats, type MemStatsExact, type Profile } from '../model';
import type { Steps } from '../progress';
import type { LegacyFormat } from './format';
import { setLegacyTypes } from './frame-info';
import { isSymbolLine, parseSymbolLine } from './go-comments';
import { MEMSTATS_HEADER, readMemStatsLine } from './go-memstats';
import { GoTextStacks } from './go-stacks';
import { blockSize, fitsInt64, heapSampleTypes, scaleHeapSample } from './heap-sampling';
import { collectHexAddresses } from './hex';
import { isMemoryMapSentinel, readMemoryMapSection } from './proc-maps';
import { frameRegexps } from './prune';
import { decodeText, firstLineOf, LINES_PER_STEP, quoteLine, TextLines } from './text-lines';

const HEAP_HEADER = /heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] *@ *(heap[_a-z0-9]*)\/?(\d*)/;
const HEAP_SAMPLE = /(-?\d+): *(-?\d+) *\[ *(\d+): *(\d+) *] @([ x0-9a-f]*)/;

interface GoHeapHeader {
  /** MemProfileRate: the mean bytes between samples. */
  rate: number;
  hasAlloc: boolean;
}

/** pprof matches the header anywhere in the first line; only "heap" (no suffix) is Go's. */
function readHeader(firstLine: string): GoHeapHeader | null {
  const h = HEAP_HEADER.exec(firstLine);
  if (!h || h[5] !== 'heap') return null;
  // Compared as text, as pprof does: equal columns (or a zero) mean no alloc data.
  const hasAlloc = (h[3] !== h[1] && h[3] !== '0') || (h[4] !== h[2] && h[4] !== '0');
  // "heap/N" carries 2 × MemProfileRate (Go's writer); pprof halves it with int64 division.
  return { rate: h[6] ? Math.trunc(Number(h[6]) / 2) : 0, hasAlloc };
}

export function* parseGoHeap(bytes: Uint8Array): Steps<Profile> {
  const lines = new TextLines(decodeText(bytes), bytes.length);
  const first = lines.next() ?? '';
  const header = readHeader(first);
  if (!header) throw new ProfileError('unrecognized', `Not a Go heap profile: the first line is ${quoteLine(first)}.`);
  const { rate, hasAlloc } = header;

  const b = new ProfileBuilder('heap-text');
  const types = heapSampleTypes(hasAlloc);
  setLegacyTypes(b, types, ['space', 'bytes'], rate);
  const bytesKey = b.intern('bytes');

  const stacks = new GoTextStacks(b, types.length);
  const values: number[] = [];
  const frames: number[] = [];
  let memStats: MemStats | undefined;
  const memStatsExact: MemStatsExact = {};
  let line: string | null;
  while ((line = lines.next()) !== null) {
    if (lines.lineNo % LINES_PER_STEP === 0) yield lines.progress();
    const t = line.trim();
    if (t === '') continue;
    if (t.charCodeAt(0) === 35 /* '#' */) {
      // Comments to pprof; to us, symbols and the runtime's MemStats.
      if (memStats) readMemStatsLine(t, memStats, memStatsExact);
      else if (isSymbolLine(line)) {
        const s = parseSymbolLine(line);
        if (s && stacks.length > 0) stacks.addSymbol(s);
      } else if (t === MEMSTATS_HEADER) memStats = {};
      continue;
    }
    if (isMemoryMapSentinel(t)) break;
    const m = HEAP_SAMPLE.exec(t);
    const where = `Heap profile line ${lines.lineNo}`;
    if (!m) throw new ProfileError('text-malformed', `${where}: expected "<objects>: <bytes> [<objects>: <bytes>] @ <addresses>", got ${quoteLine(t)}.`);
    values.length = 0;
    // Alloc columns first, so pprof's default (the last type) is inuse_space.
    // The "bytes" label is the size of the last pair with objects: in-use
    // when there are any, else alloc (pprof's parseHeapSample).
    let size = 0;
    if (hasAlloc) size = readPair(m[3], m[4], 'allocation', rate, values, size, where);
    size = readPair(m[1], m[2], 'in-use', rate, values, size, where);
    frames.length = 0;
    const bad = collectHexAddresses(m[5], frames);
    if (bad) throw new ProfileError('text-malformed', `${where}: address ${bad} does not fit in 64 bits.`);
    stacks.addSample(frames, values);
    stacks.addLabel(bytesKey, 0, size, true);
  }
  const maps = line === null ? [] : readMemoryMapSection(lines, line);
  b.memStats = memStats;
  if (memStats && Object.keys(memStatsExact).length > 0) b.memStatsExact = memStatsExact;
  yield lines.progress();
  const rx = frameRegexps(b.strings[b.dropFrames], b.strings[b.keepFrames]);
  // The runtime frames the writer hid are allocator frames: drop_frames has "runtime\..*".
  return stacks.build(maps, rx, true);
}

/** Appends one scaled (objects, bytes) pair to `values`; returns the object size, or `size` when there are no objects. */
function readPair(countText: string, bytesText: string, what: string, rate: number, values: number[], size: number, where: string): number {
  const count = Number(countText);
  const space = Number(bytesText);
  if (!fitsInt64(count) || !fitsInt64(space)) throw new ProfileError('text-malformed', `${where}: ${what} count or bytes does not fit in 64 bits.`);
  if (count === 0 && space !== 0) throw new ProfileError('text-malformed', `${where}: ${what} count is 0 but ${what} bytes is ${space}.`);
  if (count === 0) {
    values.push(0, space);
    return size;
  }
  const [n, bytes] = scaleHeapSample(count, space, rate);
  values.push(n, bytes);
  return blockSize(space, count);
}

export const goHeapFormat: LegacyFormat = {
  name: 'go-heap',
  detect: (head) => readHeader(firstLineOf(head)) !== null,
  parse: parseGoHeap,
};
