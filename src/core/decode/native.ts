// The platform's own gzip inflater (zlib in Node, DecompressionStream in a
// worker): about three times pako's speed (decision 0022). Core imports
// neither platform, so the caller hands one in; pako stays the reference:
// whatever the native one fails on, pako reads again and says why, so the
// errors (truncated, corrupt, not gzip) are pako's, word for word.

import type { InflatingBytes } from '../proto';
import type { Steps } from '../progress';

/** What a native inflater answers when the output would pass the cap. */
export const OVER_LIMIT = 'over-limit';

/**
 * Inflates a gzip file of one or more members. `sizeHint` is the expected
 * output size (from the trailer), for the output buffer. Synchronous (Node's
 * zlib) or a job driven by the decode's runner (a stream in the browser).
 * Throws (or its job fails) on anything it cannot read.
 */
export type NativeGunzip = (gz: Uint8Array, limit: number, sizeHint: number) => Uint8Array | typeof OVER_LIMIT | InflateJob;

/** An inflate running on the platform's side, advanced one output chunk at a time. */
export interface InflateJob {
  /** Settles when another chunk is in (true) or the job is over (false); never rejects. */
  next(): Promise<boolean>;
  /** Compressed bytes handed to the inflater so far. */
  readonly read: number;
  /** Once over: the output, or OVER_LIMIT; throws what went wrong. */
  result(): Uint8Array | typeof OVER_LIMIT;
  /** Stops a job not over yet (the load was cancelled). */
  cancel(): void;
}

/** Starts inflating `gz` elsewhere into a buffer of `sizeHint` bytes (at most `limit`); undefined where it cannot. */
export type InflateElsewhere = (gz: Uint8Array, limit: number, sizeHint: number) => InflatingBytes | undefined;

/**
 * The native inflater's output, OVER_LIMIT, or undefined when it failed
 * (the caller then inflates with pako, which reads it or says why).
 */
export function* nativeInflate(gunzip: NativeGunzip, gz: Uint8Array, limit: number, sizeHint: number): Steps<Uint8Array | typeof OVER_LIMIT | undefined> {
  let job: ReturnType<NativeGunzip>;
  try {
    job = gunzip(gz, limit, sizeHint);
  } catch {
    return undefined;
  }
  if (job === OVER_LIMIT || job instanceof Uint8Array) return job;
  let over = false;
  try {
    for (;;) {
      let more = false;
      const until = job.next().then((m) => {
        more = m;
      });
      yield { phase: 'inflate', done: job.read, total: gz.length, until };
      if (!more) break;
    }
    over = true;
    return job.result();
  } catch {
    return undefined;
  } finally {
    if (!over) job.cancel();
  }
}
