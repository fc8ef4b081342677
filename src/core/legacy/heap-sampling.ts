// Un-sampling of heapz v2 profiles (tcmalloc, Java). The allocator records
// an allocation of S bytes with probability 1-exp(-S/R) for a mean sampling
// interval R, so each recorded sample stands for 1/(1-exp(-S/R)) allocations
// of its average size. Values are truncated to integers as pprof's int64s are.

/** The sample types of a text heap profile, with or without its alloc columns. */
export function heapSampleTypes(hasAlloc: boolean): [string, string][] {
  return hasAlloc
    ? [['alloc_objects', 'count'], ['alloc_space', 'bytes'], ['inuse_objects', 'count'], ['inuse_space', 'bytes']]
    : [['objects', 'count'], ['space', 'bytes']];
}

export function scaleHeapSample(count: number, size: number, rate: number): [number, number] {
  if (count === 0 || size === 0) return [0, 0];
  // "if rate==1 all samples were collected so no adjustment is needed.
  // if rate<1 treat as unknown and skip scaling."
  if (rate <= 1) return [count, size];
  const avgSize = size / count;
  // 1 - exp(-x) is 0 in doubles for x below ~1e-16 (a count far larger than
  // its bytes): -expm1 keeps the scale finite where pprof's would be +Inf.
  const p = 1 - Math.exp(-avgSize / rate);
  const scale = 1 / (p > 0 ? p : -Math.expm1(-avgSize / rate));
  return [Math.trunc(count * scale), Math.trunc(size * scale)];
}

/** Go's int64 division (truncates toward zero): the allocation size of a sample. */
export function blockSize(size: number, count: number): number {
  return Math.trunc(size / count);
}

/** Go's ParseInt(s, 10, 64) range, give or take the rounding of 2^63: the text's digits may be any many. */
export function fitsInt64(v: number): boolean {
  return Math.abs(v) <= 9223372036854775808;
}
