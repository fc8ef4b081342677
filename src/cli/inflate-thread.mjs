// The inflate thread of zlib-elsewhere.ts: inflates each gzip file it is sent
// into that job's shared output buffer, counting the bytes written in
// control[WRITTEN], and at each chunk and at the end counting control[EVENTS]
// up and waking the decoder that waits on it; at the end it also opens the
// job's `done` gate, if it has one. It stays for the next file.
// Plain JavaScript, so that it starts as it is, from the sources or beside
// a bundle.

import { parentPort } from 'node:worker_threads';
import { createGunzip } from 'node:zlib';

const WRITTEN = 0;
const STATE = 1;
const EVENTS = 2;
const DONE = 1;
const FAILED = 2;

parentPort.on('message', ({ gz, output, control, done }) => {
  const out = new Uint8Array(output);
  const c = new Int32Array(control);
  let at = 0;
  const wake = () => {
    Atomics.add(c, EVENTS, 1);
    Atomics.notify(c, EVENTS);
  };
  const end = (state) => {
    Atomics.store(c, STATE, state);
    wake();
    if (done) {
      Atomics.store(done, 0, 1);
      Atomics.notify(done, 0);
    }
  };
  const gunzip = createGunzip({ chunkSize: 256 << 10 });
  gunzip.on('data', (chunk) => {
    if (at + chunk.length > out.length) {
      end(FAILED); // more than the trailer said: inflated again the usual way
      gunzip.destroy();
      return;
    }
    out.set(chunk, at);
    at += chunk.length;
    Atomics.store(c, WRITTEN, at);
    wake();
  });
  gunzip.on('end', () => end(DONE));
  gunzip.on('error', () => end(FAILED));
  gunzip.end(gz);
});
