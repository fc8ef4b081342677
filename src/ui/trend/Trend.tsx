// The trend view: a series of snapshots of one kind, every function (or
// goroutine cluster) ranked by how it moved across all of them — grew in
// every interval first (the leak), then peak (the spike, with where it
// peaked), then the rest — each with its shape, its change, a sparkline of
// its values (the numbers on hover) and its name. Presentational: the
// container (TrendPanel.tsx) asks the worker and holds the choices.

import { Component, type ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ReportField } from '../../core/report';
import type { TrendShape, TrendView, TrendViewRow } from '../../core/trend';
import type { ProfileKind } from '../../core/summary';
import { KindChoice } from '../components/KindChoice';
import { DebouncedInput } from '../components/Inputs';
import { KIND_NAMES } from '../labels';
import { Sparkline } from './Sparkline';
import './Trend.css';

export interface TrendProps {
  kinds: readonly { kind: ProfileKind; profiles: number }[];
  kind: ProfileKind;
  onKind: (k: ProfileKind) => void;
  view: TrendView | null;
  rows: readonly TrendViewRow[];
  pending: boolean;
  /** Files still loading: the trend waits for them. */
  loading: number;
  error: { field: ReportField | null; message: string } | null;
  search: string;
  onSearch: (text: string) => void;
  onMore: () => void;
  /** The report's choices (sample type, granularity, blame, filters) or the goroutines' level. */
  controls: ComponentChildren;
}

const SHAPE_WORDS: Record<TrendShape, string> = {
  grew: 'grew in every interval',
  peak: 'peak: rose, then fell back',
  shrank: 'shrank in every interval',
  dip: 'dip: fell, then rose',
  flat: 'flat: within the noise',
  mixed: 'mixed',
};

const SEARCH_DELAY_MS = 150;

/** Rows drawn in one frame: a new answer's rows are drawn over several frames, so none holds the page long. */
const ROWS_PER_FRAME = 15;

/** How many of `rows` to draw now: ROWS_PER_FRAME more every frame until all are; from the start for other rows, not for rows appended (Show more). */
function useRowsDrawn(rows: readonly unknown[]): number {
  const [drawn, setDrawn] = useState<{ rows: readonly unknown[]; n: number }>({ rows, n: ROWS_PER_FRAME });
  const n = drawn.rows === rows || (rows.length > 0 && rows[0] === drawn.rows[0]) ? drawn.n : ROWS_PER_FRAME;
  useEffect(() => {
    if (n >= rows.length) return;
    const id = requestAnimationFrame(() => setDrawn({ rows, n: n + ROWS_PER_FRAME }));
    return () => cancelAnimationFrame(id);
  }, [rows, n]);
  return Math.min(n, rows.length);
}

export function Trend(props: TrendProps) {
  const { view, error } = props;
  const drawn = useRowsDrawn(props.rows);
  const rows = drawn < props.rows.length ? props.rows.slice(0, drawn) : props.rows;
  // The same element while the answer is: a file loading redraws the count, not the summary.
  const summary = useMemo(() => view && <Summary view={view} kind={props.kind} />, [view, props.kind]);
  return (
    <section class="trend" aria-label="Trend" data-testid="trend" data-kind={props.kind} data-what={view?.what ?? ''} aria-busy={props.pending || drawn < props.rows.length}>
      <KindChoice kinds={props.kinds} active={props.kind} onSelect={props.onKind} />
      {summary}
      {props.controls}
      <div class="trend-toolbar">
        <label class="trend-search">
          <span class="visually-hidden">Search rows</span>
          <DebouncedInput type="search" placeholder={view?.what === 'goroutines' ? 'Search clusters: function or file' : 'Search names'} testId="trend-search" value={props.search} delay={SEARCH_DELAY_MS} onCommit={props.onSearch} />
        </label>
        <span class="trend-count" data-testid="trend-count">
          {view && (props.search.trim() ? `${view.matched} of ${view.rowsTotal} rows match` : `${view.rowsTotal} rows`)}
          {props.loading > 0 ? (
            <span class="trend-pending" data-testid="trend-waiting">
              {' '}
              · waiting for {props.loading} file{props.loading === 1 ? '' : 's'} to load
            </span>
          ) : (
            props.pending && <span class="trend-pending"> · updating…</span>
          )}
        </span>
      </div>
      {error && error.field === null && (
        <p class="trend-error" role="alert" data-testid="trend-error">
          {error.message}
        </p>
      )}
      {view?.warnings.map((w) => (
        <p key={w} class="trend-warning">
          {w}
        </p>
      ))}
      {view === null && !error && <p class="trend-loading">Ranking the snapshots…</p>}
      {view && <Rows view={view} rows={rows} />}
      {view && drawn === props.rows.length && rows.length < view.matched && (
        <button type="button" class="trend-more" data-testid="trend-more" onClick={props.onMore}>
          Show {Math.min(100, view.matched - rows.length)} more of {view.matched - rows.length}
        </button>
      )}
    </section>
  );
}

function Summary({ view, kind }: { view: TrendView; kind: ProfileKind }) {
  const n = view.snapshots.length;
  const first = view.snapshots[0];
  const last = view.snapshots[n - 1];
  const span = view.timed && first.timeNanos !== null && last.timeNanos !== null ? ` over ${duration(last.timeNanos - first.timeNanos)}` : '';
  const counts = (['grew', 'peak', 'shrank', 'dip', 'mixed', 'flat'] as const).filter((s) => view.shapes[s] > 0).map((s) => `${view.shapes[s]} ${s}`);
  return (
    <header class="trend-summary" data-testid="trend-summary">
      <p class="trend-headline">
        {n} {KIND_NAMES[kind].toLowerCase()} snapshots{span}, {view.what === 'goroutines' ? 'goroutines per cluster' : `${view.sampleType}, ranked on ${view.by}`}
      </p>
      <p class="trend-order">
        Oldest first, {view.timed ? 'by the times in the profiles' : 'in the order dropped (not every file has a time)'}: {first.name} ({first.totalText}) → {last.name} ({last.totalText}).{' '}
        {view.noise > 0 ? `A change within ${+(view.noise * 100).toFixed(3)} % of the totals is noise (the profiles are sampled).` : 'Goroutines are counted, not sampled: every change counts.'}
      </p>
      <p class="trend-shapes" data-testid="trend-shapes">
        {counts.join(' · ')}
      </p>
    </header>
  );
}

function Rows({ view, rows }: { view: TrendView; rows: readonly TrendViewRow[] }) {
  if (rows.length === 0) return <p class="trend-empty" data-testid="trend-empty">No rows: nothing in these snapshots passes the filters.</p>;
  return (
    <table class="trend-table" data-testid="trend-table">
      <thead>
        <tr>
          <th scope="col">Shape</th>
          <th scope="col" class="num">Change</th>
          <th scope="col">Across {view.snapshots.length} snapshots</th>
          <th scope="col" class="num">First → last</th>
          <th scope="col">{view.what === 'goroutines' ? 'Cluster' : 'Name'}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <Row key={`${row.rank}|${row.name}`} view={view} row={row} />
        ))}
      </tbody>
    </table>
  );
}

/** A row, drawn again only when its row or the view changes (not on every file-load progress the page redraws for). */
class Row extends Component<{ view: TrendView; row: TrendViewRow }> {
  override shouldComponentUpdate(next: { view: TrendView; row: TrendViewRow }): boolean {
    return next.view !== this.props.view || next.row !== this.props.row;
  }

  override render() {
    const { view, row } = this.props;
    const numbers = view.snapshots.map((s, i) => `#${i + 1} ${s.name}: ${row.valueTexts[i]}`).join('\n');
    const where = row.at !== undefined ? ` at #${row.at + 1} (${view.snapshots[row.at].name})` : '';
    const n = row.values.length;
    return (
      <tr data-testid="trend-row" data-name={row.name} data-shape={row.shape} data-at={row.at ?? ''} data-values={row.values.join(',')} class={row.gate ? 'is-gate' : undefined}>
        <td>
          <span class={`trend-badge trend-badge--${row.shape}`} title={`${SHAPE_WORDS[row.shape]}${where}`} data-testid="trend-shape">
            {row.shape}
            {row.at !== undefined && <span class="trend-badge__at"> @#{row.at + 1}</span>}
          </span>
        </td>
        <td class="num">
          {row.change}
          {row.slope && <span class="trend-slope">{row.slope}</span>}
        </td>
        <td>
          <Sparkline values={row.values} at={row.at} label={`${row.name}\n${numbers}`} />
        </td>
        <td class="num trend-ends" title={numbers} data-testid="trend-ends">
          {row.valueTexts[0]} → {row.valueTexts[n - 1]}
        </td>
        <td class="trend-name" title={row.frames ? row.frames.join('\n') : row.name}>
          {row.name}
        </td>
      </tr>
    );
  }
}

function duration(nanos: number): string {
  const s = nanos / 1e9;
  if (s < 120) return `${+s.toFixed(1)} s`;
  if (s < 7200) return `${+(s / 60).toFixed(1)} min`;
  return `${+(s / 3600).toFixed(1)} h`;
}
