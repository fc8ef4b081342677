// The timeline of one kind, from the files' state: shown once the kind has
// two profiles or more (timeline-model.ts), picks and moves dispatched to the
// files' state (state/files.ts), which every view reads its pair from. The
// strip is drawn again only when the files' statuses, the pairs or the sample
// type change (not on a load's progress, nor on a sort or a filter of the table).

import { useCallback, useMemo } from 'preact/hooks';
import type { ProfileKind } from '../../core/summary';
import type { FileLoads } from '../hooks/useFileLoads';
import { Timeline } from './Timeline';
import { timeline } from './timeline-model';

export function KindTimeline({ loads, kind, sampleType }: { loads: FileLoads; kind: ProfileKind; sampleType?: string }) {
  const { state, pick, move } = loads;
  const onPick = useCallback((b: string, c: string) => pick(kind, b, c), [pick, kind]);
  // The files' statuses, not the entries themselves: those change with every load's progress, which the strip does not show.
  const statuses = state.entries.map((e) => `${e.id}:${e.status}`).join();
  const t = useMemo(() => timeline(state, kind, sampleType), [statuses, state.order, state.picks, kind, sampleType]);
  return useMemo(() => (t ? <Timeline timeline={t} onPick={onPick} onMove={move} /> : null), [t, onPick, move]);
}
