// The built-in example pair (test/fixtures' gzip leak, copied to
// public/examples/): fetched from the page's own files in the hosted build,
// decoded from base64 strings in the one-file build, which has no files next
// to it to fetch.

/** A file to load, however it arrived (input, drop, example, host, URL). */
export interface NamedBlob {
  name: string;
  source: Blob;
}

export const EXAMPLE_FILES = ['gzipleak.base.heap', 'gzipleak.current.heap'];

/** The pair from `examples/` next to the page. */
export async function fetchExamples(baseURI: string): Promise<NamedBlob[]> {
  return Promise.all(
    EXAMPLE_FILES.map(async (name) => {
      const url = new URL(`examples/${name}`, baseURI).href;
      const res = await fetch(url);
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      return { name, source: await res.blob() };
    }),
  );
}

/** The pair from base64 compiled into the bundle. */
export function inlineExamples(files: { name: string; base64: string }[]): NamedBlob[] {
  return files.map(({ name, base64 }) => {
    const bin = atob(base64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return { name, source: new Blob([bytes], { type: 'application/octet-stream' }) };
  });
}
