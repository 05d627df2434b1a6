//! Getting the appendix out: an Excel workbook with live formulas
//! (`xlsx`), CSV and the copied table (`csv`), and the print table
//! (`print`), all three with the same columns and numbers, from `Table`;
//! and the plan file (`planfile`).

pub mod csv;
pub mod offline;
pub mod planfile;
pub mod print;
// The workbook writers: in the reader module only (Cargo.toml's features);
// the page runs them there (src/ui/workbook.rs).
#[cfg(feature = "reader")]
pub mod results;
#[cfg(feature = "reader")]
pub mod xlsx;

use std::fmt;

use serde::{Deserialize, Serialize};

use super::cells::{daily_target, Column};
use super::i18n::{self, Locale};
use super::model::PlannerModel;
use super::percent::Percent;
use super::plan::{ExclusionCategory, Exclusions, Plan};

/// What can go wrong while exporting (the plan itself is never touched).
/// Serialisable: the reader module, which writes workbooks, hands it to
/// the page (src/web/worker.rs, src/ui/workbook.rs).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ExportError {
    /// The workbook writer refused (its message).
    Workbook(String),
    /// More rows than one Excel sheet holds.
    TooManyRows { rows: usize, limit: usize },
    /// The workbook writer (the reader module) could not be loaded or
    /// stopped: no workbook, the plan untouched, CSV still works.
    WriterUnavailable,
}

impl ExportError {
    /// The message a planner reads, in the given language.
    pub fn message(&self, locale: Locale) -> String {
        i18n::export::export_error(self, locale)
    }
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Locale::En))
    }
}

impl std::error::Error for ExportError {}

/// Why a cell that would hold a formula holds a plain number (the cell
/// carries a note saying so).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueReason {
    /// eligible × percent is exactly k + ½: a spreadsheet's floating-point
    /// product may land just below and round down.
    HalfTie,
    /// More children than one `SUM` can list.
    TooManyChildren(usize),
    /// Inside a locked parent's subtree (sum-of-children mode): split, not
    /// summed or rounded per row.
    SplitFromLockedParent,
    /// A lock above the eligible count, computed as the eligible count.
    LockAboveEligible,
}

/// One cell of the exported table, before it is written in a format.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Count(u64),
    Percent(Percent),
    Empty,
}

/// The appendix as the exports lay it out: the columns the plan has and
/// every unit's value in each, computed once.
pub struct Table<'a> {
    pub model: &'a PlannerModel,
    pub locale: Locale,
    pub columns: Vec<Column>,
    /// Exclusions by category of every unit (a parent's the sum of its
    /// children's), when the table shows any category.
    pub exclusions: Vec<Exclusions>,
}

impl<'a> Table<'a> {
    pub fn new(model: &'a PlannerModel, locale: Locale) -> Table<'a> {
        let plan = model.plan();
        let categories = categories_present(model);
        let mut columns = vec![Column::Code, Column::Name, Column::Base];
        columns.extend(categories.iter().map(|&c| Column::Exclusion(c)));
        if !categories.is_empty() {
            columns.push(Column::Eligible);
        }
        columns.extend([Column::Percent, Column::Target]);
        if (0..plan.units.len()).any(|i| daily_target(model, i).is_some()) {
            columns.push(Column::Daily);
            if model.schedule().days.is_some() {
                columns.extend([Column::DaysNeeded, Column::Finish, Column::Shortfall]);
            }
        }
        if plan.units.iter().any(|u| u.official_target.is_some()) {
            columns.push(Column::Official);
        }
        let exclusions = if categories.is_empty() {
            Vec::new()
        } else {
            exclusion_sums(plan)
        };
        Table {
            model,
            locale,
            columns,
            exclusions,
        }
    }

    pub fn plan(&self) -> &Plan {
        self.model.plan()
    }

    /// The header row.
    pub fn headers(&self) -> Vec<&'static str> {
        self.columns.iter().map(|c| c.header(self.locale)).collect()
    }

    /// A unit's value in a column, as the grid computes it.
    pub fn value(&self, index: usize, column: Column) -> Value {
        let plan = self.model.plan();
        let alloc = self.model.allocation();
        let schedule = self.model.schedule();
        let Some(unit) = plan.units.get(index) else {
            return Value::Empty;
        };
        let count = |v: Option<&u64>| v.map_or(Value::Empty, |v| Value::Count(*v));
        match column {
            Column::Code => Value::Text(unit.code.clone()),
            Column::Name => Value::Text(unit.name.clone()),
            Column::Base => count(alloc.base.get(index)),
            Column::Exclusion(category) => {
                count(self.exclusions.get(index).map(|e| &e[category.index()]))
            }
            Column::Excluded => count(alloc.excluded.get(index)),
            Column::Eligible => count(alloc.eligible.get(index)),
            Column::Percent => alloc
                .percent
                .get(index)
                .map_or(Value::Empty, |p| Value::Percent(*p)),
            Column::Target => count(alloc.target.get(index)),
            Column::Daily => count(daily_target(self.model, index).as_ref()),
            Column::DaysNeeded => count(schedule.days_needed.get(index).and_then(Option::as_ref)),
            Column::Shortfall => count(schedule.shortfall.get(index).and_then(Option::as_ref)),
            Column::Finish => schedule
                .finish
                .get(index)
                .copied()
                .flatten()
                .map_or(Value::Empty, |d| {
                    Value::Text(crate::core::schedule::typed(d))
                }),
            Column::Official => count(unit.official_target.as_ref()),
            // Progress is exported as the ward report (`results`), not in
            // the appendix.
            Column::Effective
            | Column::Difference
            | Column::Done
            | Column::DonePercent
            | Column::Expected
            | Column::Behind
            | Column::NeededPerDay
            | Column::DoneEligible
            | Column::DaysBehind
            | Column::DaysLeft
            | Column::NeededMilestone => Value::Empty,
        }
    }

    /// Units without a parent: more than one get a total row.
    pub fn roots(&self) -> Vec<usize> {
        let plan = self.model.plan();
        (0..plan.units.len())
            .filter(|&i| plan.units[i].parent.is_none_or(|p| p >= i))
            .collect()
    }

    /// A column's total over the top units (for the total row), when the
    /// column adds up.
    pub fn total(&self, roots: &[usize], column: Column) -> Option<u64> {
        is_count(column).then(|| {
            roots
                .iter()
                .fold(0u64, |sum, &r| match self.value(r, column) {
                    Value::Count(v) => sum.saturating_add(v),
                    _ => sum,
                })
        })
    }

    /// The lines above the table: the plan's title block, or its title
    /// when it has none.
    pub fn title_lines(&self) -> Vec<String> {
        let plan = self.model.plan();
        let lines: Vec<String> = plan
            .title_block
            .iter()
            .filter(|l| !l.trim().is_empty())
            .cloned()
            .collect();
        if lines.is_empty() && !plan.title.trim().is_empty() {
            vec![plan.title.clone()]
        } else {
            lines
        }
    }

    /// Whether every parent's target equals its children's sum.
    pub fn adds_up(&self) -> bool {
        super::allocate::child_sum_differences(self.model.plan(), self.model.allocation())
            .is_empty()
    }

    /// The note under the table.
    pub fn note(&self) -> String {
        i18n::export::method_note(
            self.model.plan().policy.rounding,
            self.adds_up(),
            self.locale,
        )
    }
}

/// Columns of counts that add up over units (a total row sums them).
pub fn is_count(column: Column) -> bool {
    matches!(
        column,
        Column::Base | Column::Exclusion(_) | Column::Eligible | Column::Target
    )
}

/// Exclusion categories to show: those the file had a column for, and any
/// with a count in the plan.
fn categories_present(model: &PlannerModel) -> Vec<ExclusionCategory> {
    let plan = model.plan();
    let from_file = |c: ExclusionCategory| {
        model.report().is_some_and(|r| {
            r.columns
                .iter()
                .any(|(role, _)| role.strip_prefix("excluded:") == Some(c.key()))
        })
    };
    ExclusionCategory::ALL
        .into_iter()
        .filter(|&c| from_file(c) || plan.units.iter().any(|u| u.exclusions[c.index()] > 0))
        .collect()
}

/// Every unit's exclusions by category: a leaf's own, a parent's the sum
/// of its children's (one pass from the bottom; parents come first).
pub fn exclusion_sums(plan: &Plan) -> Vec<Exclusions> {
    let n = plan.units.len();
    let mut sums = vec![[0u64; 8]; n];
    for index in (0..n).rev() {
        if plan.is_leaf(index) {
            sums[index] = plan.units[index].exclusions;
        }
        if let Some(parent) = plan.units[index].parent.filter(|&p| p < index) {
            let child = sums[index];
            for (total, value) in sums[parent].iter_mut().zip(child) {
                *total = total.saturating_add(value);
            }
        }
    }
    sums
}

/// Text a spreadsheet would read as a formula or a command when the file
/// is opened (`=`, `+`, `-`, `@`, tab, carriage return first).
pub fn looks_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A field as a spreadsheet means it: the apostrophe our exports (and
/// other careful writers) put before text that would otherwise open as a
/// formula (`'=…`, `'-`) is Excel's text mark, not part of the text.
pub fn without_text_mark(field: &str) -> &str {
    match field.strip_prefix('\'') {
        Some(rest) if looks_like_formula(rest) => rest,
        _ => field,
    }
}

/// A file name for the exports: the opened file's stem (or the plan's
/// title), with characters file systems refuse replaced, and `extension`.
pub fn file_name(model: &PlannerModel, extension: &str) -> String {
    let source = model
        .report()
        .map(|r| r.file_name.as_str())
        .filter(|name| !name.is_empty() && *name != "paste")
        .map(|name| name.rsplit_once('.').map_or(name, |(stem, _)| stem))
        .unwrap_or(model.plan().title.as_str());
    let cleaned: String = source
        .chars()
        .map(|c| {
            if c.is_control() || "\\/:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned.trim().trim_matches('.');
    let stem: String = if trimmed.is_empty() {
        "phu-luc".to_string()
    } else {
        trimmed.chars().take(100).collect()
    };
    format!("{stem}.{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_text() {
        for text in ["=1+2", "+84", "-", "@SUM(A1)", "\tx", "\rx"] {
            assert!(looks_like_formula(text), "{text:?}");
        }
        for text in ["Tỉnh Sóc Trăng", "I", "", " =x", "1"] {
            assert!(!looks_like_formula(text), "{text:?}");
        }
    }

    #[test]
    fn file_names() {
        let Ok(model) = PlannerModel::sample() else {
            panic!("the sample opens");
        };
        assert_eq!(file_name(&model, "xlsx"), "soc-trang-2025.xlsx");
        let plan = crate::core::synthetic::wide_plan(1, 1, 1);
        let model = PlannerModel::new(plan);
        assert_eq!(file_name(&model, "csv"), "Kế hoạch thử (tổng hợp).csv");
    }
}
