//! Rust values handed to JavaScript: the API's return values and the
//! events' payloads (`load`, `change`) share one conversion, so a portal
//! sees the same shapes whichever way a value reaches it.

use serde::Serialize;
use wasm_bindgen::JsValue;

/// Serialises to a plain JS value (objects, not Maps; `null` for `None`).
pub fn to_js<T: Serialize>(value: &T) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).unwrap_or(JsValue::NULL)
}
