// Go's arithmetic where the call graph depends on its last bit.
//
// The node order of a pprof graph comes from an entropy score,
// int64(score × cum) with score a sum of −p·log2(p) (graph.go
// entropyScore), so one ulp of log2 can swap two nodes. Go's math.Log2 is
// frexp plus its own Log (FreeBSD's e_log.c, in amd64 assembly step for
// step, no fused multiply-add), not what Math.log2 computes; both are
// reproduced here operation for operation. int64 conversion and division
// follow amd64: a NaN or out-of-range float converts to math.MinInt64, and
// integer division truncates.

const view = new DataView(new ArrayBuffer(8));

/** Go's math.Frexp: x = frac × 2^exp with |frac| in [½, 1). */
export function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let shift = 0;
  if (Math.abs(x) < 2.2250738585072014e-308) {
    x *= 2 ** 52; // subnormal: normalise first
    shift = -52;
  }
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const exp = ((hi >>> 20) & 0x7ff) - 1022 + shift;
  view.setUint32(0, (hi & 0x800fffff) | (1022 << 20));
  return [view.getFloat64(0), exp];
}

const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const L1 = 6.666666666666735130e-1;
const L2 = 3.999999999940941908e-1;
const L3 = 2.857142874366239149e-1;
const L4 = 2.222219843214978396e-1;
const L5 = 1.818357216161805012e-1;
const L6 = 1.531383769920937332e-1;
const L7 = 1.479819860511658591e-1;

/** Go's math.Log. */
export function goLog(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x < 0) return NaN;
  if (x === 0) return -Infinity;
  let [f1, ki] = frexp(x);
  if (f1 < Math.SQRT2 / 2) {
    f1 *= 2;
    ki--;
  }
  const f = f1 - 1;
  const k = ki;
  const s = f / (2 + f);
  const s2 = s * s;
  const s4 = s2 * s2;
  const t1 = s2 * (L1 + s4 * (L3 + s4 * (L5 + s4 * L7)));
  const t2 = s4 * (L2 + s4 * (L4 + s4 * L6));
  const R = t1 + t2;
  const hfsq = 0.5 * f * f;
  return k * LN2_HI - (hfsq - (s * (hfsq + R) + k * LN2_LO) - f);
}

/** Go's math.Log2 (exact for powers of two). */
export function goLog2(x: number): number {
  const [frac, exp] = frexp(x);
  if (frac === 0.5) return exp - 1;
  return goLog(frac) * Math.LOG2E + exp;
}

const TWO63 = 2 ** 63;

/** int64(x) on amd64, or null for the "integer indefinite" MinInt64 (NaN, ±Inf, out of range). */
export function goInt64(x: number): number | null {
  if (!(x > -TWO63 && x < TWO63)) return null; // MinInt64 itself is the same value
  return Math.trunc(x);
}

/** a / b for int64 values exactly representable as numbers (b ≠ 0), truncated toward zero. */
export function idiv(a: number, b: number): number {
  const A = Math.abs(a);
  const B = Math.abs(b);
  let q = Math.floor(A / B);
  // A / B is rounded: step back or on if it rounded across an integer.
  if (q * B > A) q--;
  else if ((q + 1) * B <= A) q++;
  return q !== 0 && (a < 0) !== (b < 0) ? -q : q;
}
