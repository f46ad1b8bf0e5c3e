//! Allocating the default scenario over the built-in dataset (target: under 1 ms).
//!
//! `cargo bench -p gnbv-engine --bench allocate`

use criterion::{criterion_group, criterion_main, Criterion};
use gnbv_engine::allocation::allocate;
use gnbv_engine::dataset::Dataset;
use gnbv_engine::defaults;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let dataset = Dataset::builtin().unwrap();
    let scenario = defaults::scenario(&dataset);
    c.bench_function("allocate default scenario (286 communes, 25 lines)", |b| {
        b.iter(|| allocate(black_box(&scenario), black_box(&dataset)))
    });
    c.bench_function("parse and validate the built-in dataset", |b| b.iter(Dataset::builtin));
}

criterion_group!(benches, bench);
criterion_main!(benches);
