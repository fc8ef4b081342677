// Go regexp syntax in filters, pprof's tag ranges and percent formatting,
// each against what Go itself answers (the expectations below were printed
// by go1.19.8: regexp.MatchString, fmt "%5.2g").

import { describe, expect, it } from 'vitest';
import { compileGoRegexp, parseTagRange, RegexpSyntaxError } from '../../src/core/filter';
import { goG2, goPercentage } from '../../src/core/format/percent';

// [pattern, text, Go's MatchString or 'error'] — from regexp.Compile/MatchString.
const GO_REGEXP: [string, string, boolean | 'error'][] = [
  ['(?i)GZIP', 'compress/gzip.(*Writer).Write', true],
  ['(?i)GZIP', 'main.foo', false],
  ['json\\z', 'encoding/json', true],
  ['json\\z', 'encoding/json.Marshal', false],
  ['\\Aruntime\\.', 'runtime.gopark', true],
  ['\\Aruntime\\.', 'xruntime.gopark', false],
  ['(?P<pkg>flate)\\.New', 'compress/flate.NewWriter', true],
  ['\\Q(*Writer)\\E', 'compress/gzip.(*Writer).Write', true],
  ['\\Q(*Writer)\\E', 'compress/gzip.Writer.Write', false],
  ['^[[:upper:]]', 'Foo', true],
  ['^[[:upper:]]', 'foo', false],
  ['a\\sb', 'a b', true],
  ['a\\sb', 'a\u00a0b', false],
  ['\\pL+\\.New', 'flate.New', true],
  ['\\_x', 'a_x', true],
  ['[]a]', ']', true],
  ['(?s)a.b', 'a\nb', true],
  ['a.b', 'a\nb', false],
  ['(?m)^b$', 'a\nb\nc', true],
  ['(?=x)', 'x', 'error'],
  ['(a)\\1', 'aa', 'error'],
  ['(?U)a+', 'aa', true],
  ['\\x{41}', 'A', true],
  ['a{2}', 'aa', true],
  ['\\d+kB', '12kB', true],
];

describe('Go regexps in filters', () => {
  for (const [pattern, text, want] of GO_REGEXP) {
    it(`${pattern} on ${JSON.stringify(text)} → ${want}`, () => {
      if (want === 'error') {
        expect(() => compileGoRegexp(pattern)).toThrow(RegexpSyntaxError);
      } else {
        expect(compileGoRegexp(pattern).test(text)).toBe(want);
      }
    });
  }

  it('says so for what it does not translate (valid in Go)', () => {
    expect(() => compileGoRegexp('(?i:a)b')).toThrow(/flag groups other than a leading/);
  });
});

describe("pprof's tag ranges", () => {
  it('reads a value, an open range on either side and a closed range, in the filter unit', () => {
    expect(parseTagRange('32kb')!(32768, 'bytes')).toBe(true);
    expect(parseTagRange('32kb')!(32769, 'bytes')).toBe(false);
    expect(parseTagRange('64kb:')!(65536, 'bytes')).toBe(true);
    expect(parseTagRange('64kb:')!(65535, 'bytes')).toBe(false);
    expect(parseTagRange(':1kb')!(1024, 'bytes')).toBe(true);
    expect(parseTagRange(':1kb')!(2000, 'bytes')).toBe(false);
    expect(parseTagRange('1kb:64kb')!(4096, 'bytes')).toBe(true);
    expect(parseTagRange('1kb:64kb')!(4096, 'ms')).toBe(false); // another kind of unit
  });

  it('is not a range when the text is anything else (then it is a regexp)', () => {
    expect(parseTagRange('main')).toBeNull();
    expect(parseTagRange('1kb..')).toBeNull();
    expect(parseTagRange('1kb:2ms')).toBeNull();
  });
});

describe('percentages as measurement.Percentage prints them', () => {
  it('uses %5.2g below 1 (Go output)', () => {
    // fmt.Sprintf("%5.2g", v) in Go 1.19
    const go: [number, string][] = [
      [0.0036, '0.0036'], [0.00038, '0.00038'], [0.000038, '3.8e-05'], [0.5, '  0.5'], [0.57, ' 0.57'],
      [0.999, '    1'], [0.995, ' 0.99'], [0.0001, '0.0001'], [0.00001, '1e-05'], [0.0999, '  0.1'],
      [0.00999, ' 0.01'], [0.000999, '0.001'], [3.8e-7, '3.8e-07'], [0.015, '0.015'], [0, '    0'],
    ];
    for (const [v, want] of go) expect(goG2(v).padStart(5)).toBe(want);
  });

  it('is positive for negative rows, 100% in a band, %5.2f from 1', () => {
    expect(goPercentage(-183259, 262284)).toBe('69.87%');
    expect(goPercentage(-1, 262284)).toBe('0.00038%');
    expect(goPercentage(-262266, 262284)).toBe('  100%');
    expect(goPercentage(5, 0)).toBe('    0%');
    expect(goPercentage(71304.3 * 1024, 11419.5 * 1024)).toBe('624.41%');
  });
});
