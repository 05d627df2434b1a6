//! The public JavaScript API (`../shared/docs/js-api.md`): a thin layer that
//! checks arguments, calls the core façade through `Session`, and turns
//! every failure into a JavaScript `Error` with a clear message.

use std::any::Any;
use std::cell::{Cell, RefCell};

use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
use leptos::prelude::{GetUntracked, Set, SetValue};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::boundary::{ArgError, Expected, Problem, StateError};
use crate::core::error::PlanError;
use crate::core::export::planfile;
use crate::core::i18n::Locale;
use crate::core::import::MAX_FILE_BYTES;
use crate::core::model::{DailyScope, PlannerModel};
use crate::core::plan::Rounding;
use crate::core::schedule::{parse_iso, Calendar, Milestone, ScheduleError};
use crate::ui::autosave::Restore;
use crate::ui::session::Session;
use crate::ui::App;
use crate::web::args::{item, Args, Options};
use crate::web::guard;
use crate::web::shadow::Host;
use crate::web::value::to_js;
use jiff::civil::Date;

mod progress;

thread_local! {
    /// Distinguishes element ids when several planners share a page.
    static MOUNTED: Cell<u32> = const { Cell::new(0) };
}

fn error(message: impl AsRef<str>) -> JsError {
    JsError::new(message.as_ref())
}

/// The keys `setPolicy` takes.
const POLICY_KEYS: &[&str] = &[
    "rounding",
    "start",
    "end",
    "excludeWeekdays",
    "holidays",
    "milestones",
];

/// A mounted planner. Portals never hold it directly: `mount` resolves a
/// guarded wrapper of its methods (`web::guard`), without `free()`.
/// Every method takes `&self`, so a listener may call any of them, even
/// `destroy()`, while another call is on the stack.
#[wasm_bindgen]
pub struct Planner {
    session: Session,
    /// Dropping it unmounts the view; taken by `destroy`.
    mounted: RefCell<Option<Box<dyn Any>>>,
    destroyed: Cell<bool>,
    read_only: bool,
}

impl Planner {
    fn locale(&self) -> Locale {
        self.session.locale.get_untracked()
    }

    fn arg_error(&self, e: ArgError) -> JsError {
        error(e.message(self.locale()))
    }

    fn state_error(&self, e: StateError) -> JsError {
        error(e.message(self.locale()))
    }

    fn plan_error(&self, e: PlanError) -> JsError {
        error(e.message(self.locale()))
    }

    /// Every call first: a destroyed planner answers nothing.
    fn check_alive(&self) -> Result<(), JsError> {
        if self.destroyed.get() {
            return Err(self.state_error(StateError::Destroyed));
        }
        Ok(())
    }

    fn check_writable(&self) -> Result<(), JsError> {
        self.check_alive()?;
        if self.read_only {
            return Err(self.state_error(StateError::ReadOnly));
        }
        Ok(())
    }

    /// Reads the model; a destroyed planner throws.
    fn read<R>(&self, f: impl FnOnce(&PlannerModel) -> R) -> Result<R, JsError> {
        self.check_alive()?;
        self.session
            .read(f)
            .ok_or_else(|| self.state_error(StateError::Destroyed))
    }

    /// A unit id, exactly as the plan writes it ("u17").
    fn unit_index(&self, args: Args, arg: &str, value: &JsValue) -> Result<usize, JsError> {
        let id = args.unit_id(arg, value).map_err(|e| self.arg_error(e))?;
        self.lookup(args, arg, &id)
    }

    fn lookup(&self, args: Args, arg: &str, id: &str) -> Result<usize, JsError> {
        self.read(|m| m.index_of(id))?
            .map_err(|e| self.arg_error(args.problem(arg, Problem::Plan(e))))
    }

    /// A unit id, or None for `null` (the plan-wide value).
    fn unit_or_null(
        &self,
        args: Args,
        arg: &str,
        value: &JsValue,
    ) -> Result<Option<usize>, JsError> {
        match args
            .unit_id_or_null(arg, value)
            .map_err(|e| self.arg_error(e))?
        {
            Some(id) => self.lookup(args, arg, &id).map(Some),
            None => Ok(None),
        }
    }

    /// Runs a fallible edit; a refused edit throws and changes nothing.
    fn edit_result<T: crate::ui::session::Changed>(
        &self,
        f: impl FnOnce(&mut PlannerModel) -> Result<T, PlanError>,
    ) -> Result<T, JsError> {
        self.session
            .edit(f)
            .unwrap_or(Err(PlanError::Destroyed))
            .map_err(|e| self.plan_error(e))
    }

    fn date_arg(&self, args: Args, arg: &str, value: &JsValue) -> Result<Date, JsError> {
        let text = args
            .text(arg, value, Expected::Date)
            .map_err(|e| self.arg_error(e))?;
        parse_iso(&text).map_err(|e| self.arg_error(args.problem(arg, Problem::Plan(e.into()))))
    }

    fn array_arg(&self, args: Args, arg: &str, value: &JsValue) -> Result<js_sys::Array, JsError> {
        args.array(arg, value).map_err(|e| self.arg_error(e))
    }

    /// The calendar `setPolicy` asks for: the current one with the given
    /// keys replaced; None when no calendar key is given.
    fn calendar_arg(&self, options: &Options) -> Result<Option<Calendar>, JsError> {
        let args = options.args;
        let get = |key: &str| options.get(key).map_err(|e| self.arg_error(e));
        let keys = ["start", "end", "excludeWeekdays", "holidays", "milestones"];
        let values = keys.iter().map(|k| get(k)).collect::<Result<Vec<_>, _>>()?;
        if values.iter().all(JsValue::is_undefined) {
            return Ok(None);
        }
        let [start, end, weekdays, holidays, milestones] = <[JsValue; 5]>::try_from(values)
            .map_err(|_| self.state_error(StateError::Destroyed))?;
        let mut calendar = self.read(|m| m.plan().policy.calendar.clone())?;
        for (key, value, slot) in [
            ("start", start, &mut calendar.start),
            ("end", end, &mut calendar.end),
        ] {
            if value.is_null() {
                *slot = None;
            } else if !value.is_undefined() {
                *slot = Some(self.date_arg(args, &options.path(key), &value)?);
            }
        }
        if !weekdays.is_undefined() {
            let path = options.path("excludeWeekdays");
            calendar.exclude_weekdays = self
                .array_arg(args, &path, &weekdays)?
                .iter()
                .enumerate()
                .map(|(i, w)| match w.as_f64() {
                    Some(n) if (0.0..=6.0).contains(&n) && n.fract() == 0.0 => Ok(n as u8),
                    Some(n) => Err(self.arg_error(
                        args.problem(
                            &item(&path, i as u32),
                            Problem::Plan(
                                ScheduleError::BadWeekday(crate::core::boundary::js_number_text(n))
                                    .into(),
                            ),
                        ),
                    )),
                    None => Err(self.arg_error(args.wrong(
                        &item(&path, i as u32),
                        Expected::Weekday,
                        &w,
                    ))),
                })
                .collect::<Result<_, _>>()?;
        }
        if !holidays.is_undefined() {
            let path = options.path("holidays");
            calendar.holidays = self
                .array_arg(args, &path, &holidays)?
                .iter()
                .enumerate()
                .map(|(i, d)| self.date_arg(args, &item(&path, i as u32), &d))
                .collect::<Result<_, _>>()?;
        }
        if !milestones.is_undefined() {
            let path = options.path("milestones");
            calendar.milestones = self
                .array_arg(args, &path, &milestones)?
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    const KEYS: &[&str] = &["date", "percentOfTarget"];
                    let at = item(&path, i as u32);
                    let arg: &'static str = "milestone";
                    let fields = args.options(arg, &m, KEYS, false).map_err(|e| {
                        self.arg_error(ArgError {
                            arg: at.clone(),
                            ..e
                        })
                    })?;
                    let field = |k: &str| {
                        fields.get(k).map_err(|e| {
                            self.arg_error(ArgError {
                                arg: format!("{at}.{k}"),
                                ..e
                            })
                        })
                    };
                    let date = self.date_arg(args, &format!("{at}.date"), &field("date")?)?;
                    let percent = args
                        .percent(
                            &format!("{at}.percentOfTarget"),
                            &field("percentOfTarget")?,
                            false,
                        )
                        .map_err(|e| self.arg_error(e))?
                        .ok_or_else(|| self.arg_error(args.wrong(&at, Expected::Milestone, &m)))?;
                    Ok(Milestone { date, percent })
                })
                .collect::<Result<_, JsError>>()?;
        }
        Ok(Some(calendar))
    }
}

#[wasm_bindgen]
impl Planner {
    /// `load(bytes, fileName) -> Promise<ImportReport>`; the open plan stays
    /// unchanged when the file is rejected. Never throws: every refusal is
    /// a rejected Promise.
    pub fn load(&self, bytes: JsValue, file_name: JsValue) -> Promise {
        let args = Args { method: "load" };
        let checked = self.check_writable().and_then(|()| {
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
            Ok((bytes, name))
        });
        let (bytes, file_name) = match checked {
            Ok(checked) => checked,
            Err(e) => return Promise::reject(&e.into()),
        };
        // Read in the import worker; the newest load wins, and one still
        // under way when the planner is destroyed rejects.
        let session = self.session;
        wasm_bindgen_futures::future_to_promise(async move {
            // `open_file_checked` tells the "error" listeners itself.
            match session.open_file_checked(bytes, file_name).await {
                Ok(Some(mut report)) => Ok(crate::web::value::report_to_js(&mut report)),
                // A plan file: no import report.
                Ok(None) => Ok(JsValue::NULL),
                Err(message) => Err(error(message).into()),
            }
        })
    }

    /// `plan({date}?)`: the whole computed plan as plain JSON; with results,
    /// every unit's progress on `date` (default: the latest reported date).
    pub fn plan(&self, options: JsValue) -> Result<JsValue, JsError> {
        self.plan_at(options)
    }

    /// `exportJson() -> object`: the plan file (see README), which
    /// `mount(target, {plan})` and "Mở tệp…" reopen.
    #[wasm_bindgen(js_name = exportJson)]
    pub fn export_json(&self) -> Result<JsValue, JsError> {
        let json = self.read(|m| planfile::to_json(&planfile::save(m)))?;
        js_sys::JSON::parse(&json).map_err(|e| error(crate::web::args::error_text(&e)))
    }

    /// `exportOfflineHtml() -> Promise<string>`: the single file
    /// (`quota-planner.html`) with this plan inside, the text "Lưu bản dùng
    /// ngoại tuyến" downloads. Rejects when the single file cannot be read
    /// (a hosted build without `quota-planner.html` beside the page).
    #[wasm_bindgen(js_name = exportOfflineHtml)]
    pub fn export_offline_html(&self) -> Result<Promise, JsError> {
        self.check_alive()?;
        let session = self.session;
        let locale = session.locale.get_untracked();
        Ok(wasm_bindgen_futures::future_to_promise(async move {
            crate::ui::offline::offline_html(session)
                .await
                .map(JsValue::from)
                .map_err(|e| error(e.message(locale)).into())
        }))
    }

    /// Main-thread milliseconds of each autosave write so far, for the
    /// benchmark: `{journal: [ms…], snapshots: [ms…], snapshotWrites: [ms…]}`
    /// (a snapshot's longest task, and its final write). Not part of the API.
    #[wasm_bindgen(js_name = __autosaveTimings)]
    pub fn autosave_timings(&self) -> Result<JsValue, JsError> {
        self.check_alive()?;
        let (journal, snapshots, writes) = crate::ui::autosave::timings(self.session);
        Ok(to_js(&serde_json::json!({
            "journal": journal,
            "snapshots": snapshots,
            "snapshotWrites": writes,
        })))
    }

    /// Test hook: traps the module on purpose, at once or (`"later"`) from
    /// a timer outside any API call, to test that a trap is never silent.
    /// Not part of the API.
    #[wasm_bindgen(js_name = __forceTrap)]
    pub fn force_trap(&self, when: JsValue) {
        if when.as_string().as_deref() == Some("later") {
            gloo::timers::callback::Timeout::new(0, || core::arch::wasm32::unreachable()).forget();
        } else {
            core::arch::wasm32::unreachable()
        }
    }

    /// `setPercent(unitId | null, percent | null)`.
    #[wasm_bindgen(js_name = setPercent)]
    pub fn set_percent(&self, unit: JsValue, percent: JsValue) -> Result<(), JsError> {
        let args = Args {
            method: "setPercent",
        };
        self.check_writable()?;
        let index = self.unit_or_null(args, "unitId", &unit)?;
        let Some(index) = index else {
            // The plan-wide percentage cannot be cleared.
            let percent = args
                .percent("percent", &percent, false)
                .map_err(|e| self.arg_error(e))?
                .ok_or_else(|| {
                    self.arg_error(args.wrong("percent", Expected::Percent, &percent))
                })?;
            self.session.edit(|m| m.set_default_percent(percent));
            return Ok(());
        };
        let percent = args
            .percent("percent", &percent, true)
            .map_err(|e| self.arg_error(e))?;
        self.edit_result(|m| m.set_unit_percent(index, percent))
            .map(drop)
    }

    /// `setLevelPercent(level, percent | null)`.
    #[wasm_bindgen(js_name = setLevelPercent)]
    pub fn set_level_percent(&self, level: JsValue, percent: JsValue) -> Result<(), JsError> {
        let args = Args {
            method: "setLevelPercent",
        };
        self.check_writable()?;
        let level = args.level("level", &level).map_err(|e| self.arg_error(e))?;
        let percent = args
            .percent("percent", &percent, true)
            .map_err(|e| self.arg_error(e))?;
        self.edit_result(|m| m.set_level_percent(level, percent))
            .map(drop)
    }

    /// `setTarget(unitId, target | null)`: locks a unit's target by hand.
    #[wasm_bindgen(js_name = setTarget)]
    pub fn set_target(&self, unit: JsValue, target: JsValue) -> Result<(), JsError> {
        let args = Args {
            method: "setTarget",
        };
        self.check_writable()?;
        let index = self.unit_index(args, "unitId", &unit)?;
        let target = args
            .count_or_null("target", &target)
            .map_err(|e| self.arg_error(e))?;
        self.edit_result(|m| m.set_target(index, target)).map(drop)
    }

    /// `setDailyTarget(unitId | null, perDay | null, {thisUnitOnly}?)`: a
    /// unit's cases per day, or with `null` the default for leaf units. On
    /// a parent the figure goes to every leaf below it, unless
    /// `thisUnitOnly` is true.
    #[wasm_bindgen(js_name = setDailyTarget)]
    pub fn set_daily_target(
        &self,
        unit: JsValue,
        per_day: JsValue,
        options: JsValue,
    ) -> Result<(), JsError> {
        let args = Args {
            method: "setDailyTarget",
        };
        self.check_writable()?;
        let index = self.unit_or_null(args, "unitId", &unit)?;
        let per_day = args
            .count_or_null("perDay", &per_day)
            .map_err(|e| self.arg_error(e))?;
        let options = args
            .options("options", &options, &["thisUnitOnly"], true)
            .map_err(|e| self.arg_error(e))?;
        let only = options
            .boolean("thisUnitOnly")
            .map_err(|e| self.arg_error(e))?
            .unwrap_or(false);
        let scope = if only {
            DailyScope::ThisUnit
        } else {
            DailyScope::Groups
        };
        self.edit_result(|m| m.set_daily_target(index, per_day, scope))
            .map(drop)
    }

    /// `setLevelDailyTarget(level, perDay | null)`: cases per day for every
    /// unit of a level without its own figure.
    #[wasm_bindgen(js_name = setLevelDailyTarget)]
    pub fn set_level_daily_target(&self, level: JsValue, per_day: JsValue) -> Result<(), JsError> {
        let args = Args {
            method: "setLevelDailyTarget",
        };
        self.check_writable()?;
        let level = args.level("level", &level).map_err(|e| self.arg_error(e))?;
        let per_day = args
            .count_or_null("perDay", &per_day)
            .map_err(|e| self.arg_error(e))?;
        self.edit_result(|m| m.set_level_daily(level, per_day))
            .map(drop)
    }

    /// `deriveDailyTargets() -> number`: "chia đều theo ngày", every leaf
    /// without its own figure gets ceil(target ÷ counted days); how many.
    #[wasm_bindgen(js_name = deriveDailyTargets)]
    pub fn derive_daily_targets(&self) -> Result<u32, JsError> {
        self.check_writable()?;
        self.edit_result(PlannerModel::derive_daily)
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// `setPolicy({rounding, start, end, excludeWeekdays, holidays,
    /// milestones})`: any of them, as one undo step; anything invalid
    /// throws and nothing changes.
    #[wasm_bindgen(js_name = setPolicy)]
    pub fn set_policy(&self, policy: JsValue) -> Result<(), JsError> {
        let args = Args {
            method: "setPolicy",
        };
        self.check_writable()?;
        let options = args
            .options("policy", &policy, POLICY_KEYS, false)
            .map_err(|e| self.arg_error(e))?;
        let rounding = options.get("rounding").map_err(|e| self.arg_error(e))?;
        let rounding = if rounding.is_undefined() {
            None
        } else {
            let path = options.path("rounding");
            let name = args
                .text(&path, &rounding, Expected::Rounding)
                .map_err(|e| self.arg_error(e))?;
            Some(Rounding::from_key(&name).ok_or_else(|| {
                self.arg_error(args.problem(&path, Problem::Plan(PlanError::UnknownRounding(name))))
            })?)
        };
        let calendar = self.calendar_arg(&options)?;
        if rounding.is_none() && calendar.is_none() {
            return Ok(());
        }
        self.edit_result(|m| m.set_policy(rounding, calendar))
            .map(drop)
    }

    /// `exportXlsx() -> Uint8Array`: the appendix as an Excel workbook
    /// with live formulas (see README, "Exports").
    #[wasm_bindgen(js_name = exportXlsx)]
    pub fn export_xlsx(&self) -> Result<Uint8Array, JsError> {
        let locale = self.locale();
        self.read(|m| crate::ui::workbook::appendix(m, locale))?
            .map_err(|e| error(e.message(locale)))
    }

    /// `exportCsv({separator}?) -> string`: the appendix as CSV (UTF-8,
    /// starting with a byte-order mark, CRLF line ends), cells separated by
    /// `","` (the default) or `";"` (for Excel with Vietnamese regional
    /// settings).
    #[wasm_bindgen(js_name = exportCsv)]
    pub fn export_csv(&self, options: JsValue) -> Result<String, JsError> {
        use crate::core::export::csv::{to_csv_with, Separator};
        let args = Args {
            method: "exportCsv",
        };
        self.check_alive()?;
        let options = args
            .options("options", &options, &["separator"], true)
            .map_err(|e| self.arg_error(e))?;
        let given = options.get("separator").map_err(|e| self.arg_error(e))?;
        let separator = if given.is_undefined() {
            Separator::Comma
        } else {
            given
                .as_string()
                .and_then(|key| Separator::from_key(&key))
                .ok_or_else(|| {
                    self.arg_error(args.wrong(
                        &options.path("separator"),
                        Expected::CsvSeparator,
                        &given,
                    ))
                })?
        };
        let locale = self.locale();
        self.read(|m| to_csv_with(m, locale, separator))
    }

    /// Steps back one edit; whether anything changed.
    pub fn undo(&self) -> Result<bool, JsError> {
        self.check_writable()?;
        Ok(self.session.edit(PlannerModel::undo).unwrap_or(false))
    }

    /// Steps forward one undone edit; whether anything changed.
    pub fn redo(&self) -> Result<bool, JsError> {
        self.check_writable()?;
        Ok(self.session.edit(PlannerModel::redo).unwrap_or(false))
    }

    /// `on(event, callback) -> unsubscribe` for "change", "load", "error".
    /// The unsubscribe function may be called any number of times.
    pub fn on(&self, event: JsValue, callback: JsValue) -> Result<Function, JsError> {
        let args = Args { method: "on" };
        self.check_alive()?;
        let name = args
            .text("event", &event, Expected::Event)
            .map_err(|e| self.arg_error(e))?;
        if !matches!(name.as_str(), "change" | "load" | "error") {
            return Err(self.arg_error(args.wrong("event", Expected::Event, &event)));
        }
        let callback = args
            .function("callback", &callback)
            .map_err(|e| self.arg_error(e))?;
        let id = self.session.subscribe(&name, callback);
        let session = self.session;
        let unsubscribe = Closure::<dyn Fn()>::new(move || session.unsubscribe(id));
        Ok(unsubscribe.into_js_value().unchecked_into())
    }

    /// Unmounts the view and frees the plan; every later call throws
    /// "destroyed". Safe from inside a listener (which may run inside a
    /// view handler): then the view is taken down once the current task
    /// has finished, so no handler outlives the values it reads.
    pub fn destroy(&self) -> Result<(), JsError> {
        self.check_alive()?;
        self.destroyed.set(true);
        // A load still reading rejects ("destroyed") and lands nowhere.
        self.session
            .stop_import(crate::core::error::ImportError::PlannerDestroyed);
        crate::ui::isolate::let_go();
        self.session.clear_listeners();
        let mounted = self.mounted.borrow_mut().take();
        let session = self.session;
        let teardown = move || {
            drop(mounted);
            session.release();
        };
        if session.delivering() {
            gloo::timers::callback::Timeout::new(0, teardown).forget();
        } else {
            teardown();
        }
        Ok(())
    }
}

/// Mount options of `QuotaPlanner.mount`.
struct MountOptions {
    locale: Locale,
    data: Option<(Uint8Array, String)>,
    /// A plan file's JSON text (`options.plan`).
    plan: Option<String>,
    read_only: bool,
    /// The key drafts are stored under (`options.autosave`); none, none.
    autosave: Option<String>,
}

const MOUNT_KEYS: &[&str] = &["locale", "data", "fileName", "plan", "readOnly", "autosave"];

fn mount_options(options: &JsValue) -> Result<MountOptions, ArgError> {
    let args = Args { method: "mount" };
    let options = args.options("options", options, MOUNT_KEYS, true)?;
    let mut out = MountOptions {
        locale: Locale::Vi,
        data: None,
        plan: None,
        read_only: false,
        autosave: None,
    };
    let locale = options.get("locale")?;
    if !locale.is_undefined() {
        let path = options.path("locale");
        let key = args.text(&path, &locale, Expected::Locale)?;
        out.locale =
            Locale::from_key(&key).ok_or_else(|| args.wrong(&path, Expected::Locale, &locale))?;
    }
    out.read_only = options.boolean("readOnly")?.unwrap_or(false);
    let data = options.get("data")?;
    let name = options.get("fileName")?;
    if !data.is_undefined() && !data.is_null() {
        if data.is_string() {
            return Err(args.problem(&options.path("data"), Problem::UrlNotSupported));
        }
        let bytes = args.bytes(&options.path("data"), &data, MAX_FILE_BYTES)?;
        let path = options.path("fileName");
        let file_name = args
            .text(&path, &name, Expected::FileName)
            .ok()
            .filter(|n| !n.trim().is_empty())
            .ok_or_else(|| args.wrong(&path, Expected::FileName, &name))?;
        out.data = Some((bytes, file_name));
    } else if !name.is_undefined() {
        args.text(&options.path("fileName"), &name, Expected::FileName)?;
    }
    let plan = options.get("plan")?;
    if !plan.is_undefined() && !plan.is_null() {
        let path = options.path("plan");
        if out.data.is_some() {
            return Err(args.problem(&path, Problem::Conflict("options.data")));
        }
        let text = if plan.is_string() {
            let length = plan.unchecked_ref::<js_sys::JsString>().length();
            if length as usize > MAX_FILE_BYTES {
                return Err(args.problem(
                    &path,
                    Problem::TooLong {
                        length,
                        max: MAX_FILE_BYTES as u32,
                    },
                ));
            }
            plan.as_string()
        } else if matches!(crate::web::args::given(&plan), crate::core::boundary::Given::Object(k) if k == "Object")
        {
            let text = js_sys::JSON::stringify(&plan).map_err(|e| {
                args.problem(&path, Problem::Unreadable(crate::web::args::error_text(&e)))
            })?;
            text.as_string()
        } else {
            None
        };
        out.plan = Some(text.ok_or_else(|| args.wrong(&path, Expected::PlanFile, &plan))?);
    }
    let autosave = options.get("autosave")?;
    if !autosave.is_undefined() && !autosave.is_null() && autosave != JsValue::FALSE {
        let path = options.path("autosave");
        let key = args
            .text(&path, &autosave, Expected::Key)
            .ok()
            .filter(|k| !k.trim().is_empty())
            .ok_or_else(|| args.wrong(&path, Expected::Key, &autosave))?;
        out.autosave = Some(key);
    }
    Ok(out)
}

fn target_element(target: &JsValue, locale: Locale) -> Result<web_sys::HtmlElement, JsError> {
    let args = Args { method: "mount" };
    if let Some(element) = target.dyn_ref::<web_sys::HtmlElement>() {
        return Ok(element.clone());
    }
    let selector = args
        .text("target", target, Expected::Target)
        .map_err(|e| error(e.message(locale)))?;
    let found = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(&selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    found.ok_or_else(|| {
        error(
            args.wrong("target", Expected::Target, target)
                .message(locale),
        )
    })
}

/// The planner, where and in which language it is mounted, the file to
/// open in it, and the autosave key with which draft to restore (none when
/// the planner was given a plan or a file of its own).
type Mounted = (
    Planner,
    web_sys::HtmlElement,
    Locale,
    Option<(Uint8Array, String)>,
    Option<(String, Restore)>,
);

/// A mount in progress as the trap guard knows it (`guard::mount_started`):
/// ended by [`MountEntry::end`] once the planner is handed over or refused.
struct MountEntry(JsValue);

impl MountEntry {
    fn end(&self) {
        guard::mount_ended(&self.0);
    }
}

/// How the page mounts a saved offline copy's own plan (its plan block).
#[derive(Clone, Copy)]
struct SavedCopy {
    /// The same copy reloaded in its tab: this tab's draft wins.
    reloaded: bool,
}

fn mount_now(
    target: &JsValue,
    options: &JsValue,
    saved_copy: Option<SavedCopy>,
) -> Result<(Mounted, MountEntry), JsError> {
    // Messages before the options are read are in the default language.
    let options = mount_options(options).map_err(|e| error(e.message(Locale::Vi)))?;
    let element = target_element(target, options.locale)?;
    // From here a trap shows the "stopped" notice in the target element.
    let entry = MountEntry(guard::mount_started(
        &element,
        options.locale,
        options.autosave.is_some() && !options.read_only,
    ));
    match build_planner(element, options, saved_copy) {
        Ok(mounted) => Ok((mounted, entry)),
        Err(e) => {
            entry.end();
            Err(e)
        }
    }
}

/// The planner of [`mount_now`], drawn into `element`, or why not.
fn build_planner(
    element: web_sys::HtmlElement,
    options: MountOptions,
    saved_copy: Option<SavedCopy>,
) -> Result<Mounted, JsError> {
    let restore = match saved_copy {
        _ if options.data.is_some() => Restore::No,
        Some(SavedCopy { reloaded: true }) => Restore::ThisTab,
        _ if options.plan.is_some() => Restore::No,
        _ => Restore::Last,
    };
    let sample = || PlannerModel::sample().map_err(|e| error(e.message(options.locale)));
    let mut refused = None;
    // A file is read in the import worker once mounted (the sample shows,
    // marked as being replaced, until it is).
    let model = match (&options.data, options.plan) {
        (Some(_), _) => sample()?,
        (None, Some(json)) => match (planfile::load(&json), saved_copy) {
            (Ok(model), _) => model,
            // A saved copy's damaged plan: the page opens, saying why.
            (Err(e), Some(_)) => {
                refused = Some(e.message(options.locale));
                sample()?
            }
            (Err(e), None) => return Err(error(e.message(options.locale))),
        },
        (None, None) => sample()?,
    };
    let session = Session::new(model, options.locale);
    if let Some(message) = refused {
        session
            .notice
            .set(Some(crate::ui::session::Notice::Error(message)));
    }
    session.read_only.set_value(options.read_only);
    let n = MOUNTED.with(|m| {
        m.set(m.get() + 1);
        m.get()
    });
    let id_prefix = format!("qp{n}");
    let view_session = session;
    // Drawn inside a shadow root of its own (styles isolated both ways).
    let host = Host::attach(&element).map_err(|e| {
        error(
            Args { method: "mount" }
                .problem(
                    "target",
                    Problem::Unreadable(crate::web::args::error_text(&e)),
                )
                .message(options.locale),
        )
    })?;
    let element = host.root().clone();
    let handle = leptos::mount::mount_to(element.clone(), move || {
        leptos::view! { <App session=view_session id_prefix=id_prefix /> }
    });
    trap_on_mount_for_tests("view");
    crate::ui::isolate::mounted();
    let planner = Planner {
        session,
        // Dropped in order: the view unmounts, then the host goes.
        mounted: RefCell::new(Some(Box::new((handle, host)))),
        destroyed: Cell::new(false),
        read_only: options.read_only,
    };
    // A read-only planner changes nothing worth a draft.
    let autosave = options.autosave.filter(|_| !options.read_only);
    Ok((
        planner,
        element,
        options.locale,
        options.data,
        autosave.map(|key| (key, restore)),
    ))
}

/// Mounts, then with autosave restores the key's last draft before the
/// promise resolves (so `plan()` is the restored plan). Resolves the
/// guarded planner.
fn mount_promise(target: &JsValue, options: &JsValue, saved_copy: Option<SavedCopy>) -> Promise {
    match mount_now(target, options, saved_copy) {
        Ok(((planner, element, locale, data, autosave), entry)) => {
            let session = planner.session;
            let has_autosave = autosave.is_some();
            wasm_bindgen_futures::future_to_promise(async move {
                if let Some((bytes, name)) = data {
                    // Read in the import worker; a refused file leaves no
                    // planner mounted.
                    if let Err(message) = session.open_file_checked(bytes, name).await {
                        entry.end();
                        let _ = planner.destroy();
                        return Err(error(message).into());
                    }
                }
                if let Some((key, restore)) = autosave {
                    trap_on_mount_for_tests("restore");
                    crate::ui::autosave::start(session, key, restore).await;
                }
                entry.end();
                // Resolved once the workbook writer is ready too:
                // `exportXlsx()` is synchronous (src/ui/workbook.rs).
                crate::ui::workbook::prepare().await;
                Ok(guard::guarded_planner(
                    JsValue::from(planner),
                    &element,
                    locale,
                    has_autosave,
                ))
            })
        }
        Err(e) => Promise::reject(&e.into()),
    }
}

/// Test hook, not part of the API: a page that set
/// `window.__quotaPlannerTrapOnMount` to `stage` ("view": right after the
/// view is drawn; "restore": before the draft is restored) traps the
/// module there, to test that a first mount's trap is not silent.
fn trap_on_mount_for_tests(stage: &str) {
    let asked = web_sys::window()
        .and_then(|w| Reflect::get(&w, &"__quotaPlannerTrapOnMount".into()).ok())
        .and_then(|v| v.as_string());
    if asked.as_deref() == Some(stage) {
        core::arch::wasm32::unreachable()
    }
}

/// `QuotaPlanner.mount(target, options?) -> Promise<Planner>`.
#[wasm_bindgen]
pub fn mount(target: JsValue, options: JsValue) -> Promise {
    mount_promise(&target, &options, None)
}

/// Runs when the module starts: installs `QuotaPlanner.mount` and, on the
/// project's own page (an element `#quota-planner`), mounts the planner as
/// `window.quotaPlanner` and resolves `window.quotaPlannerReady`.
#[wasm_bindgen(start)]
pub fn start_page() -> Result<(), JsValue> {
    console_error_panic_hook::set_once();
    // In the import worker there is no window and nothing to mount.
    let Some(window) = web_sys::window() else {
        return Ok(());
    };
    // The entry script (src/web/quota-planner.js) made the object already,
    // with a `mount` that waits for this; portals may hold it.
    let api = Reflect::get(&window, &"QuotaPlanner".into())?
        .dyn_into::<Object>()
        .unwrap_or_default();
    guard::start();
    let mount_fn = Closure::<dyn Fn(JsValue, JsValue) -> Promise>::new(mount);
    let guarded = guard::guarded_entry(mount_fn.as_ref().unchecked_ref());
    Reflect::set(&api, &"mount".into(), &guarded)?;
    mount_fn.forget();
    Reflect::set(&window, &"QuotaPlanner".into(), &api)?;

    let document = window.document().ok_or("no document")?;
    if document.get_element_by_id("quota-planner").is_none() {
        return Ok(());
    }
    // The page's own planner keeps its work in the browser (key "page").
    let options = Object::new();
    Reflect::set(&options, &"autosave".into(), &"page".into())?;
    // A saved offline copy opens on its own plan, not on an older draft
    // (which stays in the drafts list); reloaded in its tab, on its draft.
    let saved_copy = crate::web::offline::embedded_plan().map(|plan| {
        let reloaded = crate::web::offline::reopened_in_tab(&plan);
        let _ = Reflect::set(&options, &"plan".into(), &plan.into());
        SavedCopy { reloaded }
    });
    // Through the guard, like a portal's mount: a trap while the page's
    // planner is first built shows the notice and rejects the promise.
    let own_mount = Closure::once_into_js(move || {
        mount_promise(&JsValue::from_str("#quota-planner"), &options, saved_copy)
    });
    let ready = guard::guarded_entry(own_mount.unchecked_ref()).call0(&JsValue::NULL)?;
    if guard::stopped() {
        // The module trapped under this call: nothing more may run in it.
        return publish_ready(&window, &ready);
    }
    crate::web::offline::start_service_worker(crate::ui::offline::update_ready);
    let window_for_set = window.clone();
    let set_global = Closure::once_into_js(move |planner: JsValue| -> JsValue {
        let _ = Reflect::set(&window_for_set, &"quotaPlanner".into(), &planner);
        planner
    });
    // `Promise::then` takes a Rust closure returning nothing; through JS the
    // callback's return value (the planner) resolves the promise.
    let then: Function = Reflect::get(&ready, &"then".into())?.dyn_into()?;
    let ready = then.call1(&ready, &set_global)?;
    publish_ready(&window, &ready)
}

/// Makes `ready` the page's `window.quotaPlannerReady`.
fn publish_ready(window: &web_sys::Window, ready: &JsValue) -> Result<(), JsValue> {
    // The entry script may have made the promise already, with its resolver.
    let resolve = Reflect::get(window, &"__quotaPlannerResolve".into())?;
    if let Some(resolve) = resolve.dyn_ref::<Function>() {
        resolve.call1(&JsValue::NULL, ready)?;
    } else {
        Reflect::set(window, &"quotaPlannerReady".into(), ready)?;
    }
    Ok(())
}

/// The iframe protocol's check of one command (`src/web/quota-planner.js`):
/// None when it may run, else why not, in the page's language (`lang`).
#[wasm_bindgen(js_name = __frameCheck)]
pub fn frame_check(method: JsValue, args: JsValue, lang: JsValue) -> Option<String> {
    let locale = lang
        .as_string()
        .and_then(|l| Locale::from_key(&l))
        .unwrap_or(Locale::Vi);
    let args_ok = args.is_undefined() || js_sys::Array::is_array(&args);
    crate::core::embed::check(method.as_string().as_deref(), args_ok)
        .err()
        .map(|refusal| crate::core::i18n::embed::refusal(&refusal, locale))
}
