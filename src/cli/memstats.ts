// `report -memstats [-json] FILE…`: the memory accounting of each ?debug=1
// heap profile (its `# runtime.MemStats` block) and the Δ of the first and
// last that have one, with findings. -json prints Go's MemStats field names
// with the file's exact integers (LastGC and PauseEnd are beyond 2^53, so the
// JSON is written with integer tokens, not JavaScript numbers).
//
// report.ts hands `-memstats` command lines here before its own flag parsing.

import type { Profile } from '../core/model/profile';
import {
  goMemStats,
  goMemStatsDelta,
  memorySnapshot,
  memoryReport,
  formatMemoryReport,
  type GoValue,
  type MemoryReport,
} from '../core/memstats';

const USAGE = `usage: npm run --silent report -- -memstats [-json] FILE...

  -memstats             where the process's memory is, from the # runtime.MemStats
                        block of ?debug=1 heap profiles: each file's accounting,
                        the change from the first to the last, and findings
  -json                 the same as JSON, with Go's MemStats field names and exact
                        integer values
  -inflate_limit BYTES  cap on decompressed size (default 1 GiB)`;

type Decode = (file: string, inflateLimit?: number) => Profile;

/** Whether the command line asks for -memstats (among the flags before the first file). */
export function isMemStatsCommand(argv: string[]): boolean {
  for (const arg of argv) {
    if (arg === '--' || !arg.startsWith('-') || arg === '-') return false;
    if (/^--?memstats(=|$)/.test(arg)) return true;
  }
  return false;
}

class MemStatsUsageError extends Error {}

interface MemStatsFlags {
  json: boolean;
  inflateLimit?: number;
  files: string[];
}

/** Go's flag syntax for the few flags -memstats takes; a bool flag's value only after "=". */
export function parseMemStatsFlags(argv: string[]): MemStatsFlags {
  const f: MemStatsFlags = { json: false, files: [] };
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    const [name, inline] = arg.replace(/^--?/, '').split(/=(.*)/s);
    if (name === 'memstats' || name === 'json') {
      const on = inline === undefined || /^(1|t|T|TRUE|true|True)$/.test(inline);
      if (!on && !/^(0|f|F|FALSE|false|False)$/.test(inline)) throw new MemStatsUsageError(`invalid boolean value "${inline}" for -${name}`);
      if (name === 'json') f.json = on;
      else if (!on) throw new MemStatsUsageError('-memstats=false: choose another report');
    } else if (name === 'inflate_limit') {
      const text = inline ?? argv[++i];
      const n = Number(text);
      if (text === undefined || text.trim() === '' || !(n > 0)) throw new MemStatsUsageError('invalid value for -inflate_limit');
      f.inflateLimit = n;
    } else if (name === 'h' || name === 'help') {
      throw new MemStatsUsageError('');
    } else {
      throw new MemStatsUsageError(`flag provided but not defined with -memstats: -${name}`);
    }
  }
  f.files = argv.slice(i);
  if (f.files.length === 0) throw new MemStatsUsageError('give one or more heap profiles');
  const stray = f.files.find((a) => /^-\w/.test(a));
  if (stray) throw new MemStatsUsageError(`${stray}: flags go before the profile files (as with go tool pprof)`);
  return f;
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

function goFields(s: MemoryReport['files'][number]['snapshot']): Record<string, GoValue> | null {
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

/** Runs `report -memstats …`; the exit code: 0, 1 for a file that cannot be read, 2 for a usage error. */
export function memStatsCommand(argv: string[], decode: Decode): number {
  let flags: MemStatsFlags;
  try {
    flags = parseMemStatsFlags(argv);
  } catch (e) {
    if (!(e instanceof MemStatsUsageError)) throw e;
    if (e.message) process.stderr.write(`${e.message}\n`);
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const snapshots = [];
  for (const file of flags.files) {
    let profile: Profile;
    try {
      profile = decode(file, flags.inflateLimit);
    } catch (e) {
      if (!(e instanceof Error)) throw e;
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    snapshots.push(memorySnapshot(profile, file));
  }
  const report = memoryReport(snapshots);
  process.stdout.write(flags.json ? `${exactJson(memStatsJson(report))}\n` : formatMemoryReport(report));
  return 0;
}
