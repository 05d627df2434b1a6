//! CSV and the copied table: UTF-8 with BOM, one header row, counts
//! without separators, names that would open as formulas marked as text,
//! and our importer reading both back to the same plan.

mod export_support;

use export_support::{all_rich, rich, RISKY_NAMES};
use quota_planner::core::export::csv::{
    rows, safe_text, to_clipboard, to_csv, to_csv_with, Separator, BOM,
};
use quota_planner::core::i18n::Locale;
use quota_planner::core::import::{import, paste};
use quota_planner::core::model::{Edit, PlannerModel};
use quota_planner::core::plan::Rounding;

fn records(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches(BOM).as_bytes())
        .records()
        .map(|r| r.expect("row").iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn csv_has_a_bom_a_header_and_plain_numbers() {
    let model = PlannerModel::sample().expect("sample");
    let text = to_csv(&model, Locale::Vi);
    assert!(text.starts_with(BOM));
    assert!(text.contains("\r\n"));
    let rows = records(&text);
    assert_eq!(rows.len(), model.plan().units.len() + 1);
    assert_eq!(rows[0][..4], ["STT", "Đơn vị", "Số lượng", "Tỷ lệ"]);
    assert_eq!(rows[1][1..5], ["Tỉnh Sóc Trăng", "841625", "90%", "757463"]);
    assert_eq!(rows[2][..2], ["I", "Huyện Châu Thành"]);
}

#[test]
fn formula_like_text_is_marked() {
    for text in RISKY_NAMES.iter().chain(&["\tTab", "\rCR", "-", "+"]) {
        let safe = safe_text(text);
        assert_eq!(safe, format!("'{text}"), "{text:?}");
    }
    assert_eq!(safe_text("Ấp 1"), "Ấp 1");
    let model = rich(Rounding::PerRow);
    let rows = rows(&model, Locale::Vi);
    for name in RISKY_NAMES {
        let marked = format!("'{name}");
        assert!(rows.iter().any(|r| r[1] == marked), "{name}");
        assert!(
            !rows.iter().any(|r| r.iter().any(|c| c == name)),
            "{name} unmarked"
        );
    }
    // No cell of the whole table starts like a formula.
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?} would open as a formula"
            );
        }
    }
}

/// CSV and the copied table reopen to the same plan (names unmarked).
#[test]
fn csv_and_clipboard_reimport_to_the_same_plan() {
    for (rounding, model) in all_rich() {
        for (kind, back) in [
            (
                "csv",
                import(to_csv(&model, Locale::Vi).as_bytes(), "phu-luc.csv"),
            ),
            ("paste", paste(&to_clipboard(&model, Locale::Vi))),
            (
                "csv with semicolons",
                import(
                    to_csv_with(&model, Locale::Vi, Separator::Semicolon).as_bytes(),
                    "phu-luc.csv",
                ),
            ),
        ] {
            let label = format!("{} {kind}", rounding.key());
            let back = PlannerModel::from_import(back.expect(&label));
            let (a, b) = (model.plan(), back.plan());
            assert_eq!(b.units.len(), a.units.len(), "{label}");
            let (aa, ba) = (model.allocation(), back.allocation());
            for (i, (x, y)) in a.units.iter().zip(&b.units).enumerate() {
                assert_eq!((&y.code, &y.name), (&x.code, &x.name), "{label} {i}");
                assert_eq!(y.parent, x.parent, "{label} {i}");
                assert_eq!(ba.base[i], aa.base[i], "{label} {i}");
                if a.is_leaf(i) {
                    assert_eq!(y.exclusions, x.exclusions, "{label} {i}");
                }
                assert_eq!(ba.percent[i], aa.percent[i], "{label} {i}");
                assert_eq!(y.official_target, Some(aa.target[i]), "{label} {i}");
            }
        }
    }
}

#[test]
fn english_percentages_use_a_decimal_point() {
    let mut model = PlannerModel::sample().expect("sample");
    assert_eq!(
        model.apply_batch(vec![Edit::UnitPercent(
            3,
            Some(export_support::percent(8750)),
        )]),
        Ok(true)
    );
    let vi = records(&to_csv(&model, Locale::Vi));
    let en = records(&to_csv(&model, Locale::En));
    assert_eq!(vi[4][3], "87,5%");
    assert_eq!(en[4][3], "87.5%");
    assert_eq!(en[0][..3], ["No.", "Unit", "Base"]);
}

#[test]
fn semicolons_separate_the_cells_for_a_vietnamese_excel() {
    let Ok(model) = PlannerModel::sample() else {
        panic!("the sample opens");
    };
    let text = to_csv_with(&model, Locale::Vi, Separator::Semicolon);
    assert!(text.starts_with('\u{feff}'));
    let header = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    assert!(header.starts_with("STT;Đơn vị;"), "{header}");
    // "90%" needs no quotes; a Vietnamese decimal comma would not either.
    let first = text.lines().nth(1).unwrap_or("");
    assert!(!first.contains(','), "{first}");
    assert_eq!(Separator::from_key(";"), Some(Separator::Semicolon));
    assert_eq!(Separator::from_key(","), Some(Separator::Comma));
    assert_eq!(Separator::from_key("\t"), None);
}
