// Paths and readers for test/fixtures (copied from shared/fixtures, data only).

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeProfile, type Decoded } from '../../src/core/decode';
import { runSync } from '../../src/core/progress';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)));
}

export function decodeFixture(name: string): Decoded {
  return runSync(decodeProfile(fixtureBytes(name)));
}

/** Every profile file under test/fixtures (not goldens, docs or upstream .string dumps). */
export function allProfileFixtures(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir)) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) {
        if (e !== 'golden' && e !== 'golden-raw') walk(p);
      } else if (!/README|INDEX|LICENSE|\.string$/.test(e)) {
        out.push(relative(FIXTURES, p));
      }
    }
  };
  walk(FIXTURES);
  return out.sort();
}

export interface RawGolden {
  sampleTypes: { type: string; unit: string }[];
  defaultSampleType?: string;
  samples: number;
  totals: number[];
}

/** Reads what `go tool pprof -raw` printed: the sample types and one line per sample. */
export function readRawGolden(fixture: string): RawGolden | undefined {
  let text: string;
  try {
    text = readFileSync(join(FIXTURES, 'golden-raw', `${fixture.replaceAll('/', '_')}.raw.txt`), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const at = lines.indexOf('Samples:');
  if (at < 0) throw new Error(`${fixture}: no Samples: section in the golden`);
  let defaultSampleType: string | undefined;
  const sampleTypes = lines[at + 1]
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => {
      const dflt = t.endsWith('[dflt]');
      const [type, unit] = t.replace('[dflt]', '').split('/');
      if (dflt) defaultSampleType = type;
      return { type, unit };
    });
  const totals = sampleTypes.map(() => 0);
  let samples = 0;
  for (let i = at + 2; i < lines.length; i++) {
    const line = lines[i];
    if (/^(Locations|Mappings)/.test(line)) break;
    const m = /^\s*(-?\d+(?:\s+-?\d+)*):/.exec(line);
    if (!m) continue;
    samples++;
    m[1].trim().split(/\s+/).forEach((v, t) => (totals[t] += Number(v)));
  }
  return { sampleTypes, defaultSampleType, samples, totals };
}
