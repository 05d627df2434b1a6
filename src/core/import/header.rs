//! The header of a sheet: which rows hold it (one or two, merged cells
//! spread over what they cover; none for a headerless sheet), the roles its
//! texts give the columns, and the roles a planner pinned.

use std::collections::BTreeMap;

use super::hierarchy::{code_style, CodeStyle};
use super::layout::{Cell, Sheet};
pub use super::roles::ColumnRole;
use crate::core::error::ImportError;
use crate::core::text::{parse_count, ParsedCount};

/// Rows searched for the header.
pub(super) const HEADER_SEARCH_ROWS: usize = 60;

/// Puts pinned roles on their columns. A pinned role is taken from any
/// other column inference gave it to; two pins of one role keep the first.
/// A column pinned as not used shows as unknown (with its header text).
pub(super) fn apply_role_pins(
    roles: &mut Vec<Option<ColumnRole>>,
    pins: &BTreeMap<usize, Option<ColumnRole>>,
    header_text: &dyn Fn(usize) -> String,
    header: &Header,
) {
    if pins.is_empty() {
        return;
    }
    let unused = |col: usize| {
        let text = header_text(col);
        (!text.is_empty() && !header.rows.is_empty()).then_some(ColumnRole::Unknown(text))
    };
    if let Some(last) = pins.keys().next_back() {
        // A pin past every column of the sheet is not a column at all.
        if *last < MAX_PIN_COLUMNS && roles.len() <= *last {
            roles.resize(last + 1, None);
        }
    }
    let width = roles.len();
    let pins: Vec<(usize, &Option<ColumnRole>)> = pins
        .iter()
        .filter(|(col, _)| **col < width)
        .map(|(col, pin)| (*col, pin))
        .collect();
    let pinned: Vec<&ColumnRole> = pins
        .iter()
        .filter_map(|(_, pin)| pin.as_ref())
        .filter(|r| !r.is_unknown())
        .collect();
    for (col, role) in roles.iter_mut().enumerate() {
        if pins.binary_search_by_key(&col, |(c, _)| *c).is_ok() {
            continue;
        }
        if role.as_ref().is_some_and(|r| pinned.contains(&r)) {
            *role = unused(col);
        }
    }
    let mut placed: Vec<ColumnRole> = Vec::new();
    for (col, pin) in pins {
        let Some(slot) = roles.get_mut(col) else {
            continue;
        };
        *slot = match pin {
            Some(role) if !role.is_unknown() && !placed.contains(role) => {
                placed.push(role.clone());
                Some(role.clone())
            }
            _ => unused(col),
        };
    }
}

/// Columns a role can be pinned on.
const MAX_PIN_COLUMNS: usize = 16_384;

/// The header found: its rows and each column's role.
pub(super) struct Header {
    pub(super) rows: Vec<usize>,
    pub(super) roles: Vec<Option<ColumnRole>>,
}

fn cell(grid: &[Vec<Cell>], row: usize, col: usize) -> &Cell {
    grid.get(row)
        .and_then(|r| r.get(col))
        .unwrap_or(&Cell::Empty)
}

/// Header texts with merged regions spread over the cells they cover.
pub(super) fn header_texts(sheet: &Sheet, limit: usize) -> Vec<Vec<String>> {
    let mut texts: Vec<Vec<String>> = sheet
        .grid
        .iter()
        .take(limit)
        .map(|row| row.iter().map(Cell::text).collect())
        .collect();
    for merge in &sheet.merges {
        if merge.first_row >= limit || merge.last_row < merge.first_row {
            continue;
        }
        let value = cell(&sheet.grid, merge.first_row, merge.first_col).text();
        let last_row = merge.last_row.min(limit.saturating_sub(1));
        let last_col = merge.last_col.min(merge.first_col + 256);
        for row in merge.first_row..=last_row {
            let Some(line) = texts.get_mut(row) else {
                continue;
            };
            if line.len() <= last_col {
                line.resize(last_col + 1, String::new());
            }
            for slot in &mut line[merge.first_col..=last_col] {
                if slot.is_empty() {
                    slot.clone_from(&value);
                }
            }
        }
    }
    texts
}

/// A row that can be the second row of a header: text only, no counts.
fn is_header_like(row: &[String]) -> bool {
    let mut any = false;
    for text in row {
        if text.is_empty() {
            continue;
        }
        any = true;
        if matches!(
            crate::core::text::parse_count_text(text),
            ParsedCount::Count(_)
        ) {
            return false;
        }
    }
    any
}

fn roles_of(texts: &[String]) -> Vec<Option<ColumnRole>> {
    texts.iter().map(|t| ColumnRole::of_header(t)).collect()
}

fn valid(roles: &[Option<ColumnRole>]) -> bool {
    roles.contains(&Some(ColumnRole::Name)) && roles.contains(&Some(ColumnRole::Base))
}

fn score(roles: &[Option<ColumnRole>]) -> usize {
    roles.iter().filter(|r| r.is_some()).count()
}

/// Two header rows combined per column; an upper group header without a
/// merge region is carried right over the sub-headers under it.
fn combine(upper: &[String], lower: &[String]) -> Vec<String> {
    let width = upper.len().max(lower.len());
    let mut out = Vec::with_capacity(width);
    let mut carried = String::new();
    for col in 0..width {
        let up = upper.get(col).cloned().unwrap_or_default();
        let low = lower.get(col).cloned().unwrap_or_default();
        let up = if up.is_empty() && !low.is_empty() {
            carried.clone()
        } else {
            up
        };
        if !up.is_empty() && !low.is_empty() {
            carried.clone_from(&up);
        } else if low.is_empty() {
            carried.clear();
        }
        out.push(match (up.is_empty(), low.is_empty()) {
            (_, true) => up,
            (true, false) => low,
            (false, false) if up == low => up,
            (false, false) => format!("{up} {low}"),
        });
    }
    out
}

pub(super) fn find_header(texts: &[Vec<String>]) -> Option<Header> {
    for row in 0..texts.len() {
        if texts[row].iter().all(String::is_empty) {
            continue;
        }
        let single = roles_of(&texts[row]);
        if let Some(next) = texts.get(row + 1) {
            if is_header_like(next) {
                let double = roles_of(&combine(&texts[row], next));
                // With as many roles either way, the second row belongs to
                // the header when it adds nothing under the STT and name
                // columns (a merged cell repeats the upper text).
                let adds_no_unit = single.iter().enumerate().all(|(col, role)| {
                    !matches!(role, Some(ColumnRole::Code | ColumnRole::Name))
                        || next
                            .get(col)
                            .is_none_or(|t| t.is_empty() || *t == texts[row][col])
                });
                let better = !valid(&single)
                    || score(&double) > score(&single)
                    || (score(&double) == score(&single) && adds_no_unit);
                if valid(&double) && better {
                    return Some(Header {
                        rows: vec![row, row + 1],
                        roles: double,
                    });
                }
            }
        }
        if valid(&single) {
            return Some(Header {
                rows: vec![row],
                roles: single,
            });
        }
    }
    None
}

/// No header at all (pasted data rows): the column with the most words is
/// the name, the first mostly-numeric column after it the base, a
/// code-like column before it the STT.
pub(super) fn headerless(grid: &[Vec<Cell>]) -> Option<Header> {
    let width = grid
        .iter()
        .take(200)
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .min(64);
    let rows: Vec<&Vec<Cell>> = grid.iter().take(200).collect();
    let mut text_count = vec![0usize; width];
    let mut num_count = vec![0usize; width];
    for row in &rows {
        for (col, c) in row.iter().enumerate().take(width) {
            match parse_count(c) {
                ParsedCount::Count(_) => num_count[col] += 1,
                ParsedCount::Missing(t) if t.chars().any(char::is_alphabetic) && t.len() > 3 => {
                    text_count[col] += 1
                }
                _ => {}
            }
        }
    }
    let name_col = (0..width).max_by_key(|c| (text_count[*c], usize::MAX - c))?;
    if text_count[name_col] < 2 {
        return None;
    }
    let base_col = (name_col + 1..width).find(|c| num_count[*c] * 2 >= text_count[name_col])?;
    let mut roles = vec![None; width];
    roles[name_col] = Some(ColumnRole::Name);
    roles[base_col] = Some(ColumnRole::Base);
    if name_col > 0 {
        let code_col = name_col - 1;
        let codes = rows
            .iter()
            .filter(|r| {
                let t = cell(grid, 0, 0).text();
                let _ = t;
                let c = r.get(code_col).map(Cell::text).unwrap_or_default();
                c.len() <= 6 && !matches!(code_style(&c), CodeStyle::Other)
            })
            .count();
        if codes * 10 >= rows.len() * 8 {
            roles[code_col] = Some(ColumnRole::Code);
        }
    }
    if let Some(target_col) =
        (base_col + 1..width).find(|c| num_count[*c] * 2 >= text_count[name_col])
    {
        roles[target_col] = Some(ColumnRole::Target);
    }
    Some(Header {
        rows: Vec::new(),
        roles,
    })
}

/// A row of numbers under the header ("(1) (2) (3)" or "1 2 3"): skipped.
pub(super) fn is_column_number_row(row: &[Cell]) -> bool {
    let tokens: Vec<String> = row
        .iter()
        .filter(|c| !c.is_empty())
        .map(Cell::text)
        .collect();
    if tokens.len() < 3 {
        return false;
    }
    let numbers: Vec<Option<u64>> = tokens
        .iter()
        .map(|t| {
            let t = t.trim_start_matches('(').trim_end_matches(')');
            if t.len() <= 2 && t.chars().all(|c| c.is_ascii_alphanumeric()) {
                Some(t.parse::<u64>().unwrap_or(0))
            } else {
                None
            }
        })
        .collect();
    if numbers.iter().any(Option::is_none) {
        return false;
    }
    let values: Vec<u64> = numbers.into_iter().flatten().collect();
    let increasing = values
        .windows(2)
        .all(|w| w[1] > w[0] || w[0] == 0 || w[1] == 0);
    increasing && values.iter().any(|v| *v > 0)
}

/// The header given by pinned rows (0-based here): their texts combined,
/// roles read from them; no rows at all reads the sheet as headerless.
pub(super) fn pinned_header(
    sheet: &Sheet,
    texts: &[Vec<String>],
    rows: &[usize],
) -> Result<Header, ImportError> {
    if rows.is_empty() {
        return Ok(headerless(&sheet.grid).unwrap_or(Header {
            rows: Vec::new(),
            roles: Vec::new(),
        }));
    }
    let mut combined: Vec<String> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let line = texts.get(*row).ok_or(ImportError::NoHeader)?;
        combined = if i == 0 {
            line.clone()
        } else {
            combine(&combined, line)
        };
    }
    Ok(Header {
        rows: rows.to_vec(),
        roles: roles_of(&combined),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::plan::ExclusionCategory;

    #[test]
    fn header_roles() {
        let role = |t: &str| ColumnRole::of_header(t);
        assert_eq!(role("STT"), Some(ColumnRole::Code));
        assert_eq!(role("Đơn vị"), Some(ColumnRole::Name));
        assert_eq!(role("Tên Tổ dân phố"), Some(ColumnRole::Name));
        assert_eq!(role("Số lượng hồ sơ mức 2"), Some(ColumnRole::Base));
        assert_eq!(role("Chỉ tiêu 90% \"Tán thành\""), Some(ColumnRole::Target));
        assert_eq!(role("Tỷ lệ (%)"), Some(ColumnRole::Percent));
        assert_eq!(role("Chỉ tiêu mỗi ngày"), Some(ColumnRole::Daily));
        assert_eq!(
            role("Số không tham gia Chết"),
            Some(ColumnRole::Excluded(ExclusionCategory::Died))
        );
        assert_eq!(
            role("Không sử dụng điện thoại"),
            Some(ColumnRole::Excluded(ExclusionCategory::NoPhone))
        );
        assert_eq!(
            role("Chờ thay đổi số điện thoại"),
            Some(ColumnRole::Excluded(ExclusionCategory::PhoneChangePending))
        );
        assert_eq!(
            role("Khác"),
            Some(ColumnRole::Excluded(ExclusionCategory::Other))
        );
        assert_eq!(role("Kết quả"), Some(ColumnRole::Result));
        assert_eq!(role("Unit"), Some(ColumnRole::Name));
    }
}
