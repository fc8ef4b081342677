// report -trend: the ranked rows from the command line, their JSON, and the
// exit code CI gates on (3: a row grew in every interval by > 1 % of the last total).

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/fixtures';

function report(...args: string[]) {
  return spawnSync('npx', ['tsx', 'src/cli/report.ts', ...args], { encoding: 'utf8' });
}

const leakspike = (suffix: string) => [1, 2, 3, 4, 5, 6].map((n) => `${FIXTURES}/leakspike.s0${n}.${suffix}`);
const bigparse = ['base', 'peak', 'current'].map((s) => `${FIXTURES}/bigparse.${s}.heap`);
const SHAPES = ['grew', 'peak', 'shrank', 'dip', 'flat', 'mixed'];

describe('report -trend', () => {
  it('prints the leak first as grew with its value per snapshot, the spike as a peak at s03, and exits 3', () => {
    const r = report('-trend', ...leakspike('heap'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(3);
    const rows = r.stdout.split('\n').filter((l) => /^(grew|peak|shrank|dip|flat|mixed)\b/.test(l));
    expect(rows[0]).toMatch(/^grew\s+\+7\.87MB \(\+\d+(\.\d+)?MB\/min\)\s+1\.57MB\s+3\.22MB\s+4\.84MB\s+6\.43MB\s+7\.85MB\s+9\.44MB\s+main\.\(\*traceIndex\)\.remember$/);
    expect(rows.find((l) => l.endsWith(' main.parseRow'))).toMatch(/^peak@#3\s+\+24\.30MB\s+0\s+0\s+24\.30MB\s+0\s+0\s+0\s/);
    expect(r.stdout).toMatch(/^ {2}#6 {2}.*leakspike\.s06\.heap {2}total 11\.28MB/m);
  });

  it('-json: rows of name, values and shape, the same from the ?debug=1 texts', () => {
    const r = report('-trend', '-json', '-sample_index=inuse_space', ...leakspike('heap.debug1.txt'));
    expect(r.status).toBe(3);
    const json = JSON.parse(r.stdout);
    expect(json.timed).toBe(false);
    expect(json.snapshots).toHaveLength(6);
    for (const row of json.rows) {
      expect(SHAPES).toContain(row.shape);
      expect(row.values).toHaveLength(6);
    }
    expect(json.rows[0]).toMatchObject({ name: 'main.(*traceIndex).remember', shape: 'grew' });
    expect(json.rows.find((x: { name: string }) => x.name === 'main.parseRow')).toMatchObject({ shape: 'peak', at: 2 });
    expect(json.gate[0]).toBe('main.(*traceIndex).remember');
  });

  it('exits 0 on a spike without a steady leak (bigparse), whatever the order of the files', () => {
    const r = report('-trend', '-json', bigparse[2], bigparse[0], bigparse[1]);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.snapshots.map((s: { name: string }) => s.name)).toEqual(bigparse);
    expect(json.rows[0]).toMatchObject({ name: 'main.parseRow', shape: 'peak', at: 1 });
    expect(json.gate).toEqual([]);
  });

  it('takes the -top filters and -blame_user; -focus on the spike leaves nothing that grew', () => {
    const r = report('-trend', '-focus=parseSheet', ...leakspike('heap'));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Active filter: focus=parseSheet$/m);
    expect(r.stdout).not.toMatch(/^grew/m);
    const blame = report('-trend', '-json', '-blame_user', ...leakspike('heap'));
    expect(blame.status).toBe(3);
    // The leak's frames are the user's own already: blame keeps it first.
    expect(JSON.parse(blame.stdout).rows[0]).toMatchObject({ name: 'main.(*traceIndex).remember', shape: 'grew' });
  });

  it('refuses one file, -base, mixed kinds and a second report', () => {
    const one = report('-trend', `${FIXTURES}/leakspike.s01.heap`);
    expect(one.status).toBe(2);
    expect(one.stderr).toMatch(/^-trend: give two profile files or more/);
    expect(report('-trend', '-base', bigparse[0], bigparse[1], bigparse[2]).stderr).toMatch(/^-trend compares the files it is given/);
    expect(report('-trend', '-memstats', ...bigparse).stderr).toMatch(/^choose one report: -trend or -memstats/);
    const kinds = report('-trend', `${FIXTURES}/leakspike.s01.heap`, `${FIXTURES}/leakspike.s01.goroutine`);
    expect(kinds.status).toBe(1);
    expect(kinds.stderr).toMatch(/not a snapshot of the same kind/);
  });

  it('of goroutine profiles ranks their clusters: the parked one grew in every interval, 200 → 1,200, and exits 3', () => {
    const r = report('-trend', '-json', ...leakspike('goroutine'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(3);
    const json = JSON.parse(r.stdout);
    expect(json.by).toBe('goroutines');
    expect(json.snapshots.map((s: { total: number }) => s.total)).toEqual([201, 401, 601, 801, 1001, 1201]);
    expect(json.rows[0]).toMatchObject({ name: 'chan receive in main.(*ackWaiter).wait', shape: 'grew', values: [200, 400, 600, 800, 1000, 1200] });
    expect(json.gate).toEqual(['chan receive in main.(*ackWaiter).wait']);
    const text = report('-trend', ...leakspike('goroutine'));
    expect(text.stdout).toMatch(/^grew\s+\+1000 \(\+\d+(\.\d+)?\/min\)\s+200\s+400\s+600\s+800\s+1000\s+1200\s+chan receive in main\.\(\*ackWaiter\)\.wait$/m);
    expect(text.stdout).toMatch(/every change counts/);
  });
});
