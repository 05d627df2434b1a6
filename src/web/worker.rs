//! The import worker module's one export (the module built with the
//! `reader` feature, scripts/reader-build.sh): a task from the page
//! (`core::import::Task`) done on the bytes sent with it, the reply as
//! bytes (`core::import::wire`). It runs in a throw-away Web Worker
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
