// Two flame trees compared frame by frame (src/core/flame FlameTree): used
// by the lazy tree's test and the before/after bench.

import type { FlameTree } from '../../src/core/flame';

/** The first column where two trees differ (with the values), or '' when they are the same frame by frame. */
export function treeDifference(a: FlameTree, b: FlameTree): string {
  if (a.length !== b.length) return `length ${a.length} vs ${b.length}`;
  if (a.keys.join('\n') !== b.keys.join('\n')) return 'keys';
  const columns = ['parent', 'depth', 'end', 'node', 'pos', 'neg', 'ownPos', 'ownNeg', 'base', 'current', 'baseFlat', 'currentFlat'] as const;
  for (const c of columns) {
    const x = a[c];
    const y = b[c];
    if (x === null || y === null) {
      if (x !== y) return c;
      continue;
    }
    for (let i = 0; i < a.length; i++) if (x[i] !== y[i]) return `${c}[${i}]: ${x[i]} vs ${y[i]}`;
  }
  return '';
}
