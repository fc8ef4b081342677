// Small vite plugins of heapdiff's two builds (vite.config.ts: the hosted
// page in dist/; vite.config.single.ts: the one file dist/heapdiff.html).
//
// - serviceWorker: compiles workers/sw.ts to dist/sw.js with the build's
//   precache list and a version derived from what it precaches.
// - budget: prints the initial JavaScript (gzip) and fails the build above
//   the budget.
// - connectSrc: HEAPDIFF_CONNECT_SRC adds origins to the page's connect-src.
// - noLong: keeps the `long` package (and its WebAssembly probe) out of the
//   decoder worker.
// - compileHints: the page's entry chunk compiled as it streams in.
// - singleFilePage: what turns the hosted page into one offline file (the
//   platform swap, the inlined example pair, the file's own CSP and name).

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { transformWithOxc, type Logger, type Plugin, type Rolldown } from 'vite';
import { EXAMPLE_FILES } from '../src/ui/examples.ts';

type Bundle = Rolldown.OutputBundle;

const ROOT = resolve(import.meta.dirname, '..');

/** Files under dir, as '/'-separated paths relative to it. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

const bytesOf = (x: string | Uint8Array) => (typeof x === 'string' ? Buffer.from(x) : x);

/** Not part of the app shell: source maps, the one-file build, the embedding demo. */
const NOT_PRECACHED = [/\.map$/, /^heapdiff\.html$/, /^embed-example\./, /^sw\.js$/];

/**
 * dist/sw.js from workers/sw.ts: types stripped, '__HEAPDIFF_PRECACHE__'
 * replaced by every file of the build and public/ (but NOT_PRECACHED), and
 * '__HEAPDIFF_VERSION__' by a hash of their contents, so that any change to
 * the app makes a new sw.js and only a change does.
 */
export function serviceWorker(source = 'workers/sw.ts'): Plugin {
  let publicDir = '';
  return {
    name: 'heapdiff:service-worker',
    apply: 'build',
    configResolved(config) {
      publicDir = config.build.copyPublicDir ? config.publicDir : '';
    },
    generateBundle: {
      order: 'post',
      async handler(_options, bundle) {
        const files = new Map<string, Uint8Array>();
        for (const [name, out] of Object.entries(bundle)) files.set(name, bytesOf(out.type === 'chunk' ? out.code : out.source));
        if (publicDir) for (const name of listFiles(publicDir)) if (!files.has(name)) files.set(name, readFileSync(join(publicDir, name)));
        const precache = [...files.keys()].filter((n) => !NOT_PRECACHED.some((re) => re.test(n))).sort();
        if (!precache.includes('index.html')) this.error('serviceWorker: the build has no index.html to precache');
        const hash = createHash('sha256');
        for (const name of precache) hash.update(name).update('\0').update(files.get(name)!).update('\0');
        const version = hash.digest('hex').slice(0, 16);

        const ts = readFileSync(resolve(ROOT, source), 'utf8');
        const { code } = await transformWithOxc(ts, source, { lang: 'ts' });
        let filled = 0;
        const js = code
          .replace(/["']__HEAPDIFF_VERSION__["']/, () => (filled++, JSON.stringify(version)))
          .replace(/\[\s*["']__HEAPDIFF_PRECACHE__["']\s*\]/, () => (filled++, JSON.stringify(precache)))
          // A classic worker script (module service workers are not everywhere yet): no export.
          .replace(/^export \{\};?\s*$/m, '');
        if (filled !== 2) this.error(`serviceWorker: ${source} lost its placeholders`);
        this.emitFile({ type: 'asset', fileName: 'sw.js', source: `// heapdiff ${version}: generated from ${source} by tools/vite-plugins.ts\n${js}` });
      },
    },
  };
}

/**
 * pako, the decode's fallback inflater, in a chunk the worker fetches on
 * first use: src/core/decode/pako.ts (pako imported) resolves to its
 * sibling pako-lazy.ts. 10 kB gzip of the initial JS a browser with
 * DecompressionStream needs only for a damaged file (decision 0039). Goes
 * in the hosted build's worker plugins; the one-file build carries pako
 * either way, and its inlined import() would cost it 3.6 kB more.
 */
export function lazyPako(): Plugin {
  const eager = resolve(ROOT, 'src/core/decode/pako.ts');
  return {
    name: 'heapdiff:lazy-pako',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || !source.startsWith('./pako')) return null;
      const r = await this.resolve(source, importer, { ...options, skipSelf: true });
      return r && r.id === eager ? resolve(ROOT, 'src/core/decode/pako-lazy.ts') : null;
    },
  };
}

/**
 * protobufjs's minimal runtime require()s `long` if it is there, and long.js
 * instantiates a WebAssembly module when it loads, which the page's policy
 * (no 'wasm-unsafe-eval') refuses: a CSP violation on every start of the
 * decoder. heapdiff reads int64 itself (src/core/proto/wire.ts) and never
 * uses protobufjs's Long, so `long` resolves to an empty module and
 * protobufjs's util.Long is null, as it is in Node without the package.
 * Goes in the worker's plugins (vite.config*.ts `worker.plugins`).
 */
export function noLong(): Plugin {
  const ID = '\0heapdiff:no-long';
  return {
    name: 'heapdiff:no-long',
    enforce: 'pre',
    resolveId(source) {
      return source === 'long' ? ID : null;
    },
    load(id) {
      return id === ID ? 'export default null;' : null;
    },
  };
}

const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;
const gzipSize = (x: string | Uint8Array) => gzipSync(bytesOf(x)).length;

export interface InitialSize {
  /** Gzipped bytes of each file fetched before the page is usable. */
  files: { name: string; gzip: number; what: 'page' | 'worker' | 'html' }[];
  total: number;
}

/**
 * The JavaScript a first visit runs before the drop zone works: the entry
 * chunk, its static imports, and the worker files they start (the decoder
 * starts with the page). Dynamic imports are lazy and not counted.
 */
export function initialJs(bundle: Bundle): InitialSize {
  const chunks = Object.values(bundle).filter((o) => o.type === 'chunk');
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const initial = new Set<string>();
  const visit = (name: string) => {
    if (initial.has(name)) return;
    initial.add(name);
    for (const i of byName.get(name)?.imports ?? []) visit(i);
  };
  for (const c of chunks) if (c.isEntry) visit(c.fileName);
  const files: InitialSize['files'] = [];
  for (const name of initial) files.push({ name, gzip: gzipSize(byName.get(name)!.code), what: 'page' });
  const code = [...initial].map((n) => byName.get(n)!.code).join('\n');
  const assets = new Map(Object.values(bundle).flatMap((o) => (o.type === 'asset' && /\.m?js$/.test(o.fileName) ? [[o.fileName, o] as const] : [])));
  const worker = new Set<string>();
  const visitWorker = (name: string) => {
    const o = assets.get(name);
    if (!o || worker.has(name)) return;
    worker.add(name);
    files.push({ name, gzip: gzipSize(o.source), what: 'worker' });
    // Its static imports load with it (a chunk it shares with its lazy ones); import() does not match.
    const dir = name.slice(0, name.lastIndexOf('/') + 1);
    for (const m of (typeof o.source === 'string' ? o.source : new TextDecoder().decode(o.source)).matchAll(/(?:from|import)\s*["']\.\/([\w.-]+\.m?js)["']/g)) visitWorker(dir + m[1]);
  };
  // sw.js is named in the page too, but registered after the load event.
  for (const name of assets.keys()) if (name !== 'sw.js' && code.includes(name.slice(name.lastIndexOf('/') + 1))) visitWorker(name);
  return { files, total: files.reduce((a, f) => a + f.gzip, 0) };
}

/**
 * Prints the initial JavaScript, gzipped, and fails the build when it is
 * over `limitKb` (1 kB = 1000 bytes). In the one-file build everything is
 * in the HTML (`file`), and that is what is counted.
 */
export function budget(limitKb = 150, file?: string): Plugin {
  let logger: Logger;
  return {
    name: 'heapdiff:budget',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      logger = config.logger;
    },
    writeBundle(_options, bundle) {
      let size: InitialSize;
      if (file) {
        const html = bundle[file];
        if (!html || html.type !== 'asset') return this.error(`budget: the build wrote no ${file}`);
        size = { files: [{ name: file, gzip: gzipSize(html.source), what: 'html' }], total: gzipSize(html.source) };
      } else {
        size = initialJs(bundle);
      }
      const parts = size.files.map((f) => `${f.what === 'worker' ? 'decoder worker ' : ''}${f.name} ${kB(f.gzip)}`).join(' + ');
      const lazy = Object.values(bundle).filter((o): o is Rolldown.OutputChunk => o.type === 'chunk' && !size.files.some((f) => f.name === o.fileName));
      const lazyNote = lazy.length ? `; lazy: ${lazy.length} chunk(s), ${kB(lazy.reduce((a, c) => a + gzipSize(c.code), 0))} gzip` : '';
      const line = `initial JS: ${kB(size.total)} gzip (${parts}), budget ${limitKb} kB${lazyNote}`;
      // Printed even under --logLevel warn: the number is the point of the plugin.
      logger.warn(`[budget] ${line}`);
      if (size.total > limitKb * 1000) {
        this.error(`initial JS is ${kB(size.total)} gzip, over the ${limitKb} kB budget: load what the first screen does not need with import() (see tools/vite-plugins.ts, budget).`);
      }
    },
  };
}

/** V8's explicit compile hint (Chromium 136 on): compile every function of the file as it loads. */
export const COMPILE_ALL_HINT = '//# allFunctionsCalledOnLoad';

/**
 * Puts COMPILE_ALL_HINT first in the page's entry chunk, after minification
 * (which drops comments). V8 then compiles the page's functions on the thread
 * that streams the script, where it would otherwise compile each one on the
 * main thread the first time it runs — in the frames drawn as a card or the
 * comparison becomes ready (decision 0042). Not in the lazy chunks, the
 * workers (each decoder would compile the view code it never runs) or the
 * one-file build (an inline script is not streamed).
 */
export function compileHints(): Plugin {
  return {
    name: 'heapdiff:compile-hints',
    apply: 'build',
    enforce: 'post',
    generateBundle: {
      // After vite's own preload helper is put at the chunk's top.
      order: 'post',
      handler(_options, bundle) {
        for (const chunk of Object.values(bundle)) {
          if (chunk.type !== 'chunk' || !chunk.isEntry) continue;
          chunk.code = `${COMPILE_ALL_HINT}\n${chunk.code}`;
          // Every line a line lower: an empty first line in the source map's mappings.
          if (chunk.map) chunk.map.mappings = `;${chunk.map.mappings}`;
          const map = bundle[`${chunk.fileName}.map`];
          if (map?.type === 'asset') {
            const json = JSON.parse(String(map.source)) as { mappings: string };
            map.source = JSON.stringify({ ...json, mappings: `;${json.mappings}` });
          }
        }
      },
    },
  };
}

/** A CSP source expression we accept from HEAPDIFF_CONNECT_SRC: an origin (with optional path) or a scheme. */
const SOURCE_RE = /^(?:(?:https?|wss?):\/\/(?:\*\.)?[A-Za-z0-9.-]+(?::\d+)?(?:\/[^\s;,'"]*)?|https:|wss:)$/;

/**
 * HEAPDIFF_CONNECT_SRC="https://profiles.example.com https://ci.example.com"
 * adds those sources to connect-src of the page's meta policy (for
 * #base=URL&current=URL from other origins). Unset: connect-src 'self'.
 */
export function connectSrc(value = process.env.HEAPDIFF_CONNECT_SRC ?? ''): Plugin {
  const extra = value.split(/\s+/).filter(Boolean);
  for (const s of extra) if (!SOURCE_RE.test(s)) throw new Error(`HEAPDIFF_CONNECT_SRC: "${s}" is not an origin like https://profiles.example.com`);
  return {
    name: 'heapdiff:connect-src',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (extra.length === 0) return html;
        const out = html.replace(/connect-src 'self'/, `connect-src 'self' ${extra.join(' ')}`);
        if (out === html) throw new Error("connectSrc: index.html's policy has no connect-src 'self' to extend");
        return out;
      },
    },
  };
}

/**
 * The one-file build's policy: the inline script by its hash, styles inline,
 * the decoder from a blob: URL, images (the favicon) as data:, nothing fetched.
 */
export const SINGLE_FILE_CSP =
  "default-src 'none'; script-src 'sha256-__HEAPDIFF_SCRIPT_HASH__'; style-src 'unsafe-inline'; img-src data:; worker-src blob:; " +
  "connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";

/**
 * Turns the hosted page into dist/heapdiff.html, with vite-plugin-singlefile
 * doing the inlining (list this plugin after it):
 * - src/ui/platform.ts is replaced by platform.single.ts (inline worker, no
 *   service worker);
 * - `virtual:heapdiff-examples` is the example pair in base64;
 * - the CSP meta becomes SINGLE_FILE_CSP, with the hash of the one inline
 *   script; the favicon becomes a data: URL;
 * - index.html is written as `fileName`.
 */
export function singleFilePage(fileName = 'heapdiff.html'): Plugin[] {
  const platform = resolve(ROOT, 'src/ui/platform.ts');
  const platformSingle = resolve(ROOT, 'src/ui/platform.single.ts');
  const VIRTUAL = 'virtual:heapdiff-examples';
  return [
    {
      name: 'heapdiff:single-platform',
      enforce: 'pre',
      async resolveId(source, importer, options) {
        if (source === VIRTUAL) return '\0' + VIRTUAL;
        if (!importer || !source.includes('platform')) return null;
        const r = await this.resolve(source, importer, { ...options, skipSelf: true });
        return r && r.id === platform ? platformSingle : null;
      },
      load(id) {
        if (id !== '\0' + VIRTUAL) return null;
        const files = EXAMPLE_FILES.map((name) => ({ name, base64: readFileSync(resolve(ROOT, 'public/examples', name)).toString('base64') }));
        return `export default ${JSON.stringify(files)};`;
      },
    },
    {
      name: 'heapdiff:single-file',
      enforce: 'post',
      transformIndexHtml: {
        order: 'pre',
        handler(html) {
          const favicon = `data:image/svg+xml,${encodeURIComponent(readFileSync(resolve(ROOT, 'public/favicon.svg'), 'utf8'))}`;
          const out = html
            .replace(/(<meta\s+http-equiv="Content-Security-Policy"\s+content=")[^"]*(")/, `$1${SINGLE_FILE_CSP}$2`)
            .replace(/href="\.\/favicon\.svg"/, `href="${favicon}"`)
            .replace(/<!-- The policy \(README[^>]*-->/, '<!-- The one-file build\'s policy (README, "Content-Security-Policy"). -->');
          if (!out.includes('__HEAPDIFF_SCRIPT_HASH__')) throw new Error('singleFilePage: no CSP meta found in index.html');
          return out;
        },
      },
      generateBundle: {
        order: 'post',
        handler(_options, bundle) {
          const htmls = Object.values(bundle).filter((o) => o.type === 'asset' && o.fileName.endsWith('.html'));
          if (htmls.length !== 1 || htmls[0].type !== 'asset') return this.error(`singleFilePage: expected one HTML file, found ${htmls.length}`);
          const html = htmls[0];
          let text = String(html.source);
          const scripts = [...text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
          if (scripts.length !== 1 || /\bsrc=/.test(scripts[0][1])) this.error('singleFilePage: expected exactly one inline script after inlining');
          if (/<link\b[^>]*rel="(?:stylesheet|modulepreload)"/.test(text)) this.error('singleFilePage: a stylesheet or module preload was not inlined');
          const others = Object.keys(bundle).filter((n) => n !== html.fileName);
          if (others.length > 0) this.error(`singleFilePage: files were left next to the HTML: ${others.join(', ')}`);
          const digest = createHash('sha256').update(scripts[0][2], 'utf8').digest('base64');
          text = text.replace('sha256-__HEAPDIFF_SCRIPT_HASH__', `sha256-${digest}`);
          delete bundle[html.fileName];
          this.emitFile({ type: 'asset', fileName, source: text });
        },
      },
    },
  ];
}
