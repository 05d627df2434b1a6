//! From a grid of cells to a plan: the header (`header`) gives the columns
//! their roles, each row is read, placed in the hierarchy (`hierarchy`),
//! and becomes a unit; what cannot be read is reported.

use super::header::{
    apply_role_pins, find_header, header_texts, headerless, is_column_number_row, pinned_header,
    Header, HEADER_SEARCH_ROWS,
};
use super::hierarchy::{
    code_style, is_footer_words, is_total_words, name_rank_of, place_with_pins, split_code,
    CodeStyle, RowData,
};
use super::mapping::{ColumnLayout, Corrections, Layout, RowLevel};
use super::progress::{Progress, Stage};
pub use super::roles::ColumnRole;
use super::{ImportReport, Imported};
use crate::core::error::ImportError;
use crate::core::percent::Percent;
use crate::core::plan::{ExclusionCategory, Plan, Unit, UnitId};
use crate::core::text::{
    cell_number, fold_words, parse_count, parse_percent_cell, percent_in_text, ParsedCount,
};
use crate::core::warning::{Warning, WarningKind};

/// One cell as a reader gives it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
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
            Cell::Text(t) => t.split_whitespace().collect::<Vec<_>>().join(" "),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            Cell::Number(_) => false,
        }
    }
}

/// A merged region, 0-based and inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Merge {
    pub first_row: usize,
    pub first_col: usize,
    pub last_row: usize,
    pub last_col: usize,
}

/// One sheet: its name, its cells (row 0 is the sheet's row 1) and its
/// merged regions (the import worker sends them to the page for a
/// campaign report, `wire::encode_sheets`).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Sheet {
    pub name: String,
    pub grid: Vec<Vec<Cell>>,
    pub merges: Vec<Merge>,
    /// What reading found wrong with the file itself (cut off), reported
    /// with the plan made from it.
    pub warnings: Vec<Warning>,
}

impl Sheet {
    pub fn from_grid(name: &str, grid: Vec<Vec<Cell>>) -> Sheet {
        Sheet {
            name: name.to_string(),
            grid,
            merges: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

pub fn column_letter(mut index: usize) -> String {
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

/// Builds a plan from a sheet's cells (no merged regions).
pub fn plan_from_grid(
    grid: &[Vec<Cell>],
    file_name: &str,
    format: &str,
    sheet: Option<&str>,
) -> Result<Imported, ImportError> {
    let sheet_data = Sheet::from_grid(sheet.unwrap_or(file_name), grid.to_vec());
    let mut imported = plan_from_sheet(&sheet_data, file_name, format)?;
    imported.report.sheet = sheet.map(str::to_string);
    Ok(imported)
}

/// Builds a plan from a sheet.
pub fn plan_from_sheet(
    sheet: &Sheet,
    file_name: &str,
    format: &str,
) -> Result<Imported, ImportError> {
    plan_from_sheet_with(sheet, file_name, format, &Corrections::default())
}

/// Builds a plan from a sheet with a planner's corrections applied (see
/// `Corrections`); whatever is not corrected is inferred.
pub fn plan_from_sheet_with(
    sheet: &Sheet,
    file_name: &str,
    format: &str,
    corrections: &Corrections,
) -> Result<Imported, ImportError> {
    plan_from_sheet_progress(sheet, file_name, format, corrections, &mut Progress::none())
}

/// `plan_from_sheet_with`, telling `progress` how far it is.
pub(super) fn plan_from_sheet_progress(
    sheet: &Sheet,
    file_name: &str,
    format: &str,
    corrections: &Corrections,
    progress: &mut Progress,
) -> Result<Imported, ImportError> {
    let grid = &sheet.grid;
    if grid.iter().all(|row| row.iter().all(Cell::is_empty)) {
        return Err(ImportError::Empty);
    }
    // Pinned header rows: 1-based, increasing, inside the sheet.
    let pinned_rows: Option<Vec<usize>> = match &corrections.header_rows {
        None => None,
        Some(rows) => {
            let increasing = rows.windows(2).all(|w| w[0] < w[1]);
            if !increasing || rows.iter().any(|r| *r == 0 || *r > grid.len()) {
                return Err(ImportError::NoHeader);
            }
            Some(rows.iter().map(|r| r - 1).collect())
        }
    };
    let limit = pinned_rows
        .as_ref()
        .and_then(|rows| rows.last())
        .map_or(HEADER_SEARCH_ROWS, |last| HEADER_SEARCH_ROWS.max(last + 1));
    let texts = header_texts(sheet, limit);
    let header = match &pinned_rows {
        Some(rows) => pinned_header(sheet, &texts, rows)?,
        None => match find_header(&texts).or_else(|| headerless(grid)) {
            Some(header) => header,
            None if !corrections.columns.is_empty() => Header {
                rows: Vec::new(),
                roles: Vec::new(),
            },
            None => return Err(ImportError::NoHeader),
        },
    };

    // Roles: the first column of each role wins; later ones are reported
    // as unknown with their header text.
    let header_text = |col: usize| -> String {
        header
            .rows
            .iter()
            .map(|r| {
                texts
                    .get(*r)
                    .and_then(|t| t.get(col))
                    .cloned()
                    .unwrap_or_default()
            })
            .filter(|t| !t.is_empty())
            .fold(Vec::<String>::new(), |mut acc, t| {
                if !acc.contains(&t) {
                    acc.push(t);
                }
                acc
            })
            .join(" ")
    };
    let width = header
        .rows
        .iter()
        .filter_map(|r| texts.get(*r).map(Vec::len))
        .max()
        .unwrap_or(header.roles.len())
        .max(header.roles.len());
    let mut roles: Vec<Option<ColumnRole>> = Vec::with_capacity(width);
    for col in 0..width {
        let role = header.roles.get(col).cloned().flatten();
        let role = match role {
            Some(r) if roles.contains(&Some(r.clone())) => {
                Some(ColumnRole::Unknown(header_text(col)))
            }
            Some(r) => Some(r),
            None => {
                let text = header_text(col);
                (!text.is_empty() && !header.rows.is_empty()).then_some(ColumnRole::Unknown(text))
            }
        };
        roles.push(role);
    }
    apply_role_pins(&mut roles, &corrections.columns, &header_text, &header);
    let column = |role: &ColumnRole| roles.iter().position(|r| r.as_ref() == Some(role));
    let name_col = column(&ColumnRole::Name).ok_or(ImportError::NoHeader)?;
    let base_col = column(&ColumnRole::Base).ok_or(ImportError::NoHeader)?;
    let code_col = column(&ColumnRole::Code);
    let target_col = column(&ColumnRole::Target);
    let percent_col = column(&ColumnRole::Percent);
    let daily_col = column(&ColumnRole::Daily);
    let exclusion_cols: Vec<(ExclusionCategory, usize)> = roles
        .iter()
        .enumerate()
        .filter_map(|(i, r)| match r {
            Some(ColumnRole::Excluded(c)) => Some((*c, i)),
            _ => None,
        })
        .collect();

    // Title rows above the header.
    let first_header_row = header.rows.first().copied().unwrap_or(0);
    let mut title_rows = Vec::new();
    let mut reference = None;
    for row in texts.iter().take(first_header_row) {
        let line = row
            .iter()
            .filter(|t| !t.is_empty())
            .fold(Vec::<&String>::new(), |mut acc, t| {
                if !acc.contains(&t) {
                    acc.push(t);
                }
                acc
            })
            .into_iter()
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        if line.is_empty() {
            continue;
        }
        let words = fold_words(&line);
        if line.trim_start().starts_with('(')
            && (words.contains("kem theo")
                || words.contains("ke hoach")
                || words.contains("ban hanh"))
        {
            reference.get_or_insert_with(|| line.clone());
        }
        title_rows.push(line);
    }
    let title = {
        let parts: Vec<&String> = title_rows
            .iter()
            .filter(|l| Some(*l) != reference.as_ref())
            .filter(|l| {
                let w = fold_words(l);
                !(w.contains("cong hoa xa hoi")
                    || w.contains("doc lap")
                    || w.starts_with("don vi tinh")
                    || w.starts_with("dvt"))
            })
            .collect();
        let joined = parts
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        if joined.is_empty() {
            file_name.to_string()
        } else {
            joined
        }
    };

    // Percent column: fractions when every number is at most 1.
    let data_start = header.rows.last().map_or(0, |r| r + 1);
    let fractions = percent_col.is_some_and(|pc| {
        let values: Vec<f64> = grid
            .iter()
            .skip(data_start)
            .filter_map(|row| row.get(pc).and_then(cell_number))
            .collect();
        !values.is_empty() && values.iter().all(|v| *v <= 1.0 && *v >= 0.0)
    });

    // Read the rows. A row the planner pinned is taken (at its level) or
    // left out whatever inference says; `inferred` marks the rows that
    // inference takes on its own, the ones the hierarchy is inferred from.
    let mut rows: Vec<RowData> = Vec::new();
    let mut pinned_levels: Vec<Option<u8>> = Vec::new();
    let mut inferred: Vec<bool> = Vec::new();
    let mut listed: Vec<RowLevel> = Vec::new();
    let mut taken = 0usize;
    let mut warnings = sheet.warnings.clone();
    let mut trailing_without_numbers: Vec<usize> = Vec::new();
    let mut skipped_numbers_row = false;
    let mut stopped = false;
    for (row_index, row) in grid.iter().enumerate().skip(data_start) {
        if row_index.is_multiple_of(4096) {
            progress.report(Stage::Layout, row_index, grid.len());
        }
        let source_row = row_index + 1;
        if row.iter().all(Cell::is_empty) {
            continue;
        }
        listed.push(RowLevel {
            row: source_row,
            level: None,
            text: String::new(),
        });
        let pin = corrections.rows.get(&source_row).copied();
        if pin == Some(None) {
            continue;
        }
        let forced = pin.flatten();
        if forced.is_none() {
            if stopped {
                continue;
            }
            if !skipped_numbers_row && taken == 0 && is_column_number_row(row) {
                skipped_numbers_row = true;
                continue;
            }
        }
        let get = |col: usize| row.get(col).unwrap_or(&Cell::Empty);
        let mut name = get(name_col).text();
        let mut code = code_col.map(|c| get(c).text()).unwrap_or_default();
        if code.is_empty() {
            if let Some((c, n)) = split_code(&name) {
                code = c;
                name = n;
            }
        }
        let base = parse_count(get(base_col));
        let has_numbers = matches!(base, ParsedCount::Count(_) | ParsedCount::Negative(_))
            || target_col.is_some_and(|c| matches!(parse_count(get(c)), ParsedCount::Count(_)));
        let mut take = !stopped;
        if name.is_empty() {
            if forced.is_none() {
                if has_numbers {
                    warnings.push(Warning::row(
                        source_row,
                        None,
                        WarningKind::Unplaced {
                            text: row_text(row),
                        },
                    ));
                }
                continue;
            }
            // Taken only because it is pinned: named by its code or text.
            name = if code.is_empty() {
                row_text(row)
            } else {
                code.clone()
            };
            take = false;
        }
        let words = fold_words(&name);
        if take && taken > 0 && is_footer_words(&words) && !has_numbers {
            stopped = true;
            take = false;
        }
        if take && taken > 0 && is_total_words(&words) {
            // A subtotal or a total at the bottom: not a unit.
            take = false;
        }
        if !take && forced.is_none() {
            continue;
        }
        let style = code_style(&code);
        let data = RowData {
            source_row,
            name_rank: name_rank_of(&name, &words),
            words,
            code,
            name,
            style,
            base,
            target: target_col.map(|c| parse_count(get(c))),
            percent: percent_col.and_then(|c| {
                let cell = get(c);
                (!cell.is_empty()).then(|| parse_percent_cell(cell, fractions).ok_or(cell.text()))
            }),
            daily: daily_col.map(|c| parse_count(get(c))),
            exclusions: exclusion_cols
                .iter()
                .map(|(category, c)| (*category, parse_count(get(*c))))
                .collect(),
        };
        if take {
            taken += 1;
            if has_numbers {
                trailing_without_numbers.clear();
            } else {
                trailing_without_numbers.push(rows.len());
            }
        }
        rows.push(data);
        pinned_levels.push(forced);
        inferred.push(take);
    }
    // Lines after the last row with numbers are notes, not units — unless
    // they carry an STT or a unit prefix (or the planner pinned them).
    let keep = trailing_without_numbers
        .iter()
        .take_while(|i| rows[**i].style != CodeStyle::Blank || rows[**i].name_rank.is_some())
        .count();
    if let Some(&first_dropped) = trailing_without_numbers.get(keep) {
        let mut kept_rows = Vec::with_capacity(first_dropped);
        let mut kept_pins = Vec::with_capacity(first_dropped);
        let mut kept_inferred = Vec::with_capacity(first_dropped);
        let all = rows.into_iter().zip(pinned_levels).zip(inferred);
        for (i, ((row, pin), took)) in all.enumerate() {
            if i < first_dropped || pin.is_some() {
                kept_inferred.push(took && i < first_dropped);
                kept_rows.push(row);
                kept_pins.push(pin);
            }
        }
        rows = kept_rows;
        pinned_levels = kept_pins;
        inferred = kept_inferred;
    }
    if rows.is_empty()
        || rows
            .iter()
            .all(|r| !matches!(r.base, ParsedCount::Count(_)))
    {
        return Err(ImportError::NoUnits);
    }

    let (parents, hierarchy) = place_with_pins(&rows, &inferred, &pinned_levels);

    // Units and findings. A cell that is not a number is reported with its
    // reference and never read as 0; a parent's blank base is its
    // children's sum, without a warning.
    let mut has_children = vec![false; rows.len()];
    for parent in parents.iter().flatten() {
        has_children[*parent] = true;
    }
    let mut units: Vec<Unit> = Vec::with_capacity(rows.len());
    let mut levels: Vec<u8> = Vec::with_capacity(rows.len());
    for (index, data) in rows.iter().enumerate() {
        if index.is_multiple_of(4096) {
            progress.report(Stage::Plan, index, rows.len());
        }
        let id = UnitId(index as u32);
        let parent = parents[index];
        let level = parent.map_or(0, |p| levels[p].saturating_add(1));
        levels.push(level);
        let mut unit = Unit::new(id, &data.code, &data.name, level, parent);
        let at = |kind| Warning::row(data.source_row, Some(id), kind);
        let not_a_number = |col: usize, text: &str| {
            at(WarningKind::NotANumber {
                cell: format!("{}{}", column_letter(col), data.source_row),
                text: text.to_string(),
            })
        };
        // A count cell: its value, or a warning.
        let read = |warnings: &mut Vec<Warning>, value: &ParsedCount, col: usize| match value {
            ParsedCount::Count(v) => Some(*v),
            ParsedCount::Negative(text) => {
                warnings.push(at(WarningKind::NegativeCount { text: text.clone() }));
                None
            }
            ParsedCount::Missing(text) if text.is_empty() => None,
            ParsedCount::Missing(text) => {
                warnings.push(not_a_number(col, text));
                None
            }
        };
        match read(&mut warnings, &data.base, base_col) {
            Some(v) => {
                unit.base = v;
                unit.base_given = true;
            }
            None if matches!(&data.base, ParsedCount::Missing(t) if t.is_empty())
                && !has_children[index] =>
            {
                warnings.push(at(WarningKind::MissingBase))
            }
            None => {}
        }
        if let (Some(value), Some(col)) = (&data.target, target_col) {
            if let Some(v) = read(&mut warnings, value, col) {
                unit.official_target = Some(v);
                if unit.base_given && v > unit.base {
                    warnings.push(at(WarningKind::TargetAboveBase {
                        target: v,
                        base: unit.base,
                    }));
                }
            }
        }
        if let (Some(value), Some(col)) = (&data.daily, daily_col) {
            unit.daily_target = read(&mut warnings, value, col);
        }
        for ((category, value), (_, col)) in data.exclusions.iter().zip(&exclusion_cols) {
            if let Some(v) = read(&mut warnings, value, *col) {
                unit.exclusions[category.index()] = v;
            }
        }
        if let (Some(Err(text)), Some(col)) = (&data.percent, percent_col) {
            warnings.push(not_a_number(col, text));
        }
        units.push(unit);
    }
    // Duplicate names under one parent.
    let mut seen = std::collections::HashSet::new();
    for (index, unit) in units.iter().enumerate() {
        if !seen.insert((unit.parent, rows[index].words.as_str())) {
            warnings.push(Warning::row(
                rows[index].source_row,
                Some(unit.id),
                WarningKind::DuplicateName {
                    name: unit.name.clone(),
                },
            ));
        }
    }
    warnings.sort_by_key(|w| w.row.unwrap_or(0));

    // Percentages: one value on every lowest-level row (parents may be
    // blank) is the plan's default, and the report says so; otherwise the
    // rows that have one get it as their own and the rest inherit.
    let mut plan = Plan::new(&title, units);
    plan.title_block.clone_from(&title_rows);
    let row_percent = |i: usize| rows[i].percent.as_ref().and_then(|p| p.as_ref().ok());
    let percents: Vec<Percent> = (0..rows.len()).filter_map(row_percent).copied().collect();
    let every_leaf_has_one = (0..rows.len()).all(|i| has_children[i] || row_percent(i).is_some());
    let mut default_percent = None;
    if let Some(first) = percents.first() {
        if every_leaf_has_one && percents.iter().all(|p| p == first) {
            plan.policy.default_percent = *first;
            default_percent = Some(*first);
        } else {
            for (index, unit) in plan.units.iter_mut().enumerate() {
                unit.percent_override = row_percent(index).copied();
            }
        }
    } else if let Some(p) = target_col.and_then(|c| percent_in_text(&header_text(c))) {
        plan.policy.default_percent = p;
        default_percent = Some(p);
    }

    // A column of numbers that is not understood is raised, not dropped.
    let taken_rows: Vec<usize> = rows.iter().map(|r| r.source_row - 1).collect();
    for col in 0..roles.len().max(grid_width_of(grid)) {
        // A column the planner pinned as not used is a decision taken.
        let unread = matches!(
            roles.get(col),
            None | Some(None) | Some(Some(ColumnRole::Unknown(_)))
        ) && !corrections.columns.contains_key(&col);
        if unread && mostly_numbers(grid, &taken_rows, col) {
            warnings.push(Warning {
                unit: None,
                row: header.rows.first().map(|r| r + 1),
                kind: WarningKind::UnknownColumn {
                    column: column_letter(col),
                    header: header_text(col),
                },
            });
        }
    }
    warnings.sort_by_key(|w| w.row.unwrap_or(0));

    let mut columns = Vec::new();
    for (index, role) in roles.iter().enumerate() {
        if let Some(role) = role {
            columns.push((role.key(), column_letter(index)));
        }
    }
    // The layout for the column-mapping panel.
    let grid_width = grid_width_of(grid);
    let layout_columns = (0..grid_width.max(roles.len()))
        .map(|index| ColumnLayout {
            index,
            letter: column_letter(index),
            header: header_text(index),
            role: roles.get(index).cloned().flatten(),
        })
        .collect();
    let mut unit_levels = rows
        .iter()
        .zip(&plan.units)
        .map(|(r, u)| (r.source_row, u.level));
    let mut next_unit = unit_levels.next();
    for entry in &mut listed {
        while next_unit.is_some_and(|(row, _)| row < entry.row) {
            next_unit = unit_levels.next();
        }
        match next_unit {
            Some((row, level)) if row == entry.row => entry.level = Some(level),
            _ => {
                if let Some(cells) = grid.get(entry.row - 1) {
                    entry.text = row_text(cells);
                }
            }
        }
    }
    let layout = Layout {
        header_rows: header.rows.iter().map(|r| r + 1).collect(),
        columns: layout_columns,
        rows: listed,
    };
    let report = ImportReport {
        file_name: file_name.to_string(),
        format: format.to_string(),
        sheet: Some(sheet.name.clone()),
        sheets: vec![sheet.name.clone()],
        header_rows: header.rows.iter().map(|r| r + 1).collect(),
        columns,
        units: plan.units.len(),
        levels: plan.depth(),
        title_rows,
        reference,
        default_percent,
        hierarchy: hierarchy.to_string(),
        unit_rows: rows.iter().map(|r| r.source_row).collect(),
        warnings,
        layout,
    };
    Ok(Imported { plan, report })
}

/// Columns up to the last non-empty cell of any row.
fn grid_width_of(grid: &[Vec<Cell>]) -> usize {
    grid.iter()
        .map(|row| row.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1))
        .max()
        .unwrap_or(0)
}

/// Whether a column holds numbers on the unit rows: at least one, and at
/// least as many as its other non-empty cells (a notes column with an
/// occasional number is not raised).
fn mostly_numbers(grid: &[Vec<Cell>], rows: &[usize], col: usize) -> bool {
    let (mut numbers, mut others) = (0usize, 0usize);
    for &row in rows {
        match grid.get(row).and_then(|r| r.get(col)) {
            None | Some(Cell::Empty) => {}
            Some(cell) if cell_number(cell).is_some() => numbers += 1,
            Some(cell) if matches!(parse_count(cell), ParsedCount::Count(_)) => numbers += 1,
            Some(_) => others += 1,
        }
    }
    numbers > 0 && numbers >= others
}

/// A row's cells as text, joined.
fn row_text(row: &[Cell]) -> String {
    row.iter()
        .map(Cell::text)
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
    }
}
