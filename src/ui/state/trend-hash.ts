// The trend view's own choices in the URL hash, next to the report's it
// shares with the table and the graph (state/hash.ts: sample type,
// granularity, blame, filters): which series (`trend.kind`, a kind with three
// snapshots or more; goroutine profiles too), how goroutines cluster
// (`trend.level`) and the rows' search (`trend.q`). As in hash.ts, only
// choices made are written, and every other key stays as it was, byte for
// byte (replaceHashKeys).

import { SIMILARITY_LEVELS, type SimilarityLevel } from '../../core/goroutines';
import type { ProfileKind } from '../../core/summary';
import { replaceHashKeys } from './hash';
import { PROFILE_KINDS } from './pair-hash';

export interface TrendChoices {
  /** The series shown: when not there (or not loaded), the table's kind (TrendPanel). */
  kind?: ProfileKind;
  /** Goroutine series: how their stacks cluster (the view's default: lines). */
  level?: SimilarityLevel;
  search?: string;
}

const KEYS = { kind: 'trend.kind', level: 'trend.level', search: 'trend.q' } as const;
export const TREND_HASH_KEYS: readonly string[] = Object.values(KEYS);
const OWN = new Set(TREND_HASH_KEYS);

export function parseTrendHash(hash: string): TrendChoices {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const c: TrendChoices = {};
  const kind = PROFILE_KINDS.find((k) => k === p.get(KEYS.kind));
  if (kind) c.kind = kind;
  const level = SIMILARITY_LEVELS.find((l) => l === p.get(KEYS.level));
  if (level) c.level = level;
  const search = p.get(KEYS.search);
  if (search) c.search = search;
  return c;
}

/** `hash` with the trend's keys replaced by `c` (appended after the other parts); "" or a string starting with "#". */
export function writeTrendHash(hash: string, c: TrendChoices): string {
  const p = new URLSearchParams();
  if (c.kind) p.set(KEYS.kind, c.kind);
  if (c.level) p.set(KEYS.level, c.level);
  if (c.search) p.set(KEYS.search, c.search);
  return replaceHashKeys(hash, OWN, p.toString());
}
