// Which kind of profile the table and the graph show, when more than one
// sample-based kind is loaded (state/views.ts reportKinds): one button per
// kind with its count of profiles. The choice is in the URL hash
// (state/kind-hash.ts).

import type { ProfileKind } from '../../core/summary';
import { KIND_NAMES } from '../labels';
import './KindChoice.css';

export interface KindChoiceProps {
  kinds: readonly { kind: ProfileKind; profiles: number }[];
  active: ProfileKind;
  onSelect: (kind: ProfileKind) => void;
}

export function KindChoice({ kinds, active, onSelect }: KindChoiceProps) {
  if (kinds.length < 2) return null;
  return (
    <div class="kind-choice" role="group" aria-label="Profiles shown" data-testid="kind-choice">
      <span class="kind-choice__label">Profiles</span>
      {kinds.map(({ kind, profiles }) => (
        <button key={kind} type="button" aria-pressed={kind === active} data-testid={`kind-${kind}`} data-kind={kind} onClick={() => onSelect(kind)}>
          {KIND_NAMES[kind]} <span class="kind-choice__count">({profiles})</span>
        </button>
      ))}
    </div>
  );
}
