// The trend's choices: for a report series the table's (sample type,
// granularity, "blame your code", -noinlines, -cum, pprof's filters — the
// same choices in the same URL hash keys, hooks/useReportChoices.ts), for
// goroutine profiles the similarity level of the clusters.

import type { SimilarityLevel } from '../../core/goroutines';
import type { ReportField } from '../../core/report';
import { ReportFilters, reportFilters, ReportOptions } from '../components/ReportChoices';
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
  return (
    <>
      <ReportOptions prefix="top" granularityLabel="Rows are" compare={false} mode="current" modes={['current']} sampleTypes={sampleTypes} sampleType={sampleType} choices={choices} blame={blame} fieldError={fieldError} onChoice={onChoice}>
        <label class="top-check" title="Rank on cum, not flat (-cum): every caller of a leak grows with it">
          <input type="checkbox" data-testid="trend-cum" checked={choices.cum === true} onChange={(e) => onChoice('cum', (e.currentTarget as HTMLInputElement).checked || undefined)} />
          Cumulative
        </label>
      </ReportOptions>
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
