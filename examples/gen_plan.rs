//! Writes a generated plan of about UNITS units as a ward's file comes, for
//! the peer benchmark (scripts/bench-peers.sh): `plan-UNITS.xlsx` (one sheet,
//! shared strings, no styles, no formulas: what openpyxl writes) and
//! `plan-UNITS.csv`, the same rows. Columns STT, Đơn vị, Số lượng; a base on
//! the lowest units only, as in the browser benchmark's `nationalCsv()`.
//!
//! `cargo run --release --example gen_plan -- UNITS OUT_DIR`

use std::path::PathBuf;
use std::process::ExitCode;

use quota_planner::core::synthetic::wide_plan;
use rust_xlsxwriter::Workbook;

/// Fan-outs for about `units` units: province > communes > groups > officers,
/// 50 groups of 49 officers a commune (2,501 units) as `wide_plan(40, 50, 49)`
/// (100,041) from 2,502 units up; one commune of √units groups below that.
fn shape(units: usize) -> (usize, usize, usize) {
    if units > 2_501 {
        ((units + 1_250) / 2_501, 50, 49)
    } else {
        let groups = (units as f64).sqrt().round().max(1.0) as usize;
        (1, groups, (units / groups).saturating_sub(1).max(1))
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(units), Some(dir)) = (args.first().and_then(|a| a.parse().ok()), args.get(1)) else {
        eprintln!("usage: gen_plan UNITS OUT_DIR");
        return ExitCode::from(2);
    };
    match write(units, &PathBuf::from(dir)) {
        Ok(written) => {
            println!("{written}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_plan: {e}");
            ExitCode::FAILURE
        }
    }
}

fn write(units: usize, dir: &std::path::Path) -> Result<usize, Box<dyn std::error::Error>> {
    let (communes, groups, officers) = shape(units);
    let plan = wide_plan(communes, groups, officers);
    let mut has_children = vec![false; plan.units.len()];
    for unit in &plan.units {
        if let Some(parent) = unit.parent {
            has_children[parent] = true;
        }
    }
    std::fs::create_dir_all(dir)?;
    let header = ["STT", "Đơn vị", "Số lượng"];
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let mut csv = csv::Writer::from_path(dir.join(format!("plan-{units}.csv")))?;
    csv.write_record(header)?;
    for (col, text) in header.iter().enumerate() {
        sheet.write_string(0, col as u16, *text)?;
    }
    for (i, unit) in plan.units.iter().enumerate() {
        let row = i as u32 + 1;
        if !unit.code.is_empty() {
            sheet.write_string(row, 0, &unit.code)?;
        }
        sheet.write_string(row, 1, &unit.name)?;
        let base = (!has_children[i]).then_some(unit.base);
        if let Some(base) = base {
            sheet.write_number(row, 2, base as f64)?;
        }
        let base = base.map(|b| b.to_string()).unwrap_or_default();
        csv.write_record([unit.code.as_str(), unit.name.as_str(), base.as_str()])?;
    }
    csv.flush()?;
    book.save(dir.join(format!("plan-{units}.xlsx")))?;
    Ok(plan.units.len())
}
