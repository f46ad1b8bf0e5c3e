//! The Scenarios screen: the work in progress (autosave state, share link, JSON export and
//! import, save to the library), the library of named scenarios (open, rename, duplicate,
//! export, delete) and the comparison of two or three scenarios side by side with changed
//! cells marked: envelope, allocation by program and district (down to communes), outcomes
//! and targets.

use crate::files;
use crate::i18n::{t, Lang, Msg};
use crate::montecarlo::MonteCarlo;
use crate::persist::{self, Library, SaveState};
use crate::routes::money;
use crate::routes::overview::band_text;
use crate::state::Planner;
use gnbv_engine::allocation::allocate;
use gnbv_engine::compare::{compare, Comparison, Row};
use gnbv_engine::dataset::{CommuneCode, DistrictCode};
use gnbv_engine::format::percent;
use gnbv_engine::money::Dong;
use gnbv_engine::scenario::Scenario;
use gnbv_engine::store::NameProblem;
use leptos::prelude::*;
use std::sync::Arc;

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

fn envelope(s: &Scenario) -> Dong {
    s.sources.iter().map(|x| x.amount).sum()
}

#[component]
fn CurrentWork() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let library = expect_context::<Library>();
    let name = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<NameProblem>);
    let import_error = RwSignal::new(None::<(String, gnbv_engine::scenario::ScenarioError)>);
    let status = RwSignal::new(None::<String>);
    let replaces = move || {
        name.with(|n| {
            library.entries.with(|e| {
                e.iter()
                    .any(|x| x.name.to_lowercase() == n.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase())
            })
        })
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let scenario = planner.history.with_untracked(|h| h.current().clone());
        let n = name.get_untracked();
        match library.change(|store| store.save(&n, scenario, &persist::now())) {
            Ok(_) => {
                problem.set(None);
                status.set(Some(n.split_whitespace().collect::<Vec<_>>().join(" ")));
                name.set(String::new());
            }
            Err(e) => problem.set(Some(e)),
        }
    };
    let export = move |_| {
        let json = planner.history.with_untracked(|h| h.current().to_json());
        files::download(&file_name(t(lang.get_untracked(), Msg::CurrentWorkFile)), "application/json", &json);
    };
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let import = move |_| {
        let Some(input) = input_ref.get_untracked() else { return };
        leptos::task::spawn_local(async move {
            let Some((file, text)) = files::read_chosen(&input).await else { return };
            input.set_value("");
            let dataset = planner.dataset.get();
            match Scenario::from_json(&text, &dataset) {
                Ok(scenario) => {
                    import_error.set(None);
                    planner.edit(|s| *s = scenario);
                    status.set(None);
                }
                Err(e) => import_error.set(Some((file, e))),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="current-heading">
            <h3 id="current-heading">{move || t(lang.get(), Msg::CurrentWork)}</h3>
            <p class="autosave" role="status">
                {move || match library.state.get() {
                    SaveState::Saved => t(lang.get(), Msg::AutosaveSaved),
                    SaveState::Pending => t(lang.get(), Msg::AutosavePending),
                    SaveState::Off => t(lang.get(), Msg::AutosaveOff),
                }}
            </p>
            <div class="actions">
                <button type="button" on:click=export>{move || t(lang.get(), Msg::ExportJson)}</button>
                <label class="file-button">
                    {move || t(lang.get(), Msg::ImportJson)}
                    <input type="file" accept=".json,application/json" node_ref=input_ref on:change=import />
                </label>
            </div>
            {move || {
                import_error
                    .get()
                    .map(|(file, e)| {
                        view! {
                            <p class="form-error" role="alert" id="import-error">
                                {persist::import_message(&file, &e, lang.get())}
                            </p>
                        }
                    })
            }}
            <form class="save-as" on:submit=save>
                <label for="save-name">{move || t(lang.get(), Msg::SaveAsName)}</label>
                <input
                    id="save-name"
                    type="text"
                    maxlength="120"
                    prop:value=move || name.get()
                    on:input=move |ev| {
                        name.set(event_target_value(&ev));
                        problem.set(None);
                    }
                    aria-invalid=move || problem.get().is_some().to_string()
                    aria-describedby="save-error"
                />
                <button type="submit" class="primary">
                    {move || if replaces() { t(lang.get(), Msg::ReplaceSaved) } else { t(lang.get(), Msg::SaveToLibrary) }}
                </button>
                <span class="field-error" id="save-error" role="alert">
                    {move || problem.get().map(|p| p.message(lang.get()))}
                </span>
            </form>
            {move || {
                status
                    .get()
                    .map(|n| {
                        view! {
                            <p class="saved-note" role="status">
                                {move || format!("{} “{}”.", t(lang.get(), Msg::SavedAs), n)}
                            </p>
                        }
                    })
            }}
        </section>
    }
}

#[component]
fn LibraryTable(picked: RwSignal<Vec<Choice>>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let library = expect_context::<Library>();
    let current_envelope = move || planner.history.with(|h| envelope(h.current()));
    let current_overrides = move || planner.history.with(|h| h.current().overrides.len());
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="library-caption">
            <table class="library">
                <caption id="library-caption">
                    {move || t(lang.get(), Msg::LibraryHeading)}
                    <span class="hint">{move || t(lang.get(), Msg::CompareHint)}</span>
                </caption>
                <thead>
                    <tr>
                        <th scope="col">{move || t(lang.get(), Msg::CompareColumn)}</th>
                        <th scope="col" class="name">{move || t(lang.get(), Msg::ScenarioName)}</th>
                        <th scope="col">{move || t(lang.get(), Msg::SavedAt)}</th>
                        <th scope="col" class="num">{move || t(lang.get(), Msg::Envelope)}</th>
                        <th scope="col" class="num">{move || t(lang.get(), Msg::OverridesHeading)}</th>
                        <th scope="col">{move || t(lang.get(), Msg::Actions)}</th>
                    </tr>
                </thead>
                <tbody>
                    <tr class="current-row">
                        <td>
                            <PickBox picked choice=Choice::Current label=Signal::derive(move || t(lang.get(), Msg::CurrentWork).to_owned()) />
                        </td>
                        <th scope="row" class="name">{move || t(lang.get(), Msg::CurrentWork)}</th>
                        <td>{move || t(lang.get(), Msg::Autosaved)}</td>
                        <td class="num">{move || current_envelope().format_short(lang.get())}</td>
                        <td class="num">{current_overrides}</td>
                        <td></td>
                    </tr>
                    <For
                        each=move || library.entries.get()
                        key=|e| (e.id, e.name.clone(), e.saved_at.clone(), envelope(&e.scenario))
                        let:entry
                    >
                        <EntryRow id=entry.id picked />
                    </For>
                </tbody>
            </table>
        </div>
        <Show when=move || library.entries.with(Vec::is_empty)>
            <p class="empty">{move || t(lang.get(), Msg::LibraryEmpty)}</p>
        </Show>
    }
}

#[component]
fn PickBox(picked: RwSignal<Vec<Choice>>, choice: Choice, label: Signal<String>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let on = move || picked.with(|p| p.contains(&choice));
    let position = move || picked.with(|p| p.iter().position(|c| *c == choice));
    view! {
        <label class="pick">
            <input
                type="checkbox"
                prop:checked=on
                disabled=move || !on() && picked.with(|p| p.len() >= MAX_COMPARED)
                aria-label=move || format!("{}: {}", t(lang.get(), Msg::CompareColumn), label.get())
                on:change=move |ev| {
                    let checked = event_target_checked(&ev);
                    picked.update(|p| {
                        p.retain(|c| *c != choice);
                        if checked && p.len() < MAX_COMPARED {
                            p.push(choice);
                        }
                    });
                }
            />
            <span class="pick-order">{move || position().map(|i| column_role(i, lang.get()))}</span>
        </label>
    }
}

/// "Baseline", "Proposal", "Amendment": the role of the i-th picked scenario.
fn column_role(i: usize, lang: Lang) -> &'static str {
    match i {
        0 => t(lang, Msg::RoleBaseline),
        1 => t(lang, Msg::RoleProposal),
        _ => t(lang, Msg::RoleAmendment),
    }
}

#[component]
fn EntryRow(id: u64, picked: RwSignal<Vec<Choice>>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let library = expect_context::<Library>();
    let entry = move || library.entries.with(|e| e.iter().find(|x| x.id == id).cloned());
    let name = move || entry().map(|e| e.name).unwrap_or_default();
    let renaming = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<NameProblem>);
    let confirm_delete = RwSignal::new(false);
    let opened = RwSignal::new(false);
    let open = move |_| {
        if let Some(e) = entry() {
            planner.edit(|s| *s = e.scenario);
            opened.set(true);
        }
    };
    let commit_rename = move || match library.change(|store| store.rename(id, &draft.get_untracked())) {
        Ok(()) => {
            problem.set(None);
            renaming.set(false);
        }
        Err(e) => problem.set(Some(e)),
    };
    let duplicate = move |_| {
        let _ = library.change(|store| store.duplicate(id, &persist::now(), lang.get_untracked()));
    };
    let export = move |_| {
        if let Some(e) = entry() {
            files::download(&file_name(&e.name), "application/json", &e.scenario.to_json());
        }
    };
    let delete = move |_| {
        if confirm_delete.get_untracked() {
            if library.change(|store| store.delete(id)).is_ok() {
                picked.update(|p| p.retain(|c| *c != Choice::Saved(id)));
            }
        } else {
            confirm_delete.set(true);
        }
    };
    view! {
        <tr class="entry" data-name=name>
            <td>
                <PickBox picked choice=Choice::Saved(id) label=Signal::derive(name) />
            </td>
            <th scope="row" class="name">
                {move || {
                    if renaming.get() {
                        view! {
                            <form
                                class="rename"
                                on:submit=move |ev| {
                                    ev.prevent_default();
                                    commit_rename();
                                }
                            >
                                <input
                                    type="text"
                                    maxlength="120"
                                    aria-label=move || t(lang.get(), Msg::NewName)
                                    prop:value=move || draft.get()
                                    on:input=move |ev| draft.set(event_target_value(&ev))
                                    on:keydown=move |ev| {
                                        if ev.key() == "Escape" {
                                            renaming.set(false);
                                            problem.set(None);
                                        }
                                    }
                                    aria-invalid=move || problem.get().is_some().to_string()
                                />
                                <button type="submit">{move || t(lang.get(), Msg::Save)}</button>
                                <span class="field-error" role="alert">
                                    {move || problem.get().map(|p| p.message(lang.get()))}
                                </span>
                            </form>
                        }
                            .into_any()
                    } else {
                        view! { <span>{name}</span> }.into_any()
                    }
                }}
            </th>
            <td>{move || entry().map(|e| e.saved_at).unwrap_or_default()}</td>
            <td class="num">
                {move || {
                    entry()
                        .map(|e| e.scenario.sources.iter().map(|x| x.amount).sum::<Dong>().format_short(lang.get()))
                }}
            </td>
            <td class="num">{move || entry().map(|e| e.scenario.overrides.len())}</td>
            <td class="row-actions">
                <button type="button" on:click=open>
                    {move || if opened.get() { t(lang.get(), Msg::Opened) } else { t(lang.get(), Msg::Open) }}
                </button>
                <button
                    type="button"
                    on:click=move |_| {
                        draft.set(name());
                        renaming.set(true);
                    }
                >
                    {move || t(lang.get(), Msg::Rename)}
                </button>
                <button type="button" on:click=duplicate>{move || t(lang.get(), Msg::Duplicate)}</button>
                <button type="button" on:click=export>{move || t(lang.get(), Msg::ExportJson)}</button>
                <button
                    type="button"
                    class:danger=move || confirm_delete.get()
                    on:click=delete
                    on:blur=move |_| confirm_delete.set(false)
                >
                    {move || if confirm_delete.get() { t(lang.get(), Msg::ConfirmDelete) } else { t(lang.get(), Msg::Delete) }}
                </button>
            </td>
        </tr>
    }
}

/// A compared scenario: a library entry (with its name) or the work in progress.
#[derive(Debug, Clone, PartialEq)]
struct Column {
    /// The entry's name; `None` for the work in progress.
    name: Option<String>,
    /// The scenario.
    scenario: Arc<Scenario>,
}

impl Column {
    fn title(&self, lang: Lang) -> String {
        self.name.clone().unwrap_or_else(|| t(lang, Msg::CurrentWork).to_owned())
    }
}

/// The picked scenarios, in the order picked.
fn resolve(picked: &[Choice], planner: Planner, library: Library) -> Vec<Column> {
    picked
        .iter()
        .filter_map(|c| match c {
            Choice::Current => {
                Some(Column { name: None, scenario: Arc::new(planner.history.with(|h| h.current().clone())) })
            }
            Choice::Saved(id) => library.entries.with(|e| {
                e.iter()
                    .find(|x| x.id == *id)
                    .map(|x| Column { name: Some(x.name.clone()), scenario: Arc::new(x.scenario.clone()) })
            }),
        })
        .collect()
}

/// The columns' headings: each scenario's role and title.
#[component]
fn ColumnTitles(columns: Memo<Vec<Column>>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    move || {
        let lang = lang.get();
        columns
            .get()
            .iter()
            .enumerate()
            .map(|(i, c)| {
                view! {
                    <th scope="col" class="num">
                        <span class="role">{column_role(i, lang)}</span>
                        {c.title(lang)}
                    </th>
                }
            })
            .collect_view()
    }
}

/// Rows with a name and a value per scenario, then their total row.
fn named_rows<K>(rows: &[Row<K>], name: impl Fn(&K) -> String, total: &Row<()>, lang: Lang) -> AnyView {
    let rows = rows
        .iter()
        .map(|r| view! { <tr><th scope="row" class="name wrap">{name(&r.key)}</th>{value_cells(r, lang)}</tr> })
        .collect_view();
    view! {
        {rows}
        <tr class="total"><th scope="row" class="name">{t(lang, Msg::Total)}</th>{value_cells(total, lang)}</tr>
    }
    .into_any()
}

/// "+1.000.000" / "−1.000.000": a difference from the baseline.
fn signed(d: Dong, lang: Lang) -> String {
    if d >= Dong::ZERO {
        format!("+{}", money(d, lang))
    } else {
        format!("−{}", money(Dong::ZERO - d, lang))
    }
}

/// The value cells of a row: each value, and where it differs from the baseline a mark and
/// the difference.
fn value_cells<K>(row: &Row<K>, lang: Lang) -> impl IntoView {
    (0..row.values.len())
        .map(|i| {
            let changed = row.changed(i);
            let text = row.values[i].map_or_else(|| "—".to_owned(), |v| money(v, lang));
            let delta = changed.then(|| signed(row.difference(i), lang));
            view! {
                <td class=if changed { "num changed" } else { "num" }>
                    {text}
                    {delta
                        .map(|d| {
                            view! {
                                <span class="delta">
                                    <span class="sr-only">{t(lang, Msg::ChangedFromBaseline)}</span>
                                    {d}
                                </span>
                            }
                        })}
                </td>
            }
        })
        .collect_view()
}

#[component]
fn Compare(picked: RwSignal<Vec<Choice>>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let library = expect_context::<Library>();
    let columns = Memo::new(move |_| resolve(&picked.get(), planner, library));
    let comparison = Memo::new(move |_| {
        let dataset = planner.dataset.get();
        columns.with(|cols| {
            let allocations: Vec<_> = cols.iter().map(|c| allocate(&c.scenario, &dataset)).collect();
            let items: Vec<_> = cols.iter().zip(&allocations).map(|(c, a)| (c.scenario.as_ref(), a)).collect();
            Arc::new(compare(&items, &dataset))
        })
    });
    let titles = move || view! { <ColumnTitles columns /> };
    let comparing = move || picked.with(Vec::len) >= 2;
    view! {
        <section class="compare" aria-labelledby="compare-heading">
            <h3 id="compare-heading">{move || t(lang.get(), Msg::CompareHeading)}</h3>
            <Show
                when=comparing
                fallback=move || view! { <p class="empty">{move || t(lang.get(), Msg::ComparePickTwo)}</p> }
            >
                <p class="legend">
                    <span class="changed-swatch"></span>
                    {move || t(lang.get(), Msg::ChangedLegend)}
                </p>
                <CompareTable id="compare-sources" caption=Msg::CompareEnvelope header=titles>
                    {move || {
                        let lang = lang.get();
                        let (c, cols) = (comparison.get(), columns.get());
                        let name = |id: &gnbv_engine::funding::SourceId| {
                            cols.iter().find_map(|c| c.scenario.source(id).map(|x| x.name(lang).to_owned())).unwrap_or_default()
                        };
                        named_rows(&c.sources, name, &c.envelope, lang)
                    }}
                </CompareTable>
                <CompareTable id="compare-programs" caption=Msg::ComparePrograms header=titles>
                    {move || {
                        let lang = lang.get();
                        let (c, cols) = (comparison.get(), columns.get());
                        let name = |id: &gnbv_engine::program::ProgramId| {
                            cols.iter().find_map(|c| c.scenario.program(id).map(|x| x.name(lang).to_owned())).unwrap_or_default()
                        };
                        named_rows(&c.programs, name, &c.allocated, lang)
                    }}
                </CompareTable>
                <CompareTable id="compare-districts" caption=Msg::CompareDistricts header=titles>
                    {move || {
                        let lang = lang.get();
                        let c = comparison.get();
                        c.districts
                            .iter()
                            .map(|r| view! { <DistrictRows row=r.clone() comparison=Arc::clone(&c) lang /> })
                            .collect_view()
                    }}
                </CompareTable>
                <CompareOutcomes columns />
            </Show>
        </section>
    }
}

#[component]
fn CompareTable(id: &'static str, caption: Msg, #[prop(into)] header: ViewFn, children: Children) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let caption_id = format!("{id}-caption");
    let labelled_by = caption_id.clone();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby=labelled_by>
            <table class="compare-table" id=id>
                <caption id=caption_id>{move || t(lang.get(), caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col" class="name"></th>
                        {move || header.run()}
                    </tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// A district's row, and its communes' rows when opened.
#[component]
fn DistrictRows(row: Row<Option<DistrictCode>>, comparison: Arc<Comparison>, lang: Lang) -> impl IntoView {
    let planner = expect_context::<Planner>();
    let dataset = planner.dataset.get();
    let open = RwSignal::new(false);
    let Some(code) = row.key else {
        return view! {
            <tr class="district">
                <th scope="row" class="name">{t(lang, Msg::ProvinceLevel)}</th>
                {value_cells(&row, lang)}
            </tr>
        }
        .into_any();
    };
    let name = dataset.district(code).map(|d| d.full_name()).unwrap_or_default();
    let communes: Vec<(String, Row<CommuneCode>)> = dataset
        .communes_of(code)
        .filter_map(|c| Some((c.full_name(), comparison.communes.iter().find(|r| r.key == c.code)?.clone())))
        .collect();
    let changed_communes = communes.iter().filter(|(_, r)| r.any_change()).count();
    let label = format!("{name} ({changed_communes} {})", t(lang, Msg::CommunesChanged));
    view! {
        <tr class="district">
            <th scope="row" class="name">
                <button
                    type="button"
                    class="expand"
                    aria-expanded=move || open.get().to_string()
                    on:click=move |_| open.update(|o| *o = !*o)
                    title=label
                >
                    <span class="chevron" aria-hidden="true"></span>
                    " "
                    {name}
                </button>
                {(changed_communes > 0)
                    .then(|| view! { <span class="muted small">{format!(" · {changed_communes} {}", t(lang, Msg::CommunesChanged))}</span> })}
            </th>
            {value_cells(&row, lang)}
        </tr>
        <Show when=move || open.get()>
            {communes
                .iter()
                .map(|(n, r)| view! { <tr class="commune"><th scope="row" class="name">{n.clone()}</th>{value_cells(r, lang)}</tr> })
                .collect_view()}
        </Show>
    }
    .into_any()
}

/// Outcomes and targets of each compared scenario, each projected in its own worker on
/// request (a few seconds each).
#[component]
fn CompareOutcomes(columns: Memo<Vec<Column>>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let runs: Vec<MonteCarlo> = (0..MAX_COMPARED).map(|_| MonteCarlo::new()).collect();
    let runs = StoredValue::new(runs);
    on_cleanup(move || runs.with_value(|r| r.iter().for_each(MonteCarlo::cancel)));
    let project = move |_| {
        columns.with_untracked(|cols| {
            runs.with_value(|r| {
                for (column, run) in cols.iter().zip(r) {
                    run.run_scenario(Arc::clone(&column.scenario), planner);
                }
            });
        });
    };
    // Each column's projection, if it is of the column's scenario.
    let results = move || {
        columns.with(|cols| {
            runs.with_value(|r| {
                cols.iter()
                    .zip(r)
                    .map(|(c, run)| {
                        run.result.with(|x| {
                            x.as_ref().filter(|x| x.scenario == c.scenario).map(|x| Arc::clone(&x.projection))
                        })
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let busy = move || runs.with_value(|r| r.iter().any(|run| run.progress.get().is_some()));
    let titles = move || view! { <ColumnTitles columns /> };
    view! {
        <h4>{move || t(lang.get(), Msg::CompareOutcomes)}</h4>
        <div class="simulation">
            <button type="button" class="primary" id="compare-project" on:click=project disabled=busy>
                {move || if busy() { t(lang.get(), Msg::Simulating) } else { t(lang.get(), Msg::CompareProject) }}
            </button>
        </div>
        <CompareTable id="compare-outcomes" caption=Msg::CompareOutcomes header=titles>
            {move || {
                let lang = lang.get();
                let results = results();
                if results.iter().all(Option::is_none) {
                    return view! {
                        <tr><td colspan="4" class="muted">{t(lang, Msg::NotRunYet)}</td></tr>
                    }
                    .into_any();
                }
                let base = results.first().cloned().flatten();
                // A cell is marked when what it shows differs from the baseline's: differences
                // beyond the shown precision are not changes to the reader.
                let rate_text = |p: &gnbv_engine::projection::Projection| {
                    let b = p.province.poor_rate;
                    gnbv_engine::format::band(b.p50, b.p10, b.p90, |v| percent(v, lang))
                };
                let base_rate = base.as_deref().map(rate_text);
                let rate = results
                    .iter()
                    .map(|p| {
                        let text = p.as_deref().map(rate_text);
                        let changed = base_rate.is_some() && text.is_some() && text != base_rate;
                        view! { <td class=if changed { "num changed" } else { "num" }>{text.unwrap_or_else(|| "…".into())}</td> }
                    })
                    .collect_view();
                let targets = base
                    .as_ref()
                    .map(|b| b.scorecard.clone())
                    .unwrap_or_default()
                    .into_iter()
                    .map(|target| {
                        let cells = results
                            .iter()
                            .map(|p| {
                                let found = p.as_ref().and_then(|p| p.scorecard.iter().find(|x| x.id == target.id).cloned());
                                let show = |f: &gnbv_engine::projection::Target| {
                                    (band_text(f, lang), format!("{} {}", t(lang, Msg::Probability), percent(f.probability, lang)))
                                };
                                let text = found.as_ref().map(show);
                                let changed = text.as_ref().is_some_and(|x| *x != show(&target));
                                view! {
                                    <td class=if changed { "num changed" } else { "num" }>
                                        {match text {
                                            Some((band, probability)) => {
                                                view! {
                                                    {band}
                                                    <span class="prob">{probability}</span>
                                                }
                                                    .into_any()
                                            }
                                            None => "…".into_any(),
                                        }}
                                    </td>
                                }
                            })
                            .collect_view();
                        view! { <tr><th scope="row" class="name wrap">{target.id.name(lang)}</th>{cells}</tr> }
                    })
                    .collect_view();
                view! {
                    <tr><th scope="row" class="name wrap">{t(lang, Msg::PoorRateEnd)}</th>{rate}</tr>
                    {targets}
                }
                .into_any()
            }}
        </CompareTable>
    }
}
