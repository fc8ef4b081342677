// Several files decoded at once, as the page decodes each dropped file on a
// decoder of its own (workers/decoder-pool.ts): this thread decodes the
// largest file while worker threads (node:worker_threads) decode the others,
// so `report -top -base B FILE` takes about as long as the larger file alone
// (a thread takes a moment to start; this thread does not wait for it). The
// profiles come back with their columns transferred, not copied (core/model
// transfer.ts).

import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { decodeProfile, type InflateElsewhere } from '../core/decode';
import { ProfileError, type ProfileErrorCode } from '../core/errors';
import { receiveStacks, type Profile } from '../core/model';
import { runSync } from '../core/progress';
import { cacheDirOf, threadBundle } from './thread-bundle';
import { inflateThreadInSources, zlibElsewhere } from './zlib-elsewhere';
import { zlibGunzip } from './zlib-gunzip';

export interface DecodeRequest {
  index: number;
  file: string;
  inflateLimit?: number;
  /** inflate-thread.mjs's URL: the thread's bundle is not beside it. */
  inflateThread: string;
}

export type DecodeReply =
  | { index: number; ok: true; profile: Profile }
  | { index: number; ok: false; kind: 'profile'; code: ProfileErrorCode; message: string }
  | { index: number; ok: false; kind: 'missing' | 'other'; message: string };

/** A file's profile, or the error decoding it threw (a ProfileError, an ENOENT Error, or another). */
export type FileResult = { file: string; profile: Profile } | { file: string; error: Error };

export interface DecodeFilesOptions {
  inflateLimit?: number;
  /**
   * Threads at most, this one included (default: the cores, at least 2);
   * never more than the files. Given, it is used even for small files.
   */
  threads?: number;
}

/** Below this many bytes in all, starting a thread costs more than it saves: all are decoded here. */
const SMALL_BYTES = 4 << 20;

/** Decodes `files` on this thread and up to threads − 1 others; the results in the files' order. */
export async function decodeFiles(files: readonly string[], options: DecodeFilesOptions = {}): Promise<FileResult[]> {
  const sizes = files.map(sizeOf);
  const total = sizes.reduce((a, b) => a + b, 0);
  let lanes = Math.min(files.length, options.threads ?? Math.max(2, availableParallelism()));
  if (options.threads === undefined && total < SMALL_BYTES) lanes = 1;
  // The largest first, each to the lane with the fewest bytes so far; lane 0 is this thread.
  const plan = Array.from({ length: lanes }, () => [] as number[]);
  const bytes = new Array<number>(lanes).fill(0);
  for (const i of files.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a])) {
    const lane = bytes.indexOf(Math.min(...bytes));
    plan[lane].push(i);
    bytes[lane] += sizes[i];
  }
  const results = new Array<FileResult>(files.length);
  const others = plan.slice(1).map((list) => inThread(list, files, options.inflateLimit, results));
  for (const i of plan[0]) results[i] = here(files[i], options.inflateLimit);
  await Promise.all(others);
  return results;
}

/**
 * Reads and decodes one file on this thread (what a decoder thread does with
 * each of its files), inflating it on a thread of its own (zlib-elsewhere.ts);
 * `sendParents` for a profile posted to another thread (DecodeOptions.sendParents).
 */
export function decodeHere(file: string, inflateLimit?: number, sendParents = false, inflateThread = inflateThreadInSources()): Profile {
  // The inflater first: its thread starts while the file is read.
  const options = { inflateLimit, gunzip: zlibGunzip, inflateElsewhere: inflaterOf(inflateThread), sendParents };
  return runSync(decodeProfile(readFileShared(file), options)).profile;
}

/** This thread's inflater (one thread, kept for the next file). */
let inflater: { script: string; inflate: InflateElsewhere } | undefined;

function inflaterOf(script: URL): InflateElsewhere {
  if (inflater?.script !== script.href) inflater = { script: script.href, inflate: zlibElsewhere(script) };
  return inflater.inflate;
}

/** A file's bytes, in a SharedArrayBuffer when it is a regular file: the inflate thread reads them where they are. */
export function readFileShared(file: string): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return new Uint8Array(readFileSync(fd));
    const bytes = new Uint8Array(new SharedArrayBuffer(stat.size));
    let at = 0;
    for (let n = 1; at < bytes.length && n > 0; at += n) n = readSync(fd, bytes, at, bytes.length - at, null);
    return at === bytes.length ? bytes : bytes.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}

function here(file: string, inflateLimit?: number): FileResult {
  try {
    return { file, profile: decodeHere(file, inflateLimit) };
  } catch (e) {
    return { file, error: e instanceof Error ? e : new Error(String(e)) };
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

let threadScript: URL | undefined;

/**
 * The decoder thread's code: decode-thread.ts bundled (thread-bundle.ts),
 * else the sources through tsx (decode-thread.mjs).
 */
function decoderThreadScript(): URL {
  threadScript ??=
    threadBundle(fileURLToPath(new URL('./decode-thread.ts', import.meta.url)), cacheDirOf(new URL(import.meta.url))) ?? new URL('./decode-thread.mjs', import.meta.url);
  return threadScript;
}

/** Decodes the files `list` (indexes into `files`) one after another on a new thread. */
async function inThread(list: number[], files: readonly string[], inflateLimit: number | undefined, results: FileResult[]): Promise<void> {
  if (list.length === 0) return;
  const worker = new Worker(decoderThreadScript());
  try {
    for (const index of list) {
      const reply = await new Promise<DecodeReply>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage({ index, file: files[index], inflateLimit, inflateThread: inflateThreadInSources().href } satisfies DecodeRequest);
      });
      worker.removeAllListeners('error');
      results[index] = resultOf(files[index], reply);
    }
  } catch (e) {
    // The thread died (out of memory?): its files not decoded yet fail with why.
    const error = new Error(`a decoder thread stopped: ${e instanceof Error ? e.message : String(e)}`);
    for (const index of list) results[index] ??= { file: files[index], error };
  } finally {
    await worker.terminate();
  }
}

function resultOf(file: string, reply: DecodeReply): FileResult {
  if (reply.ok) {
    receiveStacks(reply.profile);
    return { file, profile: reply.profile };
  }
  if (reply.kind === 'profile') return { file, error: new ProfileError(reply.code, reply.message) };
  const error: NodeJS.ErrnoException = new Error(reply.message);
  if (reply.kind === 'missing') error.code = 'ENOENT';
  return { file, error };
}
