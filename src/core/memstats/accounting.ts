// Where a Go process's memory is, from its MemStats: the parts of Sys (all
// the runtime obtained from the OS), each named by the fields it comes from.
//
// runtime.MemStats documents the identities used here:
//   Sys       = HeapSys + StackSys + MSpanSys + MCacheSys + BuckHashSys + GCSys + OtherSys
//   HeapSys   = HeapInuse + HeapIdle
//   HeapIdle  ⊇ HeapReleased (idle spans returned to the OS)
//   StackSys  = StackInuse + stacks of OS threads taken straight from the OS
// (there is no StackIdle: freed stack spans go back to the heap, into HeapIdle).

import type { MemStats } from '../model';
import type { MemorySnapshot } from './snapshot';

export type FigureId =
  | 'Sys'
  | 'heapInuse'
  | 'heapIdleRetained'
  | 'heapReleased'
  | 'stackInuse'
  | 'stackOS'
  | 'mspan'
  | 'mcache'
  | 'gc'
  | 'buckHash'
  | 'other';

export interface MemFigure {
  id: FigureId;
  /** Plain words. */
  label: string;
  /** The MemStats fields it is read from, in Go's names: "HeapIdle − HeapReleased". */
  formula: string;
  bytes: number;
  /** Of which in use, for the metadata that has an Inuse field (MSpanInuse, MCacheInuse). */
  inuse?: number;
}

export interface MemAccounting {
  /** Sys: everything the runtime obtained from the OS. */
  sys: MemFigure;
  /** The parts of Sys, largest groups first (heap, stacks, runtime metadata). */
  parts: MemFigure[];
  /** Sys − Σ parts: 0 for a complete block; fields missing from the file otherwise. */
  unexplained: number;
  /** HeapAlloc: bytes of heap objects, live or not yet swept. */
  heapAlloc: number;
  /** The heap profile's live bytes next to HeapInuse, when the file has both. */
  profile?: { inuseSpace: number; ofHeapInuse: number; ofHeapAlloc: number };
  /** MemStats fields the accounting needs that the file lacks. */
  missing: string[];
}

interface PartSpec {
  id: FigureId;
  label: string;
  formula: string;
  /** Fields read; the first minus the others. */
  fields: string[];
  inuse?: string;
}

const SYS: PartSpec = { id: 'Sys', label: 'total from the OS', formula: 'Sys', fields: ['Sys'] };

export const PARTS: PartSpec[] = [
  { id: 'heapInuse', label: 'heap in use', formula: 'HeapInuse', fields: ['HeapInuse'] },
  { id: 'heapIdleRetained', label: 'idle heap not yet returned to the OS', formula: 'HeapIdle − HeapReleased', fields: ['HeapIdle', 'HeapReleased'] },
  { id: 'heapReleased', label: 'idle heap returned to the OS', formula: 'HeapReleased', fields: ['HeapReleased'] },
  { id: 'stackInuse', label: 'goroutine stacks', formula: 'StackInuse', fields: ['StackInuse'] },
  { id: 'stackOS', label: 'OS thread stacks', formula: 'StackSys − StackInuse', fields: ['StackSys', 'StackInuse'] },
  { id: 'mspan', label: 'span metadata', formula: 'MSpanSys', fields: ['MSpanSys'], inuse: 'MSpanInuse' },
  { id: 'mcache', label: 'per-P allocation caches', formula: 'MCacheSys', fields: ['MCacheSys'], inuse: 'MCacheInuse' },
  { id: 'gc', label: 'GC metadata', formula: 'GCSys', fields: ['GCSys'] },
  { id: 'buckHash', label: 'profiling bucket hash table', formula: 'BuckHashSys', fields: ['BuckHashSys'] },
  { id: 'other', label: 'other runtime allocations', formula: 'OtherSys', fields: ['OtherSys'] },
];

function scalar(ms: MemStats, name: string): number | undefined {
  const v = ms[name];
  return typeof v === 'number' ? v : undefined;
}

function figure(ms: MemStats, spec: PartSpec, missing: Set<string>): MemFigure | undefined {
  const values = spec.fields.map((f) => scalar(ms, f));
  spec.fields.forEach((f, i) => values[i] === undefined && missing.add(f));
  if (values.some((v) => v === undefined)) return undefined;
  const [first, ...rest] = values as number[];
  const out: MemFigure = { id: spec.id, label: spec.label, formula: spec.formula, bytes: rest.reduce((a, v) => a - v, first) };
  if (spec.inuse) {
    const inuse = scalar(ms, spec.inuse);
    if (inuse === undefined) missing.add(spec.inuse);
    else out.inuse = inuse;
  }
  return out;
}

export function memAccounting(s: MemorySnapshot): MemAccounting | undefined {
  const ms = s.memStats;
  if (!ms) return undefined;
  const missing = new Set<string>();
  const sys = figure(ms, SYS, missing) ?? { id: SYS.id, label: SYS.label, formula: SYS.formula, bytes: 0 };
  const parts = PARTS.map((p) => figure(ms, p, missing)).filter((f): f is MemFigure => f !== undefined);
  const counted = parts.reduce((a, p) => a + p.bytes, 0);
  const heapAlloc = scalar(ms, 'HeapAlloc') ?? 0;
  if (scalar(ms, 'HeapAlloc') === undefined) missing.add('HeapAlloc');
  const out: MemAccounting = { sys, parts, unexplained: sys.bytes - counted, heapAlloc, missing: [...missing] };
  const heapInuse = scalar(ms, 'HeapInuse');
  if (s.inuseSpace !== undefined && heapInuse) {
    out.profile = { inuseSpace: s.inuseSpace, ofHeapInuse: s.inuseSpace / heapInuse, ofHeapAlloc: heapAlloc ? s.inuseSpace / heapAlloc : 0 };
  }
  return out;
}

export interface FigureDelta {
  id: FigureId;
  label: string;
  formula: string;
  base: number;
  current: number;
  delta: number;
}

export interface MemAccountingDelta {
  sys: FigureDelta;
  parts: FigureDelta[];
  /** The heap profile's live bytes, when both snapshots have them. */
  inuseSpace?: { base: number; current: number; delta: number };
  /** inuse_space under runtime.malg / runtime.allgadd, when both have it. */
  goroutineDescriptors?: { base: number; current: number; delta: number };
}

function change(base: number, current: number) {
  return { base, current, delta: current - base };
}

function figureDelta(b: MemFigure, c: MemFigure): FigureDelta {
  return { id: c.id, label: c.label, formula: c.formula, ...change(b.bytes, c.bytes) };
}

export function memAccountingDelta(base: MemorySnapshot, current: MemorySnapshot): MemAccountingDelta | undefined {
  const b = memAccounting(base);
  const c = memAccounting(current);
  if (!b || !c) return undefined;
  const parts: FigureDelta[] = [];
  for (const cp of c.parts) {
    const bp = b.parts.find((p) => p.id === cp.id);
    if (bp) parts.push(figureDelta(bp, cp));
  }
  const out: MemAccountingDelta = { sys: figureDelta(b.sys, c.sys), parts };
  if (base.inuseSpace !== undefined && current.inuseSpace !== undefined) out.inuseSpace = change(base.inuseSpace, current.inuseSpace);
  if (base.goroutineDescriptors !== undefined && current.goroutineDescriptors !== undefined) {
    out.goroutineDescriptors = change(base.goroutineDescriptors, current.goroutineDescriptors);
  }
  return out;
}
