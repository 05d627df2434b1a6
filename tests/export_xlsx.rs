//! The exported workbook read back with calamine equals the plan, cell by
//! cell, in every rounding mode; formulas are where a reader checks
//! numbers; and our own importer reopens it to the same plan.

mod export_support;

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use export_support::{all_rich, halves, rich, RISKY_NAMES};
use quota_planner::core::cells::Column;
use quota_planner::core::export::{xlsx::to_xlsx, Table, Value};
use quota_planner::core::i18n::Locale;
use quota_planner::core::import::import;
use quota_planner::core::model::PlannerModel;
use quota_planner::core::plan::Rounding;

struct Sheet {
    values: calamine::Range<Data>,
    formulas: calamine::Range<String>,
}

fn read(bytes: &[u8]) -> (Vec<String>, Sheet) {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("opens");
    let names = book.sheet_names().to_vec();
    let values = book.worksheet_range(&names[0]).expect("values");
    let formulas = book.worksheet_formula(&names[0]).expect("formulas");
    (names, Sheet { values, formulas })
}

impl Sheet {
    fn value(&self, row: usize, col: usize) -> Data {
        self.values
            .get_value((row as u32, col as u32))
            .cloned()
            .unwrap_or(Data::Empty)
    }
    fn formula(&self, row: usize, col: usize) -> String {
        self.formulas
            .get_value((row as u32, col as u32))
            .cloned()
            .unwrap_or_default()
    }
    /// Absolute row of the header (the row whose first cell is "STT").
    fn header_row(&self) -> usize {
        let start = self.values.start().unwrap_or((0, 0)).0 as usize;
        (start..start + self.values.height())
            .find(|&r| self.value(r, 0) == Data::String("STT".into()))
            .expect("a header row")
    }
}

fn number(data: &Data) -> Option<f64> {
    match data {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

/// Every unit's every cell equals what the table (the grid's numbers) says.
fn assert_cells_equal(model: &PlannerModel, label: &str) -> (Sheet, usize) {
    let bytes = to_xlsx(model, Locale::Vi).expect("exports");
    let (names, sheet) = read(&bytes);
    assert_eq!(names, ["Phụ lục", "Cảnh báo"], "{label}");
    let table = Table::new(model, Locale::Vi);
    let header = sheet.header_row();
    for (col, h) in table.headers().iter().enumerate() {
        assert_eq!(
            sheet.value(header, col),
            Data::String(h.to_string()),
            "{label}"
        );
    }
    for index in 0..model.plan().units.len() {
        let row = header + 1 + index;
        for (col, &column) in table.columns.iter().enumerate() {
            let got = sheet.value(row, col);
            match table.value(index, column) {
                // An empty string is written as a blank (formatted) cell.
                Value::Text(text) if text.is_empty() => {
                    assert_eq!(got, Data::Empty, "{label} row {row} {column:?}")
                }
                Value::Text(text) => {
                    assert_eq!(
                        got,
                        Data::String(text.clone()),
                        "{label} row {row} {column:?}"
                    )
                }
                Value::Count(v) => assert_eq!(
                    number(&got),
                    Some(v as f64),
                    "{label} row {row} {column:?} formula {}",
                    sheet.formula(row, col)
                ),
                Value::Percent(p) => assert_eq!(
                    number(&got),
                    Some(p.hundredths() as f64 / 10_000.0),
                    "{label} row {row} percent"
                ),
                Value::Empty => assert_eq!(got, Data::Empty, "{label} row {row} {column:?}"),
            }
        }
    }
    (sheet, header)
}

#[test]
fn every_mode_reads_back_cell_for_cell() {
    for (rounding, model) in all_rich() {
        let label = rounding.key();
        let (sheet, header) = assert_cells_equal(&model, label);
        let table = Table::new(&model, Locale::Vi);
        let col = |c: Column| table.columns.iter().position(|&x| x == c).expect("column");
        let (base, target, eligible) = (
            col(Column::Base),
            col(Column::Target),
            col(Column::Eligible),
        );
        let plan = model.plan();
        let mut rounds = 0;
        for index in 0..plan.units.len() {
            let row = header + 1 + index;
            let leaf = plan.is_leaf(index);
            // A parent's base is the sum of its children; eligible is
            // always a formula.
            assert_eq!(
                sheet.formula(row, base).starts_with("SUM("),
                !leaf,
                "{label} {row}"
            );
            assert!(!sheet.formula(row, eligible).is_empty(), "{label} {row}");
            let f = sheet.formula(row, target);
            let locked = plan.units[index].locked_target.is_some();
            if locked {
                assert!(f.is_empty(), "a lock is a number: {f}");
            }
            match rounding {
                Rounding::PerRow if !locked => {
                    assert!(f.starts_with("ROUND(") || f.is_empty(), "{f}");
                    rounds += usize::from(!f.is_empty());
                }
                Rounding::LargestRemainder | Rounding::SainteLague => {
                    assert!(
                        f.is_empty(),
                        "{label}: apportioned targets are numbers ({f})"
                    )
                }
                _ => {}
            }
        }
        if rounding == Rounding::PerRow {
            assert!(rounds > 100, "per-row targets are formulas ({rounds})");
        }
        // The note under the table names the method.
        let note_row = (header..header + plan.units.len() + 5)
            .find(|&r| matches!(sheet.value(r, 0), Data::String(ref s) if s.starts_with("Ghi chú")))
            .expect("a note under the table");
        assert!(note_row > header + plan.units.len());
    }
}

#[test]
fn clamped_exclusions_give_the_engines_eligible() {
    let model = rich(Rounding::PerRow);
    let (sheet, header) = assert_cells_equal(&model, "clamped");
    let table = Table::new(&model, Locale::Vi);
    let eligible = table
        .columns
        .iter()
        .position(|&c| c == Column::Eligible)
        .expect("eligible");
    let zero = (0..model.plan().units.len())
        .find(|&i| {
            model.plan().is_leaf(i)
                && model.allocation().eligible[i] == 0
                && model.plan().units[i].base > 0
        })
        .expect("a unit excluding more than it counts");
    assert!(sheet
        .formula(header + 1 + zero, eligible)
        .starts_with("MAX(0,"));
}

#[test]
fn risky_names_stay_text() {
    let model = rich(Rounding::PerRow);
    let (sheet, header) = assert_cells_equal(&model, "names");
    let mut found = 0;
    for index in 0..model.plan().units.len() {
        let name = &model.plan().units[index].name;
        if RISKY_NAMES.contains(&name.as_str()) {
            assert_eq!(
                sheet.value(header + 1 + index, 1),
                Data::String(name.clone())
            );
            assert_eq!(sheet.formula(header + 1 + index, 1), "");
            found += 1;
        }
    }
    assert_eq!(found, RISKY_NAMES.len());
}

#[test]
fn halves_are_round_formulas_or_values_with_a_reason() {
    let model = halves();
    let (sheet, header) = assert_cells_equal(&model, "halves");
    let table = Table::new(&model, Locale::Vi);
    let target = table
        .columns
        .iter()
        .position(|&c| c == Column::Target)
        .expect("target");
    let formulas = (1..model.plan().units.len())
        .filter(|i| sheet.formula(header + 1 + i, target).starts_with("ROUND("))
        .count();
    assert!(formulas > 150, "most halves stay formulas ({formulas})");
}

/// Our importer reopens the workbook to the same units, bases, exclusions,
/// percentages and targets (as the file's target column), and title block.
#[test]
fn reimports_to_the_same_plan() {
    for (rounding, model) in all_rich() {
        let label = rounding.key();
        let bytes = to_xlsx(&model, Locale::Vi).expect("exports");
        let back = PlannerModel::from_import(import(&bytes, "phu-luc.xlsx").expect(label));
        let (a, b) = (model.plan(), back.plan());
        assert_eq!(b.title_block, a.title_block, "{label}");
        assert_eq!(b.units.len(), a.units.len(), "{label}");
        let (aa, ba) = (model.allocation(), back.allocation());
        for (i, (x, y)) in a.units.iter().zip(&b.units).enumerate() {
            assert_eq!(
                (&y.code, y.name.trim()),
                (&x.code, x.name.trim()),
                "{label} {i}"
            );
            assert_eq!(
                (y.level, y.parent),
                (x.level, x.parent),
                "{label} {i} {}",
                x.name
            );
            assert_eq!(ba.base[i], aa.base[i], "{label} base {i}");
            if a.is_leaf(i) {
                assert_eq!(y.exclusions, x.exclusions, "{label} exclusions {i}");
            }
            assert_eq!(ba.eligible[i], aa.eligible[i], "{label} eligible {i}");
            assert_eq!(ba.percent[i], aa.percent[i], "{label} percent {i}");
            assert_eq!(y.official_target, Some(aa.target[i]), "{label} target {i}");
            assert_eq!(
                y.daily_target,
                x.daily_target.or(y.daily_target),
                "{label} daily {i}"
            );
        }
        if rounding == Rounding::PerRow {
            // Per row, the reopened plan recomputes the same targets (the
            // locks came back as plain numbers, so skip locked units).
            for i in 0..a.units.len() {
                if a.units[i].locked_target.is_none() {
                    assert_eq!(ba.target[i], aa.target[i], "recomputed {i}");
                }
            }
        }
    }
}

#[test]
fn a_plan_with_several_top_units_gets_a_total_row_that_is_not_a_unit() {
    let mut plan = quota_planner::core::synthetic::wide_plan(3, 2, 2);
    // Cut the province: three communes at the top.
    plan.units.remove(0);
    for (i, unit) in plan.units.iter_mut().enumerate() {
        unit.id = quota_planner::core::plan::UnitId(i as u32);
        unit.level -= 1;
        unit.parent = unit.parent.and_then(|p| p.checked_sub(1));
    }
    plan.reindex();
    let model = PlannerModel::new(plan);
    let (sheet, header) = assert_cells_equal(&model, "roots");
    let total_row = header + 1 + model.plan().units.len();
    assert_eq!(sheet.value(total_row, 1), Data::String("Tổng cộng".into()));
    assert_eq!(
        number(&sheet.value(total_row, 2)),
        Some(model.totals().base as f64)
    );
    let bytes = to_xlsx(&model, Locale::Vi).expect("exports");
    let back = import(&bytes, "x.xlsx").expect("reimports");
    assert_eq!(back.plan.units.len(), model.plan().units.len());
}

#[test]
fn english_headers_reimport_too() {
    let model = rich(Rounding::LargestRemainder);
    let bytes = to_xlsx(&model, Locale::En).expect("exports");
    let back = PlannerModel::from_import(import(&bytes, "appendix.xlsx").expect("reimports"));
    assert_eq!(back.plan().units.len(), model.plan().units.len());
    for i in 0..model.plan().units.len() {
        assert_eq!(
            back.plan().units[i].official_target,
            Some(model.allocation().target[i])
        );
        assert_eq!(back.allocation().percent[i], model.allocation().percent[i]);
    }
}

#[test]
fn warnings_sheet_lists_the_plans_warnings() {
    let model = rich(Rounding::SumOfChildren);
    let bytes = to_xlsx(&model, Locale::Vi).expect("exports");
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(&bytes[..])).expect("opens");
    let warnings = book.worksheet_range("Cảnh báo").expect("warnings sheet");
    let expected = model.allocation().warnings.len();
    assert!(expected > 0);
    assert_eq!(warnings.height(), expected + 1);
}
