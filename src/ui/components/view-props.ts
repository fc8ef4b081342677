// What a view of the report kind's comparison is given by App: the worker,
// the files, the kind shown and the report's choices; the flame graph and the
// call tree also share the selected function (each highlights it).

import type { ProfileKind } from '../../core/summary';
import type { ReportChoices } from '../hooks/useReportChoices';
import type { FilesState } from '../state/files';
import type { WorkerClient } from '../worker-client';

export interface ReportViewProps {
  client: WorkerClient;
  files: FilesState;
  /** The kind of profile shown (state/views.ts reportKind). */
  kind: ProfileKind | null;
  reportChoices: ReportChoices;
}

export interface SelectingViewProps extends ReportViewProps {
  /** The function selected in the flame graph or the call tree: its frames or rows are highlighted in both. */
  selected: string | null;
  onSelect: (name: string | null) => void;
}
