//! The reader module's exports (the module built with the `reader`
//! feature, scripts/reader-build.sh): a task from the page
//! (`core::import::Task`) done on the bytes sent with it, the reply as
//! bytes (`core::import::wire`); and a workbook written for the page
//! (`__exportWorkbook`, src/ui/workbook.rs). It runs in a throw-away Web Worker
//! (`src/ui/import_worker.js`), or on the page where no worker may run
//! (`ui::isolate`); an abort here ends only the worker's or this module's
//! instance, never the page's planner.

use wasm_bindgen::prelude::*;

use crate::core::boundary::{ArgError, Expected};
use crate::core::error::ImportError;
use crate::core::i18n::Locale;
use crate::core::import::{self, Progress, Stage, Task};

/// Does the page's `task` (JSON) on `bytes`, telling `progress(stage,
/// percent)` how far it is; returns the reply bytes. Checked like every
/// export: a wrong argument is an Error, not a trap.
#[wasm_bindgen(js_name = __importInWorker)]
pub fn import_in_worker(
    bytes: JsValue,
    task: JsValue,
    progress: JsValue,
) -> Result<Vec<u8>, JsError> {
    let args = super::args::Args {
        method: "__importInWorker",
    };
    let refuse = |e: ArgError| JsError::new(&e.message(Locale::Vi));
    let bytes = args
        .bytes("bytes", &bytes, import::MAX_FILE_BYTES)
        .map_err(refuse)?
        .to_vec();
    let task = args.text("task", &task, Expected::Key).map_err(refuse)?;
    let progress = args.function("progress", &progress).map_err(refuse)?;
    let task = match serde_json::from_str::<Task>(&task) {
        Ok(task) => task,
        Err(e) => {
            return Ok(import::wire::encode(&Err(ImportError::Unreadable(
                e.to_string(),
            ))))
        }
    };
    let mut sink = |stage: Stage, percent: u32| {
        let _ = progress.call2(
            &JsValue::NULL,
            &JsValue::from(stage.index()),
            &JsValue::from(percent),
        );
    };
    Ok(import::answer(&bytes, &task, &mut Progress::new(&mut sink)))
}

/// The workbook the page asks for, written here because the page's module
/// has no xlsx writer (src/ui/workbook.rs): `kind` "appendix" from `input`,
/// a plan file (`core::export::planfile`, reopened to the same model), or
/// "ward" from a `WardInput`, both as UTF-8 JSON bytes. A refusal is an
/// Error whose message is the `ExportError` as JSON, for the page to word.
#[wasm_bindgen(js_name = __exportWorkbook)]
pub fn export_workbook(kind: JsValue, input: JsValue, locale: JsValue) -> Result<Vec<u8>, JsError> {
    use crate::core::export::{planfile, results, xlsx, ExportError};
    let args = super::args::Args {
        method: "__exportWorkbook",
    };
    let refuse = |e: ArgError| JsError::new(&e.message(Locale::Vi));
    let kind = args.text("kind", &kind, Expected::Key).map_err(refuse)?;
    let locale = args
        .text("locale", &locale, Expected::Key)
        .map_err(refuse)?;
    let input = args
        .bytes("input", &input, u32::MAX as usize)
        .map_err(refuse)?
        .to_vec();
    let locale = Locale::from_key(&locale).unwrap_or(Locale::Vi);
    // The page wrote the input itself: one it cannot read is a writer
    // that cannot do its work.
    let unreadable = |_| ExportError::WriterUnavailable;
    let made = match kind.as_str() {
        "appendix" => {
            let model = std::str::from_utf8(&input)
                .map_err(|_| ExportError::WriterUnavailable)
                .and_then(|json| planfile::load(json).map_err(unreadable));
            // The plan file's text is not needed by the workbook: its room
            // is reused by it (at a million units, hundreds of MB).
            drop(input);
            model.and_then(|model| xlsx::to_xlsx(&model, locale))
        }
        "ward" => serde_json::from_slice::<WardInput>(&input)
            .map_err(|_| ExportError::WriterUnavailable)
            .and_then(|w| results::ward_report_sheet(&w.name, &w.report, locale)),
        _ => Err(ExportError::WriterUnavailable),
    };
    made.map_err(|e| JsError::new(&serde_json::to_string(&e).unwrap_or_default()))
}

/// What the ward report's workbook needs: the unit's name and its report.
#[derive(serde::Deserialize)]
struct WardInput {
    name: String,
    report: crate::core::progress::WardReport,
}
