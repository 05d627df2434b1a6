// Trunk post-build step (scripts/post-build.sh): writes sw.js, the hosted
// page's service worker, with the build's version (a hash of every built
// file) and the list of those files, so the page reloads offline after a
// first visit and a new release replaces the old cache (src/web/offline.js
// tells the planner; nothing reloads by itself). It only ever serves the
// page's own origin and files.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
if (!dir) throw new Error('usage: service-worker.mjs <dist dir>');

function walk(at) {
  return fs.readdirSync(path.join(dir, at), { withFileTypes: true }).flatMap((entry) => {
    const rel = at ? `${at}/${entry.name}` : entry.name;
    return entry.isDirectory() ? walk(rel) : [rel];
  });
}
const files = walk('').filter((f) => f !== 'sw.js').sort();
// Fetched and kept only when first asked for (an offline copy saved from
// the hosted page): the single file is as large as the rest together, and
// a first visit should not download the planner twice.
const lazy = files.filter((f) => f === 'quota-planner.html');
const hash = crypto.createHash('sha256');
for (const file of files) {
  hash.update(file + '\0');
  hash.update(fs.readFileSync(path.join(dir, file)));
}
const version = hash.digest('hex').slice(0, 16);

const sw = `// Quota Planner's service worker, written by scripts/service-worker.mjs.
const VERSION = ${JSON.stringify(version)};
const FILES = ${JSON.stringify(['./', ...files.filter((f) => !lazy.includes(f))], null, 0)};
const LAZY = ${JSON.stringify(lazy, null, 0)};
// One cache per release and scope: a new release installs beside the old one,
// takes over when the planner reloads, then deletes it.
const PREFIX = 'quota-planner:' + self.registration.scope + ':';
const CACHE = PREFIX + VERSION;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) =>
    cache.addAll(FILES.map((file) => new Request(file, { cache: 'reload' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

// The page asks once the planner chose to reload onto this release.
self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = (await cache.match(request, { ignoreSearch: true })) ||
      (request.mode === 'navigate' ? await cache.match('./') : undefined);
    if (hit) return hit;
    const response = await fetch(request);
    const lazy = LAZY.some((file) => new URL(file, self.registration.scope).href === request.url.split('?')[0]);
    if (lazy && response.ok) await cache.put(request, response.clone());
    return response;
  })());
});
`;
fs.writeFileSync(path.join(dir, 'sw.js'), sw);
console.log(`service-worker: sw.js version ${version}, ${files.length} files`);
