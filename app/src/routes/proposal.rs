//! The Proposal screen (dự toán): the budget proposal as the forms show it (header block,
//! the summary by project and funding source, the allocation by district, the targets with
//! their projection, the assumptions), laid out to print cleanly to PDF; and the downloads:
//! the Excel workbook and a CSV file per table, the same files as `gnbv export`.

use crate::exporter::Exporter;
use crate::files;
use crate::i18n::{t, Lang, Msg};
use crate::montecarlo::MonteCarlo;
use crate::protocol::ExportRequest;
use crate::state::Planner;
use crate::widgets::money;
use crate::widgets::SimulationControls;
use gnbv_engine::format::{decimal, group, percent};
use gnbv_engine::projection::TargetUnit;
use gnbv_engine::proposal::{csv_files, roman, Funding, Proposal, FUNDING};
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
    planner.history.with(|h| {
        let scenario = h.current();
        let allocation = planner.allocation.get();
        let projection = mc
            .result
            .with(|r| r.as_ref().filter(|r| r.scenario.as_ref() == scenario).map(|r| Arc::clone(&r.projection)));
        let link = gnbv_engine::link::url_with(&app_root(), scenario, &dataset, &crate::persist::link_info(planner));
        let proposal = Proposal::new(scenario, &dataset, &allocation, projection.as_deref(), &link, lang);
        match planner.households.with(|h| h.as_ref().map(|(h, _)| h.file.clone())) {
            Some(file) => proposal.with_households(&file),
            None => proposal,
        }
    })
}

/// Whether the last projection is of the current scenario.
fn projected(planner: Planner, mc: MonteCarlo) -> bool {
    planner.history.with(|h| mc.result.with(|r| r.as_ref().is_some_and(|r| r.scenario.as_ref() == h.current())))
}

/// Asks the export worker for the workbook of the current scenario (with its projection).
fn download_xlsx(planner: Planner, mc: MonteCarlo, exporter: Exporter, lang: Lang) {
    let dataset = planner.dataset.get();
    let request = planner.history.with_untracked(|h| {
        let scenario = h.current().clone();
        let projection = mc.result.with_untracked(|r| {
            r.as_ref().filter(|r| r.scenario.as_ref() == &scenario).map(|r| (*r.projection).clone())
        });
        let link = gnbv_engine::link::url_with(&app_root(), &scenario, &dataset, &crate::persist::link_info(planner));
        ExportRequest {
            scenario,
            projection,
            link,
            lang,
            communes: planner.import.get_untracked(),
            households: planner.households.get_untracked().map(|(h, _)| h.file),
        }
    });
    exporter
        .export(&request, if lang == Lang::Vi { "du-toan-gnbv-2019.xlsx" } else { "gnbv-budget-proposal-2019.xlsx" });
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
                <h2 id="proposal-heading">{move || t(lang.get(), Msg::ProposalHeading)}</h2>
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
                            {["du-toan-tong-hop.csv", "theo-huyen.csv", "theo-xa.csv", "chi-tieu.csv", "gia-dinh.csv"]
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

#[component]
fn SummaryTable(p: Arc<Proposal>, lang: Lang) -> impl IntoView {
    let vi = lang == Lang::Vi;
    let cells = |amounts: &[gnbv_engine::money::Dong; 8]| {
        let total: gnbv_engine::money::Dong = amounts.iter().copied().sum();
        let mut v = vec![money(total, lang)];
        v.extend(amounts.iter().map(|a| money(*a, lang)));
        v.into_iter().map(|x| view! { <td class="num">{x}</td> }).collect_view()
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
                    view! {
                        <tr data-program=a.program.0.clone()>
                            <td>{j + 1}</td>
                            <th scope="row" class="name wrap">{a.name.clone()}</th>
                            <td>{a.unit.clone()}</td>
                            <td class="num">{a.quantity.map(|q| group(q.into(), lang))}</td>
                            <td class="num">{a.unit_cost.map(|c| money(c, lang))}</td>
                            {cells(&a.amounts)}
                            <td class="wrap">{a.lead.clone()}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <tr class="group">
                    <td>{roman(i + 1)}</td>
                    <th scope="row" class="name wrap" colspan="4">{g.title.clone()}</th>
                    {cells(&g.subtotal())}
                    <td></td>
                </tr>
                {lines}
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="proposal-summary-caption">
            <table class="proposal-table" id="proposal-summary">
                <caption id="proposal-summary-caption">
                    {if vi { "Dự toán tổng hợp theo dự án, chính sách và nguồn vốn (đồng)" } else { "Summary by project, policy and source (đồng)" }}
                </caption>
                <thead>
                    <tr>
                        <th scope="col" rowspan="2">{if vi { "STT" } else { "No." }}</th>
                        <th scope="col" rowspan="2" class="name">{if vi { "Nội dung" } else { "Item" }}</th>
                        <th scope="col" rowspan="2">{if vi { "Đơn vị tính" } else { "Unit" }}</th>
                        <th scope="col" rowspan="2" class="num">{if vi { "Số lượng" } else { "Quantity" }}</th>
                        <th scope="col" rowspan="2" class="num">{if vi { "Đơn giá" } else { "Unit cost" }}</th>
                        <th scope="col" rowspan="2" class="num">{if vi { "Tổng kinh phí" } else { "Total" }}</th>
                        <th scope="col" rowspan="2" class="num">{Funding::Central.name(lang)}</th>
                        <th scope="colgroup" colspan="3" class="center">{if vi { "Ngân sách địa phương" } else { "Local budget" }}</th>
                        {FUNDING[4..]
                            .iter()
                            .map(|f| view! { <th scope="col" rowspan="2" class="num">{f.name(lang)}</th> })
                            .collect_view()}
                        <th scope="col" rowspan="2">{if vi { "Cơ quan chủ trì" } else { "Lead agency" }}</th>
                    </tr>
                    <tr>
                        {FUNDING[1..4]
                            .iter()
                            .map(|f| view! { <th scope="col" class="num">{f.name(lang)}</th> })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>
                    <tr class="total">
                        <td></td>
                        <th scope="row" class="name" colspan="4">{if vi { "TỔNG CỘNG" } else { "TOTAL" }}</th>
                        {cells(&p.grand_total())}
                        <td></td>
                    </tr>
                    {rows}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn DistrictTable(p: Arc<Proposal>, lang: Lang) -> impl IntoView {
    let vi = lang == Lang::Vi;
    let row = |code: String, name: String, amounts: Vec<gnbv_engine::money::Dong>, class: &'static str| {
        let total: gnbv_engine::money::Dong = amounts.iter().copied().sum();
        view! {
            <tr class=class>
                <td>{code}</td>
                <th scope="row" class="name">{name}</th>
                {amounts.into_iter().map(|a| view! { <td class="num">{money(a, lang)}</td> }).collect_view()}
                <td class="num strong">{money(total, lang)}</td>
            </tr>
        }
    };
    let rows = p
        .districts
        .iter()
        .map(|d| row(d.district.code.clone(), d.district.name.clone(), d.district.amounts.clone(), ""))
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="proposal-districts-caption">
            <table class="proposal-table" id="proposal-districts">
                <caption id="proposal-districts-caption">
                    {if vi { "Phân bổ theo huyện, thành phố (đồng; chi tiết từng xã trong tệp Excel và CSV)" } else { "Allocation by district (đồng; communes in the Excel and CSV files)" }}
                </caption>
                <thead>
                    <tr>
                        <th scope="col">{if vi { "Mã" } else { "Code" }}</th>
                        <th scope="col" class="name">{if vi { "Huyện, thành phố" } else { "District" }}</th>
                        {p.programs.iter().map(|(_, n)| view! { <th scope="col" class="num wrap">{n.clone()}</th> }).collect_view()}
                        <th scope="col" class="num">{if vi { "Tổng cộng" } else { "Total" }}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows}
                    {row(String::new(), p.province_level.name.clone(), p.province_level.amounts.clone(), "")}
                    {row(String::new(), if vi { "TỔNG CỘNG" } else { "TOTAL" }.to_owned(), p.program_totals(), "total")}
                </tbody>
            </table>
        </div>
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
    let draws = p.draws.map(|(d, s)| {
        if vi {
            format!("{d} lần mô phỏng, hạt giống {s}")
        } else {
            format!("{d} draws, seed {s}")
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
                    <td>{a.confidence}</td>
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
