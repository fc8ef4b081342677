// The trend view's own choices in the URL hash (src/ui/state/trend-hash.ts):
// the series, the goroutines' level, the search; read back as written, the
// other keys (the report's, the pairs', anyone's) kept byte for byte.

import { describe, expect, it } from 'vitest';
import { parseTopHash, writeTopHash } from '../../src/ui/state/hash';
import { parsePairHash } from '../../src/ui/state/pair-hash';
import { parseTrendHash, writeTrendHash, type TrendChoices } from '../../src/ui/state/trend-hash';

describe('the trend in the URL hash', () => {
  it('reads what it writes, for every level and a search that needs escaping', () => {
    const all: TrendChoices[] = [
      {},
      { kind: 'goroutine' },
      { kind: 'heap', search: 'main.(*traceIndex) & a=b #1 ü' },
      ...(['exact', 'lines', 'functions', 'parked'] as const).map((level) => ({ kind: 'goroutine' as const, level, search: 'wait' })),
      { kind: 'allocs', level: 'parked' },
    ];
    for (const c of all) expect(parseTrendHash(writeTrendHash('', c))).toEqual(c);
  });

  it('writes its keys after the others, which stay byte for byte; no choice, no key', () => {
    expect(writeTrendHash('#base=x%2Fy&trend.kind=heap&si=alloc_space', { kind: 'goroutine', level: 'functions', search: 'a b' })).toBe(
      '#base=x%2Fy&si=alloc_space&trend.kind=goroutine&trend.level=functions&trend.q=a+b',
    );
    expect(writeTrendHash('#trend.kind=heap&trend.level=exact&trend.q=x', {})).toBe('');
    expect(writeTrendHash('#f=main', { search: '' })).toBe('#f=main');
  });

  it('leaves out what is not a kind or a level', () => {
    expect(parseTrendHash('#trend.kind=nonsense&trend.level=everything&trend.q=')).toEqual({});
    expect(parseTrendHash('#trend.kind=threadcreate&trend.level=parked')).toEqual({ kind: 'threadcreate', level: 'parked' });
  });

  it('shares the hash with the report choices and the pairs: neither reads nor drops the other', () => {
    let hash = writeTopHash('', { sampleType: 'alloc_space', granularity: 'lines', blame: false });
    hash = `${hash}&pair.heap=s1.heap&pair.heap=s3.heap`;
    hash = writeTrendHash(hash, { kind: 'goroutine', level: 'functions', search: 'ackWaiter' });
    expect(parseTopHash(hash)).toEqual({ sampleType: 'alloc_space', granularity: 'lines', blame: false });
    expect(parsePairHash(hash)).toEqual({ heap: ['s1.heap', 's3.heap'] });
    expect(parseTrendHash(hash)).toEqual({ kind: 'goroutine', level: 'functions', search: 'ackWaiter' });
    const again = writeTopHash(hash, { sampleType: 'inuse_space' });
    expect(parseTrendHash(again)).toEqual({ kind: 'goroutine', level: 'functions', search: 'ackWaiter' });
  });
});
