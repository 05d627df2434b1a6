//! Offline use, browser side: the single file's bootstrap state (its own
//! text and the import worker's script, kept by
//! scripts/single-file-entry.js), the plan a saved copy carries, the
//! import worker's script there, and the hosted page's
//! service worker (`offline.js`). What the words and the plan block are is
//! decided in `core::export::offline` and `core::i18n::offline`.

use std::cell::RefCell;

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::core::export::offline::{self, OfflineError};

#[wasm_bindgen(module = "/src/web/offline.js")]
extern "C" {
    fn register_service_worker(url: &str, on_update: &js_sys::Function);
    fn single_file_url() -> String;
    fn apply_update();
}

/// `window.__quotaPlannerOffline`: set only by the single file's bootstrap.
fn single_file() -> Option<JsValue> {
    let window = web_sys::window()?;
    let state = Reflect::get(&window, &"__quotaPlannerOffline".into()).ok()?;
    state.is_object().then_some(state)
}

fn text_of(state: &JsValue, key: &str) -> Option<String> {
    Reflect::get(state, &JsValue::from_str(key))
        .ok()?
        .as_string()
        .filter(|text| !text.is_empty())
}

/// Whether this page is the single file (`quota-planner.html` or a saved copy).
pub fn is_single_file() -> bool {
    single_file().is_some()
}

thread_local! {
    static WORKER_URL: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// In the single file, the import worker's script: a `blob:` URL of the
/// worker's bundled script the file holds (the reader's glue and
/// src/ui/import_worker.js; module workers and files cannot be loaded from
/// file://). Made once per page. `None` on the hosted build.
pub fn worker_url() -> Option<String> {
    if let Some(url) = WORKER_URL.with(|u| u.borrow().clone()) {
        return Some(url);
    }
    let script = text_of(&single_file()?, "worker")?;
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let parts = js_sys::Array::of1(&JsValue::from_str(&script));
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    WORKER_URL.with(|u| *u.borrow_mut() = Some(url.clone()));
    Some(url)
}

/// The plan a saved offline copy carries (its plan block), if any.
pub fn embedded_plan() -> Option<String> {
    let document = web_sys::window()?.document()?;
    let block = document.get_element_by_id(offline::PLAN_BLOCK_ID)?;
    let text = block.text_content()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Whether this tab opened the saved copy carrying `plan` before (a
/// reload): remembered per tab (sessionStorage) by the plan's fingerprint.
pub fn reopened_in_tab(plan: &str) -> bool {
    const KEY: &str = "quota-planner-offline-copy";
    let print = offline::fingerprint(plan);
    let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) else {
        return false;
    };
    let before = storage.get_item(KEY).ok().flatten();
    let _ = storage.set_item(KEY, &print);
    before.as_deref() == Some(print.as_str())
}

/// The single file's text, to put a plan in: the page's own text in the
/// single file, else `quota-planner.html` fetched from beside the build's
/// files (the hosted page, or a portal that loaded them).
async fn page_text() -> Result<String, OfflineError> {
    if let Some(state) = single_file() {
        return text_of(&state, "html").ok_or(OfflineError::NoPlanBlock);
    }
    let unavailable = |e: JsValue| OfflineError::PageUnavailable(crate::web::args::error_text(&e));
    let window = web_sys::window().ok_or(OfflineError::NoPlanBlock)?;
    let url = single_file_url();
    let response = JsFuture::from(window.fetch_with_str(&url))
        .await
        .map_err(unavailable)?;
    let response: web_sys::Response = response.dyn_into().map_err(unavailable)?;
    if !response.ok() {
        return Err(OfflineError::PageUnavailable(format!(
            "{} {}",
            response.status(),
            url
        )));
    }
    let text = JsFuture::from(response.text().map_err(unavailable)?)
        .await
        .map_err(unavailable)?;
    text.as_string().ok_or(OfflineError::PageUnavailable(url))
}

/// The single file with `plan_json` (a plan file) inside.
pub async fn offline_html(plan_json: &str) -> Result<String, OfflineError> {
    offline::with_plan(&page_text().await?, plan_json)
}

/// Registers the hosted page's service worker (`sw.js` beside the page);
/// `on_update` runs when a new release is ready. Not from file:// nor in
/// the single file, whose every part is already inside it.
pub fn start_service_worker(on_update: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let protocol = window.location().protocol().unwrap_or_default();
    if is_single_file() || !(protocol == "http:" || protocol == "https:") {
        return;
    }
    let callback = Closure::<dyn Fn()>::new(on_update);
    register_service_worker("sw.js", callback.as_ref().unchecked_ref());
    // Lives as long as the page.
    callback.forget();
}

/// Reloads onto the new release (the waiting service worker takes over).
pub fn reload_on_update() {
    apply_update();
}
