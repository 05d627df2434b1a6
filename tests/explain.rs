//! "Why this number": every unit's target explained in every rounding mode,
//! with locks, caps and the percentage's source; the explanation's figures
//! are checked against the engine's and against hand-computed values.

use quota_planner::core::explain::{explain, Fraction, PercentSource, Step};
use quota_planner::core::i18n::{explanation_lines, Locale};
use quota_planner::core::import;
use quota_planner::core::model::PlannerModel;
use quota_planner::core::percent::Percent;
use quota_planner::core::plan::{Rounding, UnitId};

/// Xã A (groups 1000, 1001, 999, 1500 with 12 died in Tổ 4) > its groups.
fn ward() -> PlannerModel {
    let csv = "STT,Đơn vị,Số lượng,Đã chết\n,Xã A,,\n1,Tổ 1,1000,0\n2,Tổ 2,1001,0\n3,Tổ 3,999,0\n4,Tổ 4,1500,12\n";
    PlannerModel::from_import(import::import(csv.as_bytes(), "a.csv").expect("import"))
}

fn percent(whole: u16) -> Percent {
    Percent::whole(whole).expect("percent")
}

fn steps(model: &PlannerModel, index: usize) -> Vec<Step> {
    explain(model, index).expect("explained").steps
}

#[test]
fn per_row_is_the_exact_share_rounded_half_up() {
    let model = PlannerModel::sample().expect("sample");
    let index = model
        .plan()
        .units
        .iter()
        .position(|u| u.name == "Hồ Đắc Kiện")
        .expect("unit");
    let explanation = explain(&model, index).expect("explained");
    assert_eq!(explanation.target, 8364);
    assert_eq!(
        explanation.steps[1..],
        [
            Step::Percent {
                percent: percent(90),
                source: PercentSource::Plan
            },
            Step::ExactShare {
                share: Fraction {
                    numerator: 9293 * 9000,
                    denominator: 10_000
                }
            },
            Step::RoundedOnItsOwn { target: 8364 },
        ]
    );
    let lines = explanation_lines(&explanation, model.plan(), Locale::Vi);
    assert!(lines[0].contains("9.293"), "{lines:?}");
    assert!(lines[2].contains("8.363,7"), "{lines:?}");
    assert!(lines[3].contains("8.364"), "{lines:?}");
}

#[test]
fn eligible_names_the_exclusions_and_parents_sum_them() {
    let model = ward();
    match &steps(&model, 4)[0] {
        Step::Eligible {
            base,
            exclusions,
            excluded,
            eligible,
            from_children,
        } => {
            assert_eq!((*base, *excluded, *eligible), (1500, 12, 1488));
            assert_eq!(exclusions.len(), 1);
            assert!(!from_children);
        }
        other => panic!("{other:?}"),
    }
    match &steps(&model, 0)[0] {
        Step::Eligible {
            base,
            eligible,
            from_children,
            ..
        } => assert_eq!((*base, *eligible, *from_children), (4500, 4488, true)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_percentage_says_where_it_comes_from() {
    let mut model = ward();
    model.set_unit_percent(0, Some(percent(95))).expect("own");
    assert_eq!(
        steps(&model, 0)[1],
        Step::Percent {
            percent: percent(95),
            source: PercentSource::Own
        }
    );
    assert_eq!(
        steps(&model, 2)[1],
        Step::Percent {
            percent: percent(95),
            source: PercentSource::Ancestor(UnitId(0))
        }
    );
    model
        .set_level_percent(1, Some(percent(80)))
        .expect("level");
    assert_eq!(
        steps(&model, 2)[1],
        Step::Percent {
            percent: percent(80),
            source: PercentSource::Level(1)
        }
    );
}

/// Under largest remainder every group's explanation gives the quota of the
/// ward's target, and the targets are its floor or ceiling.
#[test]
fn apportioned_units_show_their_quota_of_the_parent() {
    let mut model = ward();
    model.set_rounding(Rounding::LargestRemainder);
    let ward_target = model.allocation().target[0];
    // 4488 × 90% = 4039.2 → 4039.
    assert_eq!(ward_target, 4039);
    assert_eq!(
        steps(&model, 0).last(),
        Some(&Step::RootRounded { target: 4039 })
    );
    let exact: Vec<u128> = [1000u128, 1001, 999, 1488]
        .iter()
        .map(|e| e * 9000)
        .collect();
    let siblings: u128 = exact.iter().sum();
    for (group, exact) in exact.iter().enumerate() {
        let index = group + 1;
        let target = model.allocation().target[index];
        let expected = Step::Split {
            method: Rounding::LargestRemainder,
            parent: UnitId(0),
            parent_target: 4039,
            quota: Fraction {
                numerator: 4039 * exact,
                denominator: siblings,
            },
            target,
        };
        assert_eq!(steps(&model, index).last(), Some(&expected));
        let floor = (4039 * exact / siblings) as u64;
        assert!(
            target == floor || target == floor + 1,
            "{target} vs {floor}"
        );
    }
    model.set_rounding(Rounding::SainteLague);
    assert!(matches!(
        steps(&model, 1).last(),
        Some(Step::Split {
            method: Rounding::SainteLague,
            ..
        })
    ));
}

#[test]
fn sum_of_children_parents_are_sums() {
    let mut model = ward();
    model.set_rounding(Rounding::SumOfChildren);
    let children_sum: u64 = model.allocation().target[1..].iter().sum();
    assert_eq!(
        steps(&model, 0).last(),
        Some(&Step::SumOfChildren {
            children: 4,
            target: children_sum
        })
    );
    assert!(matches!(
        steps(&model, 1).last(),
        Some(Step::RoundedOnItsOwn { .. })
    ));
}

/// Locking one group moves its siblings: each says by how much and names
/// the lock; the moves add up to what the lock gave up.
#[test]
fn a_lock_explains_the_units_it_moved() {
    let mut model = ward();
    model.set_rounding(Rounding::LargestRemainder);
    let before: Vec<u64> = model.allocation().target.clone();
    assert_eq!(before, vec![4039, 900, 901, 899, 1339]);
    assert!((1..5).all(|i| model.moved_by_locks(i).is_none()));
    model.set_target(1, Some(850)).expect("lock");
    assert_eq!(steps(&model, 1).last(), Some(&Step::Locked { target: 850 }));
    assert_eq!(model.moved_by_locks(1), None, "the locked unit itself");
    assert_eq!(model.moved_by_locks(0), None, "the ward keeps its target");
    let mut moved = 0i128;
    for (index, &without) in before.iter().enumerate().skip(2) {
        let delta = model.moved_by_locks(index).expect("moved");
        assert!(delta > 0, "siblings take what the lock gave up");
        moved += delta;
        assert_eq!(
            steps(&model, index).last(),
            Some(&Step::MovedByLocks {
                without,
                target: model.allocation().target[index],
                locks: vec![(UnitId(1), 850)],
            })
        );
    }
    assert_eq!(moved, 50);
    let explanation = explain(&model, 2).expect("explained");
    let lines = explanation_lines(&explanation, model.plan(), Locale::Vi);
    assert!(
        lines.last().is_some_and(|l| l.contains("Tổ 1 (850)")),
        "{lines:?}"
    );
    // Per row, a lock moves nobody else.
    model.set_rounding(Rounding::PerRow);
    assert!((0..5).all(|i| model.moved_by_locks(i).is_none()));
}

/// A lock far below its share pushes the siblings to their eligible
/// counts: they say they are capped, and the ward, which cannot place the
/// rest, says the lock moved it.
#[test]
fn siblings_pushed_to_their_eligible_count_say_so() {
    let mut model = ward();
    model.set_rounding(Rounding::LargestRemainder);
    model.set_target(1, Some(200)).expect("lock");
    assert_eq!(model.allocation().target, vec![3688, 200, 1001, 999, 1488]);
    let tail = steps(&model, 2);
    assert_eq!(
        tail[tail.len() - 2..],
        [
            Step::Capped { eligible: 1001 },
            Step::MovedByLocks {
                without: 901,
                target: 1001,
                locks: vec![(UnitId(1), 200)]
            }
        ]
    );
    assert_eq!(model.moved_by_locks(0), Some(3688 - 4039));
    assert_eq!(
        steps(&model, 0).last(),
        Some(&Step::MovedByLocks {
            without: 4039,
            target: 3688,
            locks: vec![(UnitId(1), 200)]
        })
    );
}

#[test]
fn a_lock_above_eligible_is_capped() {
    let csv = "STT,Đơn vị,Số lượng,Chỉ tiêu\n1,Tổ 1,100,\n";
    let mut imported = import::import(csv.as_bytes(), "a.csv").expect("import");
    imported.plan.units[0].locked_target = Some(150);
    let model = PlannerModel::from_import(imported);
    assert_eq!(
        steps(&model, 0)[3..],
        [Step::Locked { target: 150 }, Step::Capped { eligible: 100 }]
    );
}

#[test]
fn every_unit_of_the_sample_is_explained_in_every_mode() {
    let mut model = PlannerModel::sample().expect("sample");
    for rounding in Rounding::ALL {
        model.set_rounding(rounding);
        for index in 0..model.plan().units.len() {
            let explanation = explain(&model, index).expect("explained");
            assert_eq!(explanation.target, model.allocation().target[index]);
            for locale in [Locale::Vi, Locale::En] {
                let lines = explanation_lines(&explanation, model.plan(), locale);
                assert!(lines.len() >= 4);
            }
        }
    }
    assert!(explain(&model, model.plan().units.len()).is_none());
}
