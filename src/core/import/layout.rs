//! From a grid of cells to a plan: find the header (one or two rows, merged
//! cells combined), give columns their roles, place each row in the
//! hierarchy (STT style, name prefixes, a total row, sums).

use std::collections::BTreeMap;

use super::mapping::{ColumnLayout, Corrections, Layout, RowLevel};
use super::progress::{Progress, Stage};
pub use super::roles::ColumnRole;
use super::{ImportReport, Imported};
use crate::core::error::ImportError;
use crate::core::percent::Percent;
use crate::core::plan::{ExclusionCategory, Plan, Unit, UnitId};
use crate::core::text::{
    cell_number, fold, fold_words, parse_count, parse_percent_cell, percent_in_text, ParsedCount,
};
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
            Cell::Text(t) => t.split_whitespace().collect::<Vec<_>>().join(" "),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            Cell::Number(_) => false,
        }
    }
}

/// A merged region, 0-based and inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Merge {
    pub first_row: usize,
    pub first_col: usize,
    pub last_row: usize,
    pub last_col: usize,
}

/// One sheet: its name, its cells (row 0 is the sheet's row 1) and its
/// merged regions.
#[derive(Clone, Debug, PartialEq)]
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

/// Rows searched for the header.
const HEADER_SEARCH_ROWS: usize = 60;

/// The style of an STT cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CodeStyle {
    Blank,
    UpperLetter,
    Roman,
    Arabic,
    Outline(u8),
    Letter,
    LowerRoman,
    Bullet(char),
    Other,
}

impl CodeStyle {
    /// Coarser styles first: A > I > 1 > 1.1 > a > i > - > +.
    fn rank(self) -> Option<u32> {
        Some(match self {
            CodeStyle::Blank => return None,
            CodeStyle::UpperLetter => 100,
            CodeStyle::Roman => 200,
            CodeStyle::Arabic | CodeStyle::Other => 300,
            CodeStyle::Outline(k) => 300 + 10 * u32::from(k.saturating_sub(1)),
            CodeStyle::Letter => 400,
            CodeStyle::LowerRoman => 450,
            CodeStyle::Bullet('-') => 500,
            CodeStyle::Bullet('+') => 600,
            CodeStyle::Bullet(_) => 700,
        })
    }
}

fn is_roman(code: &str) -> bool {
    !code.is_empty() && code.len() <= 8 && code.chars().all(|c| "IVXLCDM".contains(c))
}

fn code_style(code: &str) -> CodeStyle {
    let code = code.trim().trim_end_matches(['.', ')', ':']).trim();
    let code = code.trim_start_matches('(');
    if code.is_empty() {
        return CodeStyle::Blank;
    }
    if code.chars().all(|c| c.is_ascii_digit()) {
        return CodeStyle::Arabic;
    }
    if code.contains('.')
        && code
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        return CodeStyle::Outline(code.split('.').count().min(9) as u8);
    }
    // A lone C, D, L or M is more likely a letter than a Roman numeral.
    if is_roman(code) && !matches!(code, "C" | "D" | "L" | "M") {
        return CodeStyle::Roman;
    }
    let mut chars = code.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_ascii_uppercase() {
            return CodeStyle::UpperLetter;
        }
        if c.is_ascii_lowercase() {
            return CodeStyle::Letter;
        }
        if matches!(c, '-' | '–' | '—' | '+' | '*' | '•' | '·' | '●' | '○') {
            let c = if matches!(c, '–' | '—') { '-' } else { c };
            return CodeStyle::Bullet(c);
        }
    }
    if is_roman(&code.to_ascii_uppercase()) && code.chars().all(|c| c.is_ascii_lowercase()) {
        return CodeStyle::LowerRoman;
    }
    CodeStyle::Other
}

/// Name prefixes that mark a level: 1 province, 2 district, 3 commune,
/// 4 residential group, 5 officer.
#[cfg(test)]
fn name_rank(name: &str) -> Option<u32> {
    name_rank_of(name, &fold_words(name))
}

/// `name_rank` with the name's folded words already made.
fn name_rank_of(name: &str, words: &str) -> Option<u32> {
    let folded = fold(name);
    let starts = |k: &str| starts_with_word(words, k);
    let starts_raw = |k: &str| folded.trim_start().starts_with(k);
    const PROVINCE: [&str; 2] = ["tinh", "toan tinh"];
    const DISTRICT: [&str; 7] = ["huyen", "quan", "thi xa", "thanh pho", "tx", "tp", "h"];
    const COMMUNE: [&str; 7] = ["xa", "phuong", "thi tran", "tt", "dac khu", "p", "x"];
    const GROUP: [&str; 17] = [
        "to dan pho",
        "tdp",
        "to",
        "thon",
        "ap",
        "khom",
        "ban",
        "buon",
        "khu pho",
        "kp",
        "khu dan cu",
        "kdc",
        "xom",
        "bon",
        "plei",
        "khu",
        "cum",
    ];
    const OFFICER: [&str; 14] = [
        "d/c",
        "dong chi",
        "can bo",
        "cskv",
        "canh sat khu vuc",
        "dai uy",
        "thuong uy",
        "trung uy",
        "thieu uy",
        "thieu ta",
        "trung ta",
        "dai ta",
        "ong",
        "ba",
    ];
    // "Ông", "Bà" only before a person's name ("Bà Nguyễn …"), not a
    // place ("Ba Trinh"): require the diacritics.
    let person = folded.trim_start();
    let lower = name.trim_start().to_lowercase();
    if (person.starts_with("ong ") && !lower.starts_with("ông "))
        || (person.starts_with("ba ") && !lower.starts_with("bà "))
    {
        return None;
    }
    if starts_raw("d/c") || starts_raw("đ/c") || OFFICER.iter().any(|k| starts(k)) {
        return Some(5);
    }
    if PROVINCE.iter().any(|k| starts(k)) {
        return Some(1);
    }
    if GROUP.iter().any(|k| starts(k)) {
        return Some(4);
    }
    if DISTRICT.iter().any(|k| starts(k)) {
        // "H." alone is too short unless written with a dot.
        if starts("h") && !starts_raw("h.") {
            return None;
        }
        return Some(2);
    }
    if COMMUNE.iter().any(|k| starts(k)) {
        if (starts("p") && !starts_raw("p.")) || (starts("x") && !starts_raw("x.")) {
            return None;
        }
        return Some(3);
    }
    None
}

/// Whether folded words begin with the word(s) `key` (whole words).
fn starts_with_word(words: &str, key: &str) -> bool {
    words
        .strip_prefix(key)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

/// A total row: "Tổng", "Tổng cộng", "Toàn tỉnh", "Cộng".
fn is_total_name(name: &str) -> bool {
    is_total_words(&fold_words(name))
}

fn is_total_words(words: &str) -> bool {
    [
        "tong",
        "tong cong",
        "toan tinh",
        "cong",
        "total",
        "grand total",
        "tong so",
        "toan thanh pho",
    ]
    .iter()
    .any(|k| starts_with_word(words, k))
}

/// A line after the table: signatures, notes.
fn is_footer_words(words: &str) -> bool {
    [
        "ghi chu",
        "nguoi lap",
        "nguoi ky",
        "noi nhan",
        "giam doc",
        "kt ",
        "tm ",
        "truong phong",
        "chu tich",
        "note",
    ]
    .iter()
    .any(|k| words.starts_with(k.trim_end()) && (k.ends_with(' ') == words.contains(' ')))
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

/// Puts pinned roles on their columns. A pinned role is taken from any
/// other column inference gave it to; two pins of one role keep the first.
/// A column pinned as not used shows as unknown (with its header text).
fn apply_role_pins(
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
struct Header {
    rows: Vec<usize>,
    roles: Vec<Option<ColumnRole>>,
}

fn cell(grid: &[Vec<Cell>], row: usize, col: usize) -> &Cell {
    grid.get(row)
        .and_then(|r| r.get(col))
        .unwrap_or(&Cell::Empty)
}

/// Header texts with merged regions spread over the cells they cover.
fn header_texts(sheet: &Sheet, limit: usize) -> Vec<Vec<String>> {
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

fn find_header(texts: &[Vec<String>]) -> Option<Header> {
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
fn headerless(grid: &[Vec<Cell>]) -> Option<Header> {
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
fn is_column_number_row(row: &[Cell]) -> bool {
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

/// One data row as read, before it is placed.
#[derive(Clone)]
struct RowData {
    source_row: usize,
    code: String,
    name: String,
    style: CodeStyle,
    name_rank: Option<u32>,
    /// The name's folded words (`fold_words`), made once.
    words: String,
    base: ParsedCount,
    target: Option<ParsedCount>,
    /// Empty (`None`), a percentage, or the text of a cell that is not one.
    percent: Option<Result<Percent, String>>,
    daily: Option<ParsedCount>,
    exclusions: Vec<(ExclusionCategory, ParsedCount)>,
}

impl RowData {
    fn base_value(&self) -> u64 {
        match self.base {
            ParsedCount::Count(v) => v,
            _ => 0,
        }
    }
}

/// Splits "I. Huyện X" / "- Thôn 1" into code and name when no STT column
/// gave a code.
fn split_code(name: &str) -> Option<(String, String)> {
    let trimmed = name.trim();
    let mut chars = trimmed.chars();
    let first = chars.next()?;
    if matches!(first, '-' | '–' | '+' | '•' | '*') {
        let rest = chars.as_str().trim();
        if rest.chars().next().is_some_and(char::is_alphabetic) {
            return Some((first.to_string(), rest.to_string()));
        }
        return None;
    }
    let (head, rest) = trimmed.split_once(' ')?;
    if !(head.ends_with('.') || head.ends_with(')')) || head.len() > 8 {
        return None;
    }
    let style = code_style(head);
    let rest = rest.trim();
    if matches!(style, CodeStyle::Other | CodeStyle::Blank)
        || !rest.chars().next().is_some_and(char::is_alphabetic)
    {
        return None;
    }
    // "TT." and "TP." are name prefixes, not codes.
    if matches!(style, CodeStyle::UpperLetter | CodeStyle::Letter) && head.len() > 2 {
        return None;
    }
    Some((
        head.trim_end_matches(['.', ')']).to_string(),
        rest.to_string(),
    ))
}

/// Builds a plan from a sheet.
pub fn plan_from_sheet(
    sheet: &Sheet,
    file_name: &str,
    format: &str,
) -> Result<Imported, ImportError> {
    plan_from_sheet_with(sheet, file_name, format, &Corrections::default())
}

/// The header given by pinned rows (0-based here): their texts combined,
/// roles read from them; no rows at all reads the sheet as headerless.
fn pinned_header(
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

/// Parents of the rows when some were pinned: the hierarchy is inferred
/// from the rows inference took on its own, each row's level is its pin or
/// its inferred depth, and each row's parent is the nearest row above with
/// a smaller level.
fn place_with_pins(
    rows: &[RowData],
    inferred: &[bool],
    pinned: &[Option<u8>],
) -> (Vec<Option<usize>>, &'static str) {
    let all_inferred = inferred.iter().all(|t| *t);
    if all_inferred && pinned.iter().all(Option::is_none) {
        return place(rows);
    }
    let (inferred_levels, how): (Vec<u8>, &'static str) = if all_inferred {
        let (parents, how) = place(rows);
        (depths(&parents), how)
    } else {
        let subset: Vec<RowData> = rows
            .iter()
            .zip(inferred)
            .filter(|(_, t)| **t)
            .map(|(r, _)| r.clone())
            .collect();
        if subset.is_empty() {
            (Vec::new(), "flat")
        } else {
            let (parents, how) = place(&subset);
            (depths(&parents), how)
        }
    };
    let mut next_inferred = inferred_levels.iter();
    let mut last_level = 0u8;
    let levels: Vec<u8> = inferred
        .iter()
        .zip(pinned)
        .map(|(took, pin)| {
            let own = if *took {
                next_inferred.next().copied()
            } else {
                None
            };
            let level = pin.or(own).unwrap_or(last_level);
            last_level = level;
            level
        })
        .collect();
    (parents_from_levels(&levels), how)
}

/// Depth of each row from its parent (parents come before children).
fn depths(parents: &[Option<usize>]) -> Vec<u8> {
    let mut levels: Vec<u8> = Vec::with_capacity(parents.len());
    for parent in parents {
        let level = parent
            .and_then(|p| levels.get(p))
            .map_or(0, |l| l.saturating_add(1));
        levels.push(level);
    }
    levels
}

/// Each row's parent: the nearest row above with a smaller level.
fn parents_from_levels(levels: &[u8]) -> Vec<Option<usize>> {
    let mut parents = Vec::with_capacity(levels.len());
    let mut stack: Vec<(u8, usize)> = Vec::new();
    for (i, &level) in levels.iter().enumerate() {
        while stack.last().is_some_and(|(l, _)| *l >= level) {
            stack.pop();
        }
        parents.push(stack.last().map(|(_, p)| *p));
        stack.push((level, i));
    }
    parents
}

/// Gives every row its parent. Evidence, in order: STT styles, name
/// prefixes, sums. Returns the parents and the evidence used.
fn place(rows: &[RowData]) -> (Vec<Option<usize>>, &'static str) {
    let n = rows.len();
    let styles: Vec<CodeStyle> = {
        let mut s: Vec<CodeStyle> = Vec::new();
        for r in rows.iter().skip(1) {
            if r.style != CodeStyle::Blank && !s.contains(&r.style) {
                s.push(r.style);
            }
        }
        s
    };
    let distinct_ranks = |skip_first: bool| {
        let mut ranks: Vec<u32> = rows
            .iter()
            .skip(usize::from(skip_first))
            .filter_map(|r| r.name_rank)
            .collect();
        ranks.sort_unstable();
        ranks.dedup();
        ranks.len()
    };
    // Is the first row a total over all the others?
    let first = &rows[0];
    let rest_coded = rows
        .iter()
        .skip(1)
        .filter(|r| r.style != CodeStyle::Blank)
        .count();
    let first_is_root = n > 1
        && (is_total_name(&first.name)
            || (first.style == CodeStyle::Blank && rest_coded * 2 >= n - 1 && rest_coded > 0)
            || first.name_rank.is_some_and(|r| {
                rows.iter()
                    .skip(1)
                    .all(|o| o.name_rank.is_none_or(|x| x > r))
                    && r == 1
            })
            || sums_to_rest(rows));

    let ranks: Option<Vec<u32>> = if styles.len() >= 2 {
        Some(code_ranks(rows))
    } else if distinct_ranks(first_is_root) >= 2 {
        Some(name_ranks(rows))
    } else {
        None
    };
    let (mut parents, how) = match ranks {
        Some(ranks) => {
            let how = if styles.len() >= 2 { "code" } else { "name" };
            (stack_place(&ranks, first_is_root), how)
        }
        None => {
            let start = usize::from(first_is_root);
            let mut parents = sum_place(rows, start);
            let structured = parents.iter().skip(start).any(Option::is_some);
            if first_is_root {
                for p in parents.iter_mut().skip(1) {
                    if p.is_none() {
                        *p = Some(0);
                    }
                }
            }
            (parents, if structured { "sum" } else { "flat" })
        }
    };
    if let Some(p) = parents.first_mut() {
        *p = None;
    }
    (parents, how)
}

/// The first row's base equals the sum of the top-level rows below it.
fn sums_to_rest(rows: &[RowData]) -> bool {
    let first = rows[0].base_value();
    if first == 0 || rows.len() < 3 {
        return false;
    }
    let parents = sum_place(rows, 1);
    let top: u64 = rows
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(i, _)| parents[*i].is_none())
        .fold(0u64, |acc, (_, r)| acc.saturating_add(r.base_value()));
    top == first
}

/// Ranks from STT styles; rows without a code sit under the coded row
/// before them.
fn code_ranks(rows: &[RowData]) -> Vec<u32> {
    let mut ranks = Vec::with_capacity(rows.len());
    let mut last_coded: Option<u32> = None;
    for (i, row) in rows.iter().enumerate() {
        let rank = match row.style.rank() {
            Some(r) => {
                last_coded = Some(r);
                r
            }
            None if i == 0 => 0,
            None => last_coded.map_or(1000, |r| r + 5),
        };
        ranks.push(rank);
    }
    ranks
}

/// Ranks from name prefixes; a row without one is a sibling of the row
/// before it, or its child when that row's prefix names a level that has
/// levels below it in this table.
fn name_ranks(rows: &[RowData]) -> Vec<u32> {
    let present: Vec<u32> = {
        let mut v: Vec<u32> = rows.iter().filter_map(|r| r.name_rank).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let mut ranks = Vec::with_capacity(rows.len());
    let mut previous: Option<(u32, bool)> = None; // (rank, had a prefix)
    for row in rows {
        let rank = match (row.name_rank, previous) {
            (Some(r), _) => r * 100,
            (None, None) => 0,
            (None, Some((p, false))) => p,
            (None, Some((p, true))) => match present.iter().find(|r| **r * 100 > p) {
                Some(next) => *next * 100,
                None => p,
            },
        };
        previous = Some((rank, row.name_rank.is_some()));
        ranks.push(rank);
    }
    ranks
}

/// Places rows by rank: each row's parent is the nearest row above with a
/// smaller rank.
fn stack_place(ranks: &[u32], first_is_root: bool) -> Vec<Option<usize>> {
    let mut parents = Vec::with_capacity(ranks.len());
    let mut stack: Vec<(u32, usize)> = Vec::new();
    for (i, &rank) in ranks.iter().enumerate() {
        let rank = if i == 0 && first_is_root {
            0
        } else {
            rank.max(1)
        };
        while stack.last().is_some_and(|(r, _)| *r >= rank) {
            stack.pop();
        }
        parents.push(stack.last().map(|(_, p)| *p));
        stack.push((rank, i));
    }
    parents
}

/// Most children a parent is looked for among, and the deepest nesting, in
/// sum inference.
const SUM_SCAN: usize = 5_000;
const SUM_DEPTH: usize = 6;

/// Parents from sums: a row whose base equals the sum of the rows that
/// follow it (each with its own subtree) is their parent.
fn sum_place(rows: &[RowData], start: usize) -> Vec<Option<usize>> {
    let n = rows.len();
    let mut parents = vec![None; n];
    let bases: Vec<u64> = rows.iter().map(RowData::base_value).collect();
    let mut memo: Vec<[Option<usize>; SUM_DEPTH + 1]> = vec![[None; SUM_DEPTH + 1]; n];
    let mut i = start;
    while i < n {
        let end = subtree_end(&bases, i, 0, &mut memo);
        assign(&bases, i, end, 0, &mut memo, &mut parents);
        i = end.max(i + 1);
    }
    parents
}

/// End (exclusive) of the subtree rooted at `i` at nesting `depth`.
fn subtree_end(
    bases: &[u64],
    i: usize,
    depth: usize,
    memo: &mut [[Option<usize>; SUM_DEPTH + 1]],
) -> usize {
    if let Some(end) = memo[i][depth] {
        return end;
    }
    let n = bases.len();
    let mut end = i + 1;
    if depth < SUM_DEPTH && bases[i] > 0 {
        let mut acc = 0u64;
        let mut j = i + 1;
        let mut children = 0;
        while j < n && acc < bases[i] && children < SUM_SCAN {
            let child_end = subtree_end(bases, j, depth + 1, memo);
            acc = acc.saturating_add(bases[j]);
            j = child_end.max(j + 1);
            children += 1;
        }
        if acc == bases[i] && children >= 2 {
            end = j;
        }
    }
    memo[i][depth] = Some(end);
    end
}

fn assign(
    bases: &[u64],
    i: usize,
    end: usize,
    depth: usize,
    memo: &mut [[Option<usize>; SUM_DEPTH + 1]],
    parents: &mut [Option<usize>],
) {
    // Iterative over siblings, recursive over depth (at most SUM_DEPTH).
    let mut j = i + 1;
    while j < end {
        parents[j] = Some(i);
        let child_end = subtree_end(bases, j, depth + 1, memo).min(end);
        if depth < SUM_DEPTH {
            assign(bases, j, child_end, depth + 1, memo, parents);
        }
        j = child_end.max(j + 1);
    }
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
        assert_eq!(code_style("a)"), CodeStyle::Letter);
        assert_eq!(code_style("-"), CodeStyle::Bullet('-'));
        assert_eq!(code_style("C"), CodeStyle::UpperLetter);
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
    }

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

    #[test]
    fn name_prefixes() {
        assert_eq!(name_rank("Tỉnh Sóc Trăng"), Some(1));
        assert_eq!(name_rank("Huyện Châu Thành"), Some(2));
        assert_eq!(name_rank("TX. Ngã Năm"), Some(2));
        assert_eq!(name_rank("TT. Châu Thành"), Some(3));
        assert_eq!(name_rank("Phường 1"), Some(3));
        assert_eq!(name_rank("Tổ dân phố 3"), Some(4));
        assert_eq!(name_rank("Ấp Hòa Nhờ"), Some(4));
        assert_eq!(name_rank("Đ/c Nguyễn Văn A"), Some(5));
        assert_eq!(name_rank("Hồ Đắc Kiện"), None);
        assert_eq!(name_rank("Phú Tâm"), None);
        assert_eq!(name_rank("Ba Trinh"), None);
        assert_eq!(name_rank("Bà Lê Thị Hoa"), Some(5));
    }
}
