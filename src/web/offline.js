// The hosted page's service worker (sw.js, written by
// scripts/service-worker.mjs): registered by the project's own page only
// (src/api.rs start_page), never by a portal's mount nor from file://.
// A new release installs beside the old one and waits; the planner is
// told (`onUpdate`) and reloads when it chooses (`apply_update`).

let waiting = null;

// quota-planner.html of this build: beside the build's files, wherever the
// page that loaded them is (a portal's page too). This file sits at
// <dist>/snippets/<crate>-<hash>/src/web/offline.js. Not used in the single
// file, which has its own text.
export function single_file_url() {
  return new URL('../../../../quota-planner.html', import.meta.url).href;
}

export function register_service_worker(url, onUpdate) {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register(url).then((registration) => {
    const offer = (worker) => {
      waiting = worker;
      onUpdate();
    };
    // Only a worker replacing one that controls this page is an update.
    if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const worker = registration.installing;
      if (!worker) return;
      worker.addEventListener('statechange', () => {
        if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
      });
    });
    // A tab left open for days still hears of a release.
    setInterval(() => registration.update().catch(() => {}), 60 * 60 * 1000);
  }).catch((error) => {
    console.warn('quotaPlanner: no service worker', String((error && error.message) || error));
  });
}

// The new release takes over, then the page reloads onto it.
export function apply_update() {
  if (!waiting) {
    location.reload();
    return;
  }
  navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
  waiting.postMessage('skip-waiting');
}
