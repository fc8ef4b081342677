// The go tool pprof goldens under test/fixtures/golden: each X.cmd's first
// line is the exact command (run from test/fixtures), X.txt (X.dot for
// -dot) what it printed and X.stderr what it wrote to stderr, if anything.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './fixtures';

export const GOLDEN_DIR = join(FIXTURES, 'golden');

export interface Golden {
  name: string;
  command: string;
  /** The arguments after `go tool pprof`. */
  args: string[];
  stdout: string;
  stderr: string | undefined;
}

/** Splits a command line as a POSIX shell would (quotes and backslashes; no expansion). */
export function shellWords(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated quote in ${line}`);
      cur += line.slice(i + 1, end);
      i = end;
      has = true;
    } else if (c === '"') {
      i++;
      for (; i < line.length && line[i] !== '"'; i++) {
        if (line[i] === '\\' && '$`"\\'.includes(line[i + 1])) i++;
        cur += line[i];
      }
      has = true;
    } else if (c === '\\') {
      cur += line[++i] ?? '';
      has = true;
    } else if (c === ' ' || c === '\t') {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}

/** Every golden whose command starts with `go tool pprof <first>` (output in X.<ext>). */
export function pprofGoldens(first: string, ext = 'txt'): Golden[] {
  const out: Golden[] = [];
  for (const f of readdirSync(GOLDEN_DIR).sort()) {
    if (!f.endsWith('.cmd')) continue;
    const name = f.slice(0, -4);
    const command = readFileSync(join(GOLDEN_DIR, f), 'utf8').split('\n')[0];
    const words = shellWords(command);
    if (words[0] !== 'go' || words[1] !== 'tool' || words[2] !== 'pprof' || words[3] !== first) continue;
    const txt = join(GOLDEN_DIR, `${name}.${ext}`);
    if (!existsSync(txt)) continue;
    const err = join(GOLDEN_DIR, `${name}.stderr`);
    out.push({
      name,
      command,
      args: words.slice(3),
      stdout: readFileSync(txt, 'utf8'),
      stderr: existsSync(err) ? readFileSync(err, 'utf8') : undefined,
    });
  }
  return out;
}

/** Arguments naming a fixture file become absolute paths (tests do not chdir). */
export function resolveFixtureArgs(args: string[]): string[] {
  return args.map((a) => (!a.startsWith('-') && existsSync(join(FIXTURES, a)) ? join(FIXTURES, a) : a));
}
