// The page's state: the files dropped, each with its load status, and which
// loaded profile is the base and which the current one. Pure: a reducer and
// selectors, no Preact, no worker. A file keeps its File/Blob (never its
// bytes) so it can be loaded again after the decoder restarts.

import type { Loaded, WorkerErrorCode, LoadProgress } from '../worker-client';

export type EntryStatus = 'loading' | 'ready' | 'error';

export interface Entry {
  id: string;
  name: string;
  size: number;
  source: Blob;
  /** Drop order. */
  seq: number;
  /** Token of the load in progress; results of older loads are ignored. */
  attempt: number;
  status: EntryStatus;
  progress: LoadProgress | null;
  /** Kept while the profile is loaded again after a decoder restart. */
  loaded: Loaded | null;
  error: { code: WorkerErrorCode; message: string } | null;
  /** Decoder crashes during this file's loads. */
  crashes: number;
}

export interface FilesState {
  entries: Entry[];
  /** Loaded profiles in role order: the first is the base, the last the current one. */
  order: string[];
  notice: string | null;
  nextSeq: number;
}

export type Role = 'base' | 'current' | 'extra';

export type Action =
  | { type: 'add'; files: { id: string; name: string; source: Blob }[] }
  | { type: 'start'; id: string; attempt: number }
  | { type: 'progress'; id: string; attempt: number; progress: LoadProgress }
  | { type: 'ready'; id: string; attempt: number; loaded: Loaded }
  | { type: 'fail'; id: string; attempt: number; code: WorkerErrorCode; message: string }
  | { type: 'crashed'; id: string }
  | { type: 'remove'; id: string }
  | { type: 'swap' }
  | { type: 'notice'; text: string | null };

export const initialState: FilesState = { entries: [], order: [], notice: null, nextSeq: 0 };

export function reducer(state: FilesState, action: Action): FilesState {
  switch (action.type) {
    case 'add': {
      let seq = state.nextSeq;
      const added = action.files.map(
        (f): Entry => ({
          id: f.id,
          name: f.name,
          size: f.source.size,
          source: f.source,
          seq: seq++,
          attempt: 0,
          status: 'loading',
          progress: null,
          loaded: null,
          error: null,
          crashes: 0,
        }),
      );
      return { ...state, entries: [...state.entries, ...added], nextSeq: seq };
    }
    case 'start':
      return update(state, action.id, (e) => ({ ...e, attempt: action.attempt, status: 'loading', progress: null, error: null }));
    case 'progress':
      return update(state, action.id, (e) => (e.attempt === action.attempt && e.status === 'loading' ? { ...e, progress: action.progress } : e));
    case 'ready': {
      const entry = state.entries.find((e) => e.id === action.id);
      if (!entry || entry.attempt !== action.attempt) return state;
      const next = update(state, action.id, (e) => ({ ...e, status: 'ready', progress: null, loaded: action.loaded, error: null }));
      return next.order.includes(action.id) ? next : { ...next, order: insertByTime(next, action.id) };
    }
    case 'fail': {
      const entry = state.entries.find((e) => e.id === action.id);
      if (!entry || entry.attempt !== action.attempt) return state;
      const next = update(state, action.id, (e) => ({ ...e, status: 'error', progress: null, loaded: null, error: { code: action.code, message: action.message } }));
      return { ...next, order: next.order.filter((id) => id !== action.id) };
    }
    case 'crashed':
      return update(state, action.id, (e) => ({ ...e, crashes: e.crashes + 1 }));
    case 'remove':
      return { ...state, entries: state.entries.filter((e) => e.id !== action.id), order: state.order.filter((id) => id !== action.id) };
    case 'swap': {
      if (state.order.length < 2) return state;
      const order = [...state.order];
      const last = order.length - 1;
      [order[0], order[last]] = [order[last], order[0]];
      return { ...state, order };
    }
    case 'notice':
      return { ...state, notice: action.text };
  }
}

function update(state: FilesState, id: string, fn: (e: Entry) => Entry): FilesState {
  let changed = false;
  const entries = state.entries.map((e) => {
    if (e.id !== id) return e;
    const n = fn(e);
    if (n !== e) changed = true;
    return n;
  });
  return changed ? { ...state, entries } : state;
}

/**
 * Older profiles first, by the time written in them (timeNanos); profiles
 * without a time follow, in drop order.
 */
function insertByTime(state: FilesState, id: string): string[] {
  const byId = new Map(state.entries.map((e) => [e.id, e]));
  const key = (x: string) => {
    const t = byId.get(x)?.loaded?.summary.timeNanosExact;
    return t ? BigInt(t) : null;
  };
  const mine = key(id);
  const seq = byId.get(id)?.seq ?? 0;
  const order = [...state.order];
  let at = order.length;
  for (let i = 0; i < order.length; i++) {
    const other = key(order[i]);
    const later = mine !== null ? other === null || other > mine : other === null && (byId.get(order[i])?.seq ?? 0) > seq;
    if (later) {
      at = i;
      break;
    }
  }
  order.splice(at, 0, id);
  return order;
}

/** Base and current once two profiles are loaded; any others are extras. */
export function roleOf(state: FilesState, id: string): Role | null {
  const i = state.order.indexOf(id);
  if (i < 0 || state.order.length < 2) return null;
  if (i === 0) return 'base';
  if (i === state.order.length - 1) return 'current';
  return 'extra';
}

/** Cards in role order (base, extras, current), then the rest in drop order. */
export function cardOrder(state: FilesState): Entry[] {
  const byId = new Map(state.entries.map((e) => [e.id, e]));
  const placed = state.order.map((id) => byId.get(id)).filter((e): e is Entry => e !== undefined);
  const rest = state.entries.filter((e) => !state.order.includes(e.id)).sort((a, b) => a.seq - b.seq);
  return [...placed, ...rest];
}

/** What a file's load gave, or null; a profile loaded again (after a decoder restart) is a new object. */
export function loadedOf(state: FilesState, id: string | null | undefined): Loaded | null {
  return id == null ? null : (state.entries.find((e) => e.id === id)?.loaded ?? null);
}
