// pako.ts as the worker's build has it: pako in a chunk of its own, fetched
// the first time a file needs it. A browser inflates with its own
// DecompressionStream (workers/stream-gunzip.ts); pako reads only what that
// fails on (to say why a file is damaged) and, in a browser without it,
// everything (decision 0039).

import type { Inflate } from 'pako';

let loaded: typeof Inflate | undefined;

/** pako's Inflate, or a promise to wait on before asking again. */
export const pakoInflate = (): typeof Inflate | Promise<unknown> =>
  loaded ??
  import('pako').then(
    (m) => {
      loaded = m.Inflate;
    },
    (e: unknown) => {
      throw new Error(`pako, which reads this file, could not be fetched (${e instanceof Error ? e.message : String(e)}): reload the page and try again.`);
    },
  );
