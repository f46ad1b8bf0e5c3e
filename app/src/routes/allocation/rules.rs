//! The rule of each line of a program in the Allocation screen's drill-down: criteria weights,
//! floor and cap; demand priority, commune order and unit cost; or the kind of rule where it
//! has no parameters.

use crate::i18n::{t, t_with, Lang, Msg};
use crate::persist::refusal_message;
use crate::state::Planner;
use crate::widgets::money;
use gnbv_engine::format::{decimal, group, parse_decimal, percent};
use gnbv_engine::line::{CommuneOrder, Rule};
use gnbv_engine::money::Dong;
use gnbv_engine::program::ProgramId;
use gnbv_engine::scenario::ScenarioError;
use leptos::prelude::*;

/// The rule of each line of a program, editable where it has parameters.
#[component]
pub(super) fn Rules(program: ProgramId) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let error = RwSignal::new(None::<String>);
    let rules = move || {
        let lang = lang.get();
        // An edit the scenario's checks refuse is shown here, naming the field.
        let refuse = move |result: Result<(), ScenarioError>| {
            if let Err(e) = result {
                error.set(Some(refusal_message(&e, lang)));
            }
        };
        planner.view.with(|h| {
            let s = h.as_ref();
            s.lines_of(&program)
                .map(|(i, line)| {
                    let source = s.source(&line.source).map(|x| x.name(lang).to_owned()).unwrap_or_default();
                    let program_unit_cost = s.program(&line.program).map_or(Dong::ZERO, |p| p.unit_cost);
                    let body = match &line.rule {
                        Rule::Criteria(c) => {
                            let weight = move |label: Msg, value: rust_decimal::Decimal, set: fn(&mut gnbv_engine::line::Criteria, rust_decimal::Decimal)| {
                                view! {
                                    <label class="field">
                                        <span>{t(lang, label)}</span>
                                        <input
                                            type="text"
                                            inputmode="decimal"
                                            prop:value=decimal(value, 1, lang)
                                            on:change=move |ev| {
                                                let text = event_target_value(&ev);
                                                match parse_decimal(&text, lang).filter(|w| *w >= rust_decimal::Decimal::ZERO && *w <= rust_decimal::Decimal::from(1_000_000)) {
                                                    Some(w) => {
                                                        error.set(None);
                                                        refuse(planner.edit(|s| {
                                                            if let Rule::Criteria(c) = &mut s.lines[i].rule {
                                                                set(c, w.round_dp(6));
                                                            }
                                                        }));
                                                    }
                                                    None => error.set(Some(format!("{}: “{text}”", t(lang, Msg::BadWeight)))),
                                                }
                                            }
                                        />
                                    </label>
                                }
                            };
                            let amount_field = move |label: Msg, value: Option<Dong>, set: fn(&mut gnbv_engine::line::Criteria, Option<Dong>)| {
                                let unit = c.rounding_unit.dong();
                                view! {
                                    <label class="field">
                                        <span>{t(lang, label)}</span>
                                        <input
                                            type="text"
                                            inputmode="decimal"
                                            prop:value=value.map(|v| money(v, lang)).unwrap_or_default()
                                            on:change=move |ev| {
                                                let text = event_target_value(&ev);
                                                let parsed = if text.trim().is_empty() { Ok(None) } else { Dong::parse(&text, lang).map(Some) };
                                                match parsed {
                                                    Ok(v) if v.is_none_or(|d| d.get() % unit == 0) => {
                                                        error.set(None);
                                                        refuse(planner.edit(|s| {
                                                            if let Rule::Criteria(c) = &mut s.lines[i].rule {
                                                                set(c, v);
                                                            }
                                                        }));
                                                    }
                                                    Ok(_) => error.set(Some(format!("{} {} ₫", t(lang, Msg::NotMultiple), group(unit.into(), lang)))),
                                                    Err(e) => error.set(Some(e.message(lang).to_owned())),
                                                }
                                            }
                                        />
                                    </label>
                                }
                            };
                            view! {
                                <div class="rule-fields">
                                    <span class="rule-kind">{t(lang, Msg::RuleCriteria)}</span>
                                    {weight(Msg::WeightPoor, c.weights.poor, |c, w| c.weights.poor = w)}
                                    {weight(Msg::WeightNearPoor, c.weights.near_poor, |c, w| c.weights.near_poor = w)}
                                    {weight(Msg::WeightEscaped, c.weights.escaped, |c, w| c.weights.escaped = w)}
                                    {weight(Msg::WeightBase, c.weights.base, |c, w| c.weights.base = w)}
                                    {amount_field(Msg::Floor, Some(c.floor), |c, v| c.floor = v.unwrap_or(Dong::ZERO))}
                                    {amount_field(Msg::Cap, c.cap, |c, v| c.cap = v)}
                                </div>
                            }
                            .into_any()
                        }
                        Rule::Demand(d) => {
                            let n = d.priority.len();
                            let groups = d
                                .priority
                                .iter()
                                .enumerate()
                                .map(|(k, g)| {
                                    let swap = move |a: usize, b: usize| {
                                        refuse(planner.edit(|s| {
                                            if let Rule::Demand(d) = &mut s.lines[i].rule {
                                                d.priority.swap(a, b);
                                            }
                                        }))
                                    };
                                    let name = g.label(lang);
                                    view! {
                                        <li>
                                            {name}
                                            " "
                                            <button type="button" class="small" disabled=k == 0 aria-label=format!("{}: {name}", t(lang, Msg::MoveUp)) on:click=move |_| swap(k - 1, k)>"↑"</button>
                                            <button type="button" class="small" disabled=k + 1 == n aria-label=format!("{}: {name}", t(lang, Msg::MoveDown)) on:click=move |_| swap(k, k + 1)>"↓"</button>
                                        </li>
                                    }
                                })
                                .collect_view();
                            let order = d.order;
                            let unit_cost = d.unit_cost;
                            view! {
                                <div class="rule-fields">
                                    <span class="rule-kind">{t(lang, Msg::RuleDemand)}</span>
                                    <div class="field">
                                        <span>{t(lang, Msg::Priority)}</span>
                                        <ol class="priority">{groups}</ol>
                                    </div>
                                    <label class="field">
                                        <span>{t(lang, Msg::CommuneOrder)}</span>
                                        <select on:change=move |ev| {
                                            let chosen = match event_target_value(&ev).as_str() {
                                                "poor" => CommuneOrder::PoorDesc,
                                                "code" => CommuneOrder::Code,
                                                _ => CommuneOrder::PovertyRateDesc,
                                            };
                                            refuse(planner.edit(|s| {
                                                if let Rule::Demand(d) = &mut s.lines[i].rule {
                                                    d.order = chosen;
                                                }
                                            }));
                                        }>
                                            <option value="rate" selected=order == CommuneOrder::PovertyRateDesc>{t(lang, Msg::OrderRate)}</option>
                                            <option value="poor" selected=order == CommuneOrder::PoorDesc>{t(lang, Msg::OrderPoor)}</option>
                                            <option value="code" selected=order == CommuneOrder::Code>{t(lang, Msg::OrderCode)}</option>
                                        </select>
                                    </label>
                                    <label class="field">
                                        <span>{t(lang, Msg::UnitCostPerUnit)}</span>
                                        <input
                                            type="text"
                                            inputmode="decimal"
                                            prop:value=money(unit_cost.unwrap_or(program_unit_cost), lang)
                                            on:change=move |ev| match Dong::parse(&event_target_value(&ev), lang) {
                                                Ok(cost) if cost > Dong::ZERO => {
                                                    error.set(None);
                                                    refuse(planner.edit(|s| {
                                                        if let Rule::Demand(d) = &mut s.lines[i].rule {
                                                            d.unit_cost = Some(cost);
                                                        }
                                                    }));
                                                }
                                                Ok(_) => error.set(Some(gnbv_engine::money::AmountError::Empty.message(lang).to_owned())),
                                                Err(e) => error.set(Some(e.message(lang).to_owned())),
                                            }
                                        />
                                    </label>
                                </div>
                            }
                            .into_any()
                        }
                        Rule::Entitlement => view! { <div class="rule-fields"><span class="rule-kind">{t(lang, Msg::RuleEntitlement)}</span></div> }.into_any(),
                        Rule::EntitlementShare(e) => {
                            let text = t_with(lang, Msg::RuleEntitlementShare, &[("share", &percent(e.share, lang))]);
                            view! { <div class="rule-fields"><span class="rule-kind">{text}</span></div> }.into_any()
                        }
                        Rule::ProvinceLevel => view! { <div class="rule-fields"><span class="rule-kind">{t(lang, Msg::RuleProvinceLevel)}</span></div> }.into_any(),
                        Rule::Planned(p) => {
                            let cost = p.unit_cost.unwrap_or(program_unit_cost);
                            let text = t_with(lang, Msg::RulePlanned, &[
                                ("units", &group(p.total_units().into(), lang)),
                                ("communes", &group(p.commune.len() as i128, lang)),
                                ("cost", &money(cost, lang)),
                            ]);
                            view! { <div class="rule-fields"><span class="rule-kind">{text}</span></div> }.into_any()
                        }
                    };
                    view! {
                        <div class="rule" data-line=i>
                            <strong>{source}</strong>
                            ": "
                            {money(line.amount, lang)}
                            " ₫"
                            {body}
                        </div>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="rules">
            {rules}
            <p class="field-error" role="alert">{move || error.get()}</p>
        </div>
    }
}
