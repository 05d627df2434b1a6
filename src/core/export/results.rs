//! The ward report (seed 003's shape) as an Excel sheet: the unit, the
//! date, everyone to be reached, done with its rate, those who could not
//! take part with their rate, and each category. Rates are written as the
//! exact integers' text ("87,46%") next to the counts, so the sheet reads
//! the same in every spreadsheet; counts are numbers.

use rust_xlsxwriter::{Format, FormatAlign, Workbook};

use super::ExportError;
use crate::core::i18n::progress::{rate_text, ward_over_base, ward_sheet_words, ward_title};
use crate::core::i18n::{exclusion_category, Locale};
use crate::core::plan::Plan;
use crate::core::progress::WardReport;

fn workbook_error(e: rust_xlsxwriter::XlsxError) -> ExportError {
    ExportError::Workbook(e.to_string())
}

/// The ward report as an xlsx workbook of one sheet.
pub fn ward_report_xlsx(
    plan: &Plan,
    report: &WardReport,
    locale: Locale,
) -> Result<Vec<u8>, ExportError> {
    ward_report_sheet(report.unit_name(plan), report, locale)
}

/// `ward_report_xlsx` for the unit called `name` (all the sheet needs of
/// the plan: the page sends the reader module the name, not the plan).
pub fn ward_report_sheet(
    name: &str,
    report: &WardReport,
    locale: Locale,
) -> Result<Vec<u8>, ExportError> {
    let words = ward_sheet_words(locale);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(words.sheet).map_err(workbook_error)?;
    let bold = Format::new().set_bold();
    let count = Format::new()
        .set_num_format("#,##0")
        .set_align(FormatAlign::Right);
    let right = Format::new().set_align(FormatAlign::Right);
    let title = ward_title(name, report.date, locale);
    sheet
        .write_string_with_format(0, 0, &title, &bold)
        .map_err(workbook_error)?;
    for (c, h) in words.headers.iter().enumerate() {
        sheet
            .write_string_with_format(2, c as u16, *h, &bold)
            .map_err(workbook_error)?;
    }
    let mut rows: Vec<(String, String, Option<u64>, String)> = vec![
        (
            "1".into(),
            words.to_reach.into(),
            Some(report.base),
            String::new(),
        ),
        (
            "2".into(),
            words.done.into(),
            report.done,
            rate_text(report.done_rate, locale),
        ),
        (
            "3".into(),
            words.could_not.into(),
            Some(report.excluded),
            rate_text(report.excluded_rate, locale),
        ),
    ];
    for (k, (category, n, share)) in report.categories.iter().enumerate() {
        rows.push((
            format!("3.{}", k + 1),
            exclusion_category(*category, locale).to_string(),
            Some(*n),
            rate_text(*share, locale),
        ));
    }
    for (r, (code, label, value, rate)) in rows.iter().enumerate() {
        let row = 3 + r as u32;
        sheet.write_string(row, 0, code).map_err(workbook_error)?;
        sheet.write_string(row, 1, label).map_err(workbook_error)?;
        if let Some(v) = value {
            sheet
                .write_number_with_format(row, 2, *v as f64, &count)
                .map_err(workbook_error)?;
        }
        sheet
            .write_string_with_format(row, 3, rate, &right)
            .map_err(workbook_error)?;
    }
    if let Some(total) = report.over_base {
        let row = 4 + rows.len() as u32;
        let note = ward_over_base(total, report.base, locale);
        sheet.write_string(row, 0, &note).map_err(workbook_error)?;
    }
    sheet.set_column_width(0, 6).map_err(workbook_error)?;
    sheet.set_column_width(1, 40).map_err(workbook_error)?;
    sheet.set_column_width(2, 12).map_err(workbook_error)?;
    sheet.set_column_width(3, 10).map_err(workbook_error)?;
    book.save_to_buffer().map_err(workbook_error)
}
