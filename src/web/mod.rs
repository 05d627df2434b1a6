//! Browser-only pieces of the public API's boundary: classifying the
//! `JsValue`s a portal passes (`args`), keeping a trap from being silent
//! (`guard`), the shadow root each planner is drawn in (`shadow`), and
//! Rust values handed back to JavaScript (`value`).
//! The decisions and words live in `core::boundary` and `core::i18n::api`.

pub mod args;
pub mod guard;
pub mod offline;
pub mod shadow;
pub mod value;
