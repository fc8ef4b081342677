// The timeline of one kind, from the files' state: shown once the kind has
// two profiles or more (timeline-model.ts), picks and moves dispatched to the
// files' state (state/files.ts), which every view reads its pair from.

import type { ProfileKind } from '../../core/summary';
import type { FileLoads } from '../hooks/useFileLoads';
import { Timeline } from './Timeline';
import { timeline } from './timeline-model';

export function KindTimeline({ loads, kind, sampleType }: { loads: FileLoads; kind: ProfileKind; sampleType?: string }) {
  const t = timeline(loads.state, kind, sampleType);
  if (!t) return null;
  return <Timeline timeline={t} onPick={(b, c) => loads.pick(kind, b, c)} onMove={loads.move} />;
}
