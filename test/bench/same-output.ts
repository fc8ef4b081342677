// Does a change to the decoder keep its output? Decodes every file under
// test/fixtures and the benchmark's data with the src/ of another tree (the
// commit before the change, e.g. `git archive <commit> src | tar -x -C DIR`)
// and with this tree's, and compares every column of every Profile, and the
// error of every file that does not decode.
//
//   npx tsx test/bench/same-output.ts DIR [file ...]
//
// DIR holds the other tree's src/. Prints each difference and a count; exits
// 1 when anything differs.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSync } from '../../src/core/progress';
import { decodeProfile as decodeAfter } from '../../src/core/decode';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(HERE, '../..');
const [other, ...named] = process.argv.slice(2);
if (!other) throw new Error('usage: same-output.ts DIR [file ...]  (DIR/src: the tree to compare with)');
const before = (await import(resolve(other, 'src/core/decode/index.ts'))) as { decodeProfile: typeof decodeAfter };

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const DATA = join(HERE, 'data');
const bench = ['wideheap.base.heap', 'wideheap.current.heap', 'bigheap.base.heap', 'bigheap.current.heap'].map((n) => join(DATA, n));
const files = named.length > 0 ? named : [...filesUnder(join(ROOT, 'test/fixtures')), ...bench];

/** The decoded profile, or its error, as one comparable value. */
function outcome(decode: typeof decodeAfter, bytes: Uint8Array): unknown {
  try {
    return runSync(decode(bytes));
  } catch (e) {
    return { error: String(e) };
  }
}

/** Where a and b first differ ('' when they do not); typed arrays compared by kind, length and content. */
function difference(a: unknown, b: unknown, path: string): string {
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.constructor !== b.constructor) return `${path}: array kinds differ`;
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    if (x.length !== y.length) return `${path}: length ${x.length} vs ${y.length}`;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return `${path}[${i}]: ${x[i]} vs ${y[i]}`;
    return '';
  }
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    return Object.is(a, b) ? '' : `${path}: ${String(a)} vs ${String(b)}`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = difference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return '';
}

let differing = 0;
let errors = 0;
for (const file of files) {
  const bytes = new Uint8Array(readFileSync(file));
  const a = outcome(before.decodeProfile, bytes);
  const b = outcome(decodeAfter, bytes);
  if ((b as { error?: string }).error !== undefined) errors++;
  const d = difference(a, b, 'decoded');
  if (d) {
    differing++;
    console.log(`${relative(ROOT, file)}: ${d}`);
  }
}
console.log(`${files.length} files (${errors} of them errors, alike or not), ${differing} differ`);
process.exit(differing > 0 ? 1 : 0);
