// A tiny protobuf wire-format tree for structure-aware mutation: parse a
// message into fields (nested messages parsed too, where the bytes parse as
// one), edit the tree, write it back with every length recomputed. Test code
// only; it knows nothing of profile.proto beyond which fields are strings.

export interface Field {
  field: number;
  wt: number;
  /** Varint payload (wt 0), as bigint so 64-bit values survive. */
  varint?: bigint;
  /** Raw payload for wt 1, 5, and length-delimited fields that are not messages. */
  bytes?: Uint8Array;
  /** Length-delimited payload parsed as a message. */
  children?: Field[];
  /** Override for the written length prefix of a length-delimited field (a lie). */
  lengthLie?: bigint;
}

function readVarint(b: Uint8Array, pos: number): [bigint, number] | null {
  let v = 0n;
  for (let shift = 0n; shift < 70n; shift += 7n) {
    if (pos >= b.length) return null;
    const c = b[pos++];
    v |= BigInt(c & 0x7f) << shift;
    if (c < 0x80) return [v & 0xffffffffffffffffn, pos];
  }
  return null;
}

/** Parses b as a message; null if it is not a clean one. */
export function parseMessage(b: Uint8Array, depth = 0, noRecurse: (field: number, depth: number) => boolean = () => false): Field[] | null {
  const out: Field[] = [];
  let pos = 0;
  while (pos < b.length) {
    const t = readVarint(b, pos);
    if (!t) return null;
    pos = t[1];
    const field = Number(t[0] >> 3n);
    const wt = Number(t[0] & 7n);
    if (field === 0) return null;
    if (wt === 0) {
      const v = readVarint(b, pos);
      if (!v) return null;
      out.push({ field, wt, varint: v[0] });
      pos = v[1];
    } else if (wt === 1 || wt === 5) {
      const n = wt === 1 ? 8 : 4;
      if (pos + n > b.length) return null;
      out.push({ field, wt, bytes: b.slice(pos, pos + n) });
      pos += n;
    } else if (wt === 2) {
      const v = readVarint(b, pos);
      if (!v || v[0] > BigInt(b.length - v[1])) return null;
      const start = v[1];
      const end = start + Number(v[0]);
      const payload = b.subarray(start, end);
      const children = depth < 4 && payload.length > 0 && !noRecurse(field, depth) ? parseMessage(payload, depth + 1) : null;
      out.push(children ? { field, wt, children } : { field, wt, bytes: payload.slice() });
      pos = end;
    } else return null;
  }
  return out;
}

/** profile.proto: top-level field 6 is the string table; never read a string as a message. */
export const profileNoRecurse = (field: number, depth: number) => depth === 0 && field === 6;

function pushVarint(out: number[], v: bigint): void {
  v &= 0xffffffffffffffffn;
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
}

function writeInto(out: number[], fields: Field[]): void {
  for (const f of fields) {
    pushVarint(out, (BigInt(f.field) << 3n) | BigInt(f.wt));
    if (f.wt === 0) pushVarint(out, f.varint ?? 0n);
    else if (f.wt === 2) {
      let payload: Uint8Array | number[];
      if (f.children) {
        const inner: number[] = [];
        writeInto(inner, f.children);
        payload = inner;
      } else payload = f.bytes ?? new Uint8Array(0);
      pushVarint(out, f.lengthLie ?? BigInt(payload.length));
      for (let i = 0; i < payload.length; i++) out.push(payload[i]);
    } else {
      const b = f.bytes ?? new Uint8Array(f.wt === 1 ? 8 : 4);
      for (let i = 0; i < b.length; i++) out.push(b[i]);
    }
  }
}

export function writeMessage(fields: Field[]): Uint8Array {
  const out: number[] = [];
  writeInto(out, fields);
  return Uint8Array.from(out);
}

/** Every field of the tree with its parent list, depth first (for picking one at random). */
export function flatten(fields: Field[], into: { list: Field[]; f: Field; depth: number }[] = [], depth = 0) {
  for (const f of fields) {
    into.push({ list: fields, f, depth });
    if (f.children) flatten(f.children, into, depth + 1);
  }
  return into;
}

export function cloneTree(fields: Field[]): Field[] {
  return fields.map((f) => ({ ...f, children: f.children ? cloneTree(f.children) : undefined }));
}
