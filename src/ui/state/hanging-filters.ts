// A filter that hung the decoder: after the watchdog has replaced the
// worker, the patterns of the request that died leave the view (hash and
// choices), and the user is told why. Shared by the table and the graph.

import type { FilterOptions } from '../../core/filter';
import { parseTopHash, setHash, writeTopHash, type TopChoices } from './hash';

/** The regexp choices, by their name in both the choices and the query. */
const FILTER_CHOICES = ['focus', 'ignore', 'hide', 'show', 'showFrom', 'tagFocus', 'tagIgnore'] as const;

/** Why the filters were last cleared after a decoder restart; shown until the user's next choice (kept across a remount). */
let stoppedMessage: string | null = null;

export const stoppedFilters = {
  get message(): string | null {
    return stoppedMessage;
  },
  clear(): void {
    stoppedMessage = null;
  },
};

/**
 * A request of `query` died with the decoder (the watchdog replaced it).
 * Patterns match in linear time (RE2), but whatever stopped the decoder
 * during a filtered report would stop it again if asked again: so the
 * query's patterns leave the hash (the panel may be gone by now, its profiles
 * loading again) and `drop` removes them from choices. Returns the message
 * for the user, or null when the query had no pattern.
 */
export function clearHangingFilters(query: FilterOptions): { message: string; drop: (c: TopChoices) => TopChoices } | null {
  const patterns = FILTER_CHOICES.filter((k) => query[k]);
  if (patterns.length === 0) return null;
  const drop = (c: TopChoices): TopChoices => {
    const next = { ...c };
    for (const k of patterns) if (next[k] === query[k]) delete next[k];
    return next;
  };
  setHash(writeTopHash(location.hash, drop(parseTopHash(location.hash))));
  stoppedMessage =
    `The decoder stopped while matching ${patterns.map((k) => `${k} ${JSON.stringify(query[k])}`).join(', ')} and was restarted; the pattern was cleared.`;
  return { message: stoppedMessage, drop };
}
