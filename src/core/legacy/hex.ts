// Hexadecimal addresses as JavaScript numbers. Legacy profiles print stacks as
// "0x…" words; addresses are exact up to 2^53 (all of user space), and larger
// ones (the kernel's vsyscall page) are the nearest double.

/** pprof's hexNumberRE: only lower-case digits count in a stack. */
const HEX_NUMBER = /0x[0-9a-f]+/g;

/** Value of a run of hex digits; NaN when it does not fit 64 bits (pprof's ParseUint fails). */
export function hexValue(digits: string): number {
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 48) i++; // leading '0'
  const d = i === 0 ? digits : digits.slice(i);
  if (d.length > 16) return NaN;
  if (d.length <= 13) return parseInt(d, 16);
  // Two exact halves, one rounding at the sum.
  return parseInt(d.slice(0, d.length - 8), 16) * 0x100000000 + parseInt(d.slice(-8), 16);
}

/**
 * Appends every "0x…" number in `s` to `out`. Returns the offending word when
 * one is wider than 64 bits ("failed to parse as hex 64-bit number" in pprof).
 */
export function collectHexAddresses(s: string, out: number[]): string | null {
  HEX_NUMBER.lastIndex = 0;
  for (let m = HEX_NUMBER.exec(s); m; m = HEX_NUMBER.exec(s)) {
    const v = hexValue(m[0].slice(2));
    if (Number.isNaN(v)) return m[0];
    out.push(v);
  }
  return null;
}

/** 2^64 - 1 as a double (it rounds to 2^64): uint64 wrap-around of `0 - 1`, and "no limit". */
export const MAX_UINT64 = 2 ** 64;

/**
 * Return addresses point after the call; pprof subtracts one "to land
 * somewhere on the actual call". A uint64 in Go, so 0 wraps around.
 */
export function callSite(addr: number): number {
  return addr > 0 ? addr - 1 : MAX_UINT64;
}
