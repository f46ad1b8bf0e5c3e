//! The page frame: header with the product name and language switch, the main content,
//! and the footer. Owns the language signal and keeps `<html lang>`, the title and the
//! remembered choice in step with it.

use crate::dataset_view::DatasetView;
use crate::i18n::{load_lang, save_lang, t, Lang, Msg};
use gnbv_engine::dataset::Dataset;
use leptos::prelude::*;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let (lang, set_lang) = signal(load_lang());
    provide_context(lang);
    Effect::new(move |_| {
        let lang = lang.get();
        save_lang(lang);
        let doc = document();
        if let Some(html) = doc.document_element() {
            let _ = html.set_attribute("lang", lang.tag());
        }
        doc.set_title(&format!("{} · {}", t(lang, Msg::AppName), t(lang, Msg::DatasetHeading)));
    });
    // Parsed once: the built-in dataset is compiled into the engine.
    let dataset = Dataset::builtin();
    view! {
        <header class="app-header">
            <div class="brand">
                <h1>{move || t(lang.get(), Msg::AppName)}</h1>
                <p class="tagline">{move || t(lang.get(), Msg::AppTagline)}</p>
            </div>
            <LanguageSwitch lang set_lang />
        </header>
        <main id="main">
            {match dataset {
                Ok(dataset) => view! { <DatasetView dataset /> }.into_any(),
                Err(error) => view! {
                    <div class="error" role="alert">
                        <h2>{move || t(lang.get(), Msg::DatasetFailed)}</h2>
                        <p>{move || error.message(lang.get())}</p>
                    </div>
                }.into_any(),
            }}
        </main>
        <footer class="app-footer">{move || t(lang.get(), Msg::Footer)}</footer>
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
