// The flame graph tab: the files compared, the table's choices (the same
// URL hash keys), the search with its matched total, the breadcrumbs of the
// zoom (and the pivot), the selected function's actions (focus, hide,
// pivot), the flip and the download, and the drawing (FlameCanvas).
// Presentational: the container (FlamePanel.tsx) asks the worker and holds
// the state.

import { useLayoutEffect, useRef } from 'preact/hooks';
import type { FlameView } from '../../core/flame';
import { formatValue, goPercentage } from '../../core/format';
import { REPORT_MODES, type ReportField as TopField, type ReportMode } from '../../core/report';
import { DebouncedInput } from '../components/Inputs';
import { ReportFilters, ReportOptions, ReportSummary, reportFilters } from '../components/ReportChoices';
import { displayName } from '../heap/TopTable';
import type { TopChoices } from '../state/hash';
import type { HeapPair } from '../state/heap';
import { FlameCanvas } from './FlameCanvas';
import type { Cell } from './flame-model';
import '../components/Report.css';
import './Flame.css';

export interface FlameProps {
  pair: HeapPair;
  choices: TopChoices;
  blame: boolean;
  view: FlameView | null;
  pending: boolean;
  error: { field: TopField | null; message: string } | null;
  flipped: boolean;
  selected: string | null;
  /** The selected function is drawn and has a focus regexp / can be pivoted on. */
  canFocus: boolean;
  canPivot: boolean;
  downloadStatus: string;
  onChoice: <K extends keyof TopChoices>(key: K, value: TopChoices[K] | undefined) => void;
  onFlip: () => void;
  onWidth: (px: number) => void;
  onZoom: (view: FlameView, cell: Cell) => void;
  onZoomOut: () => void;
  onCrumb: (index: number) => void;
  onPick: (view: FlameView, cell: Cell) => void;
  onFocus: () => void;
  onHide: () => void;
  onPivot: () => void;
  onUnpivot: () => void;
  onDownloadSvg: () => void;
}

const SEARCH_DELAY_MS = 150;
// The graph's filter fields (the flame graph has no options of its own in the registry).
const FILTERS = reportFilters('graph');

export function Flame(props: FlameProps) {
  const { pair, choices, view, error } = props;
  const hasBase = pair.baseId !== null;
  const mode = view?.mode ?? choices.mode ?? (hasBase ? 'diff' : 'current');
  const modes: readonly ReportMode[] = view?.modes ?? (hasBase ? REPORT_MODES : ['current']);
  const sampleTypes = view?.sampleTypes ?? pair.sampleTypes;
  const sampleType = choices.sampleType ?? view?.sampleType ?? pair.defaultSampleType;
  const fieldError = (f: TopField) => (error && error.field === f ? error.message : null);
  const search = choices.search ?? '';

  return (
    <section class="flame" aria-label="Flame graph" data-testid="flame" data-mode={mode} aria-busy={props.pending}>
      <ReportSummary prefix="flame" mode={mode} pair={pair} />

      <ReportOptions prefix="flame" granularityLabel="Frames are" mode={mode} modes={modes} sampleTypes={sampleTypes} sampleType={sampleType} choices={choices} blame={props.blame} fieldError={fieldError} onChoice={props.onChoice} />
      <ReportFilters prefix="flame" filters={FILTERS} choices={choices} fieldError={fieldError} onChoice={props.onChoice} />

      {error && error.field === null && (
        <p class="flame-error" role="alert" data-testid="flame-error">
          {error.message}
        </p>
      )}

      <div class="flame-toolbar">
        <label class="flame-search">
          <span class="visually-hidden">Search frames</span>
          <DebouncedInput type="search" placeholder="Highlight frames by name" testId="flame-search" value={search} delay={SEARCH_DELAY_MS} onCommit={(v) => props.onChoice('search', v)} />
        </label>
        <SearchTotal view={view} />
        {props.pending && <span class="flame-pending"> updating…</span>}
        <span class="flame-spacer" />
        <label class="flame-check" title="Root at the bottom (a flame graph) instead of at the top (an icicle)">
          <input type="checkbox" data-testid="flame-flip" checked={props.flipped} onChange={props.onFlip} />
          Root at the bottom
        </label>
        <button type="button" data-testid="flame-download-svg" disabled={!view} onClick={props.onDownloadSvg} title="The drawing, one standalone SVG file">
          Download SVG
        </button>
        {props.downloadStatus && (
          <span class="flame-download-status" data-testid="flame-download-status" role="status">
            {props.downloadStatus}
          </span>
        )}
      </div>

      <Selection {...props} />
      {view && <Breadcrumbs view={view} onCrumb={props.onCrumb} onUnpivot={props.onUnpivot} />}
      <Legend diff={view?.diff ?? false} />
      {view?.warnings.map((w) => (
        <p key={w} class="flame-warning" data-testid="flame-warning">
          {w}
        </p>
      ))}

      <CanvasHost {...props} stale={props.pending || error !== null} />
      {view === null && !error && <p class="flame-loading">Building the flame graph…</p>}
      {view && view.down.count <= 1 && (
        <p class="flame-empty" data-testid="flame-empty">
          No frames: nothing is left after the filters.
        </p>
      )}
    </section>
  );
}

function SearchTotal({ view }: { view: FlameView | null }) {
  if (!view || view.search.text.trim() === '') return null;
  const s = view.search;
  const unit = view.sampleUnit;
  return (
    <span class="flame-count" data-testid="flame-matched" data-frames={s.frames} data-value={s.value}>
      {s.frames === 0 ? 'No frame matches' : `${s.frames} frames match: ${view.diff && s.value > 0 ? '+' : ''}${formatValue(s.value, unit)} (${goPercentage(s.value, view.total).trim()} of ${formatValue(view.total, unit)})`}
    </span>
  );
}

function Selection(props: FlameProps) {
  const { selected } = props;
  return (
    <div class="flame-selection" data-testid="flame-selection">
      <span class={selected === null ? 'flame-selected' : 'flame-selected has-name'} data-testid="flame-selected">
        {selected === null ? 'Click a frame to zoom into it and select its function.' : displayName(selected)}
      </span>
      <button type="button" data-testid="flame-focus-function" disabled={!props.canFocus} onClick={props.onFocus} title="Only the samples through this function, as the table's Focus (f=)">
        Focus on this function
      </button>
      <button type="button" data-testid="flame-hide-function" disabled={!props.canFocus} onClick={props.onHide} title="Leave this function out of the stacks (h=), as the table's Hide">
        Hide
      </button>
      <button type="button" data-testid="flame-pivot" disabled={!props.canPivot} onClick={props.onPivot} title="All its occurrences merged: its callers above, its callees below">
        Pivot on it
      </button>
    </div>
  );
}

function Breadcrumbs({ view, onCrumb, onUnpivot }: { view: FlameView; onCrumb: (i: number) => void; onUnpivot: () => void }) {
  const last = view.path.length - 1;
  return (
    <nav class="flame-crumbs" aria-label="Zoom" data-testid="flame-crumbs" data-depth={view.zoom.length}>
      {view.pivot !== null && (
        <button type="button" class="flame-crumb flame-crumb--pivot" data-testid="flame-unpivot" onClick={onUnpivot} title="Back to the whole tree">
          × Pivot
        </button>
      )}
      {view.path.map((p, i) => (
        <span key={i} class="flame-crumb-item">
          {i > 0 && <span aria-hidden="true"> › </span>}
          <button type="button" class="flame-crumb" data-testid="flame-crumb" disabled={i === last || (view.pivot !== null && i === 0)} aria-current={i === last ? 'location' : undefined} onClick={() => onCrumb(i)}>
            {p.name < 0 ? 'root' : displayName(view.names[p.name])}
          </button>
        </span>
      ))}
    </nav>
  );
}

function Legend({ diff }: { diff: boolean }) {
  return (
    <p class="flame-legend" data-testid="flame-legend">
      {diff ? (
        <>
          <span class="flame-swatch flame-swatch--grew" /> grew <span class="flame-swatch flame-swatch--shrank" /> shrank, the stronger the larger the change. Width: growth and shrinkage both take room (pprof’s rule for a diff).
        </>
      ) : (
        'Width: the value; colour: the package.'
      )}{' '}
      Click or Enter zooms, Escape zooms out, arrows move.
    </p>
  );
}

/** The element FlameCanvas draws in; the canvas lives as long as the tab is shown. */
function CanvasHost(props: FlameProps & { stale: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const canvas = useRef<FlameCanvas | null>(null);
  const handlers = useRef(props);
  handlers.current = props;
  useLayoutEffect(() => {
    const c = new FlameCanvas(
      host.current!,
      {
        onZoom: (v, cell) => handlers.current.onZoom(v, cell),
        onZoomOut: () => handlers.current.onZoomOut(),
        onPick: (v, cell) => handlers.current.onPick(v, cell),
      },
      (w) => handlers.current.onWidth(w),
    );
    canvas.current = c;
    return () => {
      c.destroy();
      canvas.current = null;
    };
  }, []);
  // In the commit that shows the view (not an effect after paint): a key
  // pressed once the page says the view is there moves in its layout.
  useLayoutEffect(() => {
    if (props.view) canvas.current?.show(props.view, props.flipped);
  }, [props.view, props.flipped]);
  useLayoutEffect(() => {
    canvas.current?.select(props.selected);
  }, [props.selected]);
  return <div class={`flame-canvas${props.stale ? ' is-stale' : ''}`} ref={host} data-testid="flame-canvas" />;
}
