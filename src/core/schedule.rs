//! The campaign schedule: which days count, the cases per day of every unit
//! (a parent's is the sum of its children's), the days each unit needs, when
//! it finishes, what it falls short by, and the cumulative day-by-day plan.
//!
//! Dates are `jiff::civil::Date` (a maintained calendar crate: leap years,
//! weekdays and day arithmetic are its, not ours). Counts stay `u64`; a
//! milestone's figure is `ceil(target × percent)` in integers.
//!
//! The cumulative plan of a unit by the end of its k-th counted day is
//! `max(pace(k), floor_plan(k))` where
//! - `pace(k) = min(target, daily × k)` when the unit has a daily figure
//!   (0 otherwise): what its cases per day bring, never past the target;
//! - `floor_plan(k)` is the even integer spread that reaches every
//!   milestone's figure on its day and the target on the last counted day
//!   (`ceil` of the straight line between those points).
//!
//! So the plan always ends exactly at the target and never asks less than
//! the milestones; a daily figure that is ahead of the even spread is what
//! the plan expects, and one that is behind is flagged (shortfall, missed
//! milestone) rather than silently lowering the plan.
//!
//! A parent with no figure of its own (nor its level's) is measured by its
//! units, not by their pooled pace: it needs the days of its slowest unit,
//! reaches what they reach together (each at most its target), and its
//! day-by-day plan is theirs added up. Where targets do not add up (per
//! row), that plan ends at its units' targets together, not at its own.

use std::cell::OnceCell;
use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::percent::{Percent, SCALE};
use super::plan::{Plan, UnitId};
use super::warning::{Warning, WarningKind};

/// Longest campaign period accepted, in calendar days (five years).
pub const MAX_PERIOD_DAYS: u64 = 1830;
/// How far past the start a finishing date is projected, in calendar days.
const HORIZON_DAYS: usize = 3660;

/// A deadline inside the period: by `date`, `percent` of every target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub date: Date,
    pub percent: Percent,
}

/// The campaign period and what does not count in it (serialised in a
/// draft's undo history as `Edit::Calendar`; dates as `YYYY-MM-DD`).
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Calendar {
    /// First day, inclusive.
    pub start: Option<Date>,
    /// Last day, inclusive.
    pub end: Option<Date>,
    /// Weekdays that do not count (0 = Sunday … 6 = Saturday), sorted.
    pub exclude_weekdays: Vec<u8>,
    /// Extra days off, sorted, without repeats.
    pub holidays: Vec<Date>,
    /// Intermediate deadlines, sorted by date.
    pub milestones: Vec<Milestone>,
}

/// Why a period, a date or a milestone was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScheduleError {
    /// A date given to the API that is not a real `YYYY-MM-DD` day.
    BadIsoDate(String),
    /// A date typed by a planner that is not a real dd/mm/yyyy day.
    BadTypedDate(String),
    /// The period ends before it starts.
    EndBeforeStart { start: Date, end: Date },
    /// Every day of the period is an excluded weekday or a holiday.
    NoCountedDay { start: Date, end: Date },
    /// The period is longer than `MAX_PERIOD_DAYS`.
    PeriodTooLong { days: u64 },
    /// A weekday number outside 0–6.
    BadWeekday(String),
    /// A milestone dated outside the period.
    MilestoneOutsidePeriod { date: Date },
    /// Two milestones on the same day.
    DuplicateMilestone { date: Date },
    /// Deriving daily figures needs a period with start and end.
    NoPeriod,
}

/// A finding of the schedule about one unit, with its numbers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScheduleFlag {
    /// At its daily figure the unit cannot reach its target in the period.
    Shortfall {
        target: u64,
        daily: u64,
        days: u64,
        reach: u64,
        shortfall: u64,
    },
    /// At its daily figure the unit is below a milestone's figure on its day.
    MissesMilestone {
        date: Date,
        percent: Percent,
        need: u64,
        reach: u64,
    },
    /// The daily figure is larger than the whole target (usually a figure
    /// meant for another level).
    DailyAboveTarget { daily: u64, target: u64 },
    /// A parent measured by its groups: together they reach `reach` by the
    /// end, `shortfall` short of its target; `units` of them fall short.
    GroupsShort {
        target: u64,
        reach: u64,
        shortfall: u64,
        units: u64,
    },
}

impl ScheduleFlag {
    pub fn code(&self) -> &'static str {
        match self {
            ScheduleFlag::Shortfall { .. } | ScheduleFlag::GroupsShort { .. } => {
                "schedule-shortfall"
            }
            ScheduleFlag::MissesMilestone { .. } => "misses-milestone",
            ScheduleFlag::DailyAboveTarget { .. } => "daily-above-target",
        }
    }
}

/// `YYYY-MM-DD`, as the JS API and saved plans write dates.
pub fn parse_iso(text: &str) -> Result<Date, ScheduleError> {
    let bad = || ScheduleError::BadIsoDate(text.to_string());
    let parts: Vec<&str> = text.split('-').collect();
    let shaped = matches!(parts.as_slice(), [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2)
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if !shaped {
        return Err(bad());
    }
    text.parse::<Date>().map_err(|_| bad())
}

/// A date typed the Vietnamese way: "8/5/2025", "08/05/2025" (also with
/// `-` or `.` between the parts). The calendar crate checks the day exists.
pub fn parse_typed(text: &str) -> Result<Date, ScheduleError> {
    let trimmed = text.trim();
    let bad = || ScheduleError::BadTypedDate(trimmed.to_string());
    let parts: Vec<&str> = trimmed.split(['/', '-', '.']).collect();
    let [d, m, y] = parts.as_slice() else {
        return Err(bad());
    };
    let small =
        |s: &str, len: usize| (1..=len).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if !small(d, 2) || !small(m, 2) || y.len() != 4 || !small(y, 4) {
        return Err(bad());
    }
    let (Ok(d), Ok(m), Ok(y)) = (d.parse::<i8>(), m.parse::<i8>(), y.parse::<i16>()) else {
        return Err(bad());
    };
    Date::new(y, m, d).map_err(|_| bad())
}

/// `YYYY-MM-DD`.
pub fn iso(date: Date) -> String {
    date.to_string()
}

/// dd/mm/yyyy, as Vietnamese documents write dates.
pub fn typed(date: Date) -> String {
    date.strftime("%d/%m/%Y").to_string()
}

/// dd/mm, for the schedule's day headers.
pub fn day_month(date: Date) -> String {
    date.strftime("%d/%m").to_string()
}

/// 0 = Sunday … 6 = Saturday.
pub fn weekday(date: Date) -> u8 {
    date.weekday().to_sunday_zero_offset() as u8
}

/// `ceil(numerator / denominator)`; 0 for a zero denominator.
fn ceil_div(numerator: u128, denominator: u128) -> u128 {
    if denominator == 0 {
        0
    } else {
        numerator.div_ceil(denominator)
    }
}

/// A milestone's figure of a target: `ceil(target × percent)`, exact.
pub fn milestone_figure(target: u64, percent: Percent) -> u64 {
    // u64 when it fits (a 128-bit division per unit would be most of the
    // time), told by comparisons: wasm lowers `checked_mul` to a 128-bit
    // multiply call.
    let hundredths = percent.hundredths();
    if target <= u64::MAX >> 16 && hundredths <= u64::from(u16::MAX) {
        return (target * hundredths).div_ceil(SCALE).min(target);
    }
    let figure = ceil_div(
        u128::from(target) * u128::from(percent.hundredths()),
        u128::from(SCALE),
    );
    u64::try_from(figure).unwrap_or(u64::MAX).min(target)
}

/// Whether `reach` is below a milestone's figure of `target`, without
/// computing the figure: `reach < ceil(x / SCALE)` exactly when
/// `reach × SCALE < x`.
#[inline(always)]
fn below_milestone(reach: u64, target: u64, milestone: &Milestone) -> bool {
    let hundredths = milestone.percent.hundredths();
    // reach ≤ target here, so both products fit when the target does.
    if target <= u64::MAX >> 16 && hundredths <= u64::from(u16::MAX) && reach <= target {
        reach * SCALE < target * hundredths
    } else {
        reach < milestone_figure(target, milestone.percent)
    }
}

/// `daily × days`, at most `u64::MAX`: one plain multiply when both fit
/// in 32 bits (always, for days; wasm lowers `saturating_mul` on u64 to a
/// 128-bit multiply call).
#[inline(always)]
fn pace_by(daily: u64, days: u64) -> u64 {
    if daily <= u64::from(u32::MAX) && days <= u64::from(u32::MAX) {
        daily * days
    } else {
        daily.saturating_mul(days)
    }
}

/// "Derive": cases per day to reach `target` in `days` counted days.
pub fn derived_daily(target: u64, days: u64) -> u64 {
    u64::try_from(ceil_div(u128::from(target), u128::from(days))).unwrap_or(u64::MAX)
}

impl Calendar {
    /// Sorts and dedups the lists and checks the period: end not before
    /// start, not too long, at least one counted day, weekdays 0–6,
    /// milestones inside the period and on different days.
    pub fn normalised(mut self) -> Result<Calendar, ScheduleError> {
        if let Some(&w) = self.exclude_weekdays.iter().find(|&&w| w > 6) {
            return Err(ScheduleError::BadWeekday(w.to_string()));
        }
        self.exclude_weekdays.sort_unstable();
        self.exclude_weekdays.dedup();
        self.holidays.sort_unstable();
        self.holidays.dedup();
        self.milestones.sort_by_key(|m| m.date);
        if let Some(pair) = self.milestones.windows(2).find(|p| p[0].date == p[1].date) {
            return Err(ScheduleError::DuplicateMilestone { date: pair[0].date });
        }
        if let (Some(start), Some(end)) = (self.start, self.end) {
            if end < start {
                return Err(ScheduleError::EndBeforeStart { start, end });
            }
            let length = u64::try_from(start.until(end).map(|s| s.get_days()).unwrap_or(i32::MAX))
                .unwrap_or(u64::MAX)
                .saturating_add(1);
            if length > MAX_PERIOD_DAYS {
                return Err(ScheduleError::PeriodTooLong { days: length });
            }
            if let Some(m) = self
                .milestones
                .iter()
                .find(|m| m.date < start || m.date > end)
            {
                return Err(ScheduleError::MilestoneOutsidePeriod { date: m.date });
            }
            if self.days().is_none_or(|d| d.counted == 0) {
                return Err(ScheduleError::NoCountedDay { start, end });
            }
        }
        Ok(self)
    }

    /// Whether a day counts (not an excluded weekday, not a holiday).
    pub fn counts(&self, date: Date) -> bool {
        !self.exclude_weekdays.contains(&weekday(date))
            && self.holidays.binary_search(&date).is_err()
    }

    /// The period's days, when start and end are both set and in order.
    pub fn days(&self) -> Option<Days> {
        let (start, end) = (self.start?, self.end?);
        if end < start {
            return None;
        }
        let mut dates = Vec::new();
        let mut counted_by = Vec::new();
        let mut projection = Vec::new();
        let mut counted = 0u64;
        let mut day = start;
        for _ in 0..HORIZON_DAYS {
            let counts = self.counts(day);
            if day <= end {
                if dates.len() as u64 >= MAX_PERIOD_DAYS {
                    return None;
                }
                counted += u64::from(counts);
                dates.push(day);
                counted_by.push(counted);
            }
            if counts {
                projection.push(day);
            }
            match day.tomorrow() {
                Ok(next) => day = next,
                Err(_) => break,
            }
        }
        if dates.last() != Some(&end) {
            return None;
        }
        let milestones = self
            .milestones
            .iter()
            .filter_map(|m| {
                let at = dates.binary_search(&m.date).ok()?;
                Some((*m, counted_by[at]))
            })
            .collect();
        Some(Days {
            dates,
            counted_by,
            counted,
            projection,
            milestones,
        })
    }
}

/// The days of a set period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Days {
    /// Every calendar day from start to end.
    pub dates: Vec<Date>,
    /// Counted days from the start up to and including each of `dates`.
    pub counted_by: Vec<u64>,
    /// Days available: the counted days of the period.
    pub counted: u64,
    /// Counted days from the start, past the end for projected finishes.
    projection: Vec<Date>,
    /// Each milestone with the counted days up to and including its date.
    pub milestones: Vec<(Milestone, u64)>,
}

impl Days {
    /// Whether the `j`-th day of `dates` counts.
    pub fn counts(&self, j: usize) -> bool {
        let before = if j == 0 { 0 } else { self.counted_by[j - 1] };
        self.counted_by.get(j).is_some_and(|&c| c > before)
    }

    /// The date of the n-th counted day (1-based), counting past the end
    /// with the same weekdays and holidays; None beyond the horizon.
    pub fn nth_counted(&self, n: u64) -> Option<Date> {
        let n = usize::try_from(n).ok()?.checked_sub(1)?;
        self.projection.get(n).copied()
    }

    /// The cumulative plan of a unit by the end of its k-th counted day
    /// (see the module comment).
    pub fn cumulative(&self, target: u64, daily: Option<u64>, k: u64) -> u64 {
        let k = k.min(self.counted);
        let pace = daily.map_or(0, |d| pace_by(d, k).min(target));
        pace.max(self.floor_plan(target, k))
    }

    /// The even integer spread through every milestone's figure, ending at
    /// the target on the last counted day.
    fn floor_plan(&self, target: u64, k: u64) -> u64 {
        if k == 0 {
            return 0;
        }
        if k >= self.counted {
            return target;
        }
        // Checkpoints: each milestone (counted days by its date, figure),
        // then the end at the target; of several on the same counted day
        // (a milestone on a day off) the last, with the largest figure.
        let n = self.milestones.len();
        let checkpoint = |i: usize| match self.milestones.get(i) {
            Some((m, at)) => (*at, milestone_figure(target, m.percent)),
            None => (self.counted, target),
        };
        let mut prev = (0u64, 0u64);
        let mut carried = 0u64;
        for i in 0..=n {
            let (at, figure) = checkpoint(i);
            if i < n && checkpoint(i + 1).0 == at {
                carried = carried.max(figure);
                continue;
            }
            let figure = figure.max(carried).max(prev.1);
            if k <= at {
                if at == prev.0 {
                    return figure;
                }
                let (rise, run) = (figure - prev.1, k - prev.0);
                // In u64 when it fits (run is at most the period's days),
                // told by comparisons: wasm lowers 128-bit arithmetic to
                // library calls.
                let step = if rise < 1 << 48 && run < 1 << 15 {
                    u128::from((rise * run).div_ceil(at - prev.0))
                } else {
                    ceil_div(u128::from(rise) * u128::from(run), u128::from(at - prev.0))
                };
                return prev.1 + u64::try_from(step).unwrap_or(u64::MAX).min(figure - prev.1);
            }
            prev = (at, figure);
        }
        target
    }
}

/// What the schedule computed for every unit, recomputed with the targets.
#[derive(Clone, Debug, Default)]
pub struct Schedule {
    /// The period's days, when it is set.
    pub days: Option<Days>,
    /// Cases per day: own, level's, the default (leaves), or for a parent
    /// without one the sum of its children's (None if one lacks it).
    pub daily: Vec<Option<u64>>,
    /// ceil(target ÷ daily).
    pub days_needed: Vec<Option<u64>>,
    /// The counted day on which the unit reaches its target at its pace.
    pub finish: Vec<Option<Date>>,
    /// target − daily × days, at least 0 (None without a period or daily).
    pub shortfall: Vec<Option<u64>>,
    pub warnings: Vec<Warning>,
    /// The unit index of each of `warnings`, ascending.
    warning_units: Vec<usize>,
    /// Children's daily sums and whether one was missing (scratch).
    sums: Vec<(u64, bool)>,
    /// Each unit's own figure (own, level's or the default) as the
    /// forward pass found it: kept between recomputes with `leaf`,
    /// `parents`, `ids` and `rolled_up` until `inputs_changed`.
    own: Vec<Option<u64>>,
    /// Whether each unit is a leaf (cached with `own`).
    leaf: Vec<bool>,
    /// Whether the cached forward pass still holds (see `inputs_changed`).
    inputs_valid: bool,
    /// Whether some unit has a figure per day (cached with `own`).
    any_daily: bool,
    /// The last recompute had no period and no figure per day: every
    /// per-unit output is None already.
    blank: bool,
    /// Each unit's parent index, `usize::MAX` for none (scratch).
    parents: Vec<usize>,
    /// Unit ids, for findings without touching the unit structs again.
    ids: Vec<UnitId>,
    /// The calendar `days` was computed for.
    calendar: Option<Calendar>,
    /// Whether a unit is a parent whose figure is its groups' sum (and is
    /// measured by its groups rather than by a pace of its own).
    rolled_up: Vec<bool>,
    /// Per unit measured by its units, its row in `gathered`; `NO_SLOT`
    /// for the others (cached with `own`).
    slot: Vec<u32>,
    /// Per unit, its parent's row in `gathered` when the parent is
    /// measured by its units, else `NO_SLOT` (cached with `own`).
    parent_slot: Vec<u32>,
    /// How many units of those read so far are measured by their units.
    slots: u32,
    /// What the units of each parent measured by them add up to (scratch).
    gathered: Vec<Gathered>,
    /// The same by each milestone, parent after parent (scratch).
    gathered_at: Vec<u64>,
    /// Reach by each milestone of the unit at hand (scratch).
    at_row: Vec<u64>,
    /// The targets the schedule was computed for.
    targets: Vec<u64>,
    /// The day-by-day plans of rolled-up parents, built when first asked
    /// for (the schedule view, the export), not on every edit.
    rolled_rows: OnceCell<RolledRows>,
}

/// No row in `Schedule::gathered`.
const NO_SLOT: u32 = u32::MAX;

/// A parent measured by its units, as far as they have been added.
#[derive(Clone, Copy, Debug, Default)]
struct Gathered {
    /// The slowest unit's days needed (None when one has no pace).
    days_needed: Option<u64>,
    /// What they reach together by the end.
    reach: u64,
    /// How many units measured by a pace of their own fall short.
    short_units: u64,
}

impl Gathered {
    const NOTHING: Gathered = Gathered {
        days_needed: Some(0),
        reach: 0,
        short_units: 0,
    };
}

/// The cumulative day-by-day plans of the parents whose figure is their
/// groups' sum: each is the sum of its groups' plans.
#[derive(Clone, Debug, Default)]
struct RolledRows {
    /// Each unit's row in `plans`, `u32::MAX` for units with a pace.
    slot: Vec<u32>,
    /// Row after row, one figure per counted day.
    plans: Vec<u64>,
}

impl Schedule {
    /// Tells the schedule that what its forward pass reads changed (a
    /// unit's, a level's or the default figure per day): the next
    /// `schedule_update` reads every unit again. Targets, percentages and
    /// the calendar need no call.
    pub fn inputs_changed(&mut self) {
        self.inputs_valid = false;
    }

    /// The findings about one unit: they are in appendix order, so a
    /// binary search finds them without scanning 100,000 of them.
    pub fn unit_warnings(&self, index: usize) -> &[Warning] {
        let first = self.warning_units.partition_point(|&i| i < index);
        let last = self.warning_units.partition_point(|&i| i <= index);
        &self.warnings[first..last]
    }

    /// A unit's cumulative plan by the end of its k-th counted day: by its
    /// pace, or for a parent measured by its groups the sum of theirs.
    pub fn cumulative(&self, index: usize, target: u64, k: u64) -> Option<u64> {
        let days = self.days.as_ref()?;
        if self.rolled_up.get(index).copied().unwrap_or(false) {
            let counted = usize::try_from(days.counted).ok()?;
            let k = usize::try_from(k.min(days.counted)).ok()?;
            let rows = self.rolled_rows(days);
            let slot = usize::try_from(*rows.slot.get(index)?).ok()?;
            return Some(match k {
                0 => 0,
                k => rows.plans.get(slot * counted + k - 1).copied().unwrap_or(0),
            });
        }
        Some(days.cumulative(target, self.daily.get(index).copied().flatten(), k))
    }

    /// Every rolled-up parent's plan, children before parents, once per
    /// recompute.
    fn rolled_rows(&self, days: &Days) -> &RolledRows {
        self.rolled_rows.get_or_init(|| {
            let counted = usize::try_from(days.counted).unwrap_or(0);
            let n = self.rolled_up.len().min(self.targets.len());
            let mut slot = vec![u32::MAX; n];
            let mut parents = 0usize;
            for (index, _) in self.rolled_up.iter().enumerate().filter(|(_, r)| **r) {
                slot[index] = u32::try_from(parents).unwrap_or(u32::MAX);
                parents += 1;
            }
            let mut plans = vec![0u64; parents * counted];
            let mut own = vec![0u64; counted];
            for index in (0..n).rev() {
                let Some(into) = slot
                    .get(self.parents[index])
                    .and_then(|&s| usize::try_from(s).ok())
                    .filter(|&s| s < parents)
                else {
                    continue;
                };
                match usize::try_from(slot[index]).ok().filter(|&s| s < parents) {
                    Some(from) => own.copy_from_slice(&plans[from * counted..(from + 1) * counted]),
                    None => {
                        let daily = self.daily[index];
                        for (k, figure) in (1..).zip(own.iter_mut()) {
                            *figure = days.cumulative(self.targets[index], daily, k);
                        }
                    }
                }
                for (sum, figure) in plans[into * counted..(into + 1) * counted]
                    .iter_mut()
                    .zip(&own)
                {
                    *sum = sum.saturating_add(*figure);
                }
            }
            RolledRows { slot, plans }
        })
    }
}

/// After `schedule_read_some` read every unit, the figures per day of
/// parents measured by their units, so that the next `schedule_update`
/// only measures: rolls up up to `units` more units, from the end; `left`
/// is how many are left (all of them at first), and so is what it returns.
/// Done at 0.
pub fn schedule_derive_some(out: &mut Schedule, left: usize, units: usize) -> usize {
    derive_rows(out, left, units)
}

/// Recomputes the schedule for `targets`, reusing `out`'s buffers.
pub fn schedule_into(plan: &Plan, targets: &[u64], out: &mut Schedule) {
    out.inputs_changed();
    schedule_update(plan, targets, out);
}

/// Recomputes the schedule for `targets`, reusing `out`'s buffers and its
/// forward pass unless `Schedule::inputs_changed` was called since (the
/// model calls it for every edit of a figure per day): an edit of a
/// percentage reads no unit struct here, and the figures per day (a
/// parent's the sum of its units') are kept as they were. Without a period
/// and without any figure per day there is nothing to schedule and it
/// costs next to nothing.
pub fn schedule_update(plan: &Plan, targets: &[u64], out: &mut Schedule) {
    let calendar = &plan.policy.calendar;
    if out.calendar.as_ref() != Some(calendar) {
        out.days = calendar.days();
        out.calendar = Some(calendar.clone());
    }
    let n = plan.units.len().min(targets.len());
    if !out.inputs_valid || out.own.len() != n {
        read_inputs(plan, n, out);
    }
    out.targets.clear();
    out.targets.extend_from_slice(&targets[..n]);
    out.rolled_rows = OnceCell::new();
    if out.days.is_none() && !out.any_daily {
        // Nothing to measure: no pace, no finishing date, no finding.
        if !(out.blank && out.days_needed.len() == n) {
            out.days_needed.clear();
            out.days_needed.resize(n, None);
            out.finish.clear();
            out.finish.resize(n, None);
            out.shortfall.clear();
            out.shortfall.resize(n, None);
            out.warnings.clear();
            out.warning_units.clear();
            out.blank = true;
        }
        return;
    }
    out.blank = false;
    measure(targets, n, out);
}

/// The one pass over the units, backwards: parents come before their
/// children, so every unit is complete (its own figures, or for a parent
/// measured by its units theirs added up) when it is reached, and its
/// findings are made there and then. A unit with a pace of its own (a
/// leaf, or a parent with its own or its level's figure) is measured by
/// it; a parent whose figure is its units' sum is measured by them: it
/// needs as many days as the slowest, and reaches (by the end and by each
/// milestone) what they reach together. Only compact arrays are read, and
/// each per-unit output is written once: what is added up lives in a row
/// per such parent (a few in a hundred units), not per unit.
fn measure(targets: &[u64], n: usize, out: &mut Schedule) {
    let days = out.days.as_ref();
    let (counted, milestones) = days.map_or((0, 0), |d| (d.counted, d.milestones.len()));
    let parents = out.slot.iter().filter(|&&s| s != NO_SLOT).count();
    fill(&mut out.gathered, parents, Gathered::NOTHING);
    fill(&mut out.gathered_at, parents * milestones, 0);
    fill(&mut out.at_row, milestones, 0);
    // Written for every unit below.
    out.days_needed.resize(n, None);
    out.finish.resize(n, None);
    out.shortfall.resize(n, None);
    out.warnings.clear();
    out.warning_units.clear();
    let Schedule {
        daily,
        days_needed,
        finish,
        shortfall,
        warnings,
        warning_units,
        ids,
        slot,
        parent_slot,
        gathered,
        gathered_at,
        at_row,
        ..
    } = out;
    for index in (0..n).rev() {
        let target = targets[index];
        let daily = daily[index];
        let own_slot = usize::try_from(slot[index]).ok().filter(|&s| s < parents);
        // What the unit needs and reaches, by its pace or by its units.
        let (needed, reach, short_units) = match (own_slot, daily) {
            (Some(s), _) => {
                let g = gathered[s];
                at_row.copy_from_slice(&gathered_at[s * milestones..(s + 1) * milestones]);
                (daily.and(g.days_needed), g.reach, g.short_units)
            }
            (None, Some(d)) => {
                let needed = match (d, target) {
                    (_, 0) => Some(0),
                    (0, _) => None,
                    (d, t) => Some(days_for(t, d)),
                };
                match days {
                    Some(days) => {
                        for (slot, (_, at)) in at_row.iter_mut().zip(&days.milestones) {
                            *slot = pace_by(d, *at).min(target);
                        }
                        let reach = pace_by(d, counted).min(target);
                        (needed, reach, u64::from(reach < target))
                    }
                    None => (needed, 0, 0),
                }
            }
            (None, None) => {
                at_row.fill(0);
                (None, 0, 0)
            }
        };
        days_needed[index] = needed;
        let own_pace = daily.filter(|_| own_slot.is_none());
        let first_warning = warnings.len();
        // Its findings, last first: the list is reversed at the end.
        if let (Some(days), Some(d)) = (days, daily) {
            finish[index] = needed.filter(|&k| k > 0).and_then(|k| days.nth_counted(k));
            let short = target.saturating_sub(reach);
            shortfall[index] = Some(short);
            // The first milestone the pace misses, if any (the end is the
            // shortfall's).
            let missed = days
                .milestones
                .iter()
                .zip(at_row.iter())
                .find(|((m, at), &reach)| *at < counted && below_milestone(reach, target, m))
                .map(|((m, _), &reach)| (m, milestone_figure(target, m.percent), reach));
            if let Some((m, need, reach)) = missed {
                warnings.push(Warning::unit(
                    ids[index],
                    WarningKind::Schedule(ScheduleFlag::MissesMilestone {
                        date: m.date,
                        percent: m.percent,
                        need,
                        reach,
                    }),
                ));
            }
            if short > 0 {
                let flag = match own_pace {
                    None => ScheduleFlag::GroupsShort {
                        target,
                        reach,
                        shortfall: short,
                        units: short_units,
                    },
                    Some(_) => ScheduleFlag::Shortfall {
                        target,
                        daily: d,
                        days: counted,
                        reach: pace_by(d, counted),
                        shortfall: short,
                    },
                };
                warnings.push(Warning::unit(ids[index], WarningKind::Schedule(flag)));
            }
        } else {
            finish[index] = None;
            shortfall[index] = None;
        }
        // A groups' sum is not a figure anyone typed: its groups carry
        // their own flags.
        if let Some(d) = own_pace.filter(|&d| d > target) {
            warnings.push(Warning::unit(
                ids[index],
                WarningKind::Schedule(ScheduleFlag::DailyAboveTarget { daily: d, target }),
            ));
        }
        for _ in first_warning..warnings.len() {
            warning_units.push(index);
        }
        let Some(p) = usize::try_from(parent_slot[index])
            .ok()
            .filter(|&p| p < parents)
        else {
            continue;
        };
        let into = &mut gathered[p];
        into.days_needed = match (into.days_needed, needed) {
            (Some(a), Some(b)) => Some(a.max(b)),
            _ => None,
        };
        into.reach = into.reach.saturating_add(reach);
        into.short_units += short_units;
        for (sum, &r) in gathered_at[p * milestones..(p + 1) * milestones]
            .iter_mut()
            .zip(at_row.iter())
        {
            *sum = sum.saturating_add(r);
        }
    }
    warnings.reverse();
    warning_units.reverse();
}

/// `ceil(target / daily)` for a daily figure above 0: a 32-bit division
/// when both fit (nearly always; half the time of a 64-bit one on x86 and
/// in the wasm engines), exact either way.
#[inline(always)]
fn days_for(target: u64, daily: u64) -> u64 {
    match (u32::try_from(target), u32::try_from(daily)) {
        (Ok(t), Ok(d)) => u64::from(t.div_ceil(d)),
        _ => target.div_ceil(daily),
    }
}

/// `values` as `len` copies of `value`, in its own buffer.
fn fill<T: Copy>(values: &mut Vec<T>, len: usize, value: T) {
    values.clear();
    values.resize(len, value);
}

/// The forward pass: each unit's own figure and parent, compactly (the
/// unit structs are large; a forward stride is what the cache prefetches),
/// then every unit's figure per day (a parent without one of its own the
/// sum of its units', when each has one): none of it depends on targets.
fn read_inputs(plan: &Plan, n: usize, out: &mut Schedule) {
    read_units(plan, n, out);
    derive_daily(n, out);
}

/// The pass over the unit structs of `read_inputs`.
fn read_units(plan: &Plan, n: usize, out: &mut Schedule) {
    let n = n.min(plan.units.len());
    read_begin(n, out);
    read_rows(plan, n, out);
    out.any_daily = out.own.iter().any(Option::is_some);
}

/// The first part of a fresh schedule, a range of units at a time (a new
/// plan's schedule is read over several of the page's tasks): the units'
/// figures per day as `schedule_update` would read them. Reads up to
/// `units` units from `from` and returns where the next call starts; the
/// read is complete when that is the plan's number of units (then
/// `schedule_derive_some`). A call that does not follow the last starts
/// again from the first unit.
pub fn schedule_read_some(plan: &Plan, out: &mut Schedule, from: usize, units: usize) -> usize {
    let n = plan.units.len();
    let from = match from > 0 && out.own.len() == from && !out.inputs_valid {
        true => from,
        false => {
            read_begin(n, out);
            0
        }
    };
    let to = from.saturating_add(units.max(1)).min(n);
    read_rows(plan, to, out);
    if to == n {
        out.any_daily = out.own.iter().any(Option::is_some);
    }
    to
}

/// Empties the arrays `read_rows` fills, ready for `n` units.
fn read_begin(n: usize, out: &mut Schedule) {
    out.own.clear();
    out.leaf.clear();
    out.rolled_up.clear();
    out.parents.clear();
    out.ids.clear();
    out.slot.clear();
    out.parent_slot.clear();
    out.daily.clear();
    out.sums.clear();
    out.inputs_valid = false;
    out.slots = 0;
    out.own.reserve_exact(n);
    out.leaf.reserve_exact(n);
    out.rolled_up.reserve_exact(n);
    out.parents.reserve_exact(n);
    out.ids.reserve_exact(n);
    out.slot.reserve_exact(n);
    out.parent_slot.reserve_exact(n);
    out.daily.reserve_exact(n);
    out.sums.reserve_exact(n);
}

/// Reads the units after those already read, up to unit `to`.
fn read_rows(plan: &Plan, to: usize, out: &mut Schedule) {
    let level_daily = &plan.policy.level_daily;
    let by_level: Vec<Option<u64>> = match level_daily.keys().next_back() {
        Some(&max) => (0..=max).map(|l| level_daily.get(&l).copied()).collect(),
        None => Vec::new(),
    };
    let from = out.own.len();
    let Some(units) = plan.units.get(from..to) else {
        return;
    };
    for (unit, index) in units.iter().zip(from..) {
        let leaf = plan.is_leaf(index);
        // `level` is on another cache line than `daily_target`: read only
        // when a level has a figure.
        let own = unit
            .daily_target
            .or_else(|| match by_level.is_empty() {
                true => None,
                false => by_level.get(usize::from(unit.level)).copied().flatten(),
            })
            .or_else(|| plan.policy.default_daily.filter(|_| leaf));
        out.own.push(own);
        out.leaf.push(leaf);
        // A parent without a figure of its own is measured by its units.
        let rolled = !leaf && own.is_none();
        out.rolled_up.push(rolled);
        let parent = unit.parent.filter(|&p| p < index).unwrap_or(usize::MAX);
        out.parents.push(parent);
        // Next to `level` in the struct: read now rather than miss later.
        out.ids.push(unit.id);
        // What the roll-up starts from (`derive_daily`), while in cache:
        // the unit's slot among those measured by their units, its
        // parent's (the parent came before), its figure as read.
        out.slot.push(match rolled {
            true => out.slots,
            false => NO_SLOT,
        });
        out.slots += u32::from(rolled);
        out.parent_slot
            .push(out.slot.get(parent).copied().unwrap_or(NO_SLOT));
        out.daily.push(own);
        out.sums.push((0, leaf));
    }
}

/// Every figure per day rolled up (from what `read_units` read).
fn derive_daily(n: usize, out: &mut Schedule) {
    derive_rows(out, n, n);
}

/// Rolls up the figures per day of units `left - units..left`, backwards
/// (children come after their parent, so each is complete when reached);
/// returns how many are left. Once none is, the inputs are complete.
fn derive_rows(out: &mut Schedule, left: usize, units: usize) -> usize {
    let left = left.min(out.daily.len());
    let to = left.saturating_sub(units.max(1));
    for index in (to..left).rev() {
        let (sum, missing) = out.sums[index];
        let daily = out.daily[index].or((!missing).then_some(sum));
        out.daily[index] = daily;
        if let Some(slot) = out.sums.get_mut(out.parents[index]) {
            match daily {
                Some(d) => slot.0 = slot.0.saturating_add(d),
                None => slot.1 = true,
            }
        }
    }
    if to == 0 {
        out.inputs_valid = true;
    }
    to
}

/// Level figures as the policy keeps them (level → cases per day).
pub type LevelDaily = BTreeMap<u8, u64>;

/// The day-by-day plan as a table (for export): the counted days, and per
/// unit in appendix order its cumulative plan by the end of each.
pub struct ScheduleTable {
    pub days: Vec<Date>,
    pub milestones: Vec<Milestone>,
    /// (unit index, cumulative plan per counted day).
    pub rows: Vec<(usize, Vec<u64>)>,
}

impl ScheduleTable {
    /// The header row: code, name, target, per day, then each counted day
    /// (dd/mm/yyyy, with ◆ and the share on a milestone's day).
    pub fn headers(&self, code: &str, name: &str, target: &str, daily: &str) -> Vec<String> {
        let mut header = vec![
            code.to_string(),
            name.to_string(),
            target.to_string(),
            daily.to_string(),
        ];
        header.extend(self.days.iter().map(
            |d| match self.milestones.iter().find(|m| m.date == *d) {
                Some(m) => format!("{} ◆{}%", typed(*d), m.percent),
                None => typed(*d),
            },
        ));
        header
    }
}

/// The whole day-by-day plan; None without a period.
pub fn table(plan: &Plan, targets: &[u64], schedule: &Schedule) -> Option<ScheduleTable> {
    let days = schedule.days.as_ref()?;
    let counted: Vec<Date> = (0..days.dates.len())
        .filter(|&j| days.counts(j))
        .map(|j| days.dates[j])
        .collect();
    let rows = (0..plan.units.len().min(targets.len()))
        .map(|i| {
            let cum = (1..=days.counted)
                .map(|k| schedule.cumulative(i, targets[i], k).unwrap_or(0))
                .collect();
            (i, cum)
        })
        .collect();
    Some(ScheduleTable {
        days: counted,
        milestones: days.milestones.iter().map(|(m, _)| *m).collect(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        parse_typed(text).unwrap()
    }

    fn period(start: &str, end: &str) -> Calendar {
        Calendar {
            start: Some(d(start)),
            end: Some(d(end)),
            ..Calendar::default()
        }
    }

    #[test]
    fn parses_vietnamese_and_iso_dates() {
        assert_eq!(d("8/5/2025"), d("08/05/2025"));
        assert_eq!(typed(d("8/5/2025")), "08/05/2025");
        assert_eq!(iso(d("8/5/2025")), "2025-05-08");
        assert_eq!(parse_iso("2025-05-08").unwrap(), d("8/5/2025"));
        assert_eq!(d("29/02/2024"), parse_iso("2024-02-29").unwrap());
        for bad in [
            "29/02/2025",
            "32/5/2025",
            "8/13/2025",
            "8/5/25",
            "abc",
            "",
            "8/5",
        ] {
            assert!(parse_typed(bad).is_err(), "{bad}");
        }
        for bad in [
            "2025-5-8",
            "2025-02-30",
            "08/05/2025",
            "2025-05-08T00:00",
            "",
        ] {
            assert!(parse_iso(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn seed_000_counts_23_days_and_20_without_sundays() {
        let mut calendar = period("08/05/2025", "30/05/2025");
        assert_eq!(calendar.days().unwrap().counted, 23);
        calendar.exclude_weekdays = vec![0];
        let days = calendar.clone().normalised().unwrap().days().unwrap();
        assert_eq!(days.counted, 20);
        assert_eq!(days.dates.len(), 23);
        // 196 per day for 3.345 cases: 18 days.
        assert_eq!(3345u64.div_ceil(196), 18);
    }

    #[test]
    fn weekends_holidays_one_day_and_leap_day() {
        let mut calendar = period("05/05/2025", "18/05/2025"); // Mon … Sun, two weeks
        calendar.exclude_weekdays = vec![6, 0];
        assert_eq!(calendar.days().unwrap().counted, 10);
        calendar.holidays = vec![d("19/05/2025"), d("07/05/2025")]; // one outside
        assert_eq!(
            calendar
                .clone()
                .normalised()
                .unwrap()
                .days()
                .unwrap()
                .counted,
            9
        );
        assert_eq!(period("8/5/2025", "8/5/2025").days().unwrap().counted, 1);
        // 2024 is a leap year: 28/02 … 01/03 is three days.
        assert_eq!(period("28/2/2024", "1/3/2024").days().unwrap().counted, 3);
        assert_eq!(period("28/2/2025", "1/3/2025").days().unwrap().counted, 2);
    }

    #[test]
    fn refuses_end_before_start_and_empty_periods() {
        assert_eq!(
            period("30/5/2025", "8/5/2025").normalised(),
            Err(ScheduleError::EndBeforeStart {
                start: d("30/5/2025"),
                end: d("8/5/2025")
            })
        );
        let mut sunday = period("11/5/2025", "11/5/2025");
        sunday.exclude_weekdays = vec![0];
        assert!(matches!(
            sunday.normalised(),
            Err(ScheduleError::NoCountedDay { .. })
        ));
        let mut holiday = period("19/5/2025", "19/5/2025");
        holiday.holidays = vec![d("19/5/2025")];
        assert!(matches!(
            holiday.normalised(),
            Err(ScheduleError::NoCountedDay { .. })
        ));
        let mut all = period("1/5/2025", "31/5/2025");
        all.exclude_weekdays = (0..7).collect();
        assert!(all.normalised().is_err());
        assert!(matches!(
            period("1/1/2020", "1/1/2030").normalised(),
            Err(ScheduleError::PeriodTooLong { .. })
        ));
        let mut bad_weekday = period("1/5/2025", "2/5/2025");
        bad_weekday.exclude_weekdays = vec![7];
        assert!(bad_weekday.normalised().is_err());
    }

    #[test]
    fn milestones_are_exact_and_inside_the_period() {
        // 90% of 4.355 is 3.919,5: the figure is 3.920, never 3.919.
        let ninety = Percent::whole(90).unwrap();
        assert_eq!(milestone_figure(4355, ninety), 3920);
        assert_eq!(milestone_figure(4350, ninety), 3915);
        assert_eq!(milestone_figure(0, ninety), 0);
        let mut calendar = period("9/5/2025", "15/5/2025");
        calendar.milestones = vec![Milestone {
            date: d("29/5/2025"),
            percent: ninety,
        }];
        assert!(matches!(
            calendar.normalised(),
            Err(ScheduleError::MilestoneOutsidePeriod { .. })
        ));
    }

    #[test]
    fn finish_dates_skip_excluded_days_and_project_past_the_end() {
        let mut calendar = period("08/05/2025", "30/05/2025");
        calendar.exclude_weekdays = vec![0];
        calendar.holidays = vec![d("19/05/2025")];
        let days = calendar.days().unwrap();
        assert_eq!(days.counted, 19);
        // 08/05 is a Thursday: Thu, Fri, Sat, (Sun), Mon.
        assert_eq!(days.nth_counted(4), Some(d("12/05/2025")));
        // The 20th counted day is after the end: 31/05 (Saturday).
        assert_eq!(days.nth_counted(20), Some(d("31/05/2025")));
        assert_eq!(days.nth_counted(21), Some(d("02/06/2025")));
        assert_eq!(days.nth_counted(0), None);
    }

    #[test]
    fn cumulative_plan_follows_the_pace_or_the_even_spread() {
        let days = period("1/5/2025", "10/5/2025").days().unwrap();
        // Pace 196/day ahead of the even spread of 1.000 over 10 days.
        let plan: Vec<u64> = (1..=10)
            .map(|k| days.cumulative(1000, Some(196), k))
            .collect();
        assert_eq!(
            plan,
            [196, 392, 588, 784, 980, 1000, 1000, 1000, 1000, 1000]
        );
        // No daily figure: ceil of the straight line.
        let even: Vec<u64> = (1..=3).map(|k| days.cumulative(25, None, k)).collect();
        assert_eq!(even, [3, 5, 8]);
        assert_eq!(days.cumulative(25, None, 10), 25);
        // A pace that cannot make it: the plan still asks the target.
        assert_eq!(days.cumulative(1000, Some(50), 10), 1000);
    }

    #[test]
    fn cumulative_plan_meets_milestones() {
        let mut calendar = period("1/5/2025", "10/5/2025");
        calendar.milestones = vec![Milestone {
            date: d("2/5/2025"),
            percent: Percent::whole(50).unwrap(),
        }];
        let days = calendar.normalised().unwrap().days().unwrap();
        assert_eq!(days.cumulative(101, None, 1), 26);
        assert_eq!(days.cumulative(101, None, 2), 51);
        assert_eq!(days.cumulative(101, None, 10), 101);
    }
}
