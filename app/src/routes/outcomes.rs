//! The Outcomes screen: per district (expanding to communes) the poor and near-poor rates
//! before and after with P10–P90, exits and entries; sortable; filtered to the xã that miss
//! the new-rural criterion on demand.

use crate::charts::{CommuneGrid, DistrictBars};
use crate::i18n::{t, t_with, Lang, Msg};
use crate::montecarlo::MonteCarlo;
use crate::state::Planner;
use crate::widgets::SimulationControls;
use gnbv_engine::format::{band, collation_key, group, percent};
use gnbv_engine::projection::{Band, Figures};
use leptos::prelude::*;
use rust_decimal::Decimal;

/// Columns that sort.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    RateBefore,
    RateAfter,
    Change,
    Exits,
    Entries,
}

fn rate(count: u64, households: u64) -> Decimal {
    if households == 0 {
        Decimal::ZERO
    } else {
        Decimal::from(count) / Decimal::from(households)
    }
}

fn key(f: &Figures, column: Column) -> Decimal {
    let before = rate(f.baseline_poor, f.households);
    match column {
        Column::Name => Decimal::ZERO,
        Column::RateBefore => before,
        Column::RateAfter => f.poor_rate.p50,
        Column::Change => f.poor_rate.p50 - before,
        Column::Exits => f.exits.p50.into(),
        Column::Entries => f.entries.p50.into(),
    }
}

/// One row to show.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    name: String,
    code: u32,
    figures: Figures,
    misses_new_rural: bool,
}

fn band_rate(b: &Band<Decimal>, lang: Lang) -> String {
    band(b.p50, b.p10, b.p90, |v| percent(v, lang))
}

fn band_count(b: &Band<u32>, lang: Lang) -> String {
    band(b.p50, b.p10, b.p90, |v| group(v.into(), lang))
}

/// The Outcomes screen.
#[component]
pub fn OutcomesScreen() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let mc = expect_context::<MonteCarlo>();
    if mc.result.get_untracked().is_none() && mc.progress.get_untracked().is_none() {
        mc.run(planner);
    }
    let sort = RwSignal::new((None::<Column>, false));
    // The projected rate whose explanation is open: (unit name, its figures).
    let why = RwSignal::new(None::<(String, Figures)>);
    let only_missing = RwSignal::new(false);
    let expanded = RwSignal::new(Vec::<u16>::new());
    // Rows of the last projection: districts with their communes.
    let rows = Memo::new(move |_| {
        let dataset = planner.dataset.get();
        mc.result.with(|r| {
            r.as_ref().map(|r| {
                let params = &r.scenario.simulation;
                r.projection
                    .districts
                    .iter()
                    .map(|d| {
                        let district = dataset.district(d.code);
                        let communes: Vec<Line> = r
                            .projection
                            .communes
                            .iter()
                            .filter_map(|c| {
                                let commune = dataset.commune(c.code)?;
                                (commune.district == d.code).then(|| Line {
                                    name: commune.full_name(),
                                    code: c.code.0,
                                    misses_new_rural: commune.ntm_2019 && !c.figures.meets_new_rural(params),
                                    figures: c.figures.clone(),
                                })
                            })
                            .collect();
                        let line = Line {
                            name: district.map_or_else(|| d.code.to_string(), |x| x.full_name()),
                            code: u32::from(d.code.0),
                            misses_new_rural: communes.iter().any(|c| c.misses_new_rural),
                            figures: d.figures.clone(),
                        };
                        (line, communes)
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let sorted = move || {
        let (column, descending) = sort.get();
        let mut rows = rows.get().unwrap_or_default();
        let order = |a: &Line, b: &Line| {
            let o = match column {
                None => a.code.cmp(&b.code),
                Some(Column::Name) => collation_key(&a.name).cmp(&collation_key(&b.name)),
                Some(c) => key(&a.figures, c).cmp(&key(&b.figures, c)),
            };
            let o = if descending { o.reverse() } else { o };
            o.then(a.code.cmp(&b.code))
        };
        rows.sort_by(|a, b| order(&a.0, &b.0));
        for (_, communes) in &mut rows {
            communes.sort_by(order);
        }
        if only_missing.get() {
            rows.retain(|(d, _)| d.misses_new_rural);
            for (_, communes) in &mut rows {
                communes.retain(|c| c.misses_new_rural);
            }
        }
        rows
    };
    let header = move |column: Column, label: Msg| {
        let aria = move || match sort.get() {
            (Some(c), false) if c == column => "ascending",
            (Some(c), true) if c == column => "descending",
            _ => "none",
        };
        view! {
            <th scope="col" class=if column == Column::Name { "name" } else { "num" } aria-sort=aria>
                <button
                    type="button"
                    on:click=move |_| sort.update(|s| *s = if s.0 == Some(column) { (Some(column), !s.1) } else { (Some(column), false) })
                >
                    <span class="sr-only">{move || t(lang.get(), Msg::SortBy)} " "</span>
                    {move || t(lang.get(), label)}
                    <span class="arrow" aria-hidden="true">{move || match aria() { "ascending" => "▲", "descending" => "▼", _ => "" }}</span>
                </button>
            </th>
        }
    };
    let cells = move |line: &Line, lang: Lang| {
        let f = &line.figures;
        let before = rate(f.baseline_poor, f.households);
        let change = f.poor_rate.p50 - before;
        let open = (line.name.clone(), f.clone());
        view! {
            <td class="num">{percent(before, lang)}</td>
            <td class="num">
                <button
                    type="button"
                    class="cell"
                    aria-label=format!("{} — {}", band_rate(&f.poor_rate, lang), t(lang, Msg::WhyThisNumber))
                    on:click=move |_| why.set(Some(open.clone()))
                >
                    {band_rate(&f.poor_rate, lang)}
                </button>
            </td>
            <td class="num">{format!("{}{}", if change > Decimal::ZERO { "+" } else { "" }, gnbv_engine::format::decimal(change * Decimal::ONE_HUNDRED, 2, lang))}</td>
            <td class="num">{percent(rate(f.baseline_near_poor, f.households), lang)}</td>
            <td class="num">{band_rate(&f.near_poor_rate, lang)}</td>
            <td class="num">{band_count(&f.exits, lang)}</td>
            <td class="num">{band_count(&f.entries, lang)}</td>
        }
    };
    let body = move || {
        let lang = lang.get();
        sorted()
            .into_iter()
            .map(|(district, communes)| {
                let code = district.code as u16;
                // Filtering to the xã that miss the criterion shows them without a click.
                let open = move || only_missing.get() || expanded.with(|e| e.contains(&code));
                let toggle = move |_| expanded.update(|e| if let Some(i) = e.iter().position(|c| *c == code) { e.remove(i); } else { e.push(code); });
                let id = format!("outcome-communes-{code}");
                let controls = id.clone();
                view! {
                    <tbody id=id>
                        <tr class="district">
                            <th scope="row" class="name">
                                <button type="button" class="expand" aria-expanded=move || open().to_string() aria-controls=controls on:click=toggle>
                                    <span class="chevron" aria-hidden="true"></span>
                                    {district.name.clone()}
                                </button>
                            </th>
                            {cells(&district, lang)}
                        </tr>
                        {move || open().then(|| communes.iter().map(|c| view! {
                            <tr class="commune" class:misses=c.misses_new_rural data-commune=c.code>
                                <th scope="row" class="name">
                                    {c.name.clone()}
                                    {c.misses_new_rural.then(|| view! {
                                        <span class="miss" title=t(lang, Msg::MissesNewRural)>
                                            <span aria-hidden="true">"⚠"</span>
                                            <span class="sr-only">{format!(" ({})", t(lang, Msg::MissesNewRural))}</span>
                                        </span>
                                    })}
                                </th>
                                {cells(c, lang)}
                            </tr>
                        }).collect_view())}
                    </tbody>
                }
            })
            .collect_view()
    };
    let bars = Signal::derive(move || {
        rows.get()
            .unwrap_or_default()
            .into_iter()
            .map(|(d, _)| {
                let f = &d.figures;
                (
                    d.name.clone(),
                    rate(f.baseline_poor, f.households),
                    (f.poor_rate.p10, f.poor_rate.p50, f.poor_rate.p90),
                )
            })
            .collect()
    });
    let grid = Signal::derive(move || {
        let dataset = planner.dataset.get();
        rows.get()
            .unwrap_or_default()
            .into_iter()
            .map(|(d, communes)| {
                let cells = communes
                    .into_iter()
                    .map(|c| {
                        let ntm =
                            dataset.commune(gnbv_engine::dataset::CommuneCode(c.code)).is_some_and(|x| x.ntm_2019);
                        (c.name, c.figures.poor_rate.p50, ntm, c.misses_new_rural)
                    })
                    .collect();
                (d.name, cells)
            })
            .collect()
    });
    let threshold = Signal::derive(move || {
        mc.result.with(|r| {
            r.as_ref()
                .map_or(Decimal::new(5, 2), |r| Decimal::new(i64::from(r.scenario.simulation.ntm_threshold_bp), 4))
        })
    });
    // The year of the figures shown: the projection's, else the year chosen.
    let shown_year =
        move || mc.result.with(|r| r.as_ref().map(|r| r.projection.year)).unwrap_or_else(|| planner.shown());
    view! {
        <section aria-labelledby="outcomes-heading">
            <h2 id="outcomes-heading">{move || t(lang.get(), Msg::OutcomesHeading)}</h2>
            <p class="subheading">{move || t(lang.get(), Msg::OutcomesIntro)}</p>
            <SimulationControls />
            <Show when=move || { shown_year() > gnbv_engine::scenario::FIRST_YEAR }>
                <p class="note" id="outcomes-later-note">{move || t_with(lang.get(), Msg::LaterYearStart, &[("year", &shown_year().to_string())])}</p>
            </Show>
            <label class="filter">
                <input type="checkbox" prop:checked=move || only_missing.get() on:change=move |ev| only_missing.set(event_target_checked(&ev)) />
                " "
                {move || t(lang.get(), Msg::OnlyMissingNewRural)}
            </label>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="outcomes-caption">
                <table class="districts outcomes">
                    <caption id="outcomes-caption">{move || t_with(lang.get(), Msg::OutcomesCaption, &[("year", &shown_year().to_string())])}</caption>
                    <thead>
                        <tr>
                            {header(Column::Name, Msg::Unit)}
                            {header(Column::RateBefore, Msg::PoorRateBefore)}
                            {header(Column::RateAfter, Msg::PoorRateAfter)}
                            {header(Column::Change, Msg::ChangePoints)}
                            <th scope="col" class="num">{move || t(lang.get(), Msg::NearPoorRateBefore)}</th>
                            <th scope="col" class="num">{move || t(lang.get(), Msg::NearPoorRateAfter)}</th>
                            {header(Column::Exits, Msg::Exits)}
                            {header(Column::Entries, Msg::Entries)}
                        </tr>
                    </thead>
                    {body}
                </table>
            </div>
            <div aria-live="polite">
                {move || why.get().map(|(name, figures)| {
                    let lang = lang.get();
                    let draws = mc.result.with(|r| r.as_ref().map_or(0, |r| r.projection.draws));
                    view! {
                        <section class="why-panel" aria-labelledby="why-outcome-heading">
                            <h4 id="why-outcome-heading">{format!("{} — {}", t(lang, Msg::WhyThisNumber), name)}</h4>
                            {figures.explain(draws, lang).into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                            <button type="button" on:click=move |_| why.set(None)>{t(lang, Msg::CloseExplanation)}</button>
                        </section>
                    }
                })}
            </div>
            <AccessTable />
            <DistrictBars rows=bars />
            <CommuneGrid districts=grid threshold />
            <crate::routes::sensitivity::SensitivityPanel />
            <crate::routes::households::HouseholdPlanPanel />
        </section>
    }
}

/// Access to basic services among poor and near-poor households at the end of the year, by
/// district and for the province (median and P10–P90 of the draws).
#[component]
fn AccessTable() -> impl IntoView {
    use gnbv_engine::simulation::Access;
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let mc = expect_context::<MonteCarlo>();
    let label = |a: Access| match a {
        Access::HealthInsurance => Msg::AccessHealthInsurance,
        Access::Schooling => Msg::AccessSchooling,
        Access::Water => Msg::AccessWater,
        Access::Sanitation => Msg::AccessSanitation,
        Access::Information => Msg::AccessInformation,
    };
    let rows = move || {
        let lang = lang.get();
        let dataset = planner.dataset.get();
        mc.result.with(|r| {
            r.as_ref().map(|r| {
                let p = &r.projection;
                let province = match lang {
                    Lang::Vi => format!("Tỉnh {}", dataset.province_name()),
                    Lang::En => format!("{} province", dataset.province_name()),
                };
                std::iter::once((province, p.province.clone()))
                    .chain(p.districts.iter().map(|d| {
                        (
                            dataset.district(d.code).map_or_else(|| d.code.to_string(), |x| x.full_name()),
                            d.figures.clone(),
                        )
                    }))
                    .map(|(name, f)| {
                        let cells = f
                            .access
                            .iter()
                            .map(|a| view! { <td class="num">{band_rate(&a.share, lang)}</td> })
                            .collect_view();
                        view! {
                            <tr>
                                <th scope="row" class="name">{name}</th>
                                {cells}
                            </tr>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="access-caption">
            <table class="districts access">
                <caption id="access-caption">{move || t(lang.get(), Msg::AccessCaption)}</caption>
                <thead>
                    <tr>
                        <th scope="col" class="name">{move || t(lang.get(), Msg::Unit)}</th>
                        {Vec::from(Access::ALL.map(|a| view! { <th scope="col" class="num">{move || t(lang.get(), label(a))}</th> }))}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
