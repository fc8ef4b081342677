// The goroutine view: what the goroutine profiles say, leaks first. A summary
// line (how many goroutines, base → current, how many leak suspects), the
// controls (similarity level, search over frames, state), then the clusters
// the worker sent (GoroutineRow). Presentational: the container
// (GoroutinesPanel.tsx) fetches views from the worker and holds the
// choices.

import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { formatCount, type GoroutineFrame, type GoroutineView, type GoroutineViewRow, type SimilarityLevel } from '../../core/goroutines';
import { GoroutineRow, signed, type CopyState } from './GoroutineRow';
import './Goroutines.css';

/** The number columns' widths, in characters of the rows' monospace font: the longest of the rows drawn (none is cut). */
function numberWidths(rows: readonly GoroutineViewRow[], diff: boolean): Record<string, number> {
  let delta = 2;
  let counts = 1;
  for (const r of rows) {
    delta = Math.max(delta, signed(r.delta).length);
    counts = Math.max(counts, diff ? formatCount(r.base).length + 3 + formatCount(r.current).length : formatCount(r.current).length);
  }
  return { '--gr-delta-ch': delta, '--gr-counts-ch': counts };
}

export interface GoroutinesProps {
  /** The first page's answer: totals, states, and what the rows are measured against. */
  view: GoroutineView | null;
  /** The rows fetched so far (the view's, then pages appended by onMore). */
  rows: GoroutineViewRow[];
  /** A request is in flight (the view shown is the previous one). */
  pending: boolean;
  error: string | null;
  currentName: string;
  baseName: string | null;
  /** Goroutine profiles loaded but not compared (neither the oldest nor the newest). */
  ignored: number;
  level: SimilarityLevel;
  search: string;
  stateFilter: string | null;
  expanded: ReadonlySet<string>;
  fullStacks: ReadonlyMap<string, GoroutineFrame[]>;
  copy: CopyState | null;
  onLevel: (level: SimilarityLevel) => void;
  onSearch: (text: string) => void;
  onStateFilter: (state: string | null) => void;
  /** Keyed callbacks: rows call them with their key, so they keep their identity. */
  onToggle: (key: string) => void;
  onShowAll: (key: string) => void;
  onCopy: (key: string) => void;
  onMore: () => void;
  /** A frame's function was picked: focus it in the heap views (App wires it when a heap pair is loaded). */
  onFocusFunction?: (fn: string) => void;
  /** Under the summary: the memory the leak suspects plausibly hold (src/ui/memory). */
  memory?: ComponentChildren;
}

const LEVELS: { level: SimilarityLevel; label: string; title: string }[] = [
  { level: 'exact', label: 'Exact', title: 'Same functions, lines and arguments (arguments only in ?debug=2 dumps)' },
  { level: 'lines', label: 'Lines', title: 'Same functions and lines' },
  { level: 'functions', label: 'Functions', title: 'Same functions, whatever the line' },
  { level: 'parked', label: 'Parked at', title: 'Same place of parking (first non-runtime frame) and kind of state' },
];

export function Goroutines(props: GoroutinesProps) {
  const { view, level, search, stateFilter } = props;
  const diff = view?.mode === 'diff';
  const filtered = search.trim() !== '' || stateFilter !== null;
  const shown = useGrowing(props.rows.length, view);
  const rows = shown < props.rows.length ? props.rows.slice(0, shown) : props.rows;
  return (
    <section class="gr" aria-label="Goroutines" data-testid="goroutines" data-mode={view?.mode ?? ''} data-level={level} aria-busy={props.pending || shown < props.rows.length}>
      {view && <Summary view={view} currentName={props.currentName} baseName={props.baseName} ignored={props.ignored} />}
      {props.memory}

      <div class="gr-controls">
        <fieldset class="gr-levels" data-testid="similarity-level">
          <legend>Cluster by</legend>
          {LEVELS.map((l) => (
            <label key={l.level} title={l.title} class={level === l.level ? 'is-on' : undefined}>
              <input type="radio" name="gr-level" value={l.level} checked={level === l.level} onChange={() => props.onLevel(l.level)} />
              {l.label}
            </label>
          ))}
        </fieldset>
        <label class="gr-search">
          <span class="visually-hidden">Search frames</span>
          <input
            type="search"
            placeholder="Search frames: function or file"
            value={search}
            data-testid="goroutine-search"
            onInput={(e) => props.onSearch((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label class="gr-state-filter">
          <span>State</span>
          <select
            data-testid="state-filter"
            value={stateFilter ?? ''}
            onChange={(e) => {
              const v = (e.currentTarget as HTMLSelectElement).value;
              props.onStateFilter(v === '' ? null : v);
            }}
          >
            <option value="">All states</option>
            {view?.states.map((s) => (
              <option key={s.state} value={s.state}>
                {s.state} ({formatCount(s.count)})
              </option>
            ))}
            {stateFilter !== null && view && !view.states.some((s) => s.state === stateFilter) && <option value={stateFilter}>{stateFilter}</option>}
          </select>
        </label>
      </div>

      {props.error && (
        <p class="gr-error" role="alert" data-testid="goroutines-error">
          {props.error}
        </p>
      )}

      {view === null && !props.error && <p class="gr-loading">Clustering goroutines…</p>}

      {view && (
        <>
          <p class="gr-count" data-testid="goroutines-matched" data-matched={view.matched} data-clusters={view.clusters}>
            {filtered
              ? `${formatCount(view.matched)} of ${formatCount(view.clusters)} clusters match (${diff ? `${formatCount(view.matchedBase)} → ` : ''}${formatCount(view.matchedCurrent)} goroutines)`
              : `${formatCount(view.clusters)} cluster${view.clusters === 1 ? '' : 's'}, ${diff ? 'largest growth first' : 'largest first'}`}
            {props.pending && <span class="gr-pending"> · updating…</span>}
          </p>
          {props.rows.length === 0 ? (
            <p class="gr-empty" data-testid="goroutines-empty">
              No cluster matches.{' '}
              <button
                type="button"
                class="link"
                onClick={() => {
                  props.onSearch('');
                  props.onStateFilter(null);
                }}
              >
                Clear the filters
              </button>
            </p>
          ) : (
            <ol class={`gr-list${diff ? ' gr-list--diff' : ''}`} data-testid="goroutine-clusters" style={numberWidths(rows, diff)}>
              {rows.map((row) => (
                <GoroutineRow
                  key={row.key}
                  row={row}
                  diff={diff}
                  maxCount={view.maxCount}
                  minWaitMinutes={view.criteria.minWaitMinutes}
                  expanded={props.expanded.has(row.key)}
                  fullStack={props.fullStacks.get(row.key) ?? null}
                  search={search}
                  copy={props.copy?.key === row.key ? props.copy : null}
                  onToggle={props.onToggle}
                  onShowAll={props.onShowAll}
                  onCopy={props.onCopy}
                  onFocusFunction={props.onFocusFunction}
                />
              ))}
            </ol>
          )}
          {view.matched > props.rows.length && (
            <button type="button" class="gr-more" data-testid="goroutines-more" onClick={props.onMore} disabled={props.pending}>
              Show more ({formatCount(view.matched - props.rows.length)} clusters not shown)
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** Rows drawn per frame: a hundred at once would be one long task. */
const CHUNK = 10;

/**
 * How many of `total` rows to draw: CHUNK more each animation frame, from
 * CHUNK again whenever `generation` changes (a new answer, not a page added).
 */
function useGrowing(total: number, generation: unknown): number {
  const [state, setState] = useState({ generation, shown: CHUNK });
  const shown = state.generation === generation ? state.shown : CHUNK;
  if (state.generation !== generation) setState({ generation, shown });
  useEffect(() => {
    if (shown >= total) return;
    const id = requestAnimationFrame(() => setState((s) => (s.generation === generation ? { generation, shown: s.shown + CHUNK } : s)));
    return () => cancelAnimationFrame(id);
  }, [shown, total, generation]);
  return Math.min(shown, total);
}

function Summary({ view, currentName, baseName, ignored }: { view: GoroutineView; currentName: string; baseName: string | null; ignored: number }) {
  const c = view.criteria;
  const stack = view.current.stateSource === 'stack' || view.base?.stateSource === 'stack';
  if (view.mode === 'diff' && view.base) {
    const d = view.current.total - view.base.total;
    return (
      <header class="gr-summary" data-testid="goroutines-summary">
        <div class="gr-headline">
          <span class="gr-total">
            <span class="gr-base">{formatCount(view.base.total)}</span> → <strong>{formatCount(view.current.total)}</strong> goroutines
          </span>
          <span class={`gr-delta ${d > 0 ? 'up' : d < 0 ? 'down' : 'same'}`}>{signed(d)}</span>
          {view.suspects > 0 ? (
            <span class="gr-badge gr-badge--suspect gr-badge--big" data-testid="suspect-count" data-count={view.suspects}>
              {formatCount(view.suspects)} leak suspect{view.suspects === 1 ? '' : 's'}
            </span>
          ) : (
            <span class="gr-badge gr-badge--ok" data-testid="suspect-count" data-count={0}>
              No leak suspect
            </span>
          )}
        </div>
        <p class="gr-files">
          <span class="badge badge--base">Base</span> {baseName} → <span class="badge badge--current">Current</span> {currentName}
          {ignored > 0 && ` (${ignored} goroutine profile${ignored === 1 ? '' : 's'} in between not compared)`}
        </p>
        <p class="gr-criteria">
          A leak suspect grew by at least {c.minDelta} and {Math.round(c.minGrowth * 100)} %, has {Math.round(c.minParkedShare * 100)} % of its goroutines parked (channel, select, lock, cond, sleep)
          {view.current.stateSource === 'dump' ? `, some for ${c.minWaitMinutes} min or more` : ''}.
          {stack && ' States are read off the stacks: this format has no wait times (a ?debug=2 dump has).'}
        </p>
      </header>
    );
  }
  return (
    <header class="gr-summary" data-testid="goroutines-summary">
      <div class="gr-headline">
        <span class="gr-total">
          <strong>{formatCount(view.current.total)}</strong> goroutines in {formatCount(view.current.clusters)} clusters
        </span>
        {view.parkedLong > 0 && (
          <span class="gr-badge gr-badge--long gr-badge--big" data-testid="parked-long-count">
            {formatCount(view.parkedLong)} parked ≥ {c.minWaitMinutes} min
          </span>
        )}
      </div>
      <p class="gr-files">
        {currentName} — one snapshot: load a second goroutine profile of the same process to see what grew.
      </p>
      {stack && <p class="gr-criteria">States are read off the stacks: this format has no wait times (a ?debug=2 dump has).</p>}
    </header>
  );
}
