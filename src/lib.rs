//! Quota Planner ("Lập chỉ tiêu"): exact quota appendices in the browser.
//!
//! `core` is the domain in plain Rust; `ui` (Leptos) and `api` (the public
//! JavaScript API) are thin layers over `core::model::PlannerModel`.

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod web;
