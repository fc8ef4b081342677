// The worker that answers views: a thin comlink facade over src/core. Buffers
// arrive transferred and go on to a pool of decoders (decoder-pool.ts), one
// file each, whose profiles come back with their columns transferred; the
// profiles stay here in a Map by id and the page only ever receives
// summaries and views.
//
// The client imports `ProfileApi` as a type only (src/ui/worker-client.ts).

import { expose } from 'comlink';
import { GoroutineViews, type GoroutineFrame, type GoroutineQuery, type GoroutineView, type SimilarityLevel } from '../src/core/goroutines';
import { receiveStacks, type Profile } from '../src/core/model';
import type { Progress } from '../src/core/progress';
import { blamesByDefault, type ProfileKind } from '../src/core/summary';
import type { ReportQuery } from '../src/core/report';
import { TopViews, type TopQuery, type TopView } from '../src/core/top';
import type { GraphQuery, GraphView, GraphViews } from '../src/core/graph-view';
import { CallTreeViews, FlameFrameViews, FlameViews, type CallTreeQuery, type CallTreeView, type FlameQuery, type FlameView } from '../src/core/flame';
import { memoryReport, memorySnapshot, type MemoryReport, type MemorySnapshot } from '../src/core/memstats';
import type { TrendPage, TrendQuery, TrendView, TrendViews } from '../src/core/trend';
import { failure, release, type Answer, type Loaded } from './answer';
import { DECODER_NAME, decoderApi, type DecoderTestHook } from './decoder';
import { DecoderPool, type PoolJob } from './decoder-pool';

export type { Answer, Failure, Loaded } from './answer';

interface Held {
  name: string;
  profile: Profile;
}

const profiles = new Map<string, Held>();
const jobs = new Map<string, PoolJob>();
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
let trendViews: Promise<TrendViews> | null = null;
/** The trend's code loads with the first trend asked for (a series), not with every file. */
const loadTrendViews = () =>
  (trendViews ??= import('../src/core/trend').then((m) => new m.TrendViews({ engines: topViews }, (p, level) => goroutineViews.report(p, null, level).rows.map((r) => r.cluster))));
/** Started with the first file; as many decoders as the machine has cores, at least 2 (decoder-pool.ts). */
let pool: DecoderPool | null = null;
const decoderOptions = { watchdogMs: 10_000, type: 'module' as WorkerType };
/** A decoder is this worker's own script started again under DECODER_NAME (decoder.ts). */
const startDecoder = () => new Worker(self.location.href, { type: decoderOptions.type, name: DECODER_NAME });
const decoders = () => (pool ??= new DecoderPool({ start: startDecoder, size: Math.max(2, navigator.hardwareConcurrency || 2), watchdogMs: decoderOptions.watchdogMs }));
/** For browser tests: what the decoder of each file named is to do (stopDecoderForTest, holdDecoderForTest). */
const testHooks = new Map<string, DecoderTestHook>();
/** How long a file decoded while others still decode waits before it is read for the table: the page draws its card meanwhile. */
const AFTER_CARD_MS = 150;
/**
 * Unless the profile went. Run in the next task, after the load's answer is
 * posted: the page's first table query, sent once it has shown the card,
 * waits behind this read and finds it done.
 */
function prepareTable(id: string, profile: Profile, kind: ProfileKind): void {
  if (profiles.get(id)?.profile !== profile) return;
  try {
    topViews.prepareTable(profile, blamesByDefault(kind));
  } catch {
    // A head start only: the table's own query says what is wrong, if anything.
  }
}

const loadGraphViews = () => (graphViews ??= import('../src/core/graph-view').then((m) => new m.GraphViews(topViews, () => performance.now())));

const api = {
  /**
   * Decodes `file` (read by the decoder, not by the page) on a decoder of the pool and
   * keeps the profile under `id`. Answers with a summary, or with the reason
   * it could not: a cancel gives code 'cancelled', a decoder that died or
   * hung 'decoder-crashed'.
   */
  async load(id: string, file: Blob, name: string, onProgress?: (p: Progress) => void): Promise<Answer<Loaded>> {
    profiles.delete(id);
    const job = decoders().decode(file, onProgress, testHooks.get(name) ?? null);
    testHooks.delete(name);
    jobs.set(id, job);
    try {
      const answer = await job.result;
      if (!answer.ok) return answer;
      const { profile } = answer.value;
      receiveStacks(profile); // sent as branchings: the column is made only if a view asks for it (decision 0036)
      profiles.set(id, { name, profile });
      // Read this one as the first compared table will (TopViews.prepareTable): while other files
      // decode — once the page has drawn its card, which it draws while this worker is idle — or,
      // the last of a pair, in the time the page takes to show its card and ask.
      const others = jobs.size > 1;
      if (others || profiles.size > 1) setTimeout(() => prepareTable(id, profile, answer.value.loaded.summary.kind), others ? AFTER_CARD_MS : 0);
      return { ok: true, value: answer.value.loaded };
    } finally {
      if (jobs.get(id) === job) jobs.delete(id);
      release(onProgress);
    }
  },

  /**
   * The decoders' watchdog (the page's own, shortened by tests), and the
   * kind of worker this script was started as (the one-file build's is classic).
   */
  configure(options: { watchdogMs: number; type: WorkerType }): void {
    Object.assign(decoderOptions, options);
    if (pool) pool.watchdogMs = options.watchdogMs;
  },

  /** Starts the pool's decoders ahead of the first files (DecoderPool.prepare); the page asks once it is idle. */
  prepareDecoders(): void {
    decoders().prepare();
  },

  /** Stops a load in progress at its next slice; it answers with code 'cancelled'. */
  cancel(id: string): void {
    jobs.get(id)?.cancel();
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
    return withProfileList(ids, (list, names) => {
      const snapshots = list.map((p, i) => {
        let s = memorySnapshots.get(p);
        if (!s) memorySnapshots.set(p, (s = memorySnapshot(p, names[i])));
        return s;
      });
      return memoryReport(snapshots, pair ?? undefined);
    });
  },


  /** The trend of a series (ids: one kind's profiles; in time order whatever the order given): ranked, one page of rows (src/core/trend). */
  async trend(ids: string[], query: TrendQuery & TrendPage): Promise<Answer<TrendView>> {
    const views = await loadTrendViews();
    return withProfileList(ids, (ps, names) => views.report(ps, names, query));
  },

  /** The same for goroutine profiles: goroutines per cluster per snapshot. */
  async goroutineTrend(ids: string[], query: { level: SimilarityLevel } & TrendPage): Promise<Answer<TrendView>> {
    const views = await loadTrendViews();
    return withProfileList(ids, (ps, names) => views.goroutines(ps, names, query));
  },

  /** Answered between slices: the page's watchdog uses it to tell a busy worker from a dead one. */
  ping(): 'pong' {
    return 'pong';
  },

  /** For browser tests: the next decoder given the file `name` stops without a word before it starts. */
  stopDecoderForTest(name: string): void {
    testHooks.set(name, 'stop');
  },

  /** For browser tests: the next decoder given the file `name` waits once it has shown progress, until the file is cancelled. */
  holdDecoderForTest(name: string): void {
    testHooks.set(name, 'hold');
  },

  /** For browser tests: decoders started so far, and the most decoding at once. */
  decoderStatsForTest(): { started: number; mostAtOnce: number } {
    return { ...(pool?.stats ?? { started: 0, mostAtOnce: 0 }) };
  },
};

export type ProfileApi = typeof api;

expose(self.name === DECODER_NAME ? decoderApi : api);

// A Content-Security-Policy violation in a worker fires here, not on the page,
// and Chromium does not log it: say it on the worker's console, where a
// developer and the browser tests (test/e2e/browser.ts) see it.
self.addEventListener('securitypolicyviolation', (event) => {
  const e = event as SecurityPolicyViolationEvent;
  const which = self.name === DECODER_NAME ? 'a file decoder' : 'the decoder worker';
  console.error(`CSP violation in ${which}: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`);
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
  try {
    return { ok: true, value: fn(held.map((h) => h!.profile), held.map((h) => h!.name)) };
  } catch (e) {
    return failure(e);
  }
}
