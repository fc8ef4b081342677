// Percentages as go tool pprof prints them (internal/measurement Percentage):
// the ratio is |value / total| × 100 — always positive, even for a negative
// row of a diff — printed "  100%" within 99.95…100.05, "%5.2f%%" from 1 up,
// and "%5.2g%%" below 1 ("0.0036%", "0.00038%", "3.8e-05%", "    0%").

import { goFixed2 } from './values';

export function goPercentage(value: number, total: number): string {
  const ratio = total !== 0 ? Math.abs(value / total) * 100 : 0;
  if (ratio >= 99.95 && ratio <= 100.05) return '  100%';
  if (ratio >= 1) return `${goFixed2(ratio).padStart(5)}%`;
  return `${goG2(ratio).padStart(5)}%`;
}

/**
 * Go's fmt "%.2g" (strconv 'g' with precision 2): two significant digits,
 * trailing zeros dropped, exponent form when the decimal exponent is below
 * -4 or at least the number of digits kept ("3.8e-05", "1e+02").
 * Rounding is JavaScript's toPrecision, which differs from Go only on an
 * exact binary tie at the third significant digit (not met with ratios of
 * integers printed here in practice).
 */
export function goG2(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? '+Inf' : '-Inf';
  const neg = x < 0;
  // "d.de±x": digits and the decimal exponent after rounding to 2 digits.
  const [mant, expText] = Math.abs(x).toExponential(1).split('e');
  let digits = mant.replace('.', '');
  const exp = Number(expText); // x = 0.digits × 10^(exp+1)
  digits = digits.replace(/0+$/, '') || '0';
  const nd = digits.length;
  const dp = exp + 1;
  let eprec = 2;
  if (eprec > nd && nd >= dp) eprec = nd;
  let out: string;
  if (exp < -4 || exp >= eprec) {
    const prec = Math.min(2, nd);
    const frac = digits.slice(1, prec);
    const e = Math.abs(exp);
    out = `${digits[0]}${frac ? `.${frac}` : ''}e${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  } else {
    const prec = 2 > dp ? nd : 2;
    const decimals = Math.max(prec - dp, 0);
    // Fixed notation of 0.digits × 10^dp with `decimals` places.
    let intPart: string;
    let fracPart: string;
    if (dp <= 0) {
      intPart = '0';
      fracPart = '0'.repeat(-dp) + digits;
    } else if (dp >= nd) {
      intPart = digits + '0'.repeat(dp - nd);
      fracPart = '';
    } else {
      intPart = digits.slice(0, dp);
      fracPart = digits.slice(dp);
    }
    fracPart = fracPart.padEnd(decimals, '0').slice(0, decimals);
    out = decimals > 0 ? `${intPart}.${fracPart}` : intPart;
  }
  return neg ? `-${out}` : out;
}
