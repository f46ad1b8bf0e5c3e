//! The Monitoring screen: the actuals (money disbursed and outputs by commune and line, a CSV
//! or .xlsx file checked by the engine, nothing used unless clean) against the year's plan —
//! by project and source, source, district and commune, the outputs, and the targets with
//! plan, projection and the actual a later household review file measures. Downloads: the
//! template, each table as CSV, the report as a workbook (from the export worker).

use crate::exporter::Exporter;
use crate::i18n::{t, t_with, Lang, Msg};
use crate::montecarlo::MonteCarlo;
use crate::protocol::{ExportJob, Imported, ReportRequest};
use crate::state::Planner;
use gnbv_engine::actuals::Problem;
use gnbv_engine::format::{group, percent};
use gnbv_engine::monitoring::{Measured, Report};
use leptos::prelude::*;
use std::sync::Arc;

/// The actuals and the later review's measures in use, kept while the app is open.
#[derive(Clone, Copy)]
pub struct Monitoring {
    /// The actuals file (name and CSV text), once it was read clean.
    pub actuals: RwSignal<Option<Imported>>,
    /// What a later review file measured.
    pub measured: RwSignal<Option<Measured>>,
}

impl Monitoring {
    /// None yet.
    #[must_use]
    pub fn new() -> Self {
        Self { actuals: RwSignal::new(None), measured: RwSignal::new(None) }
    }
}

impl Default for Monitoring {
    fn default() -> Self {
        Self::new()
    }
}

/// The first year's scenario and allocation of the planner's scenario.
fn first_year(planner: Planner) -> (gnbv_engine::scenario::Scenario, gnbv_engine::allocation::Allocation) {
    let first = planner.history.with(|h| h.current().first_year());
    let allocation = planner.dataset.with(|d| gnbv_engine::allocation::allocate(&first, d));
    (first, allocation)
}

/// The Monitoring screen.
#[component]
pub fn MonitoringScreen() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let mc = expect_context::<MonteCarlo>();
    let exporter = expect_context::<Exporter>();
    let monitoring = expect_context::<Monitoring>();
    let problems = RwSignal::new(None::<(String, Vec<Problem>)>);
    let review_problems = RwSignal::new(None::<(String, Vec<String>)>);
    let actuals_input = NodeRef::<leptos::html::Input>::new();
    let review_input = NodeRef::<leptos::html::Input>::new();
    let template = move |_| {
        let (first, allocation) = first_year(planner);
        let date = format!("{}-06-30", gnbv_engine::scenario::FIRST_YEAR);
        let text = planner
            .dataset
            .with_untracked(|d| gnbv_engine::actuals::template(&first, d, &allocation, &date, lang.get_untracked()));
        crate::files::download("mau-so-thuc-hien.csv", "text/csv;charset=utf-8", &text);
    };
    // Checks an actuals file's CSV text; keeps it only when clean.
    let check = move |file: String, text: String| {
        let (first, allocation) = first_year(planner);
        let read =
            planner.dataset.with_untracked(|d| gnbv_engine::actuals::parse(&text, &file, &first, d, &allocation));
        match read {
            Ok(_) => {
                problems.set(None);
                monitoring.actuals.set(Some(Imported { file, text }));
            }
            Err(p) => problems.set(Some((file, p))),
        }
    };
    let import = move |_| {
        let Some(input) = actuals_input.get_untracked() else { return };
        leptos::task::spawn_local(async move {
            let Some((file, bytes)) = crate::files::read_chosen_bytes(&input).await else { return };
            input.set_value("");
            if file.to_lowercase().ends_with(".xlsx") {
                exporter.read_xlsx(&bytes, move |result| match result {
                    Ok(text) => check(file.clone(), text),
                    Err(e) => problems.set(Some((
                        file.clone(),
                        vec![Problem { row: 0, column: "", kind: gnbv_engine::actuals::ProblemKind::Unreadable(e) }],
                    ))),
                });
            } else {
                check(file, String::from_utf8_lossy(&bytes).into_owned());
            }
        });
    };
    let import_review = move |_| {
        let Some(input) = review_input.get_untracked() else { return };
        leptos::task::spawn_local(async move {
            let Some((file, text)) = crate::files::read_chosen(&input).await else { return };
            input.set_value("");
            let standard = gnbv_engine::standard::PovertyStandard::qd59_2015();
            let dataset = planner.dataset.get_untracked();
            match gnbv_engine::households::Households::from_csv(&text, &dataset, &standard) {
                Ok(h) => {
                    let params = planner.history.with_untracked(|s| s.current().simulation.clone());
                    review_problems.set(None);
                    monitoring.measured.set(Some(Measured::of(&file, &dataset, &standard, &h, &params)));
                }
                Err(errors) => {
                    let lang = lang.get_untracked();
                    review_problems.set(Some((file, errors.iter().map(|e| e.message(lang)).collect())));
                }
            }
        });
    };
    // The report against the current plan (recomputed when the scenario, the files or the
    // projection change).
    let report = Memo::new(move |_| {
        let lang = lang.get();
        let actuals = monitoring.actuals.get()?;
        let (first, allocation) = first_year(planner);
        let dataset = planner.dataset.get();
        let parsed = gnbv_engine::actuals::parse(&actuals.text, &actuals.file, &first, &dataset, &allocation);
        let parsed = match parsed {
            Ok(a) => a,
            Err(p) => return Some(Err(p.iter().map(|p| p.located(lang)).collect::<Vec<_>>())),
        };
        let projection = mc.result.with(|r| {
            r.as_ref()
                .filter(|r| planner.history.with(|h| h.current() == r.scenario.as_ref()))
                .and_then(|r| r.projections.first().cloned())
        });
        let measured = monitoring.measured.get();
        Some(Ok(Arc::new(Report::new(
            &first,
            &dataset,
            &allocation,
            &parsed,
            (projection.as_deref(), measured.as_ref()),
            lang,
        ))))
    });
    let download_xlsx = move |_| {
        let Some(actuals) = monitoring.actuals.get_untracked() else { return };
        let scenario = planner.history.with_untracked(|h| h.current().clone());
        let projection = mc.result.with_untracked(|r| {
            r.as_ref().filter(|r| *r.scenario == scenario).and_then(|r| r.projections.first().map(|p| (**p).clone()))
        });
        let households = planner.households.get_untracked();
        let request = ReportRequest {
            scenario,
            communes: planner.import.get_untracked(),
            households: households.as_ref().map(|h| crate::protocol::HouseholdRef::of(&h.review)),
            actuals,
            projection,
            measured: monitoring.measured.get_untracked(),
            lang: lang.get_untracked(),
        };
        let bytes = households.as_ref().map(|h| h.bytes.as_slice());
        exporter.make(&ExportJob::Report(Box::new(request)), bytes, "bao-cao-giam-sat-gnbv.xlsx");
    };
    let problem_list = move || {
        problems.get().map(|(file, list)| {
            let lang = lang.get();
            let items = list.iter().take(100).map(|p| view! { <li>{p.located(lang)}</li> }).collect_view();
            view! {
                <div class="import-report" role="alert" id="actuals-problems">
                    <p>{t_with(lang, Msg::MonitoringProblems, &[("file", &file), ("count", &list.len().to_string())])}</p>
                    <ul>{items}</ul>
                </div>
            }
        })
    };
    let review_list = move || {
        review_problems.get().map(|(file, list)| {
            let lang = lang.get();
            let items = list.iter().take(100).map(|p| view! { <li>{p.clone()}</li> }).collect_view();
            view! {
                <div class="import-report" role="alert" id="review-problems">
                    <p>{t_with(lang, Msg::MonitoringReviewProblems, &[("file", &file)])}</p>
                    <ul>{items}</ul>
                </div>
            }
        })
    };
    let body = move || {
        let lang = lang.get();
        match report.get()? {
            Err(list) => {
                let items = list.iter().take(100).map(|p| view! { <li>{p.clone()}</li> }).collect_view();
                Some(view! { <div class="import-report" role="alert" id="actuals-stale"><p>{t(lang, Msg::MonitoringStale)}</p><ul>{items}</ul></div> }.into_any())
            }
            Ok(r) => Some(report_view(&r, lang, mc, exporter, download_xlsx).into_any()),
        }
    };
    view! {
        <section class="screen monitoring" aria-labelledby="monitoring-heading">
            <h2 id="monitoring-heading">{move || t(lang.get(), Msg::MonitoringHeading)}</h2>
            <p class="subheading">{move || t(lang.get(), Msg::MonitoringIntro)}</p>
            <p class="note">{move || t(lang.get(), Msg::MonitoringForm)}</p>
            <div class="actions">
                <button type="button" id="actuals-template" on:click=template>{move || t(lang.get(), Msg::MonitoringTemplate)}</button>
                <label class="file-button">
                    {move || t(lang.get(), Msg::MonitoringChoose)}
                    <input type="file" id="actuals-file" accept=".csv,.xlsx,text/csv" node_ref=actuals_input on:change=import />
                </label>
                <label class="file-button">
                    {move || t(lang.get(), Msg::MonitoringReview)}
                    <input type="file" id="review-file" accept=".csv,text/csv" node_ref=review_input on:change=import_review />
                </label>
                <Show when=move || monitoring.actuals.with(Option::is_some)>
                    <button type="button" id="actuals-remove" on:click=move |_| { monitoring.actuals.set(None); monitoring.measured.set(None); }>
                        {move || t(lang.get(), Msg::MonitoringRemove)}
                    </button>
                </Show>
            </div>
            {problem_list}
            {review_list}
            {move || exporter.failure.get().map(|why| view! { <p class="field-error" role="alert">{why}</p> })}
            {body}
        </section>
    }
}

/// A table of the report's strings, amounts (columns 3–5 of a progress table) grouped for
/// reading.
fn table(id: &'static str, caption: String, rows: &[Vec<String>], lang: Lang, amounts: bool) -> impl IntoView {
    let head = rows.first().map(|r| r.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view());
    let body = rows
        .iter()
        .skip(1)
        .map(|r| {
            let cells = r
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let number = amounts && (3..=5).contains(&i);
                    let text = match c.parse::<i64>() {
                        Ok(v) if number => group(v.into(), lang),
                        _ => c.clone(),
                    };
                    let class = if number || i == 6 { "num" } else { "" };
                    view! { <td class=class>{text}</td> }
                })
                .collect_view();
            let total = r.first().is_some_and(String::is_empty);
            view! { <tr class:total=total>{cells}</tr> }
        })
        .collect_view();
    let download_rows = rows.to_vec();
    let name = format!("{id}.csv");
    let label = caption.clone();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=label>
            <table id=id>
                <caption>{caption}</caption>
                <thead><tr>{head}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
        <button type="button" class="csv" on:click=move |_| crate::files::download(&name, "text/csv;charset=utf-8", &gnbv_engine::proposal::to_csv(&download_rows))>
            {t(lang, Msg::DownloadCsv)}
        </button>
    }
}

fn report_view(
    r: &Report,
    lang: Lang,
    mc: MonteCarlo,
    exporter: Exporter,
    download_xlsx: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    let tables = r.tables();
    let captions = [
        ("monitoring-programs", Msg::MonitoringByProgram, true),
        ("monitoring-sources", Msg::MonitoringBySource, true),
        ("monitoring-places", Msg::MonitoringByPlace, true),
        ("monitoring-outputs", Msg::MonitoringOutputs, false),
        ("monitoring-targets", Msg::MonitoringTargets, false),
    ];
    let views = tables
        .iter()
        .zip(captions)
        .map(|((_, rows), (id, msg, amounts))| table(id, t(lang, msg).to_owned(), rows, lang, amounts))
        .collect_view();
    let share = r.total.share().map(|s| percent(s, lang)).unwrap_or_default();
    let summary = format!(
        "{}: {} / {} ({share})",
        t(lang, Msg::MonitoringDisbursement),
        group(r.total.to_date.get().into(), lang),
        group(r.total.plan.get().into(), lang)
    );
    view! {
        <article class="report" id="monitoring-report">
            <h3>{r.title()}</h3>
            <p class="subheading" id="monitoring-subtitle">{r.subtitle()}</p>
            <p class="note">{r.data_note.clone()}</p>
            <p class="headline" id="monitoring-disbursed">{summary}</p>
            <Show when=move || mc.result.with(Option::is_none)>
                <p class="note" id="monitoring-no-projection">{t(lang, Msg::MonitoringNoProjection)}</p>
            </Show>
            <button type="button" id="monitoring-xlsx" on:click=download_xlsx disabled=move || exporter.busy.get()>{t(lang, Msg::MonitoringDownloadXlsx)}</button>
            {views}
        </article>
    }
}
