/** h mixed with a number up to 2^53 (both halves): for the hashes of keys made of numbers. */
export function mixNumber(h: number, v: number): number {
  h = Math.imul(h ^ (v % 4294967296 | 0), 0x27d4eb2f);
  return Math.imul(h ^ ((v / 4294967296) | 0), 0x165667b1) ^ (h >>> 15);
}
