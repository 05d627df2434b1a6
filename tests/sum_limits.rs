//! Sums past 2^53 − 1: every count may be within the limit and still add
//! up past what JavaScript and the plan file carry exactly. Such a file is
//! refused, and such an edit is refused with the plan unchanged.

use jiff::civil::date;
use quota_planner::core::error::{ImportError, PlanError};
use quota_planner::core::export::planfile::{self, PlanFileError};
use quota_planner::core::i18n::Locale;
use quota_planner::core::import;
use quota_planner::core::model::{DailyScope, Edit, PlannerModel};
use quota_planner::core::plan::{SumKind, MAX_COUNT};

const HALF: u64 = MAX_COUNT / 2 + 1;

fn csv(bases: &[u64]) -> Vec<u8> {
    let mut text = String::from("STT,Đơn vị,Dân số\n,Tỉnh A,\n");
    for (k, base) in bases.iter().enumerate() {
        text.push_str(&format!("{},Xã {},{}\n", k + 1, k + 1, base));
    }
    text.into_bytes()
}

/// A small plan with three communes under a province (indices 1, 2, 3).
fn model() -> PlannerModel {
    match import::import(&csv(&[1_000, 2_000, 3_000]), "a.csv") {
        Ok(imported) => PlannerModel::from_import(imported),
        Err(e) => panic!("the plan opens: {e}"),
    }
}

#[test]
fn a_file_whose_bases_add_up_past_the_limit_is_refused() {
    // Each base is within the limit; together they are not.
    let refused = import::import(&csv(&[HALF, HALF]), "big.csv");
    assert_eq!(refused.err(), Some(ImportError::SumTooLarge(SumKind::Base)));
    let message = ImportError::SumTooLarge(SumKind::Base).message(Locale::Vi);
    assert!(message.contains("9.007.199.254.740.991"), "{message}");
    // Right at the limit it opens, and its total is exact.
    let Ok(imported) = import::import(&csv(&[HALF, MAX_COUNT - HALF]), "edge.csv") else {
        panic!("a total of exactly 2^53 − 1 opens");
    };
    let model = PlannerModel::from_import(imported);
    assert_eq!(model.totals().base, MAX_COUNT);
}

#[test]
fn an_edit_that_would_pass_the_limit_changes_nothing() {
    let mut model = model();
    assert_eq!(model.apply_batch(vec![Edit::Base(1, HALF)]), Ok(true));
    let before = model.plan().clone();
    let totals = model.totals();
    assert_eq!(
        model.apply_batch(vec![Edit::Base(2, HALF)]),
        Err(PlanError::SumTooLarge(SumKind::Base))
    );
    assert_eq!(model.plan(), &before);
    assert_eq!(model.totals(), totals);
    // The refused edit left no undo step: undo takes back the first one.
    assert!(model.undo());
    assert_eq!(model.plan().units[1].base, 1_000);
    assert!(!model.can_undo());
    // Exclusions add up the same way.
    let died = quota_planner::core::plan::ExclusionCategory::Died;
    assert_eq!(
        model.apply_batch(vec![
            Edit::Base(1, HALF),
            Edit::Base(2, HALF - 2),
            Edit::Exclusion(1, died, HALF),
            Edit::Exclusion(2, died, HALF),
        ]),
        Err(PlanError::SumTooLarge(SumKind::Base))
    );
}

#[test]
fn paces_and_results_are_bounded_too() {
    let mut model = model();
    assert_eq!(
        model.set_daily_target(Some(1), Some(HALF), DailyScope::ThisUnit),
        Ok(true)
    );
    let refused = model.set_daily_target(Some(2), Some(HALF), DailyScope::ThisUnit);
    assert_eq!(refused, Err(PlanError::SumTooLarge(SumKind::Daily)));
    assert_eq!(model.plan().units[2].daily_target, None);
    // The default pace counts once per unit that takes it.
    assert_eq!(
        model.set_daily_target(None, Some(MAX_COUNT / 3), DailyScope::ThisUnit),
        Err(PlanError::SumTooLarge(SumKind::Daily))
    );

    let day = date(2025, 5, 12);
    assert_eq!(model.set_result(1, day, Some(HALF)), Ok(true));
    assert_eq!(
        model.set_result(2, day, Some(HALF)),
        Err(PlanError::SumTooLarge(SumKind::Results))
    );
    // A unit's count on a later date is its own newer figure, not an
    // addition: raising it stays within the limit.
    assert_eq!(
        model.set_result(1, date(2025, 5, 13), Some(HALF + 1)),
        Ok(true)
    );
    assert_eq!(
        model.apply_results(day, &[(2, HALF), (3, 1)]),
        Err(PlanError::SumTooLarge(SumKind::Results))
    );
    assert_eq!(model.plan().results.get(3, day), None);
    let message = PlanError::SumTooLarge(SumKind::Results).message(Locale::Vi);
    assert!(message.contains("không bị thay đổi"), "{message}");
}

#[test]
fn a_plan_file_whose_bases_add_up_past_the_limit_is_refused() {
    let mut model = model();
    assert_eq!(model.apply_batch(vec![Edit::Base(1, HALF)]), Ok(true));
    let json = planfile::to_json(&planfile::save(&model));
    // The same file with a second base raised: each count is valid alone.
    let edited = json.replacen("\"base\":2000", &format!("\"base\":{HALF}"), 1);
    assert_ne!(edited, json, "the file names the second base as expected");
    assert_eq!(
        planfile::load(&edited).err(),
        Some(PlanFileError::SumTooLarge(SumKind::Base))
    );
    assert!(planfile::load(&json).is_ok());
}
