//! The page's side of the export worker (`src/export_worker.rs`): started on the first
//! export, it turns a request into a download of the workbook.

use crate::protocol::{ExportRequest, ExportResponse};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// The worker's script, as trunk names it (`data-loader-shim` in `index.html`).
const WORKER_URL: &str = "/gnbv-export_loader.js";

struct Running {
    worker: Worker,
    ready: bool,
    queued: Option<String>,
    queued_bytes: Option<js_sys::Uint8Array>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

/// Exports in progress and their outcome, shared by the screens.
#[derive(Clone, Copy)]
pub struct Exporter {
    /// Set while a workbook is being made.
    pub busy: RwSignal<bool>,
    /// Why the last export failed.
    pub failure: RwSignal<Option<String>>,
    filename: StoredValue<String>,
    worker: StoredValue<Option<Running>, LocalStorage>,
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

    fn spawn(&self) -> Option<()> {
        let this = *self;
        let worker = Worker::new(WORKER_URL).ok()?;
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
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
                Ok(ExportResponse::Ready) => this.worker.update_value(|w| {
                    if let Some(running) = w.as_mut() {
                        running.ready = true;
                        if let Some(request) = running.queued.take() {
                            let _ = running.worker.post_message(&JsValue::from_str(&request));
                        }
                        if let Some(bytes) = running.queued_bytes.take() {
                            let _ = running.worker.post_message(&bytes);
                        }
                    }
                }),
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
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        self.worker.set_value(Some(Running {
            worker,
            ready: false,
            queued: None,
            queued_bytes: None,
            _on_message: on_message,
        }));
        Some(())
    }

    /// Reads a workbook (`bytes` of an .xlsx file) into the CSV text of its first sheet, then
    /// calls `done`.
    pub fn read_xlsx(&self, bytes: &[u8], done: impl Fn(Result<String, String>) + 'static) {
        if self.worker.with_value(Option::is_none) && self.spawn().is_none() {
            done(Err("Web Workers are not available".into()));
            return;
        }
        self.on_csv.set_value(Some(Box::new(done)));
        let array = js_sys::Uint8Array::from(bytes);
        self.worker.update_value(|w| {
            if let Some(running) = w.as_mut() {
                if running.ready {
                    let _ = running.worker.post_message(&array);
                } else {
                    running.queued_bytes = Some(array);
                }
            }
        });
    }

    /// Makes the workbook of `request` and offers it as `filename`.
    pub fn export(&self, request: &ExportRequest, filename: &str) {
        let Ok(text) = serde_json::to_string(request) else { return };
        if self.worker.with_value(Option::is_none) && self.spawn().is_none() {
            self.failure.set(Some("Web Workers are not available".into()));
            return;
        }
        self.filename.set_value(filename.to_owned());
        self.busy.set(true);
        self.worker.update_value(|w| {
            if let Some(running) = w.as_mut() {
                if running.ready {
                    let _ = running.worker.post_message(&JsValue::from_str(&text));
                } else {
                    running.queued = Some(text);
                }
            }
        });
    }
}

impl Default for Exporter {
    fn default() -> Self {
        Self::new()
    }
}
