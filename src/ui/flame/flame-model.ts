// The flame graph's pure side: where each drawn frame goes (rows, icicle or
// flipped, a pivot's callers above its callees), its colour, what its tooltip
// says, the zoom path of a frame, moving between frames with the arrows, and
// the standalone SVG of what is drawn. No DOM: unit-tested in Node.

import type { FlamePart, FlameView } from '../../core/flame';
import { formatValue, goPercentage } from '../../core/format';
import { deltaPercent, formatDelta } from '../../core/report';

/** One drawn frame: which part, its index there, its row from the top, and its left edge and width as fractions. */
export interface Cell {
  up: boolean;
  i: number;
  row: number;
  x: number;
  width: number;
}

export interface FlameLayout {
  cells: Cell[];
  /** Cell indices of each row, left to right. */
  rows: number[][];
  /** The largest |value| of a frame below the root (the colour scale of a diff). */
  maxAbs: number;
}

/**
 * Rows from the top: the root (the zoomed frame) on row 0 and callees below
 * (an icicle); flipped, the root at the bottom. Pivoting, the callers are
 * above the function (below it flipped), the function on one row.
 */
export function layoutFrames(view: FlameView, flipped: boolean): FlameLayout {
  const cells: Cell[] = [];
  const up = view.up;
  let upRows = 0;
  if (up) for (let i = 0; i < up.count; i++) upRows = Math.max(upRows, up.depth[i]);
  let downRows = 0;
  for (let i = 0; i < view.down.count; i++) downRows = Math.max(downRows, view.down.depth[i] + 1);
  const total = upRows + downRows;
  const place = (row: number) => (flipped ? total - 1 - row : row);
  if (up) for (let i = 1; i < up.count; i++) cells.push({ up: true, i, row: place(upRows - up.depth[i]), x: up.x[i], width: up.width[i] });
  for (let i = 0; i < view.down.count; i++) cells.push({ up: false, i, row: place(upRows + view.down.depth[i]), x: view.down.x[i], width: view.down.width[i] });
  const rows: number[][] = Array.from({ length: total }, () => []);
  cells.forEach((c, k) => rows[c.row].push(k));
  for (const r of rows) r.sort((a, b) => cells[a].x - cells[b].x);
  let maxAbs = 0;
  for (const c of cells) {
    const p = partOf(view, c);
    if (!(c.i === 0 && !c.up)) maxAbs = Math.max(maxAbs, Math.abs(p.value[c.i]));
  }
  return { cells, rows, maxAbs };
}

export const partOf = (view: FlameView, c: Pick<Cell, 'up'>): FlamePart => (c.up && view.up ? view.up : view.down);

/** The name of a drawn frame ("root" for the synthetic root). */
export function cellName(view: FlameView, c: Cell): string {
  const n = partOf(view, c).name[c.i];
  return n < 0 ? 'root' : view.names[n];
}

/** The cell under a point: row, and x as a fraction of the width. */
export function cellAt(layout: FlameLayout, row: number, x: number): number {
  const r = layout.rows[row];
  if (!r) return -1;
  let lo = 0;
  let hi = r.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = layout.cells[r[mid]];
    if (x < c.x) hi = mid - 1;
    else if (x >= c.x + c.width) lo = mid + 1;
    else return r[mid];
  }
  return -1;
}

/**
 * The cell the arrow keys move to: left and right along the row; up and
 * down to the row above or below, the frame over the middle of this one
 * (else the nearest there).
 */
export function neighbour(layout: FlameLayout, from: number, key: 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown'): number {
  const c = layout.cells[from];
  if (!c) return -1;
  const row = layout.rows[c.row];
  const at = row.indexOf(from);
  if (key === 'ArrowLeft') return at > 0 ? row[at - 1] : from;
  if (key === 'ArrowRight') return at < row.length - 1 ? row[at + 1] : from;
  const next = layout.rows[c.row + (key === 'ArrowUp' ? -1 : 1)];
  if (!next || next.length === 0) return from;
  const mid = c.x + c.width / 2;
  let best = next[0];
  let bestGap = Infinity;
  for (const k of next) {
    const d = layout.cells[k];
    const gap = mid < d.x ? d.x - mid : mid >= d.x + d.width ? mid - (d.x + d.width) : 0;
    // Within this frame's span, the widest (the first, as children come by width) wins.
    if (gap < bestGap) {
      best = k;
      bestGap = gap;
    }
  }
  return best;
}

/** The zoom path of a frame of the down part: the view's zoom, then the keys from the zoomed frame down to it. */
export function zoomPath(view: FlameView, i: number): string[] {
  const p = view.down;
  const keys: string[] = [];
  for (let f = i; f > 0; f = p.parent[f]) keys.unshift(view.keys[p.name[f]]);
  return [...view.zoom, ...keys];
}

export interface ColorScheme {
  dark: boolean;
}

/**
 * A frame's fill: in a diff, red for growth and green for shrinkage, the
 * stronger the larger its |Δ| against the largest drawn; near zero grey.
 * Otherwise warm colours by the name's package (pprof's habit), so frames of
 * one package look alike.
 */
export function frameFill(view: FlameView, layout: FlameLayout, c: Cell, scheme: ColorScheme): string {
  const p = partOf(view, c);
  if (view.diff) {
    const v = p.value[c.i];
    const t = layout.maxAbs > 0 && v !== 0 ? 0.12 + 0.88 * Math.sqrt(Math.min(1, Math.abs(v) / layout.maxAbs)) : 0;
    const [from, to] = scheme.dark ? [[58, 61, 66], v > 0 ? [214, 64, 56] : [52, 168, 94]] : [[222, 222, 222], v > 0 ? [226, 60, 50] : [48, 170, 90]];
    return rgb(from.map((a, k) => a + (to[k] - a) * t));
  }
  const name = cellName(view, c);
  const h = hash(packageOf(name));
  const hue = 12 + (h % 38);
  return scheme.dark ? `hsl(${hue} 45% ${30 + ((h >> 8) % 10)}%)` : `hsl(${hue} 80% ${66 + ((h >> 8) % 12)}%)`;
}

/** Text on a fill: dark on light fills, light on dark ones. */
export function textOn(scheme: ColorScheme): string {
  return scheme.dark ? '#f1f2f4' : '#1c1d1f';
}

function rgb(c: number[]): string {
  return `rgb(${c.map((x) => Math.round(x)).join(' ')})`;
}

function packageOf(name: string): string {
  const slash = name.lastIndexOf('/');
  const dot = name.indexOf('.', slash + 1);
  return dot > 0 ? name.slice(0, dot) : name;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The tooltip's lines: base, current, Δ and Δ% when both profiles are compared; flat, cum and the share of the total. */
export function tooltipRows(view: FlameView, c: Cell): { label: string; value: string }[] {
  const p = partOf(view, c);
  const i = c.i;
  const v = (x: number) => formatValue(x, view.sampleUnit);
  const signed = (x: number) => (x > 0 ? `+${v(x)}` : v(x));
  const rows: { label: string; value: string }[] = [];
  if (p.base && p.current) {
    rows.push({ label: 'base', value: v(p.base[i]) }, { label: 'current', value: v(p.current[i]) });
    rows.push({ label: 'Δ', value: signed(p.current[i] - p.base[i]) }, { label: 'Δ%', value: formatDelta(deltaPercent(p.base[i], p.current[i])) || '0%' });
  }
  const diff = view.diff;
  rows.push({ label: diff ? 'flat Δ' : 'flat', value: diff ? signed(p.flat[i]) : v(p.flat[i]) });
  rows.push({ label: diff ? 'cum Δ' : 'cum', value: diff ? signed(p.value[i]) : v(p.value[i]) });
  rows.push({ label: 'of the total', value: `${goPercentage(p.value[i], view.total).trim()} of ${v(view.total)}` });
  return rows;
}

/** The hide regexp with one more function's (pprof's -hide takes alternatives). */
export function withHidden(hide: string | undefined, regexp: string): string {
  const parts = hide ? hide.split('|') : [];
  return parts.includes(regexp) ? (hide ?? regexp) : [...parts, regexp].join('|');
}

export const ROW_HEIGHT = 18;

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text for XML: markup characters escaped, characters XML 1.0 forbids dropped. */
export function xmlText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

/**
 * The drawing as one standalone SVG (light colours, no external reference,
 * every name escaped): a rect per frame with its title (name and values),
 * the name where it fits.
 */
export function flameSvg(view: FlameView, options: { width: number; flipped: boolean; title: string; label: (name: string) => string }): string {
  const layout = layoutFrames(view, options.flipped);
  const W = Math.max(100, Math.round(options.width));
  const top = 24;
  const H = top + layout.rows.length * ROW_HEIGHT + 4;
  const scheme = { dark: false };
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="4" y="16" font-size="13" fill="#1c1d1f">${xmlText(options.label(options.title))}</text>`,
  ];
  const charWidth = 6.2;
  for (const c of layout.cells) {
    const x = c.x * W;
    const w = c.width * W;
    const y = top + c.row * ROW_HEIGHT;
    const name = options.label(cellName(view, c));
    const tip = [name, ...tooltipRows(view, c).map((r) => `${r.label}: ${r.value}`)].join('\n');
    out.push(`<g class="frame"><title>${xmlText(tip)}</title><rect x="${x.toFixed(2)}" y="${y}" width="${Math.max(0.5, w - 0.5).toFixed(2)}" height="${ROW_HEIGHT - 1}" fill="${frameFill(view, layout, c, scheme)}"/>`);
    const chars = Math.floor((w - 6) / charWidth);
    if (chars >= 3) out.push(`<text x="${(x + 3).toFixed(2)}" y="${y + 12.5}" fill="#1c1d1f">${xmlText(fit(name, chars))}</text>`);
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n');
}

/** A name cut to `chars` characters, with an ellipsis where cut. */
export function fit(name: string, chars: number): string {
  return name.length <= chars ? name : `${name.slice(0, Math.max(1, chars - 1))}…`;
}
