//! Excel workbooks, written by the reader module: the page's module has no
//! xlsx writer (it is a fifth of the page's size, BENCHMARKS.md), so the
//! page keeps one instance of the reader beside the planner
//! (`src/ui/import_worker.js`) and hands it the plan as a plan file, which
//! reopens to the same model (`tests/planfile.rs` checks the workbook is
//! the same). `mount()` waits for that instance (`prepare`), so
//! `exportXlsx()` stays synchronous; if it could not be loaded, or stopped,
//! an export says so (`ExportError::WriterUnavailable`) and the next one
//! tries a fresh instance. Whatever happens there, the planner's own
//! instance and its plan are untouched.

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::core::export::{planfile, ExportError};
use crate::core::i18n::Locale;
use crate::core::model::PlannerModel;
use crate::core::progress::WardReport;

#[wasm_bindgen(module = "/src/ui/import_worker.js")]
extern "C" {
    #[wasm_bindgen(js_name = prepareWriter)]
    fn prepare_writer() -> Promise;
    #[wasm_bindgen(js_name = writeOnPage, catch)]
    fn write_on_page(kind: &str, input: &Uint8Array, locale: &str) -> Result<Uint8Array, JsValue>;
}

/// Resolves once the writer is ready, or could not be made ready.
pub async fn prepare() {
    let _ = JsFuture::from(prepare_writer()).await;
}

/// The appendix as an xlsx workbook (`core::export::xlsx::to_xlsx` of
/// this model).
pub fn appendix(model: &PlannerModel, locale: Locale) -> Result<Uint8Array, ExportError> {
    let json = planfile::save_text(model);
    write("appendix", json.as_bytes(), locale)
}

/// The ward report as an xlsx workbook
/// (`core::export::results::ward_report_xlsx`).
pub fn ward_report(
    model: &PlannerModel,
    report: &WardReport,
    locale: Locale,
) -> Result<Uint8Array, ExportError> {
    #[derive(serde::Serialize)]
    struct WardInput<'a> {
        name: &'a str,
        report: &'a WardReport,
    }
    let name = report.unit_name(model.plan());
    let json = serde_json::to_vec(&WardInput { name, report })
        .map_err(|e| ExportError::Workbook(e.to_string()))?;
    write("ward", &json, locale)
}

fn write(kind: &str, input: &[u8], locale: Locale) -> Result<Uint8Array, ExportError> {
    let input = Uint8Array::from(input);
    write_on_page(kind, &input, locale.key()).map_err(|thrown| {
        // `null`: no writer ready; an Error: the writer's refusal, an
        // `ExportError` as JSON (anything else in it is shown as it is).
        let Some(error) = thrown.dyn_ref::<js_sys::Error>() else {
            return ExportError::WriterUnavailable;
        };
        let message = String::from(error.message());
        serde_json::from_str(&message).unwrap_or(ExportError::Workbook(message))
    })
}
