//! The Leptos view: a thin layer over `Session` (and so over the core
//! façade). Words come from `i18n`, numbers from `core::format`.

mod grid;
pub mod session;

use leptos::prelude::*;

use crate::core::format;
use crate::core::percent::Percent;
use crate::core::plan::Rounding;
use crate::i18n::texts;
use session::Session;

/// The whole planner: toolbar, summary and the quota table.
#[component]
pub fn App(session: Session, id_prefix: String) -> impl IntoView {
    let locale = session.locale;
    let t = move || texts(locale.get());
    let percent_id = format!("{id_prefix}-default-percent");
    let rounding_id = format!("{id_prefix}-rounding");
    let percent_error = RwSignal::new(None::<String>);

    let on_percent_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        match Percent::parse(&text) {
            Ok(p) => {
                percent_error.set(None);
                session.edit(|m| m.set_default_percent(p));
            }
            Err(e) => percent_error.set(Some(e.message(locale.get_untracked()))),
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
        if !(ev.ctrl_key() || ev.meta_key()) || in_text_field(&ev) {
            return;
        }
        let key = ev.key().to_lowercase();
        let changed = match (key.as_str(), ev.shift_key()) {
            ("z", false) => session.edit(|m| m.undo()),
            ("y", _) | ("z", true) => session.edit(|m| m.redo()),
            _ => return,
        };
        if changed.unwrap_or(false) {
            ev.prevent_default();
        }
    };

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
    let grid_session = session;
    let title = move || model.with(|m| m.plan().title.clone());
    let warnings = move || {
        let l = locale.get();
        model.with(|m| {
            m.allocation()
                .warnings
                .iter()
                .map(|w| {
                    let unit = w
                        .unit
                        .and_then(|id| m.plan().index_of(id))
                        .map(|i| m.plan().units[i].name.clone())
                        .unwrap_or_default();
                    format!("{unit}: {}", w.message(l))
                })
                .collect::<Vec<_>>()
        })
    };

    view! {
        <div class="qp" on:keydown=on_keydown>
            <header class="qp-header">
                <h1 class="qp-app-title">{move || t().app_title}</h1>
                <p class="qp-plan-title">{title}</p>
            </header>
            <div class="qp-toolbar" role="toolbar" aria-label=move || t().app_title>
                <div class="qp-field">
                    <label for=percent_id.clone()>{move || t().default_percent_label}</label>
                    <input
                        id=percent_id.clone()
                        type="text"
                        inputmode="decimal"
                        size="6"
                        prop:value=default_percent
                        aria-invalid=move || percent_error.get().is_some().to_string()
                        on:input=on_percent_input
                    />
                    <span class="qp-field-error" role="alert">{move || percent_error.get()}</span>
                </div>
                <div class="qp-field">
                    <label for=rounding_id.clone()>{move || t().rounding_label}</label>
                    <select id=rounding_id.clone() on:change=on_rounding prop:value=rounding_key>
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
                <button type="button" on:click=undo prop:disabled=move || !can_undo()>
                    {move || t().undo}
                </button>
                <button type="button" on:click=redo prop:disabled=move || !can_redo()>
                    {move || t().redo}
                </button>
            </div>
            <p class="qp-summary" role="status" aria-live="polite">{summary}</p>
            // A new plan gets a new grid: collapsed rows and scroll reset.
            {move || {
                let session = grid_session;
                session.generation.track();
                view! { <grid::Grid session=session /> }
            }}
            <details class="qp-warnings" class:qp-hidden=move || warnings().is_empty()>
                <summary>{move || format!("{} ({})", t().warnings_label, warnings().len())}</summary>
                <ul>
                    {move || warnings().into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
                </ul>
            </details>
        </div>
    }
}

/// Keys typed into an input belong to it (its own undo), not to the grid.
fn in_text_field(ev: &leptos::ev::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"))
        .unwrap_or(false)
}
