// The DOT text of `go tool pprof -dot` (dotgraph.go ComposeDot), from a
// CallGraph:
//
//   digraph "gzipleak" {
//   node [style=filled fillcolor="#f8f8f8"]
//   subgraph cluster_L { "File: gzipleak" [shape=box fontsize=16 label="File: gzipleak\lType: …\l" tooltip="gzipleak"] }
//   N1 [label="flate\nNewWriter\n69.63MB (79.91%)\nof 85.63MB (98.27%)" id="node1" fontsize=24 shape=box tooltip="compress/flate.NewWriter (85.63MB)" color="#b20000" fillcolor="#edd5d5"]
//   NN1_0 [label = "648kB" id="NN1_0" fontsize=8 shape=box3d tooltip="69.63MB"]
//   N1 -> NN1_0 [label=" 69.63MB" weight=100 tooltip="69.63MB" labeltooltip="69.63MB"]
//   N2 -> N1 [label=" 85.63MB" weight=99 penwidth=5 color="#b20000" tooltip="… -> … (85.63MB)" labeltooltip="…"]
//   }
//
// Text from the profile is escaped as pprof's escapeForDot escapes names
// (\ → \\, " → \", newline → \l, a left-justified line break). pprof
// applies it to function names and tooltips only; here it also covers the
// graph's title, file names and label nodelets, which pprof writes raw (a
// quote there makes its output invalid DOT). The output is the same for
// names without those characters.

import type { CallGraph, GraphEdge, GraphNode } from './graph';
import type { Nodelet } from './nodelets';

export function escapeForDot(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\l');
}

function nodeLabel(n: GraphNode): string {
  let label = `${n.lines.map(escapeForDot).join('\\n')}\\n`;
  label += n.flat !== 0 ? `${n.flatText} (${n.flatPercent})` : '0';
  if (n.cum !== n.flat) label += `${n.flat !== 0 ? '\\n' : ' '}of ${n.cumText} (${n.cumPercent})`;
  return label;
}

function nodeLine(n: GraphNode): string {
  const tooltip = `${escapeForDot(n.name)} (${n.cumText})`;
  return `N${n.id} [label="${nodeLabel(n)}" id="node${n.id}" fontsize=${n.fontSize} shape=box tooltip="${tooltip}" color="${n.color}" fillcolor="${n.fillColor}"]`;
}

function nodeletLines(x: Nodelet): string[] {
  const w = x.weightText;
  const label = x.lines.map(escapeForDot).join('\\n');
  return [
    `${x.id} [label = "${label}" id="${x.id}" fontsize=8 shape=box3d tooltip="${w}"]`,
    `${x.parent} -> ${x.id} [label=" ${w}" weight=100 tooltip="${w}" labeltooltip="${w}"${x.dotted ? ' style="dotted"' : ''}]`,
  ];
}

function edgeLine(e: GraphEdge, total: number): string {
  let attr = `label=" ${e.weightText}${e.inline ? '\\n (inline)' : ''}"`;
  if (total !== 0) {
    if (e.dotWeight > 1) attr += ` weight=${e.dotWeight}`;
    if (e.penWidth > 1) attr += ` penwidth=${e.penWidth}`;
    attr += ` color="${e.color}"`;
  }
  const tooltip = `"${escapeForDot(e.tooltip)}"`;
  attr += ` tooltip=${tooltip} labeltooltip=${tooltip}`;
  if (e.residual) attr += ' style="dotted"';
  if (e.spaced) attr += ' minlen=2';
  return `N${e.from} -> N${e.to} [${attr}]`;
}

/** The whole DOT text, ending with a newline. */
export function formatDot(g: CallGraph): string {
  const title = escapeForDot(g.title);
  const out = [`digraph "${g.title === '' ? 'unnamed' : title}" {`, 'node [style=filled fillcolor="#f8f8f8"]'];
  if (g.legend.length > 0) {
    let legend = `subgraph cluster_L { "${escapeForDot(g.legend[0])}" [shape=box fontsize=16 label="${g.legend.map(escapeForDot).join('\\l')}\\l"`;
    if (g.title !== '') legend += ` tooltip="${title}"`;
    out.push(`${legend}] }`);
  }
  for (const n of g.nodes) {
    out.push(nodeLine(n));
    for (const x of n.nodelets) out.push(...nodeletLines(x));
  }
  for (const e of g.edges) out.push(edgeLine(e, g.total));
  out.push('}');
  return `${out.join('\n')}\n`;
}
