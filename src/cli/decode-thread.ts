// One decoder thread of decode-files.ts: decodes each file it is sent and
// posts the profile back with its columns transferred (core/model
// transfer.ts), or why it could not, as data.

import { parentPort } from 'node:worker_threads';
import { isProfileError } from '../core/errors';
import { transferList } from '../core/model';
import { decodeHere, type DecodeReply, type DecodeRequest } from './decode-files';

const port = parentPort!;
port.on('message', ({ index, file, inflateLimit, inflateThread, after }: DecodeRequest) => {
  let reply: DecodeReply;
  try {
    const profile = decodeHere(file, inflateLimit, true, { thread: inflateThread === null ? null : new URL(inflateThread), after });
    port.postMessage({ index, ok: true, profile } satisfies DecodeReply, transferList(profile));
    return;
  } catch (e) {
    if (isProfileError(e)) reply = { index, ok: false, kind: 'profile', code: e.code, message: e.message };
    else if ((e as NodeJS.ErrnoException).code === 'ENOENT') reply = { index, ok: false, kind: 'missing', message: (e as Error).message };
    else reply = { index, ok: false, kind: 'other', message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  port.postMessage(reply);
});
