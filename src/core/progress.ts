// Long steps are generators that yield progress: the worker runs them a slice
// at a time (so it can answer a cancel or a ping in between), Node runs them
// straight through.

export interface Progress {
  phase: 'inflate' | 'decode';
  /** Bytes of input handled so far, out of `total`. */
  done: number;
  total: number;
  /**
   * A step that waits on the platform (a native inflater's next output):
   * an asynchronous runner awaits it before the next step. Never sent on
   * with the progress, and never yielded where the steps are run synchronously.
   */
  until?: PromiseLike<unknown>;
}

export type Steps<T> = Generator<Progress, T>;

/** Runs steps to completion without pausing (Node, tests). */
export function runSync<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (r.value.until) throw new Error('steps that wait cannot be run synchronously (an asynchronous inflater given to runSync?)');
  }
}
