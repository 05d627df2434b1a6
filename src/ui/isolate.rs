//! Every file is read here: in a throw-away Web Worker that reads it,
//! infers its layout and builds the plan, then sends the result back as one
//! transferred buffer (`core::import::wire`). The worker runs the reader,
//! its own wasm module (`web::worker`, built with the `reader` feature),
//! compiled once per page (`readerModule` in import_worker.js) and
//! instantiated by each worker; the page's module has no file reader at
//! all. The page stays responsive while a large file is read, and lives on
//! when the reader aborts or runs out of memory (only the worker dies).
//! Where no worker can start (a Content-Security-Policy that forbids them),
//! the reader runs on the page, in its own instance, and the caller says
//! why.
//!
//! The fixed cost of an import (a worker, its script, the reader's glue and
//! instance) is paid ahead where it can be: at the first sign of an import
//! (`prepare`: the file chooser, a drag over the planner) a worker is
//! started and sent the reader, and a worker that read a file cleanly and
//! holds little memory is kept for the next file. A worker that trapped,
//! timed out or was stopped is never used again; one that grew large is
//! let go and a fresh one started ahead instead.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::core::error::ImportError;
use crate::core::import::{self, Imported, Request, Sheet, Stage, Task};

/// Longest an import may take in the worker before it is refused (the
/// planner can cancel sooner).
const TIMEOUT_MS: i32 = 300_000;

/// Most memory (bytes) a worker's reader may hold after an import and
/// still be kept for the next one: a few small files' worth. A worker that
/// read a large file gives its memory back by being let go.
const KEEP_WARM_MAX_MEMORY: f64 = 64.0 * 1024.0 * 1024.0;

/// The worker kept for the next import: started ahead (`prepare`) or kept
/// after a clean import. `sent` says whether it has the reader already
/// (else the task carries it).
struct Warm {
    worker: web_sys::Worker,
    id: u32,
    sent: Rc<Cell<bool>>,
    // Until the worker is taken: a worker that cannot load the reader is
    // let go.
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static WARM: RefCell<Option<Warm>> = const { RefCell::new(None) };
    static WARM_IDS: Cell<u32> = const { Cell::new(0) };
    static TASK_IDS: Cell<u32> = const { Cell::new(0) };
    /// Tasks sent to workers and not yet ended: no worker is started ahead
    /// meanwhile (it would take a core from the import under way).
    static IN_FLIGHT: Cell<u32> = const { Cell::new(0) };
    /// Planners mounted on this page and not destroyed: with none, no
    /// worker is started ahead or kept (it would outlive them).
    static PLANNERS: Cell<u32> = const { Cell::new(0) };
}

/// A planner was mounted (see `PLANNERS`).
pub fn mounted() {
    PLANNERS.with(|n| n.set(n.get().saturating_add(1)));
}

fn any_planner() -> bool {
    PLANNERS.with(Cell::get) > 0
}

/// Counts a task in flight while it lives.
struct InFlight;

impl InFlight {
    fn start() -> InFlight {
        IN_FLIGHT.with(|n| n.set(n.get() + 1));
        InFlight
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        IN_FLIGHT.with(|n| n.set(n.get().saturating_sub(1)));
    }
}

/// Lets the warm worker `id` go (if it is still the warm one).
fn forget_warm(id: u32) {
    let gone = WARM.with(|w| {
        let mut slot = w.borrow_mut();
        if slot.as_ref().is_some_and(|warm| warm.id == id) {
            slot.take()
        } else {
            None
        }
    });
    if let Some(warm) = gone {
        warm.worker.terminate();
    }
}

/// Keeps `worker` (with its reader) for the next import; a worker already
/// kept stays and this one goes.
fn keep_warm(worker: web_sys::Worker, sent: bool) {
    if WARM.with(|w| w.borrow().is_some()) || !any_planner() {
        worker.terminate();
        return;
    }
    let id = WARM_IDS.with(|n| {
        n.set(n.get().wrapping_add(1));
        n.get()
    });
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            if field(&event.data(), "kind").as_string().as_deref() == Some("unavailable") {
                forget_warm(id);
            }
        });
    let on_error =
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| forget_warm(id));
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    WARM.with(|w| {
        *w.borrow_mut() = Some(Warm {
            worker,
            id,
            sent: Rc::new(Cell::new(sent)),
            _on_message: on_message,
            _on_error: on_error,
        })
    });
}

/// At the first sign of an import (the file chooser opened, a file dragged
/// over the planner): the reader's compile starts if it has not, and a
/// worker is started and sent the reader, so the import that follows finds
/// it ready. Nothing where a worker is already waiting or none may start.
pub fn prepare() {
    let _ = reader_module();
    if WARM.with(|w| w.borrow().is_some()) || IN_FLIGHT.with(Cell::get) > 0 || !any_planner() {
        return;
    }
    let Ok(worker) = start_worker() else {
        return;
    };
    keep_warm(worker, false);
    let Some((id, worker, sent)) = WARM.with(|w| {
        w.borrow()
            .as_ref()
            .map(|warm| (warm.id, warm.worker.clone(), warm.sent.clone()))
    }) else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(module) = JsFuture::from(reader_module()).await else {
            forget_warm(id);
            return;
        };
        // Taken meanwhile: that import sent the reader itself.
        if !WARM.with(|w| w.borrow().as_ref().is_some_and(|warm| warm.id == id)) {
            return;
        }
        let message = Object::new();
        let posted = Reflect::set(&message, &"kind".into(), &"reader".into())
            .and_then(|_| Reflect::set(&message, &"module".into(), &module))
            .and_then(|_| worker.post_message(&message));
        match posted {
            Ok(()) => sent.set(true),
            Err(_) => forget_warm(id),
        }
    });
}

/// A destroyed planner leaves no worker behind: the one kept for the next
/// import is let go (a later import on the page starts another), and once
/// no planner is left none is started or kept again.
pub fn let_go() {
    PLANNERS.with(|n| n.set(n.get().saturating_sub(1)));
    if let Some(warm) = WARM.with(|w| w.borrow_mut().take()) {
        warm.worker.terminate();
    }
}

/// The worker for the next task: the warm one (and whether it has the
/// reader), else a new one.
fn take_worker() -> Result<(web_sys::Worker, bool), JsValue> {
    match WARM.with(|w| w.borrow_mut().take()) {
        Some(warm) => Ok((warm.worker, warm.sent.get())),
        None => start_worker().map(|worker| (worker, false)),
    }
}

/// After an import that ended badly or large: a fresh worker is started
/// ahead for the next one, once the page is done with this one's steps
/// (not while another import reads: that one prepares when it ends).
fn prepare_later() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let later = Closure::once_into_js(prepare);
    let _ =
        window.set_timeout_with_callback_and_timeout_and_arguments_0(later.unchecked_ref(), 1000);
}

/// Bytes of the file copied for the worker per task.
const COPY_BYTES: u32 = 8 << 20;

/// How long (ms per MB of the worker's memory) the page waits after letting
/// a large worker go before it decodes the reply. The browser gives the
/// worker's memory back to the system on another thread, and until it is
/// done every change to the process's memory map waits, the page's own wasm
/// memory growing included: decoding a million units (a 656 MB worker)
/// right away held one task 50–113 ms. Measured here (Chromium 156, 2
/// cores, scratch page): the page's growth stayed blocked 29 ms after a
/// 256 MB worker was let go, 57 ms after 656 MB, 91 ms after 1 GB, 147 ms
/// after 1.5 GB; about twice that on a busy machine. Waiting idle, the page
/// keeps answering input.
const RELEASE_MS_PER_MB: f64 = 0.25;

/// Longest wait for a let-go worker's memory (a 4 GB worker's).
const RELEASE_MAX_MS: f64 = 1_000.0;

/// Terminates a worker in a task of its own (at once where there is no
/// window): whatever the page did after it in the same task would wait for
/// the worker's memory to be given back. A reply's task that went on after
/// the terminate took 71 ms in one first load of a million units (caught
/// by recording the reply; three such tasks came in 30 loads).
fn terminate_apart(worker: web_sys::Worker) {
    let terminate = Closure::once_into_js(move || worker.terminate());
    call_after(terminate.unchecked_ref(), 0);
}

/// The wait after letting go a worker that reported `bytes` of memory.
fn release_wait_ms(bytes: f64) -> i32 {
    let ms = bytes / f64::from(1u32 << 20) * RELEASE_MS_PER_MB;
    if ms.is_finite() {
        ms.clamp(0.0, RELEASE_MAX_MS) as i32
    } else {
        RELEASE_MAX_MS as i32
    }
}

#[wasm_bindgen(module = "/src/ui/import_worker.js")]
extern "C" {
    /// The URL of the worker's script (the snippet file itself).
    #[wasm_bindgen(js_name = workerScriptUrl)]
    fn worker_script_url() -> String;
    /// The reader's compiled `WebAssembly.Module`, once per page.
    #[wasm_bindgen(js_name = readerModule)]
    fn reader_module() -> Promise;
    /// The reader run on the page: the reply bytes, or a rejection.
    #[wasm_bindgen(js_name = readOnPage)]
    fn read_on_page(bytes: &Uint8Array, task: &str) -> Promise;
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
    /// The job's worker, until it is kept for the next import.
    worker: RefCell<Option<web_sys::Worker>>,
    finish: Rc<RefCell<Option<js_sys::Function>>>,
    stopped: Rc<RefCell<Option<ImportError>>>,
    // Kept alive while the worker may call them.
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Job {
    /// Terminates the worker; the import ends with `why`.
    pub fn stop(&self, why: ImportError) {
        if let Some(worker) = self.worker.borrow().as_ref() {
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

/// Every sheet of a file as cells, read in the worker (or on the page
/// where no worker may run): a campaign report, matched on the page.
pub async fn sheets(bytes: &[u8], name: &str) -> Result<Vec<Sheet>, ImportError> {
    let bytes = Uint8Array::from(bytes);
    let task = Task::Sheets {
        name: name.to_string(),
    };
    let reply = match in_worker(bytes.clone(), &task, |_, _| {}, |_| {}).await {
        Ok(Exchange::Reply(reply, _)) => reply,
        Ok(Exchange::Failed(why) | Exchange::Stopped(why)) => return Err(why),
        Err(_) => on_page(&bytes, &task).await?,
    };
    import::wire::decode_sheets(&reply.to_vec())
}

/// Starts an import of `bytes` as `request` asks. `on_progress` hears the
/// stage and percentage; `on_job` gets the job at once (to stop it).
pub async fn run(
    bytes: Uint8Array,
    request: Request,
    on_progress: impl Fn(Stage, u32) + 'static,
    on_job: impl FnOnce(Rc<Job>),
) -> Outcome {
    let task = Task::Import(request);
    match in_worker(bytes.clone(), &task, on_progress, on_job).await {
        Ok(Exchange::Reply(reply, stopped)) => match decode_in_slices(reply, &stopped).await {
            Ok(result) => Outcome::Done(result),
            Err(why) => Outcome::Stopped(why),
        },
        Ok(Exchange::Failed(why)) => Outcome::Done(Err(why)),
        Ok(Exchange::Stopped(why)) => Outcome::Stopped(why),
        Err(reason) => {
            // No job to stop here: the reader ran on the page.
            let result = match on_page(&bytes, &task).await {
                Ok(reply) => decode_in_slices(reply, &RefCell::new(None))
                    .await
                    .unwrap_or_else(Err),
                Err(why) => Err(why),
            };
            Outcome::OnPage(result, reason)
        }
    }
}

/// How a task sent to a worker ended.
enum Exchange {
    /// The reader's reply (`core::import::wire`, still in the worker's
    /// transferred buffer), and where a stop after it is noted
    /// (`Job::stop`, while the page decodes it).
    Reply(Uint8Array, Rc<RefCell<Option<ImportError>>>),
    /// The reader could not be loaded, aborted or took too long.
    Failed(ImportError),
    /// Stopped before the end (cancelled, superseded, destroyed).
    Stopped(ImportError),
}

/// The task in a worker; `Err` with the reason when no worker can run.
async fn in_worker(
    bytes: Uint8Array,
    task: &Task,
    on_progress: impl Fn(Stage, u32) + 'static,
    on_job: impl FnOnce(Rc<Job>),
) -> Result<Exchange, String> {
    let task_json = match serde_json::to_string(task) {
        Ok(json) => json,
        Err(e) => return Ok(Exchange::Failed(ImportError::Unreadable(e.to_string()))),
    };
    let _in_flight = InFlight::start();
    let (worker, has_reader) = take_worker().map_err(|error| describe(&error))?;
    // Every message of this task carries its id: nothing from another
    // task (a kept worker's earlier one) is taken for this one's.
    let task_id = TASK_IDS.with(|n| {
        n.set(n.get().wrapping_add(1));
        n.get()
    });
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
            let kind = field(&data, "kind").as_string();
            // A warm worker's "ready" (or its "unavailable": the task
            // then says so too) and any other task's messages are not
            // this task's.
            if field(&data, "id").as_f64() != Some(f64::from(task_id)) {
                return;
            }
            match kind.as_deref() {
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
    let stopped = Rc::new(RefCell::new(None));
    let job = Rc::new(Job {
        worker: RefCell::new(Some(worker.clone())),
        finish: finish.clone(),
        stopped: stopped.clone(),
        _on_message: on_message,
        _on_error: on_error,
    });
    on_job(job.clone());

    // A new worker's script loads while the reader compiles (the first
    // time on this page); the job can be stopped meanwhile. A warm worker
    // has the reader already.
    let module = if has_reader {
        JsValue::UNDEFINED
    } else {
        let module = JsFuture::from(reader_module()).await;
        if let Some(why) = stopped.borrow_mut().take() {
            worker.terminate();
            prepare_later();
            return Ok(Exchange::Stopped(why));
        }
        match module {
            Ok(module) => module,
            Err(error) => {
                worker.terminate();
                let why = ImportError::ReaderUnavailable(describe(&error));
                return Ok(Exchange::Failed(why));
            }
        }
    };
    // The worker gets its own copy of the bytes, transferred: the caller's
    // buffer stays usable, and nothing is copied twice. A few MB per task
    // (30 MB at once took 40 ms of one).
    let total = bytes.length();
    let copy = Uint8Array::new_with_length(total);
    let mut at = 0;
    while at < total {
        let end = at.saturating_add(COPY_BYTES).min(total);
        copy.set(&bytes.subarray(at, end), at);
        at = end;
        if at < total {
            yield_now().await;
            if let Some(why) = stopped.borrow_mut().take() {
                worker.terminate();
                prepare_later();
                return Ok(Exchange::Stopped(why));
            }
        }
    }
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
    let request_message = Object::new();
    let posted = Reflect::set(&request_message, &"module".into(), &module)
        .and_then(|_| Reflect::set(&request_message, &"id".into(), &task_id.into()))
        .and_then(|_| Reflect::set(&request_message, &"bytes".into(), &copy))
        .and_then(|_| Reflect::set(&request_message, &"task".into(), &task_json.into()))
        .and_then(|_| {
            worker.post_message_with_transfer(&request_message, &js_sys::Array::of1(&copy.buffer()))
        });
    if let Err(error) = posted {
        worker.terminate();
        return Err(describe(&error));
    }
    let _ = JsFuture::from(done).await;
    if let (Some(window), Some(id)) = (web_sys::window(), timeout) {
        window.clear_timeout_with_handle(id);
    }
    let answer = reply.borrow().clone();
    let replied = field(&answer, "kind").as_string().as_deref() == Some("done");
    let memory = field(&answer, "memory").as_f64();
    let kept = stopped.borrow().is_none()
        && replied
        && memory.is_some_and(|bytes| bytes <= KEEP_WARM_MAX_MEMORY);
    if kept {
        // A Cancel while the page decodes the reply no longer ends it.
        job.worker.borrow_mut().take();
        keep_warm(worker, true);
    } else if replied {
        // Grown large: let go in a task of its own, which does nothing
        // after it (see `RELEASE_MS_PER_MB`).
        terminate_apart(worker);
        prepare_later();
    } else {
        // Trapped, timed out or stopped (Job::stop terminated it already):
        // never used again.
        worker.terminate();
        prepare_later();
    }
    if let Some(why) = stopped.borrow_mut().take() {
        return Ok(Exchange::Stopped(why));
    }
    // Decoding is the page's first step with the result: its own tasks,
    // once the let-go worker's memory is given back (see `RELEASE_MS_PER_MB`).
    match memory.filter(|_| replied && !kept) {
        Some(bytes) => pause(release_wait_ms(bytes)).await,
        None => yield_now().await,
    }
    if let Some(why) = stopped.borrow_mut().take() {
        return Ok(Exchange::Stopped(why));
    }
    let detail = field(&answer, "message").as_string().unwrap_or_default();
    Ok(match field(&answer, "kind").as_string().as_deref() {
        Some("done") => match field(&answer, "reply").dyn_ref::<Uint8Array>() {
            Some(reply) => Exchange::Reply(reply.clone(), stopped),
            None => Exchange::Failed(ImportError::ReaderCrashed(String::new())),
        },
        Some("unavailable") => return Err(detail),
        Some("timeout") => Exchange::Failed(ImportError::ReaderTimedOut),
        // A trap ("unreachable", out of memory) says nothing a planner can
        // use: the message says the reader stopped on this file.
        _ => Exchange::Failed(ImportError::ReaderCrashed(String::new())),
    })
}

/// Decodes the worker's reply one part per task (`wire::slice_units`
/// units, or `wire::SLICE_ROWS` of the report's rows), so the page stays
/// responsive on large plans. Each part is copied out of the JS buffer as
/// it is decoded: the whole reply never sits in wasm memory (it only
/// grows), nor is it copied in one long task. `Err` with why when the
/// import is stopped between two parts.
async fn decode_in_slices(
    reply: Uint8Array,
    stopped: &RefCell<Option<ImportError>>,
) -> Result<Result<Imported, ImportError>, ImportError> {
    let total = reply.length() as usize;
    let mut at: usize = 0;
    let mut buffer = Vec::new();
    let mut next_part = |buffer: &mut Vec<u8>| -> Result<(), ImportError> {
        // A prefix cut short is refused by `part_range` (it does not fit).
        let mut len = [0u8; 4];
        if let Some(end) = at.checked_add(4).filter(|&end| end <= total) {
            reply.subarray(at as u32, end as u32).copy_to(&mut len);
        }
        let range = import::wire::part_range(len, &mut at, total)?;
        buffer.clear();
        buffer.resize(range.len(), 0);
        reply
            .subarray(range.start as u32, range.end as u32)
            .copy_to(buffer);
        Ok(())
    };
    if let Err(e) = next_part(&mut buffer) {
        return Ok(Err(e));
    }
    let mut decoder = match import::wire::Decoder::new(&buffer) {
        Ok(decoder) => decoder,
        Err(e) => return Ok(Err(e)),
    };
    while !decoder.complete() {
        yield_now().await;
        if let Some(why) = stopped.borrow().clone() {
            return Err(why);
        }
        let taken = next_part(&mut buffer).and_then(|()| decoder.take(&buffer));
        if let Err(e) = taken {
            return Ok(Err(e));
        }
    }
    if at != total {
        return Ok(Err(ImportError::ReaderCrashed(
            "reply: trailing bytes".to_string(),
        )));
    }
    // The tree's index (`Plan::reindex`, two passes at a million units) in
    // a task of its own.
    yield_now().await;
    if let Some(why) = stopped.borrow().clone() {
        return Err(why);
    }
    Ok(decoder.finish())
}

/// Lets the browser run other tasks (paint, input) before going on: the
/// rest runs in a task of its own, queued by `scheduler.postTask` where the
/// browser has it, else by a `MessageChannel` message. Not `setTimeout(0)`:
/// from the fifth nested timer on, browsers wait at least 4 ms, so a chain
/// of slices waited more than it worked (30 yields in Chromium 156: 106–110
/// ms by timers, 0.4–9 ms these ways).
pub async fn yield_now() {
    let promise = Promise::new(&mut |resolve, _| {
        if !post_task(&resolve) && !post_message(&resolve) {
            call_after(&resolve, 0);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Resolves after `ms` milliseconds (a timer; at once where there is no
/// window).
async fn pause(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| call_after(&resolve, ms));
    let _ = JsFuture::from(promise).await;
}

/// Calls `f` from a timer after `ms` milliseconds, or at once where no
/// timer can be set (no window).
fn call_after(f: &Function, ms: i32) {
    let queued = web_sys::window().is_some_and(|w| {
        w.set_timeout_with_callback_and_timeout_and_arguments_0(f, ms)
            .is_ok()
    });
    if !queued {
        let _ = f.call0(&JsValue::NULL);
    }
}

/// `scheduler.postTask(resolve)`; false where there is no such API.
fn post_task(resolve: &Function) -> bool {
    let Ok(scheduler) = Reflect::get(&js_sys::global(), &"scheduler".into()) else {
        return false;
    };
    if !scheduler.is_object() {
        return false;
    }
    match Reflect::get(&scheduler, &"postTask".into()) {
        Ok(post) => post
            .dyn_ref::<Function>()
            .is_some_and(|post| post.call1(&scheduler, resolve).is_ok()),
        Err(_) => false,
    }
}

/// Resolves from a message sent to itself on a new channel (closed once
/// it has arrived); false where that cannot be made.
fn post_message(resolve: &Function) -> bool {
    let Ok(channel) = web_sys::MessageChannel::new() else {
        return false;
    };
    let port = channel.port1();
    let resolve = resolve.clone();
    let on_message = Closure::once_into_js(move || {
        port.close();
        let _ = resolve.call0(&JsValue::NULL);
    });
    channel
        .port1()
        .set_onmessage(Some(on_message.unchecked_ref()));
    channel.port2().post_message(&JsValue::NULL).is_ok()
}

/// The task on the page, where no worker can run: the same reader and
/// limits, in its own instance (an abort there is a rejected promise, and
/// the planner's module is untouched), without the page staying responsive.
async fn on_page(bytes: &Uint8Array, task: &Task) -> Result<Uint8Array, ImportError> {
    let task = serde_json::to_string(task).map_err(|e| ImportError::Unreadable(e.to_string()))?;
    JsFuture::from(reader_module())
        .await
        .map_err(|error| ImportError::ReaderUnavailable(describe(&error)))?;
    let reply = JsFuture::from(read_on_page(bytes, &task))
        .await
        .map_err(|_| ImportError::ReaderCrashed(String::new()))?;
    reply
        .dyn_into::<Uint8Array>()
        .map_err(|_| ImportError::ReaderCrashed(String::new()))
}

fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "Worker".to_string())
}
