//! The plan as plain JSON for the JS API (`plan()`), per `docs/js-api.md`.

use serde::Serialize;

use super::import::ImportReport;
use super::model::PlannerModel;
use super::schedule::iso;
use crate::core::i18n::Locale;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanView {
    pub title: String,
    pub policy: PolicyView,
    pub totals: TotalsView,
    pub warnings: Vec<WarningView>,
    pub units: Vec<UnitView>,
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
pub struct UnitView {
    pub id: String,
    pub code: String,
    pub name: String,
    pub level: u8,
    pub parent_id: Option<String>,
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
    pub finish_date: Option<String>,
    pub shortfall: Option<u64>,
}

impl PlanView {
    pub fn of(model: &PlannerModel, locale: Locale) -> PlanView {
        let plan = model.plan();
        let alloc = model.allocation();
        let totals = model.totals();
        let schedule = model.schedule();
        let calendar = &plan.policy.calendar;
        let units = plan
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| UnitView {
                id: u.id.label(),
                code: u.code.clone(),
                name: u.name.clone(),
                level: u.level,
                parent_id: u.parent.map(|p| plan.units[p].id.label()),
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
                finish_date: schedule.finish.get(i).copied().flatten().map(iso),
                shortfall: schedule.shortfall.get(i).copied().flatten(),
            })
            .collect();
        PlanView {
            title: plan.title.clone(),
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
            units,
        }
    }
}

/// `ImportReport` as the JS API gives it, warnings with their messages.
#[derive(Serialize)]
pub struct ReportView {
    #[serde(flatten)]
    pub report: ImportReport,
    pub warnings: Vec<RowWarningView>,
}

#[derive(Serialize)]
pub struct RowWarningView {
    pub row: Option<usize>,
    pub code: &'static str,
    pub message: String,
}

impl ReportView {
    pub fn of(report: &ImportReport, locale: Locale) -> ReportView {
        let mut report_for_js = report.clone();
        // Row levels are for the layout panel; 100k of them would make
        // `load()` build megabytes of JS objects nobody asked for.
        report_for_js.layout.rows.clear();
        ReportView {
            report: report_for_js,
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
