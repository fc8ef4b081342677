// The Graph tab's content, loaded the first time it is opened: GraphPanel,
// its d3 drawing code and d3 itself are a chunk of their own, out of the
// first visit's JavaScript (tools/vite-plugins.ts budget). The layout
// library is loaded by the worker the same way (workers/profile.worker.ts).

import { useEffect, useState } from 'preact/hooks';
import type { GraphPanelProps } from './GraphPanel';

type Panel = (props: GraphPanelProps) => preact.JSX.Element | null;

let loading: Promise<Panel> | null = null;
const load = () => (loading ??= import('./GraphPanel').then((m) => m.GraphPanel));

export function GraphTab(props: GraphPanelProps) {
  const [Panel, setPanel] = useState<Panel | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    load().then(
      (p) => live && setPanel(() => p),
      (e: unknown) => {
        loading = null;
        if (live) setFailed(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      live = false;
    };
  }, []);
  if (failed)
    return (
      <p class="graph-error" role="alert" data-testid="graph-load-error">
        The graph view could not be loaded: {failed}
      </p>
    );
  if (!Panel) return <p class="graph-loading" data-testid="graph-loading">Loading the graph view…</p>;
  return <Panel {...props} />;
}
