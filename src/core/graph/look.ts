// What the drawn call graph looks like, shared by the layout (layout.ts, in
// the worker), the page's drawing and the SVG export: the font and its
// sizes, each box's label lines, a box's size estimated without a DOM (the
// lines' characters at Arial's advance widths — Liberation Sans and
// Helvetica have the same; the page draws with GRAPH_FONT), and the cut of long
// lines (-dot's trimming defaults: core/report options.ts). No layout library here:
// the page imports this file.

import type { GraphNode } from './graph';

/** The font the page and the exported SVG draw with; textWidth assumes its metrics. */
export const GRAPH_FONT = 'Helvetica, Arial, "Liberation Sans", sans-serif';
/** Lines longer than this (in characters) are cut with "…"; the box's <title> has them whole. */
export const MAX_LINE_CHARS = 48;
export const LINE_HEIGHT = 1.2;
export const EDGE_FONT_SIZE = 10;
export const NODELET_FONT_SIZE = 9;
export const LEGEND_FONT_SIZE = 12;
/** The legend's lines are longer (file names, filters): wrapped (wrapLine), not cut. */
export const MAX_LEGEND_CHARS = 120;

// Advance widths of Arial, in 1/1000 em, for ASCII 32–126.
// prettier-ignore
const ARIAL = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space ! " # $ % & ' ( ) * + , - . /
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0-9 : ; < = > ?
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ A-O
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P-Z [ \ ] ^ _
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` a-o
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p-z { | } ~
];
/** Anything else (accents, CJK, symbols): as wide as an em, to be safe. */
const OTHER = 1000;
/** Fallback fonts (DejaVu Sans where Arial is missing) run a little wider. */
const SAFETY = 1.06;

/** The estimated width of `s` drawn at `fontSize` px in GRAPH_FONT. */
export function textWidth(s: string, fontSize: number): number {
  let units = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    units += c >= 32 && c <= 126 ? ARIAL[c - 32] : c === 0x2026 ? 1000 : OTHER;
  }
  return (units / 1000) * fontSize * SAFETY;
}

/**
 * `s` broken at spaces into lines of at most `max` characters, for prose
 * (the legend's attribution line, filter lists); a word longer than `max`
 * is cut by elide, so a hostile name still cannot widen the box.
 */
export function wrapLine(s: string, max: number): string[] {
  if (s.length <= max) return [s];
  const out: string[] = [];
  let line = '';
  for (const word of s.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > max) {
      out.push(line);
      line = '';
    }
    line = line === '' ? elide(word, max) : `${line} ${word}`;
  }
  out.push(line);
  return out;
}

/** `s` cut to at most `max` characters (code points, never half a surrogate pair), "…" last when cut. */
export function elide(s: string, max = MAX_LINE_CHARS): string {
  if (s.length <= max) return s;
  const chars = Array.from(s.length > max * 4 ? s.slice(0, max * 4) : s);
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** A node's label as pprof's DOT has it: the name lines, then "flat (flat%)" and "of cum (cum%)" (dot.ts nodeLabel). */
export function nodeLabelLines(n: Pick<GraphNode, 'lines' | 'flat' | 'cum' | 'flatText' | 'flatPercent' | 'cumText' | 'cumPercent'>): string[] {
  const out = [...n.lines];
  const flat = n.flat !== 0 ? `${n.flatText} (${n.flatPercent})` : '0';
  if (n.cum === n.flat) out.push(flat);
  else if (n.flat !== 0) out.push(flat, `of ${n.cumText} (${n.cumPercent})`);
  else out.push(`${flat} of ${n.cumText} (${n.cumPercent})`);
  return out;
}

export interface TextBox {
  /** The lines drawn, cut to MAX_LINE_CHARS. */
  lines: string[];
  /** Some line was cut. */
  elided: boolean;
  fontSize: number;
  width: number;
  height: number;
}

/** The box around `lines` at `fontSize`, with padding as dot's default margins. */
export function textBox(lines: string[], fontSize: number, maxChars = MAX_LINE_CHARS, padX = 8, padY = 4): TextBox {
  const cut = lines.map((l) => elide(l, maxChars));
  let w = 0;
  for (const l of cut) w = Math.max(w, textWidth(l, fontSize));
  return {
    lines: cut,
    elided: cut.some((l, i) => l !== lines[i]),
    fontSize,
    width: Math.ceil(w + 2 * padX),
    height: Math.ceil(cut.length * fontSize * LINE_HEIGHT + 2 * padY),
  };
}
