//! Full recompute of generated 100,000-unit plans, per rounding mode:
//! `allocate` (fresh output vectors each time) and `allocate_into` (the
//! model's way: into the previous allocation's buffers). Two shapes: the
//! national plan (narrow fan-outs) and the browser benchmark's wide plan
//! (40 communes > 50 groups > 49 officers, 49–50 children per split).

use criterion::{criterion_group, criterion_main, Criterion};
use quota_planner::core::allocate::{allocate, allocate_into, Allocation};
use quota_planner::core::plan::Rounding;
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

criterion_group!(benches, recompute, recompute_wide);
criterion_main!(benches);
