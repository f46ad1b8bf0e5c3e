//! The optimiser on the default scenario and its 620,149 synthetic households (goal: ≤ 2 s in
//! the browser, worker included; docs/optimiser.md): the whole answer, for the impact and the
//! cost question.
//!
//! `cargo bench -p gnbv-engine --bench optimise`

use criterion::{criterion_group, criterion_main, Criterion};
use gnbv_engine::dataset::Dataset;
use gnbv_engine::defaults;
use gnbv_engine::optimise::{optimise, Goals, Mode, Objective, Request, Weights};
use gnbv_engine::population::synthesize;
use gnbv_engine::standard::PovertyStandard;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let dataset = Dataset::builtin().unwrap();
    let scenario = defaults::scenario(&dataset);
    let standard = PovertyStandard::qd59_2015();
    let households = synthesize(&dataset, &standard, scenario.seed);
    let mut group = c.benchmark_group("optimise");
    group.sample_size(10);
    for (name, mode) in [("impact, exits", Mode::Impact), ("cost, rate and ntm", Mode::Cost)] {
        let request = Request {
            mode,
            objective: Objective::Exits,
            weights: Weights::default(),
            goals: Goals { rate: true, ntm: true, access: false },
        };
        group.bench_function(format!("default scenario, {name}"), |b| {
            b.iter(|| optimise(black_box(&scenario), &dataset, &households, &standard, &request, &mut |_| {}))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
