// The decoder pool's size (workers/decoder-pool.ts): two files decode on two
// decoders (issue #15's pair, docs/decisions/0020), and while more files wait
// than there are cores, one core is left to the page's main thread
// (docs/decisions/0024). The decoders are fakes over a MessageChannel, each
// answering a file when the test lets it.

import { expose } from 'comlink';
import { describe, expect, it } from 'vitest';
import { DecoderPool } from '../../workers/decoder-pool';

interface Fakes {
  start: () => Worker;
  /** For each file a decoder took, in order: how many files were decoding then (itself included). */
  atOnce: number[];
  started: () => number;
  ended: () => number;
  /** Lets the oldest file still decoding finish. */
  finishOne: () => void;
}

function fakeDecoders(): Fakes {
  const decoding: (() => void)[] = [];
  const atOnce: number[] = [];
  let started = 0;
  let ended = 0;
  const start = () => {
    const { port1, port2 } = new MessageChannel();
    started++;
    expose(
      {
        decode: () =>
          new Promise((resolve) => {
            decoding.push(() => resolve({ ok: true, value: { profile: null, loaded: null } }));
            atOnce.push(decoding.length);
          }),
        ping: () => 'pong',
        cancel: () => {},
        stopForTest: () => {},
        holdForTest: () => {},
      },
      port2 as unknown as Parameters<typeof expose>[1],
    );
    const terminate = () => {
      ended++;
      port1.close();
      port2.close();
    };
    return Object.assign(port1, { terminate }) as unknown as Worker;
  };
  return { start, atOnce, started: () => started, ended: () => ended, finishOne: () => decoding.shift()!() };
}

/** Until `what` holds (the pool and its fakes answer each other in messages). */
async function until(what: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !what(); i++) await new Promise((r) => setTimeout(r, 2));
  expect(what()).toBe(true);
}

const file = () => new Blob([new Uint8Array(8)]);

describe('decoder pool', () => {
  it('two files on two cores: both decode at once', async () => {
    const fakes = fakeDecoders();
    const pool = new DecoderPool({ start: fakes.start, size: 2, watchdogMs: 60_000, pingEveryMs: 60_000 });
    const jobs = [pool.decode(file()), pool.decode(file())];
    await until(() => fakes.atOnce.length === 2);
    expect(fakes.atOnce).toEqual([1, 2]);
    fakes.finishOne();
    fakes.finishOne();
    for (const j of jobs) expect((await j.result).ok).toBe(true);
    expect(pool.stats).toEqual({ started: 2, mostAtOnce: 2 });
    await until(() => fakes.ended() === 2);
  });

  it('six files on two cores: one decoder while more than two wait or decode, two for the last two', async () => {
    const fakes = fakeDecoders();
    const pool = new DecoderPool({ start: fakes.start, size: 2, watchdogMs: 60_000, pingEveryMs: 60_000 });
    const jobs = Array.from({ length: 6 }, () => pool.decode(file()));
    // The first two arrive before the others and start two decoders.
    await until(() => fakes.atOnce.length === 2);
    // File 1 done, five left: its decoder ends, and file 3 waits for the other.
    fakes.finishOne();
    await until(() => fakes.ended() === 1);
    expect(fakes.atOnce).toHaveLength(2);
    fakes.finishOne();
    await until(() => fakes.atOnce.length === 3);
    fakes.finishOne();
    await until(() => fakes.atOnce.length === 4);
    // Two left: they decode together.
    fakes.finishOne();
    await until(() => fakes.atOnce.length === 6);
    expect(fakes.atOnce).toEqual([1, 2, 1, 1, 1, 2]);
    fakes.finishOne();
    fakes.finishOne();
    for (const j of jobs) expect((await j.result).ok).toBe(true);
    expect(fakes.started()).toBe(3);
    await until(() => fakes.ended() === 3);
  });

  it('prepared: spares wait for the first files, take them without a start, and end once the first decode ends', async () => {
    const fakes = fakeDecoders();
    const pool = new DecoderPool({ start: fakes.start, size: 2, watchdogMs: 60_000, pingEveryMs: 60_000 });
    pool.prepare();
    expect(fakes.started()).toBe(2);
    // Asked again, or idle a while: nothing more starts, nothing ends.
    pool.prepare();
    await new Promise((r) => setTimeout(r, 20));
    expect({ started: fakes.started(), ended: fakes.ended() }).toEqual({ started: 2, ended: 0 });
    // One file: it goes to a spare; the other spare stays until that decode ends.
    const job = pool.decode(file());
    await until(() => fakes.atOnce.length === 1);
    expect(fakes.started()).toBe(2);
    expect(fakes.ended()).toBe(0);
    fakes.finishOne();
    expect((await job.result).ok).toBe(true);
    await until(() => fakes.ended() === 2);
    // The next files start decoders as an unprepared pool does.
    const next = [pool.decode(file()), pool.decode(file())];
    await until(() => fakes.atOnce.length === 3);
    expect(fakes.started()).toBe(4);
    fakes.finishOne();
    fakes.finishOne();
    for (const j of next) expect((await j.result).ok).toBe(true);
    // prepare after files were given: no spares.
    pool.prepare();
    expect(fakes.started()).toBe(4);
  });

  it('prepared with no nested workers: nothing starts, files decode in the worker itself', async () => {
    const pool = new DecoderPool({
      start: () => {
        throw new Error('no Worker here');
      },
      size: 2,
      watchdogMs: 60_000,
      pingEveryMs: 60_000,
    });
    pool.prepare();
    expect(pool.stats.started).toBe(0);
  });
});
