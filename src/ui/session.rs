//! One mounted planner: the core façade in a signal, plus the JS listeners.
//! Every edit, from the UI or from the JS API, goes through `Session::edit`
//! so that the view repaints and `"change"` fires exactly once per edit.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::autosave::{self, Shared};
use super::grid::Baseline;
use super::store::ViewState;
use crate::core::boundary::StateError;
use crate::core::error::ImportError;
use crate::core::export::planfile;
use crate::core::i18n::{self, Locale};
use crate::core::import::{Corrections, ImportReport, Request, RequestSource, Stage};
use crate::core::model::PlannerModel;
use crate::core::plan::Plan;
use crate::core::view::{ReportView, TotalsView};

/// What the open plan was read from: the bytes (kept as a JS array, out of
/// wasm memory) and what was asked of them, to switch sheets and apply
/// layout corrections without asking for the file again.
#[derive(Clone, Debug)]
struct Source {
    bytes: js_sys::Uint8Array,
    source: RequestSource,
}

/// An import under way, for the progress bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Importing {
    /// The file's name (or "pasted cells").
    pub name: String,
    /// `None` until the worker reports; the page's last step after `Plan`
    /// is shown as finishing.
    pub stage: Option<Stage>,
    pub percent: u32,
    /// Shown only once the import has taken 300 ms.
    pub visible: bool,
}

/// A message shown above the table (file opened, file refused).
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    Info(String),
    Error(String),
    /// Opened, but something needs the planner's decision in the layout
    /// panel (a column of numbers not understood).
    Decision(String),
}

/// Most events delivered in one go. Listeners that keep changing the plan
/// in reaction to their own changes are stopped here, with an `error`.
const MAX_EVENTS: u32 = 100;

/// Whether listeners are being called (see `Session::emit`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Delivery {
    Idle,
    Busy,
    /// Stopped after `MAX_EVENTS`: later events of this round are dropped.
    Halted,
}

/// A JS callback registered with `on(event, callback)`.
struct Listener {
    id: u32,
    event: String,
    callback: js_sys::Function,
}

/// Shared state of one planner.
#[derive(Clone, Copy)]
pub struct Session {
    pub model: RwSignal<PlannerModel, LocalStorage>,
    pub locale: RwSignal<Locale>,
    /// Bumped when a new plan replaces the old one, so rows are rebuilt.
    pub generation: RwSignal<u64>,
    /// No grid is shown while a new plan is put in (see `import`): the old
    /// grid goes in one task, the new one comes in another.
    pub grid_paused: RwSignal<bool>,
    pub notice: RwSignal<Option<Notice>>,
    /// Whether the layout panel is open (the notice opens it when the file
    /// needs a decision).
    pub layout_open: RwSignal<bool>,
    /// Where the open plan came from.
    source: StoredValue<Option<Source>, LocalStorage>,
    /// The import under way, if any (the progress bar and the busy
    /// overlay show while it is `Some`).
    pub importing: RwSignal<Option<Importing>>,
    /// The running import's job (to cancel it) and its number: only the
    /// newest load may land.
    import_job: StoredValue<Option<Rc<super::isolate::Job>>, LocalStorage>,
    import_seq: StoredValue<u64>,
    /// The planner's corrections to the inferred layout of that source.
    corrections: StoredValue<Corrections, LocalStorage>,
    // Arena-stored so that a `Session` is `Copy` and can sit in any view
    // closure; JS functions never leave this thread anyway.
    listeners: StoredValue<Vec<Listener>, LocalStorage>,
    next_listener: StoredValue<u32>,
    /// Events raised while listeners run: delivered after the current one.
    pending: StoredValue<VecDeque<(String, JsValue)>, LocalStorage>,
    delivery: StoredValue<Delivery>,
    /// Mounted with `readOnly`: the view offers no edit, open or paste.
    pub read_only: StoredValue<bool>,
    /// The grid's current cell, range and scroll, kept for autosave.
    pub view: StoredValue<ViewState>,
    /// Where the next grid starts (a restored draft's view).
    pub restore_view: StoredValue<Option<ViewState>>,
    /// Autosave, when this planner has it.
    pub autosave: StoredValue<Option<Shared>, LocalStorage>,
    /// Bumped when the stored drafts change, so their list reloads.
    pub drafts_changed: RwSignal<u64>,
    /// What the open plan showed when its first grid was built, for the
    /// "changed since opened" marks: a grid built again for the same plan
    /// (after a cancelled import) keeps the marks. Dropped when a new plan
    /// comes in (`new_generation`) and on release.
    pub(super) opened: StoredValue<Option<Rc<Baseline>>, LocalStorage>,
}

impl Session {
    pub fn new(model: PlannerModel, locale: Locale) -> Session {
        Session {
            model: RwSignal::new_local(model),
            locale: RwSignal::new(locale),
            generation: RwSignal::new(0),
            grid_paused: RwSignal::new(false),
            notice: RwSignal::new(None),
            layout_open: RwSignal::new(false),
            source: StoredValue::new_local(None),
            importing: RwSignal::new(None),
            import_job: StoredValue::new_local(None),
            import_seq: StoredValue::new(0),
            corrections: StoredValue::new_local(Corrections::default()),
            listeners: StoredValue::new_local(Vec::new()),
            next_listener: StoredValue::new(0),
            pending: StoredValue::new_local(VecDeque::new()),
            delivery: StoredValue::new(Delivery::Idle),
            read_only: StoredValue::new(false),
            view: StoredValue::new(ViewState::default()),
            restore_view: StoredValue::new(None),
            autosave: StoredValue::new_local(None),
            drafts_changed: RwSignal::new(0),
            opened: StoredValue::new_local(None),
        }
    }

    /// Whether the view may offer edits, opening files and pasting.
    pub fn writable(&self) -> bool {
        !self.read_only.try_get_value().unwrap_or(true)
    }

    /// A new plan is in: rows are rebuilt, and the changed marks start
    /// from it.
    fn new_generation(&self) {
        self.opened.set_value(None);
        self.generation.update(|g| *g += 1);
    }

    /// Changes the model without repainting (autosave's journal).
    pub fn edit_untracked<R>(&self, f: impl FnOnce(&mut PlannerModel) -> R) -> Option<R> {
        self.model.try_update_untracked(f)
    }

    /// Puts another plan in place (a reopened plan file or draft).
    pub fn replace_model(&self, model: PlannerModel) {
        autosave::cancel_snapshot(*self);
        if let Some(old) = self.model.try_update(|m| std::mem::replace(m, model)) {
            retire(old);
        }
        self.new_generation();
        self.emit_change();
    }

    /// Opens a plan file (see `core::export::planfile`). On refusal the
    /// open plan stays as it was and the notice says why.
    pub fn open_plan_file(&self, bytes: &[u8], file_name: &str) -> Result<(), String> {
        let locale = self.locale.get_untracked();
        let loaded = std::str::from_utf8(bytes)
            .map_err(|e| planfile::PlanFileError::Damaged(e.to_string()))
            .and_then(planfile::load);
        match loaded {
            Ok(model) => {
                let units = model.plan().units.len();
                self.before_replace();
                self.source.set_value(None);
                self.corrections.set_value(Corrections::default());
                self.replace_model(model);
                self.notice
                    .set(Some(Notice::Info(i18n::planfile::opened_plan(
                        file_name, units, locale,
                    ))));
                self.new_draft(file_name.to_string());
                Ok(())
            }
            Err(error) => {
                let message = error.message(locale);
                self.notice.set(Some(Notice::Error(message.clone())));
                self.emit("error", &js_sys::Error::new(&message).into());
                Err(message)
            }
        }
    }

    /// The steps not yet stored belong to the plan being replaced.
    fn before_replace(&self) {
        if self.autosave.with_value(Option::is_some) {
            // An IndexedDB transaction (~10 ms): only when there is
            // something to write.
            if autosave::pending(*self) {
                autosave::flush(*self);
            }
            // A snapshot under way was writing the plan being replaced.
            autosave::cancel_snapshot(*self);
        }
    }

    /// A newly opened plan becomes a new draft (the old one stays stored).
    fn new_draft(&self, name: String) {
        if self.autosave.with_value(Option::is_some) {
            let session = *self;
            leptos::task::spawn_local(autosave::new_draft(session, name));
        }
    }

    /// The same draft, re-read (another sheet, a layout correction).
    fn resnapshot(&self) {
        if self.autosave.with_value(Option::is_some) {
            self.edit_untracked(PlannerModel::start_journal);
            autosave::snapshot(*self);
        }
    }

    /// The grid's view moved: stored with the next write.
    pub fn view_moved(&self, view: ViewState) {
        if self.view.get_value() != view {
            self.view.set_value(view);
            autosave::schedule(*self, false);
        }
    }

    /// Runs an edit on the model; repaints and fires `"change"` when it
    /// reports that something changed. `None` once the planner is destroyed.
    /// A read-only planner takes no edit at all (`None`), whichever part of
    /// the view asks.
    pub fn edit<R: Changed>(&self, f: impl FnOnce(&mut PlannerModel) -> R) -> Option<R> {
        if !self.writable() {
            return None;
        }
        let mut result = None;
        self.model.try_update(|model| result = Some(f(model)));
        let result = result?;
        if result.changed() {
            self.emit_change();
            autosave::schedule(*self, true);
        }
        Some(result)
    }

    /// Stops the import under way, if any; its load ends with `why`.
    pub fn stop_import(&self, why: ImportError) {
        let job = self.import_job.try_update_value(Option::take).flatten();
        if let Some(job) = job {
            job.stop(why);
        }
    }

    /// The one import path: a picked, dropped, pasted or API-given file,
    /// another sheet of it, or a layout correction, read in the import
    /// worker (see `isolate`). The newest call wins: starting one stops the
    /// one under way, whose call then fails with `Superseded`. On any
    /// refusal the open plan stays as it was. `fresh` starts a new draft;
    /// otherwise the same draft is re-read.
    pub async fn import(
        self,
        bytes: js_sys::Uint8Array,
        request: Request,
        fresh: bool,
    ) -> Result<ReportView, String> {
        let locale = self.locale.try_get_untracked().unwrap_or_default();
        let Some(seq) = self.import_seq.try_update_value(|s| {
            *s += 1;
            *s
        }) else {
            return Err(ImportError::PlannerDestroyed.message(locale));
        };
        self.stop_import(ImportError::Superseded);
        let name = match &request.source {
            RequestSource::File { name, .. } => name.clone(),
            RequestSource::Paste => i18n::texts(locale).pasted_cells.to_string(),
        };
        let current = move || self.import_seq.try_get_value() == Some(seq);
        self.importing.try_set(Some(Importing {
            name,
            stage: None,
            percent: 0,
            visible: false,
        }));
        let importing = self.importing;
        gloo::timers::callback::Timeout::new(300, move || {
            if current() {
                importing.try_update(|i| {
                    if let Some(i) = i {
                        i.visible = true;
                    }
                });
            }
        })
        .forget();
        let on_progress = move |stage: Stage, percent: u32| {
            if current() {
                importing.try_update(|i| {
                    if let Some(i) = i {
                        i.stage = Some(stage);
                        i.percent = percent;
                    }
                });
            }
        };
        let jobs = self.import_job;
        let job: Rc<RefCell<Option<Rc<super::isolate::Job>>>> = Rc::default();
        let outcome = super::isolate::run(bytes.clone(), request.clone(), on_progress, |j| {
            *job.borrow_mut() = Some(j.clone());
            jobs.try_set_value(Some(j));
        })
        .await;
        // Why the import must stop now, if it must: a newer load, Cancel,
        // or the planner going away, between two of the page's tasks.
        let interrupted = || {
            if !current() {
                return Some(ImportError::Superseded);
            }
            job.borrow().as_ref().and_then(|j| j.stopped())
        };
        let (result, note) = match outcome {
            super::isolate::Outcome::Done(result) => (result, None),
            super::isolate::Outcome::OnPage(result, reason) => (result, Some(reason)),
            super::isolate::Outcome::Stopped(why) => {
                return Err(self.import_stopped(why, current()))
            }
        };
        if let Some(why) = interrupted() {
            return Err(self.import_stopped(why, current()));
        }
        // Let the page paint the finished bar before the new plan replaces
        // the old one (a separate task).
        self.importing.try_update(|i| {
            if let Some(i) = i {
                i.stage = None;
                i.percent = 100;
            }
        });
        super::isolate::yield_now().await;
        if let Some(why) = interrupted() {
            return Err(self.import_stopped(why, current()));
        }
        // The new model (allocation, schedule) over tasks of its own: the
        // next one swaps it in and builds the view.
        let result = match result {
            Ok(imported) => {
                let (report, text) = Opened::texts(&imported.report, locale);
                let mut build = PlannerModel::build(imported.plan, Some(imported.report));
                loop {
                    let ready = build.step();
                    super::isolate::yield_now().await;
                    if let Some(why) = interrupted() {
                        return Err(self.import_stopped(why, current()));
                    }
                    if ready {
                        break;
                    }
                }
                let model = build.finish();
                // The baseline of the changed marks: its figures in a task,
                // then its names a quarter of a million units per task.
                let mut baseline = Baseline::figures(&model);
                super::isolate::yield_now().await;
                if let Some(why) = interrupted() {
                    return Err(self.import_stopped(why, current()));
                }
                loop {
                    let complete = baseline.add_names(&model, BASELINE_NAMES);
                    super::isolate::yield_now().await;
                    if let Some(why) = interrupted() {
                        return Err(self.import_stopped(why, current()));
                    }
                    if complete {
                        break;
                    }
                }
                Ok(Opened {
                    report,
                    text,
                    model,
                    baseline: Rc::new(baseline),
                })
            }
            Err(e) => Err(e),
        };
        super::isolate::yield_now().await;
        if let Some(why) = interrupted() {
            return Err(self.import_stopped(why, current()));
        }
        // The new plan goes in over three tasks, each well under 50 ms on
        // 100k units: the old grid goes (and the steps not yet stored are
        // written), then the model is swapped in, then the new grid is
        // built. Cancel still works during the first.
        if result.is_ok() {
            let view = self.view.get_value();
            self.before_replace();
            self.grid_paused.try_set(true);
            super::isolate::yield_now().await;
            if let Some(why) = interrupted() {
                self.restore_view.try_set_value(Some(view));
                self.grid_paused.try_set(false);
                return Err(self.import_stopped(why, current()));
            }
        }
        // Past this point the new plan replaces the old one.
        self.import_job.try_set_value(None);
        let opened = self.finish_open(result, note.as_deref());
        if opened.is_ok() {
            let name = opened
                .as_ref()
                .map(|r| r.file_name.clone())
                .unwrap_or_default();
            self.source.try_set_value(Some(Source {
                bytes,
                source: request.source.clone(),
            }));
            self.corrections.try_set_value(request.corrections);
            if fresh {
                let name = match request.source {
                    RequestSource::Paste => i18n::texts(locale).pasted_cells.to_string(),
                    RequestSource::File { .. } => name,
                };
                self.new_draft(name);
            } else {
                self.resnapshot();
            }
        }
        // The new grid, in a task of its own.
        if self.grid_paused.try_get_untracked() == Some(true) {
            super::isolate::yield_now().await;
            self.grid_paused.try_set(false);
        }
        self.importing.try_set(None);
        // The caller's value (`load()`'s report, a million source rows) in
        // a task after the new grid's.
        if opened.is_ok() {
            super::isolate::yield_now().await;
        }
        opened
    }

    /// An import stopped before its plan was shown: the open plan is as it
    /// was. Cancel (of the newest load) is said in the notice and to the
    /// `error` listeners; the message is the load's rejection.
    fn import_stopped(&self, why: ImportError, current: bool) -> String {
        let locale = self.locale.try_get_untracked().unwrap_or_default();
        let message = why.message(locale);
        if why == ImportError::Cancelled && current {
            self.import_job.try_set_value(None);
            self.importing.try_set(None);
            self.notice.try_set(Some(Notice::Info(message.clone())));
            self.emit("error", &js_sys::Error::new(&message).into());
        }
        message
    }

    /// Opens a picked, dropped or API-given file: a plan file directly, any
    /// other through `import`. `None` for a plan file.
    pub async fn open_file_checked(
        self,
        bytes: js_sys::Uint8Array,
        file_name: String,
    ) -> Result<Option<ReportView>, String> {
        // Told by content, before any spreadsheet reader sees it.
        let head = bytes.subarray(0, bytes.length().min(256)).to_vec();
        if planfile::looks_like_plan_file(&head) {
            return self
                .open_plan_file(&bytes.to_vec(), &file_name)
                .map(|()| None);
        }
        let request = Request {
            source: RequestSource::File {
                name: file_name,
                sheet: None,
            },
            corrections: Corrections::default(),
        };
        self.import(bytes, request, true).await.map(Some)
    }

    /// Opens cells pasted from a spreadsheet as a new plan.
    pub async fn open_paste(self, text: String) -> Result<ReportView, String> {
        let bytes = js_sys::Uint8Array::from(text.as_bytes());
        let request = Request {
            source: RequestSource::Paste,
            corrections: Corrections::default(),
        };
        self.import(bytes, request, true).await
    }

    /// Re-reads the open workbook from another sheet.
    pub async fn switch_sheet(self, sheet: String) -> Result<ReportView, String> {
        let Some(Source { bytes, source }) = self.source.try_get_value().flatten() else {
            return Err(String::new());
        };
        let RequestSource::File { name, .. } = source else {
            return Err(String::new());
        };
        let request = Request {
            source: RequestSource::File {
                name,
                sheet: Some(sheet),
            },
            corrections: Corrections::default(),
        };
        self.import(bytes, request, false).await
    }

    /// Whether the open plan came from a file or a paste (not the sample),
    /// so its layout can be corrected.
    pub fn has_source(&self) -> bool {
        self.source.with_value(Option::is_some)
    }

    pub fn corrections(&self) -> Corrections {
        self.corrections.get_value()
    }

    /// Applies a correction of the inferred layout: the same source is read
    /// again with every correction so far. A refused correction changes
    /// nothing.
    pub async fn correct(
        self,
        change: impl FnOnce(&mut Corrections),
    ) -> Result<ReportView, String> {
        let mut corrections = self.corrections.get_value();
        change(&mut corrections);
        let Some(Source { bytes, source }) = self.source.try_get_value().flatten() else {
            return Err(String::new());
        };
        let request = Request {
            source,
            corrections,
        };
        self.import(bytes, request, false).await
    }

    fn finish_open(
        &self,
        result: Result<Opened, ImportError>,
        note: Option<&str>,
    ) -> Result<ReportView, String> {
        let locale = self.locale.get_untracked();
        let note = note.map(|reason| i18n::import_progress::read_on_page(reason, locale));
        let noted = |text: String| match &note {
            Some(note) => format!("{text} {note}"),
            None => text,
        };
        match result {
            Ok(Opened {
                mut report,
                text,
                model,
                baseline,
            }) => {
                let text = noted(text);
                // The steps not yet stored were written by `import` (and
                // an edit since then is flushed here).
                self.before_replace();
                if let Some(old) = self.model.try_update(|m| std::mem::replace(m, model)) {
                    retire(old);
                }
                self.new_generation();
                self.opened.set_value(Some(baseline));
                let pending = report.warnings.iter().any(|w| w.code == "unknown-column");
                self.layout_open.set(pending);
                self.notice.set(Some(if pending {
                    Notice::Decision(text)
                } else {
                    Notice::Info(text)
                }));
                if self.listens("load") {
                    self.emit("load", &crate::web::value::report_to_js(&mut report));
                }
                self.emit_change();
                Ok(report)
            }
            Err(error) => {
                let message = noted(error.message(locale));
                self.notice.set(Some(Notice::Error(message.clone())));
                self.emit("error", &js_sys::Error::new(&message).into());
                Err(message)
            }
        }
    }

    /// Reads the model without subscribing.
    pub fn read<R>(&self, f: impl FnOnce(&PlannerModel) -> R) -> Option<R> {
        self.model.try_with_untracked(f)
    }

    pub fn subscribe(&self, event: &str, callback: js_sys::Function) -> u32 {
        let id = self.next_listener.get_value() + 1;
        self.next_listener.set_value(id);
        self.listeners.update_value(|l| {
            l.push(Listener {
                id,
                event: event.to_string(),
                callback,
            })
        });
        id
    }

    pub fn unsubscribe(&self, id: u32) {
        self.listeners.update_value(|l| l.retain(|l| l.id != id));
    }

    pub fn clear_listeners(&self) {
        self.listeners.update_value(|l| *l = Vec::new());
    }

    /// Tells the listeners of `event`, after the model is released. An
    /// event raised while listeners run (a listener edited the plan) waits
    /// until the current one has reached every listener, so a listener may
    /// call any method without recursion; after `MAX_EVENTS` in one go the
    /// rest are dropped and the `error` listeners are told once.
    pub fn emit(&self, event: &str, payload: &JsValue) {
        match self.delivery.try_get_value() {
            Some(Delivery::Idle) => {}
            Some(Delivery::Busy) => {
                self.pending
                    .update_value(|q| q.push_back((event.to_string(), payload.clone())));
                return;
            }
            Some(Delivery::Halted) | None => return,
        }
        self.delivery.set_value(Delivery::Busy);
        self.pending
            .update_value(|q| q.push_back((event.to_string(), payload.clone())));
        let mut delivered = 0;
        while let Some((event, payload)) =
            self.pending.try_update_value(VecDeque::pop_front).flatten()
        {
            if delivered == MAX_EVENTS {
                self.delivery.set_value(Delivery::Halted);
                self.pending.update_value(VecDeque::clear);
                let locale = self.locale.get_untracked();
                let message = StateError::ListenerLoop(MAX_EVENTS).message(locale);
                self.call_listeners("error", &js_sys::Error::new(&message).into());
                self.pending.update_value(VecDeque::clear);
                break;
            }
            delivered += 1;
            self.call_listeners(&event, &payload);
        }
        self.delivery.set_value(Delivery::Idle);
    }

    /// Whether listeners are being called now (a call from one of them).
    pub fn delivering(&self) -> bool {
        self.delivery.try_get_value() != Some(Delivery::Idle)
    }

    /// Whether anything listens to `event` (to skip building a payload).
    fn listens(&self, event: &str) -> bool {
        self.listeners
            .try_with_value(|l| l.iter().any(|l| l.event == event))
            .unwrap_or(false)
    }

    /// Calls every listener of `event` with `payload`. Listeners are cloned
    /// first so a callback may (un)subscribe without a borrow conflict.
    fn call_listeners(&self, event: &str, payload: &JsValue) {
        let callbacks: Vec<js_sys::Function> = self
            .listeners
            .try_with_value(|listeners| {
                listeners
                    .iter()
                    .filter(|l| l.event == event)
                    .map(|l| l.callback.clone())
                    .collect()
            })
            .unwrap_or_default();
        for callback in callbacks {
            if let Err(error) = callback.call1(&JsValue::NULL, payload) {
                web_sys::console::error_2(
                    &JsValue::from_str("quotaPlanner listener failed:"),
                    &error,
                );
            }
        }
    }

    /// Frees what a destroyed planner held: its last autosave steps are
    /// written, then the plan (replaced by an empty one, undo history and
    /// all), its changed-marks baseline, its source file and its listeners
    /// are dropped (a session's stored values outlive the planner's view).
    pub fn release(&self) {
        autosave::stop(*self);
        self.clear_listeners();
        self.pending.update_value(VecDeque::clear);
        self.opened.set_value(None);
        self.source.set_value(None);
        self.corrections.set_value(Corrections::default());
        self.edit_untracked(|m| *m = PlannerModel::new(Plan::new("", Vec::new())));
    }

    fn emit_change(&self) {
        // The totals walk every unit: not on each keystroke for nobody.
        if !self.listens("change") {
            return;
        }
        let totals = self.read(|m| {
            let t = m.totals();
            TotalsView {
                base: t.base,
                excluded: t.excluded,
                eligible: t.eligible,
                target: t.target,
            }
        });
        if let Some(totals) = totals {
            let payload = crate::web::value::to_js(&serde_json::json!({ "totals": totals }));
            self.emit("change", &payload);
        }
    }
}

/// Units of a replaced model freed per task (see `retire`).
const FREE_UNITS: usize = 100_000;

/// Frees a replaced model in later tasks, `FREE_UNITS` at a time: a
/// million units' names take 50–70 ms to free in one go.
fn retire(mut old: PlannerModel) {
    leptos::task::spawn_local(async move {
        loop {
            super::isolate::yield_now().await;
            if old.free_some(FREE_UNITS) {
                break;
            }
        }
        super::isolate::yield_now().await;
        drop(old);
    });
}

/// A read file made ready to show, off the task that shows it: the model
/// (allocation, schedule), the report as the JS API gives it and the
/// notice's text. The report is not copied (a million units' rows).
struct Opened {
    report: ReportView,
    text: String,
    model: PlannerModel,
    /// What the "changed since opened" marks compare with, taken before
    /// the swap (the new grid would take it in its first task).
    baseline: Rc<Baseline>,
}

/// Units whose names go into the baseline per task.
const BASELINE_NAMES: usize = 250_000;

impl Opened {
    /// The report as the JS API gives it, and the notice's text.
    fn texts(import: &ImportReport, locale: Locale) -> (ReportView, String) {
        let report = ReportView::of(import, locale);
        let name = if import.format == "paste" {
            i18n::texts(locale).pasted_cells.to_string()
        } else {
            import.file_name.clone()
        };
        let text = i18n::opened(&name, import, report.warnings.len(), locale);
        (report, text)
    }
}

/// Whether an edit's result means the plan changed.
pub trait Changed {
    fn changed(&self) -> bool;
}

impl Changed for bool {
    fn changed(&self) -> bool {
        *self
    }
}

/// A count of units changed (e.g. "derive").
impl Changed for usize {
    fn changed(&self) -> bool {
        *self > 0
    }
}

impl Changed for () {
    fn changed(&self) -> bool {
        true
    }
}

impl<T: Changed, E> Changed for Result<T, E> {
    fn changed(&self) -> bool {
        self.as_ref().is_ok_and(Changed::changed)
    }
}
