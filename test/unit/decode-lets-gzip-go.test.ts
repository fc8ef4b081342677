// A decode holds the file's gzip bytes only while it inflates them: after
// that the largest garbage of the decode (42 MB of the wide profile's 59 MB
// load, decision 0033) would otherwise stay alive through the samples.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { zlibGunzip } from '../../src/cli/zlib-gunzip';
import { decodeProfile, type NativeGunzip } from '../../src/core/decode';
import { isGzip } from '../../src/core/decode/gzip';
import { streamGunzip } from '../../workers/stream-gunzip';
import { fixtureBytes } from '../helpers/fixtures';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Whether the gzip bytes are still alive once the decode has yielded past its inflate. */
async function gzipAliveAfterInflate(file: string, native: NativeGunzip | undefined): Promise<boolean> {
  let gz: Uint8Array | null = new Uint8Array(fixtureBytes(file));
  expect(isGzip(gz)).toBe(true);
  const weak = new WeakRef(gz.buffer);
  const steps = decodeProfile(gz, { gunzip: native });
  gz = null;
  for (;;) {
    const r = steps.next();
    expect(r.done).toBe(false); // the decode reports progress after the inflate: it must not end first
    if (r.done) return true;
    if (r.value.until) await r.value.until;
    if (r.value.phase === 'decode') break;
  }
  // deref() keeps its target alive to the end of the task that calls it: look in a task of its own.
  await new Promise((resolve) => setTimeout(resolve));
  gc();
  await new Promise((resolve) => setTimeout(resolve));
  const alive = weak.deref() !== undefined;
  while (!steps.next().done); // and the decode still finishes
  return alive;
}

describe('the gzip bytes go once inflated', () => {
  for (const [name, native] of [['pako', undefined], ['node:zlib', zlibGunzip], ['DecompressionStream', streamGunzip]] as const) {
    it(`with ${name}`, async () => {
      if (name === 'DecompressionStream') expect(native).toBeDefined(); // Node 18+ has it: the page's inflater is tested too
      expect(await gzipAliveAfterInflate('gzipleak.current.heap', native)).toBe(false);
    });
  }
});
