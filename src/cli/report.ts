// `npm run --silent report -- [flags] FILE…`: the same core the page runs,
// for tests and CI pipelines.
//
//   -json                 a JSON summary of one profile (kind, types, totals…)
//   -top                  go tool pprof's -top text, byte for byte
//   -top -json            the same rows as JSON
//   -dot                  go tool pprof's -dot call graph (DOT text)
//   -dot -json            the same graph as data (what the page draws)
//   -goroutines[=LEVEL]   goroutine clusters, largest growth first (with -base)
//   -memstats             memory accounting from MemStats (memstats.ts)
//   -flame -json          the flame graph's tree as nested nodes (flame.ts)
//   -tree [-inverted]     the call tree as indented text (flame.ts)
//   -trend                how each function moved across the snapshots (trend.ts)
//
// Flags follow Go's flag package, because the users come from
// `go tool pprof`: -flag, --flag, -flag=value, -flag value (not for bool
// flags: -cum=false), and flags end at the first argument that is not one
// ("--" ends them too). Several FILEs are merged, as pprof merges sources;
// with two or more, a first one that is not a profile is taken for pprof's
// [binary] argument and skipped (symbols come from the profile).

import { checkCompatible, compareProfiles, IncompatibleProfilesError } from '../core/diff';
import { isProfileError } from '../core/errors';
import { FilterError } from '../core/filter';
import { formatValue } from '../core/format';
import type { Profile } from '../core/model';
import { activeFilters, REPORT_OPTIONS, ReportQueryError, sampleIndexByName, type OptionSpec, type ReportOptionValues, type ReportQuery } from '../core/report';
import { summarize } from '../core/summary';
import { formatTop, outputUnit, topHeader, TopEngine, TopViews } from '../core/top';
import { formatGoroutineReport, goroutineReport, SIMILARITY_LEVELS, type SimilarityLevel } from '../core/goroutines';
import { buildGraph, formatDot } from '../core/graph';
import { memStatsMisuse, memStatsReport, withoutMemStatsFlag } from './memstats';
import { flameMisuse, flameReport, withoutFlameFlags } from './flame';
import { trendCommand, trendMisuse, withoutTrendFlag } from './trend';
import { decodeFiles, decodeHere, type FileResult } from './decode-files';

const USAGE = `usage: npm run --silent report -- [flags] FILE...

Reports
  -json                 JSON summary of one profile: format, kind, sample types,
                        totals per type, table sizes, time, period and MemStats
  -top                  top entries in text form, exactly as go tool pprof -top
                        (with -json: the rows as JSON)
  -dot                  the call graph in DOT, exactly as go tool pprof -dot
                        (with -json: nodes, edges and legend as JSON)
  -goroutines[=LEVEL]   goroutine clusters, largest growth first; with -base,
                        leak suspects and why. LEVEL: exact, lines (default),
                        functions, parked. Exits 3 when a leak is suspected.
  -memstats             where the process's memory is, from the # runtime.MemStats
                        block of ?debug=1 heap profiles: each FILE's accounting,
                        the change from the first to the last, and findings
                        (with -json: Go's MemStats names, exact integers)
  -flame -json          the flame graph's tree: nested nodes with name, base,
                        current, value (Δ with a base) and flat, frames narrower
                        than -nodefraction of the root (default 0.005) left out
  -tree [-inverted]     the same tree as indented text with the table's columns
                        (bottom-up with -inverted: where values are flat, then
                        their callers)
  -trend                how each function moved across the FILEs (snapshots of one
                        program, ordered by their times, else as given): grew in
                        every interval first, then peaks, then the rest, with the
                        value in every snapshot (with -json: rows of name, values,
                        shape…). Takes the -top options and filters. Exits 3 when
                        a row grew in every interval by more than 1% of the last
                        total.
Comparison
  -base FILE            subtract FILE (go tool pprof -base)
  -diff_base FILE       compare with FILE; percentages relative to its total
  -normalize            scale the current profile to the base's total first
Options
  -sample_index NAME|N  sample type (default: the profile's default, else the last)
  -inuse_space -inuse_objects -alloc_space -alloc_objects  same as -sample_index=…
  -cum                  sort by cumulative value
  -functions -filefunctions -files -lines -addresses  granularity (default functions)
  -noinlines            attribute inlined functions to their callers
  -nodecount N          show at most N rows (default: all; -dot: 80)
  -nodefraction F       hide nodes below F × total (default 0.005)
  -edgefraction F       hide edges below F × total (default 0.001)
  -focus RE  -ignore RE  -hide RE  -show RE  -show_from RE   (Go regexp syntax)
  -tagfocus RE|RANGE  -tagignore RE|RANGE                    e.g. bytes=1kb:
  -blame_user           charge each sample to its deepest frame in your own code
                        (not runtime, standard library, well-known modules)
  -symbolize none       accepted for pprof's command lines: names always come
                        from the profile
  -inflate_limit BYTES  cap on decompressed size (default 1 GiB)`;

/** pprof's report options (core/report options.ts), the sample type by pprof's name for it (-sample_index), and the CLI's own. */
export interface Flags extends Omit<ReportOptionValues, 'mode' | 'sampleType'> {
  json: boolean;
  top: boolean;
  dot: boolean;
  goroutines?: SimilarityLevel;
  cum: boolean;
  base: string[];
  diffBase: string[];
  normalize: boolean;
  sampleIndex?: string;
  noInlines: boolean;
  blame: boolean;
  inflateLimit?: number;
  files: string[];
}

export class UsageError extends Error {}

/** strconv.ParseBool. */
function parseBool(name: string, v: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  throw new UsageError(`invalid boolean value "${v}" for -${name}`);
}

/** The registry's options by their flags, and by the flags that set them to a value (-inuse_space, -lines, -flat). */
const OPTION_FLAGS = new Map<string, { o: OptionSpec; value?: string | false }>();
for (const o of REPORT_OPTIONS as readonly OptionSpec[]) {
  if (o.flag !== null) OPTION_FLAGS.set(o.flag, { o });
  for (const v of o.valueFlags ?? []) OPTION_FLAGS.set(v, { o, value: v });
  if (o.words) OPTION_FLAGS.set(o.words[0], { o, value: false });
}

/** The Flags field of an option: pprof names the sample type -sample_index. */
const flagsField = (o: OptionSpec) => (o.key === 'sampleType' ? 'sampleIndex' : o.key);

export function parseFlags(argv: string[]): Flags {
  const f: Flags = { json: false, top: false, dot: false, cum: false, base: [], diffBase: [], normalize: false, noInlines: false, blame: false, files: [] };
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    const inline = eq < 0 ? undefined : body.slice(eq + 1);
    const bool = () => (inline === undefined ? true : parseBool(name, inline));
    const value = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) throw new UsageError(`flag needs an argument: -${name}`);
      return argv[++i];
    };
    const number = (kind: 'int' | 'float') => {
      const text = value();
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n) || (kind === 'int' && !Number.isInteger(n))) {
        throw new UsageError(`invalid value "${text}" for flag -${name}: parse error`);
      }
      return n;
    };
    switch (name) {
      case 'json': f.json = bool(); break;
      case 'top': f.top = bool(); break;
      case 'dot': f.dot = bool(); break;
      case 'goroutines': {
        const level = inline === undefined ? 'lines' : inline;
        if (!SIMILARITY_LEVELS.includes(level as SimilarityLevel)) {
          throw new UsageError(`invalid value "${level}" for -goroutines: one of ${SIMILARITY_LEVELS.join(', ')}`);
        }
        f.goroutines = level as SimilarityLevel;
        break;
      }
      case 'base': f.base.push(value()); break;
      case 'diff_base': f.diffBase.push(value()); break;
      case 'symbolize': {
        // Names come from the profile only, which is pprof's -symbolize=none.
        const mode = value();
        if (mode !== 'none') throw new UsageError(`-symbolize=${mode}: only -symbolize=none (names are read from the profile, never from binaries)`);
        break;
      }
      case 'inflate_limit': {
        const n = number('float');
        if (n <= 0) throw new UsageError('invalid value for -inflate_limit');
        f.inflateLimit = n;
        break;
      }
      case 'h':
      case 'help':
        throw new UsageError('');
      default: {
        const option = OPTION_FLAGS.get(name);
        if (!option) throw new UsageError(`flag provided but not defined: -${name}`);
        const { o } = option;
        const field = flagsField(o) as keyof Flags;
        const set = (v: unknown) => ((f as unknown as Record<string, unknown>)[field] = v);
        if (option.value === false) {
          if (bool()) set(false); // -flat: the bool's other word
        } else if (option.value !== undefined) {
          if (bool()) set(option.value);
        } else if (o.type === 'bool') set(bool());
        else if (o.type === 'int') set(number('int'));
        else if (o.type === 'fraction') set(number('float'));
        else set(value());
      }
    }
  }
  f.files = argv.slice(i);
  const stray = f.files.slice(1).find((a) => /^-\w/.test(a));
  if (stray) throw new UsageError(`${stray}: flags go before the profile files (as with go tool pprof)`);
  if (f.base.length > 0 && f.diffBase.length > 0) throw new UsageError('-base and -diff_base flags cannot both be specified');
  if (f.top && f.dot) throw new UsageError('choose one report: -top or -dot');
  return f;
}

class FileError extends Error {}

/** Files of the command line decoded all at once before the report asks for them (decode-files.ts); each handed out once. */
const decodedAhead = new Map<string, FileResult>();

async function decodeAhead(files: string[], inflateLimit?: number): Promise<void> {
  const distinct = [...new Set(files)];
  if (distinct.length < 2) return;
  for (const r of await decodeFiles(distinct, { inflateLimit })) decodedAhead.set(r.file, r);
}

function decodeFile(file: string, inflateLimit?: number): Profile {
  const ahead = decodedAhead.get(file);
  decodedAhead.delete(file);
  try {
    if (!ahead) return decodeHere(file, inflateLimit);
    if ('error' in ahead) throw ahead.error;
    return ahead.profile;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new FileError(`${file}: no such file`);
    if (isProfileError(e)) throw new FileError(`${file}: ${e.message}`);
    throw e;
  }
}

/** The sources to merge, dropping a leading [binary] argument as pprof would use it. */
function decodeSources(files: string[], inflateLimit?: number): Profile[] {
  const out: Profile[] = [];
  files.forEach((file, k) => {
    try {
      out.push(decodeFile(file, inflateLimit));
    } catch (e) {
      if (k === 0 && files.length > 1 && e instanceof FileError) return; // pprof's [binary]
      throw e;
    }
  });
  return out;
}

/** The filters, inlining and attribution of the flags, as every report's query and engine options have them. */
export function filterFlags(flags: Flags) {
  return {
    focus: flags.focus,
    ignore: flags.ignore,
    hide: flags.hide,
    show: flags.show,
    showFrom: flags.showFrom,
    tagFocus: flags.tagFocus,
    tagIgnore: flags.tagIgnore,
    noInlines: flags.noInlines,
    blame: flags.blame,
  };
}

/** The merged (or compared) profile of the flags, and the engine options they give. */
function reportSetup(flags: Flags) {
  const current = decodeSources(flags.files, flags.inflateLimit);
  const bases = [...flags.base, ...flags.diffBase].map((b) => decodeFile(b, flags.inflateLimit));
  const profile = compareProfiles(current, bases, {
    mode: flags.diffBase.length > 0 ? 'diff_base' : 'base',
    normalize: flags.normalize,
  });
  const engine = new TopEngine(profile);
  const options = { sampleIndex: sampleIndexByName(profile, flags.sampleIndex), ...flagQuery(flags) };
  return { profile, engine, options };
}

/** One current profile and one base (-base or -diff_base) that can be compared, decoded; null for any other command line. */
function comparedPair(flags: Flags): { current: Profile; base: Profile } | null {
  const bases = [...flags.base, ...flags.diffBase];
  if (flags.files.length !== 1 || bases.length !== 1) return null;
  const [current] = decodeSources(flags.files, flags.inflateLimit);
  const base = decodeFile(bases[0], flags.inflateLimit);
  checkCompatible(current, base);
  return { current, base };
}

/** The registry's report options the flags set (the sample type aside: each report resolves it in its profiles). */
export function flagQuery(flags: Flags) {
  return {
    granularity: flags.granularity,
    cum: flags.cum,
    nodeCount: flags.nodeCount,
    nodeFraction: flags.nodeFraction,
    edgeFraction: flags.edgeFraction,
    ...filterFlags(flags),
  };
}

export function topReport(flags: Flags): { text: string; warnings: string[] } {
  const pair = !flags.json && !flags.normalize ? comparedPair(flags) : null;
  if (pair) {
    // As the page's table: a large pair is read from its two sides, not merged (docs/decisions/0032).
    const views = new TopViews();
    const query: ReportQuery = { mode: flags.diffBase.length > 0 ? 'diff_base' : 'diff', sampleType: flags.sampleIndex, ...flagQuery(flags) };
    const text = views.text(pair.current, pair.base, query);
    return { text, warnings: views.view(pair.current, pair.base, { ...query, limit: 0 }).warnings };
  }
  const { profile, engine, options } = reportSetup(flags);
  const result = engine.compute(options);
  const textOptions = { activeFilters: activeFilters(options), blame: flags.blame };
  if (!flags.json) return { text: formatTop(profile, result, textOptions), warnings: result.warnings };
  const unit = outputUnit(result);
  const json = {
    header: topHeader(profile, result, textOptions),
    sampleType: result.sampleType,
    unit: result.sampleUnit,
    outputUnit: unit,
    total: result.total,
    flatSum: result.flatSum,
    droppedNodes: result.droppedNodes,
    rows: result.rows.map((r) => ({
      name: r.name,
      inline: r.inline || undefined,
      flat: r.flat,
      cum: r.cum,
      flatText: formatValue(r.flat, result.sampleUnit, unit),
      cumText: formatValue(r.cum, result.sampleUnit, unit),
    })),
  };
  return { text: `${JSON.stringify(json, null, 2)}\n`, warnings: result.warnings };
}

export function dotReport(flags: Flags): { text: string; warnings: string[] } {
  const { engine, options } = reportSetup(flags);
  const graph = buildGraph(engine, options);
  const text = flags.json ? `${JSON.stringify(graph, null, 2)}\n` : formatDot(graph);
  return { text, warnings: graph.warnings };
}

async function main(argv: string[]): Promise<number> {
  const memstats = withoutMemStatsFlag(argv);
  const trend = withoutTrendFlag(memstats ?? argv);
  const flame = memstats || trend ? undefined : withoutFlameFlags(argv);
  let flags: Flags;
  try {
    if (memstats && trend) throw new UsageError('choose one report: -trend or -memstats');
    flags = parseFlags(trend ?? memstats ?? flame?.argv ?? argv);
    const misuse = (memstats && memStatsMisuse(flags)) || (trend && trendMisuse(flags)) || (flame && flameMisuse(flags, flame.command, argv));
    if (misuse) throw new UsageError(misuse);
    if (!memstats && !trend && !flame && !flags.json && !flags.top && !flags.dot && !flags.goroutines) throw new UsageError('choose a report: -top, -dot, -goroutines, -memstats, -trend, -flame, -tree or -json');
    if (flags.files.length === 0) throw new UsageError('give a profile file');
    if (!memstats && !trend && !flame && !flags.top && !flags.dot && flags.files.length !== 1) throw new UsageError('-json: give exactly one profile file');
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.message) process.stderr.write(`${e.message}\n`);
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  try {
    await decodeAhead([...flags.files, ...flags.base, ...flags.diffBase], flags.inflateLimit);
    if (memstats) {
      process.stdout.write(memStatsReport(flags, decodeFile));
      return 0;
    }
    if (flame) {
      const { text, warnings } = flameReport(flags, flame.command, decodeFile);
      for (const w of warnings) process.stderr.write(`${w}\n`);
      process.stdout.write(text);
      return 0;
    }
    if (trend) {
      const { text, warnings, status } = trendCommand(flags, { sampleType: flags.sampleIndex, ...flagQuery(flags) }, decodeFile);
      for (const w of warnings) process.stderr.write(`${w}\n`);
      process.stdout.write(text);
      return status;
    }
    if (flags.goroutines) {
      if (flags.files.length !== 1 || flags.base.length > 1) throw new UsageError('-goroutines: give one profile, and at most one -base');
      const current = decodeFile(flags.files[0], flags.inflateLimit);
      const base = flags.base.length ? decodeFile(flags.base[0], flags.inflateLimit) : undefined;
      const report = goroutineReport(current, { base, level: flags.goroutines });
      process.stdout.write(formatGoroutineReport(report));
      // A CI pipeline can gate on a suspected leak without parsing the text.
      return report.suspects > 0 ? 3 : 0;
    }
    if (flags.top || flags.dot) {
      const { text, warnings } = flags.top ? topReport(flags) : dotReport(flags);
      for (const w of warnings) process.stderr.write(`${w}\n`);
      process.stdout.write(text);
      return 0;
    }
    const profile = decodeFile(flags.files[0], flags.inflateLimit);
    process.stdout.write(`${JSON.stringify(summarize(profile), null, 2)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof FileError || e instanceof FilterError || e instanceof ReportQueryError || e instanceof IncompatibleProfilesError || e instanceof UsageError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

// Run only as the entry point, so tests can import parseFlags.
if (process.argv[1] && /report\.[cm]?[jt]s$/.test(process.argv[1])) process.exitCode = await main(process.argv.slice(2));
