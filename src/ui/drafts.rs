//! "Lưu tệp kế hoạch" (download the plan file) and the drafts list: open,
//! rename, duplicate, delete, and a new draft from the open plan.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::autosave;
use super::session::Session;
use super::store::DraftMeta;
use crate::core::export::planfile;
use crate::core::i18n::planfile::texts;
use crate::core::i18n::Locale;

/// The plan file's name: the source's stem (or the title) + `.json`.
fn plan_file_name(session: Session) -> String {
    format!("{}.kehoach.json", file_stem(session))
}

/// The name files saved from the open plan start with: the source's stem
/// (or the title), with characters file systems refuse replaced.
pub(super) fn file_stem(session: Session) -> String {
    let base = autosave::default_name(session);
    let stem = match base.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() <= 5 => stem.to_string(),
        _ => base,
    };
    let safe: String = stem
        .chars()
        .map(|c| if "\\/:*?\"<>|".contains(c) { '-' } else { c })
        .collect();
    safe
}

/// Downloads the plan file of the open plan (Ctrl+S).
pub fn save_plan_file(session: Session) {
    let Some(json) = session.read(|m| planfile::to_json(&planfile::save(m))) else {
        return;
    };
    let name = plan_file_name(session);
    let saved = super::export::download(&json.into(), "application/json", &name);
    if saved.is_ok() {
        autosave::saved_to_file(session);
    }
}

fn when(ms: f64, locale: Locale) -> String {
    let date = js_sys::Date::new(&ms.into());
    let tag = if locale == Locale::Vi {
        "vi-VN"
    } else {
        "en-GB"
    };
    date.to_locale_string(tag, &wasm_bindgen::JsValue::UNDEFINED)
        .as_string()
        .unwrap_or_default()
}

/// The drafts list, shown under the toolbar while `open`.
#[component]
pub fn DraftsPanel(session: Session, id_prefix: String, open: RwSignal<bool>) -> impl IntoView {
    let locale = session.locale;
    let t = move || texts(locale.get());
    let drafts = RwSignal::new(Vec::<DraftMeta>::new());
    let current = RwSignal::new(None::<String>);
    let renaming = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        session.drafts_changed.track();
        if open.get() {
            leptos::task::spawn_local(async move {
                let list = autosave::list(session).await;
                current.set(autosave::current_id(session));
                drafts.set(list);
            });
        }
    });
    let title_id = format!("{id_prefix}-drafts-title");
    let new_draft = move |_| {
        let name = autosave::default_name(session);
        leptos::task::spawn_local(autosave::new_draft(session, name));
    };
    view! {
        <Show when=move || open.get()>
            <section class="qp-drafts" role="region" aria-labelledby=title_id.clone()>
                <div class="qp-drafts-head">
                    <h2 id=title_id.clone()>{move || t().drafts_title}</h2>
                    <button type="button" on:click=new_draft>{move || t().new_draft}</button>
                    <button type="button" on:click=move |_| open.set(false)>
                        {move || t().close}
                    </button>
                </div>
                {move || {
                    autosave::storage_failed(session)
                        .then(|| view! { <p class="qp-drafts-empty">{t().storage_failed}</p> })
                }}
                <ul class="qp-drafts-list">
                    <For
                        each=move || drafts.get()
                        key=|d| (d.id.clone(), d.name.clone(), d.updated.to_bits())
                        let:draft
                    >
                        <DraftRow session draft current renaming />
                    </For>
                </ul>
                {move || {
                    drafts
                        .with(Vec::is_empty)
                        .then(|| view! { <p class="qp-drafts-empty">{t().no_drafts}</p> })
                }}
            </section>
        </Show>
    }
}

#[component]
fn DraftRow(
    session: Session,
    draft: DraftMeta,
    current: RwSignal<Option<String>>,
    renaming: RwSignal<Option<String>>,
) -> impl IntoView {
    let locale = session.locale;
    let t = move || texts(locale.get());
    let id = StoredValue::new(draft.id.clone());
    let name = draft.name.clone();
    let is_current = move || current.get().as_deref() == Some(id.get_value().as_str());
    let is_renaming = move || renaming.get().as_deref() == Some(id.get_value().as_str());
    let label = move |verb: &str| format!("{verb} “{}”", draft.name);
    let (open_label, rename_label, duplicate_label, delete_label) = (
        label(texts(locale.get_untracked()).open),
        label(texts(locale.get_untracked()).rename),
        label(texts(locale.get_untracked()).duplicate),
        label(texts(locale.get_untracked()).delete),
    );
    let on_open = move |_| {
        let id = id.get_value();
        leptos::task::spawn_local(async move {
            autosave::open_draft(session, &id).await;
        });
    };
    let on_duplicate = move |_| {
        let id = id.get_value();
        leptos::task::spawn_local(async move { autosave::duplicate(session, &id).await });
    };
    let on_delete = move |_| {
        let confirmed = web_sys::window()
            .and_then(|w| w.confirm_with_message(t().confirm_delete).ok())
            .unwrap_or(false);
        if confirmed {
            let id = id.get_value();
            leptos::task::spawn_local(async move { autosave::delete(session, &id).await });
        }
    };
    let commit_rename = move |input: web_sys::HtmlInputElement| {
        let name = input.value().trim().to_string();
        renaming.set(None);
        if !name.is_empty() {
            let id = id.get_value();
            leptos::task::spawn_local(async move { autosave::rename(session, &id, name).await });
        }
    };
    let summary = format!(
        "{} {} · {} {}",
        draft.units,
        texts(locale.get_untracked()).units,
        texts(locale.get_untracked()).saved_at,
        when(draft.updated, locale.get_untracked())
    );
    let edit_name = name.clone();
    view! {
        <li class="qp-draft" class:qp-draft-current=is_current>
            {move || {
                if is_renaming() {
                    let name = edit_name.clone();
                    view! {
                        <input
                            class="qp-draft-name-input"
                            type="text"
                            aria-label=move || t().draft_name_label
                            prop:value=name
                            autofocus
                            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                                let input = ev
                                    .target()
                                    .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
                                match ev.key().as_str() {
                                    "Enter" => {
                                        ev.prevent_default();
                                        if let Some(input) = input {
                                            commit_rename(input);
                                        }
                                    }
                                    "Escape" => renaming.set(None),
                                    _ => {}
                                }
                            }
                            on:blur=move |ev| {
                                if let Some(input) = ev
                                    .target()
                                    .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                                {
                                    if renaming.get_untracked().is_some() {
                                        commit_rename(input);
                                    }
                                }
                            }
                        />
                    }
                        .into_any()
                } else {
                    let name = name.clone();
                    view! {
                        <span class="qp-draft-name">
                            {name}
                            {move || is_current().then(|| format!(" {}", t().current))}
                        </span>
                    }
                        .into_any()
                }
            }}
            <span class="qp-draft-summary">{summary}</span>
            <span class="qp-draft-actions">
                <button
                    type="button"
                    aria-label=open_label
                    prop:disabled=is_current
                    on:click=on_open
                >
                    {move || t().open}
                </button>
                <button
                    type="button"
                    aria-label=rename_label
                    on:click=move |_| renaming.set(Some(id.get_value()))
                >
                    {move || t().rename}
                </button>
                <button type="button" aria-label=duplicate_label on:click=on_duplicate>
                    {move || t().duplicate}
                </button>
                <button
                    type="button"
                    aria-label=delete_label
                    prop:disabled=is_current
                    on:click=on_delete
                >
                    {move || t().delete}
                </button>
            </span>
        </li>
    }
}
