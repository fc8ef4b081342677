// A report of one profile alone may skip pprof's merge of that single
// source when the merge would change nothing the -top table shows
// (mergeAloneKeepsReport): the table's one-profile reports and its base and
// current columns read the profile as decoded then. These tests hold the
// claim against every fixture, and the guard against what a merge does change.

import { describe, expect, it } from 'vitest';
import { compareProfiles, mergeAloneKeepsReport } from '../../src/core/diff';
import { ProfileBuilder } from '../../src/core/model/builder';
import type { Profile } from '../../src/core/model/profile';
import { formatTop, TopEngine, type TopOptions } from '../../src/core/top';
import { allProfileFixtures, decodeFixture } from '../helpers/fixtures';

function topText(p: Profile, o: TopOptions): string {
  return formatTop(p, new TopEngine(p).compute(o));
}

function decodable(): { name: string; profile: Profile }[] {
  const out: { name: string; profile: Profile }[] = [];
  for (const name of allProfileFixtures()) {
    try {
      out.push({ name, profile: decodeFixture(name).profile });
    } catch {
      // not a profile (a fixture of a decode error)
    }
  }
  return out;
}

/** One type, one function per mapping, a sample per mapping; `mappings`: [start, file] each. */
function withMappings(mappings: [number, string][], comments: string[] = [], value = 100): Profile {
  const b = new ProfileBuilder('proto');
  b.intern('');
  b.sampleTypes = [{ type: b.intern('inuse_space'), unit: b.intern('bytes') }];
  for (const c of comments) b.comments.push(b.intern(c));
  mappings.forEach(([start, file], i) => {
    const m = b.addMapping(i + 1, start, start + 0x10000, 0, b.intern(file), b.intern(''), 0);
    const f = b.addFunction(i + 1, b.intern(`main.f${i}`), b.intern(`main.f${i}`), b.intern('main.go'), 0);
    b.beginLocation(i + 1, m, start + 0x100, false);
    b.addLine(f, 10, 0);
  });
  mappings.forEach((_, i) => b.addSample(b.stacks.intern(-1, i), new Float64Array([value])));
  return b.build({ merge: true });
}

describe('mergeAloneKeepsReport', () => {
  it('holds where it says so: the -top text of each fixture as decoded equals that of its merge, at every granularity and type', () => {
    let held = 0;
    for (const { name, profile } of decodable()) {
      if (!mergeAloneKeepsReport(profile)) continue;
      held++;
      const merged = compareProfiles([profile]);
      for (let t = 0; t < profile.sampleTypes.length; t++) {
        for (const granularity of ['functions', 'lines', 'addresses'] as const) {
          for (const cum of [false, true]) {
            const o: TopOptions = { sampleIndex: t, granularity, cum, nodeCount: 0 };
            expect(topText(profile, o), `${name} type ${t} ${granularity}${cum ? ' -cum' : ''}`).toBe(topText(merged, o));
          }
        }
      }
    }
    expect(held).toBeGreaterThan(20);
  });

  it('does not hold for a profile with negative values (a -base diff)', () => {
    const base = decodeFixture('gzipleak.base.heap').profile;
    const current = decodeFixture('gzipleak.current.heap').profile;
    expect(mergeAloneKeepsReport(current)).toBe(true);
    // The leak only grows: base -base current shrinks everywhere.
    const shrink = compareProfiles([base], [current]);
    expect(shrink.samples.values.some((v) => v < 0)).toBe(true);
    expect(mergeAloneKeepsReport(shrink)).toBe(false);
  });

  it('does not hold when two mappings share pprof\'s key (the merge moves the second one\'s addresses)', () => {
    const apart = withMappings([
      [0x400000, '/bin/app'],
      [0x800000, '/bin/other'],
    ]);
    const sameKey = withMappings([
      [0x400000, '/bin/app'],
      [0x800000, '/bin/app'],
    ]);
    expect(mergeAloneKeepsReport(apart)).toBe(true);
    expect(mergeAloneKeepsReport(sameKey)).toBe(false);
    // What it guards against: at -addresses the merged profile prints other addresses.
    const o: TopOptions = { sampleIndex: 0, granularity: 'addresses' };
    expect(topText(sameKey, o)).not.toBe(topText(compareProfiles([sameKey]), o));
  });

  it('does not hold when a comment is given twice (the merge keeps it once)', () => {
    expect(mergeAloneKeepsReport(withMappings([[0x400000, '/bin/app']], ['built by ci', 'v1']))).toBe(true);
    const twice = withMappings([[0x400000, '/bin/app']], ['built by ci', 'built by ci']);
    expect(mergeAloneKeepsReport(twice)).toBe(false);
    expect(topText(twice, { sampleIndex: 0 })).not.toBe(topText(compareProfiles([twice]), { sampleIndex: 0 }));
  });
});
