// Debounced fields commit in the order they were typed (src/ui/components/
// draft-order.ts): a field's commit applies the drafts edited before it
// first, leaves those edited after it waiting, and applies each draft once.

import { describe, expect, it } from 'vitest';
import { DraftOrder, type Draft } from '../../src/ui/components/draft-order';

function fields(order: DraftOrder, names: string[]): { drafts: Record<string, Draft>; committed: string[] } {
  const committed: string[] = [];
  const drafts = Object.fromEntries(names.map((n) => [n, { commit: () => committed.push(n) }]));
  return { drafts, committed };
}

describe('draft order', () => {
  it('a search typed after a filter and a node count commits them first, oldest first', () => {
    const order = new DraftOrder();
    const { drafts, committed } = fields(order, ['ignore', 'nodecount', 'search']);
    order.edited(drafts.ignore);
    order.edited(drafts.nodecount);
    order.edited(drafts.search);
    // The search's shorter pause ends first.
    order.commit(drafts.search);
    expect(committed).toEqual(['ignore', 'nodecount', 'search']);
    // The filters' own pauses end later: nothing is left to apply.
    order.commit(drafts.ignore);
    order.commit(drafts.nodecount);
    expect(committed).toEqual(['ignore', 'nodecount', 'search']);
  });

  it('a draft edited after the one committing is still being typed: it waits', () => {
    const order = new DraftOrder();
    const { drafts, committed } = fields(order, ['ignore', 'search']);
    order.edited(drafts.ignore);
    order.edited(drafts.search);
    order.edited(drafts.ignore); // back to the filter, typing on
    order.commit(drafts.search);
    expect(committed).toEqual(['search']);
    expect(order.has(drafts.ignore)).toBe(true);
    order.commit(drafts.ignore);
    expect(committed).toEqual(['search', 'ignore']);
  });

  it('a dropped draft (replaced from above, or unmounted) is not committed', () => {
    const order = new DraftOrder();
    const { drafts, committed } = fields(order, ['ignore', 'search']);
    order.edited(drafts.ignore);
    order.edited(drafts.search);
    order.dropped(drafts.ignore);
    order.commit(drafts.search);
    expect(committed).toEqual(['search']);
    order.commit(drafts.ignore);
    expect(committed).toEqual(['search']);
  });
});
