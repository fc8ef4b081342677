// The graph view's container (loaded on first use, see GraphTab.tsx): the
// same profiles and the same choices as the heap table (state/heap.ts,
// hooks/useReportChoices.ts — one URL hash, so a focus set by clicking a node
// is the table's focus too, and the other way round), plus the graph's own
// node and edge fractions (state/graph-hash.ts). Asks the worker for the laid-out
// graph; answers to older questions are dropped, and a refused query (a bad
// regexp) keeps the last graph and says which option is wrong.

import { useCallback, useRef, useState } from 'preact/hooks';
import { graphSvg } from '../../core/graph';
import type { GraphQuery, GraphView, GraphViewNode } from '../../core/graph-view';
import type { ProfileKind } from '../../core/summary';
import type { ReportChoices } from '../hooks/useReportChoices';
import { useViewRequest } from '../hooks/useViewRequest';
import { loadedOf, type FilesState } from '../state/files';
import { reportQuery } from '../state/hash';
import { defaultBlame, heapPair } from '../state/heap';
import { download, fileStem } from '../download';
import type { WorkerClient } from '../worker-client';
import { Graph } from './Graph';

export interface GraphPanelProps {
  client: WorkerClient;
  files: FilesState;
  /** The kind of profile shown (state/views.ts reportKind). */
  kind: ProfileKind | null;
  reportChoices: ReportChoices;
}

export function GraphPanel({ client, files, kind, reportChoices }: GraphPanelProps) {
  const pair = heapPair(files, kind);
  const currentLoaded = loadedOf(files, pair?.currentId);
  const baseLoaded = loadedOf(files, pair?.baseId);

  const { choices, graphChoices, onChoice, onGraphChoice } = reportChoices;
  const [view, setView] = useState<GraphView | null>(null);
  const [downloadStatus, setDownloadStatus] = useState('');

  const blame = choices.blame ?? defaultBlame(pair);
  const query: GraphQuery = { ...reportQuery(choices, blame), nodeFraction: graphChoices.nodeFraction, edgeFraction: graphChoices.edgeFraction };
  const queryKey = JSON.stringify(query);
  const latest = useRef({ pair, query, view });
  latest.current = { pair, query, view };

  const { pending, error } = useViewRequest({
    ask: pair && currentLoaded ? () => client.graph(pair.currentId, pair.baseId, query) : null,
    key: [client, pair?.currentId, pair?.baseId, currentLoaded, baseLoaded, queryKey],
    failed: 'The graph could not be computed',
    onView: (v) => setView(v),
    onDecoderStopped: () => reportChoices.onDecoderStopped(query),
  });

  // A click focuses on the node (pprof's focus: only the samples through it);
  // a shift-click adds it to what is hidden.
  const onFocusNode = useCallback((n: GraphViewNode) => {
    if (n.focus) onChoice('focus', n.focus);
  }, [onChoice]);
  const { hideFunction } = reportChoices;
  const onHideNode = useCallback((n: GraphViewNode) => {
    if (n.focus) hideFunction(n.focus);
  }, [hideFunction]);

  const onDownloadSvg = useCallback(() => {
    const { pair: p, view: v } = latest.current;
    if (!p || !v) return;
    download(graphSvg(v, `${p.baseName ? `${p.baseName} → ` : ''}${p.currentName}: ${v.sampleType}`), `${fileStem(p.currentName)}.graph.svg`, 'image/svg+xml');
    setDownloadStatus('SVG saved');
  }, []);

  const onDownloadDot = useCallback(() => {
    const { pair: p, query: q } = latest.current;
    if (!p) return;
    setDownloadStatus('');
    client.graphDot(p.currentId, p.baseId, q).then(
      (text) => {
        download(text, `${fileStem(p.currentName)}.graph.dot`, 'text/vnd.graphviz');
        setDownloadStatus('DOT saved');
      },
      (e: unknown) => setDownloadStatus(`The DOT text could not be made: ${e instanceof Error ? e.message : String(e)}`),
    );
  }, [client]);

  if (!pair) return null;
  return (
    <Graph
      pair={pair}
      choices={choices}
      graphChoices={graphChoices}
      blame={blame}
      view={view}
      pending={pending}
      error={reportChoices.shownError(error)}
      downloadStatus={downloadStatus}
      onChoice={onChoice}
      onGraphChoice={onGraphChoice}
      onFocusNode={onFocusNode}
      onHideNode={onHideNode}
      onDownloadSvg={onDownloadSvg}
      onDownloadDot={onDownloadDot}
    />
  );
}
