// Service worker: keeps this version's files so the app opens with the network
// off, and waits to take over until the user chooses to reload.
//
// This file is a template: .ci/postbuild.mjs replaces the BUILD line in the
// copy in dist/ with the build's version id and every file with its sha256,
// so each build gives a different worker and browsers see the update.
//
// - App files (names carry Trunk's content hash): cache first.
// - The page itself: network first, so a reload online gets the newest
//   version; the cached page (same version as the cached files) when the
//   network fails or is too slow.
// - A new worker waits: it takes over only when the page posts 'skip-waiting'
//   (the user clicked "Tải lại"), then deletes the old version's cache.
const BUILD = { version: 'dev', files: [] };

// Cache names are per origin: the scope keeps two copies of the app on one
// host (two sub-paths) from deleting each other's caches.
const PREFIX = `ke-hoach ${self.registration.scope} `;
const CACHE = PREFIX + BUILD.version;
const PAGE = 'index.html';
// A page slower than this comes from the cache (a weak mobile signal should
// not keep the user waiting when a working copy is at hand).
const NETWORK_WAIT_MS = 4000;

const precached = new Set(BUILD.files.map((f) => new URL(f.url, self.registration.scope).href));

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(BUILD.files.map(async (f) => {
        // `reload` skips the HTTP cache; `integrity` refuses a file from a
        // half-finished upload, which fails the install (retried next visit)
        // instead of caching a broken version.
        const response = await fetch(new Request(f.url, { cache: 'reload', integrity: f.integrity }));
        if (!response.ok) throw new Error(`${f.url}: HTTP ${response.status}`);
        await cache.put(f.url, response);
      })),
    ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) =>
      Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))),
    ),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  const scope = self.registration.scope;
  if (request.mode === 'navigate' && (url.href === scope || url.href === scope + PAGE)) {
    event.respondWith(pageNetworkFirst(request));
  } else if (precached.has(url.href)) {
    event.respondWith(cacheFirst(request, url.href));
  }
});

async function cacheFirst(request, key) {
  const cache = await caches.open(CACHE);
  return (await cache.match(key)) ?? fetch(request);
}

async function pageNetworkFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(new URL(PAGE, self.registration.scope).href);
  const network = fetch(request).then((response) => {
    // A server error with a working copy at hand: use the copy.
    if (response.status >= 500 && cached) throw new Error(`HTTP ${response.status}`);
    return response;
  });
  if (!cached) return network;
  const slow = new Promise((resolve) => setTimeout(() => resolve(cached), NETWORK_WAIT_MS));
  // The fresh page is not cached: the cache keeps the page that matches the
  // cached files, so offline always starts a complete version.
  return Promise.race([network.catch(() => cached), slow]);
}
