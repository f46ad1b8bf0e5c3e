//! One module per screen; each is a route of the app (`shell.rs` lists them).
//!
//! The Overview is built into the page's code. Every other screen is a part of the page of its
//! own (`crate::parts`): its code, and whatever only it uses, arrives the first time the screen
//! is shown, so that the app starts with the frame and the Overview alone (the service worker
//! fetches the rest for offline use once the app runs).

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

use crate::parts::{part, NotLoaded};
use allocation::AllocationScreen;
use data::DataScreen;
use funding::FundingScreen;
use monitoring::MonitoringScreen;
use outcomes::OutcomesScreen;
use proposal::ProposalScreen;
use scenarios::ScenariosScreen;

/// `screens! { loader in part => Screen, … }`: each `loader()` builds its `Screen`, whose code
/// is in the page's part `part`.
macro_rules! screens {
    ($($loader:ident in $part:ident => $screen:ident),* $(,)?) => {$(
        part! { in $part;
            #[doc = concat!("Builds the `", stringify!($screen), "`, once its part of the page is there.")]
            pub fn $loader() -> AnyView {
                view! { <$screen /> }.into_any()
            }
        }
    )*};
}

screens! {
    funding_screen in gnbv_funding => FundingScreen,
    allocation_screen in gnbv_allocation => AllocationScreen,
    outcomes_screen in gnbv_outcomes => OutcomesScreen,
    data_screen in gnbv_data => DataScreen,
    proposal_screen in gnbv_proposal => ProposalScreen,
    monitoring_screen in gnbv_monitoring => MonitoringScreen,
    scenarios_screen in gnbv_scenarios => ScenariosScreen,
}

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
