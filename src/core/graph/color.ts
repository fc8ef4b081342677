// pprof's diverging colour scale (internal/graph dotColor): a score in
// [-1, 1] — a node's cum or an edge's weight over the report total — is
// green when negative (shrank), red when positive (grew) and grey near zero:
//
//   - saturation fades linearly to 0 as |score| goes below 0.2 (grey band);
//   - |score| is raised to the power 0.3, pushing small scores away from grey;
//   - HSV-like mix: value 0.7 and saturation 1 for borders and edges,
//     value 0.93 and saturation 0.1 for fills;
//   - red = value, green = value × (1 − s·score) for growth, and the other
//     way round for shrinkage; blue = value × (1 − s).

const SHIFT = 0.7;

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** The colour for a score, as 0–255 channels (Go's uint8 conversion truncates). */
export function scoreRgb(score: number, background: boolean): Rgb {
  let saturation = background ? 0.1 : 1.0;
  const value = background ? 0.93 : 0.7;
  if (Number.isNaN(score)) score = 0;
  score = Math.max(-1, Math.min(1, score));
  if (Math.abs(score) < 0.2) saturation *= Math.abs(score) / 0.2;
  if (score > 0) score = score ** (1 - SHIFT);
  if (score < 0) score = -((-score) ** (1 - SHIFT));
  let r: number;
  let g: number;
  if (score < 0) {
    g = value;
    r = value * (1 + saturation * score);
  } else {
    r = value;
    g = value * (1 - saturation * score);
  }
  const b = value * (1 - saturation);
  return { r: Math.trunc(r * 255), g: Math.trunc(g * 255), b: Math.trunc(b * 255) };
}

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/** "#b20000": pprof's dotColor. */
export function dotColor(score: number, background: boolean): string {
  const { r, g, b } = scoreRgb(score, background);
  return `#${hex2(r)}${hex2(g)}${hex2(b)}`;
}
