// Each folder of src/core is used from outside only through its index.ts:
// the page (src/ui), the worker (workers/), the CLI (src/cli) and the other
// core folders import `core/<folder>`, never a file inside it. A file may
// import the files of its own folder.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const CORE = join(ROOT, 'src/core');
const SCANNED = ['src/ui', 'workers', 'src/cli', 'src/core'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(p);
    return /\.(ts|tsx|mts)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every module specifier: static imports and re-exports (`from '…'`), and dynamic `import('…')`. */
function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/** "file → specifier" for each import of a core folder's inner file from outside that folder. */
function deepImports(): string[] {
  const found: string[] = [];
  for (const dir of SCANNED) {
    for (const file of sources(join(ROOT, dir))) {
      const text = readFileSync(file, 'utf8');
      for (const spec of specifiers(text)) {
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(file), spec);
        const inCore = relative(CORE, target);
        if (inCore.startsWith('..') || inCore === '') continue;
        const parts = inCore.split(sep);
        // core/<folder> or core/<folder>/index, or a file at core's top (core/errors).
        if (parts.length === 1 || (parts.length === 2 && parts[1] === 'index')) continue;
        const own = relative(join(CORE, parts[0]), file);
        if (!own.startsWith('..')) continue; // the folder's own file
        found.push(`${relative(ROOT, file)} → ${spec}`);
      }
    }
  }
  return found;
}

describe('architecture', () => {
  it('finds an import (the scan works)', () => {
    const all = SCANNED.flatMap((d) => sources(join(ROOT, d)).flatMap((f) => specifiers(readFileSync(f, 'utf8'))));
    expect(all).toContain('../core/decode');
    expect(all.length).toBeGreaterThan(100);
  });

  it('no file imports another core folder past its index.ts', () => {
    expect(deepImports()).toEqual([]);
  });
});
