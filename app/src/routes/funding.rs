//! The Funding screen: the envelope by source (kind, level, amount, what it may pay for), each
//! source's balance (committed, allocated, remaining: the leftover is shown, never hidden),
//! the credit plan (`crate::credit`: loans revolve, apart from the grants), the entitlements' legal
//! cost apart from discretionary lines, and the problems found.

use crate::credit::CreditSection;
use crate::i18n::{t, t_with, Lang, Msg};
use crate::persist::{Notice, Notices};
use crate::state::Planner;
use crate::widgets::severity_class;
use crate::widgets::{money, AmountProblem};
use gnbv_engine::funding::{Level, SourceKind};
use gnbv_engine::money::Dong;
use leptos::prelude::*;

/// The Funding screen.
#[component]
pub fn FundingScreen() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let count = move || planner.view.with(|h| h.as_ref().sources.len());
    let totals = move || {
        planner.view.with(|h| {
            let sum = |kind| h.as_ref().envelope_of(kind);
            (sum(SourceKind::Grant), sum(SourceKind::Loan))
        })
    };
    view! {
        <section aria-labelledby="funding-heading">
            <h2 id="funding-heading">{move || t_with(lang.get(), Msg::FundingHeading, &[("year", &planner.shown().to_string())])}</h2>
            <p class="subheading">{move || t(lang.get(), Msg::FundingIntro)}</p>
            <dl class="cards">
                <div class="card">
                    <dt>{move || t(lang.get(), Msg::Envelope)}</dt>
                    <dd class="value" id="envelope-total">{move || { let (g, l) = totals(); (g + l).format_short(lang.get()) }}</dd>
                </div>
                <div class="card">
                    <dt>{move || t(lang.get(), Msg::Grants)}</dt>
                    <dd class="value">{move || totals().0.format_short(lang.get())}</dd>
                </div>
                <div class="card">
                    <dt>{move || t(lang.get(), Msg::Loans)}</dt>
                    <dd class="value">{move || totals().1.format_short(lang.get())}</dd>
                </div>
            </dl>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="sources-caption">
                <table class="sources-table">
                    <caption id="sources-caption">{move || t(lang.get(), Msg::Source)}</caption>
                    <thead>
                        <tr>
                            <th scope="col" class="name">{move || t(lang.get(), Msg::Source)}</th>
                            <th scope="col">{move || t(lang.get(), Msg::Kind)}</th>
                            <th scope="col">{move || t(lang.get(), Msg::Level)}</th>
                            <th scope="col" class="num">{move || t(lang.get(), Msg::Amount)}</th>
                            <th scope="col" class="num">{move || t(lang.get(), Msg::Committed)}</th>
                            <th scope="col" class="num">{move || t(lang.get(), Msg::Allocated)}</th>
                            <th scope="col" class="num">{move || t(lang.get(), Msg::Remaining)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || 0..count() key=|i| *i let:index>
                            <SourceRow index />
                        </For>
                    </tbody>
                </table>
            </div>
            <CreditSection />
            <Entitlements />
            <Problems />
        </section>
    }
}

/// One source: its figures and an amount field that refuses what it cannot read, or what
/// would make the scenario invalid.
#[component]
fn SourceRow(index: usize) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let source = Memo::new(move |_| planner.view.with(|h| h.as_ref().sources.get(index).cloned()));
    let balance = Memo::new(move |_| planner.allocation.with(|a| a.sources.get(index).cloned()));
    let notices = expect_context::<Notices>();
    let error = RwSignal::new(None::<AmountProblem>);
    let id = move || source.with(|s| s.as_ref().map(|s| s.id.0.clone()).unwrap_or_default());
    let commit = move |text: String| match Dong::parse(&text, lang.get_untracked()) {
        Ok(amount) => {
            let edited = planner.edit(|s| {
                if let Some(src) = s.sources.get_mut(index) {
                    src.amount = amount;
                }
            });
            error.set(edited.err().map(AmountProblem::Refused));
        }
        Err(e) => error.set(Some(AmountProblem::Unreadable(e))),
    };
    // Every program, ticked where the source may pay for it; unticking one that a line uses
    // makes that line an error (an ineligible use) on the allocation.
    let uses = move || {
        let lang = lang.get();
        planner.view.with(|h| {
            let s = h.as_ref();
            let Some(src) = s.sources.get(index) else { return Vec::new() };
            s.programs
                .iter()
                .map(|p| {
                    let program = p.id.clone();
                    let checked = src.uses.contains(&program);
                    let name = p.name(lang).to_owned();
                    view! {
                        <label class="use">
                            <input
                                type="checkbox"
                                prop:checked=checked
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let program = program.clone();
                                    let edited = planner.edit(move |s| {
                                        if let Some(src) = s.sources.get_mut(index) {
                                            src.uses.retain(|u| u != &program);
                                            if on {
                                                src.uses.push(program);
                                            }
                                        }
                                    });
                                    if let Err(e) = edited {
                                        notices.push(Notice::EditRefused(e));
                                    }
                                }
                            />
                            " "
                            {name}
                        </label>
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <tr data-source=id>
            <th scope="row" class="name wrap">
                {move || source.with(|s| s.as_ref().map(|s| s.name(lang.get()).to_owned()))}
                <span class="source-note">
                    {move || source.with(|s| s.as_ref().map(|s| format!("{} [{}]", s.note.text(lang.get()), s.confidence_text(lang.get()))))}
                </span>
                <details class="uses">
                    <summary>{move || t(lang.get(), Msg::MayPayFor)}</summary>
                    <fieldset>
                        <legend class="sr-only">{move || t(lang.get(), Msg::MayPayFor)}</legend>
                        {uses}
                    </fieldset>
                </details>
            </th>
            <td>
                {move || source.with(|s| s.as_ref().map(|s| t(lang.get(), match s.kind { SourceKind::Grant => Msg::Grant, SourceKind::Loan => Msg::Loan })))}
            </td>
            <td>
                {move || source.with(|s| s.as_ref().map(|s| t(lang.get(), match s.level {
                    Level::Province => Msg::LevelProvince,
                    Level::District => Msg::LevelDistrict,
                    Level::Commune => Msg::LevelCommune,
                })))}
                {move || source.with(|s| s.as_ref().is_some_and(|s| s.level != Level::Province)).then(|| view! {
                    <span class="hint held-locally">{move || t(lang.get(), Msg::HeldLocally)}</span>
                })}
            </td>
            <td class="num amount-cell">
                <input
                    type="text"
                    inputmode="decimal"
                    class="amount"
                    id=move || format!("amount-{}", id())
                    aria-label=move || format!("{}: {}", t(lang.get(), Msg::AmountHelp), source.with(|s| s.as_ref().map(|s| s.name(lang.get()).to_owned()).unwrap_or_default()))
                    aria-invalid=move || error.get().is_some().to_string()
                    aria-describedby=move || format!("amount-error-{}", id())
                    prop:value=move || source.with(|s| s.as_ref().map(|s| money(s.amount, lang.get())).unwrap_or_default())
                    on:change=move |ev| commit(event_target_value(&ev))
                />
                <span class="field-error" id=move || format!("amount-error-{}", id()) role="alert">
                    {move || error.get().map(|e| e.message(lang.get()))}
                </span>
                {move || source.with(|s| s.as_ref().filter(|s| s.kind == SourceKind::Loan).map(|s| {
                    let capacity = money(s.available(), lang.get());
                    view! { <span class="hint loan-capacity">{t_with(lang.get(), Msg::LoanAmountHint, &[("capacity", &capacity)])}</span> }
                }))}
            </td>
            <td class="num">{move || balance.with(|b| b.as_ref().map(|b| money(b.committed, lang.get())))}</td>
            <td class="num">{move || balance.with(|b| b.as_ref().map(|b| money(b.allocated, lang.get())))}</td>
            <td class="num remaining">{move || balance.with(|b| b.as_ref().map(|b| money(b.remaining, lang.get())))}</td>
        </tr>
    }
}

#[component]
fn Entitlements() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let rows = move || {
        let lang = lang.get();
        let allocation = planner.allocation.get();
        planner.view.with(|h| {
            allocation
                .entitlements
                .iter()
                .map(|e| {
                    let name = h.as_ref().program(&e.program).map_or_else(String::new, |p| p.name(lang).to_owned());
                    let short = e.shortfall > Dong::ZERO;
                    view! {
                        <tr class:short=short>
                            <th scope="row" class="name">{name}</th>
                            <td class="num">{gnbv_engine::format::group(e.units.into(), lang)}</td>
                            <td class="num">{money(e.cost, lang)}</td>
                            <td class="num">{money(e.funded, lang)}</td>
                            <td class="num">{money(e.shortfall, lang)}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <h3>{move || t(lang.get(), Msg::EntitlementsHeading)}</h3>
        <p class="subheading">{move || t(lang.get(), Msg::EntitlementsIntro)}</p>
        <div class="table-wrap" tabindex="0" role="region" aria-label=move || t(lang.get(), Msg::EntitlementsHeading)>
            <table class="entitlements">
                <thead>
                    <tr>
                        <th scope="col" class="name">{move || t(lang.get(), Msg::Program)}</th>
                        <th scope="col" class="num">{move || t(lang.get(), Msg::Beneficiaries)}</th>
                        <th scope="col" class="num">{move || t(lang.get(), Msg::Cost)}</th>
                        <th scope="col" class="num">{move || t(lang.get(), Msg::Funded)}</th>
                        <th scope="col" class="num">{move || t(lang.get(), Msg::Shortfall)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn Problems() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let items = move || {
        let lang = lang.get();
        planner.allocation.with(|a| {
            a.diagnostics
                .iter()
                .map(|d| {
                    let (class, word) = (severity_class(d.severity), d.severity.label(lang));
                    view! { <li class=class><strong>{word}": "</strong>{d.message(lang).to_owned()}</li> }
                })
                .collect_view()
        })
    };
    let none = move || planner.allocation.with(|a| a.diagnostics.is_empty());
    view! {
        <h3>{move || t(lang.get(), Msg::ProblemsHeading)}</h3>
        <Show when=none fallback=move || view! { <ul class="diagnostics">{items}</ul> }>
            <p>{move || t(lang.get(), Msg::NoProblems)}</p>
        </Show>
    }
}
