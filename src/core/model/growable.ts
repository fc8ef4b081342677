// Append-only typed arrays: decoders do not know row counts up front, and an
// object per row is what we are avoiding. `finish()` hands out a trimmed view.

type TypedArray = Int32Array | Float64Array | Uint8Array | Uint32Array;
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
    const next = new this.ctor(n);
    next.set(this.data as never);
    this.data = next;
  }
  /** A right-sized copy, so the slack of doubling is released. */
  finish(): T {
    return this.data.slice(0, this.length) as T;
  }
}

export class GrowableInt32 extends Growable<Int32Array> {
  constructor(capacity?: number) { super(Int32Array, capacity); }
}
export class GrowableFloat64 extends Growable<Float64Array> {
  constructor(capacity?: number) { super(Float64Array, capacity); }
}
export class GrowableUint8 extends Growable<Uint8Array> {
  constructor(capacity?: number) { super(Uint8Array, capacity); }
}
