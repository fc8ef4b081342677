// Moving a decoded profile between threads (src/core/model/transfer.ts):
// every fixture survives a structured clone that transfers its columns, and
// the columns named there are all the profile has.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeProfile } from '../../src/core/decode';
import { isProfileError } from '../../src/core/errors';
import { profileColumns, transferList, receiveStacks, type Profile } from '../../src/core/model';
import { runSync } from '../../src/core/progress';

const DIR = new URL('../fixtures/', import.meta.url);
const files = readdirSync(DIR).filter((f) => statSync(new URL(f, DIR)).isFile() && f !== 'README.md');

function decode(name: string, sendParents = false): Profile | null {
  try {
    return runSync(decodeProfile(new Uint8Array(readFileSync(new URL(name, DIR))), { sendParents })).profile;
  } catch (e) {
    if (isProfileError(e)) return null; // a fixture of a bad file
    throw e;
  }
}

/** Every typed array reachable from the profile. */
function typedArrays(value: unknown, out: ArrayBufferView[] = []): ArrayBufferView[] {
  if (ArrayBuffer.isView(value)) out.push(value);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) typedArrays(v, out);
  return out;
}

describe('a profile moved to another thread', () => {
  it('has every typed array of every fixture among its columns', () => {
    let decoded = 0;
    for (const name of files) {
      const p = decode(name);
      if (!p) continue;
      decoded++;
      const columns = new Set<ArrayBufferView>(profileColumns(p));
      const missing = typedArrays(p).filter((a) => !columns.has(a));
      expect(missing.length, `${name}: typed arrays not in profileColumns`).toBe(0);
    }
    expect(decoded).toBeGreaterThan(40);
  });

  it('arrives equal to a fresh decode, its columns moved and not copied', () => {
    let moved = 0;
    for (const name of files) {
      const p = decode(name);
      if (!p) continue;
      const expected = decode(name)!;
      const buffers = transferList(p);
      const arrived = structuredClone(p, { transfer: buffers });
      expect(arrived, name).toEqual(expected);
      // The sender's non-empty columns are detached: their bytes went, not a copy.
      for (const c of profileColumns(p)) expect(c.byteLength, name).toBe(0);
      moved += buffers.length;
    }
    expect(moved).toBeGreaterThan(0);
  });

  it('sent as a decoder sends it, arrives with the parent column a fresh decode has (decision 0036)', () => {
    let sent = 0;
    for (const name of files) {
      const p = decode(name, true);
      if (!p) continue;
      const expected = decode(name)!;
      const columns = new Set<ArrayBufferView>(profileColumns(p));
      expect(typedArrays(p).filter((a) => !columns.has(a)).length, name).toBe(0);
      if (p.stacks.branchings) {
        sent++;
        // The decoder never wrote the column: the receiver does.
        expect(p.stacks.parent.length, name).toBe(0);
        expect(p.stacks.branchings.parent.length, name).toBeLessThan(Math.max(p.stacks.length, 1));
      }
      const arrived = structuredClone(p, { transfer: transferList(p) });
      receiveStacks(arrived);
      expect(arrived, name).toEqual(expected);
      for (const c of profileColumns(p)) expect(c.byteLength, name).toBe(0);
    }
    expect(sent).toBeGreaterThan(20); // every proto fixture; the text formats build the column
  });
});
