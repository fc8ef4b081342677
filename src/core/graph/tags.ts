// Sample tags, the small boxes pprof hangs below a graph node ("nodelets"):
// heap samples carry a numeric label `bytes` (the object size), so a node's
// nodelets say which object sizes its memory is in ("648kB" objects).
//
// pprof's rules (report newGraph, graph addSample):
//   - of the numeric labels only `bytes` is kept, in the one unit pprof's
//     NumLabelUnits gives the key (the first num_unit seen, else "bytes");
//   - a tag's name is the value scaled to its best unit ("648kB"): values
//     that print the same are one tag at a node (the value of the first
//     sample seen there is its value, for nodelet buckets);
//   - string labels of a sample, "key:value" sorted and joined with a
//     literal \n, are one label tag; numeric tags are grouped under it;
//   - the `pprof::base` label of -diff_base samples is removed first.
//
// Computed once per profile (it does not depend on the sample type):
// sample i has tags tag[start[i] .. start[i+1]-1] (slots), the label tag
// first; value[slot] is the numeric value the slot was made from.

import { formatValue } from '../format';
import { DIFF_BASE_LABEL } from '../diff';
import { numLabelUnits } from '../filter';
import type { Profile } from '../model';

export interface TagTable {
  length: number;
  /** pprof's Tag.Name: "648kB", or "key:value\nkey:value" with a literal backslash-n. */
  name: string[];
  /** A label tag's "key:value" pairs (the lines of its nodelet); null for a numeric tag. */
  pairs: (string[] | null)[];
  /** The label tag a numeric tag is drawn under ("" for none). */
  group: string[];
  /** A numeric tag's unit (for buckets when there are too many). */
  unit: string[];
}

export interface SampleTags {
  start: Int32Array;
  tag: Int32Array;
  value: Float64Array;
  table: TagTable;
}

const NUMERIC_KEY = 'bytes';

const cache = new WeakMap<Profile, SampleTags>();

export function sampleTags(p: Profile): SampleTags {
  const cached = cache.get(p);
  if (cached) return cached;
  const table: TagTable = { length: 0, name: [], pairs: [], group: [], unit: [] };
  const ids = new Map<string, number>();
  const add = (key: string, name: string, pairs: string[] | null, group: string, unit: string): number => {
    let id = ids.get(key);
    if (id === undefined) {
      id = table.length++;
      ids.set(key, id);
      table.name.push(name);
      table.pairs.push(pairs);
      table.group.push(group);
      table.unit.push(unit);
    }
    return id;
  };
  const { labels: l, samples: smp, strings } = p;
  const numericKey = strings.indexOf(NUMERIC_KEY);
  const baseKey = strings.indexOf(DIFF_BASE_LABEL.key);
  const unit = numLabelUnits(p).get(NUMERIC_KEY) ?? NUMERIC_KEY;
  // The common case, a bytes value without string labels: by value, not by text.
  const plain = new Map<number, number>();
  const formatted = new Map<number, string>();
  const format = (v: number): string => {
    let s = formatted.get(v);
    if (s === undefined) {
      s = formatValue(v, unit, 'minimum');
      formatted.set(v, s);
    }
    return s;
  };
  const { isNum, key: keyOf, num, setStart } = l;
  /** A label set's tags, in the order a sample's were always added (so the table's order is the samples'). */
  const tagsOf = (set: number): { ids: number[]; values: number[] } => {
    const ids: number[] = [];
    const vals: number[] = [];
    const k0 = setStart[set];
    const k1 = setStart[set + 1];
    let group = '';
    for (let k = k0; k < k1; k++) {
      if (isNum[k] || keyOf[k] === baseKey) continue;
      // A string label: the sample's label tag ("key:value" pairs, sorted).
      const pairs: string[] = [];
      for (let k2 = k; k2 < k1; k2++) {
        if (!isNum[k2] && keyOf[k2] !== baseKey) pairs.push(`${strings[keyOf[k2]]}:${strings[l.str[k2]]}`);
      }
      pairs.sort(); // Go's sort.Strings: by UTF-16 here, by bytes there (the same but for astral characters)
      group = pairs.join('\\n');
      ids.push(add(`l\u0000${group}`, group, pairs, group, ''));
      vals.push(0);
      break;
    }
    if (numericKey < 0) return { ids, values: vals };
    for (let k = k0; k < k1; k++) {
      if (!isNum[k] || keyOf[k] !== numericKey) continue;
      const v = num[k];
      let id: number | undefined;
      if (group === '') {
        id = plain.get(v);
        if (id === undefined) {
          const name = format(v);
          id = add(`n\u0000\u0000${name}`, name, null, '', unit);
          plain.set(v, id);
        }
      } else {
        const name = format(v);
        id = add(`n\u0000${group}\u0000${name}`, name, null, group, unit);
      }
      ids.push(id);
      vals.push(v);
    }
    return { ids, values: vals };
  };
  // Sets are few (a heap profile's million samples share about a hundred): each one's tags once.
  const bySet: ({ ids: number[]; values: number[] } | undefined)[] = new Array(l.sets);
  let total = 0;
  for (let i = 0; i < smp.length; i++) {
    const set = smp.labelSet[i];
    total += (bySet[set] ??= tagsOf(set)).ids.length;
  }
  const start = new Int32Array(smp.length + 1);
  const out = new Int32Array(total);
  const values = new Float64Array(total);
  let m = 0;
  for (let i = 0; i < smp.length; i++) {
    start[i] = m;
    const t = bySet[smp.labelSet[i]]!;
    for (let j = 0; j < t.ids.length; j++) {
      values[m] = t.values[j];
      out[m++] = t.ids[j];
    }
  }
  start[smp.length] = m;
  const r = { start, tag: out, value: values, table };
  cache.set(p, r);
  return r;
}
