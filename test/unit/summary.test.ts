// What a file card says: the kind of profile, told from its contents alone.

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/core/summary';
import { FIXTURES, decodeFixture } from '../helpers/fixtures';

const kinds: [string, string][] = [
  ['gzipleak.base.heap', 'heap'],
  ['gzipleak.allocs', 'allocs'],
  ['tickerleak.current.goroutine', 'goroutine'],
  ['bigparse.cpu', 'cpu'],
  ['pprof-testdata/report/sample.cpu', 'cpu'],
  ['pprof-testdata/driver/go.nomappings.crash', 'heap'],
];

describe('summary', () => {
  for (const [file, kind] of kinds) {
    it(`${file} is a ${kind} profile`, () => {
      expect(summarize(decodeFixture(file).profile).kind).toBe(kind);
    });
  }

  it('allocs defaults to alloc_space, heap to inuse_space (the last type)', () => {
    expect(summarize(decodeFixture('gzipleak.allocs').profile).defaultSampleType).toBe('alloc_space');
    expect(summarize(decodeFixture('gzipleak.base.heap').profile).defaultSampleType).toBe('inuse_space');
  });

  it('keeps time exactly and period and period type', () => {
    const s = summarize(decodeFixture('gzipleak.base.heap').profile);
    expect(s.timeNanosExact).toBe('1795673772461236041');
    expect(s.period).toBe(524288);
    expect(s.periodType).toEqual({ type: 'space', unit: 'bytes' });
    expect(s.mappings).toBe(5);
  });

  it('report -json prints the summary from the command line', () => {
    const out = execFileSync('npx', ['tsx', 'src/cli/report.ts', '-json', `${FIXTURES}/tickerleak.current.goroutine`], {
      encoding: 'utf8',
    });
    const json = JSON.parse(out);
    expect(json.kind).toBe('goroutine');
    // golden/tickerleak.current.goroutine.top.txt: "of 4867 total"
    expect(json.totals).toEqual({ goroutine: 4867 });
    expect(json.sampleTypes).toEqual([{ type: 'goroutine', unit: 'count' }]);
  });

  it('report exits 1 with the reason for a file that is not a profile', () => {
    let status = 0;
    let stderr = '';
    try {
      execFileSync('npx', ['tsx', 'src/cli/report.ts', '-json', `${FIXTURES}/README.md`], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      status = (e as { status: number }).status;
      stderr = (e as { stderr: string }).stderr;
    }
    expect(status).toBe(1);
    expect(stderr).toMatch(/plain text starting with "# pprof fixtures/);
  });
});

describe('mutex and block profiles at ?debug=1 say which they are', () => {
  it('"--- mutex:" is a mutex profile, "--- contention:" a block profile', () => {
    expect(summarize(decodeFixture('go-contention/mutex.debug1.txt').profile).kind).toBe('mutex');
    expect(summarize(decodeFixture('go-contention/block.debug1.txt').profile).kind).toBe('block');
    expect(summarize(decodeFixture('pprof-testdata/profile/cppbench.contention').profile).kind).toBe('mutex');
  });
});
