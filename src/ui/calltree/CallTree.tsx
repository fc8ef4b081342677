// The call tree view: the files compared, the table's choices (mode,
// sample type, granularity, blame, filters: one set, in the URL hash), the
// report's header, a toolbar (inverted, the cursor row's focus and hide,
// collapse all, back to the growth path, the tree's own order) and the
// tree (TreeGrid). Presentational: CallTreePanel asks the worker.

import { useMemo } from 'preact/hooks';
import { REPORT_MODES, type ReportField as TopField, type ReportMode as TopMode } from '../../core/report';
import type { CallTreeRow, CallTreeView, TreeColumn } from '../../core/flame';
import type { TopChoices } from '../state/hash';
import type { HeapPair } from '../state/heap';
import { ReportFilters, ReportOptions, reportFilters } from '../components/ReportChoices';
import { count } from '../heap/Top';
import { TreeGrid } from './TreeGrid';
import '../components/Report.css';
import '../heap/Top.css';
import './CallTree.css';

export interface CallTreeProps {
  pair: HeapPair;
  choices: TopChoices;
  blame: boolean;
  data: { view: CallTreeView; pages: ReadonlyMap<number, CallTreeRow[]>; pageRows: number } | null;
  pending: boolean;
  error: { field: TopField | null; message: string } | null;
  inverted: boolean;
  cursor: { row: number; seq: number };
  /** The cursor's row, when fetched. */
  cursorRow: CallTreeRow | null;
  selected: string | null;
  onChoice: <K extends keyof TopChoices>(key: K, value: TopChoices[K] | undefined) => void;
  onInverted: (on: boolean) => void;
  /** null: the tree's own order. */
  onSort: (column: TreeColumn | null) => void;
  onNeedRows: (start: number, end: number) => void;
  onCursor: (row: number) => void;
  onToggle: (row: CallTreeRow, open: boolean) => void;
  onExpandAll: (row: CallTreeRow) => void;
  onCollapseAll: () => void;
  onExpandEverything: () => void;
  onGrowthPath: () => void;
  onRevealParent: (row: CallTreeRow) => void;
  onSelect: (name: string | null) => void;
  onFocusRow: (row: CallTreeRow) => void;
  onHideRow: (row: CallTreeRow) => void;
}

const FILTERS = reportFilters('top');

export function CallTree(props: CallTreeProps) {
  const { pair, choices, data, error } = props;
  const view = data?.view ?? null;
  const table = view?.table ?? null;
  const hasBase = pair.baseId !== null;
  const modes: readonly TopMode[] = table?.modes ?? (hasBase ? REPORT_MODES : ['current']);
  const mode = (choices.mode && modes.includes(choices.mode) ? choices.mode : null) ?? table?.mode ?? (hasBase ? 'diff' : 'current');
  const diff = mode === 'diff' || mode === 'diff_base';
  const sampleTypes = table?.sampleTypes ?? pair.sampleTypes;
  const sampleType = choices.sampleType ?? table?.sampleType ?? pair.defaultSampleType;
  const fieldError = (f: TopField) => (error && error.field === f ? error.message : null);
  const typesKey = JSON.stringify(sampleTypes);
  const controls = useMemo(
    () => (
      <>
        <ReportOptions prefix="calltree" granularityLabel="Frames are" mode={mode} modes={modes} sampleTypes={sampleTypes} sampleType={sampleType} choices={choices} blame={props.blame} fieldError={fieldError} onChoice={props.onChoice} />
        <ReportFilters prefix="calltree" filters={FILTERS} choices={choices} fieldError={fieldError} onChoice={props.onChoice} />
      </>
    ),
    [mode, modes.join(' '), typesKey, sampleType, choices, props.blame, error, props.onChoice],
  );
  const row = props.cursorRow;
  return (
    <section class="top calltree" aria-label="Call tree" data-testid="calltree" data-mode={table?.mode ?? ''} data-inverted={props.inverted} aria-busy={props.pending}>
      <header class="calltree-summary" data-testid="calltree-summary">
        <p class="calltree-files">
          {hasBase && diff && (
            <>
              <span class="badge badge--base">Base</span> {pair.baseName}
              {table?.baseTotal && <span class="top-total"> ({table.baseTotal.text})</span>}
              {' → '}
            </>
          )}
          <span class={`badge badge--${mode === 'base' ? 'base' : 'current'}`}>{mode === 'base' ? 'Base' : 'Current'}</span> {mode === 'base' ? pair.baseName : pair.currentName}
          {mode !== 'base' && table?.currentTotal && <span class="top-total"> ({table.currentTotal.text})</span>}
        </p>
      </header>
      {controls}
      {error && error.field === null && (
        <p class="top-error" role="alert" data-testid="calltree-error">
          {error.message}
        </p>
      )}
      {view === null && !error && <p class="top-loading">Building the call tree…</p>}
      {view && table && (
        <>
          <div class="top-report-head">
            <p class={`top-attribution${table.blame ? ' is-blame' : ''}`}>{table.attribution}</p>
            <pre class="top-header">{table.header.filter((l) => l !== table.attribution).join('\n')}</pre>
          </div>
          <div class="top-toolbar calltree-toolbar" data-testid="calltree-toolbar">
            <label class="top-check" title="Bottom-up: the functions where values are flat at the top, their callers below (who allocates?)">
              <input type="checkbox" data-testid="calltree-inverted" checked={props.inverted} onChange={(e) => props.onInverted((e.currentTarget as HTMLInputElement).checked)} />
              Inverted (bottom-up)
            </label>
            <button type="button" data-testid="calltree-focus-row" disabled={!row?.focus} onClick={() => row && props.onFocusRow(row)} title="Show only the samples through the cursor row's function (pprof's focus)">
              Focus on this function
            </button>
            <button type="button" data-testid="calltree-hide-row" disabled={!row?.focus} onClick={() => row && props.onHideRow(row)} title="Leave the cursor row's function out of every stack (pprof's hide)">
              Hide
            </button>
            <button type="button" data-testid="calltree-expand-all" onClick={props.onExpandEverything} title="Open every frame (the tree scrolls however long it gets)">
              Expand all
            </button>
            <button type="button" data-testid="calltree-collapse-all" onClick={props.onCollapseAll}>
              Collapse all
            </button>
            <button type="button" data-testid="calltree-growth" onClick={props.onGrowthPath} title="Open the path of largest growth again, and nothing else">
              Largest growth
            </button>
            {view.sort && (
              <button type="button" class="link" data-testid="calltree-sort-reset" onClick={() => props.onSort(null)}>
                tree order
              </button>
            )}
            <span class="top-spacer" />
            <span class="top-count" data-testid="calltree-count">
              {count(view.count)} rows open{view.frames === null ? '' : ` of ${count(view.frames - 1)} frames`}
              {props.pending && <span class="top-pending"> · updating…</span>}
            </span>
          </div>
          <p class="top-legend">
            {diff && (
              <>
                <span class="top-up">▲ red: grew</span> · <span class="top-down">▼ green: shrank</span> (flat and cum are current − base).{' '}
              </>
            )}
            Keys: ↑ ↓ move, → opens or goes to the first child, ← closes or goes to the parent, * opens everything below, Enter selects.
          </p>
          <TreeGrid
            view={view}
            pages={data!.pages}
            pageRows={data!.pageRows}
            diff={diff}
            stale={props.pending || error !== null}
            cursor={props.cursor.row}
            reveal={props.cursor.seq}
            selected={props.selected}
            onNeedRows={props.onNeedRows}
            onCursor={props.onCursor}
            onToggle={props.onToggle}
            onExpandAll={props.onExpandAll}
            onRevealParent={props.onRevealParent}
            onSelectName={props.onSelect}
            onSort={props.onSort}
          />
          {view.count === 0 && <p class="top-empty">No frames: nothing is left after the filters.</p>}
        </>
      )}
    </section>
  );
}
