// The single file's bootstrap (bundled with the glue by scripts/single-file.mjs
// into one classic script). The same script runs twice:
// - on the page: it keeps the page's own text (for "Lưu bản dùng ngoại
//   tuyến", read by src/web/offline.rs) and its own text (the import
//   worker's blob: script), then instantiates the wasm from the embedded
//   bytes; the module's start mounts the planner on #quota-planner;
// - in the import worker (a blob: URL of this text): it only hands the glue
//   to src/ui/import_worker.js, which instantiates the compiled module the
//   page sends.
import init, * as glue from '__QUOTA_PLANNER_GLUE__';

const inWorker = typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope;
if (inWorker) {
  self.__quotaPlannerGlue = glue;
} else {
  const script = document.currentScript;
  // Taken before anything mounts: the file as it was opened.
  window.__quotaPlannerOffline = {
    html: '<!DOCTYPE html>\n' + document.documentElement.outerHTML,
    script: script ? script.textContent : '',
  };
  window.quotaPlannerReady = new Promise((resolve) => {
    window.__quotaPlannerResolve = resolve;
  });
  const text = document.getElementById('quota-planner-wasm').textContent;
  const binary = atob(text.trim());
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  init({ module_or_path: bytes }).catch((error) => {
    console.error('quota-planner: the module could not start', error);
  });
}
