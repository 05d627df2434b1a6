// The import worker (see isolate.rs) and, on the page, the way to it. Every
// file is read by the reader: the import worker's own wasm module
// (calamine, encoding_rs…; scripts/reader-build.sh), which the page's module
// does not contain. This one file, emitted by the build as a same-origin
// script (wasm-bindgen's snippet of the page's module, copied by Trunk), is:
// - on the page, a module the page's glue imports: `workerScriptUrl()` is
//   its own URL (so the worker needs no `blob:` URL and no modulepreload
//   link), `readerModule()` fetches and compiles the reader once per page,
//   and `readOnPage()` runs the reader on the page where no worker may start;
// - in a module worker started from that URL, the worker itself: it loads
//   the reader's glue through the stable alias beside the build
//   (quota-planner-reader.js, scripts/reader-build.sh), instantiates the
//   compiled module the page sends (nothing is compiled again), possibly
//   before its first task arrives (a worker started ahead), does each task
//   and posts the reply back as one transferred buffer.
// In the single file (scripts/single-file.mjs) the reader is inside the
// page: `__quotaPlannerReader.bytes()` (the page's bootstrap) gives its wasm,
// and the worker's own bundled script, which holds this code and the
// reader's glue, sets `__quotaPlannerReader.glue`.
export function workerScriptUrl() {
  return import.meta.url;
}

// This file sits at <dist>/snippets/<crate>-<hash>/src/ui/import_worker.js.
const READER = '../../../../quota-planner-reader.js';

function offline() {
  return self.__quotaPlannerReader || null;
}

function readerUrl() {
  return new URL(READER, import.meta.url);
}

// The reader's glue: a fresh instance of its JS module when `fresh` (after
// the reader failed on the page, its memory cannot be trusted again).
let instances = 0;
async function readerGlue(fresh) {
  const inside = offline();
  if (inside && inside.glue) return inside.glue;
  const alias = await import(readerUrl().href);
  if (!fresh) return alias;
  instances += 1;
  return import(new URL(`${alias.glueFile}?instance=${instances}`, readerUrl()).href);
}

let compiled = null;

/// The reader's compiled module (a `WebAssembly.Module`), made once per page
/// and posted to every worker. A failure is not kept: the next import tries
/// again (a network that came back).
export function readerModule() {
  if (!compiled) {
    compiled = compile();
    compiled.catch(() => {
      compiled = null;
    });
  }
  return compiled;
}

async function compile() {
  const inside = offline();
  if (inside && inside.bytes) return WebAssembly.compile(inside.bytes());
  const alias = await readerGlue(false);
  const response = await fetch(new URL(alias.wasmFile, readerUrl()));
  if (!response.ok) throw new Error(`${response.status} ${response.url}`);
  const type = response.headers.get('Content-Type') || '';
  if (typeof WebAssembly.compileStreaming === 'function' && type.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

// On the page, the reader is compiled once the page has started and is
// idle, so the first import does not wait for its fetch and compile (the
// hosted page's service worker has fetched its bytes already). Once per
// page, whichever copy of this code runs first.
if (typeof window !== 'undefined' && typeof document !== 'undefined' && !window.__quotaPlannerWarm) {
  window.__quotaPlannerWarm = true;
  const warm = () => readerModule().catch(() => {});
  setTimeout(() => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(warm, { timeout: 5000 });
    else warm();
  }, 2000);
}

let onPage = null;
// The page's reader instance once it is ready (its glue), for the
// synchronous workbook exports; null while it loads or after it failed.
let onPageReady = null;

/// The reader instantiated on the page, its own instance beside the
/// planner's, so a reader that aborts still leaves the planner alone: for
/// reading where no worker may start, and for writing workbooks (the page's
/// module has no xlsx writer). A fresh one after the last one failed.
function pageInstance() {
  const inside = offline();
  if (inside && !inside.glue && inside.script) {
    // The single file: the worker's script holds the reader's glue.
    const script = document.createElement('script');
    script.textContent = inside.script();
    document.head.appendChild(script);
    script.remove();
  }
  const fresh = onPage === 'failed';
  if (!onPage || fresh) {
    onPageReady = null;
    const loading = (async () => {
      const glue = await readerGlue(fresh);
      await glue.default({ module_or_path: await readerModule() });
      return glue;
    })();
    onPage = loading;
    loading.then(
      (glue) => {
        if (onPage === loading) onPageReady = glue;
      },
      () => {
        if (onPage === loading) onPage = null;
      },
    );
  }
  return onPage;
}

function failed() {
  onPage = 'failed';
  onPageReady = null;
}

/// Where no worker may start (a Content-Security-Policy without
/// `worker-src`): the file read by the page's reader instance. Resolves to
/// the reply bytes; rejects when the reader failed.
export async function readOnPage(bytes, task) {
  const glue = await pageInstance();
  try {
    return glue.__importInWorker(bytes, task, () => {});
  } catch (error) {
    failed();
    throw error;
  }
}

/// Makes the page's reader instance ready for `writeOnPage` (the planner
/// awaits it before `mount()` resolves, so `exportXlsx()` can stay
/// synchronous). Resolves to whether it is ready; never rejects.
export async function prepareWriter() {
  try {
    await pageInstance();
    return onPageReady !== null;
  } catch (error) {
    return false;
  }
}

/// The workbook of `kind` from `input` (UTF-8 JSON bytes), written by the
/// page's reader instance, synchronously. Throws `null` when that instance
/// is not ready (then starts making one), an Error with the writer's
/// refusal (an `ExportError` as JSON) otherwise.
export function writeOnPage(kind, input, locale) {
  const glue = onPageReady;
  if (!glue) {
    prepareWriter();
    throw null;
  }
  try {
    return glue.__exportWorkbook(kind, input, locale);
  } catch (error) {
    // A refusal is an Error; anything else (a trap, running out of
    // memory) ends this instance: the next export gets a fresh one.
    if (error instanceof WebAssembly.RuntimeError || !(error instanceof Error)) {
      failed();
      prepareWriter();
      throw null;
    }
    throw error;
  }
}

const inWorker = typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope;
if (inWorker && !self.__quotaPlannerImport) {
  self.__quotaPlannerImport = true;
  // The reader instantiated here, once: from the module of a `reader`
  // message (a worker started ahead of its import, ui::isolate) or of the
  // first task. A worker that read a file cleanly may be given the next
  // one (the page decides, from the `memory` it reports).
  let reader = null;
  const load = (module) => {
    if (!reader) {
      reader = (async () => {
        const glue = await readerGlue(false);
        const exports = await glue.default({ module_or_path: module });
        return { glue, exports };
      })();
      reader.catch(() => {
        reader = null;
      });
    }
    return reader;
  };
  const describe = (error) => String((error && error.message) || error);
  self.onmessage = async (event) => {
    const { kind, id, module, bytes, task } = event.data;
    if (kind === 'reader') {
      load(module).then(
        () => self.postMessage({ kind: 'ready' }),
        (error) => self.postMessage({ kind: 'unavailable', message: describe(error) }),
      );
      return;
    }
    let loaded;
    try {
      loaded = await (module ? load(module) : reader || Promise.reject(new Error('no reader module')));
    } catch (error) {
      self.postMessage({ kind: 'unavailable', id, message: describe(error) });
      return;
    }
    self.postMessage({ kind: 'started', id });
    const progress = (stage, percent) => self.postMessage({ kind: 'progress', id, stage, percent });
    try {
      const reply = loaded.glue.__importInWorker(bytes, task, progress);
      // How much memory the reader holds now: a worker whose memory grew
      // large is not kept for the next file.
      const memory = loaded.exports.memory ? loaded.exports.memory.buffer.byteLength : Infinity;
      self.postMessage({ kind: 'done', id, reply, memory }, [reply.buffer]);
    } catch (error) {
      // Ordinary refusals come back inside the reply: a throw is the
      // reader aborting or running out of memory. This worker is not used
      // again (the page terminates it).
      self.postMessage({ kind: 'crashed', id, message: describe(error) });
    }
  };
}
