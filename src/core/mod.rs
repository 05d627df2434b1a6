//! The domain, free of any UI: units, import, allocation, export.
//! No leptos, web-sys or js-sys here; tested natively with `cargo test`.

pub mod allocate;
pub mod boundary;
pub mod cells;
pub mod charts;
pub mod embed;
pub mod error;
pub mod explain;
pub mod export;
pub mod format;
pub mod i18n;
pub mod import;
pub mod model;
pub mod outline;
pub mod percent;
pub mod plan;
pub mod progress;
pub mod schedule;
pub mod synthetic;
pub mod text;
pub mod view;
pub mod warning;
