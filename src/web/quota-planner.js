// The embed entry (a stable file name, documented in README.md):
//   <script type="module" src=".../quota-planner.js"></script>
//   QuotaPlanner.mount(element, options)  (or: import { mount } from it)
// It loads the wasm-bindgen glue and the wasm beside it (relative to this
// file's own URL) and installs `window.QuotaPlanner` at once, before the
// module has loaded: an early `mount` waits for it. The module's start
// function (src/api.rs, start_page) then puts the real, guarded `mount` on
// the same object and, on the project's own page, mounts `#quota-planner`.
// No inline script is needed anywhere, so a strict CSP holds.
import init, { wasmFile, __frameCheck as frameCheck } from './quota-planner-glue.js';

const api =
  window.QuotaPlanner && typeof window.QuotaPlanner === 'object' ? window.QuotaPlanner : {};
window.QuotaPlanner = api;

// On the project's own page, `quotaPlannerReady` exists before anything
// awaits (tests and scripts read it at once); start_page resolves it.
if (document.getElementById('quota-planner') && !window.quotaPlannerReady) {
  window.quotaPlannerReady = new Promise((resolve, reject) => {
    window.__quotaPlannerResolve = resolve;
    window.__quotaPlannerReject = reject;
  });
}

// A page that has the module's bytes already (a single saved file) sets
// `window.__quotaPlannerWasm` (bytes or a WebAssembly.Module) first.
const source = window.__quotaPlannerWasm;
const wasm = source === undefined ? new URL(wasmFile, import.meta.url) : source;
const loaded = init({ module_or_path: wasm }).then(
  (exports) => {
    // For measurements (the module's memory); portals need not listen.
    window.dispatchEvent(new CustomEvent('QuotaPlannerStarted', { detail: { wasm: exports } }));
    return api;
  },
  (cause) => {
    const error = new Error(`Quota Planner could not load: ${(cause && cause.message) || cause}`);
    error.cause = cause;
    if (window.__quotaPlannerReject) window.__quotaPlannerReject(error);
    throw error;
  },
);
// Nobody may be waiting yet: an unhandled rejection would be noise.
loaded.catch(() => {});

function waiting(target, options) {
  return loaded.then(() => {
    if (api.mount === waiting) throw new Error('Quota Planner did not start');
    return api.mount(target, options);
  });
}
if (typeof api.mount !== 'function') api.mount = waiting;
// Resolves once the module has loaded (rejects if it could not).
if (!api.ready) api.ready = loaded;

// ---- Iframe: commands by postMessage (README.md, "Iframe") ----------------
// `index.html?allow=https://a.example,https://b.example`: a message
// `{qp: 1, id, method, args}` from exactly one of those origins runs
// `method(...args)` on the page's planner and is answered to that origin
// only, `{qp: 1, id, ok: true, result}` or `{qp: 1, id, ok: false, error}`;
// a workbook's bytes are transferred. Anything from another origin, or not
// shaped so, is ignored. Which methods may run is decided in Rust
// (core::embed: plain data only, never `on` or `destroy`); nothing is
// evaluated.
function allowedOrigins() {
  const origins = new Set();
  for (const list of new URLSearchParams(location.search).getAll('allow')) {
    for (const entry of list.split(',')) {
      try {
        const origin = new URL(entry.trim()).origin;
        if (origin !== 'null') origins.add(origin);
      } catch (_) {
        // Not an address: allows nothing.
      }
    }
  }
  return origins;
}

const allowed = window.quotaPlannerReady ? allowedOrigins() : new Set();
if (allowed.size > 0) {
  window.addEventListener('message', async (event) => {
    const message = event.data;
    if (!allowed.has(event.origin) || !event.source) return;
    if (!message || typeof message !== 'object' || message.qp !== 1) return;
    const { id, method, args } = message;
    const answer = (reply, transfer = []) => {
      event.source.postMessage({ qp: 1, id, ...reply }, { targetOrigin: event.origin, transfer });
    };
    try {
      const planner = await window.quotaPlannerReady;
      const refused = frameCheck(method, args, document.documentElement.lang);
      if (refused) throw new Error(refused);
      const result = await planner[method](...(args || []));
      answer({ ok: true, result }, result instanceof Uint8Array ? [result.buffer] : []);
    } catch (e) {
      answer({ ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  });
}

/// `QuotaPlanner.mount(target, options?) -> Promise<Planner>`.
export function mount(target, options) {
  return api.mount(target, options);
}

/// Resolves to `window.QuotaPlanner` once the module has loaded.
export const ready = loaded;
export default api;
