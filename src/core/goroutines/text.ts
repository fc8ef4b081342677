// Numbers in words for reasons and reports, the same in every locale.

/** 4112 → "4,112"; fractions keep up to one decimal. */
export function formatCount(n: number): string {
  const neg = n < 0;
  const abs = Math.round(Math.abs(n) * 10) / 10;
  const int = Math.floor(abs);
  const tenths = Math.round((abs - int) * 10);
  const digits = String(int);
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  if (tenths > 0) out += `.${tenths}`;
  return (neg ? '-' : '') + out;
}
