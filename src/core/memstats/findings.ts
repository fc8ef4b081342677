// Plain-words findings from the accounting: each names the figures that
// triggered it and the rule (THRESHOLDS, documented in
// docs/decisions/0013-memstats-findings.md), and says what to do.
//
// Go version facts the advice rests on (Go release notes):
//   1.12–1.15  on Linux, released memory is MADV_FREE'd: it stays in RSS until
//              the kernel needs it; GODEBUG=madvdontneed=1 restores MADV_DONTNEED
//   1.13       the background scavenger returns idle memory soon after the heap
//              shrinks (before, it could be held five minutes or more)
//   1.16       MADV_DONTNEED is the Linux default again: RSS drops on release
//   1.19       soft memory limit: GOMEMLIMIT, runtime/debug.SetMemoryLimit
// A heap profile does not say which Go version wrote it, so the advice
// names the versions instead of guessing.

import { formatValue } from '../format';
import { memAccounting, memAccountingDelta, type FigureDelta } from './accounting';
import { GOROUTINE_ALLOCATORS, type MemorySnapshot } from './snapshot';

const MiB = 1 << 20;
const KiB = 1 << 10;

export const THRESHOLDS = {
  /** Idle heap not returned (HeapIdle − HeapReleased) worth a word: at least this much… */
  idleMinBytes: 16 * MiB,
  /** …and at least this share of Sys. */
  idleMinShareOfSys: 0.25,
  /** Released heap (HeapReleased) worth the MADV_FREE note: the same two bounds. */
  releasedMinBytes: 16 * MiB,
  releasedMinShareOfSys: 0.25,
  /** Heap in use plus idle above this multiple of NextGC: more than the runtime keeps as room to grow. */
  aboveGoal: 1.25,
  /** Sys growth between two snapshots worth explaining. */
  sysGrowthMinBytes: 8 * MiB,
  /** "Not live objects" when the heap profile's inuse_space grew by at most this share of Sys's growth. */
  liveShareOfSysGrowth: 0.5,
  /** Above this share the title says "most of the growth", not "the growth". */
  mostlyNotLiveShare: 0.1,
  /** Goroutines are growing when StackInuse grew by at least this much and this share of its base… */
  stackGrowthMinBytes: 1 * MiB,
  stackGrowthMinShare: 0.5,
  /** …or the goroutine descriptors (runtime.malg, runtime.allgadd) in the heap profile did. */
  descriptorGrowthMinBytes: 64 * KiB,
  descriptorGrowthMinShare: 0.5,
};

export type FindingId =
  | 'no-memstats'
  | 'idle-heap-retained'
  | 'released-heap'
  | 'growth-not-live-objects'
  | 'growth-is-live-objects'
  | 'goroutines-growing';

export interface MemFinding {
  id: FindingId;
  severity: 'warning' | 'info';
  /** One sentence with the figures. */
  title: string;
  /** Why, and what to do. */
  advice: string[];
  /** The figures that triggered it: MemStats fields by Go's name, the heap profile's by pprof's. */
  figures: { name: string; bytes: number }[];
  /** The rule that fired, in words. */
  rule: string;
}

export const bytesText = (n: number) => formatValue(n, 'bytes');
export const signedBytesText = (n: number) => (n > 0 ? '+' : '') + bytesText(n);
const pct = (x: number) => `${Math.round(x * 100)}%`;

const VERSION_UNKNOWN = 'A heap profile does not say which Go version wrote it: `go version <binary>` does.';

const IDLE_ADVICE = [
  'The runtime keeps freed heap pages as idle spans so that the heap can grow again without asking the OS; until they are returned, the pages it had used count in the process\'s RSS.',
  'Since Go 1.13 the background scavenger returns idle memory gradually after the heap shrinks (before, it could hold it for five minutes or more).',
  'To return it at once: runtime/debug.FreeOSMemory() (a forced GC, then every idle page back to the OS; costly, call it after a known spike).',
  'To bound it: a soft memory limit, GOMEMLIMIT or debug.SetMemoryLimit (Go 1.19 and later), makes the runtime collect and return memory harder as the process nears the limit.',
  VERSION_UNKNOWN,
];

const RELEASED_ADVICE = [
  'Whether released memory still counts in RSS depends on the Go version. On Linux, Go 1.12 to 1.15 release it with MADV_FREE: the pages stay in RSS until the kernel needs them (set GODEBUG=madvdontneed=1 to make RSS drop at once).',
  'Go 1.16 and later (and Go 1.11 and earlier) release with MADV_DONTNEED: RSS drops right away, and the setting is not needed.',
  VERSION_UNKNOWN,
];

/**
 * Heap in use plus idle next to the next GC's goal: within reach of it, the
 * idle heap is room to grow back into; well above it, the scavenger has not
 * caught up yet.
 */
function goalAdvice(s: MemorySnapshot, heapInuse: number, idle: number): string[] {
  const nextGC = s.memStats?.NextGC;
  if (typeof nextGC !== 'number' || nextGC <= 0) return [];
  const held = heapInuse + idle;
  const facts = `Heap in use plus idle is ${bytesText(held)}, next to the next GC's goal NextGC = ${bytesText(nextGC)}`;
  return held > THRESHOLDS.aboveGoal * nextGC
    ? [`${facts}: the scavenger had not yet returned the rest when the profile was taken.`]
    : [`${facts} (set by GOGC from the heap live after the last GC): the runtime keeps the idle heap as room to grow back to that goal; a lower GOGC, or GOMEMLIMIT, lowers it.`];
}

function partOf(parts: { id: string; bytes: number }[], id: string): number | undefined {
  return parts.find((p) => p.id === id)?.bytes;
}

function noMemStats(s: MemorySnapshot): MemFinding {
  const url = '/debug/pprof/heap?debug=1';
  const heap = s.kind === 'heap' || s.kind === 'allocs';
  const title = !heap
    ? `A ${s.kind === 'unknown' ? '' : `${s.kind} `}profile carries no MemStats: they come with the heap profile at ${url}.`
    : s.format === 'proto'
      ? `This heap profile is protobuf, which carries no MemStats: ${url} writes the same profile as text, ending with the runtime's \`# runtime.MemStats\` block.`
      : `This text heap profile has no \`# runtime.MemStats\` block: Go writes one at ${url}; other tools' heap profiles (tcmalloc's) never have it.`;
  return {
    id: 'no-memstats',
    severity: 'info',
    title,
    advice: ['Take the ?debug=1 heap profile at the same moment as the others to see where the rest of the process\'s memory is.'],
    figures: [],
    rule: 'the file has no `# runtime.MemStats` block',
  };
}

/** Findings one snapshot shows on its own. */
export function snapshotFindings(s: MemorySnapshot): MemFinding[] {
  const a = memAccounting(s);
  if (!a) return [noMemStats(s)];
  const out: MemFinding[] = [];
  const sys = a.sys.bytes;
  const idle = partOf(a.parts, 'heapIdleRetained');
  const released = partOf(a.parts, 'heapReleased');
  const T = THRESHOLDS;
  if (idle !== undefined && idle >= T.idleMinBytes && idle >= T.idleMinShareOfSys * sys) {
    const heapInuse = partOf(a.parts, 'heapInuse') ?? 0;
    const none = released === 0 ? '; none of the idle heap has been returned (HeapReleased = 0)' : '';
    out.push({
      id: 'idle-heap-retained',
      severity: 'warning',
      title: `${bytesText(idle)} of freed heap is held idle by the runtime, not returned to the OS (HeapIdle − HeapReleased): ${pct(idle / sys)} of Sys ${bytesText(sys)}, next to ${bytesText(heapInuse)} of heap in use${none}.`,
      advice: [...goalAdvice(s, heapInuse, idle), ...IDLE_ADVICE],
      figures: [
        { name: 'HeapIdle − HeapReleased', bytes: idle },
        { name: 'Sys', bytes: sys },
        { name: 'HeapInuse', bytes: heapInuse },
        ...(released !== undefined ? [{ name: 'HeapReleased', bytes: released }] : []),
      ],
      rule: `HeapIdle − HeapReleased ≥ ${bytesText(T.idleMinBytes)} and ≥ ${pct(T.idleMinShareOfSys)} of Sys`,
    });
  }
  if (released !== undefined && released >= T.releasedMinBytes && released >= T.releasedMinShareOfSys * sys) {
    const maxRSS = s.memStats?.MaxRSS;
    out.push({
      id: 'released-heap',
      severity: 'info',
      title: `${bytesText(released)} of idle heap was returned to the OS (HeapReleased), ${pct(released / sys)} of Sys ${bytesText(sys)}.`,
      advice: RELEASED_ADVICE,
      figures: [
        { name: 'HeapReleased', bytes: released },
        { name: 'Sys', bytes: sys },
        ...(typeof maxRSS === 'number' ? [{ name: 'MaxRSS', bytes: maxRSS }] : []),
      ],
      rule: `HeapReleased ≥ ${bytesText(T.releasedMinBytes)} and ≥ ${pct(T.releasedMinShareOfSys)} of Sys`,
    });
  }
  return out;
}

function grew(d: { base: number; delta: number }, minBytes: number, minShare: number): boolean {
  return d.delta >= minBytes && d.delta >= minShare * d.base;
}

function describe(d: FigureDelta): string {
  return `${d.label} ${signedBytesText(d.delta)} (${d.formula})`;
}

/** Findings of a pair of snapshots: what changed from base to current. */
export function pairFindings(base: MemorySnapshot, current: MemorySnapshot): MemFinding[] {
  const d = memAccountingDelta(base, current);
  if (!d) return [];
  const out: MemFinding[] = [];
  const T = THRESHOLDS;
  const sysGrowth = d.sys.delta;
  if (d.inuseSpace && sysGrowth >= T.sysGrowthMinBytes) {
    const live = d.inuseSpace.delta;
    const figures = [
      { name: 'Sys', bytes: sysGrowth },
      { name: 'inuse_space', bytes: live },
    ];
    const headline = `Sys grew by ${bytesText(sysGrowth)}, the heap profile's live objects (inuse_space) by ${signedBytesText(live)}`;
    if (live <= T.liveShareOfSysGrowth * sysGrowth) {
      const rising = d.parts.filter((p) => p.delta > 0).sort((x, y) => y.delta - x.delta);
      const idle = d.parts.find((p) => p.id === 'heapIdleRetained');
      const idleLeads = idle !== undefined && rising[0]?.id === 'heapIdleRetained';
      const stacks = d.parts.find((p) => p.id === 'stackInuse');
      const advice = [`Where Sys grew: ${rising.slice(0, 3).map(describe).join('; ')}.`];
      if (live > T.mostlyNotLiveShare * sysGrowth) advice.push(`The heap profile's diff shows where the ${signedBytesText(live)} of live objects were allocated.`);
      if (idleLeads) advice.push(...goalAdvice(current, d.parts.find((p) => p.id === 'heapInuse')?.current ?? 0, idle.current), ...IDLE_ADVICE);
      else if (stacks && rising[0]?.id === 'stackInuse') advice.push('Goroutine stacks are not in the heap profile: compare goroutine profiles (/debug/pprof/goroutine) of the same two moments.');
      figures.push(...rising.slice(0, 3).map((p) => ({ name: p.formula, bytes: p.delta })));
      out.push({
        id: 'growth-not-live-objects',
        severity: 'warning',
        title:
          `${live > T.mostlyNotLiveShare * sysGrowth ? 'Most of the growth' : 'The growth'} is not live objects: ${headline}; ` +
          (idleLeads
            ? `${bytesText(idle.current)} of freed heap is held idle by the runtime (HeapIdle − HeapReleased, ${signedBytesText(idle.delta)}).`
            : `the largest part is ${rising[0] ? `${rising[0].label} (${rising[0].formula}, ${signedBytesText(rising[0].delta)})` : 'outside the parts of Sys'}.`),
        advice,
        figures,
        rule: `Sys grew by ≥ ${bytesText(T.sysGrowthMinBytes)} and inuse_space by ≤ ${pct(T.liveShareOfSysGrowth)} of that`,
      });
    } else {
      out.push({
        id: 'growth-is-live-objects',
        severity: 'info',
        title: `The growth is live objects: ${headline}.`,
        advice: ['The heap profile\'s diff shows which functions allocated them.'],
        figures,
        rule: `Sys grew by ≥ ${bytesText(T.sysGrowthMinBytes)} and inuse_space by > ${pct(T.liveShareOfSysGrowth)} of that`,
      });
    }
  }
  const stacks = d.parts.find((p) => p.id === 'stackInuse');
  const stacksGrew = stacks !== undefined && grew(stacks, T.stackGrowthMinBytes, T.stackGrowthMinShare);
  const g = d.goroutineDescriptors;
  const descriptorsGrew = g !== undefined && grew(g, T.descriptorGrowthMinBytes, T.descriptorGrowthMinShare);
  if (stacksGrew || descriptorsGrew) {
    const what: string[] = [];
    const figures: MemFinding['figures'] = [];
    if (stacks) {
      what.push(`goroutine stacks (StackInuse) ${bytesText(stacks.base)} → ${bytesText(stacks.current)} (${signedBytesText(stacks.delta)})`);
      figures.push({ name: 'StackInuse', bytes: stacks.delta });
    }
    if (g) {
      what.push(`goroutine descriptors (${GOROUTINE_ALLOCATORS.join(', ')} in the heap profile) ${bytesText(g.base)} → ${bytesText(g.current)} (${signedBytesText(g.delta)})`);
      figures.push({ name: GOROUTINE_ALLOCATORS.join(' + '), bytes: g.delta });
    }
    out.push({
      id: 'goroutines-growing',
      severity: 'warning',
      title: `Goroutines are growing: ${what.join('; ')}. Compare goroutine profiles.`,
      advice: [
        'Take goroutine profiles (/debug/pprof/goroutine) at the same two moments and compare them: the cluster that grew is where goroutines pile up, often parked forever on a channel or a lock.',
        'runtime.malg allocates a goroutine\'s descriptor; the runtime never frees one but reuses it, so its growth means more goroutines alive at once than ever before.',
      ],
      figures,
      rule:
        `StackInuse grew by ≥ ${bytesText(T.stackGrowthMinBytes)} and ≥ ${pct(T.stackGrowthMinShare)}, ` +
        `or the inuse_space under ${GOROUTINE_ALLOCATORS.join(' or ')} by ≥ ${bytesText(T.descriptorGrowthMinBytes)} and ≥ ${pct(T.descriptorGrowthMinShare)}`,
    });
  }
  return out;
}
