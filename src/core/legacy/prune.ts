// pprof's Profile.Prune (what RemoveUninteresting does with drop_frames and
// keep_frames once symbols are known): "removes all nodes beneath a node
// matching dropRx, and not matching keepRx".
//
// Two halves, as in pprof: a per-location decision (which of its inlined
// lines match), made while the location is written, and a per-sample cut,
// which here is a walk up the stack prefix tree: cutting leaf-side frames off
// a stack is moving the sample to an ancestor node.

import { NONE, type Profile } from '../model';

export interface FrameRegexps {
  drop: RegExp;
  keep: RegExp | null;
}

/** pprof compiles both as "^(" + rx + ")$". */
export function frameRegexps(drop: string, keep: string): FrameRegexps | null {
  if (drop === '') return null;
  return { drop: new RegExp(`^(?:${drop})$`), keep: keep === '' ? null : new RegExp(`^(?:${keep})$`) };
}

/**
 * pprof's simplifyFunc: drop a leading '.' (PPC ELF v1) and cut an argument
 * list at the first '(' that is not part of "(anonymous namespace)" or
 * "operator()". A Go method like main.(*T).f is cut to "main." too: pprof
 * matches that, so we do.
 */
export function simplifyFunc(name: string): string {
  const f = name.startsWith('.') ? name.slice(1) : name;
  const re = /\(anonymous namespace\)|operator\(\)|\(/g;
  for (let m = re.exec(f); m; m = re.exec(f)) {
    if (m[0] === '(') return f.slice(0, m.index);
  }
  return f;
}

/**
 * Index (innermost first) of the outermost line whose function pprof would
 * drop, or -1. Lines outside it (towards the caller) survive; when it is the
 * outermost line itself, the whole location is pruned.
 */
export function matchDroppedLine(names: readonly string[], rx: FrameRegexps): number {
  for (let i = names.length - 1; i >= 0; i--) {
    if (names[i] === '') continue;
    const f = simplifyFunc(names[i]);
    if (rx.drop.test(f) && !(rx.keep && rx.keep.test(f))) return i;
  }
  return -1;
}

/** Per-location outcome of the match: pprof's `prune` and `pruneBeneath` sets. */
export const PRUNE = 1;
export const PRUNE_BENEATH = 2;

/**
 * Moves every sample to the stack pprof leaves it: scanning from the root,
 * "do not prune frames before the first user frame, to avoid pruning
 * everything"; after it, the first PRUNE location is cut with everything
 * leaf-side of it, the first PRUNE_BENEATH location is kept and what is
 * leaf-side of it cut. Samples are not merged afterwards (nor does pprof).
 */
export function cutSampleStacks(p: Profile, flags: Uint8Array): void {
  const { parent, location } = p.stacks;
  const n = p.stacks.length;
  // For node i: whether a user frame is on the path root..i, and the node the
  // path was cut to (-2 while uncut).
  const foundUser = new Uint8Array(n);
  const cutTo = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const par = parent[i];
    const f = flags[location[i]];
    const parentUser = par === NONE ? 0 : foundUser[par];
    const parentCut = par === NONE ? -2 : cutTo[par];
    foundUser[i] = parentUser | (f === 0 ? 1 : 0);
    if (parentCut !== -2) cutTo[i] = parentCut;
    else if (parentUser && f & PRUNE) cutTo[i] = par;
    else if (parentUser && f & PRUNE_BENEATH) cutTo[i] = i;
    else cutTo[i] = -2;
  }
  const stack = p.samples.stack;
  for (let s = 0; s < stack.length; s++) {
    const leaf = stack[s];
    if (leaf !== NONE && cutTo[leaf] !== -2) stack[s] = cutTo[leaf];
  }
}
