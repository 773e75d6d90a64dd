// The service worker: precache everything the build produced (app, worker chunk, TF.js wasm files) and the
// datasets on install, then serve them cache-first, so after one visit the app runs with no network. The
// build writes the file list and a version (a hash of it) in place of __PRECACHE__ (vite.config.ts). A new
// version installs beside the old one and waits: the page says so, and it takes over on the next visit (or
// at once when the user chooses reload).

declare const __PRECACHE__: { version: string; files: string[] };
// A module for the type checker (its names stay out of the global scope); the build strips this line.
export {};

const sw = self as unknown as ServiceWorkerGlobalScope;
const PREFIX = 'ar-explorer-';
const CACHE = `${PREFIX}${__PRECACHE__.version}`;
const scope = new URL(sw.registration.scope);
const INDEX = new URL('index.html', scope).href;
const PRECACHED = new Set(__PRECACHE__.files.map((f) => new URL(f, scope).href));

sw.addEventListener('install', (e) => {
  // 'reload' skips the HTTP cache, so a new version never precaches an older file.
  const requests = [...PRECACHED].map((url) => new Request(url, { cache: 'reload' }));
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(requests)));
});

sw.addEventListener('activate', (e) => {
  e.waitUntil(
    (async () => {
      const stale = (await caches.keys()).filter((k) => k.startsWith(PREFIX) && k !== CACHE);
      await Promise.all(stale.map((k) => caches.delete(k)));
      // The first visit's page (and its worker) are served from the cache from now on, too.
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('message', (e) => {
  if ((e.data as { type?: string } | null)?.type === 'skip-waiting') void sw.skipWaiting();
});

/** Cached copy first; the network when it is not cached (and then whatever the network says). */
async function cacheFirst(key: string, request: Request): Promise<Response> {
  const hit = await caches.match(key, { cacheName: CACHE, ignoreSearch: true });
  return hit ?? fetch(request);
}

sw.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== scope.origin) return;
  // Any page of the app (?preset=cnn, ?view=lab …) is the one index.html.
  if (
    req.mode === 'navigate' &&
    (url.href.split(/[?#]/)[0] === scope.href || url.href.split(/[?#]/)[0] === INDEX)
  )
    return e.respondWith(cacheFirst(INDEX, req));
  const bare = `${url.origin}${url.pathname}`;
  if (PRECACHED.has(bare)) e.respondWith(cacheFirst(bare, req));
});
