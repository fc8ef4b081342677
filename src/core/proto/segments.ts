// The inflated bytes as the inflater handed them (the browser's
// DecompressionStream: ~1,300 pieces of ~45 KB for the wide current file),
// cut into runs of whole top-level fields that the decoder reads where they
// lie. Joining the pieces into one buffer wrote 57.7 MB of fresh pages on
// that file: ~0.24 s of the page's load (docs/decisions/0045).

/** Whole top-level fields of profile.proto; `base` is the offset of bytes[0] in the whole stream. */
export interface Segment {
  bytes: Uint8Array;
  base: number;
}

/**
 * The pieces as segments of whole fields. A field that spans pieces is
 * copied into a buffer of its own. From a field whose framing cannot be read
 * (damage, a wire type profile.proto does not use, a length past the end),
 * the rest is joined into one segment, so the decoder meets it at the same
 * offset as in one buffer and says the same.
 */
export function wholeFields(pieces: readonly Uint8Array[]): Segment[] {
  const out: Segment[] = [];
  let total = 0;
  for (const p of pieces) total += p.length;
  let base = 0; // offset of pieces[i][0]
  let i = 0;
  let pos = 0;
  while (i < pieces.length) {
    const p = pieces[i];
    let q = pos;
    for (let end = fieldEnd(p, q, p.length); end > 0; end = fieldEnd(p, q, p.length)) q = end;
    if (q > pos) out.push({ bytes: p.subarray(pos, q), base: base + pos });
    if (q === p.length) {
      base += p.length;
      i++;
      pos = 0;
      continue;
    }
    // A field starts at q and ends in a later piece, or cannot be framed.
    const at = base + q;
    const head = copyFrom(pieces, i, q, Math.min(HEADER_MOST, total - at));
    const size = fieldEnd(head, 0, total - at);
    if (size <= p.length - q) return rest(out, pieces, i, q, at); // 0: damaged; else it would have fitted
    const bytes = copyFrom(pieces, i, q, size);
    out.push({ bytes, base: at });
    // Past the field: into the piece it ends in.
    let left = size - (p.length - q);
    base += p.length;
    i++;
    while (left >= pieces[i].length) {
      left -= pieces[i].length;
      base += pieces[i].length;
      i++;
      if (i === pieces.length) return out;
    }
    pos = left;
  }
  return out;
}

/** A tag and a 10-byte varint: the most a field's framing takes. */
const HEADER_MOST = 20;

/**
 * The end of the top-level field at b[q], the field lying within b[0, limit)
 * (limit may pass b's end: a header read alone); 0 when it passes b's end or
 * limit, or its framing is damaged.
 */
function fieldEnd(b: Uint8Array, q: number, limit: number): number {
  const n = Math.min(b.length, limit);
  const tag = varintEnd(b, q, n);
  if (tag === 0) return 0;
  const wt = b[q] & 7;
  let end: number;
  if (wt === 0) end = varintEnd(b, tag, n);
  else if (wt === 1) end = tag + 8;
  else if (wt === 5) end = tag + 4;
  else if (wt === 2) {
    const at = varintEnd(b, tag, n);
    if (at === 0) return 0;
    let len = 0;
    for (let k = at - 1; k >= tag; k--) len = len * 128 + (b[k] & 0x7f);
    end = at + len;
  } else return 0;
  return end === 0 || end > limit ? 0 : end;
}

/** The end of the varint at b[q] (at most 10 bytes), 0 when it passes n or is longer. */
function varintEnd(b: Uint8Array, q: number, n: number): number {
  for (let k = q; k < n && k < q + 10; k++) if (b[k] < 0x80) return k + 1;
  return 0;
}

/** `size` bytes from pieces[i][q] on, into one buffer. */
function copyFrom(pieces: readonly Uint8Array[], i: number, q: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let filled = 0;
  for (let k = i; filled < size && k < pieces.length; k++) {
    const from = k === i ? q : 0;
    const take = Math.min(pieces[k].length - from, size - filled);
    out.set(pieces[k].subarray(from, from + take), filled);
    filled += take;
  }
  return out;
}

function rest(out: Segment[], pieces: readonly Uint8Array[], i: number, q: number, at: number): Segment[] {
  let size = 0;
  for (let k = i; k < pieces.length; k++) size += pieces[k].length;
  out.push({ bytes: copyFrom(pieces, i, q, size - q), base: at });
  return out;
}
