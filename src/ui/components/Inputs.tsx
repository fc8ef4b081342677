// The inputs both heap views (the table, Top.tsx, and the graph, Graph.tsx)
// use for their choices: a debounced text input, a Go-regexp filter field
// with its clear button, and a field's inline error. `prefix` keeps each
// view's class names and test ids ("top-focus", "graph-error-focus").

import { useEffect, useRef, useState } from 'preact/hooks';
import type { Granularity, ReportMode as TopMode } from '../../core/report';
import { draftOrder, type Draft } from './draft-order';

/** The choices' words, the same in both views. */
export const MODE_LABELS: Record<TopMode, string> = {
  diff: 'Current − base (-base)',
  diff_base: 'Current vs base (-diff_base: % of base)',
  current: 'Current alone',
  base: 'Base alone',
};


export const GRANULARITY_LABELS: Record<Granularity, string> = {
  functions: 'Functions',
  filefunctions: 'Functions and files',
  lines: 'Lines',
  files: 'Files',
  addresses: 'Addresses',
};


/** How long typing pauses before a filter is applied. */
export const TYPE_DELAY_MS = 300;

export interface FilterSpec {
  /** pprof's flag name: "focus", "show_from"… */
  field: string;
  label: string;
  title: string;
}

export function FilterInput({ prefix, f, value, error, onChange }: { prefix: string; f: FilterSpec; value: string; error: string | null; onChange: (value: string | undefined) => void }) {
  return (
    <label class={`${prefix}-field ${prefix}-filter${error ? ' has-error' : ''}`} title={f.title}>
      <span>{f.label}</span>
      <DebouncedInput
        type="text"
        placeholder="Go regexp"
        testId={`${prefix}-${f.field.replace('_', '-')}`}
        value={value}
        delay={TYPE_DELAY_MS}
        invalid={error !== null}
        describedBy={error ? `${prefix}-error-${f.field}` : undefined}
        onCommit={(v) => onChange(v)}
      />
      {value && (
        <button type="button" class={`${prefix}-clear`} aria-label={`Clear ${f.label.toLowerCase()}`} data-testid={`${prefix}-clear-${f.field}`} onClick={() => onChange(undefined)}>
          ×
        </button>
      )}
      <FieldError prefix={prefix} id={`${prefix}-error-${f.field}`} message={error} />
    </label>
  );
}

export function FieldError({ prefix, id, message }: { prefix: string; id: string; message: string | null }) {
  if (!message) return null;
  return (
    <span class={`${prefix}-field-error`} id={id} role="alert" data-testid={id}>
      {message}
    </span>
  );
}

export interface DebouncedInputProps {
  type: 'text' | 'search' | 'number';
  value: string;
  delay: number;
  onCommit: (value: string) => void;
  testId: string;
  placeholder?: string;
  min?: string;
  max?: string;
  step?: string;
  invalid?: boolean;
  describedBy?: string;
}

/**
 * An input whose value reaches `onCommit` once typing pauses (or at once on
 * Enter), after the drafts of other fields typed before it (draft-order.ts);
 * a new `value` from above replaces the draft.
 */
export function DebouncedInput({ type, value, delay, onCommit, testId, invalid, describedBy, ...rest }: DebouncedInputProps) {
  const [draft, setDraft] = useState(value);
  const committed = useRef(value);
  const commit = useRef(onCommit);
  commit.current = onCommit;
  const latest = useRef(draft);
  latest.current = draft;
  const [pending] = useState<Draft>(() => ({
    commit: () => {
      if (latest.current === committed.current) return;
      committed.current = latest.current;
      commit.current(latest.current);
    },
  }));
  useEffect(() => {
    if (value !== committed.current) {
      committed.current = value;
      draftOrder.dropped(pending);
      setDraft(value);
    }
  }, [value]);
  useEffect(() => {
    if (draft === committed.current) return;
    const t = setTimeout(() => draftOrder.commit(pending), delay);
    return () => clearTimeout(t);
  }, [draft, delay]);
  useEffect(() => () => draftOrder.dropped(pending), []);
  return (
    <input
      {...rest}
      // Preact's types pick one branch per literal input type.
      type={type as 'text'}
      value={draft}
      data-testid={testId}
      spellcheck={false}
      autocomplete="off"
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      onInput={(e) => {
        const v = (e.currentTarget as HTMLInputElement).value;
        latest.current = v;
        if (v === committed.current) draftOrder.dropped(pending);
        else draftOrder.edited(pending);
        setDraft(v);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') draftOrder.commit(pending);
      }}
    />
  );
}
