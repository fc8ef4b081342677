// C++ heap profiles in text: tcmalloc's heapz ("@ heapz_v2/RATE"), its
// growth profile ("@ growthz"), fragmentation profile ("@ fragmentationz"),
// and gperftools' heap profiler ("@ heapprofile"). Go's own heap text
// ("@ heap/RATE") is the same grammar with different scaling: go-heap.ts.
//
//   heap profile: <inuse n>: <inuse bytes> [<alloc n>: <alloc bytes>] @ heapz_v2/524288
//   <inuse n>: <inuse bytes> [<alloc n>: <alloc bytes>] @ 0x… 0x…
//   …
//   MAPPED_LIBRARIES:        (or --- Memory map: ---)
//   <the process's /proc/self/maps>

import { ProfileError } from '../errors';
import { ProfileBuilder, type Profile } from '../model';
import type { Steps } from '../progress';
import { AddressStacks, finishAddressProfile } from './address-stacks';
import type { LegacyFormat } from './format';
import { setLegacyTypes } from './frame-info';
import { blockSize, fitsInt64, heapSampleTypes, scaleHeapSample } from './heap-sampling';
import { callSite, collectHexAddresses } from './hex';
import { isMemoryMapSentinel } from './proc-maps';
import { decodeText, firstLineOf, isSpaceOrComment, LINES_PER_STEP, quoteLine, TextLines } from './text-lines';

const HEAP_HEADER = /heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] *@ *(heap[_a-z0-9]*)\/?(\d*)/;
const GROWTH_HEADER = /heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] @ growthz?/;
const FRAGMENTATION_HEADER = /heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] @ fragmentationz?/;
const HEAP_SAMPLE = /(-?\d+): *(-?\d+) *\[ *(\d+): *(\d+) *] @([ x0-9a-f]*)/;

interface HeapHeader {
  /** Mean sampling interval in bytes; 1 when every allocation was recorded. */
  period: number;
  /** heapz v2 samples are Poisson-sampled and need scaling up. */
  v2: boolean;
  /** Whether alloc columns carry information beyond the in-use ones. */
  hasAlloc: boolean;
}

/** The header as pprof reads it; null when it is not one of the C++ kinds. */
function readHeader(firstLine: string): HeapHeader | null {
  const h = HEAP_HEADER.exec(firstLine);
  if (h) {
    const period = h[6] ? Number(h[6]) : 0;
    // Compared as text, as pprof does: equal columns (or a zero) mean no alloc data.
    const hasAlloc = (h[3] !== h[1] && h[3] !== '0') || (h[4] !== h[2] && h[4] !== '0');
    switch (h[5]) {
      case 'heapz_v2':
      case 'heap_v2':
        return { period, v2: true, hasAlloc };
      case 'heapprofile':
        return { period: 1, v2: false, hasAlloc };
      default:
        return null; // "heap" is Go's; anything else pprof does not read
    }
  }
  if (GROWTH_HEADER.test(firstLine) || FRAGMENTATION_HEADER.test(firstLine)) return { period: 1, v2: false, hasAlloc: false };
  return null;
}

export function* parseTcmallocHeap(bytes: Uint8Array): Steps<Profile> {
  const lines = new TextLines(decodeText(bytes), bytes.length);
  const first = lines.next() ?? '';
  const header = readHeader(first);
  if (!header) throw new ProfileError('unrecognized', `Not a C++ heap profile: the first line is ${quoteLine(first)}.`);
  const { period, v2, hasAlloc } = header;

  const b = new ProfileBuilder('heap-text');
  const types = heapSampleTypes(hasAlloc);
  setLegacyTypes(b, types, ['space', 'bytes'], period);

  const stacks = new AddressStacks(types.length);
  const values: number[] = [];
  const frames: number[] = [];
  let line: string | null;
  while ((line = lines.next()) !== null) {
    if (lines.lineNo % LINES_PER_STEP === 0) yield lines.progress();
    line = line.trim();
    if (isSpaceOrComment(line)) continue;
    if (isMemoryMapSentinel(line)) break;
    const m = HEAP_SAMPLE.exec(line);
    const where = `Heap profile line ${lines.lineNo}`;
    if (!m) throw new ProfileError('text-malformed', `${where}: expected "<objects>: <bytes> [<objects>: <bytes>] @ <addresses>", got ${quoteLine(line)}.`);
    values.length = 0;
    let size = NaN;
    // Alloc columns first, so pprof's default (the last type) is inuse_space.
    const pairs = hasAlloc ? [[m[3], m[4], 'allocation'], [m[1], m[2], 'in-use']] : [[m[1], m[2], 'in-use']];
    for (const [countText, bytesText, label] of pairs) {
      let count = Number(countText);
      let space = Number(bytesText);
      if (!fitsInt64(count) || !fitsInt64(space)) throw new ProfileError('text-malformed', `${where}: ${label} count or bytes does not fit in 64 bits.`);
      if (count === 0 && space !== 0) throw new ProfileError('text-malformed', `${where}: ${label} count is 0 but ${label} bytes is ${space}.`);
      if (count !== 0) {
        size = blockSize(space, count);
        if (v2) [count, space] = scaleHeapSample(count, space, period);
      }
      values.push(count, space);
    }
    frames.length = 0;
    const bad = collectHexAddresses(m[5], frames);
    if (bad) throw new ProfileError('text-malformed', `${where}: address ${bad} does not fit in 64 bits.`);
    // Every frame is a return address here, the leaf included (it is the
    // allocator's call): all move back onto the call.
    for (let i = 0; i < frames.length; i++) frames[i] = callSite(frames[i]);
    stacks.add(frames, values, Number.isNaN(size) ? 0 : size);
  }
  return yield* finishAddressProfile(b, stacks, lines, line);
}

export const tcmallocHeapFormat: LegacyFormat = {
  name: 'tcmalloc-heap',
  detect: (head) => readHeader(firstLineOf(head)) !== null,
  parse: parseTcmallocHeap,
};
