// Node's zlib as the decode's inflater (core/decode native.ts): the same C
// inflate the browser's DecompressionStream runs, about three times pako's
// speed. One synchronous call: Node runs a decode straight through anyway.

import { constants as buffer } from 'node:buffer';
import { gunzipSync } from 'node:zlib';
import { OVER_LIMIT, type NativeGunzip } from '../core/decode';

export const zlibGunzip: NativeGunzip = (gz, limit, sizeHint) => {
  try {
    // An output chunk of the expected size: the result is that one buffer, not chunks joined by a copy.
    const out = gunzipSync(gz, { maxOutputLength: Math.min(limit, buffer.MAX_LENGTH), chunkSize: Math.max(sizeHint, 64) });
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return OVER_LIMIT;
    throw e;
  }
};
