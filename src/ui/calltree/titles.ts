// What a number of the call tree means, said on hover: its exact value in
// the profile's unit, its share of the total, and where it comes from.

import type { CallTreeRow } from '../../core/flame';
import { count } from '../heap/Top';

export interface TreeNumbers {
  /** The sample type's unit ("bytes", "count", "nanoseconds"). */
  unit: string;
  total: number;
  totalText: string;
  /** A diff: flat and cum are current − base. */
  diff: boolean;
}

/** 1234567.5 → "1,234,567.5" (the exact value behind a rounded one). */
function exact(v: number): string {
  const [whole, frac] = String(Math.abs(v)).split('.');
  return `${v < 0 ? '−' : ''}${count(Number(whole))}${frac ? `.${frac.slice(0, 3)}` : ''}`;
}

const share = (v: number, n: TreeNumbers) => (n.total === 0 ? '' : `, ${((Math.abs(v) / Math.abs(n.total)) * 100).toFixed(2)}% of the ${n.totalText} total`);

/** The value a column shows of a row. */
function valueOf(col: string, row: CallTreeRow): number {
  if (col === 'flat' || col === 'flatPct') return row.flat;
  if (col === 'base') return row.base ?? 0;
  if (col === 'current') return row.current ?? 0;
  return row.cum;
}

export function cellTitle(col: string, row: CallTreeRow, n: TreeNumbers): string {
  const v = valueOf(col, row);
  const d = n.diff ? ' (current − base)' : '';
  switch (col) {
    case 'flat':
    case 'flatPct':
      return `flat ${row.flatText} = ${exact(v)} ${n.unit}${share(v, n)}: charged to ${row.name} itself on this path${d}`;
    case 'cum':
    case 'cumPct':
      return `cum ${row.cumText} = ${exact(v)} ${n.unit}${share(v, n)}: this frame and everything below it${d}`;
    case 'base':
      return `base ${row.baseText} = ${exact(v)} ${n.unit}: this frame's cum in the base profile alone`;
    case 'current':
      return `current ${row.currentText} = ${exact(v)} ${n.unit}: this frame's cum in the current profile alone`;
    case 'delta':
      return row.base === null || row.current === null ? '' : `Δ% ${row.deltaText} = (current − base) / base = (${exact(row.current)} − ${exact(row.base)}) / ${exact(row.base)}`;
    default:
      return '';
  }
}
