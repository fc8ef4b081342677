// A Profile handed from one thread to another without copying its columns:
// the profile itself is structured-cloneable (plain objects, strings, typed
// arrays), so the only work is listing the buffers behind its columns, which
// postMessage then moves instead of copying. Every column is named here, in
// one place; test/unit/transfer.test.ts fails when a column is added to
// profile.ts and not to this list.

import type { Profile } from './profile';

type Column = Int32Array | Float64Array | Uint8Array | Uint16Array | Uint32Array;

/** Every typed-array column of the profile, table by table. */
export function profileColumns(p: Profile): Column[] {
  const f = p.functions;
  const m = p.mappings;
  const loc = p.locations;
  const line = p.lines;
  const s = p.samples;
  const lab = p.labels;
  const columns: Column[] = [
    f.id, f.name, f.systemName, f.filename, f.startLine,
    m.id, m.memoryStart, m.memoryLimit, m.fileOffset, m.filename, m.buildId, m.flags,
    loc.id, loc.mapping, loc.address, loc.isFolded, loc.lineStart,
    line.function, line.line, line.column,
    p.stacks.parent, p.stacks.location,
    s.stack, s.values, s.labelSet,
    lab.setStart, lab.key, lab.str, lab.num, lab.numUnit, lab.isNum,
  ];
  if (p.stacks.branchings) columns.push(p.stacks.branchings.chained, p.stacks.branchings.parent);
  const g = p.goroutines;
  if (g) columns.push(g.goid, g.state, g.waitMinutes, g.lockedToThread, g.createdBy, g.createdByGoid, g.argStart, g.frameArgs);
  return columns;
}

/**
 * The buffers to transfer with the profile (postMessage's transfer list):
 * each once (columns may be views of one buffer; a duplicate is an error),
 * the empty ones left out (nothing to save, and some engines refuse them).
 * After the transfer the sender's columns are detached: it must not use the
 * profile again.
 */
export function transferList(p: Profile): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const c of profileColumns(p)) {
    if (c.buffer.byteLength > 0 && c.buffer instanceof ArrayBuffer) buffers.add(c.buffer);
  }
  return [...buffers];
}
