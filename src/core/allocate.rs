//! From counts and percentages to integer targets, exactly.
//!
//! Every exact share is kept as a numerator over `percent::SCALE`
//! (eligible × hundredths of a percent), so no step uses floating point.

use super::percent::{exact_share, round_half_up, Percent};
use super::plan::{Plan, Rounding, UnitId};
use super::warning::{Warning, WarningKind};

/// The computed plan: one entry per unit, in appendix order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Allocation {
    /// Base used: a leaf's own, a parent's children's sum.
    pub base: Vec<u64>,
    /// Sum of exclusions (a parent's: its children's).
    pub excluded: Vec<u64>,
    /// base − excluded, never below zero.
    pub eligible: Vec<u64>,
    /// Effective percentage after inheritance.
    pub percent: Vec<Percent>,
    /// Exact share as a numerator over `SCALE`: a leaf's eligible × percent,
    /// a parent's the rule of the rounding mode (per-row: its own product;
    /// otherwise the sum of its children's).
    pub exact: Vec<u128>,
    pub target: Vec<u64>,
    pub warnings: Vec<Warning>,
}

impl Allocation {
    /// Totals of the top-level units.
    pub fn totals(&self, plan: &Plan) -> Totals {
        let mut totals = Totals::default();
        for (index, unit) in plan.units.iter().enumerate() {
            if unit.parent.is_none() {
                totals.base += self.base[index];
                totals.excluded += self.excluded[index];
                totals.eligible += self.eligible[index];
                totals.target += self.target[index];
            }
        }
        totals.units = plan.units.len() as u64;
        totals
    }
}

/// Plan-wide sums over the top-level units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub base: u64,
    pub excluded: u64,
    pub eligible: u64,
    pub target: u64,
    /// Number of units in the plan.
    pub units: u64,
}

/// Computes every unit's target under the plan's policy.
pub fn allocate(plan: &Plan) -> Allocation {
    let n = plan.units.len();
    let mut out = Allocation {
        base: vec![0; n],
        excluded: vec![0; n],
        eligible: vec![0; n],
        percent: vec![plan.policy.default_percent; n],
        exact: vec![0; n],
        target: vec![0; n],
        warnings: Vec::new(),
    };
    sum_counts(plan, &mut out);
    inherit_percents(plan, &mut out);
    match plan.policy.rounding {
        Rounding::PerRow => per_row(plan, &mut out),
        Rounding::SumOfChildren => sum_of_children(plan, &mut out),
        // Top-down apportionment lands with the allocation engine (issue 4);
        // until then these modes fall back to per-row, visibly.
        Rounding::LargestRemainder | Rounding::SainteLague => per_row(plan, &mut out),
    }
    out
}

/// Bases and exclusions bottom-up; warns where a parent's declared base
/// differs from its children's sum, or exclusions exceed a base.
fn sum_counts(plan: &Plan, out: &mut Allocation) {
    let n = plan.units.len();
    let mut child_base = vec![0u64; n];
    let mut child_excluded = vec![0u64; n];
    let mut has_children = vec![false; n];
    for index in (0..n).rev() {
        let unit = &plan.units[index];
        let (base, excluded) = if has_children[index] {
            if child_base[index] != unit.base {
                out.warnings.push(Warning::unit(
                    unit.id,
                    WarningKind::ParentBaseMismatch {
                        declared: unit.base,
                        children: child_base[index],
                    },
                ));
            }
            (child_base[index], child_excluded[index])
        } else {
            let excluded = unit
                .exclusions
                .iter()
                .fold(0u64, |a, &b| a.saturating_add(b));
            (unit.base, excluded)
        };
        if excluded > base && !has_children[index] {
            out.warnings.push(Warning::unit(
                unit.id,
                WarningKind::ExclusionsExceedBase { base, excluded },
            ));
        }
        out.base[index] = base;
        out.excluded[index] = excluded;
        out.eligible[index] = base.saturating_sub(excluded);
        if let Some(parent) = unit.parent {
            child_base[parent] = child_base[parent].saturating_add(base);
            child_excluded[parent] = child_excluded[parent].saturating_add(excluded);
            has_children[parent] = true;
        }
    }
    // Warnings were found bottom-up; show them in appendix order.
    out.warnings.reverse();
}

/// Own override, else the level's, else the nearest ancestor's override,
/// else the plan-wide default.
fn inherit_percents(plan: &Plan, out: &mut Allocation) {
    let policy = &plan.policy;
    let mut inherited: Vec<Option<Percent>> = vec![None; plan.units.len()];
    for (index, unit) in plan.units.iter().enumerate() {
        let from_ancestor = unit.parent.and_then(|p| inherited[p]);
        inherited[index] = unit.percent_override.or(from_ancestor);
        out.percent[index] = unit
            .percent_override
            .or_else(|| policy.level_percents.get(&unit.level).copied())
            .or(from_ancestor)
            .unwrap_or(policy.default_percent);
    }
}

/// Each unit on its own: round half up of eligible × percent; a lock wins.
fn per_row(plan: &Plan, out: &mut Allocation) {
    for (index, unit) in plan.units.iter().enumerate() {
        let exact = exact_share(out.eligible[index], out.percent[index]);
        out.exact[index] = exact;
        out.target[index] = unit.locked_target.unwrap_or_else(|| round_half_up(exact));
    }
}

/// Leaves per row, each parent the sum of its children.
fn sum_of_children(plan: &Plan, out: &mut Allocation) {
    per_row(plan, out);
    for index in (0..plan.units.len()).rev() {
        if !plan.is_leaf(index) {
            let sum: u64 = plan.children(index).iter().map(|&c| out.target[c]).sum();
            let exact: u128 = plan.children(index).iter().map(|&c| out.exact[c]).sum();
            out.exact[index] = exact;
            out.target[index] = sum;
        }
    }
}

/// Where children's targets do not add up to their parent's (per-row mode):
/// (parent, children's sum − parent's target).
pub fn child_sum_differences(plan: &Plan, alloc: &Allocation) -> Vec<(UnitId, i128)> {
    let mut out = Vec::new();
    for (index, unit) in plan.units.iter().enumerate() {
        let children = plan.children(index);
        if children.is_empty() {
            continue;
        }
        let sum: u128 = children.iter().map(|&c| u128::from(alloc.target[c])).sum();
        let diff = sum as i128 - i128::from(alloc.target[index]);
        if diff != 0 {
            out.push((unit.id, diff));
        }
    }
    out
}
