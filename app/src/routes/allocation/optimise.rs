//! "What would it take?" on the Allocation screen: the question (impact or cost, objective or
//! targets), its progress with a cancel, and the answer beside the current scenario (expected
//! outcomes, allocation by program, shadow prices, binding constraints), to apply as one undo
//! step, save to the library for the comparison, or discard. The engine answers in the
//! optimiser worker (`optimiser.rs`).

use crate::i18n::{t, t_with, Lang, Msg};
use crate::optimiser::{Answer, Optimiser, Phase};
use crate::persist::{self, Library};
use crate::state::Planner;
use crate::widgets::money;
use gnbv_engine::allocation::allocate;
use gnbv_engine::compare::compare;
use gnbv_engine::format::{approx, group};
use gnbv_engine::optimise::{Goals, Mode, Objective, Predicted, Request, Stage, Weights};
use gnbv_engine::params::Access;
use leptos::prelude::*;

/// The objectives, in the order offered.
const OBJECTIVES: [(Objective, &str, Msg); 5] = [
    (Objective::Exits, "exits", Msg::ObjectiveExits),
    (Objective::Rate, "rate", Msg::ObjectiveRate),
    (Objective::Ntm, "ntm", Msg::ObjectiveNtm),
    (Objective::Access, "access", Msg::ObjectiveAccess),
    (Objective::Mix, "mix", Msg::ObjectiveMix),
];

/// The question and, once asked, the answer.
#[component]
pub(super) fn OptimisePanel() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let optimiser = expect_context::<Optimiser>();
    let mode = RwSignal::new(Mode::Impact);
    let objective = RwSignal::new(Objective::Exits);
    let weights = RwSignal::new(Weights::default());
    let goals = RwSignal::new(Goals::default());
    let problem = RwSignal::new(None::<Msg>);
    let applied = RwSignal::new(false);
    // "What would it take?" from the overview: `?ask=rate|ntm|access` asks the cost question
    // for that target.
    let query = leptos_router::hooks::use_query_map();
    Effect::new(move |_| {
        let ask = query.with(|q| q.get("ask"));
        if let Some(ask) = ask {
            mode.set(Mode::Cost);
            goals.set(Goals { rate: ask == "rate", ntm: ask == "ntm", access: ask == "access" });
            if let Some(el) = document().get_element_by_id("optimise") {
                el.scroll_into_view();
            }
        }
    });
    // The worker and its households get ready once the planner turns to the question: a press
    // or keyboard focus inside the panel, not the pointer passing over it on its way down the
    // screen (its 390 KB are not part of a visit that never asks).
    let warm = move || optimiser.warm(planner);
    let run = move |_| {
        let request = Request {
            mode: mode.get_untracked(),
            objective: objective.get_untracked(),
            weights: weights.get_untracked(),
            goals: goals.get_untracked(),
        };
        if request.mode == Mode::Cost && !(request.goals.rate || request.goals.ntm || request.goals.access) {
            problem.set(Some(Msg::NoGoal));
            return;
        }
        problem.set(None);
        applied.set(false);
        optimiser.ask(planner, request);
    };
    let weight_field = move |id: &'static str, label: Msg, get: fn(&Weights) -> u32, set: fn(&mut Weights, u32)| {
        view! {
            <label class="field" for=id>
                <span>{move || t(lang.get(), label)}</span>
                <input
                    id=id
                    type="number"
                    min="0"
                    max="100"
                    step="1"
                    prop:value=move || weights.with(|w| get(w).to_string())
                    on:change=move |ev| {
                        match event_target_value(&ev).trim().parse::<u32>() {
                            Ok(v) if v <= 100 => {
                                problem.set(None);
                                weights.update(|w| set(w, v));
                            }
                            _ => problem.set(Some(Msg::BadWeightValue)),
                        }
                    }
                />
            </label>
        }
    };
    let goal_box = move |id: &'static str, label: Msg, get: fn(&Goals) -> bool, set: fn(&mut Goals, bool)| {
        view! {
            <label class="check" for=id>
                <input
                    id=id
                    type="checkbox"
                    prop:checked=move || goals.with(get)
                    on:change=move |ev| {
                        problem.set(None);
                        goals.update(|g| set(g, event_target_checked(&ev)));
                    }
                />
                {move || t(lang.get(), label)}
            </label>
        }
    };
    let running = move || optimiser.phase.get().is_some();
    view! {
        <section
            id="optimise"
            class="panel optimise"
            aria-labelledby="optimise-heading"
            on:pointerdown=move |_| warm()
            on:focusin=move |_| warm()
        >
            <h3 id="optimise-heading">{move || t(lang.get(), Msg::OptimiseHeading)}</h3>
            <p class="subheading">{move || t(lang.get(), Msg::OptimiseIntro)}</p>
            {move || {
                let first = gnbv_engine::scenario::FIRST_YEAR;
                (planner.year.get() != first || planner.history.with(|h| !h.current().later.is_empty()))
                    .then(|| {
                        view! {
                            <p class="note" id="optimise-first-year">
                                {t_with(lang.get(), Msg::OptimiseFirstYear, &[("year", &first.to_string())])}
                            </p>
                        }
                    })
            }}
            <fieldset class="question">
                <legend>{move || t(lang.get(), Msg::OptimiseQuestion)}</legend>
                <label class="check" for="optimise-mode-impact">
                    <input
                        id="optimise-mode-impact"
                        type="radio"
                        name="optimise-mode"
                        prop:checked=move || mode.get() == Mode::Impact
                        on:change=move |_| mode.set(Mode::Impact)
                    />
                    {move || t(lang.get(), Msg::OptimiseImpact)}
                </label>
                <label class="check" for="optimise-mode-cost">
                    <input
                        id="optimise-mode-cost"
                        type="radio"
                        name="optimise-mode"
                        prop:checked=move || mode.get() == Mode::Cost
                        on:change=move |_| mode.set(Mode::Cost)
                    />
                    {move || t(lang.get(), Msg::OptimiseCost)}
                </label>
            </fieldset>
            {move || match mode.get() {
                Mode::Impact => view! {
                    <div class="rule-fields">
                        <label class="field" for="optimise-objective">
                            <span>{move || t(lang.get(), Msg::OptimiseObjective)}</span>
                            <select
                                id="optimise-objective"
                                on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    if let Some((o, _, _)) = OBJECTIVES.iter().find(|(_, k, _)| *k == v) {
                                        objective.set(*o);
                                    }
                                }
                            >
                                {OBJECTIVES
                                    .iter()
                                    .map(|(o, key, label)| {
                                        let o = *o;
                                        view! {
                                            <option value=*key selected=move || objective.get() == o>
                                                {move || t(lang.get(), *label)}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </label>
                        {move || (objective.get() == Objective::Mix).then(|| view! {
                            {weight_field("weight-rate", Msg::WeightRate, |w| w.rate, |w, v| w.rate = v)}
                            {weight_field("weight-ntm", Msg::WeightNtm, |w| w.ntm, |w, v| w.ntm = v)}
                            {weight_field("weight-access", Msg::WeightAccess, |w| w.access, |w, v| w.access = v)}
                        })}
                    </div>
                }
                .into_any(),
                Mode::Cost => view! {
                    <fieldset class="goals">
                        <legend>{move || t(lang.get(), Msg::GoalsLegend)}</legend>
                        {goal_box("goal-rate", Msg::GoalRate, |g| g.rate, |g, v| g.rate = v)}
                        {goal_box("goal-ntm", Msg::GoalNtm, |g| g.ntm, |g, v| g.ntm = v)}
                        {goal_box("goal-access", Msg::GoalAccess, |g| g.access, |g, v| g.access = v)}
                    </fieldset>
                }
                .into_any(),
            }}
            <div class="actions">
                <button type="button" id="optimise-run" class="primary" on:click=run disabled=running>
                    {move || t(lang.get(), Msg::OptimiseRun)}
                </button>
                {move || running().then(|| view! {
                    <button type="button" id="optimise-cancel" on:click=move |_| optimiser.cancel()>
                        {move || t(lang.get(), Msg::OptimiseCancel)}
                    </button>
                })}
                <span class="progress" role="status" id="optimise-progress">
                    {move || optimiser.phase.get().map(|p| t(lang.get(), match p {
                        Phase::Preparing => Msg::StagePreparing,
                        Phase::At(Stage::Coefficients) => Msg::StageCoefficients,
                        Phase::At(Stage::Solving) => Msg::StageSolving,
                        Phase::At(Stage::Rounding) => Msg::StageRounding,
                    }))}
                </span>
            </div>
            <p class="field-error" role="alert">{move || problem.get().map(|m| t(lang.get(), m))}</p>
            {move || optimiser.refusal.get().map(|why| view! {
                <p class="form-error" role="alert" id="optimise-refusal">
                    <strong>{t(lang.get(), Msg::OptimiseNoPlan)}": "</strong>
                    {why.message(lang.get()).to_owned()}
                </p>
            })}
            {move || applied.get().then(|| view! {
                <p class="saved-note" role="status" id="optimise-applied">{t(lang.get(), Msg::OptimiseApplied)}</p>
            })}
            {move || optimiser.answer.get().map(|answer| view! { <AnswerView answer applied /> })}
        </section>
    }
}

/// An expected value's row: the label and the value now and in the plan.
fn row(label: String, now: String, plan: String) -> impl IntoView {
    view! {
        <tr>
            <th scope="row">{label}</th>
            <td class="num">{now}</td>
            <td class="num">{plan}</td>
        </tr>
    }
}

/// The predictions side by side.
fn outcomes(before: &Predicted, after: &Predicted, request: &Request, lang: Lang, ntm_total: usize) -> impl IntoView {
    let whole = |x: f64| approx(x, 0, lang);
    let points = |x: f64| approx(x, 2, lang);
    let share = |x: f64| format!("{} %", approx(x * 100.0, 1, lang));
    let mut rows = vec![
        row(t(lang, Msg::PredPoor).to_owned(), whole(before.poor), whole(after.poor)).into_any(),
        row(t(lang, Msg::PredExits).to_owned(), whole(before.exits), whole(after.exits)).into_any(),
        row(t(lang, Msg::PredReduction).to_owned(), points(before.reduction_points), points(after.reduction_points))
            .into_any(),
        row(
            t(lang, Msg::PredNtm).to_owned(),
            format!("{}/{ntm_total}", before.ntm_meeting),
            format!("{}/{ntm_total}", after.ntm_meeting),
        )
        .into_any(),
    ];
    for (k, a) in Access::ALL.iter().enumerate() {
        rows.push(row(a.label(lang).to_owned(), share(before.access[k]), share(after.access[k])).into_any());
    }
    match (request.mode, request.objective) {
        (Mode::Cost, _) => rows.push(
            row(
                t(lang, Msg::PredFound).to_owned(),
                approx(before.objective, 3, lang),
                approx(after.objective, 3, lang),
            )
            .into_any(),
        ),
        (_, Objective::Access | Objective::Mix) => rows.push(
            row(
                t(lang, Msg::PredScore).to_owned(),
                approx(before.objective, 3, lang),
                approx(after.objective, 3, lang),
            )
            .into_any(),
        ),
        _ => {}
    }
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="optimise-outcomes-caption">
            <table id="optimise-outcomes">
                <caption id="optimise-outcomes-caption">{t(lang, Msg::OptimiseExpected)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t(lang, Msg::Indicator)}</th>
                        <th scope="col" class="num">{t(lang, Msg::NowColumn)}</th>
                        <th scope="col" class="num">{t(lang, Msg::OptimisedColumn)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The answer: outcomes, money by program, prices, and what to do with it.
#[component]
fn AnswerView(answer: Answer, applied: RwSignal<bool>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let optimiser = expect_context::<Optimiser>();
    let library = expect_context::<Library>();
    let plan = answer.plan.clone();
    let asked = answer.asked.clone();
    let stale = move || planner.history.with(|h| h.current() != asked.as_ref());
    let saved = RwSignal::new(None::<Result<String, String>>);
    let dataset = planner.dataset.get_untracked();
    let ntm_total = dataset.communes().iter().filter(|c| c.ntm_2019).count();
    // Money by program in the first year, now and in the plan.
    let (now, optimised) = (answer.asked.first_year(), plan.scenario.first_year());
    let (a_now, a_plan) = (allocate(&now, &dataset), allocate(&optimised, &dataset));
    let comparison = compare(&[(&now, &a_now), (&optimised, &a_plan)], &dataset);
    let program_rows = move |lang: Lang| {
        comparison
            .programs
            .iter()
            .filter(|r| r.any_change())
            .map(|r| {
                let name = optimised.program(&r.key).or_else(|| now.program(&r.key)).map_or_else(|| r.key.0.clone(), |p| p.name(lang).to_owned());
                let at = |i: usize| r.values.get(i).copied().flatten().unwrap_or_default();
                let change = r.difference(1);
                view! {
                    <tr>
                        <th scope="row">{name}</th>
                        <td class="num">{money(at(0), lang)}</td>
                        <td class="num changed">{money(at(1), lang)}</td>
                        <td class="num">{format!("{}{}", if change.get() > 0 { "+" } else { "" }, money(change, lang))}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let apply = {
        let plan = plan.clone();
        move |_| {
            let scenario = plan.scenario.clone();
            if planner.edit_whole(|s| *s = scenario).is_ok() {
                optimiser.clear();
                applied.set(true);
            }
        }
    };
    let save = {
        let plan = plan.clone();
        move |_| {
            let lang = lang.get_untracked();
            let when = persist::now();
            let what = match plan.request.mode {
                Mode::Cost => t(lang, Msg::OptimiseCost).to_owned(),
                Mode::Impact => OBJECTIVES
                    .iter()
                    .find(|(o, _, _)| *o == plan.request.objective)
                    .map_or_else(String::new, |(_, _, m)| t(lang, *m).to_owned()),
            };
            let name = t_with(lang, Msg::OptimiseEntryName, &[("what", &what), ("when", &when)]);
            let result = library.change(|store| store.save(&name, plan.scenario.clone(), &when));
            saved.set(Some(result.map(|_| name).map_err(|e| e.message(lang))));
        }
    };
    let request = plan.request;
    let plan_for_view = plan.clone();
    let stale_button = stale.clone();
    view! {
        <section class="optimise-answer" id="optimise-result" aria-labelledby="optimise-result-heading">
            <h4 id="optimise-result-heading">{move || t(lang.get(), Msg::OptimiseResult)}</h4>
            {move || stale().then(|| view! { <p class="note warning" id="optimise-stale">{t(lang.get(), Msg::OptimiseStale)}</p> })}
            {move || {
                let lang = lang.get();
                let p = &plan_for_view;
                view! {
                    {outcomes(&p.before, &p.after, &request, lang, ntm_total)}
                    <p class="note" id="optimise-rounding">
                        {t_with(lang, Msg::OptimiseRounding, &[
                            ("continuous", &approx(p.rounding.continuous, 3, lang)),
                            ("whole", &approx(p.rounding.whole_units, 3, lang)),
                            ("left", &money(p.rounding.money_left, lang)),
                        ])}
                    </p>
                    {(!p.kinds.is_empty()).then(|| view! {
                        <h5>{t(lang, Msg::KindsHeading)}</h5>
                        <ul id="optimise-kinds">
                            {p.kinds.iter().map(|k| {
                                let label = match k.kind.as_str() {
                                    "central" => Msg::KindCentral,
                                    "local" => Msg::KindLocal,
                                    _ => Msg::KindMobilised,
                                };
                                view! { <li>{format!("{}: {} ₫ → {} ₫", t(lang, label), money(k.before, lang), money(k.after, lang))}</li> }
                            }).collect_view()}
                        </ul>
                    })}
                    <h5>{t(lang, Msg::ShadowPrices)}</h5>
                    <ul id="optimise-prices">
                        {p.sources.iter().map(|s| view! {
                            <li data-source=s.source.clone()>{lang.pick(&s.message_vi, &s.message_en).to_owned()}</li>
                        }).collect_view()}
                    </ul>
                    <h5>{t(lang, Msg::Binding)}</h5>
                    <ul id="optimise-binding">
                        {p.binding.iter().take(8).map(|b| view! {
                            <li data-kind=b.kind.clone()>{lang.pick(&b.message_vi, &b.message_en).to_owned()}</li>
                        }).collect_view()}
                    </ul>
                    {(p.binding.len() > 8).then(|| view! {
                        <details>
                            <summary>{t_with(lang, Msg::BindingMore, &[("n", &group((p.binding.len() - 8) as i128, lang))])}</summary>
                            <ul>
                                {p.binding.iter().skip(8).map(|b| view! {
                                    <li data-kind=b.kind.clone()>{lang.pick(&b.message_vi, &b.message_en).to_owned()}</li>
                                }).collect_view()}
                            </ul>
                        </details>
                    })}
                    {(!p.notes.is_empty()).then(|| view! {
                        <ul id="optimise-notes" class="notes">
                            {p.notes.iter().map(|n| view! { <li>{lang.pick(&n.message_vi, &n.message_en).to_owned()}</li> }).collect_view()}
                        </ul>
                    })}
                }
            }}
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="optimise-programs-caption">
                <table id="optimise-programs">
                    <caption id="optimise-programs-caption">{move || t(lang.get(), Msg::OptimiseByProgram)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{move || t(lang.get(), Msg::Program)}</th>
                            <th scope="col" class="num">{move || t(lang.get(), Msg::NowColumn)}</th>
                            <th scope="col" class="num">{move || t(lang.get(), Msg::OptimisedColumn)}</th>
                            <th scope="col" class="num">{move || t(lang.get(), Msg::Change)}</th>
                        </tr>
                    </thead>
                    <tbody>{move || program_rows(lang.get())}</tbody>
                </table>
            </div>
            <div class="actions">
                <button type="button" id="optimise-apply" class="primary" on:click=apply disabled=stale_button>
                    {move || t(lang.get(), Msg::OptimiseApply)}
                </button>
                <button type="button" id="optimise-save" on:click=save>{move || t(lang.get(), Msg::OptimiseSave)}</button>
                <button type="button" id="optimise-discard" on:click=move |_| optimiser.clear()>
                    {move || t(lang.get(), Msg::OptimiseDiscard)}
                </button>
            </div>
            {move || saved.get().map(|r| match r {
                Ok(name) => view! {
                    <p class="saved-note" role="status" id="optimise-saved">{t_with(lang.get(), Msg::OptimiseSavedAs, &[("name", &name)])}</p>
                }.into_any(),
                Err(e) => view! { <p class="form-error" role="alert">{e}</p> }.into_any(),
            })}
        </section>
    }
}
