//! Campaign progress from the morning reports: the cumulative count every
//! unit reported on each date (a history), rolled up the tree, checked,
//! and compared with where the schedule says it should be.
//!
//! All figures are integers; percentages are `Rate`s (hundredths of a
//! percent, rounded half up by `Rate::of`), never floats. A unit's figure
//! on a date is the last one it reported on or before that date (counts are
//! cumulative, so a unit that did not report today still has yesterday's).
//! A parent's figure is the sum of its children's when every child has
//! one; otherwise the parent's own reported figure; otherwise none. A
//! parent's own figure that disagrees with its children's sum is flagged
//! with both numbers, as are counts that go down from one reported date to
//! the next and counts above the unit's eligible count.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::import::Cell;
use super::plan::Plan;
use super::schedule::{milestone_figure, parse_typed, Days, Schedule};
use super::text::{fold, fold_words, parse_count, ParsedCount};

/// Reported cumulative counts: date → unit index → count.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Results {
    by_date: BTreeMap<Date, BTreeMap<usize, u64>>,
}

impl Results {
    pub fn is_empty(&self) -> bool {
        self.by_date.is_empty()
    }

    /// The count a unit reported on exactly this date.
    pub fn get(&self, index: usize, date: Date) -> Option<u64> {
        self.by_date.get(&date)?.get(&index).copied()
    }

    /// Sets (or with `None` removes) a unit's figure on a date; the old one.
    pub fn set(&mut self, index: usize, date: Date, count: Option<u64>) -> Option<u64> {
        match count {
            Some(count) => self.by_date.entry(date).or_default().insert(index, count),
            None => {
                let day = self.by_date.get_mut(&date)?;
                let old = day.remove(&index);
                if day.is_empty() {
                    self.by_date.remove(&date);
                }
                old
            }
        }
    }

    /// Dates with at least one figure, oldest first.
    pub fn dates(&self) -> impl DoubleEndedIterator<Item = Date> + '_ {
        self.by_date.keys().copied()
    }

    pub fn latest_date(&self) -> Option<Date> {
        self.by_date.keys().next_back().copied()
    }

    /// Every figure: (date, unit index, count), by date then unit.
    pub fn entries(&self) -> impl Iterator<Item = (Date, usize, u64)> + '_ {
        self.by_date
            .iter()
            .flat_map(|(d, units)| units.iter().map(move |(i, c)| (*d, *i, *c)))
    }

    /// The sum over units of each one's largest figure on any date: no
    /// unit's result, nor any sum of results, on any date exceeds it.
    pub fn largest_sum(&self) -> u128 {
        let mut largest: BTreeMap<usize, u64> = BTreeMap::new();
        for (_, index, count) in self.entries() {
            let slot = largest.entry(index).or_insert(0);
            *slot = (*slot).max(count);
        }
        largest.values().map(|&c| u128::from(c)).sum()
    }

    /// Each unit's own last figure on or before `date` (carried forward).
    pub fn as_of(&self, units: usize, date: Date) -> Vec<Option<u64>> {
        let mut out = vec![None; units];
        for (_, day) in self.by_date.range(..=date) {
            for (&i, &c) in day {
                if let Some(slot) = out.get_mut(i) {
                    *slot = Some(c);
                }
            }
        }
        out
    }
}

/// A percentage that may pass 100% (a unit ahead of its target), in
/// hundredths of a percent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Rate(pub u64);

impl Rate {
    /// `numerator ÷ denominator` as a percentage rounded half up to the
    /// hundredth (the rounding published reports use); None for a zero
    /// denominator.
    pub fn of(numerator: u64, denominator: u64) -> Option<Rate> {
        if denominator == 0 {
            return None;
        }
        // In u64 when it fits (always, for counts up to 2^49), told by
        // comparisons: wasm lowers 128-bit division to a library call.
        if numerator < 1 << 49 && denominator < 1 << 62 {
            return Some(Rate((numerator * 20_000 + denominator) / (2 * denominator)));
        }
        let num = u128::from(numerator) * 10_000 * 2 + u128::from(denominator);
        let hundredths = num / (2 * u128::from(denominator));
        Some(Rate(u64::try_from(hundredths).unwrap_or(u64::MAX)))
    }

    /// 100% less this rate, at least 0.
    pub fn complement(self) -> Rate {
        Rate(10_000u64.saturating_sub(self.0))
    }

    /// "87,46%" (decimal comma in Vietnamese), two decimals always.
    pub fn text(self, comma: bool) -> String {
        let mark = if comma { ',' } else { '.' };
        format!("{}{mark}{:02}%", self.0 / 100, self.0 % 100)
    }

    /// The number shown to JavaScript (87.46). Display only.
    pub fn as_js_number(self) -> f64 {
        self.0 as f64 / 100.0
    }
}

/// A finding about a unit's reported figures.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ProgressFlag {
    /// The parent's own reported figure is not its children's sum (the
    /// sum is used).
    ParentDisagrees { reported: u64, children: u64 },
    /// A cumulative count that went down between two reported dates.
    Decreased {
        from_date: Date,
        from: u64,
        to_date: Date,
        to: u64,
    },
    /// More done than the unit's eligible count.
    AboveEligible { done: u64, eligible: u64 },
}

impl ProgressFlag {
    pub fn code(&self) -> &'static str {
        match self {
            ProgressFlag::ParentDisagrees { .. } => "parent-result-mismatch",
            ProgressFlag::Decreased { .. } => "result-decreased",
            ProgressFlag::AboveEligible { .. } => "result-above-eligible",
        }
    }
}

/// What a unit needs per counted day to reach the next milestone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MilestoneNeed {
    pub date: Date,
    /// The milestone's figure of the unit's target.
    pub figure: u64,
    pub needed_per_day: u64,
}

/// One unit's figures for the chosen date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnitProgress {
    pub target: u64,
    /// Done by the end of the date (own or children's sum).
    pub done: Option<u64>,
    /// The unit's own reported figure (carried to the date).
    pub reported: Option<u64>,
    pub percent_of_target: Option<Rate>,
    pub percent_of_eligible: Option<Rate>,
    /// The schedule's cumulative plan by the end of the date.
    pub expected: Option<u64>,
    /// expected − done: positive behind, negative ahead.
    pub behind: Option<i128>,
    /// Counted days behind (positive) or ahead (negative) of the schedule.
    pub days_behind: Option<i64>,
    /// Counted days after the date up to the end of the period.
    pub days_left: Option<u64>,
    /// ceil((target − done) ÷ days left); None when no day is left and
    /// something remains, or without a figure or a period.
    pub needed_per_day: Option<u64>,
    pub next_milestone: Option<MilestoneNeed>,
}

/// Every unit's progress on one date, with the findings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub date: Option<Date>,
    pub units: Vec<UnitProgress>,
    /// (unit index, finding), by unit.
    pub flags: Vec<(usize, ProgressFlag)>,
}

/// Counted days from the start of the period through `date` (0 before the
/// start, every counted day after the end).
pub fn counted_through(days: &Days, date: Date) -> u64 {
    match days.dates.binary_search(&date) {
        Ok(j) => days.counted_by[j],
        Err(0) => 0,
        Err(_) => days.counted,
    }
}

fn ceil_div(numerator: u64, denominator: u64) -> u64 {
    numerator.div_ceil(denominator.max(1))
}

/// The largest `k` in `0..=counted` whose cumulative plan is at most `done`
/// (the plan never goes down, so a binary search finds it).
fn reached_day(days: &Days, target: u64, daily: Option<u64>, done: u64) -> u64 {
    let (mut low, mut high) = (0u64, days.counted);
    while low < high {
        let mid = low + (high - low).div_ceil(2);
        if days.cumulative(target, daily, mid) <= done {
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    low
}

/// Every unit's progress on `date` (targets and eligible counts by unit
/// index, as the allocation gives them).
pub fn progress(
    plan: &Plan,
    targets: &[u64],
    eligible: &[u64],
    schedule: &Schedule,
    date: Date,
) -> Progress {
    let n = plan.units.len().min(targets.len()).min(eligible.len());
    let results = &plan.results;
    let own = results.as_of(n, date);
    let mut flags = Vec::new();
    // Rollup, children before parents (parents come first in the plan): a
    // parent whose children all have a figure gets their sum.
    let mut done = own.clone();
    for index in (0..n).rev() {
        if plan.is_leaf(index) {
            continue;
        }
        let sum = plan
            .children(index)
            .iter()
            .map(|&c| done.get(c).copied().flatten())
            .try_fold(0u64, |acc, d| d.map(|d| acc.saturating_add(d)));
        if let Some(sum) = sum {
            if let Some(reported) = own[index].filter(|&r| r != sum) {
                flags.push((
                    index,
                    ProgressFlag::ParentDisagrees {
                        reported,
                        children: sum,
                    },
                ));
            }
            done[index] = Some(sum);
        }
    }
    // Counts that went down between reported dates (own figures).
    let mut last: Vec<Option<(Date, u64)>> = vec![None; n];
    for (day, index, count) in results.entries() {
        if day > date || index >= n {
            continue;
        }
        if let Some((from_date, from)) = last[index] {
            if count < from {
                flags.push((
                    index,
                    ProgressFlag::Decreased {
                        from_date,
                        from,
                        to_date: day,
                        to: count,
                    },
                ));
            }
        }
        last[index] = Some((day, count));
    }
    let days = schedule.days.as_ref();
    let k = days.map(|d| counted_through(d, date));
    let units = (0..n)
        .map(|index| {
            let target = targets[index];
            let done_here = done[index];
            if let Some(d) = done_here.filter(|&d| d > eligible[index]) {
                flags.push((
                    index,
                    ProgressFlag::AboveEligible {
                        done: d,
                        eligible: eligible[index],
                    },
                ));
            }
            let mut unit = UnitProgress {
                target,
                done: done_here,
                reported: own[index],
                percent_of_target: done_here.and_then(|d| Rate::of(d, target)),
                percent_of_eligible: done_here.and_then(|d| Rate::of(d, eligible[index])),
                ..UnitProgress::default()
            };
            let (Some(days), Some(k)) = (days, k) else {
                return unit;
            };
            let daily = schedule.daily.get(index).copied().flatten();
            let expected = days.cumulative(target, daily, k);
            unit.expected = Some(expected);
            unit.days_left = Some(days.counted - k.min(days.counted));
            let Some(d) = done_here else {
                return unit;
            };
            let behind = i128::from(expected) - i128::from(d);
            unit.behind = Some(behind);
            let reached = reached_day(days, target, daily, d);
            unit.days_behind = Some(match behind {
                0 => 0,
                _ => i64::try_from(i128::from(k) - i128::from(reached)).unwrap_or(0),
            });
            let remaining = target.saturating_sub(d);
            let left = days.counted.saturating_sub(k);
            unit.needed_per_day = match (remaining, left) {
                (0, _) => Some(0),
                (_, 0) => None,
                (r, l) => Some(ceil_div(r, l)),
            };
            unit.next_milestone = days
                .milestones
                .iter()
                .find(|(_, at)| *at > k)
                .map(|(m, at)| {
                    let figure = milestone_figure(target, m.percent);
                    MilestoneNeed {
                        date: m.date,
                        figure,
                        needed_per_day: ceil_div(figure.saturating_sub(d), at - k),
                    }
                });
            unit
        })
        .collect();
    flags.sort_by_key(|(i, _)| *i);
    Progress {
        date: Some(date),
        units,
        flags,
    }
}

/// How laggards are ranked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LaggardOrder {
    /// Lowest % of target first.
    Percent,
    /// Furthest behind the schedule (in count) first.
    Behind,
}

impl LaggardOrder {
    pub fn from_key(key: &str) -> Option<LaggardOrder> {
        match key {
            "percent" => Some(LaggardOrder::Percent),
            "behind" => Some(LaggardOrder::Behind),
            _ => None,
        }
    }
}

/// The lowest `count` units of `level` that have a figure (by % of target,
/// or by how far behind the schedule they are; ties in appendix order).
/// Units of the level without a figure are `without_figure`'s.
pub fn laggards(
    plan: &Plan,
    progress: &Progress,
    level: u8,
    count: usize,
    order: LaggardOrder,
) -> Vec<usize> {
    let mut units: Vec<usize> = (0..progress.units.len())
        .filter(|&i| plan.units[i].level == level && progress.units[i].done.is_some())
        .collect();
    match order {
        LaggardOrder::Percent => {
            units.retain(|&i| progress.units[i].percent_of_target.is_some());
            units.sort_by_key(|&i| (progress.units[i].percent_of_target, i));
        }
        LaggardOrder::Behind => {
            units.retain(|&i| progress.units[i].behind.is_some());
            units.sort_by_key(|&i| {
                let u = &progress.units[i];
                (
                    std::cmp::Reverse(u.behind),
                    std::cmp::Reverse(u.days_behind),
                    i,
                )
            });
        }
    }
    units.truncate(count);
    units
}

/// Units of a level with no figure on the date.
pub fn without_figure(plan: &Plan, progress: &Progress, level: u8) -> Vec<usize> {
    (0..progress.units.len())
        .filter(|&i| plan.units[i].level == level && progress.units[i].done.is_none())
        .collect()
}

// ---------------------------------------------------------------------
// Reading a report: rows of cells (as any reader of the project gives
// them) → (code, name, count) rows and the report's date.

/// Why a report could not be read. Nothing is changed when it is refused.
#[derive(Clone, Debug, PartialEq)]
pub enum ReportError {
    /// The file itself could not be read (see the import error).
    Import(crate::core::error::ImportError),
    /// No row holds a unit's name and a count.
    NoRows,
    /// A header was found with several count columns and none says which
    /// is the result ("Kết quả", "Lũy kế", "Đã thực hiện"); their headers.
    NoResultColumn(Vec<String>),
    /// No date in the file, its name or the call.
    NoDate,
}

/// One row of a report.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportRow {
    /// 1-based row in the sheet.
    pub row: usize,
    pub code: String,
    pub name: String,
    /// The count read; `Err` keeps unreadable text as written ("" empty).
    pub count: Result<u64, String>,
}

/// A report's rows and the date it names, if any.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportSheet {
    pub rows: Vec<ReportRow>,
    /// Read from the title rows, else from the file name.
    pub date: Option<Date>,
}

/// Rows searched for a header.
const HEADER_ROWS: usize = 40;

#[derive(Clone, Copy, PartialEq)]
enum Role {
    Code,
    Name,
    Result,
    Other,
}

fn header_role(text: &str) -> Option<Role> {
    let words = fold_words(text);
    if words.is_empty() {
        return None;
    }
    let has = |k: &str| format!(" {words} ").contains(&format!(" {k} "));
    if matches!(
        words.as_str(),
        "stt" | "tt" | "so tt" | "so thu tu" | "thu tu" | "no"
    ) {
        return Some(Role::Code);
    }
    let result_words = [
        "ket qua",
        "luy ke",
        "da thuc hien",
        "da dat",
        "thuc hien",
        "da tham gia",
        "tham gia",
        "da gop y",
        "so da",
        "result",
        "done",
    ];
    if result_words.iter().any(|k| has(k)) {
        return Some(Role::Result);
    }
    let name_words = [
        "don vi",
        "ten don vi",
        "dia ban",
        "ten",
        "to dan pho",
        "khu pho",
        "ap",
        "xa",
        "phuong",
        "unit",
        "name",
    ];
    if name_words.iter().any(|k| has(k)) {
        return Some(Role::Name);
    }
    Some(Role::Other)
}

fn cell_text(cell: &Cell) -> String {
    cell.text().trim().to_string()
}

fn is_number_cell(cell: &Cell) -> bool {
    matches!(parse_count(cell), ParsedCount::Count(_))
}

fn read_count(cell: Option<&Cell>) -> Result<u64, String> {
    match cell.map(parse_count) {
        Some(ParsedCount::Count(c)) => Ok(c),
        Some(ParsedCount::Negative(t)) | Some(ParsedCount::Missing(t)) => Err(t),
        None => Err(String::new()),
    }
}

/// A date written in a text: "12/5/2025", "12.05.2025", "12-5-2025",
/// "ngày 12 tháng 5 năm 2025".
pub fn date_in_text(text: &str) -> Option<Date> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit()) {
            let token: String = chars[i..]
                .iter()
                .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | '/' | '-' | '_'))
                .collect();
            let token = token.replace('_', ".");
            let token = token.trim_end_matches(['.', '/', '-']);
            if let Ok(date) = parse_typed(token) {
                return Some(date);
            }
            i += token.chars().count().max(1);
        } else {
            i += 1;
        }
    }
    let words: Vec<String> = fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    words.windows(5).find_map(|w| {
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        if digits(&w[0]) && w[1] == "thang" && digits(&w[2]) && w[3] == "nam" && digits(&w[4]) {
            parse_typed(&format!("{}/{}/{}", w[0], w[2], w[4])).ok()
        } else {
            None
        }
    })
}

/// The trailing count of a line such as "Tổ 3: 120" or "TDP 4 - 1.234".
fn split_trailing_count(text: &str) -> Option<(String, u64)> {
    let trimmed = text.trim();
    let cut = trimmed
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || matches!(c, '.' | ','))
        .last()
        .map(|(i, _)| i)?;
    let name = trimmed[..cut].trim_end_matches([' ', ':', '-', '–', '=', '\t']);
    // "Tổ 3" alone is a name, not "Tổ" with 3 done.
    if name.is_empty() || name.len() == trimmed[..cut].len() {
        return None;
    }
    match super::text::parse_count_text(&trimmed[cut..]) {
        ParsedCount::Count(c) => Some((name.trim().to_string(), c)),
        _ => None,
    }
}

/// Whether a line reads like "name: figure" ("Tổ 3: 1.234,5", "TDP 4 -
/// 120 người") without the figure being readable, so that it is listed
/// rather than dropped: a separator with a digit after it (a date after
/// it, "Ngày: 12/5/2025", is not a figure).
fn gives_a_figure(line: &str) -> bool {
    line.rfind([':', '=', '-', '–']).is_some_and(|at| {
        let after = &line[at..];
        after.chars().any(|c| c.is_ascii_digit()) && !after.contains('/')
    })
}

/// Reads a report from rows of cells. With a header naming the unit and
/// result columns, those are used; without one, each row with a name and a
/// number gives the name and its last number (pasted cells, a chat line
/// "Tổ 3: 120").
pub fn read_report(grid: &[Vec<Cell>], file_name: &str) -> Result<ReportSheet, ReportError> {
    let mut header = None;
    for (r, row) in grid.iter().enumerate().take(HEADER_ROWS) {
        let roles: Vec<Option<Role>> = row.iter().map(|c| header_role(&cell_text(c))).collect();
        let name = roles.iter().position(|r| *r == Some(Role::Name));
        let numbers_below = |col: usize| {
            grid[r + 1..]
                .iter()
                .take(50)
                .any(|row| row.get(col).is_some_and(is_number_cell))
        };
        if let Some(name) = name {
            let results: Vec<usize> = (0..roles.len())
                .filter(|&c| roles[c] == Some(Role::Result))
                .collect();
            let others: Vec<usize> = (0..roles.len())
                .filter(|&c| roles[c] == Some(Role::Other) && numbers_below(c))
                .collect();
            let result = match (results.as_slice(), others.as_slice()) {
                ([.., last], _) => *last,
                ([], [only]) => *only,
                ([], []) => continue,
                ([], several) => {
                    return Err(ReportError::NoResultColumn(
                        several.iter().map(|&c| cell_text(&row[c])).collect(),
                    ))
                }
            };
            let code = roles.iter().position(|r| *r == Some(Role::Code));
            header = Some((r, code, name, result));
            break;
        }
    }
    let mut rows = Vec::new();
    let title_end;
    match header {
        Some((r, code, name, result)) => {
            title_end = r;
            for (offset, row) in grid.iter().enumerate().skip(r + 1) {
                let name_text = row.get(name).map(cell_text).unwrap_or_default();
                let code_text = code
                    .and_then(|c| row.get(c))
                    .map(cell_text)
                    .unwrap_or_default();
                let count_cell = row.get(result);
                let empty_count = count_cell.is_none_or(|c| cell_text(c).is_empty());
                if name_text.is_empty() && (empty_count || code_text.is_empty()) {
                    if !empty_count || !code_text.is_empty() {
                        rows.push(ReportRow {
                            row: offset + 1,
                            code: code_text,
                            name: name_text,
                            count: read_count(count_cell),
                        });
                    }
                    continue;
                }
                rows.push(ReportRow {
                    row: offset + 1,
                    code: code_text,
                    name: name_text,
                    count: read_count(count_cell),
                });
            }
        }
        None => {
            title_end = 0;
            for (offset, row) in grid.iter().enumerate() {
                let texts: Vec<(usize, String)> = row
                    .iter()
                    .enumerate()
                    .map(|(c, cell)| (c, cell_text(cell)))
                    .filter(|(_, t)| !t.is_empty())
                    .collect();
                let number = texts
                    .iter()
                    .rev()
                    .find(|(c, _)| is_number_cell(&row[*c]))
                    .map(|(c, _)| *c);
                let name = texts
                    .iter()
                    .find(|(c, _)| !is_number_cell(&row[*c]))
                    .map(|(c, t)| (*c, t.clone()));
                match (name, number) {
                    (Some((nc, name)), Some(c)) if c > nc => {
                        let code = texts
                            .iter()
                            .find(|(cc, _)| *cc < nc)
                            .map(|(_, t)| t.clone())
                            .unwrap_or_default();
                        rows.push(ReportRow {
                            row: offset + 1,
                            code,
                            name,
                            count: read_count(row.get(c)),
                        });
                    }
                    (Some((_, name)), _) if texts.len() == 1 => {
                        if let Some((name, count)) = split_trailing_count(&name) {
                            rows.push(ReportRow {
                                row: offset + 1,
                                code: String::new(),
                                name,
                                count: Ok(count),
                            });
                        } else if gives_a_figure(&name) {
                            // "Tổ 3: 1.234,5": a line that gives a figure
                            // we cannot read is listed, never dropped.
                            rows.push(ReportRow {
                                row: offset + 1,
                                code: String::new(),
                                name: name.clone(),
                                count: Err(name),
                            });
                        }
                    }
                    // A name and, after it, text where the figure should
                    // be ("TDP 3 | 12O"): listed with what was written.
                    (Some((nc, name)), None) if texts.len() >= 2 => {
                        if let Some((_, written)) = texts.iter().rev().find(|(c, _)| *c > nc) {
                            rows.push(ReportRow {
                                row: offset + 1,
                                code: String::new(),
                                name,
                                count: Err(written.clone()),
                            });
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    if rows.is_empty() {
        return Err(ReportError::NoRows);
    }
    let date = grid
        .iter()
        .take(title_end)
        .flat_map(|row| row.iter())
        .find_map(|c| date_in_text(&cell_text(c)))
        .or_else(|| date_in_text(file_name));
    Ok(ReportSheet { rows, date })
}

/// Reads a report file: the sheet with the most rows that read as a
/// report (the first sheet's error when none does).
#[cfg(feature = "reader")]
pub fn read_report_file(bytes: &[u8], file_name: &str) -> Result<ReportSheet, ReportError> {
    let sheets = super::import::read_grids(bytes, file_name).map_err(ReportError::Import)?;
    read_report_sheets(&sheets, file_name)
}

/// A report from the sheets of a file already read (by the import
/// worker, on the page): as `read_report_file`.
pub fn read_report_sheets(
    sheets: &[super::import::Sheet],
    file_name: &str,
) -> Result<ReportSheet, ReportError> {
    best_sheet(sheets.iter().map(|s| read_report(&s.grid, file_name)))
}

/// Reads a report pasted as cells or as lines of a message.
pub fn read_report_paste(text: &str) -> Result<ReportSheet, ReportError> {
    let grid = super::import::paste_grid(text).map_err(ReportError::Import)?;
    read_report(&grid, "")
}

fn best_sheet(
    sheets: impl Iterator<Item = Result<ReportSheet, ReportError>>,
) -> Result<ReportSheet, ReportError> {
    let mut best: Option<ReportSheet> = None;
    let mut first_error = None;
    for sheet in sheets {
        match sheet {
            Ok(s) if best.as_ref().is_none_or(|b| s.rows.len() > b.rows.len()) => best = Some(s),
            Ok(_) => {}
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    best.ok_or(first_error.unwrap_or(ReportError::NoRows))
}

/// A report ready to apply: its date and how its rows matched.
#[derive(Clone, Debug, PartialEq)]
pub struct ResultsImport {
    pub date: Date,
    /// The date the file names, when it differs from the one given.
    pub file_date: Option<Date>,
    pub matched: ReportMatch,
}

/// Matches a read report to the plan for a date: the given date, else the
/// one the file names; refused without either.
pub fn prepare_results(
    plan: &Plan,
    sheet: &ReportSheet,
    date: Option<Date>,
) -> Result<ResultsImport, ReportError> {
    let chosen = date.or(sheet.date).ok_or(ReportError::NoDate)?;
    Ok(ResultsImport {
        date: chosen,
        file_date: sheet.date.filter(|&d| d != chosen),
        matched: match_report(plan, &sheet.rows),
    })
}

// ---------------------------------------------------------------------
// Matching report rows to units.

/// Words that name a kind of unit before its name, folded, longest first,
/// with the class they stand for ("TDP 3" = "Tổ dân phố 3" = "Tổ 3").
const PREFIXES: [(&str, &str); 28] = [
    ("to dan pho", "to"),
    ("khu dan cu", "kdc"),
    ("thanh pho", "tp"),
    ("thi tran", "tt"),
    ("thi xa", "tx"),
    ("khu pho", "kp"),
    ("tdp", "to"),
    ("kdc", "kdc"),
    ("kp", "kp"),
    ("to", "to"),
    ("ap", "ap"),
    ("khom", "khom"),
    ("thon", "thon"),
    ("ban", "ban"),
    ("buon", "buon"),
    ("xom", "xom"),
    ("khu", "khu"),
    ("xa", "xa"),
    ("x", "xa"),
    ("phuong", "phuong"),
    ("p", "phuong"),
    ("tt", "tt"),
    ("tx", "tx"),
    ("tp", "tp"),
    ("huyen", "huyen"),
    ("quan", "quan"),
    ("q", "quan"),
    ("tinh", "tinh"),
];

/// A name without diacritics, punctuation, leading zeros of numbers and
/// its kind prefixes ("Tổ dân phố 03" → (Some("to"), "3")).
pub fn name_key(name: &str) -> (Option<&'static str>, String) {
    let words: Vec<String> = fold_words(name)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.chars().all(|c| c.is_ascii_digit()) {
                let trimmed = w.trim_start_matches('0');
                if trimmed.is_empty() { "0" } else { trimmed }.to_string()
            } else {
                w.to_string()
            }
        })
        .collect();
    let mut start = 0;
    let mut class = None;
    'strip: while start < words.len() {
        for (prefix, kind) in PREFIXES {
            let parts: Vec<&str> = prefix.split(' ').collect();
            let end = start + parts.len();
            if end < words.len() && words[start..end].iter().zip(&parts).all(|(w, p)| w == p) {
                class.get_or_insert(kind);
                start = end;
                continue 'strip;
            }
        }
        break;
    }
    (class, words[start..].join(" "))
}

fn is_total(name: &str) -> bool {
    let words = fold_words(name);
    words == "tong"
        || words == "cong"
        || words.starts_with("tong cong")
        || words.starts_with("tong so")
        || words == "toan don vi"
}

/// A report row matched to a unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatchedRow {
    pub row: usize,
    pub index: usize,
    pub count: u64,
}

/// Why a row was not matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unmatched {
    /// No unit has this name (or STT).
    NoUnit,
    /// Several units have this name; their indices.
    Ambiguous(Vec<usize>),
    /// Another row already gave this unit's figure (its row).
    Duplicate { unit: usize, first_row: usize },
    /// The row names a unit, but its count cell is not a count.
    BadCount { unit: Option<usize>, text: String },
}

impl Unmatched {
    pub fn code(&self) -> &'static str {
        match self {
            Unmatched::NoUnit => "no-unit",
            Unmatched::Ambiguous(_) => "ambiguous",
            Unmatched::Duplicate { .. } => "duplicate",
            Unmatched::BadCount { .. } => "bad-count",
        }
    }

    /// The units the row could be, or the one it named.
    pub fn units(&self) -> Vec<usize> {
        match self {
            Unmatched::NoUnit => Vec::new(),
            Unmatched::Ambiguous(units) => units.clone(),
            Unmatched::Duplicate { unit, .. } => vec![*unit],
            Unmatched::BadCount { unit, .. } => unit.iter().copied().collect(),
        }
    }
}

/// A report row not used, with why.
#[derive(Clone, Debug, PartialEq)]
pub struct UnmatchedRow {
    pub row: ReportRow,
    pub reason: Unmatched,
}

/// The result of matching a report to the plan.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportMatch {
    pub matched: Vec<MatchedRow>,
    pub unmatched: Vec<UnmatchedRow>,
    /// Units at the levels the report covers that got no figure.
    pub missing: Vec<usize>,
}

fn is_ancestor(plan: &Plan, ancestor: usize, mut index: usize) -> bool {
    while let Some(p) = plan.units.get(index).and_then(|u| u.parent) {
        if p == ancestor {
            return true;
        }
        if p >= index {
            return false;
        }
        index = p;
    }
    false
}

/// Matches report rows to units by name (folded, without kind prefixes)
/// and STT. Several units with one name are told apart by the row's kind
/// prefix, its STT, the unit the rows above it matched (a ward's row, then
/// its groups), and the level the other rows matched at; what stays
/// ambiguous is listed, never guessed.
pub fn match_report(plan: &Plan, rows: &[ReportRow]) -> ReportMatch {
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let keys: Vec<(Option<&'static str>, String)> =
        plan.units.iter().map(|u| name_key(&u.name)).collect();
    for (i, (_, key)) in keys.iter().enumerate() {
        by_key.entry(key.clone()).or_default().push(i);
    }
    let roots: Vec<usize> = (0..plan.units.len())
        .filter(|&i| plan.units[i].parent.is_none())
        .collect();
    let mut out = ReportMatch::default();
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut context: Option<usize> = None;
    let mut level_counts: BTreeMap<u8, usize> = BTreeMap::new();
    for row in rows {
        let (class, key) = name_key(&row.name);
        let mut candidates: Vec<usize> = if row.name.is_empty() {
            Vec::new()
        } else if is_total(&row.name) && roots.len() == 1 {
            roots.clone()
        } else {
            by_key.get(&key).cloned().unwrap_or_default()
        };
        if candidates.is_empty() && !row.code.is_empty() {
            let code = row.code.trim().trim_end_matches('.');
            candidates = (0..plan.units.len())
                .filter(|&i| plan.units[i].code.trim().trim_end_matches('.') == code)
                .collect();
            if candidates.len() > 1 || (!row.name.is_empty() && !candidates.is_empty()) {
                // An STT alone repeats under every parent; with a name that
                // matched nothing it is not trusted.
                candidates.clear();
            }
        }
        let narrow = |c: &mut Vec<usize>, keep: &dyn Fn(usize) -> bool| {
            let kept: Vec<usize> = c.iter().copied().filter(|&i| keep(i)).collect();
            if !kept.is_empty() {
                *c = kept;
            }
        };
        if candidates.len() > 1 {
            if let Some(class) = class {
                narrow(&mut candidates, &|i| keys[i].0 == Some(class));
            }
        }
        if candidates.len() > 1 && !row.code.is_empty() {
            let code = row.code.trim().trim_end_matches('.');
            narrow(&mut candidates, &|i| {
                plan.units[i].code.trim().trim_end_matches('.') == code
            });
        }
        if candidates.len() > 1 {
            let mut anchor = context;
            while let Some(a) = anchor {
                let under: Vec<usize> = candidates
                    .iter()
                    .copied()
                    .filter(|&i| is_ancestor(plan, a, i))
                    .collect();
                if !under.is_empty() {
                    candidates = under;
                    break;
                }
                anchor = plan.units[a].parent;
            }
        }
        if candidates.len() > 1 {
            if let Some((&level, _)) = level_counts.iter().max_by_key(|(_, n)| **n) {
                narrow(&mut candidates, &|i| plan.units[i].level == level);
            }
        }
        let reason = match candidates.as_slice() {
            [] => Unmatched::NoUnit,
            [index] => match (&row.count, taken.get(index)) {
                (_, Some(&first_row)) => Unmatched::Duplicate {
                    unit: *index,
                    first_row,
                },
                (Err(text), None) => {
                    context = Some(*index);
                    Unmatched::BadCount {
                        unit: Some(*index),
                        text: text.clone(),
                    }
                }
                (Ok(count), None) => {
                    taken.insert(*index, row.row);
                    context = Some(*index);
                    *level_counts.entry(plan.units[*index].level).or_default() += 1;
                    out.matched.push(MatchedRow {
                        row: row.row,
                        index: *index,
                        count: *count,
                    });
                    continue;
                }
            },
            several => Unmatched::Ambiguous(several.to_vec()),
        };
        out.unmatched.push(UnmatchedRow {
            row: row.clone(),
            reason,
        });
    }
    out.missing = (0..plan.units.len())
        .filter(|i| level_counts.contains_key(&plan.units[*i].level) && !taken.contains_key(i))
        .collect();
    out
}

// ---------------------------------------------------------------------
// The ward report (seed 003's shape).

/// Totals of one unit on a date, as a ward reports them to its superior.
/// Serialisable: the page sends it to the reader module, which writes its
/// workbook (src/ui/workbook.rs).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WardReport {
    pub index: usize,
    pub date: Date,
    /// Everyone to be asked (the base).
    pub base: u64,
    pub done: Option<u64>,
    /// done ÷ base.
    pub done_rate: Option<Rate>,
    /// Those who could not take part, all categories.
    pub excluded: u64,
    pub excluded_rate: Option<Rate>,
    /// Each category with its count and share of the base.
    pub categories: Vec<(crate::core::plan::ExclusionCategory, u64, Option<Rate>)>,
    pub target: u64,
    /// done + could not take part, when it is more than the base (the
    /// figures cannot all be right).
    pub over_base: Option<u64>,
}

impl WardReport {
    /// The reporting unit's name in `plan` (empty if it has no such unit).
    pub fn unit_name<'p>(&self, plan: &'p Plan) -> &'p str {
        plan.units
            .get(self.index)
            .map(|u| u.name.as_str())
            .unwrap_or_default()
    }
}

/// The ward report of a unit (its base, exclusions by category, done).
pub fn ward_report(
    plan: &Plan,
    alloc: &crate::core::allocate::Allocation,
    progress: &Progress,
    index: usize,
) -> Option<WardReport> {
    use crate::core::plan::ExclusionCategory;
    let date = progress.date?;
    let base = *alloc.base.get(index)?;
    let done = progress.units.get(index)?.done;
    let categories: Vec<_> = ExclusionCategory::ALL
        .into_iter()
        .map(|c| {
            let n = category_count(plan, index, c);
            (c, n, Rate::of(n, base))
        })
        .filter(|(_, n, _)| *n > 0)
        .collect();
    let excluded = alloc.excluded.get(index).copied().unwrap_or(0);
    let over = done
        .map(|d| d.saturating_add(excluded))
        .filter(|&total| total > base);
    Some(WardReport {
        index,
        date,
        base,
        done,
        done_rate: done.and_then(|d| Rate::of(d, base)),
        excluded,
        excluded_rate: Rate::of(excluded, base),
        categories,
        target: alloc.target.get(index).copied().unwrap_or(0),
        over_base: over,
    })
}

/// A unit's count of one category (a parent's is its leaves' sum).
fn category_count(
    plan: &Plan,
    index: usize,
    category: crate::core::plan::ExclusionCategory,
) -> u64 {
    if plan.is_leaf(index) {
        return plan.units[index].exclusions[category.index()];
    }
    plan.children(index)
        .iter()
        .map(|&c| category_count(plan, c, category))
        .fold(0u64, u64::saturating_add)
}
