//! The optimiser worker: answers "what would it take?" (`gnbv_engine::optimise`) off the
//! page's thread, and keeps the solver (Clarabel through good_lp) out of the page's download:
//! it is fetched only when someone asks. It posts each stage as it starts, then the answer or
//! why there is none. Cancelling terminates it.

use gnbv_app::protocol::{OptimiseRequest, OptimiseResponse, Said};
use gnbv_engine::households::Households;
use gnbv_engine::population::synthesize;
use gnbv_engine::review::HouseholdFile;
use gnbv_engine::standard::PovertyStandard;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

thread_local! {
    /// The synthetic population of the last seed and dataset.
    static POPULATION: RefCell<Option<((u64, u64), Rc<Households>)>> = const { RefCell::new(None) };
    /// The household file the page posted (as bytes, before the request that names it).
    static FILE: RefCell<Option<Rc<HouseholdFile>>> = const { RefCell::new(None) };
    /// Why the last household bytes posted could not be read, if they could not.
    static UNREADABLE: RefCell<Option<Said>> = const { RefCell::new(None) };
}

fn post(scope: &DedicatedWorkerGlobalScope, response: &OptimiseResponse) {
    let text =
        serde_json::to_string(response).unwrap_or_else(|e| format!("{{\"failed\":{{\"vi\":\"{e}\",\"en\":\"{e}\"}}}}"));
    let _ = scope.post_message(&JsValue::from_str(&text));
}

fn answer(scope: &DedicatedWorkerGlobalScope, request: OptimiseRequest) -> OptimiseResponse {
    let named = FILE.with(|f| {
        UNREADABLE.with(|u| {
            gnbv_app::protocol::named_file(request.households.as_ref(), f.borrow().as_ref(), u.borrow().as_ref())
        })
    });
    let file = match named {
        Ok(file) => file,
        Err(why) => return OptimiseResponse::Failed(why),
    };
    let dataset = match gnbv_app::protocol::dataset_for(request.communes.as_ref(), file.as_deref()) {
        Ok(d) => d,
        Err(e) => return OptimiseResponse::Failed(e),
    };
    let scenario = request.scenario;
    if let Err(e) = scenario.validate(&dataset) {
        return OptimiseResponse::Failed(Said::new(|l| e.message(l)));
    }
    let standard = PovertyStandard::qd59_2015();
    let synthetic;
    let households: &Households = match &file {
        Some(f) => &f.households,
        None => {
            let key = (scenario.seed, dataset.content_hash());
            let cached = POPULATION.with(|p| p.borrow().as_ref().filter(|(k, _)| *k == key).map(|(_, h)| Rc::clone(h)));
            synthetic = match cached {
                Some(h) => h,
                None => {
                    if request.request.is_some() {
                        post(scope, &OptimiseResponse::Preparing);
                    }
                    let h = Rc::new(synthesize(&dataset, &standard, scenario.seed));
                    POPULATION.with(|p| *p.borrow_mut() = Some((key, Rc::clone(&h))));
                    h
                }
            };
            &synthetic
        }
    };
    let Some(question) = request.request else { return OptimiseResponse::Prepared };
    let mut progress = |stage| post(scope, &OptimiseResponse::Stage(stage));
    match gnbv_engine::optimise::optimise(&scenario, &dataset, households, &standard, &question, &mut progress) {
        Ok(plan) => OptimiseResponse::Done(Box::new(plan)),
        Err(r) => OptimiseResponse::Refused(Said { vi: r.message_vi, en: r.message_en }),
    }
}

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let for_handler = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        if let Some((bytes, ids)) = gnbv_app::protocol::read_households_message(&event.data()) {
            let read = gnbv_app::protocol::read_households(&bytes, ids);
            UNREADABLE.with(|u| *u.borrow_mut() = read.as_ref().err().cloned());
            FILE.with(|f| *f.borrow_mut() = read.ok().map(Rc::new));
            return;
        }
        let text = event.data().as_string().unwrap_or_default();
        let response = match serde_json::from_str::<OptimiseRequest>(&text) {
            Ok(request) => answer(&for_handler, request),
            Err(e) => OptimiseResponse::Failed(Said::new(|_| e.to_string())),
        };
        post(&for_handler, &response);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&scope, &OptimiseResponse::Ready);
}
