//! The library of named scenarios: one row per entry (open, rename, duplicate, export,
//! delete) beside the work in progress, each with a box to pick it for comparison.

use super::{column_role, file_name, Choice, MAX_COMPARED};
use crate::files;
use crate::i18n::{t, Lang, Msg};
use crate::persist::{self, Library, Notice, Notices};
use crate::state::Planner;
use gnbv_engine::money::Dong;
use gnbv_engine::scenario::Scenario;
use gnbv_engine::store::NameProblem;
use leptos::prelude::*;

fn envelope(s: &Scenario) -> Dong {
    s.envelope()
}

#[component]
pub(super) fn LibraryTable(picked: RwSignal<Vec<Choice>>) -> impl IntoView {
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

#[component]
fn EntryRow(id: u64, picked: RwSignal<Vec<Choice>>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let library = expect_context::<Library>();
    let notices = expect_context::<Notices>();
    let entry = move || library.entries.with(|e| e.iter().find(|x| x.id == id).cloned());
    let name = move || entry().map(|e| e.name).unwrap_or_default();
    let renaming = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<NameProblem>);
    let confirm_delete = RwSignal::new(false);
    let opened = RwSignal::new(false);
    let open = move |_| {
        if let Some(e) = entry() {
            match planner.edit(|s| *s = e.scenario) {
                Ok(()) => opened.set(true),
                Err(e) => notices.push(Notice::EditRefused(e)),
            }
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
                        .map(|e| e.scenario.envelope().format_short(lang.get()))
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
