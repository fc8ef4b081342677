// The memory map that ends most legacy profiles: /proc/self/maps lines, or
// the brief "start-end: file" form, after a "--- Memory map: ---" or
// "MAPPED_LIBRARIES:" line. Only executable ranges become mappings: those
// are the ones a return address can fall in.

import { hexValue } from './hex';
import type { TextLines } from './text-lines';

export interface MappingSpec {
  start: number;
  limit: number;
  offset: number;
  file: string;
  buildId: string;
}

const SENTINELS = ['--- Memory map: ---', 'MAPPED_LIBRARIES:'];

export function isMemoryMapSentinel(line: string): boolean {
  return SENTINELS.some((s) => line.includes(s));
}

// pprof's grammar for a mapping line, written out with Go's \s ([\t\n\f\r ]):
//   Start   End     object file name     offset(optional)   linker build id
//   0x40000-0x80000 /path/to/binary      (@FF00)            abc123456
// or a /proc/<pid>/maps line: start-end perms offset dev inode [path].
const S = '[\\t\\n\\f\\r ]';
const NOT_S = '[^\\t\\n\\f\\r ]';
const HEX = '[0-9A-Fa-f]';
// The addresses are uint64s, so at most 16 digits: pprof's HEX+ would backtrack
// quadratically over a long run of hex letters (a 200 KB "aaaa…" line, found
// by fuzzing), and more digits could not parse anyway.
const RANGE = `^${S}*(?:0x)?(${HEX}{1,16})(?:${S}|-)?${S}*(?:0x)?(${HEX}{1,16}):?`;
const PERM = `(?:${S}+([-rwxp]+))?`;
const PROC_MAPS = new RegExp(`${RANGE}${PERM}(?:${S}+(${HEX}+))?${S}+${HEX}+:${HEX}+${S}+[0-9]+(?:${S}+(${NOT_S}+))?`);
const BRIEF_MAPS = new RegExp(`${RANGE}${PERM}(?:${S}+(${NOT_S}+))?(?:${S}+\\(@(${HEX}+)\\))?(?:${S}+(${HEX}+))?`);

/** glog's "file.cc:123] " prefix, when the map was copied out of a log. */
const LOG_PREFIX = /^[^[\]]+:[0-9]+\][\t\n\f\r ]/;

/** A parsed line: a mapping, `null` for a non-executable one, `undefined` when not a mapping line. */
function parseMappingLine(line: string): MappingSpec | null | undefined {
  let start: string, end: string, perm: string | undefined, offset: string | undefined, file: string | undefined;
  let buildId: string | undefined;
  let m = PROC_MAPS.exec(line);
  if (m) {
    [, start, end, perm, offset, file] = m;
  } else if ((m = BRIEF_MAPS.exec(line))) {
    [, start, end, perm, file, offset, buildId] = m;
  } else {
    return undefined;
  }
  if (perm && !perm.includes('x')) return null;
  const s = hexValue(start);
  const l = hexValue(end);
  const o = offset ? hexValue(offset) : 0;
  if (Number.isNaN(s) || Number.isNaN(l) || Number.isNaN(o)) return undefined;
  return { start: s, limit: l, offset: o, file: file ?? '', buildId: buildId ?? '' };
}

/**
 * Replaces "$name" by the value of an earlier "name=value" line, the first
 * assignment winning where two names match at one place (Go's strings.Replacer).
 */
function substitute(line: string, vars: [string, string][]): string {
  if (vars.length === 0 || !line.includes('$')) return line;
  let out = '';
  let i = 0;
  outer: while (i < line.length) {
    for (const [name, value] of vars) {
      if (line.startsWith(name, i)) {
        out += value;
        i += name.length;
        continue outer;
      }
    }
    out += line[i++];
  }
  return out;
}

/** Reads the rest of `lines` as a memory map; lines that are not mappings are skipped, as pprof does. */
export function parseProcMaps(lines: TextLines): MappingSpec[] {
  const out: MappingSpec[] = [];
  const vars: [string, string][] = [];
  for (let raw = lines.next(); raw !== null; raw = lines.next()) {
    const p = LOG_PREFIX.exec(raw);
    const line = substitute(p ? raw.slice(p[0].length) : raw, vars);
    const m = parseMappingLine(line);
    if (m) out.push(m);
    else if (m === undefined) {
      const eq = line.indexOf('=');
      if (eq >= 0) vars.push([`$${line.slice(0, eq).trim()}`, line.slice(eq + 1).trim()]);
    }
  }
  return out;
}

/**
 * pprof's parseAdditionalSections: skip whatever sections follow the samples
 * (starting with `current`, the line that ended them) up to the memory map,
 * then read it.
 */
export function readMemoryMapSection(lines: TextLines, current: string | null): MappingSpec[] {
  let line = current;
  while (line !== null && !isMemoryMapSentinel(line)) line = lines.next();
  return parseProcMaps(lines);
}
