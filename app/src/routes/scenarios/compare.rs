//! The comparison of two or three scenarios: envelope by source, allocation by program and
//! by district (down to communes) with changed cells marked, and the outcomes of each
//! projected in its own worker.

use super::{column_role, Choice, MAX_COMPARED};
use crate::i18n::{t, Lang, Msg};
use crate::montecarlo::MonteCarlo;
use crate::persist::Library;
use crate::state::Planner;
use crate::widgets::money;
use gnbv_engine::allocation::allocate;
use gnbv_engine::compare::compare_outcomes;
use gnbv_engine::compare::{compare, Comparison, Row};
use gnbv_engine::dataset::{CommuneCode, DistrictCode};
use gnbv_engine::format::{band, percent};
use gnbv_engine::money::Dong;
use gnbv_engine::scenario::Scenario;
use leptos::prelude::*;
use std::sync::Arc;

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
pub(super) fn Compare(picked: RwSignal<Vec<Choice>>) -> impl IntoView {
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
                // A cell is marked when what it shows differs from the baseline's: the engine
                // compares the numbers at the precision they are shown with.
                let projections: Vec<Option<&gnbv_engine::projection::Projection>> =
                    results.iter().map(|p| p.as_deref()).collect();
                let compared = compare_outcomes(&projections);
                let class = |changed: bool| if changed { "num changed" } else { "num" };
                let rate = projections
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        let text = p.map(|p| {
                            let b = p.province.poor_rate;
                            band(b.p50, b.p10, b.p90, |v| percent(v, lang))
                        });
                        view! { <td class=class(compared.poor_rate.changed(i))>{text.unwrap_or_else(|| "…".into())}</td> }
                    })
                    .collect_view();
                let targets = compared
                    .targets
                    .iter()
                    .filter_map(|row| row.target.map(|id| (id, row)))
                    .map(|(id, row)| {
                        let cells = projections
                            .iter()
                            .enumerate()
                            .map(|(i, p)| {
                                let found = p.and_then(|p| p.scorecard.iter().find(|x| x.id == id));
                                view! {
                                    <td class=class(row.changed(i))>
                                        {match found {
                                            Some(target) => {
                                                let probability = format!("{} {}", t(lang, Msg::Probability), percent(target.probability, lang));
                                                view! {
                                                    {target.value_text(lang)}
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
                        view! { <tr><th scope="row" class="name wrap">{id.name(lang)}</th>{cells}</tr> }
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
