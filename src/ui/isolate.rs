//! Every import runs here: in a throw-away Web Worker that reads the file,
//! infers its layout and builds the plan, then sends the result back as one
//! transferred buffer (`core::import::wire`). The page never parses a
//! workbook, stays responsive while a large file is read, and lives on when
//! a spreadsheet reader aborts or runs out of memory (only the worker
//! dies). Where no worker can start (a Content-Security-Policy that forbids
//! them), the same import runs on the page and the caller says why.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::core::error::ImportError;
use crate::core::import::{self, Imported, Progress, Request, Stage};

/// Longest an import may take in the worker before it is refused (the
/// planner can cancel sooner).
const TIMEOUT_MS: i32 = 300_000;

#[wasm_bindgen(module = "/src/ui/import_worker.js")]
extern "C" {
    /// The URL of the worker's script (the snippet file itself).
    #[wasm_bindgen(js_name = workerScriptUrl)]
    fn worker_script_url() -> String;
}

/// How an isolated import ended.
pub enum Outcome {
    /// The worker finished: the plan, or why the file was refused.
    Done(Result<Imported, ImportError>),
    /// No worker could run here; the import ran on the page (the reason
    /// is said to the planner with the result).
    OnPage(Result<Imported, ImportError>, String),
    /// Stopped before the end (cancelled, superseded, destroyed).
    Stopped(ImportError),
}

/// A running import: stopping it terminates its worker.
pub struct Job {
    worker: Option<web_sys::Worker>,
    finish: Rc<RefCell<Option<js_sys::Function>>>,
    stopped: Rc<RefCell<Option<ImportError>>>,
    // Kept alive while the worker may call them.
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Job {
    /// Terminates the worker; the import ends with `why`.
    pub fn stop(&self, why: ImportError) {
        if let Some(worker) = &self.worker {
            worker.terminate();
        }
        *self.stopped.borrow_mut() = Some(why);
        if let Some(finish) = self.finish.borrow_mut().take() {
            let _ = finish.call1(&JsValue::NULL, &JsValue::UNDEFINED);
        }
    }

    /// Why the import was stopped, if it was: the page's steps after the
    /// worker's reply (decoding, building and showing the plan) ask this
    /// between their tasks, so Cancel works until the new plan is shown.
    pub fn stopped(&self) -> Option<ImportError> {
        self.stopped.borrow().clone()
    }
}

/// The one place a worker is created: a module worker from the snippet
/// file on the hosted build; in the single file (file://, no module
/// scripts, no files beside it) a classic worker from a `blob:` URL of the
/// page's own bundled script, which holds the same worker code.
fn start_worker() -> Result<web_sys::Worker, JsValue> {
    if let Some(url) = crate::web::offline::worker_url() {
        return web_sys::Worker::new(&url);
    }
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    web_sys::Worker::new_with_options(&worker_script_url(), &options)
}

fn field(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// What a crash check in the worker found (`check`).
pub enum Check {
    /// The reader finished (with a plan or an ordinary refusal).
    Safe,
    /// The reader aborted, ran out of memory or took too long.
    Crashed(String),
    /// No worker could run here.
    Unavailable,
}

/// Zip (xlsx, xlsm, ods, xlsb) and OLE compound files (xls) go to calamine.
pub fn needs_check(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// Reads a workbook once in the worker only to learn whether the reader
/// survives it, for a caller that then reads it on the page (the progress
/// report). Nothing is read on the page here.
pub async fn check(bytes: &[u8], name: &str) -> Check {
    let request = Request {
        source: import::RequestSource::File {
            name: name.to_string(),
            sheet: None,
        },
        corrections: import::Corrections::default(),
    };
    match in_worker(Uint8Array::from(bytes), &request, |_, _| {}, |_| {}).await {
        Ok(Outcome::Done(Err(ImportError::ReaderCrashed(detail)))) => Check::Crashed(detail),
        Ok(Outcome::Done(Err(ImportError::ReaderTimedOut))) => Check::Crashed("timeout".into()),
        Ok(_) => Check::Safe,
        Err(_) => Check::Unavailable,
    }
}

/// Starts an import of `bytes` as `request` asks. `on_progress` hears the
/// stage and percentage; `on_job` gets the job at once (to stop it).
pub async fn run(
    bytes: Uint8Array,
    request: Request,
    on_progress: impl Fn(Stage, u32) + 'static,
    on_job: impl FnOnce(Rc<Job>),
) -> Outcome {
    match in_worker(bytes.clone(), &request, on_progress, on_job).await {
        Ok(outcome) => outcome,
        Err(reason) => on_page(&bytes, &request, reason),
    }
}

/// The import in a worker; `Err` with the reason when no worker can run.
async fn in_worker(
    bytes: Uint8Array,
    request: &Request,
    on_progress: impl Fn(Stage, u32) + 'static,
    on_job: impl FnOnce(Rc<Job>),
) -> Result<Outcome, String> {
    let request_json = match serde_json::to_string(request) {
        Ok(json) => json,
        Err(e) => return Ok(Outcome::Done(Err(ImportError::Unreadable(e.to_string())))),
    };
    let worker = start_worker().map_err(|error| describe(&error))?;
    let finish: Rc<RefCell<Option<js_sys::Function>>> = Rc::new(RefCell::new(None));
    let reply: Rc<RefCell<JsValue>> = Rc::new(RefCell::new(JsValue::UNDEFINED));
    let started = Rc::new(Cell::new(false));
    let done = Promise::new(&mut |resolve, _| *finish.borrow_mut() = Some(resolve));
    let end = {
        let finish = finish.clone();
        let reply = reply.clone();
        move |message: JsValue| {
            *reply.borrow_mut() = message;
            if let Some(finish) = finish.borrow_mut().take() {
                let _ = finish.call1(&JsValue::NULL, &JsValue::UNDEFINED);
            }
        }
    };
    let on_message = {
        let end = end.clone();
        let started = started.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let data = event.data();
            match field(&data, "kind").as_string().as_deref() {
                Some("started") => started.set(true),
                Some("progress") => {
                    let stage = field(&data, "stage").as_f64().unwrap_or(0.0) as u32;
                    let percent = field(&data, "percent").as_f64().unwrap_or(0.0) as u32;
                    if let Some(stage) = Stage::from_index(stage) {
                        on_progress(stage, percent.min(100));
                    }
                }
                _ => end(data),
            }
        })
    };
    // A script the page may not load (CSP) fails before "started"; after
    // it, an error event is the worker dying (an abort it could not report).
    let on_error = {
        let end = end.clone();
        let started = started.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            event.prevent_default();
            let message = Object::new();
            let kind = if started.get() {
                "crashed"
            } else {
                "unavailable"
            };
            let _ = Reflect::set(&message, &"kind".into(), &kind.into());
            let detail = field(&event, "message")
                .as_string()
                .unwrap_or_else(|| "error".to_string());
            let _ = Reflect::set(&message, &"message".into(), &detail.into());
            end(message.into());
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let timeout = web_sys::window().and_then(|window| {
        let end = end.clone();
        let on_timeout = Closure::once_into_js(move || {
            let message = Object::new();
            let _ = Reflect::set(&message, &"kind".into(), &"timeout".into());
            end(message.into());
        });
        window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                on_timeout.unchecked_ref(),
                TIMEOUT_MS,
            )
            .ok()
    });
    let stopped = Rc::new(RefCell::new(None));
    let job = Rc::new(Job {
        worker: Some(worker.clone()),
        finish: finish.clone(),
        stopped: stopped.clone(),
        _on_message: on_message,
        _on_error: on_error,
    });
    on_job(job.clone());

    // The worker gets its own copy of the bytes, transferred: the caller's
    // buffer stays usable, and nothing is copied twice.
    let copy = bytes.slice(0, bytes.length());
    let request_message = Object::new();
    let posted = Reflect::set(&request_message, &"module".into(), &wasm_bindgen::module())
        .and_then(|_| Reflect::set(&request_message, &"bytes".into(), &copy))
        .and_then(|_| Reflect::set(&request_message, &"request".into(), &request_json.into()))
        .and_then(|_| {
            worker.post_message_with_transfer(&request_message, &js_sys::Array::of1(&copy.buffer()))
        });
    if let Err(error) = posted {
        worker.terminate();
        return Err(describe(&error));
    }
    let _ = JsFuture::from(done).await;
    worker.terminate();
    if let (Some(window), Some(id)) = (web_sys::window(), timeout) {
        window.clear_timeout_with_handle(id);
    }
    if let Some(why) = stopped.borrow_mut().take() {
        return Ok(Outcome::Stopped(why));
    }
    let answer = reply.borrow().clone();
    // Decoding is the page's first step with the result: its own tasks.
    yield_now().await;
    let detail = field(&answer, "message").as_string().unwrap_or_default();
    let result = match field(&answer, "kind").as_string().as_deref() {
        Some("done") => {
            let reply = field(&answer, "reply");
            match reply.dyn_ref::<Uint8Array>() {
                Some(reply) => match decode_in_slices(reply.to_vec(), &stopped).await {
                    Ok(result) => result,
                    Err(why) => return Ok(Outcome::Stopped(why)),
                },
                None => Err(ImportError::ReaderCrashed(String::new())),
            }
        }
        Some("unavailable") => return Err(detail),
        Some("timeout") => Err(ImportError::ReaderTimedOut),
        // A trap ("unreachable", out of memory) says nothing a planner can
        // use: the message says the reader stopped on this file.
        _ => Err(ImportError::ReaderCrashed(String::new())),
    };
    Ok(Outcome::Done(result))
}

/// Decodes the worker's reply a slice of units per task
/// (`wire::SLICE_UNITS`), so the page stays responsive on large plans.
/// `Err` with why when the import is stopped between two slices.
async fn decode_in_slices(
    reply: Vec<u8>,
    stopped: &RefCell<Option<ImportError>>,
) -> Result<Result<Imported, ImportError>, ImportError> {
    let mut decoder = match import::wire::Decoder::new(reply) {
        Ok(decoder) => decoder,
        Err(e) => return Ok(Err(e)),
    };
    loop {
        match decoder.next_slice() {
            Ok(true) => return Ok(decoder.finish()),
            Ok(false) => {}
            Err(e) => return Ok(Err(e)),
        }
        yield_now().await;
        if let Some(why) = stopped.borrow().clone() {
            return Err(why);
        }
    }
}

/// Lets the browser run other tasks (paint, input) before going on.
pub async fn yield_now() {
    let promise = Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// The import on the page, where no worker can run: the same reader and
/// limits, without the isolation.
fn on_page(bytes: &Uint8Array, request: &Request, reason: String) -> Outcome {
    let bytes = bytes.to_vec();
    let result = import::run(&bytes, request, &mut Progress::none());
    Outcome::OnPage(result, reason)
}

fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "Worker".to_string())
}

/// The import worker's entry: runs one whole import and returns the reply
/// bytes (`core::import::wire`). An abort here ends only the worker.
/// Checked like every export: a wrong argument is an Error, not a trap.
#[wasm_bindgen(js_name = __importInWorker)]
pub fn import_in_worker(
    bytes: JsValue,
    request: JsValue,
    progress: JsValue,
) -> Result<Vec<u8>, JsError> {
    use crate::core::boundary::Expected;
    let args = crate::web::args::Args {
        method: "__importInWorker",
    };
    let refuse = |e: crate::core::boundary::ArgError| {
        JsError::new(&e.message(crate::core::i18n::Locale::Vi))
    };
    let bytes = args
        .bytes("bytes", &bytes, import::MAX_FILE_BYTES)
        .map_err(refuse)?
        .to_vec();
    let request = args
        .text("request", &request, Expected::Key)
        .map_err(refuse)?;
    let progress = args.function("progress", &progress).map_err(refuse)?;
    let result = serde_json::from_str::<Request>(&request)
        .map_err(|e| ImportError::Unreadable(e.to_string()))
        .and_then(|request| {
            let mut sink = |stage: Stage, percent: u32| {
                let _ = progress.call2(
                    &JsValue::NULL,
                    &JsValue::from(stage.index()),
                    &JsValue::from(percent),
                );
            };
            import::run(&bytes, &request, &mut Progress::new(&mut sink))
        });
    Ok(import::wire::encode(&result))
}
