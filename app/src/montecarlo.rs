//! Running the Monte Carlo projection in a Web Worker (`src/worker.rs`), so the page never
//! freezes: the page posts the scenario, the worker answers with progress and then the
//! projection. Cancelling terminates the worker; the next run starts a fresh one.

use crate::channel::Channel;
use crate::protocol::{Request, Response};
use crate::state::Planner;
use gnbv_engine::projection::Projection;
use gnbv_engine::scenario::Scenario;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use web_sys::MessageEvent;

/// The worker's script, as trunk names it (`data-loader-shim` in `index.html`).
const WORKER_URL: &str = "/gnbv-worker_loader.js";

/// Where a run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Starting, or building the households (first run only).
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
    /// When it finished, dd/mm/yyyy hh:mm (local time).
    pub finished: String,
}

/// The Monte Carlo state shared by the screens.
#[derive(Clone, Copy)]
pub struct MonteCarlo {
    /// Set while a run is under way.
    pub progress: RwSignal<Option<Progress>>,
    /// The last finished run.
    pub result: RwSignal<Option<Result>>,
    /// A problem with the last run, if any.
    pub failure: RwSignal<Option<String>>,
    pending: StoredValue<Option<Arc<Scenario>>>,
    worker: StoredValue<Option<Channel>, LocalStorage>,
}

impl MonteCarlo {
    /// No run yet.
    #[must_use]
    pub fn new() -> Self {
        Self {
            progress: RwSignal::new(None),
            result: RwSignal::new(None),
            failure: RwSignal::new(None),
            pending: StoredValue::new(None),
            worker: StoredValue::new_local(None),
        }
    }

    fn spawn(&self) -> Option<()> {
        let this = *self;
        let channel = Channel::spawn(WORKER_URL, move |event: MessageEvent| {
            let text = event.data().as_string().unwrap_or_default();
            match serde_json::from_str::<Response>(&text) {
                Ok(Response::Ready) => this.worker.update_value(|w| w.as_mut().map_or((), Channel::ready)),
                Ok(Response::Preparing) => this.progress.set(Some(Progress::Preparing)),
                Ok(Response::Progress { done, total }) => this.progress.set(Some(Progress::Drawing(done, total))),
                Ok(Response::Done(projection)) => {
                    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
                        let _ = p.measure_with_start_mark("gnbv-monte-carlo", "gnbv-monte-carlo:start");
                    }
                    if let Some(scenario) = this.pending.get_value() {
                        let now = js_sys::Date::new_0();
                        let finished = gnbv_engine::format::date_time(
                            now.get_full_year(),
                            now.get_month() + 1,
                            now.get_date(),
                            now.get_hours(),
                            now.get_minutes(),
                        );
                        this.result.set(Some(Result { projection: Arc::new(*projection), scenario, finished }));
                    }
                    this.failure.set(None);
                    this.progress.set(None);
                }
                Ok(Response::Failed(message)) => {
                    this.failure.set(Some(message));
                    this.progress.set(None);
                }
                Err(e) => {
                    this.failure.set(Some(e.to_string()));
                    this.progress.set(None);
                }
            }
        })?;
        self.worker.set_value(Some(channel));
        Some(())
    }

    /// Starts a run of the planner's current scenario (replacing any run under way).
    pub fn run(&self, planner: Planner) {
        self.run_scenario(Arc::new(planner.history.with_untracked(|h| h.current().clone())), planner);
    }

    /// Starts a run of `scenario` on the planner's dataset (replacing any run under way).
    pub fn run_scenario(&self, scenario: Arc<Scenario>, planner: Planner) {
        if self.progress.get_untracked().is_some() {
            self.cancel();
        }
        if self.worker.with_value(Option::is_none) && self.spawn().is_none() {
            self.failure.set(Some("Web Workers are not available".into()));
            return;
        }
        let request = Request {
            scenario: (*scenario).clone(),
            communes: planner.import.get_untracked(),
            households: planner.households.get_untracked().map(|(h, _)| h),
        };
        let Ok(text) = serde_json::to_string(&request) else { return };
        self.pending.set_value(Some(scenario));
        self.progress.set(Some(Progress::Preparing));
        if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
            let _ = p.mark("gnbv-monte-carlo:start");
        }
        self.worker.update_value(|w| w.as_mut().map_or((), |c| c.post(JsValue::from_str(&text))));
    }

    /// Re-runs the projection shortly after every edit of the scenario (once a first run has
    /// been asked for), so the scorecard follows the plan without a click. The worker keeps the
    /// page responsive; a burst of edits gives one run.
    pub fn follow(&self, planner: Planner) {
        let this = *self;
        let timer = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
        Effect::new(move |previous: Option<()>| {
            planner.history.track();
            let started = this.result.with_untracked(Option::is_some) || this.progress.with_untracked(Option::is_some);
            if previous.is_some() && started {
                // Replacing the timer drops (cancels) the one of the previous edit.
                timer.set_value(Some(gloo_timers::callback::Timeout::new(600, move || this.run(planner))));
            }
        });
    }

    /// Stops the run under way; the last finished result stays.
    pub fn cancel(&self) {
        if let Some(channel) = self.worker.try_update_value(Option::take).flatten() {
            channel.terminate();
        }
        self.progress.set(None);
    }
}

impl Default for MonteCarlo {
    fn default() -> Self {
        Self::new()
    }
}
