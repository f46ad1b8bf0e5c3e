//! The Data screen: the baseline dataset: the province summary, the note on illustrative figures,
//! the district table that expands to communes and sorts by any column, and the sources.

use crate::i18n::{t, t_with, Lang, Msg};
use gnbv_engine::dataset::{Dataset, Field, Scope};
use gnbv_engine::format::{group, percent};
use gnbv_engine::provenance::{Confidence, Provenance};
use gnbv_engine::summary::{Row, SortKey, Summary};
use leptos::prelude::*;

/// Columns of the district table after the name.
const COLUMNS: [(SortKey, Msg); 8] = [
    (SortKey::Units, Msg::Units),
    (SortKey::Field(Field::People), Msg::People),
    (SortKey::Field(Field::Households), Msg::Households),
    (SortKey::Field(Field::Poor), Msg::PoorHouseholds),
    (SortKey::Field(Field::PoorRate), Msg::PoorRate),
    (SortKey::Field(Field::NearPoor), Msg::NearPoorHouseholds),
    (SortKey::Field(Field::NearPoorRate), Msg::NearPoorRate),
    (SortKey::Field(Field::EscapedLastYear), Msg::EscapedLastYear),
];

/// The current table order: a column (or GSO order) and its direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Sort {
    key: Option<SortKey>,
    descending: bool,
}

impl Sort {
    /// Choosing a column sorts ascending; choosing it again flips the direction.
    fn toggle(self, key: SortKey) -> Self {
        if self.key == Some(key) {
            Self { key: Some(key), descending: !self.descending }
        } else {
            Self { key: Some(key), descending: false }
        }
    }

    fn aria(self, key: SortKey) -> &'static str {
        match (self.key == Some(key), self.descending) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        }
    }
}

/// The Data screen: the baseline dataset with published and illustrative figures marked, and
/// every default parameter with its source and confidence.
#[component]
pub fn DataScreen() -> impl IntoView {
    let planner = expect_context::<crate::state::Planner>();
    view! {
        <ImportData />
        <ImportHouseholds />
        {move || {
            let dataset = planner.dataset.get();
            view! { <DatasetView dataset=(*dataset).clone() /> }
        }}
        <Parameters />
    }
}

/// The problems found in an imported file: how many, then each with its row and column.
/// Nothing was applied; the caller says so by showing this instead of the new figures.
#[component]
fn ProblemReport(id: &'static str, file: String, rows: Vec<(String, String, String)>, lang: Lang) -> impl IntoView {
    let count = rows.len();
    let rows = rows
        .into_iter()
        .map(|(row, column, message)| {
            view! {
                <tr>
                    <td class="num">{row}</td>
                    <td>{column}</td>
                    <td class="wrap">{message}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="form-error" role="alert" id=id>
            <p>{format!("“{file}”: {count} {}", t(lang, Msg::ImportProblems))}</p>
            <div class="table-wrap" tabindex="0" role="region" aria-label=t(lang, Msg::ImportReport)>
                <table class="import-report">
                    <thead>
                        <tr>
                            <th scope="col" class="num">{t(lang, Msg::Row)}</th>
                            <th scope="col">{t(lang, Msg::Column)}</th>
                            <th scope="col">{t(lang, Msg::Problem)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </div>
    }
}

/// A household file read and reviewed, waiting for the planner's decision, with the commune
/// file it was looked over against.
struct Pending {
    review: gnbv_engine::review::Review,
    file: gnbv_engine::review::HouseholdFile,
    under: Option<crate::protocol::Imported>,
}

/// The household file: a template, the import with every problem listed (nothing used unless
/// the file is clean), the review of a clean file (communes it does not cover, figures at odds
/// with the published ones) with the planner's choice, and the file in use with its notes.
#[component]
fn ImportHouseholds() -> impl IntoView {
    use gnbv_engine::review::{HouseholdFile, Review};
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<crate::state::Planner>();
    let notices = expect_context::<crate::persist::Notices>();
    let report = RwSignal::new(None::<(String, Vec<gnbv_engine::households::HouseholdError>)>);
    let reading = RwSignal::new(None::<String>);
    let refused = RwSignal::new(None::<String>);
    let pending = StoredValue::new(None::<Pending>);
    let deciding = RwSignal::new(None::<Review>);
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let template = move |_| {
        let standard = gnbv_engine::standard::PovertyStandard::qd59_2015();
        let text = planner.dataset.with_untracked(|d| gnbv_engine::population::household_template(d, &standard, 20));
        crate::files::download("mau-ho-gia-dinh.csv", "text/csv;charset=utf-8", &text);
    };
    // Uses the pending file (the planner accepted it, or there was nothing to decide), looked
    // over again against the figures in use now (a commune file may have come meanwhile).
    let failed = RwSignal::new(None::<crate::protocol::Said>);
    let accept = move || {
        let Some(Pending { review, file, under }) = pending.try_update_value(Option::take).flatten() else { return };
        deciding.set(None);
        let base = match planner.base_dataset() {
            Ok(base) => base,
            Err(e) => return failed.set(Some(e)),
        };
        let review = if planner.import.with_untracked(|i| *i == under) {
            review
        } else {
            Review::of(&base, &file, &gnbv_engine::standard::PovertyStandard::qd59_2015())
        };
        let bytes = file.to_bytes(&base);
        drop(file);
        failed.set(None);
        if let Err(e) = crate::population::use_households(planner, notices, review, bytes, true) {
            failed.set(Some(e));
        }
    };
    let refuse = move || {
        let name = pending.try_update_value(Option::take).flatten().map(|p| p.file.name);
        deciding.set(None);
        refused.set(name);
    };
    let import = move |_| {
        let Some(input) = input_ref.get_untracked() else { return };
        leptos::task::spawn_local(async move {
            let Some((name, text)) = crate::files::read_chosen(&input).await else { return };
            input.set_value("");
            report.set(None);
            refused.set(None);
            deciding.set(None);
            reading.set(Some(name.clone()));
            // Let the page say it is reading before the work starts.
            gloo_timers::future::TimeoutFuture::new(30).await;
            let standard = gnbv_engine::standard::PovertyStandard::qd59_2015();
            let read = crate::state::measured("gnbv-households-import", || {
                let base = planner.base_dataset().ok()?;
                Some(HouseholdFile::parse(&name, &text, &base, &standard).map(|file| {
                    let review = Review::of(&base, &file, &standard);
                    (review, file)
                }))
            });
            drop(text);
            reading.set(None);
            match read {
                Some(Ok((review, file))) => {
                    let decide = review.needs_decision();
                    let under = planner.import.get_untracked();
                    pending.set_value(Some(Pending { review: review.clone(), file, under }));
                    if decide {
                        deciding.set(Some(review));
                    } else {
                        accept();
                    }
                }
                Some(Err(problems)) => report.set(Some((name, problems))),
                None => {}
            }
        });
    };
    let status = move || {
        let lang = lang.get();
        match planner.dataset.with(|d| d.household_file().is_some()) {
            true => {
                let kept = match planner.households_kept.get() {
                    None => t(lang, Msg::HouseholdsStoring),
                    Some(Ok(())) => t(lang, Msg::HouseholdsKept),
                    Some(Err(_)) => t(lang, Msg::HouseholdsNotKeptShort),
                };
                let population = planner.dataset.with(|d| d.population().describe(lang));
                format!("{} {population}. {kept}", t(lang, Msg::HouseholdsInUse))
            }
            false => t(lang, Msg::HouseholdsSynthetic).to_owned(),
        }
    };
    let findings_in_use = move || {
        let lang = lang.get();
        let dataset = planner.dataset.get();
        planner.households.with(|h| {
            let review = &h.as_ref()?.review;
            (!review.findings.is_empty()).then(|| {
                let items = review.findings.iter().map(|f| view! { <li>{f.message(&dataset, lang)}</li> }).collect_view();
                view! {
                    <details class="findings" id="households-findings">
                        <summary>{t_with(lang, Msg::FindingsInUse, &[("n", &review.findings.len().to_string())])}</summary>
                        <ul>{items}</ul>
                    </details>
                }
            })
        })
    };
    view! {
        <section class="panel import" aria-labelledby="households-heading">
            <h3 id="households-heading">{move || t(lang.get(), Msg::HouseholdsHeading)}</h3>
            <p id="households-source" role="status">{status}</p>
            <div class="actions">
                <button type="button" on:click=template>{move || t(lang.get(), Msg::DownloadHouseholdTemplate)}</button>
                <label class="file-button">
                    {move || t(lang.get(), Msg::ImportHouseholds)}
                    <input type="file" id="import-households" accept=".csv,text/csv" node_ref=input_ref on:change=import />
                </label>
                <Show when=move || planner.households.with(Option::is_some)>
                    <button type="button" id="forget-households" on:click=move |_| crate::population::forget(planner)>
                        {move || t(lang.get(), Msg::BackToSynthetic)}
                    </button>
                </Show>
            </div>
            <p class="hint">{move || t(lang.get(), Msg::HouseholdsHint)}</p>
            {move || reading.get().map(|file| view! {
                <p class="saved-note" role="status" aria-busy="true">{move || t_with(lang.get(), Msg::HouseholdsReading, &[("file", &file)])}</p>
            })}
            {move || failed.get().map(|e| view! {
                <p class="form-error" role="alert" id="households-failed">{move || e.message(lang.get()).to_owned()}</p>
            })}
            {move || refused.get().map(|file| view! {
                <p class="saved-note" role="status" id="households-refused">{move || t_with(lang.get(), Msg::ReviewRefused, &[("file", &file)])}</p>
            })}
            {move || deciding.get().map(|review| view! { <ReviewPanel review accept refuse /> })}
            {findings_in_use}
            {move || {
                report.get().map(|(file, problems)| {
                    let lang = lang.get();
                    let rows = problems
                        .iter()
                        .map(|p| (p.line.to_string(), p.column.clone().unwrap_or_default(), p.message(lang)))
                        .collect();
                    view! { <ProblemReport id="households-report" file rows lang /> }
                })
            }}
        </section>
    }
}

/// What a clean household file would change, and the planner's choice: use it (keeping the
/// dataset's figures for communes it does not cover) or not.
#[component]
fn ReviewPanel(
    review: gnbv_engine::review::Review,
    accept: impl Fn() + Copy + Send + Sync + 'static,
    refuse: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<crate::state::Planner>();
    let review = StoredValue::new(review);
    let body = move || {
        let lang = lang.get();
        let dataset = planner.dataset.get();
        review.with_value(|r| {
            let coverage = t_with(
                lang,
                Msg::ReviewCoverage,
                &[
                    ("households", &group(r.households.into(), lang)),
                    ("covered", &group(r.covered as i128, lang)),
                    ("communes", &group(dataset.communes().len() as i128, lang)),
                ],
            );
            // The communes not covered: listed, folded away when there are many.
            let uncovered = (!r.uncovered.is_empty()).then(|| {
                let names: Vec<String> =
                    r.uncovered.iter().filter_map(|c| dataset.commune(*c)).map(|c| c.full_name()).collect();
                let heading = t_with(lang, Msg::ReviewUncovered, &[("n", &group(r.uncovered.len() as i128, lang))]);
                if names.len() <= 12 {
                    view! {
                        <p>
                            <strong>{heading}</strong>
                            " "
                            <span class="uncovered-list">{names.join(", ")}</span>
                        </p>
                    }
                    .into_any()
                } else {
                    view! {
                        <details class="uncovered">
                            <summary><strong>{heading}</strong></summary>
                            <p class="uncovered-list">{names.join(", ")}</p>
                        </details>
                    }
                    .into_any()
                }
            });
            let findings = (!r.findings.is_empty()).then(|| {
                let items = r.findings.iter().map(|f| view! { <li>{f.message(&dataset, lang)}</li> }).collect_view();
                view! {
                    <p><strong>{t(lang, Msg::ReviewFindings)}</strong></p>
                    <ul class="findings">{items}</ul>
                }
            });
            let use_label = if r.uncovered.is_empty() {
                t(lang, Msg::ReviewUse).to_owned()
            } else {
                t_with(lang, Msg::ReviewKeep, &[("n", &group(r.uncovered.len() as i128, lang))])
            };
            view! {
                <h4 id="review-heading">{t_with(lang, Msg::ReviewHeading, &[("file", &r.file)])}</h4>
                <p>{coverage}</p>
                {uncovered}
                {findings}
                <div class="actions">
                    <button type="button" class="primary" id="review-use" on:click=move |_| accept()>{use_label}</button>
                    <button type="button" id="review-refuse" on:click=move |_| refuse()>{t(lang, Msg::ReviewRefuse)}</button>
                </div>
            }
        })
    };
    view! {
        <div class="review-panel" role="region" id="households-review" aria-labelledby="review-heading">{body}</div>
    }
}

/// Where the figures come from, the commune template, and the import of a review file with
/// its validation report (nothing is applied unless the file is clean).
#[component]
fn ImportData() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<crate::state::Planner>();
    let library = expect_context::<crate::persist::Library>();
    let notices = expect_context::<crate::persist::Notices>();
    let report = RwSignal::new(None::<(String, Vec<gnbv_engine::import::Problem>)>);
    let done = RwSignal::new(None::<String>);
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let template = move |_| {
        let text = planner.dataset.with_untracked(|d| gnbv_engine::import::commune_template(d, lang.get_untracked()));
        crate::files::download("mau-so-lieu-xa.csv", "text/csv;charset=utf-8", &text);
    };
    let exporter = expect_context::<crate::exporter::Exporter>();
    // Checks a commune file's CSV text and applies it only when clean.
    let check = move |file: String, text: String| {
        let Ok(base) = gnbv_engine::dataset::Dataset::builtin() else { return };
        match gnbv_engine::import::import_communes(&text, &file, &base) {
            Ok(dataset) => {
                report.set(None);
                done.set(Some(file.clone()));
                let imported = crate::protocol::Imported { file, text };
                crate::persist::use_dataset(planner, library, notices, dataset, Some(imported));
            }
            Err(problems) => {
                done.set(None);
                report.set(Some((file, problems)));
            }
        }
    };
    let import = move |_| {
        let Some(input) = input_ref.get_untracked() else { return };
        leptos::task::spawn_local(async move {
            let Some((file, bytes)) = crate::files::read_chosen_bytes(&input).await else { return };
            input.set_value("");
            if file.to_lowercase().ends_with(".xlsx") {
                // Read in the export worker, where the spreadsheet reader lives.
                exporter.read_xlsx(&bytes, move |result| match result {
                    Ok(text) => check(file.clone(), text),
                    Err(e) => {
                        done.set(None);
                        let problem = gnbv_engine::import::Problem {
                            row: 0,
                            column: "",
                            kind: gnbv_engine::import::ProblemKind::Unreadable(e),
                        };
                        report.set(Some((file.clone(), vec![problem])));
                    }
                });
            } else {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                check(file, text);
            }
        });
    };
    let reset = move |_| {
        if let Ok(base) = gnbv_engine::dataset::Dataset::builtin() {
            report.set(None);
            done.set(None);
            crate::persist::use_dataset(planner, library, notices, base, None);
        }
    };
    let source = move || {
        let lang = lang.get();
        planner.dataset.with(|d| match (d.household_file().is_some(), d.imported()) {
            (true, Some(file)) => format!("{} “{file}”.", t(lang, Msg::DataUnderHouseholds)),
            (true, None) => format!("{} {}.", t(lang, Msg::DataUnderHouseholds), t(lang, Msg::BuiltInFigures)),
            (false, Some(file)) => format!("{} “{file}”.", t(lang, Msg::DataFromFile)),
            (false, None) => t(lang, Msg::DataBuiltIn).to_owned(),
        })
    };
    view! {
        <section class="panel import" aria-labelledby="import-heading">
            <h3 id="import-heading">{move || t(lang.get(), Msg::ImportHeading)}</h3>
            <p id="data-source" role="status">{source}</p>
            <div class="actions">
                <button type="button" on:click=template>{move || t(lang.get(), Msg::DownloadTemplate)}</button>
                <label class="file-button">
                    {move || t(lang.get(), Msg::ImportCommunes)}
                    <input type="file" id="import-communes" accept=".csv,.xlsx,text/csv" node_ref=input_ref on:change=import />
                </label>
                <Show when=move || planner.dataset.with(|d| d.imported().is_some())>
                    <button type="button" on:click=reset>{move || t(lang.get(), Msg::BackToBuiltIn)}</button>
                </Show>
            </div>
            <p class="hint">
                {move || {
                    let lang = lang.get();
                    let units = planner.dataset.with(|d| d.communes().len());
                    t_with(lang, Msg::ImportHint, &[("n", &group(units as i128, lang))])
                }}
            </p>
            {move || done.get().map(|file| view! {
                <p class="saved-note" role="status">{move || format!("{} “{file}”.", t(lang.get(), Msg::ImportDone))}</p>
            })}
            {move || {
                report.get().map(|(file, problems)| {
                    let lang = lang.get();
                    let rows = problems
                        .iter()
                        .map(|p| {
                            let row = if p.row == 0 { "—".to_owned() } else { p.row.to_string() };
                            (row, p.column_heading(lang).to_owned(), p.message(lang))
                        })
                        .collect();
                    view! { <ProblemReport id="import-report" file rows lang /> }
                })
            }}
        </section>
    }
}

/// "Tỉnh Thái Bình: số liệu cơ sở…" for the dataset's province.
fn heading(lang: Lang, province: &str) -> String {
    t_with(lang, Msg::DatasetHeading, &[("province", province)])
}

#[component]
fn DatasetView(dataset: Dataset) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let summary = StoredValue::new(Summary::of(&dataset));
    let sort = RwSignal::new(Sort::default());
    let sorted = Memo::new(move |_| {
        let Sort { key, descending } = sort.get();
        let mut s = summary.get_value();
        s.sort(key, descending);
        s
    });
    let province = summary.with_value(|s| s.province.clone());
    let districts = summary.with_value(|s| s.districts.len());
    let builtin = matches!(dataset.population(), gnbv_engine::dataset::Population::BuiltIn);
    let described = StoredValue::new(dataset.clone());
    let kept = StoredValue::new(dataset.household_file().map(|o| o.kept.clone()).unwrap_or_default());
    let name = StoredValue::new(dataset.province_name().to_owned());
    let funds = StoredValue::new(dataset.clone());
    view! {
        <section aria-labelledby="dataset-heading">
            <h2 id="dataset-heading">{move || name.with_value(|n| heading(lang.get(), n))}</h2>
            <p class="subheading">{move || t(lang.get(), Msg::DatasetSubheading)}</p>
            <ProvinceSummary row=province districts name />
            <aside class="note" role="note" aria-labelledby="illustrative-title">
                <strong id="illustrative-title">{move || t(lang.get(), Msg::IllustrativeNoteTitle)}</strong>
                " "
                {move || {
                    let lang = lang.get();
                    if builtin {
                        t(lang, Msg::IllustrativeNote).to_owned()
                    } else {
                        let population = described.with_value(|d| d.population().describe(lang));
                        format!("{} {population}.", t(lang, Msg::PopulationLabel))
                    }
                }}
            </aside>
            <DistrictTable sorted sort kept />
            <LocalFunds dataset=funds />
            <Sources summary />
        </section>
    }
}

/// A figure of a row, formatted, with its provenance mark when it is real.
fn figure(row: &Row, field: Field, lang: Lang) -> impl IntoView {
    let text = match row.value(field) {
        None => "—".to_owned(),
        Some(v) if field.is_rate() => percent(v, lang),
        Some(v) => group(v.mantissa(), lang),
    };
    view! { {text} {mark(row.provenance_of(field), lang)} }
}

/// The figure's provenance mark; none for illustrative figures, which the note at the top of
/// the page covers.
fn mark(provenance: Provenance, lang: Lang) -> Option<impl IntoView> {
    provenance.is_real().then(|| provenance.mark(lang)).map(|(short, label)| {
        view! {
            <span class=format!("prov prov-{provenance}") title=label>
                <span aria-hidden="true">{short}</span>
                <span class="sr-only">{format!(" ({label})")}</span>
            </span>
        }
    })
}

#[component]
fn ProvinceSummary(row: Row, districts: usize, name: StoredValue<String>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let row = StoredValue::new(row);
    let card = move |label: Msg, main: Field, detail: Field, suffix: Msg| {
        view! {
            <div class="card">
                <dt>{move || t(lang.get(), label)}</dt>
                <dd class="value">{move || row.with_value(|r| figure(r, main, lang.get()))}</dd>
                <dd class="detail">
                    {move || row.with_value(|r| figure(r, detail, lang.get()))} " " {move || t(lang.get(), suffix)}
                </dd>
            </div>
        }
    };
    let units = row.with_value(|r| (r.units, r.ntm_2019_units));
    view! {
        <dl class="cards" aria-label=move || name.with_value(|n| heading(lang.get(), n))>
            {card(Msg::Households, Field::Households, Field::People, Msg::PeopleSuffix)}
            {card(Msg::PoorHouseholds, Field::Poor, Field::PoorRate, Msg::OfHouseholdsSuffix)}
            <div class="card">
                <dt>{move || t(lang.get(), Msg::PoorSplit)}</dt>
                <dd class="value">
                    {move || row.with_value(|r| {
                        let lang = lang.get();
                        format!("{} · {}", group(r.counts.poor_income.into(), lang), group(r.counts.poor_multidimensional.into(), lang))
                    })}
                </dd>
            </div>
            {card(Msg::NearPoorHouseholds, Field::NearPoor, Field::NearPoorRate, Msg::OfHouseholdsSuffix)}
            <div class="card">
                <dt>{move || t(lang.get(), Msg::Units)}</dt>
                <dd class="value">{units.0}</dd>
                <dd class="detail">{districts} " " {move || t(lang.get(), Msg::DistrictsSuffix)}</dd>
                <dd class="detail">{units.1} " " {move || t(lang.get(), Msg::NewRuralSuffix)}</dd>
            </div>
        </dl>
    }
}

#[component]
fn DistrictTable(
    sorted: Memo<Summary>,
    sort: RwSignal<Sort>,
    kept: StoredValue<Vec<gnbv_engine::dataset::CommuneCode>>,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let header = move |key: Option<SortKey>, label: Msg| {
        let aria = move || key.map_or("none", |k| sort.get().aria(k));
        let arrow = move || match aria() {
            "ascending" => "▲",
            "descending" => "▼",
            _ => "",
        };
        let class = if key.is_none() { "name" } else { "num" };
        view! {
            <th scope="col" class=class aria-sort=aria>
                <button type="button" on:click=move |_| sort.update(|s| *s = s.toggle(key.unwrap_or(SortKey::Name)))>
                    <span class="sr-only">{move || t(lang.get(), Msg::SortBy)} " "</span>
                    {move || t(lang.get(), label)}
                    <span class="arrow" aria-hidden="true">{arrow}</span>
                </button>
            </th>
        }
    };
    let order = move || sorted.with(|s| s.districts.iter().map(|d| d.row.scope).collect::<Vec<_>>());
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="district-caption">
            <table class="districts">
                <caption id="district-caption">
                    {move || t(lang.get(), Msg::TableCaption)}
                    <span class="hint">{move || t(lang.get(), Msg::TableHint)}</span>
                </caption>
                <thead>
                    <tr>
                        {header(None, Msg::Unit)}
                        {Vec::from(COLUMNS.map(|(key, label)| header(Some(key), label)))}
                    </tr>
                </thead>
                <For each=order key=|scope| *scope let:scope>
                    <DistrictBody scope sorted kept />
                </For>
            </table>
        </div>
    }
}

/// One district's `<tbody>`: its own row and, when expanded, its communes.
#[component]
fn DistrictBody(
    scope: Scope,
    sorted: Memo<Summary>,
    kept: StoredValue<Vec<gnbv_engine::dataset::CommuneCode>>,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let expanded = RwSignal::new(false);
    let data = Memo::new(move |_| sorted.with(|s| s.districts.iter().find(|d| d.row.scope == scope).cloned()));
    let id = match scope {
        Scope::District(code) => format!("communes-{code}"),
        _ => String::from("communes"),
    };
    let cells = move |row: &Row, lang: Lang| {
        COLUMNS
            .iter()
            .map(|(key, _)| {
                let content = match key {
                    SortKey::Field(f) => figure(row, *f, lang).into_any(),
                    _ => row.units.to_string().into_any(),
                };
                view! { <td class="num">{content}</td> }
            })
            .collect_view()
    };
    let controls = id.clone();
    view! {
        <tbody id=id>
            {move || data.get().map(|d| {
                let lang = lang.get();
                let label = format!(
                    "{} {}",
                    t(lang, if expanded.get() { Msg::HideCommunes } else { Msg::ShowCommunes }),
                    d.row.full_name
                );
                view! {
                    <tr class="district">
                        <th scope="row" class="name">
                            <button
                                type="button"
                                class="expand"
                                aria-expanded=move || expanded.get().to_string()
                                aria-controls=controls.clone()
                                aria-label=label
                                on:click=move |_| expanded.update(|e| *e = !*e)
                            >
                                <span class="chevron" aria-hidden="true"></span>
                                {d.row.full_name.clone()}
                            </button>
                        </th>
                        {cells(&d.row, lang)}
                    </tr>
                    {expanded.get().then(|| d.communes.iter().map(|c| view! {
                        <tr class="commune">
                            <th scope="row" class="name">
                                {c.full_name.clone()}
                                {matches!(c.scope, Scope::Commune(code) if kept.with_value(|k| k.contains(&code))).then(|| view! {
                                    <span class="kept" title=t(lang, Msg::KeptFromDataset)>
                                        <span aria-hidden="true">"*"</span>
                                        <span class="sr-only">{format!(" ({})", t(lang, Msg::KeptFromDataset))}</span>
                                    </span>
                                })}
                                {(c.ntm_2019_units > 0).then(|| view! {
                                    <span class="ntm" title=t(lang, Msg::NewRuralFlag)>
                                        <span aria-hidden="true">"NTM"</span>
                                        <span class="sr-only">{format!(" ({})", t(lang, Msg::NewRuralFlag))}</span>
                                    </span>
                                })}
                            </th>
                            {cells(c, lang)}
                        </tr>
                    }).collect_view())}
                }
            })}
        </tbody>
    }
}

/// The Day for the Poor balances and the social-policy households per district (illustrative).
#[component]
fn LocalFunds(dataset: StoredValue<Dataset>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let rows = move || {
        let lang = lang.get();
        dataset.with_value(|d| {
            d.district_totals()
                .into_iter()
                .map(|(district, counts)| {
                    let communes = d.commune_funds(district.code);
                    view! {
                        <tr>
                            <th scope="row" class="name">{district.full_name()}</th>
                            <td class="num">{district.day_for_poor.format(lang)}</td>
                            <td class="num">{communes.format(lang)}</td>
                            <td class="num">{group(counts.social_protection.into(), lang)}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="local-funds" aria-labelledby="local-funds-heading">
            <h3 id="local-funds-heading">{move || t(lang.get(), Msg::LocalFundsHeading)}</h3>
            <p class="note">
                {move || t(lang.get(), Msg::LocalFundsNote)}
            </p>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="local-funds-heading">
                <table class="local-funds-table">
                    <thead>
                        <tr>
                            <th scope="col" class="name">{move || t(lang.get(), Msg::Unit)}</th>
                            <th scope="col" class="num">{move || t(lang.get(), Msg::DistrictFund)}</th>
                            <th scope="col" class="num">{move || t(lang.get(), Msg::CommuneFunds)}</th>
                            <th scope="col" class="num">{move || t(lang.get(), Msg::SocialPolicyHouseholds)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn Sources(summary: StoredValue<Summary>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let items = summary.with_value(|s| s.published.clone());
    view! {
        <details class="sources">
            <summary>{move || t(lang.get(), Msg::SourcesHeading)}</summary>
            <ul>
                {items.into_iter().map(|p| {
                    let (head, value) = (format!("{} · {}", p.scope, p.field.key()), format!(" = {} [{}] ", p.value, p.confidence.tag()));
                    view! {
                        <li>
                            <code>{head}</code>
                            {value}
                            {move || p.source(lang.get()).to_owned()}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </details>
    }
}

/// Every default parameter with its value, source and confidence tag.
#[component]
fn Parameters() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<crate::state::Planner>();
    let rows = move || {
        let lang = lang.get();
        planner.history.with(|h| {
            let rows = gnbv_engine::proposal::assumptions(h.current(), lang)
                .into_iter()
                .map(|a| (a.name, a.value, a.source, a.confidence));
            rows.into_iter()
                .map(|(name, value, source, tag)| {
                    view! {
                        <tr>
                            <th scope="row" class="name">{name}</th>
                            <td class="num">{value}</td>
                            <td class="note">{source}</td>
                            <td><abbr title=confidence_title(&tag, lang)>{tag.clone()}</abbr></td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section aria-labelledby="parameters-heading">
            <h2 id="parameters-heading">{move || t(lang.get(), Msg::ParametersHeading)}</h2>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="parameters-heading">
                <table class="parameters">
                    <thead>
                        <tr>
                            <th scope="col" class="name">{move || t(lang.get(), Msg::Parameter)}</th>
                            <th scope="col" class="num">{move || t(lang.get(), Msg::Value)}</th>
                            <th scope="col">{move || t(lang.get(), Msg::SourceNote)}</th>
                            <th scope="col">{move || t(lang.get(), Msg::Confidence)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// What a confidence column says, in words: one tag's meaning, or each tag's where a source's
/// amount and terms have their own (`số tiền R low; điều kiện C`).
fn confidence_title(text: &str, lang: Lang) -> String {
    const TAGS: [&str; 6] = ["R high", "R med", "R low", "C~", "C", "D"];
    text.split("; ")
        .filter_map(|part| {
            let tag = TAGS.iter().find(|t| part.ends_with(*t))?;
            let what = part[..part.len() - tag.len()].trim();
            let label = Confidence::parse(tag)?.label(lang);
            Some(if what.is_empty() { label.to_owned() } else { format!("{what}: {label}") })
        })
        .collect::<Vec<_>>()
        .join("; ")
}
