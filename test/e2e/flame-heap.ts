// A large made-up heap profile with the shape of a real one for the flame
// graph's browser test: stacks share their outer frames (a few hot paths,
// skewed like a real service's) and fan out below, so the tree has hundreds
// of thousands of frames and a few thousand wider than a pixel.

import { StringTable } from 'pprof-format';
import { heapFile, seededRandom, type HeapParts } from './synthetic';

export function skewedHeap(o: { samples: number; depth: number; seed: number; timeNanos: bigint }): Uint8Array {
  const rand = seededRandom(o.seed);
  const st = new StringTable();
  const nFunctions = 600;
  const parts: HeapParts = { functions: [], locations: [], samples: [] };
  for (let i = 1; i <= nFunctions; i++) {
    const name = st.dedup(`example.com/svc/pkg${i % 41}.Handler${i}`);
    parts.functions.push({ id: i, name, systemName: name, filename: st.dedup(`pkg${i % 41}/file${i % 7}.go`) });
    parts.locations.push({ id: i, address: 0x400000 + i * 16, line: [{ functionId: i, line: 10 + (i % 200) }] });
  }
  for (let s = 0; s < o.samples; s++) {
    const stack: number[] = [];
    let path = 0;
    for (let d = 0; d < o.depth; d++) {
      // Few choices near the root, more below: a skewed pick among them.
      const choices = 2 + d * 3;
      path = (path * 31 + Math.floor(rand() ** 3 * choices) + 1) % 1_000_003;
      stack.unshift(1 + ((path * 7 + d * 13) % nFunctions));
    }
    const objects = 1 + Math.floor(rand() * 20);
    const bytes = objects * (16 << Math.floor(rand() * 8));
    parts.samples.push({ locationId: stack, value: [objects, bytes, objects, bytes] });
  }
  return heapFile(st, parts, o.timeNanos);
}
