// The decoders of the worker that answers views: up to `size` workers, each
// decoding one file at a time, so that files dropped together decode on as
// many cores. A decoder starts when a file waits and none is free (so never
// more than the files being decoded), and ends when no file waits, taking its
// garbage with it; before the first files, the idle page may have spares
// started (prepare), so that those files are read at once. Each has its own
// watchdog: one that dies or stops answering fails only its file, and the
// other files go on.

import { proxy, wrap, type Remote } from 'comlink';
import type { Progress } from '../src/core/progress';
import { CANCELLED, failure, type Answer } from './answer';
import { decoderApi, type DecodedFile, type DecoderApi, type DecoderTestHook } from './decoder';

export interface PoolOptions {
  /** Starts one decoder (decoder.ts). */
  start: () => Worker;
  /** Most decoders at once. */
  size: number;
  /** A ping unanswered this long means the decoder is dead or stuck. */
  watchdogMs: number;
  pingEveryMs?: number;
}

/** A file handed to the pool. */
export interface PoolJob {
  result: Promise<Answer<DecodedFile>>;
  /** Stops it: taken out of the queue, or stopped at its decoder's next slice. */
  cancel(): void;
}

interface Job {
  /** Read by its decoder. */
  file: Blob;
  /** The file's size: the watchdog's grace. */
  bytes: number;
  onProgress?: (p: Progress) => void;
  /** For browser tests: its decoder is stopped before it starts (stopForTest), or held once it has shown progress (holdForTest). */
  forTest: DecoderTestHook | null;
  cancelled: boolean;
  decoder: Decoder | null;
  resolve: (a: Answer<DecodedFile>) => void;
}

interface Decoder {
  /** null: the decoder runs in this worker. */
  worker: Worker | null;
  remote: Remote<DecoderApi>;
  job: Job | null;
  pingSentAt: number | null;
  timer: ReturnType<typeof setInterval> | null;
  /** Started by prepare: kept idle until a decode ends (the first files' decoders, ready before them). */
  spare: boolean;
}

/** The decoder run in this worker, called as a remote one is. */
const IN_HERE = {
  decode: (file: Blob, onProgress?: (p: Progress) => void) => decoderApi.decode(file, onProgress),
  cancel: async () => decoderApi.cancel(),
  ping: async () => decoderApi.ping(),
  stopForTest: async () => {},
  holdForTest: async () => decoderApi.holdForTest(),
} as unknown as Remote<DecoderApi>;

const CRASHED = 'The decoder of this file stopped (out of memory?); the other files are not affected.';
/**
 * The watchdog's patience per MB of file, beyond watchdogMs: a decode
 * answers between slices, but some of its steps are one piece each and
 * grow with the file: on a loaded 2-core machine a 424 MB file (600 MB of
 * profile.proto) went over 10 s between two answers and was stopped
 * (docs/decisions/0026-memory.md).
 */
const GRACE_MS_PER_MB = 250;
const hung = (ms: number) => `The decoder of this file stopped answering for over ${Math.round(ms / 1000)} s and was stopped; the other files are not affected.`;

export class DecoderPool {
  private readonly decoders = new Set<Decoder>();
  private readonly queue: Job[] = [];
  /** For tests and the bench: decoders started, and the most that were decoding at once. */
  readonly stats = { started: 0, mostAtOnce: 0 };
  /** No worker could be started here: files are decoded in this worker, one at a time. */
  private inHere = false;

  constructor(private readonly options: PoolOptions) {}

  /**
   * Starts decoders up to the pool's size before any file comes, each ready
   * for one (its isolate made, its script read and run), which was otherwise
   * on the first files' path (decision 0041). Spares idle until the first
   * decode ends (or pump leaves a core to the page); then those still idle
   * end, as any idle decoder does. Nothing once a decoder was started, or
   * where decoders run in this worker.
   */
  prepare(): void {
    if (this.inHere || this.stats.started > 0) return;
    while (this.decoders.size < this.options.size) {
      const d = this.spawn();
      if (!d.worker) {
        this.decoders.delete(d); // no nested workers: nothing to start ahead
        return;
      }
      d.spare = true;
    }
  }

  set watchdogMs(ms: number) {
    this.options.watchdogMs = ms;
  }

  /** Decodes `file` (read by its decoder) on the first free decoder. */
  decode(file: Blob, onProgress?: (p: Progress) => void, forTest: DecoderTestHook | null = null): PoolJob {
    let resolve!: Job['resolve'];
    const result = new Promise<Answer<DecodedFile>>((r) => (resolve = r));
    const job: Job = { file, bytes: file.size, onProgress, forTest, cancelled: false, decoder: null, resolve };
    this.queue.push(job);
    this.pump();
    return { result, cancel: () => this.cancel(job) };
  }

  private cancel(job: Job): void {
    if (job.cancelled) return;
    job.cancelled = true;
    const waiting = this.queue.indexOf(job);
    if (waiting >= 0) {
      this.queue.splice(waiting, 1);
      job.resolve(CANCELLED);
    } else {
      job.decoder?.remote.cancel().catch(() => {});
    }
  }

  /** Files waiting go to free decoders, started as needed; with none waiting, the idle decoders end. */
  private pump(): void {
    const most = this.most();
    for (const d of this.decoders) if (d.job === null && this.decoders.size > most) this.end(d);
    while (this.queue.length > 0) {
      let free: Decoder | undefined;
      for (const d of this.decoders) if (d.job === null) free = d;
      if (!free) {
        if (this.decoders.size >= most) return;
        free = this.spawn();
      }
      this.run(free, this.queue.shift()!);
    }
    for (const d of this.decoders) if (d.job === null && !d.spare) this.end(d);
  }

  /**
   * Most decoders now: one a core, but while more files wait than there are
   * cores, one core is left to the page's main thread (it draws each file's
   * result; docs/decisions/0024). Two files still decode on two cores.
   */
  private most(): number {
    if (this.inHere) return 1;
    const { size } = this.options;
    let files = this.queue.length;
    for (const d of this.decoders) if (d.job) files++;
    return files > size ? Math.max(1, size - 1) : size;
  }

  private spawn(): Decoder {
    let worker: Worker;
    try {
      if (this.inHere) throw new Error('no nested workers');
      worker = this.options.start();
    } catch {
      this.inHere = true;
      const d: Decoder = { worker: null, remote: IN_HERE, job: null, pingSentAt: null, timer: null, spare: false };
      this.decoders.add(d);
      return d;
    }
    const d: Decoder = { worker, remote: wrap<DecoderApi>(worker), job: null, pingSentAt: null, timer: null, spare: false };
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      this.died(d, CRASHED);
    });
    this.decoders.add(d);
    this.stats.started++;
    return d;
  }

  private run(d: Decoder, job: Job): void {
    d.spare = false;
    d.job = job;
    job.decoder = d;
    let busy = 0;
    for (const x of this.decoders) if (x.job) busy++;
    this.stats.mostAtOnce = Math.max(this.stats.mostAtOnce, busy);
    if (job.forTest === 'stop') d.remote.stopForTest().catch(() => {});
    if (job.forTest === 'hold') d.remote.holdForTest().catch(() => {});
    const report = job.onProgress;
    const callback = report ? proxy((p: Progress) => void Promise.resolve(report(p)).catch(() => {})) : undefined;
    this.watch(d);
    d.remote.decode(job.file, callback).then(
      (answer) => this.done(d, job, answer),
      (e) => this.done(d, job, failure(e, 'The decoder failed unexpectedly: ')),
    );
  }

  private done(d: Decoder, job: Job, answer: Answer<DecodedFile>): void {
    if (d.job !== job) return; // its decoder was declared dead first
    d.job = null;
    job.decoder = null;
    this.stopWatch(d);
    for (const x of this.decoders) x.spare = false;
    job.resolve(job.cancelled ? CANCELLED : answer);
    this.pump();
  }

  private died(d: Decoder, message: string): void {
    if (!this.decoders.has(d)) return;
    const job = d.job;
    d.job = null;
    this.end(d);
    if (job) {
      job.decoder = null;
      job.resolve(job.cancelled ? CANCELLED : { ok: false, code: 'decoder-crashed', field: null, message });
    }
    this.pump();
  }

  private end(d: Decoder): void {
    this.stopWatch(d);
    d.worker?.terminate();
    this.decoders.delete(d);
  }

  private watch(d: Decoder): void {
    d.pingSentAt = null;
    if (!d.worker) return; // in this worker: the page's watchdog watches it
    d.timer = setInterval(() => {
      const now = performance.now();
      if (d.pingSentAt !== null) {
        const allowed = this.options.watchdogMs + ((d.job?.bytes ?? 0) / 1e6) * GRACE_MS_PER_MB;
        if (now - d.pingSentAt > allowed) this.died(d, hung(allowed));
        return;
      }
      d.pingSentAt = now;
      d.remote.ping().then(
        () => (d.pingSentAt = null),
        () => {},
      );
    }, this.options.pingEveryMs ?? 1000);
  }

  private stopWatch(d: Decoder): void {
    if (d.timer !== null) clearInterval(d.timer);
    d.timer = null;
    d.pingSentAt = null;
  }
}
