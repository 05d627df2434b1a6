//! "Lưu bản dùng ngoại tuyến" (the single file with the open plan inside)
//! and the hosted page's "new version ready" notice.

use leptos::prelude::*;

use super::autosave;
use super::session::{Notice, Session};
use crate::core::export::offline::OfflineError;
use crate::core::export::planfile;
use crate::core::i18n::offline::{self as words, texts};

thread_local! {
    /// A new release is cached and waiting (set by the page's service worker).
    /// Reference-counted, not owned by the planner that first reads it: an
    /// arena signal would be disposed with that planner, and the next one
    /// mounted on the page would panic reading it.
    static UPDATE_READY: ArcRwSignal<bool> = ArcRwSignal::new(false);
}

/// The hosted page's service worker says a new release is ready.
pub fn update_ready() {
    UPDATE_READY.with(|ready| ready.set(true));
}

/// The single file's text with the open plan inside.
pub async fn offline_html(session: Session) -> Result<String, OfflineError> {
    let json = session
        .read(|m| planfile::to_json(&planfile::save(m)))
        .ok_or(OfflineError::NoPlanBlock)?;
    crate::web::offline::offline_html(&json).await
}

/// Downloads the offline copy of the open plan; the outcome shows as a notice.
fn save_offline_copy(session: Session) {
    let name = format!("{}.ngoai-tuyen.html", super::drafts::file_stem(session));
    leptos::task::spawn_local(async move {
        let locale = session.locale.get_untracked();
        let notice = match offline_html(session).await {
            Ok(html) => {
                match super::export::download(&html.into(), "text/html;charset=utf-8", &name) {
                    Ok(()) => {
                        // The copy holds the plan, as a plan file would.
                        autosave::saved_to_file(session);
                        Notice::Info(words::saved(&name, locale))
                    }
                    Err(e) => Notice::Error(
                        OfflineError::PageUnavailable(crate::web::args::error_text(&e))
                            .message(locale),
                    ),
                }
            }
            Err(e) => Notice::Error(e.message(locale)),
        };
        session.notice.try_set(Some(notice));
    });
}

/// The toolbar action.
#[component]
pub fn SaveOfflineButton(session: Session) -> impl IntoView {
    let locale = session.locale;
    let w = move || texts(locale.get());
    view! {
        <button type="button" title=move || w().save_offline_hint on:click=move |_| save_offline_copy(session)>
            {move || w().save_offline}
        </button>
    }
}

/// "A new version is ready" with a reload button; nothing reloads by itself.
#[component]
pub fn UpdateNotice(session: Session) -> impl IntoView {
    let locale = session.locale;
    let w = move || texts(locale.get());
    let ready = UPDATE_READY.with(|ready| ready.clone());
    let reload = move |_| {
        // The last edits are stored before the page goes.
        autosave::flush(session);
        crate::web::offline::reload_on_update();
    };
    view! {
        <Show when=move || ready.get()>
            <div class="qp-notice qp-update" role="status">
                <span>{move || w().update_ready}</span>
                <button type="button" title=move || w().reload_hint on:click=reload>
                    {move || w().reload}
                </button>
            </div>
        </Show>
    }
}
