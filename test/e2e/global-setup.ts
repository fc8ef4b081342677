// Once per e2e run: build the page into a directory of this run's own (other
// runs in the same tree rebuild dist/ meanwhile: a shared dist/ changes under
// a running test) and serve it. E2E_NO_BUILD=1 serves dist/ as it is. Tests
// get the address through inject('baseURL') and the directory (for
// dist/heapdiff.html and its files) through inject('distDir').

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildPage, DIST } from './build';
import { serveStatic } from './server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    distDir: string;
  }
}

export default async function setup(project: TestProject) {
  const own = process.env.E2E_NO_BUILD ? null : mkdtempSync(join(tmpdir(), 'heapdiff-dist-'));
  const dir = own ? buildPage(own) : DIST;
  const server = await serveStatic(dir);
  project.provide('baseURL', server.url);
  project.provide('distDir', dir);
  return async () => {
    await server.close();
    if (own) rmSync(own, { recursive: true, force: true });
  };
}
