//! The campaign-progress part of the JS API: `loadResults`, `setResult`,
//! `laggards`, `laggardsText`, `wardReport`, `exportWardReport`, and the
//! date option of `plan({date})`. Arguments are checked through
//! `web::args` like every other method.

use js_sys::{JsString, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{error, Planner};
use crate::core::boundary::{Expected, Problem};
use crate::core::i18n::progress::{laggards_text, texts};
use crate::core::import::MAX_FILE_BYTES;
use crate::core::progress::{
    laggards, ward_report, without_figure, LaggardOrder, Progress, WardReport,
};
use crate::core::view::{LaggardView, PlanView, WardReportView};
use crate::ui::results::{load_results, ReportSource};
use crate::web::args::{Args, Options};
use crate::web::value::to_js;
use jiff::civil::Date;

/// `laggards()` options, checked.
struct LaggardOptions {
    level: u8,
    count: usize,
    order: LaggardOrder,
    date: Option<Date>,
}

const LAGGARD_KEYS: &[&str] = &["level", "count", "by", "date"];
const WARD_KEYS: &[&str] = &["unitId", "date"];

impl Planner {
    /// `plan()`'s body: the plan with progress on `options.date`.
    pub(super) fn plan_at(&self, options: JsValue) -> Result<JsValue, JsError> {
        let args = Args { method: "plan" };
        self.check_alive()?;
        let options = args
            .options("options", &options, &["date"], true)
            .map_err(|e| self.arg_error(e))?;
        let date = self.optional_date(&options, "date")?;
        let locale = self.locale();
        // Columns (or JSON) turned into objects by the engine: ~10× faster
        // than building 100k objects field by field across the wasm boundary.
        self.read(|m| crate::web::value::plan_to_js(&PlanView::at(m, locale, date)))?
            .map_err(error)
    }

    /// An optional date key of an options object (`undefined`: none).
    fn optional_date(&self, options: &Options, key: &str) -> Result<Option<Date>, JsError> {
        let value = options.get(key).map_err(|e| self.arg_error(e))?;
        if value.is_undefined() {
            return Ok(None);
        }
        self.date_arg(options.args, &options.path(key), &value)
            .map(Some)
    }

    /// Progress on `date`, or on the latest reported date.
    fn progress_on(&self, date: Option<Date>) -> Result<Option<Progress>, JsError> {
        self.read(|m| {
            date.or(m.plan().results.latest_date())
                .map(|d| m.progress_at(d))
        })
    }

    fn laggard_options(&self, args: Args, options: &JsValue) -> Result<LaggardOptions, JsError> {
        let options = args
            .options("options", options, LAGGARD_KEYS, true)
            .map_err(|e| self.arg_error(e))?;
        let level = options.get("level").map_err(|e| self.arg_error(e))?;
        let level = if level.is_undefined() {
            // The deepest level that has results (the groups that report).
            self.read(|m| {
                let plan = m.plan();
                plan.results
                    .entries()
                    .filter_map(|(_, i, _)| plan.units.get(i).map(|u| u.level))
                    .max()
                    .unwrap_or(0)
            })?
        } else {
            let path = options.path("level");
            let level = args.level(&path, &level).map_err(|e| self.arg_error(e))?;
            let depth = self.read(|m| m.plan().depth())?;
            if level as usize >= depth {
                return Err(self.arg_error(args.problem(
                    &path,
                    Problem::Plan(crate::core::error::PlanError::UnknownLevel(level)),
                )));
            }
            u8::try_from(level).unwrap_or(u8::MAX)
        };
        let count = options.get("count").map_err(|e| self.arg_error(e))?;
        let count = match count.as_f64() {
            None if count.is_undefined() => 5,
            Some(n) if (1.0..=100_000.0).contains(&n) && n.fract() == 0.0 => n as usize,
            _ => {
                return Err(self.arg_error(args.wrong(
                    &options.path("count"),
                    Expected::UnitCount,
                    &count,
                )))
            }
        };
        let by = options.get("by").map_err(|e| self.arg_error(e))?;
        let order = if by.is_undefined() {
            LaggardOrder::Percent
        } else {
            by.as_string()
                .and_then(|k| LaggardOrder::from_key(&k))
                .ok_or_else(|| {
                    self.arg_error(args.wrong(&options.path("by"), Expected::LaggardOrder, &by))
                })?
        };
        let date = self.optional_date(&options, "date")?;
        Ok(LaggardOptions {
            level,
            count,
            order,
            date,
        })
    }

    /// The ward report `wardReport` and `exportWardReport` give: of
    /// `options.unitId` (default: the first top unit) on `options.date`.
    fn ward(&self, args: Args, options: &JsValue) -> Result<WardReport, JsError> {
        self.check_alive()?;
        let options = args
            .options("options", options, WARD_KEYS, true)
            .map_err(|e| self.arg_error(e))?;
        let unit = options.get("unitId").map_err(|e| self.arg_error(e))?;
        let index = if unit.is_undefined() || unit.is_null() {
            0
        } else {
            self.unit_index(args, &options.path("unitId"), &unit)?
        };
        let date = self.optional_date(&options, "date")?;
        let locale = self.locale();
        let progress = self
            .progress_on(date)?
            .ok_or_else(|| error(texts(locale).no_results))?;
        self.read(|m| ward_report(m.plan(), m.allocation(), &progress, index))?
            .ok_or_else(|| error(texts(locale).no_results))
    }
}

#[wasm_bindgen]
impl Planner {
    /// Test hook: `plan()` as it is parsed from the plan's JSON text, to
    /// compare with the objects `plan()` builds from columns. Not part of
    /// the API.
    #[wasm_bindgen(js_name = __planFromJson)]
    pub fn plan_from_json(&self) -> Result<JsValue, JsError> {
        self.check_alive()?;
        let locale = self.locale();
        self.read(|m| crate::web::value::plan_json_to_js(&PlanView::of(m, locale)))?
            .map_err(error)
    }

    /// `loadResults(bytes | text, fileName, date?) -> Promise<ResultsReport>`:
    /// a morning report (xlsx, xls, ods, csv, or pasted text) for `date`
    /// (`YYYY-MM-DD`), else the date the report or its name gives. Never
    /// throws: a bad argument or report rejects, and nothing changes.
    #[wasm_bindgen(js_name = loadResults)]
    pub fn load_results(&self, bytes: JsValue, file_name: JsValue, date: JsValue) -> Promise {
        let args = Args {
            method: "loadResults",
        };
        let checked = self.check_writable().and_then(|()| {
            let date = if date.is_undefined() || date.is_null() {
                None
            } else {
                Some(self.date_arg(args, "date", &date)?)
            };
            let source = if bytes.is_string() {
                let length = bytes.unchecked_ref::<JsString>().length();
                if length as usize > MAX_FILE_BYTES {
                    return Err(self.arg_error(args.problem(
                        "bytes",
                        Problem::TooLong {
                            length,
                            max: u32::try_from(MAX_FILE_BYTES).unwrap_or(u32::MAX),
                        },
                    )));
                }
                ReportSource::Paste(bytes.as_string().unwrap_or_default())
            } else {
                if !(bytes.is_instance_of::<Uint8Array>()
                    || bytes.is_instance_of::<js_sys::ArrayBuffer>())
                {
                    return Err(self.arg_error(args.wrong("bytes", Expected::Report, &bytes)));
                }
                let name = args
                    .text("fileName", &file_name, Expected::FileName)
                    .ok()
                    .filter(|n| !n.trim().is_empty())
                    .ok_or_else(|| {
                        self.arg_error(args.wrong("fileName", Expected::FileName, &file_name))
                    })?;
                let bytes = args
                    .bytes("bytes", &bytes, MAX_FILE_BYTES)
                    .map_err(|e| self.arg_error(e))?;
                ReportSource::File {
                    bytes: bytes.to_vec(),
                    name,
                }
            };
            Ok((source, date))
        });
        let (source, date) = match checked {
            Ok(checked) => checked,
            Err(e) => return Promise::reject(&e.into()),
        };
        let session = self.session;
        wasm_bindgen_futures::future_to_promise(async move {
            match load_results(session, source, date, None).await {
                Ok((_, report)) => Ok(to_js(&report)),
                Err(message) => Err(error(message).into()),
            }
        })
    }

    /// `setResult(unitId, date, count | null)`: a unit's cumulative count
    /// reported on a date (null removes it); one undo step.
    #[wasm_bindgen(js_name = setResult)]
    pub fn set_result(&self, unit: JsValue, date: JsValue, count: JsValue) -> Result<(), JsError> {
        let args = Args {
            method: "setResult",
        };
        self.check_writable()?;
        let index = self.unit_index(args, "unitId", &unit)?;
        let date = self.date_arg(args, "date", &date)?;
        let count = args
            .count_or_null("count", &count)
            .map_err(|e| self.arg_error(e))?;
        self.edit_result(|m| m.set_result(index, date, count))
            .map(drop)
    }

    /// `laggards({level, count, by: "percent" | "behind", date}) -> units`:
    /// the lowest units of a level that reported, lowest first.
    pub fn laggards(&self, options: JsValue) -> Result<JsValue, JsError> {
        let args = Args { method: "laggards" };
        self.check_alive()?;
        let o = self.laggard_options(args, &options)?;
        let Some(progress) = self.progress_on(o.date)? else {
            return Ok(js_sys::Array::new().into());
        };
        let views = self.read(|m| {
            laggards(m.plan(), &progress, o.level, o.count, o.order)
                .into_iter()
                .filter_map(|i| LaggardView::of(m, &progress, i))
                .collect::<Vec<_>>()
        })?;
        Ok(to_js(&views))
    }

    /// `laggardsText(options) -> string`: the same list as a short text for
    /// the morning message, with the units that have not reported.
    #[wasm_bindgen(js_name = laggardsText)]
    pub fn laggards_text(&self, options: JsValue) -> Result<String, JsError> {
        let args = Args {
            method: "laggardsText",
        };
        self.check_alive()?;
        let o = self.laggard_options(args, &options)?;
        let locale = self.locale();
        let progress = self
            .progress_on(o.date)?
            .ok_or_else(|| error(texts(locale).no_results))?;
        self.read(|m| {
            let plan = m.plan();
            let list = laggards(plan, &progress, o.level, o.count, o.order);
            let without = without_figure(plan, &progress, o.level);
            laggards_text(plan, &progress, &list, &without, o.order, locale)
        })
    }

    /// `wardReport({unitId, date}?) -> object`: the totals, rates and
    /// categories of seed 003's report, with its text.
    #[wasm_bindgen(js_name = wardReport)]
    pub fn ward_report(&self, options: JsValue) -> Result<JsValue, JsError> {
        let report = self.ward(
            Args {
                method: "wardReport",
            },
            &options,
        )?;
        let locale = self.locale();
        self.read(|m| to_js(&WardReportView::of(m, &report, locale)))
    }

    /// `exportWardReport({unitId, date}?) -> Uint8Array`: the same report as
    /// an xlsx workbook.
    #[wasm_bindgen(js_name = exportWardReport)]
    pub fn export_ward_report(&self, options: JsValue) -> Result<Uint8Array, JsError> {
        let report = self.ward(
            Args {
                method: "exportWardReport",
            },
            &options,
        )?;
        let locale = self.locale();
        self.read(|m| crate::ui::workbook::ward_report(m, &report, locale))?
            .map_err(|e| error(e.message(locale)))
    }
}
