// go tool pprof's sample filters, with its exact rules
// (internal/driver/driver_focus.go, profile/filter.go), on the columnar
// profile. Regexps use Go's syntax (filter/regexp.ts).
//
// Per location, on the location's function names, file names and mapping file:
//   -focus RE      keep samples with at least one matching location…
//   -ignore RE     …and none matching this (ignore wins when both match)
//   -hide RE       remove matching lines from locations; a location left
//                  without lines disappears from its samples (a sample left
//                  without locations is dropped)
//   -show RE       keep only matching lines (the inverse of hide)
//   -show_from RE  drop the frames above (callers of) the outermost matching
//                  location; in that location, the lines outside the match
//                  go too; samples with no match are dropped
// Per sample, on its labels:
//   -tagfocus / -tagignore  "regexp[,regexp]" against "key:value" string
//                  labels (every regexp must match one), "key=regexp" against
//                  the values of one key, or a numeric range of a numeric
//                  label: "32kb", "4mb:", ":64kb", "12kb:64mb", "bytes=1kb:"
//                  (pprof's parseTagFilterRange).
//
// The report total is computed before these filters (pprof's default;
// -relative_percentages is not offered), so percentages stay relative to
// the whole profile.

import { NONE, perLabelSet, type Profile } from '../model';
import { scaleValue } from '../format';
import { compileGoRegexp } from './regexp';
// Types only: the registry is core/report's, which runs this module's filters.
import type { FilterField, FilterKey, ReportOptionValues } from '../report';

export { compileGoRegexp, translateGoRegexp, RegexpSyntaxError } from './regexp';

/** pprof's filter options (report/options.ts declares them) and the time budget of their regexps. */
export interface FilterOptions extends Pick<ReportOptionValues, FilterKey | 'noInlines'> {
  /** Time one name regexp may take over the profile (default REGEXP_BUDGET_MS). */
  regexpBudgetMs?: number;
}

/** Cache key of the options that change which lines locations keep. */
export function linesKey(o: FilterOptions): string {
  return JSON.stringify([o.hide ?? '', o.show ?? '', o.showFrom ?? '', o.noInlines ? 1 : 0]);
}

/** Cache key of the options that select samples by their locations. */
export function focusKey(o: FilterOptions): string {
  return JSON.stringify([o.focus ?? '', o.ignore ?? '']);
}

/** Cache key of the options that select samples by their labels. */
export function tagKey(o: FilterOptions): string {
  return JSON.stringify([o.tagFocus ?? '', o.tagIgnore ?? '']);
}

export const FocusClass = { none: 0, focus: 1, ignore: 2 } as const;

/**
 * What -hide, -show, -show_from and -noinlines leave of every location.
 * Entries are line indices (innermost first), or -(location + 1) for the
 * address entry of a location without lines.
 */
export interface LineView {
  /** Entries of location i: entries[entryStart[i] .. entryStart[i+1]-1]; none = hidden. */
  entryStart: Int32Array;
  entries: Int32Array;
  /** 1 where the location matches -show_from (only set when the option is given). */
  showFrom: Uint8Array;
  hasShowFrom: boolean;
  warnings: string[];
}

export interface FocusView {
  /** FocusClass of each location (on all its lines: pprof decides before hiding any). */
  focusClass: Uint8Array;
  warnings: string[];
}

/**
 * How long one pattern may take over a profile's names. Go's RE2 matches in
 * linear time; JavaScript backtracks, and a pattern like `(a+)+$` over long
 * names can take minutes. Past this budget the match stops with an error the
 * page shows next to the pattern. (One single match that never returns cannot
 * be stopped from inside: the page's watchdog restarts the worker then.)
 */
export const REGEXP_BUDGET_MS = 2000;

/** Throws once `Date.now()` passes the deadline; checked every few matches. */
function overBudget(name: FilterField, pattern: RegExp, started: number, budgetMs: number): void {
  if (Date.now() - started <= budgetMs) return;
  throw new FilterError(
    name,
    `${name} regexp took over ${budgetMs / 1000} s on this profile's names and was stopped: ` +
      `\`${pattern.source}\` backtracks (Go's RE2 would not); avoid nested repetition like (a+)+`,
  );
}

function functionMatches(p: Profile, re: RegExp, name: FilterField, budgetMs: number): Uint8Array {
  const out = new Uint8Array(p.functions.length);
  const { name: fnName, filename } = p.functions;
  const started = Date.now();
  for (let f = 0; f < out.length; f++) {
    if ((f & 63) === 63) overBudget(name, re, started, budgetMs);
    out[f] = re.test(p.strings[fnName[f]]) || re.test(p.strings[filename[f]]) ? 1 : 0;
  }
  overBudget(name, re, started, budgetMs);
  return out;
}

function mappingMatches(p: Profile, re: RegExp): Uint8Array {
  const out = new Uint8Array(p.mappings.length);
  for (let m = 0; m < out.length; m++) out[m] = re.test(p.strings[p.mappings.filename[m]]) ? 1 : 0;
  return out;
}

function compile(name: FilterField, v: string | undefined): RegExp | null {
  if (!v) return null;
  try {
    return compileGoRegexp(v);
  } catch (e) {
    throw new FilterError(name, `parsing ${name} regexp: ${(e as Error).message}`);
  }
}

/** A filter that cannot run (a bad regexp, or one over its time budget), with the filter's flag name. */
export class FilterError extends Error {
  constructor(
    readonly field: FilterField,
    message: string,
  ) {
    super(message);
    this.name = 'FilterError';
  }
}

/** A regexp as matches on functions (name or file) and mappings (file). */
interface Matcher {
  fn: Uint8Array;
  map: Uint8Array;
}

function matcher(p: Profile, name: FilterField, pattern: string | undefined, budgetMs = REGEXP_BUDGET_MS): Matcher | null {
  const re = compile(name, pattern);
  return re ? { fn: functionMatches(p, re, name, budgetMs), map: mappingMatches(p, re) } : null;
}

/** Does any line (or the mapping) of the location match? (Location.matchesName) */
function locationMatches(p: Profile, loc: number, m: Matcher): boolean {
  const { locations: locs, lines } = p;
  for (let l = locs.lineStart[loc]; l < locs.lineStart[loc + 1]; l++) {
    const f = lines.function[l];
    if (f !== NONE && m.fn[f]) return true;
  }
  const mp = locs.mapping[loc];
  return mp !== NONE && m.map[mp] === 1;
}

function mappingMatch(p: Profile, loc: number, m: Matcher | null): boolean {
  const mp = p.locations.mapping[loc];
  return m !== null && mp !== NONE && m.map[mp] === 1;
}

export function buildFocusView(p: Profile, o: FilterOptions): FocusView {
  const focus = matcher(p, 'focus', o.focus, o.regexpBudgetMs);
  const ignore = matcher(p, 'ignore', o.ignore, o.regexpBudgetMs);
  const nLoc = p.locations.length;
  const focusClass = new Uint8Array(nLoc);
  let fm = false;
  let im = false;
  for (let loc = 0; loc < nLoc; loc++) {
    if (ignore && locationMatches(p, loc, ignore)) {
      im = true;
      focusClass[loc] = FocusClass.ignore;
    } else if (!focus || locationMatches(p, loc, focus)) {
      fm = true;
      focusClass[loc] = FocusClass.focus;
    }
  }
  const warnings: string[] = [];
  if (focus && !fm) warnings.push('Focus expression matched no samples');
  if (ignore && !im) warnings.push('Ignore expression matched no samples');
  return { focusClass, warnings };
}

export function buildLineView(p: Profile, o: FilterOptions): LineView {
  const hide = matcher(p, 'hide', o.hide, o.regexpBudgetMs);
  const show = matcher(p, 'show', o.show, o.regexpBudgetMs);
  const from = matcher(p, 'show_from', o.showFrom, o.regexpBudgetMs);
  const locs = p.locations;
  const lines = p.lines;
  const nLoc = locs.length;
  const showFromMatch = new Uint8Array(nLoc);
  const entryStart = new Int32Array(nLoc + 1);
  const entries: number[] = [];
  let hm = false;
  let hnm = false;
  let sfm = false;
  const buf: number[] = [];
  for (let loc = 0; loc < nLoc; loc++) {
    entryStart[loc] = entries.length;
    const l0 = locs.lineStart[loc];
    const l1 = locs.lineStart[loc + 1];
    buf.length = 0;
    for (let l = l0; l < l1; l++) buf.push(l);
    let hidden = false;
    if (hide && locationMatches(p, loc, hide)) {
      hm = true;
      if (mappingMatch(p, loc, hide)) buf.length = 0;
      else removeLines(buf, lines.function, hide.fn, false);
      if (buf.length === 0) hidden = true;
    }
    if (show) {
      if (!mappingMatch(p, loc, show)) removeLines(buf, lines.function, show.fn, true);
      if (buf.length === 0) hidden = true;
      else hnm = true;
    }
    if (hidden) continue;
    if (from) {
      if (mappingMatch(p, loc, from)) {
        showFromMatch[loc] = 1;
      } else {
        // Location.lastMatchedLineIndex, then loc.Line = loc.Line[:i+1].
        for (let k = buf.length - 1; k >= 0; k--) {
          const f = lines.function[buf[k]];
          if (f !== NONE && from.fn[f]) {
            showFromMatch[loc] = 1;
            buf.length = k + 1;
            break;
          }
        }
      }
      if (showFromMatch[loc]) sfm = true;
    }
    if (l0 === l1 && buf.length === 0) {
      entries.push(-(loc + 1));
    } else if (o.noInlines && buf.length > 0) {
      entries.push(buf[buf.length - 1]);
    } else {
      for (const l of buf) entries.push(l);
    }
  }
  entryStart[nLoc] = entries.length;
  const warnings: string[] = [];
  if (hide && !hm) warnings.push('Hide expression matched no samples');
  if (show && !hnm) warnings.push('Show expression matched no samples');
  if (from && !sfm) warnings.push('ShowFrom expression matched no samples');
  return { entryStart, entries: Int32Array.from(entries), showFrom: showFromMatch, hasShowFrom: from !== null, warnings };
}

/** Keeps the lines that match (keep=true) or that do not (keep=false); lines without a function always stay. */
function removeLines(buf: number[], lineFn: Int32Array, fm: Uint8Array, keep: boolean): void {
  let w = 0;
  for (const l of buf) {
    const f = lineFn[l];
    const m = f !== NONE && fm[f] === 1;
    if (f === NONE || m === keep) buf[w++] = l;
  }
  buf.length = w;
}

// ---- tag filters ----

export type SampleMatcher = (sample: number) => boolean;

export interface TagFilters {
  focus: SampleMatcher | null;
  ignore: SampleMatcher | null;
  messages: string[];
}

/** pprof's NumLabelUnits: the first unit seen per numeric key, else "bytes" for alignment/request, else the key. */
export function numLabelUnits(p: Profile): Map<string, string> {
  const out = new Map<string, string>();
  const seen = new Set<number>();
  const l = p.labels;
  // The sets some sample has, in the order samples first have them (a set no sample has is not pprof's).
  const used = new Uint8Array(l.sets);
  for (let i = 0; i < p.samples.length; i++) used[p.samples.labelSet[i]] = 1;
  for (let k = 0, set = 0; k < l.length; k++) {
    while (l.setStart[set + 1] <= k) set++;
    if (!used[set] || !l.isNum[k]) continue;
    const key = p.strings[l.key[k]];
    seen.add(l.key[k]);
    const unit = p.strings[l.numUnit[k]];
    if (unit !== '' && !out.has(key)) out.set(key, unit);
  }
  for (const k of seen) {
    const key = p.strings[k];
    if (!out.get(key)) out.set(key, key === 'alignment' || key === 'request' ? 'bytes' : key);
  }
  return out;
}

const TAG_RANGE = /([+-]?[0-9]+)([A-Za-z]+)?/g;

/** pprof's parseTagFilterRange: null when the text is not a range (then it is a regexp). */
export function parseTagRange(filter: string): ((v: number, unit: string) => boolean) | null {
  const ranges = [...filter.matchAll(TAG_RANGE)].slice(0, 2);
  if (ranges.length === 0) return null;
  const v1 = Number(ranges[0][1]);
  const u1 = ranges[0][2] ?? '';
  const s1 = scaleValue(v1, u1, u1);
  const unit = s1.unit;
  const inUnit = (v: number, u: string) => {
    const s = scaleValue(v, u, unit);
    return s.unit === unit ? s.value : null;
  };
  if (ranges.length === 1) {
    const match = ranges[0][0];
    if (filter === match) return (v, u) => inUnit(v, u) === s1.value;
    if (filter === `${match}:`) return (v, u) => (inUnit(v, u) ?? -Infinity) >= s1.value;
    if (filter === `:${match}`) return (v, u) => (inUnit(v, u) ?? Infinity) <= s1.value;
    return null;
  }
  if (filter !== `${ranges[0][0]}:${ranges[1][0]}`) return null;
  const s2 = scaleValue(Number(ranges[1][1]), ranges[1][2] ?? '', unit);
  if (s2.unit !== unit) return null;
  return (v, u) => {
    const x = inUnit(v, u);
    return x !== null && x >= s1.value && x <= s2.value;
  };
}

function compileTagFilter(name: 'tagfocus' | 'tagignore', value: string | undefined, p: Profile, messages: string[]): SampleMatcher | null {
  if (!value) return null;
  let wantKey = '';
  const eq = value.indexOf('=');
  if (eq >= 0) {
    wantKey = value.slice(0, eq);
    value = value.slice(eq + 1);
  }
  const { labels: l, strings } = p;
  const range = parseTagRange(value);
  if (range) {
    messages.push(`${name}:Interpreted '${value}' as range, not regexp`);
    const units = numLabelUnits(p);
    return bySet(p, (from, to) => {
      for (let k = from; k < to; k++) {
        if (!l.isNum[k]) continue;
        const key = strings[l.key[k]];
        if (wantKey !== '' && key !== wantKey) continue;
        if (range(l.num[k], units.get(key) ?? key)) return true;
      }
      return false;
    });
  }
  const res = value.split(',').map((t) => {
    try {
      return compileGoRegexp(t);
    } catch (e) {
      throw new FilterError(name, `parsing ${name} regexp: ${(e as Error).message}`);
    }
  });
  if (wantKey === '') {
    return bySet(p, (from, to) =>
      res.every((re) => {
        for (let k = from; k < to; k++) {
          if (!l.isNum[k] && re.test(`${strings[l.key[k]]}:${strings[l.str[k]]}`)) return true;
        }
        return false;
      }),
    );
  }
  return bySet(p, (from, to) => {
    for (let k = from; k < to; k++) {
      if (l.isNum[k] || strings[l.key[k]] !== wantKey) continue;
      const v = strings[l.str[k]];
      if (res.some((re) => re.test(v))) return true;
    }
    return false;
  });
}

/** A matcher of samples by their labels: each label set (rows from..to-1) decided once. */
function bySet(p: Profile, match: (from: number, to: number) => boolean): SampleMatcher {
  const yes = perLabelSet(p.labels, match);
  const sets = p.samples.labelSet;
  return (i) => yes[sets[i]];
}

export function compileTagFilters(p: Profile, o: FilterOptions): TagFilters {
  const messages: string[] = [];
  const focus = compileTagFilter('tagfocus', o.tagFocus, p, messages);
  const ignore = compileTagFilter('tagignore', o.tagIgnore, p, messages);
  return { focus, ignore, messages };
}
