// Which report a query asks for, and its engine: the comparison ("mode") of
// the loaded profiles, and engines cached per (current, base, mode,
// normalize) and per profile alone, shared by every view of the page (the
// table, the graph), so switching views computes nothing twice.
//
//   mode   the current profile alone, the base alone, current -base base
//          (the default with two profiles), or current -diff_base base
//          (core/diff)
//   sides  each profile of a pair alone, as the base and current columns
//          see it: as decoded where merging it alone (as pprof merges one
//          source) would change no node, else merged; with -normalize the
//          current one scaled as in the diff
//   baseFromComparison  whether the base column may be read off the
//          comparison and the current column instead (the merge's identity)

import { checkCompatible, compareProfiles, exactSums, mergeAloneKeepsReport, mergedFrom, mergeProfiles, type DiffMode, type MergedSource } from '../diff';
import { totals, type Profile } from '../model';
import { ReportEngine, type EngineOptions } from './engine';
import { activeFilters, REPORT_MODES, type ReportMode } from './options';
import type { SplitSide } from './split';
import { PairCache } from './pair-cache';
import { ReportQueryError } from './query-error';

/**
 * The mode a query gets: without a base, 'current'; else the one asked for,
 * or by default the -base diff (the current profile alone when the two
 * cannot be compared).
 */
export function resolveMode(mode: ReportMode | undefined, hasBase: boolean, compatible = true): ReportMode {
  if (!hasBase) return 'current';
  return mode ?? (compatible ? 'diff' : 'current');
}

/** A query's report: its mode, the modes the profiles allow, and the engine. */
export interface ResolvedReport<E extends ReportEngine> {
  mode: ReportMode;
  modes: ReportMode[];
  compatible: boolean;
  normalize: boolean;
  engine: E;
}

export class ReportEngines<E extends ReportEngine = ReportEngine> {
  /** "mode|normalize" → engine of the compared profile, per pair. */
  private readonly pairs = new PairCache<Map<string, E>>();
  /** A profile alone, merged as pprof merges a single source. */
  private readonly singles = new WeakMap<Profile, E>();
  /** A profile as decoded (alone()). */
  private readonly unmerged = new WeakMap<Profile, E>();
  /** current scaled to base's totals (-normalize), alone. */
  private readonly normalized = new PairCache<E>();
  private readonly compatible = new PairCache<boolean>();
  /** mergeAloneKeepsReport, per profile. */
  private readonly mergeFree = new WeakMap<Profile, boolean>();
  /** readsAlone, per profile. */
  private readonly splitReady = new WeakMap<Profile, boolean>();

  /**
   * `make`: the engine class of the views that own this cache (the table's
   * computes its rows too). `splitFrom`: the stack nodes of a pair (both
   * profiles) from which a comparison's table is read from its sides
   * (splitSides).
   */
  constructor(
    private readonly make: (p: Profile) => E,
    private readonly splitFrom = SPLIT_FROM_STACK_NODES,
  ) {}

  /** The engine of the report a query asks for (cached). */
  engine(current: Profile, base: Profile | null, mode: ReportMode, normalize = false): E {
    if (mode === 'current' || base === null) return this.single(current);
    if (mode === 'base') return this.single(base);
    const norm = normalize === true;
    const byMode = this.pairs.getOrMake(current, base, () => new Map());
    const key = `${mode}|${norm ? 1 : 0}`;
    let e = byMode.get(key);
    if (!e) {
      const diffMode: DiffMode = mode === 'diff_base' ? 'diff_base' : 'base';
      e = this.make(compareProfiles([current], [base], { mode: diffMode, normalize: norm }));
      byMode.set(key, e);
    }
    return e;
  }

  /**
   * The mode a query gets with these profiles (resolveMode), whether it
   * normalizes, and the engine of that report; ReportQueryError when it asks
   * to compare profiles that cannot be. `table`: for the -top table, whose
   * report of one profile alone may skip the merge (valueEngine).
   */
  report(current: Profile, base: Profile | null, query: { mode?: ReportMode; normalize?: boolean }, table = false): ResolvedReport<E> {
    const { mode, modes, compatible, normalize } = this.resolve(current, base, query);
    const alone = mode === 'current' || base === null ? current : mode === 'base' ? base : null;
    const engine = table && alone ? this.valueEngine(alone) : this.engine(current, base, mode, normalize);
    return { mode, modes, compatible, normalize, engine };
  }

  /** report() without the engine: the mode, the modes the profiles allow, whether it normalizes. */
  resolve(current: Profile, base: Profile | null, query: { mode?: ReportMode; normalize?: boolean }): Omit<ResolvedReport<E>, 'engine'> {
    const compatible = base !== null && this.isCompatible(current, base);
    const mode = resolveMode(query.mode, base !== null, compatible);
    if ((mode === 'diff' || mode === 'diff_base') && base !== null && !compatible) {
      try {
        checkCompatible(current, base);
      } catch (e) {
        throw new ReportQueryError(null, `These two profiles cannot be compared: ${(e as Error).message}.`);
      }
    }
    const normalize = query.normalize === true && (mode === 'diff' || mode === 'diff_base');
    // What the page offers: a pair that cannot be compared is two profiles alone.
    const modes: ReportMode[] = base === null ? ['current'] : compatible ? [...REPORT_MODES] : ['current', 'base'];
    return { mode, modes, compatible, normalize };
  }

  /**
   * The two sides a comparison's report may be read from instead of its
   * merge (report/split.ts), or null: only for a large pair (a merge of
   * millions of stack nodes, and its report, cost seconds where reading
   * the sides costs a fraction), before the merge is made (once made, its
   * engine answers), with no filter (each is pprof's over the merged
   * profile's samples and locations), each side reading as its merge alone (the base and
   * current columns are the sides' as decoded), and sums that are exact
   * in any order. splitReport may still refuse (a mapping moved).
   */
  splitSides(current: Profile, base: Profile, mode: ReportMode, normalize: boolean, o: EngineOptions): { current: SplitSide; base: SplitSide } | null {
    if ((mode !== 'diff' && mode !== 'diff_base') || normalize) return null;
    if (current.stacks.length + base.stacks.length < this.splitFrom) return null;
    if (this.pairs.get(current, base)?.has(`${mode}|0`)) return null;
    if (activeFilters(o).length > 0) return null;
    if (!this.readsAlone(current) || !this.readsAlone(base)) return null;
    const side = (p: Profile): SplitSide => {
      const e = this.alone(p);
      return { profile: p, reading: e.locationNodes(o, o.granularity ?? 'functions'), read: e.sideRead(o) };
    };
    return { current: side(current), base: side(base) };
  }

  /**
   * Reads a profile, while the others of its pair still decode, as a
   * comparison's table read from its sides would (splitSides) with these
   * options: when it is large enough for its pair to be, and it reads
   * alone. The read is kept with its engine.
   */
  prepare(p: Profile, o: EngineOptions): void {
    if (p.stacks.length * 2 < this.splitFrom || activeFilters(o).length > 0 || !this.readsAlone(p)) return;
    this.alone(p).sideRead(o);
  }

  /** A profile whose merge alone changes no report and whose sums are exact in any order. */
  private readsAlone(p: Profile): boolean {
    let ok = this.splitReady.get(p);
    if (ok === undefined) this.splitReady.set(p, (ok = this.mergeAloneKeeps(p) && exactSums(p)));
    return ok;
  }

  /** mergeAloneKeepsReport, once per profile. */
  private mergeAloneKeeps(p: Profile): boolean {
    let keeps = this.mergeFree.get(p);
    if (keeps === undefined) this.mergeFree.set(p, (keeps = mergeAloneKeepsReport(p)));
    return keeps;
  }

  /**
   * Each profile of a pair alone, as the base and current columns see it
   * (current scaled to base with -normalize): as decoded where merging it
   * alone would change no node's flat or cum (valueEngine); the merged
   * copies took 255 MB of the wide pair's 2.1 GB in the worker
   * (docs/decisions/0026-memory.md).
   */
  sides(current: Profile, base: Profile, normalize: boolean): { base: E; current: E } {
    return { base: this.valueEngine(base), current: normalize ? this.normalizedCurrent(current, base) : this.valueEngine(current) };
  }

  /**
   * Whether the base column's per-stack values (sides().base read with `o`)
   * are, summed over any frames, exactly the current column's less the
   * comparison's, each on the comparison's stack nodes: the comparison is
   * the merge of [current, base × −1] (mode diff or diff_base, no
   * -normalize), so per stack node it holds current − base when three
   * things hold, checked here: the merge read both sources' locations as
   * they are and kept the current's stack nodes (and the current column's
   * engine reads it so too: the same nodes, the same reading); the base
   * column's engine reads the base as the merge did; and every sum of their
   * values is exact (integers, far below 2^53). -diff_base labels the base's
   * samples, which a tag filter could tell from the current's: then not.
   * A stack where both cancel is dropped from the comparison but is still
   * the current's, so base = current there as everywhere.
   */
  baseFromComparison(current: Profile, base: Profile, mode: ReportMode, normalize: boolean, o: EngineOptions): boolean {
    if ((mode !== 'diff' && mode !== 'diff_base') || normalize) return false;
    const compared = this.engine(current, base, mode, false);
    const from = mergedFrom(compared.profile);
    if (from?.length !== 2) return false;
    const [c, b] = from;
    if (c.profile !== current || !scaledBy(c, 1) || c.label || !c.stacksKept || !c.locationsAsIs || !c.exactSums) return false;
    if (b.profile !== base || !scaledBy(b, -1) || !b.locationsAsIs || !b.exactSums) return false;
    if (b.label && (o.tagFocus || o.tagIgnore)) return false;
    const s = this.sides(current, base, false);
    if (!readsAsIs(s.current.profile, current, true) || !readsAsIs(s.base.profile, base, false)) return false;
    const reading = compared.locationReading(o);
    return s.current.locationReading(o) === reading && s.base.locationReading(o) === reading;
  }

  /**
   * sides() for the table's base and current columns, with `transient`: the
   * engines not kept as a profile's merged one, whose per-stack values the
   * caller may release once read (a view that needs them computes them again).
   */
  valueSides(current: Profile, base: Profile, normalize: boolean): { base: E; current: E; transient: Set<E> } {
    const s = this.sides(current, base, normalize);
    const transient = new Set<E>();
    if (s.base !== this.singles.get(base)) transient.add(s.base);
    if (!normalize && s.current !== this.singles.get(current)) transient.add(s.current);
    return { ...s, transient };
  }

  /**
   * A profile alone for the -top table: its merged engine when it is there
   * already, else the profile as decoded when merging it alone would change
   * nothing the table shows (mergeAloneKeepsReport): the merge of a
   * 13-million-node profile costs as much as its report.
   */
  private valueEngine(p: Profile): E {
    return this.singles.get(p) ?? (this.mergeAloneKeeps(p) ? this.alone(p) : this.single(p));
  }

  /**
   * A profile as decoded, not merged: for reports that read only each
   * node's flat and cum (the trend, over every snapshot of a series).
   * Merging one source folds duplicate locations and equal samples, which
   * changes no node's values, and costs as much as the report itself
   * (docs/decisions/0018-trend-unmerged-snapshots.md).
   */
  alone(p: Profile): E {
    let e = this.unmerged.get(p);
    if (!e) {
      e = this.make(p);
      this.unmerged.set(p, e);
    }
    return e;
  }

  private single(p: Profile): E {
    let e = this.singles.get(p);
    if (!e) {
      e = this.make(compareProfiles([p]));
      this.singles.set(p, e);
    }
    return e;
  }

  private normalizedCurrent(current: Profile, base: Profile): E {
    return this.normalized.getOrMake(current, base, () => {
      // diff/index.ts: the current profile scaled per type by base total / current total.
      const bt = totals(base);
      const ct = totals(current);
      const scale = Array.from(ct, (c, t) => (c === 0 ? 0 : bt[t] / c));
      return this.make(mergeProfiles([{ profile: current, scale }]));
    });
  }

  private isCompatible(current: Profile, base: Profile): boolean {
    return this.compatible.getOrMake(current, base, () => {
      try {
        checkCompatible(current, base);
        return true;
      } catch {
        return false;
      }
    });
  }
}

/**
 * A pair this large reads its comparison's table from the sides: the merge
 * and its report of the wide pair's 20 M stack nodes took 13 s in Node,
 * reading the sides 0.7 s; below, the merge answers the table, and the
 * graph and flame graph that follow it find it made (docs/decisions/0032).
 */
export const SPLIT_FROM_STACK_NODES = 2 ** 23;

const scaledBy = (m: MergedSource, r: number) => m.scale.every((x) => x === r);

/**
 * Whether `p` reads as `source` alone: it is the source, or pprof's merge of
 * it alone, unscaled, every location as it is (and with `sameNodes`, every
 * stack node at its index). Merging one source otherwise only adds up equal
 * samples and drops all-zero ones: no stack node's sum changes.
 */
function readsAsIs(p: Profile, source: Profile, sameNodes: boolean): boolean {
  if (p === source) return true;
  const from = mergedFrom(p);
  if (from?.length !== 1) return false;
  const [m] = from;
  return m.profile === source && scaledBy(m, 1) && !m.label && m.locationsAsIs && (m.stacksKept || !sameNodes);
}
