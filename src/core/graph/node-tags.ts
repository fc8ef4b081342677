// The tags of a few graph nodes: per tag, the flat value (samples whose leaf
// is the node) and the cum value (samples with the node on their path, once
// per sample), as pprof's addSample gives them to Node.LabelTags and
// Node.NumericTags.
//
// Only the nodes pprof looks at need them (the ones selectTopNodes counts
// and the ones drawn), so up to 32 at a time are marked as bits: one
// parent-first pass over the stack nodes gives each the set of those nodes
// on its path, one pass over the samples adds each sample's tags to the
// nodes of its set. Both passes stream (table order).

import { OCC_INNER, type GraphInput } from '../top/engine';
import type { SampleTags } from './tags';

export interface NodeTags {
  /** Ids in the TagTable, with the node's values of each. */
  tag: number[];
  flat: number[];
  cum: number[];
  /** The numeric value of the first sample (in profile order) that made the tag at this node. */
  value: number[];
}

/** The per-stack masks of the last plan (every entry written before it is read). */
let masks: { plan: object; down: Int32Array } | undefined;

export function nodeTags(
  input: GraphInput,
  parent: Int32Array,
  values: Float64Array,
  nTypes: number,
  tags: SampleTags,
  targets: readonly number[],
): Map<number, NodeTags> {
  const out = new Map<number, NodeTags>();
  const nTags = tags.table.length;
  if (nTags === 0) {
    for (const n of targets) out.set(n, { tag: [], flat: [], cum: [], value: [] });
    return out;
  }
  const { plan } = input;
  const { charged, subCnt } = input.values;
  const { flatNode, occStart, occNode, occFlags } = plan;
  const { start, tag, value } = tags;
  const t = input.sampleIndex;
  const nS = occStart.length - 1;
  if (masks?.plan !== plan) {
    masks = undefined;
    masks = { plan, down: new Int32Array(nS) };
  }
  const { down } = masks;
  const which = new Int32Array(plan.nodeCount).fill(-1);
  // Up to 32 nodes a round, fewer when there are many tags (accumulators are nodes × tags).
  const perRound = Math.max(1, Math.min(32, Math.floor((1 << 22) / nTags)));

  for (let r0 = 0; r0 < targets.length; r0 += perRound) {
    const round = targets.slice(r0, r0 + perRound);
    which.fill(-1);
    round.forEach((n, k) => (which[n] = k));

    // The round's nodes on each path: `down` for what the children see; the
    // samples of the stack node itself miss the occurrences inside a
    // re-attributed flat entry (OCC_INNER), rare enough for a Map.
    let ownOf: Map<number, number> | null = null;
    let m = 0; // down of the previous stack node: most nodes are its child
    for (let s = 0; s < nS; s++) {
      if (subCnt[s] === 0) continue; // no sample at or below it
      const q = parent[s];
      if (q !== s - 1) m = q >= 0 ? down[q] : 0;
      let own = m;
      for (let j = occStart[s], end = occStart[s + 1]; j < end; j++) {
        const k = which[occNode[j]];
        if (k < 0) continue;
        m |= 1 << k;
        if ((occFlags[j] & OCC_INNER) === 0) own |= 1 << k;
      }
      down[s] = m;
      if (own !== m) (ownOf ??= new Map()).set(s, own);
    }

    const cum = new Float64Array(round.length * nTags);
    const flat = new Float64Array(round.length * nTags);
    const first = new Int32Array(round.length * nTags).fill(-1);
    for (let i = 0; i < charged.length; i++) {
      const s = charged[i];
      if (s < 0) continue;
      const s0 = start[i];
      const s1 = start[i + 1];
      if (s0 === s1) continue;
      let m = down[s];
      if (ownOf !== null) m = ownOf.get(s) ?? m;
      const fn = flatNode[s];
      const fk = fn >= 0 ? which[fn] : -1;
      if (m === 0 && fk < 0) continue;
      const v = values[i * nTypes + t];
      while (m !== 0) {
        const k = 31 - Math.clz32(m & -m);
        m &= m - 1;
        const base = k * nTags;
        for (let slot = s0; slot < s1; slot++) {
          const x = base + tag[slot];
          cum[x] += v;
          if (first[x] < 0) first[x] = slot; // samples go in profile order
        }
      }
      if (fk >= 0) {
        const base = fk * nTags;
        for (let slot = s0; slot < s1; slot++) flat[base + tag[slot]] += v;
      }
    }

    round.forEach((n, k) => {
      const r: NodeTags = { tag: [], flat: [], cum: [], value: [] };
      const base = k * nTags;
      for (let id = 0; id < nTags; id++) {
        const f = first[base + id];
        if (f < 0) continue;
        r.tag.push(id);
        r.flat.push(flat[base + id]);
        r.cum.push(cum[base + id]);
        r.value.push(value[f]);
      }
      out.set(n, r);
    });
  }
  return out;
}
