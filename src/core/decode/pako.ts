// pako's inflater, the decode's fallback (gzip.ts): at hand here (Node: the
// CLI, the tests, the bench). The worker's build resolves this file to
// pako-lazy.ts (tools/vite-plugins.ts, lazyPako), which fetches pako the
// first time a file needs it (decision 0039).

import { Inflate } from 'pako';

/** pako's Inflate, or a promise to wait on before asking again. */
export const pakoInflate = (): typeof Inflate | Promise<unknown> => Inflate;
