//! The household support plans, asked of a Monte Carlo worker of their own (`src/worker.rs`,
//! [`ToWorker::Plans`]) that keeps the households' ids: the page never holds the households.
//! One question at a time; a new one replaces the one under way.

use crate::channel::Channel;
use crate::protocol::{PlanPlace, PlanRequest, Plans, Request, Response, Said, ToWorker};
use crate::state::Planner;
use gnbv_engine::scenario::Scenario;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use web_sys::MessageEvent;

/// The worker's script (the Monte Carlo worker's).
const WORKER_URL: &str = "/gnbv-worker_loader.js";

/// Plans and the scenario they were made for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The plans.
    pub plans: Arc<Plans>,
    /// The scenario asked about.
    pub scenario: Arc<Scenario>,
}

/// What is wanted of the answer: shown, or downloaded as a workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Shown on the screen.
    Show,
    /// A district's workbook, downloaded.
    Workbook,
    /// A district's roll-up, shown.
    Rollup,
}

/// The plans' state, shared by the screens.
#[derive(Clone, Copy)]
pub struct HouseholdPlans {
    /// Set while a question is under way.
    pub busy: RwSignal<Option<Purpose>>,
    /// The last plans shown.
    pub answer: RwSignal<Option<Answer>>,
    /// The last district roll-up shown, with the scenario it was made for.
    pub rollup: RwSignal<Option<(Arc<gnbv_engine::household_plan::DistrictRollup>, Arc<Scenario>)>>,
    /// Why the last question failed.
    pub failure: RwSignal<Option<Said>>,
    pending: StoredValue<Option<(Arc<Scenario>, Purpose)>>,
    /// Who takes a workbook's plans.
    on_workbook: StoredValue<Option<Box<dyn Fn(Plans)>>, LocalStorage>,
    worker: StoredValue<Option<Channel>, LocalStorage>,
}

impl HouseholdPlans {
    /// Nothing asked yet.
    #[must_use]
    pub fn new() -> Self {
        Self {
            busy: RwSignal::new(None),
            answer: RwSignal::new(None),
            rollup: RwSignal::new(None),
            failure: RwSignal::new(None),
            pending: StoredValue::new(None),
            on_workbook: StoredValue::new_local(None),
            worker: StoredValue::new_local(None),
        }
    }

    fn spawn(&self) -> Option<Channel> {
        let this = *self;
        Channel::spawn(WORKER_URL, move |event: MessageEvent| {
            let text = event.data().as_string().unwrap_or_default();
            match serde_json::from_str::<Response>(&text) {
                Ok(Response::Ready) => this.worker.update_value(|w| w.as_mut().map_or((), Channel::ready)),
                Ok(Response::Plans(plans)) => {
                    match this.pending.get_value() {
                        Some((scenario, Purpose::Show)) => {
                            this.answer.set(Some(Answer { plans: Arc::new(*plans), scenario }));
                        }
                        Some((scenario, Purpose::Rollup)) => {
                            if let Some(r) = plans.rollup {
                                this.rollup.set(Some((Arc::new(r), scenario)));
                            }
                        }
                        Some((_, Purpose::Workbook)) => {
                            if let Some(f) = this.on_workbook.try_update_value(Option::take).flatten() {
                                f(*plans);
                            }
                        }
                        None => {}
                    }
                    this.failure.set(None);
                    this.busy.set(None);
                }
                Ok(Response::Failed(message)) => {
                    this.failure.set(Some(message));
                    this.busy.set(None);
                }
                Ok(_) => {}
                Err(e) => {
                    this.failure.set(Some(Said::new(|_| e.to_string())));
                    this.busy.set(None);
                }
            }
        })
        .map(Channel::with_ids)
    }

    /// Asks for the plans of `place` on the planner's current scenario; a workbook's plans
    /// go to `workbook`.
    pub fn ask(&self, planner: Planner, place: PlanPlace, purpose: Purpose, workbook: Option<Box<dyn Fn(Plans)>>) {
        if self.worker.with_value(Option::is_none) {
            let Some(worker) = self.spawn() else {
                self.failure.set(Some(Said::new(|l| {
                    l.pick("trình duyệt không cho chạy Web Worker", "Web Workers are not available").to_owned()
                })));
                return;
            };
            self.worker.set_value(Some(worker));
        }
        let scenario = Arc::new(planner.history.with_untracked(|h| h.current().clone()));
        let households = planner.households.get_untracked();
        let request = PlanRequest {
            request: Request {
                scenario: (*scenario).clone(),
                communes: planner.import.get_untracked(),
                households: households.as_ref().map(|h| crate::protocol::HouseholdRef::of(&h.review)),
                part: None,
            },
            place,
        };
        let Ok(text) = serde_json::to_string(&ToWorker::Plans(Box::new(request))) else { return };
        self.pending.set_value(Some((scenario, purpose)));
        self.on_workbook.set_value(workbook);
        self.failure.set(None);
        self.busy.set(Some(purpose));
        let file = households.as_ref().map(|h| (h.review.fingerprint, h.bytes.as_slice()));
        self.worker
            .update_value(|w| w.as_mut().map_or((), |worker| worker.post_request(file, JsValue::from_str(&text))));
    }
}

impl Default for HouseholdPlans {
    fn default() -> Self {
        Self::new()
    }
}
