//! Quota Planner ("Lập chỉ tiêu"): exact quota appendices in the browser.
//!
//! `core` is the domain in plain Rust; `ui` (Leptos) and `api` (the public
//! JavaScript API) are thin layers over `core::model::PlannerModel`.
//!
//! Two wasm modules come from this crate (Cargo.toml's features): the
//! page's (`page`: `ui`, `api`) and the reader (`reader`: the file readers,
//! the xlsx writers and `web::worker`), which the import worker runs and
//! the page keeps one instance of to write workbooks (`ui::workbook`).

pub mod core;

#[cfg(all(target_arch = "wasm32", feature = "page"))]
pub mod api;
#[cfg(all(target_arch = "wasm32", feature = "page"))]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod web;
