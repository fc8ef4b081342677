// Report nodes: what one row of `-top` stands for at each granularity, and
// which row every line of every location belongs to.
//
// pprof (driver aggregate + graph nodeInfo) keys a node by
// (address, function name, file, start line, line number, object file):
//
//   functions (default)  name                        (file, line, address cleared)
//   filefunctions        name, file
//   files                file — the name is cleared, and a node without a
//                        name also keeps the object file and start line
//   lines                name, file, line number
//   addresses            address, name, file, line number (nothing cleared)
//
// A line without a function (an unsymbolized address) is a node of its
// address and object file, printed "[binary]" (or "<unknown>"). File names
// are trimmed of /proc/self/cwd/ and cleaned as Go's filepath.Clean does
// ("./main.go" → "main.go").
//
// Every location's lines become "entries" (innermost first, as in the
// profile); a location without lines has one entry for its address.

import { NONE, type Profile } from '../model';
import type { Granularity } from './options';

export interface NodeTable {
  length: number;
  /** What pprof prints for the node (NodeInfo.PrintableName). */
  name: string[];
  /** fmt.Sprint(NodeInfo): pprof's last tie-break when names are equal. */
  sprint: string[];
  /** The key's parts (the call graph draws them on separate lines). */
  info: NodeInfo[];
}

export interface EntryNodes {
  nodes: NodeTable;
  /** Node of line l (index into profile.lines). */
  ofLine: Int32Array;
  /** Node of the address entry of a location without lines; NONE otherwise. */
  ofBareLocation: Int32Array;
}

/** Go's path/filepath.Clean for slash-separated paths. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const parts = p.split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const s = (rooted ? '/' : '') + out.join('/');
  return s === '' ? (rooted ? '/' : '.') : s;
}

/** report.trimPath with no -trim_path and no -source_path. */
function trimPath(p: string): string {
  for (const prefix of ['/proc/self/cwd/./', '/proc/self/cwd/']) {
    if (p.startsWith(prefix)) return p.slice(prefix.length);
  }
  return p;
}

export function baseName(p: string): string {
  const s = p.replace(/\/+$/, '');
  if (s === '') return p === '' ? '.' : '/';
  return s.slice(s.lastIndexOf('/') + 1);
}

export interface NodeInfo {
  address: number;
  name: string;
  file: string;
  startLine: number;
  lineno: number;
  objfile: string;
}

function printable(i: NodeInfo): string {
  const parts: string[] = [];
  if (i.address !== 0) parts.push(i.address.toString(16).padStart(16, '0'));
  if (i.name !== '') parts.push(i.name);
  if (i.lineno !== 0) parts.push(`${i.file}:${i.lineno}`);
  else if (i.file !== '') parts.push(i.file);
  else if (i.name !== '') {
    // the name says it all
  } else if (i.objfile !== '') parts.push(`[${baseName(i.objfile)}]`);
  else parts.push('<unknown>');
  return parts.join(' ');
}

export function buildEntryNodes(p: Profile, granularity: Granularity): EntryNodes {
  const keepName = granularity !== 'files';
  const keepFile = granularity !== 'functions';
  const keepLine = granularity === 'lines' || granularity === 'addresses';
  const keepAddress = granularity === 'addresses';

  const { locations: locs, lines, functions: fns, mappings, strings } = p;
  const index = new Map<string, number>();
  const name: string[] = [];
  const sprint: string[] = [];
  const infos: NodeInfo[] = [];
  const intern = (i: NodeInfo): number => {
    const key = `${i.address}\u0000${i.name}\u0000${i.file}\u0000${i.startLine}\u0000${i.lineno}\u0000${i.objfile}`;
    let n = index.get(key);
    if (n === undefined) {
      n = name.length;
      index.set(key, n);
      name.push(printable(i));
      infos.push(i);
      // {Name OrigName Address File StartLine Lineno Objfile}
      sprint.push(`{${i.name}  ${i.address} ${i.file} ${i.startLine} ${i.lineno} ${i.objfile}}`);
    }
    return n;
  };

  const cleanFile = new Array<string | undefined>(fns.length);
  const fileOf = (f: number): string => {
    let s = cleanFile[f];
    if (s === undefined) {
      const raw = trimPath(strings[fns.filename[f]]);
      s = raw === '' ? '' : cleanPath(raw);
      cleanFile[f] = s;
    }
    return s;
  };
  const objfileOf = (loc: number): string => {
    const m = locs.mapping[loc];
    return m === NONE ? '' : strings[mappings.filename[m]];
  };
  // Nodes that depend on the function alone (it has a name, no line/address in the key).
  const byFunction = new Int32Array(fns.length).fill(NONE);
  const functionOnly = !keepLine && !keepAddress && keepName;

  const ofLine = new Int32Array(lines.length);
  const ofBareLocation = new Int32Array(locs.length).fill(NONE);
  for (let loc = 0; loc < locs.length; loc++) {
    const address = keepAddress ? locs.address[loc] : 0;
    const l0 = locs.lineStart[loc];
    const l1 = locs.lineStart[loc + 1];
    if (l0 === l1) {
      ofBareLocation[loc] = intern({ address, name: '', file: '', startLine: 0, lineno: 0, objfile: objfileOf(loc) });
      continue;
    }
    for (let l = l0; l < l1; l++) {
      const f = lines.function[l];
      if (f === NONE) {
        ofLine[l] = intern({ address, name: '', file: '', startLine: 0, lineno: 0, objfile: objfileOf(loc) });
        continue;
      }
      const fname = keepName ? strings[fns.name[f]] : '';
      if (functionOnly && fname !== '' && byFunction[f] !== NONE) {
        ofLine[l] = byFunction[f];
        continue;
      }
      const info: NodeInfo = {
        address,
        name: fname,
        file: keepFile ? fileOf(f) : '',
        startLine: 0,
        lineno: keepLine ? lines.line[l] : 0,
        objfile: '',
      };
      if (fname === '') {
        info.objfile = objfileOf(loc);
        info.startLine = fns.startLine[f];
      }
      const n = intern(info);
      if (functionOnly && fname !== '') byFunction[f] = n;
      ofLine[l] = n;
    }
  }
  return { nodes: { length: name.length, name, sprint, info: infos }, ofLine, ofBareLocation };
}

/** Go's regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** A Go regexp that focuses on (or hides) a node: its file with -files, else its function; null when it has neither (an address). */
export function focusRegexp(info: NodeInfo, granularity: Granularity | undefined): string | null {
  if (granularity === 'files') return info.file ? `${quoteMeta(info.file)}$` : null;
  return info.name ? `^${quoteMeta(info.name)}$` : null;
}
