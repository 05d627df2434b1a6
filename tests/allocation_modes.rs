//! Known answers for every rounding mode, locks (breakback) and undo, on the
//! Sóc Trăng sample and on small hand-built trees.

use quota_planner::core::allocate::{allocate, child_sum_differences, Allocation};
use quota_planner::core::model::{Edit, PlannerModel};
use quota_planner::core::percent::Percent;
use quota_planner::core::plan::{Plan, Rounding, Unit, UnitId};
use quota_planner::core::warning::WarningKind;

fn sample() -> PlannerModel {
    PlannerModel::sample().unwrap()
}

/// A plan from (parent, base) rows in appendix order; the level follows
/// the parent.
fn tree(rows: &[(Option<usize>, u64)]) -> Plan {
    let mut units: Vec<Unit> = Vec::new();
    for (i, &(parent, base)) in rows.iter().enumerate() {
        let level = parent.map_or(0, |p| units[p].level + 1);
        let mut unit = Unit::new(
            UnitId(i as u32),
            &i.to_string(),
            &format!("u{i}"),
            level,
            parent,
        );
        unit.base = base;
        units.push(unit);
    }
    // Parents' declared bases: their children's sums.
    for i in (0..units.len()).rev() {
        if let Some(p) = units[i].parent {
            if rows[p].1 == 0 {
                units[p].base += units[i].base;
            }
        }
    }
    Plan::new("test", units)
}

fn with(plan: &Plan, rounding: Rounding) -> Allocation {
    let mut plan = plan.clone();
    plan.policy.rounding = rounding;
    allocate(&plan)
}

fn kinds(alloc: &Allocation) -> Vec<&'static str> {
    alloc.warnings.iter().map(|w| w.code()).collect()
}

#[test]
fn sample_largest_remainder_adds_up_at_every_level() {
    let mut model = sample();
    model.set_rounding(Rounding::LargestRemainder);
    let plan = model.plan();
    let alloc = model.allocation();
    assert_eq!(alloc.target[0], 757_463);
    assert_eq!(model.totals().target, 757_463);
    assert!(child_sum_differences(plan, alloc).is_empty());
    // Every unit stays within one of its own exact share (× 90%), exactly.
    for i in 0..plan.units.len() {
        let diff = (u128::from(alloc.target[i]) * 10).abs_diff(u128::from(alloc.eligible[i]) * 9);
        assert!(diff < 10, "row {i}");
    }
    // Only rows that per-row rounding made inconsistent move, by at most 1.
    let moved = (0..plan.units.len())
        .filter(|&i| Some(alloc.target[i]) != plan.units[i].official_target)
        .count();
    assert!(
        moved > 0 && moved < 30,
        "{moved} rows differ from the published table"
    );
}

#[test]
fn sample_sainte_lague_and_sum_of_children() {
    let mut model = sample();
    model.set_rounding(Rounding::SainteLague);
    assert_eq!(model.totals().target, 757_463);
    assert!(child_sum_differences(model.plan(), model.allocation()).is_empty());
    let alloc = model.allocation();
    for i in 0..alloc.target.len() {
        // |target − eligible × 90%| < 1, in exact tenths.
        let diff = (u128::from(alloc.target[i]) * 10).abs_diff(u128::from(alloc.eligible[i]) * 9);
        assert!(diff < 10, "row {i}");
    }

    model.set_rounding(Rounding::SumOfChildren);
    assert!(child_sum_differences(model.plan(), model.allocation()).is_empty());
    // Leaves as published, every parent their sum.
    let plan = model.plan();
    let mut leaves = 0;
    for i in 0..plan.units.len() {
        if plan.is_leaf(i) {
            assert_eq!(
                Some(model.allocation().target[i]),
                plan.units[i].official_target
            );
            leaves += plan.units[i].official_target.unwrap();
        }
    }
    assert_eq!(model.totals().target, leaves);
}

#[test]
fn largest_remainder_known_answer() {
    // Root 100 + 100 + 100 at 50%: exact 50, 50, 50 → 150, split exactly.
    // At 33.33%: exacts 33.33 each, root 99.99 → 100; floors 33 each,
    // the one leftover goes to the first in appendix order.
    let mut plan = tree(&[(None, 0), (Some(0), 100), (Some(0), 100), (Some(0), 100)]);
    plan.policy.default_percent = Percent::parse("33.33").unwrap();
    let a = with(&plan, Rounding::LargestRemainder);
    assert_eq!(a.target, vec![100, 34, 33, 33]);
    let a = with(&plan, Rounding::SainteLague);
    assert_eq!(a.target, vec![100, 34, 33, 33]);
    // Per-row: 33 each, root 100; they do not add up.
    let a = with(&plan, Rounding::PerRow);
    assert_eq!(a.target, vec![100, 33, 33, 33]);
}

#[test]
fn hamilton_and_webster_differ_where_expected() {
    // Exacts 5.5, 2.5, 1.5, 0.5 (over SCALE) → house 10.
    // Hamilton: floors 5,2,1,0 (+2 to the largest remainders, all .5:
    // the first two in appendix order) → 6,3,1,0.
    // Webster: round half up of quotas 5.5,2.5,1.5,0.5 → 6,3,2,1 = 12,
    // two removed from the lowest weight/(2s−1): 0.5/1 and 1.5/3 (tie, the
    // later first) → 6,3,1,0. With house 10 both agree; make them differ:
    let mut plan = tree(&[
        (None, 0),
        (Some(0), 1_000),
        (Some(0), 1_000),
        (Some(0), 1_000),
        (Some(0), 1_000),
    ]);
    for (i, p) in [(1, "0.55"), (2, "0.25"), (3, "0.15"), (4, "0.05")] {
        plan.units[i].percent_override = Some(Percent::parse(p).unwrap());
    }
    let lr = with(&plan, Rounding::LargestRemainder);
    let sl = with(&plan, Rounding::SainteLague);
    assert_eq!(lr.target[0], 10);
    assert_eq!(sl.target[0], 10);
    assert_eq!(lr.target[1..].iter().sum::<u64>(), 10);
    assert_eq!(sl.target[1..].iter().sum::<u64>(), 10);
    assert_eq!(lr.target, vec![10, 6, 3, 1, 0]);
    assert_eq!(sl.target, vec![10, 6, 3, 1, 0]);
}

#[test]
fn several_roots_are_rounded_independently() {
    let plan = tree(&[(None, 0), (Some(0), 5), (None, 0), (Some(2), 5)]);
    // 5 × 90% = 4.5 → 5 for each root on its own.
    for mode in [Rounding::LargestRemainder, Rounding::SainteLague] {
        assert_eq!(with(&plan, mode).target, vec![5, 5, 5, 5]);
    }
}

#[test]
fn no_target_above_eligible_at_100_percent() {
    // 100%: every unit's target is its eligible count exactly.
    let mut plan = tree(&[
        (None, 0),
        (Some(0), 7),
        (Some(0), 0),
        (Some(0), 3),
        (Some(1), 0),
    ]);
    plan.policy.default_percent = Percent::HUNDRED;
    plan.units[2].exclusions[0] = 9; // more excluded than counted
    for mode in Rounding::ALL {
        let a = with(&plan, mode);
        assert_eq!(a.eligible[2], 0, "{mode:?}");
        for i in 0..plan.units.len() {
            assert!(a.target[i] <= a.eligible[i], "{mode:?} {i} {a:?}");
        }
    }
}

#[test]
fn a_locked_child_is_held_and_siblings_share_the_rest() {
    // Root 3 × 100 at 90% = 270; lock the first child at 100.
    let mut plan = tree(&[(None, 0), (Some(0), 100), (Some(0), 100), (Some(0), 100)]);
    plan.units[1].locked_target = Some(100);
    for mode in [Rounding::LargestRemainder, Rounding::SainteLague] {
        let a = with(&plan, mode);
        assert_eq!(a.target, vec![270, 100, 85, 85], "{mode:?}");
        assert!(a.warnings.is_empty());
    }
    // Per-row: the lock shows, the rest stay per row.
    assert_eq!(with(&plan, Rounding::PerRow).target, vec![270, 100, 90, 90]);
    // Sum of children: the parent is the sum, lock included.
    assert_eq!(
        with(&plan, Rounding::SumOfChildren).target,
        vec![280, 100, 90, 90]
    );
}

#[test]
fn a_locked_parent_is_broken_back() {
    let mut plan = tree(&[(None, 0), (Some(0), 100), (Some(0), 300)]);
    plan.units[0].locked_target = Some(200);
    for mode in [
        Rounding::LargestRemainder,
        Rounding::SainteLague,
        Rounding::SumOfChildren,
    ] {
        assert_eq!(with(&plan, mode).target, vec![200, 50, 150], "{mode:?}");
    }
    assert_eq!(with(&plan, Rounding::PerRow).target, vec![200, 90, 270]);
}

#[test]
fn deep_locks_raise_an_unlocked_parent() {
    // Province > 2 districts > 2 communes each, 100 per commune, 90%.
    // Lock one commune of district 1 at 100 and the other at 100: district
    // 1 must hold 200 > its share 180, so district 2 gives way.
    let mut plan = tree(&[
        (None, 0),
        (Some(0), 0),
        (Some(1), 100),
        (Some(1), 100),
        (Some(0), 0),
        (Some(4), 100),
        (Some(4), 100),
    ]);
    plan.units[2].locked_target = Some(100);
    plan.units[3].locked_target = Some(100);
    for mode in [Rounding::LargestRemainder, Rounding::SainteLague] {
        let a = with(&plan, mode);
        assert_eq!(a.target, vec![360, 200, 100, 100, 160, 80, 80], "{mode:?}");
        assert!(a.warnings.is_empty(), "{mode:?}");
    }
    // Lock the province at 150: the locks (200) cannot fit.
    plan.units[0].locked_target = Some(150);
    for mode in [
        Rounding::LargestRemainder,
        Rounding::SainteLague,
        Rounding::SumOfChildren,
    ] {
        let a = with(&plan, mode);
        // Every lock kept; the unlocked district gets its minimum, 0.
        assert_eq!(a.target, vec![150, 200, 100, 100, 0, 0, 0], "{mode:?}");
        assert_eq!(kinds(&a), vec!["locks-exceed-parent"], "{mode:?}");
        assert_eq!(
            a.warnings[0].kind,
            WarningKind::LocksExceedParent {
                locked: 200,
                parent: 150
            }
        );
    }
}

#[test]
fn locks_too_low_under_a_locked_parent() {
    // Parent locked at 150 (eligible 200); both children locked at 50.
    let mut plan = tree(&[(None, 0), (Some(0), 100), (Some(0), 100)]);
    plan.units[0].locked_target = Some(150);
    plan.units[1].locked_target = Some(50);
    plan.units[2].locked_target = Some(50);
    let a = with(&plan, Rounding::LargestRemainder);
    assert_eq!(a.target, vec![150, 50, 50]);
    assert_eq!(kinds(&a), vec!["locks-short-of-parent"]);
}

#[test]
fn caps_redistribute_to_siblings() {
    // Child 1 at 100% (override) and child 2 at 0%: under a parent locked
    // at 15 with eligible 10 + 10, child 1 is capped at 10 and the 0% child
    // takes the rest, by eligible count.
    let mut plan = tree(&[(None, 0), (Some(0), 10), (Some(0), 10)]);
    plan.units[1].percent_override = Some(Percent::HUNDRED);
    plan.units[2].percent_override = Some(Percent::ZERO);
    plan.units[0].locked_target = Some(15);
    for mode in [Rounding::LargestRemainder, Rounding::SainteLague] {
        let a = with(&plan, mode);
        assert_eq!(a.target, vec![15, 10, 5], "{mode:?}");
        assert!(a.warnings.is_empty());
    }
}

#[test]
fn a_lock_above_eligible_from_a_file_is_capped_and_warned() {
    let mut plan = tree(&[(None, 0), (Some(0), 10), (Some(0), 10)]);
    plan.units[1].locked_target = Some(50);
    for mode in Rounding::ALL {
        let a = with(&plan, mode);
        assert_eq!(a.target[1], 10, "{mode:?}");
        assert!(kinds(&a).contains(&"lock-above-eligible"), "{mode:?}");
    }
}

#[test]
fn model_refuses_lock_above_eligible_and_undoes_locks() {
    let mut model = sample();
    model.set_rounding(Rounding::LargestRemainder);
    let before_plan = model.plan().clone();
    let before = model.allocation().clone();
    let eligible = model.allocation().eligible[2];
    assert!(model.set_target(2, Some(eligible + 1)).is_err());
    assert_eq!(model.plan(), &before_plan);
    model.set_target(2, Some(eligible)).unwrap();
    assert_eq!(model.allocation().target[2], eligible);
    assert!(child_sum_differences(model.plan(), model.allocation()).is_empty());
    assert_eq!(model.allocation().target[0], 757_463);
    assert!(model.undo());
    assert_eq!(model.plan(), &before_plan);
    assert_eq!(model.allocation(), &before);
    assert!(model.redo());
    assert_eq!(model.allocation().target[2], eligible);
}

#[test]
fn rounding_change_and_batches_are_undoable() {
    let mut model = sample();
    let plan0 = model.plan().clone();
    let alloc0 = model.allocation().clone();
    model.set_rounding(Rounding::SainteLague);
    assert_eq!(
        model.apply_batch(vec![
            Edit::DefaultPercent(Percent::whole(80).unwrap()),
            Edit::Target(1, Some(40_000)),
            Edit::Rounding(Rounding::LargestRemainder),
        ]),
        Ok(true)
    );
    assert_eq!(model.allocation().target[1], 40_000);
    assert!(model.undo());
    assert_eq!(model.plan().policy.rounding, Rounding::SainteLague);
    assert!(model.undo());
    assert_eq!(model.plan(), &plan0);
    assert_eq!(model.allocation(), &alloc0);
    assert!(!model.undo());
}
