// The tags of a few graph nodes: per tag, the flat value (samples whose leaf
// is the node) and the cum value (samples with the node on their path, once
// per sample), as pprof's addSample gives them to Node.LabelTags and
// Node.NumericTags.
//
// Only the nodes pprof looks at need them (the ones selectTopNodes counts
// and the ones drawn), so up to 128 at a time (-dot's 80 in one go) are
// marked as bits: one parent-first pass over the stack nodes gives each the
// set of those nodes on its path, one pass over the samples adds each
// sample's tags to the nodes of its set. Both passes stream (table order).

import type { ValueColumn } from '../model';
import { OCC_INNER, type GraphInput } from '../report';
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

/** Targets per pass at most: WORDS 32-bit masks per stack node. */
const WORDS = 4;

export function nodeTags(
  input: GraphInput,
  parent: Int32Array,
  values: ValueColumn,
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
  // Up to 32·WORDS nodes a pass (one pass for -dot's 80), fewer when there are many tags (accumulators are nodes × tags).
  const perPass = Math.max(1, Math.min(32 * WORDS, Math.floor((1 << 22) / nTags)));
  const W = Math.ceil(Math.min(perPass, targets.length) / 32);
  if (masks?.plan !== plan || masks.down.length < nS * W) {
    masks = undefined;
    masks = { plan, down: new Int32Array(nS * W) };
  }
  const { down } = masks;
  const which = new Int32Array(plan.nodeCount).fill(-1);
  const m = new Int32Array(W); // down of the previous stack node: most nodes are its child
  const own = new Int32Array(W);

  for (let r0 = 0; r0 < targets.length; r0 += perPass) {
    const round = targets.slice(r0, r0 + perPass);
    which.fill(-1);
    round.forEach((n, k) => (which[n] = k));

    // The pass's nodes on each path: `down` for what the children see; the
    // samples of the stack node itself miss the occurrences inside a
    // re-attributed flat entry (OCC_INNER), rare enough for a Map.
    let ownOf: Map<number, Int32Array> | null = null;
    m.fill(0);
    for (let s = 0; s < nS; s++) {
      if (subCnt[s] === 0) continue; // no sample at or below it
      const q = parent[s];
      if (q !== s - 1) {
        if (q >= 0) for (let w = 0; w < W; w++) m[w] = down[q * W + w];
        else m.fill(0);
      }
      let inner = false;
      for (let j = occStart[s], end = occStart[s + 1]; j < end; j++) {
        const k = which[occNode[j]];
        if (k < 0) continue;
        if ((occFlags[j] & OCC_INNER) !== 0 && !inner) {
          inner = true;
          own.set(m);
        }
        if (inner && (occFlags[j] & OCC_INNER) === 0) own[k >> 5] |= 1 << (k & 31);
        m[k >> 5] |= 1 << (k & 31);
      }
      for (let w = 0; w < W; w++) down[s * W + w] = m[w];
      if (inner && !own.every((x, w) => x === m[w])) (ownOf ??= new Map()).set(s, own.slice());
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
      const mine = ownOf !== null ? ownOf.get(s) : undefined;
      const fn = flatNode[s];
      const fk = fn >= 0 ? which[fn] : -1;
      const v = values[i * nTypes + t];
      for (let w = 0; w < W; w++) {
        let bits = mine !== undefined ? mine[w] : down[s * W + w];
        while (bits !== 0) {
          const k = (w << 5) + 31 - Math.clz32(bits & -bits);
          bits &= bits - 1;
          const base = k * nTags;
          for (let slot = s0; slot < s1; slot++) {
            const x = base + tag[slot];
            cum[x] += v;
            if (first[x] < 0) first[x] = slot; // samples go in profile order
          }
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
