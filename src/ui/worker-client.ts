// The one bridge between the page and the decoder worker. It owns the Worker,
// gives every load an AbortSignal, turns every failure into one error type
// (WorkerError: the worker's Failure, a crash, a file unread), hands files
// over unread (a decoder reads them) and notices a dead worker: an error event, or
// pings left unanswered while the worker has work or holds profiles. Then it
// starts a fresh worker and tells the page, which still holds the Files and
// loads them again.

import { proxy, wrap, type Remote } from 'comlink';
import { fileTooLarge, MAX_FILE_SIZE } from '../core/limits';
import type { Progress } from '../core/progress';
import type { Answer, Failure, Loaded, ProfileApi } from '../../workers/profile.worker';
import type { GoroutineFrame, GoroutineQuery, GoroutineView, SimilarityLevel } from '../core/goroutines';
import type { ReportField as TopField, ReportQuery as TopReportQuery } from '../core/report';
import type { TopQuery, TopView } from '../core/top';
import type { GraphQuery, GraphView } from '../core/graph-view';
import type { FlameQuery, FlameView } from '../core/flame';
import type { MemoryReport } from '../core/memstats';
import type { CallTreeQuery, CallTreeView } from '../core/flame';
import type { TrendPage, TrendQuery, TrendView } from '../core/trend';

export type { Loaded } from '../../workers/profile.worker';

export type WorkerErrorCode = Failure['code'] | 'worker-crashed';

/** Why a call to the worker failed: every method rejects with this, and only this. */
export class WorkerError extends Error {
  readonly code: WorkerErrorCode;
  /** The option a refused query is about, else null. */
  readonly field: TopField | null;
  constructor(code: WorkerErrorCode, message: string, field: TopField | null = null) {
    super(message);
    this.name = 'WorkerError';
    this.code = code;
    this.field = field;
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
  /** Module (default) or classic, as createWorker starts it: its file decoders start the same way. */
  workerType?: WorkerType;
  /** Files larger than this are refused before reading (default MAX_FILE_SIZE). */
  maxFileSize?: number;
}

/** The watchdog's patience per MB of profile held (silenceAllowed); doubled after each silence it ends. */
const GRACE_MS_PER_MB = 1000;

export const CRASH_MESSAGE = 'The decoder stopped (out of memory?) — restarted';

export class WorkerClient {
  private worker!: Worker;
  private remote!: Remote<ProfileApi>;
  /** Rejecters of calls in flight to the current worker. */
  private inFlight = new Set<(e: WorkerError) => void>();
  /** The profiles the worker holds, and the bytes each decoded from (the watchdog's grace). */
  private held = new Map<string, number>();
  private pingSentAt: number | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly watchdogMs: number;
  private graceMsPerMb = GRACE_MS_PER_MB;
  private readonly pingEveryMs: number;
  private readonly createWorker: () => Worker;
  private readonly workerType: WorkerType;
  private disposed = false;
  /** Called after a dead worker was replaced; `lost` are the ids it held. */
  onCrash: ((lost: string[]) => void) | null;
  private readonly maxFileSize: number;

  constructor(options: WorkerClientOptions) {
    this.onCrash = options.onCrash ?? null;
    this.watchdogMs = options.watchdogMs ?? 10_000;
    this.pingEveryMs = options.pingEveryMs ?? 1000;
    this.createWorker = options.createWorker;
    this.workerType = options.workerType ?? 'module';
    this.maxFileSize = options.maxFileSize ?? MAX_FILE_SIZE;
    this.start();
  }

  /**
   * Hands `blob` to the worker, whose decoder reads it, and resolves with the
   * summary. The page does not read it itself: a read's bytes are copied on
   * the thread that asked for them (42 MB: 42–60 ms of the main thread's CPU
   * in one task, traced).
   */
  async load(id: string, blob: Blob, name: string, options: LoadOptions = {}): Promise<Loaded> {
    const { signal, onProgress } = options;
    const cancelled = () => new WorkerError('cancelled', 'Loading was cancelled.');
    if (signal?.aborted) throw cancelled();
    const tooLarge = fileTooLarge(blob.size, this.maxFileSize);
    if (tooLarge) throw new WorkerError(tooLarge.code, tooLarge.message);
    onProgress?.({ phase: 'read', done: 0, total: blob.size });

    const remote = this.remote;
    const onAbort = () => void remote.cancel(id).catch(() => {});
    signal?.addEventListener('abort', onAbort);
    const callback = onProgress ? proxy((p: Progress) => onProgress(p)) : undefined;
    try {
      const loaded = await this.ask(() => remote.load(id, blob, name, callback));
      if (signal?.aborted) {
        // Finished just as it was cancelled or removed: the worker must not keep it.
        void this.remove(id);
        throw cancelled();
      }
      this.held.set(id, loaded.rawSize);
      this.updateWatchdog();
      return loaded;
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

  /** Goroutine clusters of `currentId` (against `baseId`), filtered and cut in the worker. */
  goroutines(currentId: string, baseId: string | null, query: GoroutineQuery): Promise<GoroutineView> {
    return this.ask(() => this.remote.goroutines(currentId, baseId, query));
  }

  /** One cluster's whole stack and its text (for the clipboard); null once the cluster is gone. */
  goroutineCluster(currentId: string, baseId: string | null, level: SimilarityLevel, key: string): Promise<{ stack: GoroutineFrame[]; text: string } | null> {
    return this.ask(() => this.remote.goroutineCluster(currentId, baseId, level, key));
  }

  /** The heap view's report (src/core/top/view.ts); a query pprof refuses rejects with code 'refused' and the option at fault. */
  top(currentId: string, baseId: string | null, query: TopQuery): Promise<TopView> {
    return this.ask(() => this.remote.top(currentId, baseId, query));
  }

  /** The go tool pprof -top text of the same report. */
  topText(currentId: string, baseId: string | null, query: TopReportQuery): Promise<string> {
    return this.ask(() => this.remote.topText(currentId, baseId, query));
  }

  /** The graph view (src/core/graph/view.ts): the call graph of the same report, laid out in the worker. */
  graph(currentId: string, baseId: string | null, query: GraphQuery): Promise<GraphView> {
    return this.ask(() => this.remote.graph(currentId, baseId, query));
  }

  /** The flame graph tab (src/core/flame frames-view.ts): the frames drawn of the same report, zoomed, searched, pivoted. */
  flame(currentId: string, baseId: string | null, query: FlameQuery): Promise<FlameView> {
    return this.ask(() => this.remote.flame(currentId, baseId, query));
  }

  /** The graph as go tool pprof -dot writes it. */
  graphDot(currentId: string, baseId: string | null, query: GraphQuery): Promise<string> {
    return this.ask(() => this.remote.graphDot(currentId, baseId, query));
  }

  /** The call tree view (src/core/flame calltree.ts): a window of the visible rows under an expand state. */
  callTree(currentId: string, baseId: string | null, query: CallTreeQuery): Promise<CallTreeView> {
    return this.ask(() => this.remote.callTree(currentId, baseId, query));
  }

  /** The trend view (src/core/trend): a series of one kind ranked by how each row moved, a page of rows. */
  trend(ids: string[], query: TrendQuery & TrendPage): Promise<TrendView> {
    return this.ask(() => this.remote.trend(ids, query));
  }

  /** The goroutine clusters' trend over goroutine profiles. */
  goroutineTrend(ids: string[], query: { level: SimilarityLevel } & TrendPage): Promise<TrendView> {
    return this.ask(() => this.remote.goroutineTrend(ids, query));
  }

  /** The memory view (src/core/memstats): each profile's MemStats accounting and findings, and base → current (indexes into `ids`). */
  memory(ids: string[], pair: { base: number; current: number } | null): Promise<MemoryReport> {
    return this.ask(() => this.remote.memory(ids, pair));
  }

  /** Has the worker start its decoders before the first files (the page asks once idle); a failure only loses the head start. */
  prepareDecoders(): void {
    void this.call(() => this.remote.prepareDecoders()).catch(() => {});
  }

  /** For browser tests: the worker vanishes as if the browser killed it. */
  crashForTest(): void {
    this.worker.terminate();
  }

  /** For browser tests: the decoder given the file `name` next vanishes without a word before it starts. */
  stopDecoderForTest(name: string): Promise<void> {
    return this.call(() => this.remote.stopDecoderForTest(name));
  }

  /** For browser tests: the decoder given the file `name` next waits once it has shown progress, until the file is cancelled. */
  holdDecoderForTest(name: string): Promise<void> {
    return this.call(() => this.remote.holdDecoderForTest(name));
  }

  /** For browser tests: decoders started so far, and the most decoding at once. */
  decoderStatsForTest(): Promise<{ started: number; mostAtOnce: number }> {
    return this.call(() => this.remote.decoderStatsForTest());
  }

  dispose(): void {
    this.disposed = true;
    this.stopWatchdog();
    this.worker.terminate();
    for (const reject of this.inFlight) reject(new WorkerError('worker-crashed', 'The decoder was shut down.'));
    this.inFlight.clear();
  }

  private start(): void {
    const worker = this.createWorker();
    this.worker = worker;
    this.remote = wrap<ProfileApi>(worker);
    this.pingSentAt = null;
    // Its decoders watch over their files as this client watches over it.
    void this.remote.configure({ watchdogMs: this.watchdogMs, type: this.workerType }).catch(() => {});
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      if (this.worker === worker) this.died();
    });
  }

  /** A call answered with an Answer: its value, or its Failure as a WorkerError. */
  private async ask<T>(fn: () => Promise<Answer<T>>): Promise<T> {
    const answer = await this.call(fn);
    if (!answer.ok) throw new WorkerError(answer.code, answer.message, answer.field);
    return answer.value;
  }

  /** A call to the current worker that fails with 'worker-crashed' if that worker dies first. */
  private call<T>(fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const fail = (e: WorkerError) => reject(e);
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
          reject(e instanceof WorkerError ? e : new WorkerError('internal', e instanceof Error ? e.message : String(e)));
        },
      );
    });
  }

  private died(): void {
    if (this.disposed) return;
    const lost = [...this.held.keys()];
    const pending = [...this.inFlight];
    this.inFlight.clear();
    this.held.clear();
    this.stopWatchdog();
    this.worker.terminate();
    this.start();
    for (const reject of pending) reject(new WorkerError('worker-crashed', 'The decoder stopped while reading this file (out of memory?).'));
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

  /**
   * How long the worker may be silent: a view is computed in one piece, and
   * its time grows with the profiles held (the first table of the 87 MB wide
   * pair takes ~10 s on an idle 2-core machine), so each decoded MB adds
   * graceMsPerMb to watchdogMs. A hung regexp over a small profile is still
   * caught in about watchdogMs. The first table of a 300 MB profile took
   * over 400 s on a loaded 2-core machine: a worker stopped for silence was
   * busy more often than hung, and its successor redoes the same work, so
   * each such stop doubles the grace (docs/decisions/0026-memory.md).
   */
  private silenceAllowed(): number {
    let bytes = 0;
    for (const b of this.held.values()) bytes += b;
    return this.watchdogMs + (bytes / 1e6) * this.graceMsPerMb;
  }

  private tick(): void {
    const now = performance.now();
    if (this.pingSentAt !== null) {
      if (now - this.pingSentAt > this.silenceAllowed()) {
        this.graceMsPerMb *= 2;
        this.died();
      }
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
