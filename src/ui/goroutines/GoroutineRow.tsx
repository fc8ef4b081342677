// One goroutine cluster: how many (base → current and the change, with a bar),
// where they are parked, the leak-suspect mark with its reason, states and
// wait times, `created by`, locked threads and labels; opened, its stack and
// "Copy cluster as text". Presentational; profile strings are text nodes.

import { Component } from 'preact';
import { formatCount, PARKED, type GoroutineFrame, type GoroutineViewRow } from '../../core/goroutines';
import { GoroutineStack } from './GoroutineStack';

export type CopyState = { key: string; status: 'pending' } | { key: string; status: 'copied'; text: string } | { key: string; status: 'manual'; text: string } | { key: string; status: 'failed'; message: string };

export interface GoroutineRowProps {
  row: GoroutineViewRow;
  diff: boolean;
  /** Count of the largest cluster: a full bar. */
  maxCount: number;
  minWaitMinutes: number;
  expanded: boolean;
  fullStack: GoroutineFrame[] | null;
  search: string;
  /** This row's copy, if any. */
  copy: CopyState | null;
  onToggle: (key: string) => void;
  onShowAll: (key: string) => void;
  onCopy: (key: string) => void;
  onFocusFunction?: (fn: string) => void;
}

/** Drawn again only when a prop changes (callbacks must keep their identity). */
export class GoroutineRow extends Component<GoroutineRowProps> {
  shouldComponentUpdate(next: GoroutineRowProps): boolean {
    const now = this.props as unknown as Record<string, unknown>;
    const then = next as unknown as Record<string, unknown>;
    for (const k in then) if (then[k] !== now[k]) return true;
    for (const k in now) if (!(k in then)) return true;
    return false;
  }

  render(props: GoroutineRowProps) {
    return <Row {...props} />;
  }
}

export function signed(n: number): string {
  return n > 0 ? `+${formatCount(n)}` : n < 0 ? `−${formatCount(-n)}` : '±0';
}

export function waitText(w: { min: number; max: number }): string {
  if (w.max <= 0) return 'waiting < 1 min';
  if (w.min === w.max) return `waiting ${formatCount(w.max)} min`;
  if (w.min <= 0) return `waiting up to ${formatCount(w.max)} min`;
  return `waiting ${formatCount(w.min)}–${formatCount(w.max)} min`;
}

const frameAt = (f: GoroutineFrame) => (f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : '');

function Row(props: GoroutineRowProps) {
  const { row, diff, maxCount, expanded } = props;
  const park = row.parkFrame;
  const title = park?.fn ?? row.stack[0]?.fn ?? '(no stack)';
  const via = park && park.kind !== 'user' && row.userFrame && row.userFrame.fn !== park.fn ? row.userFrame.fn : null;
  const parked = row.states.length > 0 && PARKED.has(row.states[0].category);
  // The reason says more than the row's numbers and frame only for a suspect, a long wait, or a growth that is not one.
  const telling = row.suspect || row.parkedLong || row.reason.includes('not a leak suspect');
  const detailsId = expanded ? `gr-details-${hash(row.key)}` : undefined;
  const cls = ['gr-row', row.suspect ? 'is-suspect' : '', row.parkedLong && !diff ? 'is-long' : '', expanded ? 'is-open' : ''].filter(Boolean).join(' ');
  return (
    <li class={cls} data-testid="goroutine-cluster" data-key={row.key} data-fn={title} data-suspect={String(row.suspect)} data-delta={row.delta} data-base={row.base} data-current={row.current} data-expanded={String(expanded)}>
      <div class="gr-main">
        <button type="button" class="gr-toggle" aria-expanded={expanded} aria-controls={detailsId} data-testid="cluster-toggle" onClick={() => props.onToggle(row.key)} title={expanded ? 'Hide the stack' : 'Show the stack'}>
          <span class="gr-chevron" aria-hidden="true">
            {expanded ? '▾' : '▸'}
          </span>
          {diff && (
            <span class={`gr-delta ${row.delta > 0 ? 'up' : row.delta < 0 ? 'down' : 'same'}`} data-testid="cluster-delta">
              {signed(row.delta)}
            </span>
          )}
          <span class="gr-counts" data-testid="cluster-counts">
            {diff ? (
              <>
                <span class="gr-base">{formatCount(row.base)}</span> → <strong>{formatCount(row.current)}</strong>
              </>
            ) : (
              <strong>{formatCount(row.current)}</strong>
            )}
          </span>
          <Bar base={diff ? row.base : row.current} current={row.current} max={maxCount} suspect={row.suspect} />
          <span class="gr-title">
            <span class="gr-fn" data-testid="cluster-fn">
              {title}
            </span>
            {park && frameAt(park) && <span class="gr-at">{frameAt(park)}</span>}
            {via && <span class="gr-via">called from {via}</span>}
          </span>
        </button>
      </div>

      {telling && (
        <div class="gr-sub">
          {row.suspect && (
            <span class="gr-badge gr-badge--suspect" data-testid="suspect-mark">
              Leak suspect
            </span>
          )}
          {!diff && row.parkedLong && (
            <span class="gr-badge gr-badge--long" data-testid="parked-long-mark">
              Parked ≥ {props.minWaitMinutes} min
            </span>
          )}
          <span class={`gr-reason${row.suspect ? ' is-suspect' : ''}`} data-testid="cluster-reason">
            {row.reason}
          </span>
        </div>
      )}

      <RowMeta row={row} parked={parked} />

      {expanded && <RowDetails {...props} detailsId={detailsId} parked={parked} />}
    </li>
  );
}

/** The row's second line: its states, wait, creator, thread lock and label sets. */
function RowMeta({ row, parked }: { row: GoroutineViewRow; parked: boolean }) {
  return (
    <div class="gr-meta">
      {row.states.slice(0, 3).map((s) => (
        <span key={s.state} class={`gr-state gr-state--${PARKED.has(s.category) ? 'parked' : s.category === 'io' ? 'io' : 'active'}`} data-testid="cluster-state" data-state={s.state}>
          {s.state} <b>{formatCount(s.count)}</b>
        </span>
      ))}
      {row.states.length > 3 && <span class="gr-state">+{row.states.length - 3} more states</span>}
      {row.waitMinutes && (parked || row.waitMinutes.max > 0) && <span class="gr-wait" data-testid="cluster-wait">{waitText(row.waitMinutes)}</span>}
      {row.createdBy && (
        <span class="gr-created" data-testid="cluster-created-by">
          created by <code>{row.createdBy.frame.fn}</code> {frameAt(row.createdBy.frame)}
          {row.createdBy.count !== row.current && row.current > 0 && ` (${formatCount(row.createdBy.count)} of them)`}
        </span>
      )}
      {row.lockedToThread > 0 && <span class="gr-locked" data-testid="cluster-locked">locked to thread: {formatCount(row.lockedToThread)}</span>}
      {row.labels.slice(0, 2).map((l) => (
        <span key={l.labels} class="gr-labels" data-testid="cluster-labels">
          {'{'}
          {l.labels}
          {'}'} {formatCount(l.count)}
        </span>
      ))}
      {row.labels.length > 2 && <span class="gr-labels">+{row.labels.length - 2} label sets</span>}
    </div>
  );
}

/** An open row: the wait breakdown, the stack, the label sets, the goroutine ids and Copy. */
function RowDetails(props: GoroutineRowProps & { detailsId: string | undefined; parked: boolean }) {
  const { row, search, copy: rowCopy, detailsId, parked } = props;
  const park = row.parkFrame;
  return (
    <div class="gr-details" id={detailsId} data-testid="cluster-details">
      <WaitBreakdown row={row} />
      <GoroutineStack
        frames={props.fullStack ?? row.stack}
        depth={row.stackDepth}
        parkFrame={park}
        parked={parked}
        search={search}
        onShowAll={props.fullStack ? undefined : () => props.onShowAll(row.key)}
        onFocusFunction={props.onFocusFunction}
      />
      {row.stackVariants > 1 && <p class="gr-note">{formatCount(row.stackVariants)} different stacks merged at this level; the most common is shown.</p>}
      {row.labels.length > 2 && (
        <ul class="gr-label-list">
          {row.labels.map((l) => (
            <li key={l.labels}>
              {'{'}
              {l.labels}
              {'}'} {formatCount(l.count)}
            </li>
          ))}
        </ul>
      )}
      {row.goids.length > 0 && <p class="gr-note">Goroutines {row.goids.join(', ')}{row.current > row.goids.length ? ', …' : ''}</p>}
      <div class="gr-actions">
        <button type="button" data-testid="copy-cluster" onClick={() => props.onCopy(row.key)} disabled={rowCopy?.status === 'pending'}>
          Copy cluster as text
        </button>
        {rowCopy?.status === 'copied' && (
          <span class="gr-copied" role="status" data-testid="copy-status" data-text={rowCopy.text}>
            Copied
          </span>
        )}
        {rowCopy?.status === 'failed' && (
          <span class="gr-copy-error" role="status" data-testid="copy-status">
            {rowCopy.message}
          </span>
        )}
      </div>
      {rowCopy?.status === 'manual' && (
        <label class="gr-manual">
          <span>The clipboard is not available here; select and copy:</span>
          <textarea readOnly rows={8} data-testid="copy-text" value={rowCopy.text} onFocus={(e) => (e.currentTarget as HTMLTextAreaElement).select()} />
        </label>
      )}
    </div>
  );
}

/** base → current as one bar: the part both have, then the growth (or the loss, hollow). */
function Bar({ base, current, max, suspect }: { base: number; current: number; max: number; suspect: boolean }) {
  const pct = (n: number) => `${max > 0 ? Math.max(0, Math.min(100, (100 * n) / max)) : 0}%`;
  const kept = Math.min(base, current);
  return (
    <span class="gr-bar" aria-hidden="true">
      <span class="gr-bar__kept" style={{ width: pct(kept) }} />
      {current > base && <span class={`gr-bar__grew${suspect ? ' is-suspect' : ''}`} style={{ width: pct(current - base) }} />}
      {base > current && <span class="gr-bar__lost" style={{ width: pct(base - current) }} />}
    </span>
  );
}

function WaitBreakdown({ row }: { row: GoroutineViewRow }) {
  const withMinutes = row.states.filter((s) => s.minutes && s.minutes.some((m) => m.minutes > 0));
  if (withMinutes.length === 0) return null;
  return (
    <p class="gr-waits" data-testid="cluster-wait-breakdown">
      {withMinutes.map((s) => (
        <span key={s.state}>
          {s.state}:{' '}
          {s.minutes!.map((m) => `${m.minutes > 0 ? `${formatCount(m.minutes)} min` : '< 1 min'} × ${formatCount(m.count)}`).join(' · ')}
        </span>
      ))}
    </p>
  );
}

/** A short stable id for aria-controls. */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}
