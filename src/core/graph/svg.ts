// The graph view as one standalone SVG file ("Download SVG"): what the page
// draws, in pprof's light colours, with every style inline (no stylesheet,
// no script, no external reference), so it opens in any browser or editor.
// Text from the profile (function names, file names, the legend) is escaped
// for XML and never becomes markup; long names are cut as on the page and
// kept whole in each box's <title>. Pure: a string out of a GraphView.

import { GRAPH_FONT, LINE_HEIGHT } from './look';
// Types only: the view is laid out in core/graph-view, which loads the layout library.
import type { GraphView, GraphViewEdge, GraphViewNode } from '../graph-view';

/** Text for XML content and attribute values. Characters XML 1.0 forbids (NUL, most C0 controls, lone surrogates, U+FFFE/F) become U+FFFD. */
export function escapeXml(s: string): string {
  return s
    .replace(/[\0-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const n = (v: number) => String(Math.round(v * 10) / 10);

/** <text> with one <tspan> a line, centred on (x, y) (or left-aligned from x). */
function textLines(lines: string[], x: number, y: number, fontSize: number, anchor: 'middle' | 'start', attrs = ''): string {
  const lh = fontSize * LINE_HEIGHT;
  const top = y - ((lines.length - 1) * lh) / 2;
  const spans = lines.map((l, i) => `<tspan x="${n(x)}" y="${n(top + i * lh)}">${escapeXml(l)}</tspan>`).join('');
  return `<text font-size="${n(fontSize)}" text-anchor="${anchor}" dominant-baseline="central"${attrs}>${spans}</text>`;
}

/** A node's <title>: its whole name, then its numbers. */
export function nodeTitle(node: GraphViewNode): string {
  if (node.name === '') return `N${node.id}`;
  const parts = [`${node.name}`, `flat ${node.flatText || '0'} (${node.flatPercent}), cum ${node.cumText} (${node.cumPercent})`];
  if (node.base && node.current) parts.push(`base ${node.base.cumText} → current ${node.current.cumText}${node.deltaText ? ` (${node.deltaText})` : ''}`);
  return parts.join('\n');
}

function edgeSvg(e: GraphViewEdge): string {
  const dash = e.residual ? ' stroke-dasharray="1.5,3"' : '';
  return (
    `<g class="edge"><title>${escapeXml(e.tooltip)}</title>` +
    `<path d="${e.path}" fill="none" stroke="${e.color}" stroke-width="${e.penWidth}"${dash}/>` +
    `<path d="${e.arrow}" fill="${e.color}" stroke="${e.color}" stroke-width="1"/>` +
    textLines(e.labelLines, e.labelX, e.labelY, 10, 'middle', ' fill="#000000"') +
    `</g>`
  );
}

/** The whole picture as an SVG document (UTF-8, with its XML declaration). */
export function graphSvg(v: GraphView, title = 'heapdiff call graph'): string {
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8" standalone="no"?>');
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${v.width}" height="${v.height}" viewBox="0 0 ${v.width} ${v.height}" font-family="${escapeXml(GRAPH_FONT)}">`,
  );
  out.push(`<title>${escapeXml(title)}</title>`);
  out.push(`<rect x="0" y="0" width="${v.width}" height="${v.height}" fill="#ffffff"/>`);
  const lg = v.legend;
  out.push(
    `<g class="legend"><rect x="${n(lg.x)}" y="${n(lg.y)}" width="${n(lg.width)}" height="${n(lg.height)}" fill="#f8f8f8" stroke="#000000"/>` +
      textLines(lg.lines, lg.x + 8, lg.y + lg.height / 2, lg.fontSize, 'start', ' fill="#000000"') +
      '</g>',
  );
  for (const e of v.edges) out.push(edgeSvg(e));
  for (const x of v.nodelets) {
    const left = x.x - x.width / 2;
    const top = x.y - x.height / 2;
    const dash = x.dotted ? ' stroke-dasharray="1.5,3"' : '';
    // box3d: the box, and its depth drawn up and to the right.
    out.push(
      `<g class="nodelet"><title>${escapeXml(x.lines.join('\n'))} (${escapeXml(x.weightText)})</title>` +
        `<path d="M${n(left + 3)},${n(top)}L${n(left + 3)},${n(top - 3)}L${n(left + x.width + 3)},${n(top - 3)}L${n(left + x.width + 3)},${n(top + x.height - 3)}L${n(left + x.width)},${n(top + x.height - 3)}" fill="none" stroke="#000000"${dash}/>` +
        `<rect x="${n(left)}" y="${n(top)}" width="${n(x.width)}" height="${n(x.height)}" fill="#f8f8f8" stroke="#000000"${dash}/>` +
        textLines(x.lines, x.x, x.y, x.fontSize, 'middle', ' fill="#000000"') +
        '</g>',
    );
  }
  for (const node of v.nodes) {
    out.push(
      `<g class="node" id="node${node.id}"><title>${escapeXml(nodeTitle(node))}</title>` +
        `<rect x="${n(node.x - node.width / 2)}" y="${n(node.y - node.height / 2)}" width="${n(node.width)}" height="${n(node.height)}" fill="${node.fillColor}" stroke="${node.color}" stroke-width="1"/>` +
        textLines(node.lines, node.x, node.y, node.fontSize, 'middle', ' fill="#000000"') +
        '</g>',
    );
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
