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
//!   proportion to their exact shares (see `apportion.rs`), so every level
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
//!
//! # What the methods cannot promise (tests/allocation_limits.rs)
//! - **Quota**: Hamilton gives every child the floor or ceiling of its
//!   quota (parent target × exact share / siblings' sum) unless a cap or
//!   lock binds. Sainte-Laguë can break it: one 193-strong unit among six
//!   tiny ones at 54% gets 103 with a quota of 104.5.
//! - **Within one of the exact share**: each split is exact with respect to
//!   the parent's *integer* target, but that target was itself rounded, so
//!   nested splits drift. Over random trees of depth ≤ 6 (~220,000 units,
//!   bases mixed from 0–20 to 0–2,000,000) the worst drift from
//!   eligible × percent was 1.47 (Hamilton; 40 units ≥ 1 off) and 3.39
//!   (Sainte-Laguë; 308 units ≥ 1 off, mostly a large unit beside many
//!   tiny ones). On the Sóc Trăng sample every unit stays within 1.
//! - **Monotonicity**: with one percentage for all units, raising it never
//!   lowers a unit under Sainte-Laguë (exact shares scale together, each
//!   root's target rises, and a divisor method is house-monotone at every
//!   split, bounds included; property-tested). It can under Hamilton (the
//!   Alabama paradox: 14, 19, 1 at 60% → 61% takes the small unit from 1 to
//!   0). With units on their own or a level's percentage the proportions
//!   change, and Sainte-Laguë can lower a unit too (11 at 98%, 6 and 5 at
//!   10% → 11%: 11 → 10).

mod apportion;
mod wide;

pub use apportion::Method;

use super::percent::{exact_share, round_half_up, Percent, SCALE};
use super::plan::{fill_child_lists, Plan, Rounding, Unit, UnitId};
use super::warning::{Warning, WarningKind};

use std::cell::RefCell;

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
    /// What the last computation read out of the unit structs, for the
    /// next `allocate_update`.
    inputs: UnitInputs,
}

impl Allocation {
    /// Tells the allocation that a unit's base, exclusions, percentage or
    /// lock changed, or units were added or removed: the next
    /// `allocate_update` reads every unit again. Plan-wide and level
    /// percentages and the rounding mode need no call.
    pub fn units_changed(&mut self) {
        self.inputs.valid = false;
    }

    /// Tells the allocation that one unit's base, exclusions, percentage
    /// or lock changed (no unit added or removed): the next
    /// `allocate_update` reads that unit again, not all of them.
    pub fn unit_changed(&mut self, index: usize) {
        if self.inputs.valid {
            self.inputs.changed.push(index);
        }
    }

    /// Whether some unit's target was locked when this was computed.
    pub fn has_locks(&self) -> bool {
        self.inputs.any_lock
    }

    /// Totals of the top-level units.
    pub fn totals(&self, plan: &Plan) -> Totals {
        let mut totals = Totals::default();
        let n = plan.units.len().min(self.target.len());
        let add = |index: usize| {
            totals.base = totals.base.saturating_add(self.base[index]);
            totals.excluded = totals.excluded.saturating_add(self.excluded[index]);
            totals.eligible = totals.eligible.saturating_add(self.eligible[index]);
            totals.target = totals.target.saturating_add(self.target[index]);
        };
        // The plan's list of roots when it has one (a plan with units
        // always has a root once indexed); else every unit is looked at.
        match plan.roots() {
            [] => (0..n)
                .filter(|&i| parent_of(plan, i).is_none())
                .for_each(add),
            roots => roots.iter().copied().filter(|&i| i < n).for_each(add),
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
#[inline(always)]
fn parent_of(plan: &Plan, index: usize) -> Option<usize> {
    plan.units[index].parent.filter(|&p| p < index)
}

const NO_PARENT: usize = usize::MAX;

/// The tree as flat arrays, built in the one pass over the units: the
/// unit structs are large (names, codes), so the hot loops read only these.
#[derive(Clone, Debug, Default)]
struct Tree {
    /// Unit ids, for warnings without touching the unit structs again.
    id: Vec<UnitId>,
    parent: Vec<usize>,
    /// Children of `i` are `child_list[child_start[i]..child_start[i + 1]]`,
    /// in appendix order.
    child_start: Vec<usize>,
    child_list: Vec<usize>,
}

impl Tree {
    #[inline(always)]
    fn children(&self, index: usize) -> &[usize] {
        &self.child_list[self.child_start[index]..self.child_start[index + 1]]
    }
}

/// A base the file did not give (see `Unit::base_given`), as read into
/// `Allocation::base` before the bottom-up pass replaces it.
const BASE_NOT_GIVEN: u64 = u64::MAX;

/// Locks as computed; `UNLOCKED` marks "no lock" so hot loops read a plain
/// slice.
const UNLOCKED: u64 = u64::MAX;

#[inline(always)]
fn lock_of(locks: &[u64], index: usize) -> Option<u64> {
    Some(locks[index]).filter(|&l| l != UNLOCKED)
}

/// What a computation reads out of the unit structs, as flat arrays: kept
/// in the allocation so that a recompute after a plan-wide or a level's
/// percentage, or a new rounding mode, reads none of the (large) unit
/// structs again (`allocate_update`), until `Allocation::units_changed`.
#[derive(Clone, Debug, Default)]
struct UnitInputs {
    /// Whether the arrays hold what the units hold now, but for the units
    /// in `changed`.
    valid: bool,
    /// Units to read again (see `Allocation::unit_changed`).
    changed: Vec<usize>,
    /// The locks mode they were read with.
    locks_read: Option<Locks>,
    /// Where a read over several calls (`allocate_read_some`) goes on.
    reading: Option<usize>,
    tree: Tree,
    /// Bases as read, `BASE_NOT_GIVEN` for one the file left blank.
    base: Vec<u64>,
    /// Each unit's exclusions added up.
    excluded: Vec<u64>,
    /// Locks as read, `UNLOCKED` for none.
    locks: Vec<u64>,
    /// The unit's own percentage.
    own_percent: Vec<Option<Percent>>,
    level: Vec<u8>,
    /// Whether some unit has a percentage of its own / a lock.
    any_own_percent: bool,
    any_lock: bool,
}

/// A cache, not part of what an allocation is: two allocations are equal
/// when their figures are.
impl PartialEq for UnitInputs {
    fn eq(&self, _: &UnitInputs) -> bool {
        true
    }
}

impl UnitInputs {
    fn holds(&self, n: usize, locks: Locks) -> bool {
        self.valid && self.locks_read == Some(locks) && self.base.len() == n
    }
}

/// Working arrays of a recompute, kept per thread between calls: fresh
/// multi-megabyte vectors on every call cost more in page faults than the
/// whole computation (a 100,000-unit plan keeps about 5 MB here).
#[derive(Default)]
struct Workspace {
    /// `locks` holds `UNLOCKED` only (as read from a plan without locks,
    /// which no pass changes): a plan without locks copies nothing.
    locks_clear: bool,
    inherited: Vec<Option<Percent>>,
    locks: Vec<u64>,
    bounds: Bounds,
    flags: Vec<bool>,
    /// Lock warnings, found bottom-up with the count warnings.
    lock_warnings: Vec<Warning>,
    scratch: Scratch,
}

thread_local! {
    static WORKSPACE: RefCell<Workspace> = RefCell::new(Workspace::default());
}

/// Makes `v` at least `to` long, keeping what it holds, with room for
/// `n` (one allocation, not one per doubling).
fn grow<T: Clone>(v: &mut Vec<T>, n: usize, to: usize, value: T) {
    if v.len() < to {
        v.reserve_exact(n.saturating_sub(v.len()));
        v.resize(to, value);
    }
}

/// Makes `v` `n` long without clearing what it holds: for arrays that a
/// pass overwrites entirely before reading.
fn size<T: Clone>(v: &mut Vec<T>, n: usize, value: T) {
    v.truncate(n);
    v.resize(n, value);
}

/// Computes every unit's target under the plan's policy.
pub fn allocate(plan: &Plan) -> Allocation {
    let mut out = Allocation::default();
    allocate_into(plan, &mut out);
    out
}

/// Like [`allocate`], reusing `out`'s buffers (the model recomputes into
/// its previous allocation).
pub fn allocate_into(plan: &Plan, out: &mut Allocation) {
    allocate_with(plan, out, Locks::Keep);
}

/// Whether locked targets take part in a computation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Locks {
    Keep,
    /// As if no target were locked: what the plan would give without them,
    /// to tell which units the locks moved and by how much.
    Ignore,
}

/// [`allocate_into`] with or without the plan's locks.
pub fn allocate_with(plan: &Plan, out: &mut Allocation, locks: Locks) {
    out.units_changed();
    allocate_update(plan, out, locks);
}

/// The first half of a fresh allocation, a range of units at a time (a
/// new plan's allocation is built over several of the page's tasks; the
/// whole read of a million units was one task of 50–120 ms): reads the
/// unit structs into `out`, so that the computation after it
/// (`allocate_staged` or `allocate_update`, with `Locks::Keep`) reads none.
/// Reads up to `units` units from `from` and returns where the next call
/// starts; the read is complete when that is the plan's number of units.
/// A call from 0, or one that does not follow the last, starts again from
/// the first unit.
pub fn allocate_read_some(plan: &Plan, out: &mut Allocation, from: usize, units: usize) -> usize {
    let n = plan.units.len();
    let inputs = &mut out.inputs;
    let from = match from > 0 && inputs.reading == Some(from) && inputs.base.len() == from {
        true => from,
        false => {
            read_begin(n, inputs);
            0
        }
    };
    let to = from.saturating_add(units.max(1)).min(n);
    read_rows(plan, inputs, from, to, Locks::Keep);
    // The computation's arrays grow with the read, so that their fresh
    // memory is touched a range per call too, not all in its first part.
    let percent = plan.policy.default_percent;
    for column in [
        &mut out.base,
        &mut out.excluded,
        &mut out.eligible,
        &mut out.target,
    ] {
        grow(column, n, to, 0);
    }
    grow(&mut out.percent, n, to, percent);
    grow(&mut out.exact, n, to, 0);
    if to == n {
        read_end(inputs, Locks::Keep);
    } else {
        inputs.reading = Some(to);
    }
    to
}

/// [`allocate_with`] reading the unit structs only when
/// `Allocation::units_changed` was called since the last computation into
/// `out` (or its size or locks mode differ): the model's recompute, which
/// calls it for every edit of a unit.
pub fn allocate_update(plan: &Plan, out: &mut Allocation, locks: Locks) {
    let done = WORKSPACE.try_with(|ws| match ws.try_borrow_mut() {
        Ok(mut ws) => {
            compute(plan, out, &mut ws, locks);
            true
        }
        Err(_) => false,
    });
    if done != Ok(true) {
        compute(plan, out, &mut Workspace::default(), locks);
    }
}

fn compute(plan: &Plan, out: &mut Allocation, ws: &mut Workspace, use_locks: Locks) {
    let inputs = prepare(plan, out, ws, use_locks);
    add_up(plan, &inputs, out, ws);
    round_targets(plan, &inputs, out, ws);
    out.inputs = inputs;
}

/// A computation's first part: sizes `out`, reads what changed in the
/// units, and sets every unit's percentage (`from_inputs`). Returns the
/// inputs, out of `out` while `out` is written (a move of a few pointers).
fn prepare(plan: &Plan, out: &mut Allocation, ws: &mut Workspace, use_locks: Locks) -> UnitInputs {
    let n = plan.units.len();
    // Every array below is written in full by `from_inputs`, `sum_up` or
    // the rounding mode before it is read.
    size(&mut out.base, n, 0);
    size(&mut out.excluded, n, 0);
    size(&mut out.eligible, n, 0);
    size(&mut out.percent, n, plan.policy.default_percent);
    size(&mut out.exact, n, 0);
    size(&mut out.target, n, 0);
    out.warnings.clear();
    let mut inputs = std::mem::take(&mut out.inputs);
    if !inputs.holds(n, use_locks) {
        read_units(plan, &mut inputs, use_locks);
    } else if !inputs.changed.is_empty() {
        read_again(plan, &mut inputs, use_locks);
    }
    from_inputs(plan, &inputs, out, ws);
    inputs
}

/// A computation's second part: the bottom-up pass (`sum_up`).
fn add_up(plan: &Plan, inputs: &UnitInputs, out: &mut Allocation, ws: &mut Workspace) {
    let Workspace {
        locks,
        bounds,
        lock_warnings,
        ..
    } = ws;
    let apportion = plan.policy.rounding != Rounding::PerRow;
    sum_up(inputs, locks, apportion, bounds, lock_warnings, out);
}

/// A computation's last part: the targets by the plan's rounding mode.
fn round_targets(plan: &Plan, inputs: &UnitInputs, out: &mut Allocation, ws: &mut Workspace) {
    let Workspace {
        locks,
        bounds,
        flags,
        scratch,
        ..
    } = ws;
    let tree = &inputs.tree;
    match plan.policy.rounding {
        Rounding::PerRow => per_row(locks, out),
        Rounding::SumOfChildren => sum_of_children(tree, locks, bounds, flags, scratch, out),
        Rounding::LargestRemainder => {
            top_down(tree, locks, Method::LargestRemainder, bounds, scratch, out)
        }
        Rounding::SainteLague => top_down(tree, locks, Method::SainteLague, bounds, scratch, out),
    }
}

/// A fresh allocation's computation cut where its passes meet, one part
/// per call (`allocate_staged`), so that a new plan's first computation is
/// three of the page's tasks rather than one (70–100 ms at a million units
/// the first time, before the engine has optimised it). It works in
/// arrays of its own, so that other computations in between (of the plan
/// still open) cannot touch them.
#[derive(Default)]
pub struct Staged {
    ws: Workspace,
    /// The inputs between the parts, and whether the bottom-up pass is done.
    inputs: Option<(UnitInputs, bool)>,
}

/// The next part of `allocate_update(plan, out, locks)` (see `Staged`);
/// true once `out` is computed. `plan` and `out` must not change between
/// the calls of one computation.
pub fn allocate_staged(
    plan: &Plan,
    out: &mut Allocation,
    staged: &mut Staged,
    locks: Locks,
) -> bool {
    let ws = &mut staged.ws;
    match staged.inputs.take() {
        None => {
            staged.inputs = Some((prepare(plan, out, ws, locks), false));
            false
        }
        Some((inputs, false)) => {
            add_up(plan, &inputs, out, ws);
            staged.inputs = Some((inputs, true));
            false
        }
        Some((inputs, true)) => {
            round_targets(plan, &inputs, out, ws);
            out.inputs = inputs;
            // Its arrays, sized for this plan, serve the recomputes to come.
            let _ = WORKSPACE.try_with(|shared| {
                if let Ok(mut shared) = shared.try_borrow_mut() {
                    std::mem::swap(&mut *shared, ws);
                }
            });
            *ws = Workspace::default();
            true
        }
    }
}

/// The one pass over the unit structs: parents, declared bases, exclusions,
/// locks, own percentages and levels, into `inputs`.
fn read_units(plan: &Plan, inputs: &mut UnitInputs, use_locks: Locks) {
    let n = plan.units.len();
    read_begin(n, inputs);
    read_rows(plan, inputs, 0, n, use_locks);
    read_end(inputs, use_locks);
}

/// Empties the arrays `read_rows` fills, with room for `n` units, and
/// marks them as not holding the units yet.
fn read_begin(n: usize, inputs: &mut UnitInputs) {
    inputs.valid = false;
    inputs.reading = None;
    let tree = &mut inputs.tree;
    fresh(&mut tree.id, n);
    fresh(&mut tree.parent, n);
    fresh(&mut tree.child_start, n + 1);
    fresh(&mut inputs.base, n);
    fresh(&mut inputs.excluded, n);
    fresh(&mut inputs.locks, n);
    fresh(&mut inputs.own_percent, n);
    fresh(&mut inputs.level, n);
}

/// Empties `v`, with room for `n`.
fn fresh<T>(v: &mut Vec<T>, n: usize) {
    v.clear();
    v.reserve_exact(n);
}

/// Reads units `from..to` (arrays sized by `read_begin`), counting each
/// parent's children.
#[inline(never)]
fn read_rows(plan: &Plan, inputs: &mut UnitInputs, from: usize, to: usize, use_locks: Locks) {
    let tree = &mut inputs.tree;
    // Grown a range at a time: their fresh memory is touched here, a range
    // per call, rather than all at once.
    tree.id.resize(to, UnitId(0));
    tree.parent.resize(to, NO_PARENT);
    tree.child_start.resize(to, 0);
    inputs.base.resize(to, 0);
    inputs.excluded.resize(to, 0);
    inputs.locks.resize(to, UNLOCKED);
    inputs.own_percent.resize(to, None);
    inputs.level.resize(to, 0);
    let (Some(units), Some(ids), Some(parents), Some(bases), Some(excluded)) = (
        plan.units.get(from..to),
        tree.id.get_mut(from..to),
        tree.parent.get_mut(from..to),
        inputs.base.get_mut(from..to),
        inputs.excluded.get_mut(from..to),
    ) else {
        return;
    };
    let (Some(locks), Some(own), Some(levels)) = (
        inputs.locks.get_mut(from..to),
        inputs.own_percent.get_mut(from..to),
        inputs.level.get_mut(from..to),
    ) else {
        return;
    };
    let child_start = &mut tree.child_start[..];
    let rows = units
        .iter()
        .zip(ids.iter_mut())
        .zip(parents.iter_mut())
        .zip(bases.iter_mut())
        .zip(excluded.iter_mut())
        .zip(locks.iter_mut())
        .zip(own.iter_mut().zip(levels.iter_mut()))
        .zip(from..);
    for (((((((unit, id), parent), base), excluded), lock), (own, level)), index) in rows {
        *id = unit.id;
        let up = unit.parent.filter(|&p| p < index);
        if let Some(count) = up.and_then(|p| child_start.get_mut(p)) {
            *count += 1;
        }
        *parent = up.unwrap_or(NO_PARENT);
        *base = declared_base(unit);
        *excluded = excluded_sum(unit);
        *lock = lock_read(unit, use_locks);
        *own = unit.percent_override;
        *level = unit.level;
    }
}

/// After every unit is read: the flags, and the child lists from the
/// counts (compact arrays only).
fn read_end(inputs: &mut UnitInputs, use_locks: Locks) {
    inputs.any_own_percent = inputs.own_percent.iter().any(Option::is_some);
    inputs.any_lock = inputs.locks.iter().any(|&l| l != UNLOCKED);
    let tree = &mut inputs.tree;
    fill_child_lists(&tree.parent, &mut tree.child_start, &mut tree.child_list);
    inputs.locks_read = Some(use_locks);
    inputs.reading = None;
    inputs.changed.clear();
    inputs.valid = true;
}

/// Reads again the units an edit changed (their parents and levels stay).
fn read_again(plan: &Plan, inputs: &mut UnitInputs, use_locks: Locks) {
    for index in inputs.changed.drain(..) {
        let Some(unit) = plan.units.get(index) else {
            continue;
        };
        let (Some(base), Some(excluded), Some(lock), Some(own)) = (
            inputs.base.get_mut(index),
            inputs.excluded.get_mut(index),
            inputs.locks.get_mut(index),
            inputs.own_percent.get_mut(index),
        ) else {
            continue;
        };
        *base = declared_base(unit);
        *excluded = excluded_sum(unit);
        *lock = lock_read(unit, use_locks);
        *own = unit.percent_override;
    }
    // Compact arrays: a scan costs next to nothing.
    inputs.any_own_percent = inputs.own_percent.iter().any(Option::is_some);
    inputs.any_lock = inputs.locks.iter().any(|&l| l != UNLOCKED);
}

/// A unit's base as read: `BASE_NOT_GIVEN` when the file left it blank
/// (a parent's children's sum is then taken without a mismatch warning).
#[inline(always)]
fn declared_base(unit: &Unit) -> u64 {
    if unit.base == 0 && !unit.base_given {
        BASE_NOT_GIVEN
    } else {
        unit.base
    }
}

/// A unit's exclusions added up.
#[inline(always)]
fn excluded_sum(unit: &Unit) -> u64 {
    unit.exclusions
        .iter()
        .fold(0u64, |a, &b| a.saturating_add(b))
}

/// A unit's lock as computed, `UNLOCKED` for none.
#[inline(always)]
fn lock_read(unit: &Unit, use_locks: Locks) -> u64 {
    match use_locks {
        Locks::Keep => unit.locked_target.unwrap_or(UNLOCKED),
        Locks::Ignore => UNLOCKED,
    }
}

/// A computation's starting arrays from the units as read: locks as they
/// are, and each unit's percentage (its own,
/// else its level's, else the nearest ancestor's own, else the plan-wide
/// default) under the policy of now.
#[inline(never)]
fn from_inputs(plan: &Plan, inputs: &UnitInputs, out: &mut Allocation, ws: &mut Workspace) {
    let n = inputs.base.len();
    let policy = &plan.policy;
    // Bases and exclusions are read from `inputs` by `sum_up`.
    if inputs.any_lock || !ws.locks_clear || ws.locks.len() != n {
        ws.locks.clear();
        ws.locks.extend_from_slice(&inputs.locks);
        ws.locks_clear = !inputs.any_lock;
    }
    if !inputs.any_own_percent && policy.level_percents.is_empty() {
        out.percent.fill(policy.default_percent);
        return;
    }
    // Level percentages as a table: one lookup per level, not per unit.
    let mut by_level = [None; 256];
    for (&level, &percent) in &policy.level_percents {
        by_level[usize::from(level)] = Some(percent);
    }
    size(&mut ws.inherited, n, None);
    let inherited = &mut ws.inherited[..];
    let rows = inputs
        .tree
        .parent
        .iter()
        .zip(&inputs.own_percent)
        .zip(&inputs.level)
        .zip(out.percent.iter_mut())
        .enumerate();
    for (index, (((&parent, &own), &level), percent)) in rows {
        let from_ancestor = inherited.get(parent).copied().flatten();
        inherited[index] = own.or(from_ancestor);
        *percent = own
            .or(by_level[usize::from(level)])
            .or(from_ancestor)
            .unwrap_or(policy.default_percent);
    }
}

/// One bottom-up pass:
/// - bases and exclusions, warning where a parent's declared base differs
///   from its children's sum, or exclusions exceed a base;
/// - a lock above eligible counts as eligible (warned);
/// - exact shares: a leaf's eligible × percent, a parent's the sum of its
///   children's (with `apportion`) or its own product (per-row);
/// - with `apportion`, the bounds that keep every lock (see [`Bounds`]).
#[inline(never)]
fn sum_up(
    inputs: &UnitInputs,
    locks: &mut [u64],
    apportion: bool,
    b: &mut Bounds,
    lock_warnings: &mut Vec<Warning>,
    out: &mut Allocation,
) {
    let n = locks.len();
    let tree = &inputs.tree;
    // Without locks the bounds are nothing but the eligible counts (see
    // `Bounds::trivial`): none is written.
    b.trivial = !inputs.any_lock;
    let bounded = apportion && !b.trivial;
    if bounded {
        size(&mut b.lo, n, 0);
        size(&mut b.hi, n, 0);
        size(&mut b.children_lo, n, 0);
        size(&mut b.children_hi, n, 0);
    } else if b.zeros.len() < n {
        b.zeros.resize(n, 0);
    }
    let (declared_base, declared_excluded) = (&inputs.base[..], &inputs.excluded[..]);
    lock_warnings.clear();
    let (child_start, child_list, ids) =
        (&tree.child_start[..], &tree.child_list[..], &tree.id[..]);
    let base = &mut out.base[..];
    let excluded = &mut out.excluded[..];
    let eligible = &mut out.eligible[..];
    let percent = &out.percent[..];
    let exact = &mut out.exact[..];
    let warnings = &mut out.warnings;
    let (lo, hi) = (&mut b.lo[..], &mut b.hi[..]);
    let (children_lo, children_hi) = (&mut b.children_lo[..], &mut b.children_hi[..]);
    for index in (0..n).rev() {
        let children = &child_list[child_start[index]..child_start[index + 1]];
        let elig;
        let (mut sum_lo, mut sum_hi) = (0u64, 0u64);
        if children.is_empty() {
            let declared = match declared_base[index] {
                BASE_NOT_GIVEN => 0,
                declared => declared,
            };
            let excl = declared_excluded[index];
            base[index] = declared;
            excluded[index] = excl;
            if excl > declared {
                warnings.push(Warning::unit(
                    ids[index],
                    WarningKind::ExclusionsExceedBase {
                        base: declared,
                        excluded: excl,
                    },
                ));
            }
            // Never below zero: over-counted exclusions leave nobody eligible.
            elig = declared.saturating_sub(excl);
            exact[index] = share(elig, percent[index]);
        } else {
            let (mut sum_base, mut sum_eligible, mut sum_exact) = (0u64, 0u64, 0u128);
            for &c in children {
                sum_base = sum_base.saturating_add(base[c]);
                sum_eligible = sum_eligible.saturating_add(eligible[c]);
                if apportion {
                    sum_exact += exact[c];
                }
                if bounded {
                    // Cannot overflow: every exact share is below 2^78 and
                    // there are fewer than 2^32 units (ids are u32), so this
                    // equals the saturating sum.
                    sum_lo = sum_lo.saturating_add(lo[c]);
                    sum_hi = sum_hi.saturating_add(hi[c]);
                }
            }
            let declared = declared_base[index];
            if declared != BASE_NOT_GIVEN && sum_base != declared {
                warnings.push(Warning::unit(
                    ids[index],
                    WarningKind::ParentBaseMismatch {
                        declared,
                        children: sum_base,
                    },
                ));
            }
            // A parent's eligible is its children's sum, so a ward that
            // excludes more than it has does not eat into its siblings'; its
            // exclusions are those that counted below it.
            base[index] = sum_base;
            elig = sum_eligible.min(sum_base);
            excluded[index] = sum_base - elig;
            exact[index] = if apportion {
                sum_exact
            } else {
                share(elig, percent[index])
            };
        }
        eligible[index] = elig;
        let mut lock = locks[index];
        if lock != UNLOCKED && lock > elig {
            lock_warnings.push(Warning::unit(
                ids[index],
                WarningKind::LockAboveEligible {
                    target: lock,
                    eligible: elig,
                },
            ));
            lock = elig;
            locks[index] = lock;
        }
        if bounded {
            // lo ≤ eligible: each child's lo is at most its eligible count.
            (lo[index], hi[index]) = if lock != UNLOCKED {
                (lock, lock)
            } else if children.is_empty() {
                (0, elig)
            } else {
                (sum_lo, sum_hi.min(elig))
            };
            children_lo[index] = sum_lo;
            children_hi[index] = sum_hi;
        }
    }
    // Warnings were found bottom-up; show them in appendix order, count
    // warnings first.
    warnings.reverse();
    warnings.extend(lock_warnings.drain(..).rev());
}

/// `exact_share` through a 64-bit product when it fits (nearly always):
/// wasm has no 128-bit multiply.
#[inline(always)]
fn share(eligible: u64, percent: Percent) -> u128 {
    // A comparison, not `checked_mul`: wasm lowers that to a 128-bit
    // multiply call. Hundredths fit in 16 bits.
    if eligible <= u64::MAX >> 16 {
        u128::from(eligible * percent.hundredths())
    } else {
        exact_share(eligible, percent)
    }
}

/// `round_half_up` through a 64-bit division when it fits (nearly always):
/// wasm has no 128-bit divide.
#[inline(always)]
fn round(numerator: u128) -> u64 {
    match u64::try_from(numerator) {
        Ok(n) if n <= u64::MAX - SCALE / 2 => (n + SCALE / 2) / SCALE,
        _ => round_half_up(numerator),
    }
}

/// Each unit on its own: round half up of eligible × percent; a lock wins.
fn per_row(locks: &[u64], out: &mut Allocation) {
    for ((target, &exact), &lock) in out.target.iter_mut().zip(&out.exact).zip(locks) {
        *target = if lock == UNLOCKED { round(exact) } else { lock };
    }
}

/// Bounds every unit's target must respect so that all locks hold:
/// `lo` = the locks it must contain, `hi` = the most it can hold; and the
/// sums of each parent's children's bounds (which a locked unit may
/// violate).
#[derive(Default)]
struct Bounds {
    lo: Vec<u64>,
    hi: Vec<u64>,
    children_lo: Vec<u64>,
    children_hi: Vec<u64>,
    /// No lock in the plan: every `lo` is 0 and every `hi` the unit's
    /// eligible count (a parent's eligible is its children's sum, so also
    /// `children_hi`); the arrays above are not written and `zeros`
    /// stands for `lo`.
    trivial: bool,
    /// At least as many zeros as units, never written.
    zeros: Vec<u64>,
}

impl Bounds {
    /// `lo` and `hi` of every unit.
    #[inline(always)]
    fn lo_hi<'a>(&'a self, eligible: &'a [u64]) -> (&'a [u64], &'a [u64]) {
        match self.trivial {
            true => (&self.zeros, eligible),
            false => (&self.lo, &self.hi),
        }
    }

    /// The sums of `index`'s children's `lo` and `hi`.
    #[inline(always)]
    fn children(&self, index: usize, eligible: &[u64]) -> (u64, u64) {
        match self.trivial {
            true => (0, eligible[index]),
            false => (self.children_lo[index], self.children_hi[index]),
        }
    }
}

/// Splits `index`'s target among its children, or warns and keeps every
/// lock when that is impossible (only under a locked parent).
fn split_children(
    tree: &Tree,
    index: usize,
    method: Method,
    b: &Bounds,
    out: &mut Allocation,
    scratch: &mut Scratch,
) {
    let children = tree.children(index);
    if children.is_empty() {
        return;
    }
    let total = out.target[index];
    let (lo, hi) = b.lo_hi(&out.eligible);
    let (children_lo, children_hi) = b.children(index, &out.eligible);
    let id = tree.id[index];
    if total < children_lo {
        out.warnings.push(Warning::unit(
            id,
            WarningKind::LocksExceedParent {
                locked: children_lo,
                parent: total,
            },
        ));
        for &c in children {
            out.target[c] = lo[c];
        }
    } else if total > children_hi {
        out.warnings.push(Warning::unit(
            id,
            WarningKind::LocksShortOfParent {
                room: children_hi,
                parent: total,
            },
        ));
        for &c in children {
            out.target[c] = hi[c];
        }
    } else {
        let inputs = Inputs {
            weight: &out.exact,
            fallback: &out.eligible,
            lo,
            hi,
        };
        split(method, total, children, &inputs, &mut out.target, scratch);
    }
}

/// Largest remainder / Sainte-Laguë: roots rounded half up (within their
/// bounds), then every parent split among its children, top-down.
#[inline(never)]
fn top_down(
    tree: &Tree,
    locks: &[u64],
    method: Method,
    b: &Bounds,
    scratch: &mut Scratch,
    out: &mut Allocation,
) {
    let starts = tree.child_start.windows(2);
    for (index, ((&parent, &lock), start)) in tree.parent.iter().zip(locks).zip(starts).enumerate()
    {
        if parent == NO_PARENT {
            out.target[index] = if lock == UNLOCKED {
                let (lo, hi) = b.lo_hi(&out.eligible);
                round(out.exact[index]).clamp(lo[index], hi[index])
            } else {
                lock
            };
        }
        if start[0] != start[1] {
            split_children(tree, index, method, b, out, scratch);
        }
    }
}

/// Leaves per row, each parent the sum of its children; a locked parent's
/// subtree is broken back from its lock by largest remainder.
fn sum_of_children(
    tree: &Tree,
    locks: &[u64],
    b: &Bounds,
    split_from_above: &mut Vec<bool>,
    scratch: &mut Scratch,
    out: &mut Allocation,
) {
    let n = locks.len();
    // Units inside a locked parent's subtree are split, not summed.
    size(split_from_above, n, false);
    let mut any = false;
    let flags = &mut split_from_above[..];
    for (index, &parent) in tree.parent.iter().enumerate() {
        let inside = parent != NO_PARENT && (flags[parent] || locks[parent] != UNLOCKED);
        flags[index] = inside;
        any |= inside;
    }
    let (child_start, child_list) = (&tree.child_start[..], &tree.child_list[..]);
    let (target, exact) = (&mut out.target[..], &out.exact[..]);
    for index in (0..n).rev() {
        if flags[index] {
            continue;
        }
        let children = &child_list[child_start[index]..child_start[index + 1]];
        let lock = locks[index];
        target[index] = if lock != UNLOCKED {
            lock
        } else if children.is_empty() {
            round(exact[index])
        } else {
            children
                .iter()
                .fold(0u64, |a, &c| a.saturating_add(target[c]))
        };
    }
    if any {
        for (index, &inside) in split_from_above.iter().enumerate() {
            if inside || lock_of(locks, index).is_some() {
                split_children(tree, index, Method::LargestRemainder, b, out, scratch);
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
