// Integers in header attributes are read with Go's strconv.ParseInt(s, 0, 64):
// a 0x, 0o or 0b prefix, or a leading 0 for octal, and "_" between digits.

const DIGITS: Record<number, string> = { 2: '[01]', 8: '[0-7]', 10: '[0-9]', 16: '[0-9a-fA-F]' };

/** The value, or NaN when Go would refuse the text. */
export function parseGoInt(text: string): number {
  const m = /^([+-]?)(0[xX]|0[oO]|0[bB]|0(?=[0-9_]))?(.*)$/.exec(text);
  if (!m) return NaN;
  const [, sign, prefix = '', body] = m;
  const base = prefix === '' ? 10 : prefix.length === 1 ? 8 : { x: 16, o: 8, b: 2 }[prefix[1].toLowerCase() as 'x' | 'o' | 'b'];
  const d = DIGITS[base];
  // After a prefix a "_" may come first; otherwise only between digits.
  const shape = new RegExp(prefix ? `^_?${d}+(_${d}+)*$` : `^${d}+(_${d}+)*$`);
  if (!shape.test(body)) return NaN;
  const v = parseInt(body.replaceAll('_', ''), base);
  return sign === '-' ? -v : v;
}
