// What a decoder of the pool (decoder-pool.ts) answers: it decodes one file
// at a time into the columnar model, in slices, and answers with the profile
// and its card's summary, the profile's columns transferred (not copied) to
// the worker that answers views. A decoder is that same worker file started
// again under another name (profile.worker.ts), so each build has one worker
// bundle and the one-file build carries the decoder's code once.

import { transfer } from 'comlink';
import { decodeProfile } from '../src/core/decode';
import { totalLabels } from '../src/core/format';
import { transferList, type Profile } from '../src/core/model';
import type { Progress } from '../src/core/progress';
import { summarize } from '../src/core/summary';
import { CANCELLED, failure, release, type Answer, type Loaded } from './answer';
import { runSliced, type SlicedJob } from './sliced';
import { streamGunzip } from './stream-gunzip';

/** A decoded file: its profile, and what its card shows. */
export interface DecodedFile {
  profile: Profile;
  loaded: Loaded;
}

let job: SlicedJob | null = null;
/** For browser tests: the next decode waits once it has shown progress, until it is cancelled (holdForTest). */
let holdNext = false;

/** What a browser test can have the decoder of a file do: vanish before it starts, or wait once it has shown progress. */
export type DecoderTestHook = 'stop' | 'hold';

/** The name a decoder is started with: the worker file takes this role under it. */
export const DECODER_NAME = 'heapdiff file decoder';

export const decoderApi = {
  /** Reads `file` here (its bytes are copied on the thread that reads them) and decodes it; a cancel answers with code 'cancelled'. */
  async decode(file: Blob, onProgress?: (p: Progress) => void): Promise<Answer<DecodedFile>> {
    const mine: SlicedJob = { cancelled: false };
    if (holdNext) mine.held = new Promise((resume) => (mine.resume = resume));
    holdNext = false;
    job = mine;
    const started = performance.now();
    try {
      let buffer: ArrayBuffer | null;
      try {
        buffer = await file.arrayBuffer();
      } catch (e) {
        return { ok: false, code: 'read-failed', field: null, message: `The file could not be read: ${e instanceof Error ? e.message : String(e)}` };
      }
      if (mine.cancelled) return CANCELLED;
      const steps = decodeProfile(new Uint8Array(buffer), { gunzip: streamGunzip, sendParents: true });
      buffer = null; // handed over: the decode lets the gzip bytes go once inflated
      const decoded = await runSliced(steps, mine, onProgress);
      const { profile, compressed, rawSize } = decoded;
      const loaded: Loaded = { summary: summarize(profile), totals: totalLabels(profile), compressed, rawSize, decodeMs: performance.now() - started };
      return transfer({ ok: true, value: { profile, loaded } } as const, transferList(profile));
    } catch (e) {
      return failure(e, 'The decoder failed unexpectedly: ');
    } finally {
      if (job === mine) job = null;
      release(onProgress);
    }
  },

  /** Stops the decode in progress at its next slice. */
  cancel(): void {
    if (!job) return;
    job.cancelled = true;
    job.resume?.();
  },

  /** Answered between slices: the pool's watchdog tells a busy decoder from a dead one. */
  ping(): 'pong' {
    return 'pong';
  },

  /** For browser tests: the decoder vanishes without a word, as when the browser kills it. */
  stopForTest(): void {
    self.close();
  },

  /** For browser tests: the next decode waits once it has shown progress, answering pings, until it is cancelled; a cancel then always finds it decoding. */
  holdForTest(): void {
    holdNext = true;
  },
};

export type DecoderApi = typeof decoderApi;
