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

  /** A number for v without looking v up (nor finding it later by it): for values seldom met twice. */
  append(v: T): number {
    this.values.push(v);
    return this.values.length - 1;
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
