// V8 treats a field that has been stored only once as a constant of its
// object's hidden class: optimised code may read it as one, and is thrown
// away when the field is first stored again (a FieldConstnessDependency).
// A decoder's hot loop reassigns a few fields now and then, late: a table
// grown, the byte cache switched off. Each such first store aborted a
// compile of the loop under way or discarded one done, so the loop ran
// unoptimised longer and was compiled again (decision 0046). Storing each
// such field twice at construction makes it mutable before any compile.

type Field = boolean | number | ArrayBufferView;

/** Stores each of `fields` of `o` once with another value and once with its own: mutable from here on. */
export function reassignable(o: object, fields: readonly string[]): void {
  const record = o as Record<string, Field>;
  for (const f of fields) {
    const v = record[f];
    record[f] = other(v);
    record[f] = v;
  }
}

/** A value of the same kind, not the same: the field's type and representation stay as they were. */
function other(v: Field): Field {
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'number') return v === 0 ? 1 : 0;
  if (!ArrayBuffer.isView(v)) throw new Error('not a boolean, number or typed array'); // nor a misspelt name's undefined
  return new (v.constructor as new (n: number) => ArrayBufferView)(0);
}
