//! Plans the export tests write: the Sóc Trăng sample in every rounding
//! mode with exclusions (one above its base), locks (a leaf, a parent, one
//! above eligible through a raw batch), percentage overrides (a unit's and
//! a level's), daily targets and names a spreadsheet could take for
//! formulas; and a plan of exact halves for ROUND.
#![allow(dead_code)]

use quota_planner::core::model::{Edit, PlannerModel};
use quota_planner::core::percent::Percent;
use quota_planner::core::plan::{ExclusionCategory, Plan, Rounding, Unit, UnitId};

pub fn percent(hundredths: u64) -> Percent {
    Percent::from_hundredths(hundredths).expect("percent")
}

/// Names that start like a formula, a command or a cell reference.
pub const RISKY_NAMES: [&str; 5] = [
    "=HYPERLINK(\"http://example.invalid\",\"x\")",
    "+84 Ấp Mới",
    "-2+3",
    "@SUM(A1:A9)",
    "=1+1",
];

/// The sample with every kind of edit, in `rounding`.
pub fn rich(rounding: Rounding) -> PlannerModel {
    let mut model = PlannerModel::sample().expect("sample");
    let plan = model.plan();
    let leaves: Vec<usize> = (0..plan.units.len()).filter(|&i| plan.is_leaf(i)).collect();
    let base = |i: usize| model.plan().units[i].base;
    let mut edits = vec![
        Edit::Exclusion(leaves[0], ExclusionCategory::Died, 4),
        Edit::Exclusion(leaves[0], ExclusionCategory::MilitaryService, 185),
        Edit::Exclusion(leaves[1], ExclusionCategory::Abroad, 207),
        Edit::Exclusion(leaves[5], ExclusionCategory::NoPhone, 111),
        Edit::Exclusion(leaves[9], ExclusionCategory::Other, 6),
        // More excluded than counted: eligible is 0, not negative.
        Edit::Exclusion(leaves[20], ExclusionCategory::Prison, base(leaves[20]) + 5),
        Edit::UnitPercent(leaves[2], Some(percent(8750))),
        Edit::UnitPercent(leaves[3], Some(percent(8725))),
        Edit::UnitPercent(leaves[4], Some(percent(10000))),
        Edit::UnitPercent(leaves[6], Some(percent(0))),
        Edit::LevelPercent(1, Some(percent(9225))),
        Edit::Target(leaves[7], Some(1000)),
        // A district locked: its communes are split from it in the
        // apportioning modes.
        Edit::Target(10, Some(40_000)),
        // Above its eligible count (only a raw batch can do this).
        Edit::Target(leaves[30], Some(base(leaves[30]) + 10)),
        Edit::Daily(leaves[8], Some(196)),
        Edit::Rounding(rounding),
    ];
    for (k, name) in RISKY_NAMES.iter().enumerate() {
        edits.push(Edit::Name(leaves[40 + k], name.to_string()));
    }
    assert_eq!(model.apply_batch(edits), Ok(true), "the edits apply");
    model
}

/// Units whose eligible × percent is exactly k + ½, with percentages
/// spread over 0–100%: every half tie ROUND must round up.
pub fn halves() -> PlannerModel {
    let mut units = vec![Unit::new(UnitId(0), "", "Tỉnh Thử", 0, None)];
    let mut k = 0usize;
    for eligible in 1..=400u64 {
        let solutions: Vec<u64> = (1..=10_000u64)
            .filter(|h| (eligible * h) % 10_000 == 5_000)
            .collect();
        if solutions.is_empty() {
            continue;
        }
        k += 1;
        let h = solutions[(eligible as usize * 7919) % solutions.len()];
        let index = units.len();
        let mut unit = Unit::new(
            UnitId(index as u32),
            &k.to_string(),
            &format!("Xã {eligible}"),
            1,
            Some(0),
        );
        unit.base = eligible;
        unit.percent_override = Some(percent(h));
        units.push(unit);
    }
    PlannerModel::new(Plan::new("Nửa đơn vị", units))
}

pub fn all_rich() -> Vec<(Rounding, PlannerModel)> {
    Rounding::ALL.into_iter().map(|r| (r, rich(r))).collect()
}
