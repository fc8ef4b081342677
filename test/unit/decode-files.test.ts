// Files decoded on several threads (src/cli/decode-files.ts): each profile
// as a decode on this thread gives it, each failure as that decode throws
// it, in the files' order, whatever thread decoded it.

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeFiles, decodeHere, inflateHow, type InflateHow } from '../../src/cli/decode-files';
import { inflateThreadInSources } from '../../src/cli/zlib-elsewhere';
import { FIXTURES } from '../helpers/fixtures';
import { join } from 'node:path';

const fixture = (name: string) => join(FIXTURES, name);

describe('decodeFiles', () => {
  it('gives every heap fixture as this thread decodes it, on three threads', async () => {
    const files = readdirSync(FIXTURES).filter((f) => /\.heap$/.test(f)).map(fixture);
    expect(files.length).toBeGreaterThan(10);
    const results = await decodeFiles(files, { threads: 3 });
    expect(results.map((r) => r.file)).toEqual(files);
    // A thread sends a proto's parents as branchings: the column, made on first read, is not made yet (decision 0036).
    const unmade = results.filter((r) => 'profile' in r && Object.getOwnPropertyDescriptor(r.profile.stacks, 'parent')?.get !== undefined);
    expect(unmade.length).toBeGreaterThan(10);
    for (const r of results) {
      expect('profile' in r, r.file).toBe(true);
      if ('profile' in r) expect(r.profile, r.file).toEqual(decodeHere(r.file));
    }
  });

  it('gives a missing file and a file that is no profile their errors, and decodes the rest', async () => {
    const files = [fixture('no-such.heap'), fixture('README.md'), fixture('gzipleak.base.heap')];
    const results = await decodeFiles(files, { threads: 3 });
    const [missing, text, heap] = results;
    expect('error' in missing && (missing.error as NodeJS.ErrnoException).code).toBe('ENOENT');
    expect('error' in text && text.error.name).toBe('ProfileError');
    expect('error' in text && (text.error as { code?: string }).code).toBe('unrecognized');
    expect('profile' in heap && heap.profile.samples.length).toBe(decodeHere(fixture('gzipleak.base.heap')).samples.length);
  });
});

describe('which threads inflate on a thread of their own (decision 0050)', () => {
  const threads = (how: InflateHow[]) => how.map((h) => h.thread !== null);
  it('every lane, where there are cores to spare for them, largest first', () => {
    expect(threads(inflateHow([60], 2))).toEqual([true]);
    expect(threads(inflateHow([60, 50], 4))).toEqual([true, true]);
    expect(threads(inflateHow([60, 50], 3))).toEqual([true, false]);
    expect(inflateHow([60, 50], 4).some((h) => h.done || h.after)).toBe(false);
  });
  it('none on one core, nor where lanes of like size take every core', () => {
    expect(threads(inflateHow([60], 1))).toEqual([false]);
    expect(threads(inflateHow([60, 41], 2))).toEqual([false, false]);
  });
  it('the largest lane, on every core taken, when the others have at most two thirds of its bytes: they wait for its inflate', () => {
    const how = inflateHow([60, 40], 2);
    expect(threads(how)).toEqual([true, false]);
    expect(how[0].done).toBeInstanceOf(Int32Array);
    expect(how[1].after).toBe(how[0].done);
  });
  it('opens the gate whatever the file: a decode that fails, or a file not gzipped', () => {
    for (const file of ['no-such-file.heap', 'bigparse.base.heap.debug1.txt']) {
      const gate = new Int32Array(new SharedArrayBuffer(4));
      try {
        decodeHere(join(FIXTURES, file), undefined, false, { thread: inflateThreadInSources(), done: gate });
      } catch {
        // the missing file
      }
      expect(gate[0], file).toBe(1);
    }
  });
});
