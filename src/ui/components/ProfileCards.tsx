// The profiles dropped, one card each: by kind, each kind's in role order
// (base, extras, current), then the rest (state/files.ts), or what to do
// when there is none. Once there is a base, a comparison is shown below:
// decoded files shrink to a line each, leaving the window to the report;
// past MANY_LINES (a series of snapshots) the lines scroll in their own box.

import { Component } from 'preact';
import { useRef } from 'preact/hooks';
import { useCardColumns } from '../hooks/useCardColumns';
import type { FileLoads } from '../hooks/useFileLoads';
import type { ProfileKind } from '../../core/summary';
import { cardOrder, kindOf, kindPair, roleIn, type KindPair } from '../state/files';
import { EmptyState } from './EmptyState';
import { FileCard, type FileCardProps } from './FileCard';

/**
 * A card drawn again only when what it shows changed: a series of 50 files
 * loading redrew every card on each one's progress (tasks of 50–84 ms).
 * The callbacks are left out of the comparison: each calls a stable action
 * of useFileLoads with the card's own id or kind, which do not change.
 */
class Card extends Component<FileCardProps> {
  shouldComponentUpdate(b: FileCardProps): boolean {
    const a = this.props;
    return !(a.name === b.name && a.size === b.size && a.role === b.role && a.status === b.status && a.progress === b.progress && a.loaded === b.loaded && a.error === b.error && a.canSwap === b.canSwap && a.row === b.row);
  }

  render() {
    return <FileCard {...this.props} />;
  }
}

/** More lines than this scroll in a box of their own (the timeline is the way to pick among them). */
const MANY_LINES = 8;

export function ProfileCards({ loads }: { loads: FileLoads }) {
  const { state } = loads;
  const cards = cardOrder(state);
  // Each kind's pair once, not once a card (a series of 50 files: 50 × 50 lookups a render).
  const pairs = new Map<ProfileKind, KindPair | null>();
  const pairOf = (kind: ProfileKind) => {
    if (!pairs.has(kind)) pairs.set(kind, kindPair(state, kind));
    return pairs.get(kind)!;
  };
  const roles = cards.map((e) => {
    const kind = kindOf(e);
    return roleIn(kind ? pairOf(kind) : null, e.id);
  });
  const swappable = cards.map((e) => {
    const kind = kindOf(e);
    return kind !== null && (pairOf(kind)?.baseId ?? null) !== null;
  });
  const rows = roles.includes('base');
  const list = useRef<HTMLElement>(null);
  // What a line's texts change with (its name and size do not change): its cells are read again when it does.
  useCardColumns(
    list,
    cards.map((e, i) => `${roles[i]} ${e.status} ${e.attempt} ${swappable[i]}`),
  );
  if (cards.length === 0) return <EmptyState />;
  return (
    <section ref={list} class={rows ? (cards.length > MANY_LINES ? 'cards cards--rows cards--many' : 'cards cards--rows') : 'cards'} aria-label="Profiles" data-testid="cards" tabIndex={rows && cards.length > MANY_LINES ? 0 : undefined}>
      {cards.map((e, i) => {
        const kind = kindOf(e);
        const canSwap = swappable[i];
        return (
          <Card
            key={e.id}
            name={e.name}
            size={e.size}
            role={roles[i]}
            status={e.status}
            progress={e.progress}
            loaded={e.loaded}
            error={e.error}
            canSwap={canSwap}
            row={rows}
            onCancel={() => loads.cancel(e.id)}
            onRemove={() => loads.remove(e.id)}
            onSwap={() => kind && loads.swap(kind)}
            onRetry={() => loads.retry(e)}
          />
        );
      })}
    </section>
  );
}
