//! The credit plan (kế hoạch tín dụng chính sách), on the Funding screen (editable) and the
//! Proposal screen: each lending program's loan book, what comes back, what can be lent and
//! is, and what the credit costs the budget, apart from the grants. The province's own credit
//! decisions (the local budget it entrusts to the bank, and the opening balance where the
//! bank's figure is known) are edited on the Funding screen; every figure comes from
//! `gnbv_engine::credit::CreditPlan`.

use crate::i18n::{t, t_with, Lang, Msg};
use crate::state::Planner;
use crate::widgets::{money, AmountProblem};
use gnbv_engine::credit::{CreditPlan, ProgramCredit};
use gnbv_engine::funding::SourceId;
use gnbv_engine::money::Dong;
use leptos::prelude::*;

/// Which book figure a field edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BookField {
    /// Local budget entrusted this year.
    Entrusted,
    /// Outstanding at the start of the year.
    Opening,
}

impl BookField {
    fn key(self) -> &'static str {
        match self {
            Self::Entrusted => "entrusted",
            Self::Opening => "opening",
        }
    }
}

/// The Funding screen's credit section: the totals, the plan table with its editable fields.
#[component]
pub fn CreditSection() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let plan = Memo::new(move |_| {
        let lang = lang.get();
        planner.allocation.with(|a| planner.view.with(|h| CreditPlan::of(h.as_ref(), a, lang)))
    });
    let total = move |f: fn(&ProgramCredit) -> Dong| plan.with(|p| f(&p.total).format_short(lang.get()));
    view! {
        <section class="credit" aria-labelledby="credit-heading">
            <h3 id="credit-heading">{move || t(lang.get(), Msg::CreditHeading)}</h3>
            <p class="subheading">{move || t(lang.get(), Msg::CreditIntro)}</p>
            <dl class="cards">
                <div class="card">
                    <dt>{move || t(lang.get(), Msg::CreditCapacity)}</dt>
                    <dd class="value" id="credit-capacity">{move || total(|p| p.capacity)}</dd>
                </div>
                <div class="card">
                    <dt>{move || t(lang.get(), Msg::CreditLent)}</dt>
                    <dd class="value" id="credit-lent">{move || total(|p| p.disbursed)}</dd>
                </div>
                <div class="card">
                    <dt>{move || t(lang.get(), Msg::CreditClosing)}</dt>
                    <dd class="value" id="credit-closing">{move || total(|p| p.closing)}</dd>
                </div>
                <div class="card budget">
                    <dt>{move || t(lang.get(), Msg::CreditCost)}</dt>
                    <dd class="value" id="credit-cost">{move || total(ProgramCredit::cost)}</dd>
                </div>
                <div class="card budget">
                    <dt>{move || t(lang.get(), Msg::CreditEntrusted)}</dt>
                    <dd class="value" id="credit-entrusted">{move || total(|p| p.entrusted)}</dd>
                </div>
            </dl>
            {move || {
                let lang = lang.get();
                let year = planner.shown();
                plan.with(|p| credit_table(p, year, lang, Some(planner)))
            }}
            <LoanBookChart />
            <p class="source-notes" id="credit-sources">{move || notes(planner, lang.get())}</p>
        </section>
    }
}

/// The loan book over the scenario's years: for each year, the opening balance, what was lent
/// and collected, and the closing balance (the next year's opening), as bars and as a table.
#[component]
fn LoanBookChart() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let planner = expect_context::<Planner>();
    let years = Memo::new(move |_| {
        let dataset = planner.dataset.get();
        planner.history.with(|h| {
            CreditPlan::years(h.current(), &dataset, Lang::En)
                .into_iter()
                .map(|(year, p)| (year, [p.total.opening, p.total.disbursed, p.total.collected, p.total.closing]))
                .collect::<Vec<_>>()
        })
    });
    const W: f64 = 640.0;
    const H: f64 = 220.0;
    let kinds = [
        (Msg::LoanBookOpening, "opening"),
        (Msg::CreditLent, "lent"),
        (Msg::LoanBookCollected, "collected"),
        (Msg::CreditClosing, "closing"),
    ];
    let svg = move || {
        let lang = lang.get();
        years.with(|ys| {
            let top = ys.iter().flat_map(|(_, v)| v.iter().map(|d| d.get())).max().unwrap_or(1).max(1) as f64;
            let group = (W - 80.0) / ys.len().max(1) as f64;
            let bar = (group - 30.0) / 4.0;
            // Room above the tallest bar for its value.
            let top = top * 1.12;
            let bars = ys
                .iter()
                .enumerate()
                .map(|(g, (year, values))| {
                    let x0 = 60.0 + g as f64 * group + 15.0;
                    let rects = values
                        .iter()
                        .zip(kinds)
                        .enumerate()
                        .map(|(k, (v, (msg, class)))| {
                            let h = v.get() as f64 / top * (H - 50.0);
                            let x = x0 + k as f64 * bar;
                            let title = format!("{year} · {}: {}", t(lang, msg), v.format_short(lang));
                            view! {
                                <rect x=x y=H - 30.0 - h width=bar - 4.0 height=h.max(1.0) class=format!("book-{class}")>
                                    <title>{title}</title>
                                </rect>
                                <text x=x + (bar - 4.0) / 2.0 y=H - 34.0 - h text-anchor="middle" class="label bar-value">
                                    {v.format_short(lang)}
                                </text>
                            }
                        })
                        .collect_view();
                    view! {
                        {rects}
                        <text x=x0 + 2.0 * bar y=H - 10.0 text-anchor="middle" class="axis">{year.to_string()}</text>
                    }
                })
                .collect_view();
            view! {
                <svg viewBox=format!("0 0 {W} {H}") class="chart loan-book-chart" role="img" aria-labelledby="loan-book-heading">
                    <line x1=60 x2=W - 20.0 y1=H - 30.0 y2=H - 30.0 class="axis-line" />
                    {bars}
                </svg>
            }
        })
    };
    let legend = move || {
        let lang = lang.get();
        kinds
            .iter()
            .map(|(msg, class)| view! { <li><span class=format!("swatch book-{class}")></span>{t(lang, *msg)}</li> })
            .collect_view()
    };
    let rows = move || {
        let lang = lang.get();
        years.with(|ys| {
            ys.iter()
                .map(|(year, v)| {
                    view! {
                        <tr data-year=year.to_string()>
                            <th scope="row">{year.to_string()}</th>
                            {v.iter().map(|d| view! { <td class="num">{d.format(lang)}</td> }).collect_view()}
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <figure class="loan-book" aria-labelledby="loan-book-heading">
            <h4 id="loan-book-heading">{move || t(lang.get(), Msg::LoanBookHeading)}</h4>
            {svg}
            <ul class="legend">{legend}</ul>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="loan-book-caption">
                <table class="proposal-table" id="loan-book">
                    <caption id="loan-book-caption">{move || t(lang.get(), Msg::LoanBookCaption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{move || t(lang.get(), Msg::YearLabel)}</th>
                            {move || kinds.iter().map(|(m, _)| view! { <th scope="col" class="num">{t(lang.get(), *m)}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </figure>
    }
}

/// Where the credit figures come from, each with its confidence tag: the loan books (each
/// distinct note once), the cost rates, and what loans do in the projection.
fn notes(planner: Planner, lang: Lang) -> String {
    planner.view.with(|h| {
        let s = h.as_ref();
        let mut seen: Vec<String> = Vec::new();
        for src in &s.sources {
            if let Some(book) = src.loan.as_ref().and_then(|l| l.book.as_ref()) {
                let text = format!("{} [{}]", book.note.text(lang), book.note.confidence.tag());
                if !seen.contains(&text) {
                    seen.push(text);
                }
            }
        }
        let (books, costs, effects) = match lang {
            Lang::Vi => ("Dư nợ, thu nợ, vốn ủy thác", "Chi phí tín dụng", "Vay vốn trong dự báo"),
            Lang::En => ("Loan books, collections, entrusted capital", "Cost of credit", "Loans in the projection"),
        };
        let c = &s.credit.note;
        let e = &s.simulation.credit.note;
        let mut parts = Vec::new();
        if !seen.is_empty() {
            parts.push(format!("{books}: {}", seen.join(" ")));
        }
        parts.push(format!("{costs}: {} [{}]", c.text(lang), c.confidence.tag()));
        parts.push(format!("{effects}: {} [{}]", e.text(lang), e.confidence.tag()));
        parts.join(". ")
    })
}

/// One value cell of a program's row: column `i` of [`CreditPlan::headings`] (1–14). With a
/// planner, the opening balance (1) and the entrusted capital (6) are fields.
fn cell(c: &ProgramCredit, i: usize, lang: Lang, planner: Option<Planner>, total: bool) -> AnyView {
    // A later year's opening balance is the year before's closing: shown, not edited.
    let first = planner.is_none_or(|p| p.shown_year() == gnbv_engine::scenario::FIRST_YEAR);
    let field = match i {
        1 if first => Some(BookField::Opening),
        6 => Some(BookField::Entrusted),
        _ => None,
    };
    match (field, planner, total) {
        (Some(field), Some(planner), false) if c.has_book || field == BookField::Entrusted => {
            let value = c.money()[i - 1];
            view! { <BookInput planner source=c.source.clone() name=c.name.clone() field value /> }.into_any()
        }
        _ => view! { <td class="num">{gnbv_engine::format::group(c.columns()[i - 1], lang)}</td> }.into_any(),
    }
}

/// The plan's rows for columns `cols`, in a table with `id`.
fn table(
    (plan, year): (&CreditPlan, u16),
    lang: Lang,
    planner: Option<Planner>,
    cols: &[usize],
    id: &'static str,
) -> AnyView {
    let headings = CreditPlan::headings(lang);
    let head = std::iter::once(0)
        .chain(cols.iter().copied())
        .map(|i| {
            let class = if i == 0 { "name" } else { "num" };
            view! { <th scope="col" class=class>{headings[i]}</th> }
        })
        .collect_view();
    let row = |c: &ProgramCredit, total: bool| {
        let name =
            if c.has_book || total { c.name.clone() } else { format!("{} ({})", c.name, t(lang, Msg::CreditNoBook)) };
        let cells: Vec<AnyView> = cols.iter().map(|&i| cell(c, i, lang, planner, total)).collect();
        view! {
            <tr class:total=total data-credit=c.source.0.clone()>
                <th scope="row" class="name wrap">{name}</th>
                {cells}
            </tr>
        }
    };
    let rows = plan.programs.iter().map(|c| row(c, false)).collect_view();
    let total = row(&plan.total, true);
    let (caption, labelled_by) = (format!("{id}-caption"), format!("{id}-caption"));
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby=labelled_by>
            <table class="credit-table proposal-table" id=id>
                <caption id=caption>{t_with(lang, Msg::CreditCaption, &[("year", &year.to_string())])}</caption>
                <thead><tr>{head}</tr></thead>
                <tbody>{rows}{total}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The credit plan as a table: one row per lending program and the total. With a planner, the
/// entrusted capital and the opening balance are fields that edit the scenario; without one
/// (the Proposal screen), the plan is two tables, the book and capacity, then the lending, the
/// borrowers and the costs, each narrow enough for A4 landscape.
pub fn credit_table(plan: &CreditPlan, year: u16, lang: Lang, planner: Option<Planner>) -> AnyView {
    let tables = if planner.is_some() {
        table((plan, year), lang, planner, &(1..=14).collect::<Vec<_>>(), "credit-plan")
    } else {
        view! {
            {table((plan, year), lang, None, &[1, 2, 3, 4, 5, 6, 7], "credit-plan")}
            {table((plan, year), lang, None, &[8, 9, 10, 11, 12, 13, 14], "credit-plan-2")}
        }
        .into_any()
    };
    let summary = plan.budget_note(lang);
    view! {
        {tables}
        <p class="note" id="credit-summary">{summary}</p>
    }
    .into_any()
}

/// A loan book figure as a field: refuses what it cannot read, or what the scenario's checks
/// refuse, with the message under it, and changes nothing then.
#[component]
fn BookInput(planner: Planner, source: SourceId, name: String, field: BookField, value: Dong) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let error = RwSignal::new(None::<AmountProblem>);
    let id = format!("{}-{}", field.key(), source.0);
    let error_id = format!("{id}-error");
    let label = move || {
        let what = match field {
            BookField::Entrusted => t(lang.get(), Msg::CreditEntrustedField),
            BookField::Opening => t(lang.get(), Msg::CreditOpeningField),
        };
        format!("{what}: {name}")
    };
    let commit = move |text: String| match Dong::parse(&text, lang.get_untracked()) {
        Ok(amount) => {
            let source = source.clone();
            let edited = planner.edit(move |s| {
                let Some(terms) = s.sources.iter_mut().find(|x| x.id == source).and_then(|x| x.loan.as_mut()) else {
                    return;
                };
                match field {
                    BookField::Entrusted => terms.entrust(amount),
                    BookField::Opening => {
                        if let Some(book) = terms.book.as_mut() {
                            book.opening_outstanding = amount;
                        }
                    }
                }
            });
            error.set(edited.err().map(AmountProblem::Refused));
        }
        Err(e) => error.set(Some(AmountProblem::Unreadable(e))),
    };
    view! {
        <td class="num amount-cell">
            <input
                type="text"
                inputmode="decimal"
                class="amount"
                id=id.clone()
                aria-label=label
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=error_id.clone()
                prop:value=move || money(value, lang.get())
                on:change=move |ev| commit(event_target_value(&ev))
            />
            <span class="field-error" id=error_id role="alert">{move || error.get().map(|e| e.message(lang.get()))}</span>
        </td>
    }
}
