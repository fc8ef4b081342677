// Heap ↔ goroutines (issue #13 item 4). In the heap view: a goroutine
// allocator row (runtime.malg, runtime.allgadd) that grew means more
// goroutines alive at once; the note says how many more and where the top
// growing cluster is parked (the goroutine diff), with a link to the
// goroutine view, or which profiles to load. In the goroutine view: the
// goroutine stacks the leak suspects plausibly hold, from the heap profile's
// StackInuse, and the heap: the heap pair's goroutine descriptors (runtime.malg,
// runtime.allgadd) that grew, by the suspects' share of the new goroutines.

import { useState } from 'preact/hooks';
import { formatCount, type GoroutineView } from '../../core/goroutines';
import type { MemoryReport } from '../../core/memstats';
import type { TopViewRow } from '../../core/top';
import { useViewRequest } from '../hooks/useViewRequest';
import { loadedOf, type FilesState } from '../state/files';
import { goroutinePair } from '../state/views';
import { heapPair } from '../state/heap';
import type { WorkerClient } from '../worker-client';
import { goroutineGrowth, heapEstimate, stackEstimate } from './memory-model';
import { useMemoryReport } from './MemoryPanel';
import './Memory.css';

export interface HeapGoroutineNoteProps {
  client: WorkerClient;
  files: FilesState;
  /** The allocator row that grew (memory-model.ts growingAllocatorRow). */
  row: TopViewRow;
  onShowGoroutines?: () => void;
}

export function HeapGoroutineNote({ client, files, row, onShowGoroutines }: HeapGoroutineNoteProps) {
  const pair = goroutinePair(files);
  const currentLoaded = loadedOf(files, pair?.currentId);
  const baseLoaded = loadedOf(files, pair?.baseId);
  const [view, setView] = useState<GoroutineView | null>(null);
  useViewRequest({
    ask: pair?.baseId && currentLoaded ? () => client.goroutines(pair.currentId, pair.baseId, { level: 'lines', limit: 1, maxFrames: 1 }) : null,
    key: [client, pair?.currentId, pair?.baseId, currentLoaded, baseLoaded],
    failed: 'The goroutines could not be compared',
    onView: (v) => setView(v),
  });
  const growth = pair?.baseId && view ? goroutineGrowth(view) : null;
  const what = (
    <>
      <code>{row.name}</code> grew by {row.flatText}: goroutine descriptors, which the runtime never frees — more goroutines alive at once than before.{' '}
    </>
  );
  let rest;
  if (!pair) rest = <>Load goroutine profiles (<code>/debug/pprof/goroutine</code>) taken at the same two moments to see which goroutines pile up.</>;
  else if (!pair.baseId) rest = <>Load a second goroutine profile (<code>/debug/pprof/goroutine</code>), taken at the base's moment, to see which goroutines grew.</>;
  else if (!growth) rest = <>Comparing the goroutine profiles…</>;
  else
    rest = onShowGoroutines ? (
      <button type="button" class="link" data-testid="heap-goroutine-link" onClick={onShowGoroutines}>
        {growth.text}
      </button>
    ) : (
      <span data-testid="heap-goroutine-link">{growth.text}</span>
    );
  return (
    <p class="mem-gnote" role="note" data-testid="heap-goroutine-note" data-row={row.name}>
      {what}
      {rest}
    </p>
  );
}

/**
 * The goroutine stacks the leak suspects plausibly hold: their goroutines ×
 * the typical stack (StackInuse of the heap pair's current profile over the
 * current goroutine profile's goroutines, taken at about the same moment).
 */
export function suspectMemoryText(view: GoroutineView, rows: { suspect: boolean; current: number; delta?: number }[], report: MemoryReport | null, heapRows: readonly TopViewRow[] | null = null): string | null {
  const suspects = rows.filter((r) => r.suspect);
  if (suspects.length === 0) return null;
  const count = suspects.reduce((a, r) => a + r.current, 0);
  const who = `The leak suspect${suspects.length === 1 ? '' : 's'} (${formatCount(count)} goroutine${count === 1 ? '' : 's'})`;
  const withStats = report ? [...report.files].reverse().find((f) => f.accounting) : undefined;
  const stackInuse = withStats?.snapshot.memStats?.StackInuse;
  const est = stackEstimate(count, typeof stackInuse === 'number' ? stackInuse : undefined, view.current.total);
  // The heap pair's goroutine descriptors, by the suspects' share of the goroutines that appeared.
  const grew = suspects.reduce((a, r) => a + Math.max(0, r.delta ?? 0), 0);
  const heap = heapRows && view.base ? heapEstimate(heapRows, grew, view.current.total - view.base.total) : null;
  const andHeap = heap ? ` and ${heap.text}` : '';
  if (!est || !withStats) {
    const unknown = `the stack memory they hold is unknown — load the ?debug=1 heap profile (/debug/pprof/heap?debug=1) taken with the current goroutine profile; its StackInuse gives the typical stack.`;
    return heap ? `${who} plausibly hold ${heap.text}; ${unknown}` : `${who}: ${unknown}`;
  }
  return `${who} plausibly hold ${est.text}, with StackInuse from ${withStats.snapshot.name}${andHeap}.`;
}

/** The line under the goroutine view's header (GoroutinesPanel): what the leak suspects hold. */
export function SuspectMemory({ client, files, view }: { client: WorkerClient; files: FilesState; view: GoroutineView | null }) {
  const { report } = useMemoryReport(client, files);
  const heapRows = useAllocatorRows(client, files);
  const text = view ? suspectMemoryText(view, view.rows, report, heapRows) : null;
  if (!text) return null;
  return (
    <p class="gr-criteria mem-suspect-memory" data-testid="suspect-memory">
      {text}
    </p>
  );
}

/** The heap pair's goroutine allocator rows (runtime.malg, runtime.allgadd), inuse_space, pprof's attribution; null without a heap pair. */
function useAllocatorRows(client: WorkerClient, files: FilesState): TopViewRow[] | null {
  const pair = heapPair(files, 'heap');
  const heap = pair && pair.kind === 'heap' && pair.baseId ? pair : null;
  const [rows, setRows] = useState<TopViewRow[] | null>(null);
  useViewRequest({
    ask: heap ? () => client.top(heap.currentId, heap.baseId, { sampleType: 'inuse_space', blame: false, search: 'runtime.', offset: 0, limit: 500 }) : null,
    key: [client, heap?.currentId, heap?.baseId, loadedOf(files, heap?.currentId), loadedOf(files, heap?.baseId)],
    failed: 'The heap pair could not be compared',
    onView: (v) => setRows(v.rows),
  });
  return heap ? rows : null;
}
