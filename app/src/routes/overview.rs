//! The Overview screen: headline figures and the shown year's targets scorecard (value with P10–P90,
//! probability met, status), from the Monte Carlo projection of the current scenario.

use crate::charts::{FundFlowChart, RateIntervalChart};
use crate::i18n::{t, t_with, Lang, Msg};
use crate::montecarlo::MonteCarlo;
use crate::state::Planner;
use crate::widgets::{in_task, Later, SimulationControls};
use gnbv_engine::format::{band, decimal, percent};
use gnbv_engine::money::Dong;
use gnbv_engine::projection::TargetId;
use gnbv_engine::projection::{Status, TargetUnit};
use gnbv_engine::proposal::Resources;
use leptos::prelude::*;

/// The Overview screen.
#[component]
pub fn OverviewScreen() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let mc = expect_context::<MonteCarlo>();
    // The first visit runs the projection once; later edits are re-run on request. It starts
    // after the screen is drawn, staged parts and all (`Later`): starting the workers is a
    // task of its own, not part of the render's.
    in_task(1, move || {
        if mc.result.get_untracked().is_none() && mc.progress.get_untracked().is_none() {
            mc.run(planner);
        }
    });
    let stale =
        move || mc.result.with(|r| r.as_ref().is_some_and(|r| planner.history.with(|h| h.current() != &*r.scenario)));
    let envelope = move || planner.view.with(|s| s.envelope());
    // The year of the figures shown: the projection's, else the year chosen.
    let year = move || mc.result.with(|r| r.as_ref().map(|r| r.projection.year)).unwrap_or_else(|| planner.shown());
    let later = move || year() > gnbv_engine::scenario::FIRST_YEAR;
    // The start of a later year is the median of the year before's ends (the projection's).
    let start_rate = move || {
        if later() {
            mc.result.with(|r| r.as_ref().map(|r| r.projection.province.baseline_poor_rate()))
        } else {
            planner.dataset.with(|d| d.province_counts().poor_rate())
        }
    };
    let baseline_label = move || {
        let lang = lang.get();
        if later() {
            t_with(lang, Msg::StartOfYear, &[("year", &year().to_string())])
        } else {
            t(lang, Msg::Baseline).to_owned()
        }
    };
    let allocated = move || planner.allocation.with(|a| a.sources.iter().map(|b| b.allocated).sum::<Dong>());
    let baseline_rate = move || start_rate().map(|r| percent(r, lang.get())).unwrap_or_default();
    let projected_rate = move || {
        mc.result.with(|r| {
            r.as_ref().map(|r| {
                let b = r.projection.province.poor_rate;
                let lang = lang.get();
                band(b.p50, b.p10, b.p90, |v| percent(v, lang))
            })
        })
    };
    // Follows the dataset: a household file restored after the screen opened changes it.
    let baseline = Signal::derive(move || start_rate().unwrap_or_default());
    let chart_year = Signal::derive(year);
    let end = Signal::derive(move || {
        mc.result.with(|r| {
            r.as_ref().map(|r| {
                let b = r.projection.province.poor_rate;
                (b.p10, b.p50, b.p90)
            })
        })
    });
    let flows = Memo::new(move |_| {
        let allocation = planner.allocation.get();
        let dataset = planner.dataset.get();
        planner.view.with(|s| {
            let flows = allocation.flows(s, &dataset);
            ((**s).clone(), flows)
        })
    });
    let source_to_program = Signal::derive(move || {
        let lang = lang.get();
        flows.with(|(s, f)| {
            f.source_to_program
                .iter()
                .map(|(src, p, a)| {
                    let credit = s.source(src).is_some_and(|x| x.kind == gnbv_engine::funding::SourceKind::Loan);
                    let src = s.source(src).map_or_else(|| src.0.clone(), |x| x.name(lang).to_owned());
                    let p = s.program(p).map_or_else(|| p.0.clone(), |x| x.name(lang).to_owned());
                    (src, p, *a, credit)
                })
                .collect()
        })
    });
    let program_to_district = Signal::derive(move || {
        let lang = lang.get();
        let dataset = planner.dataset.get();
        flows.with(|(s, f)| {
            f.program_to_district
                .iter()
                .map(|(p, d, a)| {
                    let p = s.program(p).map_or_else(|| p.0.clone(), |x| x.name(lang).to_owned());
                    let d = d
                        .and_then(|d| dataset.district(d))
                        .map_or_else(|| t(lang, Msg::LevelProvince).to_owned(), |x| x.full_name());
                    (p, d, *a)
                })
                .collect()
        })
    });
    view! {
        <section aria-labelledby="overview-heading">
            <h2 id="overview-heading">{move || t_with(lang.get(), Msg::OverviewHeading, &[("year", &planner.shown().to_string())])}</h2>
            <p class="subheading">{move || t_with(lang.get(), Msg::OverviewIntro, &[("year", &year().to_string())])}</p>
            <Show when=later>
                <p class="note" id="later-year-note">{move || t_with(lang.get(), Msg::LaterYearStart, &[("year", &year().to_string())])}</p>
            </Show>
            <Later>
            <dl class="cards">
                <div class="card">
                    <dt>{move || t(lang.get(), Msg::Envelope)}</dt>
                    <dd class="value">{move || envelope().format_short(lang.get())}</dd>
                    <dd class="detail" id="envelope-split">{move || {
                        let lang = lang.get();
                        let r = planner.view.with(|s| Resources::of(s));
                        format!(
                            "{} {} · {} {} · {} {}",
                            t(lang, Msg::StateBudget), r.state_budget.format_short(lang),
                            t(lang, Msg::CreditNotSpending), r.credit.format_short(lang),
                            t(lang, Msg::OtherResources), r.other.format_short(lang),
                        )
                    }}</dd>
                    <dd class="detail">{move || format!("{} {}", t(lang.get(), Msg::Allocated), allocated().format_short(lang.get()))}</dd>
                </div>
                <div class="card">
                    <dt>{move || format!("{} · {}", t(lang.get(), Msg::PoorRateEnd), baseline_label())}</dt>
                    <dd class="value">{baseline_rate}</dd>
                </div>
                <div class="card">
                    <dt>{move || format!("{} · {}", t(lang.get(), Msg::PoorRateEnd), t_with(lang.get(), Msg::Projected, &[("year", &year().to_string())]))}</dt>
                    <dd class="value" id="projected-rate">{move || projected_rate().unwrap_or_else(|| "—".into())}</dd>
                </div>
            </dl>
            </Later>
            // Built in tasks of their own after the figures above (`Later`).
            <Later>
                <SimulationControls />
                <Show when=stale>
                    <p class="note" role="status">{move || t(lang.get(), Msg::Stale)}</p>
                </Show>
            </Later>
            <Later>
                <Scorecard />
            </Later>
            <Later>
                <RateIntervalChart baseline=baseline end=end year=chart_year />
            </Later>
            <Later>
                <FundFlowChart source_to_program program_to_district />
            </Later>
        </section>
    }
}

/// The optimiser's cost question that reaches a target (`?ask=` on the Allocation screen), for
/// the first-year targets it plans for.
fn ask_for(id: TargetId) -> Option<&'static str> {
    match id {
        TargetId::PovertyRateReduction => Some("rate"),
        TargetId::NewRuralCommunes => Some("ntm"),
        TargetId::Schooling | TargetId::Water | TargetId::Sanitation | TargetId::Information => Some("access"),
        _ => None,
    }
}

#[component]
fn Scorecard() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let mc = expect_context::<MonteCarlo>();
    let planner = expect_context::<Planner>();
    let projection_fingerprint = move || mc.result.with(|r| r.as_ref().map(|r| format!("{:016x}", r.fingerprint)));
    let rows = move || {
        let lang = lang.get();
        mc.result.with(|r| {
            r.as_ref().map(|r| {
                r.projection
                    .scorecard
                    .iter()
                    .map(|target| {
                        let (class, icon, word) = match (target.status, target.uncertain) {
                            (Status::Likely, false) => ("likely", "✔", t(lang, Msg::Met)),
                            (Status::Unlikely, false) => ("unlikely", "✖", t(lang, Msg::NotMet)),
                            (Status::Likely, true) => ("likely", "✔", t(lang, Msg::Likely)),
                            (Status::Uncertain, _) => ("uncertain", "▲", t(lang, Msg::Uncertain)),
                            (Status::Unlikely, true) => ("unlikely", "✖", t(lang, Msg::Unlikely)),
                        };
                        let sign = if target.at_most() { "≤" } else { "≥" };
                        let plan = match target.unit {
                            TargetUnit::Points => format!("{sign} {}", decimal(target.plan, 1, lang)),
                            TargetUnit::Communes => target.plan.to_string(),
                            _ => format!("{sign} {}", percent(target.plan, lang)),
                        };
                        view! {
                            <tr data-target=format!("{:?}", target.id)>
                                <th scope="row" class="name">
                                    {target.id.name(lang)}
                                    {target.level_remark(lang).map(|r| view! { <span class="level-remark">{format!(" ({r})")}</span> })}
                                    // The uncertain parameter that moves it most over the draws.
                                    {target.driven_by.as_ref().map(|d| view! { <span class="driver">{d.sentence(lang)}</span> })}
                                </th>
                                <td class="num">{plan}</td>
                                <td class="num">{target.value_text(lang)}</td>
                                <td class="num">{percent(target.probability, lang)}</td>
                                <td class=format!("status {class}")>
                                    <span aria-hidden="true">{icon}" "</span>
                                    {word}
                                    // The optimiser's cost question for a first-year target it can plan for.
                                    {(target.status != Status::Likely).then(|| ask_for(target.id)).flatten().map(|ask| view! {
                                        " "
                                        <a class="ask" href=format!("/allocation?ask={ask}")>{t(lang, Msg::WhatWouldItTake)}</a>
                                    })}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="scorecard-caption">
            // A fingerprint of the whole projection (every band of every commune), so that runs
            // can be compared to the bit (the end-to-end tests compare worker pools).
            <table class="scorecard" data-projection=projection_fingerprint>
                <caption id="scorecard-caption">{move || {
                    let year = mc.result.with(|r| r.as_ref().map(|r| r.projection.year)).unwrap_or_else(|| planner.shown());
                    t_with(lang.get(), Msg::ScorecardHeading, &[("year", &year.to_string())])
                }}</caption>
                <thead>
                    <tr>
                        <th scope="col" class="name">{move || t(lang.get(), Msg::Target)}</th>
                        <th scope="col" class="num">{move || t(lang.get(), Msg::Plan)}</th>
                        <th scope="col" class="num">{move || t(lang.get(), Msg::ProjectedValue)}</th>
                        <th scope="col" class="num">{move || t(lang.get(), Msg::Probability)}</th>
                        <th scope="col">{move || t(lang.get(), Msg::Status)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
