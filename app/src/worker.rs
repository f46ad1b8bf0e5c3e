//! The Monte Carlo worker: a Web Worker that projects a scenario off the page's thread, so
//! the page never freezes. It builds the synthetic population once (per seed), then runs its
//! share of the draws in chunks, posting progress after each. A helper posts its draws; the
//! lead gathers everyone's (`protocol.rs`) and posts the projection.

use gnbv_app::protocol::{Part, Request, Response, ToWorker, CHUNK};
use gnbv_engine::dataset::Dataset;
use gnbv_engine::households::Households;
use gnbv_engine::population::synthesize;
use gnbv_engine::program::ProgramId;
use gnbv_engine::projection::summarize_years;
use gnbv_engine::review::HouseholdFile;
use gnbv_engine::scenario::Scenario;
use gnbv_engine::simulation::Course;
use gnbv_engine::simulation::Tally;
use gnbv_engine::standard::PovertyStandard;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

thread_local! {
    /// The population of the last seed and dataset: building it takes a moment, and neither
    /// changes often.
    static POPULATION: RefCell<Option<((u64, u64), Rc<Households>)>> = const { RefCell::new(None) };
    /// The household file the page posted (as bytes, before the requests that name it).
    static FILE: RefCell<Option<Rc<HouseholdFile>>> = const { RefCell::new(None) };
    /// Why the last household bytes posted could not be read, if they could not.
    static UNREADABLE: RefCell<Option<gnbv_app::protocol::Said>> = const { RefCell::new(None) };
    /// The lead's run while it waits for the helpers' draws.
    static GATHER: RefCell<Option<Gather>> = const { RefCell::new(None) };
}

/// The households a run is on: the synthetic population of its seed, or the household file's.
enum Held {
    Synthetic(Rc<Households>),
    File(Rc<HouseholdFile>),
}

impl Held {
    fn get(&self) -> &Households {
        match self {
            Self::Synthetic(h) => h,
            Self::File(f) => &f.households,
        }
    }
}

/// What the lead keeps to summarise once every draw is in.
struct Gather {
    run: u32,
    dataset: Dataset,
    households: Held,
    years: Vec<(u16, Scenario, gnbv_engine::allocation::Allocation)>,
    baseline: Vec<Tally>,
    reached: Vec<(ProgramId, u64)>,
    draws: Vec<Option<Vec<Tally>>>,
}

/// Puts draws numbered from `from` in; summarises and posts the projection when all are in.
fn gather(scope: &DedicatedWorkerGlobalScope, run: u32, from: u32, draws: Vec<Vec<Tally>>) {
    let finished = GATHER.with(|g| {
        let mut g = g.borrow_mut();
        let state = g.as_mut().filter(|s| s.run == run)?;
        for (i, d) in draws.into_iter().enumerate() {
            if let Some(slot) = state.draws.get_mut(from as usize + i) {
                *slot = Some(d);
            }
        }
        if state.draws.iter().any(Option::is_none) {
            return None;
        }
        g.take()
    });
    if let Some(s) = finished {
        let draws: Vec<Vec<Tally>> = s.draws.into_iter().flatten().collect();
        let projections = summarize_years(&s.dataset, s.households.get(), (&s.baseline, &s.reached), &s.years, &draws);
        post(scope, &Response::Done(projections));
    }
}

fn post(scope: &DedicatedWorkerGlobalScope, response: &Response) {
    let text =
        serde_json::to_string(response).unwrap_or_else(|e| format!("{{\"failed\":{{\"vi\":\"{e}\",\"en\":\"{e}\"}}}}"));
    let _ = scope.post_message(&JsValue::from_str(&text));
}

/// The dataset and households a request runs on (the household file it names, else the
/// synthetic population of its seed, built once), its scenario checked; `None` when that
/// failed, said to the page.
fn prepare(scope: &DedicatedWorkerGlobalScope, request: &Request) -> Option<(Dataset, Held)> {
    // The household file the request names, as posted.
    let named = FILE.with(|f| {
        UNREADABLE.with(|u| {
            gnbv_app::protocol::named_file(request.households.as_ref(), f.borrow().as_ref(), u.borrow().as_ref())
        })
    });
    let file = match named {
        Ok(file) => file,
        Err(why) => {
            post(scope, &Response::Failed(why));
            return None;
        }
    };
    // Its counts are the dataset's, as on the page.
    let dataset = match gnbv_app::protocol::dataset_for(request.communes.as_ref(), file.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            post(scope, &Response::Failed(e));
            return None;
        }
    };
    let scenario = &request.scenario;
    if let Err(e) = scenario.validate(&dataset) {
        post(scope, &Response::Failed(gnbv_app::protocol::Said::new(|l| e.message(l))));
        return None;
    }
    let standard = PovertyStandard::qd59_2015();
    let households = match file {
        // The file's households, as posted.
        Some(file) => Held::File(file),
        // The synthetic population for the seed, built once.
        None => {
            let key = (scenario.seed, dataset.content_hash());
            let cached = POPULATION.with(|p| p.borrow().as_ref().filter(|(k, _)| *k == key).map(|(_, h)| Rc::clone(h)));
            Held::Synthetic(match cached {
                Some(h) => h,
                None => {
                    post(scope, &Response::Preparing);
                    let h = Rc::new(synthesize(&dataset, &standard, scenario.seed));
                    POPULATION.with(|p| *p.borrow_mut() = Some((key, Rc::clone(&h))));
                    h
                }
            })
        }
    };
    Some((dataset, households))
}

/// The sensitivity view of the request's first year, progress after each run.
fn sensitivity(scope: &DedicatedWorkerGlobalScope, request: &Request) {
    let Some((dataset, households)) = prepare(scope, request) else { return };
    let first = request.scenario.first_year();
    let allocation = gnbv_engine::allocation::allocate(&first, &dataset);
    let standard = PovertyStandard::qd59_2015();
    let tornado = gnbv_engine::sensitivity::sensitivity(
        &dataset,
        &standard,
        households.get(),
        &first,
        &allocation,
        gnbv_app::protocol::SENSITIVITY_DRAWS,
        1,
        &mut |done, total| post(scope, &Response::Progress { done: done as u32, total: total as u32 }),
    );
    post(scope, &Response::Sensitivity(Box::new(tornado)));
}

/// The household plans of a commune or district.
fn plans(scope: &DedicatedWorkerGlobalScope, request: &gnbv_app::protocol::PlanRequest) {
    let Some((dataset, households)) = prepare(scope, &request.request) else { return };
    let response =
        match gnbv_app::protocol::plans_of(&dataset, households.get(), &request.request.scenario, request.place) {
            Ok(plans) => Response::Plans(Box::new(plans)),
            Err(why) => Response::Failed(why),
        };
    post(scope, &response);
}

fn run(scope: &DedicatedWorkerGlobalScope, request: Request) {
    let Some((dataset, households)) = prepare(scope, &request) else { return };
    let standard = PovertyStandard::qd59_2015();
    let scenario = request.scenario;
    // Every year: a later one runs, in each draw, on the year before's end.
    let years = scenario.all_years(&dataset);
    let Some(model) = Course::new(&dataset, &standard, households.get(), &years) else {
        return post(
            scope,
            &Response::Failed(gnbv_app::protocol::Said::new(|l| {
                l.pick("kịch bản không có năm nào để dự báo", "the scenario has no year to project").to_owned()
            })),
        );
    };
    let total = scenario.simulation.draws;
    let part = request.part.unwrap_or(Part { run: 0, from: 0, to: total, lead: true });
    let (from, to) = (part.from.min(total), part.to.min(total));
    let mut draws = Vec::with_capacity((to - from) as usize);
    while (from + draws.len() as u32) < to {
        let start = from + draws.len() as u32;
        draws.extend(model.run(start..(start + CHUNK).min(to)));
        // Delivered to the page while the worker goes on: no need to yield (cancelling
        // terminates the worker, so it never has to read a message mid-run).
        post(scope, &Response::Progress { done: draws.len() as u32, total });
    }
    if !part.lead {
        return post(scope, &Response::Draws { run: part.run, from, draws });
    }
    let (baseline, reached) = (model.first.baseline(), model.first.reached.clone());
    drop(model);
    let state =
        Gather { run: part.run, baseline, reached, draws: vec![None; total as usize], dataset, households, years };
    GATHER.with(|g| *g.borrow_mut() = Some(state));
    gather(scope, part.run, from, draws);
}

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let for_handler = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        // A household file's households as bytes (`HouseholdFile::to_bytes`), kept for the
        // requests that name it.
        if let Some((bytes, ids)) = gnbv_app::protocol::read_households_message(&event.data()) {
            match gnbv_app::protocol::read_households(&bytes, ids) {
                Ok(file) => {
                    FILE.with(|f| *f.borrow_mut() = Some(Rc::new(file)));
                    UNREADABLE.with(|u| *u.borrow_mut() = None);
                }
                // Said with the request that names the file.
                Err(e) => {
                    FILE.with(|f| *f.borrow_mut() = None);
                    UNREADABLE.with(|u| *u.borrow_mut() = Some(e));
                }
            }
            return;
        }
        let text = event.data().as_string().unwrap_or_default();
        match serde_json::from_str::<ToWorker>(&text) {
            Ok(ToWorker::Run(request)) => run(&for_handler, *request),
            Ok(ToWorker::Sensitivity(request)) => sensitivity(&for_handler, &request),
            Ok(ToWorker::Plans(request)) => plans(&for_handler, &request),
            Ok(ToWorker::Draws { run, from, draws }) => gather(&for_handler, run, from, draws),
            Err(e) => post(&for_handler, &Response::Failed(gnbv_app::protocol::Said::new(|_| e.to_string()))),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages that arrived while the wasm was loading had no handler: say we are listening.
    post(&scope, &Response::Ready);
}
