// The total of each sample type labelled in the unit go tool pprof's text
// reports would use for it ("Showing nodes accounting for …, of 11419.50kB
// total"), so a file card reads the same number an SRE sees in `-top`.
//
// pprof picks that unit from the smallest node it shows (values.ts,
// minimumUnit). A card has no report to look at, so the smallest node is
// approximated by the smallest flat value of a leaf function that is above
// pprof's default node cut (nodefraction 0.005 of the total): such nodes
// are always shown. The top table computes the exact unit once it exists.

import { NONE, type Profile } from '../model';
import { formatValue, minimumUnit } from './values';

export interface TotalLabel {
  type: string;
  unit: string;
  value: number;
  /** The output unit chosen ("kB", "MB", "count"…). */
  outputUnit: string;
  /** As pprof prints it: "11419.50kB". */
  label: string;
}

const NODE_FRACTION = 0.005;

export function totalLabels(p: Profile): TotalLabel[] {
  const flats = leafFlats(p);
  return p.sampleTypes.map((t, ti) => {
    const unit = p.strings[t.unit];
    const flat = flats[ti];
    let total = 0;
    for (let k = 0; k < flat.length; k++) total += flat[k];
    total += flats.noStack[ti];
    const cut = Math.abs(total) * NODE_FRACTION;
    let min = 0;
    for (let k = 0; k < flat.length; k++) {
      const v = Math.abs(flat[k]);
      if (v > cut && (min === 0 || v < min)) min = v;
    }
    const outputUnit = minimumUnit(min, total, unit);
    return { type: p.strings[t.type], unit, value: total, outputUnit, label: formatValue(total, unit, outputUnit) };
  });
}

/**
 * Flat value per leaf node and sample type. A node is the innermost function
 * of the leaf location ("the last entry is the caller", so line 0 is the
 * leaf), or the location itself when it has no lines (an address).
 */
function leafFlats(p: Profile): Float64Array[] & { noStack: number[] } {
  const nTypes = p.sampleTypes.length;
  const nFunctions = p.functions.length;
  const { samples, stacks, locations, lines } = p;
  // Keys: function index, or nFunctions + location index for a bare address.
  const keyOf = new Int32Array(locations.length);
  for (let loc = 0; loc < locations.length; loc++) {
    const li = locations.lineStart[loc];
    const fn = li < locations.lineStart[loc + 1] ? lines.function[li] : NONE;
    keyOf[loc] = fn !== NONE ? fn : nFunctions + loc;
  }
  const nKeys = nFunctions + locations.length;
  const out = Array.from({ length: nTypes }, () => new Float64Array(nKeys)) as Float64Array[] & { noStack: number[] };
  out.noStack = new Array<number>(nTypes).fill(0);
  for (let i = 0; i < samples.length; i++) {
    const st = samples.stack[i];
    const row = i * nTypes;
    if (st === NONE) {
      for (let t = 0; t < nTypes; t++) out.noStack[t] += samples.values[row + t];
      continue;
    }
    const key = keyOf[stacks.location[st]];
    for (let t = 0; t < nTypes; t++) out[t][key] += samples.values[row + t];
  }
  return out;
}
