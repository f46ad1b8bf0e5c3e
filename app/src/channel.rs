//! A Web Worker behind a ready handshake. A worker's wasm loads after it is created, and
//! messages posted before its handler exists are lost; so each worker says it is listening
//! first, and until it has, messages are held here and sent when it does. Used by the Monte
//! Carlo worker (`montecarlo.rs`) and the export worker (`exporter.rs`).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// A worker (once started), its message handler (kept alive with it), and what waits for it.
pub struct Channel {
    /// None until [`Channel::start`].
    worker: Option<Worker>,
    url: String,
    ready: bool,
    queued: Vec<JsValue>,
    /// The household file (fingerprint) this worker was last sent, if any.
    households: Option<u64>,
    /// Whether the worker keeps the households' ids (set with [`Channel::with_ids`]).
    ids: bool,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl Channel {
    /// Starts the worker at `url` with `on_message` as its handler; `None` where workers are
    /// not available.
    pub fn spawn(url: &str, on_message: impl FnMut(MessageEvent) + 'static) -> Option<Self> {
        let mut channel = Self::later(url, on_message);
        channel.start().then_some(channel)
    }

    /// A channel to the worker at `url` that starts it only when asked ([`Channel::start`]);
    /// what is posted meanwhile waits.
    pub fn later(url: &str, on_message: impl FnMut(MessageEvent) + 'static) -> Self {
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(on_message);
        Self {
            worker: None,
            url: url.to_owned(),
            ready: false,
            queued: Vec::new(),
            households: None,
            ids: false,
            _on_message: on_message,
        }
    }

    /// Starts the worker if it is not running yet; false where workers are not available.
    pub fn start(&mut self) -> bool {
        if self.worker.is_none() {
            let Ok(worker) = Worker::new(&self.url) else { return false };
            worker.set_onmessage(Some(self._on_message.as_ref().unchecked_ref()));
            self.worker = Some(worker);
        }
        true
    }

    /// This channel's worker keeps the households' ids of the files it is sent (the household
    /// plans name each household).
    #[must_use]
    pub fn with_ids(mut self) -> Self {
        self.ids = true;
        self
    }

    /// Sends a request that names `households` (the file's fingerprint and bytes), sending the
    /// bytes first unless this worker already holds that file: parsed once, on the page, and
    /// copied to each worker once.
    pub fn post_request(&mut self, households: Option<(u64, &[u8])>, request: JsValue) {
        if let Some((fingerprint, bytes)) = households.filter(|(f, _)| self.households != Some(*f)) {
            self.post(crate::protocol::households_message(bytes, self.ids));
            self.households = Some(fingerprint);
        }
        if households.is_none() {
            self.households = None;
        }
        self.post(request);
    }

    /// Sends `message` now if the worker is listening, else when it is.
    pub fn post(&mut self, message: JsValue) {
        if let Some(worker) = self.worker.as_ref().filter(|_| self.ready) {
            let _ = worker.post_message(&message);
        } else {
            self.queued.push(message);
        }
    }

    /// The worker said it is listening: sends what waited.
    pub fn ready(&mut self) {
        let Some(worker) = &self.worker else { return };
        self.ready = true;
        for message in std::mem::take(&mut self.queued) {
            let _ = worker.post_message(&message);
        }
    }

    /// Stops the worker at once, whatever it is doing.
    pub fn terminate(self) {
        if let Some(worker) = self.worker {
            worker.terminate();
        }
    }
}
