//! One module per screen; each is a route of the app (`shell.rs` lists them).
//!
//! The Overview is built into the page's code. Every other screen is a part of its own when the
//! page is built with the `split` feature (trunk builds it so; `scripts/split.py` cuts the
//! page's wasm at these functions): its code, and whatever only it uses, arrives the first time
//! the screen is shown, so that a first visit downloads the Overview and the frame alone. Built
//! without the feature (the app's tests, the workers), each loader returns its screen at once.

use crate::i18n::{t, Lang, Msg};
use leptos::prelude::*;
use std::future::Future;

pub mod allocation;
pub mod data;
pub mod funding;
pub mod households;
pub mod monitoring;
pub mod outcomes;
pub mod overview;
pub mod proposal;
pub mod scenarios;
pub mod sensitivity;

/// A screen's code could not be fetched (the network is down, or the server answered with
/// something else); [`Deferred`] says so and offers to try again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotLoaded;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for NotLoaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        Self
    }
}

/// `screen!(loader, part, Screen)`: `loader()` builds `Screen`, after fetching the page's part
/// named `part` (its own file) when the page is split.
macro_rules! screen {
    ($(#[$doc:meta])* $loader:ident, $part:ident, $screen:ident) => {
        $(#[$doc])*
        pub async fn $loader() -> Result<AnyView, NotLoaded> {
            #[cfg_attr(
                feature = "split",
                leptos::wasm_split::wasm_split($part, wasm_split_path = ::leptos::wasm_split, fallible)
            )]
            fn build() -> Result<AnyView, NotLoaded> {
                Ok(view! { <$screen /> }.into_any())
            }
            #[cfg(feature = "split")]
            let screen = build().await;
            #[cfg(not(feature = "split"))]
            let screen = build();
            screen
        }
    };
}

use allocation::AllocationScreen;
use data::DataScreen;
use funding::FundingScreen;
use monitoring::MonitoringScreen;
use outcomes::OutcomesScreen;
use proposal::ProposalScreen;
use scenarios::ScenariosScreen;

screen!(
    /// The Funding screen.
    funding_screen, gnbv_funding, FundingScreen
);
screen!(
    /// The Allocation screen.
    allocation_screen, gnbv_allocation, AllocationScreen
);
screen!(
    /// The Outcomes screen.
    outcomes_screen, gnbv_outcomes, OutcomesScreen
);
screen!(
    /// The Data screen.
    data_screen, gnbv_data, DataScreen
);
screen!(
    /// The Proposal screen.
    proposal_screen, gnbv_proposal, ProposalScreen
);
screen!(
    /// The Monitoring screen.
    monitoring_screen, gnbv_monitoring, MonitoringScreen
);
screen!(
    /// The Scenarios screen.
    scenarios_screen, gnbv_scenarios, ScenariosScreen
);

/// A screen that `load` builds once its code is there: a line saying it is on its way until
/// then, and, if its code cannot be fetched, a message that says so and a button that tries
/// again (nothing else on the page changes).
#[component]
pub fn Deferred<F, Fut>(load: F) -> impl IntoView
where
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<AnyView, NotLoaded>> + Send + 'static,
{
    let lang = expect_context::<ReadSignal<Lang>>();
    let attempt = RwSignal::new(0_u32);
    let loading = move || {
        view! { <p class="screen-loading" role="status">{move || t(lang.get(), Msg::ScreenLoading)}</p> }
    };
    view! {
        <Suspense fallback=loading>
            {move || {
                attempt.track();
                Suspend::new(async move {
                    match load().await {
                        Ok(screen) => screen,
                        Err(NotLoaded) => view! {
                            <div class="screen-not-loaded" role="alert">
                                <p>{move || t(lang.get(), Msg::ScreenNotLoaded)}</p>
                                <button type="button" on:click=move |_| attempt.update(|n| *n += 1)>
                                    {move || t(lang.get(), Msg::ScreenTryAgain)}
                                </button>
                            </div>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
