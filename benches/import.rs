//! Import of a generated national plan (about 105,000 units, 4 levels),
//! natively: calamine's own read of the xlsx (every cell visited, nothing
//! kept) against our whole `core::import` of the same bytes, its stages,
//! the CSV of the same plan, and the worker's reply (encode, decode).
//! Prints figures; run with `cargo bench --bench import [-- UNITS]`.

use std::io::Cursor;
use std::time::{Duration, Instant};

use calamine::{Reader, Xlsx};
use quota_planner::core::i18n::Locale;
use quota_planner::core::import::{self, wire};
use quota_planner::core::model::PlannerModel;
use quota_planner::core::synthetic::national_plan;

fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..runs {
        let t0 = Instant::now();
        let value = f();
        best = best.min(t0.elapsed());
        out = Some(value);
    }
    (best, out.expect("at least one run"))
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let units: usize = std::env::args()
        .filter_map(|a| a.parse().ok())
        .next()
        .unwrap_or(105_435);
    let model = PlannerModel::new(national_plan(units));
    let xlsx = quota_planner::core::export::xlsx::to_xlsx(&model, Locale::Vi).expect("xlsx");
    let csv = quota_planner::core::export::csv::to_csv(&model, Locale::Vi);
    println!(
        "plan: {} units; xlsx {:.2} MB, csv {:.2} MB",
        model.plan().units.len(),
        xlsx.len() as f64 / 1e6,
        csv.len() as f64 / 1e6
    );
    let runs = 5;
    let (read, cells) = best(runs, || {
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(&xlsx[..])).expect("open");
        let mut cells = 0usize;
        for name in book.sheet_names() {
            let mut reader = book.worksheet_cells_reader(&name).expect("sheet");
            while let Some(cell) = reader.next_cell().expect("cell") {
                cells += usize::from(!matches!(cell.get_value(), calamine::DataRef::Empty));
            }
        }
        cells
    });
    println!("calamine read (cells reader, {cells} cells): {}", ms(read));
    let (whole, imported) = best(runs, || {
        import::import(&xlsx, "quoc-gia.xlsx").expect("import")
    });
    println!(
        "core::import xlsx ({} units): {}  (ours: {}, {:.2}× calamine's read)",
        imported.report.units,
        ms(whole),
        ms(whole.saturating_sub(read)),
        whole.saturating_sub(read).as_secs_f64() / read.as_secs_f64()
    );
    let (csv_time, from_csv) = best(runs, || {
        import::import(csv.as_bytes(), "quoc-gia.csv").expect("csv")
    });
    println!(
        "core::import csv ({} units): {}",
        from_csv.report.units,
        ms(csv_time)
    );
    let result = Ok(imported);
    let (encode, reply) = best(runs, || wire::encode(&result));
    let (decode, back) = best(runs, || wire::decode(&reply).expect("decode"));
    println!(
        "reply: {:.2} MB; encode {}, decode {}",
        reply.len() as f64 / 1e6,
        ms(encode),
        ms(decode)
    );
    let (model_time, _) = best(runs, || PlannerModel::from_import(back.clone()));
    println!(
        "PlannerModel::from_import (clone included): {}",
        ms(model_time)
    );
}
