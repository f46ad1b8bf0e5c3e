//! The microsimulation on the full synthetic population of Thái Bình (620,149 households).
//!
//! `cargo bench -p gnbv-engine --bench simulate`. Per-household figures are the reported time
//! divided by 620,149 (criterion prints the throughput in households per second).
//!
//! - rules only: re-classify every household after a given per-household income multiplier
//!   and a "health insurance bought" flag (target ≤ 1.5 ns per household);
//! - one full-model draw: targeting already done, dynamics + gains + classification + tallies
//!   (target ≤ 10 ns per household);
//! - the peers' work (classify_draw): growth drawn inside the loop, deprivations counted from
//!   the flags, classified (target ≤ 1.5 ns per household);
//! - 200 full-model draws (the default Monte Carlo), on one thread and on every core;
//! - preparing the model and summarising 200 draws.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use gnbv_engine::allocation::allocate;
use gnbv_engine::dataset::Dataset;
use gnbv_engine::defaults;
use gnbv_engine::population::synthesize;
use gnbv_engine::projection::summarize;
use gnbv_engine::rng::{Purpose, Stream};
use gnbv_engine::simulation::{classify_draw, reclassify, Model, Tally};
use gnbv_engine::standard::PovertyStandard;
use std::hint::black_box;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let dataset = Dataset::builtin().unwrap();
    let standard = PovertyStandard::qd59_2015();
    let scenario = defaults::scenario(&dataset);
    let households = synthesize(&dataset, &standard, scenario.seed);
    let n = households.len();
    let allocation = allocate(&scenario, &dataset);

    // Inputs of the rules-only step: growth multipliers around +8 % and a 30 % take-up of
    // health insurance, fixed before timing.
    let s = Stream::new(1, 0, Purpose::Dynamics);
    let growth: Vec<u32> = (0..n as u64).map(|i| 65_536 + 5_243 + (s.bits(i) % 6_554) as u32 - 3_277).collect();
    let hi_bought: Vec<bool> = (0..n as u64).map(|i| s.bits(i + n as u64) % 10 < 3).collect();
    let compiled = standard.compiled();
    let hi_bit = 1u16 << standard.indicator("health_insurance").unwrap();

    let mut g = c.benchmark_group("simulate 620,149 households");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("rules only: reclassify after growth and health insurance", |b| {
        b.iter(|| reclassify(black_box(&households), &compiled, hi_bit, black_box(&growth), black_box(&hi_bought), 286))
    });
    g.bench_function("peers' work: growth drawn, deprivations counted, classified", |b| {
        let mut d = 0;
        b.iter(|| {
            d += 1;
            classify_draw(black_box(&households), &compiled, (2019, d), (800, 500), 286)
        })
    });
    let model = Model::new(&dataset, &standard, &households, &scenario, &allocation);
    let mut out = vec![Tally::default(); dataset.communes().len()];
    g.bench_function("one full-model draw", |b| {
        let mut d = 0;
        b.iter(|| {
            d += 1;
            model.draw(black_box(d), &mut out);
        })
    });
    // The same draw with the parameters at their values (the households' chance alone, the
    // projection before parameters were sampled): what sampling them costs a draw.
    let mut fixed_scenario = scenario.clone();
    fixed_scenario.simulation.parameter_uncertainty = false;
    let fixed = Model::new(&dataset, &standard, &households, &fixed_scenario, &allocation);
    g.bench_function("one full-model draw, parameters fixed", |b| {
        let mut d = 0;
        b.iter(|| {
            d += 1;
            fixed.draw(black_box(d), &mut out);
        })
    });
    g.finish();

    let mut g = c.benchmark_group("Monte Carlo");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("200 full-model draws", |b| b.iter(|| model.run(black_box(0..200))));
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    g.bench_function(format!("200 full-model draws on {threads} threads"), |b| {
        b.iter(|| model.run_threads(black_box(0..200), threads))
    });
    let draws = model.run(0..200);
    g.bench_function("summarise 200 draws", |b| {
        b.iter(|| summarize(&dataset, &households, &model, &scenario, &allocation, black_box(&draws)))
    });
    g.bench_function("prepare the model (targeting)", |b| {
        b.iter(|| Model::new(&dataset, &standard, &households, &scenario, &allocation))
    });
    g.bench_function("synthesize the population", |b| b.iter(|| synthesize(&dataset, &standard, black_box(2019))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
