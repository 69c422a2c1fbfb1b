/**
 * The service worker: keeps a copy of the whole built app (the simulated massager included), so
 * Easeback opens and runs with no network after its first visit. Built by scripts/pwa/plugin.ts,
 * which puts the list of files and a version in front of this code. It never fetches anything
 * from another origin and caches nothing it was not built with.
 *
 * A new version waits until every Easeback tab has closed before it takes over (no skipWaiting):
 * a page in the middle of a session keeps the files it started with, and its on-demand parts.
 */

/** Every URL of the build, '/' first (the page itself). */
declare const PRECACHE: readonly string[];
/** Changes whenever any built file does. */
declare const VERSION: string;

// The DOM library has no service worker types; these are the few parts used here.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ServiceWorkerScope {
  readonly location: Location;
  readonly clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

const worker = self as unknown as ServiceWorkerScope;
const CACHE = `easeback-${VERSION}`;

worker.addEventListener('install', (event) => {
  // cache: 'reload' skips the HTTP cache, so the copy kept is the one this version was built with.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' })))));
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith('easeback-') && name !== CACHE) await caches.delete(name);
      // No older version is running now (it waited for that): take the open page too, so the parts
      // it loads on demand come from the cache even on the first visit.
      await worker.clients.claim();
    })(),
  );
});

worker.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== worker.location.origin) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      // Any page of the app is the app: the one document, with its own headers (the CSP among them).
      // Vary is ignored: the server varies on Origin, which a module script sends and install did
      // not, and every kept file is exactly the one this version was built with anyway.
      const kept =
        request.mode === 'navigate'
          ? await cache.match('/', { ignoreVary: true })
          : await cache.match(request, { ignoreSearch: true, ignoreVary: true });
      return kept ?? fetch(request);
    })(),
  );
});

export {};
