// The graph view: go tool pprof's call graph (-dot) of the heap view's
// report, drawn without Graphviz: the worker lays it out, GraphCanvas draws
// it with d3. The files compared, the controls the table has (comparison,
// sample type, granularity, attribution, pprof's filters — the same choices,
// in the same URL hash keys), the graph's own (node count, node and edge
// fractions), a search that highlights nodes, zoom and fit, the colour
// legend, and the downloads. Presentational: the container
// (GraphPanel.tsx) asks the worker and holds the choices.

import { useEffect, useRef, useState } from 'preact/hooks';
import { dotColor } from '../../core/graph';
import type { GraphView, GraphViewNode } from '../../core/graph-view';
import { optionDefault, REPORT_MODES, type ReportField as TopField, type ReportMode } from '../../core/report';
import type { GraphChoices } from '../state/graph-hash';
import type { TopChoices } from '../state/hash';
import type { HeapPair } from '../state/heap';
import { darkFill, darkStroke, GraphCanvas } from './GraphCanvas';
import { DebouncedInput, TYPE_DELAY_MS } from '../components/Inputs';
import { NodeCountField, ReportFilters, ReportOptions, ReportSummary, reportFilters } from '../components/ReportChoices';
import '../components/Report.css';
import './Graph.css';

export interface GraphProps {
  pair: HeapPair;
  choices: TopChoices;
  graphChoices: GraphChoices;
  blame: boolean;
  view: GraphView | null;
  pending: boolean;
  error: { field: TopField | null; message: string } | null;
  /** What the last download did ("" when none). */
  downloadStatus: string;
  onChoice: <K extends keyof TopChoices>(key: K, value: TopChoices[K] | undefined) => void;
  onGraphChoice: <K extends keyof GraphChoices>(key: K, value: GraphChoices[K] | undefined) => void;
  onFocusNode: (node: GraphViewNode) => void;
  onHideNode: (node: GraphViewNode) => void;
  onDownloadSvg: () => void;
  onDownloadDot: () => void;
}

const SEARCH_DELAY_MS = 150;

const FILTERS = reportFilters('graph');

export function Graph(props: GraphProps) {
  const { pair, choices, graphChoices, view, error } = props;
  const hasBase = pair.baseId !== null;
  const mode = view?.mode ?? choices.mode ?? (hasBase ? 'diff' : 'current');
  const modes: readonly ReportMode[] = view?.modes ?? (hasBase ? REPORT_MODES : ['current']);
  const diff = mode === 'diff' || mode === 'diff_base';
  const sampleTypes = view?.sampleTypes ?? pair.sampleTypes;
  const sampleType = choices.sampleType ?? view?.sampleType ?? pair.defaultSampleType;
  const fieldError = (f: TopField) => (error && error.field === f ? error.message : null);
  const search = choices.search ?? '';
  const canvas = useRef<GraphCanvas | null>(null);
  const [matches, setMatches] = useState(0);

  return (
    <section class="graph" aria-label="Call graph" data-testid="graph" data-mode={mode} aria-busy={props.pending}>
      <ReportSummary prefix="graph" mode={mode} pair={pair} />

      <ReportOptions prefix="graph" granularityLabel="Nodes are" mode={mode} modes={modes} sampleTypes={sampleTypes} sampleType={sampleType} choices={choices} blame={props.blame} fieldError={fieldError} onChoice={props.onChoice} />

      <div class="graph-controls" data-testid="graph-trim">
        <NodeCountField prefix="graph" label="Nodes at most" title="Draw at most this many nodes (-nodecount); empty: 80, as pprof" placeholder={String(optionDefault('nodeCount', 'graph'))} choices={choices} invalid={error?.field === 'nodecount'} onChoice={props.onChoice} />
        <FractionField which="nodeFraction" label="Node fraction" title="Drop nodes whose |cum| is below this fraction of the total (-nodefraction)" fallback={optionDefault('nodeFraction', 'graph')} choices={graphChoices} onGraphChoice={props.onGraphChoice} />
        <FractionField which="edgeFraction" label="Edge fraction" title="Drop edges whose |weight| is below this fraction of the total (-edgefraction)" fallback={optionDefault('edgeFraction', 'graph')} choices={graphChoices} onGraphChoice={props.onGraphChoice} />
      </div>

      <ReportFilters prefix="graph" filters={FILTERS} choices={choices} fieldError={fieldError} onChoice={props.onChoice} />

      {error && error.field === null && (
        <p class="graph-error" role="alert" data-testid="graph-error">
          {error.message}
        </p>
      )}

      <div class="graph-toolbar">
        <label class="graph-search">
          <span class="visually-hidden">Search nodes</span>
          <DebouncedInput type="search" placeholder="Highlight nodes by name" testId="graph-search" value={search} delay={SEARCH_DELAY_MS} onCommit={(v) => props.onChoice('search', v)} />
        </label>
        <span class="graph-count" data-testid="graph-count" data-nodes={view?.nodes.length ?? 0} data-matches={matches}>
          {view && (search.trim() !== '' ? `${matches} of ${view.nodes.length} nodes match` : `${view.nodes.length} nodes of ${view.origCount}, ${view.edges.filter((e) => !e.tag).length} edges`)}
          {props.pending && <span class="graph-pending"> · updating…</span>}
        </span>
        <span class="graph-spacer" />
        <span class="graph-buttons" role="group" aria-label="Zoom">
          <button type="button" data-testid="graph-zoom-in" title="Zoom in" aria-label="Zoom in" onClick={() => canvas.current?.zoomBy(1.4)}>
            +
          </button>
          <button type="button" data-testid="graph-zoom-out" title="Zoom out" aria-label="Zoom out" onClick={() => canvas.current?.zoomBy(1 / 1.4)}>
            −
          </button>
          <button type="button" data-testid="graph-fit" title="Fit the whole graph on the screen" onClick={() => canvas.current?.fit()}>
            Fit to screen
          </button>
        </span>
        <span class="graph-buttons">
          <button type="button" data-testid="graph-download-svg" disabled={!view} onClick={props.onDownloadSvg} title="The graph as drawn, one standalone SVG file">
            Download SVG
          </button>
          <button type="button" data-testid="graph-download-dot" disabled={!view} onClick={props.onDownloadDot} title="The graph as go tool pprof -dot writes it, for Graphviz">
            Download DOT
          </button>
        </span>
        {props.downloadStatus && (
          <span class="graph-download-status" data-testid="graph-download-status" role="status">
            {props.downloadStatus}
          </span>
        )}
      </div>

      <ColorLegend diff={diff} />

      {view?.warnings.map((w) => (
        <p key={w} class="graph-warning" data-testid="graph-warning">
          {w}
        </p>
      ))}

      <CanvasHost view={view} search={search} canvasRef={canvas} onMatches={setMatches} onFocusNode={props.onFocusNode} onHideNode={props.onHideNode} stale={props.pending || error !== null} />
      {view === null && !error && <p class="graph-loading">Laying out the graph…</p>}
      {view && view.nodes.length === 0 && (
        <p class="graph-empty" data-testid="graph-empty">
          No nodes: nothing is left after the filters.
        </p>
      )}
      {view && (
        <p class="graph-timing" data-testid="graph-timing">
          Built in {Math.round(view.buildMs)} ms and laid out in {Math.round(view.layoutMs)} ms in the worker. Scroll to zoom, drag to pan.
        </p>
      )}
    </section>
  );
}

/** -nodefraction or -edgefraction, 0 to 1; empty: pprof's default (`fallback`, the placeholder). */
function FractionField({ which, label, title, fallback, choices, onGraphChoice }: { which: 'nodeFraction' | 'edgeFraction'; label: string; title: string; fallback: number; choices: GraphChoices; onGraphChoice: GraphProps['onGraphChoice'] }) {
  const v = choices[which];
  return (
    <label class="graph-field graph-field--narrow" title={title}>
      <span>{label}</span>
      <DebouncedInput
        type="number"
        min="0"
        max="1"
        step="0.001"
        placeholder={String(fallback)}
        testId={`graph-${which.toLowerCase()}`}
        value={v !== undefined ? String(v) : ''}
        delay={TYPE_DELAY_MS}
        onCommit={(text) => onGraphChoice(which, parseFraction(text))}
      />
    </label>
  );
}

function parseFraction(v: string): number | undefined {
  if (v.trim() === '') return undefined;
  const x = Number(v);
  return Number.isFinite(x) && x >= 0 && x <= 1 ? x : undefined;
}

interface CanvasHostProps {
  view: GraphView | null;
  search: string;
  canvasRef: { current: GraphCanvas | null };
  onMatches: (n: number) => void;
  onFocusNode: (n: GraphViewNode) => void;
  onHideNode: (n: GraphViewNode) => void;
  stale: boolean;
}

/** The element GraphCanvas draws in; the canvas lives as long as the view is shown. */
function CanvasHost({ view, search, canvasRef, onMatches, onFocusNode, onHideNode, stale }: CanvasHostProps) {
  const host = useRef<HTMLDivElement>(null);
  const handlers = useRef({ onFocusNode, onHideNode });
  handlers.current = { onFocusNode, onHideNode };
  useEffect(() => {
    const c = new GraphCanvas(host.current!, {
      onFocus: (n) => handlers.current.onFocusNode(n),
      onHide: (n) => handlers.current.onHideNode(n),
    });
    canvasRef.current = c;
    return () => {
      c.destroy();
      canvasRef.current = null;
    };
  }, []);
  useEffect(() => {
    if (view) canvasRef.current?.draw(view);
  }, [view]);
  useEffect(() => {
    onMatches(canvasRef.current?.search(search) ?? 0);
  }, [search, view]);
  return <div class={`graph-canvas${stale ? ' is-stale' : ''}`} ref={host} data-testid="graph-canvas" />;
}

function ColorLegend({ diff }: { diff: boolean }) {
  const swatch = (score: number) => ({ fill: dotColor(score, true), border: dotColor(score, false) });
  const items = diff
    ? [
        { label: 'grew', ...swatch(1), testId: 'graph-legend-grew' },
        { label: 'near zero', ...swatch(0), testId: 'graph-legend-zero' },
        { label: 'shrank', ...swatch(-1), testId: 'graph-legend-shrank' },
      ]
    : [
        { label: 'large', ...swatch(1), testId: 'graph-legend-grew' },
        { label: 'small', ...swatch(0), testId: 'graph-legend-zero' },
      ];
  return (
    <p class="graph-color-legend" data-testid="graph-color-legend">
      {items.map((i) => (
        <span key={i.label} class="graph-swatch-item" data-testid={i.testId}>
          <svg class="graph-swatch" width="18" height="12" aria-hidden="true" style={{ '--dark-fill': darkFill(i.border), '--dark-stroke': darkStroke(i.border) }}>
            <rect x="0.5" y="0.5" width="17" height="11" fill={i.fill} stroke={i.border} />
          </svg>
          {i.label}
        </span>
      ))}
      <span class="graph-legend-note">
        {diff ? 'Colour by cum, current − base; ' : 'Colour by cum; '}box text size by flat; edge width by weight; dotted: calls through dropped nodes; “(inline)”: an inlined call.
      </span>
    </p>
  );
}

