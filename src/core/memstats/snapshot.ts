// What one decoded profile tells about the process's memory: its MemStats
// block, if any, and the two heap-profile figures the accounting sets next
// to it. A plain object, so the worker can hand it to the page as it is.

import { NONE, type MemStats, type MemStatsExact, type Profile } from '../model';
import { detectKind, type ProfileKind } from '../summary';

/** Functions that allocate goroutine descriptors (g structs), which the runtime never frees but reuses. */
export const GOROUTINE_ALLOCATORS = ['runtime.malg', 'runtime.allgadd'];

export interface MemorySnapshot {
  /** The file name, or whatever the caller calls this snapshot. */
  name: string;
  kind: ProfileKind;
  /** 'proto' or the legacy format the file was in. */
  format: Profile['format'];
  memStats?: MemStats;
  memStatsExact?: MemStatsExact;
  /**
   * The heap profile's live bytes (inuse_space; `space` in old text
   * profiles), as of the last completed GC and scaled up from samples.
   */
  inuseSpace?: number;
  /** inuse_space of the samples that went through a GOROUTINE_ALLOCATORS function. */
  goroutineDescriptors?: number;
}

function sampleTypeIndex(p: Profile, names: string[]): number {
  for (const name of names) {
    const i = p.sampleTypes.findIndex((t) => p.strings[t.type] === name);
    if (i >= 0) return i;
  }
  return -1;
}

/** Whether each stack node has one of `functions` at or above it (parents come before children). */
function stacksThrough(p: Profile, functions: string[]): Uint8Array {
  const wanted = new Uint8Array(p.functions.length);
  for (let f = 0; f < p.functions.length; f++) {
    if (functions.includes(p.strings[p.functions.name[f]])) wanted[f] = 1;
  }
  const { stacks, locations, lines } = p;
  const through = new Uint8Array(stacks.length);
  for (let s = 0; s < stacks.length; s++) {
    const parent = stacks.parent[s];
    if (parent !== NONE && through[parent]) {
      through[s] = 1;
      continue;
    }
    const loc = stacks.location[s];
    for (let l = locations.lineStart[loc]; l < locations.lineStart[loc + 1]; l++) {
      const fn = lines.function[l];
      if (fn !== NONE && wanted[fn]) {
        through[s] = 1;
        break;
      }
    }
  }
  return through;
}

export function memorySnapshot(p: Profile, name: string): MemorySnapshot {
  const kind = detectKind(p);
  const out: MemorySnapshot = { name, kind, format: p.format };
  if (p.memStats) out.memStats = p.memStats;
  if (p.memStatsExact) out.memStatsExact = p.memStatsExact;
  if (kind !== 'heap' && kind !== 'allocs') return out;
  const t = sampleTypeIndex(p, ['inuse_space', 'space']);
  if (t < 0) return out;
  const n = p.sampleTypes.length;
  const through = stacksThrough(p, GOROUTINE_ALLOCATORS);
  let total = 0;
  let descriptors = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const v = p.samples.values[i * n + t];
    total += v;
    const st = p.samples.stack[i];
    if (st !== NONE && through[st]) descriptors += v;
  }
  out.inuseSpace = total;
  out.goroutineDescriptors = descriptors;
  return out;
}
