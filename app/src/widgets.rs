//! Pieces several screens share: money and projected bands as table cells show them, the
//! CSS class of a problem, the simulation controls, and the staging of a screen's first
//! render ([`Later`]). Screens import from here, never from each other.

use crate::i18n::{t, t_with, Lang, Msg};
use crate::montecarlo::{MonteCarlo, Progress};
use crate::persist::refusal_message;
use crate::state::Planner;
use gnbv_engine::diagnostics::Severity;
use gnbv_engine::format::group;
use gnbv_engine::money::{AmountError, Dong};
use gnbv_engine::scenario::ScenarioError;
use leptos::prelude::*;

/// An amount in đồng with grouped thousands and no sign, for table cells.
#[must_use]
pub fn money(d: Dong, lang: Lang) -> String {
    group(d.get().into(), lang)
}

/// The CSS class of a problem's list item (`styles.css` colours its word).
#[must_use]
pub fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "diag error",
        Severity::Warning => "diag warning",
    }
}

/// Builds its children in a later task than the one that builds it (a timer task: siblings
/// build in document order, one task each).
///
/// A screen's first render is staged with it: the part a visitor sees first is built at
/// once and the rest follows in tasks of its own, so that the browser paints and answers
/// input between them instead of being held for one long task (on a phone's processor the
/// whole Overview took 0.5 s at once). Nothing is dropped: every child is built a few
/// milliseconds later. A `Later` removed before its time builds nothing.
#[component]
pub fn Later(children: ChildrenFn) -> impl IntoView {
    let shown = RwSignal::new(false);
    in_task(0, move || {
        shown.try_set(true);
    });
    move || shown.get().then(|| children())
}

/// Runs `f` in a timer task, `after` timer tasks after the next one.
pub fn in_task(after: u32, f: impl FnOnce() + 'static) {
    set_timeout(
        move || match after {
            0 => f(),
            n => in_task(n - 1, f),
        },
        std::time::Duration::ZERO,
    );
}

/// Run / cancel buttons, the progress bar and the run's status.
#[component]
pub fn SimulationControls() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let mc = expect_context::<MonteCarlo>();
    let running = move || mc.progress.get().is_some();
    let status = move || match mc.progress.get() {
        Some(Progress::Preparing) => {
            let lang = lang.get();
            // The population the projection runs on: the household file's, or the synthetic
            // one with the dataset's number of households.
            let (msg, n) = match planner.households.with(|h| h.as_ref().map(|h| h.review.households)) {
                Some(n) => (Msg::ReadingHouseholds, n),
                None => (Msg::PreparingHouseholds, planner.dataset.with(|d| d.province_counts().households)),
            };
            t_with(lang, msg, &[("n", &group(n.into(), lang))])
        }
        Some(Progress::Drawing(done, total)) => {
            format!("{} {done}/{total} {}", t(lang.get(), Msg::Simulating), t(lang.get(), Msg::Draws))
        }
        None => mc.result.with(|r| match r {
            Some(r) => format!(
                "{} {} · {} {}",
                r.projection.draws,
                t(lang.get(), Msg::Draws),
                t(lang.get(), Msg::RunAt),
                r.finished
            ),
            None => t(lang.get(), Msg::NotRunYet).to_owned(),
        }),
    };
    let (value, max) = (
        move || match mc.progress.get() {
            Some(Progress::Drawing(done, _)) => done,
            _ => 0,
        },
        move || match mc.progress.get() {
            Some(Progress::Drawing(_, total)) => total,
            _ => 1,
        },
    );
    view! {
        <div class="simulation">
            <button type="button" class="primary" on:click=move |_| mc.run(planner) disabled=running>
                {move || t(lang.get(), Msg::RunSimulation)}
            </button>
            <Show when=running>
                <button type="button" on:click=move |_| mc.cancel()>{move || t(lang.get(), Msg::Cancel)}</button>
                <progress max=max value=value aria-label=move || t(lang.get(), Msg::Simulating)></progress>
            </Show>
            <span class="sim-status" role="status" aria-live="polite">{status}</span>
            <BandMeaning />
            {move || mc.failure.get().map(|reason| view! {
                <p class="field-error" role="alert">{move || format!("{} {}", t(lang.get(), Msg::SimulationFailed), reason.message(lang.get()))}</p>
            })}
        </div>
    }
}

/// Whether the draws include the uncertain parameters (a tick in the scenario, one undo step),
/// and what the shown bands mean.
#[component]
fn BandMeaning() -> AnyView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let mc = expect_context::<MonteCarlo>();
    view! {
            <label class="filter parameter-uncertainty">
            <input
                type="checkbox"
                id="parameter-uncertainty"
                prop:checked=move || planner.history.with(|h| h.current().simulation.parameter_uncertainty)
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    let _ = planner.edit_whole(|s| s.simulation.parameter_uncertainty = on);
                }
            />
            " "
            {move || t(lang.get(), Msg::ParameterUncertainty)}
        </label>
        // What the bands mean: households and parameters, or the households' chance alone.
        {move || mc.result.with(|r| r.as_ref().map(|r| {
            let lang = lang.get();
            let p = &r.projection;
            let sampled = (!p.parameters.is_empty()).then(|| {
                format!(" {}", t(lang, Msg::ParametersSampled))
            });
            view! { <p class="band-meaning" id="band-meaning">{format!("{}.{}", p.band_meaning(lang), sampled.unwrap_or_default())}</p> }
        }))}
    }
    .into_any()
}

/// Why an amount field did not change the scenario; kept as the error so that its message
/// follows the language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountProblem {
    /// What was typed is not an amount.
    Unreadable(AmountError),
    /// The amount is read, but the scenario's checks refuse it.
    Refused(ScenarioError),
}

impl AmountProblem {
    /// The message in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Self::Unreadable(e) => e.message(lang).to_owned(),
            Self::Refused(e) => refusal_message(e, lang),
        }
    }
}
