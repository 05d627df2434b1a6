//! The plan file: a round trip gives the same `plan()` and the same
//! exports (workbook and CSV) in every rounding mode with overrides, locks,
//! daily targets, a period and exclusions; damaged,
//! foreign, newer and inconsistent files are refused with a typed error.

use quota_planner::core::export::planfile::{
    self, load, save, save_draft, to_json, PlanFileError, MAX_COUNT,
};
use quota_planner::core::i18n::Locale;
use quota_planner::core::model::{DailyScope, Edit, PlannerModel, Step, HISTORY_LIMIT};
use quota_planner::core::percent::Percent;
use quota_planner::core::plan::{ExclusionCategory, Rounding};
use quota_planner::core::schedule::{parse_typed, Calendar, Milestone};
use quota_planner::core::synthetic::national_plan;
use quota_planner::core::view::PlanView;
use serde_json::{json, Value};

fn view(model: &PlannerModel) -> String {
    serde_json::to_string(&PlanView::of(model, Locale::Vi)).unwrap()
}

fn pct(text: &str) -> Percent {
    Percent::parse(text).unwrap()
}

/// The sample with one of everything a planner can change.
fn edited_sample(rounding: Rounding) -> PlannerModel {
    let mut model = PlannerModel::sample().unwrap();
    model.set_rounding(rounding);
    model.set_default_percent(pct("91.5"));
    model.set_level_percent(2, Some(pct("95"))).unwrap();
    model.set_unit_percent(3, Some(pct("87.25"))).unwrap();
    model.set_unit_percent(12, Some(pct("0"))).unwrap();
    let eligible = model.allocation().eligible[5];
    model.set_target(5, Some(eligible / 2)).unwrap();
    model
        .set_target(1, Some(model.allocation().target[1]))
        .unwrap();
    model
        .set_daily_target(None, Some(196), DailyScope::Groups)
        .unwrap();
    model
        .set_daily_target(Some(7), Some(250), DailyScope::ThisUnit)
        .unwrap();
    model.set_level_daily(1, Some(5_000)).unwrap();
    let date = |t: &str| parse_typed(t).unwrap();
    model
        .set_calendar(Calendar {
            start: Some(date("08/05/2025")),
            end: Some(date("30/05/2025")),
            exclude_weekdays: vec![0],
            holidays: vec![date("19/05/2025")],
            milestones: vec![Milestone {
                date: date("20/05/2025"),
                percent: pct("87.5"),
            }],
        })
        .unwrap();
    assert_eq!(
        model.apply_batch(vec![
            Edit::Exclusion(20, ExclusionCategory::Died, 4),
            Edit::Exclusion(20, ExclusionCategory::NoPhone, 11),
            Edit::Base(21, 7_777),
            Edit::Name(22, "=Xã \"lạ\"\tmới".to_string()),
        ]),
        Ok(true)
    );
    model
}

/// `plan()`'s text (`PlanView::to_json`, written by hand for speed) is
/// the derived serialisation of the same view, byte for byte: every key,
/// number, null, escaped name and the flattened progress fields.
#[test]
fn plan_json_is_the_derived_serialisation_byte_for_byte() {
    let same = |model: &PlannerModel, date: Option<&str>| {
        let date = date.map(|t| parse_typed(t).unwrap());
        let view = PlanView::at(model, Locale::Vi, date);
        let fast = view.to_json().unwrap();
        assert_eq!(fast, serde_json::to_string(&view).unwrap());
        serde_json::from_str::<Value>(&fast).unwrap()
    };
    for rounding in Rounding::ALL {
        let mut model = edited_sample(rounding);
        let plain = same(&model, None);
        assert!(plain.get("progress").is_none());
        assert!(plain["units"][22]["name"].as_str().unwrap().contains('"'));
        // With results: the progress summary and each unit's progress.
        let day = parse_typed("12/05/2025").unwrap();
        model.set_result(3, day, Some(150)).unwrap();
        model.set_result(4, day, Some(0)).unwrap();
        let with_results = same(&model, None);
        assert_eq!(with_results["progress"]["date"], "2025-05-12");
        assert_eq!(with_results["units"][3]["done"], 150);
        // Another date than the one the model keeps.
        let other = same(&model, Some("20/05/2025"));
        assert_eq!(other["progress"]["date"], "2025-05-20");
    }
    same(&PlannerModel::new(national_plan(5_000)), None);
    let empty = same(
        &PlannerModel::new(quota_planner::core::plan::Plan::new("\u{1}", Vec::new())),
        None,
    );
    assert_eq!(empty["units"], json!([]));
}

/// `plan()` in columns (`PlanView::to_columns`, turned into objects by
/// src/web/plan.js; the browser test plan-shape compares those objects
/// with the JSON's): the head is the JSON without `units`; three text
/// ends and `UNIT_NUMBERS` numbers per unit; none once units carry progress.
#[test]
fn plan_columns_hold_every_unit_and_step_aside_for_progress() {
    use quota_planner::core::view::UNIT_NUMBERS;
    let mut model = edited_sample(Rounding::PerRow);
    let view = PlanView::of(&model, Locale::Vi);
    let json: Value = serde_json::from_str(&view.to_json().unwrap()).unwrap();
    let columns = view.to_columns().unwrap();
    let mut head: Value = serde_json::from_str(&columns.head).unwrap();
    head["units"] = json["units"].clone();
    assert_eq!(head, json);
    let units = json["units"].as_array().unwrap();
    assert_eq!(columns.ends.len(), 3 * units.len());
    assert_eq!(columns.numbers.len(), UNIT_NUMBERS * units.len());
    let utf16: Vec<u16> = columns.text.encode_utf16().collect();
    let piece = |k: usize| {
        let start = if k == 0 {
            0
        } else {
            columns.ends[k - 1] as usize
        };
        String::from_utf16(&utf16[start..columns.ends[k] as usize]).unwrap()
    };
    for (i, unit) in units.iter().enumerate() {
        assert_eq!(piece(3 * i), unit["code"].as_str().unwrap());
        assert_eq!(piece(3 * i + 1), unit["name"].as_str().unwrap());
        assert_eq!(piece(3 * i + 2), unit["finishDate"].as_str().unwrap_or(""));
        assert_eq!(
            columns.numbers[UNIT_NUMBERS * i + 8],
            unit["target"].as_f64().unwrap()
        );
    }
    drop(view);
    let day = parse_typed("12/05/2025").unwrap();
    model.set_result(3, day, Some(150)).unwrap();
    assert!(PlanView::of(&model, Locale::Vi).to_columns().is_none());
}

#[test]
fn round_trip_gives_the_same_plan_in_every_rounding_mode() {
    for rounding in Rounding::ALL {
        let model = edited_sample(rounding);
        let json = to_json(&save(&model));
        let reopened = load(&json).unwrap_or_else(|e| panic!("{rounding:?}: {e}"));
        assert_eq!(view(&reopened), view(&model), "{rounding:?}");
        assert_eq!(reopened.plan(), model.plan(), "{rounding:?}");
        assert_eq!(reopened.source_name(), Some("soc-trang-2025.csv"));
        // A saved file has no history; saving again gives the same bytes.
        assert!(!reopened.can_undo());
        assert_eq!(to_json(&save(&reopened)), json);
    }
}

#[test]
fn round_trip_of_a_large_synthetic_plan() {
    let mut model = PlannerModel::new(national_plan(20_000));
    model.set_rounding(Rounding::SainteLague);
    model.set_unit_percent(100, Some(pct("77.77"))).unwrap();
    let text = to_json(&save(&model));
    assert_eq!(planfile::save_text(&model), text);
    let reopened = load(&text).unwrap();
    assert_eq!(view(&reopened), view(&model));
    // With results (version 2: they follow the units in the file).
    let day = parse_typed("12/05/2025").unwrap();
    model.set_result(100, day, Some(7)).unwrap();
    let text = to_json(&save(&model));
    assert!(text.contains("\"results\""));
    assert_eq!(planfile::save_text(&model), text);
}

#[test]
fn the_file_is_readable_json_with_the_documented_fields() {
    let model = edited_sample(Rounding::LargestRemainder);
    let value: Value = serde_json::from_str(&to_json(&save(&model))).unwrap();
    assert_eq!(value["format"], "quota-planner-plan");
    assert_eq!(value["version"], 1);
    assert_eq!(value["titleBlock"][0], "PHỤ LỤC");
    assert_eq!(value["policy"]["defaultPercent"], "91.5");
    assert_eq!(value["policy"]["levelPercents"]["2"], "95");
    assert_eq!(value["policy"]["start"], "2025-05-08");
    assert_eq!(value["policy"]["holidays"][0], "2025-05-19");
    assert_eq!(value["policy"]["milestones"][0]["percentOfTarget"], "87.5");
    assert_eq!(value["policy"]["levelDaily"]["1"], 5000);
    assert_eq!(value["policy"]["rounding"], "largest-remainder");
    assert_eq!(value["policy"]["defaultDaily"], 196);
    assert_eq!(value["units"][3]["percentOverride"], "87.25");
    assert_eq!(value["units"][2]["parentId"], "u1");
    assert_eq!(
        value["units"][20]["excluded"],
        json!({"died": 4, "no-phone": 11})
    );
    assert!(
        value.get("history").is_none(),
        "a saved file carries no history"
    );
}

#[test]
fn a_draft_keeps_the_undo_history() {
    let model = edited_sample(Rounding::PerRow);
    let mut reopened = load(&to_json(&save_draft(&model))).unwrap();
    assert_eq!(reopened.history().0, model.history().0);
    assert!(reopened.undo(), "the batch edit is undone");
    let mut original = model.clone();
    original.undo();
    assert_eq!(view(&reopened), view(&original));
    assert!(reopened.redo());
    assert_eq!(view(&reopened), view(&model));
}

/// The draft written a slice at a time is the same text as written at
/// once, and refuses to go on once the model was put aside.
#[test]
fn a_draft_written_in_slices_is_the_same_draft() {
    for rounding in Rounding::ALL {
        let mut model = edited_sample(rounding);
        model.set_title_block(vec!["x\",\"units\":[]".to_string(), "PHỤ LỤC".to_string()]);
        let whole = to_json(&save_draft(&model));
        for slice in [1, 7, 1000] {
            let mut writer = planfile::DraftWriter::start(&mut model);
            let mut slices = 1;
            while !writer.write(&model, slice).unwrap() {
                slices += 1;
            }
            assert_eq!(writer.finish(&mut model), whole, "{rounding:?} by {slice}");
            assert_eq!(slices, model.plan().units.len().div_ceil(slice).max(1));
            // Taken a piece per slice, the pieces make the same text.
            let mut writer = planfile::DraftWriter::start(&mut model);
            let mut pieces = String::new();
            while !writer.write(&model, slice).unwrap() {
                pieces.push_str(&writer.take_text());
            }
            pieces.push_str(&writer.finish(&mut model));
            assert_eq!(pieces, whole);
        }
        // A second writer puts the first aside.
        let mut first = planfile::DraftWriter::start(&mut model);
        assert_eq!(first.write(&model, 10), Ok(false));
        let mut second = planfile::DraftWriter::start(&mut model);
        assert_eq!(first.write(&model, 10), Err(planfile::PlanChanged));
        first.abandon(&mut model);
        while !second.write(&model, 10).unwrap() {}
        assert_eq!(second.finish(&mut model), whole);
    }
    // A model put in place of another (a file opened meanwhile) is never
    // taken for the same one, even fresh from the same file.
    let mut first = PlannerModel::sample().unwrap();
    let second = PlannerModel::sample().unwrap();
    let mut writer = planfile::DraftWriter::start(&mut first);
    assert_eq!(writer.write(&first, 10), Ok(false));
    assert_eq!(writer.write(&second, 10), Err(planfile::PlanChanged));
    let mut empty = PlannerModel::new(quota_planner::core::plan::Plan::new("", vec![]));
    let mut writer = planfile::DraftWriter::start(&mut empty);
    assert_eq!(writer.write(&empty, 10), Ok(true));
    assert_eq!(writer.finish(&mut empty), to_json(&save_draft(&empty)));
}

/// Edited between slices (every kind of unit edit, before and after the
/// writer's place, undone and redone, the policy too), the draft is the
/// plan as it was when the writer started, and that draft with the steps
/// made meanwhile replayed is the plan as it is now, history included.
#[test]
fn a_draft_written_while_the_planner_edits_is_the_plan_of_its_start() {
    let plan = national_plan(600);
    let units = plan.units.len();
    let leaves: Vec<usize> = (0..units).filter(|&i| plan.is_leaf(i)).collect();
    for slice in [1, 13, 200] {
        let mut model = PlannerModel::new(plan.clone());
        model.set_unit_percent(leaves[3], Some(pct("70"))).unwrap();
        model.start_journal();
        let at_start = to_json(&save_draft(&model));
        let mut writer = planfile::DraftWriter::start(&mut model);
        let mut step = 0usize;
        while !writer.write(&model, slice).unwrap() {
            let leaf = leaves[(step * 7 + 3) % leaves.len()];
            let edits = match step % 6 {
                0 => vec![Edit::UnitPercent(leaf, Some(pct("85.5")))],
                1 => vec![Edit::Base(leaf, 1_000 + step as u64)],
                2 => vec![
                    Edit::Name(leaf, format!("Tổ {step}")),
                    Edit::Exclusion(leaf, ExclusionCategory::ALL[0], 3),
                ],
                3 => vec![Edit::Daily(leaf, Some(9)), Edit::Target(leaf, Some(5))],
                4 => vec![Edit::DefaultPercent(pct("88"))],
                _ => vec![Edit::UnitPercent(units - 1 - step % 5, Some(pct("60")))],
            };
            model.apply_batch(edits).unwrap();
            if step % 4 == 3 {
                model.undo();
            }
            if step % 8 == 7 {
                model.redo();
            }
            step += 1;
        }
        assert!(step > 0, "edited while written, by {slice}");
        let draft = writer.finish(&mut model);
        assert_eq!(draft, at_start, "the plan of the start, by {slice}");
        let mut reopened = load(&draft).unwrap();
        reopened.replay(model.take_journal()).unwrap();
        assert_eq!(
            to_json(&save_draft(&reopened)),
            to_json(&save_draft(&model)),
            "draft + journal = the plan now, by {slice}"
        );
        assert_eq!(view(&reopened), view(&model));
        // Ended: later edits are not kept.
        let leaf = leaves[0];
        model.set_unit_percent(leaf, Some(pct("55"))).unwrap();
        let mut writer = planfile::DraftWriter::start(&mut model);
        while !writer.write(&model, slice).unwrap() {}
        assert_eq!(writer.finish(&mut model), to_json(&save_draft(&model)));
    }
}

#[test]
fn history_is_bounded() {
    let mut model = PlannerModel::sample().unwrap();
    for i in 0..(HISTORY_LIMIT + 50) {
        model.set_default_percent(Percent::from_hundredths(5000 + i as u64).unwrap());
    }
    assert_eq!(model.history().0.len(), HISTORY_LIMIT);
    let reopened = load(&to_json(&save_draft(&model))).unwrap();
    assert_eq!(reopened.history().0.len(), HISTORY_LIMIT);
}

#[test]
fn journal_replay_reproduces_plan_and_history() {
    let start = PlannerModel::sample().unwrap();
    let snapshot = to_json(&save_draft(&start));
    let mut live = start.clone();
    live.start_journal();
    live.set_default_percent(pct("80"));
    live.set_default_percent(pct("85"));
    assert!(
        !live.set_default_percent(pct("85")),
        "no step, nothing recorded"
    );
    live.set_unit_percent(4, Some(pct("99"))).unwrap();
    live.undo();
    live.set_target(2, Some(100)).unwrap();
    live.undo();
    live.redo();
    let steps = live.take_journal();
    assert!(steps.contains(&Step::Undo) && steps.contains(&Step::Redo));
    assert_eq!(
        steps
            .iter()
            .filter(|s| matches!(s, Step::Commit(_)))
            .count(),
        4
    );
    // Steps survive JSON, as autosave stores them.
    let steps: Vec<Step> = serde_json::from_str(&serde_json::to_string(&steps).unwrap()).unwrap();
    let mut restored = load(&snapshot).unwrap();
    restored.replay(steps).unwrap();
    assert_eq!(view(&restored), view(&live));
    assert_eq!(restored.history(), live.history());
    assert!(live.take_journal().is_empty(), "taken steps are gone");
}

#[test]
fn replay_refuses_a_step_on_a_unit_the_plan_lacks() {
    let mut model = PlannerModel::sample().unwrap();
    let result = model.replay(vec![
        Step::Commit(Edit::Base(5, 10)),
        Step::Commit(Edit::Base(100_000, 10)),
    ]);
    assert!(result.is_err());
    assert_eq!(
        model.plan().units[5].base,
        10,
        "steps before the bad one stay"
    );
}

fn sample_value() -> Value {
    serde_json::from_str(&to_json(&save(&edited_sample(Rounding::PerRow)))).unwrap()
}

fn refused(value: Value) -> PlanFileError {
    match load(&value.to_string()) {
        Ok(_) => panic!("accepted {value}"),
        Err(e) => e,
    }
}

#[test]
fn damaged_foreign_and_newer_files_are_refused() {
    let json = to_json(&save(&PlannerModel::sample().unwrap()));
    assert!(matches!(
        load(&json[..json.len() / 2]),
        Err(PlanFileError::Damaged(_))
    ));
    assert!(matches!(
        load("PK\u{3}\u{4}garbage"),
        Err(PlanFileError::Damaged(_))
    ));
    assert!(matches!(load(""), Err(PlanFileError::Damaged(_))));
    assert_eq!(
        refused(json!({"name": "something else"})),
        PlanFileError::NotAPlan
    );
    assert_eq!(refused(json!([1, 2, 3])), PlanFileError::NotAPlan);
    assert_eq!(
        refused(json!({"format": "other", "version": 1})),
        PlanFileError::NotAPlan
    );

    let mut newer = sample_value();
    newer["version"] = json!(3);
    assert_eq!(refused(newer.clone()), PlanFileError::NewerVersion(3));
    // A newer file whose shape changed is still reported as newer.
    newer["units"] = json!("moved elsewhere");
    newer["schedule"] = json!({});
    assert_eq!(refused(newer), PlanFileError::NewerVersion(3));

    let mut missing = sample_value();
    missing.as_object_mut().unwrap().remove("units");
    assert!(matches!(refused(missing), PlanFileError::BadShape(_)));
    let mut unknown = sample_value();
    unknown["surprise"] = json!(1);
    assert!(matches!(refused(unknown), PlanFileError::BadShape(_)));
}

#[test]
fn inconsistent_values_are_refused() {
    let with = |f: &dyn Fn(&mut Value)| {
        let mut v = sample_value();
        f(&mut v);
        refused(v)
    };
    assert!(matches!(
        with(&|v| v["units"][3]["id"] = json!("u1")),
        PlanFileError::BadUnitId(_)
    ));
    assert!(matches!(
        with(&|v| v["units"][3]["id"] = json!("x3")),
        PlanFileError::BadUnitId(_)
    ));
    assert!(matches!(
        with(&|v| v["units"][3]["id"] = json!("u03")),
        PlanFileError::BadUnitId(_)
    ));
    assert!(matches!(
        with(&|v| v["units"][2]["parentId"] = json!("u5")),
        PlanFileError::BadParent(_)
    ));
    assert!(matches!(
        with(&|v| v["units"][2]["parentId"] = json!("u999")),
        PlanFileError::BadParent(_)
    ));
    assert!(matches!(
        with(&|v| v["units"][2]["level"] = json!(1)),
        PlanFileError::BadLevel(_)
    ));
    assert!(matches!(
        with(&|v| v["units"][4]["base"] = json!(MAX_COUNT + 1)),
        PlanFileError::CountTooLarge(_)
    ));
    assert!(matches!(
        with(&|v| v["units"][4]["base"] = json!(-1)),
        PlanFileError::BadShape(_)
    ));
    assert!(matches!(
        with(&|v| v["units"][4]["base"] = json!(1.5)),
        PlanFileError::BadShape(_)
    ));
    assert!(matches!(
        with(&|v| v["units"][4]["lockedTarget"] = json!(MAX_COUNT + 1)),
        PlanFileError::CountTooLarge(_)
    ));
    assert!(matches!(
        with(&|v| v["policy"]["defaultPercent"] = json!("100.5")),
        PlanFileError::BadPercent(_)
    ));
    assert!(matches!(
        with(&|v| v["policy"]["defaultPercent"] = json!("87,5")),
        PlanFileError::BadPercent(_)
    ));
    assert!(matches!(
        with(&|v| v["policy"]["defaultPercent"] = json!("87.125")),
        PlanFileError::BadPercent(_)
    ));
    assert!(matches!(
        with(&|v| v["units"][3]["percentOverride"] = json!("-1")),
        PlanFileError::BadPercent(_)
    ));
    assert!(matches!(
        with(&|v| v["policy"]["rounding"] = json!("banker")),
        PlanFileError::UnknownRounding(_)
    ));
    assert!(matches!(
        with(&|v| v["units"][20]["excluded"] = json!({"moved": 2})),
        PlanFileError::UnknownExclusion(_)
    ));
    assert!(matches!(
        with(&|v| v["policy"]["start"] = json!("2025-02-30")),
        PlanFileError::BadDate(_)
    ));
    assert!(matches!(
        with(&|v| v["policy"]["excludeWeekdays"] = json!([7])),
        PlanFileError::BadDate(_)
    ));
    assert!(matches!(
        with(&|v| v["history"] = json!({"undo": [{"Base": [9999, 1]}], "redo": []})),
        PlanFileError::BadHistory(_)
    ));
}

#[test]
fn every_error_has_a_message_in_both_languages_saying_the_plan_is_kept() {
    let errors = [
        PlanFileError::Damaged("EOF".into()),
        PlanFileError::NotAPlan,
        PlanFileError::NewerVersion(3),
        PlanFileError::BadShape("x".into()),
        PlanFileError::BadUnitId("u1".into()),
        PlanFileError::BadParent("u2".into()),
        PlanFileError::BadLevel("u2".into()),
        PlanFileError::CountTooLarge("u2.base".into()),
        PlanFileError::BadPercent("x".into()),
        PlanFileError::UnknownRounding("x".into()),
        PlanFileError::UnknownExclusion("x".into()),
        PlanFileError::BadDate("x".into()),
        PlanFileError::BadHistory("x".into()),
    ];
    for e in &errors {
        assert!(e.message(Locale::Vi).contains("không thay đổi"), "{e:?}");
        assert!(e.message(Locale::En).contains("unchanged"), "{e:?}");
    }
    assert!(PlanFileError::NewerVersion(3)
        .message(Locale::Vi)
        .contains("phiên bản Lập chỉ tiêu mới hơn"));
    assert!(PlanFileError::NewerVersion(3)
        .message(Locale::En)
        .contains("newer Quota Planner"));
    assert!(planfile::looks_like_plan_file(
        to_json(&save(&PlannerModel::sample().unwrap())).as_bytes()
    ));
}

/// Every sheet of a workbook: its name, values and formulas (calamine).
type Sheets = Vec<(
    String,
    calamine::Range<calamine::Data>,
    calamine::Range<String>,
)>;

fn sheets(bytes: &[u8]) -> Sheets {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("opens");
    let names = book.sheet_names().to_vec();
    names
        .into_iter()
        .map(|name| {
            let values = book.worksheet_range(&name).expect("values");
            let formulas = book.worksheet_formula(&name).expect("formulas");
            (name, values, formulas)
        })
        .collect()
}

/// A reopened plan file exports what the plan it was saved from exports:
/// the workbook (every sheet's values and formulas: the appendix, the
/// warnings, the day-by-day schedule) and the CSV files, in both
/// languages and every rounding mode. What the appendix shows depends on
/// nothing the plan file leaves out.
#[test]
fn a_reopened_plan_file_exports_the_same_workbook_and_csv() {
    use quota_planner::core::export::{csv, xlsx};
    for rounding in Rounding::ALL {
        let model = edited_sample(rounding);
        let text = to_json(&save(&model));
        // What the page hands the workbook writer: the same text, written
        // a unit at a time.
        assert_eq!(planfile::save_text(&model), text, "{rounding:?}");
        let reopened = load(&text).unwrap();
        for locale in [Locale::Vi, Locale::En] {
            let label = format!("{rounding:?} {locale:?}");
            let before = sheets(&xlsx::to_xlsx(&model, locale).unwrap());
            let after = sheets(&xlsx::to_xlsx(&reopened, locale).unwrap());
            assert_eq!(before.len(), 3, "{label}: appendix, warnings, schedule");
            assert_eq!(after, before, "{label}");
            assert_eq!(
                csv::to_csv(&reopened, locale),
                csv::to_csv(&model, locale),
                "{label}"
            );
            assert_eq!(
                csv::schedule_csv(&reopened, locale),
                csv::schedule_csv(&model, locale),
                "{label}"
            );
        }
    }
}
