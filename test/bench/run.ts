// heapdiff's benchmarks: `npm run bench` (not part of the tests).
//
//   npm run bench                          # every benchmark
//   npm run bench -- decode memory         # some, by name
//   npm run bench -- --iterations 9        # more runs per measurement (median reported)
//   npm run bench -- --profile current     # bigheap.current.heap instead of .base
//   npm run bench -- diff --pprof-iterations 1   # fewer go tool pprof runs (each takes long)
//   npm run bench -- wide --wide-iterations 5    # the wide pair (3 runs per measurement by default)
//   npm run bench -- wide-page --page-iterations 3   # the wide pair dropped on the page in Chromium (3 by default: a median of two is the slower)
//   npm run bench -- huge --huge-sizes 300,600   # one N MB profile in the page (test/bench/huge.ts; only when named)
//
// Speed is reported as ratios against references measured in the same run
// on the same bytes (pako's inflate, the pprof-format package, go tool
// pprof, a bare TextDecoder), so the numbers mean something on any machine;
// absolute times are printed for context, and checked only where a target
// is absolute (a re-aggregation the page waits for). Each benchmark is an
// entry of BENCHMARKS: a name, what it needs, and a function returning table
// rows and target checks.
//
// The data, made by test/bench/make-data.sh into test/bench/data/ when
// missing, by real Go programs: large heap profiles (test/gen/bigheap, a base
// and a current snapshot) and a 100,000-goroutine ?debug=2 dump
// (test/gen/manygoroutines); the `wide` benchmark's pair, with about a
// million distinct stacks, by test/gen/wideheap (make-data.sh wide, a few
// minutes); the `trend` benchmark's 50 snapshots of about 1 MB by
// test/gen/bigheap -many (make-data.sh series). Without Go, the benchmarks that need them are skipped with a
// message saying how to get it.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { inflate } from 'pako';
import { Profile as PprofFormatProfile } from 'pprof-format';
import { inflateThreadInSources, zlibElsewhere } from '../../src/cli/zlib-elsewhere';
import { zlibGunzip } from '../../src/cli/zlib-gunzip';
import { decodeProfile, decodeProfileInflating } from '../../src/core/decode';
import { gunzip } from '../../src/core/decode/gzip';
import { compareProfiles } from '../../src/core/diff';
import { clusterGoroutines, SIMILARITY_LEVELS } from '../../src/core/goroutines';
import type { Profile } from '../../src/core/model/profile';
import { runSync } from '../../src/core/progress';
import { decodeFiles, decodeHere, readFileShared } from '../../src/cli/decode-files';
import { benchFlame } from './flame';
import { benchGraph } from './graph';
import { sampleIndexByName } from '../../src/core/report';
import { formatTop, TopEngine, TopViews, type TopOptions } from '../../src/core/top';
import { trendReport } from '../../src/core/trend';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(HERE, '../..');
const DATA = join(HERE, 'data');

// ---- options

const args = process.argv.slice(2);
function option(name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
}
const ITERATIONS = Number(option('iterations') ?? 5);
const PPROF_ITERATIONS = Number(option('pprof-iterations') ?? ITERATIONS);
const SNAPSHOT = option('profile') ?? 'base';
/** Runs per measurement of the wide benchmark: each decode of its current file takes seconds. */
const WIDE_ITERATIONS = Number(option('wide-iterations') ?? 3);
/** Loads of the wide pair (and of its current file alone) in Chromium, interleaved: each takes seconds and a fresh browser. */
const PAGE_ITERATIONS = Number(option('page-iterations') ?? 3);
/** Sizes (MB of profile.proto) the `huge` benchmark loads in the page, smallest first. */
const HUGE_SIZES = (option('huge-sizes') ?? '300').split(',').map(Number);
const selected = args.filter((a) => !a.startsWith('-'));

// Timings call gc() between runs; relaunch with it exposed if it is not.
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    cwd: ROOT,
  });
  process.exit(r.status ?? 1);
}

// ---- measuring

interface Stats {
  median: number;
  min: number;
  max: number;
  /** Minor page faults of the process per timed run, the median (time() only). */
  faults?: number;
  /** CPU time of the process's threads per timed run (user + system, ms), the median (time() only). */
  cpu?: number;
}

function statsOf(times: number[]): Stats {
  const ms = [...times].sort((a, b) => a - b);
  return { median: ms[ms.length >> 1], min: ms[0], max: ms[ms.length - 1] };
}

function time(iterations: number, fn: () => unknown): Stats {
  const ms: number[] = [];
  const faults: number[] = [];
  const cpu: number[] = [];
  fn(); // warm-up: JIT, and the first touch of memory
  for (let i = 0; i < iterations; i++) {
    gc!();
    const f = process.resourceUsage().minorPageFault;
    const c = process.cpuUsage();
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    faults.push(process.resourceUsage().minorPageFault - f);
  }
  return { ...withFaults(ms, faults), cpu: statsOf(cpu).median };
}

/** Stats of the times, with the median of each run's minor page faults. */
function withFaults(ms: number[], faults: number[]): Stats {
  return { ...statsOf(ms), faults: statsOf(faults).median };
}

/**
 * A pipeline timed stage by stage: fn calls lap(label) at the end of each
 * stage (lap(null): the stretch since the last lap is not timed). One
 * warm-up run, then `iterations` runs; gc() runs before each stage, outside
 * the timing. Returns each label's times, one per run, in run order, so
 * stages of the same run can be added up (sumOf).
 */
function timeStages(iterations: number, fn: (lap: (label: string | null) => void) => void): Map<string, number[]> {
  const runs = new Map<string, number[]>();
  const once = (record: boolean) => {
    gc!();
    let t = performance.now();
    fn((label) => {
      const ms = performance.now() - t;
      if (record && label !== null) {
        const list = runs.get(label) ?? [];
        list.push(ms);
        runs.set(label, list);
      }
      gc!();
      t = performance.now();
    });
  };
  once(false);
  for (let i = 0; i < iterations; i++) once(true);
  return runs;
}

/** Per run, the sum of some stages' times. */
function sumOf(runs: Map<string, number[]>, labels: string[]): number[] {
  const lists = labels.map((l) => runs.get(l) ?? []);
  return lists[0].map((_, i) => lists.reduce((a, list) => a + list[i], 0));
}

interface Row {
  label: string;
  stats?: Stats;
  /** Megabytes (10^6 bytes) of uncompressed profile.proto per second, at the median. */
  mbPerSecond?: number;
  note?: string;
}

interface Check {
  label: string;
  value: number;
  /** The value's unit: a ratio (default) or milliseconds. */
  unit?: '×' | 'ms';
  /** What to print instead of the value (a yes/no check). */
  shown?: string;
  /** How the target reads: "≤ 2×". */
  target: string;
  pass: boolean;
  /** How the value was obtained, when not obvious from the label. */
  how?: string;
}

interface Result {
  title: string;
  rows: Row[];
  checks: Check[];
  notes?: string[];
}

interface Data {
  name: string;
  gz: Uint8Array;
  raw: Uint8Array;
  file: string;
}

interface Benchmark {
  name: string;
  /** Reads the --profile snapshot, loaded for it as `data`. */
  needsData: boolean;
  /** Files of test/bench/data/ it opens itself (made with the rest when missing). */
  files?: string[];
  /** Run only when named (minutes, gigabytes): not part of a plain `npm run bench`. */
  onlyByName?: boolean;
  run(data: Data | undefined): Promise<Result>;
}

const atMost = (label: string, value: number, limit: number, how?: string): Check => ({
  label,
  value,
  target: `≤ ${limit}×`,
  pass: value <= limit,
  how,
});
const atLeast = (label: string, value: number, limit: number, how?: string): Check => ({
  label,
  value,
  target: `≥ ${limit}×`,
  pass: value >= limit,
  how,
});
const withinMs = (label: string, ms: number, limit: number, how?: string): Check => ({
  label,
  value: ms,
  unit: 'ms',
  target: `≤ ${limit} ms`,
  pass: ms <= limit,
  how,
});

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const count = (x: number) => x.toLocaleString('en-US');

// ---- the data files

const BASE_HEAP = 'bigheap.base.heap';
const CURRENT_HEAP = 'bigheap.current.heap';
const GOROUTINE_DUMP = 'manygoroutines.debug2.txt';
const WIDE_BASE_HEAP = 'wideheap.base.heap';
const WIDE_CURRENT_HEAP = 'wideheap.current.heap';
/** go tool pprof needs several GB and minutes on the wide pair; past this it is stopped. */
const WIDE_PPROF_TIMEOUT_MS = 600_000;
/** The trend's series (make-data.sh series): bigheap.s01.heap … s50.heap. */
const SERIES = Array.from({ length: 50 }, (_, i) => `series/bigheap.s${String(i + 1).padStart(2, '0')}.heap`);
/** A regex a user would type: one of bigheap's stage functions (about a tenth of the samples). */
const FOCUS = 'balanceRecord';

// ---- the benchmarks

/** node:zlib on this thread, then the decode: as the page's decoder does it (with DecompressionStream), and the CLI did before 0050. */
const ONE_THREAD = { gunzip: zlibGunzip };
const INFLATE_THREAD = zlibElsewhere(inflateThreadInSources());
/**
 * As the CLI decodes: node:zlib on a thread of its own, the samples read as
 * it inflates (decision 0050); where that does not apply, ONE_THREAD.
 */
const decodeAsCli = (gz: Uint8Array) => decodeProfileInflating(gz, INFLATE_THREAD, ONE_THREAD);
const NATIVE_NOTE =
  "ours ÷ pako.inflate alone is issue #15's check; the decode inflates with node:zlib as the CLI does (on a thread of its own, read as it inflates: 0050; the page: DecompressionStream, then the decode), pako only where that fails.";

const BENCHMARKS: Benchmark[] = [
  {
    name: 'decode',
    needsData: true,
    async run(data) {
      const { gz, raw } = data!;
      const mbps = (s: Stats) => raw.length / 1e6 / (s.median / 1000);
      const inflateAlone = time(ITERATIONS, () => inflate(gz));
      const zlibAlone = time(ITERATIONS, () => gunzipSync(gz));
      const ourGunzip = time(ITERATIONS, () => runSync(gunzip(gz)));
      const oursPako = time(ITERATIONS, () => runSync(decodeProfile(gz)));
      const oursGz = time(ITERATIONS, () => runSync(decodeAsCli(gz)));
      const oursRaw = time(ITERATIONS, () => runSync(decodeProfile(raw)));
      const pfRaw = time(ITERATIONS, () => PprofFormatProfile.decode(raw));
      const pfGz = time(ITERATIONS, () => PprofFormatProfile.decode(inflate(gz)));
      return {
        title: `decode, median of ${ITERATIONS} after a warm-up (ms)`,
        rows: [
          { label: 'pako.inflate alone', stats: inflateAlone, mbPerSecond: mbps(inflateAlone) },
          { label: 'node:zlib gunzipSync alone', stats: zlibAlone, mbPerSecond: mbps(zlibAlone) },
          { label: 'ours: gunzip alone (pako)', stats: ourGunzip, mbPerSecond: mbps(ourGunzip) },
          { label: 'ours: decodeProfile(gzip bytes), pako inflate', stats: oursPako, mbPerSecond: mbps(oursPako) },
          { label: 'ours: decodeProfile(gzip bytes), zlib inflate', stats: oursGz, mbPerSecond: mbps(oursGz) },
          { label: '  ours (zlib) ÷ zlib alone', note: `${(oursGz.median / zlibAlone.median).toFixed(2)}×` },
          { label: 'ours: decodeProfile(inflated bytes)', stats: oursRaw, mbPerSecond: mbps(oursRaw) },
          { label: 'pprof-format: Profile.decode(inflated)', stats: pfRaw, mbPerSecond: mbps(pfRaw) },
          { label: 'pprof-format: inflate + Profile.decode', stats: pfGz, mbPerSecond: mbps(pfGz) },
        ],
        checks: [
          atMost('ours (gzip bytes) ÷ pako.inflate alone', oursGz.median / inflateAlone.median, 2),
          atLeast('pprof-format ÷ ours, same inflated bytes', pfRaw.median / oursRaw.median, 3),
          atLeast('pprof-format+inflate ÷ ours, from gzip', pfGz.median / oursGz.median, 3),
        ],
        notes: ['MB/s: megabytes of uncompressed profile.proto per second.', NATIVE_NOTE],
      };
    },
  },
  {
    name: 'memory',
    needsData: true,
    async run(data) {
      // In fresh processes, so nothing else is on the heap (see memory.ts for how).
      const live = measureMemory(data!.file, 'live');
      const plain = measureMemory(data!.file, 'plain');
      const raw = data!.raw.length;
      return {
        title: 'memory of one decodeProfile(gzip bytes), fresh process',
        rows: [
          { label: 'profile.proto (uncompressed)', note: mb(raw) },
          { label: 'peak live (gc at every step)', note: `${mb(live.peak)}  ${(live.peak / raw).toFixed(2)}×` },
          { label: 'peak incl. garbage (no extra gc)', note: `${mb(plain.peak)}  ${(plain.peak / raw).toFixed(2)}×` },
          { label: 'peak RSS growth (1 ms sampler)', note: `${mb(plain.rss)}  ${(plain.rss / raw).toFixed(2)}×` },
          { label: 'decoded Profile, retained', note: `${mb(live.retained)}  ${(live.retained / raw).toFixed(2)}×` },
        ],
        checks: [
          atMost('peak live memory ÷ uncompressed size', live.peak / raw, 3, 'heapUsed+arrayBuffers, gc() at each progress step'),
        ],
        notes: [
          'Peaks are heapUsed + arrayBuffers above the level before the decode, sampled at every',
          'progress step (inflate slice, 8192 samples) and after it returns; "live" runs gc() first',
          'at each. RSS comes from a worker thread polling every ms: an upper bound.',
        ],
      };
    },
  },
  {
    name: 'browser',
    needsData: true,
    async run(data) {
      const title = 'browser: the built page in Chromium (test/e2e/measure-load.ts)';
      const hook = join(ROOT, 'test/e2e/measure-load.ts');
      if (!existsSync(hook)) {
        return { title, rows: [{ label: 'skipped', note: 'test/e2e/measure-load.ts is not there yet' }], checks: [] };
      }
      const { measureLoad } = (await import(hook)) as typeof import('../e2e/measure-load');
      try {
        const m = await measureLoad(data!.file); // builds dist/ with vite when missing
        return {
          title,
          rows: [
            { label: 'drop → ready card', note: `${m.dropToReadyMs} ms (${m.outcome})` },
            { label: 'longest main-thread task', note: `${m.longestMainThreadTaskMs} ms (${m.longTasks} tasks ≥ 50 ms)` },
            { label: 'longest gap between frames', note: `${m.longestFrameGapMs} ms` },
          ],
          checks: [],
          notes: ['Absolute times on this machine; no target is set here yet.'],
        };
      } catch (e) {
        return { title, rows: [{ label: 'skipped', note: `could not run: ${(e as Error).message.split('\n')[0]}` }], checks: [] };
      }
    },
  },
  {
    // What the page does when two heap profiles are dropped, then what it
    // does when the sample type or the focus changes, against go tool pprof
    // -top -base on the same two files.
    name: 'diff',
    needsData: false,
    files: [BASE_HEAP, CURRENT_HEAP],
    async run() {
      const pair = loadPair(BASE_HEAP, CURRENT_HEAP);
      const first = timeFirstTable(pair, ITERATIONS);

      // Re-aggregation, on an engine that has shown the first table (a new
      // one each run, so nothing of the previous run is cached).
      const p = first.merged;
      const firstType = sampleIndexByName(p, '');
      const otherType = sampleIndexByName(p, firstType === sampleIndexByName(p, 'alloc_space') ? 'inuse_space' : 'alloc_space');
      const typeName = (t: number) => p.strings[p.sampleTypes[t].type];
      const reaggregate = timeStages(ITERATIONS, (lap) => {
        const engine = new TopEngine(p);
        formatTop(p, engine.compute({ sampleIndex: firstType }));
        lap(null);
        formatTop(p, engine.compute({ sampleIndex: otherType }));
        lap('sample type');
        const focused: TopOptions = { sampleIndex: otherType, focus: FOCUS };
        formatTop(p, engine.compute(focused));
        lap('focus');
      });
      const typeChange = statsOf(reaggregate.get('sample type')!);
      const focusChange = statsOf(reaggregate.get('focus')!);

      const rows: Row[] = [
        ...first.rows,
        { label: `re-aggregate: sample type → ${typeName(otherType)}`, stats: typeChange },
        { label: `re-aggregate: + focus=${FOCUS}`, stats: focusChange },
      ];
      const notes = [
        pairNote(pair),
        `merged (-base): ${count(p.samples.length)} samples, ${count(p.stacks.length)} stack-tree nodes, ${count(p.locations.length)} locations`,
        'Re-aggregation: compute() + formatTop on the engine that made the first table (its caches warm);',
        'its target is absolute (≤ 100 ms), so it reads true on an otherwise idle machine only.',
        'MB/s: megabytes of uncompressed profile.proto (both files for the first table) per second.',
      ];
      const pprof = againstPprof(pair, first, PPROF_ITERATIONS);
      rows.push(...pprof.rows);
      notes.push(...pprof.notes);
      const checks: Check[] = [
        ...pprof.checks,
        withinMs(`re-aggregate: sample type → ${typeName(otherType)}`, typeChange.median, 100),
        withinMs(`re-aggregate: + focus=${FOCUS}`, focusChange.median, 100),
      ];
      return { title: `diff: ${CURRENT_HEAP} -base ${BASE_HEAP}, median of ${ITERATIONS} after a warm-up (ms)`, rows, checks, notes };
    },
  },
  {
    // The wide pair (test/gen/wideheap: about a million distinct stacks in
    // the current profile), where the work per distinct stack dominates:
    // each file's decode against pako's inflate and pprof-format on the same
    // bytes, the time to the first table, the peak RSS of a Node process
    // doing what the page's worker does, and go tool pprof (issue #15).
    name: 'wide',
    needsData: false,
    files: [WIDE_BASE_HEAP, WIDE_CURRENT_HEAP],
    async run() {
      const n = WIDE_ITERATIONS;
      const pair = loadPair(WIDE_BASE_HEAP, WIDE_CURRENT_HEAP);
      const rows: Row[] = [];
      const checks: Check[] = [];
      const sides = [
        { side: 'base', gz: pair.baseGz, raw: pair.baseRaw },
        { side: 'current', gz: pair.currentGz, raw: pair.currentRaw },
      ];
      for (const { side, gz, raw } of sides) {
        const mbps = (s: Stats) => raw / 1e6 / (s.median / 1000);
        const inflateAlone = time(n, () => inflate(gz));
        const zlibAlone = time(n, () => gunzipSync(gz));
        const oursPako = time(n, () => runSync(decodeProfile(gz)));
        const ours = time(n, () => runSync(decodeAsCli(gz)));
        const oursOneThread = time(n, () => runSync(decodeProfile(gz, ONE_THREAD)));
        const pf = time(n, () => PprofFormatProfile.decode(inflate(gz)));
        rows.push(
          { label: `${side}: pako.inflate alone`, stats: inflateAlone, mbPerSecond: mbps(inflateAlone) },
          { label: `${side}: node:zlib gunzipSync alone`, stats: zlibAlone, mbPerSecond: mbps(zlibAlone) },
          { label: `${side}: ours, decodeProfile(gzip bytes), pako inflate`, stats: oursPako, mbPerSecond: mbps(oursPako) },
          { label: `${side}: ours, decodeProfile(gzip bytes), zlib inflate`, stats: ours, mbPerSecond: mbps(ours) },
          { label: `${side}: ours, zlib inflate on this thread, then the decode`, stats: oursOneThread, mbPerSecond: mbps(oursOneThread) },
          {
            label: `${side}:   CPU (all threads, ms): ours; on this thread; pprof-format`,
            note: `${Math.round(ours.cpu!)}; ${Math.round(oursOneThread.cpu!)}; ${Math.round(pf.cpu!)}`,
          },
          {
            label: `${side}:   ours (zlib) ÷ zlib alone; ours (pako) ÷ pako alone; ours (zlib) ÷ pako alone`,
            note: `${(ours.median / zlibAlone.median).toFixed(2)}×; ${(oursPako.median / inflateAlone.median).toFixed(2)}×; ${(ours.median / inflateAlone.median).toFixed(2)}×`,
          },
          { label: `${side}: pprof-format, inflate + decode`, stats: pf, mbPerSecond: mbps(pf) },
          { label: `${side}:   pages first written (minor faults)`, note: `pako ${inflateAlone.faults}; zlib ${zlibAlone.faults}; ours (zlib) ${ours.faults}; pprof-format ${pf.faults}` },
        );
        const fresh = freshDecodes(side === 'base' ? pair.baseFile : pair.currentFile, n);
        rows.push(
          { label: `${side}: pako.inflate, a fresh process each`, stats: fresh.pako, mbPerSecond: mbps(fresh.pako) },
          { label: `${side}: ours (zlib), a fresh process each`, stats: fresh.ours, mbPerSecond: mbps(fresh.ours) },
          { label: `${side}:   ours ÷ pako; minor faults`, note: `${(fresh.ours.median / fresh.pako.median).toFixed(2)}×; pako ${fresh.pako.faults}, ours ${fresh.ours.faults}` },
        );
        checks.push(
          // Each alone in a process of its own, as a decoder worker decodes its one file: in this
          // process a run's time moves with the pages earlier runs freed (docs/decisions/0044, 0045).
          atMost(`${side}: ours ÷ pako.inflate, each alone`, fresh.ours.median / fresh.pako.median, 2),
          atLeast(`${side}: pprof-format ÷ ours, from gzip`, pf.median / ours.median, 3),
        );
      }

      const parallel = await timeParallelDecode(pair, n);
      rows.push(...parallel.rows);
      checks.push(...parallel.checks);

      const first = timeFirstTable(pair, n, true);
      rows.push(...first.rows);
      const memory = firstTableMemory(pair);
      const rawBytes = pair.baseRaw + pair.currentRaw;
      const times = (bytes: number) => `${mb(bytes)}  ${(bytes / rawBytes).toFixed(2)}× the pair's profile.proto`;
      rows.push(
        { label: 'peak RSS, fresh process (first view)', note: times(memory.peakRss) },
        { label: '  of it above the RSS at start', note: times(memory.peakRss - memory.startRss) },
        { label: 'peak RSS of the two decodes alone', note: times(memory.decodePeakRss) },
        { label: '  of it above the RSS at start', note: times(memory.decodePeakRss - memory.startRss) },
        { label: 'held after (heap + array buffers)', note: times(memory.retained) },
      );
      const c = first.current;
      const notes = [
        pairNote(pair),
        `current: ${count(c.samples.length)} samples, ${count(new Set(c.samples.stack).size)} distinct stacks ` +
          `(${count(c.stacks.length)} stack-tree nodes), ${count(c.locations.length)} locations, ${count(c.functions.length)} functions`,
        `ours and pprof-format start from the gzip bytes; decode times are medians of ${n} (--wide-iterations).`,
        'Minor faults: pages the run wrote for the first time, ~1.3 µs each on this VM (0049; ~10 µs on the VM of 0044).',
        '  In this process a run gets pages an earlier run freed or not (as glibc reuses freed heap memory and',
        '  maps large arrays afresh), so its time moves with what ran before it; "a fresh process each" writes',
        '  every page afresh, as the CLI\'s decoder threads and the page\'s decoders mostly do, and with no',
        '  warm-up: the JIT\'s first compiles are in its time, as in a decoder\'s one decode (docs/decisions/0044).',
        '  The check reads those: each decoder alone, as the page\'s decoder workers and the CLI\'s threads run (0045).',
        NATIVE_NOTE,
        "page's first view: a new TopViews' view(current, base, {}) on the decoded pair — the -top table and",
        "  each row's base and current sides, what the worker answers for the first screen; a pair this large",
        '  is read from its two sides, not merged (docs/decisions/0032): its text is checked equal to the merge\'s.',
        'Peak RSS: test/bench/first-table-memory.ts in a fresh node process (both decodes, then the page\'s',
        '  first view), sampled every ms by a worker thread; Node\'s own ~50 MB included in the first line.',
        'MB/s: megabytes of uncompressed profile.proto (both files for the first table) per second.',
        ...parallel.notes,
      ];
      const pprof = againstPprof(pair, first, 1, WIDE_PPROF_TIMEOUT_MS);
      rows.push(...pprof.rows);
      notes.push(...pprof.notes);
      checks.push(...pprof.checks);
      return { title: `wide: ${WIDE_CURRENT_HEAP} -base ${WIDE_BASE_HEAP}, median of ${n} after a warm-up (ms)`, rows, checks, notes };
    },
  },
  {
    // The wide pair in the built page, in Chromium (test/e2e/measure-pair.ts):
    // drop → the first row of the comparison, the longest main-thread task
    // meanwhile, the peak memory of all of Chromium's processes; and the
    // current file alone, to see the two decode at once (issue #15).
    name: 'wide-page',
    needsData: false,
    files: [WIDE_BASE_HEAP, WIDE_CURRENT_HEAP],
    run: () => benchWidePage(),
  },
  {
    // How large a profile the page loads: test/bench/huge.ts, one
    // test/gen/hugeheap profile per size in a fresh Chromium.
    name: 'huge',
    needsData: false,
    onlyByName: true,
    run: () => benchHuge(),
  },
  {
    // Clustering a goroutine dump at every similarity level, as the
    // page's goroutine view does (it clusters once per level, then filters).
    name: 'goroutines',
    needsData: false,
    files: [GOROUTINE_DUMP],
    async run() {
      const bytes = new Uint8Array(readFileSync(join(DATA, GOROUTINE_DUMP)));
      let lineCount = 0;
      const floor = time(ITERATIONS, () => {
        lineCount = new TextDecoder().decode(bytes).split('\n').length;
      });
      let profile: Profile | undefined;
      const clusters = new Map<string, number>();
      const runs = timeStages(ITERATIONS, (lap) => {
        const p = runSync(decodeProfile(bytes)).profile;
        lap('decode');
        for (const level of SIMILARITY_LEVELS) {
          clusters.set(level, clusterGoroutines(p, { level }).clusters.length);
          lap(level);
        }
        profile = p;
      });
      const p = profile!;
      const decode = statsOf(runs.get('decode')!);
      const mbps = (s: Stats) => bytes.length / 1e6 / (s.median / 1000);
      const rows: Row[] = [
        { label: "reference: TextDecoder + split('\\n')", stats: floor, mbPerSecond: mbps(floor) },
        { label: 'decodeProfile (?debug=2 dump)', stats: decode, mbPerSecond: mbps(decode) },
      ];
      const checks: Check[] = [];
      for (const level of SIMILARITY_LEVELS) {
        rows.push({ label: `clusterGoroutines ${level} (${count(clusters.get(level)!)} clusters)`, stats: statsOf(runs.get(level)!) });
      }
      for (const level of SIMILARITY_LEVELS) {
        const both = statsOf(sumOf(runs, ['decode', level]));
        rows.push({ label: `decode + cluster, ${level}`, stats: both, mbPerSecond: mbps(both) });
        checks.push(withinMs(`decode + cluster ${level}`, both.median, 1000, `${(both.median / floor.median).toFixed(1)}× the TextDecoder floor`));
      }
      const states = new Map<string, number>();
      const g = p.goroutines!;
      for (let i = 0; i < g.length; i++) {
        const s = p.strings[g.state[i]];
        states.set(s, (states.get(s) ?? 0) + 1);
      }
      const byCount = [...states].sort((a, b) => b[1] - a[1]).map(([s, n]) => `${s} ${count(n)}`);
      return {
        title: `goroutines: ${GOROUTINE_DUMP} (${mb(bytes.length)}, ${count(g.length)} goroutines), median of ${ITERATIONS} after a warm-up (ms)`,
        rows,
        checks,
        notes: [
          `${count(lineCount)} lines, ${count(p.stacks.length)} distinct stack-tree nodes; states: ${byCount.join(', ')}`,
          'decode + cluster: per run, the decode and that level\'s clustering of the decoded dump (the page',
          'decodes once and clusters once per level shown). The "×" after each check is that time over the',
          'reference, a bare TextDecoder.decode + split of the same bytes: the floor of any text parser.',
          'MB/s: megabytes of dump text per second.',
        ],
      };
    },
  },
  {
    // The trend over 50 snapshots once they are decoded, as the worker
    // ranks it: fresh engines (nothing computed yet for any snapshot), the
    // page's default query. The references, from the same run: the decode
    // of one snapshot, and one TopEngine.compute of one (the table).
    name: 'trend',
    needsData: false,
    files: SERIES,
    async run() {
      const bytes = SERIES.map((f) => new Uint8Array(readFileSync(join(DATA, f))));
      const profiles = bytes.map((b) => runSync(decodeProfile(b)).profile);
      const names = SERIES.map((f) => f.replace('series/', ''));
      const middle = profiles.length >> 1;
      const decodeOne = time(ITERATIONS, () => runSync(decodeProfile(bytes[middle])));
      const topOne = time(ITERATIONS, () => new TopEngine(profiles[middle]).compute({ sampleIndex: sampleIndexByName(profiles[middle], '') }));
      let rows = 0;
      let first = '';
      const trend = time(ITERATIONS, () => {
        const r = trendReport(profiles, {}, { names });
        rows = r.rows.length;
        first = `${r.rows[0]?.name} (${r.rows[0]?.shape})`;
      });
      const all = time(Math.max(1, ITERATIONS >> 1), () => {
        for (const b of bytes) runSync(decodeProfile(b));
      });
      const sizes = bytes.map((b) => inflate(b).length);
      return {
        title: `trend: ${SERIES.length} snapshots (test/bench/data/series/, ${mb(sizes.reduce((a, b) => a + b, 0) / sizes.length)} profile.proto each), median of ${ITERATIONS} after a warm-up (ms)`,
        rows: [
          { label: 'reference: decode of one snapshot', stats: decodeOne },
          { label: 'reference: TopEngine.compute of one', stats: topOne },
          { label: `decode of all ${SERIES.length} (context)`, stats: all },
          { label: `trendReport of all ${SERIES.length}, after decode`, stats: trend },
        ],
        checks: [withinMs(`trend of ${SERIES.length} after decode`, trend.median, 1000, `${(trend.median / decodeOne.median).toFixed(1)}× one decode, ${(trend.median / topOne.median).toFixed(1)}× one table`)],
        notes: [`${count(rows)} rows ranked; first: ${first}.`, 'Fresh engines each run: every snapshot\'s values computed from nothing, as after the last decode.'],
      };
    },
  },
  {
    // Build and layout of the 80-node call graph for the large pair (test/bench/graph.ts).
    name: 'graph',
    needsData: false,
    files: [BASE_HEAP, CURRENT_HEAP],
    run: () => benchGraph({ iterations: ITERATIONS }) as Promise<Result>,
  },
  {
    // The frame tree and the first call-tree page after the table (test/bench/flame.ts).
    name: 'flame',
    needsData: false,
    files: [BASE_HEAP, CURRENT_HEAP],
    run: () => benchFlame({ iterations: ITERATIONS }) as Promise<Result>,
  },
];

// ---- the wide pair, decoded at once

/**
 * The wide pair's files decoded one after the other on this thread, and at
 * once (decodeFiles: this thread takes the larger, a worker thread the
 * other, its start included), against the larger alone; interleaved runs,
 * each reading its files from disk as the CLI does.
 */
async function timeParallelDecode(pair: Pair, iterations: number): Promise<{ rows: Row[]; checks: Check[]; notes: string[] }> {
  const runs = { alone: [] as number[], serial: [] as number[], together: [] as number[] };
  const timed = async (fn: () => unknown | Promise<unknown>) => {
    gc!();
    const t = performance.now();
    await fn();
    return performance.now() - t;
  };
  const steps = {
    alone: () => decodeHere(pair.currentFile),
    serial: () => [decodeHere(pair.baseFile), decodeHere(pair.currentFile)],
    together: () => decodeFiles([pair.baseFile, pair.currentFile], { threads: 2 }),
  };
  const order = Object.keys(steps) as (keyof typeof steps)[];
  await steps.together(); // warm-up
  for (let i = 0; i < iterations; i++) {
    // A different first each run, so no kind of run always follows the same one.
    for (const k of [...order.slice(i % 3), ...order.slice(0, i % 3)]) runs[k].push(await timed(steps[k]));
  }
  const alone = statsOf(runs.alone);
  const serial = statsOf(runs.serial);
  const together = statsOf(runs.together);
  return {
    rows: [
      { label: `${pair.currentName} alone (this thread)`, stats: alone, mbPerSecond: pair.currentRaw / 1e6 / (alone.median / 1000) },
      { label: 'both, one after the other', stats: serial, mbPerSecond: (pair.baseRaw + pair.currentRaw) / 1e6 / (serial.median / 1000) },
      { label: 'both at once (decodeFiles, 2 threads)', stats: together, mbPerSecond: (pair.baseRaw + pair.currentRaw) / 1e6 / (together.median / 1000) },
    ],
    checks: [atMost('both at once ÷ the larger alone', together.median / alone.median, 1.25, 'Node, worker_threads')],
    notes: [
      `Both at once: src/cli/decode-files.ts, as report -base B FILE does; medians of ${iterations} interleaved runs, files read from disk;`,
      '  its worker thread\'s start is included (from the decoder bundled once: src/cli/thread-bundle.ts).',
    ],
  };
}

async function benchWidePage(): Promise<Result> {
  const title = `wide-page: the built page in Chromium, ${WIDE_CURRENT_HEAP} -base ${WIDE_BASE_HEAP} dropped (${PAGE_ITERATIONS} interleaved runs each)`;
  const { measurePair } = await import('../e2e/measure-pair');
  const { buildPage, DIST } = await import('../e2e/build');
  const { serveStatic } = await import('../e2e/server');
  const pair = loadPair(WIDE_BASE_HEAP, WIDE_CURRENT_HEAP);
  const raw = pair.baseRaw + pair.currentRaw;
  // Always this tree's page: a dist/ left from an earlier build measured old code once (a watchdog since changed).
  buildPage();
  const server = await serveStatic(DIST);
  const alone: number[] = [];
  type Measured = Awaited<ReturnType<typeof measurePair>>;
  const pairs: Measured[] = [];
  const observedRuns: Measured[] = [];
  try {
    // Times from runs nothing else watches; memory and the trace from runs of their own (measurePair).
    for (let i = 0; i < PAGE_ITERATIONS; i++) {
      alone.push((await measurePair([pair.currentFile], { baseURL: server.url })).dropToReadyMs);
      pairs.push(await measurePair([pair.baseFile, pair.currentFile], { baseURL: server.url }));
      observedRuns.push(await measurePair([pair.baseFile, pair.currentFile], { baseURL: server.url, observe: true }));
    }
  } catch (e) {
    return { title, rows: [{ label: 'skipped', note: `could not run: ${(e as Error).message.split('\n')[0]}` }], checks: [] };
  } finally {
    await server.close();
  }
  const stats = (pick: (m: (typeof pairs)[number]) => number) => statsOf(pairs.map(pick));
  const ready = stats((m) => m.dropToReadyMs);
  const firstRow = stats((m) => m.dropToFirstRowMs ?? Infinity);
  const aloneStats = statsOf(alone);
  const all = [...pairs, ...observedRuns];
  // Where in the load they fell: "; 59 ms at 3,120 ms" (after the change event; the first row at about firstRow).
  const longAt = (runs: Measured[]) => {
    const at = runs.flatMap((m) => m.longTaskTimes.map(([t, d]) => `${d} ms at ${t.toLocaleString('en-US')} ms`));
    return at.length > 0 ? `: ${at.join(', ')}` : '';
  };
  // A time, so from the runs nothing watches: reading every Chromium process's smaps_rollup takes its
  // memory map's lock, and tracing costs CPU, on the cores the page has (decision 0041).
  const longest = Math.max(...pairs.map((m) => m.longestMainThreadTaskMs));
  const longestObserved = Math.max(...observedRuns.map((m) => m.longestMainThreadTaskMs));
  const observed = observedRuns.map((m) => m.observed!);
  const largestCpu = Math.max(...observed.map((m) => m.largestTaskCpuMs));
  const peakPss = Math.max(...observed.map((m) => m.peakPss));
  const peakRss = Math.max(...observed.map((m) => m.peakRss));
  const startPss = Math.min(...observed.map((m) => m.startPss));
  const observedRow = statsOf(observedRuns.map((m) => m.dropToFirstRowMs ?? Infinity));
  const times = (bytes: number) => `${mb(bytes)}  ${(bytes / raw).toFixed(2)}× the pair's profile.proto`;
  return {
    title,
    rows: [
      { label: `drop ${pair.currentName} alone → its card ready`, stats: aloneStats },
      { label: 'drop both → both cards ready', stats: ready },
      { label: 'drop both → first row of the comparison', stats: firstRow, mbPerSecond: raw / 1e6 / (firstRow.median / 1000) },
      { label: '  the same, observed (memory read, traced)', stats: observedRow },
      { label: 'longest main-thread task (timed runs)', note: `${longest} ms (${pairs.map((m) => m.longTasks).join(', ')} tasks ≥ 50 ms per run${longAt(pairs)})` },
      { label: '  in the observed runs', note: `${longestObserved} ms (${observedRuns.map((m) => m.longTasks).join(', ')} tasks ≥ 50 ms per run${longAt(observedRuns)}; /proc read and traced meanwhile)` },
      { label: '  traced CPU: that task; the largest', note: `${observed.map((m) => `${m.longestTaskCpuMs} ms; ${m.largestTaskCpuMs} ms`).join(' / ')} (thread time: the page's work, not the wait for a core)` },
      { label: 'peak memory, Chromium processes (PSS)', note: times(peakPss) },
      { label: '  the same as summed RSS', note: times(peakRss) },
      { label: '  PSS before the drop (the empty page)', note: times(startPss) },
    ],
    checks: [
      withinMs('wide pair: drop → first row', firstRow.median, 4000, 'issue #15: ≤ 4 s on this machine'),
      atMost('both cards ready ÷ the larger alone (page)', ready.median / aloneStats.median, 1.25, 'decoded at once'),
      atMost("browser peak memory ÷ the pair's profile.proto", peakPss / raw, 8, 'PSS of all Chromium processes'),
      withinMs('longest main-thread task while loading', longest, 50),
      withinMs("a main-thread task's CPU while loading (traced)", largestCpu, 50),
    ],
    notes: [
      pairNote(pair),
      `Outcomes: ${all.map((m) => m.outcome).join(', ')}. A fresh Chromium (${'/usr/bin/chromium'}) per load, flags as the browser tests;`,
      '  times from runs nothing watches; memory and traced CPU from observed runs of their own (reading /proc and',
      '  tracing cost CPU on 2 cores: their first row is printed beside). Memory from /proc every 100 ms:',
      '  the processes under this one named chrom*, their smaps_rollup summed;',
      '  PSS counts a page shared by several processes once, summed RSS counts it in each (an upper bound).',
      'speedscope cannot be run offline here: the references are the `wide` group\'s rows (pako inflate,',
      '  pprof-format, go tool pprof -top -base) on the same bytes. Targets: first row ≤ 4 s, peak memory ≤ 8× raw.',
    ],
  };
}

async function benchHuge(): Promise<Result> {
  const { measureSizes, formatLoad } = await import('./huge');
  const loads = await measureSizes(HUGE_SIZES);
  const loaded = loads.filter((l) => l.outcome === 'loaded');
  return {
    title: `huge: one test/gen/hugeheap profile of ${HUGE_SIZES.join(', ')} MB in the built page, in Chromium`,
    rows: loads.map((l) => ({ label: `${l.megabytes} MB profile.proto`, note: formatLoad(l).replace(/^[^:]*: /, '') })),
    checks: [
      {
        label: 'largest size loaded (MB of profile.proto)',
        value: Math.max(0, ...loaded.map((l) => l.megabytes)),
        shown: loaded.length ? `${Math.max(...loaded.map((l) => l.megabytes))} MB` : 'none',
        target: '≥ 300 MB',
        pass: loaded.some((l) => l.megabytes >= 300),
        how: 'issue #15',
      },
    ],
    notes: ['A size that fails stops the list. First row: the change event → the first row of its table (a single profile).'],
  };
}

// ---- a pair of heap profiles

interface Pair {
  baseName: string;
  currentName: string;
  baseFile: string;
  currentFile: string;
  baseGz: Uint8Array;
  currentGz: Uint8Array;
  /** Uncompressed sizes (profile.proto bytes). */
  baseRaw: number;
  currentRaw: number;
}

function loadPair(baseName: string, currentName: string): Pair {
  const baseFile = join(DATA, baseName);
  const currentFile = join(DATA, currentName);
  // Read as the CLI reads them: into shared memory, which its inflate thread reads where it is.
  const baseGz = readFileShared(baseFile);
  const currentGz = readFileShared(currentFile);
  return { baseName, currentName, baseFile, currentFile, baseGz, currentGz, baseRaw: inflate(baseGz).length, currentRaw: inflate(currentGz).length };
}

function pairNote(pair: Pair): string {
  return `${pair.baseName}: ${mb(pair.baseGz.length)} gzipped, ${mb(pair.baseRaw)} profile.proto; ${pair.currentName}: ${mb(pair.currentGz.length)}, ${mb(pair.currentRaw)}`;
}

interface FirstTable {
  rows: Row[];
  /** Both decodes, the -base merge, the top table and its text, per run. */
  total: Stats;
  /** The -top text, as go tool pprof -top -base prints it. */
  text: string;
  merged: Profile;
  base: Profile;
  current: Profile;
}

/**
 * Time to the first table of a pair: both decodes, the -base merge, the top
 * table at the default sample type, its rows as text. With `pageView`, each
 * run also times what the page's worker answers for the first screen (a new
 * TopViews' view of the decoded pair, which compares them itself), and the
 * rows add the decodes plus that, per run.
 */
function timeFirstTable(pair: Pair, iterations: number, pageView = false): FirstTable {
  let last: { text: string; rowCount: number; merged: Profile; base: Profile; current: Profile } | undefined;
  const runs = timeStages(iterations, (lap) => {
    const base = runSync(decodeAsCli(pair.baseGz)).profile;
    lap('decode base');
    const current = runSync(decodeAsCli(pair.currentGz)).profile;
    lap('decode current');
    const merged = compareProfiles([current], [base]);
    lap('compare');
    const r = new TopEngine(merged).compute({ sampleIndex: sampleIndexByName(merged, '') });
    lap('compute');
    const text = formatTop(merged, r);
    lap('format');
    last = { text, rowCount: r.rows.length, merged, base, current };
    if (pageView) {
      new TopViews().view(current, base, {});
      lap('page view');
      const sides = new TopViews().text(current, base, {});
      if (sides !== text) throw new Error('the table read from the sides differs from the merge’s');
    }
  });
  const { text, rowCount, merged, base, current } = last!;
  const total = statsOf(sumOf(runs, ['decode base', 'decode current', 'compare', 'compute', 'format']));
  const mbps = (s: Stats, bytes: number) => bytes / 1e6 / (s.median / 1000);
  const stage = (label: string) => statsOf(runs.get(label)!);
  const rawBytes = pair.baseRaw + pair.currentRaw;
  const typeName = merged.strings[merged.sampleTypes[sampleIndexByName(merged, '')].type];
  const rows: Row[] = [
    { label: `decode ${pair.baseName}`, stats: stage('decode base'), mbPerSecond: mbps(stage('decode base'), pair.baseRaw) },
    { label: `decode ${pair.currentName}`, stats: stage('decode current'), mbPerSecond: mbps(stage('decode current'), pair.currentRaw) },
    { label: 'compareProfiles (-base)', stats: stage('compare') },
    { label: `TopEngine.compute (${typeName})`, stats: stage('compute') },
    { label: `formatTop (${rowCount} rows)`, stats: stage('format') },
    { label: 'first table (the five above, per run)', stats: total, mbPerSecond: mbps(total, rawBytes) },
  ];
  if (pageView) {
    const page = statsOf(sumOf(runs, ['decode base', 'decode current', 'page view']));
    rows.push(
      { label: "page's first view (TopViews.view)", stats: stage('page view') },
      { label: 'both decodes + first view, per run', stats: page, mbPerSecond: mbps(page, rawBytes) },
    );
  }
  return { rows, total, text, merged, base, current };
}

/** go tool pprof -top -base on the pair: its time, the first table's ratio to it, whether the texts match. */
function againstPprof(pair: Pair, first: FirstTable, iterations: number, timeoutMs?: number): { rows: Row[]; checks: Check[]; notes: string[] } {
  const go = goCommand();
  if (!go) {
    return {
      rows: [{ label: 'go tool pprof -top -base', note: 'skipped: Go is not installed' }],
      checks: [],
      notes: ['No ratio to go tool pprof: Go is not installed (Debian: apt-get install golang-go; GO=/path/to/go picks one).'],
    };
  }
  const rawBytes = pair.baseRaw + pair.currentRaw;
  const pprof = timePprof(go, ['-top', '-symbolize=none', '-base', pair.baseFile, pair.currentFile], iterations, timeoutMs);
  if ('timedOut' in pprof) {
    return {
      rows: [{ label: 'go tool pprof -top -base (a process)', note: `stopped after ${(pprof.timedOut / 1000).toFixed(0)} s` }],
      checks: [],
      notes: [`go tool pprof: ${go.version}; no ratio: it did not finish within the timeout.`],
    };
  }
  const rows: Row[] = [{ label: 'go tool pprof -top -base (a process)', stats: pprof.stats, mbPerSecond: rawBytes / 1e6 / (pprof.stats.median / 1000) }];
  const notes = [
    `go tool pprof: ${go.version}, -symbolize=none, TZ=UTC, HOME and PPROF_TMPDIR in a temporary directory;`,
    `  median of ${iterations} runs (no warm-up: each run is a new process).`,
  ];
  const checks = [atMost('first table ÷ go tool pprof -top -base', first.total.median / pprof.stats.median, 0.25)];
  const same = first.text === pprof.stdout;
  notes.push(
    same
      ? `-top text: identical to go tool pprof's, header included (${first.text.split('\n').length - 1} lines).`
      : `-top text DIFFERS from go tool pprof's: ${firstDifference(first.text, pprof.stdout)}`,
  );
  if (pprof.stderr !== '') notes.push(`go tool pprof wrote to stderr: ${pprof.stderr.trim().split('\n')[0]}`);
  checks.push({ label: '-top text = go tool pprof -top -base', value: same ? 1 : 0, shown: same ? 'same' : 'differs', target: 'same', pass: same });
  return { rows, checks, notes };
}

// ---- go tool pprof

interface GoCommand {
  command: string;
  version: string;
}

/** The installed go command (GO=… as in make-data.sh), or null. */
function goCommand(): GoCommand | null {
  const command = process.env.GO ?? 'go';
  const r = spawnSync(command, ['version'], { encoding: 'utf8' });
  if (r.status !== 0 || !r.stdout) return null;
  return { command, version: r.stdout.trim().replace(/^go version /, '') };
}

/**
 * `go tool pprof ARGS` run `iterations` times, each timed from spawn to exit.
 * TZ=UTC as heapdiff prints times; HOME and PPROF_TMPDIR point at a
 * temporary directory so pprof neither reads a user's settings or binaries
 * nor writes anything into the tree.
 */
function timePprof(
  go: GoCommand,
  args: string[],
  iterations: number,
  timeoutMs?: number,
): { stats: Stats; stdout: string; stderr: string } | { timedOut: number } {
  const home = mkdtempSync(join(tmpdir(), 'heapdiff-pprof-'));
  const env = { ...process.env, TZ: 'UTC', HOME: home, PPROF_TMPDIR: home, PPROF_BINARY_PATH: home };
  const ms: number[] = [];
  let stdout = '';
  let stderr = '';
  try {
    for (let i = 0; i < iterations; i++) {
      const t = performance.now();
      const r = spawnSync(go.command, ['tool', 'pprof', ...args], { cwd: home, env, encoding: 'utf8', maxBuffer: 1 << 28, timeout: timeoutMs });
      const elapsed = performance.now() - t;
      if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') {
        process.stderr.write(`  go tool pprof ${args[0]} run ${i + 1}/${iterations}: stopped after ${(elapsed / 1000).toFixed(0)} s\n`);
        return { timedOut: timeoutMs! };
      }
      if (r.status !== 0) throw new Error(`go tool pprof failed (status ${r.status}): ${r.stderr}`);
      ms.push(elapsed);
      stdout = r.stdout;
      stderr = r.stderr;
      process.stderr.write(`  go tool pprof ${args[0]} run ${i + 1}/${iterations}: ${(elapsed / 1000).toFixed(1)} s\n`);
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  return { stats: statsOf(ms), stdout, stderr };
}

/** Where two texts first differ, as "line N: ours … / pprof …". */
function firstDifference(ours: string, theirs: string): string {
  const a = ours.split('\n');
  const b = theirs.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}: ours ${JSON.stringify(a[i] ?? '(end)')} / pprof ${JSON.stringify(b[i] ?? '(end)')}`;
  }
  return 'no line differs';
}

interface Memory {
  peak: number;
  rss: number;
  retained: number;
}

function measureMemory(file: string, mode: 'live' | 'plain'): Memory {
  return freshProcess<Memory>('memory.ts', [file, mode]);
}

/** See first-table-memory.ts. */
interface FirstTableMemory {
  startRss: number;
  /** The peak up to the end of both decodes, before the view. */
  decodePeakRss: number;
  peakRss: number;
  retained: number;
}

function firstTableMemory(pair: Pair): FirstTableMemory {
  return freshProcess<FirstTableMemory>('first-table-memory.ts', [pair.baseFile, pair.currentFile]);
}

/**
 * Pako's inflate and our decode of `file`, each run alone in a new process,
 * alternating, `n` times: every page written for the first time, as in the
 * CLI's decoder threads and the page's decoders (decision 0044).
 */
function freshDecodes(file: string, n: number): { pako: Stats; ours: Stats } {
  type Once = { ms: number; faults: number }; // decode-once.ts's answer
  const runs: Record<'pako' | 'ours', Once[]> = { pako: [], ours: [] };
  for (let i = 0; i < n; i++) {
    for (const what of ['pako', 'ours'] as const) runs[what].push(freshProcess<Once>('decode-once.ts', [what, file]));
  }
  const stats = (r: Once[]) => withFaults(r.map((x) => x.ms), r.map((x) => x.faults));
  return { pako: stats(runs.pako), ours: stats(runs.ours) };
}

/** The JSON a script of test/bench prints last, run in a new node process. */
function freshProcess<T>(script: string, scriptArgs: string[]): T {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(HERE, script), ...scriptArgs], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as T;
}

// ---- data

/** Makes the files of test/bench/data/ that are missing; why it could not, or undefined. */
function ensureFiles(names: string[]): string | undefined {
  const missing = names.filter((n) => !existsSync(join(DATA, n)));
  if (missing.length === 0) return undefined;
  // The wide pair and the series are targets of their own (make-data.sh wide, series), the rest the default one.
  const targetOf = (n: string) => (n === WIDE_BASE_HEAP || n === WIDE_CURRENT_HEAP ? 'wide' : n.startsWith('series/') ? 'series' : '');
  const targets = [...new Set(missing.map(targetOf))].map((t) => (t ? [t] : []));
  for (const target of targets) {
    console.log(`${missing.join(', ')} missing: making the benchmark data (test/bench/make-data.sh ${target.join(' ')})…`);
    const r = spawnSync(join(HERE, 'make-data.sh'), target, { stdio: 'inherit' });
    if (r.status === 3) return 'Go is not installed, so the benchmark data cannot be made (apt-get install golang-go; then npm run bench:data).';
    if (r.status !== 0) return `make-data.sh ${target.join(' ')} failed (status ${r.status}); see above.`;
  }
  if (missing.some((n) => !existsSync(join(DATA, n)))) return 'make-data.sh did not make every file; see above.';
  return undefined;
}

function loadData(): Data {
  const name = `bigheap.${SNAPSHOT}.heap`;
  const file = join(DATA, name);
  const gz = readFileShared(file); // as the CLI reads it
  return { name, gz, raw: inflate(gz), file };
}

// ---- report

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - [...s].length));
const lpad = (s: string, n: number) => ' '.repeat(Math.max(0, n - [...s].length)) + s;

function printResult(r: Result): void {
  console.log(`\n${r.title}`);
  const hasStats = r.rows.some((row) => row.stats);
  if (hasStats) console.log(`  ${pad('', 42)}${lpad('median', 9)}${lpad('min', 9)}${lpad('max', 9)}${lpad('MB/s', 9)}`);
  for (const row of r.rows) {
    if (row.stats) {
      const { median, min, max } = row.stats;
      const mbs = row.mbPerSecond === undefined ? '' : row.mbPerSecond.toFixed(0);
      console.log(`  ${pad(row.label, 42)}${lpad(median.toFixed(0), 9)}${lpad(min.toFixed(0), 9)}${lpad(max.toFixed(0), 9)}${lpad(mbs, 9)}`);
    } else {
      console.log(`  ${pad(row.label, 42)}${row.note ?? ''}`);
    }
  }
  for (const n of r.notes ?? []) console.log(`  ${n}`);
}

async function main(): Promise<void> {
  const unknown = selected.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length) {
    console.error(`unknown benchmark: ${unknown.join(', ')} (have: ${BENCHMARKS.map((b) => b.name).join(', ')})`);
    process.exit(2);
  }
  const benches = BENCHMARKS.filter((b) => (selected.length === 0 && !b.onlyByName) || selected.includes(b.name));
  // The load says whether absolute times (the ms targets) are this machine's best.
  console.log(`heapdiff bench — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load average ${loadavg()[0].toFixed(1)}`);

  const snapshot = `bigheap.${SNAPSHOT}.heap`;
  const filesOf = (b: Benchmark) => [...(b.needsData ? [snapshot] : []), ...(b.files ?? [])];
  const skipWhy = ensureFiles([...new Set(benches.flatMap(filesOf))]);
  const ready = (b: Benchmark) => filesOf(b).every((f) => existsSync(join(DATA, f)));
  let data: Data | undefined;
  if (benches.some((b) => b.needsData && ready(b))) {
    data = loadData();
    const p = runSync(decodeProfile(data.gz)).profile;
    console.log(
      `profile: test/bench/data/${data.name} — ${mb(data.gz.length)} gzipped, ${mb(data.raw.length)} profile.proto\n` +
        `  ${count(p.samples.length)} samples, ${count(new Set(p.samples.stack).size)} distinct stacks ` +
        `(${count(p.stacks.length)} stack-tree nodes), ${count(p.locations.length)} locations, ${count(p.functions.length)} functions`,
    );
  }

  const checks: Check[] = [];
  for (const b of benches) {
    if (!ready(b)) {
      console.log(`\n${b.name}: SKIPPED — ${skipWhy}`);
      continue;
    }
    const r = await b.run(data);
    printResult(r);
    checks.push(...r.checks);
  }

  if (checks.length) {
    console.log('\ntargets');
    for (const c of checks) {
      const value = c.shown ?? (c.unit === 'ms' ? `${c.value.toFixed(0)} ms` : `${c.value.toFixed(2)}×`);
      const how = c.how ? `  (${c.how})` : '';
      console.log(`  ${pad(c.label, 42)}${lpad(value, 9)}  ${pad(c.target, 9)}  ${c.pass ? 'PASS' : 'MISS'}${how}`);
    }
  }
  if (skipWhy) {
    console.log(`\nSome benchmarks were skipped: ${skipWhy}`);
    process.exitCode = 2;
  }
}

await main();
