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

export function translateGoRegexp(pattern: string): TranslatedRegexp {
  let flags = '';
  let i = 0;
  // Leading flag groups: (?i), (?is), (?-s) is meaningless at the start.
  for (;;) {
    const m = /^\(\?([imsU]+)\)/.exec(pattern.slice(i));
    if (!m) break;
    for (const f of m[1]) {
      if (f !== 'U' && !flags.includes(f)) flags += f;
    }
    i += m[0].length;
  }
  let out = '';
  let unicode = false;
  let inClass = false;
  const n = pattern.length;
  while (i < n) {
    const c = pattern[i];
    if (c === '\\') {
      const d = pattern[i + 1];
      if (d === undefined) throw new RegexpSyntaxError(pattern, 'trailing backslash at end of expression');
      if (d === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const lit = end < 0 ? pattern.slice(i + 2) : pattern.slice(i + 2, end);
        out += escapeLiteral(lit);
        i = end < 0 ? n : end + 2;
        continue;
      }
      if (d === 'A' && !inClass) {
        out += '(?<![\\s\\S])';
        i += 2;
        continue;
      }
      if (d === 'z' && !inClass) {
        out += '(?![\\s\\S])';
        i += 2;
        continue;
      }
      if (d === 's') {
        out += inClass ? GO_SPACE : `[${GO_SPACE}]`;
        i += 2;
        continue;
      }
      if (d === 'S') {
        if (inClass) throw new RegexpSyntaxError(pattern, '\\S inside a character class is not supported here');
        out += `[^${GO_SPACE}]`;
        i += 2;
        continue;
      }
      if (d === 'p' || d === 'P') {
        unicode = true;
        if (pattern[i + 2] === '{') {
          const end = pattern.indexOf('}', i + 3);
          if (end < 0) throw new RegexpSyntaxError(pattern, 'invalid character class range');
          let name = pattern.slice(i + 3, end);
          let letter = d;
          if (name.startsWith('^')) {
            letter = d === 'p' ? 'P' : 'p';
            name = name.slice(1);
          }
          out += `\\${letter}{${name}}`;
          i = end + 1;
        } else {
          out += `\\${d}{${pattern[i + 2]}}`;
          i += 3;
        }
        continue;
      }
      if (d === 'x' && pattern[i + 2] === '{') {
        const end = pattern.indexOf('}', i + 3);
        if (end < 0) throw new RegexpSyntaxError(pattern, 'invalid escape sequence');
        unicode = true;
        out += `\\u{${pattern.slice(i + 3, end)}}`;
        i = end + 1;
        continue;
      }
      if (d >= '1' && d <= '9') throw new RegexpSyntaxError(pattern, `invalid escape sequence: \`\\${d}\` (Go has no backreferences)`);
      if (d === 'C') throw new RegexpSyntaxError(pattern, 'invalid escape sequence: `\\C`');
      if (d === 'a') {
        out += '\\x07';
        i += 2;
        continue;
      }
      // Go lets any ASCII punctuation be escaped; JavaScript (with the u
      // flag) only its own syntax characters: give the others as literals.
      if (/[!"#%&',:;<=>@_`~-]/.test(d)) {
        out += inClass && d === '-' ? '\\-' : d;
        i += 2;
        continue;
      }
      // Everything else (\d \w \b \. \( …) means the same in both.
      out += c + d;
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === '[' && pattern[i + 1] === ':') {
        const end = pattern.indexOf(':]', i + 2);
        const name = end < 0 ? '' : pattern.slice(i + 2, end);
        const neg = name.startsWith('^');
        const cls = POSIX[neg ? name.slice(1) : name];
        if (cls === undefined) throw new RegexpSyntaxError(pattern, 'invalid character class range');
        if (neg) throw new RegexpSyntaxError(pattern, 'negated POSIX classes [[:^x:]] are not supported here');
        out += cls;
        i = end + 2;
        continue;
      }
      if (c === ']') inClass = false;
      if (c === '[') {
        out += '\\[';
        i++;
        continue;
      }
      out += c;
      i++;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      i++;
      // A ']' right after '[' or '[^' is a literal in Go.
      if (pattern[i] === '^') {
        out += '^';
        i++;
      }
      if (pattern[i] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const rest = pattern.slice(i + 2);
      if (rest.startsWith('P<')) {
        out += '(?<';
        i += 4;
        continue;
      }
      if (rest.startsWith(':')) {
        out += '(?:';
        i += 3;
        continue;
      }
      if (/^(=|!|<=|<!)/.test(rest)) throw new RegexpSyntaxError(pattern, 'invalid or unsupported Perl syntax: lookaround');
      if (rest.startsWith('<')) {
        out += '(?<';
        i += 3;
        continue;
      }
      throw new RegexpSyntaxError(pattern, 'flag groups other than a leading (?i), (?s) or (?m) are not supported here');
    }
    out += c;
    i++;
  }
  if (inClass) throw new RegexpSyntaxError(pattern, 'missing closing ]');
  if (unicode) flags += 'u';
  return { source: out, flags };
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
