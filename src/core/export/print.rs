//! The appendix as one HTML string for printing: the title block, a table
//! of every unit (the grid on screen is virtual and shows only the rows in
//! view), the note, and space for signatures. The page sets it into the
//! document once before printing and removes it after; its `<thead>`
//! repeats on every printed page.

use super::{Table, Value};
use crate::core::cells::Column;
use crate::core::format;
use crate::core::i18n::{self, Locale};
use crate::core::model::PlannerModel;

/// Deepest level given its own indentation class.
const MAX_INDENT: u8 = 9;

/// The print table's HTML (a `<section class="qp-print">`) and its own CSS:
/// the `@page` rule (A4, page numbers in the bottom margin), the name
/// column's indentation per level and the column widths. The CSS is kept
/// apart (no `<style>` element, no `style` attribute in the HTML), so that
/// a page under a strict Content-Security-Policy can adopt it as a
/// constructed stylesheet.
pub struct PrintPage {
    /// The section to set into the document.
    pub html: String,
    /// Its stylesheet (the static rules live in `style/print.css`).
    pub css: String,
}

/// The print table and its CSS (see [`PrintPage`]).
pub fn to_page(model: &PlannerModel, locale: Locale) -> PrintPage {
    let table = Table::new(model, locale);
    let plan = table.plan();
    let words = i18n::export::texts(locale);
    let (page, of) = i18n::export::page_word(locale);
    let mut css = format!(
        "@page{{size:A4 {};margin:14mm 12mm 16mm 12mm;\
         @bottom-center{{content:\"{page}\" counter(page) \"{of}\" counter(pages);\
         font:10pt 'Times New Roman',serif}}}}",
        if table.columns.len() > 7 {
            "landscape"
        } else {
            "portrait"
        }
    );
    for level in 0..=MAX_INDENT {
        css.push_str(&format!(
            ".qp-print td.qp-l{level}{{padding-left:{}em}}",
            0.3 + 1.2 * f32::from(level)
        ));
    }
    let mut out = String::with_capacity(160 * (plan.units.len() + 8));
    out.push_str("<section class=\"qp-print\" aria-hidden=\"true\">");
    out.push_str("<header class=\"qp-print-title\">");
    let title = table.title_lines();
    for line in &title {
        let class = if line.trim_start().starts_with('(') {
            "qp-print-reference"
        } else {
            "qp-print-heading"
        };
        out.push_str(&format!("<p class=\"{class}\">{}</p>", escape(line)));
    }
    out.push_str("</header>");
    // Every page is a table of its own with its own header row: Chromium
    // cannot print one table of 100,000 rows (its print layout of a table
    // that long fails), while 2,000 small tables print. Rows are one line
    // of a fixed height (print CSS), so a page's rows are counted here.
    let landscape = table.columns.len() > 7;
    let page = Page::new(landscape);
    let weights = column_weights(&table);
    let colgroup = format!("<colgroup>{}</colgroup>", "<col>".repeat(weights.len()));
    css.push_str(&column_widths(&weights));
    let name_room = table
        .columns
        .iter()
        .position(|&c| c == Column::Name)
        .map_or(0.0, |i| {
            let total = weights.iter().sum::<usize>().max(1) as f32;
            line_chars(landscape) * weights[i] as f32 / total - 1.0
        });
    let mut rows: Vec<String> = (0..plan.units.len())
        .map(|index| unit_row(&table, index, name_room))
        .collect();
    let roots = table.roots();
    if roots.len() > 1 {
        rows.push(total_row(&table, &roots));
    }
    let first = page.rows_after(title_points(&title, landscape));
    let mut start = 0;
    let mut size = first;
    while start < rows.len() || start == 0 {
        let end = (start + size).min(rows.len());
        out.push_str("<table class=\"qp-print-table\">");
        out.push_str(&colgroup);
        out.push_str("<thead><tr>");
        for (header, &column) in table.headers().iter().zip(&table.columns) {
            out.push_str(&format!(
                "<th class=\"{}\">{}</th>",
                class_of(column),
                escape(header)
            ));
        }
        out.push_str("</tr></thead><tbody>");
        for row in &rows[start..end] {
            out.push_str(row);
        }
        out.push_str("</tbody></table>");
        if end >= rows.len() {
            break;
        }
        start = end;
        size = page.rows_after(0.0);
    }
    out.push_str(&format!(
        "<p class=\"qp-print-note\">{}</p>",
        escape(&table.note())
    ));
    out.push_str("<div class=\"qp-print-sign\">");
    for who in [words.prepared_by, words.approved_by] {
        out.push_str(&format!(
            "<div><strong>{}</strong><em>{}</em></div>",
            escape(who),
            escape(words.sign_hint)
        ));
    }
    out.push_str("</div></section>");
    PrintPage { html: out, css }
}

/// One unit's row of the print table.
fn unit_row(table: &Table, index: usize, name_room: f32) -> String {
    let plan = table.plan();
    let locale = table.locale;
    let level = plan.units[index].level.min(MAX_INDENT);
    let mut out = String::with_capacity(160);
    out.push_str(if plan.is_leaf(index) {
        "<tr>"
    } else {
        "<tr class=\"qp-print-parent\">"
    });
    for &column in &table.columns {
        let text = match table.value(index, column) {
            Value::Text(text) => escape(&text),
            Value::Count(v) => format::count(v, locale),
            Value::Percent(p) => format::percent(p, locale),
            Value::Empty => String::new(),
        };
        if column == Column::Name {
            // Only a name that may not fit is clipped: a clipping cell is a
            // paint layer of its own, and Chromium paints every page by
            // walking them all (100,000 clipped cells made printing
            // quadratic: 40,000 rows took 240 s, unclipped 28–49 s).
            let indent = 2.0 * (0.3 + 1.2 * f32::from(level));
            let needed = 1.15 * (plan.units[index].name.chars().count() as f32 + indent);
            let clip = if needed > name_room { " qp-clip" } else { "" };
            out.push_str(&format!("<td class=\"qp-l{level}{clip}\">{text}</td>"));
        } else {
            out.push_str(&format!("<td class=\"{}\">{text}</td>", class_of(column)));
        }
    }
    out.push_str("</tr>");
    out
}

/// The total row under a plan with several top units.
fn total_row(table: &Table, roots: &[usize]) -> String {
    let locale = table.locale;
    let mut out = String::from("<tr class=\"qp-print-parent qp-print-total\">");
    for &column in &table.columns {
        let text = match column {
            Column::Name => escape(i18n::texts(locale).totals_label),
            c => table
                .total(roots, c)
                .map(|sum| format::count(sum, locale))
                .unwrap_or_default(),
        };
        out.push_str(&format!("<td class=\"{}\">{text}</td>", class_of(column)));
    }
    out.push_str("</tr>");
    out
}

/// Room on an A4 page for rows (points; the print CSS fixes a row at
/// `ROW_PT` and the header row at `HEADER_PT`, margins as in `@page`).
struct Page {
    height: f32,
}

const ROW_PT: f32 = 14.0;
const HEADER_PT: f32 = 28.0;
/// Slack for rounding and borders, so a page never spills a row over.
const SLACK_PT: f32 = 30.0;

impl Page {
    fn new(landscape: bool) -> Page {
        // A4 is 297 × 210 mm; 30 mm of top and bottom margin.
        let mm = if landscape {
            210.0 - 30.0
        } else {
            297.0 - 30.0
        };
        Page {
            height: mm * 72.0 / 25.4,
        }
    }

    /// Rows that fit under `above` points of other content.
    fn rows_after(&self, above: f32) -> usize {
        let room = self.height - above - HEADER_PT - SLACK_PT;
        ((room / (ROW_PT + 0.6)).floor() as usize).max(5)
    }
}

/// Height of the title block on the first page, in points (lines wrap at
/// about a character per 5.6 pt of the page's width).
fn title_points(lines: &[String], landscape: bool) -> f32 {
    if lines.is_empty() {
        return 0.0;
    }
    let per_line = line_chars(landscape).floor().max(20.0) as usize;
    let printed: usize = lines
        .iter()
        .map(|l| l.chars().count().div_ceil(per_line).max(1))
        .sum();
    printed as f32 * 14.5 + 16.0
}

/// Characters of the print font across the page's printable width (about
/// one per 5.6 pt).
fn line_chars(landscape: bool) -> f32 {
    let width_mm: f32 = if landscape { 273.0 } else { 186.0 };
    width_mm * 72.0 / 25.4 / 5.6
}

/// Each column's share of the page, from the longest content (names
/// indented by level) and the header's longest word.
fn column_weights(table: &Table) -> Vec<usize> {
    let plan = table.plan();
    let locale = table.locale;
    table
        .columns
        .iter()
        .map(|&column| {
            let header = column.header(locale);
            let word = header
                .split(' ')
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(3);
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
                    .map(|u| u.name.chars().count() + 2 * usize::from(u.level.min(MAX_INDENT)))
                    .max()
                    .unwrap_or(0)
                    .clamp(12, 48),
                Column::Percent => 6,
                _ => (0..plan.units.len())
                    .map(|i| match table.value(i, column) {
                        Value::Count(v) => format::count(v, locale).len(),
                        _ => 0,
                    })
                    .max()
                    .unwrap_or(0),
            };
            content.max(word).max(3) + 2
        })
        .collect()
}

/// Column widths in percent of the page, from `column_weights`, as CSS
/// rules (not `style` attributes: a strict CSP refuses those).
fn column_widths(weights: &[usize]) -> String {
    let total: usize = weights.iter().sum::<usize>().max(1);
    let mut out = String::new();
    for (i, w) in weights.iter().enumerate() {
        out.push_str(&format!(
            ".qp-print-table col:nth-child({}){{width:{:.2}%}}",
            i + 1,
            100.0 * *w as f32 / total as f32
        ));
    }
    out
}

fn class_of(column: Column) -> &'static str {
    match column {
        Column::Code | Column::Percent => "qp-c",
        Column::Name => "qp-n",
        _ => "qp-r",
    }
}

/// Text made safe inside HTML elements and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unit_is_a_row_and_text_is_escaped() {
        let Ok(mut model) = PlannerModel::sample() else {
            panic!("the sample opens");
        };
        assert_eq!(
            model.apply_batch(vec![crate::core::model::Edit::Name(
                3,
                "<b>An & Lạc</b>".to_string(),
            )]),
            Ok(true)
        );
        let PrintPage { html, css } = to_page(&model, Locale::Vi);
        let pages = html.matches("<thead>").count();
        assert!(pages > 1, "{pages} pages");
        assert_eq!(
            html.matches("<tr").count() - pages,
            model.plan().units.len()
        );
        assert!(html.contains("&lt;b&gt;An &amp; Lạc&lt;/b&gt;"));
        assert!(!html.contains("<b>An"));
        assert!(html.contains("PHỤ LỤC"));
        assert!(html.contains("<td class=\"qp-r\">757.463</td>"));
        assert!(css.contains("counter(pages)"));
        // Nothing a strict Content-Security-Policy refuses.
        assert!(!html.contains("<style") && !html.contains("style="));
        assert!(css.contains(".qp-print-table col:nth-child(1){width:"));
    }

    #[test]
    fn only_names_that_may_not_fit_are_clipped() {
        let Ok(mut model) = PlannerModel::sample() else {
            panic!("the sample opens");
        };
        let long = "Phường ".repeat(20);
        assert_eq!(
            model.apply_batch(vec![crate::core::model::Edit::Name(3, long.clone())]),
            Ok(true)
        );
        let html = to_page(&model, Locale::Vi).html;
        // The name column is as wide as the longest name allows (48
        // characters at most): only the 140-character one may not fit.
        assert_eq!(html.matches("qp-clip").count(), 1);
        let clipped = html
            .split("<td class=\"")
            .find(|cell| cell.contains("qp-clip"))
            .unwrap_or_default();
        assert!(clipped.contains(long.trim_end()), "{clipped}");
    }
}
