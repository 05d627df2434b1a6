// The import worker (see isolate.rs). This one file, emitted by the build
// as a same-origin script (wasm-bindgen's snippet, copied by Trunk), is both:
// - on the page, a module the glue imports: `workerScriptUrl()` gives its
//   own URL, so the worker needs no `blob:` URL and no modulepreload link;
// - in a module worker started from that URL, the worker itself: it loads
//   the glue through the stable alias the build writes next to it
//   (scripts/glue-alias.sh), instantiates the compiled module the page
//   sends, runs the whole import and posts the result back as one
//   transferred buffer.
// In the single file (scripts/single-file.mjs) this code is bundled with the
// glue into one classic script, which is also the worker's (a blob: URL,
// src/web/offline.rs): there the glue is already loaded (`__quotaPlannerGlue`).
export function workerScriptUrl() {
  return import.meta.url;
}

// This file sits at <dist>/snippets/<crate>-<hash>/src/ui/import_worker.js.
const GLUE = '../../../../quota-planner-glue.js';

const inWorker = typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope;
if (inWorker && !self.__quotaPlannerImport) {
  self.__quotaPlannerImport = true;
  self.onmessage = async (event) => {
    const { module, bytes, request } = event.data;
    let glue;
    try {
      glue = self.__quotaPlannerGlue || (await import(new URL(GLUE, import.meta.url).href));
      await glue.default({ module_or_path: module });
    } catch (error) {
      self.postMessage({ kind: 'unavailable', message: String((error && error.message) || error) });
      return;
    }
    self.postMessage({ kind: 'started' });
    const progress = (stage, percent) => self.postMessage({ kind: 'progress', stage, percent });
    try {
      const reply = glue.__importInWorker(bytes, request, progress);
      self.postMessage({ kind: 'done', reply }, [reply.buffer]);
    } catch (error) {
      // Ordinary refusals come back inside the reply: a throw is the
      // reader aborting or running out of memory.
      self.postMessage({ kind: 'crashed', message: String((error && error.message) || error) });
    }
  };
}
