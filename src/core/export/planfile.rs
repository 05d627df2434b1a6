//! The plan file: everything a planner made, as versioned JSON that
//! `exportJson()` gives, "Lưu tệp kế hoạch" downloads and `mount({plan})` or
//! "Mở tệp…" reopens.
//!
//! The file has its own serde types (`PlanFile`, `UnitRecord`,
//! `PolicyRecord`): the format is a public, stable contract, decoupled from
//! the internal structs, which may change freely as long as `save` and
//! `load` translate. Shape of version 1:
//!
//! ```json
//! { "format": "quota-planner-plan", "version": 1,
//!   "title": "…", "titleBlock": ["PHỤ LỤC", "…"], "sourceFile": "a.xlsx" | null,
//!   "policy": { "defaultPercent": "90", "levelPercents": {"2": "95"},
//!               "rounding": "per-row", "start": null, "end": null,
//!               "excludeWeekdays": [0], "defaultDaily": 196 | null,
//!               "holidays": ["2025-05-19"], "levelDaily": {"1": 196},
//!               "milestones": [ { "date": "2025-05-20", "percentOfTarget": "90" } ] },
//!   "units": [ { "id": "u0", "code": "", "name": "Tỉnh …", "level": 0,
//!                "parentId": null, "base": 1000, "baseGiven": true,
//!                "excluded": {"died": 3},
//!                "officialTarget": 900 | null, "percentOverride": "87.5" | null,
//!                "lockedTarget": 800 | null, "dailyTarget": 250 | null } ] }
//! ```
//!
//! Version 2 adds the campaign's reported counts (`core::progress`):
//! `"results": { "2025-05-12": { "u3": 120, "u4": 98 } }` (date → unit id
//! → cumulative count). A plan without results is written as version 1.
//!
//! Percentages are strings of at most two decimals ("87.25"), read exactly
//! by `Percent::parse` (never through a float); counts are integers up to
//! 2^53 − 1 so that JavaScript reads them exactly. A draft (autosave) adds
//! `"history"`: the undo and redo stacks (at most `HISTORY_LIMIT` each);
//! a saved file has none.
//!
//! Reading (`load`) refuses, with a `PlanFileError` and nothing changed:
//! damaged JSON, JSON that is not a plan, a file of a newer version, and
//! any value that is out of range or inconsistent (ids, parent order,
//! levels, counts, percentages, rounding, dates). Unknown fields are
//! refused too: nothing in a file is silently dropped.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::core::error::PlanError;
use crate::core::i18n::{self, Locale};
use crate::core::model::{Edit, PlannerModel};
use crate::core::percent::Percent;
use crate::core::plan::{ExclusionCategory, Plan, Policy, Rounding, Unit, UnitId};
use crate::core::schedule::{iso, parse_iso, Calendar, Milestone};
use jiff::civil::Date;

/// The `"format"` marker of a plan file.
pub const FORMAT: &str = "quota-planner-plan";
/// The newest version this build reads. Version 2 adds `"results"` (the
/// campaign's reported counts); a plan without results is still written as
/// version 1, so that builds before it open it.
pub const VERSION: u64 = 2;
/// The version of a plan without results.
const VERSION_WITHOUT_RESULTS: u64 = 1;
/// Largest count a file may hold: JavaScript numbers are exact up to here.
pub use crate::core::plan::MAX_COUNT;

/// Why a plan file could not be opened. The open plan stays as it was.
#[derive(Clone, Debug, PartialEq)]
pub enum PlanFileError {
    /// The text is not valid JSON (truncated, edited by hand, not text).
    Damaged(String),
    /// Valid JSON, but not a Quota Planner plan (no `"format"` marker).
    NotAPlan,
    /// Made by a newer Quota Planner (its format version is above ours).
    NewerVersion(u64),
    /// Marked as a plan, but a field is missing, misnamed or of the wrong
    /// type (the detail names it).
    BadShape(String),
    /// Two units share an id, or an id is not of the form `u<number>`.
    BadUnitId(String),
    /// A unit's parent is unknown or comes after it in the appendix.
    BadParent(String),
    /// A unit's level does not follow from its parent (top = 0).
    BadLevel(String),
    /// A count above 2^53 − 1 (unit id or "policy", and the field).
    CountTooLarge(String),
    /// The units' counts together pass 2^53 − 1 (each may be below it).
    SumTooLarge(crate::core::plan::SumKind),
    /// A percentage that is not 0–100 with at most two decimals.
    BadPercent(String),
    /// A rounding-mode name that is not one of the four.
    UnknownRounding(String),
    /// An exclusion category that is not one of ours.
    UnknownExclusion(String),
    /// A campaign date that is not `YYYY-MM-DD`, or a weekday not 0–6.
    BadDate(String),
    /// The undo history of a draft names units or levels the plan lacks.
    BadHistory(String),
}

impl PlanFileError {
    /// The message a planner reads, in the given language.
    pub fn message(&self, locale: Locale) -> String {
        i18n::planfile::error(self, locale)
    }
}

impl std::fmt::Display for PlanFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Locale::Vi))
    }
}

impl std::error::Error for PlanFileError {}

/// A plan file (or, with `history`, a draft).
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlanFile {
    pub format: String,
    pub version: u64,
    pub title: String,
    #[serde(default)]
    pub title_block: Vec<String>,
    #[serde(default)]
    pub source_file: Option<String>,
    pub policy: PolicyRecord,
    pub units: Vec<UnitRecord>,
    /// Version 2: reported cumulative counts, date (`YYYY-MM-DD`) → unit
    /// id → count.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub results: BTreeMap<String, BTreeMap<String, u64>>,
    /// Only in drafts: the undo history (unit indices into `units`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<HistoryRecord>,
}

/// The plan-wide settings. The schedule (issue 9: holidays, milestones,
/// level daily targets) adds its fields here, each with `#[serde(default)]`
/// so that files written before it still open.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PolicyRecord {
    pub default_percent: String,
    /// Level (as a decimal string, JSON keys are strings) → percentage.
    #[serde(default)]
    pub level_percents: BTreeMap<String, String>,
    pub rounding: String,
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub end: Option<String>,
    #[serde(default)]
    pub exclude_weekdays: Vec<u8>,
    #[serde(default)]
    pub default_daily: Option<u64>,
    /// Extra days off, `YYYY-MM-DD`.
    #[serde(default)]
    pub holidays: Vec<String>,
    #[serde(default)]
    pub milestones: Vec<MilestoneRecord>,
    /// Level (a decimal string) → cases per day.
    #[serde(default)]
    pub level_daily: BTreeMap<String, u64>,
}

/// A milestone: by `date`, `percentOfTarget` (a percentage string, exact).
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MilestoneRecord {
    pub date: String,
    pub percent_of_target: String,
}

/// One unit of the appendix, in appendix order (parents first).
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UnitRecord {
    pub id: String,
    #[serde(default)]
    pub code: String,
    pub name: String,
    pub level: u8,
    #[serde(default)]
    pub parent_id: Option<String>,
    pub base: u64,
    /// Whether the source file gave the base (written only when it did): a
    /// parent without one takes its children's sum without a warning.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub base_given: bool,
    /// Category key (`ExclusionCategory::key`) → count; zeros left out.
    #[serde(default)]
    pub excluded: BTreeMap<String, u64>,
    #[serde(default)]
    pub official_target: Option<u64>,
    #[serde(default)]
    pub percent_override: Option<String>,
    #[serde(default)]
    pub locked_target: Option<u64>,
    #[serde(default)]
    pub daily_target: Option<u64>,
}

/// A draft's undo and redo stacks, oldest first.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryRecord {
    pub undo: Vec<Edit>,
    pub redo: Vec<Edit>,
}

/// The plan file of a model (without history).
pub fn save(model: &PlannerModel) -> PlanFile {
    let plan = model.plan();
    PlanFile {
        units: plan.units.iter().map(|u| unit_record(plan, u)).collect(),
        ..header(model)
    }
}

/// One unit as the file writes it.
fn unit_record(plan: &Plan, u: &Unit) -> UnitRecord {
    UnitRecord {
        id: u.id.label(),
        code: u.code.clone(),
        name: u.name.clone(),
        level: u.level,
        parent_id: u
            .parent
            .and_then(|p| plan.units.get(p))
            .map(|p| p.id.label()),
        base: u.base,
        base_given: u.base_given,
        excluded: ExclusionCategory::ALL
            .into_iter()
            .filter(|c| u.exclusions[c.index()] > 0)
            .map(|c| (c.key().to_string(), u.exclusions[c.index()]))
            .collect(),
        official_target: u.official_target,
        percent_override: u.percent_override.map(|p| p.to_string()),
        locked_target: u.locked_target,
        daily_target: u.daily_target,
    }
}

/// Everything but the units and the history.
fn header(model: &PlannerModel) -> PlanFile {
    let plan = model.plan();
    let policy = &plan.policy;
    let calendar = &policy.calendar;
    let mut results: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for (day, index, count) in plan.results.entries() {
        if let Some(unit) = plan.units.get(index) {
            results
                .entry(iso(day))
                .or_default()
                .insert(unit.id.label(), count);
        }
    }
    PlanFile {
        format: FORMAT.to_string(),
        version: if results.is_empty() {
            VERSION_WITHOUT_RESULTS
        } else {
            VERSION
        },
        results,
        title: plan.title.clone(),
        title_block: plan.title_block.clone(),
        source_file: model.source_name().map(str::to_string),
        policy: PolicyRecord {
            default_percent: policy.default_percent.to_string(),
            level_percents: policy
                .level_percents
                .iter()
                .map(|(level, p)| (level.to_string(), p.to_string()))
                .collect(),
            rounding: policy.rounding.key().to_string(),
            start: calendar.start.map(iso),
            end: calendar.end.map(iso),
            exclude_weekdays: calendar.exclude_weekdays.clone(),
            default_daily: policy.default_daily,
            holidays: calendar.holidays.iter().map(|d| iso(*d)).collect(),
            milestones: calendar
                .milestones
                .iter()
                .map(|m| MilestoneRecord {
                    date: iso(m.date),
                    percent_of_target: m.percent.to_string(),
                })
                .collect(),
            level_daily: policy
                .level_daily
                .iter()
                .map(|(level, d)| (level.to_string(), *d))
                .collect(),
        },
        units: Vec::new(),
        history: None,
    }
}

/// The undo and redo stacks as a draft keeps them.
fn history(model: &PlannerModel) -> HistoryRecord {
    let (undo, redo) = model.history();
    HistoryRecord {
        undo: undo.to_vec(),
        redo: redo.to_vec(),
    }
}

/// A draft written a slice of units at a time, so that storing a plan of
/// 100,000 units never holds the page for long: the same text as
/// `to_json(&save_draft(model))` of the model as it was at `start`, however
/// it is edited between slices (the model keeps the units changed since as
/// they were: `PlannerModel::hold_units`). The steps made meanwhile are the
/// journal after this draft.
pub struct DraftWriter {
    text: String,
    /// The rest of the header, after the units.
    tail: String,
    next: usize,
    /// The model's hold on the units (see `PlannerModel::hold_units`).
    hold: u64,
}

/// The model being written was put aside (another plan opened, or another
/// draft writer started on it): this draft is not of the open plan.
#[derive(Debug, PartialEq, Eq)]
pub struct PlanChanged;

impl DraftWriter {
    /// The header and the history, with the units still to write.
    pub fn start(model: &mut PlannerModel) -> DraftWriter {
        let head = to_json(&PlanFile {
            history: Some(history(model)),
            ..header(model)
        });
        let (text, tail) = split_at_units(&head).unwrap_or((head, String::new()));
        DraftWriter {
            text,
            tail,
            next: 0,
            hold: model.hold_units(),
        }
    }

    /// Writes up to `count` more units; whether all are written.
    pub fn write(&mut self, model: &PlannerModel, count: usize) -> Result<bool, PlanChanged> {
        if !model.holds(self.hold) {
            return Err(PlanChanged);
        }
        let plan = model.plan();
        let end = self.next.saturating_add(count).min(plan.units.len());
        while self.next < end {
            let Some(unit) = model.held_unit(self.hold, self.next) else {
                return Err(PlanChanged);
            };
            // The parent's id is not an edit's to change: read as it is.
            push_unit(&mut self.text, self.next, plan, unit);
            self.next += 1;
        }
        Ok(self.next >= plan.units.len())
    }

    /// Ends the model's hold without finishing (the draft is dropped).
    pub fn abandon(self, model: &mut PlannerModel) {
        model.release_units(self.hold);
    }

    /// Bytes of text written and not yet taken.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// The text written since the last call (so that it can be handed
    /// on a piece at a time); `finish` gives the rest.
    pub fn take_text(&mut self) -> String {
        std::mem::take(&mut self.text)
    }

    /// The draft's text (after `take_text`, the rest of it); ends the
    /// model's hold.
    pub fn finish(mut self, model: &mut PlannerModel) -> String {
        model.release_units(self.hold);
        self.text.push_str(&self.tail);
        self.text
    }
}

/// A file's text with no units, split where they go: the text up to and
/// with `"units":[`, and the rest. Quotes inside strings are escaped, so
/// the first `"units":[]` is the file's own key.
fn split_at_units(head: &str) -> Option<(String, String)> {
    const UNITS: &str = "\"units\":[";
    let at = head.find("\"units\":[]")? + UNITS.len();
    Some((head[..at].to_string(), head[at..].to_string()))
}

/// `to_json(&save(model))`, each unit's record written as it is made, so
/// that no record of every unit is held at once (at a million units,
/// hundreds of MB): the workbook writer's input (`ui::workbook`).
pub fn save_text(model: &PlannerModel) -> String {
    let Some((mut text, tail)) = split_at_units(&to_json(&header(model))) else {
        return to_json(&save(model));
    };
    let plan = model.plan();
    for (k, unit) in plan.units.iter().enumerate() {
        push_unit(&mut text, k, plan, unit);
    }
    text.push_str(&tail);
    text
}

/// Appends the `k`th unit's record to a file's units array.
fn push_unit(text: &mut String, k: usize, plan: &Plan, unit: &Unit) {
    if k > 0 {
        text.push(',');
    }
    text.push_str(&serde_json::to_string(&unit_record(plan, unit)).unwrap_or_default());
}

/// The plan file with the undo history: what autosave stores.
pub fn save_draft(model: &PlannerModel) -> PlanFile {
    PlanFile {
        history: Some(history(model)),
        ..save(model)
    }
}

/// The plan file as JSON text.
pub fn to_json(file: &PlanFile) -> String {
    // Only strings, integers, vectors and maps with string keys: cannot fail.
    serde_json::to_string(file).unwrap_or_default()
}

/// Whether bytes look like a plan file (the format marker near the start),
/// so that "Mở tệp…" sends them here rather than to the spreadsheet reader.
pub fn looks_like_plan_file(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(256)];
    let text = String::from_utf8_lossy(head);
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let compact = compact.trim_start_matches('\u{feff}');
    compact.starts_with('{') && compact.contains(&format!("\"format\":\"{FORMAT}\""))
}

/// Reads a plan file (or a draft) back into a model, with its history
/// when the file has one. Everything is checked before anything is used.
pub fn load(json: &str) -> Result<PlannerModel, PlanFileError> {
    let json = json.trim_start_matches('\u{feff}');
    match serde_json::from_str::<PlanFile>(json) {
        Ok(file) => {
            check_header(&file.format, file.version)?;
            from_file(file)
        }
        Err(error) => Err(classify(json, &error)),
    }
}

/// Why JSON did not read as a `PlanFile`: not JSON, not a plan, newer, or
/// a plan with a bad field.
fn classify(json: &str, error: &serde_json::Error) -> PlanFileError {
    #[derive(Deserialize)]
    struct Header {
        format: Option<serde_json::Value>,
        version: Option<serde_json::Value>,
    }
    if error.is_syntax() || error.is_eof() || error.is_io() {
        return PlanFileError::Damaged(error.to_string());
    }
    let Ok(header) = serde_json::from_str::<Header>(json) else {
        // Valid JSON but not an object (an array, a number).
        return PlanFileError::NotAPlan;
    };
    let format = header.format.as_ref().and_then(|f| f.as_str());
    if format != Some(FORMAT) {
        return PlanFileError::NotAPlan;
    }
    if let Some(version) = header.version.as_ref().and_then(|v| v.as_u64()) {
        if version > VERSION {
            return PlanFileError::NewerVersion(version);
        }
    }
    PlanFileError::BadShape(error.to_string())
}

fn check_header(format: &str, version: u64) -> Result<(), PlanFileError> {
    if format != FORMAT {
        return Err(PlanFileError::NotAPlan);
    }
    if version > VERSION {
        return Err(PlanFileError::NewerVersion(version));
    }
    if version == 0 {
        return Err(PlanFileError::BadShape("version 0".to_string()));
    }
    Ok(())
}

fn percent(text: &str, place: &str) -> Result<Percent, PlanFileError> {
    // Exactly as typed: digits with an optional dot and two decimals.
    let plain = !text.is_empty() && text.chars().all(|c| c.is_ascii_digit() || c == '.');
    Percent::parse(text)
        .ok()
        .filter(|_| plain)
        .ok_or_else(|| PlanFileError::BadPercent(format!("{place}: \"{text}\"")))
}

fn count(value: u64, place: &str, field: &str) -> Result<u64, PlanFileError> {
    if value > MAX_COUNT {
        return Err(PlanFileError::CountTooLarge(format!("{place}.{field}")));
    }
    Ok(value)
}

fn optional_count(
    value: Option<u64>,
    place: &str,
    field: &str,
) -> Result<Option<u64>, PlanFileError> {
    value.map(|v| count(v, place, field)).transpose()
}

/// `YYYY-MM-DD`, a day the calendar has (checked by `jiff`).
fn date(text: &str, field: &str) -> Result<Date, PlanFileError> {
    parse_iso(text).map_err(|_| PlanFileError::BadDate(format!("{field}: \"{text}\"")))
}

fn optional_date(value: Option<String>, field: &str) -> Result<Option<Date>, PlanFileError> {
    value.map(|text| date(&text, field)).transpose()
}

fn level_key(level: &str, field: &str) -> Result<u8, PlanFileError> {
    level
        .parse()
        .map_err(|_| PlanFileError::BadShape(format!("policy.{field}: level \"{level}\"")))
}

fn policy_of(record: PolicyRecord) -> Result<Policy, PlanFileError> {
    let mut level_percents = BTreeMap::new();
    for (level, p) in &record.level_percents {
        let parsed_level = level_key(level, "levelPercents")?;
        level_percents.insert(
            parsed_level,
            percent(p, &format!("policy.levelPercents.{level}"))?,
        );
    }
    let mut level_daily = BTreeMap::new();
    for (level, daily) in &record.level_daily {
        level_daily.insert(
            level_key(level, "levelDaily")?,
            count(*daily, "policy.levelDaily", level)?,
        );
    }
    let calendar = Calendar {
        start: optional_date(record.start, "policy.start")?,
        end: optional_date(record.end, "policy.end")?,
        exclude_weekdays: record.exclude_weekdays,
        holidays: record
            .holidays
            .iter()
            .map(|d| date(d, "policy.holidays"))
            .collect::<Result<_, _>>()?,
        milestones: record
            .milestones
            .iter()
            .map(|m| {
                Ok(Milestone {
                    date: date(&m.date, "policy.milestones")?,
                    percent: percent(&m.percent_of_target, "policy.milestones")?,
                })
            })
            .collect::<Result<_, PlanFileError>>()?,
    };
    // The same checks as `setPolicy`: a period that ends before it starts,
    // has no counted day, or a weekday above 6 is refused.
    let calendar = calendar
        .normalised()
        .map_err(|e| PlanFileError::BadDate(format!("policy: {e:?}")))?;
    Ok(Policy {
        default_percent: percent(&record.default_percent, "policy.defaultPercent")?,
        level_percents,
        rounding: Rounding::from_key(&record.rounding)
            .ok_or_else(|| PlanFileError::UnknownRounding(record.rounding.clone()))?,
        calendar,
        default_daily: optional_count(record.default_daily, "policy", "defaultDaily")?,
        level_daily,
    })
}

fn from_file(file: PlanFile) -> Result<PlannerModel, PlanFileError> {
    let policy = policy_of(file.policy)?;
    let mut index_of: HashMap<String, usize> = HashMap::with_capacity(file.units.len());
    let mut units: Vec<Unit> = Vec::with_capacity(file.units.len());
    for (index, record) in file.units.into_iter().enumerate() {
        let id = UnitId::parse(&record.id)
            .filter(|id| id.label() == record.id)
            .ok_or_else(|| PlanFileError::BadUnitId(record.id.clone()))?;
        if index_of.insert(record.id.clone(), index).is_some() {
            return Err(PlanFileError::BadUnitId(record.id));
        }
        let place = record.id.as_str();
        let parent = match &record.parent_id {
            None => None,
            Some(parent_id) => match index_of.get(parent_id) {
                Some(&p) if p < index => Some(p),
                _ => return Err(PlanFileError::BadParent(format!("{place} → {parent_id}"))),
            },
        };
        let expected_level = parent
            .and_then(|p| units.get(p))
            .map_or(Some(0), |p| p.level.checked_add(1));
        if expected_level != Some(record.level) {
            return Err(PlanFileError::BadLevel(place.to_string()));
        }
        let mut exclusions = [0; 8];
        for (key, value) in &record.excluded {
            let category = ExclusionCategory::from_key(key)
                .ok_or_else(|| PlanFileError::UnknownExclusion(format!("{place}: \"{key}\"")))?;
            exclusions[category.index()] = count(*value, place, &format!("excluded.{key}"))?;
        }
        let mut unit = Unit::new(id, &record.code, &record.name, record.level, parent);
        unit.base = count(record.base, place, "base")?;
        unit.base_given = record.base_given;
        unit.exclusions = exclusions;
        unit.official_target = optional_count(record.official_target, place, "officialTarget")?;
        unit.percent_override = record
            .percent_override
            .as_deref()
            .map(|p| percent(p, &format!("{place}.percentOverride")))
            .transpose()?;
        unit.locked_target = optional_count(record.locked_target, place, "lockedTarget")?;
        unit.daily_target = optional_count(record.daily_target, place, "dailyTarget")?;
        units.push(unit);
    }
    let mut plan = Plan::new(&file.title, units);
    for (day, figures) in &file.results {
        let day = date(day, "results")?;
        for (id, value) in figures {
            let index = *index_of
                .get(id)
                .ok_or_else(|| PlanFileError::BadUnitId(format!("results: {id}")))?;
            plan.results
                .set(index, day, Some(count(*value, id, "results")?));
        }
    }
    plan.title_block = file.title_block;
    plan.policy = policy;
    if let Some(kind) = plan.sum_beyond_limit() {
        return Err(PlanFileError::SumTooLarge(kind));
    }
    let mut model = PlannerModel::new(plan);
    model.set_source_name(file.source_file);
    if let Some(history) = file.history {
        model
            .restore_history(history.undo, history.redo)
            .map_err(|e: PlanError| PlanFileError::BadHistory(e.message(Locale::En)))?;
    }
    Ok(model)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_the_marker_only_at_the_start() {
        let json = to_json(&save(&PlannerModel::sample().unwrap()));
        assert!(looks_like_plan_file(json.as_bytes()));
        assert!(looks_like_plan_file(
            b"\xef\xbb\xbf{\n  \"format\" : \"quota-planner-plan\", \"version\": 1}"
        ));
        assert!(!looks_like_plan_file(
            b"STT,Don vi\n1,\"format\":\"quota-planner-plan\""
        ));
        assert!(!looks_like_plan_file(b"{\"format\":\"other\"}"));
    }

    #[test]
    fn dates_are_real_days() {
        assert!(date("2024-02-29", "t").is_ok());
        assert!(date("2025-02-29", "t").is_err());
        assert!(date("2025-13-01", "t").is_err());
        assert!(date("2025-1-01", "t").is_err());
        assert!(date("01/05/2025", "t").is_err());
    }
}
