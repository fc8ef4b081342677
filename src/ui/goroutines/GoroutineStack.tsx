// A cluster's stack, leaf first, as the goroutine view shows it: user frames
// always, runs of two or more runtime / standard-library frames folded into
// one line that opens on click (or on its own when the search matches in
// it), the frame where the goroutine is parked always shown and marked.
// Function names become buttons only when someone listens (onFocusFunction).

import { useState } from 'preact/hooks';
import { frameMatches, type GoroutineFrame } from '../../core/goroutines';

export interface GoroutineStackProps {
  frames: GoroutineFrame[];
  /** Frames in the whole stack (more than `frames` until the rest is fetched). */
  depth: number;
  parkFrame: GoroutineFrame | null;
  /** Mark the park frame as "parked here" (the cluster's goroutines are parked). */
  parked: boolean;
  search: string;
  onShowAll?: () => void;
  onFocusFunction?: (fn: string) => void;
}

type Piece = { kind: 'frame'; index: number } | { kind: 'fold'; start: number; end: number };

const sameFrame = (a: GoroutineFrame, b: GoroutineFrame) => a.fn === b.fn && a.file === b.file && a.line === b.line;
const isLibrary = (f: GoroutineFrame) => f.kind !== 'user';

export function GoroutineStack({ frames, depth, parkFrame, parked, search, onShowAll, onFocusFunction }: GoroutineStackProps) {
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const parkIndex = parkFrame ? frames.findIndex((f) => sameFrame(f, parkFrame)) : -1;

  // Runs of library frames (≥ 2), split around the park frame.
  const pieces: Piece[] = [];
  for (let i = 0; i < frames.length; ) {
    if (!isLibrary(frames[i]) || i === parkIndex) {
      pieces.push({ kind: 'frame', index: i++ });
      continue;
    }
    let j = i;
    while (j < frames.length && isLibrary(frames[j]) && j !== parkIndex) j++;
    if (j - i >= 2) pieces.push({ kind: 'fold', start: i, end: j });
    else for (let k = i; k < j; k++) pieces.push({ kind: 'frame', index: k });
    i = j;
  }

  const frameRow = (i: number) => {
    const f = frames[i];
    const hit = frameMatches(f, search);
    const at = f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : '';
    return (
      <li key={i} class={`gs-frame gs-frame--${f.kind}${hit ? ' is-match' : ''}${i === parkIndex ? ' is-park' : ''}`} data-testid="stack-frame" data-fn={f.fn} data-kind={f.kind}>
        {onFocusFunction ? (
          <button type="button" class="gs-fn link" title="Focus this function in the heap views" onClick={() => onFocusFunction(f.fn)}>
            {f.fn}
          </button>
        ) : (
          <span class="gs-fn">{f.fn}</span>
        )}
        {f.inline && <span class="gs-tag"> (inline)</span>}
        {f.args !== undefined && f.args !== '' && <span class="gs-args">{f.args}</span>}
        {at && <span class="gs-at">{at}</span>}
        {f.kind !== 'user' && <span class="gs-tag">{f.kind}</span>}
        {i === parkIndex && parked && <span class="gs-park">← parked here</span>}
      </li>
    );
  };

  return (
    <div class="gs">
      <ol class="gs-frames" data-testid="goroutine-stack">
        {pieces.map((p) => {
          if (p.kind === 'frame') return frameRow(p.index);
          const matched = search.trim() !== '' && frames.slice(p.start, p.end).some((f) => frameMatches(f, search));
          if (open.has(p.start) || matched) return frames.slice(p.start, p.end).map((_, k) => frameRow(p.start + k));
          const n = p.end - p.start;
          const kinds = new Set(frames.slice(p.start, p.end).map((f) => f.kind));
          const what = kinds.size === 1 && kinds.has('runtime') ? 'runtime' : kinds.size === 1 && kinds.has('stdlib') ? 'standard library' : 'runtime / standard library';
          return (
            <li key={`fold${p.start}`} class="gs-fold">
              <button type="button" class="link" data-testid="stack-fold" onClick={() => setOpen(new Set([...open, p.start]))} title={frames.slice(p.start, p.end).map((f) => f.fn).join('\n')}>
                ▸ {n} {what} frames
              </button>
              <span class="gs-fold-names">
                {frames[p.start].fn} … {frames[p.end - 1].fn}
              </span>
            </li>
          );
        })}
      </ol>
      {depth > frames.length && (
        <button type="button" class="link gs-more" data-testid="stack-show-all" onClick={onShowAll} disabled={!onShowAll}>
          Show all {depth} frames ({depth - frames.length} more)
        </button>
      )}
    </div>
  );
}
