// The decoder's thread: a thin comlink facade over src/core. Buffers arrive
// transferred, profiles are decoded a slice at a time and stay here in a Map
// by id; the page only ever receives summaries (and, later, views).
//
// The client imports `ProfileApi` as a type only (src/ui/worker-client.ts).

import { expose, releaseProxy } from 'comlink';
import { decodeProfile } from '../src/core/decode';
import { isProfileError, ProfileError, type ProfileErrorCode } from '../src/core/errors';
import { activeFilters, loadGoRegexps, type FilterOptions } from '../src/core/filter';
import { totalLabels, type TotalLabel } from '../src/core/format/totals';
import type { GoroutineFrame, SimilarityLevel } from '../src/core/goroutines/cluster';
import { GoroutineViews, type GoroutineQuery, type GoroutineView } from '../src/core/goroutines/view';
import type { Profile } from '../src/core/model/profile';
import type { Progress, Steps } from '../src/core/progress';
import { summarize, type ProfileSummary } from '../src/core/summary';
import { topViewResult, TopViews, type TopQuery, type TopReportQuery, type TopViewResult } from '../src/core/top/view';
import type { GraphQuery, GraphViewResult, GraphViews } from '../src/core/graph/view';

/** Work between two returns to the event loop, where `cancel` and `ping` get through. */
const SLICE_MS = 20;
/** Progress callbacks at most this often. */
const PROGRESS_EVERY_MS = 80;

export interface Loaded {
  ok: true;
  summary: ProfileSummary;
  totals: TotalLabel[];
  compressed: boolean;
  /** Bytes after decompression. */
  rawSize: number;
  /** Time spent decoding in the worker, from first byte to summary. */
  decodeMs: number;
}

/** ProfileError does not survive structured cloning as itself: its code travels as data. */
export interface LoadFailed {
  ok: false;
  code: ProfileErrorCode | 'internal';
  message: string;
}

export type LoadResult = Loaded | LoadFailed;

interface Held {
  name: string;
  profile: Profile;
}

const profiles = new Map<string, Held>();
const jobs = new Map<string, { cancelled: boolean }>();
const goroutineViews = new GoroutineViews();
const topViews = new TopViews();
/** The call graph's code and its layout library load with the first graph asked for (not with the decoder). */
let graphViews: Promise<{ views: GraphViews; result: typeof import('../src/core/graph/view').graphViewResult }> | null = null;
const loadGraphViews = () =>
  (graphViews ??= import('../src/core/graph/view').then((m) => ({ views: new m.GraphViews(topViews, () => performance.now()), result: m.graphViewResult })));

/** RE2 (re2js) loads with the first request that has a filter pattern, not with the decoder. */
const regexpsFor = async (query: FilterOptions): Promise<void> => {
  if (activeFilters(query).length > 0) await loadGoRegexps();
};

/** A goroutine view, or why there is none (a profile was removed or is loading again). */
export type GoroutineViewResult = { ok: true; view: GoroutineView } | { ok: false; message: string };

const api = {
  /**
   * Decodes `buffer` (transferred, not copied) and keeps the profile under `id`.
   * Resolves with a summary, or with the reason it could not: a cancel gives
   * code 'cancelled'.
   */
  async load(id: string, buffer: ArrayBuffer, name: string, onProgress?: (p: Progress) => void): Promise<LoadResult> {
    const job = { cancelled: false };
    jobs.set(id, job);
    profiles.delete(id);
    const started = performance.now();
    try {
      const decoded = await runSliced(decodeProfile(new Uint8Array(buffer)), job, onProgress);
      const summary = summarize(decoded.profile);
      const totals = totalLabels(decoded.profile);
      profiles.set(id, { name, profile: decoded.profile });
      return { ok: true, summary, totals, compressed: decoded.compressed, rawSize: decoded.rawSize, decodeMs: performance.now() - started };
    } catch (e) {
      if (isProfileError(e)) return { ok: false, code: e.code, message: e.message };
      return { ok: false, code: 'internal', message: `The decoder failed unexpectedly: ${e instanceof Error ? e.message : String(e)}` };
    } finally {
      if (jobs.get(id) === job) jobs.delete(id);
      release(onProgress);
    }
  },

  /** Stops a load in progress at its next slice; it resolves with code 'cancelled'. */
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
  goroutines(currentId: string, baseId: string | null, query: GoroutineQuery): GoroutineViewResult {
    const current = profiles.get(currentId)?.profile;
    const base = baseId === null ? null : profiles.get(baseId)?.profile;
    if (!current || base === undefined) return { ok: false, message: 'The profile is not loaded (any more).' };
    return { ok: true, view: goroutineViews.view(current, base, query) };
  },

  /** One cluster's whole stack and its text for the clipboard; null when it is gone. */
  goroutineCluster(currentId: string, baseId: string | null, level: SimilarityLevel, key: string): { stack: GoroutineFrame[]; text: string } | null {
    const current = profiles.get(currentId)?.profile;
    const base = baseId === null ? null : profiles.get(baseId)?.profile;
    if (!current || base === undefined) return null;
    return goroutineViews.cluster(current, base, level, key);
  },

  /**
   * The heap view: go tool pprof's -top of current alone, or against base
   * (-base by default), with base/current/Δ% per row, sorted, searched and
   * cut to a page (src/core/top/view.ts). A query pprof would refuse says
   * which option is at fault.
   */
  async top(currentId: string, baseId: string | null, query: TopQuery): Promise<TopViewResult> {
    await regexpsFor(query);
    const current = profiles.get(currentId)?.profile;
    const base = baseId === null ? null : profiles.get(baseId)?.profile;
    if (!current || base === undefined) return { ok: false, field: null, message: 'The profile is not loaded (any more).' };
    return topViewResult(topViews, current, base, query);
  },

  /** The same report as go tool pprof -top prints it, for the clipboard. */
  async topText(currentId: string, baseId: string | null, query: TopReportQuery): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
    await regexpsFor(query);
    const current = profiles.get(currentId)?.profile;
    const base = baseId === null ? null : profiles.get(baseId)?.profile;
    if (!current || base === undefined) return { ok: false, message: 'The profile is not loaded (any more).' };
    try {
      return { ok: true, text: topViews.text(current, base, query) };
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  },

  /**
   * The graph view: go tool pprof's -dot call graph of the same report as
   * `top` (the same query, -nodecount 80 by default), laid out here: boxes
   * with positions and sizes, edges with their paths, the legend
   * (src/core/graph/view.ts).
   */
  async graph(currentId: string, baseId: string | null, query: GraphQuery): Promise<GraphViewResult> {
    const g = await loadGraphViews();
    await regexpsFor(query);
    const current = profiles.get(currentId)?.profile;
    const base = baseId === null ? null : profiles.get(baseId)?.profile;
    if (!current || base === undefined) return { ok: false, field: null, message: 'The profile is not loaded (any more).' };
    return g.result(g.views, current, base, query);
  },

  /** The same graph as go tool pprof -dot writes it, for the download. */
  async graphDot(currentId: string, baseId: string | null, query: GraphQuery): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
    const g = await loadGraphViews();
    await regexpsFor(query);
    const current = profiles.get(currentId)?.profile;
    const base = baseId === null ? null : profiles.get(baseId)?.profile;
    if (!current || base === undefined) return { ok: false, message: 'The profile is not loaded (any more).' };
    try {
      return { ok: true, text: g.views.dot(current, base, query) };
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
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
