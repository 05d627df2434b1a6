//! The plan as plain JSON for the JS API (`plan()`), per `docs/js-api.md`.

use std::borrow::Cow;

use serde::Serialize;

use super::import::ImportReport;
use super::model::PlannerModel;
use super::plan::UnitId;
use super::progress::{Progress, Rate, ResultsImport, UnitProgress, WardReport};
use super::schedule::iso;
use crate::core::i18n::{self, Locale};
use jiff::civil::Date;

/// Borrows the model: the units are written one by one as they are
/// serialised (`UnitsView`), not gathered first as 100k owned copies of
/// every name (half of `plan()`'s time when they were).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanView<'a> {
    pub title: &'a str,
    /// Only when the plan has results (or a date was asked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<ProgressSummaryView>,
    pub policy: PolicyView,
    pub totals: TotalsView,
    pub warnings: Vec<WarningView>,
    pub units: UnitsView<'a>,
}

/// Every unit of the plan, serialised as a list of `UnitView`s.
pub struct UnitsView<'a> {
    model: &'a PlannerModel,
    progress: Option<Cow<'a, Progress>>,
}

impl Serialize for UnitsView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let plan = self.model.plan();
        let alloc = self.model.allocation();
        let schedule = self.model.schedule();
        let progress = self.progress.as_deref();
        let mut seq = serializer.serialize_seq(Some(plan.units.len()))?;
        for (i, u) in plan.units.iter().enumerate() {
            seq.serialize_element(&UnitView {
                id: Label(u.id),
                code: &u.code,
                name: &u.name,
                level: u.level,
                parent_id: u
                    .parent
                    .and_then(|p| plan.units.get(p))
                    .map(|p| Label(p.id)),
                base: alloc.base[i],
                excluded: alloc.excluded[i],
                eligible: alloc.eligible[i],
                percent: alloc.percent[i].as_js_number(),
                percent_override: u.percent_override.map(|p| p.as_js_number()),
                target: alloc.target[i],
                target_locked: u.locked_target.is_some(),
                official_target: u.official_target,
                daily_target: schedule.daily.get(i).copied().flatten(),
                days_needed: schedule.days_needed.get(i).copied().flatten(),
                finish_date: schedule.finish.get(i).copied().flatten().map(IsoDate),
                shortfall: schedule.shortfall.get(i).copied().flatten(),
                progress: progress
                    .and_then(|p| p.units.get(i))
                    .map(UnitProgressView::of),
            })?;
        }
        seq.end()
    }
}

impl PlanView<'_> {
    /// The same text as `serde_json::to_string(self)`, byte for byte (see
    /// the tests), written about three times faster: each unit's keys are
    /// written as they are instead of escaped one by one, numbers through
    /// `itoa`, and the buffer is sized once for the whole plan.
    pub fn to_json(&self) -> serde_json::Result<String> {
        let units = self.units.model.plan().units.len();
        let mut out = Vec::with_capacity(4096 + units * 320);
        self.write_head(&mut out)?;
        out.extend_from_slice(b",\"units\":[");
        self.units.write_json(&mut out)?;
        out.extend_from_slice(b"]}");
        // Only whole `str`s and serde_json's own output were written.
        String::from_utf8(out).map_err(serde::ser::Error::custom)
    }

    /// Every key before `units`, after the opening brace.
    fn write_head(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        out.extend_from_slice(b"{\"title\":");
        json_str(out, self.title)?;
        if let Some(progress) = &self.progress {
            out.extend_from_slice(b",\"progress\":");
            serde_json::to_writer(&mut *out, progress)?;
        }
        out.extend_from_slice(b",\"policy\":");
        serde_json::to_writer(&mut *out, &self.policy)?;
        out.extend_from_slice(b",\"totals\":");
        serde_json::to_writer(&mut *out, &self.totals)?;
        out.extend_from_slice(b",\"warnings\":");
        serde_json::to_writer(&mut *out, &self.warnings)
    }

    /// The plan in columns, for the page to build the unit objects itself
    /// (src/web/plan.js): a 100k-unit plan is then 3 MB of text and 11 MB
    /// of numbers instead of 29 MB of JSON to decode and parse. `None`
    /// when the units carry progress (those go as JSON) or the text would
    /// not fit `u32` offsets.
    pub fn to_columns(&self) -> Option<PlanColumns> {
        self.columns_of(0..usize::MAX)
    }

    /// `to_columns` of the units in `units` only (the head only with the
    /// first unit): `plan()` builds a large plan's objects a slice at a
    /// time, so its columns never exist whole in wasm memory (which never
    /// shrinks: a million units' were 187 MB). Offsets in `ends` start at
    /// 0 in each slice.
    pub fn columns_of(&self, units: std::ops::Range<usize>) -> Option<PlanColumns> {
        if self.units.progress.is_some() {
            return None;
        }
        let model = self.units.model;
        let plan = model.plan();
        let alloc = model.allocation();
        let schedule = model.schedule();
        let mut head = Vec::new();
        if units.start == 0 {
            head.reserve(4096);
            self.write_head(&mut head).ok()?;
            head.push(b'}');
        }
        let end = units.end.min(plan.units.len());
        let start = units.start.min(end);
        let n = end - start;
        let mut columns = PlanColumns {
            head: String::from_utf8(head).ok()?,
            text: String::with_capacity(n * 24),
            ends: Vec::with_capacity(n * 3),
            numbers: Vec::with_capacity(n * UNIT_NUMBERS),
        };
        let mut utf16: u64 = 0;
        let mut cut = |text: &mut String, piece: &str, ends: &mut Vec<u32>| -> Option<()> {
            text.push_str(piece);
            utf16 += if piece.is_ascii() {
                piece.len() as u64
            } else {
                piece.encode_utf16().count() as u64
            };
            ends.push(u32::try_from(utf16).ok()?);
            Some(())
        };
        let count = |n: Option<u64>| n.map_or(f64::NAN, |n| n as f64);
        let mut date = String::new();
        for (i, u) in plan.units.iter().enumerate().take(end).skip(start) {
            cut(&mut columns.text, &u.code, &mut columns.ends)?;
            cut(&mut columns.text, &u.name, &mut columns.ends)?;
            date.clear();
            if let Some(finish) = schedule.finish.get(i).copied().flatten() {
                use std::fmt::Write;
                write!(date, "{finish}").ok()?;
            }
            cut(&mut columns.text, &date, &mut columns.ends)?;
            let parent = u.parent.and_then(|p| plan.units.get(p));
            columns.numbers.extend_from_slice(&[
                f64::from(u.id.0),
                f64::from(u.level),
                parent.map_or(-1.0, |p| f64::from(p.id.0)),
                count(alloc.base.get(i).copied()),
                count(alloc.excluded.get(i).copied()),
                count(alloc.eligible.get(i).copied()),
                alloc.percent.get(i).map_or(f64::NAN, |p| p.as_js_number()),
                u.percent_override.map_or(f64::NAN, |p| p.as_js_number()),
                count(alloc.target.get(i).copied()),
                if u.locked_target.is_some() { 1.0 } else { 0.0 },
                count(u.official_target),
                count(schedule.daily.get(i).copied().flatten()),
                count(schedule.days_needed.get(i).copied().flatten()),
                count(schedule.shortfall.get(i).copied().flatten()),
            ]);
        }
        Some(columns)
    }
}

/// Numbers per unit in `PlanColumns::numbers`, in this order: id, level,
/// parent's id (−1: none), base, excluded, eligible, percent, percent
/// override, target, target locked (1/0), official target, daily target,
/// days needed, shortfall. NaN stands for null. Counts are at most
/// `MAX_COUNT` (2^53 − 1), so each is exact as an f64, as in the JSON.
pub const UNIT_NUMBERS: usize = 14;

/// `plan()` in columns (see `PlanView::to_columns`).
pub struct PlanColumns {
    /// The plan's JSON without `units`.
    pub head: String,
    /// Each unit's code, name and finishing date (empty: none), one after
    /// the other.
    pub text: String,
    /// Where each of those ends in `text`, in UTF-16 code units: 3 per unit.
    pub ends: Vec<u32>,
    /// `UNIT_NUMBERS` per unit.
    pub numbers: Vec<f64>,
}

impl UnitsView<'_> {
    /// The units as `UnitView`'s derived `Serialize` writes them, comma-separated.
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let plan = self.model.plan();
        let alloc = self.model.allocation();
        let schedule = self.model.schedule();
        let progress = self.progress.as_deref();
        let mut numbers = itoa::Buffer::new();
        let mut int = |out: &mut Vec<u8>, key: &[u8], n: Option<u64>| {
            out.extend_from_slice(key);
            match n {
                Some(n) => out.extend_from_slice(numbers.format(n).as_bytes()),
                None => out.extend_from_slice(b"null"),
            }
        };
        for (i, u) in plan.units.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"id\":\"u");
            out.extend_from_slice(itoa::Buffer::new().format(u.id.0).as_bytes());
            out.extend_from_slice(b"\",\"code\":");
            json_str(out, &u.code)?;
            out.extend_from_slice(b",\"name\":");
            json_str(out, &u.name)?;
            out.extend_from_slice(b",\"level\":");
            out.extend_from_slice(itoa::Buffer::new().format(u.level).as_bytes());
            out.extend_from_slice(b",\"parentId\":");
            match u.parent.and_then(|p| plan.units.get(p)) {
                Some(parent) => {
                    out.extend_from_slice(b"\"u");
                    out.extend_from_slice(itoa::Buffer::new().format(parent.id.0).as_bytes());
                    out.push(b'"');
                }
                None => out.extend_from_slice(b"null"),
            }
            int(out, b",\"base\":", alloc.base.get(i).copied());
            int(out, b",\"excluded\":", alloc.excluded.get(i).copied());
            int(out, b",\"eligible\":", alloc.eligible.get(i).copied());
            out.extend_from_slice(b",\"percent\":");
            serde_json::to_writer(&mut *out, &alloc.percent.get(i).map(|p| p.as_js_number()))?;
            out.extend_from_slice(b",\"percentOverride\":");
            serde_json::to_writer(&mut *out, &u.percent_override.map(|p| p.as_js_number()))?;
            int(out, b",\"target\":", alloc.target.get(i).copied());
            out.extend_from_slice(if u.locked_target.is_some() {
                b",\"targetLocked\":true"
            } else {
                b",\"targetLocked\":false"
            });
            int(out, b",\"officialTarget\":", u.official_target);
            int(
                out,
                b",\"dailyTarget\":",
                schedule.daily.get(i).copied().flatten(),
            );
            int(
                out,
                b",\"daysNeeded\":",
                schedule.days_needed.get(i).copied().flatten(),
            );
            out.extend_from_slice(b",\"finishDate\":");
            match schedule.finish.get(i).copied().flatten() {
                Some(date) => serde_json::to_writer(&mut *out, &IsoDate(date))?,
                None => out.extend_from_slice(b"null"),
            }
            int(
                out,
                b",\"shortfall\":",
                schedule.shortfall.get(i).copied().flatten(),
            );
            match progress.and_then(|p| p.units.get(i)) {
                // Flattened into the unit: its fields after a comma
                // instead of its own opening brace.
                Some(unit) => {
                    let start = out.len();
                    serde_json::to_writer(&mut *out, &UnitProgressView::of(unit))?;
                    if let Some(brace) = out.get_mut(start) {
                        *brace = b',';
                    }
                }
                None => out.push(b'}'),
            }
        }
        Ok(())
    }
}

/// A JSON string as serde_json writes it: as it is when nothing in it
/// needs escaping (quotes, backslashes, control characters), else escaped
/// by serde_json.
fn json_str(out: &mut Vec<u8>, text: &str) -> serde_json::Result<()> {
    if text.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
        Ok(())
    } else {
        serde_json::to_writer(out, text)
    }
}

/// A unit's id as the JS API shows it ("u17"), written without a `String`.
#[derive(Clone, Copy)]
pub struct Label(pub UnitId);

impl Serialize for Label {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("u{}", self.0 .0))
    }
}

/// A date as `iso` writes it ("2025-05-08"), without a `String`.
#[derive(Clone, Copy)]
pub struct IsoDate(pub Date);

impl Serialize for IsoDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyView {
    pub default_percent: f64,
    pub rounding: &'static str,
    pub start: Option<String>,
    pub end: Option<String>,
    pub days: Option<u64>,
    pub exclude_weekdays: Vec<u8>,
    pub holidays: Vec<String>,
    pub milestones: Vec<MilestoneView>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MilestoneView {
    pub date: String,
    pub percent_of_target: f64,
}

#[derive(Serialize)]
pub struct TotalsView {
    pub base: u64,
    pub excluded: u64,
    pub eligible: u64,
    pub target: u64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WarningView {
    pub unit_id: Option<String>,
    pub code: &'static str,
    pub message: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnitView<'a> {
    pub id: Label,
    pub code: &'a str,
    pub name: &'a str,
    pub level: u8,
    pub parent_id: Option<Label>,
    pub base: u64,
    pub excluded: u64,
    pub eligible: u64,
    pub percent: f64,
    pub percent_override: Option<f64>,
    pub target: u64,
    pub target_locked: bool,
    pub official_target: Option<u64>,
    pub daily_target: Option<u64>,
    pub days_needed: Option<u64>,
    pub finish_date: Option<IsoDate>,
    pub shortfall: Option<u64>,
    /// Only when the plan has results (or a date was asked for).
    #[serde(flatten)]
    pub progress: Option<UnitProgressView>,
}

/// A unit's progress on the date `plan()` shows (see `core::progress`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnitProgressView {
    pub done: Option<u64>,
    /// The unit's own reported figure (a parent's may differ from `done`,
    /// its children's sum).
    pub reported: Option<u64>,
    pub percent_of_target: Option<f64>,
    pub percent_of_eligible: Option<f64>,
    pub expected: Option<u64>,
    /// expected − done: positive behind, negative ahead.
    pub behind: Option<i64>,
    pub days_behind: Option<i64>,
    pub days_left: Option<u64>,
    pub needed_per_day: Option<u64>,
    pub next_milestone: Option<MilestoneNeedView>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MilestoneNeedView {
    pub date: String,
    pub figure: u64,
    pub needed_per_day: u64,
}

impl UnitProgressView {
    pub fn of(unit: &UnitProgress) -> UnitProgressView {
        UnitProgressView {
            done: unit.done,
            reported: unit.reported,
            percent_of_target: unit.percent_of_target.map(Rate::as_js_number),
            percent_of_eligible: unit.percent_of_eligible.map(Rate::as_js_number),
            expected: unit.expected,
            behind: unit.behind.map(|b| b.clamp(-(1 << 53), 1 << 53) as i64),
            days_behind: unit.days_behind,
            days_left: unit.days_left,
            needed_per_day: unit.needed_per_day,
            next_milestone: unit.next_milestone.map(|m| MilestoneNeedView {
                date: iso(m.date),
                figure: m.figure,
                needed_per_day: m.needed_per_day,
            }),
        }
    }
}

/// The dates with results and the one `plan()` shows.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgressSummaryView {
    pub date: String,
    pub result_dates: Vec<String>,
}

impl<'a> PlanView<'a> {
    pub fn of(model: &'a PlannerModel, locale: Locale) -> PlanView<'a> {
        PlanView::at(model, locale, None)
    }

    /// The plan with every unit's progress on `date` (default: the date
    /// the planner looks at, the latest reported one).
    pub fn at(model: &'a PlannerModel, locale: Locale, date: Option<Date>) -> PlanView<'a> {
        let date = date.or(model.plan().results.latest_date());
        let progress = match model.progress().filter(|p| p.date == date) {
            Some(cached) => Some(Cow::Borrowed(cached)),
            None => date.map(|d| Cow::Owned(model.progress_at(d))),
        };
        let plan = model.plan();
        let totals = model.totals();
        let schedule = model.schedule();
        let calendar = &plan.policy.calendar;
        PlanView {
            title: &plan.title,
            progress: progress
                .as_deref()
                .and_then(|p| p.date)
                .map(|date| ProgressSummaryView {
                    date: iso(date),
                    result_dates: plan.results.dates().map(iso).collect(),
                }),
            policy: PolicyView {
                default_percent: plan.policy.default_percent.as_js_number(),
                rounding: plan.policy.rounding.key(),
                start: calendar.start.map(iso),
                end: calendar.end.map(iso),
                days: schedule.days.as_ref().map(|d| d.counted),
                exclude_weekdays: calendar.exclude_weekdays.clone(),
                holidays: calendar.holidays.iter().map(|d| iso(*d)).collect(),
                milestones: calendar
                    .milestones
                    .iter()
                    .map(|m| MilestoneView {
                        date: iso(m.date),
                        percent_of_target: m.percent.as_js_number(),
                    })
                    .collect(),
            },
            totals: TotalsView {
                base: totals.base,
                excluded: totals.excluded,
                eligible: totals.eligible,
                target: totals.target,
            },
            warnings: model
                .warnings()
                .map(|w| WarningView {
                    unit_id: w.unit.map(|id| id.label()),
                    code: w.code(),
                    message: w.message(locale),
                })
                .collect(),
            units: UnitsView { model, progress },
        }
    }
}

/// `ImportReport` as the JS API gives it, warnings with their messages.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportView {
    pub file_name: String,
    pub format: String,
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
    pub header_rows: Vec<usize>,
    /// Role → column letter, in column order.
    #[serde(serialize_with = "serialize_columns")]
    pub columns: Vec<(String, String)>,
    pub units: usize,
    pub levels: usize,
    pub title_rows: Vec<String>,
    pub reference: Option<String>,
    pub hierarchy: String,
    pub unit_rows: Vec<usize>,
    pub layout: LayoutView,
    pub warnings: Vec<RowWarningView>,
}

/// The layout without its row levels: those are for the layout panel, and
/// 100k of them would make `load()` build megabytes of JS objects nobody
/// asked for.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LayoutView {
    pub header_rows: Vec<usize>,
    pub columns: Vec<crate::core::import::ColumnLayout>,
    pub rows: [(); 0],
}

fn serialize_columns<S: serde::Serializer>(
    columns: &[(String, String)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(columns.len()))?;
    for (role, letter) in columns {
        map.serialize_entry(role, letter)?;
    }
    map.end()
}

#[derive(Serialize)]
pub struct RowWarningView {
    pub row: Option<usize>,
    pub code: &'static str,
    pub message: String,
}

impl ReportView {
    pub fn of(report: &ImportReport, locale: Locale) -> ReportView {
        ReportView {
            file_name: report.file_name.clone(),
            format: report.format.clone(),
            sheet: report.sheet.clone(),
            sheets: report.sheets.clone(),
            header_rows: report.header_rows.clone(),
            columns: report.columns.clone(),
            units: report.units,
            levels: report.levels,
            title_rows: report.title_rows.clone(),
            reference: report.reference.clone(),
            hierarchy: report.hierarchy.clone(),
            unit_rows: report.unit_rows.clone(),
            layout: LayoutView {
                header_rows: report.layout.header_rows.clone(),
                columns: report.layout.columns.clone(),
                rows: [],
            },
            warnings: report
                .warnings
                .iter()
                .map(|w| RowWarningView {
                    row: w.row,
                    code: w.code(),
                    message: w.message(locale),
                })
                .collect(),
        }
    }
}

/// What `loadResults` resolves with: the report's date, the rows matched
/// to units, the rows not used (with why), the units at the report's
/// levels left without a figure, and the findings.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultsReportView {
    pub date: String,
    /// The date the file names, when another one was given.
    pub file_date: Option<String>,
    pub matched: Vec<MatchedRowView>,
    pub unmatched: Vec<UnmatchedRowView>,
    pub missing: Vec<UnitRefView>,
    pub warnings: Vec<WarningView>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchedRowView {
    pub row: usize,
    pub unit_id: String,
    pub name: String,
    pub count: u64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnmatchedRowView {
    pub row: usize,
    pub code: String,
    pub name: String,
    /// The count read, or null when the cell is not a count.
    pub count: Option<u64>,
    /// "no-unit", "ambiguous", "duplicate", "bad-count".
    pub reason: &'static str,
    pub message: String,
    /// The units the row could be (ambiguous), or the one it named.
    pub candidates: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnitRefView {
    pub unit_id: String,
    pub code: String,
    pub name: String,
}

impl ResultsReportView {
    pub fn of(model: &PlannerModel, import: &ResultsImport, locale: Locale) -> ResultsReportView {
        let plan = model.plan();
        let id = |i: usize| plan.units.get(i).map(|u| u.id.label()).unwrap_or_default();
        let unit_ref = |i: usize| UnitRefView {
            unit_id: id(i),
            code: plan
                .units
                .get(i)
                .map(|u| u.code.clone())
                .unwrap_or_default(),
            name: plan
                .units
                .get(i)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
        };
        let mut warnings: Vec<WarningView> = import
            .file_date
            .map(|file_date| WarningView {
                unit_id: None,
                code: "report-date-differs",
                message: i18n::progress::file_date_differs(file_date, import.date, locale),
            })
            .into_iter()
            .collect();
        warnings.extend(
            model
                .progress_at(import.date)
                .flags
                .iter()
                .map(|(i, flag)| WarningView {
                    unit_id: Some(id(*i)),
                    code: flag.code(),
                    message: i18n::progress::flag(flag, locale),
                }),
        );
        ResultsReportView {
            date: iso(import.date),
            file_date: import.file_date.map(iso),
            matched: import
                .matched
                .matched
                .iter()
                .map(|m| MatchedRowView {
                    row: m.row,
                    unit_id: id(m.index),
                    name: plan
                        .units
                        .get(m.index)
                        .map(|u| u.name.clone())
                        .unwrap_or_default(),
                    count: m.count,
                })
                .collect(),
            unmatched: import
                .matched
                .unmatched
                .iter()
                .map(|u| UnmatchedRowView {
                    row: u.row.row,
                    code: u.row.code.clone(),
                    name: u.row.name.clone(),
                    count: u.row.count.as_ref().ok().copied(),
                    reason: u.reason.code(),
                    message: i18n::progress::unmatched(&u.reason, plan, locale),
                    candidates: u.reason.units().into_iter().map(id).collect(),
                })
                .collect(),
            missing: import
                .matched
                .missing
                .iter()
                .map(|&i| unit_ref(i))
                .collect(),
            warnings,
        }
    }
}

/// One unit of `laggards()`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LaggardView {
    pub unit_id: String,
    pub code: String,
    pub name: String,
    pub level: u8,
    pub target: u64,
    #[serde(flatten)]
    pub progress: UnitProgressView,
}

impl LaggardView {
    pub fn of(model: &PlannerModel, progress: &Progress, index: usize) -> Option<LaggardView> {
        let unit = model.plan().units.get(index)?;
        Some(LaggardView {
            unit_id: unit.id.label(),
            code: unit.code.clone(),
            name: unit.name.clone(),
            level: unit.level,
            target: progress.units.get(index)?.target,
            progress: UnitProgressView::of(progress.units.get(index)?),
        })
    }
}

/// `wardReport()`: seed 003's totals and rates, and the text.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WardReportView {
    pub unit_id: String,
    pub date: String,
    pub base: u64,
    pub done: Option<u64>,
    pub done_rate: Option<f64>,
    pub excluded: u64,
    pub excluded_rate: Option<f64>,
    pub categories: Vec<CategoryView>,
    /// done + excluded, when it is more than the base.
    pub over_base: Option<u64>,
    pub text: String,
}

#[derive(Serialize)]
pub struct CategoryView {
    pub category: &'static str,
    pub count: u64,
    pub rate: Option<f64>,
}

impl WardReportView {
    pub fn of(model: &PlannerModel, report: &WardReport, locale: Locale) -> WardReportView {
        let plan = model.plan();
        WardReportView {
            unit_id: plan
                .units
                .get(report.index)
                .map(|u| u.id.label())
                .unwrap_or_default(),
            date: iso(report.date),
            base: report.base,
            done: report.done,
            done_rate: report.done_rate.map(Rate::as_js_number),
            excluded: report.excluded,
            excluded_rate: report.excluded_rate.map(Rate::as_js_number),
            categories: report
                .categories
                .iter()
                .map(|(c, n, r)| CategoryView {
                    category: c.key(),
                    count: *n,
                    rate: r.map(Rate::as_js_number),
                })
                .collect(),
            over_base: report.over_base,
            text: i18n::progress::ward_report_text(plan, report, locale),
        }
    }
}
