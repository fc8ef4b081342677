// What every worker call answers, shared by the worker that answers views
// (profile.worker.ts) and the decoders of its pool (decode.worker.ts).

import { releaseProxy } from 'comlink';
import { isProfileError, type ProfileErrorCode } from '../src/core/errors';
import type { TotalLabel } from '../src/core/format';
import { ReportQueryError, type ReportField } from '../src/core/report';
import type { ProfileSummary } from '../src/core/summary';

/** A decoded profile's summary, as the page shows it on its card. */
export interface Loaded {
  summary: ProfileSummary;
  totals: TotalLabel[];
  compressed: boolean;
  /** Bytes after decompression. */
  rawSize: number;
  /** Time spent decoding in the worker, from first byte to summary. */
  decodeMs: number;
}

/**
 * Why a call has no answer. An Error does not survive structured cloning as
 * itself, so its code and the option at fault travel as data.
 */
export interface Failure {
  ok: false;
  /**
   * A ProfileError's code; 'not-loaded' (a profile of the request is gone),
   * 'refused' (a query pprof would refuse), 'decoder-crashed' (the decoder of
   * this one file died or hung: the other files are not affected), 'read-failed'
   * (the browser could not read the file), 'internal'.
   */
  code: ProfileErrorCode | 'not-loaded' | 'refused' | 'decoder-crashed' | 'read-failed' | 'internal';
  /** The option a refused query is about (the page shows the message under it), else null. */
  field: ReportField | null;
  message: string;
}

/** Every call's answer: what was asked for, or why not (src/ui/worker-client.ts turns a Failure into its one error type). */
export type Answer<T> = { ok: true; value: T } | Failure;

/** An error as data; `unexpected` starts the message of one that is no ProfileError or refused query. */
export function failure(e: unknown, unexpected = ''): Failure {
  if (e instanceof ReportQueryError) return { ok: false, code: 'refused', field: e.field, message: e.message };
  if (isProfileError(e)) return { ok: false, code: e.code, field: null, message: e.message };
  return { ok: false, code: 'internal', field: null, message: `${unexpected}${e instanceof Error ? e.message : String(e)}` };
}

export const CANCELLED: Failure = { ok: false, code: 'cancelled', field: null, message: 'Loading was cancelled.' };

/** Closes the port behind a comlink proxy callback (a no-op for a plain function). */
export function release(callback: unknown): void {
  const r = (callback as { [releaseProxy]?: () => void } | undefined)?.[releaseProxy];
  if (typeof r === 'function') r.call(callback);
}
