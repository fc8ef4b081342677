// The timeline of one kind, from the files' state: shown once the kind has
// two profiles or more (timeline-model.ts), picks and moves dispatched to the
// files' state (state/files.ts), which every view reads its pair from. The
// strip is drawn again only when the files' statuses, the pairs or the sample
// type change (not on a load's progress, nor on a sort or a filter of the table),
// and while files load, a frame after the cards.

import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ProfileKind } from '../../core/summary';
import type { FileLoads } from '../hooks/useFileLoads';
import { Timeline } from './Timeline';
import { timeline } from './timeline-model';

export function KindTimeline({ loads, kind, sampleType }: { loads: FileLoads; kind: ProfileKind; sampleType?: string }) {
  const { pick, move } = loads;
  const state = useNextFrameWhile(loads.state, (s) => s.entries.some((e) => e.status === 'loading'));
  const onPick = useCallback((b: string, c: string) => pick(kind, b, c), [pick, kind]);
  // The files' statuses, not the entries themselves: those change with every load's progress, which the strip does not show.
  const statuses = state.entries.map((e) => `${e.id}:${e.status}`).join();
  const t = useMemo(() => timeline(state, kind, sampleType), [statuses, state.order, state.picks, kind, sampleType]);
  return useMemo(() => (t ? <Timeline timeline={t} onPick={onPick} onMove={move} /> : null), [t, onPick, move]);
}

/**
 * `value`, or while `busy` holds for it or for the value drawn, the value it
 * had until the next frame: files loaded change the cards and the strip,
 * each of the two costing a frame 5–15 ms of script, style, layout and
 * paint; drawn in one frame they made tasks of 50 ms (docs/decisions/0024).
 * The last file loaded is `busy` for the value drawn.
 */
function useNextFrameWhile<T>(value: T, busy: (v: T) => boolean): T {
  const drawn = useRef(value);
  const latest = useRef(value);
  const frame = useRef(0);
  const [, redraw] = useState(0);
  latest.current = value;
  if (!busy(value) && !busy(drawn.current)) drawn.current = value;
  const behind = drawn.current !== value;
  // One frame asked for at a time, which draws the newest value: a value changing every frame still gets drawn.
  useEffect(() => {
    if (!behind || frame.current !== 0) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      drawn.current = latest.current;
      redraw((n) => n + 1);
    });
  });
  useEffect(() => () => cancelAnimationFrame(frame.current), []);
  return drawn.current;
}
