// The decoder's thread: a thin comlink facade over src/core. Buffers arrive
// transferred, profiles are decoded a slice at a time and stay here in a Map
// by id; the page only ever receives summaries (and, later, views).
//
// The client imports `ProfileApi` as a type only (src/ui/worker-client.ts).

import { expose, releaseProxy } from 'comlink';
import { decodeProfile } from '../src/core/decode';
import { isProfileError, ProfileError, type ProfileErrorCode } from '../src/core/errors';
import { totalLabels, type TotalLabel } from '../src/core/format';
import { GoroutineViews, type GoroutineFrame, type GoroutineQuery, type GoroutineView, type SimilarityLevel } from '../src/core/goroutines';
import type { Profile } from '../src/core/model';
import type { ReportQuery as TopReportQuery } from '../src/core/report';
import type { Progress, Steps } from '../src/core/progress';
import { summarize, type ProfileSummary } from '../src/core/summary';
import { ReportQueryError, type ReportField, type ReportQuery } from '../src/core/report';
import { TopViews, type TopQuery, type TopView } from '../src/core/top';
import type { GraphQuery, GraphView, GraphViews } from '../src/core/graph-view';
import { CallTreeViews, FlameFrameViews, FlameViews, type CallTreeQuery, type CallTreeView, type FlameQuery, type FlameView } from '../src/core/flame';
import { memoryReport, memorySnapshot, type MemoryReport, type MemorySnapshot } from '../src/core/memstats';
import { TrendViews, type TrendPage, type TrendQuery, type TrendView } from '../src/core/trend';

/** Work between two returns to the event loop, where `cancel` and `ping` get through. */
const SLICE_MS = 20;
/** Progress callbacks at most this often. */
const PROGRESS_EVERY_MS = 80;

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
  /** A ProfileError's code; 'not-loaded' (a profile of the request is gone), 'refused' (a query pprof would refuse), 'internal'. */
  code: ProfileErrorCode | 'not-loaded' | 'refused' | 'internal';
  /** The option a refused query is about (the page shows the message under it), else null. */
  field: ReportField | null;
  message: string;
}

/** Every call's answer: what was asked for, or why not (src/ui/worker-client.ts turns a Failure into its one error type). */
export type Answer<T> = { ok: true; value: T } | Failure;

interface Held {
  name: string;
  profile: Profile;
}

const profiles = new Map<string, Held>();
const jobs = new Map<string, { cancelled: boolean }>();
const goroutineViews = new GoroutineViews();
const topViews = new TopViews();
/** The flame graph's and the call tree's trees, over the table's engines (their caches serve all). */
const flameViews = new FlameViews(topViews);
const callTreeViews = new CallTreeViews(flameViews, topViews);
const flameFrameViews = new FlameFrameViews(flameViews, topViews);
/** Each profile's MemStats and heap figures, read once (a reloaded profile is a new object). */
const memorySnapshots = new WeakMap<Profile, MemorySnapshot>();
/** The call graph's code and its layout library load with the first graph asked for (not with the decoder). */
let graphViews: Promise<GraphViews> | null = null;
/** The trend shares the table's engines (each snapshot's report computed once) and the goroutine view's clusters. */
const trendViews = new TrendViews({ engines: topViews }, (p, level) => goroutineViews.report(p, null, level).rows.map((r) => r.cluster));
const loadGraphViews = () => (graphViews ??= import('../src/core/graph-view').then((m) => new m.GraphViews(topViews, () => performance.now())));

const api = {
  /**
   * Decodes `buffer` (transferred, not copied) and keeps the profile under `id`.
   * Answers with a summary, or with the reason it could not: a cancel gives
   * code 'cancelled'.
   */
  async load(id: string, buffer: ArrayBuffer, name: string, onProgress?: (p: Progress) => void): Promise<Answer<Loaded>> {
    const job = { cancelled: false };
    jobs.set(id, job);
    profiles.delete(id);
    const started = performance.now();
    try {
      const decoded = await runSliced(decodeProfile(new Uint8Array(buffer)), job, onProgress);
      const summary = summarize(decoded.profile);
      const totals = totalLabels(decoded.profile);
      profiles.set(id, { name, profile: decoded.profile });
      return { ok: true, value: { summary, totals, compressed: decoded.compressed, rawSize: decoded.rawSize, decodeMs: performance.now() - started } };
    } catch (e) {
      return failure(e, 'The decoder failed unexpectedly: ');
    } finally {
      if (jobs.get(id) === job) jobs.delete(id);
      release(onProgress);
    }
  },

  /** Stops a load in progress at its next slice; it answers with code 'cancelled'. */
  cancel(id: string): void {
    const job = jobs.get(id);
    if (job) job.cancelled = true;
  },

  /** Forgets a profile (or stops its load). */
  remove(id: string): void {
    api.cancel(id);
    profiles.delete(id);
  },

  /** The goroutine clusters the page draws: current alone, or base → current (src/core/goroutines/view.ts). */
  goroutines(currentId: string, baseId: string | null, query: GoroutineQuery): Answer<GoroutineView> {
    return withProfiles(currentId, baseId, (current, base) => goroutineViews.view(current, base, query));
  },

  /** One cluster's whole stack and its text for the clipboard; null when it is gone. */
  goroutineCluster(currentId: string, baseId: string | null, level: SimilarityLevel, key: string): Answer<{ stack: GoroutineFrame[]; text: string } | null> {
    return withProfiles(currentId, baseId, (current, base) => goroutineViews.cluster(current, base, level, key));
  },

  /**
   * The heap view: go tool pprof's -top of current alone, or against base
   * (-base by default), with base/current/Δ% per row, sorted, searched and
   * cut to a page (src/core/top view.ts). A query pprof would refuse says
   * which option is at fault.
   */
  top(currentId: string, baseId: string | null, query: TopQuery): Answer<TopView> {
    return withProfiles(currentId, baseId, (current, base) => topViews.view(current, base, query));
  },

  /** The same report as go tool pprof -top prints it, for the clipboard. */
  topText(currentId: string, baseId: string | null, query: ReportQuery): Answer<string> {
    return withProfiles(currentId, baseId, (current, base) => topViews.text(current, base, query));
  },

  /**
   * The graph view: go tool pprof's -dot call graph of the same report as
   * `top` (the same query, -nodecount 80 by default), laid out here: boxes
   * with positions and sizes, edges with their paths, the legend
   * (src/core/graph-view).
   */
  async graph(currentId: string, baseId: string | null, query: GraphQuery): Promise<Answer<GraphView>> {
    const views = await loadGraphViews();
    return withProfiles(currentId, baseId, (current, base) => views.view(current, base, query));
  },

  /** The same graph as go tool pprof -dot writes it, for the download. */
  async graphDot(currentId: string, baseId: string | null, query: GraphQuery): Promise<Answer<string>> {
    const views = await loadGraphViews();
    return withProfiles(currentId, baseId, (current, base) => views.dot(current, base, query));
  },

  /**
   * The call tree view: a window of the visible rows of the same report's
   * call tree (top-down or inverted) under the page's expand state, the
   * path of largest growth open by default (src/core/flame calltree.ts).
   */
  callTree(currentId: string, baseId: string | null, query: CallTreeQuery): Answer<CallTreeView> {
    return withProfiles(currentId, baseId, (current, base) => callTreeViews.view(current, base, query));
  },

  /**
   * The flame graph tab: the frames it draws of the same report as `top`
   * (wider than a pixel of `query.width`, under the zoomed frame), the
   * search's marks and total, the pivot's callers and callees (src/core/flame).
   */
  flame(currentId: string, baseId: string | null, query: FlameQuery): Answer<FlameView> {
    return withProfiles(currentId, baseId, (current, base) => flameFrameViews.view(current, base, query));
  },

  /**
   * The memory view: each profile's MemStats accounting and findings, in the
   * order given, and base → current as a Δ (indexes into `ids`; by default
   * the first and last with MemStats) (src/core/memstats).
   */
  memory(ids: string[], pair: { base: number; current: number } | null): Answer<MemoryReport> {
    const snapshots: MemorySnapshot[] = [];
    for (const id of ids) {
      const name = profiles.get(id)?.name ?? id;
      const one = withProfiles(id, null, (p) => {
        let s = memorySnapshots.get(p);
        if (!s) memorySnapshots.set(p, (s = memorySnapshot(p, name)));
        return s;
      });
      if (!one.ok) return one;
      snapshots.push(one.value);
    }
    try {
      return { ok: true, value: memoryReport(snapshots, pair ?? undefined) };
    } catch (e) {
      return failure(e);
    }
  },

  /** The trend of a series (ids: one kind's profiles; in time order whatever the order given): ranked, one page of rows (src/core/trend). */
  trend(ids: string[], query: TrendQuery & TrendPage): Answer<TrendView> {
    return withProfileList(ids, (ps, names) => trendViews.report(ps, names, query));
  },

  /** The same for goroutine profiles: goroutines per cluster per snapshot. */
  goroutineTrend(ids: string[], query: { level: SimilarityLevel } & TrendPage): Answer<TrendView> {
    return withProfileList(ids, (ps, names) => trendViews.goroutines(ps, names, query));
  },

  /** Answered between slices: the page's watchdog uses it to tell a busy worker from a dead one. */
  ping(): 'pong' {
    return 'pong';
  },
};

export type ProfileApi = typeof api;

expose(api);

// A Content-Security-Policy violation in a worker fires here, not on the page,
// and Chromium does not log it: say it on the worker's console, where a
// developer and the browser tests (test/e2e/browser.ts) see it.
self.addEventListener('securitypolicyviolation', (event) => {
  const e = event as SecurityPolicyViolationEvent;
  console.error(`CSP violation in the decoder worker: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`);
});

/**
 * The profiles of a request (current, and base or null for none) handed to
 * `fn`, and its result or its error as an Answer. A profile removed, or
 * loading again after a restart, answers 'not-loaded'.
 */
function withProfiles<T>(currentId: string, baseId: string | null, fn: (current: Profile, base: Profile | null) => T): Answer<T> {
  const current = profiles.get(currentId)?.profile;
  const base = baseId === null ? null : profiles.get(baseId)?.profile;
  if (!current || base === undefined) return { ok: false, code: 'not-loaded', field: null, message: 'The profile is not loaded (any more).' };
  try {
    return { ok: true, value: fn(current, base) };
  } catch (e) {
    return failure(e);
  }
}

/** withProfiles for a list of profiles (and their names). */
function withProfileList<T>(ids: readonly string[], fn: (profiles: Profile[], names: string[]) => T): Answer<T> {
  const held = ids.map((id) => profiles.get(id));
  if (held.some((h) => !h)) return { ok: false, code: 'not-loaded', field: null, message: 'A profile of the series is not loaded (any more).' };
  return withProfiles(ids[0], null, () => fn(held.map((h) => h!.profile), held.map((h) => h!.name)));
}

/** An error as data; `unexpected` starts the message of one that is no ProfileError or refused query. */
function failure(e: unknown, unexpected = ''): Failure {
  if (e instanceof ReportQueryError) return { ok: false, code: 'refused', field: e.field, message: e.message };
  if (isProfileError(e)) return { ok: false, code: e.code, field: null, message: e.message };
  return { ok: false, code: 'internal', field: null, message: `${unexpected}${e instanceof Error ? e.message : String(e)}` };
}

/** Runs steps for about SLICE_MS at a time, returning to the event loop in between. */
async function runSliced<T>(steps: Steps<T>, job: { cancelled: boolean }, onProgress?: (p: Progress) => void): Promise<T> {
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
      if (performance.now() - sliceStart >= SLICE_MS) break;
    }
    const now = performance.now();
    if (onProgress && progress && now - lastReport >= PROGRESS_EVERY_MS) {
      lastReport = now;
      // Fire and forget: a slow page must not slow the decoder.
      Promise.resolve(onProgress(progress)).catch(() => {});
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

/** Closes the port behind a comlink proxy callback (a no-op for a plain function). */
function release(callback: unknown): void {
  const r = (callback as { [releaseProxy]?: () => void } | undefined)?.[releaseProxy];
  if (typeof r === 'function') r.call(callback);
}
