// The flame graph tab's container: the same profiles and choices as the
// table and the graph (state/heap.ts, hooks/useReportChoices.ts — one URL
// hash: a focus or hide set here is theirs too), plus what is the tab's own
// (the zoom path, the pivot, flipped or not: they do not outlive the tab).
// Asks the worker for the frames wider than a pixel of the drawing's width;
// a refused query keeps the last drawing and says which option is wrong.

import { useCallback, useRef, useState } from 'preact/hooks';
import type { FlameQuery, FlameView } from '../../core/flame';
import { displayName } from '../heap/TopTable';
import { useViewRequest } from '../hooks/useViewRequest';
import { loadedOf } from '../state/files';
import { reportQuery } from '../state/hash';
import { defaultBlame, heapPair } from '../state/heap';
import { download, fileStem } from '../download';
import type { SelectingViewProps } from '../components/view-props';
import { Flame } from './Flame';
import { cellName, flameSvg, withHidden, zoomPath, type Cell } from './flame-model';

export type FlamePanelProps = SelectingViewProps;

export function FlamePanel({ client, files, kind, reportChoices, selected, onSelect }: FlamePanelProps) {
  const pair = heapPair(files, kind);
  const currentLoaded = loadedOf(files, pair?.currentId);
  const baseLoaded = loadedOf(files, pair?.baseId);
  const { choices, onChoice, updateChoices } = reportChoices;
  const [view, setView] = useState<FlameView | null>(null);
  const [zoom, setZoom] = useState<string[]>([]);
  const [pivot, setPivot] = useState<string | null>(null);
  const [width, setWidth] = useState(0);
  const [flipped, setFlipped] = useState(false);
  const [downloadStatus, setDownloadStatus] = useState('');

  const blame = choices.blame ?? defaultBlame(pair);
  const query: FlameQuery = { ...reportQuery(choices, blame), width, zoom, pivot, search: choices.search ?? '' };
  const queryKey = JSON.stringify(query);
  const latest = useRef({ view, flipped, width });
  latest.current = { view, flipped, width };

  const { pending, error } = useViewRequest({
    ask: pair && currentLoaded && width > 0 ? () => client.flame(pair.currentId, pair.baseId, query) : null,
    key: [client, pair?.currentId, pair?.baseId, currentLoaded, baseLoaded, queryKey],
    failed: 'The flame graph could not be computed',
    onView: (v) => setView(v),
    onDecoderStopped: () => reportChoices.onDecoderStopped(query),
  });

  const onZoom = useCallback((v: FlameView, c: Cell) => setZoom(zoomPath(v, c.i)), []);
  const onZoomOut = useCallback(() => {
    const v = latest.current.view;
    if (v && v.zoom.length > 0) setZoom(v.zoom.slice(0, -1));
    else if (v?.pivot) setPivot(null);
  }, []);
  const onPick = useCallback((v: FlameView, c: Cell) => onSelect(c.i === 0 && !c.up && v.path.length === 1 ? null : cellName(v, c)), [onSelect]);
  const onCrumb = useCallback((k: number) => {
    const v = latest.current.view;
    if (v) setZoom(v.zoom.slice(0, Math.max(0, k - (v.pivot ? 1 : 0))));
  }, []);

  // The selected function's regexp and key, when this view draws it.
  const n = view && selected !== null ? view.names.indexOf(selected) : -1;
  const focus = n >= 0 ? view!.focus[n] : null;
  const key = n >= 0 ? view!.keys[n] : null;
  const onFocus = useCallback(() => focus && onChoice('focus', focus), [focus, onChoice]);
  const onHide = useCallback(() => focus && updateChoices((c) => ({ ...c, hide: withHidden(c.hide, focus) })), [focus, updateChoices]);
  const onPivot = useCallback(() => {
    setPivot(key);
    setZoom([]);
  }, [key]);
  const onUnpivot = useCallback(() => {
    setPivot(null);
    setZoom([]);
  }, []);

  const onDownloadSvg = useCallback(() => {
    const { view: v, flipped: f, width: w } = latest.current;
    if (!v || !pair) return;
    const title = `${pair.baseName && v.mode !== 'current' && v.mode !== 'base' ? `${pair.baseName} → ` : ''}${pair.currentName}: ${v.sampleType}`;
    download(flameSvg(v, { width: w, flipped: f, title, label: displayName }), `${fileStem(pair.currentName)}.flame.svg`, 'image/svg+xml');
    setDownloadStatus('SVG saved');
  }, [pair?.currentName, pair?.baseName]);

  if (!pair) return null;
  return (
    <Flame
      pair={pair}
      choices={choices}
      blame={blame}
      view={view}
      pending={pending}
      error={reportChoices.shownError(error)}
      flipped={flipped}
      selected={selected}
      canFocus={focus !== null}
      canPivot={key !== null && key !== view?.pivot}
      downloadStatus={downloadStatus}
      onChoice={onChoice}
      onFlip={() => setFlipped((f) => !f)}
      onWidth={setWidth}
      onZoom={onZoom}
      onZoomOut={onZoomOut}
      onCrumb={onCrumb}
      onPick={onPick}
      onFocus={onFocus}
      onHide={onHide}
      onPivot={onPivot}
      onUnpivot={onUnpivot}
      onDownloadSvg={onDownloadSvg}
    />
  );
}
