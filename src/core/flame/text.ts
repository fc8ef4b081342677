// The CLI's views of a tree (report -flame -json, report -tree): what the
// page draws, as text. Both trim as the flame graph does (frames narrower
// than a fraction of the root's width are left out, with their subtrees).

import { formatValue, goPercentage, minimumUnit } from '../format';
import { deltaPercent, formatDelta } from '../report';
import { flameFrames } from './select';
import { frameFlat, frameValue, type FlameTree, type FrameIndex } from './tree';

/** Frames narrower than this fraction of the root are not drawn, by default (pprof's -nodefraction default). */
export const DEFAULT_MIN_FRACTION = 0.005;

export interface FlameJsonNode {
  name: string;
  /** Each profile alone (cum); absent for one profile. */
  base?: number;
  current?: number;
  /** Cum: Δ in a diff. */
  value: number;
  flat: number;
  children: FlameJsonNode[];
}

/** Kept frames of a tree (those flameFrames draws), as a set. */
function keptFrames(t: FlameTree, minFraction: number): Uint8Array {
  const kept = new Uint8Array(t.length);
  for (const f of flameFrames(t, { minFraction }).frame) kept[f] = 1;
  return kept;
}

/** The tree as nested nodes (`report -flame -json`), after the flame graph's trimming. */
export function flameJson(t: FlameTree, minFraction = DEFAULT_MIN_FRACTION): FlameJsonNode {
  const kept = keptFrames(t, minFraction);
  const make = (f: FrameIndex): FlameJsonNode => {
    const sides = t.base && t.current ? { base: t.base[f], current: t.current[f] } : {};
    const n: FlameJsonNode = { name: f === 0 ? 'root' : t.names[t.node[f]], ...sides, value: frameValue(t, f), flat: frameFlat(t, f), children: [] };
    for (let c = f + 1; c < t.end[f]; c = t.end[c]) if (kept[c]) n.children.push(make(c));
    return n;
  };
  return make(0);
}

/**
 * The tree as an indented text (`report -tree`), with the table's columns:
 * flat, flat%, sum% (running, in the order printed), cum, cum%, and base,
 * current and Δ% when two profiles are compared; one unit for the whole
 * report, chosen as -top chooses it.
 */
export function formatTree(t: FlameTree, minFraction = DEFAULT_MIN_FRACTION, header: string[] = []): string {
  const kept = keptFrames(t, minFraction);
  const frames: FrameIndex[] = [];
  for (let f = 1; f < t.length; f++) if (kept[f]) frames.push(f);
  let min = 0;
  for (const f of frames) {
    const v = Math.abs(frameFlat(t, f)) || Math.abs(frameValue(t, f));
    if (v > 0 && (min === 0 || v < min)) min = v;
  }
  const unit = minimumUnit(min, t.total, t.sampleUnit);
  const fmt = (v: number) => formatValue(v, t.sampleUnit, unit);
  const sides = t.base !== null && t.current !== null;
  const lines = [...header, `Showing frames wider than ${goPercentage(minFraction, 1).trim()} of the root, ${fmt(t.total)} total`];
  lines.push(`      flat  flat%   sum%        cum   cum%${sides ? '       base    current      Δ%' : ''}`);
  let sum = 0;
  for (const f of frames) {
    const flat = frameFlat(t, f);
    const cum = frameValue(t, f);
    sum += flat;
    let row = `${fmt(flat).padStart(10)} ${goPercentage(flat, t.total)} ${goPercentage(sum, t.total)} ${fmt(cum).padStart(10)} ${goPercentage(cum, t.total)}`;
    if (sides) row += ` ${fmt(t.base![f]).padStart(10)} ${fmt(t.current![f]).padStart(10)} ${formatDelta(deltaPercent(t.base![f], t.current![f])).padStart(7)}`;
    lines.push(`${row}  ${'  '.repeat(t.depth[f] - 1)}${t.names[t.node[f]]}`);
  }
  return `${lines.join('\n')}\n`;
}
