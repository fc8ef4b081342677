// A query pprof would refuse (a bad regexp, an unknown sample type, a node
// count below 0), with the option at fault as data: the page shows the
// message under that option's control.

import { FilterError } from '../filter';
import type { ReportField } from './options';

export class ReportQueryError extends Error {
  constructor(
    /** pprof's flag name of the option at fault; null for the query as a whole. */
    readonly field: ReportField | null,
    message: string,
  ) {
    super(message);
    this.name = 'ReportQueryError';
  }
}

/** A view, or why its query cannot be answered: the worker's answer to every report view. */
export type ReportAnswer<V> = { ok: true; view: V } | { ok: false; field: ReportField | null; message: string };

/** `compute()`, with a filter's error as a ReportQueryError under the filter's field. */
export function underField<T>(compute: () => T): T {
  try {
    return compute();
  } catch (e) {
    if (e instanceof FilterError) throw new ReportQueryError(e.field, e.message);
    throw e;
  }
}

/** The view `compute` makes, or the ReportQueryError it throws as an answer. */
export function reportAnswer<V>(compute: () => V): ReportAnswer<V> {
  try {
    return { ok: true, view: compute() };
  } catch (e) {
    if (e instanceof ReportQueryError) return { ok: false, field: e.field, message: e.message };
    throw e;
  }
}
