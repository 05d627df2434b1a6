//! LibreOffice opens the exported workbooks, recalculates every formula
//! (a throw-away profile sets `OOXMLRecalcMode` to "always"; without it
//! LibreOffice shows the cached results) and saves the values as CSV:
//! every cell must equal the number the planner saw.
//!
//! Needs `soffice` (Debian's `libreoffice-calc-nogui`, installed by
//! `scripts/setup.sh --test`). Without it the test fails under `CI=true`
//! and is skipped with a printed reason otherwise.

mod export_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use export_support::{all_rich, halves};
use quota_planner::core::export::{xlsx::to_xlsx, Table, Value};
use quota_planner::core::i18n::Locale;
use quota_planner::core::model::PlannerModel;

fn soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("soffice"))
        .find(|p| p.is_file())
}

/// A fresh directory under the system temp dir.
fn scratch(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!("qp-{name}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A LibreOffice profile that recalculates xlsx formulas on load.
fn recalculating_profile(dir: &Path) -> String {
    let user = dir.join("user");
    std::fs::create_dir_all(&user).expect("profile dir");
    std::fs::write(
        user.join("registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .expect("profile");
    format!("-env:UserInstallation=file://{}", dir.display())
}

/// Converts the workbooks to CSV (the first sheet, raw values, UTF-8)
/// with recalculation; returns each one's rows.
fn recalculate(soffice: &Path, books: &[(String, Vec<u8>)]) -> Vec<Vec<Vec<String>>> {
    let work = scratch("lo");
    let profile = recalculating_profile(&work.join("profile"));
    let out = work.join("out");
    let mut inputs = Vec::new();
    for (name, bytes) in books {
        let path = work.join(format!("{name}.xlsx"));
        std::fs::write(&path, bytes).expect("write xlsx");
        inputs.push(path);
    }
    let status = Command::new(soffice)
        .arg(&profile)
        .args(["--headless", "--norestore", "--convert-to"])
        // Comma, quote, UTF-8, from line 1, default formats, raw values
        // (not "as shown"), no formulas.
        .arg("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false")
        .arg("--outdir")
        .arg(&out)
        .args(&inputs)
        .output()
        .expect("soffice runs");
    assert!(
        status.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let rows = books
        .iter()
        .map(|(name, _)| {
            let text = std::fs::read_to_string(out.join(format!("{name}.csv")))
                .unwrap_or_else(|e| panic!("no CSV for {name}: {e}"));
            csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes())
                .records()
                .map(|r| r.expect("csv row").iter().map(str::to_string).collect())
                .collect()
        })
        .collect();
    let _ = std::fs::remove_dir_all(&work);
    rows
}

fn require_soffice() -> Option<PathBuf> {
    match soffice() {
        Some(path) => Some(path),
        None if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("soffice is missing: scripts/setup.sh --test installs libreoffice-calc-nogui")
        }
        None => {
            eprintln!("SKIPPED: soffice not installed (scripts/setup.sh --test installs it)");
            None
        }
    }
}

fn compare(label: &str, model: &PlannerModel, rows: &[Vec<String>]) -> usize {
    let table = Table::new(model, Locale::Vi);
    let header = rows
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("STT"))
        .unwrap_or_else(|| panic!("{label}: no header row in {rows:?}"));
    let mut checked = 0;
    for index in 0..model.plan().units.len() {
        let row = &rows[header + 1 + index];
        for (col, &column) in table.columns.iter().enumerate() {
            let got = row.get(col).map(String::as_str).unwrap_or("");
            match table.value(index, column) {
                Value::Text(text) => assert_eq!(got, text, "{label} unit {index} {column:?}"),
                Value::Count(v) => {
                    assert_eq!(got, v.to_string(), "{label} unit {index} {column:?}");
                    checked += 1;
                }
                Value::Percent(p) => {
                    // Raw values still carry the percent format: "87.5%".
                    let number = got.strip_suffix('%').and_then(|n| n.parse::<f64>().ok());
                    assert_eq!(
                        number,
                        Some(p.hundredths() as f64 / 100.0),
                        "{label} unit {index} percent {got:?}"
                    );
                }
                Value::Empty => assert_eq!(got, "", "{label} unit {index} {column:?}"),
            }
        }
    }
    checked
}

#[test]
fn libreoffice_recalculates_every_formula_to_the_planners_number() {
    let Some(soffice) = require_soffice() else {
        return;
    };
    // The profile really makes LibreOffice recalculate: a formula whose
    // cached result is wrong comes out right.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .write_formula(0, 0, rust_xlsxwriter::Formula::new("=1+1").set_result("5"))
        .expect("formula");
    let probe = book.save_to_buffer().expect("probe");

    let mut models: Vec<(String, PlannerModel)> = all_rich()
        .into_iter()
        .map(|(r, m)| (r.key().to_string(), m))
        .collect();
    models.push(("halves".into(), halves()));
    models.push(("sample".into(), PlannerModel::sample().expect("sample")));
    let mut books = vec![("probe".to_string(), probe)];
    for (name, model) in &models {
        books.push((name.clone(), to_xlsx(model, Locale::Vi).expect("exports")));
    }
    let results = recalculate(&soffice, &books);
    assert_eq!(
        results[0][0][0], "2",
        "LibreOffice did not recalculate on load"
    );
    let mut cells = 0;
    for ((name, model), rows) in models.iter().zip(&results[1..]) {
        cells += compare(name, model, rows);
    }
    println!("{cells} count cells equal after LibreOffice recalculated");
}
