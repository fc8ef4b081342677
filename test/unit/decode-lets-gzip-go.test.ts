// A decode holds a file's bytes only while it needs them: the gzip bytes
// until they are inflated, the profile.proto's until its samples are read.
// Otherwise they are the largest garbage of the decode (42 MB and 58 MB of
// the wide profile's load, decision 0033), alive while it builds the profile.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { zlibGunzip } from '../../src/cli/zlib-gunzip';
import { decodeProfile, type NativeGunzip } from '../../src/core/decode';
import { isGzip } from '../../src/core/decode/gzip';
import type { Progress } from '../../src/core/progress';
import { streamGunzip } from '../../workers/stream-gunzip';
import { fixtureBytes } from '../helpers/fixtures';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Whether `weak`'s buffer is alive once garbage is collected (looked at in a task of its own: deref() keeps its target to the end of the task). */
async function alive(weak: WeakRef<ArrayBufferLike>): Promise<boolean> {
  await new Promise((resolve) => setTimeout(resolve));
  gc();
  await new Promise((resolve) => setTimeout(resolve));
  return weak.deref() !== undefined;
}

/** Runs `steps` (the caller holding nothing of its input), asking `at` at each step whether to look; answers what `look` found, once the decode has ended well. */
async function decodeLooking(steps: Generator<Progress, unknown>, at: (p: Progress) => boolean, look: () => Promise<boolean>): Promise<boolean | null> {
  let found: boolean | null = null;
  for (;;) {
    const r = steps.next();
    if (r.done) return found;
    if (r.value.until) await r.value.until;
    if (found === null && at(r.value)) found = await look();
  }
}

describe('a decode lets the bytes go', () => {
  for (const [name, native] of [['pako', undefined], ['node:zlib', zlibGunzip], ['DecompressionStream', streamGunzip]] as const) {
    it(`the gzip bytes, once inflated (${name})`, async () => {
      if (name === 'DecompressionStream') expect(native).toBeDefined(); // Node has it: the page's inflater is tested too
      let gz: Uint8Array | null = new Uint8Array(fixtureBytes('gzipleak.current.heap'));
      expect(isGzip(gz)).toBe(true);
      const weak = new WeakRef(gz.buffer);
      const steps = decodeProfile(gz, { gunzip: native });
      gz = null;
      expect(await decodeLooking(steps, (p) => p.phase === 'decode', () => alive(weak))).toBe(false);
    });
  }

  it('the inflated profile.proto, once its samples are read', async () => {
    let weak: WeakRef<ArrayBufferLike> | null = null;
    const inflater: NativeGunzip = (gz, limit, hint) => {
      const out = zlibGunzip(gz, limit, hint) as Uint8Array;
      weak = new WeakRef(out.buffer);
      return out;
    };
    const steps = decodeProfile(new Uint8Array(fixtureBytes('gzipleak.current.heap')), { gunzip: inflater });
    const done = (p: Progress) => p.phase === 'decode' && p.done === p.total;
    expect(await decodeLooking(steps, done, () => alive(weak!))).toBe(false);
  });

  it('a profile.proto given as it is, once its samples are read', async () => {
    let raw: Uint8Array | null = zlibGunzip(new Uint8Array(fixtureBytes('gzipleak.current.heap')), 1 << 30, 1 << 16) as Uint8Array;
    const weak = new WeakRef(raw.buffer);
    const steps = decodeProfile(raw);
    raw = null;
    const done = (p: Progress) => p.phase === 'decode' && p.done === p.total;
    expect(await decodeLooking(steps, done, () => alive(weak))).toBe(false);
  });
});
