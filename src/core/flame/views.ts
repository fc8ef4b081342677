// The trees of a query, computed where the profiles live (the worker, or
// the CLI): the comparison and its engine come from core/report's
// ReportEngines (shared with the table and the graph, so their caches serve
// all three), the base and current columns from each profile alone with the
// same options (ReportEngines.sides), as the table's columns.

import type { Profile } from '../model';
import { PairCache, ReportEngine, ReportEngines, reportOptions, underField, type EngineOptions, type ReportMode, type ReportQuery } from '../report';
import { pivotTree, type Pivot } from './pivot';
import { buildFlameTree } from './build';
import { invertTree } from './invert';
import type { FlameTree } from './tree';

export interface FlameTrees {
  mode: ReportMode;
  modes: ReportMode[];
  options: EngineOptions;
  /** Base and current columns are there (two compatible profiles compared). */
  sides: boolean;
  warnings: string[];
  topDown: FlameTree;
  /** Built on first use. */
  inverted(): FlameTree;
  /** The pivot on a report node (an index into topDown.names), the last one kept. */
  pivot(node: number): Pivot;
}

export class FlameViews {
  private readonly last = new PairCache<{ key: string; trees: FlameTrees }>();

  /** `engines`: the page's (TopViews), so the table's engines and caches are reused. */
  constructor(private readonly engines: ReportEngines<ReportEngine> = new ReportEngines((p) => new ReportEngine(p))) {}

  /** The trees of a query (the last per pair kept). Throws ReportQueryError for a query pprof would refuse. */
  trees(current: Profile, base: Profile | null, query: ReportQuery): FlameTrees {
    const { mode, modes, compatible, normalize, engine } = this.engines.report(current, base, query);
    const options = reportOptions(engine.profile, query, 'top');
    const key = JSON.stringify([mode, normalize, options]);
    const cached = this.last.get(current, base);
    if (cached && cached.key === key) return cached.trees;
    const sides = base !== null && compatible && (mode === 'diff' || mode === 'diff_base');
    const topDown = underField(() => {
      const main = { profile: engine.profile, input: engine.graphInput(options) };
      if (!sides) return buildFlameTree(main, null);
      const s = this.engines.sides(current, base, normalize);
      // Each side's input after main's: an engine keeps only its last values, and they are three engines.
      const b = { profile: s.base.profile, input: s.base.graphInput(options) };
      const c = { profile: s.current.profile, input: s.current.graphInput(options) };
      return buildFlameTree(main, { base: b, current: c });
    });
    let inverted: FlameTree | undefined;
    let pivot: { node: number; pivot: Pivot } | undefined;
    const trees: FlameTrees = {
      mode,
      modes,
      options,
      sides,
      warnings: [...engine.graphInput(options).values.warnings],
      topDown,
      inverted: () => (inverted ??= invertTree(topDown)),
      pivot: (node) => {
        if (pivot?.node !== node) pivot = { node, pivot: pivotTree(topDown, node) };
        return pivot.pivot;
      },
    };
    this.last.set(current, base, { key, trees });
    return trees;
  }
}
