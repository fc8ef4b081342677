// The trees of a query, computed where the profiles live (the worker, or
// the CLI): the comparison and its engine come from core/report's
// ReportEngines (shared with the table and the graph, so their caches serve
// all three), the base and current columns from each profile alone with the
// same options (ReportEngines.sides), as the table's columns. The lazy tree
// reads the base column off the comparison and the current where that is
// exact (ReportEngines.baseFromComparison): the base profile's own values
// and stack tree are then not read at all (docs/decisions/0030).

import type { Profile } from '../model';
import { PairCache, ReportEngine, ReportEngines, reportOptions, underField, type EngineOptions, type ReportMode, type ReportQuery, type Values } from '../report';
import { pivotTree, type Pivot } from './pivot';
import { buildFlameTree, type TreeSource } from './build';
import { invertTree } from './invert';
import { LazyTree } from './lazy';
import type { FlameTree } from './tree';

export interface FlameTrees {
  mode: ReportMode;
  modes: ReportMode[];
  options: EngineOptions;
  /** Base and current columns are there (two compatible profiles compared). */
  sides: boolean;
  /** The base column is read off the comparison (ReportEngines.baseFromComparison): every node key of the lazy trees is the comparison's. */
  baseFromComparison: boolean;
  warnings: string[];
  /** The whole top-down tree, built on first use (a million frames on a large pair: the lazy one serves the pages). */
  readonly topDown: FlameTree;
  /** The same tree made as the pages ask (lazy.ts). */
  lazy: LazyTree;
  /** The bottom-up tree made as the pages ask, on first use. */
  lazyInverted(): LazyTree;
  /** Built on first use. */
  inverted(): FlameTree;
  /** The pivot on a report node (an index into topDown.names), the last one kept. */
  pivot(node: number): Pivot;
}

export class FlameViews {
  private readonly last = new PairCache<{ key: string; values: Values[]; trees: FlameTrees }>();

  /**
   * `engines`: the page's (TopViews), so the table's engines and caches are
   * reused. `baseFromComparison: false` always reads the base profile on its
   * own (the tests compare both ways).
   */
  constructor(
    private readonly engines: ReportEngines<ReportEngine> = new ReportEngines((p) => new ReportEngine(p)),
    private readonly settings: { baseFromComparison?: boolean } = {},
  ) {}

  /** The trees of a query (the last per pair kept). Throws ReportQueryError for a query pprof would refuse. */
  trees(current: Profile, base: Profile | null, query: ReportQuery): FlameTrees {
    const { mode, modes, compatible, normalize, engine } = this.engines.report(current, base, query);
    const options = reportOptions(engine.profile, query, 'top');
    const key = JSON.stringify([mode, normalize, options]);
    const sides = base !== null && compatible && (mode === 'diff' || mode === 'diff_base');
    const fromComparison = sides && this.settings.baseFromComparison !== false && this.engines.baseFromComparison(current, base, mode, normalize, options);
    const input = (e: ReportEngine): TreeSource => ({ profile: e.profile, input: e.graphInput(options) });
    // Each side's input after main's: an engine keeps only its last values, and they are three engines.
    // The base's is read only when asked for (not at all when it is read off the comparison).
    const sources = (withBase: boolean) => {
      const main = input(engine);
      if (!sides) return { main, sides: null, read: () => [main] };
      const s = this.engines.sides(current, base, normalize);
      let b = withBase ? input(s.base) : undefined;
      const c = input(s.current);
      const baseSource = () => (b ??= input(s.base));
      return { main, sides: { current: c, base: baseSource, fromComparison }, read: () => [main, ...(b ? [b] : []), c] };
    };
    const src = underField(() => sources(!fromComparison));
    // The lazy tree reads the engines' per-stack values: kept only while they are still each engine's last.
    const cached = this.last.get(current, base);
    if (cached && cached.key === key && sameValues(cached.values, src.read())) return cached.trees;
    const lazy = underField(() => LazyTree.build(src.main, src.sides));
    const values = src.read().map((x) => x.input.values);
    let topDown: FlameTree | undefined;
    const whole = () =>
      (topDown ??= underField(() => {
        const w = sources(true);
        return buildFlameTree(w.main, w.sides && { base: w.sides.base(), current: w.sides.current });
      }));
    let inverted: FlameTree | undefined;
    let lazyInverted: LazyTree | undefined;
    let pivot: { node: number; pivot: Pivot } | undefined;
    const trees: FlameTrees = {
      mode,
      modes,
      options,
      sides,
      baseFromComparison: fromComparison,
      warnings: [...engine.graphInput(options).values.warnings],
      get topDown() {
        return whole();
      },
      lazy,
      lazyInverted: () => (lazyInverted ??= lazy.invert()),
      inverted: () => (inverted ??= invertTree(whole())),
      pivot: (node) => {
        if (pivot?.node !== node) pivot = { node, pivot: pivotTree(whole(), node) };
        return pivot.pivot;
      },
    };
    this.last.set(current, base, { key, values, trees });
    return trees;
  }
}

const sameValues = (values: Values[], read: TreeSource[]) => values.length === read.length && read.every((x, i) => x.input.values === values[i]);
