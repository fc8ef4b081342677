// The page's state: the files dropped, each with its load status, and which
// loaded profile is the base and which the current one of each kind. Pure: a
// reducer and selectors, no Preact, no worker. A file keeps its File/Blob
// (never its bytes) so it can be loaded again after the decoder restarts.
//
// Profiles pair by kind only (heap with heap, CPU with CPU, …: pprof cannot
// subtract a CPU profile from a heap profile). Each kind's profiles are in
// time order (else drop order); its base and current are the first and the
// last, unless a pick says otherwise (Swap is a pick; so is any two
// snapshots of a series chosen on the timeline, src/ui/timeline/). The user
// may move a profile earlier or later among its kind (a file without a time,
// or a clock that lied).

import type { ProfileKind } from '../../core/summary';
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
  /** Loaded profiles, older first (by time, else drop order), all kinds together. */
  order: string[];
  /** The base and current chosen for a kind; a kind without one (or whose pick is gone) compares its first and last. */
  picks?: Readonly<Partial<Record<ProfileKind, KindPick>>>;
  notice: string | null;
  nextSeq: number;
}

export interface KindPick {
  baseId: string;
  currentId: string;
}

/** A profile's role in its kind's pair; 'extra': one of three or more of a kind, not compared. */
export type Role = 'base' | 'current' | 'extra';

export type Action =
  | { type: 'add'; files: { id: string; name: string; source: Blob }[] }
  | { type: 'start'; id: string; attempt: number }
  | { type: 'progress'; id: string; attempt: number; progress: LoadProgress }
  | { type: 'ready'; id: string; attempt: number; loaded: Loaded }
  | { type: 'fail'; id: string; attempt: number; code: WorkerErrorCode; message: string }
  | { type: 'crashed'; id: string }
  | { type: 'remove'; id: string }
  | { type: 'swap'; kind: ProfileKind }
  | { type: 'pick'; kind: ProfileKind; baseId: string; currentId: string }
  /** One place earlier (-1) or later (1) among the profiles of its kind: the user's order wins over the times. */
  | { type: 'move'; id: string; by: -1 | 1 }
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
      return withoutProfile(next, action.id);
    }
    case 'crashed':
      return update(state, action.id, (e) => ({ ...e, crashes: e.crashes + 1 }));
    case 'remove':
      return withoutProfile({ ...state, entries: state.entries.filter((e) => e.id !== action.id) }, action.id);
    case 'swap': {
      const pair = kindPair(state, action.kind);
      if (!pair || pair.baseId === null) return state;
      return withPick(state, action.kind, { baseId: pair.currentId, currentId: pair.baseId });
    }
    case 'pick': {
      const ids = kindIds(state, action.kind);
      if (action.baseId === action.currentId || !ids.includes(action.baseId) || !ids.includes(action.currentId)) return state;
      return withPick(state, action.kind, { baseId: action.baseId, currentId: action.currentId });
    }
    case 'move': {
      const order = moveInKind(state, action.id, action.by);
      return order ? { ...state, order } : state;
    }
    case 'notice':
      return { ...state, notice: action.text };
  }
}

/** The order with `id` and its neighbour of the same kind (`by` away) trading places; null when there is none. */
function moveInKind(state: FilesState, id: string, by: -1 | 1): string[] | null {
  const kind = kindOf(state.entries.find((e) => e.id === id));
  if (!kind) return null;
  const ids = kindIds(state, kind);
  const other = ids[ids.indexOf(id) + by];
  if (other === undefined || !ids.includes(id)) return null;
  const order = [...state.order];
  const a = order.indexOf(id);
  const b = order.indexOf(other);
  [order[a], order[b]] = [order[b], order[a]];
  return order;
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

/** A profile gone from the comparisons: out of the order, and a pick naming it back to its kind's default. */
function withoutProfile(state: FilesState, id: string): FilesState {
  const picks = Object.entries(state.picks ?? {}).filter(([, p]) => p.baseId !== id && p.currentId !== id);
  return { ...state, order: state.order.filter((x) => x !== id), picks: Object.fromEntries(picks) };
}

function withPick(state: FilesState, kind: ProfileKind, pick: KindPick): FilesState {
  return { ...state, picks: { ...state.picks, [kind]: pick } };
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

/** The kind a loaded profile pairs within (what the decoder could not tell is a kind of its own). */
export function kindOf(e: Entry | undefined): ProfileKind | null {
  return e?.loaded ? (e.loaded.summary.kind ?? 'unknown') : null;
}

/** The profiles of a kind, older first; `ready`: only those loaded now (not one loading again after a decoder restart). */
export function kindIds(state: FilesState, kind: ProfileKind, ready = false): string[] {
  const byId = new Map(state.entries.map((e) => [e.id, e]));
  return state.order.filter((id) => {
    const e = byId.get(id);
    return kindOf(e) === kind && (!ready || e!.status === 'ready');
  });
}

/** The kinds loaded, in the order of their oldest profile. */
export function loadedKinds(state: FilesState): ProfileKind[] {
  const byId = new Map(state.entries.map((e) => [e.id, e]));
  const kinds = new Set<ProfileKind>();
  for (const id of state.order) {
    const k = kindOf(byId.get(id));
    if (k) kinds.add(k);
  }
  return [...kinds];
}

export interface KindPair {
  kind: ProfileKind;
  currentId: string;
  /** null: the kind has one profile, shown alone. */
  baseId: string | null;
  /** The kind's profiles, older first. */
  ids: string[];
}

/** A kind's base and current: the pick while both are there, else the first and the last; one profile is the current one alone. */
export function kindPair(state: FilesState, kind: ProfileKind, ready = false): KindPair | null {
  const ids = kindIds(state, kind, ready);
  if (ids.length === 0) return null;
  const pick = state.picks?.[kind];
  if (pick && ids.includes(pick.baseId) && ids.includes(pick.currentId)) return { kind, ids, ...pick };
  return { kind, ids, currentId: ids[ids.length - 1], baseId: ids.length >= 2 ? ids[0] : null };
}

/** A profile's role in its kind's pair; null while it is not loaded. */
export function roleOf(state: FilesState, id: string): Role | null {
  const kind = kindOf(state.entries.find((e) => e.id === id));
  return roleIn(kind ? kindPair(state, kind) : null, id);
}

/** A profile's role in the pair of its kind (`pair`, from kindPair); null when it is not one of the pair's profiles. */
export function roleIn(pair: KindPair | null, id: string): Role | null {
  if (!pair || !pair.ids.includes(id)) return null;
  return id === pair.currentId ? 'current' : id === pair.baseId ? 'base' : 'extra';
}

/** Cards by kind (in the order of each kind's oldest profile), each kind's in role order (base, extras, current), then the rest in drop order. */
export function cardOrder(state: FilesState): Entry[] {
  const byId = new Map(state.entries.map((e) => [e.id, e]));
  const placed: Entry[] = [];
  for (const kind of loadedKinds(state)) {
    const pair = kindPair(state, kind)!;
    const rank = (id: string) => (id === pair.baseId ? 0 : id === pair.currentId ? 2 : 1);
    const ids = [...pair.ids].sort((a, b) => rank(a) - rank(b));
    for (const id of ids) placed.push(byId.get(id)!);
  }
  const rest = state.entries.filter((e) => !state.order.includes(e.id)).sort((a, b) => a.seq - b.seq);
  return [...placed, ...rest];
}

/** What a file's load gave, or null; a profile loaded again (after a decoder restart) is a new object. */
export function loadedOf(state: FilesState, id: string | null | undefined): Loaded | null {
  return id == null ? null : (state.entries.find((e) => e.id === id)?.loaded ?? null);
}
