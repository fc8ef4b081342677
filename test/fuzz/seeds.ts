// The seed corpus: small real profiles, one group per decoder. Each group's
// inputs are mutated the way that format breaks (fuzz/mutate.ts).

import { gunzipSync, gzipSync } from 'node:zlib';
import { fixtureBytes } from '../helpers/fixtures';

export type SeedKind = 'proto' | 'gzip' | 'text';

export interface Seed {
  name: string;
  kind: SeedKind;
  bytes: Uint8Array;
  /** Inflate cap to decode with (small for the bomb seed, so it stays cheap). */
  inflateLimit?: number;
}

export interface SeedGroup {
  /** Decoder under test, as printed. */
  decoder: string;
  seeds: Seed[];
}

const gz = (name: string) => fixtureBytes(name);
const raw = (name: string) => new Uint8Array(gunzipSync(fixtureBytes(name)));
/** The first `maxLines` lines: keeps big text seeds fast to decode. */
function head(name: string, maxLines = 400): Uint8Array {
  const b = fixtureBytes(name);
  let lines = 0;
  for (let i = 0; i < b.length; i++) if (b[i] === 10 && ++lines === maxLines) return b.subarray(0, i + 1);
  return b;
}

let cache: SeedGroup[] | undefined;

export function seedGroups(): SeedGroup[] {
  if (cache) return cache;
  const seed = (kind: SeedKind, name: string, bytes: Uint8Array, inflateLimit?: number): Seed => ({ name, kind, bytes, inflateLimit });
  cache = [
    {
      decoder: 'proto',
      seeds: ['bigparse.base.heap', 'gzipleak.base.heap', 'bigparse.base.goroutine', 'bigparse.cpu', 'gzipleak.allocs'].map((n) =>
        seed('proto', n, raw(n)),
      ),
    },
    {
      decoder: 'gzip',
      seeds: [
        ...['bigparse.base.heap', 'tickerleak.base.goroutine', 'gzipleak.cpu'].map((n) => seed('gzip', n, gz(n))),
        // A bomb in miniature: 16 MiB of zeros against a 4 MiB cap.
        seed('gzip', 'zeros-bomb', new Uint8Array(gzipSync(Buffer.alloc(16 << 20), { level: 9 })), 4 << 20),
      ],
    },
    {
      decoder: 'go-heap-text',
      seeds: ['bigparse.base.heap.debug1.txt', 'synthetic/inline.heap.debug1.txt'].map((n) => seed('text', n, head(n, 300))),
    },
    {
      decoder: 'go-count-text (goroutine debug=1)',
      seeds: [
        'bigparse.base.goroutine.debug1.txt',
        'gzipleak.base.goroutine.debug1.txt',
        'synthetic/labels.goroutine.debug1.txt',
        'go-contention/mutex.debug1.txt',
        'go-contention/block.debug1.txt',
      ].map((n) => seed('text', n, head(n))),
    },
    {
      decoder: 'goroutine-dump (debug=2)',
      seeds: ['bigparse.base.goroutine.debug2.txt', 'gzipleak.base.goroutine.debug2.txt', 'synthetic/panic.txt', 'synthetic/panic-log.txt'].map(
        (n) => seed('text', n, head(n)),
      ),
    },
    {
      decoder: 'legacy C++/Java',
      seeds: [
        seed('text', 'cppbench.heap', head('pprof-testdata/profile/cppbench.heap', 150)),
        seed('text', 'cppbench.growth', head('pprof-testdata/profile/cppbench.growth', 150)),
        seed('text', 'cppbench.contention', head('pprof-testdata/profile/cppbench.contention')),
        seed('text', 'cppbench.thread', head('pprof-testdata/profile/cppbench.thread')),
        seed('text', 'go.godoc.thread', head('pprof-testdata/profile/go.godoc.thread')),
        seed('text', 'java.heap', head('pprof-testdata/profile/java.heap', 120)),
        seed('text', 'java.contention', head('pprof-testdata/profile/java.contention')),
        seed('text', 'java.cpu', head('pprof-testdata/profile/java.cpu')),
        // Binary gperftools CPU: byte-level mutation only (words, not lines).
        seed('text', 'go.crc32.cpu', fixtureBytes('pprof-testdata/profile/go.crc32.cpu')),
      ],
    },
  ];
  return cache;
}
