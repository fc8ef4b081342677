// Structure-aware mutations as data: a fast-check arbitrary draws a plan
// (seed index + a few ops with random numbers), `apply` turns plan + seed into
// bytes deterministically, so a failing case prints and replays as its plan.

import fc from 'fast-check';
import { gunzipSync, gzipSync } from 'node:zlib';
import { cloneTree, flatten, parseMessage, profileNoRecurse, writeMessage, type Field } from './proto-tree';
import type { Seed } from './seeds';

const PROTO_OPS = ['varint', 'lengthLie', 'delete', 'dup', 'swap', 'string', 'stackIds', 'insertField', 'wireType', 'cutField'] as const;
const BYTE_OPS = ['truncate', 'flip', 'insertBytes', 'hugeVarint'] as const;
const TEXT_OPS = [
  'cutLine',
  'cutToken',
  'deleteLine',
  'dupLine',
  'swapLines',
  'number',
  'hex',
  'longLine',
  'weirdBytes',
  'crlf',
  'truncate',
  'flip',
] as const;
const GZIP_OPS = ['inner', 'truncate', 'flip', 'isize', 'headerFlags', 'concat'] as const;
/** The most characters one dupLine adds. */
const DUPLICATED_MAX = 4 << 20;
export const ALL_OPS = [...new Set([...PROTO_OPS, ...BYTE_OPS, ...TEXT_OPS, ...GZIP_OPS])];

export interface Op {
  kind: string;
  a: number;
  b: number;
  c: number;
}
export interface Plan {
  seed: number;
  ops: Op[];
}

export function planArb(kinds: readonly string[], nSeeds: number): fc.Arbitrary<Plan> {
  const op = fc.record({ kind: fc.constantFrom(...kinds), a: fc.nat(), b: fc.nat(), c: fc.nat() });
  return fc.record({ seed: fc.nat(nSeeds - 1), ops: fc.array(op, { minLength: 1, maxLength: 3 }) });
}

export function opsFor(seed: Seed): readonly string[] {
  if (seed.kind === 'proto') return [...PROTO_OPS, ...BYTE_OPS];
  if (seed.kind === 'gzip') return GZIP_OPS;
  return TEXT_OPS;
}

// ---------------------------------------------------------------- values

const TWO64 = 1n << 64n;
/** Varints a writer never meant: ids past every table, negatives as 10-byte two's complement, 2^53+1, a 2 GB length. */
function specialVarint(pick: number, near: number): bigint {
  const list = [
    0n, 1n, 2n, 127n, 128n, BigInt(near), BigInt(near + 1), BigInt(near) * 4n + 1025n,
    (1n << 31n) - 1n, 1n << 31n, 1n << 32n, (1n << 53n) + 1n, 1n << 63n,
    TWO64 - 1n, TWO64 - 2n, TWO64 - (1n << 31n), 2_147_483_648n, 1_000_000_007n,
  ];
  return list[pick % list.length];
}

const enc = new TextEncoder();
const WEIRD: Uint8Array[] = [
  Uint8Array.of(0xff, 0xfe),
  Uint8Array.of(0xc3), // lone lead byte
  Uint8Array.of(0xed, 0xa0, 0x80), // encoded surrogate
  Uint8Array.of(0xf4, 0x90, 0x80, 0x80), // past U+10FFFF
  Uint8Array.of(0),
  Uint8Array.of(0, 0, 0, 0),
  enc.encode('\u202e'),
  enc.encode('<img src=x onerror=alert(1)>'),
  Uint8Array.of(0x0d),
  Uint8Array.of(0x0a, 0x0a, 0x0a),
  enc.encode('\t'),
  enc.encode(' @ '),
  enc.encode('goroutine '),
  enc.encode('#\t0x'),
];

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function encodeVarint(v: bigint): Uint8Array {
  const out: number[] = [];
  v &= TWO64 - 1n;
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Uint8Array.from(out);
}

// ---------------------------------------------------------------- bytes

function byteOp(b: Uint8Array, op: Op): Uint8Array {
  const n = b.length;
  switch (op.kind) {
    case 'truncate':
      return b.slice(0, n === 0 ? 0 : op.a % n);
    case 'flip': {
      if (n === 0) return b;
      const out = b.slice();
      for (let k = 0; k <= op.c % 3; k++) out[(op.a + k * 7919) % n] ^= (op.b % 255) + 1;
      return out;
    }
    case 'insertBytes': {
      const at = op.a % (n + 1);
      return concat(b.subarray(0, at), WEIRD[op.b % WEIRD.length], b.subarray(at));
    }
    case 'hugeVarint': {
      const at = op.a % (n + 1);
      return concat(b.subarray(0, at), encodeVarint(specialVarint(op.b, n)), b.subarray(at));
    }
  }
  return b;
}

// ---------------------------------------------------------------- proto

const trees = new WeakMap<Uint8Array, Field[] | null>();
function treeOf(b: Uint8Array): Field[] | null {
  if (!trees.has(b)) trees.set(b, parseMessage(b, 0, profileNoRecurse));
  const t = trees.get(b);
  return t ? cloneTree(t) : null;
}

function protoOp(tree: Field[], op: Op): void {
  const all = flatten(tree);
  if (all.length === 0) return;
  const nStrings = tree.filter((f) => f.field === 6).length;
  const pick = <T,>(xs: T[], i: number) => xs[i % xs.length];
  switch (op.kind) {
    case 'varint': {
      const vs = all.filter((x) => x.f.wt === 0);
      if (vs.length) pick(vs, op.a).f.varint = specialVarint(op.b, nStrings);
      return;
    }
    case 'lengthLie': {
      const ls = all.filter((x) => x.f.wt === 2);
      if (!ls.length) return;
      const f = pick(ls, op.a).f;
      const len = BigInt(f.children ? writeMessage(f.children).length : (f.bytes?.length ?? 0));
      f.lengthLie = [len + 1n, len - 1n >= 0n ? len - 1n : 0n, 1n << 31n, TWO64 - 1n, 0n, len * 1000n][op.b % 6];
      return;
    }
    case 'delete': {
      const x = pick(all, op.a);
      x.list.splice(x.list.indexOf(x.f), 1);
      return;
    }
    case 'dup': {
      const x = pick(all, op.a);
      const copies = [1, 2, 50][op.b % 3];
      const i = x.list.indexOf(x.f);
      for (let k = 0; k < copies; k++) x.list.splice(i, 0, cloneTree([x.f])[0]);
      return;
    }
    case 'swap': {
      const x = pick(all, op.a);
      const i = x.list.indexOf(x.f);
      const j = op.b % x.list.length;
      [x.list[i], x.list[j]] = [x.list[j], x.list[i]];
      return;
    }
    case 'string': {
      const strs = tree.filter((f) => f.field === 6);
      if (!strs.length) return;
      const s = pick(strs, op.a);
      const choices = [
        WEIRD[op.c % WEIRD.length],
        enc.encode('x'.repeat(100_000)),
        concat(enc.encode('main.'), Uint8Array.of(0xff, 0, 0xc0), enc.encode('\u202efdp.')),
        new Uint8Array(0),
      ];
      s.bytes = choices[op.b % choices.length];
      s.children = undefined;
      return;
    }
    case 'stackIds': {
      // A sample's location_id run (sample = top-level field 2, its field 1):
      // ids past the table, recursion (a b a b …), a very deep stack.
      const samples = tree.filter((f) => f.field === 2 && f.children);
      if (!samples.length) return;
      const s = pick(samples, op.a);
      const locs = tree.filter((f) => f.field === 4).length;
      const ids: bigint[] = [];
      const kind = op.b % 4;
      if (kind === 0) ids.push(BigInt(locs + 1 + (op.c % 3)), specialVarint(op.c, locs));
      else if (kind === 1) for (let k = 0; k < 200; k++) ids.push(BigInt(1 + (k % 2)));
      else if (kind === 2) for (let k = 0; k < 20_000; k++) ids.push(BigInt(1 + (k % Math.max(locs, 1))));
      else ids.push(0n);
      const packed = concat(...ids.map(encodeVarint));
      s.children = s.children!.filter((c) => c.field !== 1);
      s.children.unshift({ field: 1, wt: 2, bytes: packed });
      return;
    }
    case 'insertField': {
      const x = pick(all, op.a);
      const field = [1, 2, 3, 4, 5, 6, 9, 13, 14, 15, 100, 536870911][op.b % 12];
      const wt = [0, 1, 2, 5, 3, 4, 6, 7][op.c % 8];
      x.list.splice(x.list.indexOf(x.f), 0, { field, wt, varint: specialVarint(op.c, nStrings), bytes: WEIRD[op.c % WEIRD.length] });
      return;
    }
    case 'wireType': {
      const x = pick(all, op.a);
      const wt = [0, 1, 2, 5][op.b % 4];
      if (wt === x.f.wt) return;
      x.f.wt = wt;
      x.f.varint ??= 1n;
      x.f.bytes ??= x.f.children ? writeMessage(x.f.children) : new Uint8Array(wt === 1 ? 8 : 4);
      if (wt === 1 || wt === 5) x.f.bytes = x.f.bytes.slice(0, wt === 1 ? 8 : 4);
      x.f.children = undefined;
      return;
    }
  }
}

/** Cuts the serialized tree inside or right at the edge of one top-level field: truncation at a field boundary. */
function cutAtField(tree: Field[], op: Op): Uint8Array {
  if (!tree.length) return new Uint8Array(0);
  const i = op.a % tree.length;
  const before = writeMessage(tree.slice(0, i));
  const field = writeMessage([tree[i]]);
  const into = [0, 1, 2, field.length - 1, field.length, op.b % (field.length + 1)][op.c % 6];
  return concat(before, field.subarray(0, Math.min(into, field.length)));
}

function applyProto(bytes: Uint8Array, ops: Op[]): Uint8Array {
  const tree = treeOf(bytes);
  let out: Uint8Array | null = null;
  if (tree) {
    for (const op of ops) {
      if (op.kind === 'cutField') {
        out = cutAtField(tree, op);
        break;
      }
      if ((PROTO_OPS as readonly string[]).includes(op.kind)) protoOp(tree, op);
    }
    out ??= writeMessage(tree);
  } else out = bytes;
  for (const op of ops) if ((BYTE_OPS as readonly string[]).includes(op.kind)) out = byteOp(out, op);
  return out;
}

// ---------------------------------------------------------------- text

const NUMBERS = [
  '-1', '0', '-0', '9223372036854775807', '9223372036854775808', '-9223372036854775808', '18446744073709551616',
  '99999999999999999999999999999', '1e309', 'NaN', 'Infinity', '0x', '', '000000000000000000000000000001', '4294967296', '2147483648',
];

function lineStarts(s: string): number[] {
  const out = [0];
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10 && i + 1 < s.length) out.push(i + 1);
  return out;
}

function textOp(s: string, op: Op): string {
  const starts = lineStarts(s);
  const li = op.a % starts.length;
  const ls = starts[li];
  const le = li + 1 < starts.length ? starts[li + 1] : s.length;
  const line = s.slice(ls, le);
  switch (op.kind) {
    case 'cutLine':
      return s.slice(0, [ls, le, Math.max(ls, le - 1)][op.b % 3]);
    case 'cutToken': {
      // Cut right after a separator: '@', ':', ' ', '[', ']', '/', tab, '+', '(' …
      const seps: number[] = [];
      for (let i = 0; i < line.length; i++) if (/[@: [\]/\t+(),=#]/.test(line[i])) seps.push(i);
      if (!seps.length) return s.slice(0, ls + (op.b % (line.length + 1)));
      const at = seps[op.b % seps.length] + (op.c % 2);
      return s.slice(0, ls + at);
    }
    case 'deleteLine':
      return s.slice(0, ls) + s.slice(le);
    case 'dupLine': {
      // At most DUPLICATED_MAX chars added: a long line (longLine, a binary seed's one "line")
      // repeated 1000 times, twice, is past the longest string JavaScript can hold.
      const times = Math.min([2, 10, 1000][op.b % 3], Math.max(2, Math.floor(DUPLICATED_MAX / Math.max(1, line.length))));
      return s.slice(0, ls) + line.repeat(times) + s.slice(le);
    }
    case 'swapLines': {
      const lj = op.b % starts.length;
      if (lj === li) return s;
      const [i, j] = li < lj ? [li, lj] : [lj, li];
      const si = starts[i], ei = starts[i + 1] ?? s.length;
      const sj = starts[j], ej = starts[j + 1] ?? s.length;
      const fix = (x: string) => (x.endsWith('\n') ? x : x + '\n');
      return s.slice(0, si) + fix(s.slice(sj, ej)) + s.slice(ei, sj) + fix(s.slice(si, ei)) + s.slice(ej);
    }
    case 'number': {
      const re = /-?\d+/g;
      const ms = [...s.matchAll(re)];
      if (!ms.length) return s;
      const m = ms[op.b % ms.length];
      return s.slice(0, m.index) + NUMBERS[op.c % NUMBERS.length] + s.slice(m.index! + m[0].length);
    }
    case 'hex': {
      const ms = [...s.matchAll(/0x[0-9a-fA-F]+/g)];
      if (!ms.length) return s;
      const m = ms[op.b % ms.length];
      const rep = ['0xffffffffffffffffffffffff', '0x', '0x0', '0xg', '0x' + 'f'.repeat(5000)][op.c % 5];
      return s.slice(0, m.index) + rep + s.slice(m.index! + m[0].length);
    }
    case 'longLine': {
      const body = line.replace(/\n$/, '') || 'x';
      const long = [body.repeat(Math.ceil(200_000 / body.length)), 'a'.repeat(200_000), '\t'.repeat(100_000)][op.b % 3];
      return s.slice(0, ls) + long + '\n' + s.slice(le);
    }
    case 'crlf':
      return s.replace(/\n/g, ['\r\n', '\r', '\n\n'][op.b % 3]);
  }
  return s;
}

const latin1 = new TextDecoder('latin1');
function fromLatin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

function applyText(bytes: Uint8Array, ops: Op[]): Uint8Array {
  // Latin-1 round trips bytes exactly; text ops work on lines and tokens.
  let out = bytes;
  for (const op of ops) {
    if (op.kind === 'truncate' || op.kind === 'flip') out = byteOp(out, op);
    else if (op.kind === 'weirdBytes') out = byteOp(out, { ...op, kind: 'insertBytes' });
    else out = fromLatin1(textOp(latin1.decode(out), op).replace(/[^\x00-\xff]/g, '?'));
  }
  return out;
}

// ---------------------------------------------------------------- gzip

function applyGzip(bytes: Uint8Array, ops: Op[]): Uint8Array {
  let out = bytes;
  for (const op of ops) {
    switch (op.kind) {
      case 'inner': {
        // Damage inside, then a valid gzip around it: the proto decoder behind gunzip.
        let inner: Uint8Array;
        try {
          inner = new Uint8Array(gunzipSync(out));
        } catch {
          continue;
        }
        const innerOps = [{ ...op, kind: PROTO_OPS[op.c % PROTO_OPS.length] }];
        out = new Uint8Array(gzipSync(applyProto(inner, innerOps)));
        break;
      }
      case 'isize': {
        const o = out.slice();
        const v = [0, 1, 0xffffffff, 0x7fffffff, 0x40000000][op.b % 5];
        if (o.length >= 4) new DataView(o.buffer).setUint32(o.length - 4, v, true);
        out = o;
        break;
      }
      case 'headerFlags': {
        // FTEXT/FHCRC/FEXTRA/FNAME/FCOMMENT set without the fields they announce.
        const o = out.slice();
        if (o.length > 3) o[3] = (op.b % 32) | (op.c % 2 ? 0xe0 : 0);
        out = o;
        break;
      }
      case 'concat':
        out = concat(out, op.b % 2 ? out : out.subarray(0, op.a % (out.length + 1)));
        break;
      default:
        out = byteOp(out, op);
    }
  }
  return out;
}

export function apply(seed: Seed, ops: Op[]): Uint8Array {
  if (seed.kind === 'proto') return applyProto(seed.bytes, ops);
  if (seed.kind === 'gzip') return applyGzip(seed.bytes, ops);
  return applyText(seed.bytes, ops);
}
