//! The Scenarios screen: the work in progress (`current`), the library of named scenarios
//! (`library`) and the comparison of two or three of them side by side (`compare`).

mod compare;
mod current;
mod library;

use crate::i18n::{t, Lang, Msg};
use compare::Compare;
use current::CurrentWork;
use leptos::prelude::*;
use library::LibraryTable;

/// At most this many scenarios side by side.
const MAX_COMPARED: usize = 3;

/// A scenario the user can pick for comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    /// The work in progress.
    Current,
    /// A library entry.
    Saved(u64),
}

/// The Scenarios screen.
#[component]
pub fn ScenariosScreen() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    // Picked for comparison, in the order picked: the first is the baseline.
    let picked = RwSignal::new(Vec::<Choice>::new());
    view! {
        <section aria-labelledby="scenarios-heading">
            <h2 id="scenarios-heading">{move || t(lang.get(), Msg::ScenariosHeading)}</h2>
            <p class="subheading">{move || t(lang.get(), Msg::ScenariosIntro)}</p>
            <CurrentWork />
            <LibraryTable picked />
            <Compare picked />
        </section>
    }
}

/// File name for a scenario: its name (or "kich-ban") in plain ASCII, then `.json`.
fn file_name(name: &str) -> String {
    let plain = gnbv_engine::format::slug(name);
    format!("{}.json", if plain.is_empty() { "kich-ban" } else { &plain })
}

/// "Baseline", "Proposal", "Amendment": the role of the i-th picked scenario.
fn column_role(i: usize, lang: Lang) -> &'static str {
    match i {
        0 => t(lang, Msg::RoleBaseline),
        1 => t(lang, Msg::RoleProposal),
        _ => t(lang, Msg::RoleAmendment),
    }
}
