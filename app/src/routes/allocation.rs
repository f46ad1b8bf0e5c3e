//! The Allocation screen: the program × district matrix (each cell the sum of its communes),
//! drilling down to one district's communes for a program; the rule of each line of the
//! program; locked overrides with a reason; and the problems, each linking to its cell.

mod optimise;
mod rules;

use crate::i18n::{t, Lang, Msg};
use crate::persist::refusal_message;
use crate::state::Planner;
use crate::widgets::{money, severity_class};
use gnbv_engine::allocation::Recipient;
use gnbv_engine::dataset::{CommuneCode, DistrictCode};
use gnbv_engine::explain::explain;
use gnbv_engine::money::Dong;
use gnbv_engine::program::ProgramId;
use gnbv_engine::rollup::Rollup;
use leptos::prelude::*;
use rules::Rules;
use std::collections::BTreeMap;

/// Which cell of the matrix is open: a program and a district.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Selection {
    program: ProgramId,
    district: DistrictCode,
    /// A commune to point at (from a problem).
    commune: Option<CommuneCode>,
}

/// The Allocation screen.
#[component]
pub fn AllocationScreen() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let selected = RwSignal::new(None::<Selection>);
    let districts =
        planner.dataset.with_untracked(|d| d.districts().iter().map(|x| (x.code, x.name.clone())).collect::<Vec<_>>());
    let district_of: BTreeMap<CommuneCode, DistrictCode> =
        planner.dataset.with_untracked(|d| d.communes().iter().map(|c| (c.code, c.district)).collect());
    let district_of = StoredValue::new(district_of);
    // program → (district → amount, province-level amount, total), from the engine's roll-up.
    let matrix = Memo::new(move |_| {
        let allocation = planner.allocation.get();
        let dataset = planner.dataset.get();
        planner.view.with(|h| {
            let s = h.as_ref();
            let rollup = Rollup::of(s, &dataset, &allocation);
            rollup
                .programs
                .iter()
                .enumerate()
                .map(|(p, program)| {
                    let name = s.program(program).map(|x| (x.name_vi.clone(), x.name_en.clone())).unwrap_or_default();
                    let by_district: BTreeMap<DistrictCode, Dong> =
                        rollup.districts.iter().copied().zip(rollup.districts_of(p).iter().copied()).collect();
                    (program.clone(), name, by_district, rollup.province_level(p), rollup.program_total(p))
                })
                .collect::<Vec<(ProgramId, (String, String), BTreeMap<DistrictCode, Dong>, Dong, Dong)>>()
        })
    });
    let header_districts = districts.clone();
    let rows = move || {
        let lang = lang.get();
        matrix
            .get()
            .into_iter()
            .map(|(program, (vi, en), by_district, province, total)| {
                let cells = districts
                    .iter()
                    .map(|(code, name)| {
                        let amount = by_district.get(code).copied().unwrap_or_default();
                        let (program, code) = (program.clone(), *code);
                        let is_open = {
                            let program = program.clone();
                            move || selected.with(|s| s.as_ref().is_some_and(|s| s.program == program && s.district == code))
                        };
                        // The visible amount leads the accessible name (WCAG 2.5.3, label in name).
                        let label = format!("{} ₫ {} · {}", money(amount, lang), if lang == Lang::Vi { &vi } else { &en }, name);
                        view! {
                            <td class="num" class:open=is_open>
                                <button
                                    type="button"
                                    class="cell"
                                    aria-label=label
                                    on:click=move |_| selected.set(Some(Selection { program: program.clone(), district: code, commune: None }))
                                >
                                    {money(amount, lang)}
                                </button>
                            </td>
                        }
                    })
                    .collect_view();
                view! {
                    <tr data-program=program.0.clone()>
                        <th scope="row" class="name wrap">{if lang == Lang::Vi { vi.clone() } else { en.clone() }}</th>
                        {cells}
                        <td class="num">{money(province, lang)}</td>
                        <td class="num total">{money(total, lang)}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section aria-labelledby="allocation-heading">
            <h2 id="allocation-heading">{move || t(lang.get(), Msg::AllocationHeading)}</h2>
            <p class="subheading">{move || t(lang.get(), Msg::AllocationIntro)}</p>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="matrix-caption">
                <table class="matrix">
                    <caption id="matrix-caption">{move || t(lang.get(), Msg::MatrixCaption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col" class="name">{move || t(lang.get(), Msg::Program)}</th>
                            {header_districts.iter().map(|(_, name)| view! { <th scope="col" class="num">{name.clone()}</th> }).collect_view()}
                            <th scope="col" class="num">{move || t(lang.get(), Msg::LevelProvince)}</th>
                            <th scope="col" class="num">{move || t(lang.get(), Msg::Total)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {move || selected.get().map(|s| view! { <Drill selection=s selected /> })}
            <AllocationProblems selected district_of />
            <optimise::OptimisePanel />
        </section>
    }
}

/// One program in one district: its lines' rules, its communes' amounts per line, overrides.
#[component]
fn Drill(selection: Selection, selected: RwSignal<Option<Selection>>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let Selection { program, district, commune: pointed } = selection;
    // The cell whose explanation is open: (line, commune).
    let explained = RwSignal::new(None::<(usize, CommuneCode)>);
    let communes: Vec<(CommuneCode, String)> =
        planner.dataset.with(|d| d.communes_of(district).map(|c| (c.code, c.full_name())).collect());
    let district_name = planner.dataset.with(|d| d.district(district).map(|x| x.full_name()).unwrap_or_default());
    let program_for_lines = program.clone();
    let lines = Memo::new(move |_| {
        planner.view.with(|h| {
            h.as_ref()
                .lines_of(&program_for_lines)
                .map(|(i, l)| {
                    (
                        i,
                        l.source.clone(),
                        h.as_ref()
                            .source(&l.source)
                            .map(|s| (s.name_vi.clone(), s.name_en.clone()))
                            .unwrap_or_default(),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let program_name = {
        let program = program.clone();
        move || {
            planner
                .view
                .with(|h| h.as_ref().program(&program).map(|p| p.name(lang.get()).to_owned()).unwrap_or_default())
        }
    };
    let table = move || {
        let lang = lang.get();
        let lines = lines.get();
        let allocation = planner.allocation.get();
        let header = lines
            .iter()
            .map(|(_, _, (vi, en))| view! { <th scope="col" class="num">{if lang == Lang::Vi { vi.clone() } else { en.clone() }}</th> })
            .collect_view();
        let body = communes
            .iter()
            .map(|(code, name)| {
                let amounts = lines
                    .iter()
                    .map(|(i, _, _)| {
                        let cell = allocation.cells_of(*i).find(|c| c.recipient == Recipient::Commune(*code));
                        let locked = cell.is_some_and(|c| c.locked);
                        let amount = cell.map_or(Dong::ZERO, |c| c.amount);
                        let (line, code) = (*i, *code);
                        view! {
                            <td class="num" class:locked=locked>
                                <button
                                    type="button"
                                    class="cell"
                                    aria-label=format!("{} ₫ — {}", money(amount, lang), t(lang, Msg::WhyThisNumber))
                                    on:click=move |_| explained.set(Some((line, code)))
                                >
                                    {money(amount, lang)}
                                </button>
                                {locked.then(|| view! {
                                    <span class="lock">{t(lang, Msg::LockedBadge)}</span>
                                })}
                            </td>
                        }
                    })
                    .collect_view();
                let highlight = pointed == Some(*code);
                view! {
                    <tr id=format!("alloc-commune-{}", code.0) class:pointed=highlight>
                        <th scope="row" class="name">{name.clone()}</th>
                        {amounts}
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="drill">
                <thead>
                    <tr>
                        <th scope="col" class="name">{t(lang, Msg::Unit)}</th>
                        {header}
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        }
    };
    let for_rules = program.clone();
    let for_overrides = program.clone();
    // After a jump from a problem, bring the pointed commune into view.
    Effect::new(move |_| {
        if let Some(code) = pointed {
            if let Some(el) = document().get_element_by_id(&format!("alloc-commune-{}", code.0)) {
                el.scroll_into_view();
            }
        }
    });
    let communes_for_form =
        planner.dataset.with(|d| d.communes_of(district).map(|c| (c.code, c.full_name())).collect::<Vec<_>>());
    view! {
        <section class="drill-panel" aria-labelledby="drill-heading">
            <h3 id="drill-heading">{program_name}" · "{district_name}</h3>
            <button type="button" class="close" on:click=move |_| selected.set(None)>{move || t(lang.get(), Msg::Close)}</button>
            <Rules program=for_rules />
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="drill-heading">{table}</div>
            <div class="why" aria-live="polite">
                {move || explained.get().and_then(|(line, code)| {
                    let lang = lang.get();
                    let dataset = planner.dataset.get();
                    let allocation = planner.allocation.get();
                    planner.view.with(|h| explain(h.as_ref(), &dataset, &allocation, line, Recipient::Commune(code), lang)).map(|text| {
                        view! {
                            <section class="why-panel" aria-labelledby="why-heading">
                                <h4 id="why-heading">{t(lang, Msg::WhyThisNumber)}</h4>
                                {text.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                                <button type="button" on:click=move |_| explained.set(None)>{t(lang, Msg::CloseExplanation)}</button>
                            </section>
                        }
                    })
                })}
            </div>
            <Overrides program=for_overrides communes=communes_for_form />
        </section>
    }
}

/// Locked amounts for communes of this district on the program's lines, with reasons.
#[component]
fn Overrides(program: ProgramId, communes: Vec<(CommuneCode, String)>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let line = RwSignal::new(0usize);
    let commune = RwSignal::new(communes.first().map_or(CommuneCode(0), |c| c.0));
    let amount = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let program_lines = {
        let program = program.clone();
        move || {
            planner.view.with(|h| {
                h.as_ref()
                    .lines_of(&program)
                    .map(|(i, l)| {
                        (i, h.as_ref().source(&l.source).map(|s| s.name(lang.get()).to_owned()).unwrap_or_default())
                    })
                    .collect::<Vec<_>>()
            })
        }
    };
    let codes: Vec<CommuneCode> = communes.iter().map(|c| c.0).collect();
    let add = {
        let program_lines = program_lines.clone();
        move |_| {
            let lang = lang.get_untracked();
            let lines = program_lines();
            let Some((index, _)) = lines.get(line.get_untracked()).cloned() else { return };
            let parsed = Dong::parse(&amount.get_untracked(), lang);
            let why = reason.get_untracked().trim().to_owned();
            match parsed {
                Err(e) => error.set(Some(e.message(lang).to_owned())),
                Ok(_) if why.is_empty() => error.set(Some(t(lang, Msg::ReasonRequired).to_owned())),
                Ok(value) => {
                    error.set(None);
                    let code = commune.get_untracked();
                    let locked = planner.edit(|s| {
                        s.lock(index, code, value, &why);
                    });
                    match locked {
                        Ok(()) => {
                            amount.set(String::new());
                            reason.set(String::new());
                        }
                        Err(e) => error.set(Some(refusal_message(&e, lang))),
                    }
                }
            }
        }
    };
    let options = communes.clone();
    let existing = move || {
        let lang = lang.get();
        planner.view.with(|h| {
            let s = h.as_ref();
            s.overrides
                .iter()
                .enumerate()
                .filter(|(_, o)| o.program == program && codes.contains(&o.commune))
                .map(|(_, o)| {
                    let line = s
                        .lines
                        .iter()
                        .position(|l| l.source == o.source && l.program == o.program)
                        .unwrap_or(usize::MAX);
                    let commune = o.commune;
                    let source = s.source(&o.source).map(|x| x.name(lang).to_owned()).unwrap_or_default();
                    let name = communes.iter().find(|c| c.0 == o.commune).map(|c| c.1.clone()).unwrap_or_default();
                    view! {
                        <li>
                            {format!("{name} · {source}: {} ₫ — {}", money(o.amount, lang), o.reason)}
                            " "
                            <button type="button" on:click=move |_| {
                                if let Err(e) = planner.edit(|s| s.unlock(line, commune)) {
                                    error.set(Some(refusal_message(&e, lang)));
                                }
                            }>
                                {t(lang, Msg::Unlock)}
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <h4>{move || t(lang.get(), Msg::OverridesHeading)}</h4>
        <ul class="overrides">{existing}</ul>
        <form class="override-form" on:submit=move |ev| ev.prevent_default()>
            <label class="field">
                <span>{move || t(lang.get(), Msg::Source)}</span>
                <select on:change=move |ev| line.set(event_target_value(&ev).parse().unwrap_or(0))>
                    {move || program_lines().into_iter().enumerate().map(|(k, (_, name))| view! { <option value=k.to_string()>{name}</option> }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>{move || t(lang.get(), Msg::Unit)}</span>
                <select on:change=move |ev| commune.set(CommuneCode(event_target_value(&ev).parse().unwrap_or(0)))>
                    {options.into_iter().map(|(code, name)| view! { <option value=code.0.to_string()>{name}</option> }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>{move || t(lang.get(), Msg::Amount)}</span>
                <input type="text" inputmode="decimal" prop:value=move || amount.get() on:input=move |ev| amount.set(event_target_value(&ev)) />
            </label>
            <label class="field wide">
                <span>{move || t(lang.get(), Msg::Reason)}</span>
                <input type="text" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
            </label>
            <button type="submit" class="primary" on:click=add>{move || t(lang.get(), Msg::LockAmount)}</button>
            <p class="field-error" role="alert">{move || error.get()}</p>
        </form>
    }
}

/// The allocation's problems; each with a link to the cell it concerns.
#[component]
fn AllocationProblems(
    selected: RwSignal<Option<Selection>>,
    district_of: StoredValue<BTreeMap<CommuneCode, DistrictCode>>,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let first_district = planner.dataset.with_untracked(|d| d.districts().first().map_or(DistrictCode(0), |x| x.code));
    let items = move || {
        let lang = lang.get();
        planner.allocation.with(|a| {
            a.diagnostics
                .iter()
                .map(|d| {
                    let (class, word) = (severity_class(d.severity), d.severity.label(lang));
                    let target = d.program.clone().map(|program| {
                        let district = d.commune.and_then(|c| district_of.with_value(|m| m.get(&c).copied())).unwrap_or(first_district);
                        Selection { program, district, commune: d.commune }
                    });
                    view! {
                        <li class=class>
                            <strong>{word}": "</strong>
                            {d.message(lang).to_owned()}
                            {target.map(|s| view! {
                                " "
                                <button type="button" class="link" on:click=move |_| selected.set(Some(s.clone()))>{t(lang, Msg::ShowCell)}</button>
                            })}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <h3>{move || t(lang.get(), Msg::ProblemsHeading)}</h3>
        <ul class="diagnostics">{items}</ul>
    }
}
