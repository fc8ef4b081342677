// The filters' regexps over the large profile's names: RE2 (re2js, what
// src/core/filter/regexp.ts compiles) against JavaScript's RegExp, which the
// filters used before (docs/decisions/0003-filter-regexps-re2js.md). Each
// run compiles every pattern and tests it on every function's name and file
// name, as the filter does (filter/index.ts functionMatches). The patterns
// are ones users type, written so both engines take them as they are.

import { compileGoRegexp, loadGoRegexps } from '../../src/core/filter';
import type { Profile } from '../../src/core/model/profile';

/** [Go pattern, the same as a JavaScript RegExp]. */
const PATTERNS: [string, RegExp][] = [
  ['balanceRecord', /balanceRecord/],
  ['^runtime\\.', /^runtime\./],
  ['json|gzip|flate', /json|gzip|flate/],
  ['(?i)ENCODE', /ENCODE/i],
  ['\\.\\(\\*[A-Z]\\w*\\)\\.', /\.\(\*[A-Z]\w*\)\./],
  ['^main\\.\\w+$', /^main\.\w+$/],
];

/** The names a name filter reads: every function's name and file name. */
function namesOf(p: Profile): string[] {
  const out: string[] = [];
  for (let f = 0; f < p.functions.length; f++) out.push(p.strings[p.functions.name[f]], p.strings[p.functions.filename[f]]);
  return out;
}

/** How many names each pattern matched: the same in both engines, or the comparison means nothing. */
type Counts = number[];

function countWith(names: string[], compile: (i: number) => { test(s: string): boolean }): Counts {
  return PATTERNS.map((_, i) => {
    const re = compile(i);
    let n = 0;
    for (const s of names) if (re.test(s)) n++;
    return n;
  });
}

export interface RegexpBench {
  names: number;
  patterns: number;
  /** Compile + match every name, all patterns: one run of each engine. */
  re2: () => Counts;
  js: () => Counts;
}

export async function regexpBench(p: Profile): Promise<RegexpBench> {
  await loadGoRegexps();
  const names = namesOf(p);
  return {
    names: names.length,
    patterns: PATTERNS.length,
    re2: () => countWith(names, (i) => compileGoRegexp(PATTERNS[i][0])),
    js: () => countWith(names, (i) => new RegExp(PATTERNS[i][1].source, PATTERNS[i][1].flags)),
  };
}
