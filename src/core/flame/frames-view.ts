// What the flame graph tab receives of a query's trees (views.ts): only the
// frames it draws — wider than one pixel of the asked width, under the
// zoomed frame — in columns, with the names they use, each name's focus
// regexp and file:line, the search's marks and matched total, and, when
// pivoting on a function, its callers (drawn above it) next to its callees.

import type { Profile } from '../model';
import { focusRegexp, reportOptions, type NodeInfo, type ReportEngine, type ReportEngines, type ReportMode, type ReportQuery } from '../report';
import { flameFrames, searchFrames, type FlameFrames } from './select';
import { frameFlat, frameValue, frameWidth, type FlameTree, type FrameIndex } from './tree';
import type { LazyTree } from './lazy';
import type { FlameTrees, FlameViews } from './views';

export interface FlameQuery extends ReportQuery {
  /** The drawing's width in pixels: frames narrower than one are left out. */
  width: number;
  /** The zoomed frame: node keys from the root's child (or, pivoting, the function's child) down; empty or absent: the whole tree. */
  zoom?: readonly string[];
  /** Pivot on the function (node) with this key: callers above, callees below. */
  pivot?: string | null;
  /** Frames whose name contains it (case-insensitive) are marked. */
  search?: string;
}

/** One tree's drawn frames, in preorder (a parent before its children); frame 0 is the zoomed root. */
export interface FlamePart {
  count: number;
  /** Index into FlameView.names; -1 for the tree's synthetic root. */
  name: Int32Array;
  /** The drawn parent (an index into these columns); -1 for frame 0. */
  parent: Int32Array;
  /** Left edge and width as fractions of frame 0's width; depth below frame 0. */
  x: Float64Array;
  width: Float64Array;
  depth: Int32Array;
  /** Signed cum and flat (Δ in a diff); each profile alone when both are compared. */
  value: Float64Array;
  flat: Float64Array;
  base: Float64Array | null;
  current: Float64Array | null;
  /** 1 where the name matches the search. */
  match: Uint8Array;
}

export interface FlameView {
  mode: ReportMode;
  modes: ReportMode[];
  sampleType: string;
  sampleUnit: string;
  sampleTypes: { type: string; unit: string }[];
  /** pprof's report total (-top's), the denominator of "share of the total". */
  total: number;
  /** Base and current columns are there. */
  sides: boolean;
  /** A comparison (-base or -diff_base): colour by growth and shrinkage. */
  diff: boolean;
  warnings: string[];
  /** Per name used by the frames (and the breadcrumbs): what pprof prints, the node key, a focus regexp, file:line. */
  names: string[];
  keys: string[];
  focus: (string | null)[];
  location: (string | null)[];
  /** The zoomed frame's ancestors and itself, outermost first (the synthetic root first, name -1), with their signed cum. */
  path: { name: number; value: number }[];
  /** The zoom path actually found (a prefix of the query's: frames gone after a change of choices are dropped). */
  zoom: string[];
  /** The pivoted function's key, or null. */
  pivot: string | null;
  /** Top-down, or the pivot's callees (frame 0 the zoomed frame). */
  down: FlamePart;
  /** Pivoting: the callers, frame 0 the function itself (the same as down's when not zoomed), depth upward. */
  up: FlamePart | null;
  /** The search: frames of the whole (down) tree that match, and their total counted once per path. */
  search: { text: string; frames: number; value: number; width: number };
}

/** The flame graph's view of a query, from the trees FlameViews keeps (the table's engines shared). */
export class FlameFrameViews {
  private readonly infos = new WeakMap<FlameTrees, NodeInfos>();

  constructor(
    private readonly views: FlameViews,
    private readonly engines: ReportEngines<ReportEngine>,
  ) {}

  /** Throws ReportQueryError for a query pprof would refuse. */
  view(current: Profile, base: Profile | null, query: FlameQuery): FlameView {
    const trees = this.views.trees(current, base, query);
    const info = this.nodeInfos(trees, current, base, query);
    const minFraction = 1 / Math.max(1, Math.floor(query.width));
    const pivotNode = query.pivot ? trees.lazy.meta.keys.indexOf(query.pivot) : -1;
    const pivot = pivotNode >= 0 ? trees.pivot(pivotNode) : null;
    // Not pivoting: the lazy tree, made as far as it is drawn.
    const downTree = pivot ? pivot.callees : drawnTree(trees.lazy, query.zoom ?? [], minFraction);
    const t = downTree;
    const start = pivot ? 1 : 0;
    const zoomed = resolveZoom(downTree, start, query.zoom ?? []);
    const names = new NameTable(t, info.nodes, info.functions, trees.options.granularity, query.search ?? '');
    const down = part(downTree, flameFrames(downTree, { root: zoomed.frame, minFraction }), names);
    // The callers share the function's scale: drawn when the callees are not zoomed in.
    const up = pivot && zoomed.frame === start && downTree.length > 1 ? part(pivot.callers, flameFrames(pivot.callers, { root: 1, minFraction }), names) : null;
    const path: { name: number; value: number }[] = [];
    for (let f = zoomed.frame; f !== -1; f = downTree.parent[f]) path.unshift({ name: f === 0 ? -1 : names.of(downTree.node[f]), value: frameValue(downTree, f) });
    // The search counts frames of the whole tree.
    const found = searchFrames(pivot || !query.search?.trim() ? downTree : trees.topDown, query.search ?? '');
    return {
      mode: trees.mode,
      modes: trees.modes,
      sampleType: t.sampleType,
      sampleUnit: t.sampleUnit,
      sampleTypes: sampleTypesOf(trees.mode === 'base' && base ? base : current),
      total: t.total,
      sides: trees.sides,
      diff: trees.mode === 'diff' || trees.mode === 'diff_base',
      warnings: trees.warnings,
      ...names.columns(),
      path,
      zoom: zoomed.keys,
      pivot: pivot ? query.pivot! : null,
      down,
      up,
      search: { text: query.search ?? '', frames: found.frames.length, value: found.value, width: found.width },
    };
  }

  /** Each report node's NodeInfo by key, from the engines' inputs of this query, and where each function is (read once per tree). */
  private nodeInfos(t: FlameTrees, current: Profile, base: Profile | null, query: FlameQuery): NodeInfos {
    const known = this.infos.get(t);
    if (known) return known;
    const m = new Map<string, NodeInfo>();
    const { engine, normalize, compatible, mode } = this.engines.report(current, base, query);
    const options = reportOptions(engine.profile, query, 'top');
    const engines: ReportEngine[] = [engine];
    if (base && compatible && (mode === 'diff' || mode === 'diff_base')) {
      const s = this.engines.sides(current, base, normalize);
      // Read off the comparison, the trees' node keys are all the comparison's: the base's own report is not made for them.
      engines.push(...(t.baseFromComparison ? [] : [s.base]), s.current);
    }
    for (const e of engines) {
      const nodes = e.graphInput(options).nodes;
      for (let n = 0; n < nodes.length; n++) if (!m.has(nodes.sprint[n])) m.set(nodes.sprint[n], nodes.info[n]);
    }
    const infos = { nodes: m, functions: functionPlaces(base ? [current, base] : [current]) };
    this.infos.set(t, infos);
    return infos;
  }
}

interface NodeInfos {
  nodes: Map<string, NodeInfo>;
  /** A function's file and first line by its name ("file:line" or the file): what a node of the functions granularity no longer says. */
  functions: Map<string, string>;
}

function functionPlaces(profiles: Profile[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of profiles) {
    const fns = p.functions;
    for (let f = 0; f < fns.length; f++) {
      const name = p.strings[fns.name[f]];
      const file = p.strings[fns.filename[f]];
      if (!name || !file || out.has(name)) continue;
      out.set(name, fns.startLine[f] > 0 ? `${file}:${fns.startLine[f]}` : file);
    }
  }
  return out;
}

/** The frame a zoom path leads to from `start`, and the part of the path found. */
export function resolveZoom(t: FlameTree, start: FrameIndex, zoom: readonly string[]): { frame: FrameIndex; keys: string[] } {
  let f = start;
  const keys: string[] = [];
  for (const key of zoom) {
    let next = -1;
    for (let c = f + 1; c < t.end[f]; c = t.end[c]) {
      if (t.keys[t.node[c]] === key) {
        next = c;
        break;
      }
    }
    if (next < 0 || frameWidth(t, next) <= 0) break;
    keys.push(key);
    f = next;
  }
  return { frame: f, keys };
}

/** The names the drawn frames use, numbered in order of use, with their focus regexp, location and search mark. */
class NameTable {
  private readonly index = new Map<number, number>();
  private readonly nodes: number[] = [];
  private readonly needle: string;

  constructor(
    private readonly t: FlameTree,
    private readonly info: Map<string, NodeInfo>,
    private readonly functions: Map<string, string>,
    private readonly granularity: Parameters<typeof focusRegexp>[1],
    search: string,
  ) {
    this.needle = search.trim().toLowerCase();
  }

  of(node: number): number {
    let i = this.index.get(node);
    if (i === undefined) {
      i = this.nodes.length;
      this.index.set(node, i);
      this.nodes.push(node);
    }
    return i;
  }

  matches(node: number): boolean {
    return this.needle !== '' && this.t.names[node].toLowerCase().includes(this.needle);
  }

  columns(): Pick<FlameView, 'names' | 'keys' | 'focus' | 'location'> {
    const { t, info } = this;
    return {
      names: this.nodes.map((n) => t.names[n]),
      keys: this.nodes.map((n) => t.keys[n]),
      focus: this.nodes.map((n) => {
        const i = info.get(t.keys[n]);
        return i ? focusRegexp(i, this.granularity) : null;
      }),
      location: this.nodes.map((n) => {
        const i = info.get(t.keys[n]);
        if (i && i.file) {
          const line = i.lineno || i.startLine;
          return line ? `${i.file}:${line}` : i.file;
        }
        return i && i.name ? (this.functions.get(i.name) ?? null) : null;
      }),
    };
  }
}

/** The drawn frames' columns (flameFrames keeps a frame's place when narrower siblings are left out: they come after it). */
function part(t: FlameTree, drawn: FlameFrames, names: NameTable): FlamePart {
  const frames = drawn.frame;
  const n = frames.length;
  const at = new Map<FrameIndex, number>();
  const p: FlamePart = {
    count: n,
    name: new Int32Array(n),
    parent: new Int32Array(n),
    x: drawn.x,
    width: drawn.width,
    depth: drawn.depth,
    value: new Float64Array(n),
    flat: new Float64Array(n),
    base: t.base ? new Float64Array(n) : null,
    current: t.current ? new Float64Array(n) : null,
    match: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const f = frames[i];
    at.set(f, i);
    const node = t.node[f];
    p.name[i] = node < 0 ? -1 : names.of(node);
    p.parent[i] = at.get(t.parent[f]) ?? -1;
    p.value[i] = frameValue(t, f);
    p.flat[i] = frameFlat(t, f);
    if (p.base && t.base) p.base[i] = t.base[f];
    if (p.current && t.current) p.current[i] = t.current[f];
    p.match[i] = node >= 0 && names.matches(node) ? 1 : 0;
  }
  return p;
}

function sampleTypesOf(p: Profile): { type: string; unit: string }[] {
  return p.sampleTypes.map((s) => ({ type: p.strings[s.type], unit: p.strings[s.unit] }));
}

/**
 * The lazy tree with the frames a drawing needs made (the zoom path's, and
 * below the zoomed frame those at least `minFraction` of its width), as a
 * FlameTree that resolveZoom and flameFrames read as they read the whole.
 */
function drawnTree(t: LazyTree, zoom: readonly string[], minFraction: number): FlameTree {
  let f = 0;
  for (const key of zoom) {
    const next = t.children(f).find((c) => t.meta.keys[t.node[c]] === key);
    if (next === undefined || t.width(next) <= 0) break;
    f = next;
  }
  const min = minFraction * t.width(f);
  const todo = t.width(f) > 0 ? [f] : [];
  while (todo.length > 0) {
    for (const c of t.children(todo.pop()!)) {
      const w = t.width(c);
      if (w > 0 && w >= min && t.hasChildren(c)) todo.push(c);
    }
  }
  return t.materialize().tree;
}
