// The report command itself: Go-style flags, and the real process printing
// exactly what go tool pprof printed (run from test/fixtures like the goldens).

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFlags, topReport, UsageError } from '../../src/cli/report';
import { FIXTURES } from '../helpers/fixtures';
import { pprofGoldens, resolveFixtureArgs } from '../helpers/goldens';

const CLI = fileURLToPath(new URL('../../src/cli/report.ts', import.meta.url));

function run(args: string[]) {
  const r = spawnSync('npx', ['tsx', CLI, ...args], { cwd: FIXTURES, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('report -top as a process', () => {
  const byName = new Map(pprofGoldens('-top').map((g) => [g.name, g]));
  for (const name of [
    'gzipleak.base-current.heap.top.inuse_space',
    'bigparse.peak-current.heap.diffbase',
    'tickerleak.base-current.goroutine.top',
    'gzipleak.cpu.focus',
    'gzipleak.base-current.heap.show_from',
    'gzipleak.base-current.heap.tagfocus',
  ]) {
    it(`prints what \`${byName.get(name)?.command}\` printed`, () => {
      const g = byName.get(name)!;
      const r = run(g.args);
      expect(r.stderr).toBe(g.stderr ?? '');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(g.stdout);
    });
  }

  it('-top -json gives the same rows as data', () => {
    const r = run(['-top', '-json', '-base', 'gzipleak.base.heap', 'gzipleak.current.heap']);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.sampleType).toBe('inuse_space');
    expect(json.outputUnit).toBe('MB');
    expect(json.header.at(-1)).toBe('Showing nodes accounting for 87.14MB, 100% of 87.14MB total');
    expect(json.rows[0]).toMatchObject({ name: 'compress/flate.NewWriter', flatText: '69.63MB', cumText: '85.63MB' });
    expect(json.rows[1]).toMatchObject({ name: 'compress/flate.(*compressor).initDeflate', inline: 'inline' });
  });

  it('exits 1 with pprof-like messages for a bad sample index or a bad regexp', () => {
    const bad = run(['-top', '-sample_index=bogus', 'gzipleak.current.heap']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe('sample_index "bogus" must be one of: [alloc_objects alloc_space inuse_objects inuse_space]\n');
    const range = run(['-top', '-sample_index=7', 'gzipleak.current.heap']);
    expect(range.stderr).toBe('sample_index 7 is outside the range [0..3]\n');
    const re = run(['-top', '-focus=(?=x)', 'gzipleak.current.heap']);
    expect(re.status).toBe(1);
    expect(re.stderr).toMatch(/^parsing focus regexp: error parsing regexp: invalid or unsupported Perl syntax/);
  });

  it('exits 2 with the usage for flags it does not know or misplaced ones', () => {
    const unknown = run(['-top', '-bogus', 'gzipleak.current.heap']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^flag provided but not defined: -bogus\nusage:/);
    const late = run(['-top', 'gzipleak.current.heap', '-cum']);
    expect(late.status).toBe(2);
    expect(late.stderr).toMatch(/^-cum: flags go before the profile files/);
  });

  it('refuses profiles pprof cannot merge', () => {
    const r = run(['-top', '-base', 'gzipleak.base.goroutine', 'gzipleak.current.heap']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^incompatible (period|sample) types/);
  });
});

describe('report -dot as a process', () => {
  const byName = new Map(pprofGoldens('-dot', 'dot').map((g) => [g.name, g]));
  for (const name of [
    'gzipleak.base-current.heap.graph',
    'gzipleak.base-current.heap.graph.tagfocus',
    'bigparse.cpu.graph',
    'tickerleak.base-current.heap.graph.alloc_objects',
    'synthetic.names.graph',
  ]) {
    it(`prints what \`${byName.get(name)?.command}\` printed`, () => {
      const g = byName.get(name)!;
      const r = run(g.args);
      expect(r.stderr).toBe(g.stderr ?? '');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(g.stdout);
    });
  }

  it('-dot -json gives the same graph as data', () => {
    const r = run(['-dot', '-json', '-nodecount=20', '-base', 'gzipleak.base.heap', 'gzipleak.current.heap']);
    expect(r.status).toBe(0);
    const g = JSON.parse(r.stdout);
    expect(g.title).toBe('gzipleak');
    expect(g.legend).toContain('Showing top 14 nodes out of 30');
    expect(g.nodes).toHaveLength(14);
    expect(g.nodes[0]).toMatchObject({ id: 1, name: 'net/http.HandlerFunc.ServeHTTP', cumText: '86.63MB' });
    expect(g.edges.filter((e: { residual: boolean }) => e.residual)).toHaveLength(7);
  });

  it('refuses -top with -dot, and a symbolization it cannot do', () => {
    const both = run(['-top', '-dot', 'gzipleak.current.heap']);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/^choose one report: -top or -dot\nusage:/);
    const sym = run(['-dot', '-symbolize=remote', 'gzipleak.current.heap']);
    expect(sym.status).toBe(2);
    expect(sym.stderr).toMatch(/^-symbolize=remote: only -symbolize=none/);
  });
});

describe('flags as Go parses them', () => {
  it('takes -flag=value, -flag value and --flag', () => {
    const f = parseFlags(['--top', '-nodecount', '12', '--nodefraction=0.1', '-focus', 'main', '-sample_index=alloc_space', 'a.heap']);
    expect(f).toMatchObject({ top: true, nodeCount: 12, nodeFraction: 0.1, focus: 'main', sampleIndex: 'alloc_space', files: ['a.heap'] });
  });

  it('bool flags take =value only, and -x=false turns them off', () => {
    expect(parseFlags(['-cum=false', 'x']).cum).toBe(false);
    expect(parseFlags(['-cum=T', 'x']).cum).toBe(true);
    expect(parseFlags(['-cum', 'false']).files).toEqual(['false']);
    expect(() => parseFlags(['-cum=maybe', 'x'])).toThrow(/invalid boolean value "maybe" for -cum/);
  });

  it('stops at the first non-flag and at --', () => {
    expect(parseFlags(['-top', '--', '-weird-name.heap']).files).toEqual(['-weird-name.heap']);
    expect(parseFlags(['-top', 'a', 'b']).files).toEqual(['a', 'b']);
  });

  it('has the pprof shortcuts for sample types and granularities', () => {
    expect(parseFlags(['-inuse_objects', '-lines', 'x'])).toMatchObject({ sampleIndex: 'inuse_objects', granularity: 'lines' });
    expect(parseFlags(['-filefunctions', 'x']).granularity).toBe('filefunctions');
    expect(parseFlags(['-base', 'b1', '-base=b2', 'x']).base).toEqual(['b1', 'b2']);
  });

  it('rejects -base with -diff_base, as pprof does', () => {
    expect(() => parseFlags(['-base', 'a', '-diff_base', 'b', 'c'])).toThrow('-base and -diff_base flags cannot both be specified');
    expect(() => parseFlags(['-nodecount=x', 'c'])).toThrow(UsageError);
  });

  it('skips a leading [binary] argument that is not a profile', () => {
    const { text } = topReport(parseFlags(resolveFixtureArgs(['-top', '/nonexistent/binary', 'tickerleak.current.goroutine'])));
    expect(text).toContain('of 4867 total');
  });
});
