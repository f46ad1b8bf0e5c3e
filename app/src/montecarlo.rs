//! Running the Monte Carlo projection in a pool of Web Workers (`src/worker.rs`), so the page
//! never freezes and every core works: each worker runs a range of the draws, the first one
//! gathers the others' (the page forwards them) and answers with the projection, the same to
//! the bit as one worker's (`protocol.rs`). Cancelling terminates the pool; the next run
//! starts a fresh one. The workers stay between runs, keeping their households.

use crate::channel::Channel;
use crate::protocol::{Part, Request, Response, ToWorker};
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
    /// The projection of the shown year ([`Result::select`]), the first year's when the run
    /// does not cover it: its `year` says which.
    pub projection: Arc<Projection>,
    /// Every year's projection, first to last.
    pub projections: Vec<Arc<Projection>>,
    /// The scenario it describes.
    pub scenario: Arc<Scenario>,
    /// When it finished, dd/mm/yyyy hh:mm (local time).
    pub finished: String,
    /// FNV-1a of the projection as the worker sent it: equal for bit-identical runs (the
    /// end-to-end tests compare worker pools with it).
    pub fingerprint: u64,
}

impl Result {
    /// Shows `year`'s projection, if the run has it (else the first year's). Returns whether
    /// that changed what is shown.
    pub fn select(&mut self, year: u16) -> bool {
        let Some(p) = self.projections.iter().find(|p| p.year == year).or_else(|| self.projections.first()) else {
            return false;
        };
        if Arc::ptr_eq(p, &self.projection) {
            return false;
        }
        self.projection = Arc::clone(p);
        true
    }
}

/// The Monte Carlo state shared by the screens.
#[derive(Clone, Copy)]
pub struct MonteCarlo {
    /// Set while a run is under way.
    pub progress: RwSignal<Option<Progress>>,
    /// The last finished run.
    pub result: RwSignal<Option<Result>>,
    /// A problem with the last run, if any.
    pub failure: RwSignal<Option<crate::protocol::Said>>,
    pending: StoredValue<Option<Arc<Scenario>>>,
    /// The pool; the first worker leads.
    workers: StoredValue<Vec<Channel>, LocalStorage>,
    /// Draws done by each worker in the run under way.
    done: StoredValue<Vec<u32>>,
    /// The run under way's number.
    run: StoredValue<u32>,
    /// The year the screens show.
    year: StoredValue<u16>,
}

/// How many workers share a run: the browser's logical cores, at most 4 (the page needs a
/// thread too, and each worker holds its own households); `localStorage["gnbv.workers"]`
/// (1–8) overrides it, which the end-to-end tests use to compare with a single worker.
fn pool_size() -> usize {
    let window = web_sys::window();
    let chosen = window
        .as_ref()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item("gnbv.workers").ok().flatten())
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|n| (1..=8).contains(n));
    chosen.unwrap_or_else(|| {
        let cores = window.map_or(1.0, |w| w.navigator().hardware_concurrency());
        (cores as usize).clamp(1, 4)
    })
}

/// Why there is no projection where the browser runs no Web Worker.
fn no_workers() -> crate::protocol::Said {
    crate::protocol::Said::new(|l| {
        l.pick("trình duyệt không cho chạy Web Worker", "Web Workers are not available").to_owned()
    })
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
            workers: StoredValue::new_local(Vec::new()),
            done: StoredValue::new(Vec::new()),
            run: StoredValue::new(0),
            year: StoredValue::new(gnbv_engine::scenario::FIRST_YEAR),
        }
    }

    /// Shows `year`'s projection from now on (the planner's year selector calls it).
    pub fn show_year(&self, year: u16) {
        self.year.set_value(year);
        self.result.maybe_update(|r| r.as_mut().is_some_and(|r| r.select(year)));
    }

    /// Worker `index` of the pool, not started yet.
    fn channel(&self, index: usize) -> Channel {
        let this = *self;
        Channel::later(WORKER_URL, move |event: MessageEvent| {
            let text = event.data().as_string().unwrap_or_default();
            // A helper's draws go to the lead as they are, unparsed.
            if text.starts_with("{\"draws\"") {
                this.workers.update_value(|w| w.first_mut().map_or((), |lead| lead.post(JsValue::from_str(&text))));
                return;
            }
            match serde_json::from_str::<Response>(&text) {
                Ok(Response::Ready) => {
                    let mut started = true;
                    this.workers.update_value(|w| {
                        if let Some(channel) = w.get_mut(index) {
                            channel.ready();
                        }
                        // The helpers start once the lead has loaded: the worker's files then
                        // come from the browser's cache (revalidated) instead of one
                        // download per worker at once.
                        if index == 0 {
                            started = w.iter_mut().skip(1).all(Channel::start);
                        }
                    });
                    if !started {
                        this.cancel();
                        this.failure.set(Some(no_workers()));
                    }
                }
                Ok(Response::Draws { .. } | Response::Sensitivity(_) | Response::Plans(_)) => {}
                Ok(Response::Preparing) => {
                    if !matches!(this.progress.get_untracked(), Some(Progress::Drawing(..))) {
                        this.progress.set(Some(Progress::Preparing));
                    }
                }
                Ok(Response::Progress { done, total }) => {
                    this.done.update_value(|d| {
                        if let Some(slot) = d.get_mut(index) {
                            *slot = done;
                        }
                    });
                    let all = this.done.with_value(|d| d.iter().sum());
                    this.progress.set(Some(Progress::Drawing(all, total)));
                }
                Ok(Response::Done(projections)) => {
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
                        let fingerprint = gnbv_engine::rng::fnv1a(gnbv_engine::rng::FNV_OFFSET, text.as_bytes());
                        let projections: Vec<Arc<Projection>> = projections.into_iter().map(Arc::new).collect();
                        if let Some(first) = projections.first() {
                            let mut result =
                                Result { projection: Arc::clone(first), projections, scenario, finished, fingerprint };
                            result.select(this.year.get_value());
                            this.result.set(Some(result));
                        }
                    }
                    this.failure.set(None);
                    this.progress.set(None);
                }
                Ok(Response::Failed(message)) => {
                    this.cancel();
                    this.failure.set(Some(message));
                }
                Err(e) => {
                    this.cancel();
                    this.failure.set(Some(crate::protocol::Said::new(|_| e.to_string())));
                }
            }
        })
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
        // The draws shared by range; fewer workers than asked when there are few draws.
        let ranges = gnbv_engine::simulation::split_draws(0..scenario.simulation.draws, pool_size());
        if self.workers.with_value(Vec::len) != ranges.len() {
            self.cancel();
            // The lead starts now, the helpers when it is ready.
            let mut pool: Vec<Channel> = (0..ranges.len()).map(|i| self.channel(i)).collect();
            if !pool.first_mut().is_some_and(Channel::start) {
                self.failure.set(Some(no_workers()));
                return;
            }
            self.workers.set_value(pool);
        }
        let run = self.run.get_value().wrapping_add(1);
        self.run.set_value(run);
        self.done.set_value(vec![0; ranges.len()]);
        let households = planner.households.get_untracked();
        let mut request = Request {
            scenario: (*scenario).clone(),
            communes: planner.import.get_untracked(),
            households: households.as_ref().map(|h| crate::protocol::HouseholdRef::of(&h.review)),
            part: None,
        };
        let mut messages = Vec::with_capacity(ranges.len());
        for (i, range) in ranges.iter().enumerate() {
            request.part = Some(Part { run, from: range.start, to: range.end, lead: i == 0 });
            let Ok(text) = serde_json::to_string(&ToWorker::Run(Box::new(request.clone()))) else { return };
            messages.push(text);
        }
        self.pending.set_value(Some(scenario));
        self.progress.set(Some(Progress::Preparing));
        if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
            let _ = p.mark("gnbv-monte-carlo:start");
        }
        // A worker not yet holding the household file's households gets them first.
        let file = households.as_ref().map(|h| (h.review.fingerprint, h.bytes.as_slice()));
        self.workers.update_value(|pool| {
            for (worker, text) in pool.iter_mut().zip(messages) {
                worker.post_request(file, JsValue::from_str(&text));
            }
        });
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
        if let Some(pool) = self.workers.try_update_value(std::mem::take) {
            pool.into_iter().for_each(Channel::terminate);
        }
        self.progress.set(None);
    }
}

impl Default for MonteCarlo {
    fn default() -> Self {
        Self::new()
    }
}
