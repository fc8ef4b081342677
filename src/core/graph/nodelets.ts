// Which tags a node shows as nodelets, as pprof's DOT builder picks them
// (dotgraph.go addNodelets, numericNodelets, collapsedTags):
//
//   - tags below the node cutoff in both flat and cum go first
//     (TrimLowFrequencyTags);
//   - a node with outgoing edges shows flat values, a leaf cum values
//     (which include what its dropped callees had);
//   - at most 4 label tags, by value; under each, and then for the samples
//     without labels, at most 4 numeric tags: when there are more, the 4
//     largest seed 4 buckets, every other tag joins the seed nearest in
//     value, and a bucket is labelled "min..max" (tag values unscaled to the
//     report unit, so small sizes do not print as 0);
//   - a nodelet whose value is 0 is not drawn; a numeric one whose flat
//     and cum differ at a leaf is dotted.

import { formatValue, scaleValue } from '../format';
import type { NodeTags } from './node-tags';
import type { TagTable } from './tags';

export const MAX_NODELETS = 4;

interface Tag {
  name: string;
  /** Label tag: its "key:value" lines. */
  pairs: string[] | null;
  group: string;
  unit: string;
  value: number;
  flat: number;
  cum: number;
}

export interface Nodelet {
  /** DOT id: "N3_0" for a label tag, "NN3_0" (or "NN3_0_1" under a label tag) for a numeric one. */
  id: string;
  /** The DOT id it hangs from: its node ("N3") or label nodelet. */
  parent: string;
  /** Its text: "648kB", "16B..64B", or a label tag's "key:value" lines. */
  lines: string[];
  weight: number;
  weightText: string;
  /** Drawn dotted: the cum value of a leaf, different from its flat value. */
  dotted: boolean;
}

function tagsOf(nt: NodeTags, table: TagTable): Tag[] {
  return nt.tag.map((id, x) => ({
    name: table.name[id],
    pairs: table.pairs[id],
    group: table.group[id],
    unit: table.unit[id],
    value: nt.value[x],
    flat: nt.flat[x],
    cum: nt.cum[x],
  }));
}

/** TrimLowFrequencyTags for one node. */
export function trimTags(nt: NodeTags, cutoff: number): NodeTags {
  const r: NodeTags = { tag: [], flat: [], cum: [], value: [] };
  for (let x = 0; x < nt.tag.length; x++) {
    if (Math.abs(nt.flat[x]) >= cutoff || Math.abs(nt.cum[x]) >= cutoff) {
      r.tag.push(nt.tag[x]);
      r.flat.push(nt.flat[x]);
      r.cum.push(nt.cum[x]);
      r.value.push(nt.value[x]);
    }
  }
  return r;
}

/** countTags: the tags with a flat value (what selectTopNodes counts as extra nodes). */
export function countTags(nt: NodeTags): number {
  let n = 0;
  for (const f of nt.flat) if (f !== 0) n++;
  return n;
}

/** SortTags: by |cum| (unless flat), then |flat|, then name (pprof leaves w and −w unordered; names decide here). */
function sortTags(ts: Tag[], flat: boolean): Tag[] {
  return ts.sort((a, b) => {
    if (!flat && a.cum !== b.cum) {
      const d = Math.abs(b.cum) - Math.abs(a.cum);
      if (d !== 0) return d;
    }
    if (a.flat !== b.flat) {
      const d = Math.abs(b.flat) - Math.abs(a.flat);
      if (d !== 0) return d;
    }
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}

const label = (value: number, unit: string) => formatValue(value, unit, 'auto');

function distance(t: Tag, u: Tag): number {
  return Math.abs(scaleValue(u.value, u.unit, t.unit).value - t.value);
}

function groupTag(g: Tag[]): Tag {
  if (g.length === 1) {
    const t = g[0];
    return { ...t, name: label(t.value, t.unit) };
  }
  let min = g[0];
  let max = g[0];
  let flat = min.flat;
  let cum = min.cum;
  for (const t of g.slice(1)) {
    if (Math.trunc(scaleValue(t.value, t.unit, min.unit).value) < min.value) min = t;
    if (Math.trunc(scaleValue(t.value, t.unit, max.unit).value) > max.value) max = t;
    flat += t.flat;
    cum += t.cum;
  }
  return { name: `${label(min.value, min.unit)}..${label(max.value, max.unit)}`, pairs: null, group: '', unit: '', value: 0, flat, cum };
}

/** collapsedTags: at most `count` tags, bucketed by value. */
function collapsed(ts: Tag[], count: number, flat: boolean): Tag[] {
  ts = sortTags(ts, flat);
  if (ts.length <= count) return ts;
  const groups = ts.slice(0, count).map((t) => [t]);
  for (const t of ts.slice(count)) {
    let g = 0;
    let d = distance(t, groups[0][0]);
    for (let i = 1; i < count; i++) {
      const nd = distance(t, groups[i][0]);
      if (nd < d) {
        g = i;
        d = nd;
      }
    }
    groups[g].push(t);
  }
  return sortTags(groups.map(groupTag), flat);
}

/**
 * The nodelets of node `id` (its DOT number) from its trimmed tags;
 * `flatTags` when the node has outgoing edges.
 */
export function nodelets(id: number, nt: NodeTags, table: TagTable, flatTags: boolean, fmt: (v: number) => string): Nodelet[] {
  const out: Nodelet[] = [];
  const all = tagsOf(nt, table);
  const labels = sortTags(
    all.filter((t) => t.pairs !== null),
    flatTags,
  ).slice(0, MAX_NODELETS);
  const numeric = new Map<string, Tag[]>();
  for (const t of all) {
    if (t.pairs !== null) continue;
    let list = numeric.get(t.group);
    if (!list) numeric.set(t.group, (list = []));
    list.push(t);
  }
  const numericUnder = (tags: Tag[] | undefined, source: string) => {
    if (!tags) return;
    collapsed(tags, MAX_NODELETS, flatTags).forEach((t, j) => {
      let w = t.cum;
      let dotted = true;
      if (flatTags || t.flat === t.cum) {
        w = t.flat;
        dotted = false;
      }
      if (w !== 0) out.push({ id: `N${source}_${j}`, parent: source, lines: [t.name], weight: w, weightText: fmt(w), dotted });
    });
  };
  labels.forEach((t, i) => {
    const w = flatTags ? t.flat : t.cum;
    if (w === 0) return;
    const nid = `N${id}_${i}`;
    out.push({ id: nid, parent: `N${id}`, lines: t.pairs ?? [t.name], weight: w, weightText: fmt(w), dotted: false });
    numericUnder(numeric.get(t.name), nid);
  });
  numericUnder(numeric.get(''), `N${id}`);
  return out;
}
