//! Entry point of the page build: mounts the planner on `index.html`.

#[cfg(target_arch = "wasm32")]
fn main() {
    quota_planner::api::start_page();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Quota Planner runs in the browser: use `scripts/serve.sh`.");
}
