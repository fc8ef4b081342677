// Builds the page as `npm run build` does: the hosted build (vite.config.ts)
// and the one-file build (vite.config.single.ts, heapdiff.html), into dist/ or
// another directory. Child processes, so the test runner's own vite is not
// involved.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = join(ROOT, 'dist');
/** The one-file build's name in a build directory. */
export const SINGLE_FILE_NAME = 'heapdiff.html';

export function buildPage(outDir = DIST): string {
  const vite = join(ROOT, 'node_modules/vite/bin/vite.js');
  const out = ['--outDir', outDir, '--logLevel', 'warn'];
  // vitest sets NODE_ENV=test, which would give vite a development build
  // (preact's debug hooks, import.meta.env.PROD false: no service worker).
  const env = { ...process.env, NODE_ENV: 'production' };
  execFileSync(process.execPath, [vite, 'build', '--emptyOutDir', ...out], { cwd: ROOT, stdio: 'inherit', env });
  execFileSync(process.execPath, [vite, 'build', '--config', 'vite.config.single.ts', ...out], { cwd: ROOT, stdio: 'inherit', env });
  if (!existsSync(join(outDir, 'index.html'))) throw new Error(`vite build wrote no ${outDir}/index.html`);
  if (!existsSync(join(outDir, SINGLE_FILE_NAME))) throw new Error(`the one-file build wrote no ${outDir}/${SINGLE_FILE_NAME}`);
  return outDir;
}
