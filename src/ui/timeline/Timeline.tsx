// A kind's snapshots on one compact strip, above the views: each snapshot's
// total of the sample type shown (a line with a dot each), and where the
// file has MemStats the parts of Sys as stacked areas. The pair compared is
// picked here — a click makes a snapshot the current one, a shift-click the
// base, and the keyboard does the same — and every view follows (they all
// read the kind's pair, state/files.ts). A snapshot dragged onto another's
// place moves there, as Alt+arrows move it. A snapshot's numbers show on hover,
// each with its exact value on hover of the number. Presentational: the
// model is timeline-model.ts, the picks go out through callbacks.

import { useId, useState } from 'preact/hooks';
import { bytesText } from '../../core/memstats';
import { formatProfileTime, KIND_NAMES } from '../labels';
import { exactBytes, figureTitle } from '../memory/memory-model';
import { LAYERS, PLOT_H, pickBase, pickCurrent, timelineShapes, type LayerId, type Timeline as Model, type TimelinePoint } from './timeline-model';
import './Timeline.css';

export interface TimelineProps {
  timeline: Model;
  onPick: (baseId: string, currentId: string) => void;
  /** Moves a snapshot one place earlier (-1) or later (1). */
  onMove: (id: string, by: -1 | 1) => void;
}

const LAYER_LABELS: Record<LayerId, string> = {
  heapInuse: 'heap in use',
  heapIdleRetained: 'idle, not released',
  heapReleased: 'released',
  stackInuse: 'goroutine stacks',
  rest: 'other',
};

export const TIMELINE_HELP =
  'Click a snapshot to compare up to it (current); shift-click to compare from it (base); drag it to another place to move it. On the strip: ← → choose a snapshot, Home / End the first / last, C or Enter makes it the current one, B or Shift+Enter the base, Alt+← / Alt+→ move it earlier / later. Hover a snapshot for its numbers, a number for its exact value.';

/** What a dragged snapshot carries (not Files: the page's drop of files ignores it). */
const SNAPSHOT_TYPE = 'application/x-heapdiff-snapshot';

interface SnapshotDrag {
  /** The snapshot dragged and the one under it, by place. */
  state: { from: number; over: number } | null;
  start: (i: number, e: DragEvent) => void;
  over: (i: number, e: DragEvent) => void;
  drop: (i: number, e: DragEvent) => void;
  end: () => void;
}

/** Dragging a snapshot onto another's place: it moves there one place at a time (the keyboard's Alt+arrows, repeated), the pair kept. */
function useSnapshotDrag(t: Model, onMove: TimelineProps['onMove'], onMoved: (id: string) => void): SnapshotDrag {
  const [state, setState] = useState<{ from: number; over: number } | null>(null);
  return {
    state,
    start: (i, e) => {
      e.dataTransfer?.setData(SNAPSHOT_TYPE, t.points[i].id);
      if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
      setState({ from: i, over: i });
    },
    over: (i, e) => {
      if (!state) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
      if (state.over !== i) setState({ ...state, over: i });
    },
    drop: (i, e) => {
      if (!state) return;
      e.preventDefault();
      setState(null);
      const id = t.points[state.from].id;
      const by = i > state.from ? 1 : -1;
      for (let k = state.from; k !== i; k += by) onMove(id, by);
      onMoved(id);
    },
    end: () => setState(null),
  };
}

export function Timeline({ timeline: t, onPick, onMove }: TimelineProps) {
  const [cursorId, setCursorId] = useState<string | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const [help, setHelp] = useState(false);
  const uid = useId();
  const n = t.points.length;
  const found = t.points.findIndex((p) => p.id === cursorId);
  const cursor = found >= 0 ? found : t.current;
  const shapes = timelineShapes(t);
  const shown = hover ?? cursor;
  const drag = useSnapshotDrag(t, onMove, setCursorId);

  const pick = (p: { baseId: string; currentId: string } | null) => p && onPick(p.baseId, p.currentId);
  const choose = (i: number, asBase: boolean) => {
    setCursorId(t.points[i].id);
    pick(asBase ? pickBase(t, i) : pickCurrent(t, i));
  };
  const onKey = (e: KeyboardEvent) => {
    const act = keyAction(e);
    if (!act) return;
    e.preventDefault();
    if (act.type === 'to') setCursorId(t.points[Math.max(0, Math.min(n - 1, act.to === 'first' ? 0 : act.to === 'last' ? n - 1 : cursor + act.to))].id);
    else if (act.type === 'move') onMove(t.points[cursor].id, act.by);
    else choose(cursor, act.type === 'base');
  };
  const kindName = KIND_NAMES[t.kind] ?? t.kind;
  const layers = LAYERS.filter((l) => shapes.areas.some((a) => a.layer === l));
  return (
    <section class="tl" aria-label={`${kindName} timeline`} data-testid="timeline" data-kind={t.kind}>
      <header class="tl-head">
        <h2 class="tl-title">{kindName} timeline</h2>
        <span class="tl-sub">
          {n} snapshots · <span data-testid="timeline-type">{t.sampleType}</span>
          {layers.length > 0 && !shapes.shared && ' (own scale)'}
        </span>
        <span class="tl-legend">
          <span class="tl-legend__item">
            <span class="tl-swatch tl-swatch--total" aria-hidden="true" />
            {t.sampleType}
          </span>
          {layers.map((l) => (
            <span key={l} class="tl-legend__item">
              <span class={`tl-swatch tl-area--${l}`} aria-hidden="true" />
              {LAYER_LABELS[l]}
            </span>
          ))}
        </span>
        <button type="button" class="tl-help" title={TIMELINE_HELP} aria-label="How to pick and move snapshots" aria-expanded={help} data-testid="timeline-help" onClick={() => setHelp(!help)}>
          ?
        </button>
        {help && (
          <p class="tl-help-text" data-testid="timeline-help-text">
            {TIMELINE_HELP}
          </p>
        )}
      </header>
      <div class="tl-plot">
        <svg class="tl-svg" viewBox={`0 0 ${n} ${PLOT_H}`} preserveAspectRatio="none" aria-hidden="true">
          {shapes.areas.map((a) => (
            <path key={a.layer} class={`tl-area tl-area--${a.layer}`} d={a.d} data-testid="timeline-area" data-layer={a.layer} />
          ))}
          {shapes.under && <path class="tl-under" d={shapes.under} />}
          {shapes.line && <path class="tl-line" d={shapes.line} vector-effect="non-scaling-stroke" />}
        </svg>
        <div
          class="tl-cols"
          style={{ gridTemplateColumns: `repeat(${n}, minmax(0, 1fr))` }}
          role="listbox"
          tabIndex={0}
          aria-label={`${kindName} snapshots: ${TIMELINE_HELP}`}
          aria-activedescendant={`${uid}-${cursor}`}
          data-testid="timeline-strip"
          onKeyDown={onKey}
          onMouseLeave={() => setHover(null)}
        >
          {t.points.map((p, i) => (
            <Column key={p.id} id={`${uid}-${i}`} t={t} i={i} cursor={i === cursor} onHover={setHover} onChoose={choose} drag={drag} />
          ))}
        </div>
        {/* Above the columns' tints, as the dots were when each was an element of its column (50 of them moved on every rescale). */}
        <svg class="tl-svg tl-dots" viewBox={`0 0 ${n} ${PLOT_H}`} preserveAspectRatio="none" aria-hidden="true">
          <path class="tl-dots__ring" d={shapes.dots} vector-effect="non-scaling-stroke" />
          <path class="tl-dots__dot" d={shapes.dots} vector-effect="non-scaling-stroke" />
        </svg>
      </div>
      <footer class="tl-foot">
        <Detail point={t.points[shown]} index={shown} role={roleOf(t, shown)} kindIsGoroutine={t.kind === 'goroutine'} />
        <span class="tl-actions">
          <button type="button" class="button--quiet" data-testid="timeline-set-base" disabled={t.base < 0 || cursor === t.base} onClick={() => choose(cursor, true)} title={`Make #${cursor + 1} the base`}>
            Base
          </button>
          <button type="button" class="button--quiet" data-testid="timeline-set-current" disabled={cursor === t.current} onClick={() => choose(cursor, false)} title={`Make #${cursor + 1} the current one`}>
            Current
          </button>
          <button type="button" class="button--quiet" data-testid="timeline-earlier" disabled={cursor === 0} onClick={() => onMove(t.points[cursor].id, -1)} title={`Move #${cursor + 1} one place earlier`}>
            ◀ Earlier
          </button>
          <button type="button" class="button--quiet" data-testid="timeline-later" disabled={cursor === n - 1} onClick={() => onMove(t.points[cursor].id, 1)} title={`Move #${cursor + 1} one place later`}>
            Later ▶
          </button>
        </span>
      </footer>
    </section>
  );
}

type KeyAction = { type: 'to'; to: -1 | 1 | 'first' | 'last' } | { type: 'move'; by: -1 | 1 } | { type: 'base' } | { type: 'current' };

/** What a key on the strip does (TIMELINE_HELP says it in words). */
function keyAction(e: KeyboardEvent): KeyAction | null {
  if (e.ctrlKey || e.metaKey) return null; // the browser's own (Ctrl+C copies)
  const step = e.key === 'ArrowLeft' ? -1 : e.key === 'ArrowRight' ? 1 : 0;
  if (step !== 0) return e.altKey ? { type: 'move', by: step } : { type: 'to', to: step };
  if (e.key === 'Home' || e.key === 'End') return { type: 'to', to: e.key === 'Home' ? 'first' : 'last' };
  if (e.key === 'c' || e.key === 'C' || (e.key === 'Enter' && !e.shiftKey)) return { type: 'current' };
  if (e.key === 'b' || e.key === 'B' || (e.key === 'Enter' && e.shiftKey)) return { type: 'base' };
  return null;
}

type PointRole = 'base' | 'current' | null;
const roleOf = (t: Model, i: number): PointRole => (i === t.base ? 'base' : i === t.current ? 'current' : null);

interface ColumnProps {
  id: string;
  t: Model;
  i: number;
  cursor: boolean;
  onHover: (i: number) => void;
  onChoose: (i: number, asBase: boolean) => void;
  drag: SnapshotDrag;
}

function Column({ id, t, i, cursor, onHover, onChoose, drag }: ColumnProps) {
  const p = t.points[i];
  const role = roleOf(t, i);
  const lo = Math.min(t.base, t.current);
  const between = t.base >= 0 && i > lo && i < Math.max(t.base, t.current);
  const d = drag.state;
  const target = d && d.over === i && d.from !== i ? (i > d.from ? 'is-drop-after' : 'is-drop-before') : null;
  const cls = ['tl-col', role && `is-${role}`, between && 'is-between', cursor && 'is-cursor', d?.from === i && 'is-dragged', target].filter(Boolean).join(' ');
  return (
    <div
      id={id}
      class={cls}
      role="option"
      aria-selected={role !== null}
      aria-label={`#${i + 1} ${p.name}${role ? ` (${role})` : ''}${p.total ? `: ${p.total.type} ${p.total.label}` : ''}`}
      data-testid="timeline-point"
      data-name={p.name}
      data-role={role ?? ''}
      data-total={p.total?.value ?? ''}
      onMouseEnter={() => onHover(i)}
      onClick={(e) => onChoose(i, e.shiftKey)}
      draggable
      onDragStart={(e) => drag.start(i, e)}
      onDragOver={(e) => drag.over(i, e)}
      onDrop={(e) => drag.drop(i, e)}
      onDragEnd={drag.end}
    >
      {role && <span class={`tl-tag tl-tag--${role}`}>{role === 'base' ? 'B' : 'C'}</span>}
    </div>
  );
}

function Detail({ point: p, index, role, kindIsGoroutine }: { point: TimelinePoint; index: number; role: PointRole; kindIsGoroutine: boolean }) {
  const time = formatProfileTime(p.time);
  const rawTotal = p.total ? `${p.total.unit === 'bytes' ? `${exactBytes(p.total.value)} bytes` : `${exactBytes(p.total.value)} ${p.total.unit}`} = ${p.total.type}` : '';
  return (
    <p class="tl-detail" aria-live="polite" data-testid="timeline-detail" data-name={p.name}>
      <span class="tl-detail__name" title={p.name}>
        #{index + 1} {p.name}
        {role && <span class={`badge badge--${role}`}>{role === 'base' ? 'Base' : 'Current'}</span>}
      </span>
      {time && <span class="tl-detail__time">{time}</span>}
      {p.total && (
        <span class="tl-fig" data-testid="timeline-total" data-value={p.total.value} title={rawTotal}>
          {kindIsGoroutine && p.total.type === 'goroutine' ? 'goroutines' : p.total.type} <b>{p.total.label}</b>
        </span>
      )}
      {p.memory && (
        <span class="tl-fig" data-testid="timeline-figure" data-id="Sys" data-bytes={p.memory.sys.bytes} title={figureTitle(p.memory.sys)}>
          Sys <b>{bytesText(p.memory.sys.bytes)}</b>
        </span>
      )}
      {p.memory?.layers.map((l) => (
        <span key={l.layer} class="tl-fig" data-testid="timeline-figure" data-id={l.layer} data-bytes={l.bytes} title={figureTitle(l)}>
          <span class={`tl-swatch tl-area--${l.layer}`} aria-hidden="true" />
          {LAYER_LABELS[l.layer]} <b>{bytesText(l.bytes)}</b>
        </span>
      ))}
    </p>
  );
}
