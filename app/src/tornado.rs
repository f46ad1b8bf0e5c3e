//! The sensitivity view ("which assumption matters most?") run in its own Monte Carlo worker
//! (`src/worker.rs`, [`ToWorker::Sensitivity`]), so that the page never freezes and the
//! projection's pool is left alone. Asked for on demand; cancelling terminates the worker.

use crate::channel::Channel;
use crate::protocol::{Request, Response, ToWorker};
use crate::state::Planner;
use gnbv_engine::scenario::Scenario;
use gnbv_engine::sensitivity::Sensitivity;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use web_sys::MessageEvent;

/// The worker's script (the Monte Carlo worker's).
const WORKER_URL: &str = "/gnbv-worker_loader.js";

/// A finished sensitivity view and the scenario it was run for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The tornado.
    pub sensitivity: Arc<Sensitivity>,
    /// The scenario it describes.
    pub scenario: Arc<Scenario>,
}

/// The sensitivity view's state, shared by the screens.
#[derive(Clone, Copy)]
pub struct Tornado {
    /// Runs done out of the total while one is under way; `(0, 0)`: preparing.
    pub progress: RwSignal<Option<(u32, u32)>>,
    /// The last finished answer.
    pub answer: RwSignal<Option<Answer>>,
    /// Why the last run failed, if it did.
    pub failure: RwSignal<Option<crate::protocol::Said>>,
    pending: StoredValue<Option<Arc<Scenario>>>,
    worker: StoredValue<Option<Channel>, LocalStorage>,
}

impl Tornado {
    /// Nothing asked yet.
    #[must_use]
    pub fn new() -> Self {
        Self {
            progress: RwSignal::new(None),
            answer: RwSignal::new(None),
            failure: RwSignal::new(None),
            pending: StoredValue::new(None),
            worker: StoredValue::new_local(None),
        }
    }

    fn spawn(&self) -> Option<Channel> {
        let this = *self;
        Channel::spawn(WORKER_URL, move |event: MessageEvent| {
            let text = event.data().as_string().unwrap_or_default();
            match serde_json::from_str::<Response>(&text) {
                Ok(Response::Ready) => this.worker.update_value(|w| w.as_mut().map_or((), Channel::ready)),
                Ok(Response::Preparing | Response::Draws { .. } | Response::Done(_) | Response::Plans(_)) => {}
                Ok(Response::Progress { done, total }) => this.progress.set(Some((done, total))),
                Ok(Response::Sensitivity(sensitivity)) => {
                    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
                        let _ = p.measure_with_start_mark("gnbv-sensitivity", "gnbv-sensitivity:start");
                    }
                    if let Some(scenario) = this.pending.get_value() {
                        this.answer.set(Some(Answer { sensitivity: Arc::new(*sensitivity), scenario }));
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

    /// Runs the sensitivity view of the planner's current scenario (replacing a run under way).
    pub fn ask(&self, planner: Planner) {
        if self.progress.get_untracked().is_some() {
            self.cancel();
        }
        if self.worker.with_value(Option::is_none) {
            let Some(worker) = self.spawn() else {
                self.failure.set(Some(crate::protocol::Said::new(|l| {
                    l.pick("trình duyệt không cho chạy Web Worker", "Web Workers are not available").to_owned()
                })));
                return;
            };
            self.worker.set_value(Some(worker));
        }
        let scenario = Arc::new(planner.history.with_untracked(|h| h.current().clone()));
        let households = planner.households.get_untracked();
        let request = Request {
            scenario: (*scenario).clone(),
            communes: planner.import.get_untracked(),
            households: households.as_ref().map(|h| crate::protocol::HouseholdRef::of(&h.review)),
            part: None,
        };
        let Ok(text) = serde_json::to_string(&ToWorker::Sensitivity(Box::new(request))) else { return };
        self.pending.set_value(Some(scenario));
        self.failure.set(None);
        self.progress.set(Some((0, 0)));
        if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
            let _ = p.mark("gnbv-sensitivity:start");
        }
        let file = households.as_ref().map(|h| (h.review.fingerprint, h.bytes.as_slice()));
        self.worker
            .update_value(|w| w.as_mut().map_or((), |worker| worker.post_request(file, JsValue::from_str(&text))));
    }

    /// Stops the run under way; the last answer stays.
    pub fn cancel(&self) {
        if let Some(worker) = self.worker.try_update_value(Option::take).flatten() {
            worker.terminate();
        }
        self.progress.set(None);
    }
}

impl Default for Tornado {
    fn default() -> Self {
        Self::new()
    }
}
