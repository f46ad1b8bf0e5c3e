//! The page's side of the optimiser worker (`src/optimiser_worker.rs`): started on the first
//! question, it keeps the last answer with the scenario it was asked about. Cancelling
//! terminates the worker; the next question starts a fresh one.

use crate::channel::Channel;
use crate::protocol::{OptimiseRequest, OptimiseResponse, Said};
use crate::state::Planner;
use gnbv_engine::optimise::{Plan, Request, Stage};
use gnbv_engine::scenario::Scenario;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use web_sys::MessageEvent;

/// The worker's script, as trunk names it (`data-loader-shim` in `index.html`).
const WORKER_URL: &str = "/gnbv-optimiser_loader.js";

/// Where a question stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The worker is loading, or building the households (first question only).
    Preparing,
    /// What the optimiser is doing.
    At(Stage),
}

/// An answer and the scenario it answers about.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The plan.
    pub plan: Arc<Plan>,
    /// The scenario as it was when asked (the answer is stale once it changes).
    pub asked: Arc<Scenario>,
}

/// The optimiser's state, shared by the screens.
#[derive(Clone, Copy)]
pub struct Optimiser {
    /// Set while a question is being answered.
    pub phase: RwSignal<Option<Phase>>,
    /// The last answer.
    pub answer: RwSignal<Option<Answer>>,
    /// Why the last question has no answer (or could not be run).
    pub refusal: RwSignal<Option<Said>>,
    pending: StoredValue<Option<Arc<Scenario>>>,
    worker: StoredValue<Option<Channel>, LocalStorage>,
}

impl Optimiser {
    /// No question yet; the worker starts on the first.
    #[must_use]
    pub fn new() -> Self {
        Self {
            phase: RwSignal::new(None),
            answer: RwSignal::new(None),
            refusal: RwSignal::new(None),
            pending: StoredValue::new(None),
            worker: StoredValue::new_local(None),
        }
    }

    fn spawn(&self) -> Option<Channel> {
        let this = *self;
        Channel::spawn(WORKER_URL, move |event: MessageEvent| {
            let text = event.data().as_string().unwrap_or_default();
            match serde_json::from_str::<OptimiseResponse>(&text) {
                Ok(OptimiseResponse::Ready) => this.worker.update_value(|w| w.as_mut().map_or((), Channel::ready)),
                Ok(OptimiseResponse::Preparing) => this.phase.set(Some(Phase::Preparing)),
                Ok(OptimiseResponse::Prepared) => {}
                Ok(OptimiseResponse::Stage(stage)) => this.phase.set(Some(Phase::At(stage))),
                Ok(OptimiseResponse::Done(plan)) => {
                    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
                        let _ = p.measure_with_start_mark("gnbv-optimise", "gnbv-optimise:start");
                    }
                    let asked = this.pending.try_update_value(Option::take).flatten();
                    this.phase.set(None);
                    this.refusal.set(None);
                    if let Some(asked) = asked {
                        this.answer.set(Some(Answer { plan: Arc::new(*plan), asked }));
                    }
                }
                Ok(OptimiseResponse::Refused(why) | OptimiseResponse::Failed(why)) => {
                    this.phase.set(None);
                    this.answer.set(None);
                    this.refusal.set(Some(why));
                }
                Err(e) => {
                    this.phase.set(None);
                    this.refusal.set(Some(Said::new(|_| e.to_string())));
                }
            }
        })
    }

    /// Starts the worker and has it build the households, if no worker runs yet: the first
    /// question is then answered sooner. Called when the planner turns to the question.
    pub fn warm(&self, planner: Planner) {
        if self.worker.with_value(Option::is_none) {
            self.post(planner, None);
        }
    }

    /// Asks `request` about the planner's scenario as it stands (replacing a question under way).
    pub fn ask(&self, planner: Planner, request: Request) {
        if self.phase.get_untracked().is_some() {
            self.cancel();
        }
        self.post(planner, Some(request));
    }

    /// Sends the planner's scenario, with a question or to prepare.
    fn post(&self, planner: Planner, request: Option<Request>) {
        if self.worker.with_value(Option::is_none) {
            let Some(channel) = self.spawn() else {
                self.refusal.set(Some(Said::new(|l| {
                    l.pick("trình duyệt không cho chạy Web Worker", "Web Workers are not available").to_owned()
                })));
                return;
            };
            self.worker.set_value(Some(channel));
        }
        let scenario = Arc::new(planner.history.with_untracked(|h| h.current().clone()));
        let households = planner.households.get_untracked();
        let message = OptimiseRequest {
            scenario: (*scenario).clone(),
            request,
            communes: planner.import.get_untracked(),
            households: households.as_ref().map(|h| crate::protocol::HouseholdRef::of(&h.review)),
        };
        let Ok(text) = serde_json::to_string(&message) else { return };
        if message.request.is_some() {
            self.pending.set_value(Some(scenario));
            self.refusal.set(None);
            self.phase.set(Some(Phase::Preparing));
            if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
                let _ = p.mark("gnbv-optimise:start");
            }
        }
        let file = households.as_ref().map(|h| (h.review.fingerprint, h.bytes.as_slice()));
        self.worker
            .update_value(|w| w.as_mut().map_or((), |worker| worker.post_request(file, JsValue::from_str(&text))));
    }

    /// Stops the question under way; the last answer stays.
    pub fn cancel(&self) {
        if let Some(Some(worker)) = self.worker.try_update_value(Option::take) {
            worker.terminate();
        }
        self.pending.set_value(None);
        self.phase.set(None);
    }

    /// Forgets the last answer (applied or discarded).
    pub fn clear(&self) {
        self.answer.set(None);
        self.refusal.set(None);
    }
}

impl Default for Optimiser {
    fn default() -> Self {
        Self::new()
    }
}
