// Frames of a profile as a goroutine view sees them: one canonical function per
// (name, file) — so two profiles with different string tables name the same
// frame the same way — each marked runtime / stdlib / user, and every
// location unfolded into its frames, innermost first ("the last entry is the
// caller", profile.proto on Location.line).

import type { Profile } from '../model';

export const FrameKind = {
  user: 0,
  stdlib: 1,
  runtime: 2,
  /** A location without lines: an address nobody symbolized. */
  unknown: 3,
} as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

export type FrameKindName = 'user' | 'stdlib' | 'runtime' | 'unknown';
export const FRAME_KIND_NAMES: readonly FrameKindName[] = ['user', 'stdlib', 'runtime', 'unknown'];

/**
 * Top-level directories of Go's standard library (GOROOT/src). A package
 * whose import path starts with one of these and has no dot in its first
 * element is the standard library; `main` and module paths are user code.
 */
const STD_ROOTS = new Set([
  'archive', 'arena', 'bufio', 'builtin', 'bytes', 'cmp', 'compress', 'container', 'context',
  'crypto', 'database', 'debug', 'embed', 'encoding', 'errors', 'expvar', 'flag', 'fmt', 'go',
  'hash', 'html', 'image', 'index', 'internal', 'io', 'iter', 'log', 'maps', 'math', 'mime',
  'net', 'os', 'path', 'plugin', 'reflect', 'regexp', 'runtime', 'slices', 'sort', 'strconv',
  'strings', 'structs', 'sync', 'syscall', 'testing', 'text', 'time', 'unicode', 'unique',
  'unsafe', 'vendor', 'weak',
]);

/** Import path of the package a Go function belongs to ("net/http.(*conn).serve" → "net/http"). */
export function goPackage(fn: string): string {
  // Generic instantiations may carry import paths in brackets: cut them first.
  let end = fn.length;
  const bracket = fn.indexOf('[');
  if (bracket >= 0) end = bracket;
  const slash = fn.lastIndexOf('/', end - 1);
  const dot = fn.indexOf('.', slash + 1);
  return dot >= 0 && dot < end ? fn.slice(0, dot) : fn.slice(0, end);
}

export function frameKindOf(fn: string): FrameKind {
  const pkg = goPackage(fn);
  // runtime/internal/* (≤ Go 1.22) and internal/runtime/* (≥ 1.23) are the
  // runtime too; runtime/pprof, runtime/debug and runtime/trace are not.
  if (pkg === 'runtime' || pkg.startsWith('runtime/internal/') || pkg.startsWith('internal/runtime/')) {
    return FrameKind.runtime;
  }
  const slash = pkg.indexOf('/');
  const root = slash < 0 ? pkg : pkg.slice(0, slash);
  return STD_ROOTS.has(root) ? FrameKind.stdlib : FrameKind.user;
}

/** Frames of every location, columnar. */
export interface FrameTable {
  /** Frames of location l are start[l] .. start[l+1]-1, innermost first. */
  start: Int32Array;
  /** Canonical function of each frame. */
  fn: Int32Array;
  line: Float64Array;
  /** 1 when the frame was inlined into the next one (its caller, same location). */
  inline: Uint8Array;
  /** Per canonical function. */
  names: string[];
  files: string[];
  kind: Uint8Array;
  /** 1 for runtime.goexit, the root of every goroutine, which the proto never shows. */
  skip: Uint8Array;
}

export function buildFrameTable(p: Profile): FrameTable {
  const { locations, lines, functions, strings } = p;
  const canonIndex = new Map<string, number>();
  const names: string[] = [];
  const files: string[] = [];
  const kinds: number[] = [];
  const canon = (name: string, file: string, unsymbolized = false): number => {
    const k = unsymbolized ? `\u0001${name}` : `${name}\u0000${file}`;
    let c = canonIndex.get(k);
    if (c === undefined) {
      c = names.length;
      names.push(name);
      files.push(file);
      kinds.push(unsymbolized ? FrameKind.unknown : frameKindOf(name));
      canonIndex.set(k, c);
    }
    return c;
  };
  const fnCanon = new Int32Array(functions.length);
  for (let f = 0; f < functions.length; f++) {
    fnCanon[f] = canon(strings[functions.name[f]] ?? '', strings[functions.filename[f]] ?? '');
  }

  let count = 0;
  for (let l = 0; l < locations.length; l++) {
    count += Math.max(1, locations.lineStart[l + 1] - locations.lineStart[l]);
  }
  const start = new Int32Array(locations.length + 1);
  const fn = new Int32Array(count);
  const line = new Float64Array(count);
  const inline = new Uint8Array(count);
  let k = 0;
  for (let l = 0; l < locations.length; l++) {
    start[l] = k;
    const a = locations.lineStart[l];
    const b = locations.lineStart[l + 1];
    if (a === b) {
      fn[k] = canon(`0x${locations.address[l].toString(16)}`, '', true);
      line[k] = 0;
      k++;
      continue;
    }
    for (let j = a; j < b; j++) {
      fn[k] = fnCanon[lines.function[j]];
      line[k] = lines.line[j];
      inline[k] = j < b - 1 ? 1 : 0;
      k++;
    }
  }
  start[locations.length] = k;

  const kind = Uint8Array.from(kinds);
  const skip = new Uint8Array(names.length);
  for (let c = 0; c < names.length; c++) skip[c] = names[c] === 'runtime.goexit' ? 1 : 0;
  return { start, fn, line, inline, names, files, kind, skip };
}
