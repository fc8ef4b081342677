// The one-file build's platform (dist/heapdiff.html, opened from file:// with
// no server): the decoder's code is inlined and started from a Blob URL (vite's
// `?worker&inline`), the example pair is base64 in the bundle, and there is no
// service worker (none can be registered from file://, and the file is
// already offline). vite.config.single.ts puts this module in place of
// platform.ts.

import ProfileWorker from '../../workers/profile.worker.ts?worker&inline';
import examples from 'virtual:heapdiff-examples';
import { inlineExamples } from './examples';
import type { Platform } from './platform';

export const platform: Platform = {
  build: 'single',
  workerType: 'classic',
  createWorker: startKeepingUrl,
  examples: async () => inlineExamples(examples),
};

/**
 * The worker, its blob: URL left alive: the worker starts its file decoders
 * from its own script (self.location.href, workers/profile.worker.ts), and
 * vite's inline worker revokes the URL as soon as the worker is made. A
 * blob of the worker's code per start of the worker (a restart makes one more).
 */
function startKeepingUrl(): Worker {
  const revoke = URL.revokeObjectURL;
  URL.revokeObjectURL = () => {};
  try {
    return new ProfileWorker({ name: 'heapdiff decoder' });
  } finally {
    URL.revokeObjectURL = revoke;
  }
}
