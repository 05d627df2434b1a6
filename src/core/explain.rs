//! "Why this number": a unit's target explained step by step, from its
//! counts to the rounding that produced it and whatever moved it (a lock, a
//! cap, the split of its parent's target, locks elsewhere). Every figure is
//! the engine's own, exact: shares and quotas are kept as fractions.

use super::allocate::Allocation;
use super::model::PlannerModel;
use super::percent::{Percent, SCALE};
use super::plan::{ExclusionCategory, Plan, Rounding, UnitId};

/// Where a unit's percentage comes from (the inheritance order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PercentSource {
    /// The unit's own percentage.
    Own,
    /// The percentage set for the unit's level.
    Level(u8),
    /// An ancestor's own percentage, inherited.
    Ancestor(UnitId),
    /// The plan-wide default.
    Plan,
}

/// An exact non-negative fraction, shown with a fixed number of decimals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fraction {
    pub numerator: u128,
    pub denominator: u128,
}

/// One step of an explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// eligible = base − exclusions (a parent's: its children's sums).
    Eligible {
        base: u64,
        exclusions: Vec<(ExclusionCategory, u64)>,
        excluded: u64,
        eligible: u64,
        from_children: bool,
    },
    /// The percentage applied, and where it comes from.
    Percent {
        percent: Percent,
        source: PercentSource,
    },
    /// eligible × percent, exactly.
    ExactShare { share: Fraction },
    /// Rounded half up on its own (per-row, and leaves in sum-of-children).
    RoundedOnItsOwn { target: u64 },
    /// The sum of its children's targets (sum-of-children, a parent).
    SumOfChildren { children: usize, target: u64 },
    /// A top unit in an apportioning mode: its exact share rounded half up.
    RootRounded { target: u64 },
    /// Its share of the parent's integer target, split by `method`: the
    /// quota (parent's target × its exact share ÷ the siblings' sum) and
    /// what it got.
    Split {
        method: Rounding,
        parent: UnitId,
        parent_target: u64,
        quota: Fraction,
        target: u64,
    },
    /// Typed by the planner: kept in every mode.
    Locked { target: u64 },
    /// Limited to the eligible count.
    Capped { eligible: u64 },
    /// Locks on other units moved this one: without them it would be
    /// `without`; the nearest locks that did it.
    MovedByLocks {
        without: u64,
        target: u64,
        locks: Vec<(UnitId, u64)>,
    },
}

/// A unit's target and the steps that produce it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    pub unit: UnitId,
    pub target: u64,
    pub steps: Vec<Step>,
}

/// Most locks named in one `MovedByLocks` step.
const LOCKS_NAMED: usize = 5;

/// Explains unit `index`'s target; `None` for an index outside the plan.
pub fn explain(model: &PlannerModel, index: usize) -> Option<Explanation> {
    let plan = model.plan();
    let alloc = model.allocation();
    let unit = plan.units.get(index)?;
    let target = *alloc.target.get(index)?;
    let leaf = plan.is_leaf(index);
    let mut steps = vec![eligible_step(plan, alloc, index, leaf)];
    steps.push(Step::Percent {
        percent: alloc.percent[index],
        source: percent_source(plan, index),
    });
    let rounding = plan.policy.rounding;
    let eligible = alloc.eligible[index];
    steps.push(Step::ExactShare {
        share: Fraction {
            numerator: u128::from(eligible) * u128::from(alloc.percent[index].hundredths()),
            denominator: u128::from(SCALE),
        },
    });
    if let Some(lock) = unit.locked_target {
        steps.push(Step::Locked { target: lock });
        if lock > eligible {
            steps.push(Step::Capped { eligible });
        }
        return Some(Explanation {
            unit: unit.id,
            target,
            steps,
        });
    }
    let parent = unit.parent.filter(|&p| p < index);
    match (rounding, parent) {
        (Rounding::PerRow, _) => steps.push(Step::RoundedOnItsOwn { target }),
        (Rounding::SumOfChildren, _) if leaf => steps.push(Step::RoundedOnItsOwn { target }),
        (Rounding::SumOfChildren, _) => steps.push(Step::SumOfChildren {
            children: plan.children(index).len(),
            target,
        }),
        (_, None) => steps.push(Step::RootRounded { target }),
        (method, Some(parent)) => {
            let siblings: u128 = plan.children(parent).iter().map(|&c| alloc.exact[c]).sum();
            let parent_target = alloc.target[parent];
            let quota = Fraction {
                numerator: u128::from(parent_target).saturating_mul(alloc.exact[index]),
                denominator: siblings.max(1),
            };
            steps.push(Step::Split {
                method,
                parent: plan.units[parent].id,
                parent_target,
                quota,
                target,
            });
        }
    }
    // Held at its eligible count by the split's bounds (locks elsewhere
    // pushed more onto it than it has).
    let rounded_share = super::percent::round_half_up(alloc.exact[index]);
    if rounding != Rounding::PerRow && target == eligible && target != rounded_share {
        steps.push(Step::Capped { eligible });
    }
    if model.moved_by_locks(index).is_some() {
        if let Some(unlocked) = model.unlocked_allocation() {
            steps.push(Step::MovedByLocks {
                without: unlocked.target[index],
                target,
                locks: nearest_locks(plan, index),
            });
        }
    }
    Some(Explanation {
        unit: unit.id,
        target,
        steps,
    })
}

fn eligible_step(plan: &Plan, alloc: &Allocation, index: usize, leaf: bool) -> Step {
    let exclusions = ExclusionCategory::ALL
        .into_iter()
        .filter_map(|category| {
            let count = if leaf {
                plan.units[index].exclusions[category.index()]
            } else {
                subtree(plan, index)
                    .filter(|&i| plan.is_leaf(i))
                    .map(|i| plan.units[i].exclusions[category.index()])
                    .fold(0u64, u64::saturating_add)
            };
            (count > 0).then_some((category, count))
        })
        .collect();
    Step::Eligible {
        base: alloc.base[index],
        exclusions,
        excluded: alloc.excluded[index],
        eligible: alloc.eligible[index],
        from_children: !leaf,
    }
}

fn percent_source(plan: &Plan, index: usize) -> PercentSource {
    let unit = &plan.units[index];
    if unit.percent_override.is_some() {
        return PercentSource::Own;
    }
    if plan.policy.level_percents.contains_key(&unit.level) {
        return PercentSource::Level(unit.level);
    }
    let mut up = unit.parent;
    while let Some(p) = up.filter(|&p| p < plan.units.len()) {
        if plan.units[p].percent_override.is_some() {
            return PercentSource::Ancestor(plan.units[p].id);
        }
        up = plan.units[p].parent.filter(|&q| q < p);
    }
    PercentSource::Plan
}

/// Unit `index` and its descendants: in appendix order a subtree is the
/// run of rows below it that are deeper than it.
fn subtree(plan: &Plan, index: usize) -> std::ops::Range<usize> {
    let level = plan.units[index].level;
    let end = plan.units[index + 1..]
        .iter()
        .position(|u| u.level <= level)
        .map_or(plan.units.len(), |offset| index + 1 + offset);
    index..end
}

/// The locks that moved unit `index`: those under the nearest ancestor
/// that has any outside the unit's own subtree, else those below it.
fn nearest_locks(plan: &Plan, index: usize) -> Vec<(UnitId, u64)> {
    let own = subtree(plan, index);
    let mut up = plan.units[index].parent;
    while let Some(ancestor) = up {
        let locks: Vec<(UnitId, u64)> = subtree(plan, ancestor)
            .filter(|i| !own.contains(i))
            .filter_map(|i| plan.units[i].locked_target.map(|t| (plan.units[i].id, t)))
            .take(LOCKS_NAMED)
            .collect();
        if !locks.is_empty() {
            return locks;
        }
        up = plan.units[ancestor].parent.filter(|&p| p < ancestor);
    }
    // A parent held by locks below it (its children cannot place the rest).
    own.skip(1)
        .filter_map(|i| plan.units[i].locked_target.map(|t| (plan.units[i].id, t)))
        .take(LOCKS_NAMED)
        .collect()
}
