//! The work in progress: its autosave state, JSON export and import, and saving it to the
//! library under a name.

use super::file_name;
use crate::files;
use crate::i18n::{t, Lang, Msg};
use crate::persist::{self, Library, SaveState};
use crate::state::Planner;
use gnbv_engine::scenario::Scenario;
use gnbv_engine::store::NameProblem;
use leptos::prelude::*;

#[component]
pub(super) fn CurrentWork() -> impl IntoView {
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
                Ok(scenario) => match planner.edit(|s| *s = scenario) {
                    Ok(()) => {
                        import_error.set(None);
                        status.set(None);
                    }
                    Err(e) => import_error.set(Some((file, e))),
                },
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
