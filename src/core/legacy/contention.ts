// Lock contention profiles in text: C++'s contentionz, and the Go runtime's
// mutex and block profiles at ?debug=1 ("--- mutex:", "--- contention:").
//
//   --- contentionz 1 ---
//   cycles/second = 3201000000
//   sampling period = 100
//   ms since reset = 16502830
//   <delay in cycles> <count> @ 0x… 0x…
//   --- Memory map: ---
//
// Java writes the same header with "format = java": java.ts reads those.

import { ProfileError } from '../errors';
import { ProfileBuilder, type Profile } from '../model';
import type { Steps } from '../progress';
import { AddressStacks, finishAddressProfile } from './address-stacks';
import type { LegacyFormat } from './format';
import { setLegacyTypes } from './frame-info';
import { parseGoInt } from './go-int';
import { callSite, collectHexAddresses } from './hex';
import { decodeText, isSpaceOrComment, LINES_PER_STEP, quoteLine, TextLines } from './text-lines';

const CONTENTION_SAMPLE = /(\d+) *(\d+) @([ x0-9a-f]*)/;

function isContentionHeader(line: string): boolean {
  return line.startsWith('--- contentionz ') || line.startsWith('--- mutex:') || line.startsWith('--- contention:');
}

/**
 * Keys of the "key = value" lines after the header, read as pprof's C++
 * parser reads them: up to the first line that is not an assignment.
 */
export function contentionAttributeKeys(head: string): string[] | null {
  const lines = new TextLines(head);
  if (!isContentionHeader(lines.next() ?? '')) return null;
  const keys: string[] = [];
  for (let line = lines.next(); line !== null; line = lines.next()) {
    const t = line.trim();
    if (isSpaceOrComment(t)) continue;
    const eq = t.indexOf('=');
    if (t.startsWith('---') || eq < 0) break;
    keys.push(t.slice(0, eq).trim());
  }
  return keys;
}

/** Java's profiles say their format and resolution; C++ ones never do. */
export function isJavaAttribute(key: string): boolean {
  return key === 'format' || key === 'resolution';
}

export function* parseContention(bytes: Uint8Array): Steps<Profile> {
  const lines = new TextLines(decodeText(bytes), bytes.length);
  const first = lines.next() ?? '';
  if (!isContentionHeader(first)) throw new ProfileError('unrecognized', `Not a contention profile: the first line is ${quoteLine(first)}.`);

  let period = 1;
  let cpuHz = 0;
  let durationNanos = 0;
  let line: string | null;
  while ((line = lines.next()) !== null) {
    const t = line.trim();
    if (isSpaceOrComment(t)) continue;
    const eq = t.indexOf('=');
    if (t.startsWith('---') || eq < 0) break;
    const key = t.slice(0, eq).trim();
    const text = t.slice(eq + 1).trim();
    const value = parseGoInt(text);
    const where = `Contention profile line ${lines.lineNo}`;
    const needInt = () => {
      if (Number.isNaN(value)) throw new ProfileError('text-malformed', `${where}: "${key}" should be an integer, got ${quoteLine(text)}.`);
      return value;
    };
    switch (key) {
      case 'cycles/second':
        cpuHz = needInt();
        break;
      case 'sampling period':
        period = needInt();
        break;
      case 'ms since reset':
        durationNanos = needInt() * 1e6;
        break;
      case 'discarded samples':
        break;
      default:
        throw new ProfileError(
          'text-malformed',
          isJavaAttribute(key)
            ? `${where}: "${key}" is an attribute of Java profiles, which put it before any C++ one.`
            : `${where}: unknown header attribute ${quoteLine(key)}.`,
        );
    }
  }

  const b = new ProfileBuilder('contention-text');
  setLegacyTypes(b, [['contentions', 'count'], ['delay', 'nanoseconds']], ['contentions', 'count'], period);
  b.durationNanos = durationNanos;
  if (first.startsWith('--- mutex:')) b.kindHint = 'mutex';
  else if (first.startsWith('--- contention:')) b.kindHint = 'block';
  const stacks = new AddressStacks(2);
  const frames: number[] = [];
  const values = [0, 0];
  for (; line !== null; line = lines.next()) {
    if (lines.lineNo % LINES_PER_STEP === 0) yield lines.progress();
    const t = line.trim();
    if (t.startsWith('---')) break;
    if (isSpaceOrComment(t)) continue;
    const where = `Contention profile line ${lines.lineNo}`;
    const m = CONTENTION_SAMPLE.exec(t);
    if (!m) throw new ProfileError('text-malformed', `${where}: expected "<delay> <count> @ <addresses>", got ${quoteLine(t)}.`);
    let delay = Number(m[1]);
    let count = Number(m[2]);
    // Unsample: counts by the sampling period; delays from cycles to
    // nanoseconds, when the clock rate is known.
    if (period > 0) {
      if (cpuHz > 0) delay = Math.trunc((delay * period) / (cpuHz / 1e9));
      count *= period;
    }
    values[0] = count;
    values[1] = delay;
    frames.length = 0;
    const bad = collectHexAddresses(m[3], frames);
    if (bad) throw new ProfileError('text-malformed', `${where}: address ${bad} does not fit in 64 bits.`);
    for (let i = 0; i < frames.length; i++) frames[i] = callSite(frames[i]);
    stacks.add(frames, values);
  }
  return yield* finishAddressProfile(b, stacks, lines, line);
}

export const contentionFormat: LegacyFormat = {
  name: 'contention',
  detect: (head) => {
    const keys = contentionAttributeKeys(head);
    return keys !== null && !keys.some(isJavaAttribute);
  },
  parse: parseContention,
};
