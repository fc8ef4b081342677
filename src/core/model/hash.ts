/** h mixed with a number up to 2^53 (both halves): for the hashes of keys made of numbers. */
export function mixNumber(h: number, v: number): number {
  h = Math.imul(h ^ (v % 4294967296 | 0), 0x27d4eb2f);
  return Math.imul(h ^ ((v / 4294967296) | 0), 0x165667b1) ^ (h >>> 15);
}

/** h mixed with the text of s, code unit by code unit (FNV-1a): for keys compared by text across string tables. */
export function mixText(h: number, s: string): number {
  for (let c = 0; c < s.length; c++) h = Math.imul(h ^ s.charCodeAt(c), 0x01000193);
  return h;
}
