// What differs between the two builds, behind one interface. This is the
// hosted build's (dist/index.html): the decoder is a worker file next to the
// page, the example pair is fetched from examples/, and a service worker
// keeps the page usable offline. vite.config.single.ts swaps this module for
// platform.single.ts, so neither build carries the other's code.

import { fetchExamples, type NamedBlob } from './examples';
import { registerOffline } from './offline';

export interface Platform {
  /** Which build this is ('hosted': dist/index.html, 'single': dist/heapdiff.html). */
  build: 'hosted' | 'single';
  /** Starts the decoder. */
  createWorker: () => Worker;
  /** How createWorker starts it: the worker starts its file decoders from its own script, the same way. */
  workerType: WorkerType;
  examples: () => Promise<NamedBlob[]>;
  /** Offline support: a service worker, and a prompt when a new version waits. */
  startOffline?: typeof registerOffline;
}

export const platform: Platform = {
  build: 'hosted',
  workerType: 'module',
  createWorker: () => new Worker(new URL('../../workers/profile.worker.ts', import.meta.url), { type: 'module', name: 'heapdiff decoder' }),
  examples: () => fetchExamples(document.baseURI),
  startOffline: registerOffline,
};
