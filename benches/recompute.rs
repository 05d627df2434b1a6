//! Full recompute of generated 100,000-unit plans, per rounding mode:
//! `allocate` (fresh output vectors each time), `allocate_into` (into the
//! previous allocation's buffers, reading every unit) and `allocate_update`
//! (the model's way after a plan-wide change: the units as read last
//! time). Two shapes: the
//! national plan (narrow fan-outs) and the browser benchmark's wide plan
//! (40 communes > 50 groups > 49 officers, 49–50 children per split).

use criterion::{criterion_group, criterion_main, Criterion};
use quota_planner::core::allocate::{allocate, allocate_into, allocate_update, Allocation, Locks};
use quota_planner::core::percent::Percent;
use quota_planner::core::plan::Rounding;
use quota_planner::core::schedule::{
    parse_typed, schedule_into, schedule_update, Calendar, Milestone, Schedule,
};
use quota_planner::core::synthetic::{national_plan, wide_plan};

fn recompute(c: &mut Criterion) {
    let mut plan = national_plan(100_000);
    for rounding in Rounding::ALL {
        plan.policy.rounding = rounding;
        c.bench_function(&format!("allocate 100k {}", rounding.key()), |b| {
            b.iter(|| allocate(std::hint::black_box(&plan)))
        });
        let mut out = Allocation::default();
        c.bench_function(&format!("allocate_into 100k {}", rounding.key()), |b| {
            b.iter(|| allocate_into(std::hint::black_box(&plan), &mut out))
        });
        // The model's recompute after a plan-wide change: the units as read
        // last time, everything else computed again.
        c.bench_function(&format!("allocate_update 100k {}", rounding.key()), |b| {
            b.iter(|| allocate_update(std::hint::black_box(&plan), &mut out, Locks::Keep))
        });
    }
}

fn recompute_wide(c: &mut Criterion) {
    let mut plan = wide_plan(40, 50, 49);
    for rounding in Rounding::ALL {
        plan.policy.rounding = rounding;
        let mut out = Allocation::default();
        c.bench_function(&format!("allocate_into wide {}", rounding.key()), |b| {
            b.iter(|| allocate_into(std::hint::black_box(&plan), &mut out))
        });
    }
}

/// The campaign schedule on 100,000 units (daily rollup, days needed,
/// finishing dates, shortfalls and flags), as the model runs it after
/// every allocation: 20 counted days, a milestone, a figure per leaf.
fn schedule(c: &mut Criterion) {
    let mut plan = national_plan(100_000);
    let date = |t: &str| parse_typed(t).unwrap_or_default();
    plan.policy.calendar = Calendar {
        start: Some(date("08/05/2025")),
        end: Some(date("30/05/2025")),
        exclude_weekdays: vec![0],
        holidays: vec![date("19/05/2025")],
        milestones: vec![Milestone {
            date: date("20/05/2025"),
            percent: Percent::whole(50).unwrap_or(Percent::HUNDRED),
        }],
    };
    plan.policy.default_daily = Some(196);
    let targets = allocate(&plan).target;
    let mut out = Schedule::default();
    c.bench_function("schedule_into 100k", |b| {
        b.iter(|| schedule_into(std::hint::black_box(&plan), &targets, &mut out))
    });
    // The model's way after a change of targets only: the figures per day
    // as read last time.
    c.bench_function("schedule_update 100k", |b| {
        b.iter(|| schedule_update(std::hint::black_box(&plan), &targets, &mut out))
    });
}

/// Campaign progress on 100,000 units: every leaf reported on two dates;
/// `progress` (the carried-forward figures, the rollup, the checks and the
/// figures against the schedule, as the model runs it after every edit
/// while the plan has results) and matching a 100,000-row report.
fn progress(c: &mut Criterion) {
    use quota_planner::core::progress::{match_report, progress, ReportRow};
    let mut plan = national_plan(100_000);
    let date = |t: &str| parse_typed(t).unwrap_or_default();
    plan.policy.calendar = Calendar {
        start: Some(date("08/05/2025")),
        end: Some(date("30/05/2025")),
        exclude_weekdays: vec![0],
        ..Calendar::default()
    };
    let alloc = allocate(&plan);
    let mut schedule = Schedule::default();
    schedule_into(&plan, &alloc.target, &mut schedule);
    let leaves: Vec<usize> = (0..plan.units.len()).filter(|&i| plan.is_leaf(i)).collect();
    for (k, day) in ["12/05/2025", "13/05/2025"].into_iter().enumerate() {
        for &i in &leaves {
            let figure = alloc.target[i] * (k as u64 + 1) / 10;
            plan.results.set(i, date(day), Some(figure));
        }
    }
    c.bench_function("progress 100k (2 dates)", |b| {
        b.iter(|| {
            progress(
                std::hint::black_box(&plan),
                &alloc.target,
                &alloc.eligible,
                &schedule,
                date("13/05/2025"),
            )
        })
    });
    let rows: Vec<ReportRow> = plan
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| ReportRow {
            row: i + 2,
            code: u.code.clone(),
            name: u.name.clone(),
            count: Ok(1),
        })
        .collect();
    c.bench_function("match_report 100k rows", |b| {
        b.iter(|| match_report(std::hint::black_box(&plan), &rows))
    });
}

criterion_group!(benches, recompute, recompute_wide, schedule, progress);
criterion_main!(benches);
