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
import { decodeProfile, decodeProfileInflating, isGzip, type InflateElsewhere } from '../core/decode';
import { ProfileError, type ProfileErrorCode } from '../core/errors';
import { receiveStacks, type Profile } from '../core/model';
import { runSync } from '../core/progress';
import { cacheDirOf, threadBundle } from './thread-bundle';
import { inflateThreadInSources, zlibElsewhere, type ZlibElsewhere } from './zlib-elsewhere';
import { zlibGunzip } from './zlib-gunzip';

export interface DecodeRequest {
  index: number;
  file: string;
  inflateLimit?: number;
  /** inflate-thread.mjs's URL (the thread's bundle is not beside it), or null: inflated on the decoder's thread. */
  inflateThread: string | null;
  /** InflateHow.after. */
  after?: Int32Array;
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
  const how = inflateHow(bytes, availableParallelism());
  const others = plan.slice(1).map((list, k) => inThread(list, files, options.inflateLimit, how[k + 1], results));
  for (const i of plan[0]) results[i] = here(files[i], options.inflateLimit, how[0]);
  await Promise.all(others);
  return results;
}

/** How a thread inflates its files (decision 0050). */
export interface InflateHow {
  /** On a thread of their own (inflate-thread.mjs there), or null: on this one. */
  thread: URL | null;
  /** Set to 1 (and woken) once this thread's first file is inflated, for the threads that wait on it. */
  done?: Int32Array;
  /** Waited on (after the file is read) before the first file is decoded. */
  after?: Int32Array;
}

/**
 * Each lane's InflateHow, by the bytes each decodes (lane 0's the most):
 * an inflate thread for as many lanes as there are cores to spare, largest
 * first. With none to spare, lane 0 still inflates on a thread of its own
 * when every other lane has at most two thirds of its bytes, and the others
 * start once that inflate is over: the core the inflate took is then
 * theirs, and the pair takes about as long as its larger file alone. (With
 * lanes of like size, waiting costs more than the inflate saves: decision 0050.)
 */
export function inflateHow(bytes: readonly number[], cores: number): InflateHow[] {
  const spare = cores - bytes.length;
  const how = bytes.map((_, k): InflateHow => ({ thread: k < spare ? inflateThreadInSources() : null }));
  if (spare <= 0 && bytes.length > 1 && Math.max(...bytes.slice(1)) * 3 <= bytes[0] * 2) {
    const gate = new Int32Array(new SharedArrayBuffer(4));
    how[0] = { thread: inflateThreadInSources(), done: gate };
    for (let k = 1; k < how.length; k++) how[k].after = gate;
  }
  return how;
}

/** A wait on another thread's inflate that long: it is taken for stalled, and the decode goes on. */
const AFTER_MS = 10_000;

/**
 * Reads and decodes one file on this thread (what a decoder thread does with
 * each of its files), inflating it as `how` says (on a thread of its own by
 * default); `sendParents` for a profile posted to another thread
 * (DecodeOptions.sendParents).
 */
export function decodeHere(file: string, inflateLimit?: number, sendParents = false, how: InflateHow = { thread: inflateThreadInSources() }): Profile {
  // The inflater first: its thread starts while the file is read.
  const inflate = how.thread && inflaterOf(how.thread);
  const done = how.done;
  try {
    const bytes = readFileShared(file);
    if (how.after) Atomics.wait(how.after, 0, 0, AFTER_MS);
    if (done && !isGzip(bytes)) open(done); // no inflate to wait for
    const options = { inflateLimit, gunzip: zlibGunzip, sendParents };
    if (!inflate) return runSync(decodeProfile(bytes, options)).profile;
    const inflateElsewhere: InflateElsewhere = (gz, limit, sizeHint) => {
      const inflating = inflate(gz, limit, sizeHint, done);
      if (!inflating && done) open(done);
      return inflating;
    };
    return runSync(decodeProfileInflating(bytes, inflateElsewhere, options)).profile;
  } finally {
    if (done) open(done);
  }
}

function open(gate: Int32Array): void {
  Atomics.store(gate, 0, 1);
  Atomics.notify(gate, 0);
}

/** This thread's inflater (one thread, kept for the next file). */
let inflater: { script: string; inflate: ZlibElsewhere } | undefined;

function inflaterOf(script: URL): ZlibElsewhere {
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

function here(file: string, inflateLimit: number | undefined, how: InflateHow): FileResult {
  try {
    return { file, profile: decodeHere(file, inflateLimit, false, how) };
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
async function inThread(list: number[], files: readonly string[], inflateLimit: number | undefined, how: InflateHow, results: FileResult[]): Promise<void> {
  if (list.length === 0) return;
  const worker = new Worker(decoderThreadScript());
  try {
    for (const index of list) {
      const reply = await new Promise<DecodeReply>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage({ index, file: files[index], inflateLimit, inflateThread: how.thread?.href ?? null, after: how.after } satisfies DecodeRequest);
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
