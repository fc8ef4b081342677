// Go goroutine dumps: /debug/pprof/goroutine?debug=2 (runtime.Stack of every
// goroutine), and the same traceback a panic or a SIGQUIT prints, pasted
// from a log. go tool pprof cannot read these; they are the only form that
// says, per goroutine, how long it has waited and who created it.
//
//   panic: boom                                   (anything before the first header is skipped)
//
//   goroutine 759 [chan receive, 2 minutes, locked to thread]:
//   main.(*MemQueue).scheduleFlush.func1(0xc000123)
//   	/path/main.go:55 +0x3c
//   ...additional frames elided...
//   created by main.(*MemQueue).scheduleFlush in goroutine 12     (" in goroutine N": Go ≥ 1.21)
//   	/path/main.go:50 +0x9e
//
// The header is the runtime's goroutineheader: status, then ", N minutes"
// once the goroutine has waited a minute or more, then ", locked to thread".
// Frames are leaf first, one call line and one "\tfile:line" line each.
// Goroutines are separated by a blank line.
//
// One sample per goroutine (value 1, goroutine/count), whose stack is its
// frames; locations are keyed by (function, file, line), so equal frames
// share a location and equal stacks share a stack node. Lines a log adds in
// front of each line (a timestamp, a pod name) are recognised from the first
// header and removed.

import { ProfileError } from '../errors';
import { ProfileBuilder, GrowableFloat64, GrowableInt32, GrowableUint8, NONE, type Profile } from '../model';
import type { Steps } from '../progress';
import type { LegacyFormat } from './format';
import { decodeText, LINES_PER_STEP, TextLines } from './text-lines';

/** goroutineheader, optionally with GOTRACEBACK=crash's " gp=… m=…" fields; matched anywhere in a log line. */
const HEADER = /goroutine (\d+)(?: [a-z]+=\S+)* \[(.*)\]:\s*$/;
// Written so that no two parts can take the same characters (\s+ then \S,
// no trailing \s* after a lazy group): a 100 KB line of tabs or spaces costs
// one pass, not a quadratic backtrack (found by fuzzing, test/fuzz/).
const FILE_LINE = /^\s+(\S.*):(\d+)(?=\s|$)/;
/** Matched against the line with its trailing white space removed. */
const CREATED_BY = /^created by (.+?)(?: in goroutine (\d+))?$/;

/** HEADER, tried only on lines that end in "]:" (so a long line without one costs nothing). */
function header(line: string): RegExpExecArray | null {
  let end = line.length;
  while (end > 0 && isSpace(line.charCodeAt(end - 1))) end--;
  return end >= 2 && line.charCodeAt(end - 1) === 58 /* : */ && line.charCodeAt(end - 2) === 93 /* ] */ ? HEADER.exec(line) : null;
}

/** JavaScript's trim() set, as far as a dump uses it: ASCII white space, NBSP, BOM. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0x1680;
}

/** line.trim() === '', without making the trimmed string. */
function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) if (!isSpace(line.charCodeAt(i))) return false;
  return true;
}
const MINUTES = /^(\d+) minutes?$/;

/** The fields of a header's "[…]". */
export interface GoroutineStatus {
  state: string;
  waitMinutes: number;
  lockedToThread: boolean;
}

export function parseStatus(text: string): GoroutineStatus {
  const parts = text.split(', ');
  let waitMinutes = 0;
  let lockedToThread = false;
  const state: string[] = [];
  for (const part of parts) {
    const m = MINUTES.exec(part);
    if (m && state.length > 0) waitMinutes = Number(m[1]);
    else if (part === 'locked to thread') lockedToThread = true;
    else state.push(part); // the status, and anything a newer runtime adds
  }
  return { state: state.join(', '), waitMinutes, lockedToThread };
}

/**
 * A log prefix as a pattern: the text before the first header with every run
 * of digits free, so the timestamps of later lines match it too.
 */
/** Longer than any log prefix ("2024/01/02 15:04:05.000000 app[123]: "); past it, the text is no prefix. */
const MAX_PREFIX = 256;

function prefixPattern(prefix: string): RegExp | null {
  // A long run before a header is not a log prefix, and as a pattern it
  // could be too large to compile (found by fuzzing: headers joined by \r).
  if (prefix === '' || prefix.length > MAX_PREFIX) return null;
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\d+/g, '\\d+');
  return new RegExp(`^${escaped}`);
}

/** Splits "pkg.fn(args)" into the function and its argument text "(args)". */
function splitCall(line: string): [string, string] {
  if (!line.endsWith(')')) return [line, ''];
  // Arguments never contain parentheses ({…} for aggregates, "..." when
  // elided), while method names do: main.(*T).f(0x1).
  const open = line.lastIndexOf('(');
  if (open <= 0) return [line, ''];
  return [line.slice(0, open), line.slice(open)];
}

class DumpReader {
  readonly b = new ProfileBuilder('goroutine-dump');
  /** Function by name, then file: two lookups, no key string made per frame. */
  private readonly functionOf = new Map<string, Map<string, number>>();
  private functions = 0;
  private readonly locationOf = new Map<number, number>();

  readonly goid = new GrowableFloat64(1024);
  readonly state = new GrowableInt32(1024);
  readonly waitMinutes = new GrowableFloat64(1024);
  readonly locked = new GrowableUint8(1024);
  readonly createdBy = new GrowableInt32(1024);
  readonly createdByGoid = new GrowableFloat64(1024);
  readonly argStart = new GrowableInt32(1024);
  readonly frameArgs = new GrowableInt32(4096);
  /** Frames of the goroutine being read, leaf first. */
  readonly frames = new GrowableInt32(64);
  private open = false;

  constructor() {
    const b = this.b;
    const g = { type: b.intern('goroutine'), unit: b.intern('count') };
    b.sampleTypes = [g];
    b.periodType = { ...g };
    b.period = 1;
  }

  /** One location per (function, file, line); one function per (name, file). */
  location(name: string, file: string, line: number): number {
    let byFile = this.functionOf.get(name);
    if (byFile === undefined) this.functionOf.set(name, (byFile = new Map()));
    let fn = byFile.get(file);
    if (fn === undefined) {
      const n = this.b.intern(name);
      fn = this.b.addFunction(++this.functions, n, n, this.b.intern(file), 0);
      byFile.set(file, fn);
    }
    // Lines stay below 2^24 in any source file; the key is exact below 2^53.
    const lk = fn * 0x1000000 + line;
    let loc = this.locationOf.get(lk);
    if (loc === undefined) {
      loc = this.b.beginLocation(this.locationOf.size + 1, NONE, 0, false);
      this.b.addLine(fn, line);
      this.locationOf.set(lk, loc);
    }
    return loc;
  }

  begin(goid: number, status: GoroutineStatus): void {
    this.end();
    this.goid.push(goid);
    this.state.push(this.b.intern(status.state));
    this.waitMinutes.push(status.waitMinutes);
    this.locked.push(status.lockedToThread ? 1 : 0);
    this.createdBy.push(NONE);
    this.createdByGoid.push(-1);
    this.argStart.push(this.frameArgs.length);
    this.frames.length = 0;
    this.open = true;
  }

  frame(loc: number, args: string): void {
    if (!this.open) return;
    this.frames.push(loc);
    // Arguments are mostly pointers, different in every goroutine: looking each
    // up cost a third of the decode of a 100,000-goroutine dump. Equal ones
    // may get different strings; clustering compares their text (cluster.ts).
    this.frameArgs.push(args === '' ? 0 : this.b.addString(args));
  }

  setCreatedBy(loc: number, goid: number): void {
    if (!this.open) return;
    this.createdBy.data[this.createdBy.length - 1] = loc;
    this.createdByGoid.data[this.createdByGoid.length - 1] = goid;
  }

  /** Closes the goroutine being read (a blank line, the next header, the end). */
  end(): void {
    if (!this.open) return;
    this.open = false;
    this.b.addSample(this.b.internStack(this.frames.data, this.frames.length), ONE);
  }

  get isOpen(): boolean {
    return this.open;
  }

  build(): Profile {
    this.end();
    const n = this.goid.length;
    this.argStart.push(this.frameArgs.length); // frames of goroutine i end where i+1's start
    this.b.goroutines = {
      length: n,
      goid: this.goid.finish(),
      state: this.state.finish(),
      waitMinutes: this.waitMinutes.finish(),
      lockedToThread: this.locked.finish(),
      createdBy: this.createdBy.finish(),
      createdByGoid: this.createdByGoid.finish(),
      argStart: this.argStart.finish(),
      frameArgs: this.frameArgs.finish(),
    };
    // One sample per goroutine, in dump order: row i of `goroutines` is sample i.
    return this.b.build({ merge: false });
  }
}

const ONE = [1];

export function* parseGoroutineDump(bytes: Uint8Array): Steps<Profile> {
  const lines = new TextLines(decodeText(bytes), bytes.length);
  const r = new DumpReader();
  let prefix: RegExp | null = null;
  let pendingCall: string | null = null;
  let pendingCreatedBy: RegExpExecArray | null = null;
  let line: string | null;
  while ((line = lines.next()) !== null) {
    if (lines.lineNo % LINES_PER_STEP === 0) yield lines.progress();
    const h = header(line);
    if (h) {
      // A header sets the log prefix (if any) for the lines that follow.
      prefix = prefixPattern(line.slice(0, h.index));
      r.begin(Number(h[1]), parseStatus(h[2]));
      pendingCall = null;
      pendingCreatedBy = null;
      continue;
    }
    if (!r.isOpen) continue;
    if (prefix) line = line.replace(prefix, '');
    if (isBlank(line)) {
      r.end();
      continue;
    }
    // Only a line that starts with white space can be a "\tfile:line".
    const where = isSpace(line.charCodeAt(0)) ? FILE_LINE.exec(line) : null;
    if (where) {
      const file = where[1];
      const lineNo = Number(where[2]);
      if (pendingCreatedBy) {
        const goid = pendingCreatedBy[2] === undefined ? -1 : Number(pendingCreatedBy[2]);
        r.setCreatedBy(r.location(pendingCreatedBy[1], file, lineNo), goid);
      } else if (pendingCall !== null) {
        const [name, args] = splitCall(pendingCall);
        r.frame(r.location(name, file, lineNo), args);
      }
      pendingCall = null;
      pendingCreatedBy = null;
      continue;
    }
    // "...additional frames elided..." (Go < 1.21) and "...N frames elided..."
    // mark a stack cut by the runtime; nothing stands for them in a profile.
    if (line.startsWith('...')) {
      pendingCall = null;
      continue;
    }
    pendingCreatedBy = line.startsWith('created by ') ? CREATED_BY.exec(line.trimEnd()) : null;
    pendingCall = pendingCreatedBy ? null : line.trim();
  }
  const profile = r.build();
  yield lines.progress();
  if (profile.samples.length === 0) throw new ProfileError('text-malformed', 'No goroutine header ("goroutine 1 [running]:") in the dump.');
  return profile;
}

/** How much of a file detection reads: a panic can follow a long log. The most any detector reads. */
export const DETECT_BYTES = 1 << 20;

export const goroutineDumpFormat: LegacyFormat = {
  name: 'goroutine-dump',
  detect: (head, bytes) => {
    if (head.includes('\u0000')) return false; // binary: a proto may hold such strings
    const text = head.length >= bytes.length ? head : decodeText(bytes.subarray(0, DETECT_BYTES));
    const lines = text.split('\n');
    // A header followed by a frame: a call line, then its "\tfile:line".
    for (let i = 0; i + 2 < lines.length; i++) {
      const h = header(lines[i].replace(/\r$/, ''));
      if (!h) continue;
      const pre = prefixPattern(lines[i].slice(0, h.index));
      const strip = (s: string) => (pre ? s.replace(pre, '') : s).replace(/\r$/, '');
      const call = strip(lines[i + 1]);
      if (call.trim() !== '' && !/^\s/.test(call) && FILE_LINE.test(strip(lines[i + 2]))) return true;
    }
    return false;
  },
  parse: parseGoroutineDump,
};
