// Line-at-a-time reading for the legacy text formats, with the line rules of
// Go's bufio.Scanner (what pprof reads them with): lines end at "\n", a
// trailing "\r" is dropped, and a last line without "\n" still counts.

import type { Progress } from '../progress';

const utf8 = new TextDecoder('utf-8');

/** Text of a legacy profile: UTF-8 (Java frames may name anything), never fatal. */
export function decodeText(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

export class TextLines {
  /** Offset of the next unread character. */
  pos = 0;
  /** 1-based number of the line last returned, for messages. */
  lineNo = 0;
  /** Whether the line last returned ended with "\n" (Java's parser ignores an unterminated one). */
  terminated = false;

  constructor(
    readonly text: string,
    /** Size of the input in bytes, for progress. */
    private readonly byteLength = text.length,
    /** Byte offset of `text` in the input (a binary CPU profile's trailing text). */
    private readonly byteOffset = 0,
  ) {}

  get atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  next(): string | null {
    const { text } = this;
    if (this.pos >= text.length) return null;
    let end = text.indexOf('\n', this.pos);
    this.terminated = end >= 0;
    if (end < 0) end = text.length;
    let lineEnd = end;
    if (lineEnd > this.pos && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    const line = text.slice(this.pos, lineEnd);
    this.pos = end + 1;
    this.lineNo++;
    return line;
  }

  progress(): Progress {
    const frac = this.text.length === 0 ? 1 : Math.min(1, this.pos / this.text.length);
    const textBytes = this.byteLength - this.byteOffset;
    return { phase: 'decode', done: this.byteOffset + Math.floor(frac * textBytes), total: this.byteLength };
  }
}

/** Lines pprof skips anywhere: blank, or a "#" comment (Go's debug=1 symbol lines). */
/** The first line of `text`, without its line end. */
export function firstLineOf(text: string): string {
  const nl = text.indexOf('\n');
  const line = nl < 0 ? text : text.slice(0, nl);
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

export function isSpaceOrComment(line: string): boolean {
  const t = line.trim();
  return t.length === 0 || t.charCodeAt(0) === 35; // '#'
}

/** A line quoted in an error message, cut to a readable length. */
export function quoteLine(line: string): string {
  const t = line.trim();
  return JSON.stringify(t.length > 80 ? `${t.slice(0, 77)}...` : t);
}

/** How many lines pass between progress reports. */
export const LINES_PER_STEP = 16384;
