// The measurements behind docs/decisions/0002-proto-decoder-unrolled-varints.md:
// one profile.proto decoded by our hand-written decoder (src/core/proto), by
// protobufjs's static module of the same .proto (test/proto, the reader we
// would otherwise use) and by the pprof-format package. CPU time (user +
// system) per decode, median of N after a warm-up, in one process, the three
// interleaved, so a busy machine slows each alike.
//
//   node --expose-gc --import tsx test/bench/proto-readers.ts [file ...] [--iterations N]
//
// Default: the benchmark's bigheap profiles (npm run bench:data).

import { readFileSync } from 'node:fs';
import { inflate } from 'pako';
import { Profile as PprofFormatProfile } from 'pprof-format';
import { decodeProfile } from '../../src/core/decode';
import { runSync } from '../../src/core/progress';
import { perftools } from '../proto/profile.pb.js';

const args = process.argv.slice(2);
const at = args.indexOf('--iterations');
const iterations = at >= 0 ? Number(args.splice(at, 2)[1]) : 5;
const files = args.length > 0 ? args : ['test/bench/data/bigheap.base.heap', 'test/bench/data/bigheap.current.heap'];
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const readers: [string, (raw: Uint8Array) => unknown][] = [
  ['ours (src/core/proto)', (raw) => runSync(decodeProfile(raw))],
  ['protobufjs static module', (raw) => perftools.profiles.Profile.decode(raw)],
  ['pprof-format', (raw) => PprofFormatProfile.decode(raw)],
];

function cpuMs(fn: () => unknown): number {
  gc!();
  const t = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

for (const file of files) {
  const bytes = new Uint8Array(readFileSync(file));
  const raw = bytes[0] === 0x1f ? inflate(bytes) : bytes;
  const times = readers.map(() => [] as number[]);
  readers.forEach(([, read]) => read(raw)); // warm-up
  for (let i = 0; i < iterations; i++) readers.forEach(([, read], r) => times[r].push(cpuMs(() => read(raw))));
  const ours = median(times[0]);
  console.log(`${file}: ${(raw.length / 1e6).toFixed(1)} MB profile.proto, CPU ms, median of ${iterations}`);
  readers.forEach(([name], r) => {
    const m = median(times[r]);
    console.log(`  ${name.padEnd(28)} ${m.toFixed(0).padStart(6)} ms  ${(raw.length / 1e3 / m).toFixed(0).padStart(4)} MB/s  ${(m / ours).toFixed(2)}×`);
  });
}
