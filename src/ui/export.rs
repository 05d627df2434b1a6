//! Getting the appendix out of the page: Excel and CSV downloads, the
//! whole table on the clipboard, printing, and the title block printed
//! above the table. The files and the print table are made by
//! `core::export`; this module only hands them to the browser.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::session::{Notice, Session};
use crate::core::export::{self, csv, print};
use crate::core::i18n::export::{self as words, texts};
use crate::core::i18n::Locale;
use crate::web::shadow;

/// The class of the element holding the print table while printing.
const PRINT_ROOT: &str = "qp-print-root";
/// On `<html>` while a print table is in the page: print shows only it.
const PRINTING: &str = "qp-printing";

/// The toolbar's export and print actions.
#[component]
pub fn ExportActions(session: Session) -> impl IntoView {
    let locale = session.locale;
    let w = move || texts(locale.get());
    // Ctrl+P and the browser's menu print too: build the print table just
    // before and drop it after.
    let before = window_event_listener_untyped("beforeprint", move |_| {
        if print_root().is_none() {
            build_print_table(session);
        }
    });
    let after = window_event_listener_untyped("afterprint", move |_| remove_print_table());
    on_cleanup(move || {
        before.remove();
        after.remove();
        remove_print_table();
    });

    let export_xlsx = move |_| {
        // The writer is ready once the planner is mounted; if it is being
        // made again (after it failed), the click waits for it.
        leptos::task::spawn_local(async move {
            super::workbook::prepare().await;
            let l = locale.get_untracked();
            let made = session.read(|m| {
                (
                    super::workbook::appendix(m, l),
                    export::file_name(m, "xlsx"),
                )
            });
            match made {
                Some((Ok(array), name)) => {
                    offer_download(session, &array, XLSX_TYPE, &name);
                }
                Some((Err(e), _)) => session.notice.set(Some(Notice::Error(e.message(l)))),
                None => {}
            }
        });
    };
    let export_csv = move |separator: csv::Separator| {
        let l = locale.get_untracked();
        if let Some((text, name)) = session.read(|m| {
            (
                csv::to_csv_with(m, l, separator),
                export::file_name(m, "csv"),
            )
        }) {
            offer_download(
                session,
                &JsValue::from_str(&text),
                "text/csv;charset=utf-8",
                &name,
            );
        }
    };
    let copy = move |_| copy_table(session);
    let print_now = move |_| {
        remove_print_table();
        build_print_table(session);
        if let Some(window) = web_sys::window() {
            // Returns when the print dialog closes; `afterprint` cleans up.
            let _ = window.print();
        }
    };

    view! {
        <div class="qp-export" role="group" aria-label=move || w().actions_label>
            <button type="button" title=move || w().export_xlsx_hint on:click=export_xlsx>
                {move || w().export_xlsx}
            </button>
            <button
                type="button"
                title=move || w().export_csv_hint
                on:click=move |_| export_csv(csv::Separator::Comma)
            >
                {move || w().export_csv}
            </button>
            <button
                type="button"
                title=move || w().export_csv_semicolon_hint
                on:click=move |_| export_csv(csv::Separator::Semicolon)
            >
                {move || w().export_csv_semicolon}
            </button>
            <button type="button" title=move || w().copy_table_hint on:click=copy>
                {move || w().copy_table}
            </button>
            <button type="button" title=move || w().print_hint on:click=print_now>
                {move || w().print}
            </button>
        </div>
    }
}

/// The lines printed above the table, one per line of a text box; a
/// change is one undoable edit.
#[component]
pub fn TitleBlockPanel(session: Session, id_prefix: String) -> impl IntoView {
    let locale = session.locale;
    let w = move || texts(locale.get());
    let id = format!("{id_prefix}-title-block");
    let lines = move || session.model.with(|m| m.plan().title_block.join("\n"));
    let on_change = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let mut lines: Vec<String> = text.lines().map(|l| l.trim_end().to_string()).collect();
        while lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
        }
        session.edit(|m| m.set_title_block(lines));
    };
    view! {
        <details class="qp-title-block">
            <summary>{move || w().title_block_label}</summary>
            <label for=id.clone() class="qp-visually-hidden">{move || w().title_block_label}</label>
            <textarea id=id rows="4" prop:value=lines on:change=on_change></textarea>
            <p class="qp-hint">{move || w().title_block_hint}</p>
        </details>
    }
}

const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Hands `part` (bytes or text) to the browser as a file download.
fn offer_download(session: Session, part: &JsValue, mime: &str, file_name: &str) {
    let locale = session.locale.get_untracked();
    let message = match download(part, mime, file_name) {
        Ok(()) => Notice::Info(words::downloaded(file_name, locale)),
        Err(e) => Notice::Error(words::export_error(
            &export::ExportError::Workbook(describe(&e)),
            locale,
        )),
    };
    session.notice.set(Some(message));
}

/// A Blob, an object URL and a clicked `<a download>`; the URL is revoked
/// once the browser has had time to start the download.
pub(super) fn download(part: &JsValue, mime: &str, file_name: &str) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let parts = js_sys::Array::of1(part);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(file_name);
    link.set_class_name("qp-hidden");
    let body = document.body().ok_or("no body")?;
    body.append_child(&link)?;
    link.click();
    link.remove();
    gloo::timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Puts the whole table (header row included, tab-separated) on the
/// clipboard; the outcome shows as a notice.
fn copy_table(session: Session) {
    let locale = session.locale.get_untracked();
    let Some(text) = session.read(|m| csv::to_clipboard(m, locale)) else {
        return;
    };
    let rows = text.matches("\r\n").count();
    copy_text(session, &text, words::copied(rows, locale));
}

/// Puts text on the clipboard; `done` (or why it failed) shows as a notice.
pub(super) fn copy_text(session: Session, text: &str, done: String) {
    let locale = session.locale.get_untracked();
    let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
    let Some(clipboard) = clipboard else {
        return;
    };
    let promise = clipboard.write_text(text);
    leptos::task::spawn_local(async move {
        let notice = match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(_) => Notice::Info(done),
            Err(e) => Notice::Error(words::copy_failed(&describe(&e), locale)),
        };
        session.notice.set(Some(notice));
    });
}

fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| format!("{error:?}"))
}

fn print_root() -> Option<web_sys::Element> {
    let document = web_sys::window()?.document()?;
    document.query_selector(&format!(".{PRINT_ROOT}")).ok()?
}

thread_local! {
    /// The print stylesheets adopted by the document, taken out after.
    static PRINT_SHEETS: std::cell::RefCell<Vec<web_sys::CssStyleSheet>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Puts the print table of every unit into the page (hidden on screen,
/// the only thing printed): one HTML string from the core, set at once,
/// inside a shadow root of its own (a portal's CSS cannot reach it); its
/// stylesheet is constructed, so a strict CSP allows it.
fn build_print_table(session: Session) {
    let locale: Locale = session.locale.get_untracked();
    let Some(page) = session.read(|m| print::to_page(m, locale)) else {
        return;
    };
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    let Ok((root, inner, sheet)) = shadow::print_host(&document, PRINT_ROOT, &page.css) else {
        return;
    };
    PRINT_SHEETS.with(|s| s.borrow_mut().push(sheet));
    inner.set_inner_html(&page.html);
    let _ = body.append_child(&root);
    if let Some(html_element) = document.document_element() {
        let _ = html_element.class_list().add_1(PRINTING);
    }
}

fn remove_print_table() {
    while let Some(root) = print_root() {
        root.remove();
    }
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    for sheet in PRINT_SHEETS.with(|s| std::mem::take(&mut *s.borrow_mut())) {
        shadow::unadopt(&document, &sheet);
    }
    if let Some(html_element) = document.document_element() {
        let _ = html_element.class_list().remove_1(PRINTING);
    }
}
