//! The page frame: header with the product name, the screens' navigation, undo/redo and the
//! language switch; the routed screen; the footer. Owns the language signal and keeps
//! `<html lang>`, the title and the remembered choice in step with it.

use crate::i18n::{load_lang, save_lang, t, t_with, Lang, Msg};
use crate::montecarlo::MonteCarlo;
use crate::persist::{self, Notices};
use crate::routes::{self, overview::OverviewScreen, Deferred};
use crate::state::Planner;
use crate::widgets::Later;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let (lang, set_lang) = signal(load_lang());
    provide_context(lang);
    // The dataset's province, for the title; none until the dataset is read.
    let province = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let lang = lang.get();
        save_lang(lang);
        let doc = document();
        if let Some(html) = doc.document_element() {
            let _ = html.set_attribute("lang", lang.tag());
        }
        doc.set_title(&match province.get() {
            Some(p) => {
                format!("{} · {}", t(lang, Msg::AppName), t_with(lang, Msg::DatasetHeading, &[("province", &p)]))
            }
            None => t(lang, Msg::AppName).to_owned(),
        });
    });
    let notices = Notices(RwSignal::new(Vec::new()));
    provide_context(notices);
    // Parsed once: the built-in dataset is compiled into the engine. The start's steps
    // (`crate::start`) have read it already, with a first visit's default scenario.
    let crate::start::Prepared { builtin, default, mut stored } =
        crate::start::take().expect("the app is mounted after `gnbv_app::prepare` (`gnbv_app::mount` does both)");
    let (planner, library) = match builtin {
        Ok(builtin) => {
            let (imported, dataset) = match persist::restore_dataset(&mut stored, notices) {
                Some((imported, dataset)) => (Some(imported), dataset),
                None => (None, builtin),
            };
            let (start, library) = persist::restore(stored, notices);
            // The prepared default is the built-in dataset's (else `Planner::new` builds it).
            let start = start.or(default.filter(|_| imported.is_none()));
            provide_context(library);
            province.set(Some(dataset.province_name().to_owned()));
            let planner = Planner::new(dataset, start);
            planner.import.set(imported);
            persist::autosave(planner, library, notices);
            (planner, library)
        }
        Err(error) => {
            return view! {
                <main id="main">
                    <div class="error" role="alert">
                        <h2>{move || t(lang.get(), Msg::DatasetFailed)}</h2>
                        <p>{move || error.message(lang.get())}</p>
                    </div>
                </main>
            }
            .into_any();
        }
    };
    provide_context(planner);
    // The household file the last visit kept comes back first, so that a link made on it
    // opens on it.
    crate::population::restore(planner, notices, move || persist::open_link_in_address(planner, library, notices));
    // A link pasted into the address bar of the open app arrives as a fragment change.
    let on_hash = window_event_listener(leptos::ev::hashchange, move |_| {
        // While the stored household file comes back, the link waits: the restore opens it.
        if !crate::population::restoring() {
            persist::open_link_in_address(planner, library, notices)
        }
    });
    on_cleanup(move || on_hash.remove());
    let monte_carlo = MonteCarlo::new();
    monte_carlo.follow(planner);
    // A projection made on other figures or another population no longer describes the plan.
    Effect::new(move |previous: Option<()>| {
        planner.dataset.track();
        planner.households.track();
        if previous.is_some() {
            // A run under way (the first visit's, say, when a stored household file comes back)
            // starts again on the new figures.
            let running = monte_carlo.progress.get_untracked().is_some();
            monte_carlo.cancel();
            monte_carlo.result.set(None);
            if running {
                monte_carlo.run(planner);
            }
        }
    });
    // The projection shown follows the year shown.
    Effect::new(move |_| monte_carlo.show_year(planner.shown()));
    provide_context(monte_carlo);
    provide_context(crate::exporter::Exporter::new());
    provide_context(crate::optimiser::Optimiser::new());
    provide_context(crate::tornado::Tornado::new());
    provide_context(crate::plans::HouseholdPlans::new());
    provide_context(crate::routes::monitoring::Monitoring::new());
    view! {
        <Router>
            <header class="app-header">
                <div class="brand">
                    <h1>{move || t(lang.get(), Msg::AppName)}</h1>
                    <p class="tagline">{move || t(lang.get(), Msg::AppTagline)}</p>
                </div>
                // The frame is built in steps, a task each, in the order of the page (`Later`):
                // the product's name at once, then the tools, the screens' links, the
                // population line and the screen. Nothing below a step is there before it, so
                // nothing moves as the steps arrive.
                <Later>
                <div class="header-tools">
                    <YearSelect planner />
                    <UndoRedo planner />
                    <ShareLink planner />
                    <LanguageSwitch lang set_lang />
                </div>
                </Later>
                <Later>
                <nav class="screens" aria-label=move || t(lang.get(), Msg::NavLabel)>
                    <A href="/">{move || t(lang.get(), Msg::NavOverview)}</A>
                    <A href="/funding">{move || t(lang.get(), Msg::NavFunding)}</A>
                    <A href="/allocation">{move || t(lang.get(), Msg::NavAllocation)}</A>
                    <A href="/outcomes">{move || t(lang.get(), Msg::NavOutcomes)}</A>
                    <A href="/data">{move || t(lang.get(), Msg::NavData)}</A>
                    <A href="/proposal">{move || t(lang.get(), Msg::NavProposal)}</A>
                    <A href="/monitoring">{move || t(lang.get(), Msg::NavMonitoring)}</A>
                    <A href="/scenarios">{move || t(lang.get(), Msg::NavScenarios)}</A>
                </nav>
                </Later>
            </header>
            <Later>
            <p class="population-in-use" id="population-in-use">
                <strong>{move || t(lang.get(), Msg::PopulationLabel)}</strong>
                " "
                {move || planner.dataset.with(|d| d.population().describe(lang.get()))}
            </p>
            <NoticeList notices />
            </Later>
            <main id="main">
                <Later>
                <Routes fallback=|| view! { <OverviewScreen /> }>
                    <Route path=path!("/") view=OverviewScreen />
                    <Route path=path!("/funding") view=|| view! { <Deferred load=routes::funding_screen /> } />
                    <Route path=path!("/allocation") view=|| view! { <Deferred load=routes::allocation_screen /> } />
                    <Route path=path!("/outcomes") view=|| view! { <Deferred load=routes::outcomes_screen /> } />
                    <Route path=path!("/data") view=|| view! { <Deferred load=routes::data_screen /> } />
                    <Route path=path!("/proposal") view=|| view! { <Deferred load=routes::proposal_screen /> } />
                    <Route path=path!("/monitoring") view=|| view! { <Deferred load=routes::monitoring_screen /> } />
                    <Route path=path!("/scenarios") view=|| view! { <Deferred load=routes::scenarios_screen /> } />
                </Routes>
                </Later>
            </main>
            <footer class="app-footer">{move || t(lang.get(), Msg::Footer)}</footer>
        </Router>
    }
    .into_any()
}

/// The plan year every screen shows and edits, and adding or removing the next year (to 2020,
/// the program's last).
#[component]
fn YearSelect(planner: Planner) -> impl IntoView {
    use gnbv_engine::scenario::{FIRST_YEAR, LAST_YEAR};
    let lang = expect_context::<ReadSignal<Lang>>();
    let years = move || planner.history.with(|h| h.current().years());
    let last = move || years().last().copied().unwrap_or(FIRST_YEAR);
    let add = move |_| {
        let dataset = planner.dataset.get_untracked();
        let mut added = None;
        let _ = planner.edit_whole(|s| added = s.add_year(&dataset));
        if let Some(year) = added {
            planner.year.set(year);
        }
    };
    let remove = move |_| {
        let _ = planner.edit_whole(|s| {
            s.remove_last_year();
        });
    };
    view! {
        <div class="year-select" role="group" aria-label=move || t(lang.get(), Msg::YearLabel)>
            <label for="year">{move || t(lang.get(), Msg::YearLabel)}</label>
            <select
                id="year"
                prop:value=move || planner.shown().to_string()
                on:change=move |ev| {
                    if let Ok(year) = event_target_value(&ev).parse::<u16>() {
                        planner.year.set(year);
                    }
                }
            >
                {move || {
                    years()
                        .into_iter()
                        .map(|y| view! { <option value=y.to_string() selected=move || planner.shown() == y>{y.to_string()}</option> })
                        .collect_view()
                }}
            </select>
            <Show when=move || { last() < LAST_YEAR }>
                <button type="button" id="add-year" title=move || t(lang.get(), Msg::AddYearHelp) on:click=add>
                    {move || t_with(lang.get(), Msg::AddYear, &[("year", &(last() + 1).to_string())])}
                </button>
            </Show>
            <Show when=move || { last() > FIRST_YEAR }>
                <button type="button" id="remove-year" on:click=remove>
                    {move || t_with(lang.get(), Msg::RemoveYear, &[("year", &last().to_string())])}
                </button>
            </Show>
        </div>
    }
}

#[component]
fn UndoRedo(planner: Planner) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let history = planner.history;
    // Ctrl+Z / Ctrl+Y (or Ctrl+Shift+Z) anywhere but in a text field, where the browser's own
    // undo of the typing applies.
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() {
            return;
        }
        let in_field = document()
            .active_element()
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if in_field {
            return;
        }
        match (ev.key().to_lowercase().as_str(), ev.shift_key()) {
            ("z", false) => history.update(|h| h.undo()),
            ("z", true) | ("y", false) => history.update(|h| h.redo()),
            _ => return,
        }
        ev.prevent_default();
    });
    on_cleanup(move || handle.remove());
    view! {
        <div class="undo-redo" role="group">
            <button
                type="button"
                disabled=move || !history.with(|h| h.can_undo())
                on:click=move |_| history.update(|h| h.undo())
                aria-keyshortcuts="Control+Z"
            >
                "↶ "
                {move || t(lang.get(), Msg::Undo)}
            </button>
            <button
                type="button"
                disabled=move || !history.with(|h| h.can_redo())
                on:click=move |_| history.update(|h| h.redo())
                aria-keyshortcuts="Control+Y"
            >
                "↷ "
                {move || t(lang.get(), Msg::Redo)}
            </button>
        </div>
    }
}

#[component]
fn LanguageSwitch(lang: ReadSignal<Lang>, set_lang: WriteSignal<Lang>) -> impl IntoView {
    let choice = move |value: Lang, label: &'static str| {
        view! {
            <button
                type="button"
                lang=value.tag()
                aria-pressed=move || (lang.get() == value).to_string()
                on:click=move |_| set_lang.set(value)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="lang-switch" role="group" aria-label=move || t(lang.get(), Msg::LanguageSwitch)>
            {choice(Lang::Vi, "Tiếng Việt")}
            {choice(Lang::En, "English")}
        </div>
    }
}

/// What happened that the user should know (a link opened or refused, storage problems),
/// each with a button to dismiss it.
#[component]
fn NoticeList(notices: Notices) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    view! {
        <div class="notices">
            <For each=move || notices.0.get() key=|(id, _)| *id let:item>
                {
                    let (id, notice) = item;
                    let problem = notice.is_problem();
                    let text = notice.clone();
                    view! {
                        <div
                            class=if problem { "notice problem" } else { "notice info" }
                            role=if problem { "alert" } else { "status" }
                        >
                            <p>{move || text.message(lang.get())}</p>
                            <button
                                type="button"
                                class="dismiss"
                                aria-label=move || t(lang.get(), Msg::Close)
                                on:click=move |_| notices.dismiss(id)
                            >
                                "×"
                            </button>
                        </div>
                    }
                }
            </For>
        </div>
    }
}

/// The share link of the current scenario: copied to the clipboard, and shown in a field to
/// copy by hand where the clipboard is not allowed.
#[component]
fn ShareLink(planner: Planner) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    // (link, copied to the clipboard?) while the panel is open.
    let shown = RwSignal::new(None::<(String, Option<bool>)>);
    let notices = expect_context::<Notices>();
    let copy = move |_| {
        leptos::task::spawn_local(async move {
            // The browser lets a page write to the clipboard for a few seconds after a click:
            // the link's code, fetched on the first click, arrives well within them.
            let Ok(url) = persist::share_url(planner).await else {
                notices.push(persist::Notice::ShareNotLoaded);
                return;
            };
            notices.clear(|n| matches!(n, persist::Notice::ShareNotLoaded));
            shown.set(Some((url.clone(), None)));
            let promise = window().navigator().clipboard().write_text(&url);
            let copied = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            shown.update(|s| {
                if let Some((u, state)) = s.as_mut() {
                    if *u == url {
                        *state = Some(copied);
                    }
                }
            });
        });
    };
    view! {
        <div class="share">
            <button type="button" class="share-button" on:click=copy>
                {move || t(lang.get(), Msg::CopyLink)}
            </button>
            {move || {
                shown
                    .get()
                    .map(|(url, copied)| {
                        let length = url.len() - url.find('#').unwrap_or(0);
                        view! {
                            <div class="share-panel" role="status">
                                <p>
                                    {move || match copied {
                                        Some(true) => t(lang.get(), Msg::LinkCopied),
                                        Some(false) => t(lang.get(), Msg::LinkCopyByHand),
                                        None => "",
                                    }}
                                    " "
                                    <span class="muted">
                                        {move || {
                                            format!(
                                                "({} {})",
                                                gnbv_engine::format::group(length as i128, lang.get()),
                                                t(lang.get(), Msg::Characters),
                                            )
                                        }}
                                    </span>
                                </p>
                                <input
                                    type="text"
                                    readonly
                                    class="share-url"
                                    aria-label=move || t(lang.get(), Msg::ShareLinkLabel)
                                    prop:value=url
                                    on:focus=move |ev| {
                                        let input: web_sys::HtmlInputElement = event_target(&ev);
                                        input.select();
                                    }
                                />
                                <button type="button" on:click=move |_| shown.set(None)>
                                    {move || t(lang.get(), Msg::Close)}
                                </button>
                            </div>
                        }
                    })
            }}
        </div>
    }
}
