// threadz: the stacks of every live thread of a C++ server, one section per
// thread, then the memory map.
//
//   --- threadz 1 ---
//   --- Thread 7f794ab90940 (name: main/14748) stack: ---
//     PC:  0x00bc8f1c: helper(arg *)
//     0x0040be31: main
//         creator: 0xa45b96 0xa460b4 …
//   --- Thread 7f7948978700 (name: thread3/14759) stack: ---
//     [same as previous thread]
//   --- Memory map: ---
//
// Every hex number in a thread's section is a frame, the creator's stack
// included. A thread "same as previous" counts once more for that stack.

import { ProfileError } from '../errors';
import { ProfileBuilder, type Profile } from '../model';
import type { Steps } from '../progress';
import { AddressStacks, dropDuplicateLeaves, finishAddressProfile } from './address-stacks';
import type { LegacyFormat } from './format';
import { setLegacyTypes } from './frame-info';
import { callSite, collectHexAddresses } from './hex';
import { isMemoryMapSentinel } from './proc-maps';
import { decodeText, isSpaceOrComment, LINES_PER_STEP, quoteLine, TextLines } from './text-lines';

const THREADZ_START = /--- threadz \d+ ---/;
const THREAD_START = /--- Thread ([0-9A-Fa-f]+) \(name: (.*)\/(\d+)\) stack: ---/;

function firstRealLine(lines: TextLines): string {
  let line: string | null;
  while ((line = lines.next()) !== null && isSpaceOrComment(line));
  return line ?? '';
}

export function* parseThreadz(bytes: Uint8Array): Steps<Profile> {
  const lines = new TextLines(decodeText(bytes), bytes.length);
  let line: string | null = firstRealLine(lines);
  if (THREADZ_START.test(line)) {
    // Comments may follow the header; the first thread starts with "-".
    let next: string | null;
    while ((next = lines.next()) !== null) {
      line = next;
      if (isMemoryMapSentinel(line) || line.startsWith('-')) break;
    }
  } else if (!THREAD_START.test(line)) {
    throw new ProfileError('unrecognized', `Not a threadz profile: it starts with ${quoteLine(line)}.`);
  }

  const b = new ProfileBuilder('thread-text');
  setLegacyTypes(b, [['thread', 'count']], ['thread', 'count'], 1);
  const stacks = new AddressStacks(1);
  const frames: number[] = [];
  let threads = 0;
  while (line !== null && !isMemoryMapSentinel(line)) {
    if (line.startsWith('---- no stack trace for')) {
      line = '';
      break;
    }
    if (!THREAD_START.test(line)) {
      throw new ProfileError(
        'text-malformed',
        lines.atEnd && threads > 0
          ? `This threadz profile ends after ${threads} thread${threads === 1 ? '' : 's'} without its memory map (is the file cut short?).`
          : `Threadz line ${lines.lineNo}: expected "--- Thread <id> (name: <name>/<tid>) stack: ---", got ${quoteLine(line)}.`,
      );
    }
    threads++;
    // One thread's section: every hex word up to the next "---" line.
    frames.length = 0;
    let sameAsPrevious = false;
    let t = '';
    let next: string | null;
    while ((next = lines.next()) !== null) {
      if (lines.lineNo % LINES_PER_STEP === 0) yield lines.progress();
      t = next.trim();
      if (t === '') continue;
      if (t.startsWith('---')) break;
      if (t.includes('same as previous thread')) {
        sameAsPrevious = true;
        continue;
      }
      const bad = collectHexAddresses(t, frames);
      if (bad) throw new ProfileError('text-malformed', `Threadz line ${lines.lineNo}: address ${bad} does not fit in 64 bits.`);
    }
    line = t;
    if (sameAsPrevious || frames.length === 0) {
      if (stacks.length > 0) stacks.values.data[stacks.length - 1]++;
      continue;
    }
    for (let i = 1; i < frames.length; i++) frames[i] = callSite(frames[i]);
    stacks.add(frames, [1]);
  }
  dropDuplicateLeaves(stacks);
  return yield* finishAddressProfile(b, stacks, lines, line);
}

export const threadzFormat: LegacyFormat = {
  name: 'threadz',
  detect: (head) => {
    const line = firstRealLine(new TextLines(head));
    return THREADZ_START.test(line) || THREAD_START.test(line);
  },
  parse: parseThreadz,
};
