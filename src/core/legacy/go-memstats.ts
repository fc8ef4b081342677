// The `# runtime.MemStats` block that ends a Go heap profile at ?debug=1
// (runtime/pprof writeHeapInternal), one field a line:
//
//   # Alloc = 5015016                     → Alloc: 5015016
//   # Stack = 10256384 / 10256384         → StackInuse, StackSys
//   # MSpan = 152784 / 195264             → MSpanInuse, MSpanSys
//   # MCache = 2400 / 15600               → MCacheInuse, MCacheSys
//   # PauseNs = [29334 23375 …]           → PauseNs: number[] (the runtime's
//                                           256-entry ring buffer, as written)
//   # GCCPUFraction = 0.00049…            → a float
//   # DebugGC = false                     → DebugGC: 0 (true → 1)
//
// "A / B" pairs are written for exactly the fields runtime.MemStats names
// XInuse and XSys, so they get those names back. Timestamps (LastGC,
// PauseEnd) are nanoseconds since 1970, beyond 2^53: as numbers they are
// within a few hundred nanoseconds, which is all a display needs; their
// decimal text goes to `exact` too, for reports that repeat the file's values.

import type { MemStats, MemStatsExact } from '../model';

export const MEMSTATS_HEADER = '# runtime.MemStats';

const FIELD = /^#\s*(\w+)\s*=\s*(.*?)\s*$/;

/** A decimal integer that a number would round. */
function beyondNumber(text: string, value: number): boolean {
  return /^-?\d+$/.test(text) && !Number.isSafeInteger(value);
}

/**
 * Adds one `# Name = value` line to `out` (and, when given, the decimal text
 * of integers beyond 2^53 to `exact`); false when the line is not one.
 */
export function readMemStatsLine(line: string, out: MemStats, exact?: MemStatsExact): boolean {
  const m = FIELD.exec(line);
  if (!m) return false;
  const [, name, text] = m;
  if (text.startsWith('[') && text.endsWith(']')) {
    const inner = text.slice(1, -1).trim();
    const words = inner === '' ? [] : inner.split(/\s+/);
    const values = words.map(Number);
    if (values.some(Number.isNaN)) return false;
    out[name] = values;
    if (exact && words.some((w, i) => beyondNumber(w, values[i]))) exact[name] = words;
    return true;
  }
  const pair = /^(\S+)\s*\/\s*(\S+)$/.exec(text);
  if (pair) {
    const inuse = Number(pair[1]);
    const sys = Number(pair[2]);
    if (Number.isNaN(inuse) || Number.isNaN(sys)) return false;
    out[`${name}Inuse`] = inuse;
    out[`${name}Sys`] = sys;
    if (exact && beyondNumber(pair[1], inuse)) exact[`${name}Inuse`] = pair[1];
    if (exact && beyondNumber(pair[2], sys)) exact[`${name}Sys`] = pair[2];
    return true;
  }
  if (text === 'true' || text === 'false') {
    out[name] = text === 'true' ? 1 : 0;
    return true;
  }
  const v = Number(text);
  if (text === '' || Number.isNaN(v)) return false;
  out[name] = v;
  if (exact && beyondNumber(text, v)) exact[name] = text;
  return true;
}
