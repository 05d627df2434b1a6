//! Browser-only pieces of the public API's boundary: classifying the
//! `JsValue`s a portal passes (`args`) and keeping a trap from being
//! silent (`guard`). The decisions and words live in `core::boundary` and
//! `core::i18n::api`.

pub mod args;
pub mod guard;
pub mod offline;
