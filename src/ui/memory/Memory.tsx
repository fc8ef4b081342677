// The memory view: where the process's memory is, from the `# runtime.MemStats`
// block of ?debug=1 heap profiles. The findings in plain words (the pair's,
// then each file's), one stacked bar per snapshot on one scale, and a table
// of the parts of Sys per snapshot with the pair's Δ. Every figure shows its
// exact bytes and the Go fields it is read from on hover (title) and on
// focus (the line under the table). Presentational: MemoryPanel asks.

import { useState } from 'preact/hooks';
import { bytesText, signedBytesText, type FigureId, type MemFigure, type MemFinding, type MemoryReport } from '../../core/memstats';
import { barSegments, exactBytes, figureTitle, METADATA, metadataTotal } from './memory-model';
import './Memory.css';

export interface MemoryProps {
  report: MemoryReport | null;
  pending: boolean;
  error: string | null;
}

const DEBUG1 = '/debug/pprof/heap?debug=1';

export function Memory({ report, pending, error }: MemoryProps) {
  const [raw, setRaw] = useState<string | null>(null);
  const withStats = report ? report.files.flatMap((f, i) => (f.accounting ? [i] : [])) : [];
  return (
    <section class="mem" aria-label="Memory" data-testid="memory" aria-busy={pending}>
      <header class="mem-head">
        <p class="mem-intro">
          Where the process's memory is, from the <code># runtime.MemStats</code> block that Go writes at the end of a heap profile taken at <code>{DEBUG1}</code>. Hover or focus a figure for its exact bytes and the MemStats fields it is read from.
        </p>
      </header>
      {error && (
        <p class="mem-error" role="alert" data-testid="memory-error">
          {error}
        </p>
      )}
      {!report && !error && <p class="mem-loading">Reading MemStats…</p>}
      {report && (
        <>
          <Findings report={report} />
          {withStats.length > 0 && <Bars report={report} indexes={withStats} />}
          {withStats.length > 0 && <Table report={report} indexes={withStats} onRaw={setRaw} />}
          {withStats.length > 0 && (
            <p class="mem-raw" aria-live="polite" data-testid="memory-raw">
              {raw ?? 'Exact bytes: hover or focus a figure.'}
            </p>
          )}
        </>
      )}
    </section>
  );
}

function Findings({ report }: { report: MemoryReport }) {
  const items: { key: string; where: string; f: MemFinding }[] = [];
  const p = report.pair;
  if (p) for (const f of p.findings) items.push({ key: `pair-${f.id}`, where: `${report.files[p.base].snapshot.name} → ${report.files[p.current].snapshot.name}`, f });
  report.files.forEach((file, i) => {
    for (const f of file.findings) items.push({ key: `${i}-${f.id}`, where: file.snapshot.name, f });
  });
  if (items.length === 0) {
    return (
      <p class="mem-quiet" data-testid="memory-no-findings">
        Nothing stands out: no idle heap held, no growth outside the heap profile, no goroutine growth by the rules below the table.
      </p>
    );
  }
  return (
    <ul class="mem-findings" data-testid="memory-findings">
      {items.map(({ key, where, f }) => (
        <li key={key} class={`mem-finding mem-finding--${f.severity}`} data-testid="memory-finding" data-id={f.id} data-where={where}>
          <p class="mem-finding__title">
            <span class="mem-finding__mark" aria-hidden="true">
              {f.severity === 'warning' ? '!' : 'i'}
            </span>
            <span>
              <span class="mem-finding__where">{where}: </span>
              {f.title}
            </span>
          </p>
          {f.figures.length > 0 && (
            <p class="mem-finding__figures">
              {f.figures.map((g) => (
                <span key={g.name} class="mem-chip" data-testid="finding-figure" data-name={g.name} data-bytes={g.bytes} title={`${exactBytes(g.bytes)} bytes`}>
                  {g.name} <b>{bytesText(g.bytes)}</b>
                </span>
              ))}
            </p>
          )}
          <details class="mem-finding__advice">
            <summary>Why, and what to do</summary>
            <ul>
              {f.advice.map((a) => (
                <li key={a}>{a}</li>
              ))}
            </ul>
            <p class="mem-rule">Rule: {f.rule}.</p>
          </details>
        </li>
      ))}
    </ul>
  );
}

/** Colour class of a part: metadata parts share one hue. */
const segmentClass = (id: FigureId) => `mem-seg mem-seg--${METADATA.includes(id) ? 'meta' : id}`;

function Bars({ report, indexes }: { report: MemoryReport; indexes: number[] }) {
  const scale = Math.max(...indexes.map((i) => report.files[i].accounting!.sys.bytes));
  const legend = new Map<string, string>();
  return (
    <div class="mem-bars" data-testid="memory-bars">
      {indexes.map((i) => {
        const file = report.files[i];
        const a = file.accounting!;
        const segments = barSegments(a, scale);
        for (const s of segments) legend.set(METADATA.includes(s.id) ? 'meta' : s.id, METADATA.includes(s.id) ? 'runtime metadata' : s.label);
        const live = a.profile ? Math.min(1, a.profile.ofHeapInuse) : 0;
        return (
          <div key={file.snapshot.name + i} class="mem-bar-row" data-testid="memory-bar" data-name={file.snapshot.name}>
            <span class="mem-bar-name" title={file.snapshot.name}>
              {file.snapshot.name}
            </span>
            <span class="mem-bar" role="img" aria-label={`${file.snapshot.name}: Sys ${bytesText(a.sys.bytes)}; ${segments.map((s) => `${s.label} ${bytesText(s.bytes)}`).join(', ')}`}>
              {segments.map((s) => (
                <span key={s.id} class={segmentClass(s.id)} style={{ width: `${(s.share * 100).toFixed(3)}%` }} title={`${s.label}: ${bytesText(s.bytes)} (${figureTitle(s)})`}>
                  {s.id === 'heapInuse' && live > 0 && <span class="mem-seg__live" style={{ width: `${(live * 100).toFixed(2)}%` }} />}
                </span>
              ))}
            </span>
            <span class="mem-bar-total" title={figureTitle(a.sys)}>
              {bytesText(a.sys.bytes)}
            </span>
          </div>
        );
      })}
      <p class="mem-legend">
        {[...legend].map(([id, label]) => (
          <span key={id} class="mem-legend__item">
            <span class={`mem-swatch mem-seg--${id}`} aria-hidden="true" />
            {label}
          </span>
        ))}
        <span class="mem-legend__item">
          <span class="mem-swatch mem-swatch--live" aria-hidden="true" />
          of heap in use: the heap profile's live objects (inuse_space)
        </span>
      </p>
    </div>
  );
}

interface Line {
  key: string;
  label: string;
  depth: number;
  /** The figure of each snapshot (null where the file lacks it). */
  figure: (i: number) => MemFigure | null;
  /** A note instead of a Δ (e.g. a share). */
  note?: (i: number) => string | null;
}

/** The bar's colour of a line: a part of Sys at the top level, the metadata group, the live objects. */
function Swatch({ line }: { line: Line }) {
  const cls = line.key === 'inuseSpace' ? 'mem-swatch mem-swatch--live' : line.key === 'metadata' ? 'mem-swatch mem-seg--meta' : line.depth === 1 ? `mem-swatch ${segmentClass(line.key as FigureId)}` : null;
  return cls ? <span class={cls} aria-hidden="true" /> : <span class="mem-swatch mem-swatch--none" aria-hidden="true" />;
}

function Table({ report, indexes, onRaw }: { report: MemoryReport; indexes: number[]; onRaw: (text: string) => void }) {
  const acc = (i: number) => report.files[i].accounting!;
  const part = (id: FigureId) => (i: number) => acc(i).parts.find((p) => p.id === id) ?? null;
  const first = acc(indexes[0]);
  const labelOf = (id: FigureId) => first.parts.find((p) => p.id === id)?.label ?? id;
  const lines: Line[] = [
    { key: 'Sys', label: first.sys.label, depth: 0, figure: (i) => acc(i).sys },
    { key: 'heapInuse', label: labelOf('heapInuse'), depth: 1, figure: part('heapInuse') },
    {
      key: 'inuseSpace',
      label: 'of which live objects in the heap profile',
      depth: 2,
      figure: (i) => {
        const pr = acc(i).profile;
        return pr ? { id: 'heapInuse', label: 'live objects', formula: 'inuse_space (the heap profile)', bytes: pr.inuseSpace } : null;
      },
      note: (i) => {
        const pr = acc(i).profile;
        return pr ? `${Math.round(pr.ofHeapInuse * 100)}% of heap in use` : null;
      },
    },
    { key: 'heapIdleRetained', label: labelOf('heapIdleRetained'), depth: 1, figure: part('heapIdleRetained') },
    { key: 'heapReleased', label: labelOf('heapReleased'), depth: 1, figure: part('heapReleased') },
    { key: 'stackInuse', label: labelOf('stackInuse'), depth: 1, figure: part('stackInuse') },
    { key: 'stackOS', label: labelOf('stackOS'), depth: 1, figure: part('stackOS') },
    { key: 'metadata', label: 'runtime metadata', depth: 1, figure: (i) => metadataTotal(acc(i).parts) },
    ...METADATA.map((id) => ({ key: id, label: labelOf(id), depth: 2, figure: part(id) })),
  ];
  const p = report.pair;
  const pairShown = p && indexes.includes(p.base) && indexes.includes(p.current) ? p : null;
  const hover = (f: MemFigure, signed = false) => ({
    title: figureTitle(f, signed),
    tabIndex: 0,
    onFocus: () => onRaw(`${f.label}: ${figureTitle(f, signed)}`),
    onMouseEnter: () => onRaw(`${f.label}: ${figureTitle(f, signed)}`),
  });
  return (
    <div class="mem-table-wrap">
      <table class="mem-table" data-testid="memory-table">
        <thead>
          <tr>
            <th scope="col" class="mem-th-label">
              MemStats
            </th>
            {indexes.map((i) => (
              <th key={i} scope="col" class="mem-th-file" title={report.files[i].snapshot.name} data-testid="memory-column" data-name={report.files[i].snapshot.name}>
                {pairShown?.base === i && <span class="badge badge--base">Base</span>}
                {pairShown?.current === i && <span class="badge badge--current">Current</span>} <span class="mem-th-name">{report.files[i].snapshot.name}</span>
              </th>
            ))}
            {pairShown && (
              <th scope="col" class="mem-th-delta">
                Δ
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => {
            const b = pairShown ? l.figure(pairShown.base) : null;
            const c = pairShown ? l.figure(pairShown.current) : null;
            const d = b && c ? { ...c, bytes: c.bytes - b.bytes } : null;
            return (
              <tr key={l.key} class={`mem-line mem-line--${l.depth}`} data-testid="memory-line" data-id={l.key}>
                <th scope="row" class="mem-label">
                  <Swatch line={l} />
                  {l.label}
                  <span class="mem-formula">{l.figure(indexes[0])?.formula ?? ''}</span>
                </th>
                {indexes.map((i) => {
                  const f = l.figure(i);
                  const note = l.note?.(i);
                  return (
                    <td key={i} class="mem-num">
                      {f && (
                        <span class="mem-val" data-testid="memory-figure" data-id={l.key} data-name={report.files[i].snapshot.name} data-bytes={f.bytes} {...hover(f)}>
                          {bytesText(f.bytes)}
                        </span>
                      )}
                      {note && <span class="mem-note">{note}</span>}
                    </td>
                  );
                })}
                {pairShown && (
                  <td class={`mem-num mem-delta${d && d.bytes > 0 ? ' is-up' : d && d.bytes < 0 ? ' is-down' : ''}`}>
                    {d && (
                      <span class="mem-val" data-testid="memory-delta" data-id={l.key} data-bytes={d.bytes} {...hover(d, true)}>
                        {d.bytes === 0 ? '±0' : signedBytesText(d.bytes)}
                      </span>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
