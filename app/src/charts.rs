//! Charts as SVG: responsive (a `viewBox` scaled to the width), labelled for screen readers
//! (`role="img"`, a title and a description), colour never the only signal, and each with a
//! "download data as CSV" action. They draw numbers the engine computed; nothing is derived
//! here but positions.

use crate::i18n::{t, t_with, Lang, Msg};
use gnbv_engine::format::{band, percent};
use gnbv_engine::money::Dong;
use leptos::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// A button that downloads `rows` (the first is the header) as a UTF-8 CSV file with a byte
/// order mark, so that Excel shows Vietnamese correctly; a last row names the population the
/// figures describe.
#[component]
pub fn DownloadCsv(filename: &'static str, rows: Signal<Vec<Vec<String>>>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<crate::state::Planner>();
    let download = move |_| {
        let lang = lang.get_untracked();
        let mut rows = rows.get_untracked();
        let population = planner.dataset.with_untracked(|d| d.population().describe(lang));
        rows.push(Vec::new());
        rows.push(vec![format!("{} {population}", t(lang, Msg::PopulationLabel))]);
        let text = gnbv_engine::proposal::to_csv(&rows);
        crate::files::download(filename, "text/csv;charset=utf-8", &text);
    };
    view! {
        <button type="button" class="csv" on:click=download>
            {move || t(lang.get(), Msg::DownloadCsv)}
        </button>
    }
}

fn f(x: Decimal) -> f64 {
    x.to_f64().unwrap_or(0.0)
}

/// One node or link of the fund-flow chart, in screen units.
struct Band {
    y: f64,
    h: f64,
}

/// Height below which a source or program is grouped with the other small ones, so that every
/// node of the chart is tall enough for its label.
const MIN_NODE: f64 = 14.0;

/// Sums flows by (from, to), in first-appearance order.
fn merge(flows: impl Iterator<Item = (String, String, Dong)>) -> Vec<(String, String, Dong)> {
    let mut out: Vec<(String, String, Dong)> = Vec::new();
    for (from, to, amount) in flows {
        match out.iter_mut().find(|x| x.0 == from && x.1 == to) {
            Some(x) => x.2 += amount,
            None => out.push((from, to, amount)),
        }
    }
    out
}

/// Fund flows: sources → programs → districts, bands as wide as the money. Credit (lent, to be
/// repaid) is drawn apart from budget and other grants; sources and programs too small for a
/// label are grouped ("other grants (3)", "other credit (2)", "other programs (4)").
#[component]
pub fn FundFlowChart(
    /// (source name, program name, amount, whether the source lends).
    source_to_program: Signal<Vec<(String, String, Dong, bool)>>,
    /// (program name, district name, amount).
    program_to_district: Signal<Vec<(String, String, Dong)>>,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    const W: f64 = 960.0;
    const H: f64 = 520.0;
    const NODE: f64 = 10.0;
    const GAP: f64 = 4.0;
    let svg = move || {
        let lang = lang.get();
        let raw = source_to_program.get();
        let total: f64 = raw.iter().map(|x| x.2.get() as f64).sum::<f64>().max(1.0);
        // Group what would be drawn shorter than MIN_NODE.
        let small = MIN_NODE * total / H;
        let sum_of = |pick: &dyn Fn(&(String, String, Dong, bool)) -> bool| -> f64 {
            raw.iter().filter(|x| pick(x)).map(|x| x.2.get() as f64).sum()
        };
        let count = |names: Vec<&String>| {
            let mut v = names;
            v.sort();
            v.dedup();
            v.len()
        };
        let small_sources = |credit: bool| {
            count(raw.iter().filter(|x| x.3 == credit && sum_of(&|y| y.0 == x.0) < small).map(|x| &x.0).collect())
        };
        let small_programs = count(raw.iter().filter(|x| sum_of(&|y| y.1 == x.1) < small).map(|x| &x.1).collect());
        let other = |credit: bool| {
            let n = small_sources(credit).to_string();
            t_with(lang, if credit { Msg::FlowOtherCredit } else { Msg::FlowOtherGrants }, &[("n", &n)])
        };
        let other_programs = t_with(lang, Msg::FlowOtherPrograms, &[("n", &small_programs.to_string())]);
        let credit_names: Vec<String> = raw.iter().filter(|x| x.3).map(|x| x.0.clone()).collect();
        let group_source = |x: &(String, String, Dong, bool)| -> String {
            if small_sources(x.3) > 1 && sum_of(&|y| y.0 == x.0) < small {
                other(x.3)
            } else {
                x.0.clone()
            }
        };
        let group_program = |p: &String| -> String {
            if small_programs > 1 && sum_of(&|y| &y.1 == p) < small {
                other_programs.clone()
            } else {
                p.clone()
            }
        };
        let a = merge(raw.iter().map(|x| (group_source(x), group_program(&x.1), x.2)));
        let is_credit = |name: &str| {
            credit_names.iter().any(|c| c == name) || name == other(true).as_str() && small_sources(true) > 1
        };
        let b = merge(program_to_district.get().into_iter().map(|(p, d, amount)| (group_program(&p), d, amount)));
        // Node order: first appearance.
        let mut names: [Vec<String>; 3] = [Vec::new(), Vec::new(), Vec::new()];
        for (s, p, _) in &a {
            if !names[0].contains(s) {
                names[0].push(s.clone());
            }
            if !names[1].contains(p) {
                names[1].push(p.clone());
            }
        }
        for (_, d, _) in &b {
            if !names[2].contains(d) {
                names[2].push(d.clone());
            }
        }
        let value = |col: usize, name: &str| -> f64 {
            match col {
                0 => a.iter().filter(|x| x.0 == name).map(|x| x.2.get() as f64).sum(),
                1 => a.iter().filter(|x| x.1 == name).map(|x| x.2.get() as f64).sum(),
                _ => b.iter().filter(|x| x.1 == name).map(|x| x.2.get() as f64).sum(),
            }
        };
        let layout = |col: usize| -> Vec<(String, Band)> {
            let n = names[col].len().max(1) as f64;
            let scale = (H - GAP * (n - 1.0)) / total;
            let mut y = 0.0;
            names[col]
                .iter()
                .map(|name| {
                    // Every node tall enough for its label (a single small one is not grouped).
                    let h = (value(col, name) * scale).max(MIN_NODE);
                    let band = Band { y, h };
                    y += h + GAP;
                    (name.clone(), band)
                })
                .collect()
        };
        let cols = [layout(0), layout(1), layout(2)];
        let xs = [300.0, 560.0, 800.0];
        let scale = {
            let n = names[0].len().max(1) as f64;
            (H - GAP * (n - 1.0)) / total
        };
        // Links: stack each node's outgoing and incoming bands in order.
        let mut out_off = vec![0.0; names[0].len()];
        let mut in_off = vec![0.0; names[1].len()];
        let mut out2 = vec![0.0; names[1].len()];
        let mut in2 = vec![0.0; names[2].len()];
        let mut paths = Vec::new();
        let mut link = |x0: f64, y0: f64, x1: f64, y1: f64, h: f64, class: &'static str, title: String| {
            let mid = (x0 + x1) / 2.0;
            let d = format!(
                "M{x0},{y0} C{mid},{y0} {mid},{y1} {x1},{y1} L{x1},{} C{mid},{} {mid},{} {x0},{} Z",
                y1 + h,
                y1 + h,
                y0 + h,
                y0 + h
            );
            paths.push(view! { <path d=d class=class><title>{title}</title></path> });
        };
        for (s, p, amount) in &a {
            let (Some(i), Some(j)) = (names[0].iter().position(|n| n == s), names[1].iter().position(|n| n == p))
            else {
                continue;
            };
            let h = (amount.get() as f64 * scale).max(0.5);
            let y0 = cols[0][i].1.y + out_off[i];
            let y1 = cols[1][j].1.y + in_off[j];
            out_off[i] += h;
            in_off[j] += h;
            let class = if is_credit(s) { "flow credit" } else { "flow" };
            link(xs[0] + NODE, y0, xs[1], y1, h, class, format!("{s} → {p}: {}", amount.format_short(lang)));
        }
        for (p, d, amount) in &b {
            let (Some(i), Some(j)) = (names[1].iter().position(|n| n == p), names[2].iter().position(|n| n == d))
            else {
                continue;
            };
            let h = (amount.get() as f64 * scale).max(0.5);
            let y0 = cols[1][i].1.y + out2[i];
            let y1 = cols[2][j].1.y + in2[j];
            out2[i] += h;
            in2[j] += h;
            link(xs[1] + NODE, y0, xs[2], y1, h, "flow flow2", format!("{p} → {d}: {}", amount.format_short(lang)));
        }
        let nodes = cols
            .iter()
            .enumerate()
            .flat_map(|(c, col)| {
                col.iter().map(move |(name, band)| {
                    let (x, anchor, tx) = match c {
                        0 => (xs[0], "end", xs[0] - 6.0),
                        1 => (xs[1], "start", xs[1] + NODE + 4.0),
                        _ => (xs[2], "start", xs[2] + NODE + 6.0),
                    };
                    // Programs are named "Dự án 3a: …": the short part is enough beside the node.
                    let short = if c == 1 { name.split(':').next().unwrap_or(name) } else { name.as_str() };
                    let label = short.chars().take(46).collect::<String>();
                    let class = if c == 0 && is_credit(name) { "node credit" } else { "node" };
                    view! {
                        <g>
                            <rect x=x y=band.y width=NODE height=band.h class=class />
                            <text x=tx y=band.y + band.h / 2.0 + 4.0 text-anchor=anchor class="label">{label}</text>
                        </g>
                    }
                })
            })
            .collect_view();
        view! { <g>{paths}</g> <g>{nodes}</g> }
    };
    let rows = Signal::derive(move || {
        let lang = lang.get();
        let mut rows =
            vec![vec![t(lang, Msg::From).to_owned(), t(lang, Msg::To).to_owned(), t(lang, Msg::AmountDong).to_owned()]];
        for (s, p, a, _) in source_to_program.get() {
            rows.push(vec![s, p, a.get().to_string()]);
        }
        for (p, d, a) in program_to_district.get() {
            rows.push(vec![p, d, a.get().to_string()]);
        }
        rows
    });
    view! {
        <figure class="chart">
            <figcaption>{move || t(lang.get(), Msg::FundFlowTitle)}</figcaption>
            <svg viewBox=format!("0 -4 {W} {}", H + 8.0 + 4.0 * MIN_NODE) role="img" aria-labelledby="flow-title flow-desc" preserveAspectRatio="xMidYMid meet">
                <title id="flow-title">{move || t(lang.get(), Msg::FundFlowTitle)}</title>
                <desc id="flow-desc">{move || t(lang.get(), Msg::FundFlowDesc)}</desc>
                {svg}
            </svg>
            <p class="legend flow-legend">
                <span class="swatch grant"></span>{move || t(lang.get(), Msg::FlowLegendBudget)}
                <span class="swatch credit"></span>{move || t(lang.get(), Msg::FlowLegendCredit)}
            </p>
            <DownloadCsv filename="gnbv-fund-flows.csv" rows />
        </figure>
    }
}

/// The province's poverty rate: the baseline, and the projected end of year with its P10–P90
/// interval, against the plan's target (baseline − 0.5 points).
#[component]
pub fn RateIntervalChart(
    baseline: Signal<Decimal>,
    end: Signal<Option<(Decimal, Decimal, Decimal)>>,
    year: Signal<u16>,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    const W: f64 = 640.0;
    const H: f64 = 220.0;
    let svg = move || {
        let lang = lang.get();
        let baseline = baseline.get();
        let target = gnbv_engine::projection::target_rate(baseline);
        // The axis spans the figures shown (plus a margin), not zero to the top: the interval
        // may be a few hundredths of a point wide. Ticks are labelled, so nothing is hidden.
        let lows = end.get().map_or(f(target), |(p10, _, _)| f(p10).min(f(target)));
        let highs = end.get().map_or(f(baseline), |(_, _, p90)| f(p90).max(f(baseline)));
        let (lo, hi) = (lows - 0.002, highs + 0.002);
        let y = move |r: f64| H - 30.0 - (r - lo) / (hi - lo) * (H - 50.0);
        let target_y = y(f(target));
        let ticks = (0..=4)
            .map(|k| {
                let r = lo + (hi - lo) * f64::from(k) / 4.0;
                let label = percent(Decimal::from_f64_retain(r).unwrap_or_default().round_dp(4), lang);
                view! {
                    <line x1=56 x2=60 y1=y(r) y2=y(r) class="axis-line" />
                    <text x=52 y=y(r) + 4.0 text-anchor="end" class="axis">{label}</text>
                }
            })
            .collect_view();
        let base = view! {
            {ticks}
            <line x1=60 x2=W - 20.0 y1=target_y y2=target_y class="target-line" />
            <text x=66 y=target_y - 6.0 class="label">{format!("{} {}", t(lang, Msg::TargetLine), percent(target, lang))}</text>
            <circle cx=170 cy=y(f(baseline)) r=7 class="point" />
            <text x=182 y=y(f(baseline)) + 4.0 class="label">{percent(baseline, lang)}</text>
            <text x=170 y=H - 8.0 text-anchor="middle" class="axis">{
                let year = year.get();
                if year > gnbv_engine::scenario::FIRST_YEAR {
                    t_with(lang, Msg::StartOfYear, &[("year", &year.to_string())])
                } else {
                    t(lang, Msg::Baseline).to_owned()
                }
            }</text>
            <text x=450 y=H - 8.0 text-anchor="middle" class="axis">{t_with(lang, Msg::Projected, &[("year", &year.get().to_string())])}</text>
            <line x1=60 x2=60 y1=10 y2=H - 30.0 class="axis-line" />
            <line x1=60 x2=W - 20.0 y1=H - 30.0 y2=H - 30.0 class="axis-line" />
        };
        let interval = end.get().map(|(p10, p50, p90)| {
            view! {
                <rect x=420 y=y(f(p90)) width=60 height=(y(f(p10)) - y(f(p90))).max(2.0) class="interval" />
                <line x1=410 x2=490 y1=y(f(p50)) y2=y(f(p50)) class="median" />
                <text x=500 y=y(f(p50)) + 4.0 class="label">{band(p50, p10, p90, |v| percent(v, lang))}</text>
            }
        });
        view! { {base} {interval} }
    };
    let rows = Signal::derive(move || {
        let lang = lang.get();
        let baseline = baseline.get();
        let target = gnbv_engine::projection::target_rate(baseline);
        let mut rows = vec![vec![t(lang, Msg::Figure).to_owned(), t(lang, Msg::Value).to_owned()]];
        let start = match year.get() {
            y if y > gnbv_engine::scenario::FIRST_YEAR => t_with(lang, Msg::StartOfYear, &[("year", &y.to_string())]),
            _ => t(lang, Msg::Baseline).to_owned(),
        };
        rows.push(vec![start, baseline.to_string()]);
        rows.push(vec![t(lang, Msg::TargetLine).to_owned(), target.to_string()]);
        if let Some((p10, p50, p90)) = end.get() {
            rows.push(vec!["P10".into(), p10.to_string()]);
            rows.push(vec!["P50".into(), p50.to_string()]);
            rows.push(vec!["P90".into(), p90.to_string()]);
        }
        rows
    });
    view! {
        <figure class="chart small">
            <figcaption>{move || t(lang.get(), Msg::RateChartTitle)}</figcaption>
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-labelledby="rate-title rate-desc">
                <title id="rate-title">{move || t(lang.get(), Msg::RateChartTitle)}</title>
                <desc id="rate-desc">{move || t(lang.get(), Msg::RateChartDesc)}</desc>
                {svg}
            </svg>
            <DownloadCsv filename="gnbv-province-rate.csv" rows />
        </figure>
    }
}

/// Per district: the poverty rate at the start, and projected at the end with a P10–P90
/// whisker.
#[component]
pub fn DistrictBars(
    /// (district name, rate at the start, (P10, P50, P90) at the end).
    rows: Signal<Vec<(String, Decimal, (Decimal, Decimal, Decimal))>>,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    const W: f64 = 960.0;
    const ROW: f64 = 34.0;
    let svg = move || {
        let lang = lang.get();
        let data = rows.get();
        let max = data.iter().map(|r| f(r.1).max(f(r.2 .2))).fold(0.0, f64::max).max(0.0001) * 1.1;
        let x = |r: f64| 230.0 + r / max * (W - 330.0);
        data.iter()
            .enumerate()
            .map(|(i, (name, before, (p10, p50, p90)))| {
                let y = 10.0 + i as f64 * ROW;
                view! {
                    <g>
                        <text x=220 y=y + 18.0 text-anchor="end" class="label">{name.clone()}</text>
                        <rect x=230 y=y + 4.0 width=(x(f(*before)) - 230.0).max(1.0) height=10 class="before"><title>{format!("{}: {}", t(lang, Msg::PoorRateBefore), percent(*before, lang))}</title></rect>
                        <rect x=230 y=y + 16.0 width=(x(f(*p50)) - 230.0).max(1.0) height=10 class="after"><title>{format!("{}: {}", t(lang, Msg::PoorRateAfter), percent(*p50, lang))}</title></rect>
                        <line x1=x(f(*p10)) x2=x(f(*p90)) y1=y + 21.0 y2=y + 21.0 class="whisker" />
                        <line x1=x(f(*p10)) x2=x(f(*p10)) y1=y + 16.0 y2=y + 26.0 class="whisker" />
                        <line x1=x(f(*p90)) x2=x(f(*p90)) y1=y + 16.0 y2=y + 26.0 class="whisker" />
                        <text x=x(f(*p90)) + 6.0 y=y + 25.0 class="value">{percent(*p50, lang)}</text>
                    </g>
                }
            })
            .collect_view()
    };
    let height = move || 20.0 + rows.with(Vec::len) as f64 * ROW;
    let csv = Signal::derive(move || {
        let lang = lang.get();
        let mut out = vec![vec![
            t(lang, Msg::Unit).to_owned(),
            t(lang, Msg::PoorRateBefore).to_owned(),
            "P10".into(),
            "P50".into(),
            "P90".into(),
        ]];
        for (name, before, (p10, p50, p90)) in rows.get() {
            out.push(vec![name, before.round_dp(6).to_string(), p10.to_string(), p50.to_string(), p90.to_string()]);
        }
        out
    });
    view! {
        <figure class="chart">
            <figcaption>{move || t(lang.get(), Msg::DistrictChartTitle)}</figcaption>
            <svg viewBox=move || format!("0 0 {W} {}", height()) role="img" aria-labelledby="district-chart-title district-chart-desc">
                <title id="district-chart-title">{move || t(lang.get(), Msg::DistrictChartTitle)}</title>
                <desc id="district-chart-desc">{move || t(lang.get(), Msg::DistrictChartDesc)}</desc>
                {svg}
            </svg>
            <p class="legend">
                <span class="swatch before"></span>{move || t(lang.get(), Msg::PoorRateBefore)}
                <span class="swatch after"></span>{move || t(lang.get(), Msg::PoorRateAfter)}
                " (P10–P90)"
            </p>
            <DownloadCsv filename="gnbv-districts.csv" rows=csv />
        </figure>
    }
}

/// Every commune as a square, by district, shaded by its projected poverty rate; xã of the
/// new-rural target above the criterion are also crossed (colour is never the only signal).
#[component]
pub fn CommuneGrid(
    /// Per district: its name and its communes (name, median rate, counted in the target,
    /// misses the criterion).
    districts: Signal<Vec<(String, Vec<(String, Decimal, bool, bool)>)>>,
    /// The criterion's threshold (a ratio).
    threshold: Signal<Decimal>,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    const CELL: f64 = 18.0;
    const LEFT: f64 = 170.0;
    let svg = move || {
        let lang = lang.get();
        let thr = f(threshold.get()).max(0.0001);
        districts
            .get()
            .into_iter()
            .enumerate()
            .map(|(row, (name, communes))| {
                let y = 8.0 + row as f64 * (CELL + 10.0);
                let squares = communes
                    .into_iter()
                    .enumerate()
                    .map(|(i, (commune, rate, ntm, misses))| {
                        let x = LEFT + i as f64 * (CELL + 2.0);
                        // Five shades relative to the threshold.
                        let shade = ((f(rate) / thr) * 2.5).floor().clamp(0.0, 4.0) as u8;
                        let title = format!("{commune}: {}{}", percent(rate, lang), if misses { format!(" — {}", t(lang, Msg::MissesNewRural)) } else { String::new() });
                        view! {
                            <g>
                                <rect x=x y=y width=CELL height=CELL class=format!("shade{shade}") class:ntm=ntm><title>{title}</title></rect>
                                {misses.then(|| view! {
                                    <path d=format!("M{},{} L{},{} M{},{} L{},{}", x + 4.0, y + 4.0, x + CELL - 4.0, y + CELL - 4.0, x + CELL - 4.0, y + 4.0, x + 4.0, y + CELL - 4.0) class="cross" />
                                })}
                            </g>
                        }
                    })
                    .collect_view();
                view! {
                    <g>
                        <text x=LEFT - 8.0 y=y + CELL - 4.0 text-anchor="end" class="label">{name}</text>
                        {squares}
                    </g>
                }
            })
            .collect_view()
    };
    let height = move || 16.0 + districts.with(Vec::len) as f64 * (CELL + 10.0);
    let csv = Signal::derive(move || {
        let lang = lang.get();
        let mut out = vec![vec![
            t(lang, Msg::Unit).to_owned(),
            t(lang, Msg::PoorRateAfter).to_owned(),
            t(lang, Msg::NewRuralFlag).to_owned(),
            t(lang, Msg::MissesNewRural).to_owned(),
        ]];
        for (_, communes) in districts.get() {
            for (name, rate, ntm, misses) in communes {
                out.push(vec![name, rate.to_string(), u8::from(ntm).to_string(), u8::from(misses).to_string()]);
            }
        }
        out
    });
    view! {
        <figure class="chart">
            <figcaption>{move || t(lang.get(), Msg::GridTitle)}</figcaption>
            <div class="chart-scroll">
                <svg viewBox=move || format!("0 0 1160 {}", height()) role="img" aria-labelledby="grid-title grid-desc" class="grid">
                    <title id="grid-title">{move || t(lang.get(), Msg::GridTitle)}</title>
                    <desc id="grid-desc">{move || t(lang.get(), Msg::GridDesc)}</desc>
                    {svg}
                </svg>
            </div>
            <p class="legend">
                {move || t(lang.get(), Msg::GridLegend)}
                <span class="swatch shade0"></span><span class="swatch shade2"></span><span class="swatch shade4"></span>
                " ✕ " {move || t(lang.get(), Msg::MissesNewRural)}
            </p>
            <DownloadCsv filename="gnbv-communes.csv" rows=csv />
        </figure>
    }
}
