// The single file's bootstrap (bundled with the page's glue by
// scripts/single-file.mjs into one classic script). It keeps the page's own
// text (for "Lưu bản dùng ngoại tuyến", read by src/web/offline.rs) and the
// import worker's script (a blob: URL of it is the worker), tells
// src/ui/import_worker.js where the reader's wasm is (`__quotaPlannerReader`),
// then instantiates the page's wasm from the embedded bytes; the module's
// start mounts the planner on #quota-planner.
import init from '__QUOTA_PLANNER_GLUE__';

function bytesOf(id) {
  const binary = atob(document.getElementById(id).textContent.trim());
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const worker = document.getElementById('quota-planner-worker');
// Taken before anything mounts: the file as it was opened.
window.__quotaPlannerOffline = {
  html: '<!DOCTYPE html>\n' + document.documentElement.outerHTML,
  worker: worker ? worker.textContent : '',
};
window.__quotaPlannerReader = Object.assign(window.__quotaPlannerReader || {}, {
  bytes: () => bytesOf('quota-planner-reader-wasm'),
  script: () => window.__quotaPlannerOffline.worker,
});
window.quotaPlannerReady = new Promise((resolve) => {
  window.__quotaPlannerResolve = resolve;
});
init({ module_or_path: bytesOf('quota-planner-wasm') }).catch((error) => {
  console.error('quota-planner: the module could not start', error);
});
