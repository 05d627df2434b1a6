// The JavaScript side of the API boundary (see src/web/args.rs and
// src/web/guard.rs). Everything here must work when the wasm module can no
// longer be called: after a trap, these functions alone answer.

// What a value is, without copying it into wasm memory and without
// letting a Proxy's trap escape: [kind, text, length].
export function describe(v) {
  switch (typeof v) {
    case 'undefined': return ['undefined', '', 0];
    case 'boolean': return ['boolean', String(v), 0];
    case 'number': return ['number', String(v), 0];
    case 'string': return ['string', v.slice(0, 40), v.length];
    case 'symbol': return ['symbol', '', 0];
    case 'bigint': return ['bigint', String(v).slice(0, 40), 0];
    case 'function': return ['function', '', 0];
  }
  if (v === null) return ['null', '', 0];
  try {
    if (Array.isArray(v)) return ['array', '', v.length >>> 0];
  } catch (e) {
    return ['object', 'Proxy', 0];
  }
  let tag = 'Object';
  try {
    tag = Object.prototype.toString.call(v).slice(8, -1);
    const proto = Object.getPrototypeOf(v);
    if (tag === 'Object' && proto !== null && proto !== Object.prototype) {
      const name = proto.constructor && proto.constructor.name;
      if (typeof name === 'string' && name) tag = name.slice(0, 40);
    }
  } catch (e) {
    tag = 'Proxy';
  }
  return ['object', tag, 0];
}

// The own enumerable keys of an options object (throws what a Proxy throws).
export function own_keys(o) {
  return Object.keys(o).map((k) => k.slice(0, 100));
}

// A thrown value's message, short, whatever was thrown.
export function error_text(e) {
  try {
    const text = e instanceof Error ? e.message : String(e);
    return text.slice(0, 200);
  } catch (_) {
    return '?';
  }
}

// ---- A trap is never silent ----------------------------------------------
// Once the module traps (a panic aborts, or a RuntimeError), it must not be
// called again: every planner on the page shows `texts` and every later
// call throws the same Error.

let stopped = null;
const planners = new Set();
// The words when no planner is mounted: [saved, not saved, reload] (i18n::api).
let defaultTexts = null;

export function install(texts) {
  defaultTexts = texts;
  listen();
}

function isTrap(e) {
  return typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError;
}

// The stopped message of a planner, in its language.
function stoppedText(entry) {
  return entry.saved ? entry.texts[0] : entry.texts[1];
}

function showStopped(entry) {
  const { root, texts } = entry;
  if (!root || root.querySelector(':scope > .qp-stopped')) return;
  const box = document.createElement('div');
  box.className = 'qp-stopped';
  box.setAttribute('role', 'alert');
  // A planner still being mounted has no shadow root of its own to hold
  // the notice: it goes in the portal's element, which no stylesheet of
  // ours reaches.
  if (entry.mounting) {
    box.style.cssText =
      'display:flex;flex-wrap:wrap;align-items:center;gap:12px;margin:0 0 12px;padding:12px 16px;' +
      'border:2px solid #cf222e;border-radius:4px;background:#ffebe9;color:#82071e;' +
      'font:600 16px/1.4 system-ui,sans-serif';
  }
  const text = document.createElement('p');
  text.textContent = stoppedText(entry);
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = texts[2];
  button.addEventListener('click', () => location.reload());
  box.append(text, button);
  for (const child of root.children) {
    child.inert = true;
    // In a portal's element no stylesheet of ours dims the planner
    // (`.qp-stopped + *`), and its host's `all: initial !important` wins
    // over an inline style: dim what its shadow root holds.
    if (entry.mounting && child.shadowRoot) {
      for (const inner of child.shadowRoot.children) inner.style.opacity = '0.5';
    }
  }
  root.prepend(box);
}

// Marks the module stopped (once) and tells every planner; answers the
// Error a call through `entry` throws, in that planner's language.
function stop(cause, entry) {
  if (!stopped) {
    const texts = defaultTexts;
    stopped = new Error(texts ? texts[1] : String(cause));
    stopped.cause = cause;
    for (const e of planners) {
      e.error = new Error(stoppedText(e));
      e.error.cause = cause;
      showStopped(e);
      // A mount in progress rejects (its promise would never settle).
      if (e.reject) e.reject(e.error);
    }
  }
  return (entry && entry.error) || stopped;
}

// Whether the module trapped: autosave writes nothing after that, so the
// last stored state stays intact.
export function is_stopped() {
  return stopped !== null;
}

let listening = false;
function listen() {
  if (listening || typeof window === 'undefined') return;
  listening = true;
  // A trap in an event handler or a timer of the view, outside any API call.
  window.addEventListener('error', (event) => {
    if (isTrap(event.error)) stop(event.error);
  });
  window.addEventListener('unhandledrejection', (event) => {
    if (isTrap(event.reason)) stop(event.reason);
  });
}

// A planner being mounted into `element`: until `mounted(entry)`, a trap
// (while its view is built, its file read or its draft restored) shows the
// notice in that element, so a first mount that traps is not a blank.
export function mounting(element, texts, saved) {
  listen();
  const entry = { root: element, texts, saved, mounting: true };
  planners.add(entry);
  if (mountWatch) mountWatch.push(entry);
  return entry;
}

// The mounts a guarded entry point started during its call.
let mountWatch = null;

// The mount of `entry` ended (its planner is wrapped, or it was refused).
export function mounted(entry) {
  planners.delete(entry);
}

// Methods that answer with a Promise: they reject, never throw.
const ASYNC = new Set(['load', 'loadResults', 'exportOfflineHtml']);

// The planner a portal holds: every method of the wasm object, each call
// guarded; `free` is not offered (destroy() frees).
export function wrap(planner, root, texts, saved) {
  listen();
  const entry = { root, texts, saved };
  planners.add(entry);
  const wrapper = {};
  const proto = Object.getPrototypeOf(planner);
  for (const name of Object.getOwnPropertyNames(proto)) {
    if (name === 'constructor' || name === 'free' || name.startsWith('__wbg')) continue;
    const method = Object.getOwnPropertyDescriptor(proto, name).value;
    if (typeof method !== 'function') continue;
    const call = (args) => {
      if (stopped) throw entry.error || stopped;
      try {
        return method.apply(planner, args);
      } catch (e) {
        throw isTrap(e) ? stop(e, entry) : e;
      }
    };
    let guarded;
    if (ASYNC.has(name)) {
      guarded = function (...args) {
        try {
          return call(args).catch((e) => { throw isTrap(e) ? stop(e, entry) : e; });
        } catch (e) {
          return Promise.reject(e);
        }
      };
    } else if (name === 'on') {
      guarded = function (...args) {
        const off = call(args);
        let done = false;
        // Harmless to call twice, and after destroy() or a trap.
        return () => {
          if (done || stopped) return;
          done = true;
          try { off(); } catch (e) { if (isTrap(e)) stop(e); }
        };
      };
    } else if (name === 'destroy') {
      guarded = function (...args) {
        const result = call(args);
        planners.delete(entry);
        return result;
      };
    } else {
      guarded = function (...args) { return call(args); };
    }
    Object.defineProperty(guarded, 'name', { value: name });
    wrapper[name] = guarded;
  }
  return Object.freeze(wrapper);
}

// `QuotaPlanner.mount` and the other entry points, guarded the same way:
// a trap while the planner is built or its draft restored rejects with
// that planner's own notice (in its language, saying whether its work is
// saved).
export function guard_entry(f) {
  return function (...args) {
    listen();
    if (stopped) return Promise.reject(stopped);
    const started = [];
    return new Promise((resolve, reject) => {
      const fail = (e) => reject(isTrap(e) ? stop(e, started[0]) : e);
      mountWatch = started;
      try {
        f(...args).then(resolve, fail);
      } catch (e) {
        fail(e);
      } finally {
        mountWatch = null;
      }
      for (const entry of started) entry.reject = reject;
    });
  };
}
