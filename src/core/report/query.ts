// A view's query as the engine's options, read as go tool pprof reads its
// flags: the sample type by name, the defaults of the view (options.ts), and
// a ReportQueryError naming the flag at fault.

import type { FilterOptions } from '../filter';
import type { Profile } from '../model';
import { sampleIndexByName, type EngineOptions } from './engine';
import { optionDefault, type ReportOptionValues, type ReportView } from './options';
import { ReportQueryError } from './query-error';

/** The query fields that are go tool pprof's options (and the regexp time budget); shared by every report view. */
export interface ReportQuery extends ReportOptionValues, Pick<FilterOptions, 'regexpBudgetMs'> {}

/** The engine options of `view`'s query; its defaults where the query has none (-nodecount: all for -top, 80 for -dot). */
export function reportOptions(profile: Profile, query: ReportQuery, view: ReportView): EngineOptions {
  const nodeCount = query.nodeCount ?? optionDefault('nodeCount', view);
  if (!Number.isInteger(nodeCount) || nodeCount < 0) throw new ReportQueryError('nodecount', `nodecount must be a whole number ≥ 0, not ${nodeCount}`);
  for (const [field, v] of [
    ['nodefraction', query.nodeFraction],
    ['edgefraction', query.edgeFraction],
  ] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v >= 0 && v <= 1)) throw new ReportQueryError(field, `${field} must be a number from 0 to 1, not ${v}`);
  }
  return {
    sampleIndex: sampleIndexByName(profile, query.sampleType),
    granularity: query.granularity ?? optionDefault('granularity', view),
    cum: query.cum === true,
    nodeCount,
    nodeFraction: query.nodeFraction ?? optionDefault('nodeFraction', view),
    edgeFraction: query.edgeFraction ?? optionDefault('edgeFraction', view),
    focus: query.focus || undefined,
    ignore: query.ignore || undefined,
    hide: query.hide || undefined,
    show: query.show || undefined,
    showFrom: query.showFrom || undefined,
    tagFocus: query.tagFocus || undefined,
    tagIgnore: query.tagIgnore || undefined,
    noInlines: query.noInlines === true,
    blame: query.blame === true,
  };
}
