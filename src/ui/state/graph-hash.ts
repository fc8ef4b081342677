// The graph view's own choices in the URL hash, next to the ones it shares
// with the heap table (state/hash.ts): the options only the graph draws
// (core/report options.ts: nf, ef, pprof's nodefraction and edgefraction).
//
// As in hash.ts, only choices made are written, and every other key stays
// as it was, byte for byte (hash.ts keeps these the same way).

import { REPORT_OPTIONS, type OwnChoices } from '../../core/report';
import { encodeHashChoices, parseHashChoices, replaceHashKeys } from './hash';

export type GraphChoices = OwnChoices<'graph', 'top'>;

const OPTIONS = REPORT_OPTIONS.filter((o) => !(o.views as readonly string[]).includes('top'));

export const GRAPH_HASH_KEYS = OPTIONS.map((o) => o.hash);
const OWN = new Set<string>(GRAPH_HASH_KEYS);

export function parseGraphHash(hash: string): GraphChoices {
  return parseHashChoices<GraphChoices>(hash, OPTIONS);
}

/** `hash` with the graph's keys replaced by `c` (appended after the other parts); "" or a string starting with "#". */
export function writeGraphHash(hash: string, c: GraphChoices): string {
  return replaceHashKeys(hash, OWN, encodeHashChoices(c, OPTIONS));
}
