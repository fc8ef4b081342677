// `report -flame -json [flags] [-base B] FILE` and `report -tree [-inverted]
// [flags] [-base B] FILE`: the tree the flame graph and the call tree draw
// (core/flame), as nested JSON nodes or an indented text for CI logs, after
// the flame graph's trimming (frames narrower than -nodefraction of the
// root, default 0.005, are left out).
//
// report.ts parses the flags and hands these command lines here.

import { compareProfiles } from '../core/diff';
import { DEFAULT_MIN_FRACTION, flameJson, FlameViews, formatTree } from '../core/flame';
import type { Profile } from '../core/model';
import { activeFilters, type ReportQuery } from '../core/report';
import { filterFlags, type Flags } from './report';

type Decode = (file: string, inflateLimit?: number) => Profile;

export interface FlameCommand {
  report: 'flame' | 'tree';
  inverted: boolean;
}

/**
 * The command line without its -flame, -tree and -inverted flags when it
 * has -flame or -tree among the flags (before the first file); undefined
 * otherwise. The rest is parsed as any report's flags.
 */
export function withoutFlameFlags(argv: string[]): { argv: string[]; command: FlameCommand } | undefined {
  let report: FlameCommand['report'] | undefined;
  let inverted = false;
  const rest: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--' || !arg.startsWith('-') || arg === '-') break;
    const m = /^--?(flame|tree|inverted)(=true)?$/.exec(arg);
    if (!m) {
      rest.push(arg);
      continue;
    }
    if (m[1] === 'inverted') inverted = true;
    else report ??= m[1] as FlameCommand['report']; // both: refused by flameMisuse
  }
  if (!report) return undefined;
  return { argv: [...rest, ...argv.slice(i)], command: { report, inverted } };
}

/** Why these flags do not go with -flame or -tree, if they do not. */
export function flameMisuse(flags: Flags, command: FlameCommand, argv: string[]): string | undefined {
  if (argv.some((a) => /^--?flame/.test(a)) && argv.some((a) => /^--?tree/.test(a))) return 'choose one report: -flame or -tree';
  if (flags.top || flags.dot || flags.goroutines) return `choose one report: -${command.report}, -top, -dot or -goroutines`;
  if (command.report === 'flame' && !flags.json) return '-flame prints JSON: add -json (or use -tree for text)';
  if (command.report === 'flame' && command.inverted) return '-inverted goes with -tree';
  if (command.report === 'tree' && flags.json) return '-tree prints text: use -flame -json for JSON';
  if (flags.base.length + flags.diffBase.length > 1) return `-${command.report}: give at most one -base or -diff_base`;
  return undefined;
}

/** What `report -flame -json` or `report -tree` prints, and pprof's warnings. */
export function flameReport(flags: Flags, command: FlameCommand, decode: Decode): { text: string; warnings: string[] } {
  const sources = flags.files.map((f) => decode(f, flags.inflateLimit));
  const current = sources.length === 1 ? sources[0] : compareProfiles(sources);
  const baseFile = flags.base[0] ?? flags.diffBase[0];
  const base = baseFile === undefined ? null : decode(baseFile, flags.inflateLimit);
  const query: ReportQuery = {
    mode: base === null ? 'current' : flags.diffBase.length > 0 ? 'diff_base' : 'diff',
    normalize: flags.normalize,
    sampleType: flags.sampleIndex,
    granularity: flags.granularity,
    ...filterFlags(flags),
  };
  const trees = new FlameViews().trees(current, base, query);
  const fraction = flags.nodeFraction ?? DEFAULT_MIN_FRACTION;
  const t = command.inverted ? trees.inverted() : trees.topDown;
  if (command.report === 'flame') {
    const json = { sampleType: t.sampleType, unit: t.sampleUnit, mode: trees.mode, total: t.total, minFraction: fraction, root: flameJson(t, fraction) };
    return { text: `${JSON.stringify(json, null, 2)}\n`, warnings: trees.warnings };
  }
  const header = [`Type: ${t.sampleType}`, ...(trees.mode === 'current' ? [] : [`Mode: ${trees.mode === 'diff' ? '-base' : trees.mode === 'diff_base' ? '-diff_base' : 'base alone'}`])];
  if (command.inverted) header.push('Inverted: each function where values are flat, its callers below it');
  const filters = activeFilters(trees.options);
  if (filters.length) header.push('Active filters:', ...filters.map((f) => `   ${f}`));
  return { text: formatTree(t, fraction, header), warnings: trees.warnings };
}
