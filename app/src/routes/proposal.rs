//! The Proposal screen (dự toán): the budget proposal as the forms show it (header block,
//! the summary by project and funding source, the allocation by district, the targets with
//! their projection, the assumptions), laid out to print cleanly to PDF; and the downloads:
//! the Excel workbook and a CSV file per table, the same files as `gnbv export`.

use crate::exporter::Exporter;
use crate::files;
use crate::i18n::{t, t_with, Lang, Msg};
use crate::montecarlo::MonteCarlo;
use crate::protocol::ExportRequest;
use crate::state::Planner;
use crate::widgets::money;
use crate::widgets::SimulationControls;
use gnbv_engine::format::{decimal, group, percent};
use gnbv_engine::projection::TargetUnit;
use gnbv_engine::proposal::{csv_files, roman, Proposal, FUNDING};
use leptos::prelude::*;
use rust_decimal::Decimal;
use std::sync::Arc;

/// The address the share link in the proposal points at: the app's root on this origin.
fn app_root() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).map(|o| format!("{o}/")).unwrap_or_default()
}

/// The proposal of the current scenario, with its projection when the last run was of it.
fn build(planner: Planner, mc: MonteCarlo, lang: Lang) -> Proposal {
    let dataset = planner.dataset.get();
    let year = planner.shown();
    planner.history.with(|h| {
        let whole = h.current();
        let scenario = planner.view.get();
        let allocation = planner.allocation.get();
        let projection = mc.result.with(|r| {
            r.as_ref()
                .filter(|r| r.scenario.as_ref() == whole)
                .and_then(|r| r.projections.iter().find(|p| p.year == year).cloned())
        });
        let link = gnbv_engine::link::url(&app_root(), whole, &dataset);
        Proposal::new(year, &scenario, &dataset, &allocation, projection.as_deref(), &link, lang)
    })
}

/// Whether the last projection is of the current scenario.
fn projected(planner: Planner, mc: MonteCarlo) -> bool {
    planner.history.with(|h| mc.result.with(|r| r.as_ref().is_some_and(|r| r.scenario.as_ref() == h.current())))
}

/// Asks the export worker for the workbook of the current scenario (with its projection).
fn download_xlsx(planner: Planner, mc: MonteCarlo, exporter: Exporter, lang: Lang) {
    let dataset = planner.dataset.get();
    let year = planner.shown_year();
    let request = planner.history.with_untracked(|h| {
        let scenario = h.current().clone();
        let projection = mc.result.with_untracked(|r| {
            r.as_ref()
                .filter(|r| r.scenario.as_ref() == &scenario)
                .and_then(|r| r.projections.iter().find(|p| p.year == year).map(|p| (**p).clone()))
        });
        let link = gnbv_engine::link::url(&app_root(), &scenario, &dataset);
        ExportRequest {
            scenario,
            year,
            projection,
            link,
            lang,
            communes: planner.import.get_untracked(),
            households: planner.households.get_untracked().map(|h| crate::protocol::HouseholdRef {
                file: h.review.file.clone(),
                fingerprint: h.review.fingerprint,
            }),
        }
    });
    let households = planner.households.get_untracked();
    let file = if lang == Lang::Vi {
        format!("du-toan-gnbv-{year}.xlsx")
    } else {
        format!("gnbv-budget-proposal-{year}.xlsx")
    };
    exporter.export(&request, households.as_ref().map(|h| h.bytes.as_slice()), &file);
}

/// The Proposal screen.
#[component]
pub fn ProposalScreen() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let mc = expect_context::<MonteCarlo>();
    let proposal = Memo::new(move |_| Arc::new(build(planner, mc, lang.get())));
    // An export asked for before the projection of this scenario existed: made when it lands.
    let exporter = expect_context::<Exporter>();
    let waiting = RwSignal::new(false);
    Effect::new(move |_| {
        if waiting.get() && projected(planner, mc) {
            waiting.set(false);
            download_xlsx(planner, mc, exporter, lang.get_untracked());
        }
    });
    let export = move |_| {
        if projected(planner, mc) {
            download_xlsx(planner, mc, exporter, lang.get_untracked());
        } else {
            waiting.set(true);
            if mc.progress.get_untracked().is_none() {
                mc.run(planner);
            }
        }
    };
    let csv = move |name: &'static str| {
        let p = proposal.get_untracked();
        if let Some((file, text)) = csv_files(&p).into_iter().find(|(f, _)| *f == name) {
            files::download(file, "text/csv;charset=utf-8", &text);
        }
    };
    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <section class="proposal" aria-labelledby="proposal-heading">
            <div class="proposal-tools">
                <h2 id="proposal-heading">{move || t_with(lang.get(), Msg::ProposalHeading, &[("year", &planner.shown().to_string())])}</h2>
                <p class="subheading">{move || t(lang.get(), Msg::ProposalIntro)}</p>
                <div class="actions">
                    <button type="button" class="primary" id="export-xlsx" on:click=export disabled=move || waiting.get() || exporter.busy.get()>
                        {move || {
                            if waiting.get() {
                                t(lang.get(), Msg::ExportWaiting)
                            } else if exporter.busy.get() {
                                t(lang.get(), Msg::ExportMaking)
                            } else {
                                t(lang.get(), Msg::ExportXlsx)
                            }
                        }}
                    </button>
                    <button type="button" on:click=print>{move || t(lang.get(), Msg::PrintProposal)}</button>
                    <details class="csv-files">
                        <summary>{move || t(lang.get(), Msg::CsvFiles)}</summary>
                        <div class="actions">
                            {["du-toan-tong-hop.csv", "tin-dung.csv", "theo-huyen.csv", "theo-xa.csv", "chi-tieu.csv", "gia-dinh.csv"]
                                .into_iter()
                                .map(|name| view! { <button type="button" on:click=move |_| csv(name)>{name}</button> })
                                .collect_view()}
                        </div>
                    </details>
                </div>
                {move || exporter.failure.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <SimulationControls />
            </div>
            {move || {
                let p = proposal.get();
                let lang = lang.get();
                view! {
                    <HeaderBlock p=Arc::clone(&p) lang />
                    <SummaryTable p=Arc::clone(&p) lang />
                    <h3>{t(lang, Msg::CreditHeading)}</h3>
                    {crate::credit::credit_table(&p.credit, p.year, lang, None)}
                    <DistrictTable p=Arc::clone(&p) lang />
                    <TargetsTable p=Arc::clone(&p) lang />
                    <Assumptions p lang />
                }
            }}
        </section>
    }
}

#[component]
fn HeaderBlock(p: Arc<Proposal>, lang: Lang) -> impl IntoView {
    let vi = lang == Lang::Vi;
    let province = p.province.to_uppercase();
    view! {
        <div class="form-header">
            <div>
                <p class="strong">{if vi { format!("UBND TỈNH {province}") } else { format!("PEOPLE'S COMMITTEE OF {province}") }}</p>
                <p class="strong">{if vi { "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" } else { "DEPARTMENT OF LABOUR, INVALIDS AND SOCIAL AFFAIRS" }}</p>
                <p class="italic">{if vi { "Số: ……/……-SLĐTBXH" } else { "No.: ……/……-SLĐTBXH" }}</p>
            </div>
            <div>
                <p class="strong">{if vi { "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" } else { "SOCIALIST REPUBLIC OF VIETNAM" }}</p>
                <p class="strong">{if vi { "Độc lập - Tự do - Hạnh phúc" } else { "Independence - Freedom - Happiness" }}</p>
                <p class="italic">{if vi { format!("{}, ngày …… tháng …… năm ……", p.province) } else { format!("{}, …… (date)", p.province) }}</p>
            </div>
        </div>
        <h3 class="form-title">
            {if vi {
                "DỰ TOÁN KINH PHÍ THỰC HIỆN CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA GIẢM NGHÈO BỀN VỮNG NĂM 2019"
            } else {
                "BUDGET PROPOSAL: NATIONAL TARGET PROGRAM FOR SUSTAINABLE POVERTY REDUCTION, 2019"
            }}
        </h3>
        <p class="form-subtitle">{p.data_note.clone()}</p>
    }
}

/// A column of the summary table after the row number and the item's name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    Unit,
    Quantity,
    UnitCost,
    Total,
    /// A funding column, by its index in [`FUNDING`].
    Fund(usize),
    Lead,
}

impl Col {
    /// Columns that describe the item rather than hold money (a group's title spans them).
    fn describes(self) -> bool {
        matches!(self, Col::Unit | Col::Quantity | Col::UnitCost)
    }
}

/// The summary table's columns on screen, as the form lays them out.
const SCREEN_COLUMNS: [Col; 13] = [
    Col::Unit,
    Col::Quantity,
    Col::UnitCost,
    Col::Total,
    Col::Fund(0),
    Col::Fund(1),
    Col::Fund(2),
    Col::Fund(3),
    Col::Fund(4),
    Col::Fund(5),
    Col::Fund(6),
    Col::Fund(7),
    Col::Lead,
];

/// On paper the form is too wide for A4 landscape at a legible size: two parts, each with
/// the row number and the item, the state budget in the first, the other sources, the lead
/// agency and the total in the second.
const PRINT_PARTS: [&[Col]; 2] = [
    &[Col::Unit, Col::Quantity, Col::UnitCost, Col::Fund(0), Col::Fund(1), Col::Fund(2), Col::Fund(3)],
    &[Col::Fund(4), Col::Fund(5), Col::Fund(6), Col::Fund(7), Col::Lead, Col::Total],
];

#[component]
fn SummaryTable(p: Arc<Proposal>, lang: Lang) -> impl IntoView {
    let vi = lang == Lang::Vi;
    let caption = if vi {
        "Dự toán tổng hợp theo dự án, chính sách và nguồn vốn (đồng)"
    } else {
        "Summary by project, policy and source (đồng)"
    };
    let printed = PRINT_PARTS
        .iter()
        .enumerate()
        .map(|(k, cols)| {
            let caption = if vi {
                format!("{caption} — phần {}/{}", k + 1, PRINT_PARTS.len())
            } else {
                format!("{caption} — part {} of {}", k + 1, PRINT_PARTS.len())
            };
            summary_part(&p, lang, &format!("proposal-summary-part-{}", k + 1), &caption, cols, "print-only")
        })
        .collect_view();
    view! {
        {summary_part(&p, lang, "proposal-summary", caption, &SCREEN_COLUMNS, "screen-only")}
        {printed}
        <p class="in-words" id="proposal-in-words">{p.total_in_words()}</p>
    }
}

/// The summary table with the columns `cols` (after the row number and the item).
fn summary_part(p: &Proposal, lang: Lang, id: &str, caption: &str, cols: &[Col], class: &'static str) -> AnyView {
    let vi = lang == Lang::Vi;
    let spanned = 1 + cols.iter().filter(|c| c.describes()).count();
    // A group's or the grand total's row: money in the money columns, blanks elsewhere (and in
    // the columns outside `only`, for the state-budget subtotal).
    let sums = |amounts: &[gnbv_engine::money::Dong; 8], strong: bool, only: fn(usize) -> bool| {
        let total: gnbv_engine::money::Dong = amounts.iter().copied().sum();
        cols.iter()
            .filter(|c| !c.describes())
            .map(|c| {
                let text = match c {
                    Col::Total => money(total, lang),
                    Col::Fund(i) if only(*i) => money(amounts[*i], lang),
                    _ => String::new(),
                };
                let class = match (c, strong) {
                    (Col::Lead, _) => "",
                    (_, true) => "num strong",
                    _ => "num",
                };
                view! { <td class=class>{text}</td> }
            })
            .collect_view()
    };
    let rows = p
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let lines = g
                .activities
                .iter()
                .enumerate()
                .map(|(j, a)| {
                    let total: gnbv_engine::money::Dong = a.amounts.iter().copied().sum();
                    let cells = cols
                        .iter()
                        .map(|c| match c {
                            Col::Unit => view! { <td>{a.unit.clone()}</td> }.into_any(),
                            Col::Quantity => {
                                view! { <td class="num">{a.quantity.map(|q| group(q.into(), lang))}</td> }.into_any()
                            }
                            Col::UnitCost => {
                                view! { <td class="num">{a.unit_cost.map(|c| money(c, lang))}</td> }.into_any()
                            }
                            Col::Total => view! { <td class="num">{money(total, lang)}</td> }.into_any(),
                            Col::Fund(f) => view! { <td class="num">{money(a.amounts[*f], lang)}</td> }.into_any(),
                            Col::Lead => view! { <td class="wrap">{a.lead.clone()}</td> }.into_any(),
                        })
                        .collect_view();
                    view! {
                        <tr data-program=a.program.0.clone()>
                            <td>{j + 1}</td>
                            <th scope="row" class="name wrap">{a.name.clone()}</th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <tr class="group">
                    <td>{roman(i + 1)}</td>
                    <th scope="row" class="name wrap" colspan=spanned>{g.title.clone()}</th>
                    {sums(&g.subtotal(), false, |_| true)}
                </tr>
                {lines}
            }
        })
        .collect_view();
    // Two heading rows: the local budget spans its three levels.
    let local = |c: &Col| matches!(c, Col::Fund(1..=3));
    let first_row = cols
        .iter()
        .filter_map(|c| {
            let th = match c {
                Col::Unit => view! { <th scope="col" rowspan="2">{if vi { "Đơn vị tính" } else { "Unit" }}</th> }.into_any(),
                Col::Quantity => view! { <th scope="col" rowspan="2" class="num">{if vi { "Số lượng" } else { "Quantity" }}</th> }.into_any(),
                Col::UnitCost => view! { <th scope="col" rowspan="2" class="num">{if vi { "Đơn giá" } else { "Unit cost" }}</th> }.into_any(),
                Col::Total => view! { <th scope="col" rowspan="2" class="num">{if vi { "Tổng kinh phí" } else { "Total" }}</th> }.into_any(),
                Col::Fund(1) => {
                    let span = cols.iter().filter(|c| local(c)).count();
                    view! { <th scope="colgroup" colspan=span class="center">{if vi { "Ngân sách địa phương" } else { "Local budget" }}</th> }.into_any()
                }
                Col::Fund(2 | 3) => return None,
                Col::Fund(f) => view! { <th scope="col" rowspan="2" class="num">{FUNDING[*f].name(lang)}</th> }.into_any(),
                Col::Lead => view! { <th scope="col" rowspan="2">{if vi { "Cơ quan chủ trì" } else { "Lead agency" }}</th> }.into_any(),
            };
            Some(th)
        })
        .collect_view();
    let second_row = cols
        .iter()
        .filter(|c| local(c))
        .map(|c| {
            let Col::Fund(f) = c else { unreachable!("local columns are funding columns") };
            view! { <th scope="col" class="num">{FUNDING[*f].name(lang)}</th> }
        })
        .collect_view();
    let caption_id = format!("{id}-caption");
    let labelled_by = caption_id.clone();
    view! {
        <div class=format!("table-wrap {class}") tabindex="0" role="region" aria-labelledby=labelled_by>
            <table class="proposal-table" id=id.to_owned()>
                <caption id=caption_id>{caption.to_owned()}</caption>
                <thead>
                    <tr>
                        <th scope="col" rowspan="2">{if vi { "STT" } else { "No." }}</th>
                        <th scope="col" rowspan="2" class="name">{if vi { "Nội dung" } else { "Item" }}</th>
                        {first_row}
                    </tr>
                    <tr>{second_row}</tr>
                </thead>
                <tbody>
                    <tr class="total">
                        <td></td>
                        <th scope="row" class="name" colspan=spanned>{if vi { "TỔNG CỘNG" } else { "TOTAL" }}</th>
                        {sums(&p.grand_total(), true, |_| true)}
                    </tr>
                    <tr class="subtotal" id=format!("{id}-state-budget")>
                        <td></td>
                        <th scope="row" class="name wrap" colspan=spanned>{p.state_budget_label()}</th>
                        {sums(&p.state_budget(), false, |i| FUNDING[i].is_state_budget())}
                    </tr>
                    {rows}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Program columns per printed part of the district table: with the code, the name and (in
/// the last part) the total, a part fits the width of A4 landscape at the print font size.
const PRINT_PROGRAM_COLUMNS: usize = 6;

#[component]
fn DistrictTable(p: Arc<Proposal>, lang: Lang) -> impl IntoView {
    let vi = lang == Lang::Vi;
    let caption = if vi {
        "Phân bổ theo huyện, thành phố (đồng; chi tiết từng xã trong tệp Excel và CSV)"
    } else {
        "Allocation by district (đồng; communes in the Excel and CSV files)"
    };
    let totals = p.program_totals();
    // Every row: code, name, an amount per program, its total.
    let mut rows: Vec<(String, String, Vec<gnbv_engine::money::Dong>, &'static str)> = p
        .districts
        .iter()
        .map(|d| (d.district.code.clone(), d.district.name.clone(), d.district.amounts.clone(), ""))
        .collect();
    rows.push((String::new(), p.province_level.name.clone(), p.province_level.amounts.clone(), ""));
    rows.push((String::new(), if vi { "TỔNG CỘNG" } else { "TOTAL" }.to_owned(), totals, "total"));
    let rows = Arc::new(rows);
    let programs: Arc<Vec<String>> = Arc::new(p.programs.iter().map(|(_, name)| name.clone()).collect());
    let n = programs.len();
    // One table of the columns in `range`, with the total column when `with_total`.
    let table = move |id: String,
                      caption: String,
                      range: std::ops::Range<usize>,
                      with_total: bool,
                      class: &'static str| {
        let body = rows
            .iter()
            .map(|(code, name, amounts, row_class)| {
                let total: gnbv_engine::money::Dong = amounts.iter().copied().sum();
                view! {
                    <tr class=*row_class>
                        <td>{code.clone()}</td>
                        <th scope="row" class="name">{name.clone()}</th>
                        {amounts[range.clone()].iter().map(|a| view! { <td class="num">{money(*a, lang)}</td> }).collect_view()}
                        {with_total.then(|| view! { <td class="num strong">{money(total, lang)}</td> })}
                    </tr>
                }
            })
            .collect_view();
        let caption_id = format!("{id}-caption");
        let labelled_by = caption_id.clone();
        view! {
            <div class=format!("table-wrap {class}") tabindex="0" role="region" aria-labelledby=labelled_by>
                <table class="proposal-table" id=id>
                    <caption id=caption_id>{caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{if vi { "Mã" } else { "Code" }}</th>
                            <th scope="col" class="name">{if vi { "Huyện, thành phố" } else { "District" }}</th>
                            {programs[range.clone()].iter().map(|name| view! { <th scope="col" class="num wrap">{name.clone()}</th> }).collect_view()}
                            {with_total.then(|| view! { <th scope="col" class="num">{if vi { "Tổng cộng" } else { "Total" }}</th> })}
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        }
    };
    // On paper the table is split into parts that each fit the page: every part repeats the
    // code and name, and the total comes last.
    let parts = n.div_ceil(PRINT_PROGRAM_COLUMNS).max(1);
    let printed = (0..parts)
        .map(|k| {
            let range = k * PRINT_PROGRAM_COLUMNS..((k + 1) * PRINT_PROGRAM_COLUMNS).min(n);
            let caption = if parts == 1 {
                caption.to_owned()
            } else if vi {
                format!("{caption} — phần {}/{parts}", k + 1)
            } else {
                format!("{caption} — part {} of {parts}", k + 1)
            };
            table(format!("proposal-districts-part-{}", k + 1), caption, range, k + 1 == parts, "print-only")
        })
        .collect_view();
    view! {
        {table("proposal-districts".to_owned(), caption.to_owned(), 0..n, true, "screen-only")}
        {printed}
    }
}

#[component]
fn TargetsTable(p: Arc<Proposal>, lang: Lang) -> impl IntoView {
    let vi = lang == Lang::Vi;
    let Some(targets) = p.targets.clone() else {
        return view! {
            <h3>{if vi { "Chỉ tiêu và dự báo kết quả" } else { "Targets and projected indicators" }}</h3>
            <p class="note">{t(lang, Msg::ProposalNeedsProjection)}</p>
        }
        .into_any();
    };
    let show = |unit: TargetUnit, v: Decimal| match unit {
        TargetUnit::Points => decimal(v, 2, lang),
        TargetUnit::Communes => decimal(v, 0, lang),
        TargetUnit::Share => percent(v, lang),
    };
    let rows = targets
        .into_iter()
        .map(|t| {
            view! {
                <tr>
                    <th scope="row" class="name wrap">{t.name.clone()}</th>
                    <td class="num">{show(t.unit, t.plan)}</td>
                    <td class="num">{show(t.unit, t.value[1])}</td>
                    <td class="num">{format!("{}–{}", show(t.unit, t.value[0]), show(t.unit, t.value[2]))}</td>
                    <td class="num">{percent(t.probability, lang)}</td>
                    <td>{t.status.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let draws = p.draws.map(|(_, s)| {
        let bands = p.bands.clone().unwrap_or_default();
        if vi {
            format!("{bands}; hạt giống {s}")
        } else {
            format!("{bands}; seed {s}")
        }
    });
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="proposal-targets-caption">
            <table class="proposal-table" id="proposal-targets">
                <caption id="proposal-targets-caption">
                    {if vi { "Chỉ tiêu kế hoạch và dự báo kết quả năm 2019" } else { "2019 targets and projected indicators" }}
                    <span class="hint">{draws}</span>
                </caption>
                <thead>
                    <tr>
                        <th scope="col" class="name">{if vi { "Chỉ tiêu" } else { "Target" }}</th>
                        <th scope="col" class="num">{if vi { "Kế hoạch" } else { "Plan" }}</th>
                        <th scope="col" class="num">{if vi { "Dự báo (trung vị)" } else { "Projected (median)" }}</th>
                        <th scope="col" class="num">"P10–P90"</th>
                        <th scope="col" class="num">{if vi { "Xác suất đạt" } else { "Probability met" }}</th>
                        <th scope="col">{if vi { "Đánh giá" } else { "Status" }}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn Assumptions(p: Arc<Proposal>, lang: Lang) -> impl IntoView {
    let vi = lang == Lang::Vi;
    let rows = p
        .assumptions
        .iter()
        .map(|a| {
            view! {
                <tr>
                    <th scope="row" class="name wrap">{a.name.clone()}</th>
                    <td class="num">{a.value.clone()}</td>
                    <td class="note">{a.source.clone()}</td>
                    <td>{a.confidence.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h3>{if vi { "Giả định, nguồn số liệu và độ tin cậy" } else { "Assumptions, sources and confidence" }}</h3>
        <dl class="proposal-meta">
            <dt>{if vi { "Liên kết kịch bản" } else { "Scenario link" }}</dt>
            <dd class="link-text">{p.link.clone()}</dd>
            <dt>{if vi { "Bộ dữ liệu" } else { "Dataset" }}</dt>
            <dd>{format!("{} ({})", p.dataset.0, p.dataset.1)}</dd>
        </dl>
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="proposal-assumptions-caption">
            <table class="proposal-table parameters" id="proposal-assumptions">
                <caption id="proposal-assumptions-caption">{if vi { "Tham số" } else { "Parameters" }}</caption>
                <thead>
                    <tr>
                        <th scope="col" class="name">{if vi { "Tham số" } else { "Parameter" }}</th>
                        <th scope="col" class="num">{if vi { "Giá trị" } else { "Value" }}</th>
                        <th scope="col">{if vi { "Nguồn" } else { "Source" }}</th>
                        <th scope="col">{if vi { "Độ tin cậy" } else { "Confidence" }}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <div class="signatures">
            <p>{if vi { "NGƯỜI LẬP BIỂU" } else { "PREPARED BY" }}</p>
            <p>{if vi { "GIÁM ĐỐC" } else { "DIRECTOR" }}</p>
        </div>
    }
}
