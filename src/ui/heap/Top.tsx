// The heap view: what grew between two heap profiles, as go tool pprof -top
// reports it. The files compared, the controls (comparison, sample type,
// granularity, attribution, pprof's filters), pprof's header lines, then the
// table (TopTable). Presentational: the container (HeapPanel.tsx)
// fetches views from the worker and holds the choices.

import type { ComponentChildren } from 'preact';
import { useMemo } from 'preact/hooks';
import { REPORT_MODES, type ReportField as TopField, type ReportMode as TopMode, type TopColumn } from '../../core/report';
import type { TopSideTotal, TopView, TopViewRow } from '../../core/top';
import type { TopChoices } from '../state/hash';
import type { HeapPair } from '../state/heap';
import { DebouncedInput } from '../components/Inputs';
import { useNextTask } from '../hooks/useNextTask';
import { NodeCountField, ReportFilters, ReportOptions, reportFilters, type ReportOptionsProps } from '../components/ReportChoices';
import { TopTable } from './TopTable';
import '../components/Report.css';
import './Top.css';

export type TopCopyState = { status: 'pending' } | { status: 'copied'; text: string } | { status: 'manual'; text: string } | { status: 'failed'; message: string };

export interface TopProps {
  pair: HeapPair;
  /** The choices made (state/hash.ts); what is absent takes the default. */
  choices: TopChoices;
  /** Blame your code, as asked for (the choice, else the default for these files). */
  blame: boolean;
  /** The first page's answer: header, counts, columns. */
  view: TopView | null;
  /** Rows fetched so far, by page (page p holds rows p × pageRows …). */
  pages: ReadonlyMap<number, TopViewRow[]> | null;
  pageRows: number;
  /** Changes with every new answer (not with a page added): the table scrolls back up. */
  generation: number;
  /** A request is in flight (the view shown is the previous one). */
  pending: boolean;
  error: { field: TopField | null; message: string } | null;
  copy: TopCopyState | null;
  onChoice: <K extends keyof TopChoices>(key: K, value: TopChoices[K] | undefined) => void;
  onNeedRows: (start: number, end: number) => void;
  /** A row was picked: its focus regexp. */
  onFocusRow: (focus: string) => void;
  onCopy: () => void;
  /** Drawn above the table (the goroutine note of a growing runtime.malg row, src/ui/memory). */
  note?: ComponentChildren;
}

/** Typing in a regexp or number settles this long before the worker is asked. */
const SEARCH_DELAY_MS = 150;

const FILTERS = reportFilters('top');

export function Top(props: TopProps) {
  const { pair, choices, view, error } = props;
  const hasBase = pair.baseId !== null;
  const modes: readonly TopMode[] = view?.modes ?? (hasBase ? REPORT_MODES : ['current']);
  // The choice as soon as it is made (the answer follows), else what the view shows.
  const mode = (choices.mode && modes.includes(choices.mode) ? choices.mode : null) ?? view?.mode ?? (hasBase ? 'diff' : 'current');
  const diff = mode === 'diff' || mode === 'diff_base';
  const sampleTypes = view?.sampleTypes ?? pair.sampleTypes;
  const sampleType = choices.sampleType ?? view?.sampleType ?? pair.defaultSampleType;
  const search = choices.search ?? '';
  // A new page of rows or a new answer redraws the table, not the controls.
  const typesKey = JSON.stringify(sampleTypes);
  const controls = useMemo(
    () => <Controls mode={mode} modes={modes} sampleTypes={sampleTypes} sampleType={sampleType} choices={choices} blame={props.blame} error={error} onChoice={props.onChoice} />,
    [mode, modes.join(' '), typesKey, sampleType, choices, props.blame, error, props.onChoice],
  );
  // Drawn a task after the rest: the report's request goes out with the first frame.
  const controlsShown = useNextTask();
  const onSort = (column: TopColumn) => {
    const o = choices.order;
    props.onChoice('order', o && o.column === column ? { column, desc: !o.desc } : { column, desc: column !== 'name' });
  };

  return (
    <section class="top" aria-label="Heap" data-testid="heap" data-mode={view?.mode ?? ''} aria-busy={props.pending}>
      <header class="top-summary" data-testid="top-summary">
        <p class="top-files" data-testid="top-files">
          {hasBase && diff ? (
            <>
              <span class="badge badge--base">Base</span> {pair.baseName}
              {view?.baseTotal && <SideTotal view={view} side="base" total={view.baseTotal} />}
              {' → '}
            </>
          ) : null}
          {mode !== 'base' && (
            <>
              <span class="badge badge--current">Current</span> {pair.currentName}
              {view?.currentTotal && <SideTotal view={view} side="current" total={view.currentTotal} />}
            </>
          )}
          {mode === 'base' && (
            <>
              <span class="badge badge--base">Base</span> {pair.baseName}
            </>
          )}
          {pair.ignored > 0 && <span class="top-ignored"> ({pair.ignored} profile{pair.ignored === 1 ? '' : 's'} in between not compared)</span>}
        </p>
        {!hasBase && <p class="top-hint">One profile: load a second one of the same process (taken later) to see what grew.</p>}
      </header>

      {controlsShown && controls}

      {view === null && !error && <p class="top-loading">Computing the report…</p>}

      {view && (
        <>
          <div class="top-report-head">
            <p class={`top-attribution${view.blame ? ' is-blame' : ''}`} data-testid="top-attribution" data-blame={view.blame}>
              {view.attribution}
            </p>
            <pre class="top-header" data-testid="top-header">
              {view.header.filter((l) => l !== view.attribution).join('\n')}
            </pre>
            {view.warnings.map((w) => (
              <p key={w} class="top-warning" data-testid="top-warning">
                {w}
              </p>
            ))}
          </div>

          {props.note}

          <div class="top-toolbar">
            <label class="top-search">
              <span class="visually-hidden">Search rows</span>
              <DebouncedInput type="search" placeholder="Search rows by name" testId="top-search" value={search} delay={SEARCH_DELAY_MS} onCommit={(v) => props.onChoice('search', v)} />
            </label>
            <span class="top-count" data-testid="top-count" data-matched={view.matched} data-rows={view.rowCount}>
              {search.trim() !== '' ? `${count(view.matched)} of ${count(view.rowCount)} rows match` : `${count(view.rowCount)} row${view.rowCount === 1 ? '' : 's'}`}
              {props.pending && <span class="top-pending"> · updating…</span>}
            </span>
            {choices.order && (
              <button type="button" class="link" data-testid="top-sort-reset" onClick={() => props.onChoice('order', undefined)}>
                pprof’s order
              </button>
            )}
            <span class="top-spacer" />
            <CopyButton copy={props.copy} onCopy={props.onCopy} />
          </div>

          <Legend diff={diff} sides={view.sides} measure={view.sideMeasure} />

          <TopTable
            view={view}
            pages={props.pages}
            pageRows={props.pageRows}
            generation={props.generation}
            diff={diff}
            stale={props.pending || error !== null}
            onNeedRows={props.onNeedRows}
            onFocusRow={props.onFocusRow}
            onSort={onSort}
          />
          {view.matched === 0 && (
            <p class="top-empty" data-testid="top-empty">
              {view.rowCount === 0 ? 'No rows: nothing is left after the filters.' : 'No row matches the search.'}
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** 12345 → "12,345" (not toLocaleString: its first call costs tens of ms of ICU set-up on the main thread). */
export function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

type ControlsProps = Pick<ReportOptionsProps, 'mode' | 'modes' | 'sampleTypes' | 'sampleType' | 'choices' | 'blame' | 'onChoice'> & {
  error: { field: TopField | null; message: string } | null;
};

/** The comparison, pprof's options and filters. Drawn again only when one of its props changes (see Top). */
function Controls({ mode, modes, sampleTypes, sampleType, choices, blame, error, onChoice }: ControlsProps) {
  const fieldError = (f: TopField) => (error && error.field === f ? error.message : null);
  return (
    <>
      <ReportOptions prefix="top" granularityLabel="Rows are" mode={mode} modes={modes} sampleTypes={sampleTypes} sampleType={sampleType} choices={choices} blame={blame} fieldError={fieldError} onChoice={onChoice}>
        <label class="top-check" title="Sort by cumulative value (-cum)">
          <input type="checkbox" data-testid="top-cum" checked={choices.cum === true} onChange={(e) => onChoice('cum', (e.currentTarget as HTMLInputElement).checked || undefined)} />
          Sort by cum
        </label>
        <NodeCountField prefix="top" label="Rows at most" title="Show at most this many rows (-nodecount); empty: all" placeholder="all" choices={choices} onChoice={onChoice} />
      </ReportOptions>

      <ReportFilters prefix="top" filters={FILTERS} choices={choices} fieldError={fieldError} onChoice={onChoice} />

      {error && error.field === null && (
        <p class="top-error" role="alert" data-testid="top-error">
          {error.message}
        </p>
      )}
    </>
  );
}

function Legend({ diff, sides, measure }: { diff: boolean; sides: boolean; measure: 'flat' | 'cum' }) {
  if (!diff && !sides) return null;
  return (
    <p class="top-legend" data-testid="top-legend">
      <span class="top-up">▲ red: grew</span> · <span class="top-down">▼ green: shrank</span>
      {diff ? ' (flat and cum are current − base)' : ''}
      {sides ? `. Base and current: the row's ${measure} in each profile alone; Δ% = (current − base) / base.` : ''}
    </p>
  );
}

function CopyButton({ copy, onCopy }: { copy: TopCopyState | null; onCopy: () => void }) {
  return (
    <span class="top-copy">
      <button type="button" data-testid="top-copy" onClick={onCopy} disabled={copy?.status === 'pending'} title="The report as go tool pprof -top prints it">
        Copy as text
      </button>
      {copy?.status === 'copied' && (
        <span class="top-copy-status" data-testid="top-copy-status" data-status="copied" role="status">
          Copied
        </span>
      )}
      {copy?.status === 'failed' && (
        <span class="top-copy-status is-failed" data-testid="top-copy-status" data-status="failed" role="alert">
          {copy.message}
        </span>
      )}
      {copy?.status === 'manual' && (
        <span class="top-copy-manual" data-testid="top-copy-status" data-status="manual">
          No clipboard here: select the text and copy it.
          <textarea readOnly rows={6} value={copy.text} data-testid="top-copy-text" />
        </span>
      )}
    </span>
  );
}

/**
 * A profile's total beside its name, in the report's unit as the rows are (the profile's card
 * gives it as go tool pprof -top of that profile alone prints it: 11419.50kB here, 11.15MB there).
 */
function SideTotal({ view, side, total }: { view: TopView; side: 'base' | 'current'; total: TopSideTotal }) {
  const title = `${total.total} ${view.sampleUnit}: the ${side} profile’s ${view.sampleType} in all, in the report’s unit (${view.unit})`;
  return (
    <span class="top-total" data-testid={`top-total-${side}`} title={title}>
      {' '}({total.text})
    </span>
  );
}
