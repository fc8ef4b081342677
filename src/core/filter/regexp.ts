// Go regular expressions (RE2 syntax, what go tool pprof's -focus, -ignore,
// -hide, -show, -show_from, -tagfocus… take), matched by RE2 itself: re2js,
// a JavaScript port of RE2 that parses Go's syntax and matches in linear
// time (docs/decisions/0003-filter-regexps-re2js.md). A pattern means what
// it means in Go, errors are Go's, and no pattern can backtrack.
//
// re2js is loaded on first need, not with the decoder: callers await
// loadGoRegexps() before anything compiles a pattern (the worker does so
// for a request with filters; Node entries once at start).
//
// Matching is unanchored (Go's MatchString). Go compares UTF-8 bytes and
// re2js UTF-16 code units, which only matters for `.` against characters
// outside the BMP (re2js reads surrogate pairs as one character, as Go does).

type Re2js = typeof import('re2js');

export class RegexpSyntaxError extends Error {
  /** `message` is RE2's: "error parsing regexp: missing closing ]: `[a`". */
  constructor(message: string) {
    super(message);
    this.name = 'RegexpSyntaxError';
  }
}

/** A compiled Go regexp: `test` is Go's MatchString (unanchored, no state between calls). */
export interface GoRegexp {
  test(text: string): boolean;
}

let re2js: Re2js | null = null;
let loading: Promise<void> | null = null;

/** Loads RE2 (re2js) once; compileGoRegexp works after this resolves. */
export function loadGoRegexps(): Promise<void> {
  return (loading ??= import('re2js').then((m) => {
    re2js = m;
  }));
}

/** A Go regexp; throws RegexpSyntaxError with RE2's message for what Go refuses. */
export function compileGoRegexp(pattern: string): GoRegexp {
  if (!re2js) throw new Error('compileGoRegexp: await loadGoRegexps() first');
  try {
    return re2js.RE2JS.compile(pattern);
  } catch (e) {
    if (e instanceof re2js.RE2JSException) throw new RegexpSyntaxError(e.message);
    throw e;
  }
}
