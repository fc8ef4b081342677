// The trees of a query, computed where the profiles live (the worker, or
// the CLI): the comparison and its engine come from core/report's
// ReportEngines (shared with the table and the graph, so their caches serve
// all three), the base and current columns from each profile alone with the
// same options (ReportEngines.sides), as the table's columns.

import type { Profile } from '../model';
import { PairCache, ReportEngine, ReportEngines, reportOptions, underField, type EngineOptions, type ReportMode, type ReportQuery, type Values } from '../report';
import { pivotTree, type Pivot } from './pivot';
import { buildFlameTree } from './build';
import { invertTree } from './invert';
import { LazyTree } from './lazy';
import type { FlameTree } from './tree';

export interface FlameTrees {
  mode: ReportMode;
  modes: ReportMode[];
  options: EngineOptions;
  /** Base and current columns are there (two compatible profiles compared). */
  sides: boolean;
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

  /** `engines`: the page's (TopViews), so the table's engines and caches are reused. */
  constructor(private readonly engines: ReportEngines<ReportEngine> = new ReportEngines((p) => new ReportEngine(p))) {}

  /** The trees of a query (the last per pair kept). Throws ReportQueryError for a query pprof would refuse. */
  trees(current: Profile, base: Profile | null, query: ReportQuery): FlameTrees {
    const { mode, modes, compatible, normalize, engine } = this.engines.report(current, base, query);
    const options = reportOptions(engine.profile, query, 'top');
    const key = JSON.stringify([mode, normalize, options]);
    const sides = base !== null && compatible && (mode === 'diff' || mode === 'diff_base');
    const sources = () => {
      const main = { profile: engine.profile, input: engine.graphInput(options) };
      if (!sides) return { main, sides: null };
      const s = this.engines.sides(current, base, normalize);
      // Each side's input after main's: an engine keeps only its last values, and they are three engines.
      const b = { profile: s.base.profile, input: s.base.graphInput(options) };
      const c = { profile: s.current.profile, input: s.current.graphInput(options) };
      return { main, sides: { base: b, current: c } };
    };
    const src = underField(sources);
    // The lazy tree reads the engines' per-stack values: kept only while they are still each engine's last.
    const values = [src.main, src.sides?.base, src.sides?.current].flatMap((x) => (x ? [x.input.values] : []));
    const cached = this.last.get(current, base);
    if (cached && cached.key === key && cached.values.every((v, i) => v === values[i])) return cached.trees;
    const lazy = LazyTree.build(src.main, src.sides);
    let topDown: FlameTree | undefined;
    const whole = () =>
      (topDown ??= underField(() => {
        const src = sources();
        return buildFlameTree(src.main, src.sides);
      }));
    let inverted: FlameTree | undefined;
    let lazyInverted: LazyTree | undefined;
    let pivot: { node: number; pivot: Pivot } | undefined;
    const trees: FlameTrees = {
      mode,
      modes,
      options,
      sides,
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
