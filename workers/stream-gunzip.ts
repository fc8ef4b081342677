// The browser's own gzip inflater (DecompressionStream) as the decode's
// (core/decode native.ts): zlib in C, about three times pako's speed. The
// input goes in slices so the output arrives in chunks the decode counts
// against its cap and stops at, with a cancel or a ping answered in between.

import { OVER_LIMIT, type InflateJob, type NativeGunzip } from '../src/core/decode';

/**
 * Compressed bytes written at a time: one slice inflates in one go before the
 * cap is checked, so a bomb overshoots the cap by at most ~1000× this.
 */
const SLICE = 64 * 1024;

/** The inflater, where the browser has one (else the decode keeps pako). */
export const streamGunzip: NativeGunzip | undefined =
  typeof DecompressionStream === 'function' ? (gz, limit, sizeHint) => new StreamJob(gz, limit, sizeHint) : undefined;

class StreamJob implements InflateJob {
  read = 0;
  private out: Uint8Array;
  private size = 0;
  private state: 'running' | 'done' | 'over' | 'failed' = 'running';
  private error: unknown;
  private readonly writer: WritableStreamDefaultWriter<BufferSource>;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;

  constructor(
    private readonly gz: Uint8Array,
    private readonly limit: number,
    sizeHint: number,
  ) {
    const stream = new DecompressionStream('gzip');
    this.writer = stream.writable.getWriter();
    this.reader = stream.readable.getReader();
    this.out = new Uint8Array(sizeHint);
    void this.feed();
  }

  /** Writes the input a slice at a time, as the output is read (the stream's backpressure). */
  private async feed(): Promise<void> {
    const n = this.gz.length;
    try {
      for (let pos = 0; pos < n && this.state === 'running'; pos += SLICE) {
        await this.writer.ready;
        this.writer.write(this.gz.subarray(pos, Math.min(pos + SLICE, n)) as Uint8Array<ArrayBuffer>).catch(() => {});
        this.read = Math.min(pos + SLICE, n);
      }
      if (this.state === 'running') await this.writer.close();
    } catch {
      // A failed stream fails its readable side too: next() reports it.
    }
  }

  async next(): Promise<boolean> {
    if (this.state !== 'running') return false;
    try {
      const { value, done } = await this.reader.read();
      if (done) this.state = 'done';
      else this.append(value);
    } catch (e) {
      this.state = 'failed';
      this.error = e;
    }
    return this.state === 'running';
  }

  private append(chunk: Uint8Array): void {
    const end = this.size + chunk.length;
    if (end > this.limit) {
      this.state = 'over';
      this.cancel();
      return;
    }
    if (end > this.out.length) {
      let cap = Math.max(this.out.length * 2, 1 << 16);
      while (cap < end) cap *= 2;
      const grown = new Uint8Array(Math.min(cap, this.limit));
      grown.set(this.out.subarray(0, this.size));
      this.out = grown;
    }
    this.out.set(chunk, this.size);
    this.size = end;
  }

  result(): Uint8Array | typeof OVER_LIMIT {
    if (this.state === 'failed') throw this.error;
    if (this.state === 'over') return OVER_LIMIT;
    return this.out.subarray(0, this.size);
  }

  cancel(): void {
    this.reader.cancel().catch(() => {});
    this.writer.abort().catch(() => {});
  }
}
