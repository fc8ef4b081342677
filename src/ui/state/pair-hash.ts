// The base and current each kind compares, when chosen (state/files.ts
// picks: the timeline, Swap), in the URL hash: `pair.heap=a.heap&pair.heap=b.heap`,
// the key twice, base first. A profile is named by its file name, or by its
// place among its kind's profiles (`@2`, from 1) when two files of the kind
// have the same name; so the pair comes back when the same files are dropped
// again, in any order. Pure; every other key stays as it was, byte for byte
// (state/hash.ts replaceHashKeys).

import type { ProfileKind } from '../../core/summary';
import { kindIds, type FilesState, type KindPick } from './files';
import { replaceHashKeys } from './hash';

/** The base's and the current's name (or `@N`) per kind. */
export type PairRefs = Partial<Record<ProfileKind, readonly [string, string]>>;

/** Every kind, as the hash names them (the trend's series too, state/trend-hash.ts). */
export const PROFILE_KINDS: readonly ProfileKind[] = ['heap', 'allocs', 'goroutine', 'cpu', 'mutex', 'block', 'threadcreate', 'unknown'];
const keyOf = (kind: ProfileKind) => `pair.${kind}`;
const OWN = new Set(PROFILE_KINDS.map(keyOf));

export function parsePairHash(hash: string): PairRefs {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const refs: PairRefs = {};
  for (const kind of PROFILE_KINDS) {
    const [base, current, ...more] = p.getAll(keyOf(kind));
    if (base && current && base !== current && more.length === 0) refs[kind] = [base, current];
  }
  return refs;
}

/** `hash` with the pairs replaced by `refs` (appended after the other parts); "" or a string starting with "#". */
export function writePairHash(hash: string, refs: PairRefs): string {
  const p = new URLSearchParams();
  for (const kind of PROFILE_KINDS) {
    const r = refs[kind];
    if (!r) continue;
    p.append(keyOf(kind), r[0]);
    p.append(keyOf(kind), r[1]);
  }
  return replaceHashKeys(hash, OWN, p.toString());
}

function names(state: FilesState, kind: ProfileKind): { ids: string[]; names: string[] } {
  const ids = kindIds(state, kind);
  const byId = new Map(state.entries.map((e) => [e.id, e.name]));
  return { ids, names: ids.map((id) => byId.get(id) ?? '') };
}

/** How the hash names a profile of a kind: its name when no other of the kind has it, else `@N`. */
function refOf(ids: string[], ns: string[], id: string): string {
  const i = ids.indexOf(id);
  return ns.filter((n) => n === ns[i]).length === 1 ? ns[i] : `@${i + 1}`;
}

/** The pairs chosen in `state` (picks whose profiles are both there), as the hash names them. */
export function pairRefs(state: FilesState): PairRefs {
  const refs: PairRefs = {};
  for (const [kind, pick] of Object.entries(state.picks ?? {}) as [ProfileKind, KindPick][]) {
    const { ids, names: ns } = names(state, kind);
    if (!ids.includes(pick.baseId) || !ids.includes(pick.currentId)) continue;
    refs[kind] = [refOf(ids, ns, pick.baseId), refOf(ids, ns, pick.currentId)];
  }
  return refs;
}

/** The profiles a kind's refs name in `state`, or null while either is not there (or both are one). */
export function resolvePairRefs(state: FilesState, kind: ProfileKind, refs: readonly [string, string]): KindPick | null {
  const { ids, names: ns } = names(state, kind);
  const find = (ref: string): string | null => {
    const byName = ids.filter((_, i) => ns[i] === ref);
    if (byName.length === 1) return byName[0];
    const m = /^@(\d+)$/.exec(ref);
    return m ? (ids[Number(m[1]) - 1] ?? null) : null;
  };
  const baseId = find(refs[0]);
  const currentId = find(refs[1]);
  return baseId && currentId && baseId !== currentId ? { baseId, currentId } : null;
}

/** Whether two sets of refs say the same. */
export function samePairRefs(a: PairRefs, b: PairRefs): boolean {
  return PROFILE_KINDS.every((k) => a[k]?.[0] === b[k]?.[0] && a[k]?.[1] === b[k]?.[1]);
}
