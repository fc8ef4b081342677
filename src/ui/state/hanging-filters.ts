// A filter that hung the decoder. One match that never returns (a
// backtracking pattern over a long name) cannot be stopped inside the
// worker, and asking again would do the same: after the watchdog has
// replaced the worker, the patterns of the request that died leave the
// choices, and the user is told why. Pure: hooks/useReportChoices.ts applies
// it. Shared by the table and the graph.

import type { FilterOptions } from '../../core/filter';
import { FILTER_OPTIONS } from '../../core/report';
import type { TopChoices } from './hash';

/** The regexp choices, by their name in both the choices and the query. */
const FILTER_CHOICES = FILTER_OPTIONS.map((o) => o.key);

/**
 * A request of `query` died with the decoder: `drop` removes its patterns
 * from choices, `message` is for the user. Null when the query had no
 * pattern.
 */
export function hangingFilters(query: FilterOptions): { message: string; drop: (c: TopChoices) => TopChoices } | null {
  const patterns = FILTER_CHOICES.filter((k) => query[k]);
  if (patterns.length === 0) return null;
  const drop = (c: TopChoices): TopChoices => {
    const next = { ...c };
    for (const k of patterns) if (next[k] === query[k]) delete next[k];
    return next;
  };
  const message =
    `The decoder stopped while matching ${patterns.map((k) => `${k} ${JSON.stringify(query[k])}`).join(', ')} and was restarted; the pattern was cleared. ` +
    "JavaScript's regexps backtrack where Go's RE2 does not: avoid nested repetition like (a+)+.";
  return { message, drop };
}
