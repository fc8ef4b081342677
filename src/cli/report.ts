// `npm run --silent report -- -json FILE`: the same core the page runs, for
// tests and CI pipelines. Flags follow Go's flag package (-flag, --flag,
// -flag=value, -flag value) because its users come from `go tool pprof`.

import { readFileSync } from 'node:fs';
import { decodeProfile } from '../core/decode';
import { isProfileError } from '../core/errors';
import { runSync } from '../core/progress';
import { summarize } from '../core/summary';

const USAGE = `usage: npm run --silent report -- -json FILE

  -json   print a JSON summary of the profile: format, kind, sample types,
          totals per type, table sizes, time, period and MemStats
  -inflate_limit BYTES  cap on decompressed size (default 1 GiB)`;

interface Flags {
  json: boolean;
  inflateLimit?: number;
  files: string[];
}

export function parseFlags(argv: string[]): Flags {
  const flags: Flags = { json: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('-') || arg === '-') {
      flags.files.push(arg);
      continue;
    }
    if (arg === '--') {
      flags.files.push(...argv.slice(i + 1));
      break;
    }
    const [name, inline] = arg.replace(/^--?/, '').split(/=(.*)/s, 2);
    const value = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) throw new UsageError(`flag needs an argument: -${name}`);
      return argv[++i];
    };
    switch (name) {
      case 'json':
        flags.json = inline === undefined || inline === 'true';
        break;
      case 'inflate_limit': {
        const n = Number(value());
        if (!Number.isFinite(n) || n <= 0) throw new UsageError(`invalid value for -inflate_limit`);
        flags.inflateLimit = n;
        break;
      }
      case 'h':
      case 'help':
        throw new UsageError('');
      default:
        throw new UsageError(`flag provided but not defined: -${name}`);
    }
  }
  return flags;
}

class UsageError extends Error {}

function main(argv: string[]): number {
  let flags: Flags;
  try {
    flags = parseFlags(argv);
    if (!flags.json) throw new UsageError('choose a report: -json');
    if (flags.files.length !== 1) throw new UsageError('give exactly one profile file');
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.message) process.stderr.write(`${e.message}\n`);
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  const file = flags.files[0];
  try {
    const bytes = new Uint8Array(readFileSync(file));
    const decoded = runSync(decodeProfile(bytes, { inflateLimit: flags.inflateLimit }));
    process.stdout.write(`${JSON.stringify(summarize(decoded.profile), null, 2)}\n`);
    return 0;
  } catch (e) {
    if (isProfileError(e)) {
      process.stderr.write(`${file}: ${e.message}\n`);
      return 1;
    }
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`${file}: no such file\n`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = main(process.argv.slice(2));
