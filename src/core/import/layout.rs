//! From a grid of cells to a plan: find the header, give columns their
//! roles, place each row in the hierarchy.

use super::{ImportReport, Imported};
use crate::core::error::ImportError;
use crate::core::plan::{Plan, Unit, UnitId};
use crate::core::text::{fold, parse_count, ParsedCount};
use crate::core::warning::{Warning, WarningKind};

/// One cell as a reader gives it.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A numeric cell (or a formula's cached number).
    Number(f64),
}

impl Cell {
    /// The cell as text, as it would be shown.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
        }
    }
}

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Code,
    Name,
    Base,
    Target,
}

impl Role {
    fn key(self) -> &'static str {
        match self {
            Role::Code => "code",
            Role::Name => "name",
            Role::Base => "base",
            Role::Target => "target",
        }
    }

    /// Recognises a header cell (folded: lower case, no diacritics).
    fn of_header(folded: &str) -> Option<Role> {
        let words = folded.split_whitespace().collect::<Vec<_>>().join(" ");
        if words == "stt" || words == "tt" || words == "so tt" || words == "no" || words == "no." {
            return Some(Role::Code);
        }
        if words.starts_with("chi tieu") || words.contains("target") || words.contains("quota") {
            return Some(Role::Target);
        }
        const BASE: [&str; 7] = [
            "so luong",
            "tong so",
            "so tai khoan",
            "muc 2",
            "ho so",
            "base",
            "count",
        ];
        if BASE.iter().any(|k| words.contains(k)) {
            return Some(Role::Base);
        }
        const NAME: [&str; 7] = [
            "don vi",
            "dia ban",
            "ten",
            "to dan pho",
            "unit",
            "name",
            "area",
        ];
        if NAME
            .iter()
            .any(|k| words.starts_with(k) || words.contains(&format!(" {k}")))
        {
            return Some(Role::Name);
        }
        None
    }
}

/// The style of an STT cell; each style found becomes one level, in the
/// order the styles first appear.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CodeStyle {
    Blank,
    Roman,
    Arabic,
    Letter,
    Bullet,
    Outline(u8),
}

fn code_style(code: &str) -> CodeStyle {
    let code = code.trim().trim_end_matches(['.', ')']);
    if code.is_empty() {
        return CodeStyle::Blank;
    }
    if code.chars().all(|c| c.is_ascii_digit()) {
        return CodeStyle::Arabic;
    }
    if code
        .split('.')
        .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        return CodeStyle::Outline(code.split('.').count().min(6) as u8);
    }
    if code.chars().all(|c| "IVXLCDM".contains(c)) {
        return CodeStyle::Roman;
    }
    if code.chars().count() == 1 && code.chars().all(|c| c.is_ascii_lowercase()) {
        return CodeStyle::Letter;
    }
    if code == "-" || code == "+" || code == "*" {
        return CodeStyle::Bullet;
    }
    CodeStyle::Arabic
}

fn column_letter(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push((b'A' + (index % 26) as u8) as char);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.iter().rev().collect()
}

/// Builds a plan from a sheet's cells.
pub fn plan_from_grid(
    grid: &[Vec<Cell>],
    file_name: &str,
    format: &str,
    sheet: Option<&str>,
) -> Result<Imported, ImportError> {
    let mut header = None;
    for (row_index, row) in grid.iter().enumerate().take(40) {
        let roles: Vec<Option<Role>> = row
            .iter()
            .map(|c| Role::of_header(&fold(&c.text())))
            .collect();
        if roles.contains(&Some(Role::Name)) && roles.contains(&Some(Role::Base)) {
            header = Some((row_index, roles));
            break;
        }
    }
    let (header_row, roles) = header.ok_or(ImportError::NoHeader)?;
    let column = |role: Role| roles.iter().position(|r| *r == Some(role));
    let name_col = column(Role::Name).ok_or(ImportError::NoHeader)?;
    let base_col = column(Role::Base).ok_or(ImportError::NoHeader)?;
    let code_col = column(Role::Code);
    let target_col = column(Role::Target);
    let title = grid[..header_row]
        .iter()
        .flat_map(|row| row.iter().map(Cell::text))
        .find(|t| !t.is_empty())
        .unwrap_or_else(|| file_name.to_string());

    let mut units: Vec<Unit> = Vec::new();
    let mut warnings = Vec::new();
    let mut styles: Vec<CodeStyle> = Vec::new();
    // Last unit seen at each level, to find parents.
    let mut last_at_level: Vec<usize> = Vec::new();
    let cell = |row: &Vec<Cell>, col: usize| row.get(col).cloned().unwrap_or(Cell::Empty);
    for (row_index, row) in grid.iter().enumerate().skip(header_row + 1) {
        let source_row = row_index + 1;
        let name = cell(row, name_col).text();
        let base_cell = cell(row, base_col);
        if name.is_empty() {
            continue;
        }
        let code = code_col.map(|c| cell(row, c).text()).unwrap_or_default();
        let style = code_style(&code);
        let level = match styles.iter().position(|s| *s == style) {
            Some(level) => level,
            None => {
                styles.push(style);
                styles.len() - 1
            }
        };
        let level = level.min(last_at_level.len());
        last_at_level.truncate(level);
        let parent = level
            .checked_sub(1)
            .and_then(|l| last_at_level.get(l).copied());
        let id = UnitId(units.len() as u32);
        let mut unit = Unit::new(id, &code, &name, level as u8, parent);
        match parse_count(&base_cell) {
            ParsedCount::Count(v) => unit.base = v,
            ParsedCount::Negative(text) => warnings.push(Warning::row(
                source_row,
                Some(id),
                WarningKind::NegativeCount { text },
            )),
            ParsedCount::Missing(text) => warnings.push(Warning::row(
                source_row,
                Some(id),
                WarningKind::MissingBase { text },
            )),
        }
        if let Some(tc) = target_col {
            if let ParsedCount::Count(v) = parse_count(&cell(row, tc)) {
                unit.official_target = Some(v);
                if v > unit.base {
                    warnings.push(Warning::row(
                        source_row,
                        Some(id),
                        WarningKind::TargetAboveBase {
                            target: v,
                            base: unit.base,
                        },
                    ));
                }
            }
        }
        last_at_level.push(units.len());
        units.push(unit);
    }
    if units.is_empty() {
        return Err(ImportError::NoUnits);
    }
    let mut columns = Vec::new();
    for (index, role) in roles.iter().enumerate() {
        if let Some(role) = role {
            columns.push((role.key().to_string(), column_letter(index)));
        }
    }
    let plan = Plan::new(&title, units);
    let report = ImportReport {
        file_name: file_name.to_string(),
        format: format.to_string(),
        sheet: sheet.map(str::to_string),
        header_rows: vec![header_row + 1],
        columns,
        units: plan.units.len(),
        levels: plan.depth(),
        warnings,
    };
    Ok(Imported { plan, report })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_and_letters() {
        assert_eq!(code_style(""), CodeStyle::Blank);
        assert_eq!(code_style("XI"), CodeStyle::Roman);
        assert_eq!(code_style("12"), CodeStyle::Arabic);
        assert_eq!(code_style("1.2"), CodeStyle::Outline(2));
        assert_eq!(code_style("a"), CodeStyle::Letter);
        assert_eq!(code_style("-"), CodeStyle::Bullet);
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
    }
}
