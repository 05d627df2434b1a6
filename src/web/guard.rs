//! A trap is never silent. Once the module traps (a panic aborts, an
//! out-of-bounds access, a stack overflow), calling it again could corrupt
//! what it holds; the JavaScript side (`boundary.js`) notices the
//! `RuntimeError`, shows every planner on the page "the planner stopped;
//! reload — your work is saved", makes every later call throw that Error,
//! and autosave writes nothing more, so the last stored draft stays intact.

use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;

use crate::core::i18n::{api, Locale};

#[wasm_bindgen(module = "/src/web/boundary.js")]
extern "C" {
    fn install(texts: Array);
    fn wrap(planner: JsValue, root: &JsValue, texts: Array, saved: bool) -> JsValue;
    fn guard_entry(f: &Function) -> Function;
    fn is_stopped() -> bool;
    fn mounting(element: &JsValue, texts: Array, saved: bool) -> JsValue;
    fn mounted(entry: &JsValue);
}

/// The words of the "stopped" notice: with autosave, without, the button.
fn texts(locale: Locale) -> Array {
    let [saved, unsaved] = api::stopped(locale);
    [saved, unsaved, api::reload(locale)]
        .iter()
        .map(|t| JsValue::from_str(t))
        .collect()
}

/// Listens for traps page-wide (view handlers and timers included).
pub fn start() {
    install(texts(Locale::Vi));
}

/// The object a portal holds for a mounted planner: its methods, each
/// call guarded; no `free()` (destroy() frees).
pub fn guarded_planner(
    planner: JsValue,
    root: &web_sys::HtmlElement,
    locale: Locale,
    autosave: bool,
) -> JsValue {
    wrap(planner, root, texts(locale), autosave)
}

/// An entry point (`QuotaPlanner.mount`) whose trap is reported too.
pub fn guarded_entry(f: &Function) -> Function {
    guard_entry(f)
}

/// A planner being mounted into `element`: a trap before [`mount_ended`]
/// shows the notice in that element. Answers the entry to end it with.
pub fn mount_started(element: &web_sys::HtmlElement, locale: Locale, autosave: bool) -> JsValue {
    mounting(element, texts(locale), autosave)
}

/// The mount registered by [`mount_started`] ended, planner or not.
pub fn mount_ended(entry: &JsValue) {
    mounted(entry)
}

/// Whether the module has trapped: nothing may be written after that.
pub fn stopped() -> bool {
    is_stopped()
}
