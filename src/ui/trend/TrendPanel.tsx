// The trend view's container: which series (a kind with three snapshots or
// more, state/views.ts trendKinds: the report views' kind by default, or
// goroutine profiles), the choices (the report's, shared with the table and
// the graph through hooks/useReportChoices.ts; the series, the goroutines'
// level and the search, state/trend-hash.ts: all in the URL hash), and
// the worker's answer a page of rows at a time (it ranks; this thread never
// sees a sample). Answers to older questions are dropped
// (hooks/useViewRequest.ts).

import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { SimilarityLevel } from '../../core/goroutines';
import type { ReportField } from '../../core/report';
import type { ProfileKind } from '../../core/summary';
import type { TrendView, TrendViewRow } from '../../core/trend';
import type { ReportChoices } from '../hooks/useReportChoices';
import { useHashState } from '../hooks/useHashState';
import { useViewRequest } from '../hooks/useViewRequest';
import { kindIds, type FilesState } from '../state/files';
import { reportQuery } from '../state/hash';
import { defaultSeriesBlame } from '../state/heap';
import { parseTrendHash, writeTrendHash } from '../state/trend-hash';
import { trendKinds } from '../state/views';
import type { WorkerClient } from '../worker-client';
import { Trend } from './Trend';
import { GoroutineTrendControls, ReportTrendControls } from './TrendControls';

export interface TrendPanelProps {
  client: WorkerClient;
  files: FilesState;
  /** The kind the table and the graph show (state/views.ts reportKind): the series shown first when it has one. */
  kind: ProfileKind | null;
  reportChoices: ReportChoices;
}

/** Rows asked for at a time. */
const PAGE_ROWS = 100;

export function TrendPanel({ client, files, kind, reportChoices }: TrendPanelProps) {
  const kinds = trendKinds(files);
  // The series, the goroutines' level and the search: in the URL hash (state/trend-hash.ts), kept across tabs and reloads.
  const [trend, setTrend] = useHashState(parseTrendHash, writeTrendHash);
  const chosen = trend.kind ?? null;
  const level = trend.level ?? 'lines';
  const search = trend.search ?? '';
  const setChosen = useCallback((k: ProfileKind) => setTrend((t) => ({ ...t, kind: k })), []);
  const setLevel = useCallback((l: SimilarityLevel) => setTrend((t) => ({ ...t, level: l })), []);
  const setSearch = useCallback((q: string) => setTrend((t) => ({ ...t, search: q || undefined })), []);
  const active = chosen && kinds.includes(chosen) ? chosen : kind && kinds.includes(kind) ? kind : (kinds[0] ?? null);
  const ids = active ? kindIds(files, active, true) : [];
  // A profile loaded again (after a decoder restart) is a new object: ask again.
  const loaded = ids.map((id) => files.entries.find((e) => e.id === id)?.loaded ?? null);
  const goroutines = active === 'goroutine';
  // Files still loading may join the series: rank once they are in, not once per file.
  const loading = files.entries.filter((e) => e.status === 'loading').length;

  const { choices, onChoice } = reportChoices;
  const [view, setView] = useState<TrendView | null>(null);
  const [rows, setRows] = useState<TrendViewRow[]>([]);
  const shown = useRef(0);

  const blame = choices.blame ?? (active ? defaultSeriesBlame(active) : false);
  const { mode: _mode, normalize: _normalize, ...report } = reportQuery(choices, blame);
  const query = goroutines ? { level, search } : { ...report, search };
  const ask = (offset: number) => (goroutines ? client.goroutineTrend(ids, { level, search, offset, limit: PAGE_ROWS }) : client.trend(ids, { ...report, search, offset, limit: PAGE_ROWS }));
  const latest = useRef(ask);
  latest.current = ask;

  useEffect(() => setView(null), [active]);
  const { pending, error } = useViewRequest({
    ask: ids.length > 0 && loading === 0 && loaded.every((l) => l !== null) ? () => ask(0) : null,
    key: [client, ids.join('|'), ...loaded, JSON.stringify(query)],
    failed: 'The trend could not be computed',
    onView: (v, generation) => {
      shown.current = generation;
      setView(v);
      setRows(v.rows);
    },
    onDecoderStopped: () => !goroutines && reportChoices.onDecoderStopped(report),
  });

  const rowsNow = useRef(rows);
  rowsNow.current = rows;
  const onMore = useCallback(() => {
    const generation = shown.current;
    const have = rowsNow.current.length;
    void latest.current(have).then(
      (more) => generation === shown.current && setRows((r) => (r.length === have ? [...r, ...more.rows] : r)),
      () => {},
    );
  }, []);

  const summary = files.entries.find((e) => e.id === ids[ids.length - 1])?.loaded?.summary;
  const shownError = goroutines ? error : reportChoices.shownError(error);
  // The newest file's, a new array with each file that loads: kept while the types are the same.
  const typesKey = (summary?.sampleTypes ?? []).map((t) => `${t.type}/${t.unit}`).join(' ');
  const sampleTypes = useMemo(() => summary?.sampleTypes ?? [], [typesKey]);
  const sampleType = choices.sampleType ?? view?.sampleType ?? summary?.defaultSampleType ?? '';
  // The same element while nothing it shows changed: a file loading redraws the page, not the choices.
  const controls = useMemo(() => {
    if (goroutines) return <GoroutineTrendControls level={level} onLevel={setLevel} />;
    const fieldError = (f: ReportField) => (shownError && shownError.field === f ? shownError.message : null);
    return <ReportTrendControls sampleTypes={sampleTypes} sampleType={sampleType} choices={choices} blame={blame} fieldError={fieldError} onChoice={onChoice} />;
  }, [goroutines, level, sampleTypes, sampleType, choices, blame, shownError?.field, shownError?.message, onChoice]);

  if (!active) return null;
  return (
    <Trend
      kinds={kinds.map((k) => ({ kind: k, profiles: kindIds(files, k, true).length }))}
      kind={active}
      onKind={setChosen}
      view={view}
      rows={rows}
      pending={pending || loading > 0}
      loading={loading}
      error={shownError}
      search={search}
      onSearch={setSearch}
      onMore={onMore}
      controls={controls}
    />
  );
}
