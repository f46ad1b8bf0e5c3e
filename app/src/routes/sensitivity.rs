//! "Which assumption matters most?": the sensitivity view on the Outcomes screen. A tornado of
//! the fall of the province's poor rate with each uncertain parameter at its P10 and P90 (the
//! others at their values), a CSV of the whole table, and each target's strongest parameter.
//! Computed by the engine (`gnbv_engine::sensitivity`) in a worker (`tornado.rs`).

use crate::charts::DownloadCsv;
use crate::i18n::{t, t_with, Lang, Msg};
use crate::state::Planner;
use crate::tornado::Tornado;
use gnbv_engine::format::{decimal, percent};
use gnbv_engine::sensitivity::Sensitivity;
use leptos::prelude::*;
use rust_decimal::prelude::ToPrimitive;

/// The sensitivity panel (its view's type erased: it sits inside the Outcomes screen's, and a
/// nested concrete type costs the page's download).
#[component]
pub fn SensitivityPanel() -> AnyView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let tornado = expect_context::<Tornado>();
    let running = move || tornado.progress.get().is_some();
    let status = move || {
        let lang = lang.get();
        match tornado.progress.get() {
            Some((_, 0)) => t(lang, Msg::SensitivityPreparing).to_owned(),
            Some((done, total)) => {
                t_with(lang, Msg::SensitivityRunning, &[("done", &done.to_string()), ("total", &total.to_string())])
            }
            None => String::new(),
        }
    };
    let stale = move || {
        tornado.answer.with(|a| a.as_ref().is_some_and(|a| planner.history.with(|h| h.current() != &*a.scenario)))
    };
    let rows = Signal::derive(move || {
        let lang = lang.get();
        tornado.answer.with(|a| a.as_ref().map(|a| a.sensitivity.rows(lang)).unwrap_or_default())
    });
    view! {
        <section class="sensitivity" id="sensitivity" aria-labelledby="sensitivity-heading">
            <h3 id="sensitivity-heading">{move || t(lang.get(), Msg::SensitivityHeading)}</h3>
            <p class="subheading">{move || t(lang.get(), Msg::SensitivityIntro)}</p>
            <div class="simulation">
                <button type="button" id="sensitivity-run" on:click=move |_| tornado.ask(planner) disabled=running>
                    {move || t(lang.get(), Msg::SensitivityRun)}
                </button>
                <Show when=running>
                    <button type="button" id="sensitivity-cancel" on:click=move |_| tornado.cancel()>{move || t(lang.get(), Msg::Cancel)}</button>
                </Show>
                <span class="sim-status" role="status" aria-live="polite" id="sensitivity-progress">{status}</span>
            </div>
            {move || tornado.failure.get().map(|reason| view! {
                <p class="field-error" role="alert">{move || format!("{} {}", t(lang.get(), Msg::SensitivityFailed), reason.message(lang.get()))}</p>
            })}
            <Show when=stale>
                <p class="note" role="status" id="sensitivity-stale">{move || t(lang.get(), Msg::SensitivityStale)}</p>
            </Show>
            {move || tornado.answer.get().map(|a| {
                let s = a.sensitivity;
                view! {
                    <figure class="chart tornado" id="sensitivity-result">
                        <figcaption>{move || t(lang.get(), Msg::SensitivityChartTitle)}</figcaption>
                        {chart(&s, lang)}
                        <DownloadCsv filename="gnbv-sensitivity.csv" rows />
                    </figure>
                    {drivers(&s, lang)}
                }
            })}
        </section>
    }
    .into_any()
}

/// The tornado as SVG: a bar per parameter from the fall at its P10 to the fall at its P90,
/// widest first, against the fall with every parameter at its value.
fn chart(s: &Sensitivity, lang: ReadSignal<Lang>) -> impl IntoView {
    const W: f64 = 960.0;
    const LEFT: f64 = 470.0;
    const ROW: f64 = 26.0;
    let n = s.swings.len();
    let h = 40.0 + ROW * n as f64 + 30.0;
    let f = |d: rust_decimal::Decimal| d.to_f64().unwrap_or(0.0);
    let values = s.swings.iter().flat_map(|w| [f(w.low.reduction), f(w.high.reduction)]).chain([f(s.centre.reduction)]);
    let (mut lo, mut hi) = values.fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(v), b.max(v)));
    if lo > hi {
        (lo, hi) = (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.1).max(0.02);
    let (lo, hi) = (lo - pad, hi + pad);
    let x = move |v: f64| LEFT + (v - lo) / (hi - lo) * (W - LEFT - 60.0);
    let s = s.clone();
    let svg = move || {
        let lang = lang.get();
        let centre = f(s.centre.reduction);
        let bars = s
            .swings
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let y = 40.0 + ROW * i as f64;
                let (a, b) = (f(w.low.reduction), f(w.high.reduction));
                let (x0, x1) = (x(a.min(b)), x(a.max(b)));
                let p = &w.parameter;
                view! {
                    <g class="swing" data-parameter=p.id.clone()>
                        <title>{format!("{}: {} → {}", p.summary(lang), decimal(w.low.reduction, 2, lang), decimal(w.high.reduction, 2, lang))}</title>
                        <text x=LEFT - 8.0 y=y + 15.0 text-anchor="end" class="label">{short(&p.label(lang))}</text>
                        <rect x=x0 y=y + 4.0 width=(x1 - x0).max(1.5) height=ROW - 8.0 class="interval" />
                        <text x=x0 - 4.0 y=y + 15.0 text-anchor="end" class="axis">{decimal(if a <= b { w.low.reduction } else { w.high.reduction }, 2, lang)}</text>
                        <text x=x1 + 4.0 y=y + 15.0 class="axis">{decimal(if a <= b { w.high.reduction } else { w.low.reduction }, 2, lang)}</text>
                    </g>
                }
            })
            .collect_view();
        let points = decimal(s.centre.reduction, 2, lang);
        view! {
            <line x1=x(centre) x2=x(centre) y1=30 y2=h - 26.0 class="median" />
            <text x=x(centre) y=22 text-anchor="middle" class="label">{t_with(lang, Msg::SensitivityCentre, &[("points", &points)])}</text>
            {bars}
            <line x1=LEFT x2=W - 60.0 y1=h - 26.0 y2=h - 26.0 class="axis-line" />
            <text x=(LEFT + W - 60.0) / 2.0 y=h - 6.0 text-anchor="middle" class="axis">{t(lang, Msg::FallPoints)}</text>
        }
    };
    view! {
        <svg viewBox=format!("0 0 {W} {h}") role="img" aria-labelledby="tornado-title tornado-desc">
            <title id="tornado-title">{move || t(lang.get(), Msg::SensitivityChartTitle)}</title>
            <desc id="tornado-desc">{move || t(lang.get(), Msg::SensitivityChartDesc)}</desc>
            {svg}
        </svg>
    }
}

/// A parameter's name as the chart's row label: at most 62 characters (the whole name is in the
/// row's tooltip and the CSV).
fn short(label: &str) -> String {
    const MAX: usize = 62;
    if label.chars().count() <= MAX {
        label.to_owned()
    } else {
        format!("{}…", label.chars().take(MAX - 1).collect::<String>().trim_end())
    }
}

/// Each target's strongest parameter, with the target's probability at that parameter's P10
/// and P90.
fn drivers(s: &Sensitivity, lang: ReadSignal<Lang>) -> impl IntoView {
    let s = s.clone();
    let rows = move || {
        let lang = lang.get();
        s.centre
            .targets
            .iter()
            .enumerate()
            .map(|(k, target)| {
                let (name, probabilities) = match s.driver_of(k) {
                    Some(w) => {
                        let at = |o: &gnbv_engine::sensitivity::Outcome| {
                            o.targets.get(k).map_or_else(String::new, |t| percent(t.probability, lang))
                        };
                        (w.parameter.label(lang), format!("{} → {}", at(&w.low), at(&w.high)))
                    }
                    None => (t(lang, Msg::SensitivityNoDriver).to_owned(), "—".to_owned()),
                };
                view! {
                    <tr data-target=format!("{:?}", target.id)>
                        <th scope="row" class="name">{target.id.name(lang)}</th>
                        <td>{name}</td>
                        <td class="num">{probabilities}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="drivers-caption">
            <table class="drivers" id="sensitivity-drivers">
                <caption id="drivers-caption">{move || t(lang.get(), Msg::SensitivityDrivers)}</caption>
                <thead>
                    <tr>
                        <th scope="col" class="name">{move || t(lang.get(), Msg::Target)}</th>
                        <th scope="col">{move || t(lang.get(), Msg::Parameter)}</th>
                        <th scope="col" class="num">{move || t(lang.get(), Msg::ProbabilityAt)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
