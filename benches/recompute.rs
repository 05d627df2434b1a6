//! Full recompute of a generated 100,000-unit plan, per rounding mode:
//! `allocate` (fresh output vectors each time) and `allocate_into` (the
//! model's way: into the previous allocation's buffers).

use criterion::{criterion_group, criterion_main, Criterion};
use quota_planner::core::allocate::{allocate, allocate_into, Allocation};
use quota_planner::core::plan::Rounding;
use quota_planner::core::synthetic::national_plan;

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

criterion_group!(benches, recompute);
criterion_main!(benches);
