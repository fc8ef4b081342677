// The call graph against every `go tool pprof -dot …` golden: the same nodes
// (by name and DOT number), the same edges (weight, residual, inline), and
// then the whole DOT text.
//
// Nothing is normalised: every line of the goldens is compared as is. The
// legend's "File:" and "Time:" come from the profile, and the goldens were
// made with TZ=UTC (the .cmd says so), which is how heapdiff prints times.
// The goldens of legacy-format and synthetic profiles were made with
// -symbolize=none: pprof then takes names as the file has them, as heapdiff
// always does (its default symbolization would also "demangle" C++-looking
// names, "std::vector<int>::push_back" → "std::vector::push_back").

import { describe, expect, it } from 'vitest';
import { dotReport, parseFlags } from '../../src/cli/report';
import { compareProfiles } from '../../src/core/diff';
import { buildGraph, escapeForDot, formatDot, type CallGraph } from '../../src/core/graph';
import { goInt64, goLog2, idiv } from '../../src/core/graph/gomath';
import { nodeTags } from '../../src/core/graph/node-tags';
import { sampleTags } from '../../src/core/graph/tags';
import { sampleIndexByName } from '../../src/core/report';
import { TopEngine } from '../../src/core/top/engine';
import { decodeFixture } from '../helpers/fixtures';
import { pprofGoldens, resolveFixtureArgs } from '../helpers/goldens';

const goldens = pprofGoldens('-dot', 'dot');

interface Structure {
  nodes: string[];
  edges: string[];
}

const unescape = (s: string) => s.replace(/\\(.)/g, (_, c: string) => (c === 'l' ? '\n' : c));

/** Nodes ("N3 name") and edges ("from -> to weight [residual] [inline]") of a pprof DOT text. */
function parseDot(text: string): Structure {
  const names = new Map<string, string>([['0', '<N0>']]);
  const nodes: string[] = [];
  const edges: string[] = [];
  for (const line of text.split('\n')) {
    const n = /^N(\d+) \[label=".*" id="node\d+" fontsize=\d+ shape=box tooltip="(.*) \([^"()]*\)" color="#[0-9a-f]{6}" fillcolor="#[0-9a-f]{6}"\]$/.exec(line);
    if (n) {
      names.set(n[1], unescape(n[2]));
      nodes.push(`N${n[1]} ${unescape(n[2])}`);
    }
  }
  for (const line of text.split('\n')) {
    const e = /^N(\d+) -> N(\d+) \[label=" ([^"\\]*)(\\n \(inline\))?"(.*)\]$/.exec(line);
    if (!e) continue;
    const residual = / style="dotted"/.test(e[5]);
    edges.push(`${names.get(e[1])} -> ${names.get(e[2])} ${e[3]}${residual ? ' residual' : ''}${e[4] ? ' inline' : ''}`);
  }
  return { nodes, edges: edges.sort() };
}

function structure(g: CallGraph): Structure {
  const names = new Map<number, string>([[0, '<N0>']]);
  for (const n of g.nodes) names.set(n.id, n.name);
  return {
    nodes: g.nodes.map((n) => `N${n.id} ${n.name}`),
    edges: g.edges.map((e) => `${names.get(e.from)} -> ${names.get(e.to)} ${e.weightText}${e.residual ? ' residual' : ''}${e.inline ? ' inline' : ''}`).sort(),
  };
}

/** The graph as the CLI's -dot -json gives it. */
function graphOf(args: string[]): CallGraph {
  return JSON.parse(dotReport(parseFlags(resolveFixtureArgs(['-json', ...args]))).text);
}

describe('-dot goldens from go tool pprof', () => {
  it('cover diffs, single profiles, filters, granularities, node limits, legacy and synthetic names', () => {
    const names = goldens.map((g) => g.name);
    expect(goldens.length).toBeGreaterThanOrEqual(45);
    for (const name of [
      'gzipleak.base-current.heap.graph',
      'gzipleak.base-current.heap.graph.diffbase',
      'gzipleak.base-current.heap.graph.focus',
      'gzipleak.base-current.heap.graph.lines',
      'gzipleak.base-current.heap.graph.nodecount0',
      'gzipleak.cpu.graph.show_from',
      'bigparse.cpu.graph',
      'tickerleak.base-current.heap.graph.inuse_objects.all',
      'pprof-testdata.java.cpu.graph',
      'synthetic.names.graph',
    ]) {
      expect(names).toContain(name);
    }
  });

  for (const g of goldens) {
    describe(g.name, () => {
      const run = () => dotReport(parseFlags(resolveFixtureArgs(g.args)));
      it('has the same nodes and edges', () => {
        const want = parseDot(g.stdout);
        expect(want.nodes.length).toBeGreaterThan(0);
        const graph = graphOf(g.args);
        const got = structure(graph);
        expect(got.nodes).toEqual(want.nodes);
        expect(got.edges).toEqual(want.edges);
      });
      it('prints the same DOT text and warnings', () => {
        const { text, warnings } = run();
        expect(text).toBe(g.stdout);
        expect(warnings.map((w) => `${w}\n`).join('')).toBe(g.stderr ?? '');
      });
    });
  }
});

describe('what the goldens pin', () => {
  const golden = (name: string) => goldens.find((g) => g.name === name)!;

  it('residual and inline edges, dropped nodes and edges (gzipleak allocs)', () => {
    const s = parseDot(golden('gzipleak.allocs.graph').stdout);
    expect(s.nodes).toHaveLength(53);
    expect(s.edges.filter((e) => e.includes(' residual'))).toHaveLength(21);
    expect(s.edges.filter((e) => e.endsWith(' inline'))).toHaveLength(13);
    expect(s.edges).toContain('compress/flate.(*compressor).init -> compress/flate.(*compressor).initDeflate 17.10MB inline');
    expect(golden('gzipleak.allocs.graph').stdout).toContain('Dropped 101 nodes (cum <= 4.66MB)\\lDropped 2 edges (freq <= 0.93MB)\\lShowing top 53 nodes out of 85');
  });

  it('edges into a node whose values cancel, drawn to N0 as pprof does', () => {
    const s = parseDot(golden('tickerleak.base-current.heap.graph.inuse_objects.all').stdout);
    expect(s.edges).toContain('runtime.newproc1 -> <N0> 0');
    const g = graphOf(golden('tickerleak.base-current.heap.graph.inuse_objects.all').args);
    const phantom = g.edges.filter((e) => e.to === 0);
    expect(phantom.map((e) => e.tooltip)).toEqual(['runtime.newproc1 -> runtime.allgadd (0)']);
  });

  it('mutual recursion counts an edge once per sample', () => {
    const s = parseDot(golden('synthetic.names.graph').stdout);
    // ping → pong → ping → pong → alloc (100kB) and ping → pong → inlined (112.50kB).
    expect(s.edges).toContain('main.ping -> main.pong 0.21MB');
    expect(s.edges).toContain('main.pong -> main.ping 0.10MB');
    expect(s.edges).toContain('main.alloc -> main.inlined 0.11MB inline');
  });
});

describe('the graph as data', () => {
  const profile = compareProfiles([decodeFixture('gzipleak.current.heap').profile], [decodeFixture('gzipleak.base.heap').profile]);
  const engine = new TopEngine(profile);
  const graph = buildGraph(engine, { sampleIndex: sampleIndexByName(profile, 'inuse_space') });

  it('is plain data: it survives structuredClone and JSON', () => {
    expect(structuredClone(graph)).toEqual(graph);
    expect(JSON.parse(JSON.stringify(graph))).toEqual(graph);
  });

  it('has the numbers next to the texts pprof prints', () => {
    expect(graph).toMatchObject({ title: 'gzipleak', sampleType: 'inuse_space', outputUnit: 'MB', droppedNodes: 0, droppedEdges: 0, origCount: 30 });
    expect(graph.nodes).toHaveLength(30);
    const writer = graph.nodes.find((n) => n.name === 'compress/flate.NewWriter')!;
    expect(writer).toMatchObject({
      id: 2,
      lines: ['flate', 'NewWriter'],
      flatText: '69.63MB',
      cumText: '85.63MB',
      flatPercent: '79.91%',
      cumPercent: '98.27%',
      fontSize: 24,
      color: '#b20000',
      fillColor: '#edd5d5',
    });
    expect(writer.nodelets).toEqual([{ id: 'NN2_0', parent: 'N2', lines: ['648kB'], weight: writer.flat, weightText: '69.63MB', dotted: false }]);
    const inline = graph.edges.find((e) => e.tooltip.startsWith('compress/flate.(*compressor).init -> compress/flate.(*compressor).initDeflate'))!;
    expect(inline).toMatchObject({ inline: true, residual: false, weightText: '15.50MB', dotWeight: 18, penWidth: 1 });
    expect(graph.edges[0]).toMatchObject({ weightText: '86.63MB', dotWeight: 100, penWidth: 5 });
    expect(graph.legend.at(-1)).toBe('\nSee https://git.io/JfYMW for how to read the graph');
  });

  it('gives each node the same tags in one pass over many nodes as alone (node-tags.ts)', () => {
    const p = decodeFixture('tickerleak.allocs').profile;
    const e = new TopEngine(p);
    const input = e.graphInput({ sampleIndex: sampleIndexByName(p, 'alloc_objects'), granularity: 'lines' });
    const targets = [...input.flat.keys()].filter((n) => input.cum[n] !== 0);
    expect(targets.length).toBeGreaterThan(128); // more than one pass of 4 words
    const all = nodeTags(input, p.stacks.parent, p.samples.values, p.sampleTypes.length, sampleTags(p), targets);
    let tagged = 0;
    for (const n of targets) {
      const alone = nodeTags(input, p.stacks.parent, p.samples.values, p.sampleTypes.length, sampleTags(p), [n]).get(n);
      expect(all.get(n), input.plan.names[n]).toEqual(alone);
      if (alone!.tag.length > 0) tagged++;
    }
    expect(tagged).toBe(targets.length);
  });

  it('takes a node count and fractions like pprof', () => {
    const small = buildGraph(engine, { sampleIndex: sampleIndexByName(profile, 'inuse_space'), nodeCount: 20 });
    // 20 counts the nodelets too: 14 nodes and their 6 tags.
    expect(small.nodes).toHaveLength(14);
    expect(small.legend).toContain('Showing top 14 nodes out of 30');
    expect(small.edges.some((e) => e.residual)).toBe(true);
  });
});

describe('DOT escaping', () => {
  it('escapes backslashes and quotes, and makes newlines left-justified breaks', () => {
    expect(escapeForDot('a\\b"c"\nd')).toBe('a\\\\b\\"c\\"\\ld');
  });

  it('keeps the DOT valid where pprof writes raw text: titles and label values', () => {
    const base = dotReport(parseFlags(resolveFixtureArgs(['-dot', '-symbolize=none', 'synthetic/names.heap'])));
    const graph = JSON.parse(dotReport(parseFlags(resolveFixtureArgs(['-dot', '-json', 'synthetic/names.heap']))).text) as CallGraph;
    graph.title = 'my "app"';
    const node = graph.nodes.find((n) => n.nodelets.some((x) => x.lines.length > 1))!;
    const label = node.nodelets.find((x) => x.lines.length > 1)!;
    label.lines = ['handler:/a"b', 'tenant:x\\y'];
    const text = formatDot(graph);
    expect(text.split('\n')[0]).toBe('digraph "my \\"app\\"" {');
    expect(text).toContain(`${label.id} [label = "handler:/a\\"b\\ntenant:x\\\\y" id="${label.id}"`);
    // Every quoted string is closed on its line.
    for (const line of text.trim().split('\n')) expect(line.replace(/\\./g, '').split('"').length % 2, line).toBe(1);
    expect(base.text).toContain('N4 [label="main\\n(*Server)\\n\\"quoted\\"\\n0 of 0.68MB (12.06%)"');
  });
});

describe("Go's arithmetic", () => {
  it("log2 is Go's math.Log2 to the last bit, where Math.log2 is not", () => {
    // Bits of x and of Go's math.Log2(x) (go1.19.8 linux/amd64).
    const dv = new DataView(new ArrayBuffer(8));
    const f = (bits: bigint) => (dv.setBigUint64(0, bits), dv.getFloat64(0));
    const cases: [bigint, bigint][] = [
      [4603621515240537919n, 13828084711019220528n], // 0.6046602879796196
      [4586829772235988291n, 13840049866145942544n], // 0.04627514482847996
      [4606577553201015451n, 13815263005571286897n], // 0.932846428518434
      [4571771843545226787n, 13843856311870363088n], // 0.004442471903835651
    ];
    for (const [x, y] of cases) {
      expect(goLog2(f(x))).toBe(f(y));
      expect(Math.log2(f(x))).not.toBe(f(y)); // why Go's is reproduced
    }
    expect(goLog2(0.5)).toBe(-1);
    expect(goLog2(1)).toBe(0);
    expect(goLog2(0)).toBe(-Infinity);
    expect(goLog2(-1)).toBeNaN();
    // The case pprof's entropy score meets with a zero-weight edge: −0·log2(0).
    expect(-0 * goLog2(0)).toBeNaN();
  });

  it('int64 conversion and division as on amd64', () => {
    expect(goInt64(NaN)).toBeNull();
    expect(goInt64(2 ** 63)).toBeNull();
    expect(goInt64(-1.9)).toBe(-1);
    expect(idiv(-7, 2)).toBe(-3);
    expect(idiv(7, -2)).toBe(-3);
    expect(idiv(2 ** 53 - 1, 2 ** 52 + 1)).toBe(1);
    expect(Object.is(idiv(0, -5), 0)).toBe(true);
  });
});
