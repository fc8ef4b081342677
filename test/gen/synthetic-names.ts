// Writes test/fixtures/synthetic/names.heap: a small heap-like profile.proto
// whose function names are what real names can be and the call graph must
// survive (quotes, backslashes, a newline, C++ templates and namespaces,
// Go generics "[...]", a Go module's /v2, a Java signature, an unnamed
// function, a location without lines), with an inlined frame, a mutual
// recursion, string labels, and more than four object sizes at one node.
// go tool pprof reads it like any profile; its -dot output is a golden.
//
//   npx tsx test/gen/synthetic-names.ts
//
// Deterministic: the same bytes every run (gzip level 9, no mtime).

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { perftools } from '../proto/profile.pb.js';

const strings: string[] = [''];
const str = (s: string): number => {
  let i = strings.indexOf(s);
  if (i < 0) i = strings.push(s) - 1;
  return i;
};

const FUNCTIONS = [
  'main.main',
  'main.(*Server)."quoted"',
  'main.back\\slash',
  'main.less<than>',
  'main.new\nline',
  'main.Map[...]',
  '(anonymous namespace)::Cache::Get',
  'std::vector<int>::push_back',
  'example.com/mod/v2/store.(*DB).Put',
  'com.example.Foo.bar(int)',
  'main.ping',
  'main.pong',
  'main.inlined',
  'main.alloc',
  '',
];
const functions = FUNCTIONS.map((name, i) => ({
  id: i + 1,
  name: str(name),
  systemName: str(name),
  filename: str(name === '' ? '' : name.startsWith('com.') ? 'Foo.java' : '/src/names/main.go'),
  startLine: 10 * (i + 1),
}));
const fn = (name: string) => FUNCTIONS.indexOf(name) + 1;

// Locations: one line each, except the inlined pair and the line-less one.
const locations: { id: number; mappingId: number; address: number; line: { functionId: number; line: number }[] }[] = [];
const loc = (lines: string[]): number => {
  const id = locations.length + 1;
  locations.push({
    id,
    mappingId: 1,
    address: 0x401000 + 0x10 * id,
    line: lines.map((name, k) => ({ functionId: fn(name), line: 100 + 10 * id + k })),
  });
  return id;
};
const L: Record<string, number> = {};
for (const name of FUNCTIONS) L[name] = loc([name]);
// Innermost line first (profile.proto: the last line is the caller).
const inlinedIntoAlloc = loc(['main.inlined', 'main.alloc']);
const bare = locations.push({ id: locations.length + 1, mappingId: 2, address: 0x7f0000001000, line: [] });

const samples: { locationId: number[]; value: number[]; label: { key: number; str?: number; num?: number; numUnit?: number }[] }[] = [];
/** A sample: frames leaf first, as profile.proto stores them. */
const sample = (frames: number[], objects: number, size: number, labels: Record<string, string> = {}) => {
  const label: { key: number; str?: number; num?: number; numUnit?: number }[] = Object.entries(labels).map(([k, v]) => ({ key: str(k), str: str(v) }));
  label.push({ key: str('bytes'), num: size });
  samples.push({ locationId: frames, value: [objects, objects * size], label });
};

/** Location ids leaf first (as profile.proto stores them) of main.main → names… (root to leaf). */
const stack = (...names: (string | number)[]) => ['main.main', ...names].map((n) => (typeof n === 'number' ? n : L[n])).reverse();
// Every odd name on the way to an allocation: names the graph has to draw.
sample(stack('main.(*Server)."quoted"', 'main.back\\slash', 'main.alloc'), 100, 4096);
sample(stack('main.(*Server)."quoted"', 'main.less<than>', 'main.alloc'), 300, 1024);
sample(stack('main.new\nline', 'main.alloc'), 40, 65536);
for (const [n, size] of [[1000, 16], [500, 32], [250, 48], [125, 64], [60, 8192], [30, 12288]]) sample(stack('main.Map[...]', 'main.alloc'), n, size);
sample(stack('(anonymous namespace)::Cache::Get', 'std::vector<int>::push_back'), 700, 256);
sample(stack('example.com/mod/v2/store.(*DB).Put'), 20, 32768, { tenant: 'acme' });
sample(stack('example.com/mod/v2/store.(*DB).Put'), 10, 32768, { tenant: 'umbrella', handler: '/api/items' });
sample(stack('com.example.Foo.bar(int)'), 64, 2048, { tenant: 'acme' });
// Mutual recursion main → ping → pong → ping → pong → alloc, and an inlined frame.
sample(stack('main.ping', 'main.pong', 'main.ping', 'main.pong', 'main.alloc'), 200, 512);
sample(stack('main.ping', 'main.pong', inlinedIntoAlloc), 150, 768);
// An unnamed function and an address without lines.
sample(stack(''), 80, 1536);
sample(stack('main.ping', bare), 90, 640);

const message = perftools.profiles.Profile.encode({
  sampleType: [
    { type: str('alloc_objects'), unit: str('count') },
    { type: str('alloc_space'), unit: str('bytes') },
  ],
  sample: samples,
  mapping: [
    { id: 1, memoryStart: 0x400000, memoryLimit: 0x500000, filename: str('/opt/bin/names'), hasFunctions: true },
    { id: 2, memoryStart: 0x7f0000000000, memoryLimit: 0x7f0000100000, filename: str('/usr/lib/libextra.so') },
  ],
  location: locations,
  function: functions,
  stringTable: strings,
  timeNanos: 1795673760000000000, // Nov 26, 2026 6:16am UTC
  periodType: { type: str('space'), unit: str('bytes') },
  period: 524288,
  comment: [str('synthetic: names the call graph must escape')],
  defaultSampleType: str('alloc_space'),
}).finish();

const out = fileURLToPath(new URL('../fixtures/synthetic/names.heap', import.meta.url));
writeFileSync(out, gzipSync(message, { level: 9 }));
console.log(`wrote ${out}`);
