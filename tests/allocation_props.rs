//! Property tests of the allocation engine over random trees of depth 1–6
//! and up to ~1,500 units. Case counts are kept modest so the whole suite
//! runs in seconds in debug builds.

use proptest::prelude::*;
use quota_planner::core::allocate::{allocate, Allocation};
use quota_planner::core::model::PlannerModel;
use quota_planner::core::percent::{Percent, SCALE};
use quota_planner::core::plan::{Plan, Rounding, Unit, UnitId};

/// One generated row: how to place it and what it counts.
#[derive(Clone, Debug)]
struct Row {
    /// Picks the parent among the last rows (recent rows make deep trees).
    parent_pick: u16,
    /// Starts a new top-level unit instead (several roots).
    new_root: bool,
    base: u64,
    excluded: u64,
    percent: Option<u16>,
}

fn row(with_overrides: bool) -> impl Strategy<Value = Row> {
    let base = prop_oneof![0u64..20, 0u64..5_000, 0u64..2_000_000];
    let percent = if with_overrides {
        prop_oneof![8 => Just(None), 2 => (0u16..=10_000).prop_map(Some)].boxed()
    } else {
        Just(None).boxed()
    };
    (
        any::<u16>(),
        0u8..100,
        base,
        prop_oneof![9 => Just(0u64), 1 => 0u64..3_000],
        percent,
    )
        .prop_map(|(parent_pick, r, base, excluded, percent)| Row {
            parent_pick,
            new_root: r == 0,
            base,
            excluded,
            percent,
        })
}

/// Builds a plan whose levels never exceed `depth` (1–6).
fn build(rows: &[Row], depth: u8) -> Plan {
    let mut units: Vec<Unit> = Vec::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        let parent = if i == 0 || r.new_root || depth == 1 {
            None
        } else {
            let window = i.min(40);
            let mut p = i - 1 - usize::from(r.parent_pick) % window;
            while units[p].level + 1 >= depth {
                match units[p].parent {
                    Some(up) => p = up,
                    None => break,
                }
            }
            (units[p].level + 1 < depth).then_some(p)
        };
        let level = parent.map_or(0, |p| units[p].level + 1);
        let mut unit = Unit::new(UnitId(i as u32), "", &format!("u{i}"), level, parent);
        unit.base = r.base;
        unit.exclusions[1] = r.excluded;
        unit.percent_override = r
            .percent
            .map(|h| Percent::from_hundredths(u64::from(h)).unwrap());
        units.push(unit);
    }
    let mut plan = Plan::new("random", units);
    // Declared parent bases as the children's sums (mismatches are the
    // importer's business, not the engine's).
    for i in (0..plan.units.len()).rev() {
        if !plan.is_leaf(i) {
            let sum = plan.children(i).iter().map(|&c| plan.units[c].base).sum();
            plan.units[i].base = sum;
        }
    }
    plan
}

fn plan_strategy(with_overrides: bool) -> impl Strategy<Value = Plan> {
    (
        1u8..=6,
        prop::collection::vec(row(with_overrides), 1..1_500),
        0u64..=SCALE,
    )
        .prop_map(|(depth, rows, percent)| {
            let mut plan = build(&rows, depth);
            plan.policy.default_percent = Percent::from_hundredths(percent).unwrap();
            plan
        })
}

fn with(plan: &Plan, rounding: Rounding) -> Allocation {
    let mut plan = plan.clone();
    plan.policy.rounding = rounding;
    allocate(&plan)
}

const APPORTIONING: [Rounding; 2] = [Rounding::LargestRemainder, Rounding::SainteLague];

/// Parents whose children do not add up to them.
fn mismatched_parents(plan: &Plan, a: &Allocation) -> Vec<usize> {
    (0..plan.units.len())
        .filter(|&i| !plan.is_leaf(i))
        .filter(|&i| plan.children(i).iter().map(|&c| a.target[c]).sum::<u64>() != a.target[i])
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_level_adds_up_and_no_target_exceeds_eligible(plan in plan_strategy(true)) {
        for mode in APPORTIONING {
            let a = with(&plan, mode);
            prop_assert!(mismatched_parents(&plan, &a).is_empty(), "{:?}", mode);
            for i in 0..plan.units.len() {
                prop_assert!(a.target[i] <= a.eligible[i]);
                if plan.units[i].parent.is_none() {
                    // A root is round half up of its exact share.
                    let rounded = (a.exact[i] + u128::from(SCALE / 2)) / u128::from(SCALE);
                    prop_assert_eq!(u128::from(a.target[i]), rounded);
                }
            }
        }
        let a = with(&plan, Rounding::SumOfChildren);
        prop_assert!(mismatched_parents(&plan, &a).is_empty());
    }

    #[test]
    fn exclusions_never_make_eligible_negative(plan in plan_strategy(false)) {
        let a = allocate(&plan);
        for i in 0..plan.units.len() {
            if plan.is_leaf(i) {
                let excluded = plan.units[i].exclusions.iter().sum::<u64>();
                prop_assert_eq!(a.eligible[i], plan.units[i].base.saturating_sub(excluded));
            } else {
                let sum: u64 = plan.children(i).iter().map(|&c| a.eligible[c]).sum();
                prop_assert_eq!(a.eligible[i], sum);
            }
            prop_assert!(a.eligible[i] <= a.base[i]);
            prop_assert_eq!(a.base[i].saturating_sub(a.excluded[i]), a.eligible[i]);
        }
    }

    /// Hamilton's quota rule at every split: each child gets the floor or
    /// the ceiling of parent target × its exact share / their sum. Splits
    /// where a child's quota is above its eligible count (the cap binds, so
    /// its siblings may get more than their ceiling) are skipped.
    #[test]
    fn hamilton_keeps_the_quota_rule(plan in plan_strategy(true)) {
        let a = with(&plan, Rounding::LargestRemainder);
        for p in 0..plan.units.len() {
            let children = plan.children(p);
            let sum: u128 = children.iter().map(|&c| a.exact[c]).sum();
            if children.is_empty() || sum == 0 {
                continue;
            }
            let t = u128::from(a.target[p]);
            let capped = children.iter().any(|&c| t * a.exact[c] > u128::from(a.eligible[c]) * sum);
            if capped {
                continue;
            }
            for &c in children {
                let floor = t * a.exact[c] / sum;
                let ceil = (t * a.exact[c]).div_ceil(sum);
                let x = u128::from(a.target[c]);
                prop_assert!(floor <= x && x <= ceil, "unit {} got {} outside [{}, {}]", c, x, floor, ceil);
            }
        }
    }

    /// Sainte-Laguë never lowers a unit when the plan-wide percentage rises,
    /// as long as every unit follows it (no own or level percentages): then
    /// every exact share scales by the same factor, each root's target rises
    /// and a divisor method is house-monotone at every split.
    #[test]
    fn sainte_lague_never_lowers_a_unit_when_the_percent_rises(
        plan in plan_strategy(false),
        step in 1u64..2_000,
    ) {
        let mut low = plan.clone();
        low.policy.rounding = Rounding::SainteLague;
        let mut high = low.clone();
        let p = low.policy.default_percent.hundredths();
        high.policy.default_percent = Percent::from_hundredths((p + step).min(SCALE)).unwrap();
        let (a, b) = (allocate(&low), allocate(&high));
        for i in 0..plan.units.len() {
            prop_assert!(b.target[i] >= a.target[i], "unit {} fell from {} to {}", i, a.target[i], b.target[i]);
        }
    }

    /// Locks taken from a computed table are always feasible: they are
    /// held, nothing is warned and every level still adds up.
    #[test]
    fn feasible_locks_are_honoured(
        plan in plan_strategy(true),
        picks in prop::collection::vec(any::<u16>(), 0..60),
        percent in 0u64..=SCALE,
    ) {
        for mode in [Rounding::LargestRemainder, Rounding::SainteLague, Rounding::SumOfChildren] {
            let mut locked = plan.clone();
            locked.policy.rounding = mode;
            let a = allocate(&locked);
            let n = plan.units.len();
            let mut chosen = Vec::new();
            for &pick in &picks {
                let i = usize::from(pick) % n;
                locked.units[i].locked_target = Some(a.target[i]);
                chosen.push(i);
            }
            // Then move the plan-wide percentage: the locks must stay.
            locked.policy.default_percent = Percent::from_hundredths(percent).unwrap();
            let b = allocate(&locked);
            for &i in &chosen {
                prop_assert_eq!(b.target[i], a.target[i]);
            }
            let lock_warnings: Vec<_> = b.warnings.iter().filter(|w| w.code().starts_with("locks")).collect();
            // Changing the percentage may make locks conflict only at a
            // locked parent; everywhere else every level adds up.
            for w in &lock_warnings {
                let i = w.unit.unwrap().0 as usize;
                prop_assert!(locked.units[i].locked_target.is_some());
            }
            let mismatched = mismatched_parents(&locked, &b);
            for &i in &mismatched {
                prop_assert!(lock_warnings.iter().any(|w| w.unit == Some(locked.units[i].id)));
            }
            // With the original percentage nothing can conflict and every
            // level adds up. Sainte-Laguë (a divisor method, hence uniform)
            // even reproduces the unlocked table. Hamilton need not: fixing
            // some units and re-splitting the rest can move a unit by one.
            // Nor sum-of-children: a locked parent's subtree is re-split by
            // largest remainder, which differs from per-row leaves.
            locked.policy.default_percent = plan.policy.default_percent;
            let c = allocate(&locked);
            prop_assert!(!c.warnings.iter().any(|w| w.code().starts_with("locks")));
            prop_assert!(mismatched_parents(&locked, &c).is_empty());
            if mode == Rounding::SainteLague {
                prop_assert_eq!(&c.target, &a.target, "{:?}", mode);
            }
        }
    }

    /// Arbitrary locks (any value up to eligible, anywhere): every lock is
    /// kept, and only a locked parent can fail to add up (with a warning).
    #[test]
    fn arbitrary_locks_are_never_lost(
        plan in plan_strategy(true),
        locks in prop::collection::vec((any::<u16>(), 0u64..=100), 0..40),
    ) {
        for mode in Rounding::ALL {
            let mut locked = plan.clone();
            locked.policy.rounding = mode;
            let eligible = allocate(&locked).eligible;
            let n = plan.units.len();
            for &(pick, share) in &locks {
                let i = usize::from(pick) % n;
                locked.units[i].locked_target = Some(eligible[i] * share / 100);
            }
            let b = allocate(&locked);
            for i in 0..n {
                if let Some(lock) = locked.units[i].locked_target {
                    prop_assert_eq!(b.target[i], lock);
                }
                prop_assert!(b.target[i] <= b.eligible[i]);
            }
            if mode == Rounding::PerRow {
                continue;
            }
            for i in mismatched_parents(&locked, &b) {
                prop_assert!(locked.units[i].locked_target.is_some(), "{:?} unit {}", mode, i);
                prop_assert!(b.warnings.iter().any(|w| w.unit == Some(locked.units[i].id)
                    && w.code().starts_with("locks")));
            }
        }
    }
}

/// A random edit through the model's public API.
#[derive(Clone, Debug)]
enum Op {
    Default(u64),
    Level(u8, Option<u64>),
    Unit(u16, Option<u64>),
    Lock(u16, Option<u8>),
    Rounding(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u64..=SCALE).prop_map(Op::Default),
        (0u8..6, prop::option::of(0u64..=SCALE)).prop_map(|(l, p)| Op::Level(l, p)),
        (any::<u16>(), prop::option::of(0u64..=SCALE)).prop_map(|(u, p)| Op::Unit(u, p)),
        (any::<u16>(), prop::option::of(0u8..=100)).prop_map(|(u, s)| Op::Lock(u, s)),
        (0u8..4).prop_map(Op::Rounding),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Undo restores the exact previous plan and allocation after every
    /// edit, and redo replays them exactly.
    #[test]
    fn undo_restores_the_exact_previous_plan(
        plan in plan_strategy(true),
        ops in prop::collection::vec(op(), 1..12),
    ) {
        let mut model = PlannerModel::new(plan);
        let mut history = vec![(model.plan().clone(), model.allocation().clone())];
        let n = model.plan().units.len();
        for op in &ops {
            let pct = |h: u64| Percent::from_hundredths(h).unwrap();
            let changed = match *op {
                Op::Default(h) => model.set_default_percent(pct(h)),
                Op::Level(l, p) => match model.set_level_percent(u32::from(l), p.map(pct)) {
                    Ok(changed) => changed,
                    Err(_) => continue,
                },
                Op::Unit(u, p) => model.set_unit_percent(usize::from(u) % n, p.map(pct)).unwrap(),
                Op::Lock(u, s) => {
                    let i = usize::from(u) % n;
                    let eligible = model.allocation().eligible[i];
                    let lock = s.map(|s| eligible * u64::from(s) / 100);
                    let changed = model.set_target(i, lock).unwrap();
                    prop_assert!(model.set_target(i, Some(eligible + 1)).is_err());
                    changed
                }
                Op::Rounding(r) => model.set_rounding(Rounding::ALL[usize::from(r)]),
            };
            // An edit that changes nothing adds no undo step.
            let previous = &history[history.len() - 1].0;
            prop_assert_eq!(changed, model.plan() != previous);
            if changed {
                history.push((model.plan().clone(), model.allocation().clone()));
            }
        }
        let last = history.len() - 1;
        for (plan, alloc) in history[..last].iter().rev() {
            prop_assert!(model.undo());
            prop_assert_eq!(model.plan(), plan);
            prop_assert_eq!(model.allocation(), alloc);
        }
        prop_assert!(!model.undo());
        for (plan, alloc) in &history[1..] {
            prop_assert!(model.redo());
            prop_assert_eq!(model.plan(), plan);
            prop_assert_eq!(model.allocation(), alloc);
        }
        prop_assert!(!model.redo());
    }
}

/// Reference Webster: one seat at a time to the highest exact / (2s+1)
/// (u128 cross-multiplication, ties to the earlier unit), skipping units at
/// their eligible count.
fn naive_webster(house: u64, exact: &[u128], cap: &[u64]) -> Vec<u64> {
    let mut seats = vec![0u64; exact.len()];
    for _ in 0..house {
        let mut best: Option<usize> = None;
        for i in 0..exact.len() {
            if seats[i] >= cap[i] || exact[i] == 0 {
                continue;
            }
            let better = match best {
                None => true,
                Some(b) => {
                    exact[i] * u128::from(2 * seats[b] + 1)
                        > exact[b] * u128::from(2 * seats[i] + 1)
                }
            };
            if better {
                best = Some(i);
            }
        }
        match best {
            Some(b) => seats[b] += 1,
            None => break,
        }
    }
    seats
}

/// Reference Hamilton: floors of the quotas, leftovers to the largest
/// remainders (ties to the earlier unit), no caps.
fn naive_hamilton(house: u64, exact: &[u128]) -> Vec<u64> {
    let sum: u128 = exact.iter().sum();
    let h = u128::from(house);
    let mut seats: Vec<u64> = exact.iter().map(|&e| (h * e / sum) as u64).collect();
    let mut order: Vec<usize> = (0..exact.len()).collect();
    order.sort_by(|&a, &b| {
        ((h * exact[b]) % sum)
            .cmp(&((h * exact[a]) % sum))
            .then(a.cmp(&b))
    });
    let left = house - seats.iter().sum::<u64>();
    for &i in order.iter().take(left as usize) {
        seats[i] += 1;
    }
    seats
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// One split against the textbook methods, on small numbers: caps at
    /// 100% make the eligible counts bind.
    #[test]
    fn one_split_matches_the_reference_methods(
        bases in prop::collection::vec(prop_oneof![0u64..5, 0u64..300], 1..40),
        percents in prop::collection::vec(0u64..=SCALE, 40),
        default in 0u64..=SCALE,
    ) {
        let mut units = vec![Unit::new(UnitId(0), "", "root", 0, None)];
        for (i, &b) in bases.iter().enumerate() {
            let mut u = Unit::new(UnitId(i as u32 + 1), "", "c", 1, Some(0));
            u.base = b;
            if percents[i] % 3 == 0 {
                u.percent_override = Some(Percent::from_hundredths(percents[i]).unwrap());
            }
            units.push(u);
        }
        units[0].base = bases.iter().sum();
        let mut plan = Plan::new("one split", units);
        plan.policy.default_percent = Percent::from_hundredths(default).unwrap();
        let sl = with(&plan, Rounding::SainteLague);
        let house = sl.target[0];
        let exact = &sl.exact[1..];
        prop_assert_eq!(&sl.target[1..], &naive_webster(house, exact, &sl.eligible[1..])[..]);
        let lr = with(&plan, Rounding::LargestRemainder);
        prop_assert_eq!(lr.target[0], house);
        if exact.iter().sum::<u128>() > 0 {
            // Without a binding cap, Hamilton is the textbook one.
            let reference = naive_hamilton(house, exact);
            if reference.iter().zip(&lr.eligible[1..]).all(|(s, e)| s <= e) {
                prop_assert_eq!(&lr.target[1..], &reference[..]);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// A model built a step at a time (the page's import, over several
    /// tasks) is the model built at once, and recomputes the same after.
    #[test]
    fn a_model_built_in_steps_is_the_model_built_at_once(
        plan in plan_strategy(true),
        mode in 0usize..4,
        daily_every in 0usize..5,
        lock_every in 0usize..7,
        read_per_step in 1usize..400,
    ) {
        let mut plan = plan;
        plan.policy.rounding =
            [Rounding::PerRow, Rounding::SumOfChildren, Rounding::LargestRemainder, Rounding::SainteLague][mode];
        for (i, unit) in plan.units.iter_mut().enumerate() {
            if daily_every > 0 && i % daily_every == 0 {
                unit.daily_target = Some(1 + i as u64 % 17);
            }
            if lock_every > 0 && i % lock_every == 1 {
                unit.locked_target = Some(i as u64 % 50);
            }
        }
        let whole = PlannerModel::new(plan.clone());
        let n = plan.units.len();
        let mut build = PlannerModel::build(plan, None).read_per_step(read_per_step);
        // The plan still open recomputes between the steps (the planner
        // edits while the new plan is built): it must not disturb them.
        let mut open = PlannerModel::new(quota_planner::core::synthetic::national_plan(300));
        let mut steps = 1;
        while !build.step() {
            steps += 1;
            let percent = Percent::from_hundredths(5_000 + steps as u64 % 5_000).unwrap();
            open.set_default_percent(percent);
        }
        // Each of the two reads of the units and the figures per day's
        // roll-up over its steps, the allocation's three passes and the
        // schedule.
        prop_assert_eq!(steps, 3 * n.div_ceil(read_per_step).max(1) + 4);
        let mut stepped = build.finish();
        let same = |a: &PlannerModel, b: &PlannerModel| {
            let (x, y) = (a.schedule(), b.schedule());
            a.allocation() == b.allocation()
                && x.daily == y.daily
                && x.days_needed == y.days_needed
                && x.finish == y.finish
                && x.shortfall == y.shortfall
                && x.warnings == y.warnings
                && (0..a.plan().units.len()).all(|i| a.moved_by_locks(i) == b.moved_by_locks(i))
        };
        prop_assert!(same(&whole, &stepped));
        // The kept inputs are right too: an edit recomputes the same.
        let mut whole = whole;
        let pct = Percent::from_hundredths(7_350).unwrap();
        whole.set_default_percent(pct);
        stepped.set_default_percent(pct);
        prop_assert!(same(&whole, &stepped));
    }
}
