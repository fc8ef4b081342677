// "Blame your code": samples charged to the deepest frame of the user's own
// code. Pinned on the gzipleak pair, where pprof's flat column names the
// allocator (compress/flate.NewWriter) and the bug is in main's gzip writer.

import { describe, expect, it } from 'vitest';
import { compareProfiles } from '../../src/core/diff';
import { goPackagePath, isUserFunction } from '../../src/core/report/attribution';
import { sampleIndexByName } from '../../src/core/report';
import { TopEngine } from '../../src/core/top/engine';
import { formatTop } from '../../src/core/top/text';
import { decodeFixture } from '../helpers/fixtures';
import { pprofGoldens } from '../helpers/goldens';

function gzipleakDiff() {
  const p = compareProfiles([decodeFixture('gzipleak.current.heap').profile], [decodeFixture('gzipleak.base.heap').profile]);
  return { p, engine: new TopEngine(p), sampleIndex: sampleIndexByName(p, 'inuse_space') };
}

describe('what counts as the user’s code', () => {
  it('runtime, standard library and well-known modules do not', () => {
    for (const fn of ['runtime.malg', 'compress/flate.NewWriter', 'net/http.(*conn).serve', 'aeshashbody', 'type..eq.[2]interface {}',
      'vendor/golang.org/x/net/http2/hpack.(*Encoder).WriteField', 'golang.org/x/net/http2.(*Framer).WriteData',
      'google.golang.org/grpc/internal/transport.newBufWriter', 'github.com/prometheus/client_golang/prometheus.(*Registry).Gather']) {
      expect(isUserFunction(fn), fn).toBe(false);
    }
  });

  it('main and other module paths do', () => {
    for (const fn of ['main.(*gzipResponseWriter).Write', 'main.withGzip.func1', 'github.com/acme/api/store.(*DB).Get',
      'example.com/svc/v2.Handler[...]', 'google.golang.org/grpcx/foo.Bar']) {
      expect(isUserFunction(fn), fn).toBe(true);
    }
  });

  it('reads the package path up to the first dot after the last slash, ignoring type arguments', () => {
    expect(goPackagePath('compress/flate.(*compressor).init')).toBe('compress/flate');
    expect(goPackagePath('main.Map[go.shape.string,github.com/x/y.T]')).toBe('main');
    expect(goPackagePath('aeshashbody')).toBe('');
  });
});

describe('-blame_user on gzipleak base → current (inuse_space)', () => {
  const { p, engine, sampleIndex } = gzipleakDiff();
  const plain = engine.compute({ sampleIndex });
  const blamed = engine.compute({ sampleIndex, blame: true });

  it('pprof’s first row is the allocator; ours names the user’s gzip writer', () => {
    expect(plain.rows[0].name).toBe('compress/flate.NewWriter');
    const plainWrite = plain.rows.find((r) => r.name === 'main.(*gzipResponseWriter).Write')!;
    expect(plainWrite.flat).toBe(0);
    // All it allocated through compress/* is now its own flat.
    expect(blamed.rows[0]).toMatchObject({ name: 'main.(*gzipResponseWriter).Write', flat: plainWrite.cum, cum: plainWrite.cum });
    expect(blamed.rows[1].name).toBe('main.(*gzipResponseWriter).finish');
    expect(blamed.rows.some((r) => r.name.startsWith('compress/'))).toBe(false);
  });

  it('keeps the total and the callers’ cum; only moves flat', () => {
    expect(blamed.total).toBe(plain.total);
    expect(blamed.flatSum).toBe(plain.flatSum);
    const cum = (r: typeof plain, name: string) => r.rows.find((x) => x.name === name)?.cum;
    for (const name of ['main.withGzip.func1', 'encoding/json.(*Encoder).Encode', 'main.(*itemStore).updateItem']) {
      expect(cum(blamed, name), name).toBe(cum(plain, name));
    }
    // Without user frames (net/http's own buffers) a sample stays where it was.
    expect(blamed.rows.find((r) => r.name === 'bufio.NewWriterSize')?.flat).toBe(plain.rows.find((r) => r.name === 'bufio.NewWriterSize')?.flat);
  });

  it('says in the header which attribution is shown, and the rest of the header is pprof’s', () => {
    const text = formatTop(p, blamed, { blame: true });
    const golden = pprofGoldens('-top').find((g) => g.name === 'gzipleak.base-current.heap.top.inuse_space')!;
    const lines = text.split('\n');
    expect(lines[3]).toMatch(/^Attribution: each sample charged to its deepest frame in your code/);
    expect([...lines.slice(0, 3), ...lines.slice(4, 6)]).toEqual(golden.stdout.split('\n').slice(0, 5));
    expect(lines[6]).toBe('   66.75MB 76.61% 76.61%    66.75MB 76.61%  main.(*gzipResponseWriter).Write');
    expect(formatTop(p, plain)).not.toContain('Attribution:');
  });
});
