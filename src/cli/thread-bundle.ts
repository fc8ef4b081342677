// A worker thread's code as one bundled file, made by esbuild and kept
// until a source it was made from changes. The CLI runs from TypeScript
// sources: a thread that loads them through tsx (decode-thread.mjs) spends
// most of a second of CPU before it decodes anything (tsx's loader on a
// thread of its own, each module sent to it), taken on 2 cores from the
// other file's decode; from one bundled file it starts in a fraction of
// that (decision 0040).

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface Inputs {
  /** Each source the bundle was made from: its modification time and size then. */
  files: Record<string, [number, number]>;
}

/**
 * The bundle of `entry` under `cacheDir`: the one kept when its inputs are as
 * they were, else made now (synchronously: a caller starts its thread before
 * it gets busy). null when it cannot be made (no esbuild, a build error, a
 * read-only directory): the caller loads the sources another way.
 */
export function threadBundle(entry: string, cacheDir: string): URL | null {
  const name = entry.replace(/^.*[\\/]/, '').replace(/\.[cm]?[jt]s$/, '');
  const bundle = join(cacheDir, `${name}.mjs`);
  const manifest = join(cacheDir, `${name}.inputs.json`);
  try {
    if (unchanged(JSON.parse(readFileSync(manifest, 'utf8')) as Inputs)) return pathToFileURL(bundle);
  } catch {
    // No bundle yet, or an unreadable one: made below.
  }
  try {
    const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
    mkdirSync(cacheDir, { recursive: true });
    // Per builder (threads of one process share its pid), renamed into place after.
    const mine = `${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const temp = `${bundle}.${mine}`;
    const result = esbuild.buildSync({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: `node${process.versions.node.split('.')[0]}`,
      outfile: temp,
      metafile: true,
      logLevel: 'silent',
    });
    const files: Inputs['files'] = {};
    for (const input of Object.keys(result.metafile!.inputs)) {
      const path = resolve(input);
      const s = statSync(path);
      files[path] = [s.mtimeMs, s.size];
    }
    // Renamed into place, so another builder never reads half a file.
    renameSync(temp, bundle);
    writeFileSync(`${manifest}.${mine}`, JSON.stringify({ files } satisfies Inputs));
    renameSync(`${manifest}.${mine}`, manifest);
    return pathToFileURL(bundle);
  } catch {
    return null;
  }
}

function unchanged(inputs: Inputs): boolean {
  const paths = Object.keys(inputs.files);
  if (paths.length === 0) return false;
  for (const path of paths) {
    const s = statSync(path, { throwIfNoEntry: false });
    const [mtime, size] = inputs.files[path];
    if (!s || s.mtimeMs !== mtime || s.size !== size) return false;
  }
  return true;
}

/** Where the checkout of the module at `from` keeps its bundles: node_modules/.cache, as build tools do. */
export function cacheDirOf(from: URL): string {
  const start = dirname(fileURLToPath(from));
  let dir = start;
  for (;;) {
    try {
      if (statSync(join(dir, 'node_modules')).isDirectory()) return join(dir, 'node_modules', '.cache', 'heapdiff');
    } catch {
      // not here: one level up
    }
    const up = dirname(dir);
    if (up === dir) return join(start, '.cache');
    dir = up;
  }
}
