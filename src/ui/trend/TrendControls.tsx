// The trend's choices: for a report series the table's (sample type,
// granularity, "blame your code", -noinlines, -cum, pprof's filters — the
// same choices in the same URL hash keys, hooks/useReportChoices.ts), for
// goroutine profiles the similarity level of the clusters.

import type { SimilarityLevel } from '../../core/goroutines';
import type { Granularity, ReportField } from '../../core/report';
import { FieldError, GRANULARITY_LABELS } from '../components/Inputs';
import { ReportFilters, reportFilters } from '../components/ReportChoices';
import type { TopChoices } from '../state/hash';
import '../components/Report.css';

type OnChoice = <K extends keyof TopChoices>(key: K, value: TopChoices[K] | undefined) => void;

const FILTERS = reportFilters('top');

export interface ReportTrendControlsProps {
  sampleTypes: { type: string; unit: string }[];
  sampleType: string;
  choices: TopChoices;
  blame: boolean;
  fieldError: (f: ReportField) => string | null;
  onChoice: OnChoice;
}

export function ReportTrendControls({ sampleTypes, sampleType, choices, blame, fieldError, onChoice }: ReportTrendControlsProps) {
  const check = (key: 'noInlines' | 'cum', e: Event) => onChoice(key, (e.currentTarget as HTMLInputElement).checked || undefined);
  return (
    <>
      <div class="top-controls trend-controls" data-testid="trend-controls">
        <label class="top-field">
          <span>Sample type</span>
          <select data-testid="trend-sample-type" value={sampleType} onChange={(e) => onChoice('sampleType', (e.currentTarget as HTMLSelectElement).value)}>
            {sampleTypes.map((t) => (
              <option key={t.type} value={t.type}>
                {t.type}
                {t.unit && t.unit !== 'count' ? ` (${t.unit})` : ''}
              </option>
            ))}
          </select>
          <FieldError prefix="top" id="trend-error-sample_index" message={fieldError('sample_index')} />
        </label>
        <label class="top-field">
          <span>Rows are</span>
          <select data-testid="trend-granularity" value={choices.granularity ?? 'functions'} onChange={(e) => onChoice('granularity', (e.currentTarget as HTMLSelectElement).value as Granularity)}>
            {(Object.keys(GRANULARITY_LABELS) as Granularity[]).map((g) => (
              <option key={g} value={g}>
                {GRANULARITY_LABELS[g]}
              </option>
            ))}
          </select>
        </label>
        <label class="top-check" title="Charge each sample to its deepest frame in your own code, not to the runtime, standard library or well-known modules (not a pprof view)">
          <input type="checkbox" data-testid="trend-blame" checked={blame} onChange={(e) => onChoice('blame', (e.currentTarget as HTMLInputElement).checked)} />
          Blame your code
        </label>
        <label class="top-check" title="Charge inlined functions to the function they were inlined into (-noinlines)">
          <input type="checkbox" checked={choices.noInlines === true} onChange={(e) => check('noInlines', e)} />
          No inlines
        </label>
        <label class="top-check" title="Rank on cum, not flat (-cum): every caller of a leak grows with it">
          <input type="checkbox" data-testid="trend-cum" checked={choices.cum === true} onChange={(e) => check('cum', e)} />
          Cumulative
        </label>
      </div>
      <ReportFilters prefix="top" filters={FILTERS} choices={choices} fieldError={fieldError} onChoice={onChoice} />
    </>
  );
}

const LEVELS: { level: SimilarityLevel; label: string }[] = [
  { level: 'exact', label: 'Exact' },
  { level: 'lines', label: 'Lines' },
  { level: 'functions', label: 'Functions' },
  { level: 'parked', label: 'Parked at' },
];

export function GoroutineTrendControls({ level, onLevel }: { level: SimilarityLevel; onLevel: (l: SimilarityLevel) => void }) {
  return (
    <div class="top-controls trend-controls" data-testid="trend-controls">
      <label class="top-field">
        <span>Cluster by</span>
        <select data-testid="trend-level" value={level} onChange={(e) => onLevel((e.currentTarget as HTMLSelectElement).value as SimilarityLevel)}>
          {LEVELS.map((l) => (
            <option key={l.level} value={l.level}>
              {l.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
