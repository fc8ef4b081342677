// The report's choices as both heap views offer them (the table, Top.tsx,
// and the graph, Graph.tsx): the comparison, -normalize, the sample type,
// the granularity, "blame your code", -noinlines, then the view's own
// options (children); and the seven filter regexps, the less used ones
// folded under "More filters". `prefix` keeps each view's class names and
// test ids ("top-mode", "graph-sample-type").

import type { ComponentChildren } from 'preact';
import { FILTER_OPTIONS, type FilterKey, type Granularity, type ReportField as TopField, type ReportMode as TopMode, type ReportView } from '../../core/report';
import type { TopChoices } from '../state/hash';
import { DebouncedInput, FieldError, FilterInput, GRANULARITY_LABELS, MODE_LABELS, TYPE_DELAY_MS } from './Inputs';

type OnChoice = <K extends keyof TopChoices>(key: K, value: TopChoices[K] | undefined) => void;

export interface ReportFilter {
  key: FilterKey;
  field: TopField;
  label: string;
  title: string;
  /** Folded under "More filters" unless set. */
  more?: boolean;
}

/** The filter fields a view draws, from the registry of options (core/report options.ts). */
export function reportFilters(view: ReportView): ReportFilter[] {
  return FILTER_OPTIONS.map((o) => ({ key: o.key, field: o.flag, label: o.label, title: typeof o.title === 'string' ? o.title : o.title[view], more: (o as { more?: readonly ReportView[] }).more?.includes(view) === true }));
}

export interface ReportOptionsProps {
  prefix: string;
  /** "Rows are", "Nodes are". */
  granularityLabel: string;
  mode: TopMode;
  modes: readonly TopMode[];
  sampleTypes: { type: string; unit: string }[];
  sampleType: string;
  choices: TopChoices;
  blame: boolean;
  fieldError: (f: TopField) => string | null;
  onChoice: OnChoice;
  children?: ComponentChildren;
  /** false: no comparison to choose (the trend reads every snapshot alone). */
  compare?: boolean;
}

export function ReportOptions({ prefix, granularityLabel, mode, modes, sampleTypes, sampleType, choices, blame, fieldError, onChoice, children, compare = true }: ReportOptionsProps) {
  const diff = mode === 'diff' || mode === 'diff_base';
  const check = (key: 'normalize' | 'noInlines', e: Event) => onChoice(key, (e.currentTarget as HTMLInputElement).checked || undefined);
  return (
    <div class={`${prefix}-controls`} data-testid={`${prefix}-controls`}>
      {compare && (
        <label class={`${prefix}-field`}>
          <span>Compare</span>
          <select data-testid={`${prefix}-mode`} value={mode} disabled={modes.length < 2} onChange={(e) => onChoice('mode', (e.currentTarget as HTMLSelectElement).value as TopMode)}>
            {modes.map((m) => (
              <option key={m} value={m}>
                {MODE_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
      )}
      {compare && diff && (
        <label class={`${prefix}-check`} title="Scale the current profile to the base's total first (-normalize)">
          <input type="checkbox" data-testid={`${prefix}-normalize`} checked={choices.normalize === true} onChange={(e) => check('normalize', e)} />
          Normalize
        </label>
      )}
      <label class={`${prefix}-field`}>
        <span>Sample type</span>
        <select data-testid={`${prefix}-sample-type`} value={sampleType} onChange={(e) => onChoice('sampleType', (e.currentTarget as HTMLSelectElement).value)}>
          {sampleTypes.map((t) => (
            <option key={t.type} value={t.type}>
              {t.type}
              {t.unit && t.unit !== 'count' ? ` (${t.unit})` : ''}
            </option>
          ))}
          {!sampleTypes.some((t) => t.type === sampleType) && <option value={sampleType}>{sampleType}</option>}
        </select>
        <FieldError prefix={prefix} id={`${prefix}-error-sample_index`} message={fieldError('sample_index')} />
      </label>
      <label class={`${prefix}-field`}>
        <span>{granularityLabel}</span>
        <select data-testid={`${prefix}-granularity`} value={choices.granularity ?? 'functions'} onChange={(e) => onChoice('granularity', (e.currentTarget as HTMLSelectElement).value as Granularity)}>
          {(Object.keys(GRANULARITY_LABELS) as Granularity[]).map((g) => (
            <option key={g} value={g}>
              {GRANULARITY_LABELS[g]}
            </option>
          ))}
        </select>
      </label>
      <label class={`${prefix}-check`} title="Charge each sample to its deepest frame in your own code, not to the runtime, standard library or well-known modules (not a pprof view)">
        <input type="checkbox" data-testid={`${prefix}-blame`} checked={blame} onChange={(e) => onChoice('blame', (e.currentTarget as HTMLInputElement).checked)} />
        Blame your code
      </label>
      <label class={`${prefix}-check`} title="Charge inlined functions to the function they were inlined into (-noinlines)">
        <input type="checkbox" data-testid={`${prefix}-noinlines`} checked={choices.noInlines === true} onChange={(e) => check('noInlines', e)} />
        No inlines
      </label>
      {children}
    </div>
  );
}

/** -nodecount: "Rows at most", "Nodes at most"; empty or not a whole number ≥ 0: the view's default. */
export function NodeCountField({ prefix, label, title, placeholder, choices, invalid, onChoice }: { prefix: string; label: string; title: string; placeholder: string; choices: TopChoices; invalid?: boolean; onChoice: OnChoice }) {
  return (
    <label class={`${prefix}-field ${prefix}-field--narrow`} title={title}>
      <span>{label}</span>
      <DebouncedInput
        type="number"
        min="0"
        placeholder={placeholder}
        testId={`${prefix}-nodecount`}
        value={choices.nodeCount ? String(choices.nodeCount) : ''}
        delay={TYPE_DELAY_MS}
        invalid={invalid}
        onCommit={(v) => {
          const n = Number(v);
          onChoice('nodeCount', v.trim() === '' || !Number.isInteger(n) || n < 0 ? undefined : n);
        }}
      />
    </label>
  );
}

export interface ReportFiltersProps {
  prefix: string;
  filters: readonly ReportFilter[];
  choices: TopChoices;
  fieldError: (f: TopField) => string | null;
  onChoice: OnChoice;
}

export function ReportFilters({ prefix, filters, choices, fieldError, onChoice }: ReportFiltersProps) {
  // Folded filters open when one is set or wrong.
  const moreOpen = filters.some((f) => f.more && (choices[f.key] || fieldError(f.field)));
  const input = (f: ReportFilter) => <FilterInput key={f.key} prefix={prefix} f={f} value={choices[f.key] ?? ''} error={fieldError(f.field)} onChange={(v) => onChoice(f.key, v)} />;
  return (
    <div class={`${prefix}-filters`} data-testid={`${prefix}-filters`}>
      {filters.filter((f) => !f.more).map(input)}
      <details class={`${prefix}-more`} open={moreOpen}>
        <summary>More filters</summary>
        <div class={`${prefix}-filters`}>{filters.filter((f) => f.more).map(input)}</div>
      </details>
    </div>
  );
}

/** The summary card of a report view: the files compared (base → current, or one alone, with a hint to load a second). */
export function ReportSummary({ prefix, mode, pair }: { prefix: string; mode: TopMode; pair: { baseId: string | null; baseName: string | null; currentName: string } }) {
  const hasBase = pair.baseId !== null;
  return (
    <header class={`${prefix}-summary`} data-testid={`${prefix}-summary`}>
      <p class={`${prefix}-files`}>
        {hasBase && mode !== 'current' && (
          <>
            <span class="badge badge--base">Base</span> {pair.baseName}
            {mode !== 'base' && ' → '}
          </>
        )}
        {mode !== 'base' && (
          <>
            <span class="badge badge--current">Current</span> {pair.currentName}
          </>
        )}
      </p>
      {!hasBase && <p class={`${prefix}-hint`}>One profile: load a second one of the same process (taken later) to see what grew.</p>}
    </header>
  );
}
