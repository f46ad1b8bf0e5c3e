//! The commune's household support plan on the Outcomes screen (kế hoạch hỗ trợ đến từng
//! hộ): pick a commune, see each poor, near-poor and newly escaped household with its
//! deprivations, causes, supports and helper; sort and filter; choose the helper (kept in the
//! scenario, never in links); download the plan as CSV or a printable workbook, or the whole
//! district's workbook. The plans come from a worker (`plans.rs`); the workbook from the export
//! worker.

use crate::exporter::Exporter;
use crate::i18n::{t, t_with, Lang, Msg};
use crate::plans::{HouseholdPlans, Purpose};
use crate::protocol::{ExportJob, PlanPlace, Plans};
use crate::state::Planner;
use gnbv_engine::format::group;
use gnbv_engine::household_plan::{CommunePlan, Organisation, PlannedHousehold};
use gnbv_engine::households::Cause;
use leptos::prelude::*;
use std::sync::Arc;

/// Columns that sort.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Id,
    Standing,
    Members,
    Income,
    Support,
    Loans,
}

/// The filters: a cause, a deprivation (bit), a support (program index), a helper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Filters {
    cause: Option<Cause>,
    deprivation: Option<u8>,
    support: Option<u16>,
    helper: Option<Organisation>,
}

impl Filters {
    fn keep(&self, h: &PlannedHousehold) -> bool {
        self.cause.is_none_or(|c| h.causes & c.bit() != 0)
            && self.deprivation.is_none_or(|d| h.deprivations & (1 << d) != 0)
            && self.support.is_none_or(|p| h.supports.iter().any(|s| s.program == p))
            && self.helper.is_none_or(|o| h.helper == o)
    }
}

/// The scenario without its helpers: choosing a helper does not make the plan stale.
fn without_helpers(s: &gnbv_engine::scenario::Scenario) -> gnbv_engine::scenario::Scenario {
    let mut s = s.clone();
    s.helpers.clear();
    s
}

/// A file name's place part: the commune's code.
fn file_name(plan: &CommunePlan, extension: &str) -> String {
    format!("ke-hoach-ho-{:05}.{extension}", plan.commune.0)
}

/// The household plan panel (type erased: it sits inside the Outcomes screen's view).
#[component]
pub fn HouseholdPlanPanel() -> AnyView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let plans = expect_context::<HouseholdPlans>();
    let exporter = expect_context::<Exporter>();
    let chosen = RwSignal::new(None::<u32>);
    // Sorting and filters outlive the plan's view, which is redrawn when a helper is chosen.
    let sort = RwSignal::new((None::<Column>, false));
    let filters = RwSignal::new(Filters::default());
    let open = move |_| {
        sort.set((None, false));
        filters.set(Filters::default());
        let code = chosen
            .get_untracked()
            .or_else(|| planner.dataset.with_untracked(|d| d.communes().first().map(|c| c.code.0)));
        if let Some(code) = code {
            chosen.set(Some(code));
            plans.ask(planner, PlanPlace::Commune(code), Purpose::Show, None);
        }
    };
    let district_workbook = move |_| {
        let Some(code) = chosen.get_untracked() else { return };
        let Some(district) =
            planner.dataset.with_untracked(|d| d.commune(gnbv_engine::dataset::CommuneCode(code)).map(|c| c.district))
        else {
            return;
        };
        let lang = lang.get_untracked();
        let name = format!("ke-hoach-ho-huyen-{:03}.xlsx", district.0);
        plans.ask(
            planner,
            PlanPlace::District(district.0),
            Purpose::Workbook,
            Some(Box::new(move |p: Plans| exporter.make(&ExportJob::Plans(Box::new(p), lang), None, &name))),
        );
    };
    let district_summary = move |_| {
        let Some(code) = chosen.get_untracked() else { return };
        let district =
            planner.dataset.with_untracked(|d| d.commune(gnbv_engine::dataset::CommuneCode(code)).map(|c| c.district));
        if let Some(district) = district {
            plans.ask(planner, PlanPlace::District(district.0), Purpose::Rollup, None);
        }
    };
    let options = move || {
        let lang = lang.get();
        planner.dataset.with(|d| {
            d.districts()
                .iter()
                .map(|district| {
                    let communes = d
                        .communes()
                        .iter()
                        .filter(|c| c.district == district.code)
                        .map(|c| {
                            let code = c.code.0;
                            view! { <option value=code.to_string() selected=move || chosen.get() == Some(code)>{format!("{:05} {}", code, c.full_name())}</option> }
                        })
                        .collect_view();
                    let label = district.full_name();
                    let _ = lang;
                    view! { <optgroup label=label>{communes}</optgroup> }
                })
                .collect_view()
        })
    };
    let status = move || match plans.busy.get() {
        Some(Purpose::Show) => t(lang.get(), Msg::PlanPreparing),
        Some(Purpose::Workbook | Purpose::Rollup) => t(lang.get(), Msg::PlanDistrictPreparing),
        None => "",
    };
    let stale = move || {
        plans.answer.with(|a| {
            a.as_ref()
                .is_some_and(|a| planner.history.with(|h| without_helpers(h.current()) != without_helpers(&a.scenario)))
        })
    };
    view! {
        <section class="household-plan" id="household-plan" aria-labelledby="household-plan-heading">
            <h3 id="household-plan-heading">{move || t(lang.get(), Msg::PlanHeading)}</h3>
            <p class="subheading">{move || t(lang.get(), Msg::PlanIntro)}</p>
            <div class="plan-picker">
                <label for="plan-commune">{move || t(lang.get(), Msg::PlanCommune)}</label>
                <select id="plan-commune" on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())>
                    <option value="" selected=move || chosen.get().is_none()>{move || t(lang.get(), Msg::PlanPickCommune)}</option>
                    {options}
                </select>
                <button type="button" id="plan-open" on:click=open disabled=move || plans.busy.get().is_some() || chosen.get().is_none()>
                    {move || t(lang.get(), Msg::PlanOpen)}
                </button>
                <button type="button" id="plan-district-xlsx" on:click=district_workbook disabled=move || plans.busy.get().is_some() || exporter.busy.get() || chosen.get().is_none()>
                    {move || t(lang.get(), Msg::PlanDistrictWorkbook)}
                </button>
                <button type="button" id="plan-district-summary" on:click=district_summary disabled=move || plans.busy.get().is_some() || chosen.get().is_none()>
                    {move || t(lang.get(), Msg::PlanDistrictSummary)}
                </button>
                <span class="sim-status" role="status" aria-live="polite" id="plan-status">{status}</span>
            </div>
            {move || plans.failure.get().map(|why| view! {
                <p class="field-error" role="alert" id="plan-error">{move || format!("{} {}", t(lang.get(), Msg::PlanFailed), why.message(lang.get()))}</p>
            })}
            {move || exporter.failure.get().map(|why| view! { <p class="field-error" role="alert">{why}</p> })}
            <Show when=stale>
                <p class="note" role="status" id="plan-stale">{move || t(lang.get(), Msg::PlanStale)}</p>
            </Show>
            {move || plans.rollup.get().map(|(r, _)| rollup_view(&r, lang.get()))}
            {move || plans.answer.get().and_then(|a| a.plans.plans.first().cloned().map(|p| plan_view(Arc::new(p), lang, (planner, plans, exporter), (sort, filters))))}
        </section>
    }
    .into_any()
}

type Sorting = RwSignal<(Option<Column>, bool)>;

fn plan_view(
    plan: Arc<CommunePlan>,
    lang: ReadSignal<Lang>,
    (planner, plans, exporter): (Planner, HouseholdPlans, Exporter),
    (sort, filters): (Sorting, RwSignal<Filters>),
) -> AnyView {
    let p = Arc::clone(&plan);
    let coverage = move || {
        let lang = lang.get();
        p.coverage_rows(lang)
            .into_iter()
            .map(|(label, n)| view! { <div><dt>{label}</dt><dd>{group(n.into(), lang)}</dd></div> })
            .collect_view()
    };
    let p = Arc::clone(&plan);
    let totals = move || {
        let lang = lang.get();
        let rows = p.totals_rows(lang, false);
        let head = rows[0].iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view();
        let body = rows[1..]
            .iter()
            .map(|r| {
                view! {
                    <tr>
                        <th scope="row" class="name">{r[0].clone()}</th>
                        <td>{r[1].clone()}</td>
                        <td class="num">{r[2].clone()}</td>
                        <td class="num">{r[3].clone()}</td>
                        <td class="num">{r[4].clone()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! { <thead><tr>{head}</tr></thead><tbody>{body}</tbody> }
    };
    // The rows shown, filtered and sorted.
    let p = Arc::clone(&plan);
    let shown = Memo::new(move |_| {
        let f = filters.get();
        let (column, descending) = sort.get();
        let mut rows: Vec<usize> = (0..p.households.len()).filter(|&i| f.keep(&p.households[i])).collect();
        if let Some(column) = column {
            rows.sort_by(|&a, &b| {
                let (x, y) = (&p.households[a], &p.households[b]);
                let order = match column {
                    Column::Id => x.id.cmp(&y.id),
                    Column::Standing => x.standing.cmp(&y.standing),
                    Column::Members => x.members.cmp(&y.members),
                    Column::Income => x.income.cmp(&y.income),
                    Column::Support => x.total().cmp(&y.total()),
                    Column::Loans => x.loans().cmp(&y.loans()),
                };
                let order = if descending { order.reverse() } else { order };
                order.then(a.cmp(&b))
            });
        }
        rows
    });
    let sort_by = move |column: Column| {
        sort.update(|(c, d)| {
            if *c == Some(column) {
                *d = !*d;
            } else {
                *c = Some(column);
                *d = false;
            }
        });
    };
    let aria_sort = move |column: Column| match sort.get() {
        (Some(c), false) if c == column => "ascending",
        (Some(c), true) if c == column => "descending",
        _ => "none",
    };
    let header = move |column: Column, msg: Msg| {
        view! {
            <th scope="col" aria-sort=move || aria_sort(column)>
                <button type="button" class="sort" data-column=format!("{column:?}") on:click=move |_| sort_by(column)>{move || t(lang.get(), msg)}</button>
            </th>
        }
    };
    let p = Arc::clone(&plan);
    let body = move || {
        let lang = lang.get();
        shown
            .get()
            .into_iter()
            .enumerate()
            .map(|(n, i)| {
                let h = &p.households[i];
                let cells = p.row(n, h, lang, false);
                let supports = h.supports.iter().map(|x| view! { <li>{p.support_text(x, lang)}</li> }).collect_view();
                let id = h.id.clone();
                let helper = h.helper;
                let choose = move |ev: leptos::ev::Event| {
                    let Some(o) = Organisation::from_key(&event_target_value(&ev)) else { return };
                    choose_helper(planner, plans, &id, o);
                };
                let organisations = Organisation::ALL
                    .iter()
                    .map(|o| view! { <option value=o.key() selected=*o == helper>{o.label(lang)}</option> })
                    .collect_view();
                view! {
                    <tr data-household=h.id.clone() class:chosen=h.helper_chosen>
                        <td class="num">{cells[0].clone()}</td>
                        <th scope="row" class="name">{cells[1].clone()}</th>
                        <td>{cells[2].clone()}</td>
                        <td class="num">{cells[3].clone()}</td>
                        <td class="num">{cells[4].clone()}</td>
                        <td class="list">{cells[5].clone()}</td>
                        <td class="list">{cells[6].clone()}</td>
                        <td class="list supports"><ul>{supports}</ul></td>
                        <td class="num">{cells[8].clone()}</td>
                        <td class="num">{cells[9].clone()}</td>
                        <td class="list">{cells[10].clone()}</td>
                        <td>
                            <select class="helper" aria-label=t_with(lang, Msg::PlanHelperFor, &[("id", &h.id)]) on:change=choose>{organisations}</select>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    let p = Arc::clone(&plan);
    let filter_bar = move || {
        let lang = lang.get();
        let f = filters.get_untracked();
        let causes = Cause::ALL
            .iter()
            .map(|c| view! { <option value=c.key() selected=f.cause == Some(*c)>{c.label(lang)}</option> })
            .collect_view();
        let deprivations = p
            .indicators
            .iter()
            .enumerate()
            .map(|(i, n)| view! { <option value=i.to_string() selected=f.deprivation == Some(i as u8)>{n.name(lang).to_owned()}</option> })
            .collect_view();
        let supports = p
            .programs
            .iter()
            .enumerate()
            .map(|(i, n)| view! { <option value=i.to_string() selected=f.support == Some(i as u16)>{n.name.name(lang).to_owned()}</option> })
            .collect_view();
        let helpers = Organisation::ALL
            .iter()
            .map(|o| view! { <option value=o.key() selected=f.helper == Some(*o)>{o.label(lang)}</option> })
            .collect_view();
        let all = t(lang, Msg::PlanFilterAll);
        view! {
            <div class="plan-filters" role="group" aria-label=t(lang, Msg::PlanFilters)>
                <label>{t(lang, Msg::PlanFilterCause)}
                    <select id="plan-filter-cause" on:change=move |ev| { let v = event_target_value(&ev); filters.update(|f| f.cause = Cause::ALL.into_iter().find(|c| c.key() == v)); }>
                        <option value="">{all}</option>{causes}
                    </select>
                </label>
                <label>{t(lang, Msg::PlanFilterDeprivation)}
                    <select id="plan-filter-deprivation" on:change=move |ev| filters.update(|f| f.deprivation = event_target_value(&ev).parse().ok())>
                        <option value="">{all}</option>{deprivations}
                    </select>
                </label>
                <label>{t(lang, Msg::PlanFilterSupport)}
                    <select id="plan-filter-support" on:change=move |ev| filters.update(|f| f.support = event_target_value(&ev).parse().ok())>
                        <option value="">{all}</option>{supports}
                    </select>
                </label>
                <label>{t(lang, Msg::PlanFilterHelper)}
                    <select id="plan-filter-helper" on:change=move |ev| filters.update(|f| f.helper = Organisation::from_key(&event_target_value(&ev)))>
                        <option value="">{all}</option>{helpers}
                    </select>
                </label>
            </div>
        }
    };
    let p = Arc::clone(&plan);
    let count = move || {
        let lang = lang.get();
        t_with(
            lang,
            Msg::PlanShown,
            &[("shown", &group(shown.with(Vec::len) as i128, lang)), ("all", &group(p.households.len() as i128, lang))],
        )
    };
    let p = Arc::clone(&plan);
    let csv = move |_| {
        let lang = lang.get_untracked();
        crate::files::download(&file_name(&p, "csv"), "text/csv;charset=utf-8", &p.csv(lang));
    };
    let p = Arc::clone(&plan);
    let xlsx = move |_| {
        let lang = lang.get_untracked();
        let one = Plans { place: PlanPlace::Commune(p.commune.0), plans: vec![(*p).clone()], rollup: None };
        exporter.make(&ExportJob::Plans(Box::new(one), lang), None, &file_name(&p, "xlsx"));
    };
    let (title, place, population, illustrative) =
        (plan.clone(), plan.clone(), plan.clone(), plan.population.illustrative());
    view! {
        <article class="plan" id="plan-result" data-commune=plan.commune.0.to_string()>
            <h4>{move || title.title(lang.get())}</h4>
            <p class="subheading">{move || place.place(lang.get())}</p>
            <p class=if illustrative { "illustrative-banner" } else { "note" } id="plan-population">{move || population.population.describe(lang.get())}</p>
            <div class="downloads">
                <button type="button" id="plan-csv" on:click=csv>{move || t(lang.get(), Msg::DownloadCsv)}</button>
                <button type="button" id="plan-xlsx" on:click=xlsx disabled=move || exporter.busy.get()>{move || t(lang.get(), Msg::PlanDownloadXlsx)}</button>
            </div>
            <dl class="plan-coverage" id="plan-coverage">{coverage}</dl>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="plan-supports-caption">
                <table id="plan-supports">
                    <caption id="plan-supports-caption">{move || t(lang.get(), Msg::PlanSupports)}</caption>
                    {totals}
                </table>
            </div>
            {filter_bar}
            <p role="status" id="plan-count">{count}</p>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="plan-households-caption">
                <table id="plan-households" class="plan-households">
                    <caption id="plan-households-caption">{move || t(lang.get(), Msg::PlanHouseholds)}</caption>
                    <thead>
                        <tr>
                            <th scope="col" class="num">{move || t(lang.get(), Msg::PlanNo)}</th>
                            {header(Column::Id, Msg::PlanHousehold)}
                            {header(Column::Standing, Msg::PlanStanding)}
                            {header(Column::Members, Msg::PlanMembers)}
                            {header(Column::Income, Msg::PlanIncome)}
                            <th scope="col">{move || t(lang.get(), Msg::PlanDeprivations)}</th>
                            <th scope="col">{move || t(lang.get(), Msg::PlanCauses)}</th>
                            <th scope="col">{move || t(lang.get(), Msg::PlanSupport)}</th>
                            {header(Column::Support, Msg::PlanSupportAmount)}
                            {header(Column::Loans, Msg::PlanLoans)}
                            <th scope="col">{move || t(lang.get(), Msg::PlanUnaddressed)}</th>
                            <th scope="col">{move || t(lang.get(), Msg::PlanHelper)}</th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </article>
    }
    .into_any()
}

/// Chooses `organisation` to help household `id`: one undo step in the scenario (kept in
/// files and the autosave, never in links), and the plan shown updated in place.
fn choose_helper(planner: Planner, plans: HouseholdPlans, id: &str, organisation: Organisation) {
    let default = plans.answer.with_untracked(|a| {
        a.as_ref().and_then(|a| {
            a.plans
                .plans
                .iter()
                .flat_map(|p| &p.households)
                .find(|h| h.id == id)
                .map(|h| Organisation::default_for(h.causes))
        })
    });
    let Some(default) = default else { return };
    let key = id.to_owned();
    let edited = planner.edit_whole(|s| {
        if organisation == default {
            s.helpers.remove(&key);
        } else {
            s.helpers.insert(key.clone(), organisation);
        }
    });
    if edited.is_err() {
        return;
    }
    plans.answer.update(|a| {
        if let Some(a) = a.as_mut() {
            let p = Arc::make_mut(&mut a.plans);
            for h in p.plans.iter_mut().flat_map(|p| p.households.iter_mut()).filter(|h| h.id == id) {
                h.helper = organisation;
                h.helper_chosen = organisation != default;
            }
        }
    });
}

/// A district's roll-up: a row per commune and the district's total.
fn rollup_view(r: &gnbv_engine::household_plan::DistrictRollup, lang: Lang) -> AnyView {
    let head = gnbv_engine::household_plan::rollup_headings(lang)
        .iter()
        .map(|h| view! { <th scope="col">{*h}</th> })
        .collect_view();
    let row = |name: String, c: &gnbv_engine::household_plan::Coverage, total: bool| {
        let counts = [c.households, c.poor, c.near_poor, c.deprived, c.all_addressed, c.cause_unmatched];
        let cells = counts.iter().map(|n| view! { <td class="num">{group((*n).into(), lang)}</td> }).collect_view();
        view! {
            <tr class:total=total>
                <th scope="row" class="name">{name}</th>
                {cells}
                <td class="num">{group(c.amount.get().into(), lang)}</td>
                <td class="num">{group(c.loans.get().into(), lang)}</td>
            </tr>
        }
    };
    let rows = r.communes.iter().map(|(code, name, c)| row(format!("{:05} {name}", code.0), c, false)).collect_view();
    let total = row(r.district_name.clone(), &r.total, true);
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="plan-rollup-caption">
            <table id="plan-rollup">
                <caption id="plan-rollup-caption">{t_with(lang, Msg::PlanRollup, &[("district", &r.district_name)])}</caption>
                <thead><tr>{head}</tr></thead>
                <tbody>{rows}{total}</tbody>
            </table>
        </div>
    }
    .into_any()
}
