// The "#" lines of Go's ?debug=1 text profiles, which go tool pprof skips as
// comments but which carry what the runtime knew: symbols, labels, MemStats.
//
// runtime/pprof's printStackRecord writes one line per frame, through a
// tabwriter (so fields are separated by one or more tabs):
//
//   #	0x4bd4e8	main.(*MemQueue).scheduleFlush+0x28	./main.go:77
//   #	0x4bd4e8                      (a frame without a function)
//
// Inlined calls expand into several lines with the same pc, innermost first.
// The count profiles add, right after the "@" line of a labelled stack,
//
//   # labels: {"handler":"/api", "user":"x"}        (keys and values as Go's %q)

/** A parsed symbol line; `name` is "" for the bare `#\t0xpc` form. */
export interface SymbolLine {
  pc: number;
  /**
   * pc minus the "+0x…" offset: runtime.Frame.Entry, the entry of the
   * physical function (for an inlined frame, the one it was inlined into).
   * NaN when not printed.
   */
  entry: number;
  name: string;
  file: string;
  line: number;
}

const SYMBOL_START = /^#\t+0x[0-9a-fA-F]+/;

export function isSymbolLine(line: string): boolean {
  return SYMBOL_START.test(line);
}

/** Reads a symbol line (already known to start like one); null when its fields make no sense. */
export function parseSymbolLine(line: string): SymbolLine | null {
  const fields = line.split(/\t+/);
  const pc = parseInt(fields[1].slice(2), 16);
  if (!Number.isFinite(pc)) return null;
  if (fields.length < 3 || fields[2] === '') return { pc, entry: NaN, name: '', file: '', line: 0 };
  // "func+0xoff": the name is everything before the last "+0x".
  const fn = fields[2];
  const plus = fn.lastIndexOf('+0x');
  const name = plus > 0 ? fn.slice(0, plus) : fn;
  const entry = plus > 0 ? pc - parseInt(fn.slice(plus + 3), 16) : NaN;
  const where = fields.slice(3).join('\t');
  const colon = where.lastIndexOf(':');
  const lineNo = colon >= 0 ? Number(where.slice(colon + 1)) : NaN;
  if (colon < 0 || !Number.isInteger(lineNo)) return { pc, entry, name, file: where, line: 0 };
  return { pc, entry, name, file: where.slice(0, colon), line: lineNo };
}

const LABELS_PREFIX = /^#\s*labels:\s*/;

export function isLabelsLine(line: string): boolean {
  return LABELS_PREFIX.test(line);
}

/**
 * Key/value pairs of a `# labels: {...}` line, as written by runtime/pprof's
 * labelMap.String: `"{" + join(sorted(%q:%q), ", ") + "}"`. Null when the
 * text is not that shape.
 */
export function parseLabelsLine(line: string): [string, string][] | null {
  const text = line.replace(LABELS_PREFIX, '').trim();
  if (!text.startsWith('{') || !text.endsWith('}')) return null;
  const out: [string, string][] = [];
  let i = 1;
  const end = text.length - 1;
  const skipSpace = () => {
    while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
  };
  skipSpace();
  while (i < end) {
    const key = readGoQuoted(text, i);
    if (!key) return null;
    i = key.end;
    skipSpace();
    if (text[i] !== ':') return null;
    i++;
    skipSpace();
    const value = readGoQuoted(text, i);
    if (!value) return null;
    i = value.end;
    out.push([key.value, value.value]);
    skipSpace();
    if (text[i] === ',') {
      i++;
      skipSpace();
    } else if (i !== end) {
      return null;
    }
  }
  return out;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'",
};

/**
 * A double-quoted Go string literal starting at `at` (strconv.Quote's output).
 * A `\xHH` escape stands for a raw byte, which Go only writes for bytes that
 * are not valid UTF-8: bytes ≥ 0x80 become U+FFFD here.
 */
export function readGoQuoted(text: string, at: number): { value: string; end: number } | null {
  if (text[at] !== '"') return null;
  let out = '';
  let i = at + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') return { value: out, end: i + 1 };
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = text[i + 1];
    if (e === undefined) return null;
    if (e in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[e];
      i += 2;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = text.slice(i + 2, i + 2 + n);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) return null;
      const v = parseInt(hex, 16);
      out += e === 'x' && v >= 0x80 ? '\uFFFD' : v <= 0x10ffff ? String.fromCodePoint(v) : '\uFFFD';
      i += 2 + n;
    } else if (e >= '0' && e <= '7') {
      const oct = text.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(oct)) return null;
      const v = parseInt(oct, 8);
      out += v >= 0x80 ? '\uFFFD' : String.fromCharCode(v);
      i += 4;
    } else {
      return null;
    }
  }
  return null;
}
