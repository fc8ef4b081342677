// How a node's name is drawn: pprof shortens a function name to what
// follows its package path (internal/graph ShortenFunctionName) and breaks
// it into lines at every '.' and '::' (multilinePrintableName), so
// "compress/flate.(*compressor).init" becomes "flate", "(*compressor)",
// "init". The rules, as pprof states them:
//
//   - a leading "(anonymous namespace)::" goes (C++);
//   - a major-version element "/vN" (N ≥ 2) of a Go module path goes;
//   - Go: everything up to the last '/' of the package path goes;
//   - Java: the package (lower-case dotted prefix) and arguments go;
//   - C++: namespaces before the class go, template arguments stay;
//   - Go's "[...]" (type parameters) is kept as "[…]" and not split.

import { baseName, type NodeInfo } from '../report';

const CPP_ANONYMOUS = /^\(anonymous namespace\)::/;
const GO_VERSION = /^(.*?)\/v(?:[2-9]|[1-9][0-9]+)([./].*)$/;
const GO_PACKAGE = /^(?:[\w\-.]+\/)+(.+)/;
const JAVA = /^(?:[a-z]\w*\.)*([A-Z][\w$]*\.(?:<init>|[a-z][\w$]*(?:\$\d+)?))(?:\(|$)/;
const CPP = /^(?:[_a-zA-Z]\w*::)+(_*[A-Z]\w*::~?[_a-zA-Z]\w*(?:<.*>)?)/;

/** pprof's ShortenFunctionName. */
export function shortenFunctionName(f: string): string {
  f = f.replace(CPP_ANONYMOUS, '');
  f = f.replace(GO_VERSION, '$1$2');
  for (const re of [GO_PACKAGE, JAVA, CPP]) {
    const m = re.exec(f);
    if (m && m.length >= 2) return m.slice(1).join('');
  }
  return f;
}

/** The lines of a node's label: address, the shortened name split at '.' and '::', file:line. */
export function nameLines(info: NodeInfo): string[] {
  const out: string[] = [];
  if (info.address !== 0) out.push(info.address.toString(16).padStart(16, '0'));
  if (info.name !== '') {
    const short = shortenFunctionName(info.name).replace(/\[\.\.\.\]/g, '[…]');
    for (const part of short.split(/::|\./)) out.push(part);
  }
  const file = info.file === '' ? '' : baseName(info.file);
  if (info.lineno !== 0) out.push(`${file}:${info.lineno}`);
  else if (file !== '') out.push(file);
  else if (info.name !== '') {
    // the name says it all
  } else if (info.objfile !== '') out.push(`[${baseName(info.objfile)}]`);
  else out.push('<unknown>');
  return out;
}

/** The package (or class) a node belongs to: its first name line, for colouring and search. */
export function packageOf(info: NodeInfo): string {
  if (info.name === '') return '';
  const short = shortenFunctionName(info.name);
  const i = short.search(/::|\./);
  return i < 0 ? '' : short.slice(0, i);
}
