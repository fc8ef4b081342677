// The call tree of a comparison, columnar: what every view of this folder
// reads. Frames are in depth-first preorder with children by decreasing
// width (pprof's order): a frame's subtree is [i, end[i]), its first child
// i + 1, its next sibling end[i]. Built by build.ts (top-down) and
// invert.ts (bottom-up), both through trie.ts and preorder.ts.
//
// Each sample adds |value| to the positive or negative part of every frame
// on its path (pprof's sumpos/sumneg, docs/decisions/0014-flame-diff-width.md),
// so value = pos − neg and width = pos + neg.

/** Index into a FlameTree's frames; 0 is the root. */
export type FrameIndex = number;

export interface FlameTree {
  length: number;
  /** Parent frame; NONE for the root (frame 0). */
  parent: Int32Array;
  depth: Int32Array;
  /** One past the last frame of the subtree (preorder). */
  end: Int32Array;
  /** Index into `names` / `keys`; NONE for the root. */
  node: Int32Array;
  /** What pprof prints for each report node, and its key (fmt.Sprint(NodeInfo)). */
  names: string[];
  keys: string[];
  /** Σ |value| of the positive and negative samples through the frame: value = pos − neg, width = pos + neg. */
  pos: Float64Array;
  neg: Float64Array;
  /** The same of the samples whose flat is the frame (its self). */
  ownPos: Float64Array;
  ownNeg: Float64Array;
  /** Each profile alone (cum and flat); null for a profile viewed alone. */
  base: Float64Array | null;
  current: Float64Array | null;
  baseFlat: Float64Array | null;
  currentFlat: Float64Array | null;
  /** pprof's report total (the denominator of every percentage, as -top's). */
  total: number;
  sampleType: string;
  sampleUnit: string;
  /** Bottom-up: roots are the frames where values are flat, children their callers. */
  inverted: boolean;
}

/** Signed cum (Δ in a diff). */
export const frameValue = (t: FlameTree, f: FrameIndex): number => t.pos[f] - t.neg[f];
/** Signed flat. */
export const frameFlat = (t: FlameTree, f: FrameIndex): number => t.ownPos[f] - t.ownNeg[f];
/** The room a frame takes: increases and decreases both. */
export const frameWidth = (t: FlameTree, f: FrameIndex): number => t.pos[f] + t.neg[f];
