// The heap view's choices in the URL hash, so that a reload (with the same
// files dropped again) or a shared link shows the same table. Pure: strings
// in, strings out (hooks/useHashState.ts reads and writes the page's hash).
//
// Names are pprof's web UI's URL parameters where it has one
// (internal/driver/config.go):
//
//   si   sample index (a sample type name)   f   focus       i   ignore
//   g    granularity                         h   hide        s   show
//   n    nodecount                           sf  show_from
//   sort cum (pprof's -cum)                  tf  tagfocus    ti  tagignore
//   norm 1 (-normalize)                      noinlines 1
//
// and heapdiff's own: m (current | base | diff | diff_base), b (blame your
// code, 1 or 0), o (the table's column order: "delta" ascending, "-delta"
// descending), q (the search over row names).
//
// Only choices the user made are written; what is not there takes the
// default of the files loaded. The hash has other owners: src/ui/embed.ts
// reads `base=` and `current=` (profiles to fetch). Every key that is not
// ours is kept as it was written, byte for byte.

import type { FilterOptions } from '../../core/filter';
import type { Granularity } from '../../core/top/nodes';
import type { TopColumn, TopMode, TopReportQuery, TopSort } from '../../core/top/view';

/** The heap views' choices: pprof's filters as FilterOptions names them, and the report's options. */
export interface TopChoices extends Pick<FilterOptions, 'focus' | 'ignore' | 'hide' | 'show' | 'showFrom' | 'tagFocus' | 'tagIgnore' | 'noInlines'> {
  mode?: TopMode;
  normalize?: boolean;
  sampleType?: string;
  granularity?: Granularity;
  cum?: boolean;
  nodeCount?: number;
  blame?: boolean;
  order?: TopSort;
  search?: string;
}

const MODES: readonly TopMode[] = ['current', 'base', 'diff', 'diff_base'];
const GRANULARITIES: readonly Granularity[] = ['functions', 'filefunctions', 'files', 'lines', 'addresses'];
const COLUMNS: readonly TopColumn[] = ['flat', 'flatPct', 'sumPct', 'cum', 'cumPct', 'base', 'current', 'delta', 'name'];

type StringChoice = 'sampleType' | 'focus' | 'ignore' | 'hide' | 'show' | 'showFrom' | 'tagFocus' | 'tagIgnore' | 'search';

const STRINGS: [StringChoice, string][] = [
  ['sampleType', 'si'],
  ['focus', 'f'],
  ['ignore', 'i'],
  ['hide', 'h'],
  ['show', 's'],
  ['showFrom', 'sf'],
  ['tagFocus', 'tf'],
  ['tagIgnore', 'ti'],
  ['search', 'q'],
];

/** Every key this file owns, in the order they are written. */
export const TOP_HASH_KEYS = ['m', 'norm', 'si', 'g', 'f', 'i', 'h', 's', 'sf', 'tf', 'ti', 'sort', 'n', 'noinlines', 'b', 'o', 'q'] as const;
const OWN = new Set<string>(TOP_HASH_KEYS);

const bool = (v: string | null): boolean | undefined => (v === '1' || v === 'true' ? true : v === '0' || v === 'false' ? false : undefined);

/** The choices in a hash ("#m=diff&f=main" or without the "#"); what does not parse is left out. */
export function parseTopHash(hash: string): TopChoices {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const c: TopChoices = {};
  const m = p.get('m');
  if (m !== null && (MODES as readonly string[]).includes(m)) c.mode = m as TopMode;
  const norm = bool(p.get('norm'));
  if (norm !== undefined) c.normalize = norm;
  for (const [key, name] of STRINGS) {
    const v = p.get(name);
    if (v !== null && v !== '') c[key] = v;
  }
  const g = p.get('g');
  if (g !== null && (GRANULARITIES as readonly string[]).includes(g)) c.granularity = g as Granularity;
  const sort = p.get('sort');
  if (sort === 'cum') c.cum = true;
  else if (sort === 'flat') c.cum = false;
  const n = p.get('n');
  if (n !== null && /^\d{1,9}$/.test(n)) c.nodeCount = Number(n);
  const noInlines = bool(p.get('noinlines'));
  if (noInlines !== undefined) c.noInlines = noInlines;
  const b = bool(p.get('b'));
  if (b !== undefined) c.blame = b;
  const o = p.get('o');
  if (o !== null) {
    const desc = o.startsWith('-');
    const column = desc ? o.slice(1) : o;
    if ((COLUMNS as readonly string[]).includes(column)) c.order = { column: column as TopColumn, desc };
  }
  return c;
}

/** Our part of the hash, encoded ("m=diff&f=main"); "" for no choices. */
export function encodeTopChoices(c: TopChoices): string {
  const p = new URLSearchParams();
  if (c.mode) p.set('m', c.mode);
  if (c.normalize !== undefined) p.set('norm', c.normalize ? '1' : '0');
  if (c.sampleType) p.set('si', c.sampleType);
  if (c.granularity) p.set('g', c.granularity);
  for (const [key, name] of STRINGS) {
    if (key === 'sampleType' || key === 'search') continue;
    const v = c[key];
    if (v) p.set(name, v);
  }
  if (c.cum !== undefined) p.set('sort', c.cum ? 'cum' : 'flat');
  if (c.nodeCount !== undefined) p.set('n', String(c.nodeCount));
  if (c.noInlines !== undefined) p.set('noinlines', c.noInlines ? '1' : '0');
  if (c.blame !== undefined) p.set('b', c.blame ? '1' : '0');
  if (c.order) p.set('o', `${c.order.desc ? '-' : ''}${c.order.column}`);
  if (c.search) p.set('q', c.search);
  return p.toString();
}

/**
 * `hash` with our keys replaced by `c`: the other parts ("base=…",
 * "current=…", anything else) stay first and untouched. Returns "" or a
 * string starting with "#".
 */
export function writeTopHash(hash: string, c: TopChoices): string {
  return replaceHashKeys(hash, OWN, encodeTopChoices(c));
}

/**
 * `hash` without the parts whose key is in `own`, then `ours` (encoded
 * parts, "" for none) after the others: the hash keys of one view replaced,
 * every other part kept byte for byte. "" or a string starting with "#".
 */
export function replaceHashKeys(hash: string, own: ReadonlySet<string>, ours: string): string {
  const others = hash
    .replace(/^#/, '')
    .split('&')
    .filter((part) => part !== '' && !own.has(decodeKey(part)));
  const all = ours ? [...others, ours] : others;
  return all.length > 0 ? `#${all.join('&')}` : '';
}

function decodeKey(part: string): string {
  const eq = part.indexOf('=');
  const raw = (eq < 0 ? part : part.slice(0, eq)).replace(/\+/g, ' ');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * The hash with the heap views focused on one function, as clicking its row
 * does: `^name$` with Go's QuoteMeta (a goroutine frame's function links here).
 */
export function focusFunctionHash(hash: string, fn: string): string {
  return writeTopHash(hash, { ...parseTopHash(hash), focus: `^${fn.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')}$` });
}

/** The pprof report the choices ask for (the table's and the graph's), with blame resolved. */
export function reportQuery(c: TopChoices, blame: boolean): TopReportQuery {
  return {
    mode: c.mode,
    normalize: c.normalize,
    sampleType: c.sampleType,
    granularity: c.granularity,
    cum: c.cum,
    nodeCount: c.nodeCount,
    noInlines: c.noInlines,
    focus: c.focus,
    ignore: c.ignore,
    hide: c.hide,
    show: c.show,
    showFrom: c.showFrom,
    tagFocus: c.tagFocus,
    tagIgnore: c.tagIgnore,
    blame,
  };
}
