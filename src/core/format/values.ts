// Sample values as go tool pprof prints them (internal/measurement):
// memory in B/kB/MB/GB/TB/PB with factors of 1024, time in ns/us/ms/s/hrs,
// counts as plain numbers; "%.2f" with a trailing ".00" removed, so
// 11693571 bytes in kB is "11419.50kB" and 1048576 bytes in MB is "1MB".
//
// pprof's text reports use the output unit "minimum": the unit of the
// smallest value shown, unless that is under a hundredth of the total, in
// which case the unit of 100 × the smallest (report.go selectOutputUnit).
// `minimumUnit` is that rule; the caller decides what "smallest" is.

interface Unit {
  name: string;
  aliases: string[];
  factor: number;
}

interface UnitFamily {
  units: Unit[];
  /** Used when the value is below the smallest unit or the target is unknown. */
  fallback: Unit;
}

const u = (name: string, aliases: string[], factor: number): Unit => ({ name, aliases, factor });

const MEMORY: UnitFamily = {
  units: [
    u('B', ['b', 'byte'], 1),
    u('kB', ['kb', 'kbyte', 'kilobyte'], 2 ** 10),
    u('MB', ['mb', 'mbyte', 'megabyte'], 2 ** 20),
    u('GB', ['gb', 'gbyte', 'gigabyte'], 2 ** 30),
    u('TB', ['tb', 'tbyte', 'terabyte'], 2 ** 40),
    u('PB', ['pb', 'pbyte', 'petabyte'], 2 ** 50),
  ],
  fallback: u('B', [], 1),
};

const TIME: UnitFamily = {
  units: [
    u('ns', ['ns', 'nanosecond'], 1),
    u('us', ['μs', 'us', 'microsecond'], 1e3),
    u('ms', ['ms', 'millisecond'], 1e6),
    u('s', ['s', 'sec', 'second'], 1e9),
    u('hrs', ['hour', 'hr'], 3600e9),
  ],
  fallback: u('s', [], 1e9),
};

const GCU: UnitFamily = {
  units: [
    u('n*GCU', ['nanogcu'], 1e-9),
    u('u*GCU', ['microgcu'], 1e-6),
    u('m*GCU', ['milligcu'], 1e-3),
    u('GCU', ['gcu'], 1),
    u('k*GCU', ['kilogcu'], 1e3),
    u('M*GCU', ['megagcu'], 1e6),
    u('G*GCU', ['gigagcu'], 1e9),
    u('T*GCU', ['teragcu'], 1e12),
    u('P*GCU', ['petagcu'], 1e15),
  ],
  fallback: u('GCU', [], 1),
};

const FAMILIES = [MEMORY, TIME, GCU];

/** Units pprof does not scale and does not print ("34048", not "34048count"). */
const SILENT = new Set(['count', 'sample', 'unit', 'minimum', 'auto']);

/** "bytes" → B, "Nanoseconds" → ns: lower case, a plural "s" dropped (not from "ms"). */
function lookup(family: UnitFamily, unit: string): Unit | undefined {
  let key = unit.toLowerCase();
  if (key.length > 2 && key.endsWith('s')) key = key.slice(0, -1);
  return family.units.find((x) => x.aliases.includes(key));
}

/** The largest unit in which the value is at least 1. */
function autoScale(family: UnitFamily, base: number): Unit | undefined {
  let best: Unit | undefined;
  for (const x of family.units) {
    if ((!best || x.factor >= best.factor) && base / x.factor >= 1) best = x;
  }
  return best;
}

/**
 * `value` in `fromUnit`, expressed in `toUnit` ("auto" and "minimum" pick the
 * largest unit where it is ≥ 1). The unit is "" when pprof would print none.
 */
export function scaleValue(value: number, fromUnit: string, toUnit = 'auto'): { value: number; unit: string } {
  if (value < 0) {
    const r = scaleValue(-value, fromUnit, toUnit);
    return { value: -r.value, unit: r.unit };
  }
  for (const family of FAMILIES) {
    const from = lookup(family, fromUnit);
    if (!from) continue;
    const base = value * from.factor;
    const to = toUnit === 'auto' || toUnit === 'minimum' ? (autoScale(family, base) ?? family.fallback) : (lookup(family, toUnit) ?? family.fallback);
    return { value: base / to.factor, unit: to.name };
  }
  return { value, unit: SILENT.has(toUnit) ? '' : toUnit };
}

/** A value as pprof labels it: "11419.50kB", "98.29MB", "1MB", "34048", "0". */
export function formatValue(value: number, fromUnit: string, toUnit = 'auto'): string {
  const s = scaleValue(value, fromUnit, toUnit);
  let text = goFixed2(s.value);
  if (text.endsWith('.00')) text = text.slice(0, -3);
  if (text === '0' || text === '-0') return '0';
  return text + s.unit;
}

/**
 * The output unit pprof's "minimum" setting chooses for a report whose
 * smallest shown value is `min` and whose total is `max`.
 */
export function minimumUnit(min: number, max: number, fromUnit: string): string {
  min = Math.abs(min);
  max = Math.abs(max);
  if (min === 0) min = max;
  const minUnit = scaleValue(min, fromUnit, 'minimum').unit;
  const maxUnit = scaleValue(max, fromUnit, 'minimum').unit;
  let unit = minUnit;
  if (minUnit !== maxUnit && min * 100 < max) unit = scaleValue(100 * min, fromUnit, 'minimum').unit;
  return unit === '' ? fromUnit : unit;
}

/**
 * Go's fmt "%.2f": like toFixed(2), except that an exact tie rounds to even
 * (Go prints 1.125 as "1.12", JavaScript as "1.13"). Only multiples of 1/8
 * with an odd numerator are exact ties at two decimals.
 */
export function goFixed2(v: number): string {
  const tie = Number.isInteger(v * 8) && !Number.isInteger(v * 4) && Math.abs(v) < 2 ** 40;
  if (!tie) return v.toFixed(2);
  const a = Math.abs(v) * 100; // exactly n + 0.5
  let n = Math.floor(a);
  if (n % 2 === 1) n += 1;
  const sign = v < 0 ? '-' : '';
  return `${sign}${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;
}
