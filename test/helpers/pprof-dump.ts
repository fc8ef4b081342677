// Reads pprof's text dump of a profile (Profile.String(): the upstream
// `*.string` files, and what `go tool pprof -raw` prints) far enough to
// compare stacks, labels and mappings with a decoded Profile.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Profile } from '../../src/core/model/profile';
import { FIXTURES } from './fixtures';

export interface DumpMapping {
  start: bigint;
  limit: bigint;
  offset: bigint;
  file: string;
}

export interface Dump {
  sampleTypes: string[];
  /** One entry per sample line: values, then frames leaf first, then labels. */
  samples: { values: number[]; frames: string[]; labels: string }[];
  mappings: DumpMapping[];
}

/**
 * A frame as both sides can print it: "0x<address>" when the location has
 * no lines (unsymbolized), else "function:line" per line.
 */
function frameOf(address: string, rest: string): string {
  const m = /^(?: M=\d+)?\s*(.*?)\s*$/.exec(rest)!;
  const sym = /^(.*) (\S*?):(\d+)(?::\d+)? s=\d+$/.exec(m[1]);
  return sym ? `${sym[1]}:${sym[3]}` : `0x${address}`;
}

export function parseDump(text: string): Dump {
  const lines = text.split('\n');
  const at = (h: string) => lines.findIndex((l) => l.startsWith(h));
  const s = at('Samples:');
  const l = at('Locations');
  const mp = at('Mappings');
  const sampleTypes = lines[s + 1].trim().split(/\s+/).map((t) => t.replace('[dflt]', '').split('/')[0]);

  const locs = new Map<string, string>();
  for (let i = l + 1; i < mp; i++) {
    const m = /^\s*(\d+): 0x([0-9a-f]+)(.*)$/.exec(lines[i]);
    if (m) locs.set(m[1], frameOf(m[2], m[3]));
  }

  const samples: Dump['samples'] = [];
  for (let i = s + 2; i < l; i++) {
    const m = /^\s*(-?\d+(?:\s+-?\d+)*):((?: \d+)*)\s*$/.exec(lines[i]);
    if (m) {
      const frames = m[2].trim() === '' ? [] : m[2].trim().split(' ').map((id) => locs.get(id)!);
      samples.push({ values: m[1].trim().split(/\s+/).map(Number), frames, labels: '' });
    } else if (lines[i].trim() && samples.length) {
      samples[samples.length - 1].labels += lines[i].trim();
    }
  }

  const mappings: DumpMapping[] = [];
  for (let i = mp + 1; i < lines.length; i++) {
    const m = /^\d+: 0x([0-9a-f]+)\/0x([0-9a-f]+)\/0x([0-9a-f]+) ?(\S*)/.exec(lines[i]);
    if (!m) break;
    mappings.push({ start: BigInt(`0x${m[1]}`), limit: BigInt(`0x${m[2]}`), offset: BigInt(`0x${m[3]}`), file: m[4] });
  }
  return { sampleTypes, samples, mappings };
}

export function readUpstreamDump(fixture: string): Dump {
  return parseDump(readFileSync(join(FIXTURES, `${fixture}.string`), 'utf8'));
}

export function readRawDump(fixture: string): Dump {
  return parseDump(readFileSync(join(FIXTURES, 'golden-raw', `${fixture.replaceAll('/', '_')}.raw.txt`), 'utf8'));
}

/** The samples of a decoded profile in the dump's terms (frames leaf first). */
export function dumpSamples(p: Profile): Dump['samples'] {
  const k = p.sampleTypes.length;
  const out: Dump['samples'] = [];
  for (let i = 0; i < p.samples.length; i++) {
    const frames: string[] = [];
    for (let st = p.samples.stack[i]; st >= 0; st = p.stacks.parent[st]) {
      const loc = p.stacks.location[st];
      const from = p.locations.lineStart[loc];
      const to = p.locations.lineStart[loc + 1];
      if (from === to) frames.push(`0x${p.locations.address[loc].toString(16)}`);
      for (let li = from; li < to; li++) frames.push(`${p.strings[p.functions.name[p.lines.function[li]]]}:${p.lines.line[li]}`);
    }
    let labels = '';
    for (let j = p.labels.setStart[p.samples.labelSet[i]]; j < p.labels.setStart[p.samples.labelSet[i] + 1]; j++) {
      labels += `${p.strings[p.labels.key[j]]}:[${p.labels.isNum[j] ? p.labels.num[j] : p.strings[p.labels.str[j]]}]`;
    }
    out.push({ values: Array.from(p.samples.values.subarray(i * k, i * k + k)), frames, labels });
  }
  return out;
}

/**
 * Samples as pprof's Merge leaves them: equal stacks and labels added up,
 * all-zero ones gone; sorted, so two lists compare with toEqual.
 */
export function merged(samples: Dump['samples']): string[] {
  const sums = new Map<string, number[]>();
  for (const s of samples) {
    const key = `${s.frames.join(' ')} | ${s.labels}`;
    const v = sums.get(key);
    if (v) s.values.forEach((x, i) => (v[i] += x));
    else sums.set(key, [...s.values]);
  }
  return [...sums]
    .filter(([, v]) => v.some((x) => x !== 0))
    .map(([key, v]) => `${v.join(' ')} : ${key}`)
    .sort();
}
