//! Timings of the engine in WebAssembly, in headless Chromium: `make bench-wasm`.
//! Prints medians; asserts nothing about time (speed is shown by benchmarks, not tests).
#![cfg(feature = "wasm-bench")]

use gnbv_engine::{
    allocation::allocate, dataset::Dataset, defaults, population::synthesize, simulation, standard::PovertyStandard,
};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

#[wasm_bindgen_test]
fn bench_monte_carlo_in_wasm() {
    let d = Dataset::builtin().unwrap();
    let scenario = defaults::scenario(&d);
    let standard = PovertyStandard::qd59_2015();
    let t = now();
    let h = synthesize(&d, &standard, scenario.seed);
    console_log!("synthesize {} households: {:.1} ms", h.len(), now() - t);
    let t = now();
    let a = allocate(&scenario, &d);
    console_log!("allocate the default scenario: {:.3} ms", now() - t);
    // The peers' work (`simulation::classify_draw`, as in the native criterion bench).
    let compiled = standard.compiled();
    let mut peers = Vec::new();
    for draw in 0..30 {
        let t = now();
        std::hint::black_box(simulation::classify_draw(&h, &compiled, (2019, draw), (800, 500), 286));
        peers.push(now() - t);
    }
    let per_draw = median(peers);
    console_log!(
        "peers' work (growth drawn, deprivations counted, classified): median {:.2} ms = {:.2} ns/household",
        per_draw,
        per_draw * 1e6 / h.len() as f64
    );
    let t = now();
    let model = simulation::Model::new(&d, &standard, &h, &scenario, &a);
    console_log!("prepare the model (targeting): {:.1} ms", now() - t);
    let mut one = Vec::new();
    for draw in 0..20 {
        let t = now();
        let r = model.run(draw..draw + 1);
        one.push(now() - t);
        std::hint::black_box(r);
    }
    let per_draw = median(one);
    console_log!(
        "one full-model draw: median {:.2} ms = {:.2} ns/household",
        per_draw,
        per_draw * 1e6 / h.len() as f64
    );
    let mut runs = Vec::new();
    for _ in 0..5 {
        let t = now();
        std::hint::black_box(model.run(0..200));
        runs.push(now() - t);
    }
    console_log!(
        "200 full-model draws: median {:.0} ms (runs: {:?})",
        median(runs.clone()),
        runs.iter().map(|r| r.round()).collect::<Vec<_>>()
    );
}
