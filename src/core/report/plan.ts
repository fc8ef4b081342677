// Step 1 of the report engine (engine.ts): the plan. One depth-first walk
// of the stack tree lists, for every stack node, the report nodes its
// location's lines stand for (outer → inner), marking where a node enters
// the path for the first time (recursion), which entry takes the flat value
// (the innermost, or the deepest user frame with blame), and where an inline
// edge can end.

import { NONE, type StackTable } from '../model';
import type { LineView } from '../filter';
import type { EntryNodes } from './nodes';

export interface Tree {
  /** Stack nodes in depth-first preorder (parents before their subtrees). */
  order: Int32Array;
  maxDepth: number;
}

/** The stack tree's depth-first preorder. */
export function preorder(stacks: StackTable): Tree {
  const { parent, length: n } = stacks;
  // Children in CSR form (slot 0 is a virtual root), then an explicit-stack preorder walk.
  const start = new Int32Array(n + 2);
  for (let s = 0; s < n; s++) start[parent[s] + 2]++;
  for (let i = 0; i <= n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n + 1);
  const child = new Int32Array(n);
  for (let s = 0; s < n; s++) child[fill[parent[s] + 1]++] = s;
  let maxDepth = 0;
  const depth = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    depth[s] = parent[s] === NONE ? 1 : depth[parent[s]] + 1;
    if (depth[s] > maxDepth) maxDepth = depth[s];
  }
  const order = new Int32Array(n);
  const stack = new Int32Array(maxDepth + 1);
  const cursor = new Int32Array(maxDepth + 1);
  let k = 0;
  let sp = 0;
  stack[0] = -1;
  cursor[0] = start[0];
  while (sp >= 0) {
    const slot = stack[sp] + 1;
    if (cursor[sp] < start[slot + 1]) {
      const c = child[cursor[sp]++];
      order[k++] = c;
      stack[++sp] = c;
      cursor[sp] = start[c + 1];
    } else {
      sp--;
    }
  }
  return { order, maxDepth };
}

/** A line view's entries as report nodes at one granularity. */
export interface NodeCache {
  nodes: EntryNodes;
  /** Report node of each entry of the line view. */
  entryNode: Int32Array;
  /** Nodes that are some location's non-outermost entry: the only ones an inline edge can reach. */
  inlineCapable: Uint8Array;
}

export const OCC_FIRST = 1; // the node enters the path here
export const OCC_INNER = 2; // an entry inside the flat entry: only paths to children pass it
export const OCC_INLINE = 4; // not the location's outermost entry: the edge into it is inline

/** Step 1: report-node occurrences per stack node (see the file comment). */
export interface Plan {
  nodeCount: number;
  /** Occurrences of stack node s: occ[occStart[s] .. occStart[s+1]-1], outer → inner (in stack order, so passes stream). */
  occStart: Int32Array;
  occNode: Int32Array;
  occFlags: Uint8Array;
  /** Report node that gets the flat value of samples charged to each stack node; -1 for none. */
  flatNode: Int32Array;
  inlineCapable: Uint8Array;
  /** Occurrences of inline-capable nodes (where an inline edge can end), and their stack nodes. */
  inlineOcc: Int32Array;
  inlineOccStack: Int32Array;
  names: string[];
  sprint: string[];
}

/** Step 1: the plan of a line view at a granularity (see the file comment). */
export function buildPlan(stacks: StackTable, tree: Tree, view: LineView, nc: NodeCache, userEntry: Int32Array | null): Plan {
  const { parent, location, length: nS } = stacks;
  const { entryStart, showFrom, hasShowFrom } = view;
  const { entryNode, inlineCapable } = nc;
  const inlineOcc: number[] = [];
  const inlineOccStack: number[] = [];
  // Below the outermost -show_from match (parent-first), a location's entries count.
  const active = new Uint8Array(nS);
  const occStart = new Int32Array(nS + 1);
  for (let s = 0; s < nS; s++) {
    const loc = location[s];
    const a = !hasShowFrom || showFrom[loc] === 1 || (parent[s] !== NONE && active[parent[s]] === 1);
    active[s] = a ? 1 : 0;
    occStart[s + 1] = occStart[s] + (a ? entryStart[loc + 1] - entryStart[loc] : 0);
  }
  const total = occStart[nS];
  const occNode = new Int32Array(total);
  const occFlags = new Uint8Array(total);
  const flatNode = new Int32Array(nS);
  const onPath = new Int32Array(nc.nodes.nodes.length);
  // The path: frames of stack nodes, and the report nodes they put on it.
  const depth = tree.maxDepth + 1;
  const fStack = new Int32Array(depth);
  const fLast = new Int32Array(depth);
  const fLog = new Int32Array(depth);
  let log = new Int32Array(1024);
  let logLength = 0;
  let sp = 0;
  const order = tree.order;
  for (let k = 0; k < nS; k++) {
    const s = order[k];
    const par = parent[s];
    while (sp > 0 && fStack[sp - 1] !== par) {
      sp--;
      const from = fLog[sp];
      for (let j = logLength - 1; j >= from; j--) onPath[log[j]]--;
      logLength = from;
    }
    let last = sp > 0 ? fLast[sp - 1] : -1;
    const loc = location[s];
    const logFrom = logLength;
    const e0 = entryStart[loc];
    const e1 = entryStart[loc + 1];
    let w = occStart[s];
    let flat = last;
    if (active[s] === 1 && e1 > e0) {
      const fe = userEntry !== null && userEntry[loc] > 0 ? userEntry[loc] : 0;
      const outer = e1 - e0 - 1;
      if (logLength + outer + 1 > log.length) {
        const grown = new Int32Array(Math.max(log.length * 2, logLength + outer + 1));
        grown.set(log.subarray(0, logLength));
        log = grown;
      }
      for (let r = outer; r >= 0; r--) {
        const node = entryNode[e0 + r];
        let f = 0;
        if (onPath[node]++ === 0) f |= OCC_FIRST;
        log[logLength++] = node;
        if (r < fe) f |= OCC_INNER;
        if (r !== outer) f |= OCC_INLINE;
        occNode[w] = node;
        occFlags[w] = f;
        if (inlineCapable[node]) {
          inlineOcc.push(w);
          inlineOccStack.push(s);
        }
        w++;
        last = node;
        if (r === fe) flat = node;
      }
    }
    flatNode[s] = flat;
    fStack[sp] = s;
    fLast[sp] = last;
    fLog[sp] = logFrom;
    sp++;
  }
  return {
    nodeCount: nc.nodes.nodes.length,
    occStart,
    occNode,
    occFlags,
    flatNode,
    inlineCapable,
    inlineOcc: Int32Array.from(inlineOcc),
    inlineOccStack: Int32Array.from(inlineOccStack),
    names: nc.nodes.nodes.name,
    sprint: nc.nodes.nodes.sprint,
  };
}

