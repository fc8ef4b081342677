// Offline after the first visit (hosted build only): registers the service
// worker (workers/sw.ts, built to sw.js next to index.html) and, when a new
// version has been installed and waits, asks the page to offer a reload.
// Accepting tells the waiting worker to take over, then reloads once it has.
//
// Not used by the one-file build (platform.single.ts has no offline support:
// file:// cannot register a service worker), nor under `vite` dev (no sw.js).

export interface OfflineOptions {
  /** A new version waits; `apply` activates it and reloads the page. */
  onUpdate: (apply: () => void) => void;
}

export function registerOffline({ onUpdate }: OfflineOptions): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  if (location.protocol !== 'https:' && location.protocol !== 'http:') return;
  // After the page's own load, so precaching never competes with it.
  if (document.readyState === 'complete') void start(onUpdate);
  else window.addEventListener('load', () => void start(onUpdate), { once: true });
}

async function start(onUpdate: OfflineOptions['onUpdate']): Promise<void> {
  const container = navigator.serviceWorker;
  let registration: ServiceWorkerRegistration;
  try {
    registration = await container.register(new URL('sw.js', document.baseURI), { scope: './' });
  } catch {
    // Blocked (a third-party iframe without storage, private modes): the page works, just not offline.
    return;
  }
  let offered: ServiceWorker | null = null;
  const offer = (waiting: ServiceWorker) => {
    // The first install has nothing to replace; and each waiting worker is offered once.
    if (!container.controller || offered === waiting) return;
    offered = waiting;
    onUpdate(() => {
      let reloading = false;
      container.addEventListener('controllerchange', () => {
        if (reloading) return;
        reloading = true;
        location.reload();
      });
      waiting.postMessage({ type: 'heapdiff:skip-waiting' });
    });
  };
  if (registration.waiting) offer(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const installing = registration.installing;
    installing?.addEventListener('statechange', () => {
      if (installing.state === 'installed') offer(installing);
    });
  });
}
