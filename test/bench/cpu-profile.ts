// Where a decode spends its time: a V8 CPU profile of decodeProfile on one
// file, summarised by self time per function and per source file.
//
//   npx tsx test/bench/cpu-profile.ts                       # wideheap.current.heap, one cold decode
//   npx tsx test/bench/cpu-profile.ts FILE --runs 3 --out /tmp/decode.cpuprofile
//   npx tsx test/bench/cpu-profile.ts --inflate zlib         # inflate as the CLI does (pako by default)
//
// The profile is what `node --cpu-prof` records, taken through node:inspector
// around the decodes only (not node's and tsx's start-up, nor reading the
// file), at a 100 µs interval. --out writes it as a .cpuprofile for Chrome's
// DevTools (Performance → Load profile). The first run is cold, as the
// page's worker decodes a dropped file; more runs add warm ones.

import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zlibGunzip } from '../../src/cli/zlib-gunzip';
import { decodeProfile } from '../../src/core/decode';
import { runSync } from '../../src/core/progress';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(HERE, '../..');

const args = process.argv.slice(2);
function option(name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return undefined;
  return args.splice(i, 2)[1];
}
const runs = Number(option('runs') ?? 1);
const out = option('out');
const top = Number(option('top') ?? 25);
const inflater = option('inflate') ?? 'pako';
if (inflater !== 'pako' && inflater !== 'zlib') throw new Error('--inflate pako or zlib');
const options = inflater === 'zlib' ? { gunzip: zlibGunzip } : {};
const file = args[0] ?? join(HERE, 'data/wideheap.current.heap');

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const gz = new Uint8Array(readFileSync(file));
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
const wall: number[] = [];
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  runSync(decodeProfile(gz, options));
  wall.push(performance.now() - t);
}
const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
session.disconnect();
if (out) writeFileSync(out, JSON.stringify(profile));

// Self time per node: each sample's time delta goes to the node it hit.
const selfUs = new Map<number, number>();
for (let i = 0; i < profile.samples.length; i++) {
  const next = profile.timeDeltas[i + 1] ?? 0;
  selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + next);
}
const where = (f: CallFrame) => {
  if (!f.url) return '';
  const path = f.url.startsWith('file://') ? relative(ROOT, fileURLToPath(f.url)) : f.url;
  return path.replace(/^node_modules\//, '');
};
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
let total = 0;
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  if (us === 0) continue;
  total += us;
  const f = node.callFrame;
  const fileName = where(f) || f.functionName; // (garbage collector), (program)…
  // tsx's transform leaves no line numbers (all 0): the name and file then say which.
  const line = f.lineNumber > 0 ? `:${f.lineNumber + 1}` : '';
  const fn = f.url ? `${f.functionName || '(anonymous)'}  ${fileName}${line}` : f.functionName;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  byFile.set(fileName, (byFile.get(fileName) ?? 0) + us);
}

const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(6)} ms`;
const print = (title: string, m: Map<string, number>, n: number) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`  ${pct(us)}${ms(us)}  ${k}`);
};
console.log(`decodeProfile(${relative(process.cwd(), file)}), ${inflater} inflate: ${runs} run(s), ${wall.map((t) => `${t.toFixed(0)} ms`).join(', ')}; ${(total / 1000).toFixed(0)} ms profiled`);
print('self time by function', byFunction, top);
print('self time by file', byFile, 15);
