//! The export worker: makes the budget proposal's Excel workbook off the page's thread, and
//! keeps the spreadsheet writer (rust_xlsxwriter, about half a megabyte) out of the page's
//! download: it is fetched only when someone exports. It answers a request with the
//! workbook's bytes (an `ArrayBuffer`, transferred), or a JSON message saying what failed.
//! It also reads commune files saved as .xlsx (posted as bytes) into CSV for the page's checks.

use gnbv_app::protocol::{ExportJob, ExportRequest, ExportResponse};
use gnbv_engine::allocation::allocate;
use gnbv_engine::proposal::Proposal;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

thread_local! {
    /// The household file the page posted (as bytes, before the request that names it).
    static HOUSEHOLDS: std::cell::RefCell<Option<std::rc::Rc<gnbv_engine::review::HouseholdFile>>> =
        const { std::cell::RefCell::new(None) };
    /// Why the last household bytes posted could not be read, if they could not.
    static UNREADABLE: std::cell::RefCell<Option<gnbv_app::protocol::Said>> = const { std::cell::RefCell::new(None) };
}

fn post(scope: &DedicatedWorkerGlobalScope, response: &ExportResponse) {
    let text = serde_json::to_string(response).unwrap_or_default();
    let _ = scope.post_message(&JsValue::from_str(&text));
}

fn job(job: ExportJob) -> Result<Vec<u8>, String> {
    match job {
        ExportJob::Proposal(request) => export(*request),
        ExportJob::Plans(plans, lang) => {
            gnbv_engine::xlsx::household_plans(&plans.plans, plans.rollup.as_ref(), lang).map_err(|e| e.message(lang))
        }
        ExportJob::Report(request) => {
            let lang = request.lang;
            let file = named(request.households.as_ref(), lang)?;
            let dataset = gnbv_app::protocol::dataset_for(request.communes.as_ref(), file.as_deref())
                .map_err(|e| e.message(lang).to_owned())?;
            let report = gnbv_app::protocol::report_of(&dataset, &request)?;
            gnbv_engine::xlsx::monitoring_report(&report).map_err(|e| e.message(lang))
        }
    }
}

/// The household file a request names, as posted.
fn named(
    households: Option<&gnbv_app::protocol::HouseholdRef>,
    lang: gnbv_engine::format::Lang,
) -> Result<Option<std::rc::Rc<gnbv_engine::review::HouseholdFile>>, String> {
    HOUSEHOLDS
        .with(|h| {
            UNREADABLE.with(|u| gnbv_app::protocol::named_file(households, h.borrow().as_ref(), u.borrow().as_ref()))
        })
        .map_err(|why| why.message(lang).to_owned())
}

fn export(request: ExportRequest) -> Result<Vec<u8>, String> {
    let file = HOUSEHOLDS
        .with(|h| {
            UNREADABLE.with(|u| {
                gnbv_app::protocol::named_file(request.households.as_ref(), h.borrow().as_ref(), u.borrow().as_ref())
            })
        })
        .map_err(|why| why.message(request.lang).to_owned())?;
    let dataset = gnbv_app::protocol::dataset_for(request.communes.as_ref(), file.as_deref())
        .map_err(|e| e.message(request.lang).to_owned())?;
    request.scenario.validate(&dataset).map_err(|e| e.message(request.lang))?;
    let view = request.scenario.year(request.year, &dataset).map_err(|e| e.message(request.lang))?;
    let allocation = allocate(&view, &dataset);
    let proposal = Proposal::new(
        request.year,
        &view,
        &dataset,
        &allocation,
        request.projection.as_ref(),
        &request.link,
        request.lang,
    );
    gnbv_engine::xlsx::workbook(&proposal).map_err(|e| e.message(request.lang))
}

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let for_handler = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        // The household file's bytes, for the request that follows.
        if let Some((bytes, ids)) = gnbv_app::protocol::read_households_message(&event.data()) {
            let read = gnbv_app::protocol::read_households(&bytes, ids);
            // Said with the request that names the file, in its language.
            UNREADABLE.with(|u| *u.borrow_mut() = read.as_ref().err().cloned());
            HOUSEHOLDS.with(|h| *h.borrow_mut() = read.ok().map(std::rc::Rc::new));
            return;
        }
        // A workbook to read (a commune file saved from Excel): answer with its CSV.
        if let Some(bytes) = event.data().dyn_ref::<js_sys::Uint8Array>() {
            let response = match gnbv_engine::import::xlsx_to_csv(&bytes.to_vec()) {
                Ok(csv) => ExportResponse::Csv(csv),
                Err(e) => ExportResponse::Unreadable(e),
            };
            return post(&for_handler, &response);
        }
        let text = event.data().as_string().unwrap_or_default();
        let result = serde_json::from_str::<ExportJob>(&text).map_err(|e| e.to_string()).and_then(job);
        match result {
            Ok(bytes) => {
                let array = js_sys::Uint8Array::from(bytes.as_slice());
                let transfer = js_sys::Array::of1(&array.buffer());
                let _ = for_handler.post_message_with_transfer(&array, &transfer);
            }
            Err(message) => post(&for_handler, &ExportResponse::Failed(message)),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&scope, &ExportResponse::Ready);
}
