// One dropped file: what it is once decoded (kind, format, sample types and
// their totals as pprof prints them), a progress bar and Cancel while it
// loads, or the reason it could not be read. Once a comparison is shown
// (`row`), a decoded file is one line — role, name, kind, size, the default
// total — whose details open with a button. Presentational: plain props in,
// callbacks out. Profile strings are rendered as text, never as markup.

import { useId, useState } from 'preact/hooks';
import { formatBytes } from '../../core/format';
import { formatMs, formatProfileTime, FORMAT_LABELS, KIND_LABELS, KIND_NAMES, phaseFraction, phaseLabel } from '../labels';
import type { EntryStatus, Role } from '../state/files';
import type { Loaded, WorkerErrorCode, LoadProgress } from '../worker-client';

export interface FileCardProps {
  name: string;
  size: number;
  role: Role | null;
  status: EntryStatus;
  progress: LoadProgress | null;
  loaded: Loaded | null;
  error: { code: WorkerErrorCode; message: string } | null;
  canSwap: boolean;
  /** One line, details on demand (a comparison is shown below the cards). */
  row?: boolean;
  onCancel: () => void;
  onRemove: () => void;
  onSwap: () => void;
  onRetry: () => void;
}

const ROLE_WORDS: Record<Role, string> = { base: 'base', current: 'current', extra: 'not compared' };

/** "Heap base", "CPU current", "Heap, not compared": the pair of the card's own kind. */
function roleLabel(role: Role, loaded: Loaded | null): string {
  const kind = loaded ? KIND_NAMES[loaded.summary.kind] ?? KIND_NAMES.unknown : null;
  if (!kind) return ROLE_WORDS[role];
  return role === 'extra' ? `${kind}, ${ROLE_WORDS[role]}` : `${kind} ${ROLE_WORDS[role]}`;
}

export function FileCard(props: FileCardProps) {
  const { name, size, role, status, progress, loaded, error } = props;
  if (props.row && status === 'ready' && loaded) return <CardRow {...props} loaded={loaded} />;
  const fraction = phaseFraction(progress);
  const label = role ? roleLabel(role, loaded) : null;
  return (
    <article
      class={`card card--${status}${role ? ` card--${role}` : ''}`}
      data-testid="file-card"
      data-name={name}
      data-status={status}
      data-role={role ?? ''}
      data-kind={loaded?.summary.kind ?? ''}
      aria-label={`${name}${label ? ` (${label})` : ''}`}
    >
      <header class="card__head">
        {role && (
          <span class={`badge badge--${role}`} data-testid="card-role">
            {label}
          </span>
        )}
        <h2 class="card__name" title={name}>
          {name}
        </h2>
        <span class="card__size">{formatBytes(size)}</span>
      </header>

      {loaded && <Details loaded={loaded} />}

      {status === 'loading' && (
        <div class="card__progress" data-testid="card-progress">
          <label class="card__phase">
            <span>{loaded ? `Loading again — ${phaseLabel(progress)}` : phaseLabel(progress)}</span>
            {fraction === null ? <progress /> : <progress max={1} value={fraction} />}
          </label>
        </div>
      )}

      {status === 'error' && error && (
        <p class="card__error" role="alert" data-testid="card-error" data-code={error.code}>
          {error.message}
        </p>
      )}

      <footer class="card__actions">
        {status === 'loading' && (
          <button type="button" onClick={props.onCancel} data-testid="cancel-button">
            Cancel
          </button>
        )}
        {status === 'error' && (error?.code === 'cancelled' || error?.code === 'worker-crashed' || error?.code === 'decoder-crashed' || error?.code === 'read-failed') && (
          <button type="button" onClick={props.onRetry} data-testid="retry-button">
            Load again
          </button>
        )}
        <SwapButton {...props} />
        <RemoveButton {...props} />
      </footer>
    </article>
  );
}

function SwapButton({ canSwap, role, onSwap }: FileCardProps) {
  if (!canSwap || (role !== 'base' && role !== 'current')) return null;
  return (
    <button type="button" onClick={onSwap} data-testid="swap-button" title="Swap the base and the current profile of this kind">
      Swap base ⇄ current
    </button>
  );
}

function RemoveButton({ name, onRemove }: FileCardProps) {
  return (
    <button type="button" class="button--quiet" onClick={onRemove} data-testid="remove-button" aria-label={`Remove ${name}`}>
      Remove
    </button>
  );
}

/** A decoded file as one line of the card list; its details (the card's body) open below it. */
function CardRow(props: FileCardProps & { loaded: Loaded }) {
  const { name, size, role, loaded } = props;
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const { summary } = loaded;
  const total = loaded.totals.find((t) => t.type === summary.defaultSampleType);
  const label = role ? roleLabel(role, loaded) : null;
  return (
    <article class={`card card--row${role ? ` card--${role}` : ''}`} data-testid="file-card" data-name={name} data-status="ready" data-role={role ?? ''} data-kind={summary.kind} data-row="true" aria-label={`${name}${label ? ` (${label})` : ''}`}>
      <header class="card__head">
        <span class="card__role">
          {role && (
            <span class={`badge badge--${role}`} data-testid="card-role">
              {label}
            </span>
          )}
        </span>
        <h2 class="card__name" title={name}>
          {name}
        </h2>
        <span class="card__kind" data-testid="card-row-kind">
          {KIND_LABELS[summary.kind] ?? summary.kind}
        </span>
        <span class="card__size">{formatBytes(size)}</span>
        <span class="card__total" data-testid="card-row-total" title={total ? `${total.value} ${total.unit}` : undefined}>
          {total && (
            <>
              <span class="card__total-type">{total.type}</span> <span class="num">{total.label}</span>
            </>
          )}
        </span>
        <span class="card__actions">
          <button type="button" class="button--quiet" aria-expanded={open} aria-controls={detailsId} data-testid="card-expand" onClick={() => setOpen(!open)}>
            <span aria-hidden="true">{open ? '▾ ' : '▸ '}</span>
            Details
          </button>
          <SwapButton {...props} />
          <RemoveButton {...props} />
        </span>
      </header>
      {/* Drawn when opened: two lines' details were a third of the elements the comparison's first frame made. */}
      <div class="card__details" id={detailsId} hidden={!open} data-testid="card-details">
        {open && <Details loaded={loaded} />}
      </div>
    </article>
  );
}

function Details({ loaded }: { loaded: Loaded }) {
  const { summary, totals } = loaded;
  const time = formatProfileTime(summary.timeNanosExact);
  const format = FORMAT_LABELS[summary.format] ?? summary.format;
  return (
    <>
      <dl class="card__facts">
        <dt>Kind</dt>
        <dd data-testid="card-kind">{KIND_LABELS[summary.kind] ?? summary.kind}</dd>
        <dt>Format</dt>
        <dd data-testid="card-format">
          {format}
          {loaded.compressed ? `, gzip (${formatBytes(loaded.rawSize)} inflated)` : ''}
        </dd>
        {time && (
          <>
            <dt>Taken</dt>
            <dd data-testid="card-time">{time}</dd>
          </>
        )}
        <dt>Decoded in</dt>
        <dd data-testid="card-decode-ms">{formatMs(loaded.decodeMs)}</dd>
      </dl>
      {totals.length > 0 ? (
        <table class="card__totals">
          <thead>
            <tr>
              <th scope="col">Sample type</th>
              <th scope="col" class="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {totals.map((t) => (
              <tr key={t.type} data-testid="card-total" data-type={t.type} class={t.type === summary.defaultSampleType ? 'is-default' : undefined}>
                <th scope="row">
                  {t.type}
                  <span class="unit">/{t.unit}</span>
                  {t.type === summary.defaultSampleType && <span class="default-mark"> (default)</span>}
                </th>
                <td class="num" data-testid="card-total-value" title={`${t.value} ${t.unit}`}>
                  {t.label}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="card__empty">No sample types.</p>
      )}
    </>
  );
}
