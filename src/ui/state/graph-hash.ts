// The graph view's own choices in the URL hash, next to the ones it shares
// with the heap table (state/hash.ts: si, m, g, f, i, h, s, sf, n, b, q…).
// pprof's web UI names them (internal/driver/config.go):
//
//   nf   nodefraction (default 0.005)     ef   edgefraction (default 0.001)
//
// As in hash.ts, only choices made are written, and every other key stays
// as it was, byte for byte (hash.ts keeps these two the same way).

import { replaceHashKeys } from './hash';

export interface GraphChoices {
  nodeFraction?: number;
  edgeFraction?: number;
}

export const GRAPH_HASH_KEYS = ['nf', 'ef'] as const;
const OWN = new Set<string>(GRAPH_HASH_KEYS);

function fraction(v: string | null): number | undefined {
  if (v === null || !/^[0-9.eE+-]{1,24}$/.test(v)) return undefined;
  const x = Number(v);
  return Number.isFinite(x) && x >= 0 && x <= 1 ? x : undefined;
}

export function parseGraphHash(hash: string): GraphChoices {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const c: GraphChoices = {};
  const nf = fraction(p.get('nf'));
  if (nf !== undefined) c.nodeFraction = nf;
  const ef = fraction(p.get('ef'));
  if (ef !== undefined) c.edgeFraction = ef;
  return c;
}

/** `hash` with nf and ef replaced by `c` (appended after the other parts); "" or a string starting with "#". */
export function writeGraphHash(hash: string, c: GraphChoices): string {
  const p = new URLSearchParams();
  if (c.nodeFraction !== undefined) p.set('nf', String(c.nodeFraction));
  if (c.edgeFraction !== undefined) p.set('ef', String(c.edgeFraction));
  return replaceHashKeys(hash, OWN, p.toString());
}
