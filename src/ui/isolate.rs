//! Reads a workbook once in a throw-away Web Worker before the page reads
//! it. The spreadsheet readers can still abort on some corrupt .xls files
//! (calamine bugs, see the importer's pinned fixtures); in the worker such
//! an abort, or a runaway allocation, kills only the worker, and the open
//! plan and the page live on. Text files never reach calamine and skip it.

use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Longest a check may take before the file is refused.
const CHECK_TIMEOUT_MS: i32 = 60_000;

/// The worker: instantiates this same module from the compiled
/// `WebAssembly.Module` and tries the import.
const WORKER_SOURCE: &str = r#"
import init, { __checkImport } from "GLUE_URL";
self.onmessage = async (event) => {
  const { module, bytes, name } = event.data;
  try {
    await init({ module_or_path: module });
  } catch (error) {
    self.postMessage({ started: false, message: String(error) });
    return;
  }
  try {
    __checkImport(bytes, name);
    self.postMessage({ started: true, crashed: false });
  } catch (error) {
    const crashed = error instanceof WebAssembly.RuntimeError || error instanceof RangeError;
    self.postMessage({ started: true, crashed, message: String(error && error.message || error) });
  }
};
"#;

/// What the worker found.
pub enum Check {
    /// Reading finished (with a plan or with an ordinary import error): the
    /// page may read the file itself.
    Safe,
    /// The reader aborted, ran out of memory or took too long.
    Crashed(String),
    /// No worker could be started here (no module link, CSP): read as usual.
    Unavailable,
}

/// Zip (xlsx, xlsm, ods, xlsb) and OLE compound files (xls) go to calamine.
pub fn needs_check(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// The URL of this module's JS glue, from the page's module preload link.
fn glue_url() -> Option<String> {
    let document = web_sys::window()?.document()?;
    let link = document
        .query_selector(r#"link[rel="modulepreload"][href$=".js"]"#)
        .ok()??;
    let href = link.get_attribute("href")?;
    let base = document.base_uri().ok()??;
    web_sys::Url::new_with_base(&href, &base)
        .ok()
        .map(|u| u.href())
}

/// The reply the worker could not send itself: it crashed or timed out.
fn crash_reply(timeout: bool) -> Object {
    let message = Object::new();
    let _ = Reflect::set(&message, &"started".into(), &JsValue::TRUE);
    let _ = Reflect::set(&message, &"crashed".into(), &JsValue::TRUE);
    if timeout {
        let _ = Reflect::set(&message, &"timeout".into(), &JsValue::TRUE);
    }
    message
}

pub async fn check(bytes: &[u8], name: &str) -> Check {
    match run(bytes, name).await {
        Ok(check) => check,
        Err(_) => Check::Unavailable,
    }
}

async fn run(bytes: &[u8], name: &str) -> Result<Check, JsValue> {
    let Some(glue) = glue_url() else {
        return Ok(Check::Unavailable);
    };
    let source = WORKER_SOURCE.replace("GLUE_URL", &glue);
    let parts = Array::of1(&JsValue::from_str(&source));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let worker_options = web_sys::WorkerOptions::new();
    worker_options.set_type(web_sys::WorkerType::Module);
    let worker = web_sys::Worker::new_with_options(&url, &worker_options)?;

    let reply = Promise::new(&mut |resolve, _reject| {
        let on_message = Closure::once_into_js({
            let resolve = resolve.clone();
            move |event: web_sys::MessageEvent| {
                let _ = resolve.call1(&JsValue::NULL, &event.data());
            }
        });
        worker.set_onmessage(Some(on_message.unchecked_ref()));
        // An abort during start-up, or a crash the worker cannot report.
        let on_error = Closure::once_into_js({
            let resolve = resolve.clone();
            move |event: web_sys::Event| {
                event.prevent_default();
                let _ = resolve.call1(&JsValue::NULL, &crash_reply(false));
            }
        });
        worker.set_onerror(Some(on_error.unchecked_ref()));
        if let Some(window) = web_sys::window() {
            let on_timeout = Closure::once_into_js(move || {
                let _ = resolve.call1(&JsValue::NULL, &crash_reply(true));
            });
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                on_timeout.unchecked_ref(),
                CHECK_TIMEOUT_MS,
            );
        }
    });
    let request = Object::new();
    Reflect::set(&request, &"module".into(), &wasm_bindgen::module())?;
    Reflect::set(&request, &"bytes".into(), &Uint8Array::from(bytes))?;
    Reflect::set(&request, &"name".into(), &JsValue::from_str(name))?;
    worker.post_message(&request)?;
    let answer = JsFuture::from(reply).await?;
    worker.terminate();
    let _ = web_sys::Url::revoke_object_url(&url);

    let flag = |key: &str| {
        Reflect::get(&answer, &key.into())
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    };
    if !flag("started") {
        return Ok(Check::Unavailable);
    }
    if flag("crashed") {
        let detail = Reflect::get(&answer, &"message".into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        let detail = if flag("timeout") {
            "timeout".to_string()
        } else {
            detail
        };
        return Ok(Check::Crashed(detail));
    }
    Ok(Check::Safe)
}
