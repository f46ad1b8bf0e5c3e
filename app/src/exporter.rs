//! The page's side of the export worker (`src/export_worker.rs`): started on the first
//! export, it turns a request into a download of the workbook.

use crate::channel::Channel;
use crate::protocol::{ExportJob, ExportRequest, ExportResponse};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::MessageEvent;

/// The worker's script, as trunk names it (`data-loader-shim` in `index.html`).
const WORKER_URL: &str = "/gnbv-export_loader.js";

/// Exports in progress and their outcome, shared by the screens.
#[derive(Clone, Copy)]
pub struct Exporter {
    /// Set while a workbook is being made.
    pub busy: RwSignal<bool>,
    /// Why the last export failed.
    pub failure: RwSignal<Option<String>>,
    filename: StoredValue<String>,
    worker: StoredValue<Option<Channel>, LocalStorage>,
    /// Who waits for a workbook read into CSV.
    on_csv: StoredValue<Option<Box<dyn Fn(Result<String, String>)>>, LocalStorage>,
}

impl Exporter {
    /// Nothing exported yet; the worker starts on the first export.
    #[must_use]
    pub fn new() -> Self {
        Self {
            busy: RwSignal::new(false),
            failure: RwSignal::new(None),
            filename: StoredValue::new(String::new()),
            worker: StoredValue::new_local(None),
            on_csv: StoredValue::new_local(None),
        }
    }

    /// Sends `message` to the worker, starting it first if need be.
    fn post(&self, message: JsValue) -> Result<(), String> {
        if self.worker.with_value(Option::is_none) {
            let channel = self.spawn().ok_or_else(|| "Web Workers are not available".to_owned())?;
            self.worker.set_value(Some(channel));
        }
        self.worker.update_value(|w| w.as_mut().map_or((), |c| c.post(message)));
        Ok(())
    }

    fn spawn(&self) -> Option<Channel> {
        let this = *self;
        Channel::spawn(WORKER_URL, move |event: MessageEvent| {
            let data = event.data();
            if let Some(array) = data.dyn_ref::<js_sys::Uint8Array>() {
                crate::files::download_bytes(
                    &this.filename.get_value(),
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    &array.to_vec(),
                );
                this.failure.set(None);
                this.busy.set(false);
                return;
            }
            match serde_json::from_str::<ExportResponse>(&data.as_string().unwrap_or_default()) {
                Ok(ExportResponse::Ready) => this.worker.update_value(|w| w.as_mut().map_or((), Channel::ready)),
                Ok(ExportResponse::Csv(text)) => {
                    if let Some(f) = this.on_csv.try_update_value(Option::take).flatten() {
                        f(Ok(text));
                    }
                }
                Ok(ExportResponse::Unreadable(message)) => {
                    if let Some(f) = this.on_csv.try_update_value(Option::take).flatten() {
                        f(Err(message));
                    }
                }
                Ok(ExportResponse::Failed(message)) => {
                    this.failure.set(Some(message));
                    this.busy.set(false);
                }
                Err(e) => {
                    this.failure.set(Some(e.to_string()));
                    this.busy.set(false);
                }
            }
        })
    }

    /// Reads a workbook (`bytes` of an .xlsx file) into the CSV text of its first sheet, then
    /// calls `done`.
    pub fn read_xlsx(&self, bytes: &[u8], done: impl Fn(Result<String, String>) + 'static) {
        self.on_csv.set_value(Some(Box::new(done)));
        if let Err(e) = self.post(js_sys::Uint8Array::from(bytes).into()) {
            if let Some(f) = self.on_csv.try_update_value(Option::take).flatten() {
                f(Err(e));
            }
        }
    }

    /// Makes the workbook of `request` and offers it as `filename`; `households` are the
    /// bytes of the household file the request names, if any (sent first).
    pub fn export(&self, request: &ExportRequest, households: Option<&[u8]>, filename: &str) {
        self.make(&ExportJob::Proposal(Box::new(request.clone())), households, filename);
    }

    /// Makes the workbook of `job` and offers it as `filename`; `households` as for
    /// [`Exporter::export`].
    pub fn make(&self, job: &ExportJob, households: Option<&[u8]>, filename: &str) {
        let Ok(text) = serde_json::to_string(job) else { return };
        self.filename.set_value(filename.to_owned());
        self.busy.set(true);
        if let Some(bytes) = households {
            if let Err(e) = self.post(crate::protocol::households_message(bytes, false)) {
                self.failure.set(Some(e));
                self.busy.set(false);
                return;
            }
        }
        if let Err(e) = self.post(JsValue::from_str(&text)) {
            self.failure.set(Some(e));
            self.busy.set(false);
        }
    }
}

impl Default for Exporter {
    fn default() -> Self {
        Self::new()
    }
}
