//! The Monte Carlo worker: a Web Worker that projects a scenario off the page's thread, so
//! the page never freezes. It builds the synthetic population once (per seed), then runs the
//! draws in chunks, posting progress after each, and finally the projection.

use gnbv_app::protocol::{Request, Response, CHUNK};
use gnbv_engine::allocation::allocate;
use gnbv_engine::households::Households;
use gnbv_engine::population::synthesize;
use gnbv_engine::projection::summarize;
use gnbv_engine::simulation::Model;
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
}

fn post(scope: &DedicatedWorkerGlobalScope, response: &Response) {
    let text = serde_json::to_string(response).unwrap_or_else(|e| format!("{{\"failed\":\"{e}\"}}"));
    let _ = scope.post_message(&JsValue::from_str(&text));
}

fn run(scope: &DedicatedWorkerGlobalScope, request: Request) {
    let dataset = match gnbv_app::protocol::dataset_of(request.communes.as_ref()) {
        Ok(d) => d,
        Err(e) => return post(scope, &Response::Failed(e)),
    };
    // The population: the imported household file's, or synthetic for the seed.
    let key = match &request.households {
        Some(h) => (
            u64::MAX,
            h.text.bytes().fold(dataset.content_hash(), |a, b| (a ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)),
        ),
        None => (request.scenario.seed, dataset.content_hash()),
    };
    let scenario = request.scenario;
    if let Err(e) = scenario.validate(&dataset) {
        return post(scope, &Response::Failed(e.to_string()));
    }
    let standard = PovertyStandard::qd59_2015();
    let cached = POPULATION.with(|p| p.borrow().as_ref().filter(|(k, _)| *k == key).map(|(_, h)| Rc::clone(h)));
    let households = match cached {
        Some(h) => h,
        None => {
            post(scope, &Response::Preparing);
            let built = match &request.households {
                Some(file) => match Households::from_csv(&file.text, &dataset, &standard) {
                    Ok(h) => h,
                    Err(e) => {
                        return post(scope, &Response::Failed(e.first().map(|e| e.to_string()).unwrap_or_default()))
                    }
                },
                None => synthesize(&dataset, &standard, scenario.seed),
            };
            let h = Rc::new(built);
            POPULATION.with(|p| *p.borrow_mut() = Some((key, Rc::clone(&h))));
            h
        }
    };
    let allocation = allocate(&scenario, &dataset);
    let model = Model::new(&dataset, &standard, &households, &scenario, &allocation);
    let total = scenario.simulation.draws;
    let mut draws = Vec::with_capacity(total as usize);
    while (draws.len() as u32) < total {
        let from = draws.len() as u32;
        draws.extend(model.run(from..(from + CHUNK).min(total)));
        // Delivered to the page while the worker goes on: no need to yield (cancelling
        // terminates the worker, so it never has to read a message mid-run).
        post(scope, &Response::Progress { done: draws.len() as u32, total });
    }
    let projection = summarize(&dataset, &households, &model, &scenario, &allocation, &draws);
    post(scope, &Response::Done(Box::new(projection)));
}

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let for_handler = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let text = event.data().as_string().unwrap_or_default();
        match serde_json::from_str::<Request>(&text) {
            Ok(request) => run(&for_handler, request),
            Err(e) => post(&for_handler, &Response::Failed(e.to_string())),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages that arrived while the wasm was loading had no handler: say we are listening.
    post(&scope, &Response::Ready);
}
