// Our hand-written profile.proto decoder against another one: protobufjs's
// static module generated from the same .proto (test/proto, `npm run
// gen:proto`). For every proto fixture both must see the same samples: the
// same stacks (function, file and line of every frame, inlined ones too) with
// the same values, summed over samples that share a stack and labels, as our
// model merges them.

import { gunzipSync } from 'node:zlib';
import Long from 'long';
import { describe, expect, it } from 'vitest';
import { decodeProfile } from '../../src/core/decode';
import type { Profile } from '../../src/core/model/profile';
import { runSync } from '../../src/core/progress';
import { NONE } from '../../src/core/model/profile';
import { perftools } from '../proto/profile.pb.js';
import { allProfileFixtures, decodeFixture, fixtureBytes } from '../helpers/fixtures';

type Stacks = Map<string, number[]>;

const num = (v: number | Long | null | undefined) => (v == null ? 0 : typeof v === 'number' ? v : Long.fromValue(v).toNumber());

function add(out: Stacks, key: string, values: number[]): void {
  if (values.every((v) => v === 0)) return; // pprof drops all-zero samples, and so do we
  const sum = out.get(key);
  if (sum) for (let i = 0; i < values.length; i++) sum[i] += values[i];
  else out.set(key, values.slice());
}

function theirs(bytes: Uint8Array): Stacks {
  const p = perftools.profiles.Profile.decode(bytes);
  const s = p.stringTable ?? [];
  const fns = new Map((p.function ?? []).map((f) => [num(f.id), f]));
  const locs = new Map((p.location ?? []).map((l) => [num(l.id), l]));
  const out: Stacks = new Map();
  for (const smp of p.sample ?? []) {
    const frames: string[] = [];
    for (const id of smp.locationId ?? []) {
      const loc = locs.get(num(id))!;
      for (const line of loc.line ?? []) {
        const f = fns.get(num(line.functionId));
        frames.push(`${f ? s[num(f.name)] : ''}@${f ? s[num(f.filename)] : ''}:${num(line.line)}`);
      }
      if (!loc.line?.length) frames.push(`0x${num(loc.address).toString(16)}`);
    }
    const labels = (smp.label ?? [])
      .map((l) => `${s[num(l.key)]}=${num(l.str) !== 0 ? s[num(l.str)] : `${num(l.num)}${s[num(l.numUnit)]}`}`)
      .sort()
      .join(',');
    add(out, `${frames.join(' ')}|${labels}`, (smp.value ?? []).map(num));
  }
  return out;
}

function ours(p: Profile): Stacks {
  const s = p.strings;
  const n = p.sampleTypes.length;
  const out: Stacks = new Map();
  for (let i = 0; i < p.samples.length; i++) {
    const frames: string[] = [];
    for (let node = p.samples.stack[i]; node !== NONE; node = p.stacks.parent[node]) {
      const loc = p.stacks.location[node];
      const from = p.locations.lineStart[loc];
      const to = p.locations.lineStart[loc + 1];
      for (let l = from; l < to; l++) {
        const f = p.lines.function[l];
        frames.push(`${f !== NONE ? s[p.functions.name[f]] : ''}@${f !== NONE ? s[p.functions.filename[f]] : ''}:${p.lines.line[l]}`);
      }
      if (from === to) frames.push(`0x${p.locations.address[loc].toString(16)}`);
    }
    const labels: string[] = [];
    for (let j = p.labels.setStart[p.samples.labelSet[i]]; j < p.labels.setStart[p.samples.labelSet[i] + 1]; j++) {
      const L = p.labels;
      labels.push(`${s[L.key[j]]}=${L.isNum[j] ? `${L.num[j]}${s[L.numUnit[j]]}` : s[L.str[j]]}`);
    }
    add(out, `${frames.join(' ')}|${labels.sort().join(',')}`, Array.from(p.samples.values.subarray(i * n, i * n + n)));
  }
  return out;
}

const protoFixtures = allProfileFixtures().filter((f) => {
  try {
    return decodeFixture(f).profile.format === 'proto';
  } catch {
    return false;
  }
});

describe('profile.proto: our decoder against protobufjs', () => {
  it('has proto fixtures to compare', () => expect(protoFixtures.length).toBeGreaterThanOrEqual(20));
  for (const f of protoFixtures) {
    it(f, () => {
      const raw = fixtureBytes(f);
      const bytes = raw[0] === 0x1f && raw[1] === 0x8b ? new Uint8Array(gunzipSync(raw)) : raw;
      const a = ours(decodeFixture(f).profile);
      const b = theirs(bytes);
      expect(a.size).toBe(b.size);
      expect(new Map([...a].sort())).toEqual(new Map([...b].sort()));
    });
  }
});

/**
 * A profile of `nLocations` locations (one function each) whose ids are
 * `idOf(i)`, and samples with stacks and values of every varint length the
 * sample reader meets: location ids of one to three bytes (four with ids
 * from 2^21), values from 0 to past 2^28, a label; the last sample written
 * after everything else, so that its fields end the file.
 */
function madeProfile(nLocations: number, idOf: (i: number) => number): Uint8Array {
  const P = perftools.profiles;
  const strings = ['', 'alloc_space', 'bytes', 'inuse_space', 'size'];
  const fn = (i: number) => {
    strings.push(`main.f${i}`);
    return strings.length - 1;
  };
  const location = Array.from({ length: nLocations }, (_, i) => ({ id: idOf(i), line: [{ functionId: i + 1, line: i }] }));
  const functions = Array.from({ length: nLocations }, (_, i) => ({ id: i + 1, name: fn(i) }));
  const values = [0, 1, 127, 128, 16383, 16384, 2 ** 21 - 1, 2 ** 21, 2 ** 28 - 1, 2 ** 28, 2 ** 31 - 1];
  const sample: perftools.profiles.ISample[] = [];
  let seed = 7;
  const next = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
  for (let k = 0; k < 3000; k++) {
    const depth = 1 + next(24);
    const locationId = Array.from({ length: depth }, () => idOf(next(nLocations)));
    const value = [values[next(values.length)], values[next(values.length)]];
    const label = next(3) === 0 ? [{ key: 4, num: values[next(values.length)], numUnit: 2 }] : [];
    sample.push({ locationId, value, label });
  }
  const last = sample.pop()!;
  const types = [{ type: 1, unit: 2 }, { type: 3, unit: 2 }];
  const head = P.Profile.encode({ sampleType: types, sample, location, function: functions, stringTable: strings }).finish();
  const tail = P.Profile.encode({ sample: [last] }).finish();
  const bytes = new Uint8Array(head.length + tail.length);
  bytes.set(head);
  bytes.set(tail, head.length);
  return bytes;
}

describe('profile.proto made to reach every varint length: our decoder against protobufjs', () => {
  const cases: [string, number, (i: number) => number][] = [
    ['ids 1..N in order, up to three bytes (as Go writes them)', 20_000, (i) => i + 1],
    ['ids 1..N out of order', 20_000, (i) => ((i * 7919) % 20_000) + 1],
    ['ids with gaps, up to four bytes', 600_000, (i) => 4 * i + 3],
  ];
  for (const [name, n, idOf] of cases) {
    it(name, () => {
      const bytes = madeProfile(n, idOf);
      const a = ours(runSync(decodeProfile(bytes)).profile);
      const b = theirs(bytes);
      expect(a.size).toBeGreaterThan(2500);
      expect(new Map([...a].sort())).toEqual(new Map([...b].sort()));
    }, 60_000);
  }
});
