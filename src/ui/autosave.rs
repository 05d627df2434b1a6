//! Autosave and drafts: every change is stored in IndexedDB within a second,
//! off the typing path.
//!
//! A draft is a snapshot (the plan file with its undo history, written when
//! a plan is opened and compacted now and then) plus a journal of the steps
//! made since (`PlannerModel::take_journal`). An edit is stored by appending
//! its steps, a few hundred bytes, however large the plan: serialising
//! 100,000 units happens only when a snapshot is written (opening a file,
//! or after `COMPACT_AFTER` steps once the planner pauses). Restoring reads
//! the snapshot and replays the journal.
//!
//! Each draft is held by one tab at a time (Web Locks API): a second tab
//! that opens it is told and works on a copy. When storage is refused the
//! planner is told once, can still save a plan file, and is asked before
//! leaving with work that was not stored.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use js_sys::{Function, Object, Promise, Reflect};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::session::{Notice, Session};
use super::store::{self, DraftMeta, Pending, Store, ViewState};
use crate::core::export::planfile;
use crate::core::i18n::planfile::{self as words, texts};
use crate::core::model::{PlannerModel, Step};

/// Delay between an edit and its write (edits in between share the write).
const DEBOUNCE_MS: u32 = 300;
/// Journal steps after which a new snapshot is written…
const COMPACT_AFTER: usize = 100;
/// …once the planner has paused this long.
const COMPACT_IDLE_MS: u32 = 3_000;

/// The autosave of one planner.
pub struct Autosave {
    /// The planner's key: its drafts are listed and restored under it.
    pub key: String,
    store: Option<Store>,
    pub draft: Option<DraftMeta>,
    seq: u64,
    /// Steps stored in the journal since the last snapshot.
    journaled: usize,
    timer: Option<Timeout>,
    idle: Option<Timeout>,
    /// Storage refused: told once, nothing more is tried.
    pub failed: bool,
    /// Edits that were neither stored nor saved to a file.
    pub unsaved: bool,
    release: Option<Function>,
    /// Main-thread milliseconds of each journal write (for the benchmark).
    pub timings: Vec<f64>,
    /// Main-thread milliseconds of each snapshot's longest task.
    pub snapshot_timings: Vec<f64>,
    /// Main-thread milliseconds of each snapshot's final write.
    pub snapshot_writes: Vec<f64>,
    /// Counts snapshots started: a newer one supersedes an unfinished one.
    snapshot_run: u64,
}

pub type Shared = Rc<RefCell<Autosave>>;

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_default()
}

fn new_id() -> String {
    let random = (js_sys::Math::random() * 1e9) as u64;
    format!("d{}-{random}", js_sys::Date::now() as u64)
}

/// Which stored draft a planner starts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Restore {
    /// This tab's draft (a reload), else the key's last one.
    Last,
    /// Only this tab's draft: a saved offline copy reloaded in its tab
    /// (a first opening starts on the copy's plan).
    ThisTab,
    /// None: the planner was mounted on a plan or a file of its own.
    No,
}

/// Starts autosave for a planner: restores a stored draft as `restore`
/// says (or makes one of the open plan) and records every edit from then
/// on. A new draft of the open plan is made when nothing is restored: a
/// stored draft never replaces what the portal just passed in.
pub async fn start(session: Session, key: String, restore: Restore) {
    let shared: Shared = Rc::new(RefCell::new(Autosave {
        key: key.clone(),
        store: None,
        draft: None,
        seq: 0,
        journaled: 0,
        timer: None,
        idle: None,
        failed: false,
        unsaved: false,
        release: None,
        timings: Vec::new(),
        snapshot_timings: Vec::new(),
        snapshot_run: 0,
        snapshot_writes: Vec::new(),
    }));
    session.autosave.set_value(Some(shared.clone()));
    install_page_listeners(session);
    let store = match Store::open().await {
        Ok(store) => store,
        Err(e) => return fail(session, &e.0),
    };
    shared.borrow_mut().store = Some(store.clone());
    // This tab's own draft first (a reload), else the key's last one.
    let current = match (restore, tab_draft(&key)) {
        (Restore::No, _) => None,
        (_, Some(id)) => Some(id),
        (Restore::ThisTab, None) => None,
        (Restore::Last, None) => store.current(&key).await.ok().flatten(),
    };
    if let Some(id) = current {
        if open_draft(session, &id).await {
            return;
        }
    }
    session.edit_untracked(PlannerModel::start_journal);
    let name = default_name(session);
    new_draft(session, name).await;
}

fn tab_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// The draft this tab worked on (sessionStorage survives a reload but is
/// not shared with other tabs).
fn tab_draft(key: &str) -> Option<String> {
    tab_storage()?
        .get_item(&format!("quota-planner-draft:{key}"))
        .ok()?
}

/// Remembers the draft this tab works on, for this tab and new ones.
fn set_current(session: Session, store: &Store, key: &str, id: &str) {
    if let Some(storage) = tab_storage() {
        let _ = storage.set_item(&format!("quota-planner-draft:{key}"), id);
    }
    watch(session, store.set_current(key, id));
}

fn shared(session: Session) -> Option<Shared> {
    // After a trap nothing is written: the last stored state stays intact.
    if crate::web::guard::stopped() {
        return None;
    }
    session.autosave.try_get_value().flatten()
}

/// The planner is destroyed: its last steps are written, its draft's lock
/// released and its timers dropped.
pub fn stop(session: Session) {
    let Some(shared) = shared(session) else {
        return;
    };
    flush(session);
    release(&shared);
    {
        let mut state = shared.borrow_mut();
        state.timer = None;
        state.idle = None;
    }
    session.autosave.set_value(None);
}

/// A draft's name from the open plan: its source file, else its title.
pub fn default_name(session: Session) -> String {
    session
        .read(|m| {
            m.source_name()
                .map(str::to_string)
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| m.plan().title.clone())
        })
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| texts(session.locale.get_untracked()).untitled.to_string())
}

/// Storage refused: tell the planner once; from now on edits are only
/// marked unsaved.
fn fail(session: Session, detail: &str) {
    web_sys::console::warn_2(&"quotaPlanner autosave:".into(), &detail.into());
    let Some(shared) = shared(session) else {
        return;
    };
    let first = {
        let mut state = shared.borrow_mut();
        let first = !state.failed;
        state.failed = true;
        state.unsaved = true;
        state.timer = None;
        state.idle = None;
        first
    };
    if first {
        let text = texts(session.locale.get_untracked()).storage_failed;
        session.notice.set(Some(Notice::Error(text.to_string())));
        session.drafts_changed.update(|n| *n += 1);
    }
}

/// Waits for a write; a refused one fails autosave.
fn watch(session: Session, pending: Result<Pending, super::store::StoreError>) {
    match pending {
        Ok(pending) => leptos::task::spawn_local(async move {
            if let Err(e) = pending.done().await {
                fail(session, &e.0);
            }
        }),
        Err(e) => fail(session, &e.0),
    }
}

/// Called after every change (and every cursor move or scroll): stores it
/// after `DEBOUNCE_MS`, never on the keystroke itself.
pub fn schedule(session: Session, edited: bool) {
    let Some(shared) = shared(session) else {
        return;
    };
    let mut state = shared.borrow_mut();
    if state.failed {
        state.unsaved |= edited;
        return;
    }
    if state.timer.is_none() && state.draft.is_some() {
        state.timer = Some(Timeout::new(DEBOUNCE_MS, move || flush(session)));
    }
    if edited {
        state.idle = None;
    }
}

/// Whether a write is waiting for its timer (steps or a view not yet
/// stored).
pub fn pending(session: Session) -> bool {
    shared(session).is_some_and(|s| s.borrow().timer.is_some())
}

/// Writes the steps since the last write, and the view state.
pub fn flush(session: Session) {
    let Some(shared) = shared(session) else {
        return;
    };
    let start = now_ms();
    let steps: Vec<Step> = session
        .edit_untracked(PlannerModel::take_journal)
        .unwrap_or_default();
    let mut state = shared.borrow_mut();
    state.timer = None;
    let (Some(store), Some(mut meta)) = (state.store.clone(), state.draft.clone()) else {
        return;
    };
    if state.failed {
        return;
    }
    meta.view = session.view.get_value();
    meta.updated = js_sys::Date::now();
    let json = (!steps.is_empty()).then(|| serde_json::to_string(&steps).unwrap_or_default());
    // Keys sort by time, after any record of an earlier visit.
    state.seq = (state.seq + 1).max(js_sys::Date::now() as u64);
    let seq = state.seq;
    let pending = store.append(&meta, seq, json.as_deref());
    state.journaled += steps.len();
    state.draft = Some(meta);
    state.unsaved = false;
    state.timings.push(now_ms() - start);
    if state.journaled >= COMPACT_AFTER && state.idle.is_none() {
        state.idle = Some(Timeout::new(COMPACT_IDLE_MS, move || snapshot(session)));
    }
    drop(state);
    watch(session, pending);
}

/// Units written per slice of a snapshot, between which the page runs: a
/// plan of 100,000 units is written in 50 short tasks rather than one of
/// about half a second.
const SNAPSHOT_SLICE: usize = 2_000;
/// Text of a snapshot gathered before it becomes a Blob. Each Blob costs
/// the page a round trip to the browser's blob store (a million-unit
/// plan's 500 slices each made one: 40–200 ms tasks under load), and
/// copying its bytes out of wasm memory costs by size (16 MB: 40–110 ms
/// under load): a few MB at a time.
const BLOB_BYTES: usize = 4 << 20;
/// Writes the whole draft again and empties its journal (in the background:
/// see `write_snapshot`).
pub fn snapshot(session: Session) {
    wasm_bindgen_futures::spawn_local(write_snapshot(session));
}

/// Stops a snapshot under way: the plan it was writing is being replaced
/// (its draft keeps its last snapshot and journal).
pub fn cancel_snapshot(session: Session) {
    if let Some(shared) = shared(session) {
        shared.borrow_mut().snapshot_run += 1;
    }
}

/// Stores the steps not yet stored (waiting for their timer, or still in
/// the model's journal) now.
fn flush_unstored(session: Session) {
    let unstored = session.read(PlannerModel::journal_len).unwrap_or_default();
    if pending(session) || unstored > 0 {
        flush(session);
    }
}

/// Writes the whole draft again, a slice of units per task, and empties
/// its journal up to the moment it started. The snapshot is the plan of
/// that moment however the planner edits meanwhile (the model keeps the
/// units edited since as they were: `DraftWriter`); those edits stay in
/// the journal, after it. A newer snapshot supersedes this one.
pub async fn write_snapshot(session: Session) {
    let Some(shared) = shared(session) else {
        return;
    };
    // The steps so far are stored first: the journal then ends where the
    // snapshot starts (a step stored after it would be replayed twice).
    flush_unstored(session);
    let (run, upto, journaled) = {
        let mut state = shared.borrow_mut();
        state.idle = None;
        state.snapshot_run += 1;
        // Every step stored so far is keyed at most `upto`; later ones after.
        state.seq = state.seq.max(js_sys::Date::now() as u64);
        (state.snapshot_run, state.seq, state.journaled)
    };
    let mut longest = 0f64;
    let mut slice_start = now_ms();
    let Some(mut writer) = session.edit_untracked(planfile::DraftWriter::start) else {
        return;
    };
    // The text becomes a Blob every `BLOB_BYTES`, so the last task only
    // joins them (by reference) rather than copying ~19 MB per 100k units.
    let parts = js_sys::Array::new();
    loop {
        let written = session.read(|m| writer.write(m, SNAPSHOT_SLICE));
        longest = longest.max(now_ms() - slice_start);
        match written {
            // The planner is gone, or another plan was opened (which has
            // a snapshot of its own).
            None | Some(Err(planfile::PlanChanged)) => return,
            Some(Ok(true)) => break,
            Some(Ok(false)) if writer.text_len() < BLOB_BYTES => {}
            Some(Ok(false)) => match store::utf8_blob(&[writer.take_text()]) {
                Ok(blob) => {
                    parts.push(&blob);
                }
                Err(error) => {
                    session.edit_untracked(|m| writer.abandon(m));
                    fail(session, &error.0);
                    return;
                }
            },
        }
        super::isolate::yield_now().await;
        if shared.borrow().snapshot_run != run {
            session.edit_untracked(|m| writer.abandon(m));
            return;
        }
        slice_start = now_ms();
    }
    let start = now_ms();
    let Some(tail) = session.edit_untracked(|m| writer.finish(m)) else {
        return;
    };
    let units = session.read(|m| m.plan().units.len()).unwrap_or_default();
    let mut state = shared.borrow_mut();
    state.idle = None;
    let (Some(store), Some(mut meta)) = (state.store.clone(), state.draft.clone()) else {
        return;
    };
    if state.failed {
        return;
    }
    meta.view = session.view.get_value();
    meta.updated = js_sys::Date::now();
    meta.units = units;
    let joined = store::utf8_blob(&[tail]).and_then(|tail| {
        parts.push(&tail);
        store::blob_of(&parts)
    });
    let pending = joined.and_then(|blob| store.write_snapshot_blob(&meta, &blob, upto));
    state.journaled = state.journaled.saturating_sub(journaled);
    state.draft = Some(meta);
    let write = now_ms() - start;
    state.snapshot_timings.push(longest.max(write));
    state.snapshot_writes.push(write);
    drop(state);
    watch(session, pending);
    session.drafts_changed.update(|n| *n += 1);
}

/// Makes the open plan a new draft (a file was opened, or "new draft") and
/// works on it; the draft worked on before stays as it was stored.
pub async fn new_draft(session: Session, name: String) {
    let Some(shared) = shared(session) else {
        return;
    };
    // What was not yet written belongs to the draft being left.
    if shared.borrow().timer.is_some() {
        flush(session);
    }
    release(&shared);
    let id = new_id();
    let lock = acquire(&id).await;
    let (store, key) = {
        let mut state = shared.borrow_mut();
        state.release = lock.release;
        state.draft = Some(DraftMeta {
            id: id.clone(),
            name,
            key: state.key.clone(),
            updated: js_sys::Date::now(),
            units: 0,
            view: ViewState::default(),
        });
        (state.store.clone(), state.key.clone())
    };
    session.edit_untracked(PlannerModel::start_journal);
    if let Some(store) = store {
        snapshot(session);
        set_current(session, &store, &key, &id);
    }
}

/// Opens a stored draft in this planner. False (nothing changed) when it
/// cannot be read. A draft open in another tab is opened as a copy.
pub async fn open_draft(session: Session, id: &str) -> bool {
    let Some(shared) = shared(session) else {
        return false;
    };
    let Some(store) = shared.borrow().store.clone() else {
        return false;
    };
    let (Ok(Some(meta)), Ok(Some(stored))) = (store.meta(id).await, store.read_draft(id).await)
    else {
        return false;
    };
    let Ok(mut model) = planfile::load(&stored.snapshot) else {
        return false;
    };
    let journal = stored.journal;
    let mut steps = Vec::new();
    for chunk in &journal {
        match serde_json::from_str::<Vec<Step>>(chunk) {
            Ok(mut more) => steps.append(&mut more),
            Err(_) => break,
        }
    }
    // A bad step (never expected) keeps the steps before it.
    let _ = model.replay(steps);
    model.start_journal();
    if shared.borrow().timer.is_some() {
        flush(session);
    }
    release(&shared);
    let lock = acquire(id).await;
    let busy = lock.busy;
    {
        let mut state = shared.borrow_mut();
        state.release = lock.release;
        state.draft = Some(meta.clone());
        state.journaled = journal.len();
        // New steps are keyed after the stored ones whatever the clock says.
        state.seq = state.seq.max(stored.last_seq);
    }
    session.restore_view.set_value(Some(meta.view));
    session.replace_model(model);
    let locale = session.locale.get_untracked();
    if busy {
        // Another tab works on it: this one goes on with a copy.
        let name = format!("{} {}", meta.name, texts(locale).copy_suffix);
        new_draft(session, name).await;
        session
            .notice
            .set(Some(Notice::Error(texts(locale).other_tab.to_string())));
    } else {
        set_current(session, &store, &meta.key, id);
        session
            .notice
            .set(Some(Notice::Info(words::restored(&meta.name, locale))));
    }
    session.drafts_changed.update(|n| *n += 1);
    true
}

/// Drafts of this planner, most recent first.
pub async fn list(session: Session) -> Vec<DraftMeta> {
    let store = shared(session).and_then(|s| s.borrow().store.clone());
    match store {
        Some(store) => store.list(&current_key(session)).await.unwrap_or_default(),
        None => Vec::new(),
    }
}

fn current_key(session: Session) -> String {
    shared(session)
        .map(|s| s.borrow().key.clone())
        .unwrap_or_default()
}

pub fn current_id(session: Session) -> Option<String> {
    shared(session).and_then(|s| s.borrow().draft.as_ref().map(|d| d.id.clone()))
}

pub async fn rename(session: Session, id: &str, name: String) {
    let Some(shared) = shared(session) else {
        return;
    };
    let store = shared.borrow().store.clone();
    let Some(store) = store else {
        return;
    };
    let is_current = current_id(session).as_deref() == Some(id);
    if is_current {
        let pending = {
            let mut state = shared.borrow_mut();
            let Some(draft) = state.draft.as_mut() else {
                return;
            };
            draft.name = name;
            store.put_meta(draft)
        };
        watch(session, pending);
    } else if let Ok(Some(mut meta)) = store.meta(id).await {
        meta.name = name;
        watch(session, store.put_meta(&meta));
    }
    session.drafts_changed.update(|n| *n += 1);
}

/// A copy of a stored draft under a new id (the open one's steps not yet
/// stored go with it): copied inside IndexedDB, never read into the page.
pub async fn duplicate(session: Session, id: &str) {
    let Some(shared) = shared(session) else {
        return;
    };
    if current_id(session).as_deref() == Some(id) {
        flush_unstored(session);
    }
    let Some(store) = shared.borrow().store.clone() else {
        return;
    };
    let Ok(Some(meta)) = store.meta(id).await else {
        return;
    };
    let locale = session.locale.get_untracked();
    let copy = DraftMeta {
        id: new_id(),
        name: format!("{} {}", meta.name, texts(locale).copy_suffix),
        updated: js_sys::Date::now(),
        ..meta
    };
    match store.copy_draft(id, &copy).await {
        Ok(Some(pending)) => watch(session, Ok(pending)),
        Ok(None) => return,
        Err(error) => watch(session, Err(error)),
    }
    session.drafts_changed.update(|n| *n += 1);
}

/// Deletes a stored draft; the open one cannot be deleted.
pub async fn delete(session: Session, id: &str) {
    if current_id(session).as_deref() == Some(id) {
        return;
    }
    let store = shared(session).and_then(|s| s.borrow().store.clone());
    if let Some(store) = store {
        // Not while another tab works on it.
        let lock = acquire(id).await;
        if !lock.busy {
            watch(session, store.delete(id));
        }
        if let Some(release) = lock.release {
            let _ = release.call0(&JsValue::NULL);
        }
    }
    session.drafts_changed.update(|n| *n += 1);
}

/// A plan file was saved: nothing is lost any more.
pub fn saved_to_file(session: Session) {
    if let Some(shared) = shared(session) {
        shared.borrow_mut().unsaved = false;
    }
}

/// Whether the planner was told storage is refused.
pub fn storage_failed(session: Session) -> bool {
    shared(session).is_some_and(|s| s.borrow().failed)
}

/// Main-thread milliseconds of each write so far: journal writes, each
/// snapshot's longest task, and each snapshot's final hand-over to
/// IndexedDB (for `BENCHMARKS.md`).
pub fn timings(session: Session) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    shared(session)
        .map(|s| {
            let s = s.borrow();
            (
                s.timings.clone(),
                s.snapshot_timings.clone(),
                s.snapshot_writes.clone(),
            )
        })
        .unwrap_or_default()
}

fn release(shared: &Shared) {
    if let Some(release) = shared.borrow_mut().release.take() {
        let _ = release.call0(&JsValue::NULL);
    }
}

/// A draft's lock: `release` ends it; `busy` when another tab holds it.
struct Lock {
    release: Option<Function>,
    busy: bool,
}

/// Takes the Web Lock of a draft if no other tab holds it. Without the
/// Web Locks API (old browsers) every draft counts as free.
async fn acquire(id: &str) -> Lock {
    let free = Lock {
        release: None,
        busy: false,
    };
    let Some(window) = web_sys::window() else {
        return free;
    };
    let locks = Reflect::get(&window.navigator(), &"locks".into()).unwrap_or(JsValue::UNDEFINED);
    let Some(request) = Reflect::get(&locks, &"request".into())
        .ok()
        .and_then(|r| r.dyn_into::<Function>().ok())
    else {
        return free;
    };
    let mut release = None;
    let held = Promise::new(&mut |resolve, _| release = Some(resolve));
    let mut tell = None;
    let granted = Promise::new(&mut |resolve, _| tell = Some(resolve));
    let callback = Closure::once_into_js(move |lock: JsValue| -> JsValue {
        let got = !lock.is_null();
        if let Some(tell) = &tell {
            let _ = tell.call1(&JsValue::NULL, &JsValue::from_bool(got));
        }
        // Held until `release` resolves this promise (or the tab closes).
        if got {
            held.into()
        } else {
            JsValue::NULL
        }
    });
    let options = Object::new();
    let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    let name = JsValue::from_str(&format!("quota-planner-draft:{id}"));
    if request.call3(&locks, &name, &options, &callback).is_err() {
        return free;
    }
    let got = JsFuture::from(granted)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(true);
    Lock {
        release: if got { release } else { None },
        busy: !got,
    }
}

/// Flushes when the page is hidden or left, and asks before leaving with
/// work that could not be stored.
fn install_page_listeners(session: Session) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_hide = Closure::<dyn Fn()>::new(move || {
        let pending = shared(session).is_some_and(|s| s.borrow().timer.is_some());
        if pending {
            flush(session);
        }
    });
    let _ = window.add_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
    if let Some(document) = window.document() {
        let _ = document
            .add_event_listener_with_callback("visibilitychange", on_hide.as_ref().unchecked_ref());
    }
    on_hide.forget();
    let on_leave = Closure::<dyn Fn(web_sys::BeforeUnloadEvent)>::new(
        move |ev: web_sys::BeforeUnloadEvent| {
            let unsaved = shared(session).is_some_and(|s| {
                let s = s.borrow();
                s.failed && s.unsaved
            });
            if unsaved {
                ev.prevent_default();
                ev.set_return_value(texts(session.locale.get_untracked()).storage_failed);
            }
        },
    );
    let _ =
        window.add_event_listener_with_callback("beforeunload", on_leave.as_ref().unchecked_ref());
    on_leave.forget();
}
