//! Rust values handed to JavaScript: the API's return values and the
//! events' payloads (`load`, `change`) share one conversion, so a portal
//! sees the same shapes whichever way a value reaches it.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::core::view::{PlanView, UNIT_NUMBERS};

#[wasm_bindgen(module = "/src/web/plan.js")]
extern "C" {
    #[wasm_bindgen(js_name = planFromColumns, catch)]
    fn plan_from_columns(
        head: &str,
        text: &str,
        ends: &[u32],
        numbers: &[f64],
        width: usize,
    ) -> Result<JsValue, JsValue>;
}

/// Serialises to a plain JS value (objects, not Maps; `null` for `None`).
pub fn to_js<T: Serialize>(value: &T) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).unwrap_or(JsValue::NULL)
}

/// `plan()`'s value: the unit objects built on the page from columns, or,
/// when the units carry progress, parsed from the plan's JSON. Either way
/// the same objects (`tests/browser/plan-shape.test.mjs`).
pub fn plan_to_js(view: &PlanView) -> Result<JsValue, String> {
    match view.to_columns() {
        Some(c) => plan_from_columns(&c.head, &c.text, &c.ends, &c.numbers, UNIT_NUMBERS)
            .map_err(|e| super::args::error_text(&e)),
        None => plan_json_to_js(view),
    }
}

/// `plan()`'s value parsed from its JSON text.
pub fn plan_json_to_js(view: &PlanView) -> Result<JsValue, String> {
    let json = view.to_json().map_err(|e| e.to_string())?;
    js_sys::JSON::parse(&json).map_err(|e| super::args::error_text(&e))
}
