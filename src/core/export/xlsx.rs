//! The appendix as an Excel workbook, laid out to be printed and signed as
//! it is: the title block, one header row (repeated on every printed
//! page, frozen on screen), STT and names with parents bold and indented
//! by level, thousands separators, A4 fit to width, and Excel's row
//! outline following the tree.
//!
//! Where a reader would check a number it is a live formula carrying its
//! cached result (viewers that do not recalculate show the right number):
//! a parent's base and exclusions are `=SUM` of its children, eligible is
//! base − exclusions, and a target rounded on its own row is
//! `=ROUND(eligible*percent,0)`. Every formula gives exactly the number
//! the planner saw (tests/export_libreoffice.rs recalculates them); where
//! no simple formula can promise that, the cell holds the number and a
//! note says why (`ValueReason`). Apportioned targets are numbers, and a
//! note under the table names the method.
//!
//! Names and codes are always written as string cells, so one that starts
//! with `=`, `+`, `-` or `@` stays text (no formula injection).

use rust_xlsxwriter::{
    ColNum, Format, FormatAlign, FormatBorder, Formula, Note, RowNum, Workbook, Worksheet,
    XlsxError,
};

use super::{ExportError, Table, Value, ValueReason};
use crate::core::cells::Column;
use crate::core::i18n::{self, texts, Locale};
use crate::core::model::PlannerModel;
use crate::core::percent::{Percent, SCALE};
use crate::core::plan::Rounding;

/// Rows of one Excel sheet.
pub const MAX_ROWS: usize = 1_048_576;
/// Most arguments Excel takes in one function call.
const MAX_SUM_ARGS: usize = 255;
/// Excel's longest formula is 8,192 characters; stay well below.
const MAX_FORMULA_CHARS: usize = 8_000;
/// Below 2^40 an eligible count times a percentage is exact enough in a
/// spreadsheet's doubles to round like our integers (see `round_formula`).
const FLOAT_SAFE: u64 = 1 << 40;
/// Outline levels Excel has below the top (its limit is 7).
const MAX_OUTLINE: u8 = 7;

impl From<XlsxError> for ExportError {
    fn from(error: XlsxError) -> Self {
        ExportError::Workbook(error.to_string())
    }
}

/// The workbook's bytes.
pub fn to_xlsx(model: &PlannerModel, locale: Locale) -> Result<Vec<u8>, ExportError> {
    let table = Table::new(model, locale);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    Appendix::new(&table).write(sheet)?;
    write_warnings(&table, workbook.add_worksheet())?;
    if let Some(schedule) = super::csv::schedule_table(model) {
        write_schedule(&table, &schedule, workbook.add_worksheet())?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// Where the parts of the appendix sheet go.
struct Appendix<'t, 'a> {
    table: &'t Table<'a>,
    title: Vec<String>,
    header_row: RowNum,
    first_data_row: RowNum,
    /// Column letters, per table column.
    letters: Vec<String>,
    formats: Formats,
}

struct Formats {
    title: Format,
    reference: Format,
    header: Format,
    /// Text cells by (bold, indent).
    text: Vec<[Format; 2]>,
    code: [Format; 2],
    count: [Format; 2],
    /// Percentages with 0, 1 and 2 decimals.
    percent: [[Format; 3]; 2],
    note: Format,
}

impl Formats {
    fn new(depth: usize) -> Formats {
        let cell = || {
            Format::new()
                .set_border(FormatBorder::Thin)
                .set_font_name("Times New Roman")
                .set_font_size(12)
        };
        let both = |f: Format| [f.clone(), f.set_bold()];
        let percent = |decimals: usize| match decimals {
            0 => "0%",
            1 => "0.0%",
            _ => "0.00%",
        };
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_name("Times New Roman")
                .set_font_size(13)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            reference: Format::new()
                .set_italic()
                .set_font_name("Times New Roman")
                .set_font_size(12)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            header: cell()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap()
                .set_background_color("#E7E6E6"),
            text: (0..depth.max(1))
                .map(|level| both(cell().set_indent(level.min(15) as u8)))
                .collect(),
            code: both(cell().set_align(FormatAlign::Center)),
            count: both(cell().set_num_format("#,##0")),
            percent: [0, 1].map(|bold| {
                [0, 1, 2].map(|d| {
                    let f = cell()
                        .set_num_format(percent(d))
                        .set_align(FormatAlign::Center);
                    if bold == 1 {
                        f.set_bold()
                    } else {
                        f
                    }
                })
            }),
            note: Format::new()
                .set_italic()
                .set_font_name("Times New Roman")
                .set_font_size(11)
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::Top)
                .set_text_wrap(),
        }
    }
}

/// How a target cell is written.
enum TargetCell {
    /// `=ROUND(eligible*percent,0)`.
    Round,
    /// `=SUM(children)` (sum-of-children mode).
    SumChildren,
    /// A number, with a note when the reason is worth telling.
    Value(Option<String>),
}

impl<'t, 'a> Appendix<'t, 'a> {
    fn new(table: &'t Table<'a>) -> Appendix<'t, 'a> {
        let title = table.title_lines();
        // A blank row between the title block and the header.
        let header_row = if title.is_empty() {
            0
        } else {
            title.len() as RowNum + 1
        };
        Appendix {
            letters: (0..table.columns.len())
                .map(|c| rust_xlsxwriter::column_number_to_name(c as ColNum))
                .collect(),
            formats: Formats::new(table.plan().depth()),
            title,
            header_row,
            first_data_row: header_row + 1,
            table,
        }
    }

    fn column_of(&self, column: Column) -> Option<usize> {
        self.table.columns.iter().position(|&c| c == column)
    }

    fn row_of(&self, index: usize) -> RowNum {
        self.first_data_row + index as RowNum
    }

    /// "C12" for a unit's cell in a table column.
    fn cell(&self, col: usize, index: usize) -> String {
        format!("{}{}", self.letters[col], self.row_of(index) + 1)
    }

    fn write(&self, sheet: &mut Worksheet) -> Result<(), ExportError> {
        let table = self.table;
        let plan = table.plan();
        let units = plan.units.len();
        let rows_needed = self.first_data_row as usize + units + 4;
        if rows_needed > MAX_ROWS {
            return Err(ExportError::TooManyRows {
                rows: rows_needed,
                limit: MAX_ROWS,
            });
        }
        let locale = table.locale;
        let words = i18n::export::texts(locale);
        sheet.set_name(words.sheet_name)?;
        let last_col = (table.columns.len() - 1) as ColNum;
        let widths = self.widths();

        for (row, line) in self.title.iter().enumerate() {
            let format = if line.trim_start().starts_with('(') {
                &self.formats.reference
            } else {
                &self.formats.title
            };
            let row = row as RowNum;
            sheet.merge_range(row, 0, row, last_col, line, format)?;
            let lines = wrapped_lines(line, widths.iter().sum());
            sheet.set_row_height(row, 18.0 * lines as f64)?;
        }
        for (col, header) in table.headers().iter().enumerate() {
            sheet.write_string_with_format(
                self.header_row,
                col as ColNum,
                *header,
                &self.formats.header,
            )?;
        }
        let header_lines = table
            .headers()
            .iter()
            .zip(&widths)
            .map(|(h, &w)| wrapped_lines(h, w))
            .max()
            .unwrap_or(1);
        sheet.set_row_height(self.header_row, 16.0 * header_lines as f64 + 4.0)?;

        for index in 0..units {
            self.write_unit(sheet, index)?;
        }
        let mut next_row = self.row_of(units);
        let roots = table.roots();
        if roots.len() > 1 {
            self.write_total(sheet, next_row, &roots)?;
            next_row += 1;
        }
        let note_row = next_row + 1;
        let note = table.note();
        sheet.merge_range(note_row, 0, note_row, last_col, &note, &self.formats.note)?;
        sheet.set_row_height(
            note_row,
            16.0 * wrapped_lines(&note, widths.iter().sum()) as f64,
        )?;

        for (col, &width) in widths.iter().enumerate() {
            sheet.set_column_width(col as ColNum, width as f64)?;
        }
        // Outline: a unit at depth L sits inside L groups, its summary
        // (parent) row above it.
        sheet.group_symbols_above(true);
        for (index, unit) in plan.units.iter().enumerate() {
            for _ in 0..unit.level.min(MAX_OUTLINE) {
                let row = self.row_of(index);
                sheet.group_rows(row, row)?;
            }
        }
        sheet.set_freeze_panes(self.first_data_row, 2)?;
        sheet.set_paper_size(9); // A4
        if table.columns.len() > 7 {
            sheet.set_landscape();
        }
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(self.header_row, self.header_row)?;
        sheet.set_footer(i18n::export::page_footer(locale));
        sheet.set_margins(0.6, 0.5, 0.6, 0.6, 0.3, 0.3);
        sheet.set_default_note_author(texts(locale).app_title);
        Ok(())
    }

    fn write_unit(&self, sheet: &mut Worksheet, index: usize) -> Result<(), ExportError> {
        let table = self.table;
        let plan = table.plan();
        let leaf = plan.is_leaf(index);
        let bold = usize::from(!leaf);
        let level = usize::from(plan.units[index].level);
        let row = self.row_of(index);
        for (col, &column) in table.columns.iter().enumerate() {
            let c = col as ColNum;
            let value = table.value(index, column);
            match (column, value) {
                (Column::Code, Value::Text(text)) => {
                    sheet.write_string_with_format(row, c, text, &self.formats.code[bold])?;
                }
                (_, Value::Text(text)) => {
                    let format = &self.formats.text[level.min(self.formats.text.len() - 1)][bold];
                    sheet.write_string_with_format(row, c, text, format)?;
                }
                (_, Value::Percent(p)) => {
                    let format = &self.formats.percent[bold][decimals(p)];
                    sheet.write_number_with_format(row, c, fraction(p), format)?;
                }
                (_, Value::Count(v)) => {
                    let format = &self.formats.count[bold];
                    let formula = match column {
                        Column::Base | Column::Exclusion(_) if !leaf => {
                            self.sum_children(col, index).map(Some)
                        }
                        Column::Eligible => self.eligible_formula(index),
                        Column::Target => self.target_formula(index),
                        _ => Ok(None),
                    };
                    match formula {
                        Ok(Some(formula)) => {
                            let formula = Formula::new(formula).set_result(v.to_string());
                            sheet.write_formula_with_format(row, c, formula, format)?;
                        }
                        Ok(None) => {
                            sheet.write_number_with_format(row, c, v as f64, format)?;
                        }
                        Err(note) => {
                            sheet.write_number_with_format(row, c, v as f64, format)?;
                            sheet.insert_note(row, c, &Note::new(note))?;
                        }
                    }
                }
                (_, Value::Empty) => {
                    sheet.write_blank(row, c, &self.formats.count[bold])?;
                }
            }
        }
        Ok(())
    }

    /// `SUM` of a parent's children in one column, as ranges where the
    /// children's rows are adjacent; a note when it cannot be one formula.
    fn sum_children(&self, col: usize, index: usize) -> Result<String, String> {
        let plan = self.table.plan();
        let children = plan.children(index);
        let mut args: Vec<String> = Vec::new();
        let mut run: Option<(usize, usize)> = None;
        let flush = |run: (usize, usize), args: &mut Vec<String>| {
            if run.0 == run.1 {
                args.push(self.cell(col, run.0));
            } else {
                args.push(format!(
                    "{}:{}",
                    self.cell(col, run.0),
                    self.cell(col, run.1)
                ));
            }
        };
        for &child in children {
            run = match run {
                Some((first, last)) if child == last + 1 => Some((first, child)),
                Some(done) => {
                    flush(done, &mut args);
                    Some((child, child))
                }
                None => Some((child, child)),
            };
        }
        if let Some(done) = run {
            flush(done, &mut args);
        }
        let formula = format!("=SUM({})", args.join(","));
        if args.len() > MAX_SUM_ARGS || formula.len() > MAX_FORMULA_CHARS {
            return Err(i18n::export::value_note(
                ValueReason::TooManyChildren(children.len()),
                self.table.locale,
            ));
        }
        Ok(formula)
    }

    /// Eligible = base − exclusions (never below 0 for a leaf, as the
    /// engine counts it). A parent's eligible is its children's sum; where
    /// a child's exclusions exceed its base that differs from the parent's
    /// base − exclusions, so the sum of the children is the formula.
    fn eligible_formula(&self, index: usize) -> Result<Option<String>, String> {
        let table = self.table;
        let alloc = table.model.allocation();
        let (Some(base_col), Some(first), Some(last)) = (
            self.column_of(Column::Base),
            table
                .columns
                .iter()
                .position(|c| matches!(c, Column::Exclusion(_))),
            table
                .columns
                .iter()
                .rposition(|c| matches!(c, Column::Exclusion(_))),
        ) else {
            return Ok(None);
        };
        let excluded = if first == last {
            self.cell(first, index)
        } else {
            format!(
                "SUM({}:{})",
                self.cell(first, index),
                self.cell(last, index)
            )
        };
        let base = self.cell(base_col, index);
        let shown: u64 = table.exclusions[index]
            .iter()
            .fold(0u64, |a, &b| a.saturating_add(b));
        let plain = alloc.base[index].checked_sub(shown) == Some(alloc.eligible[index]);
        if plain {
            return Ok(Some(format!("={base}-{excluded}")));
        }
        if table.plan().is_leaf(index) {
            return Ok(Some(format!("=MAX(0,{base}-{excluded})")));
        }
        let Some(eligible_col) = self.column_of(Column::Eligible) else {
            return Ok(None);
        };
        self.sum_children(eligible_col, index).map(Some)
    }

    fn target_formula(&self, index: usize) -> Result<Option<String>, String> {
        let locale = self.table.locale;
        match self.target_cell(index) {
            TargetCell::Value(None) => Ok(None),
            TargetCell::Value(Some(note)) => Err(note),
            TargetCell::SumChildren => {
                let Some(col) = self.column_of(Column::Target) else {
                    return Ok(None);
                };
                self.sum_children(col, index).map(Some)
            }
            TargetCell::Round => {
                let alloc = self.table.model.allocation();
                let (eligible, percent) = (alloc.eligible[index], alloc.percent[index]);
                if let Some(reason) = round_formula_risk(eligible, percent) {
                    return Err(i18n::export::value_note(reason, locale));
                }
                let eligible_col = self
                    .column_of(Column::Eligible)
                    .or_else(|| self.column_of(Column::Base));
                let (Some(e), Some(p)) = (eligible_col, self.column_of(Column::Percent)) else {
                    return Ok(None);
                };
                Ok(Some(format!(
                    "=ROUND({}*{},0)",
                    self.cell(e, index),
                    self.cell(p, index)
                )))
            }
        }
    }

    fn target_cell(&self, index: usize) -> TargetCell {
        let model = self.table.model;
        let plan = model.plan();
        let unit = &plan.units[index];
        let locale = self.table.locale;
        if let Some(lock) = unit.locked_target {
            let above = lock > model.allocation().eligible[index];
            return TargetCell::Value(Some(if above {
                i18n::export::value_note(ValueReason::LockAboveEligible, locale)
            } else {
                i18n::export::locked_note(locale).to_string()
            }));
        }
        match plan.policy.rounding {
            Rounding::PerRow => TargetCell::Round,
            Rounding::SumOfChildren => {
                if inside_locked(plan, index) {
                    TargetCell::Value(Some(i18n::export::value_note(
                        ValueReason::SplitFromLockedParent,
                        locale,
                    )))
                } else if plan.is_leaf(index) {
                    TargetCell::Round
                } else {
                    TargetCell::SumChildren
                }
            }
            Rounding::LargestRemainder | Rounding::SainteLague => TargetCell::Value(None),
        }
    }

    /// A total row under the table when the plan has several top units.
    fn write_total(
        &self,
        sheet: &mut Worksheet,
        row: RowNum,
        roots: &[usize],
    ) -> Result<(), ExportError> {
        let table = self.table;
        for (col, &column) in table.columns.iter().enumerate() {
            let c = col as ColNum;
            match column {
                Column::Name => {
                    sheet.write_string_with_format(
                        row,
                        c,
                        texts(table.locale).totals_label,
                        &self.formats.text[0][1],
                    )?;
                }
                kind if super::is_count(kind) => {
                    let sum = table.total(roots, kind).unwrap_or(0);
                    let args: Vec<String> = roots.iter().map(|&r| self.cell(col, r)).collect();
                    let formula = format!("=SUM({})", args.join(","));
                    if args.len() <= MAX_SUM_ARGS && formula.len() <= MAX_FORMULA_CHARS {
                        let formula = Formula::new(formula).set_result(sum.to_string());
                        sheet.write_formula_with_format(row, c, formula, &self.formats.count[1])?;
                    } else {
                        sheet.write_number_with_format(
                            row,
                            c,
                            sum as f64,
                            &self.formats.count[1],
                        )?;
                    }
                }
                _ => {
                    sheet.write_blank(row, c, &self.formats.count[1])?;
                }
            }
        }
        Ok(())
    }

    /// Column widths in characters that fit the content (names indented by
    /// level), headers wrapping onto two or three lines.
    fn widths(&self) -> Vec<usize> {
        let table = self.table;
        let plan = table.plan();
        let locale = table.locale;
        table
            .columns
            .iter()
            .map(|&column| {
                let header = column.header(locale);
                let longest_word = header.split(' ').map(|w| w.chars().count()).max();
                let header_min = longest_word.unwrap_or(4).max(header.chars().count() / 3);
                let content = match column {
                    Column::Code => plan
                        .units
                        .iter()
                        .map(|u| u.code.chars().count())
                        .max()
                        .unwrap_or(0),
                    Column::Name => plan
                        .units
                        .iter()
                        .map(|u| u.name.chars().count() + 2 * usize::from(u.level))
                        .max()
                        .unwrap_or(0)
                        .clamp(16, 60),
                    Column::Percent => 7,
                    _ => (0..plan.units.len())
                        .map(|i| match table.value(i, column) {
                            Value::Count(v) => crate::core::format::count(v, locale).len(),
                            _ => 0,
                        })
                        .max()
                        .unwrap_or(0),
                };
                content.max(header_min).max(4) + 2
            })
            .collect()
    }
}

/// Whether a unit lies inside a locked parent's subtree (sum-of-children
/// mode breaks such subtrees back from the lock instead of summing).
fn inside_locked(plan: &crate::core::plan::Plan, index: usize) -> bool {
    let mut at = plan.units[index].parent;
    while let Some(p) = at {
        if plan.units[p].locked_target.is_some() {
            return true;
        }
        at = plan.units[p].parent.filter(|&q| q < p);
    }
    false
}

/// Why `=ROUND(eligible*percent,0)` might not give round-half-up of the
/// exact product in a spreadsheet, if it might not.
///
/// The percent cell holds the double nearest hundredths/10,000. Below
/// 2^40 the spreadsheet's product is within a few units in the last place
/// of the exact value, whose fraction is a multiple of 1/10,000, so only an
/// exact half (k + ½) can round the wrong way — and only when the computed
/// product lands below k + ½ (ROUND rounds halves away from zero, and
/// k + ½ is itself a double).
pub fn round_formula_risk(eligible: u64, percent: Percent) -> Option<ValueReason> {
    if eligible >= FLOAT_SAFE {
        return Some(ValueReason::HalfTie);
    }
    let exact = u128::from(eligible) * u128::from(percent.hundredths());
    let scale = u128::from(SCALE);
    if exact % scale != scale / 2 {
        return None;
    }
    let product = eligible as f64 * fraction(percent);
    let half = (exact / scale) as f64 + 0.5;
    (product < half).then_some(ValueReason::HalfTie)
}

/// The percentage as the fraction a spreadsheet stores (0.9 for 90%).
fn fraction(p: Percent) -> f64 {
    p.hundredths() as f64 / SCALE as f64
}

/// Decimals a percentage needs: 90% → 0, 87.5% → 1, 87.25% → 2.
fn decimals(p: Percent) -> usize {
    let h = p.hundredths();
    if h.is_multiple_of(100) {
        0
    } else if h.is_multiple_of(10) {
        1
    } else {
        2
    }
}

/// Lines a text takes when wrapped at `width` characters.
fn wrapped_lines(text: &str, width: usize) -> usize {
    let chars = text.chars().count();
    chars.div_ceil(width.max(1)).max(1)
}

/// The plan's warnings on a sheet of their own (none: no sheet content but
/// the header, so the workbook always has the same two sheets).
fn write_warnings(table: &Table, sheet: &mut Worksheet) -> Result<(), ExportError> {
    let locale = table.locale;
    let words = i18n::export::texts(locale);
    let t = texts(locale);
    sheet.set_name(words.warnings_sheet)?;
    let bold = Format::new().set_bold();
    for (col, header) in [t.col_code, t.col_name, words.warning_column]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(0, col as ColNum, *header, &bold)?;
    }
    let plan = table.plan();
    for (i, warning) in table.model.warnings().enumerate() {
        let row = i as RowNum + 1;
        if let Some(unit) = warning.unit.and_then(|id| plan.index_of(id)) {
            let unit = &plan.units[unit];
            sheet.write_string(row, 0, &unit.code)?;
            sheet.write_string(row, 1, &unit.name)?;
        }
        sheet.write_string(row, 2, warning.message(locale))?;
    }
    sheet.set_column_width(0, 6)?;
    sheet.set_column_width(1, 36)?;
    sheet.set_column_width(2, 90)?;
    Ok(())
}

/// The day-by-day schedule on a sheet of its own (when the plan has a
/// period): one column per counted day, the cumulative plan by its end.
fn write_schedule(
    table: &Table,
    schedule: &crate::core::schedule::ScheduleTable,
    sheet: &mut Worksheet,
) -> Result<(), ExportError> {
    let locale = table.locale;
    let t = texts(locale);
    sheet.set_name(i18n::schedule::texts(locale).tab_schedule)?;
    let bold = Format::new().set_bold();
    let headers = schedule.headers(t.col_code, t.col_name, t.col_target, t.col_daily);
    for (col, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col as ColNum, header, &bold)?;
    }
    let plan = table.plan();
    let model = table.model;
    for (row, (index, cumulative)) in schedule.rows.iter().enumerate() {
        let row = row as RowNum + 1;
        let unit = &plan.units[*index];
        sheet.write_string(row, 0, &unit.code)?;
        sheet.write_string(row, 1, &unit.name)?;
        sheet.write_number(row, 2, model.allocation().target[*index] as f64)?;
        if let Some(daily) = model.schedule().daily[*index] {
            sheet.write_number(row, 3, daily as f64)?;
        }
        for (k, value) in cumulative.iter().enumerate() {
            sheet.write_number(row, 4 + k as ColNum, *value as f64)?;
        }
    }
    sheet.set_freeze_panes(1, 2)?;
    sheet.set_column_width(1, 36)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_ties_at_the_edge_of_doubles_are_values() {
        let p = |h| Percent::from_hundredths(h).unwrap_or(Percent::ZERO);
        // 5 × 90% = 4.5 exactly, and 5 × 0.9 in doubles is 4.5: safe.
        assert_eq!(round_formula_risk(5, p(9000)), None);
        // Not a half: never a risk.
        assert_eq!(round_formula_risk(4839, p(9000)), None);
        // Huge counts are beyond what doubles hold exactly.
        assert_eq!(
            round_formula_risk(FLOAT_SAFE, p(9000)),
            Some(ValueReason::HalfTie)
        );
        // Some half lands below k + ½ in doubles (0.35 is 0.34999…).
        let risky = (1..2000u64)
            .flat_map(|e| (1..10_000u64).step_by(7).map(move |h| (e, h)))
            .find(|&(e, h)| round_formula_risk(e, p(h)).is_some());
        assert!(risky.is_some(), "some half tie is a double below k + ½");
    }

    #[test]
    fn percent_decimals() {
        let p = |h| Percent::from_hundredths(h).unwrap_or(Percent::ZERO);
        assert_eq!(decimals(p(9000)), 0);
        assert_eq!(decimals(p(8750)), 1);
        assert_eq!(decimals(p(8725)), 2);
    }
}
