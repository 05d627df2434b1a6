//! From counts and percentages to integer targets, exactly.
//!
//! Every exact share is kept as a numerator over `percent::SCALE`
//! (eligible × hundredths of a percent), so no step uses floating point.
//!
//! # Rounding modes
//! - **Per-row**: each unit is round-half-up(eligible × percent) on its own,
//!   as published appendices are; children need not add up to their parent.
//! - **Largest remainder** (Hamilton) and **Sainte-Laguë** (Webster): a
//!   leaf's exact share is eligible × percent, a parent's the sum of its
//!   children's. Each top unit (root) gets round-half-up of its exact share;
//!   every parent's integer target is then split among its children in
//!   proportion to their exact shares (see [`apportion`]), so every level
//!   adds up exactly and no unit gets more than its eligible count.
//! - **Sum of children**: leaves per row, every parent the sum of its
//!   children.
//!
//! # Locked targets (breakback)
//! A lock is a target typed by the planner. It is never changed by a
//! recompute, in any mode; a lock above the unit's eligible count (only
//! possible from a loaded file or a raw batch, the model refuses it) is
//! computed as the eligible count and warned about (`LockAboveEligible`).
//! - Per-row: a locked unit shows its lock; every other unit stays per row
//!   (a locked parent's children are not re-split: per-row never adds up).
//! - Largest remainder / Sainte-Laguë: locks act as bounds. An unlocked unit
//!   must hold the locks below it (`lo`) and can hold at most its eligible
//!   count, less where locks below it leave less room (`hi`); splits respect
//!   these bounds, so locks deep in the tree are honoured while every level
//!   still adds up. An unlocked unit whose locked descendants need more
//!   than its proportional share is raised to hold them (its siblings give
//!   way); a root is raised above its rounded share the same way. Only a
//!   *locked* parent can be infeasible: if its locked children need more
//!   than its lock, they keep their locks, the unlocked children get their
//!   minimum (0 without locks below them) and `LocksExceedParent` is
//!   warned; if its children cannot hold its lock (locked too low and the
//!   rest capped by eligible counts), they get their maximum and
//!   `LocksShortOfParent` is warned. No lock is ever lost.
//! - Sum of children: parents are sums, so locks below an unlocked parent
//!   simply add up. A locked parent cannot be a sum, so its subtree is
//!   broken back from its lock by largest remainder (as in that mode, with
//!   the same bounds and warnings); its unlocked ancestors then sum it.

mod apportion;
mod wide;

pub use apportion::Method;

use super::percent::{exact_share, round_half_up, Percent};
use super::plan::{Plan, Rounding, UnitId};
use super::warning::{Warning, WarningKind};

use apportion::{split, Inputs, Scratch};

/// The computed plan: one entry per unit, in appendix order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Allocation {
    /// Base used: a leaf's own, a parent's children's sum.
    pub base: Vec<u64>,
    /// Exclusions: a leaf's as read; a parent's the sum of those that
    /// counted below it (at most each child's base), so that a parent's
    /// eligible is exactly its children's sum.
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
        for index in 0..plan.units.len().min(self.target.len()) {
            if parent_of(plan, index).is_none() {
                totals.base = totals.base.saturating_add(self.base[index]);
                totals.excluded = totals.excluded.saturating_add(self.excluded[index]);
                totals.eligible = totals.eligible.saturating_add(self.eligible[index]);
                totals.target = totals.target.saturating_add(self.target[index]);
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

/// A unit's parent, if it is a valid earlier row. A parent index that does
/// not come before its child (a malformed plan) makes the unit a root, as
/// `Plan::reindex` does, so no index can run out of bounds.
fn parent_of(plan: &Plan, index: usize) -> Option<usize> {
    plan.units[index].parent.filter(|&p| p < index)
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
    let locks = effective_locks(plan, &mut out);
    match plan.policy.rounding {
        Rounding::PerRow => per_row(plan, &locks, &mut out),
        Rounding::SumOfChildren => sum_of_children(plan, &locks, &mut out),
        Rounding::LargestRemainder => top_down(plan, &locks, Method::LargestRemainder, &mut out),
        Rounding::SainteLague => top_down(plan, &locks, Method::SainteLague, &mut out),
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
        // Never below zero: over-counted exclusions leave nobody eligible.
        out.eligible[index] = base.saturating_sub(excluded);
        if let Some(parent) = parent_of(plan, index) {
            child_base[parent] = child_base[parent].saturating_add(base);
            // Only exclusions that counted reach the parent: a ward that
            // excludes more than it has must not eat into its siblings'
            // eligible counts, so a parent's eligible is its children's sum.
            let counted = base - out.eligible[index];
            child_excluded[parent] = child_excluded[parent].saturating_add(counted);
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
        let from_ancestor = parent_of(plan, index).and_then(|p| inherited[p]);
        inherited[index] = unit.percent_override.or(from_ancestor);
        out.percent[index] = unit
            .percent_override
            .or_else(|| policy.level_percents.get(&unit.level).copied())
            .or(from_ancestor)
            .unwrap_or(policy.default_percent);
    }
}

/// Locks as computed: a lock above eligible counts as eligible (warned).
/// `u64::MAX` marks "no lock" so the hot loops read a plain slice.
const UNLOCKED: u64 = u64::MAX;

fn effective_locks(plan: &Plan, out: &mut Allocation) -> Vec<u64> {
    let mut locks = vec![UNLOCKED; plan.units.len()];
    for (index, unit) in plan.units.iter().enumerate() {
        if let Some(lock) = unit.locked_target {
            let eligible = out.eligible[index];
            if lock > eligible {
                out.warnings.push(Warning::unit(
                    unit.id,
                    WarningKind::LockAboveEligible {
                        target: lock,
                        eligible,
                    },
                ));
            }
            locks[index] = lock.min(eligible);
        }
    }
    locks
}

fn lock_of(locks: &[u64], index: usize) -> Option<u64> {
    Some(locks[index]).filter(|&l| l != UNLOCKED)
}

/// Each unit on its own: round half up of eligible × percent; a lock wins.
fn per_row(plan: &Plan, locks: &[u64], out: &mut Allocation) {
    for index in 0..plan.units.len() {
        let exact = exact_share(out.eligible[index], out.percent[index]);
        out.exact[index] = exact;
        out.target[index] = lock_of(locks, index).unwrap_or_else(|| round_half_up(exact));
    }
}

/// Leaf exact shares, and each parent's as the sum of its children's.
fn exact_sums(plan: &Plan, out: &mut Allocation) {
    let n = plan.units.len();
    for index in 0..n {
        out.exact[index] = if plan.is_leaf(index) {
            exact_share(out.eligible[index], out.percent[index])
        } else {
            0
        };
    }
    for index in (0..n).rev() {
        if let Some(parent) = parent_of(plan, index) {
            out.exact[parent] = out.exact[parent].saturating_add(out.exact[index]);
        }
    }
}

/// Bounds every unit's target must respect so that all locks hold:
/// `lo` = the locks it must contain, `hi` = the most it can hold; and the
/// sums of its children's bounds (which a locked unit may violate).
struct Bounds {
    lo: Vec<u64>,
    hi: Vec<u64>,
    children_lo: Vec<u64>,
    children_hi: Vec<u64>,
}

fn bounds(plan: &Plan, locks: &[u64], eligible: &[u64]) -> Bounds {
    let n = plan.units.len();
    let mut b = Bounds {
        lo: vec![0; n],
        hi: vec![0; n],
        children_lo: vec![0; n],
        children_hi: vec![0; n],
    };
    for index in (0..n).rev() {
        let (lo, hi) = match lock_of(locks, index) {
            Some(lock) => (lock, lock),
            None if plan.is_leaf(index) => (0, eligible[index]),
            // lo ≤ eligible: each child's lo is at most its eligible count.
            None => (
                b.children_lo[index],
                b.children_hi[index].min(eligible[index]),
            ),
        };
        b.lo[index] = lo;
        b.hi[index] = hi;
        if let Some(parent) = parent_of(plan, index) {
            b.children_lo[parent] = b.children_lo[parent].saturating_add(lo);
            b.children_hi[parent] = b.children_hi[parent].saturating_add(hi);
        }
    }
    b
}

/// Splits `index`'s target among its children, or warns and keeps every
/// lock when that is impossible (only under a locked parent).
fn split_children(
    plan: &Plan,
    index: usize,
    method: Method,
    b: &Bounds,
    out: &mut Allocation,
    scratch: &mut Scratch,
) {
    let children = plan.children(index);
    if children.is_empty() {
        return;
    }
    let total = out.target[index];
    let id = plan.units[index].id;
    if total < b.children_lo[index] {
        out.warnings.push(Warning::unit(
            id,
            WarningKind::LocksExceedParent {
                locked: b.children_lo[index],
                parent: total,
            },
        ));
        for &c in children {
            out.target[c] = b.lo[c];
        }
    } else if total > b.children_hi[index] {
        out.warnings.push(Warning::unit(
            id,
            WarningKind::LocksShortOfParent {
                room: b.children_hi[index],
                parent: total,
            },
        ));
        for &c in children {
            out.target[c] = b.hi[c];
        }
    } else {
        let inputs = Inputs {
            weight: &out.exact,
            fallback: &out.eligible,
            lo: &b.lo,
            hi: &b.hi,
        };
        split(method, total, children, &inputs, &mut out.target, scratch);
    }
}

/// Largest remainder / Sainte-Laguë: roots rounded half up (within their
/// bounds), then every parent split among its children, top-down.
fn top_down(plan: &Plan, locks: &[u64], method: Method, out: &mut Allocation) {
    exact_sums(plan, out);
    let b = bounds(plan, locks, &out.eligible);
    let mut scratch = Scratch::default();
    for index in 0..plan.units.len() {
        if parent_of(plan, index).is_none() {
            out.target[index] = match lock_of(locks, index) {
                Some(lock) => lock,
                None => round_half_up(out.exact[index]).clamp(b.lo[index], b.hi[index]),
            };
        }
        split_children(plan, index, method, &b, out, &mut scratch);
    }
}

/// Leaves per row, each parent the sum of its children; a locked parent's
/// subtree is broken back from its lock by largest remainder.
fn sum_of_children(plan: &Plan, locks: &[u64], out: &mut Allocation) {
    let n = plan.units.len();
    exact_sums(plan, out);
    // Units inside a locked parent's subtree are split, not summed.
    let mut split_from_above = vec![false; n];
    let mut any = false;
    for index in 0..n {
        if let Some(parent) = parent_of(plan, index) {
            split_from_above[index] = split_from_above[parent] || lock_of(locks, parent).is_some();
            any |= split_from_above[index];
        }
    }
    for index in (0..n).rev() {
        if split_from_above[index] {
            continue;
        }
        out.target[index] = match lock_of(locks, index) {
            Some(lock) => lock,
            None if plan.is_leaf(index) => round_half_up(out.exact[index]),
            None => plan
                .children(index)
                .iter()
                .fold(0u64, |a, &c| a.saturating_add(out.target[c])),
        };
    }
    if any {
        let b = bounds(plan, locks, &out.eligible);
        let mut scratch = Scratch::default();
        for (index, &inside) in split_from_above.iter().enumerate() {
            if inside || lock_of(locks, index).is_some() {
                split_children(plan, index, Method::LargestRemainder, &b, out, &mut scratch);
            }
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
