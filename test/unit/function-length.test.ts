// No function in src/ or workers/ is longer than 120 lines: a longer one is
// split into named steps. Parsed with oxc (rolldown's parser, which vite
// already brings), so a brace in a string or a regexp cannot fool it.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseSync } from 'rolldown/utils';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const MAX_LINES = 120;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|tsx)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

interface Span {
  where: string;
  name: string;
  lines: number;
}

type Node = { type?: string; start?: number; end?: number; body?: unknown; id?: { name?: string }; key?: { name?: string } };

/** Every function's length in lines, named by its declaration, method, property or variable. */
function functionSpans(file: string): Span[] {
  const text = readFileSync(file, 'utf8');
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const spans: Span[] = [];
  const walk = (value: unknown, name: string | undefined): void => {
    if (!value || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const v of value) walk(v, name);
      return;
    }
    const node = value as Node;
    if (node.type && /Function|Arrow/.test(node.type) && node.body && node.start !== undefined && node.end !== undefined) {
      const first = lineOf(node.start);
      spans.push({ where: `${relative(ROOT, file)}:${first}`, name: node.id?.name ?? name ?? '(anonymous)', lines: lineOf(node.end) - first + 1 });
    }
    const named = node.type === 'MethodDefinition' || node.type === 'Property' || node.type === 'VariableDeclarator' || node.type === 'PropertyDefinition';
    for (const [k, v] of Object.entries(node)) {
      if (k === 'parent' || !v || typeof v !== 'object') continue;
      walk(v, named ? (node.key?.name ?? node.id?.name ?? name) : (node.id?.name ?? name));
    }
  };
  walk(parseSync(file, text).program, undefined);
  return spans;
}

const all = ['src', 'workers'].flatMap((d) => sources(join(ROOT, d))).flatMap(functionSpans);

describe('function length', () => {
  it('measures functions (the scan works)', () => {
    expect(all.length).toBeGreaterThan(500);
    expect(all.some((s) => s.name === 'decodeProfile')).toBe(true);
  });

  it(`no function is over ${MAX_LINES} lines`, () => {
    expect(all.filter((s) => s.lines > MAX_LINES).map((s) => `${s.where} ${s.name}: ${s.lines} lines`)).toEqual([]);
  });
});
