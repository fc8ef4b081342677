// Files dropped together decode at once, each on a decoder of its own
// (workers/decoder-pool.ts), and each decoder is watched on its own: a
// cancel stops one file, a decoder that dies fails one file, and the others
// load as if nothing happened. After every test: no request left the page's
// origin, no CSP violation, no console or page error.

import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeProfile } from '../../src/core/decode';
import { runSync } from '../../src/core/progress';
import { fixtureBytes } from '../helpers/fixtures';
import { card, cardStatus, holdDecoder, pageSession, type TestHooks } from './harness';
import { namedHeap, syntheticHeap } from './synthetic';

const session = pageSession();

const stats = (page: Page) => page.evaluate(() => (window as unknown as TestHooks).__heapdiff.decoderStats());

type Upload = { name: string; mimeType: string; buffer: Buffer };
/**
 * Two profiles that take a while to decode (about 0.3 s each on a 2-core
 * VM: too short a time to catch both decoding from the page, so the tests
 * count what the pool ran at once, or hold a decoder) and are quick to show
 * (300 distinct stacks), the same pair smaller, and a small profile.
 */
let large: Upload[];
let medium: Upload[];
const small = { name: 'small.heap', mimeType: 'application/octet-stream', buffer: Buffer.from(namedHeap(['main.kept'])) };
const pair = (samples: number): Upload[] =>
  ['one.heap', 'two.heap'].map((name, i) => ({
    name,
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(syntheticHeap({ samples, stacks: 300, seed: i + 7, timeNanos: 1_700_000_000_000_000_000n + BigInt(i + 1) * 60_000_000_000n })),
  }));

beforeAll(() => {
  large = pair(300_000);
  medium = pair(20_000);
}, 120_000);

/** Waits until the card of `name` shows its decoder's progress. */
async function decoding(page: Page, name: string): Promise<void> {
  await page.waitForFunction(
    (name) => {
      const c = document.querySelector(`[data-testid="file-card"][data-name="${name}"]`) as HTMLElement | null;
      const progress = c?.querySelector('[data-testid="card-progress"]')?.textContent ?? '';
      return c?.dataset.status === 'loading' && /Inflating|Decoding/.test(progress);
    },
    name,
    { timeout: 30_000, polling: 'raf' },
  );
}

describe('decoders, one per file', () => {
  it('decodes two files dropped together at once, on two decoders', async () => {
    const page = await open('?test');
    await page.getByLabel('Open profiles').setInputFiles(large);
    await cardStatus(page, 'one.heap', 'ready', 60_000);
    await cardStatus(page, 'two.heap', 'ready', 60_000);
    expect((await stats(page)).mostAtOnce).toBe(2);
    await expect.poll(() => session.watched!.decodersStarted).toBe(2);
    expect(session.watched!.workersStarted).toBe(1);
    await expect.poll(() => page.getByTestId('top-row').count(), { timeout: 20_000 }).toBeGreaterThan(1);
  });

  it('cancels one of two loads while the other goes on', async () => {
    const page = await open('?test');
    // Idle, the page has its decoders started ahead of the first files (DecoderPool.prepare).
    await expect.poll(() => session.watched!.decodersStarted, { timeout: 5000 }).toBe(2);
    await page.getByLabel('Open profiles').setInputFiles(small);
    await cardStatus(page, 'small.heap', 'ready');
    await holdDecoder(page, 'one.heap');
    await page.getByLabel('Open profiles').setInputFiles(large);
    await decoding(page, 'one.heap');
    await cardStatus(page, 'two.heap', 'ready', 60_000);
    expect(await card(page, 'one.heap').getAttribute('data-status')).toBe('loading');
    expect((await stats(page)).mostAtOnce).toBe(2);
    await card(page, 'one.heap').getByRole('button', { name: 'Cancel' }).click();
    const cancelled = await cardStatus(page, 'one.heap', 'error', 10_000);
    expect(await cancelled.getByTestId('card-error').getAttribute('data-code')).toBe('cancelled');
    expect(await card(page, 'small.heap').getAttribute('data-status')).toBe('ready');
    // The two started ahead (the small file took one; both ended when it was done), then one for each of the two.
    expect(session.watched!.decodersStarted).toBe(4);
  });

  it('a decoder that dies fails only its file, with a clear error; the other file and what was loaded stay', async () => {
    // ?test: the decoders' watchdog gives up after 3 s without an answer.
    const page = await open('?test');
    await page.getByLabel('Open profiles').setInputFiles(small);
    await cardStatus(page, 'small.heap', 'ready');
    await page.evaluate(() => (window as unknown as TestHooks).__heapdiff.stopDecoder('one.heap'));
    await page.getByLabel('Open profiles').setInputFiles(medium);
    const failed = await cardStatus(page, 'one.heap', 'error', 30_000);
    const err = failed.getByTestId('card-error');
    expect(await err.getAttribute('data-code')).toBe('decoder-crashed');
    expect(await err.textContent()).toMatch(/The decoder of this file stopped answering for over 3 s and was stopped; the other files are not affected\./);
    await cardStatus(page, 'two.heap', 'ready', 60_000);
    expect(await card(page, 'small.heap').getAttribute('data-status')).toBe('ready');
    // No restart of the worker that answers views, and no notice of one.
    expect(await page.getByTestId('notice').count()).toBe(0);
    expect(session.watched!.workersStarted).toBe(1);
    expect((await stats(page)).mostAtOnce).toBe(2);
    // The file itself is fine: loaded again, it decodes.
    await failed.getByRole('button', { name: 'Load again' }).click();
    await cardStatus(page, 'one.heap', 'ready', 60_000);
  });
});

describe('gzip inflated by the browser (DecompressionStream, pako where it fails)', () => {
  it('loads a gzip profile, and tells bad gzip in the same words as pako', async () => {
    const heap = fixtureBytes('gzipleak.base.heap');
    const flipped = heap.slice();
    flipped[heap.length >> 1] ^= 0x55;
    const files = [
      { name: 'good.heap', bytes: heap },
      { name: 'cut.heap', bytes: heap.subarray(0, heap.length >> 1) },
      { name: 'flipped.heap', bytes: flipped },
      { name: 'junk.heap', bytes: Buffer.concat([heap, Buffer.from('not gzip')]) },
    ];
    const page = await open();
    await page.getByLabel('Open profiles').setInputFiles(files.map(({ name, bytes }) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) })));
    await cardStatus(page, 'good.heap', 'ready');
    for (const { name, bytes } of files.slice(1)) {
      const want = failure(bytes);
      const err = (await cardStatus(page, name, 'error')).getByTestId('card-error');
      expect(await err.getAttribute('data-code'), name).toBe(want.code);
      expect(await err.textContent(), name).toContain(want.message);
    }
    expect(files.slice(1).map(({ bytes }) => failure(bytes).code)).toEqual(['gzip-truncated', 'gzip-corrupt', 'gzip-corrupt']);
  });
});

/** What decoding `bytes` with pako in Node fails with. */
function failure(bytes: Uint8Array): { code: string; message: string } {
  try {
    runSync(decodeProfile(bytes));
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error('decoded');
}

function open(query = ''): Promise<Page> {
  return session.open(query);
}
