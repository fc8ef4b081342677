// Every `go tool pprof -top …` golden, re-run through our report with the
// same flags: the text must be identical, header lines included, and what
// pprof wrote to stderr must be our warnings.
//
// The ?debug=1 goldens are the exception: pprof was given the program's
// binary and symbolized the addresses from it (no inlined frames,
// runtime frames the text omits, `File:` from the binary), which a browser
// tool never has. For those the legacy parser reads Go's own `#` symbols,
// so only the type and the total are compared.

import { describe, expect, it } from 'vitest';
import { parseFlags, topReport } from '../../src/cli/report';
import { pprofGoldens, resolveFixtureArgs } from '../helpers/goldens';

const goldens = pprofGoldens('-top');
const isDebug1 = (args: string[]) => args.some((a) => a.endsWith('.debug1.txt'));

describe('-top goldens from go tool pprof', () => {
  it('covers every pair, sample type, -cum, -lines, -diff_base, topall and single profiles', () => {
    const names = goldens.map((g) => g.name);
    expect(goldens.length).toBeGreaterThanOrEqual(111);
    for (const pair of ['gzipleak.base-current', 'tickerleak.base-current', 'bigparse.base-current', 'bigparse.base-peak', 'bigparse.peak-current']) {
      for (const t of ['inuse_space', 'inuse_objects', 'alloc_space', 'alloc_objects']) expect(names).toContain(`${pair}.heap.top.${t}`);
      for (const v of ['topcum.inuse_space', 'lines.inuse_space', 'diffbase', 'topall.inuse_space', 'topall.alloc_space']) expect(names).toContain(`${pair}.heap.${v}`);
      expect(names).toContain(`${pair}.goroutine.top`);
    }
    // A CPU pair: -base and -diff_base (the page's CPU view compares them the same way).
    for (const cpu of ['gzipleak-bigparse.cpu.base.top', 'gzipleak-bigparse.cpu.diffbase']) expect(names).toContain(cpu);
    for (const single of ['gzipleak.current.heap.top', 'tickerleak.base.goroutine.top', 'bigparse.allocs.top', 'gzipleak.cpu.top']) expect(names).toContain(single);
  });

  for (const g of goldens) {
    if (isDebug1(g.args)) continue;
    it(g.name, () => {
      const { text, warnings } = topReport(parseFlags(resolveFixtureArgs(g.args)));
      expect(text).toBe(g.stdout);
      expect(warnings.map((w) => `${w}\n`).join('')).toBe(g.stderr ?? '');
    });
  }
});

describe('-top of ?debug=1 text profiles (pprof symbolized them from the binary)', () => {
  for (const g of goldens) {
    if (!isDebug1(g.args)) continue;
    it(`${g.name}: same type and total`, () => {
      // `go tool pprof -top -nodecount=1000 <binary> FILE`: the binary is dropped.
      const args = g.args.filter((a) => !a.startsWith('/tmp/pprof-fixtures-bin/'));
      const { text } = topReport(parseFlags(resolveFixtureArgs(args)));
      const want = g.stdout.split('\n');
      const got = text.split('\n');
      const line = (lines: string[], prefix: string) => lines.find((l) => l.startsWith(prefix));
      expect(line(got, 'Type:')).toBe(line(want, 'Type:'));
      const total = (l: string | undefined) => / of (\S+) total$/.exec(l ?? '')?.[1];
      expect(total(line(got, 'Showing nodes'))).toBe(total(line(want, 'Showing nodes')));
      expect(total(line(want, 'Showing nodes'))).toBeDefined();
    });
  }
});
