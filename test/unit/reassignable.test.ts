import { describe, expect, it } from 'vitest';
import { reassignable, StackTableBuilder } from '../../src/core/model';

describe('reassignable', () => {
  it('leaves every field as it was: booleans, numbers, typed arrays', () => {
    const table = new Int32Array([1, 2, 3]);
    const bytes = new Uint8Array(4);
    const o = { on: true, off: false, zero: 0, mask: 4095, table, bytes };
    reassignable(o, ['on', 'off', 'zero', 'mask', 'table', 'bytes']);
    expect(o).toEqual({ on: true, off: false, zero: 0, mask: 4095, table, bytes });
    expect(o.table).toBe(table);
    expect(o.bytes).toBe(bytes);
  });

  it('refuses a field the object does not have, rather than adding it', () => {
    const o = { slots: new Int32Array(0) };
    expect(() => reassignable(o, ['slot'])).toThrow(/not a boolean, number or typed array/);
    expect('slot' in o).toBe(false);
  });

  it('refuses a field of another kind (its constructor is not called)', () => {
    const o = { list: [1, 2], none: null };
    expect(() => reassignable(o, ['list'])).toThrow(/not a boolean, number or typed array/);
    expect(() => reassignable(o, ['none'])).toThrow(/not a boolean, number or typed array/);
    expect(o).toEqual({ list: [1, 2], none: null });
  });

  it('the stack tree builder still interns after its fields were made mutable', () => {
    const t = new StackTableBuilder();
    const leafFirst = new Int32Array([3, 2, 1, 4, 2, 1]);
    const leaves = new Int32Array(2);
    t.internPaths(leafFirst, new Int32Array([0, 3, 6]), 2, leaves);
    expect(t.length).toBe(4); // 1 → 2 → 3 and 1 → 2 → 4 share two nodes
    expect(t.parentOf(leaves[0])).toBe(t.parentOf(leaves[1]));
  });
});
