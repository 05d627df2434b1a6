//! The grid's columns as the core sees them: what each shows, which cells
//! take input, how typed or pasted text becomes an `Edit`, and how a range
//! is copied as TSV that Excel pastes correctly.

use super::error::PlanError;
use super::format;
use super::model::{daily_edits, DailyScope, Edit, PlannerModel};
use super::percent::Percent;
use super::plan::{ExclusionCategory, Rounding};
use super::schedule::typed;
use super::text::{parse_count_text, ParsedCount};
use crate::core::i18n::progress::{rate_text, texts as progress_texts};
use crate::core::i18n::schedule::texts as schedule_texts;
use crate::core::i18n::{texts, Locale};
use crate::core::progress::UnitProgress;

/// A column of the quota table, in display order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Code,
    Name,
    Base,
    /// One exclusion category (a leaf's own count; a parent's children's sum).
    Exclusion(ExclusionCategory),
    Excluded,
    Eligible,
    Percent,
    Target,
    /// Target ÷ eligible: a parent's effective percentage after rounding.
    Effective,
    /// Cases per day (own, level's, default; a parent's children's sum).
    Daily,
    /// ceil(target ÷ daily).
    DaysNeeded,
    /// The projected finishing date at the daily pace.
    Finish,
    /// target − daily × counted days, when positive.
    Shortfall,
    Official,
    Difference,
    /// The cumulative count reported for the date being looked at (typed
    /// here for that date; a parent shows its children's sum).
    Done,
    /// Done ÷ target.
    DonePercent,
    /// The schedule's cumulative plan for the date.
    Expected,
    /// Expected − done: behind (+) or ahead (−).
    Behind,
    /// Needed per counted day to reach the target by the end.
    NeededPerDay,
    /// Done ÷ eligible.
    DoneEligible,
    /// Counted days behind (+) or ahead (−) of the schedule.
    DaysBehind,
    /// Counted days left after the date.
    DaysLeft,
    /// Needed per counted day to reach the next milestone's figure.
    NeededMilestone,
}

impl Column {
    pub const ALL: [Column; 31] = [
        Column::Code,
        Column::Name,
        Column::Base,
        Column::Exclusion(ExclusionCategory::Died),
        Column::Exclusion(ExclusionCategory::MilitaryService),
        Column::Exclusion(ExclusionCategory::Prison),
        Column::Exclusion(ExclusionCategory::Abroad),
        Column::Exclusion(ExclusionCategory::NoPhone),
        Column::Exclusion(ExclusionCategory::ExpiredId),
        Column::Exclusion(ExclusionCategory::PhoneChangePending),
        Column::Exclusion(ExclusionCategory::Other),
        Column::Excluded,
        Column::Eligible,
        Column::Percent,
        Column::Target,
        Column::Effective,
        Column::Daily,
        Column::DaysNeeded,
        Column::Finish,
        Column::Shortfall,
        Column::Official,
        Column::Difference,
        Column::Done,
        Column::DonePercent,
        Column::Expected,
        Column::Behind,
        Column::NeededPerDay,
        Column::DoneEligible,
        Column::DaysBehind,
        Column::DaysLeft,
        Column::NeededMilestone,
    ];

    /// Shown until the planner hides them.
    pub fn shown_by_default(self) -> bool {
        !matches!(
            self,
            Column::Exclusion(_)
                | Column::Excluded
                | Column::Eligible
                | Column::DoneEligible
                | Column::DaysBehind
                | Column::DaysLeft
                | Column::NeededMilestone
        )
    }

    /// Columns that only mean something once the campaign period is set.
    pub fn needs_period(self) -> bool {
        matches!(
            self,
            Column::DaysNeeded | Column::Finish | Column::Shortfall
        )
    }

    /// Columns shown once the planner looks at progress (a date chosen or
    /// results entered).
    pub fn needs_results(self) -> bool {
        matches!(
            self,
            Column::Done
                | Column::DonePercent
                | Column::Expected
                | Column::Behind
                | Column::NeededPerDay
                | Column::DoneEligible
                | Column::DaysBehind
                | Column::DaysLeft
                | Column::NeededMilestone
        )
    }

    /// Columns a planner may hide.
    pub fn optional(self) -> bool {
        self.needs_results()
            || matches!(
                self,
                Column::Exclusion(_)
                    | Column::Excluded
                    | Column::Eligible
                    | Column::Effective
                    | Column::Daily
                    | Column::DaysNeeded
                    | Column::Finish
                    | Column::Shortfall
                    | Column::Official
                    | Column::Difference
            )
    }

    pub fn header(self, locale: Locale) -> &'static str {
        let t = texts(locale);
        match self {
            Column::Code => t.col_code,
            Column::Name => t.col_name,
            Column::Base => t.col_base,
            Column::Exclusion(category) => crate::core::i18n::exclusion_category(category, locale),
            Column::Excluded => t.col_excluded,
            Column::Daily => t.col_daily,
            Column::DaysNeeded => schedule_texts(locale).col_days_needed,
            Column::Finish => schedule_texts(locale).col_finish,
            Column::Shortfall => schedule_texts(locale).col_shortfall,
            Column::Effective => t.col_effective,
            Column::Eligible => t.col_eligible,
            Column::Percent => t.col_percent,
            Column::Target => t.col_target,
            Column::Official => t.col_official,
            Column::Difference => t.col_difference,
            Column::Done => progress_texts(locale).col_done,
            Column::DonePercent => progress_texts(locale).col_percent_target,
            Column::Expected => progress_texts(locale).col_expected,
            Column::Behind => progress_texts(locale).col_behind,
            Column::NeededPerDay => progress_texts(locale).col_needed,
            Column::DoneEligible => progress_texts(locale).col_percent_eligible,
            Column::DaysBehind => progress_texts(locale).col_days_behind,
            Column::DaysLeft => progress_texts(locale).col_days_left,
            Column::NeededMilestone => progress_texts(locale).col_needed_milestone,
        }
    }

    /// Whether a unit's cell in this column takes input. A parent's base is
    /// its children's sum, so only leaves' bases are typed.
    pub fn editable(self, model: &PlannerModel, index: usize) -> bool {
        match self {
            Column::Name | Column::Percent | Column::Target | Column::Daily => {
                index < model.plan().units.len()
            }
            Column::Done => index < model.plan().units.len() && model.progress_date().is_some(),
            Column::Base | Column::Exclusion(_) => {
                index < model.plan().units.len() && model.plan().is_leaf(index)
            }
            _ => false,
        }
    }

    /// The cell as the grid shows it ("757.463", "87,5%").
    pub fn display(self, model: &PlannerModel, index: usize, locale: Locale) -> String {
        let plan = model.plan();
        let alloc = model.allocation();
        let Some(unit) = plan.units.get(index) else {
            return String::new();
        };
        let count = |v: Option<&u64>| v.map(|v| format::count(*v, locale)).unwrap_or_default();
        match self {
            // Direction marks shown, so "evil" cannot pose as "live".
            Column::Code => crate::core::text::reveal_controls(&unit.code).into_owned(),
            Column::Name => crate::core::text::reveal_controls(&unit.name).into_owned(),
            Column::Base => count(alloc.base.get(index)),
            Column::Exclusion(category) => count(Some(&exclusion_count(model, index, category))),
            Column::Excluded => count(alloc.excluded.get(index)),
            Column::Eligible => count(alloc.eligible.get(index)),
            Column::Daily => count(daily_target(model, index).as_ref()),
            Column::DaysNeeded => count(schedule_cell(&model.schedule().days_needed, index)),
            Column::Finish => schedule_cell(&model.schedule().finish, index)
                .map(|d| typed(*d))
                .unwrap_or_default(),
            Column::Shortfall => count(schedule_cell(&model.schedule().shortfall, index)),
            Column::Effective => match (alloc.target.get(index), alloc.eligible.get(index)) {
                (Some(&target), Some(&eligible)) => format::ratio(target, eligible, locale),
                _ => String::new(),
            },
            Column::Percent => alloc
                .percent
                .get(index)
                .map(|p| format::percent(*p, locale))
                .unwrap_or_default(),
            Column::Target => count(alloc.target.get(index)),
            Column::Official => count(unit.official_target.as_ref()),
            Column::Difference => children_difference(model, index)
                .map(|d| format::signed(d, locale))
                .unwrap_or_default(),
            Column::Done => count(progress_of(model, index).and_then(|p| p.done.as_ref())),
            Column::DonePercent => progress_of(model, index)
                .and_then(|p| p.percent_of_target)
                .map(|r| rate_text(Some(r), locale))
                .unwrap_or_default(),
            Column::Expected => count(progress_of(model, index).and_then(|p| p.expected.as_ref())),
            Column::Behind => progress_of(model, index)
                .and_then(|p| p.behind)
                .map(|b| format::signed(b, locale))
                .unwrap_or_default(),
            Column::NeededPerDay => match progress_of(model, index) {
                Some(p) if p.done.is_some() && p.days_left.is_some() => p
                    .needed_per_day
                    .map_or("—".to_string(), |n| format::count(n, locale)),
                _ => String::new(),
            },
            Column::DoneEligible => progress_of(model, index)
                .and_then(|p| p.percent_of_eligible)
                .map(|r| rate_text(Some(r), locale))
                .unwrap_or_default(),
            Column::DaysBehind => progress_of(model, index)
                .and_then(|p| p.days_behind)
                .map(|d| format::signed(i128::from(d), locale))
                .unwrap_or_default(),
            Column::DaysLeft => count(progress_of(model, index).and_then(|p| p.days_left.as_ref())),
            Column::NeededMilestone => progress_of(model, index)
                .and_then(|p| p.next_milestone)
                .map(|m| {
                    format!(
                        "{} ({})",
                        format::count(m.needed_per_day, locale),
                        super::schedule::day_month(m.date)
                    )
                })
                .unwrap_or_default(),
        }
    }

    /// The cell as copied to the clipboard: no thousands separators (so
    /// any Excel reads a number), the locale's decimal mark.
    pub fn copy_text(self, model: &PlannerModel, index: usize, locale: Locale) -> String {
        let alloc = model.allocation();
        let plain = |v: Option<&u64>| v.map(u64::to_string).unwrap_or_default();
        match self {
            Column::Base => plain(alloc.base.get(index)),
            Column::Exclusion(category) => exclusion_count(model, index, category).to_string(),
            Column::Daily => plain(daily_target(model, index).as_ref()),
            Column::DaysNeeded => plain(schedule_cell(&model.schedule().days_needed, index)),
            Column::Shortfall => plain(schedule_cell(&model.schedule().shortfall, index)),
            Column::Excluded => plain(alloc.excluded.get(index)),
            Column::Eligible => plain(alloc.eligible.get(index)),
            Column::Target => plain(alloc.target.get(index)),
            Column::Done => plain(progress_of(model, index).and_then(|p| p.done.as_ref())),
            Column::Expected => plain(progress_of(model, index).and_then(|p| p.expected.as_ref())),
            Column::NeededPerDay => {
                plain(progress_of(model, index).and_then(|p| p.needed_per_day.as_ref()))
            }
            Column::Behind => progress_of(model, index)
                .and_then(|p| p.behind)
                .map(|b| b.to_string())
                .unwrap_or_default(),
            Column::DaysBehind => progress_of(model, index)
                .and_then(|p| p.days_behind)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            Column::DaysLeft => plain(progress_of(model, index).and_then(|p| p.days_left.as_ref())),
            Column::NeededMilestone => progress_of(model, index)
                .and_then(|p| p.next_milestone)
                .map(|m| m.needed_per_day.to_string())
                .unwrap_or_default(),
            Column::Official => plain(
                model
                    .plan()
                    .units
                    .get(index)
                    .and_then(|u| u.official_target)
                    .as_ref(),
            ),
            // Text a spreadsheet would run as a formula gets its text mark
            // (the same neutraliser as the CSV export).
            Column::Code | Column::Name => {
                let unit = model.plan().units.get(index);
                let text = match self {
                    Column::Code => unit.map(|u| u.code.as_str()),
                    _ => unit.map(|u| u.name.as_str()),
                };
                crate::core::export::csv::safe_text(text.unwrap_or_default())
            }
            _ => self.display(model, index, locale),
        }
    }

    /// The text an editor starts from: what the planner would retype.
    pub fn edit_text(self, model: &PlannerModel, index: usize, locale: Locale) -> String {
        match self {
            Column::Percent => model
                .allocation()
                .percent
                .get(index)
                .map(|p| format::percent_number(*p, locale))
                .unwrap_or_default(),
            // A parent shows its groups' sum; the editor starts from its own
            // figure (or empty), so that Enter never hands the sum to each
            // group.
            Column::Daily if !model.plan().is_leaf(index) => model
                .plan()
                .units
                .get(index)
                .and_then(|u| u.daily_target)
                .map(|d| format::count(d, locale))
                .unwrap_or_default(),
            // The unit's own figure (a parent shows its children's sum).
            Column::Done => progress_of(model, index)
                .and_then(|p| p.reported)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            _ => self.copy_text(model, index, locale),
        }
    }

    /// Turns typed or pasted text into the edit it means. Empty text clears
    /// a percentage override or unlocks a target.
    pub fn parse_edit(
        self,
        model: &PlannerModel,
        index: usize,
        text: &str,
    ) -> Result<Edit, PlanError> {
        if !self.editable(model, index) {
            return Err(PlanError::ReadOnlyCell);
        }
        let text = text.trim();
        match self {
            Column::Percent => {
                let percent = if text.is_empty() {
                    None
                } else {
                    Some(Percent::parse(text)?)
                };
                Ok(Edit::UnitPercent(index, percent))
            }
            Column::Target => {
                if text.is_empty() {
                    return Ok(Edit::Target(index, None));
                }
                let target = parse_typed_count(text)?;
                let eligible = model.allocation().eligible.get(index).copied().unwrap_or(0);
                if target > eligible {
                    return Err(PlanError::TargetAboveEligible { target, eligible });
                }
                Ok(Edit::Target(index, Some(target)))
            }
            Column::Base => Ok(Edit::Base(index, parse_typed_count(text)?)),
            Column::Exclusion(category) => {
                let count = if text.is_empty() {
                    0
                } else {
                    parse_typed_count(text)?
                };
                Ok(Edit::Exclusion(index, category, count))
            }
            Column::Daily => {
                let daily = parse_optional_count(text)?;
                // On a parent the figure is for the groups below it (the
                // grid offers "this unit only" separately).
                let mut edits = daily_edits(model.plan(), index, daily, DailyScope::Groups);
                Ok(match edits.len() {
                    1 => edits.remove(0),
                    _ => Edit::Batch(edits),
                })
            }
            Column::Name => {
                if text.is_empty() {
                    return Err(PlanError::EmptyName);
                }
                Ok(Edit::Name(index, text.to_string()))
            }
            // The figure the unit itself reports on the date looked at
            // (empty removes it).
            Column::Done => {
                let date = model.progress_date().ok_or(PlanError::ReadOnlyCell)?;
                Ok(Edit::Result(index, date, parse_optional_count(text)?))
            }
            _ => Err(PlanError::ReadOnlyCell),
        }
    }

    /// The edit of the Delete key: clear an override, unlock a target.
    pub fn clear_edit(self, model: &PlannerModel, index: usize) -> Option<Edit> {
        let unit = model.plan().units.get(index)?;
        match self {
            Column::Percent if unit.percent_override.is_some() => {
                Some(Edit::UnitPercent(index, None))
            }
            Column::Target if unit.locked_target.is_some() => Some(Edit::Target(index, None)),
            Column::Daily if unit.daily_target.is_some() => Some(Edit::Daily(index, None)),
            Column::Done => {
                let date = model.progress_date()?;
                model
                    .plan()
                    .results
                    .get(index, date)
                    .map(|_| Edit::Result(index, date, None))
            }
            _ => None,
        }
    }
}

/// A unit's progress on the date looked at.
fn progress_of(model: &PlannerModel, index: usize) -> Option<&UnitProgress> {
    model.progress()?.units.get(index)
}

/// Children's targets minus their parent's, where per-row rounding leaves
/// a gap (None for leaves, for other modes and where they add up).
pub fn children_difference(model: &PlannerModel, index: usize) -> Option<i128> {
    let plan = model.plan();
    if plan.policy.rounding != Rounding::PerRow || plan.is_leaf(index) {
        return None;
    }
    let target = model.allocation().target.as_slice();
    let sum: i128 = plan
        .children(index)
        .iter()
        .filter_map(|&c| target.get(c))
        .map(|&t| i128::from(t))
        .sum();
    let diff = sum - i128::from(*target.get(index)?);
    (diff != 0).then_some(diff)
}

/// A unit's count in one exclusion category: a leaf's own, a parent's the
/// sum over its subtree (only computed for cells in view).
fn exclusion_count(model: &PlannerModel, index: usize, category: ExclusionCategory) -> u64 {
    let plan = model.plan();
    let Some(unit) = plan.units.get(index) else {
        return 0;
    };
    if plan.is_leaf(index) {
        return unit.exclusions[category.index()];
    }
    plan.children(index)
        .iter()
        .map(|&c| exclusion_count(model, c, category))
        .fold(0u64, u64::saturating_add)
}

/// Cases per day as the schedule computed them: own, level's, the
/// default for a leaf, or a parent's children's sum.
pub fn daily_target(model: &PlannerModel, index: usize) -> Option<u64> {
    schedule_cell(&model.schedule().daily, index).copied()
}

fn schedule_cell<T>(values: &[Option<T>], index: usize) -> Option<&T> {
    values.get(index).and_then(Option::as_ref)
}

/// A count typed in a field where empty means "none" (a daily figure).
pub fn parse_optional_count(text: &str) -> Result<Option<u64>, PlanError> {
    let text = text.trim();
    if text.is_empty() {
        Ok(None)
    } else {
        parse_typed_count(text).map(Some)
    }
}

/// A count typed by a planner: "1.234", "1,234", "1 234", "1234".
fn parse_typed_count(text: &str) -> Result<u64, PlanError> {
    match parse_count_text(text) {
        ParsedCount::Count(v) => Ok(v),
        // A whole number, only too large: said so (not "not a number").
        ParsedCount::Missing(t) if too_large(&t) => Err(PlanError::CountTooLarge(t)),
        ParsedCount::Negative(t) | ParsedCount::Missing(t) => Err(PlanError::CountNotANumber(t)),
    }
}

/// Digits (with thousands separators) of a number above 2^53 − 1.
fn too_large(text: &str) -> bool {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let only_digits = text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '\u{a0}'));
    only_digits
        && !digits.is_empty()
        && digits
            .parse::<u128>()
            .map_or(true, |v| v > u128::from(crate::core::plan::MAX_COUNT))
}

/// One field of TSV as Excel writes it: quoted when it holds a tab, a line
/// break or a quote, with quotes doubled.
fn tsv_field(text: &str) -> String {
    if text.contains(['\t', '\n', '\r', '"']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// A block of cells as TSV (rows end with CRLF, as Excel's do).
pub fn to_tsv(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        let fields: Vec<String> = row.iter().map(|f| tsv_field(f)).collect();
        out.push_str(&fields.join("\t"));
        out.push_str("\r\n");
    }
    out
}

/// Reads TSV copied from Excel or LibreOffice (quoted fields may hold tabs
/// and line breaks). The trailing line break Excel adds is not a row.
pub fn from_tsv(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(b'\t')
        .from_reader(text.as_bytes());
    let mut rows: Vec<Vec<String>> = reader
        .records()
        .filter_map(Result::ok)
        .map(|r| {
            r.iter()
                .map(|f| crate::core::export::without_text_mark(f).to_string())
                .collect()
        })
        .collect();
    while rows.last().is_some_and(|r| r.iter().all(String::is_empty)) {
        rows.pop();
    }
    rows
}

/// Edits for pasting `block` with its top-left at (`row`, `col`) of the
/// visible `rows` and shown `columns`; a single value fills the whole
/// `fill` range instead. Cells that take no input are skipped; any
/// unreadable value refuses the whole paste, naming the unit.
pub fn paste_edits(
    model: &PlannerModel,
    rows: &[usize],
    columns: &[Column],
    at: (usize, usize),
    fill: Option<((usize, usize), (usize, usize))>,
    block: &[Vec<String>],
) -> Result<Vec<Edit>, (usize, PlanError)> {
    let mut targets: Vec<(usize, usize, &str)> = Vec::new();
    let single = block.len() == 1 && block[0].len() == 1;
    match fill {
        Some(((r0, c0), (r1, c1))) if single => {
            for r in r0..=r1 {
                for c in c0..=c1 {
                    targets.push((r, c, block[0][0].as_str()));
                }
            }
        }
        _ => {
            for (i, line) in block.iter().enumerate() {
                for (j, value) in line.iter().enumerate() {
                    targets.push((at.0 + i, at.1 + j, value.as_str()));
                }
            }
        }
    }
    let mut edits = Vec::new();
    for (r, c, value) in targets {
        let (Some(&index), Some(&column)) = (rows.get(r), columns.get(c)) else {
            continue;
        };
        if !column.editable(model, index) {
            continue;
        }
        // A parent's daily cell shows its groups' sum: pasting that sum back
        // (a column copied from the grid) must not hand it to every group.
        if column == Column::Daily && !model.plan().is_leaf(index) {
            let unchanged = parse_optional_count(value)
                .is_ok_and(|v| v.is_some() && v == daily_target(model, index));
            if unchanged {
                continue;
            }
        }
        edits.push(
            column
                .parse_edit(model, index, value)
                .map_err(|e| (index, e))?,
        );
    }
    Ok(edits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_counts_above_two_to_the_53_are_too_large() {
        assert_eq!(
            parse_optional_count("9.007.199.254.740.991"),
            Ok(Some(9_007_199_254_740_991))
        );
        assert_eq!(
            parse_optional_count("9007199254740992"),
            Err(PlanError::CountTooLarge("9007199254740992".into()))
        );
        assert_eq!(
            parse_optional_count("18.000.000.000.000.000.000"),
            Err(PlanError::CountTooLarge(
                "18.000.000.000.000.000.000".into()
            ))
        );
        assert_eq!(
            parse_optional_count("1,5"),
            Err(PlanError::CountNotANumber("1,5".into()))
        );
        assert_eq!(
            parse_optional_count("-3"),
            Err(PlanError::CountNotANumber("-3".into()))
        );
    }

    #[test]
    fn copied_names_cannot_run_as_formulas_and_direction_marks_show() {
        let mut model = PlannerModel::sample().unwrap();
        for (index, name) in [(2, "=HYPERLINK(\"http://x\")"), (3, "+cmd|' /C calc'!A0")] {
            let edit = Column::Name.parse_edit(&model, index, name).unwrap();
            assert_eq!(model.apply_batch(vec![edit]), Ok(true));
            let copied = Column::Name.copy_text(&model, index, Locale::Vi);
            assert_eq!(copied, format!("'{name}"));
            // Pasted back into the planner, the text mark goes again.
            assert_eq!(from_tsv(&to_tsv(&[vec![copied]]))[0][0], name);
        }
        // A number copied from a signed column stays a number.
        assert_eq!(from_tsv("-5\t'-x\n"), vec![vec!["-5", "-x"]]);
        let edit = Column::Name
            .parse_edit(&model, 4, "\u{202E}evil\u{2066}")
            .unwrap();
        assert_eq!(model.apply_batch(vec![edit]), Ok(true));
        assert_eq!(
            Column::Name.display(&model, 4, Locale::Vi),
            "[U+202E]evil[U+2066]"
        );
    }

    #[test]
    fn tsv_round_trips_with_excel_quoting() {
        let rows = vec![
            vec!["Tỉnh Sóc Trăng".to_string(), "757463".to_string()],
            vec!["a\tb".to_string(), "say \"hi\"\nthere".to_string()],
        ];
        let tsv = to_tsv(&rows);
        assert_eq!(
            tsv,
            "Tỉnh Sóc Trăng\t757463\r\n\"a\tb\"\t\"say \"\"hi\"\"\nthere\"\r\n"
        );
        assert_eq!(from_tsv(&tsv), rows);
        assert_eq!(
            from_tsv("1\t2\n3\t4\n"),
            vec![vec!["1", "2"], vec!["3", "4"]]
        );
    }

    #[test]
    fn exclusions_lower_eligible_and_parents_sum_them() {
        let mut model = PlannerModel::sample().unwrap();
        let died = Column::Exclusion(ExclusionCategory::Died);
        let abroad = Column::Exclusion(ExclusionCategory::Abroad);
        let edits = vec![
            died.parse_edit(&model, 2, "39").unwrap(),
            abroad.parse_edit(&model, 3, "93").unwrap(),
        ];
        assert_eq!(model.apply_batch(edits), Ok(true));
        assert_eq!(died.display(&model, 2, Locale::Vi), "39");
        assert_eq!(died.display(&model, 1, Locale::Vi), "39");
        assert_eq!(Column::Excluded.display(&model, 1, Locale::Vi), "132");
        // 4839 − 39 = 4800 eligible, 90% = 4320.
        assert_eq!(Column::Target.display(&model, 2, Locale::Vi), "4.320");
        assert!(model.undo());
        assert_eq!(Column::Target.display(&model, 2, Locale::Vi), "4.355");
    }

    #[test]
    fn per_row_gaps_show_on_parents() {
        let model = PlannerModel::sample().unwrap();
        assert_eq!(children_difference(&model, 0), Some(1));
        assert_eq!(children_difference(&model, 1), Some(1));
        assert_eq!(children_difference(&model, 2), None);
        assert_eq!(Column::Difference.display(&model, 1, Locale::Vi), "+1");
        // 52832 ÷ 58702 = 90.0%; the province 757463 ÷ 841625 = 90.0%.
        assert_eq!(Column::Effective.display(&model, 1, Locale::Vi), "90,0%");
    }

    #[test]
    fn typed_values_become_edits() {
        let model = PlannerModel::sample().unwrap();
        assert_eq!(
            Column::Percent.parse_edit(&model, 2, "87,5").unwrap(),
            Edit::UnitPercent(2, Some(Percent::parse("87.5").unwrap()))
        );
        assert_eq!(
            Column::Percent.parse_edit(&model, 2, " ").unwrap(),
            Edit::UnitPercent(2, None)
        );
        assert_eq!(
            Column::Target.parse_edit(&model, 2, "4.000").unwrap(),
            Edit::Target(2, Some(4000))
        );
        assert!(matches!(
            Column::Target.parse_edit(&model, 2, "4.840"),
            Err(PlanError::TargetAboveEligible { .. })
        ));
        assert!(matches!(
            Column::Base.parse_edit(&model, 1, "5"),
            Err(PlanError::ReadOnlyCell)
        ));
        assert_eq!(
            Column::Base.parse_edit(&model, 2, "5 000").unwrap(),
            Edit::Base(2, 5000)
        );
        assert!(Column::Percent.parse_edit(&model, 2, "abc").is_err());
        assert!(Column::Official.parse_edit(&model, 2, "1").is_err());
        let died = Column::Exclusion(ExclusionCategory::Died);
        assert_eq!(
            died.parse_edit(&model, 2, "4").unwrap(),
            Edit::Exclusion(2, ExclusionCategory::Died, 4)
        );
        assert!(matches!(
            died.parse_edit(&model, 1, "4"),
            Err(PlanError::ReadOnlyCell)
        ));
        assert_eq!(
            Column::Daily.parse_edit(&model, 2, "196").unwrap(),
            Edit::Daily(2, Some(196))
        );
        // On a district the figure goes to each of its leaves.
        let Edit::Batch(edits) = Column::Daily.parse_edit(&model, 1, "196").unwrap() else {
            panic!("a parent's daily figure is a batch");
        };
        let leaves: Vec<usize> = (2..model.plan().units.len())
            .filter(|&i| model.plan().units[i].parent == Some(1) && model.plan().is_leaf(i))
            .collect();
        assert_eq!(
            edits,
            leaves
                .iter()
                .map(|&i| Edit::Daily(i, Some(196)))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn paste_skips_read_only_cells_and_fills_a_range() {
        let model = PlannerModel::sample().unwrap();
        let rows: Vec<usize> = (0..model.plan().units.len()).collect();
        let columns = [Column::Name, Column::Base, Column::Percent];
        let block = from_tsv("X\t1.000\t80\nY\t2.000\t85,5\n");
        // Row 1 is a district: its base is read-only and skipped.
        let edits = paste_edits(&model, &rows, &columns, (1, 0), None, &block).unwrap();
        assert_eq!(edits.len(), 5);
        let fill = paste_edits(
            &model,
            &rows,
            &columns,
            (2, 2),
            Some(((2, 2), (4, 2))),
            &from_tsv("95"),
        )
        .unwrap();
        assert_eq!(fill.len(), 3);
        let bad = paste_edits(&model, &rows, &columns, (2, 2), None, &from_tsv("9x"));
        assert!(matches!(bad, Err((2, PlanError::PercentNotANumber(_)))));
    }
}
