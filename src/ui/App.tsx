// The page: composes the files and their loads (hooks/useFileLoads.ts), the
// window-wide drop (hooks/useWindowDrop.ts), the report's choices the heap
// table and the graph share (hooks/useReportChoices.ts), the link for
// src/ui/embed.ts (hooks/usePageLink.ts) and the views, one folder each
// (heap/, graph/, flame/, calltree/, goroutines/, memory/). `compact` is ?embed=1.

import { useCallback, useState } from 'preact/hooks';
import type { ProfileKind } from '../core/summary';
import { DropOverlay } from './components/DropOverlay';
import { KindChoice } from './components/KindChoice';
import { Notice } from './components/Notice';
import { OpenControls } from './components/OpenControls';
import { ProfileCards } from './components/ProfileCards';
import { ViewTabs } from './components/ViewTabs';
import type { NamedBlob } from './examples';
import { GoroutinesPanel } from './goroutines/GoroutinesPanel';
import { FlamePanel } from './flame/FlamePanel';
import { GraphTab } from './graph/GraphTab';
import { CallTreePanel } from './calltree/CallTreePanel';
import { HeapPanel } from './heap/HeapPanel';
import { MemoryPanel } from './memory/MemoryPanel';
import { KindTimeline } from './timeline/KindTimeline';
import { timelineKind } from './timeline/timeline-model';
import { usePairHash } from './timeline/usePairHash';
import { TrendPanel } from './trend/TrendPanel';
import { useFileLoads } from './hooks/useFileLoads';
import { useHashState } from './hooks/useHashState';
import { KIND_NAMES } from './labels';
import { kindIds, loadedKinds } from './state/files';
import { filesLoading, heapPair } from './state/heap';
import { parseKindHash, writeKindHash } from './state/kind-hash';
import { usePageLink, type AppLink } from './hooks/usePageLink';
import { useReportChoices } from './hooks/useReportChoices';
import { useWindowDrop } from './hooks/useWindowDrop';
import { activeView, availableViews, isReportView, memoryViewAvailable, reportKind, reportKinds, trendKinds, type ViewName } from './state/views';
import type { WorkerClient } from './worker-client';

export interface AppProps {
  client: WorkerClient;
  /** The example pair (fetched, or inlined in the one-file build). */
  examples: () => Promise<NamedBlob[]>;
  /** ?embed=1: no big header, denser cards. */
  compact?: boolean;
  link?: AppLink;
}

export function App({ client, examples, compact = false, link }: AppProps) {
  const loads = useFileLoads(client, examples);
  const { state, addFiles } = loads;
  const addDropped = useCallback((files: File[]) => void addFiles(files.map((f) => ({ name: f.name, source: f }))), [addFiles]);
  const dragging = useWindowDrop(addDropped);
  usePageLink(link, loads);
  usePairHash(state, loads.pick);
  const reportChoices = useReportChoices();
  const [chosenView, setChosenView] = useState<ViewName | null>(null);
  // The function selected in the flame graph or the call tree, highlighted in both.
  const [selectedFunction, setSelectedFunction] = useState<string | null>(null);
  const [chosenKind, setChosenKind] = useHashState(parseKindHash, writeKindHash);
  // Another kind has other sample types: the one chosen for the kind before goes back to pprof's default.
  const { onChoice } = reportChoices;
  const chooseKind = useCallback(
    (k: ProfileKind) => {
      setChosenKind(k);
      onChoice('sampleType', undefined);
    },
    [onChoice],
  );

  // A goroutine frame's function, focused in the heap views.
  const { focusFunction } = reportChoices;
  const focusInHeap = useCallback(
    (fn: string) => {
      focusFunction(fn);
      setChosenView('heap');
    },
    [focusFunction],
  );

  const showGoroutines = useCallback(() => setChosenView('goroutines'), []);

  const views = { ...availableViews(state), memory: memoryViewAvailable(state), trend: trendKinds(state).length > 0 };
  const view = activeView(views, chosenView);
  const kind = reportKind(state, chosenKind);
  const kinds = reportKinds(state).map((k) => ({ kind: k, profiles: kindIds(state, k).length }));
  const tlKind = timelineKind(view, kind, loadedKinds(state));
  // A profile alone waits for the files still loading (heapPair): the view says so instead of staying empty.
  const waiting = kind && isReportView(view) && !heapPair(state, kind) ? filesLoading(state) : 0;
  return (
    <div class={compact ? 'app app--compact' : 'app'}>
      <header class="app__head">
        {!compact && (
          <h1>
            heapdiff <span class="tagline">what grew?</span>
          </h1>
        )}
        <OpenControls onFiles={addDropped} onExample={loads.addExamples} exampleLoading={loads.exampleLoading} />
      </header>
      {state.notice && <Notice text={state.notice} onDismiss={() => loads.notice(null)} />}
      <main>
        <ProfileCards loads={loads} />
        <ViewTabs available={views} active={view} tableLabel={KIND_NAMES[kind ?? 'heap']} onSelect={setChosenView} />
        {kind && isReportView(view) && <KindChoice kinds={kinds} active={kind} onSelect={chooseKind} />}
        {tlKind && <KindTimeline loads={loads} kind={tlKind} sampleType={tlKind === kind ? reportChoices.choices.sampleType : undefined} />}
        {waiting > 0 && (
          <p class="view-waiting" role="status" data-testid="view-waiting">
            Waiting for {waiting === 1 ? 'the file' : `the ${waiting} files`} still loading: the report compares the profiles once they are all here.
          </p>
        )}
        {view === 'heap' && <HeapPanel client={client} files={state} kind={kind} reportChoices={reportChoices} onShowGoroutines={views.goroutines ? showGoroutines : undefined} />}
        {view === 'graph' && <GraphTab client={client} files={state} kind={kind} reportChoices={reportChoices} />}
        {view === 'flame' && <FlamePanel client={client} files={state} kind={kind} reportChoices={reportChoices} selected={selectedFunction} onSelect={setSelectedFunction} />}
        {view === 'calltree' && <CallTreePanel client={client} files={state} kind={kind} reportChoices={reportChoices} selected={selectedFunction} onSelect={setSelectedFunction} />}
        {view === 'memory' && <MemoryPanel client={client} files={state} />}
        {view === 'trend' && <TrendPanel client={client} files={state} kind={kind} reportChoices={reportChoices} />}
        {view === 'goroutines' && <GoroutinesPanel client={client} files={state} onFocusFunction={views.heap ? focusInHeap : undefined} />}
      </main>
      <DropOverlay visible={dragging} />
    </div>
  );
}
