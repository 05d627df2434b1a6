//! Browser-only pieces of the public API's boundary: classifying the
//! `JsValue`s a portal passes (`args`), keeping a trap from being silent
//! (`guard`), and the shadow root each planner is drawn in (`shadow`).
//! The decisions and words live in `core::boundary` and `core::i18n::api`.

pub mod args;
pub mod guard;
pub mod offline;
pub mod shadow;
