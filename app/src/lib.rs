//! GNBV Planner in the browser: Leptos components over the `gnbv_engine` library.
//!
//! Components only wire events to the engine's types and format what it returns; no
//! figure is computed here.

mod channel;
mod charts;
mod credit;
mod exporter;
mod files;
pub mod i18n;
mod idb;
mod montecarlo;
mod optimiser;
mod parts;
pub mod persist;
mod plans;
pub mod population;
pub mod protocol;
mod routes;
mod shell;
mod start;
pub mod state;
mod tornado;
mod widgets;

pub use shell::App;
pub use start::prepare;

/// Mounts the app on the page's `<body>`, after the steps of its start ([`start::prepare`]).
pub fn mount() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        start::prepare().await;
        // index.html's loading screen gives way to the app.
        if let Some(boot) = leptos::prelude::document().get_element_by_id("boot") {
            boot.remove();
        }
        leptos::mount::mount_to_body(App);
    });
}
