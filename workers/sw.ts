// The service worker of the hosted build: after the first visit the page
// opens, and diffs the example pair, with no network at all.
//
// tools/vite-plugins.ts compiles this file to dist/sw.js and fills in VERSION
// (a hash of everything precached) and PRECACHE (the build's files, relative
// to the page). A new build therefore means a new sw.js, which the browser
// installs next to the running one; it waits until the page says
// "heapdiff:skip-waiting" (the user chose "Reload" in the update prompt,
// src/ui/offline.ts), then takes over and drops the old cache.
//
// Only the precached files are answered from the cache. Anything else (a
// profile named in the URL hash) goes to the network as if there were no
// service worker.

const sw = self as unknown as ServiceWorkerGlobalScope;

const VERSION: string = '__HEAPDIFF_VERSION__';
const PRECACHE: string[] = ['__HEAPDIFF_PRECACHE__'];

const CACHE_PREFIX = 'heapdiff-';
const CACHE = CACHE_PREFIX + VERSION;
const SHELL = 'index.html';

const scope = () => sw.registration.scope;
/** The precached path of a URL inside the scope, or null. */
function precachedPath(url: URL): string | null {
  const href = url.origin + url.pathname;
  if (!href.startsWith(scope())) return null;
  const path = href.slice(scope().length);
  return PRECACHE.includes(path) ? path : null;
}

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // 'reload': straight from the server, not from an HTTP cache that may hold the previous build.
      await cache.addAll(PRECACHE.map((path) => new Request(new URL(path, scope()), { cache: 'reload' })));
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith(CACHE_PREFIX) && key !== CACHE) await caches.delete(key);
      }
      // The first visit's page is served by this worker from now on (later lazy chunks, the example).
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'heapdiff:skip-waiting') void sw.skipWaiting();
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  let path = precachedPath(url);
  // The page itself, whatever its query (?embed=1, ?test) and hash.
  if (request.mode === 'navigate' && (url.origin + url.pathname === scope() || path === SHELL)) path = SHELL;
  if (path === null) return;
  const key = new URL(path, scope()).href;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const hit = await cache.match(key);
      if (hit) return request.mode === 'navigate' && hit.redirected ? unredirect(hit) : hit;
      return fetch(request);
    })(),
  );
});

/** A navigation may not be answered with a response that followed a redirect: copy it. */
async function unredirect(response: Response): Promise<Response> {
  return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers: response.headers });
}

export {};
