// The heap view's choices in the URL hash, so that a reload (with the same
// files dropped again) or a shared link shows the same table. Pure: strings
// in, strings out (hooks/useHashState.ts reads and writes the page's hash).
//
// Each option's key, type and choices are core/report's registry
// (options.ts: pprof's web UI's URL parameters where it has one, as
// internal/driver/config.go names them, and heapdiff's own: m, b, o, q);
// this file owns the keys of the options the heap view draws.
//
// Only choices the user made are written; what is not there takes the
// default of the files loaded. The hash has other owners: src/ui/embed.ts
// reads `base=` and `current=` (profiles to fetch). Every key that is not
// ours is kept as it was written, byte for byte.

import { hashValue, quoteMeta, readHashValue, viewOptions, type ReportQuery, type ViewChoices } from '../../core/report';

/** The heap views' choices: every option the table draws (core/report options.ts), by its query field. */
export type TopChoices = ViewChoices<'top'>;

const OPTIONS = viewOptions('top');

/** Every key this file owns, in the order they are written. */
export const TOP_HASH_KEYS = OPTIONS.map((o) => o.hash);
const OWN = new Set<string>(TOP_HASH_KEYS);

/** The choices of `options` in a hash ("#m=diff&f=main" or without the "#"); what does not parse is left out. */
export function parseHashChoices<C>(hash: string, options: typeof OPTIONS): C {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const c: Record<string, unknown> = {};
  for (const o of options) {
    const text = p.get(o.hash);
    const v = text === null ? undefined : readHashValue(o, text);
    if (v !== undefined) c[o.key] = v;
  }
  return c as C;
}

/** The choices of `options`, encoded ("m=diff&f=main"); "" for no choices. */
export function encodeHashChoices(c: object, options: typeof OPTIONS): string {
  const p = new URLSearchParams();
  for (const o of options) {
    const v = (c as Record<string, unknown>)[o.key];
    if (v === undefined) continue;
    const text = hashValue(o, v);
    if (text !== null) p.set(o.hash, text);
  }
  return p.toString();
}

/** The choices in a hash ("#m=diff&f=main" or without the "#"); what does not parse is left out. */
export function parseTopHash(hash: string): TopChoices {
  return parseHashChoices<TopChoices>(hash, OPTIONS);
}

/** Our part of the hash, encoded ("m=diff&f=main"); "" for no choices. */
export function encodeTopChoices(c: TopChoices): string {
  return encodeHashChoices(c, OPTIONS);
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
  return writeTopHash(hash, { ...parseTopHash(hash), focus: `^${quoteMeta(fn)}$` });
}

/** The pprof report the choices ask for (the table's and the graph's): all but what arranges the rows, with blame resolved. */
export function reportQuery(c: TopChoices, blame: boolean): ReportQuery {
  const query: Record<string, unknown> = {};
  for (const o of OPTIONS) if (!('page' in o) && o.key !== 'blame') query[o.key] = c[o.key as keyof TopChoices];
  return { ...(query as ReportQuery), blame };
}
