// Words the page shows for the core's codes: profile kinds, formats, phases,
// durations and times. Display only; the numbers come from src/core/format.

import type { ProfileFormat } from '../core/model';
import type { ProfileKind } from '../core/summary';
import type { LoadProgress } from './worker-client';

export const KIND_LABELS: Record<ProfileKind, string> = {
  heap: 'heap',
  allocs: 'allocs',
  goroutine: 'goroutine',
  cpu: 'CPU (profile)',
  mutex: 'mutex',
  block: 'block',
  threadcreate: 'threadcreate',
  unknown: 'unknown',
};

/** A kind as a name of its own: a card's role ("Heap base", "CPU current"), the report views' tab and kind choice. */
export const KIND_NAMES: Record<ProfileKind, string> = {
  heap: 'Heap',
  allocs: 'Allocs',
  goroutine: 'Goroutine',
  cpu: 'CPU',
  mutex: 'Mutex',
  block: 'Block',
  threadcreate: 'Threadcreate',
  unknown: 'Other',
};

export const FORMAT_LABELS: Record<ProfileFormat, string> = {
  proto: 'profile.proto',
  'heap-text': 'legacy heap text (?debug=1)',
  'count-text': 'legacy count text (?debug=1)',
  'goroutine-dump': 'goroutine dump (?debug=2)',
  'contention-text': 'legacy contention text',
  'thread-text': 'legacy thread text',
  'java-text': 'legacy Java text',
  'cpu-legacy': 'legacy CPU profile (gperftools)',
};

export function phaseLabel(p: LoadProgress | null): string {
  if (!p || p.phase === 'read') return 'Reading file…';
  const pct = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 0;
  return `${p.phase === 'inflate' ? 'Inflating' : 'Decoding'} ${pct}%`;
}

/**
 * 0..1 for a determinate bar; 0 while the file is read or waits for a
 * decoder (an indeterminate bar is animated: 47 files waiting painted a
 * frame of their own about 50 times a load, docs/decisions/0024).
 */
export function phaseFraction(p: LoadProgress | null): number | null {
  if (!p || p.phase === 'read') return 0;
  if (p.total <= 0) return null;
  return Math.min(1, p.done / p.total);
}

export function formatMs(ms: number): string {
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** "2026-11-26 06:16:03 UTC" from timeNanos as an exact decimal. */
export function formatProfileTime(timeNanosExact: string | null): string | null {
  if (!timeNanosExact) return null;
  const ms = Number(BigInt(timeNanosExact) / 1_000_000n);
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return null;
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
