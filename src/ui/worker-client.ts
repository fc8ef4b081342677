// The one bridge between the page and the decoder worker. It owns the Worker,
// gives every load an AbortSignal, maps failures to LoadError codes, transfers
// buffers (never copies them) and notices a dead worker: an error event, or
// pings left unanswered while the worker has work or holds profiles. Then it
// starts a fresh worker and tells the page, which still holds the Files and
// loads them again.

import { proxy, transfer, wrap, type Remote } from 'comlink';
import { fileTooLarge, MAX_FILE_SIZE } from '../core/limits';
import type { ProfileErrorCode } from '../core/errors';
import type { Progress } from '../core/progress';
import type { GoroutineViewResult, Loaded, LoadResult, ProfileApi } from '../../workers/profile.worker';
import type { GoroutineFrame, GoroutineQuery, GoroutineView, SimilarityLevel } from '../core/goroutines';
import type { ReportQuery as TopReportQuery } from '../core/report';
import type { TopQuery, TopViewResult } from '../core/top';
import type { GraphQuery, GraphViewResult } from '../core/graph-view';

export type { Loaded } from '../../workers/profile.worker';

export type LoadErrorCode = ProfileErrorCode | 'internal' | 'read-failed' | 'worker-crashed';

export class LoadError extends Error {
  readonly code: LoadErrorCode;
  constructor(code: LoadErrorCode, message: string) {
    super(message);
    this.name = 'LoadError';
    this.code = code;
  }
}

/** Reading the file on the page, then the worker's phases. */
export type LoadProgress = { phase: 'read'; done: number; total: number } | Progress;

export interface LoadOptions {
  signal?: AbortSignal;
  onProgress?: (p: LoadProgress) => void;
}

export interface WorkerClientOptions {
  /** Called after a dead worker was replaced; `lost` are the ids it held. */
  onCrash?: (lost: string[]) => void;
  /** A ping unanswered this long means the worker is gone. */
  watchdogMs?: number;
  pingEveryMs?: number;
  /** Starts the decoder (platform.ts: the worker file; platform.single.ts: inlined). */
  createWorker: () => Worker;
  /** Files larger than this are refused before reading (default MAX_FILE_SIZE). */
  maxFileSize?: number;
}

export const CRASH_MESSAGE = 'The decoder stopped (out of memory?) — restarted';

export class WorkerClient {
  private worker!: Worker;
  private remote!: Remote<ProfileApi>;
  /** Rejecters of calls in flight to the current worker. */
  private inFlight = new Set<(e: LoadError) => void>();
  private held = new Set<string>();
  private pingSentAt: number | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly watchdogMs: number;
  private readonly pingEveryMs: number;
  private readonly createWorker: () => Worker;
  private disposed = false;
  /** Called after a dead worker was replaced; `lost` are the ids it held. */
  onCrash: ((lost: string[]) => void) | null;
  private readonly maxFileSize: number;

  constructor(options: WorkerClientOptions) {
    this.onCrash = options.onCrash ?? null;
    this.watchdogMs = options.watchdogMs ?? 10_000;
    this.pingEveryMs = options.pingEveryMs ?? 1000;
    this.createWorker = options.createWorker;
    this.maxFileSize = options.maxFileSize ?? MAX_FILE_SIZE;
    this.start();
  }

  /**
   * Reads `blob` (asynchronously, off the main thread), hands its bytes to the
   * worker and resolves with the summary. Rejects with a LoadError.
   */
  async load(id: string, blob: Blob, name: string, options: LoadOptions = {}): Promise<Loaded> {
    const { signal, onProgress } = options;
    const cancelled = () => new LoadError('cancelled', 'Loading was cancelled.');
    if (signal?.aborted) throw cancelled();
    const tooLarge = fileTooLarge(blob.size, this.maxFileSize);
    if (tooLarge) throw new LoadError(tooLarge.code, tooLarge.message);
    onProgress?.({ phase: 'read', done: 0, total: blob.size });
    let buffer: ArrayBuffer;
    try {
      buffer = await blob.arrayBuffer();
    } catch (e) {
      throw new LoadError('read-failed', `The file could not be read: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (signal?.aborted) throw cancelled();

    const remote = this.remote;
    const onAbort = () => void remote.cancel(id).catch(() => {});
    signal?.addEventListener('abort', onAbort);
    const callback = onProgress ? proxy((p: Progress) => onProgress(p)) : undefined;
    try {
      // Comlink's Promisify splits the union into Promise<Loaded> | Promise<LoadFailed>.
      const result = await this.call(() => remote.load(id, transfer(buffer, [buffer]), name, callback) as Promise<LoadResult>);
      if (!result.ok) throw new LoadError(result.code, result.message);
      if (signal?.aborted) {
        // Finished just as it was cancelled or removed: the worker must not keep it.
        void this.remove(id);
        throw cancelled();
      }
      this.held.add(id);
      this.updateWatchdog();
      return result;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Forgets a profile in the worker. */
  async remove(id: string): Promise<void> {
    this.held.delete(id);
    this.updateWatchdog();
    await this.call(() => this.remote.remove(id)).catch(() => {});
  }

  async ping(): Promise<void> {
    await this.call(() => this.remote.ping());
  }

  /** Goroutine clusters of `currentId` (against `baseId`), filtered and cut in the worker. Rejects with a LoadError. */
  async goroutines(currentId: string, baseId: string | null, query: GoroutineQuery): Promise<GoroutineView> {
    const r = await this.call(() => this.remote.goroutines(currentId, baseId, query) as Promise<GoroutineViewResult>);
    if (!r.ok) throw new LoadError('internal', r.message);
    return r.view;
  }

  /** One cluster's whole stack and its text (for the clipboard); null once the cluster is gone. */
  goroutineCluster(currentId: string, baseId: string | null, level: SimilarityLevel, key: string): Promise<{ stack: GoroutineFrame[]; text: string } | null> {
    return this.call(() => this.remote.goroutineCluster(currentId, baseId, level, key));
  }

  /** The heap view's report (src/core/top view.ts), or why there is none: `field` names a refused option. */
  top(currentId: string, baseId: string | null, query: TopQuery): Promise<TopViewResult> {
    return this.call(() => this.remote.top(currentId, baseId, query) as Promise<TopViewResult>);
  }

  /** The go tool pprof -top text of the same report. Rejects with a LoadError. */
  async topText(currentId: string, baseId: string | null, query: TopReportQuery): Promise<string> {
    const r = await this.call(() => this.remote.topText(currentId, baseId, query) as Promise<{ ok: true; text: string } | { ok: false; message: string }>);
    if (!r.ok) throw new LoadError('internal', r.message);
    return r.text;
  }

  /** The graph view (src/core/graph-view): the call graph of the same report, laid out in the worker. */
  graph(currentId: string, baseId: string | null, query: GraphQuery): Promise<GraphViewResult> {
    return this.call(() => this.remote.graph(currentId, baseId, query) as Promise<GraphViewResult>);
  }

  /** The graph as go tool pprof -dot writes it. Rejects with a LoadError. */
  async graphDot(currentId: string, baseId: string | null, query: GraphQuery): Promise<string> {
    const r = await this.call(() => this.remote.graphDot(currentId, baseId, query) as Promise<{ ok: true; text: string } | { ok: false; message: string }>);
    if (!r.ok) throw new LoadError('internal', r.message);
    return r.text;
  }

  /** For browser tests: the worker vanishes as if the browser killed it. */
  crashForTest(): void {
    this.worker.terminate();
  }

  dispose(): void {
    this.disposed = true;
    this.stopWatchdog();
    this.worker.terminate();
    for (const reject of this.inFlight) reject(new LoadError('worker-crashed', 'The decoder was shut down.'));
    this.inFlight.clear();
  }

  private start(): void {
    const worker = this.createWorker();
    this.worker = worker;
    this.remote = wrap<ProfileApi>(worker);
    this.pingSentAt = null;
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      if (this.worker === worker) this.died();
    });
  }

  /** A call to the current worker that fails with 'worker-crashed' if that worker dies first. */
  private call<T>(fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const fail = (e: LoadError) => reject(e);
      this.inFlight.add(fail);
      this.updateWatchdog();
      fn().then(
        (v) => {
          this.inFlight.delete(fail);
          this.updateWatchdog();
          resolve(v);
        },
        (e) => {
          this.inFlight.delete(fail);
          this.updateWatchdog();
          reject(e instanceof LoadError ? e : new LoadError('internal', e instanceof Error ? e.message : String(e)));
        },
      );
    });
  }

  private died(): void {
    if (this.disposed) return;
    const lost = [...this.held];
    const pending = [...this.inFlight];
    this.inFlight.clear();
    this.held.clear();
    this.stopWatchdog();
    this.worker.terminate();
    this.start();
    for (const reject of pending) reject(new LoadError('worker-crashed', 'The decoder stopped while reading this file (out of memory?).'));
    this.onCrash?.(lost);
  }

  private updateWatchdog(): void {
    const needed = !this.disposed && (this.inFlight.size > 0 || this.held.size > 0);
    if (needed && this.timer === null) this.timer = setInterval(() => this.tick(), this.pingEveryMs);
    else if (!needed) this.stopWatchdog();
  }

  private stopWatchdog(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.pingSentAt = null;
  }

  private tick(): void {
    const now = performance.now();
    if (this.pingSentAt !== null) {
      if (now - this.pingSentAt > this.watchdogMs) this.died();
      return;
    }
    this.pingSentAt = now;
    const remote = this.remote;
    remote.ping().then(
      () => {
        if (this.remote === remote) this.pingSentAt = null;
      },
      () => {},
    );
  }
}
