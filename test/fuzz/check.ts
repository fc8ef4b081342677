// The fuzz property: an input either decodes to an internally consistent
// profile or throws a ProfileError with a message, within a time bound and
// without any single allocation out of proportion to the input.

import { decodeProfile } from '../../src/core/decode';
import { isProfileError } from '../../src/core/errors';
import { NONE, type Profile } from '../../src/core/model/profile';
import { parentIndex, parentOf, receiveStacks } from '../../src/core/model/parents';
import { runSync } from '../../src/core/progress';
import { summarize } from '../../src/core/summary';

const CODES = new Set(['empty', 'too-large', 'inflate-limit', 'gzip-truncated', 'gzip-corrupt', 'proto-malformed', 'text-malformed', 'binary-malformed', 'unrecognized', 'cancelled']);

/** Per-case wall-clock bound; a decoder that loops fails here (or is killed by the runner's watchdog). */
export const CASE_MS = 5_000;

// ---------------------------------------------------------------- allocation guard

/**
 * While a case runs, any typed array or ArrayBuffer larger than the budget
 * throws instead of allocating: a varint claiming 2 GB must not cost 2 GB.
 * The budget is generous (decoded columns are a few times the input).
 */
let budget = Infinity;
export class AllocationTooLarge extends Error {}

function guard<T extends abstract new (...a: any[]) => any>(C: T, bytesPer: number): T {
  return new Proxy(C, {
    construct(target, args, newTarget) {
      const a0 = args[0];
      const n = typeof a0 === 'number' ? a0 * bytesPer : 0;
      if (n > budget) throw new AllocationTooLarge(`allocation of ${n} bytes (${target.name}) over the ${budget}-byte budget`);
      return Reflect.construct(target, args, newTarget);
    },
  });
}

let installed = false;
export function installAllocationGuard(): void {
  if (installed) return;
  installed = true;
  const g = globalThis as any;
  for (const [name, per] of [
    ['ArrayBuffer', 1], ['Uint8Array', 1], ['Int8Array', 1], ['Uint16Array', 2], ['Int16Array', 2],
    ['Int32Array', 4], ['Uint32Array', 4], ['Float64Array', 8], ['Float32Array', 4],
  ] as const) {
    g[name] = guard(g[name], per);
  }
}

export function budgetFor(inputBytes: number, inflateLimit?: number): number {
  // Decompression may legitimately reach its cap; everything else scales with the input.
  return Math.max(64 << 20, 256 * inputBytes, (inflateLimit ?? 0) * 2);
}

// ---------------------------------------------------------------- invariants

function fail(msg: string): never {
  throw new Error(`inconsistent profile: ${msg}`);
}

export function checkProfile(p: Profile): void {
  const ns = p.strings.length;
  if (ns < 1 || p.strings[0] !== '') fail('string table must start with ""');
  for (const s of p.strings) if (typeof s !== 'string') fail('non-string in the string table');
  const str = (i: number, what: string) => {
    if (!Number.isInteger(i) || i < 0 || i >= ns) fail(`${what} = ${i}, string table has ${ns}`);
  };
  const idx = (i: number, n: number, what: string, none = true) => {
    if (!Number.isInteger(i) || (none && i === NONE ? false : i < 0 || i >= n)) fail(`${what} = ${i}, table has ${n}`);
  };
  const nt = p.sampleTypes.length;
  for (const t of p.sampleTypes) {
    str(t.type, 'sampleType.type');
    str(t.unit, 'sampleType.unit');
  }
  if (p.periodType) {
    str(p.periodType.type, 'periodType.type');
    str(p.periodType.unit, 'periodType.unit');
  }
  str(p.dropFrames, 'dropFrames');
  str(p.keepFrames, 'keepFrames');
  str(p.defaultSampleType, 'defaultSampleType');
  for (const c of p.comments) str(c, 'comment');
  for (const x of [p.timeNanos, p.durationNanos, p.period]) if (!Number.isFinite(x)) fail(`non-finite header number ${x}`);

  const f = p.functions;
  for (let i = 0; i < f.length; i++) {
    str(f.name[i], 'function.name');
    str(f.systemName[i], 'function.systemName');
    str(f.filename[i], 'function.filename');
  }
  const m = p.mappings;
  for (let i = 0; i < m.length; i++) {
    str(m.filename[i], 'mapping.filename');
    str(m.buildId[i], 'mapping.buildId');
  }
  const ln = p.lines;
  for (let i = 0; i < ln.length; i++) {
    idx(ln.function[i], f.length, 'line.function');
    if (!Number.isFinite(ln.line[i])) fail('non-finite line number');
  }
  const l = p.locations;
  if (l.lineStart.length < l.length + 1) fail(`lineStart has ${l.lineStart.length} entries for ${l.length} locations`);
  for (let i = 0; i < l.length; i++) {
    idx(l.mapping[i], m.length, 'location.mapping');
    if (l.lineStart[i] > l.lineStart[i + 1] || l.lineStart[i] < 0) fail(`lineStart not monotone at ${i}`);
  }
  if (l.length && l.lineStart[l.length] > ln.length) fail('lineStart past the line table');
  const st = p.stacks;
  for (let i = 0; i < st.length; i++) {
    const parent = st.parent[i];
    if (parent !== NONE && !(parent >= 0 && parent < i)) fail(`stack ${i} parent ${parent} is not an earlier node`);
    idx(st.location[i], l.length, 'stack.location', false);
  }
  const s = p.samples;
  if (s.values.length !== s.length * nt) fail(`values has ${s.values.length} entries for ${s.length}×${nt}`);
  for (let i = 0; i < s.values.length; i++) if (!Number.isFinite(s.values[i])) fail(`non-finite value ${s.values[i]}`);
  const lb = p.labels;
  if (lb.setStart.length !== lb.sets + 1 || lb.setStart[0] !== 0 || lb.setStart[lb.sets] !== lb.length) fail('setStart does not span the label table');
  for (let set = 0; set < lb.sets; set++) if (lb.setStart[set] > lb.setStart[set + 1]) fail(`setStart not monotone at ${set}`);
  if (lb.sets > 0 && lb.setStart[1] !== 0) fail('set 0 is not empty');
  for (let i = 0; i < s.length; i++) {
    idx(s.stack[i], st.length, 'sample.stack');
    idx(s.labelSet[i], lb.sets, 'sample.labelSet', false);
  }
  for (let i = 0; i < lb.length; i++) {
    str(lb.key[i], 'label.key');
    str(lb.str[i], 'label.str');
    str(lb.numUnit[i], 'label.numUnit');
    if (!Number.isFinite(lb.num[i])) fail('non-finite label number');
  }
  const g = p.goroutines;
  if (g) {
    if (g.length !== s.length) fail(`goroutine table has ${g.length} rows for ${s.length} samples`);
    for (let i = 0; i < g.length; i++) {
      str(g.state[i], 'goroutine.state');
      idx(g.createdBy[i], l.length, 'goroutine.createdBy');
      if (!Number.isFinite(g.goid[i]) || !Number.isFinite(g.waitMinutes[i])) fail('non-finite goroutine number');
    }
  }
}

/**
 * Decoded as the page's decoders send it (parents as branchings, decision
 * 0036) and received, the tree has the same parents, through the index
 * and as the column made on first ask.
 */
function checkSentParents(bytes: Uint8Array, inflateLimit: number | undefined, decoded: Profile): void {
  const sent = runSync(decodeProfile(bytes, { inflateLimit, sendParents: true })).profile;
  receiveStacks(sent);
  const want = decoded.stacks.parent;
  const ix = parentIndex(sent.stacks);
  if (sent.stacks.length !== decoded.stacks.length) fail('sent tree: another length');
  for (let n = 0; n < want.length; n++) if (parentOf(ix, n) !== want[n]) fail(`sent tree: node ${n}'s parent`);
  const column = sent.stacks.parent;
  for (let n = 0; n < want.length; n++) if (column[n] !== want[n]) fail(`sent tree: column at ${n}`);
}

// ---------------------------------------------------------------- one case

export type Outcome = 'decoded' | string; // or the error code

/** Runs one input through the decoder; returns how it ended, throws if the property is broken. */
export function runCase(bytes: Uint8Array, inflateLimit?: number): Outcome {
  const t0 = performance.now();
  budget = budgetFor(bytes.length, inflateLimit);
  let outcome: Outcome;
  try {
    const d = runSync(decodeProfile(bytes, { inflateLimit }));
    budget = Infinity;
    checkProfile(d.profile);
    summarize(d.profile); // what the file card shows
    checkSentParents(bytes, inflateLimit, d.profile);
    outcome = 'decoded';
  } catch (e) {
    budget = Infinity;
    if (e instanceof AllocationTooLarge) throw e;
    if (!isProfileError(e)) {
      const err = e as Error;
      throw new Error(`not a ProfileError: ${err?.name}: ${err?.message}\n${err?.stack ?? ''}`);
    }
    if (!CODES.has(e.code)) throw new Error(`ProfileError with unknown code ${e.code}`);
    if (typeof e.message !== 'string' || e.message.trim() === '') throw new Error(`ProfileError ${e.code} with an empty message`);
    outcome = e.code;
  }
  const ms = performance.now() - t0;
  if (ms > CASE_MS) throw new Error(`case took ${ms.toFixed(0)} ms (bound ${CASE_MS} ms) on ${bytes.length} bytes`);
  return outcome;
}
