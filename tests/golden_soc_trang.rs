//! Golden test: the published Sóc Trăng appendix (plan 490/KH-CAT) is
//! reproduced exactly, row by row, by per-row rounding at 90%.

use quota_planner::core::allocate::child_sum_differences;
use quota_planner::core::model::PlannerModel;
use quota_planner::core::percent::Percent;

fn sample() -> PlannerModel {
    PlannerModel::sample().expect("the built-in sample imports")
}

#[test]
fn sample_has_three_levels_and_120_units() {
    let model = sample();
    let plan = model.plan();
    assert_eq!(plan.units.len(), 120);
    assert_eq!(plan.depth(), 3);
    let per_level = |l| plan.units.iter().filter(|u| u.level == l).count();
    assert_eq!((per_level(0), per_level(1), per_level(2)), (1, 11, 108));
    assert_eq!(plan.units[0].name, "Tỉnh Sóc Trăng");
    assert_eq!(plan.units[1].name, "Huyện Châu Thành");
    assert_eq!(plan.units[2].parent, Some(1));
    // Every parent's base in the file equals its children's sum.
    assert!(
        model.allocation().warnings.is_empty(),
        "{:?}",
        model.allocation().warnings
    );
}

#[test]
fn per_row_at_90_reproduces_every_published_target() {
    let model = sample();
    let plan = model.plan();
    let alloc = model.allocation();
    let mut checked = 0;
    for (i, unit) in plan.units.iter().enumerate() {
        let published = unit
            .official_target
            .expect("every row has a published target");
        assert_eq!(
            alloc.target[i], published,
            "row {} {}",
            unit.code, unit.name
        );
        checked += 1;
    }
    assert_eq!(checked, 120);
    assert_eq!(model.totals().target, 757_463);
    assert_eq!(model.totals().base, 841_625);
}

#[test]
fn per_row_children_do_not_add_up_in_eight_districts() {
    let model = sample();
    let diffs = child_sum_differences(model.plan(), model.allocation());
    let districts = diffs.iter().filter(|(id, _)| id.0 != 0).count();
    assert_eq!(districts, 8, "{diffs:?}");
    // The districts sum to 757464, one more than the province's 757463.
    let province = diffs.iter().find(|(id, _)| id.0 == 0).map(|d| d.1);
    assert_eq!(province, Some(1));
}

#[test]
fn raising_the_default_to_91_percent() {
    let mut model = sample();
    model.set_default_percent(Percent::whole(91).unwrap());
    assert_eq!(model.totals().target, 765_879);
    assert!(model.undo());
    assert_eq!(model.totals().target, 757_463);
    assert!(model.redo());
    assert_eq!(model.totals().target, 765_879);
}

#[test]
fn an_edit_that_changes_nothing_adds_no_undo_step() {
    let mut model = sample();
    assert!(!model.set_default_percent(Percent::whole(90).unwrap()));
    assert!(!model.can_undo());
    assert!(model.set_default_percent(Percent::whole(91).unwrap()));
    assert!(model.undo());
    // Redo survives an edit that changes nothing.
    assert!(!model.set_rounding(quota_planner::core::plan::Rounding::PerRow));
    assert!(model.can_redo());
    assert!(model.redo());
    assert_eq!(model.totals().target, 765_879);
}
