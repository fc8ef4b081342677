// Un-sampling of heapz v2 profiles (tcmalloc, Java). The allocator records
// an allocation of S bytes with probability 1-exp(-S/R) for a mean sampling
// interval R, so each recorded sample stands for 1/(1-exp(-S/R)) allocations
// of its average size. Values are truncated to integers as pprof's int64s are.

export function scaleHeapSample(count: number, size: number, rate: number): [number, number] {
  if (count === 0 || size === 0) return [0, 0];
  // "if rate==1 all samples were collected so no adjustment is needed.
  // if rate<1 treat as unknown and skip scaling."
  if (rate <= 1) return [count, size];
  const avgSize = size / count;
  const scale = 1 / (1 - Math.exp(-avgSize / rate));
  return [Math.trunc(count * scale), Math.trunc(size * scale)];
}

/** Go's int64 division (truncates toward zero): the allocation size of a sample. */
export function blockSize(size: number, count: number): number {
  return Math.trunc(size / count);
}
