// A long decode run a slice at a time in a worker, so that a cancel and the
// watchdog's ping get through between slices.

import { ProfileError } from '../src/core/errors';
import type { Progress, Steps } from '../src/core/progress';

/** Work between two returns to the event loop, where `cancel` and `ping` get through. */
const SLICE_MS = 20;
/** Progress callbacks at most this often. */
const PROGRESS_EVERY_MS = 80;

/** A decode's state as its slices see it. */
export interface SlicedJob {
  cancelled: boolean;
  /** For browser tests: awaited after the first progress shown; `resume` settles it (decoder.ts holdForTest). */
  held?: Promise<void>;
  resume?: () => void;
}

/** Runs steps for about SLICE_MS at a time, returning to the event loop in between. */
export async function runSliced<T>(steps: Steps<T>, job: SlicedJob, onProgress?: (p: Progress) => void): Promise<T> {
  let lastReport = 0;
  for (;;) {
    if (job.cancelled) {
      steps.return(undefined as never);
      throw new ProfileError('cancelled', 'Loading was cancelled.');
    }
    const sliceStart = performance.now();
    let progress: Progress | undefined;
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      progress = r.value;
      if (progress.until) await progress.until;
      if (performance.now() - sliceStart >= SLICE_MS) break;
    }
    const now = performance.now();
    if (onProgress && progress && now - lastReport >= PROGRESS_EVERY_MS) {
      lastReport = now;
      // Fire and forget: a slow page must not slow the decoder.
      Promise.resolve(onProgress({ phase: progress.phase, done: progress.done, total: progress.total })).catch(() => {});
      if (job.held) await job.held;
    }
    await nextTask();
  }
}

/** A macrotask turn (not a microtask): lets queued messages (cancel, ping) run first. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
