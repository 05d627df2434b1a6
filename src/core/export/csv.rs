//! The appendix as CSV (UTF-8 with a byte-order mark, so Excel reads the
//! Vietnamese text) and as the tab-separated text "copy the whole table"
//! puts on the clipboard. One header row, then every unit in appendix
//! order; counts without thousands separators; percentages as the grid
//! writes them ("87,5%" in Vietnamese), which Excel and our importer read.

use super::{looks_like_formula, Table, Value};
use crate::core::cells::to_tsv;
use crate::core::format;
use crate::core::i18n::{texts, Locale};
use crate::core::model::PlannerModel;

/// The UTF-8 byte-order mark Excel needs to read a CSV as UTF-8.
pub const BOM: char = '\u{feff}';

/// A text cell made safe to open in a spreadsheet: one that would be read
/// as a formula gets Excel's text mark, a leading apostrophe (our importer
/// drops it again).
pub fn safe_text(text: &str) -> String {
    if looks_like_formula(text) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// The table as rows of text: header, units, and a total row when the plan
/// has several top units.
pub fn rows(model: &PlannerModel, locale: Locale) -> Vec<Vec<String>> {
    let table = Table::new(model, locale);
    let n = table.plan().units.len();
    let mut out = Vec::with_capacity(n + 2);
    out.push(table.headers().iter().map(|h| h.to_string()).collect());
    let cell = |value: Value| match value {
        Value::Text(text) => safe_text(&text),
        Value::Count(v) => v.to_string(),
        Value::Percent(p) => format::percent(p, locale),
        Value::Empty => String::new(),
    };
    for index in 0..n {
        out.push(
            table
                .columns
                .iter()
                .map(|&column| cell(table.value(index, column)))
                .collect(),
        );
    }
    let roots = table.roots();
    if roots.len() > 1 {
        out.push(
            table
                .columns
                .iter()
                .map(|&column| match column {
                    crate::core::cells::Column::Name => texts(locale).totals_label.to_string(),
                    c => table
                        .total(&roots, c)
                        .map(|sum| sum.to_string())
                        .unwrap_or_default(),
                })
                .collect(),
        );
    }
    out
}

/// What separates the cells of a CSV line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Separator {
    /// `,` (RFC 4180; what Excel expects with English regional settings).
    Comma,
    /// `;` — what Excel expects where the decimal mark is a comma, as with
    /// Vietnamese regional settings: a comma file opened there by a double
    /// click lands in one column.
    Semicolon,
}

impl Separator {
    /// The separator named in the API (`","` or `";"`).
    pub fn from_key(key: &str) -> Option<Separator> {
        match key {
            "," => Some(Separator::Comma),
            ";" => Some(Separator::Semicolon),
            _ => None,
        }
    }

    fn byte(self) -> u8 {
        match self {
            Separator::Comma => b',',
            Separator::Semicolon => b';',
        }
    }
}

/// The CSV file's text (CRLF line ends, RFC 4180 quoting), starting with
/// the byte-order mark, cells separated by commas.
pub fn to_csv(model: &PlannerModel, locale: Locale) -> String {
    to_csv_with(model, locale, Separator::Comma)
}

/// The same with the cells separated by `separator`.
pub fn to_csv_with(model: &PlannerModel, locale: Locale, separator: Separator) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(separator.byte())
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows(model, locale) {
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(&row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    let mut out = String::with_capacity(bytes.len() + 3);
    out.push(BOM);
    out.push_str(&String::from_utf8_lossy(&bytes));
    out
}

/// The whole table as tab-separated text with Excel's quoting, for the
/// clipboard: pastes into Excel as cells and into Word as a table.
pub fn to_clipboard(model: &PlannerModel, locale: Locale) -> String {
    to_tsv(&rows(model, locale))
}

/// The day-by-day schedule as CSV (one column per counted day, each cell
/// the cumulative plan by the end of that day); None without a period.
pub fn schedule_csv(model: &PlannerModel, locale: Locale) -> Option<String> {
    let table = schedule_table(model)?;
    let t = texts(locale);
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = writer.write_record(table.headers(t.col_code, t.col_name, t.col_target, t.col_daily));
    for (index, cumulative) in &table.rows {
        let unit = &model.plan().units[*index];
        let mut record = vec![
            safe_text(&unit.code),
            safe_text(&unit.name),
            model.allocation().target[*index].to_string(),
            model.schedule().daily[*index]
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ];
        record.extend(cumulative.iter().map(u64::to_string));
        let _ = writer.write_record(&record);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    Some(format!("{BOM}{}", String::from_utf8_lossy(&bytes)))
}

/// The model's day-by-day plan as a table.
pub fn schedule_table(model: &PlannerModel) -> Option<crate::core::schedule::ScheduleTable> {
    crate::core::schedule::table(model.plan(), &model.allocation().target, model.schedule())
}

#[cfg(test)]
mod schedule_tests {
    use super::*;
    use crate::core::schedule::{parse_typed, Calendar};

    #[test]
    fn schedule_csv_has_one_column_per_counted_day() {
        let mut model = PlannerModel::sample().unwrap();
        assert_eq!(schedule_csv(&model, Locale::Vi), None);
        let calendar = Calendar {
            start: parse_typed("8/5/2025").ok(),
            end: parse_typed("14/5/2025").ok(),
            exclude_weekdays: vec![0],
            ..Calendar::default()
        };
        model.set_calendar(calendar).unwrap();
        let text = schedule_csv(&model, Locale::Vi).unwrap();
        let mut lines = text.lines();
        let header = lines.next().unwrap();
        assert!(header.starts_with(BOM));
        assert!(
            header.ends_with("08/05/2025,09/05/2025,10/05/2025,12/05/2025,13/05/2025,14/05/2025")
        );
        // The province (757.463) has no figure of its own: its plan is its
        // groups' together, which per row add up to 757.471 (the sample's
        // published figures, flagged where they do not add up).
        let province = lines.next().unwrap();
        assert!(province.contains(",757463,,"), "{province}");
        let groups: u64 = (0..model.plan().units.len())
            .filter(|&i| model.plan().is_leaf(i))
            .map(|i| model.allocation().target[i])
            .sum();
        assert_eq!(groups, 757_471);
        assert!(province.ends_with(",757471"), "{province}");
        assert_eq!(text.lines().count(), model.plan().units.len() + 1);
    }
}
