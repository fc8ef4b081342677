// Go regular expressions (RE2 syntax, what go tool pprof's -focus, -ignore,
// -hide, -show, -show_from, -tagfocus… take) compiled to JavaScript RegExp.
//
// Most patterns users type mean the same in both. The differences they would
// meet, and what we do (for the README):
//
// | Go (RE2)                         | here                                             |
// |----------------------------------|--------------------------------------------------|
// | `(?i)`, `(?s)`, `(?m)` at start  | JavaScript flags i, s, m                         |
// | `(?U)` (ungreedy) at start       | ignored: it cannot change whether a text matches |
// | `(?i:…)`, flags mid-pattern      | rejected with a message                          |
// | `(?P<name>…)`                    | `(?<name>…)`                                     |
// | `\A`, `\z`                       | start / end of text (also under `(?m)`)          |
// | `\Q…\E`                          | the literal text between them                    |
// | `[[:alpha:]]` and other POSIX classes | the ASCII class they stand for              |
// | `\s`, `\S`                       | Go's ASCII `[\t\n\f\r ]` (JavaScript's is Unicode) |
// | `\pL`, `\p{Greek}`, `\PL`        | `\p{L}`…, compiled with the `u` flag             |
// | `\x{263a}`                       | `\u{263a}` (`u` flag)                            |
// | lookaround `(?=` `(?!` `(?<=` `(?<!`, backreferences `\1` | rejected, as Go rejects them |
// | `\C` (any byte)                  | rejected                                         |
//
// Matching is unanchored (Go's MatchString); never with the `g` flag, so
// `test` has no state. Go compares UTF-8 bytes and JavaScript UTF-16 code
// units, which only matters for `.` against characters outside the BMP.

export class RegexpSyntaxError extends Error {
  constructor(pattern: string, reason: string) {
    super(`error parsing regexp: ${reason}: \`${pattern}\``);
    this.name = 'RegexpSyntaxError';
  }
}

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const GO_SPACE = '\\t\\n\\f\\r ';

/** Escapes a literal for use inside or outside a character class. */
function escapeLiteral(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|\/-]/g, '\\$&');
}

export interface TranslatedRegexp {
  source: string;
  flags: string;
}

/** Where the translation is: the pattern, the position, what is written so far. */
interface Translation {
  readonly pattern: string;
  i: number;
  out: string;
  /** The JavaScript regexp needs the u flag (\p{…}, \x{…}). */
  unicode: boolean;
  inClass: boolean;
}

export function translateGoRegexp(pattern: string): TranslatedRegexp {
  const t: Translation = { pattern, i: 0, out: '', unicode: false, inClass: false };
  let flags = leadingFlags(t);
  while (t.i < pattern.length) {
    const c = pattern[t.i];
    if (c === '\\') escape(t);
    else if (t.inClass) classChar(t);
    else if (c === '[') openClass(t);
    else if (c === '(' && pattern[t.i + 1] === '?') group(t);
    else {
      t.out += c;
      t.i++;
    }
  }
  if (t.inClass) throw new RegexpSyntaxError(pattern, 'missing closing ]');
  if (t.unicode) flags += 'u';
  return { source: t.out, flags };
}

/** Leading flag groups: (?i), (?is); (?-s) is meaningless at the start. */
function leadingFlags(t: Translation): string {
  let flags = '';
  for (;;) {
    const m = /^\(\?([imsU]+)\)/.exec(t.pattern.slice(t.i));
    if (!m) return flags;
    for (const f of m[1]) {
      if (f !== 'U' && !flags.includes(f)) flags += f;
    }
    t.i += m[0].length;
  }
}

/** Writes `text` for the `length` pattern characters at the position. */
function emit(t: Translation, text: string, length: number): void {
  t.out += text;
  t.i += length;
}

/** A backslash and what follows it. */
function escape(t: Translation): void {
  const { pattern, i, inClass } = t;
  const d = pattern[i + 1];
  if (d === undefined) throw new RegexpSyntaxError(pattern, 'trailing backslash at end of expression');
  if (d === 'Q') {
    const end = pattern.indexOf('\\E', i + 2);
    const lit = end < 0 ? pattern.slice(i + 2) : pattern.slice(i + 2, end);
    t.out += escapeLiteral(lit);
    t.i = end < 0 ? pattern.length : end + 2;
  } else if (d === 'A' && !inClass) emit(t, '(?<![\\s\\S])', 2);
  else if (d === 'z' && !inClass) emit(t, '(?![\\s\\S])', 2);
  else if (d === 's') emit(t, inClass ? GO_SPACE : `[${GO_SPACE}]`, 2);
  else if (d === 'S') {
    if (inClass) throw new RegexpSyntaxError(pattern, '\\S inside a character class is not supported here');
    emit(t, `[^${GO_SPACE}]`, 2);
  } else if (d === 'p' || d === 'P') unicodeClass(t, d);
  else if (d === 'x' && pattern[i + 2] === '{') {
    const end = pattern.indexOf('}', i + 3);
    if (end < 0) throw new RegexpSyntaxError(pattern, 'invalid escape sequence');
    t.unicode = true;
    emit(t, `\\u{${pattern.slice(i + 3, end)}}`, end + 1 - i);
  } else if (d >= '1' && d <= '9') throw new RegexpSyntaxError(pattern, `invalid escape sequence: \`\\${d}\` (Go has no backreferences)`);
  else if (d === 'C') throw new RegexpSyntaxError(pattern, 'invalid escape sequence: `\\C`');
  else if (d === 'a') emit(t, '\\x07', 2);
  // Go lets any ASCII punctuation be escaped; JavaScript (with the u
  // flag) only its own syntax characters: give the others as literals.
  else if (/[!"#%&',:;<=>@_`~-]/.test(d)) emit(t, inClass && d === '-' ? '\\-' : d, 2);
  // Everything else (\d \w \b \. \( …) means the same in both.
  else emit(t, '\\' + d, 2);
}

/** \pL, \p{Greek}, \P{^Greek} (a double negation). */
function unicodeClass(t: Translation, d: 'p' | 'P'): void {
  const { pattern, i } = t;
  t.unicode = true;
  if (pattern[i + 2] !== '{') {
    emit(t, `\\${d}{${pattern[i + 2]}}`, 3);
    return;
  }
  const end = pattern.indexOf('}', i + 3);
  if (end < 0) throw new RegexpSyntaxError(pattern, 'invalid character class range');
  let name = pattern.slice(i + 3, end);
  let letter: string = d;
  if (name.startsWith('^')) {
    letter = d === 'p' ? 'P' : 'p';
    name = name.slice(1);
  }
  emit(t, `\\${letter}{${name}}`, end + 1 - i);
}

/** A character inside [...]: a POSIX class, the closing ], or a literal. */
function classChar(t: Translation): void {
  const { pattern, i } = t;
  const c = pattern[i];
  if (c === '[' && pattern[i + 1] === ':') {
    const end = pattern.indexOf(':]', i + 2);
    const name = end < 0 ? '' : pattern.slice(i + 2, end);
    const neg = name.startsWith('^');
    const cls = POSIX[neg ? name.slice(1) : name];
    if (cls === undefined) throw new RegexpSyntaxError(pattern, 'invalid character class range');
    if (neg) throw new RegexpSyntaxError(pattern, 'negated POSIX classes [[:^x:]] are not supported here');
    emit(t, cls, end + 2 - i);
    return;
  }
  if (c === ']') t.inClass = false;
  emit(t, c === '[' ? '\\[' : c, 1);
}

/** The [ of a class; a ']' right after '[' or '[^' is a literal in Go. */
function openClass(t: Translation): void {
  t.inClass = true;
  emit(t, '[', 1);
  if (t.pattern[t.i] === '^') emit(t, '^', 1);
  if (t.pattern[t.i] === ']') emit(t, '\\]', 1);
}

/** (?:…), named groups (?P<n>…) and (?<n>…); lookaround and inner flags are refused. */
function group(t: Translation): void {
  const rest = t.pattern.slice(t.i + 2);
  if (rest.startsWith('P<')) emit(t, '(?<', 4);
  else if (rest.startsWith(':')) emit(t, '(?:', 3);
  else if (/^(=|!|<=|<!)/.test(rest)) throw new RegexpSyntaxError(t.pattern, 'invalid or unsupported Perl syntax: lookaround');
  else if (rest.startsWith('<')) emit(t, '(?<', 3);
  else throw new RegexpSyntaxError(t.pattern, 'flag groups other than a leading (?i), (?s) or (?m) are not supported here');
}

/** A Go regexp as a JavaScript RegExp; throws RegexpSyntaxError with Go-like wording. */
export function compileGoRegexp(pattern: string): RegExp {
  const { source, flags } = translateGoRegexp(pattern);
  try {
    return new RegExp(source, flags);
  } catch (e) {
    throw new RegexpSyntaxError(pattern, (e as Error).message.replace(/^Invalid regular expression: /, ''));
  }
}
