//! Rust values handed to JavaScript: the API's return values and the
//! events' payloads (`load`, `change`) share one conversion, so a portal
//! sees the same shapes whichever way a value reaches it.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::core::view::{PlanView, ReportView, UNIT_NUMBERS};

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
    #[wasm_bindgen(js_name = addUnits, catch)]
    fn add_units(
        plan: &JsValue,
        text: &str,
        ends: &[u32],
        numbers: &[f64],
        width: usize,
    ) -> Result<(), JsValue>;
    #[wasm_bindgen(js_name = arrayOfNumbers)]
    fn array_of_numbers(typed: &[u32]) -> js_sys::Array;
}

/// Serialises to a plain JS value (objects, not Maps; `null` for `None`).
pub fn to_js<T: Serialize>(value: &T) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).unwrap_or(JsValue::NULL)
}

/// `load()`'s value and the `load` event's payload: `to_js` of the report,
/// except its `unitRows` (one number per unit), handed over as one typed
/// array and made an array by a JS loop (`arrayOfNumbers`) rather than
/// set element by element across the boundary (a million units: 50–60 ms
/// in one task). The key keeps its place among the others.
pub fn report_to_js(report: &mut ReportView) -> JsValue {
    let rows = std::mem::take(&mut report.unit_rows);
    let value = to_js(&*report);
    // usize is u32 on wasm32, where this runs: no row is out of range
    // there (u32::MAX would say so elsewhere, never a plausible row).
    let numbers: Vec<u32> = rows
        .iter()
        .map(|&row| u32::try_from(row).unwrap_or(u32::MAX))
        .collect();
    let array = array_of_numbers(&numbers);
    let _ = js_sys::Reflect::set(&value, &JsValue::from_str("unitRows"), &array);
    report.unit_rows = rows;
    value
}

/// `plan()`'s value: the unit objects built on the page from columns, or,
/// when the units carry progress, parsed from the plan's JSON. Either way
/// the same objects (`tests/browser/plan-shape.test.mjs`).
pub fn plan_to_js(view: &PlanView) -> Result<JsValue, String> {
    let error = |e: JsValue| super::args::error_text(&e);
    let Some(c) = view.columns_of(0..PLAN_SLICE) else {
        return plan_json_to_js(view);
    };
    let plan =
        plan_from_columns(&c.head, &c.text, &c.ends, &c.numbers, UNIT_NUMBERS).map_err(error)?;
    drop(c);
    let mut start = PLAN_SLICE;
    loop {
        // A slice that cannot be put in columns (never expected after the
        // first): the whole plan as JSON rather than a plan cut short.
        let Some(c) = view.columns_of(start..start.saturating_add(PLAN_SLICE)) else {
            return plan_json_to_js(view);
        };
        if c.ends.is_empty() {
            return Ok(plan);
        }
        add_units(&plan, &c.text, &c.ends, &c.numbers, UNIT_NUMBERS).map_err(error)?;
        start = start.saturating_add(PLAN_SLICE);
    }
}

/// Units whose columns `plan()` builds at a time (~12 MB of wasm memory).
const PLAN_SLICE: usize = 100_000;

/// `plan()`'s value parsed from its JSON text.
pub fn plan_json_to_js(view: &PlanView) -> Result<JsValue, String> {
    let json = view.to_json().map_err(|e| e.to_string())?;
    js_sys::JSON::parse(&json).map_err(|e| super::args::error_text(&e))
}
