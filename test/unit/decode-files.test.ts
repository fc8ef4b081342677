// Files decoded on several threads (src/cli/decode-files.ts): each profile
// as a decode on this thread gives it, each failure as that decode throws
// it, in the files' order, whatever thread decoded it.

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeFiles, decodeHere } from '../../src/cli/decode-files';
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
