// report -goroutines: the ticker leak from the command line, and its exit code for CI gates.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/fixtures';

function report(...args: string[]) {
  return spawnSync('npx', ['tsx', 'src/cli/report.ts', ...args], { encoding: 'utf8' });
}

describe('report -goroutines', () => {
  it('ranks the scheduleFlush leak first and exits 3 for a suspected leak', () => {
    const r = report('-goroutines', '-base', `${FIXTURES}/tickerleak.base.goroutine`, `${FIXTURES}/tickerleak.current.goroutine`);
    expect(r.status).toBe(3);
    const first = r.stdout.split('\n').find((l) => /^\s+[+-]\d/.test(l));
    expect(first).toMatch(/^\s+\+4,112\s+754\s+4,866\s.*LEAK SUSPECT/);
    expect(r.stdout).toMatch(/parked in chan receive in main\.\(\*MemQueue\)\.scheduleFlush\.func1/);
  });

  it('exits 0 when nothing leaks (gzipleak goroutines do not change)', () => {
    const r = report('-goroutines=parked', '-base', `${FIXTURES}/gzipleak.base.goroutine`, `${FIXTURES}/gzipleak.current.goroutine`);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/clustered by parked/);
  });

  it('rejects an unknown level', () => {
    const r = report('-goroutines=fuzzy', `${FIXTURES}/gzipleak.base.goroutine`);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/one of exact, lines, functions, parked/);
  });
});
