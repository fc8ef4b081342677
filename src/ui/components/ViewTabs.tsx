// "Heap" / "Graph" / "Flame graph" / "Call tree" / "Goroutines" / "Memory" / "Trend": which analysis view is shown when the
// files loaded allow more than one (state/views.ts). The table's tab is
// named by the kind it shows ("Heap", "CPU", "Mutex"…). A tab list with
// arrow-key movement.

import type { AvailableViews, ViewName } from '../state/views';
import './ViewTabs.css';

const LABELS: Record<ViewName, string> = { heap: 'Heap', graph: 'Graph', flame: 'Flame graph', calltree: 'Call tree', goroutines: 'Goroutines', memory: 'Memory', trend: 'Trend' };
const ORDER: ViewName[] = ['heap', 'graph', 'flame', 'calltree', 'goroutines', 'memory', 'trend'];

export function ViewTabs({ available, active, tableLabel, onSelect }: { available: AvailableViews; active: ViewName | null; tableLabel: string; onSelect: (v: ViewName) => void }) {
  const views = ORDER.filter((v) => available[v]);
  if (views.length < 2) return null;
  const move = (e: KeyboardEvent, from: ViewName) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    const i = views.indexOf(from);
    const next = views[(i + (e.key === 'ArrowRight' ? 1 : views.length - 1)) % views.length];
    onSelect(next);
    (e.currentTarget as HTMLElement).parentElement?.querySelector<HTMLElement>(`[data-view="${next}"]`)?.focus();
  };
  return (
    <div class="view-tabs" role="tablist" aria-label="Views" data-testid="view-tabs">
      {views.map((v) => (
        <button
          key={v}
          type="button"
          role="tab"
          aria-selected={active === v}
          tabIndex={active === v ? 0 : -1}
          data-testid={`view-tab-${v}`}
          data-view={v}
          onClick={() => onSelect(v)}
          onKeyDown={(e) => move(e, v)}
        >
          {v === 'heap' ? tableLabel : LABELS[v]}
        </button>
      ))}
    </div>
  );
}
