// `report -memstats [-json] FILE…`: the memory accounting of each ?debug=1
// heap profile (its `# runtime.MemStats` block) and the Δ of the first and
// last that have one, with findings. -json prints Go's MemStats field names
// with the file's exact integers (LastGC and PauseEnd are beyond 2^53, so the
// JSON is written with integer tokens, not JavaScript numbers).
//
// report.ts parses the flags and hands `-memstats` command lines here.

import {
  formatMemoryReport,
  goMemStats,
  goMemStatsDelta,
  memoryReport,
  memorySnapshot,
  type GoValue,
  type MemoryReport,
  type MemorySnapshot,
} from '../core/memstats';
import type { Profile } from '../core/model';
import { withoutModeFlag } from './mode-flag';
import type { Flags } from './report';

type Decode = (file: string, inflateLimit?: number) => Profile;

/** The command line without its -memstats flag when it has one among the flags; undefined otherwise. */
export function withoutMemStatsFlag(argv: string[]): string[] | undefined {
  return withoutModeFlag(argv, 'memstats');
}

/** Why these flags do not go with -memstats, if they do not. */
export function memStatsMisuse(flags: Flags): string | undefined {
  if (flags.top || flags.dot || flags.goroutines) return 'choose one report: -memstats, -top, -dot or -goroutines';
  if (flags.base.length > 0 || flags.diffBase.length > 0) {
    return '-memstats compares the files it is given (the first with the last): give them all as FILEs, without -base';
  }
  return undefined;
}

/**
 * JSON whose integers are written exactly: bigint values become integer
 * tokens, and a list of them stays on one line (PauseNs has 256).
 */
export function exactJson(value: unknown): string {
  const mark = '\u0000int:';
  const text = JSON.stringify(
    value,
    (_k, v) => {
      if (typeof v === 'bigint') return `${mark}${v}`;
      if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'bigint')) return `${mark}[${v.join(', ')}]`;
      return v;
    },
    2,
  );
  return text.replace(/"\\u0000int:(-?\d+|\[[-\d, ]*\])"/g, '$1');
}

function goFields(s: MemorySnapshot): Record<string, GoValue> | null {
  return s.memStats ? goMemStats(s.memStats, s.memStatsExact) : null;
}

/** The report as JSON-ready data: Go's names and exact integers for every MemStats figure. */
export function memStatsJson(report: MemoryReport) {
  const files = report.files.map((f) => ({
    file: f.snapshot.name,
    kind: f.snapshot.kind,
    format: f.snapshot.format,
    memStats: goFields(f.snapshot),
    accounting: f.accounting ?? null,
    inuse_space: f.snapshot.inuseSpace ?? null,
    findings: f.findings,
  }));
  const p = report.pair;
  const delta = p && {
    base: report.files[p.base].snapshot.name,
    current: report.files[p.current].snapshot.name,
    memStats: goMemStatsDelta(goFields(report.files[p.base].snapshot) ?? {}, goFields(report.files[p.current].snapshot) ?? {}),
    accounting: p.delta,
    findings: p.findings,
  };
  return { files, delta: delta ?? null };
}

/** What `report -memstats [-json] FILE…` prints. */
export function memStatsReport(flags: Pick<Flags, 'json' | 'files' | 'inflateLimit'>, decode: Decode): string {
  const snapshots = flags.files.map((file) => memorySnapshot(decode(file, flags.inflateLimit), file));
  const report = memoryReport(snapshots);
  return flags.json ? `${exactJson(memStatsJson(report))}\n` : formatMemoryReport(report);
}
