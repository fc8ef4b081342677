// Go's count profiles at ?debug=1 (runtime/pprof printCountProfile):
// goroutine and threadcreate.
//
//   goroutine profile: total 4867
//   4866 @ 0x437cd6 0x4063db 0x405f18 0x4bd60b 0x462001
//   # labels: {"worker":"7"}                 (only for labelled goroutines)
//   #	0x4bd60a	main.(*MemQueue).scheduleFlush.func1+0x2a	./main.go:82
//
// Read as go tool pprof reads it (legacy_profile.go parseGoCount): sample
// type and period type "<name>/count", period 1, one sample per "@" line.
// pprof ignores the labels line (a comment to it); we keep its pairs as
// string labels, so two lines with one stack and different labels stay two
// samples where pprof would merge them.

import { ProfileError } from '../errors';
import { ProfileBuilder, type Profile } from '../model';
import type { Steps } from '../progress';
import type { LegacyFormat } from './format';
import { setLegacyTypes } from './frame-info';
import { isLabelsLine, isSymbolLine, parseLabelsLine, parseSymbolLine } from './go-comments';
import { parseGoInt } from './go-int';
import { GoTextStacks } from './go-stacks';
import { collectHexAddresses } from './hex';
import { readMemoryMapSection } from './proc-maps';
import { frameRegexps } from './prune';
import { decodeText, isSpaceOrComment, LINES_PER_STEP, quoteLine, TextLines } from './text-lines';

const COUNT_START = /^(\S+) profile: total \d+$/;
const COUNT_SAMPLE = /^(\d+) @((?: 0x[0-9a-f]+)+)$/;

/** pprof skips blank and "#" lines before the header. */
function headerLine(lines: TextLines): string | null {
  let line: string | null;
  while ((line = lines.next()) !== null) if (!isSpaceOrComment(line)) return line;
  return null;
}

export function* parseGoCount(bytes: Uint8Array): Steps<Profile> {
  const lines = new TextLines(decodeText(bytes), bytes.length);
  const first = headerLine(lines) ?? '';
  const h = COUNT_START.exec(first);
  if (!h) throw new ProfileError('unrecognized', `Not a Go count profile: the header is ${quoteLine(first)}.`);
  const name = h[1];

  const b = new ProfileBuilder('count-text');
  setLegacyTypes(b, [[name, 'count']], [name, 'count'], 1);
  const stacks = new GoTextStacks(b, 1);
  const frames: number[] = [];
  const value = [0];
  let line: string | null;
  while ((line = lines.next()) !== null) {
    if (lines.lineNo % LINES_PER_STEP === 0) yield lines.progress();
    if (isSpaceOrComment(line)) {
      if (stacks.length === 0) continue;
      if (isSymbolLine(line)) {
        const s = parseSymbolLine(line);
        if (s) stacks.addSymbol(s);
      } else if (isLabelsLine(line)) {
        const pairs = parseLabelsLine(line);
        if (!pairs) throw new ProfileError('text-malformed', `Line ${lines.lineNo}: cannot read the labels ${quoteLine(line)}.`);
        for (const [k, v] of pairs) stacks.addLabel(b.intern(k), b.intern(v), 0, false);
      }
      continue;
    }
    if (line.startsWith('---')) break;
    const m = COUNT_SAMPLE.exec(line);
    if (!m) throw new ProfileError('text-malformed', `Line ${lines.lineNo}: expected "<count> @ <addresses>", got ${quoteLine(line)}.`);
    // strconv.ParseInt(s, 0, 64), as pprof reads it.
    value[0] = parseGoInt(m[1]);
    if (Number.isNaN(value[0])) throw new ProfileError('text-malformed', `Line ${lines.lineNo}: bad count ${quoteLine(m[1])}.`);
    frames.length = 0;
    const bad = collectHexAddresses(m[2], frames);
    if (bad) throw new ProfileError('text-malformed', `Line ${lines.lineNo}: address ${bad} does not fit in 64 bits.`);
    stacks.addSample(frames, value);
  }
  const maps = line === null ? [] : readMemoryMapSection(lines, line);
  yield lines.progress();
  // drop_frames here is the C++ CPU profiler's, which names no Go frame; the
  // runtime frames the writer hid (gopark, chanrecv, …) are kept, as pprof keeps them.
  return stacks.build(maps, frameRegexps(b.strings[b.dropFrames], b.strings[b.keepFrames]), false);
}

export const goCountFormat: LegacyFormat = {
  name: 'go-count',
  detect: (head) => {
    const line = headerLine(new TextLines(head));
    return line !== null && COUNT_START.test(line);
  },
  parse: parseGoCount,
};
