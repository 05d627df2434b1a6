//! The Leptos view: a thin layer over `Session` (and so over the core
//! façade). Words come from `core::i18n`, numbers from `core::format`.

pub mod autosave;
mod drafts;
mod export;
mod grid;
pub(crate) mod isolate;
mod levels;
mod mapping;
pub mod offline;
mod period;
mod progress;
pub mod results;
mod schedule;
pub mod session;
mod store;
pub mod workbook;

use leptos::prelude::*;

use crate::core::format;
use crate::core::i18n::{texts, Locale};
use crate::core::percent::Percent;
use crate::core::plan::Rounding;
use session::{Notice, Session};

/// The whole planner: toolbar, summary and the quota table.
#[component]
pub fn App(session: Session, id_prefix: String) -> impl IntoView {
    let locale = session.locale;
    let t = move || texts(locale.get());
    let percent_id = format!("{id_prefix}-default-percent");
    let rounding_id = format!("{id_prefix}-rounding");
    let percent_error = RwSignal::new(None::<String>);
    // Read-only: only export, print and moving around are offered.
    let read_only = !session.writable();
    let menu_open = RwSignal::new(false);

    // Typing never applies a partial value ("87,5" is not 87 then 875):
    // the field is checked as it is typed and applied on Enter, Tab or
    // leaving it; an invalid value is refused and the plan keeps its
    // percentage.
    let check_percent = move |text: &str| match Percent::parse(text) {
        Ok(p) => {
            percent_error.set(None);
            Some(p)
        }
        Err(e) => {
            percent_error.set(Some(e.message(locale.get_untracked())));
            None
        }
    };
    let on_percent_input = move |ev: leptos::ev::Event| {
        check_percent(&event_target_value(&ev));
    };
    let on_percent_change = move |ev: leptos::ev::Event| {
        if let Some(p) = check_percent(&event_target_value(&ev)) {
            session.edit(|m| m.set_default_percent(p));
        }
    };
    let on_percent_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            // Back to the plan's percentage, nothing applied.
            use wasm_bindgen::JsCast;
            if let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                let current = session
                    .model
                    .with_untracked(|m| m.plan().policy.default_percent);
                input.set_value(&format::percent_number(current, locale.get_untracked()));
            }
            percent_error.set(None);
        }
    };

    let on_rounding = move |ev: leptos::ev::Event| {
        if let Some(r) = Rounding::from_key(&event_target_value(&ev)) {
            session.edit(|m| m.set_rounding(r));
        }
    };
    let model = session.model;
    let default_percent = move || {
        model.with(|m| format::percent_number(m.plan().policy.default_percent, locale.get()))
    };
    let rounding_key = move || model.with(|m| m.plan().policy.rounding.key());

    let undo = move |_| {
        session.edit(|m| m.undo());
    };

    let redo = move |_| {
        session.edit(|m| m.redo());
    };
    let can_undo = move || model.with(|m| m.can_undo());
    let can_redo = move || model.with(|m| m.can_redo());

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if !(ev.ctrl_key() || ev.meta_key()) {
            return;
        }
        let key = ev.key().to_lowercase();
        if in_text_field(&ev) && key != "s" {
            return;
        }
        if key == "s" {
            // Ctrl+S saves the plan file, not the web page.
            ev.prevent_default();
            drafts::save_plan_file(session);
            return;
        }
        let changed = match (key.as_str(), ev.shift_key()) {
            ("z", false) => session.edit(|m| m.undo()),
            ("y", _) | ("z", true) => session.edit(|m| m.redo()),
            _ => return,
        };
        if changed.unwrap_or(false) {
            ev.prevent_default();
        }
    };

    let file_id = format!("{id_prefix}-open-file");
    let sheet_id = format!("{id_prefix}-sheet");
    let on_file = move |ev: leptos::ev::Event| {
        if let Some(file) = picked_file(&ev) {
            open_web_file(session, file);
        }
    };
    let dragging = RwSignal::new(false);
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if read_only {
            return;
        }
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            open_web_file(session, file);
        }
    };
    let on_dragover = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(!read_only);
    };
    let on_paste = move |ev: leptos::ev::ClipboardEvent| {
        if read_only || in_text_field_target(ev.target()) {
            return;
        }
        let text = ev
            .clipboard_data()
            .and_then(|d| d.get_data("text/plain").ok())
            .unwrap_or_default();
        // A block of cells (tabs or several lines) opens as a plan.
        if text.contains('\t') || text.trim().lines().count() > 1 {
            ev.prevent_default();
            leptos::task::spawn_local(async move {
                let _ = session.open_paste(text).await;
            });
        }
    };
    let sheets = move || model.with(|m| m.report().map(|r| (r.sheets.clone(), r.sheet.clone())));
    let on_sheet = move |ev: leptos::ev::Event| {
        let sheet = event_target_value(&ev);
        leptos::task::spawn_local(async move {
            let _ = session.switch_sheet(sheet).await;
        });
    };
    let notice = session.notice;

    let summary = move || {
        let l = locale.get();
        model.with(|m| {
            let totals = m.totals();
            let tx = texts(l);
            format!(
                "{}: {} {} · {} {} · {} {}",
                tx.totals_label,
                tx.col_base,
                format::count(totals.base, l),
                tx.col_target,
                format::count(totals.target, l),
                format::count(totals.units, l),
                tx.units_label
            )
        })
    };
    let title =
        move || model.with(|m| crate::core::text::reveal_controls(&m.plan().title).into_owned());
    let grid_prefix = id_prefix.clone();
    let p = move || crate::core::i18n::planfile::texts(locale.get());
    let drafts_open = RwSignal::new(false);
    let drafts_region_id = format!("{id_prefix}-drafts");
    let drafts_region = drafts_region_id.clone();
    // Autosave starts after mount; the list exists once it has.
    let has_autosave = move || {
        session.drafts_changed.track();
        session.autosave.with_value(Option::is_some)
    };

    view! {
        <div
            class="qp"
            class:qp-dragging=move || dragging.get()
            on:keydown=on_keydown
            on:paste=on_paste
            on:dragover=on_dragover
            on:dragenter=move |_| {
                if !read_only {
                    isolate::prepare();
                }
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <header class="qp-header">
                <h1 class="qp-app-title">{move || t().app_title}</h1>
                <p class="qp-plan-title">{title}</p>
            </header>
            {move || {
                session.generation.track();
                // The note invites opening a file: not on a read-only planner.
                let sample = !read_only
                    && !session.has_source()
                    && model
                        .with(|m| {
                            m.report()
                                .is_some_and(|r| r.file_name == crate::core::import::SAMPLE_FILE_NAME)
                        });
                sample
                    .then(|| {
                        view! {
                            <p class="qp-sample-note">
                                {move || crate::core::i18n::sample_note(locale.get())}
                            </p>
                        }
                    })
            }}
            <div
                class="qp-toolbar"
                class:qp-menu-open=move || menu_open.get()
                role="toolbar"
                aria-label=move || t().app_title
            >
                // On a phone the actions fold behind this button (CSS shows it
                // only on narrow screens); the percentage and rounding stay.
                <button
                    type="button"
                    class="qp-menu-button"
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| {
                        // On a phone "Mở tệp…" is in this menu: opening it is a sign.
                        if !read_only {
                            isolate::prepare();
                        }
                        menu_open.update(|open| *open = !*open)
                    }
                >
                    {move || crate::core::i18n::menu_label(locale.get())}
                </button>
                <div class="qp-field">
                    <label for=percent_id.clone()>{move || t().default_percent_label}</label>
                    <input
                        id=percent_id.clone()
                        type="text"
                        inputmode="decimal"
                        size="6"
                        prop:value=default_percent
                        disabled=read_only
                        aria-invalid=move || percent_error.get().is_some().to_string()
                        on:input=on_percent_input
                        on:change=on_percent_change
                        on:keydown=on_percent_keydown
                    />
                    {move || {
                        percent_error
                            .get()
                            .map(|e| view! { <span class="qp-field-error" role="alert">{e}</span> })
                    }}
                </div>
                <div class="qp-field">
                    <label for=rounding_id.clone()>{move || t().rounding_label}</label>
                    <select
                        id=rounding_id.clone()
                        on:change=on_rounding
                        prop:value=rounding_key
                        disabled=read_only
                    >
                        {move || {
                            let names = t().rounding_names;
                            Rounding::ALL
                                .iter()
                                .zip(names)
                                .map(|(r, name)| {
                                    let key = r.key();
                                    view! {
                                        <option value=key selected=move || rounding_key() == key>
                                            {name}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
                {(!read_only)
                    .then(|| {
                        view! {
                <input
                    id=file_id.clone()
                    class="qp-visually-hidden"
                    type="file"
                    accept=".xlsx,.xlsm,.xls,.ods,.csv,.tsv,.txt,.json"
                    on:change=on_file
                    on:click=move |_| isolate::prepare()
                    on:focus=move |_| isolate::prepare()
                />
                <label
                    class="qp-button"
                    for=file_id.clone()
                    on:pointerenter=move |_| isolate::prepare()
                >
                    {move || t().open_file}
                </label>
                        }
                    })}
                <button
                    type="button"
                    title=move || p().save_plan_hint
                    aria-keyshortcuts="Control+S"
                    on:click=move |_| drafts::save_plan_file(session)
                >
                    {move || p().save_plan}
                </button>
                <offline::SaveOfflineButton session=session />
                {move || {
                    has_autosave()
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    aria-expanded=move || drafts_open.get().to_string()
                                    aria-controls=drafts_region.clone()
                                    on:click=move |_| drafts_open.update(|o| *o = !*o)
                                >
                                    {move || p().drafts}
                                </button>
                            }
                        })
                }}
                {move || {
                    sheets()
                        .filter(|(names, _)| names.len() > 1)
                        .map(|(names, current)| {
                            let sheet_id = sheet_id.clone();
                            view! {
                                <div class="qp-field">
                                    <label for=sheet_id.clone()>{move || t().sheet_label}</label>
                                    <select id=sheet_id on:change=on_sheet>
                                        {names
                                            .into_iter()
                                            .map(|name| {
                                                let selected = current.as_deref() == Some(name.as_str());
                                                view! {
                                                    <option value=name.clone() selected=selected>
                                                        {name.clone()}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                </div>
                            }
                        })
                }}
                <button
                    type="button"
                    class="qp-lang"
                    lang=move || if locale.get() == Locale::Vi { "en" } else { "vi" }
                    on:click=move |_| {
                        locale.update(|l| *l = if *l == Locale::Vi { Locale::En } else { Locale::Vi })
                    }
                >
                    {move || t().other_language}
                </button>
                {(!read_only)
                    .then(|| {
                        view! {
                <button type="button" on:click=undo prop:disabled=move || !can_undo()>
                    {move || t().undo}
                </button>
                <button type="button" on:click=redo prop:disabled=move || !can_redo()>
                    {move || t().redo}
                </button>
                        }
                    })}
                <export::ExportActions session=session />
            </div>
            {move || {
                notice
                    .get()
                    .map(|n| {
                        let decision = matches!(n, Notice::Decision(_));
                        let (class, role, text) = match n {
                            Notice::Info(text) => ("qp-notice", "status", text),
                            Notice::Decision(text) => ("qp-notice qp-notice-decision", "alert", text),
                            Notice::Error(text) => ("qp-notice qp-notice-error", "alert", text),
                        };
                        view! {
                            <div class=class role=role>
                                <span>{text}</span>
                                {decision
                                    .then(|| {
                                        view! {
                                            <button
                                                type="button"
                                                on:click=move |_| session.layout_open.set(true)
                                            >
                                                {move || crate::core::i18n::review_layout(locale.get())}
                                            </button>
                                        }
                                    })}
                                <button
                                    type="button"
                                    class="qp-dismiss"
                                    aria-label=move || t().dismiss
                                    on:click=move |_| notice.set(None)
                                >
                                    "×"
                                </button>
                            </div>
                        }
                    })
            }}
            <offline::UpdateNotice session=session />
            <ImportProgress session=session />
            <div id=drafts_region_id>
                <drafts::DraftsPanel session=session id_prefix=id_prefix.clone() open=drafts_open />
            </div>
            // Read-only: the panels show the plan's settings, every field disabled.
            <fieldset class="qp-panels" disabled=read_only>
            <levels::LevelPercents session=session id_prefix=id_prefix.clone() />
            <period::PeriodPanel session=session id_prefix=id_prefix.clone() />
            <mapping::MappingPanel session=session id_prefix=id_prefix.clone() />
            <export::TitleBlockPanel session=session id_prefix=id_prefix.clone() />
            </fieldset>
            <p class="qp-summary" role="status" aria-live="polite">{summary}</p>
            {(!read_only)
                .then(|| {
                    view! { <p class="qp-drop-hint" aria-hidden="true">{move || t().drop_hint}</p> }
                })}
            // A new plan gets a new grid: collapsed rows and scroll reset.
            // While a file is read the old plan is marked as being replaced.
            <div
                class="qp-replaceable"
                class:qp-replacing=move || session.importing.with(Option::is_some)
                aria-busy=move || session.importing.with(Option::is_some).to_string()
                data-replacing=move || crate::core::i18n::import_progress::texts(locale.get()).replacing
            >
                {move || {
                    session.generation.track();
                    (!session.grid_paused.get()).then(|| {
                        view! { <grid::Grid session=session id_prefix=grid_prefix.clone() /> }
                    })
                }}
            </div>

        </div>
    }
}

/// The progress of a file being read: stage, percentage and Cancel, shown
/// once it has taken 300 ms.
#[component]
fn ImportProgress(session: Session) -> impl IntoView {
    let locale = session.locale;
    let words = move || crate::core::i18n::import_progress::texts(locale.get());
    move || {
        let importing = session.importing.get().filter(|i| i.visible)?;
        let l = locale.get();
        let stage = if importing.stage.is_none() && importing.percent == 100 {
            words().finishing
        } else {
            crate::core::i18n::import_progress::stage(importing.stage, l)
        };
        let percent = importing.percent;
        let label = format!("{} “{}”", words().opening, importing.name);
        let (group_label, bar_label) = (label.clone(), label.clone());
        Some(view! {
            <div class="qp-import-progress" role="group" aria-label=group_label>
                <span class="qp-import-label">{label}</span>
                <progress
                    max="100"
                    value=percent.to_string()
                    aria-label=bar_label
                    aria-valuetext=format!("{stage}: {percent}%")
                ></progress>
                <span class="qp-import-stage" aria-live="polite">
                    {format!("{stage} · {percent}%")}
                </span>
                <button
                    type="button"
                    on:click=move |_| session.stop_import(crate::core::error::ImportError::Cancelled)
                >
                    {words().cancel}
                </button>
            </div>
        })
    }
}

/// Keys typed into an input belong to it (its own undo), not to the grid.
fn in_text_field(ev: &leptos::ev::KeyboardEvent) -> bool {
    in_text_field_target(ev.target())
}

fn in_text_field_target(target: Option<web_sys::EventTarget>) -> bool {
    use wasm_bindgen::JsCast;
    target
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA"))
        .unwrap_or(false)
}

/// Reads a picked or dropped file and opens it; the result shows as a notice.
/// The file chosen in a file input, which is then emptied (choosing the
/// same file again must fire `change` again).
fn picked_file(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    use wasm_bindgen::JsCast;
    let input = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())?;
    let file = input.files().and_then(|f| f.get(0));
    input.set_value("");
    file
}

fn open_web_file(session: Session, file: web_sys::File) {
    let name = file.name();
    leptos::task::spawn_local(async move {
        let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
        match buffer {
            Ok(buffer) => {
                let bytes = js_sys::Uint8Array::new(&buffer);
                let _ = session.open_file_checked(bytes, name).await;
            }
            Err(_) => session
                .notice
                .set(Some(Notice::Error(crate::core::i18n::import_error(
                    &crate::core::error::ImportError::Unreadable(name.clone()),
                    session.locale.get_untracked(),
                )))),
        }
    });
}
