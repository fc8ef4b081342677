// ProfileBuilder.build() merges samples of equal keys (stack and labels) but
// neither hashes nor looks up a sample that is the only one on its stack.
// That must give what hashing every key gives: each fixture's samples are
// built again once as they are (most stacks then their sample's own) and once
// with every sample added twice (every stack shared, every key hashed, each
// pair merged), and the two must differ only in values, doubled.

import { describe, expect, it } from 'vitest';
import { isProfileError } from '../../src/core/errors';
import { ProfileBuilder, type Profile } from '../../src/core/model';
import { allProfileFixtures, decodeFixture } from '../helpers/fixtures';

/** The fixture's profile, or null for a fixture of a bad file. */
function decode(name: string): Profile | null {
  try {
    return decodeFixture(name).profile;
  } catch (e) {
    if (isProfileError(e)) return null;
    throw e;
  }
}

/** p's stacks and samples put through a new builder, each sample's labels added last first (so sorting them matters), `times` times. */
function rebuild(p: Profile, times: number): Profile {
  const b = new ProfileBuilder(p.format);
  b.sampleTypes = p.sampleTypes;
  for (let i = 0; i < p.stacks.length; i++) b.stacks.intern(p.stacks.parent[i], p.stacks.location[i]);
  const n = p.sampleTypes.length;
  const l = p.labels;
  for (let i = 0; i < p.samples.length; i++) {
    for (let t = 0; t < times; t++) {
      for (let k = l.setStart[p.samples.labelSet[i] + 1] - 1; k >= l.setStart[p.samples.labelSet[i]]; k--) {
        b.addLabel(l.key[k], l.str[k], l.num[k], l.numUnit[k], l.isNum[k] === 1);
      }
      b.addSample(p.samples.stack[i], p.samples.values.subarray(i * n, (i + 1) * n));
    }
  }
  return b.build();
}

function distinctStacks(p: Profile): boolean {
  return new Set(p.samples.stack).size === p.samples.length;
}

describe('merging samples, a sample alone on its stack not hashed', () => {
  it('gives what hashing every key gives, on every fixture', () => {
    let ownStacks = 0;
    let protos = 0;
    for (const name of allProfileFixtures()) {
      const p = decode(name);
      if (!p || p.samples.length === 0) continue;
      if (distinctStacks(p)) ownStacks++;
      const once = rebuild(p, 1);
      const twice = rebuild(p, 2);
      expect(twice.samples.stack, name).toEqual(once.samples.stack);
      expect(twice.samples.labelSet, name).toEqual(once.samples.labelSet);
      expect(twice.samples.values, name).toEqual(once.samples.values.map((v) => 2 * v));
      expect(twice.labels, name).toEqual(once.labels);
      // A proto is merged when decoded: building it again changes nothing.
      if (p.format === 'proto') {
        protos++;
        expect(once.samples, name).toEqual(p.samples);
        expect(once.labels, name).toEqual(p.labels);
      }
    }
    expect(ownStacks).toBeGreaterThan(20);
    expect(protos).toBeGreaterThan(20);
  });

  it('sorts each sample\'s labels, hashed or not', () => {
    const build = (twice: boolean) => {
      const b = new ProfileBuilder('proto');
      b.sampleTypes = [{ type: 0, unit: 0 }];
      const a = b.internStack([1, 0]);
      const c = b.internStack([2, 0]);
      for (let t = twice ? 2 : 1; t > 0; t--) {
        b.addLabel(3, 0, 7, 0, true);
        b.addLabel(1, 5, 0, 0, false);
        b.addLabel(1, 4, 0, 0, false);
        b.addSample(a, [10]);
        b.addLabel(2, 0, 9, 0, true);
        b.addLabel(2, 0, 8, 0, true);
        b.addSample(c, [20]);
      }
      return b.build();
    };
    const fast = build(false);
    expect(Array.from(fast.labels.key)).toEqual([1, 1, 3, 2, 2]);
    expect(Array.from(fast.labels.str)).toEqual([4, 5, 0, 0, 0]);
    expect(Array.from(fast.labels.num)).toEqual([0, 0, 7, 8, 9]);
    expect(Array.from(fast.samples.labelSet)).toEqual([1, 2]);
    expect(Array.from(fast.labels.setStart)).toEqual([0, 0, 3, 5]);
    const full = build(true);
    expect(Array.from(full.samples.values)).toEqual([20, 40]);
    expect(full.samples.stack).toEqual(fast.samples.stack);
    expect(full.labels).toEqual(fast.labels);
  });

  it('still merges two samples of one stack and the same labels', () => {
    const b = new ProfileBuilder('proto');
    b.sampleTypes = [{ type: 0, unit: 0 }];
    const a = b.internStack([1, 0]);
    b.addSample(a, [10]);
    b.addSample(b.internStack([2, 0]), [5]);
    b.addSample(a, [20]);
    const p = b.build();
    expect(Array.from(p.samples.stack)).toEqual([a, a + 1]);
    expect(Array.from(p.samples.values)).toEqual([30, 5]);
  });
});
