// Once per e2e run: build the page (skip with E2E_NO_BUILD=1 when dist/ is
// fresh) and serve dist/; tests get the address through inject('baseURL').

import type { TestProject } from 'vitest/node';
import { buildPage, DIST } from './build';
import { serveStatic } from './server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

export default async function setup(project: TestProject) {
  if (!process.env.E2E_NO_BUILD) buildPage();
  const server = await serveStatic(DIST);
  project.provide('baseURL', server.url);
  return async () => {
    await server.close();
  };
}
