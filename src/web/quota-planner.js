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
// When the module itself did not load, its messages (src/core/i18n/api.rs:
// `could_not_load`, `reload`) are not there to ask: this is their copy,
// kept equal to them by a native test (tests/boundary_texts.rs).
const NOT_LOADED = {
  vi: ['Không tải được Bảng chỉ tiêu: trình duyệt không tải về hoặc không chạy được phần mềm của bảng. Hãy tải lại trang; nếu vẫn không được, hãy dùng bản mới của Chrome, Edge hoặc Firefox.', 'Tải lại trang'],
  en: ['Quota Planner could not load: the browser could not download or run its program. Reload the page; if that does not help, use a recent Chrome, Edge or Firefox.', 'Reload the page'],
};

// The Error a failed load rejects with, in `locale` ('en' or Vietnamese),
// with the browser's own reason after it.
function notLoaded(locale, cause) {
  const [text] = NOT_LOADED[locale === 'en' ? 'en' : 'vi'];
  const error = new Error(`${text} (${(cause && cause.message) || cause})`);
  error.cause = cause;
  return error;
}

// Says so inside the element the planner was to fill (the page's own
// `#quota-planner`, or a portal's mount target), once.
function showNotLoaded(target, locale) {
  let element = null;
  try {
    element = typeof target === 'string' ? document.querySelector(target) : target;
  } catch (_) {
    // Not a selector: the rejected promise says why.
  }
  if (!(element instanceof Element) || element.querySelector(':scope > .qp-not-loaded')) return;
  const [text, reload] = NOT_LOADED[locale === 'en' ? 'en' : 'vi'];
  const box = document.createElement('div');
  box.className = 'qp-not-loaded';
  box.setAttribute('role', 'alert');
  // No stylesheet reaches here (the planner's is in the module).
  box.style.cssText =
    'display:flex;flex-wrap:wrap;align-items:center;gap:12px;margin:0 0 12px;padding:12px 16px;' +
    'border:2px solid #cf222e;border-radius:4px;background:#ffebe9;color:#82071e;' +
    'font:600 16px/1.4 system-ui,sans-serif';
  const p = document.createElement('p');
  p.style.cssText = 'margin:0;flex:1 1 20em';
  p.textContent = text;
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = reload;
  button.addEventListener('click', () => location.reload());
  box.append(p, button);
  element.prepend(box);
}

const loaded = init({ module_or_path: wasm }).then(
  (exports) => {
    // For measurements (the module's memory); portals need not listen.
    window.dispatchEvent(new CustomEvent('QuotaPlannerStarted', { detail: { wasm: exports } }));
    return api;
  },
  (cause) => {
    const lang = (document.documentElement.lang || '').toLowerCase().startsWith('en') ? 'en' : 'vi';
    const error = notLoaded(lang, cause);
    if (window.__quotaPlannerReject) {
      showNotLoaded(document.getElementById('quota-planner'), lang);
      window.__quotaPlannerReject(error);
    }
    throw error;
  },
);
// Nobody may be waiting yet: an unhandled rejection would be noise.
loaded.catch(() => {});

// The language a mount asked for ('en', else Vietnamese, the default).
function localeOf(options) {
  try {
    return options && options.locale === 'en' ? 'en' : 'vi';
  } catch (_) {
    return 'vi'; // A hostile options object.
  }
}

function waiting(target, options) {
  const failed = (cause) => {
    const locale = localeOf(options);
    showNotLoaded(target, locale);
    throw notLoaded(locale, cause);
  };
  return loaded.then(() => {
    // The module loaded but its start did not install the real `mount`.
    if (api.mount === waiting) failed(new Error('QuotaPlanner.mount was not installed'));
    return api.mount(target, options);
  }, (error) => failed(error.cause));
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
