// MemStats fields under Go's names with Go's types: integers exact (as
// bigint, since LastGC and PauseEnd are beyond 2^53), GCCPUFraction a float,
// DebugGC a bool. What `report -memstats -json` prints, and the Δ of a pair.

import type { MemStats, MemStatsExact } from '../model';

/** A MemStats field's value as Go typed it. */
export type GoValue = bigint | bigint[] | number | boolean;

/** runtime.MemStats's bool fields; the parser keeps them as 0 / 1. */
const BOOL_FIELDS = new Set(['DebugGC', 'EnableGC']);
/** Its float fields: a fraction that happens to be 0 is still one. */
const FLOAT_FIELDS = new Set(['GCCPUFraction']);

function toGo(name: string, value: number | number[], exact: string | string[] | undefined): GoValue {
  if (Array.isArray(value)) {
    const words = Array.isArray(exact) ? exact : undefined;
    return value.map((v, i) => BigInt(words ? words[i] : v));
  }
  if (BOOL_FIELDS.has(name)) return value !== 0;
  if (typeof exact === 'string') return BigInt(exact);
  return Number.isInteger(value) && !FLOAT_FIELDS.has(name) ? BigInt(value) : value;
}

/** Every field of the block, in the file's order. */
export function goMemStats(ms: MemStats, exact?: MemStatsExact): Record<string, GoValue> {
  const out: Record<string, GoValue> = {};
  for (const [name, value] of Object.entries(ms)) out[name] = toGo(name, value, exact?.[name]);
  return out;
}

/**
 * current − base for every scalar field both have (lists such as PauseNs
 * are ring buffers: their difference means nothing); integers exact.
 */
export function goMemStatsDelta(base: Record<string, GoValue>, current: Record<string, GoValue>): Record<string, bigint | number> {
  const out: Record<string, bigint | number> = {};
  for (const [name, c] of Object.entries(current)) {
    const b = base[name];
    if (typeof c === 'bigint' && typeof b === 'bigint') out[name] = c - b;
    else if (typeof c === 'number' && typeof b === 'number') out[name] = c - b;
  }
  return out;
}
