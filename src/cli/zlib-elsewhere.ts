// Node's zlib inflating on a thread of its own while the decode reads what
// it has written (core/decode InflatingBytes, decision 0050): the output is
// a SharedArrayBuffer, the count of bytes written an Int32 beside it, and
// the decode blocks (Atomics.wait) on a count of the thread's events when it
// has read all there is.

import { Worker } from 'node:worker_threads';
import type { InflateElsewhere, InflatingBytes } from '../core/decode';

const WRITTEN = 0;
const STATE = 1;
const EVENTS = 2;
const RUNNING = 0;
const DONE = 1;

/** An InflateElsewhere whose thread can also set `done[0]` to 1 (and wake it) once the file is inflated (decode-files.ts). */
export type ZlibElsewhere = (gz: Uint8Array, limit: number, sizeHint: number, done?: Int32Array) => InflatingBytes | undefined;

/** A wait that long with nothing from the thread: it is taken for dead (it never started, or stalled). */
const STALLED_MS = 10_000;

/**
 * The inflater of `script` (inflate-thread.mjs, wherever the caller finds
 * it). Its thread starts now, so that it is up by the time the caller has
 * read its file, and stays for the next file. The gzip bytes are copied for
 * the thread unless they are in a SharedArrayBuffer already (decode-files.ts
 * reads files into one).
 */
export function zlibElsewhere(script: URL, stalledMs = STALLED_MS): ZlibElsewhere {
  let thread: Worker | undefined;
  const start = (): Worker | undefined => {
    try {
      thread = new Worker(script);
    } catch {
      return undefined;
    }
    // A thread that fails to start says so here; the decode meets a stall.
    thread.on('error', () => {});
    thread.unref();
    return thread;
  };
  start();
  return (gz, limit, sizeHint, done) => {
    if (sizeHint > limit) return undefined;
    const worker = thread ?? start();
    if (!worker) return undefined;
    const output = new SharedArrayBuffer(sizeHint);
    const control = new Int32Array(new SharedArrayBuffer(12));
    let shared = gz;
    if (!(gz.buffer instanceof SharedArrayBuffer)) {
      shared = new Uint8Array(new SharedArrayBuffer(gz.length));
      shared.set(gz);
    }
    worker.postMessage({ gz: shared, output, control: control.buffer, done });
    const bytes = new Uint8Array(output);
    let stalled = false;
    const inflating: InflatingBytes = {
      bytes,
      inflated: () => Atomics.load(control, WRITTEN),
      wait(have) {
        // Read first: an event after it changes it, and the wait returns at once.
        const events = Atomics.load(control, EVENTS);
        if (stalled || Atomics.load(control, STATE) !== RUNNING || Atomics.load(control, WRITTEN) > have) return;
        if (Atomics.wait(control, EVENTS, events, stalledMs) === 'timed-out') {
          stalled = true;
          if (thread === worker) thread = undefined; // the next file gets a new thread
          void worker.terminate();
        }
      },
      outcome() {
        if (stalled) return 'failed';
        const state = Atomics.load(control, STATE);
        if (state === RUNNING) return null;
        return state === DONE ? bytes.subarray(0, Atomics.load(control, WRITTEN)) : 'failed';
      },
    };
    return inflating;
  };
}

/** inflate-thread.mjs where the sources have it (a bundle of this module is told where, as decode-files.ts tells its threads). */
export function inflateThreadInSources(): URL {
  return new URL('./inflate-thread.mjs', import.meta.url);
}
