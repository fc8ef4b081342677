// What the timeline draws for one kind's snapshots, from what each file's
// load already brought to the page (its totals, its MemStats): no worker
// call. Pure: no Preact.
//
// The MemStats layers are core/memstats's parts of Sys (the Memory tab's
// figures), stacked so the top of the stack is Sys: heap in use, idle heap
// not yet returned, idle heap returned, goroutine stacks, then the rest
// (OS thread stacks and the runtime's metadata) as one layer.

import { memAccounting, type FigureId, type MemFigure } from '../../core/memstats';
import type { ProfileKind, ProfileSummary } from '../../core/summary';
import { kindIds, kindPair, type FilesState } from '../state/files';

export type LayerId = 'heapInuse' | 'heapIdleRetained' | 'heapReleased' | 'stackInuse' | 'rest';

/** Bottom to top. */
export const LAYERS: readonly LayerId[] = ['heapInuse', 'heapIdleRetained', 'heapReleased', 'stackInuse', 'rest'];

export interface TimelinePoint {
  id: string;
  name: string;
  /** The time in the profile, exact (nanoseconds), or null. */
  time: string | null;
  /** The total of the sample type shown; null when the profile lacks it. */
  total: { type: string; unit: string; value: number; label: string } | null;
  /** Sys and its layers (bottom to top), when the file has MemStats. */
  memory: { sys: MemFigure; layers: (MemFigure & { layer: LayerId })[] } | null;
}

export interface Timeline {
  kind: ProfileKind;
  points: TimelinePoint[];
  /** Indexes into points; base is -1 with one profile. */
  base: number;
  current: number;
  /** The sample type shown (the chosen one where the profiles have it, else the newest profile's default). */
  sampleType: string;
}

const REST_LABEL = 'OS thread stacks and runtime metadata';

/** Each summary's layers, once: the strip is drawn again with every file a series loads. */
const layersOf = new WeakMap<object, TimelinePoint['memory']>();

/** A snapshot's layers from its MemStats (core/memstats accounting); null without them. */
export function memoryLayers(p: { name: string; kind: ProfileKind; format: string; memStats?: Record<string, unknown> }): TimelinePoint['memory'] {
  if (!p.memStats) return null;
  const a = memAccounting(p as Parameters<typeof memAccounting>[0]);
  if (!a) return null;
  const part = (id: FigureId) => a.parts.find((x) => x.id === id);
  const layers: (MemFigure & { layer: LayerId })[] = [];
  for (const id of ['heapInuse', 'heapIdleRetained', 'heapReleased', 'stackInuse'] as const) {
    const f = part(id);
    if (f) layers.push({ ...f, layer: id });
  }
  const rest = a.parts.filter((x) => !LAYERS.includes(x.id as LayerId));
  if (rest.length > 0) {
    layers.push({ id: 'other', layer: 'rest', label: REST_LABEL, formula: rest.map((x) => x.formula).join(' + '), bytes: rest.reduce((t, x) => t + x.bytes, 0) });
  }
  return { sys: a.sys, layers };
}

function summaryLayers(name: string, summary: ProfileSummary): TimelinePoint['memory'] {
  if (!summary.memStats) return null;
  if (!layersOf.has(summary)) layersOf.set(summary, memoryLayers({ name, kind: summary.kind, format: summary.format, memStats: summary.memStats }));
  return layersOf.get(summary)!;
}

/** The kind's snapshots in their order (time, else drop order, else the user's), with the pair as indexes; null with fewer than two. */
export function timeline(state: FilesState, kind: ProfileKind, chosenType?: string): Timeline | null {
  const pair = kindPair(state, kind);
  const ids = kindIds(state, kind);
  if (!pair || ids.length < 2) return null;
  const byId = new Map(state.entries.map((e) => [e.id, e]));
  const newest = byId.get(ids[ids.length - 1])!.loaded!.summary;
  const sampleType = chosenType && ids.some((id) => byId.get(id)!.loaded!.totals.some((t) => t.type === chosenType)) ? chosenType : newest.defaultSampleType;
  const points = ids.map((id): TimelinePoint => {
    const e = byId.get(id)!;
    const { summary, totals } = e.loaded!;
    const t = totals.find((x) => x.type === sampleType);
    return {
      id,
      name: e.name,
      time: summary.timeNanosExact,
      total: t ? { type: t.type, unit: t.unit, value: t.value, label: t.label } : null,
      memory: summaryLayers(e.name, summary),
    };
  });
  return { kind, points, base: pair.baseId === null ? -1 : ids.indexOf(pair.baseId), current: ids.indexOf(pair.currentId), sampleType };
}

/** The plot's height in its viewBox units (its width is one unit per snapshot). */
export const PLOT_H = 100;
/** Headroom above the largest value: the top fifth of the plot is the base and current tags'. */
export const HEADROOM = 1.25;
/** A dot's radius in plot units (3.5 px of the plot's 64, Timeline.css): a zero total's dot sits on the baseline, not across it. */
const DOT_LIFT = 5.5;

export interface TimelineShapes {
  /** One closed path per layer (runs of snapshots with MemStats, each a polygon; a lone one a bar). */
  areas: { layer: LayerId; d: string }[];
  /** The total's line (runs of snapshots that have it). */
  line: string;
  /** The area under that line, drawn when no snapshot has MemStats. */
  under: string;
  /** Each point's total as a height in 0..1 of the plot, or null. */
  totalHeights: (number | null)[];
  /** A dot at each total: zero-length segments, drawn as round caps of a stroke (one path, not an element a snapshot). */
  dots: string;
  /** Whether the total and the MemStats share the scale (both bytes). */
  shared: boolean;
}

/** Runs of consecutive indexes where `has` holds. */
function runs(n: number, has: (i: number) => boolean): number[][] {
  const out: number[][] = [];
  let run: number[] = [];
  for (let i = 0; i < n; i++) {
    if (has(i)) run.push(i);
    else if (run.length > 0) (out.push(run), (run = []));
  }
  if (run.length > 0) out.push(run);
  return out;
}

const num = (v: number) => String(Math.round(v * 100) / 100);
/** Snapshot i's centre in the viewBox. */
const xOf = (i: number) => i + 0.5;

/** The areas and the line of a timeline, in a viewBox of points.length × PLOT_H. */
export function timelineShapes(t: Timeline): TimelineShapes {
  const pts = t.points;
  const memMax = Math.max(0, ...pts.map((p) => p.memory?.sys.bytes ?? 0));
  const totalMax = Math.max(0, ...pts.map((p) => p.total?.value ?? 0));
  const shared = memMax > 0 && pts.every((p) => !p.total || p.total.unit === 'bytes');
  const memScale = (shared ? Math.max(memMax, totalMax) : memMax) * HEADROOM || 1;
  const totalScale = shared ? memScale : totalMax * HEADROOM || 1;
  const y = (v: number, scale: number) => num(PLOT_H - (v / scale) * PLOT_H);

  // Cumulative tops per point: tops[i][k] is the top of layer k at point i.
  const tops = pts.map((p) => {
    let acc = 0;
    return LAYERS.map((id) => (acc += p.memory?.layers.find((l) => l.layer === id)?.bytes ?? 0));
  });
  const memRuns = runs(pts.length, (i) => pts[i].memory !== null);
  const areas = LAYERS.map((layer, k) => {
    const d = memRuns
      .map((run) => {
        const xs = run.length === 1 ? [xOf(run[0]) - 0.3, xOf(run[0]) + 0.3] : run.map(xOf);
        const at = run.length === 1 ? [run[0], run[0]] : run;
        const top = xs.map((x, j) => `${num(x)},${y(tops[at[j]][k], memScale)}`);
        const bottom = xs.map((x, j) => `${num(x)},${y(k === 0 ? 0 : tops[at[j]][k - 1], memScale)}`).reverse();
        return `M${top.join('L')}L${bottom.join('L')}Z`;
      })
      .join('');
    return { layer, d };
  }).filter((a) => a.d !== '' && pts.some((p) => p.memory?.layers.some((l) => l.layer === a.layer && l.bytes > 0)));

  const totalRuns = runs(pts.length, (i) => pts[i].total !== null).filter((run) => run.length > 1);
  const path = (run: number[]) => run.map((i) => `${num(xOf(i))},${y(pts[i].total!.value, totalScale)}`).join('L');
  const line = totalRuns.map((run) => `M${path(run)}`).join('');
  const under = memRuns.length > 0 ? '' : totalRuns.map((run) => `M${num(xOf(run[0]))},${PLOT_H}L${path(run)}L${num(xOf(run[run.length - 1]))},${PLOT_H}Z`).join('');
  const totalHeights = pts.map((p) => (p.total ? p.total.value / totalScale : null));
  const dots = totalHeights.map((h, i) => (h === null ? '' : `M${num(xOf(i))},${num(Math.min(PLOT_H - DOT_LIFT, PLOT_H - h * PLOT_H))}h0`)).join('');
  return { areas, line, under, totalHeights, dots, shared };
}

/** The pick that makes snapshot `i` the current one (the base and current trade places when it was the base); null if nothing changes. */
export function pickCurrent(t: Timeline, i: number): { baseId: string; currentId: string } | null {
  if (i === t.current || t.base < 0) return null;
  const base = i === t.base ? t.current : t.base;
  return { baseId: t.points[base].id, currentId: t.points[i].id };
}

/** The pick that makes snapshot `i` the base (trading places with the current when it was the current); null if nothing changes. */
export function pickBase(t: Timeline, i: number): { baseId: string; currentId: string } | null {
  if (i === t.base || t.base < 0) return null;
  const current = i === t.current ? t.base : t.current;
  return { baseId: t.points[i].id, currentId: t.points[current].id };
}

/**
 * Whose snapshots the timeline shows: the goroutine profiles under the
 * Goroutines tab, the heap profiles under Memory, else the kind the table
 * and the graph show (`reportKind`).
 */
export function timelineKind(view: string | null, reportKind: ProfileKind | null, loaded: readonly ProfileKind[]): ProfileKind | null {
  if (view === 'goroutines') return 'goroutine';
  if (view === 'memory') return loaded.includes('heap') ? 'heap' : loaded.includes('allocs') ? 'allocs' : reportKind;
  return reportKind;
}
