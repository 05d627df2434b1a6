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

/// The print table's HTML (a `<section class="qp-print">`), with its
/// `@page` rule (A4, page numbers in the bottom margin) in a `<style>`.
pub fn to_html(model: &PlannerModel, locale: Locale) -> String {
    let table = Table::new(model, locale);
    let plan = table.plan();
    let words = i18n::export::texts(locale);
    let (page, of) = i18n::export::page_word(locale);
    let mut out = String::with_capacity(160 * (plan.units.len() + 8));
    out.push_str("<section class=\"qp-print\" aria-hidden=\"true\"><style>");
    out.push_str(&format!(
        "@page{{size:A4 {};margin:14mm 12mm 16mm 12mm;\
         @bottom-center{{content:\"{page}\" counter(page) \"{of}\" counter(pages);\
         font:10pt 'Times New Roman',serif}}}}",
        if table.columns.len() > 7 {
            "landscape"
        } else {
            "portrait"
        }
    ));
    for level in 0..=MAX_INDENT {
        out.push_str(&format!(
            ".qp-print td.qp-l{level}{{padding-left:{}em}}",
            0.3 + 1.2 * f32::from(level)
        ));
    }
    out.push_str("</style><header class=\"qp-print-title\">");
    for line in table.title_lines() {
        let class = if line.trim_start().starts_with('(') {
            "qp-print-reference"
        } else {
            "qp-print-heading"
        };
        out.push_str(&format!("<p class=\"{class}\">{}</p>", escape(&line)));
    }
    out.push_str("</header><table class=\"qp-print-table\"><thead><tr>");
    for (header, &column) in table.headers().iter().zip(&table.columns) {
        out.push_str(&format!(
            "<th class=\"{}\">{}</th>",
            class_of(column),
            escape(header)
        ));
    }
    out.push_str("</tr></thead><tbody>");
    for index in 0..plan.units.len() {
        let parent = !plan.is_leaf(index);
        let level = plan.units[index].level.min(MAX_INDENT);
        out.push_str(if parent {
            "<tr class=\"qp-print-parent\">"
        } else {
            "<tr>"
        });
        for &column in &table.columns {
            let text = match table.value(index, column) {
                Value::Text(text) => escape(&text),
                Value::Count(v) => format::count(v, locale),
                Value::Percent(p) => format::percent(p, locale),
                Value::Empty => String::new(),
            };
            if column == Column::Name {
                out.push_str(&format!("<td class=\"qp-l{level}\">{text}</td>"));
            } else {
                out.push_str(&format!("<td class=\"{}\">{text}</td>", class_of(column)));
            }
        }
        out.push_str("</tr>");
    }
    let roots = table.roots();
    if roots.len() > 1 {
        out.push_str("<tr class=\"qp-print-parent qp-print-total\">");
        for &column in &table.columns {
            let text = match column {
                Column::Name => escape(i18n::texts(locale).totals_label),
                c => table
                    .total(&roots, c)
                    .map(|sum| format::count(sum, locale))
                    .unwrap_or_default(),
            };
            out.push_str(&format!("<td class=\"{}\">{text}</td>", class_of(column)));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
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
        model.apply_batch(vec![crate::core::model::Edit::Name(
            3,
            "<b>An & Lạc</b>".to_string(),
        )]);
        let html = to_html(&model, Locale::Vi);
        let body = html.split("<tbody>").nth(1).unwrap_or_default();
        assert_eq!(body.matches("<tr").count(), model.plan().units.len());
        assert!(html.contains("&lt;b&gt;An &amp; Lạc&lt;/b&gt;"));
        assert!(!html.contains("<b>An"));
        assert!(html.contains("PHỤ LỤC"));
        assert!(html.contains("<td class=\"qp-r\">757.463</td>"));
        assert!(html.contains("counter(pages)"));
    }
}
