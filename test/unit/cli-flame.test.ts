// report -flame -json and report -tree (src/cli/flame.ts): the JSON tree's
// totals and nesting against the core tree and -top, the text tree's
// columns and indentation, and the misuses refused with a usage message.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { flameMisuse, withoutFlameFlags } from '../../src/cli/flame';
import { parseFlags } from '../../src/cli/report';
import type { FlameJsonNode } from '../../src/core/flame';
import { FIXTURES } from '../helpers/fixtures';

const CLI = fileURLToPath(new URL('../../src/cli/report.ts', import.meta.url));

function run(args: string[]) {
  const r = spawnSync('npx', ['tsx', CLI, ...args], { cwd: FIXTURES, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function walk(n: FlameJsonNode, visit: (n: FlameJsonNode, depth: number) => void, depth = 0): void {
  visit(n, depth);
  for (const c of n.children) walk(c, visit, depth + 1);
}

describe('report -flame -json', () => {
  it('the gzipleak diff: the root is -top total, base and current add up, frames below the fraction are left out', () => {
    const r = run(['-flame', '-json', '-nodefraction', '0.01', '-base', 'gzipleak.base.heap', 'gzipleak.current.heap']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { total: number; mode: string; root: FlameJsonNode };
    const top = run(['-top', '-json', '-base', 'gzipleak.base.heap', 'gzipleak.current.heap']);
    expect(json.total).toBe((JSON.parse(top.stdout) as { total: number }).total);
    expect(json.mode).toBe('diff');
    expect(json.root.value).toBe(json.total);
    let names = 0;
    walk(json.root, (n) => {
      expect(n.value).toBe(n.current! - n.base!);
      expect(Math.abs(n.value)).toBeGreaterThanOrEqual(0.01 * json.root.value);
      const kids = n.children.reduce((s, c) => s + c.value, 0);
      expect(Math.abs(kids)).toBeLessThanOrEqual(Math.abs(n.value - n.flat) + 1e-9);
      if (n.name === 'main.(*gzipResponseWriter).Write') names++;
    });
    expect(names).toBeGreaterThan(0);
  });
  it('one profile: no base or current', () => {
    const r = run(['-flame', '-json', 'tickerleak.current.heap.debug1.txt']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { root: FlameJsonNode };
    expect(json.root.base).toBeUndefined();
    expect(json.root.children.length).toBeGreaterThan(0);
  });
});

describe('report -tree', () => {
  it('top-down and inverted, with the table columns and indentation', () => {
    const r = run(['-tree', '-blame_user', '-base', 'gzipleak.base.heap', 'gzipleak.current.heap']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    const head = lines.findIndex((l) => l.includes('flat%'));
    expect(lines[head]).toMatch(/flat\s+flat%\s+sum%\s+cum\s+cum%\s+base\s+current\s+Δ%/);
    expect(lines[head + 1]).toMatch(/\s{2}net\/http\.\(\*conn\)\.serve$/);
    expect(lines[head + 2]).toMatch(/\s{4}net\/http\.serverHandler\.ServeHTTP$/);
    const inv = run(['-tree', '-inverted', '-blame_user', '-base', 'gzipleak.base.heap', 'gzipleak.current.heap']);
    const il = inv.stdout.trimEnd().split('\n');
    const ih = il.findIndex((l) => l.includes('flat%'));
    expect(il[ih + 1]).toMatch(/ 76\.61% 76\.61% .*\+788%  main\.\(\*gzipResponseWriter\)\.Write$/);
    expect(il[ih + 2]).toMatch(/^\s+0\s+0% 76\.61% .*\+788% {4}encoding\/json\.\(\*Encoder\)\.Encode$/);
  });
  it('refuses what does not go with it', () => {
    const misuse = (args: string[]) => {
      const f = withoutFlameFlags(args)!;
      return flameMisuse(parseFlags(f.argv), f.command, args);
    };
    expect(misuse(['-flame', 'x'])).toMatch(/add -json/);
    expect(misuse(['-tree', '-json', 'x'])).toMatch(/-flame -json/);
    expect(misuse(['-tree', '-top', 'x'])).toMatch(/choose one report/);
    expect(misuse(['-flame', '-tree', 'x'])).toMatch(/-flame or -tree/);
    expect(misuse(['-tree', '-inverted', 'x'])).toBeUndefined();
    expect(withoutFlameFlags(['-top', 'x'])).toBeUndefined();
    expect(withoutFlameFlags(['x', '-tree'])).toBeUndefined();
    const bad = run(['-flame', 'gzipleak.base.heap']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/add -json/);
  });
});
