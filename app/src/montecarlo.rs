//! Running the Monte Carlo projection without freezing the page: draws run in small chunks,
//! yielding to the browser between them (so progress paints and clicks are handled), and a
//! run can be cancelled or superseded. The synthetic population is built on first use.

use crate::state::{measured, Planner};
use gloo_timers::future::TimeoutFuture;
use gnbv_engine::households::Households;
use gnbv_engine::population::synthesize;
use gnbv_engine::projection::{summarize, Projection};
use gnbv_engine::scenario::Scenario;
use gnbv_engine::simulation::Model;
use gnbv_engine::standard::PovertyStandard;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

/// Draws per chunk: one draw is about 8 ms in wasm, so a chunk stays within a frame or two.
const CHUNK: u32 = 2;

/// Where a run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Building the households (first run only).
    Preparing,
    /// Draws done out of the total.
    Drawing(u32, u32),
}

/// A finished projection and the scenario it was run for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Result {
    /// The projection.
    pub projection: Arc<Projection>,
    /// The scenario it describes.
    pub scenario: Arc<Scenario>,
}

/// The Monte Carlo state shared by the screens.
#[derive(Clone, Copy)]
pub struct MonteCarlo {
    /// Set while a run is under way.
    pub progress: RwSignal<Option<Progress>>,
    /// The last finished run.
    pub result: RwSignal<Option<Result>>,
    generation: StoredValue<u64>,
    households: StoredValue<Option<Arc<Households>>>,
}

impl MonteCarlo {
    /// No run yet.
    #[must_use]
    pub fn new() -> Self {
        Self {
            progress: RwSignal::new(None),
            result: RwSignal::new(None),
            generation: StoredValue::new(0),
            households: StoredValue::new(None),
        }
    }

    /// Starts a run of the planner's current scenario (replacing any run under way).
    pub fn run(&self, planner: Planner) {
        let this = *self;
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        let current = move || this.generation.get_value() == generation;
        spawn_local(async move {
            let dataset = planner.dataset.get_value();
            let scenario = Arc::new(planner.history.with_untracked(|h| h.current().clone()));
            let allocation = planner.allocation.get_untracked();
            let standard = PovertyStandard::qd59_2015();
            let households = match this.households.get_value() {
                Some(h) => h,
                None => {
                    this.progress.set(Some(Progress::Preparing));
                    TimeoutFuture::new(0).await; // let "preparing" paint
                    let h = Arc::new(measured("gnbv-population", || synthesize(&dataset, &standard, scenario.seed)));
                    this.households.set_value(Some(Arc::clone(&h)));
                    h
                }
            };
            if !current() {
                return;
            }
            let params = &scenario.simulation;
            let total = params.draws;
            let model = Model::new(&dataset, &standard, &households, &scenario, &allocation, params);
            let mut draws = Vec::with_capacity(total as usize);
            let started = web_sys::window().and_then(|w| w.performance()).inspect(|p| {
                let _ = p.mark("gnbv-monte-carlo:start");
            });
            while (draws.len() as u32) < total {
                this.progress.set(Some(Progress::Drawing(draws.len() as u32, total)));
                TimeoutFuture::new(0).await;
                if !current() {
                    return; // cancelled or superseded
                }
                let from = draws.len() as u32;
                draws.extend(model.run(from..(from + CHUNK).min(total)));
            }
            let projection = summarize(&dataset, &households, &model, &scenario, &allocation, params, &draws);
            if let Some(p) = started {
                let _ = p.measure_with_start_mark("gnbv-monte-carlo", "gnbv-monte-carlo:start");
            }
            this.result.set(Some(Result { projection: Arc::new(projection), scenario }));
            this.progress.set(None);
        });
    }

    /// Stops the run under way; the last finished result stays.
    pub fn cancel(&self) {
        self.generation.update_value(|g| *g += 1);
        self.progress.set(None);
    }
}

impl Default for MonteCarlo {
    fn default() -> Self {
        Self::new()
    }
}
