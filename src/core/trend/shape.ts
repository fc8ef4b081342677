// How one row moved across the snapshots: each interval rose, fell or held
// (a change within the noise), and the run of those steps is the shape.
//
// Noise: an interval's change counts only beyond NOISE_FRACTION of the
// larger of its two snapshots' totals (pprof's report total, Σ|value|).
// Heap profiles are sampled (one sample per 512 KiB allocated by default),
// so a row's value jitters by a few samples between snapshots; a threshold
// relative to the totals scales with the profile, and 0.1 % is below any
// leak worth a look (a 1 GB heap: 1 MB per interval) yet above that jitter
// in the profiles we test on. A threshold of 0 is exact (every change counts).

/** An interval's change counts when |Δ| > this × max(total before, total after). */
export const NOISE_FRACTION = 0.001;

/**
 * grew: rose in every interval; shrank: fell in every interval; peak: rose,
 * then fell (intervals within the noise may sit anywhere); dip: fell, then
 * rose; flat: no interval moved beyond the noise; mixed: anything else (a
 * staircase that rose, held and rose again is mixed, not grew).
 */
export const TREND_SHAPES = ['grew', 'peak', 'shrank', 'dip', 'flat', 'mixed'] as const;
export type TrendShape = (typeof TREND_SHAPES)[number];

/** Per interval: +1 rose, -1 fell, 0 within the noise. */
export function steps(values: ArrayLike<number>, thresholds: ArrayLike<number>): Int8Array {
  const out = new Int8Array(Math.max(0, values.length - 1));
  for (let i = 0; i < out.length; i++) {
    const d = values[i + 1] - values[i];
    out[i] = d > thresholds[i] ? 1 : d < -thresholds[i] ? -1 : 0;
  }
  return out;
}

/** Each interval's noise threshold from the snapshots' totals. */
export function noiseThresholds(totals: ArrayLike<number>, fraction = NOISE_FRACTION): Float64Array {
  const out = new Float64Array(Math.max(0, totals.length - 1));
  for (let i = 0; i < out.length; i++) out[i] = fraction * Math.max(Math.abs(totals[i]), Math.abs(totals[i + 1]));
  return out;
}

export interface ShapeOf {
  shape: TrendShape;
  /** Intervals that rose, and that fell. */
  rose: number;
  fell: number;
  /** peak: the snapshot of the highest value; dip: of the lowest (the first such, index into the values). */
  at?: number;
}

/** The shape of a run of steps (see TrendShape), with the turning snapshot of a peak or a dip. */
export function classify(values: ArrayLike<number>, st: ArrayLike<number>): ShapeOf {
  let rose = 0;
  let fell = 0;
  // Direction changes among the steps that moved: a peak or a dip turns once.
  let first = 0;
  let turns = 0;
  let last = 0;
  for (let i = 0; i < st.length; i++) {
    const s = st[i];
    if (s === 0) continue;
    if (s > 0) rose++;
    else fell++;
    if (first === 0) first = s;
    else if (s !== last) turns++;
    last = s;
  }
  const n = st.length;
  if (n > 0 && rose === n) return { shape: 'grew', rose, fell };
  if (n > 0 && fell === n) return { shape: 'shrank', rose, fell };
  if (rose === 0 && fell === 0) return { shape: 'flat', rose, fell };
  if (turns === 1) {
    const peak = first > 0;
    let at = 0;
    for (let i = 1; i < values.length; i++) if (peak ? values[i] > values[at] : values[i] < values[at]) at = i;
    return { shape: peak ? 'peak' : 'dip', rose, fell, at };
  }
  return { shape: 'mixed', rose, fell };
}
