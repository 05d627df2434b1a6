//! The public JavaScript API (`../shared/docs/js-api.md`): a thin layer that
//! checks arguments, calls the core façade through `Session`, and turns
//! every failure into a JavaScript `Error` with a clear message.

use std::any::Any;
use std::cell::Cell;

use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
use leptos::prelude::GetUntracked;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::error::PlanError;
use crate::core::export::planfile;
use crate::core::i18n::Locale;
use crate::core::model::{DailyScope, PlannerModel};
use crate::core::percent::Percent;
use crate::core::plan::Rounding;
use crate::core::schedule::{parse_iso, Calendar, Milestone, ScheduleError};
use crate::core::view::PlanView;
use crate::ui::session::Session;
use crate::ui::App;
use jiff::civil::Date;

thread_local! {
    /// Distinguishes element ids when several planners share a page.
    static MOUNTED: Cell<u32> = const { Cell::new(0) };
}

/// Serialises to a plain JS value (objects, not Maps; `null` for `None`).
pub fn to_js<T: Serialize>(value: &T) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).unwrap_or(JsValue::NULL)
}

fn error(message: impl AsRef<str>) -> JsError {
    JsError::new(message.as_ref())
}

/// A mounted planner, as `mount` resolves it and `window.quotaPlanner` is.
#[wasm_bindgen]
pub struct Planner {
    session: Session,
    /// Dropping it unmounts the view.
    mounted: Option<Box<dyn Any>>,
    read_only: bool,
}

impl Planner {
    fn locale(&self) -> Locale {
        self.session.locale.get_untracked()
    }

    fn plan_error(&self, e: PlanError) -> JsError {
        error(e.message(self.locale()))
    }

    fn check_writable(&self) -> Result<(), JsError> {
        if self.mounted.is_none() {
            return Err(self.plan_error(PlanError::Destroyed));
        }
        if self.read_only {
            return Err(error(match self.locale() {
                Locale::Vi => "Bảng chỉ tiêu đang ở chế độ chỉ đọc.",
                Locale::En => "The planner is read-only.",
            }));
        }
        Ok(())
    }

    fn unit_index(&self, unit: &JsValue) -> Result<usize, JsError> {
        let id = unit.as_string().ok_or_else(|| {
            error(format!(
                "unitId must be a string such as \"u1\", got {unit:?}"
            ))
        })?;
        self.session
            .read(|m| m.index_of(&id))
            .ok_or_else(|| self.plan_error(PlanError::Destroyed))?
            .map_err(|e| self.plan_error(e))
    }

    fn percent_arg(&self, value: &JsValue) -> Result<Option<Percent>, JsError> {
        if value.is_null() || value.is_undefined() {
            return Ok(None);
        }
        let parsed = if let Some(n) = value.as_f64() {
            Percent::from_js_number(n)
        } else if let Some(s) = value.as_string() {
            Percent::parse(&s)
        } else {
            Err(PlanError::PercentNotANumber(format!("{value:?}")))
        };
        parsed.map(Some).map_err(|e| self.plan_error(e))
    }

    /// Runs a fallible edit; a destroyed planner or a refused edit throws.
    fn edit_result(
        &self,
        f: impl FnOnce(&mut PlannerModel) -> Result<bool, PlanError>,
    ) -> Result<(), JsError> {
        self.session
            .edit(f)
            .unwrap_or(Err(PlanError::Destroyed))
            .map(|_| ())
            .map_err(|e| self.plan_error(e))
    }

    fn date_arg(&self, value: &JsValue) -> Result<Date, JsError> {
        let text = value.as_string().unwrap_or_else(|| format!("{value:?}"));
        parse_iso(&text).map_err(|e| self.plan_error(e.into()))
    }

    fn array_arg(&self, value: &JsValue, name: &str) -> Result<js_sys::Array, JsError> {
        value
            .dyn_ref::<js_sys::Array>()
            .cloned()
            .ok_or_else(|| error(format!("setPolicy: {name} must be an array")))
    }

    /// The calendar `setPolicy` asks for: the current one with the given
    /// keys replaced; None when no calendar key is given.
    fn calendar_arg(&self, get: &dyn Fn(&str) -> JsValue) -> Result<Option<Calendar>, JsError> {
        let keys = ["start", "end", "excludeWeekdays", "holidays", "milestones"];
        if keys.iter().all(|k| get(k).is_undefined()) {
            return Ok(None);
        }
        let mut calendar = self
            .session
            .read(|m| m.plan().policy.calendar.clone())
            .ok_or_else(|| self.plan_error(PlanError::Destroyed))?;
        for (key, slot) in [("start", &mut calendar.start), ("end", &mut calendar.end)] {
            let value = get(key);
            if value.is_null() {
                *slot = None;
            } else if !value.is_undefined() {
                *slot = Some(self.date_arg(&value)?);
            }
        }
        let weekdays = get("excludeWeekdays");
        if !weekdays.is_undefined() {
            calendar.exclude_weekdays = self
                .array_arg(&weekdays, "excludeWeekdays")?
                .iter()
                .map(|w| match w.as_f64() {
                    Some(n) if (0.0..=6.0).contains(&n) && n.fract() == 0.0 => Ok(n as u8),
                    _ => Err(self.plan_error(ScheduleError::BadWeekday(format!("{w:?}")).into())),
                })
                .collect::<Result<_, _>>()?;
        }
        let holidays = get("holidays");
        if !holidays.is_undefined() {
            calendar.holidays = self
                .array_arg(&holidays, "holidays")?
                .iter()
                .map(|d| self.date_arg(&d))
                .collect::<Result<_, _>>()?;
        }
        let milestones = get("milestones");
        if !milestones.is_undefined() {
            calendar.milestones = self
                .array_arg(&milestones, "milestones")?
                .iter()
                .map(|m| {
                    let field = |k: &str| {
                        Reflect::get(&m, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
                    };
                    let date = self.date_arg(&field("date"))?;
                    let percent =
                        self.percent_arg(&field("percentOfTarget"))?
                            .ok_or_else(|| {
                                error("setPolicy: each milestone needs {date, percentOfTarget}")
                            })?;
                    Ok(Milestone { date, percent })
                })
                .collect::<Result<_, JsError>>()?;
        }
        Ok(Some(calendar))
    }

    fn count_arg(&self, value: &JsValue) -> Result<Option<u64>, JsError> {
        if value.is_null() || value.is_undefined() {
            return Ok(None);
        }
        match value.as_f64() {
            Some(n) if n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= 9.0e15 => {
                Ok(Some(n as u64))
            }
            _ => Err(self.plan_error(PlanError::CountNotANumber(format!("{value:?}")))),
        }
    }
}

#[wasm_bindgen]
impl Planner {
    /// `load(bytes, fileName) -> Promise<ImportReport>`; the open plan stays
    /// unchanged when the file is rejected.
    pub fn load(&self, bytes: JsValue, file_name: String) -> Promise {
        if let Err(e) = self.check_writable() {
            return Promise::reject(&e.into());
        }
        let Some(bytes) = bytes_of(&bytes) else {
            return Promise::reject(&error("bytes must be a Uint8Array or ArrayBuffer").into());
        };
        let session = self.session;
        wasm_bindgen_futures::future_to_promise(async move {
            // `open_file_checked` tells the "error" listeners itself.
            match session.open_file_checked(bytes, file_name).await {
                Ok(report) => Ok(to_js(&report)),
                Err(message) => Err(error(message).into()),
            }
        })
    }

    /// The whole computed plan as plain JSON.
    pub fn plan(&self) -> Result<JsValue, JsError> {
        let locale = self.locale();
        // One JSON string parsed by the engine is ~10× faster than building
        // 100k objects field by field across the wasm boundary.
        let json = self
            .session
            .read(|m| serde_json::to_string(&PlanView::of(m, locale)))
            .ok_or_else(|| self.plan_error(PlanError::Destroyed))?
            .map_err(|e| error(e.to_string()))?;
        js_sys::JSON::parse(&json).map_err(|_| error("plan(): could not build the JSON"))
    }

    /// `exportJson() -> object`: the plan file (see README), which
    /// `mount(target, {plan})` and "Mở tệp…" reopen.
    #[wasm_bindgen(js_name = exportJson)]
    pub fn export_json(&self) -> Result<JsValue, JsError> {
        let json = self
            .session
            .read(|m| planfile::to_json(&planfile::save(m)))
            .ok_or_else(|| self.plan_error(PlanError::Destroyed))?;
        js_sys::JSON::parse(&json).map_err(|_| error("exportJson(): could not build the JSON"))
    }

    /// Main-thread milliseconds of each autosave write so far, for the
    /// benchmark: `{journal: [ms…], snapshots: [ms…]}`. Not part of the API.
    #[wasm_bindgen(js_name = __autosaveTimings)]
    pub fn autosave_timings(&self) -> JsValue {
        let (journal, snapshots) = crate::ui::autosave::timings(self.session);
        to_js(&serde_json::json!({ "journal": journal, "snapshots": snapshots }))
    }

    /// `setPercent(unitId | null, percent | null)`.
    #[wasm_bindgen(js_name = setPercent)]
    pub fn set_percent(&self, unit: JsValue, percent: JsValue) -> Result<(), JsError> {
        self.check_writable()?;
        let percent = self.percent_arg(&percent)?;
        if unit.is_null() || unit.is_undefined() {
            let percent =
                percent.ok_or_else(|| error("the plan-wide percentage cannot be cleared"))?;
            self.session.edit(|m| m.set_default_percent(percent));
            return Ok(());
        }
        let index = self.unit_index(&unit)?;
        self.edit_result(|m| m.set_unit_percent(index, percent))
    }

    /// `setLevelPercent(level, percent | null)`.
    #[wasm_bindgen(js_name = setLevelPercent)]
    pub fn set_level_percent(&self, level: JsValue, percent: JsValue) -> Result<(), JsError> {
        self.check_writable()?;
        let level = level_arg(&level)?;
        let percent = self.percent_arg(&percent)?;
        self.edit_result(|m| m.set_level_percent(level, percent))
    }

    /// `setTarget(unitId, target | null)`: locks a unit's target by hand.
    #[wasm_bindgen(js_name = setTarget)]
    pub fn set_target(&self, unit: JsValue, target: JsValue) -> Result<(), JsError> {
        self.check_writable()?;
        let index = self.unit_index(&unit)?;
        let target = self.count_arg(&target)?;
        self.edit_result(|m| m.set_target(index, target))
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
        self.check_writable()?;
        let per_day = self.count_arg(&per_day)?;
        let index = if unit.is_null() || unit.is_undefined() {
            None
        } else {
            Some(self.unit_index(&unit)?)
        };
        let only = !options.is_undefined()
            && !options.is_null()
            && Reflect::get(&options, &JsValue::from_str("thisUnitOnly"))
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
        let scope = if only {
            DailyScope::ThisUnit
        } else {
            DailyScope::Groups
        };
        self.edit_result(|m| m.set_daily_target(index, per_day, scope))
    }

    /// `setLevelDailyTarget(level, perDay | null)`: cases per day for every
    /// unit of a level without its own figure.
    #[wasm_bindgen(js_name = setLevelDailyTarget)]
    pub fn set_level_daily_target(&self, level: JsValue, per_day: JsValue) -> Result<(), JsError> {
        self.check_writable()?;
        let level = level_arg(&level)?;
        let per_day = self.count_arg(&per_day)?;
        self.edit_result(|m| m.set_level_daily(level, per_day))
    }

    /// `deriveDailyTargets() -> number`: "chia đều theo ngày", every leaf
    /// without its own figure gets ceil(target ÷ counted days); how many.
    #[wasm_bindgen(js_name = deriveDailyTargets)]
    pub fn derive_daily_targets(&self) -> Result<u32, JsError> {
        self.check_writable()?;
        self.session
            .edit(PlannerModel::derive_daily)
            .unwrap_or(Err(PlanError::Destroyed))
            .map(|n| n as u32)
            .map_err(|e| self.plan_error(e))
    }

    /// `setPolicy({rounding, start, end, excludeWeekdays, holidays,
    /// milestones})`: any of them, as one undo step; anything invalid
    /// throws and nothing changes.
    #[wasm_bindgen(js_name = setPolicy)]
    pub fn set_policy(&self, policy: JsValue) -> Result<(), JsError> {
        self.check_writable()?;
        let object: &Object = policy.dyn_ref().ok_or_else(|| {
            error("setPolicy expects an object such as {rounding: \"largest-remainder\"}")
        })?;
        const KEYS: [&str; 6] = [
            "rounding",
            "start",
            "end",
            "excludeWeekdays",
            "holidays",
            "milestones",
        ];
        for key in Object::keys(object).iter() {
            let key = key.as_string().unwrap_or_default();
            if !KEYS.contains(&key.as_str()) {
                return Err(error(format!(
                    "setPolicy: unknown key \"{key}\" (use {})",
                    KEYS.join(", ")
                )));
            }
        }
        let get =
            |key: &str| Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
        let rounding = get("rounding");
        let rounding = if rounding.is_undefined() {
            None
        } else {
            let name = rounding
                .as_string()
                .unwrap_or_else(|| format!("{rounding:?}"));
            Some(
                Rounding::from_key(&name)
                    .ok_or_else(|| self.plan_error(PlanError::UnknownRounding(name)))?,
            )
        };
        let calendar = self.calendar_arg(&get)?;
        self.edit_result(|m| m.set_policy(rounding, calendar))
    }

    /// `exportXlsx() -> Uint8Array`: the appendix as an Excel workbook
    /// with live formulas (see README, "Exports").
    #[wasm_bindgen(js_name = exportXlsx)]
    pub fn export_xlsx(&self) -> Result<Uint8Array, JsError> {
        let locale = self.locale();
        let bytes = self
            .session
            .read(|m| crate::core::export::xlsx::to_xlsx(m, locale))
            .ok_or_else(|| self.plan_error(PlanError::Destroyed))?
            .map_err(|e| error(e.message(locale)))?;
        Ok(Uint8Array::from(bytes.as_slice()))
    }

    /// `exportCsv() -> string`: the appendix as CSV (UTF-8, starting with
    /// a byte-order mark, CRLF line ends).
    #[wasm_bindgen(js_name = exportCsv)]
    pub fn export_csv(&self) -> Result<String, JsError> {
        let locale = self.locale();
        self.session
            .read(|m| crate::core::export::csv::to_csv(m, locale))
            .ok_or_else(|| self.plan_error(PlanError::Destroyed))
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
    pub fn on(&self, event: String, callback: JsValue) -> Result<Function, JsError> {
        if !matches!(event.as_str(), "change" | "load" | "error") {
            return Err(error(format!(
                "unknown event \"{event}\" (use \"change\", \"load\" or \"error\")"
            )));
        }
        let callback: Function = callback
            .dyn_into()
            .map_err(|_| error("on(event, callback): callback must be a function"))?;
        let id = self.session.subscribe(&event, callback);
        let session = self.session;
        let unsubscribe = Closure::once_into_js(move || session.unsubscribe(id));
        Ok(unsubscribe.unchecked_into())
    }

    /// Unmounts the view and drops the plan; later calls throw.
    pub fn destroy(&mut self) {
        self.session.clear_listeners();
        self.mounted = None;
    }
}

fn level_arg(level: &JsValue) -> Result<u32, JsError> {
    match level.as_f64() {
        Some(l) if l >= 0.0 && l.fract() == 0.0 && l < 64.0 => Ok(l as u32),
        _ => Err(error(format!(
            "level must be a whole number ≥ 0, got {level:?}"
        ))),
    }
}

fn bytes_of(value: &JsValue) -> Option<Vec<u8>> {
    if let Some(array) = value.dyn_ref::<Uint8Array>() {
        return Some(array.to_vec());
    }
    if let Some(buffer) = value.dyn_ref::<js_sys::ArrayBuffer>() {
        return Some(Uint8Array::new(buffer).to_vec());
    }
    None
}

/// Mount options of `QuotaPlanner.mount`.
struct MountOptions {
    locale: Locale,
    data: Option<(Vec<u8>, String)>,
    /// A plan file's JSON text (`options.plan`).
    plan: Option<String>,
    read_only: bool,
    /// The key drafts are stored under (`options.autosave`); none, none.
    autosave: Option<String>,
}

fn mount_options(options: &JsValue) -> Result<MountOptions, JsError> {
    let mut out = MountOptions {
        locale: Locale::Vi,
        data: None,
        plan: None,
        read_only: false,
        autosave: None,
    };
    if options.is_undefined() || options.is_null() {
        return Ok(out);
    }
    let get =
        |key: &str| Reflect::get(options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    let locale = get("locale");
    if let Some(key) = locale.as_string() {
        out.locale = Locale::from_key(&key)
            .ok_or_else(|| error(format!("locale must be \"vi\" or \"en\", got \"{key}\"")))?;
    }
    out.read_only = get("readOnly").as_bool().unwrap_or(false);
    let data = get("data");
    if !data.is_undefined() && !data.is_null() {
        if data.is_string() {
            return Err(error(
                "mount: a URL in options.data is not supported yet; pass the bytes",
            ));
        }
        let bytes = bytes_of(&data)
            .ok_or_else(|| error("options.data must be a Uint8Array or ArrayBuffer"))?;
        let name = get("fileName")
            .as_string()
            .ok_or_else(|| error("options.fileName is required with options.data"))?;
        out.data = Some((bytes, name));
    }
    let plan = get("plan");
    if !plan.is_undefined() && !plan.is_null() {
        if out.data.is_some() {
            return Err(error("mount: give options.data or options.plan, not both"));
        }
        out.plan = Some(match plan.as_string() {
            Some(text) => text,
            None if plan.is_object() => js_sys::JSON::stringify(&plan)
                .ok()
                .and_then(|s| s.as_string())
                .ok_or_else(|| error("options.plan could not be read as JSON"))?,
            None => {
                return Err(error(
                    "options.plan must be a plan object (from exportJson) or its JSON text",
                ))
            }
        });
    }
    let autosave = get("autosave");
    if !autosave.is_undefined() && !autosave.is_null() && autosave != JsValue::FALSE {
        let key = autosave
            .as_string()
            .filter(|k| !k.trim().is_empty())
            .ok_or_else(|| error("options.autosave must be a non-empty string key"))?;
        out.autosave = Some(key);
    }
    Ok(out)
}

fn target_element(target: &JsValue) -> Result<web_sys::HtmlElement, JsError> {
    if let Some(element) = target.dyn_ref::<web_sys::HtmlElement>() {
        return Ok(element.clone());
    }
    let selector = target
        .as_string()
        .ok_or_else(|| error("mount target must be an Element or a CSS selector"))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| error("no document"))?;
    document
        .query_selector(&selector)
        .map_err(|_| error(format!("invalid CSS selector \"{selector}\"")))?
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .ok_or_else(|| error(format!("no element matches \"{selector}\"")))
}

/// The planner, and the autosave key with whether to restore its last
/// draft (not when the planner was given a plan or a file of its own).
type Mounted = (Planner, Option<(String, bool)>);

fn mount_now(target: &JsValue, options: &JsValue) -> Result<Mounted, JsError> {
    let element = target_element(target)?;
    let options = mount_options(options)?;
    let restore = options.data.is_none() && options.plan.is_none();
    let model = match (options.data, options.plan) {
        (Some((bytes, name)), _) => crate::core::import::import(&bytes, &name)
            .map(PlannerModel::from_import)
            .map_err(|e| error(e.message(options.locale)))?,
        (None, Some(json)) => {
            planfile::load(&json).map_err(|e| error(e.message(options.locale)))?
        }
        (None, None) => PlannerModel::sample().map_err(|e| error(e.message(options.locale)))?,
    };
    let session = Session::new(model, options.locale);
    let n = MOUNTED.with(|m| {
        m.set(m.get() + 1);
        m.get()
    });
    let id_prefix = format!("qp{n}");
    let view_session = session;
    let handle = leptos::mount::mount_to(element, move || {
        leptos::view! { <App session=view_session id_prefix=id_prefix /> }
    });
    let planner = Planner {
        session,
        mounted: Some(Box::new(handle)),
        read_only: options.read_only,
    };
    // A read-only planner changes nothing worth a draft.
    let autosave = options.autosave.filter(|_| !options.read_only);
    Ok((planner, autosave.map(|key| (key, restore))))
}

/// Mounts, then with autosave restores the key's last draft before the
/// promise resolves (so `plan()` is the restored plan).
fn mount_promise(target: &JsValue, options: &JsValue) -> Promise {
    match mount_now(target, options) {
        Ok((planner, None)) => Promise::resolve(&JsValue::from(planner)),
        Ok((planner, Some((key, restore)))) => {
            let session = planner.session;
            wasm_bindgen_futures::future_to_promise(async move {
                crate::ui::autosave::start(session, key, restore).await;
                Ok(JsValue::from(planner))
            })
        }
        Err(e) => Promise::reject(&e.into()),
    }
}

/// `QuotaPlanner.mount(target, options?) -> Promise<Planner>`.
#[wasm_bindgen]
pub fn mount(target: JsValue, options: JsValue) -> Promise {
    mount_promise(&target, &options)
}

/// Used by the import check worker (`ui::isolate`): reads a file the way
/// `load` would, so that an abort happens in the worker, not the page.
#[wasm_bindgen(js_name = __checkImport)]
pub fn check_import(bytes: &[u8], file_name: &str) -> Result<(), JsError> {
    crate::core::import::import(bytes, file_name)
        .map(|_| ())
        .map_err(|e| error(e.message(Locale::Vi)))
}

/// Runs when the module starts: installs `window.QuotaPlanner` and, on the
/// project's own page (an element `#quota-planner`), mounts the planner as
/// `window.quotaPlanner` and resolves `window.quotaPlannerReady`.
#[wasm_bindgen(start)]
pub fn start_page() -> Result<(), JsValue> {
    console_error_panic_hook::set_once();
    // In the import check worker there is no window and nothing to mount.
    let Some(window) = web_sys::window() else {
        return Ok(());
    };
    let api = Object::new();
    let mount_fn = Closure::<dyn Fn(JsValue, JsValue) -> Promise>::new(mount);
    Reflect::set(&api, &"mount".into(), mount_fn.as_ref())?;
    mount_fn.forget();
    Reflect::set(&window, &"QuotaPlanner".into(), &api)?;

    let document = window.document().ok_or("no document")?;
    if document.get_element_by_id("quota-planner").is_none() {
        return Ok(());
    }
    // The page's own planner keeps its work in the browser (key "page").
    let options = Object::new();
    Reflect::set(&options, &"autosave".into(), &"page".into())?;
    let ready = mount_promise(&JsValue::from_str("#quota-planner"), &options);
    let window_for_set = window.clone();
    let set_global = Closure::once_into_js(move |planner: JsValue| -> JsValue {
        let _ = Reflect::set(&window_for_set, &"quotaPlanner".into(), &planner);
        planner
    });
    // `Promise::then` takes a Rust closure returning nothing; through JS the
    // callback's return value (the planner) resolves the promise.
    let then: Function = Reflect::get(&ready, &"then".into())?.dyn_into()?;
    let ready: Promise = then.call1(&ready, &set_global)?.dyn_into()?;
    // index.html may have made the promise already, with its resolver.
    let resolve = Reflect::get(&window, &"__quotaPlannerResolve".into())?;
    if let Some(resolve) = resolve.dyn_ref::<Function>() {
        resolve.call1(&JsValue::NULL, &ready)?;
    } else {
        Reflect::set(&window, &"quotaPlannerReady".into(), &ready)?;
    }
    Ok(())
}
