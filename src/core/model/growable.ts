// Append-only typed arrays: decoders do not know row counts up front, and an
// object per row is what we are avoiding. `finish()` hands out a right-sized
// array. A decoder that can count rows first reserves them exactly, so the
// column is neither regrown nor copied at the end.

type TypedArray = Int32Array | Float64Array | Uint8Array | Uint16Array | Uint32Array;
type Ctor<T> = new (n: number) => T;

class Growable<T extends TypedArray> {
  data: T;
  length = 0;
  constructor(private readonly ctor: Ctor<T>, capacity = 64) {
    this.data = new ctor(Math.max(capacity, 4));
  }
  push(v: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = v;
  }
  grow(min: number): void {
    let n = this.data.length * 2;
    while (n < min) n *= 2;
    this.resize(n);
  }
  /** Makes room for exactly `capacity` rows in all (no doubling); never shrinks. */
  reserve(capacity: number): void {
    if (capacity > this.data.length) this.resize(capacity);
  }
  private resize(n: number): void {
    const next = new this.ctor(n);
    next.set(this.data as never);
    this.data = next;
  }
  /**
   * The rows as an array of exactly `length`: the buffer itself when it is
   * full, a view of it when the slack is at most 1/64 (rows reserved exactly,
   * then a few merged away: copying tens of megabytes for that would double
   * them for a while), else a copy, so the slack of doubling is released.
   * A column reserved by projection may keep up to `maxSlack` of its buffer
   * unused instead: pages never written are never resident.
   */
  finish(maxSlack = 1 / 64): T {
    const capacity = this.data.length;
    if (this.length === capacity) return this.data;
    if (capacity - this.length <= capacity * maxSlack) return this.data.subarray(0, this.length) as T;
    return this.data.slice(0, this.length) as T;
  }
}

// push() is repeated in each class on purpose: one shared push would store
// into three kinds of typed array from one site, which V8 then handles
// generically (megamorphic), several times slower on every decoder's hot path.

export class GrowableInt32 extends Growable<Int32Array> {
  constructor(capacity?: number) { super(Int32Array, capacity); }
  override push(v: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = v;
  }
}
export class GrowableFloat64 extends Growable<Float64Array> {
  constructor(capacity?: number) { super(Float64Array, capacity); }
  override push(v: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = v;
  }
}
export class GrowableUint16 extends Growable<Uint16Array> {
  constructor(capacity?: number) { super(Uint16Array, capacity); }
  override push(v: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = v;
  }
}
export class GrowableUint8 extends Growable<Uint8Array> {
  constructor(capacity?: number) { super(Uint8Array, capacity); }
  override push(v: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = v;
  }
}

/**
 * An open-addressing table of `size` slots (a power of two) holding entries
 * first..end-1 as entry + 1 (0: empty), each placed by its stored hash: what
 * a hash table that keeps its entries' hashes in a growable column rebuilds
 * when it grows.
 */
export function slotsByHash(hashes: Int32Array, first: number, end: number, size: number): Int32Array<ArrayBuffer> {
  const slots = new Int32Array(size);
  const mask = size - 1;
  for (let e = first; e < end; e++) {
    let slot = hashes[e] & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = e + 1;
  }
  return slots;
}
