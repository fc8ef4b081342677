// A tiny static server for the built page (dist/): 127.0.0.1 on a random
// port, the MIME types browsers insist on for module scripts and workers,
// no caching, and the strict Content-Security-Policy the page must live
// under (as when embedded in a wiki). Options: serve under a sub-path (as
// GitHub Pages does, /heapdiff/), another policy (a host page's), extra headers.

import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

/** index.html's meta policy, also sent as a header (no frame-ancestors: embedding is allowed). */
export const CSP =
  "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.heap': 'application/octet-stream',
};

export interface StaticServer {
  /** "http://127.0.0.1:PORT/" plus the prefix */
  url: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Serve root under this path, e.g. '/heapdiff/'; anything else is 404. */
  prefix?: string;
  /** The Content-Security-Policy header; null sends none. */
  csp?: string | null;
  /** Extra response headers for every file (e.g. Access-Control-Allow-Origin). */
  headers?: Record<string, string>;
}

export async function serveStatic(root: string, options: ServeOptions = {}): Promise<StaticServer> {
  const base = resolve(root);
  const prefix = options.prefix ?? '/';
  const csp = options.csp === undefined ? CSP : options.csp;
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: string) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      return send(400, 'bad request');
    }
    if (!path.startsWith(prefix)) return send(404, 'not found');
    let file = normalize(join(base, path.slice(prefix.length)));
    if (file !== base && !file.startsWith(base + sep)) return send(403, 'forbidden');
    let size: number;
    try {
      let st = statSync(file);
      if (st.isDirectory()) {
        file = join(file, 'index.html');
        st = statSync(file);
      }
      size = st.size;
    } catch {
      return send(404, 'not found');
    }
    res.writeHead(200, {
      'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': size,
      'Cache-Control': 'no-store',
      ...(csp ? { 'Content-Security-Policy': csp } : {}),
      'X-Content-Type-Options': 'nosniff',
      ...options.headers,
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
