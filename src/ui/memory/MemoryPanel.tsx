// The memory view's container: the heap (and allocs) profiles in role order
// (state/views.ts memoryProfileIds), the heap pair's base → current as the
// Δ (state/heap.ts), and the worker's accounting and findings of them
// (src/core/memstats through worker-client.ts `memory`).

import { useState } from 'preact/hooks';
import type { MemoryReport } from '../../core/memstats';
import { useViewRequest } from '../hooks/useViewRequest';
import type { FilesState } from '../state/files';
import { heapPair } from '../state/heap';
import { memoryProfileIds } from '../state/views';
import type { WorkerClient } from '../worker-client';
import { Memory } from './Memory';

export interface MemoryRequest {
  ids: string[];
  pair: { base: number; current: number } | null;
  /** The ids and the pair as one string (what the request depends on, with the loaded profiles). */
  key: string;
}

/** The profiles the memory view reads, and the heap pair as indexes into them. */
export function memoryRequest(files: FilesState): MemoryRequest {
  const ids = memoryProfileIds(files);
  const hp = heapPair(files, 'heap');
  const base = hp?.baseId ? ids.indexOf(hp.baseId) : -1;
  const current = hp ? ids.indexOf(hp.currentId) : -1;
  const pair = base >= 0 && current >= 0 && base !== current ? { base, current } : null;
  return { ids, pair, key: `${ids.join(',')}|${pair ? `${pair.base}→${pair.current}` : ''}` };
}

/** The worker's memory report of the files' heap profiles (null until the first answer). */
export function useMemoryReport(client: WorkerClient, files: FilesState) {
  const req = memoryRequest(files);
  // A profile loaded again (after a decoder restart) is a new object: ask again.
  const loaded = req.ids.map((id) => files.entries.find((e) => e.id === id)?.loaded);
  const [report, setReport] = useState<MemoryReport | null>(null);
  const { pending, error } = useViewRequest({
    ask: req.ids.length > 0 ? () => client.memory(req.ids, req.pair) : null,
    key: [client, req.key, ...loaded],
    failed: 'The memory accounting could not be computed',
    onView: (r) => setReport(r),
  });
  return { report: req.ids.length > 0 ? report : null, pending, error };
}

export function MemoryPanel({ client, files }: { client: WorkerClient; files: FilesState }) {
  const { report, pending, error } = useMemoryReport(client, files);
  return <Memory report={report} pending={pending} error={error?.message ?? null} />;
}
