// A thread's code bundled once and kept until a source changes
// (src/cli/thread-bundle.ts), on a two-module entry in a temporary directory.

import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { threadBundle } from '../../src/cli/thread-bundle';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

function sources(answer: string): { entry: string; dep: string; cache: string } {
  dir = mkdtempSync(join(tmpdir(), 'heapdiff-bundle-'));
  const entry = join(dir, 'thread.ts');
  const dep = join(dir, 'answer.ts');
  writeFileSync(dep, `export const answer: string = ${JSON.stringify(answer)};\n`);
  writeFileSync(entry, `import { parentPort } from 'node:worker_threads';\nimport { answer } from './answer';\nparentPort!.postMessage(answer);\n`);
  return { entry, dep, cache: join(dir, 'cache') };
}

/** What a thread started from `url` posts first. */
function run(url: URL): Promise<unknown> {
  const worker = new Worker(url);
  return new Promise((resolve, reject) => {
    worker.once('message', (m) => void worker.terminate().then(() => resolve(m)));
    worker.once('error', reject);
  });
}

describe('threadBundle', () => {
  it('bundles the entry and its imports into one file a thread runs', async () => {
    const { entry, cache } = sources('first');
    const url = threadBundle(entry, cache)!;
    expect(url).not.toBeNull();
    expect(fileURLToPath(url).startsWith(cache)).toBe(true);
    expect(await run(url)).toBe('first');
  });

  it('keeps the bundle while the sources are as they were, and makes it again when one changes', async () => {
    const { entry, dep, cache } = sources('first');
    const url = threadBundle(entry, cache)!;
    // Set back a second (a file system's clock may not tick between two writes): a bundle made again would be newer.
    const made = statSync(fileURLToPath(url)).mtimeMs;
    utimesSync(fileURLToPath(url), new Date(made - 1000), new Date(made - 1000));
    const setBack = statSync(fileURLToPath(url)).mtimeMs;
    expect(threadBundle(entry, cache)!.href).toBe(url.href);
    expect(statSync(fileURLToPath(url)).mtimeMs).toBe(setBack);

    writeFileSync(dep, `export const answer: string = "second, longer";\n`);
    const again = threadBundle(entry, cache)!;
    expect(readFileSync(fileURLToPath(again), 'utf8')).toContain('second, longer');
    expect(await run(again)).toBe('second, longer');
  });

  it('gives null for sources that do not build, so the caller loads them another way', () => {
    const { entry, cache } = sources('first');
    writeFileSync(entry, `import { nothing } from './no-such-module';\nnothing();\n`);
    expect(threadBundle(entry, cache)).toBeNull();
  });
});
