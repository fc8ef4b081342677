// Which kind of profile the table and the graph show, in the URL hash: `k=cpu`
// (state/views.ts reportKind: a kind not loaded falls back to the first one
// loaded). Only a kind chosen is written; every other key stays as it was,
// byte for byte (state/hash.ts replaceHashKeys).

import type { ProfileKind } from '../../core/summary';
import { replaceHashKeys } from './hash';

/** The kinds the report views can show (every kind but goroutine). */
export const REPORT_KINDS: readonly ProfileKind[] = ['heap', 'allocs', 'cpu', 'mutex', 'block', 'threadcreate', 'unknown'];

export const KIND_HASH_KEY = 'k';
const OWN = new Set([KIND_HASH_KEY]);

export function parseKindHash(hash: string): ProfileKind | null {
  const v = new URLSearchParams(hash.replace(/^#/, '')).get(KIND_HASH_KEY);
  return REPORT_KINDS.find((k) => k === v) ?? null;
}

/** `hash` with the kind replaced (null: not written); "" or a string starting with "#". */
export function writeKindHash(hash: string, kind: ProfileKind | null): string {
  return replaceHashKeys(hash, OWN, kind ? `${KIND_HASH_KEY}=${kind}` : '');
}
