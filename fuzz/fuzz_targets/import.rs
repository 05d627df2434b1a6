//! Any bytes, under any of the accepted names, must give a plan or an
//! `ImportError`, never a panic. The first byte picks the file name so one
//! corpus exercises every reader, and the rest is also tried as pasted text.
//!
//! Seed corpus (not committed; `fuzz/corpus` is ignored): one file per
//! fixture with its selector byte prepended, e.g. `\x01` + the `.xls` and
//! `\x02` + the `.ods` of `tests/fixtures`, `\x03` + `assets/soc-trang-2025.csv`.
//! Run: `cargo +nightly fuzz run import -- -rss_limit_mb=2048 -max_len=200000`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quota_planner::core::import;

const NAMES: [&str; 8] = [
    "a.xlsx", "a.xls", "a.ods", "a.csv", "a.tsv", "a.txt", "a.xlsb", "a",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(selector) % NAMES.len()];
    if let Ok(imported) = import::import(bytes, name) {
        // The report must serialise and the plan be consistent.
        let _ = serde_json::to_string(&imported.report);
        for (i, unit) in imported.plan.units.iter().enumerate() {
            assert!(unit.parent.is_none_or(|p| p < i));
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = import::paste(text);
    }
});
