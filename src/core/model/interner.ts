/** Values numbered in the order first met: `values[i]` has number i. */
export class Interner<T> {
  readonly values: T[] = [];
  private readonly index = new Map<T, number>();

  constructor(first: readonly T[] = []) {
    for (const v of first) this.intern(v);
  }

  get length(): number {
    return this.values.length;
  }

  intern(v: T): number {
    let i = this.index.get(v);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(v);
      this.index.set(v, i);
    }
    return i;
  }
}
