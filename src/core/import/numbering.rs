//! Gaps in the STT column: a damaged workbook (a reader that skipped
//! records) or a row deleted by hand leaves siblings numbered 3, 4, 7. The
//! parent's own total usually disagrees as well, but the jump says where
//! the rows went missing, so it is reported on the unit after the gap.

use crate::core::plan::Plan;
use crate::core::warning::{Warning, WarningKind};

/// How a sibling is numbered: arabic ("7", "7.", "2.7" under "2") or
/// upper-case roman ("IV"). Lower-case letters ("a", "b") and codes that
/// mix kinds are not compared.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Arabic,
    Roman,
}

/// The kind, the number and the dotted prefix ("2" of "2.7", "" for none).
fn number(code: &str) -> Option<(Kind, u32, &str)> {
    let code = code.trim().trim_end_matches(['.', ')']);
    let (prefix, last) = code.rsplit_once('.').unwrap_or(("", code));
    if !last.is_empty() && last.len() <= 6 && last.bytes().all(|b| b.is_ascii_digit()) {
        return last.parse().ok().map(|n| (Kind::Arabic, n, prefix));
    }
    if prefix.is_empty() {
        return roman(last).map(|n| (Kind::Roman, n, ""));
    }
    None
}

/// I to XXXIX in canonical form (districts of a province, parts of an
/// appendix); "C", "D", "L", "M" alone are letters more often than numbers.
fn roman(text: &str) -> Option<u32> {
    const TENS: [&str; 4] = ["", "X", "XX", "XXX"];
    const UNITS: [&str; 10] = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
    let tens = TENS.iter().rposition(|t| text.starts_with(t))?;
    let rest = text.get(TENS[tens].len()..)?;
    let units = UNITS.iter().position(|u| *u == rest)?;
    let n = (tens * 10 + units) as u32;
    (n > 0).then_some(n)
}

/// A sibling's STT read as a number: kind, value, dotted prefix.
type Numbered<'a> = (Kind, u32, &'a str);

/// A warning on each unit whose STT jumps forward from the sibling before
/// it (same kind, same dotted prefix); `rows` are the units' source rows.
pub fn gaps(plan: &Plan, rows: &[usize]) -> Vec<Warning> {
    let mut found = Vec::new();
    let groups =
        std::iter::once(plan.roots()).chain((0..plan.units.len()).map(|i| plan.children(i)));
    for siblings in groups {
        let numbered: Vec<(usize, Option<Numbered>)> = siblings
            .iter()
            .map(|&i| (i, number(&plan.units[i].code)))
            .collect();
        for pair in numbered.windows(2) {
            let [(previous, Some(before)), (index, Some(after))] = pair else {
                continue;
            };
            if before.0 != after.0 || before.2 != after.2 || after.1 <= before.1.saturating_add(1) {
                continue;
            }
            let unit = &plan.units[*index];
            let kind = WarningKind::NumberingGap {
                before: plan.units[*previous].code.trim().to_string(),
                after: unit.code.trim().to_string(),
            };
            found.push(match rows.get(*index) {
                Some(&row) => Warning::row(row, Some(unit.id), kind),
                None => Warning::unit(unit.id, kind),
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_written() {
        assert_eq!(number("7"), Some((Kind::Arabic, 7, "")));
        assert_eq!(number(" 7. "), Some((Kind::Arabic, 7, "")));
        assert_eq!(number("2.7"), Some((Kind::Arabic, 7, "2")));
        assert_eq!(number("IV"), Some((Kind::Roman, 4, "")));
        assert_eq!(number("XXXIX"), Some((Kind::Roman, 39, "")));
        assert_eq!(number("IIII"), None);
        assert_eq!(number("C"), None);
        assert_eq!(number("a"), None);
        assert_eq!(number("iv"), None);
        assert_eq!(number(""), None);
    }
}
