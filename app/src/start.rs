//! The app's start, in steps that are each a task of their own (the loader in `Trunk.toml`
//! starts the app once the loading screen of `index.html` is painted): the built-in dataset
//! is read, then the default scenario is built (on a first visit) or the stored work read (on
//! a later one: its code is a part of the page fetched only then), and then the app is
//! mounted. Between the steps the browser paints and answers input, so no step holds the page
//! for long. What the steps prepare is handed to [`crate::App`] through [`take`]: whoever
//! mounts the app prepares it first ([`crate::mount`], the browser tests).

use gnbv_engine::dataset::{Dataset, DatasetError};
use gnbv_engine::defaults;
use gnbv_engine::scenario::Scenario;
use std::cell::RefCell;

/// What the steps before the mount prepared.
pub(crate) struct Prepared {
    /// The built-in dataset, read.
    pub builtin: Result<Dataset, DatasetError>,
    /// The default scenario on the built-in dataset, when this browser keeps no scenario and
    /// no imported dataset (a first visit); else `None`, and the app builds it if it needs it.
    pub default: Option<Scenario>,
    /// What the last visit left in local storage, read (a returning visit only).
    pub stored: crate::persist::Stored,
}

thread_local! {
    static PREPARED: RefCell<Option<Prepared>> = const { RefCell::new(None) };
}

/// What [`prepare`] left for the app, once.
pub(crate) fn take() -> Option<Prepared> {
    PREPARED.with(|p| p.borrow_mut().take())
}

/// Prepares the app's start, one step per task, for [`take`]: call it before mounting
/// [`crate::App`].
pub async fn prepare() {
    // The loader (Trunk.toml) started the app once the loading screen was painted; the wasm's
    // start and the first step are separate tasks.
    next_task().await;
    let builtin = Dataset::builtin();
    next_task().await;
    let (default, stored) = match &builtin {
        Ok(dataset) => match crate::persist::read_stored(dataset).await {
            Some(stored) => (None, stored),
            None => (Some(defaults::scenario(dataset)), Default::default()),
        },
        Err(_) => Default::default(),
    };
    next_task().await;
    PREPARED.with(|p| *p.borrow_mut() = Some(Prepared { builtin, default, stored }));
}

/// Resolves in a later task.
async fn next_task() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}
