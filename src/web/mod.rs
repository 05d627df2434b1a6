//! Browser-only pieces of the public API's boundary: classifying the
//! `JsValue`s a portal passes (`args`), keeping a trap from being silent
//! (`guard`), the shadow root each planner is drawn in (`shadow`), Rust
//! values handed back to JavaScript (`value`), and the import worker
//! module's entry (`worker`).
//! The decisions and words live in `core::boundary` and `core::i18n::api`.

pub mod args;
#[cfg(feature = "page")]
pub mod guard;
#[cfg(feature = "page")]
pub mod offline;
#[cfg(feature = "page")]
pub mod shadow;
#[cfg(feature = "page")]
pub mod value;
#[cfg(feature = "reader")]
pub mod worker;
