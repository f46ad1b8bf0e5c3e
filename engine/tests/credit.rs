//! Credit as credit: the credit plan's identities, the default plan against the published
//! totals, bad terms refused with the field named, old files read as one-year books without
//! one, and what a loan does in the projection (interest paid, student loans no income).

mod common;

use gnbv_engine::allocation::allocate;
use gnbv_engine::credit::CreditPlan;
use gnbv_engine::diagnostics::DiagnosticKind;
use gnbv_engine::format::Lang;
use gnbv_engine::funding::LoanPurpose;
use gnbv_engine::money::Dong;
use gnbv_engine::scenario::{Scenario, ScenarioProblem};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn bn(n: i64) -> Dong {
    Dong::new(n * 1_000_000_000)
}

fn plan(s: &Scenario) -> CreditPlan {
    CreditPlan::of(s, &allocate(s, common::builtin_ref()), Lang::En)
}

fn assert_identities(plan: &CreditPlan) {
    for p in plan.programs.iter().chain(std::iter::once(&plan.total)) {
        assert_eq!(p.capacity, p.collected + p.new_capital + p.entrusted, "{}", p.name);
        assert_eq!(p.closing, p.opening + p.disbursed - p.collected - p.written_off, "{}", p.name);
        assert!(p.disbursed <= p.capacity, "{}", p.name);
        assert_eq!(p.collected + p.overdue, p.due, "{}", p.name);
        assert!(p.closing >= Dong::ZERO && p.due <= p.opening, "{}", p.name);
        assert_eq!(p.borrowers_closing, p.borrowers_opening - p.borrowers_repaid + p.borrowers_new);
    }
    let sum = |f: fn(&gnbv_engine::credit::ProgramCredit) -> Dong| plan.programs.iter().map(f).sum::<Dong>();
    assert_eq!(sum(|p| p.closing), plan.total.closing);
    assert_eq!(sum(|p| p.cost()), plan.total.cost());
}

#[test]
fn the_default_credit_plan_revolves_the_published_book() {
    let s = common::default_scenario();
    let plan = plan(&s);
    assert_identities(&plan);
    assert_eq!(plan.programs.len(), 8);
    let t = &plan.total;
    // The province's published outstanding (vbsp.org.vn, about end-2018) opens the year.
    assert_eq!(t.opening, bn(2_772));
    // Every default lending program lends its whole capacity: 910 bn đ, as before credit revolved.
    assert_eq!(t.disbursed, bn(910));
    assert_eq!(t.capacity, t.disbursed);
    assert_eq!(t.entrusted, bn(10));
    // Collections: each book × 12 ÷ its average term, 1 % of it overdue.
    assert_eq!(t.due, Dong::new(663_500_000_000));
    assert_eq!(t.collected, Dong::new(656_865_000_000));
    // The book grows to about the 2,996 bn đ derived for end-2019 (within 1 %).
    let derived_2019 = bn(2_996);
    assert!((t.closing - derived_2019).get().abs() * 100 <= derived_2019.get(), "{}", t.closing);
    // The budget pays interest support only where a program lends below the cost of funds
    // (7 %): housing at 3 %, poor and student loans at 6.6 %.
    let by = |id: &str| plan.programs.iter().find(|p| p.source.0 == id).unwrap();
    assert!(by("vbsp_housing").interest_support > Dong::ZERO);
    assert!(by("vbsp_poor").interest_support > Dong::ZERO);
    assert_eq!(by("vbsp_water").interest_support, Dong::ZERO);
    assert_eq!(by("vbsp_near_poor").interest_support, Dong::ZERO);
    // Fees: 1.5 % of the average outstanding of each program.
    let housing = by("vbsp_housing");
    assert_eq!(housing.fees, Dong::round(housing.average_outstanding().to_decimal() * Decimal::new(15, 3)).unwrap());
    assert_eq!(by("vbsp_students").purpose, LoanPurpose::Students);
    // The cost of the credit is a small share of what it lends.
    assert!(t.cost().get() * 10 < t.disbursed.get());
}

#[test]
fn lending_more_than_capacity_is_an_error_and_less_is_shown_unused() {
    let mut s = common::default_scenario();
    let i = s.lines.iter().position(|l| l.source.0 == "vbsp_poor").unwrap();
    s.lines[i].amount = bn(151);
    let a = allocate(&s, common::builtin_ref());
    assert!(a.diagnostics.iter().any(|d| matches!(
        d.kind,
        DiagnosticKind::OverCommitted { available, committed } if available == bn(150) && committed == bn(151)
    )));
    // Entrusting 5 bn more raises the capacity to cover it.
    let src = s.sources.iter_mut().find(|x| x.id.0 == "vbsp_poor").unwrap();
    src.loan.as_mut().unwrap().book.as_mut().unwrap().entrusted = bn(15);
    s.lines[i].amount = bn(150);
    let p = plan(&s);
    let poor = &p.programs[0];
    assert_eq!(poor.capacity, bn(155));
    assert_eq!(poor.unused(), bn(5));
    assert_identities(&p);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn the_identities_hold_for_any_book(
        opening in 0i64..2_000_000_000_000,
        term in 12u32..=360,
        overdue in 0u32..=10_000,
        write_off in 0u32..=100,
        entrusted in 0i64..100_000_000_000,
        new_capital in 0i64..500_000_000_000,
        line in 0i64..900_000_000_000,
        borrowers in 0u32..100_000,
    ) {
        let mut s = common::default_scenario();
        let src = s.sources.iter_mut().find(|x| x.id.0 == "vbsp_near_poor").unwrap();
        src.amount = Dong::new(new_capital);
        let book = src.loan.as_mut().unwrap().book.as_mut().unwrap();
        book.opening_outstanding = Dong::new(opening);
        book.average_term_months = term;
        book.overdue_bp = overdue;
        book.write_off_bp = write_off;
        book.entrusted = Dong::new(entrusted);
        book.opening_borrowers = borrowers;
        // Lending more than the capacity is an error of the plan (tested above); within it:
        let capacity = s.sources.iter().find(|x| x.id.0 == "vbsp_near_poor").unwrap().available();
        let i = s.lines.iter().position(|l| l.source.0 == "vbsp_near_poor").unwrap();
        s.lines[i].amount = Dong::new(line).min(capacity);
        prop_assert!(s.validate(common::builtin_ref()).is_ok());
        assert_identities(&plan(&s));
    }
}

#[test]
fn terms_that_make_no_sense_are_refused_with_the_field() {
    let d = common::builtin_ref();
    let poor = |s: &mut Scenario| s.sources.iter().position(|x| x.id.0 == "vbsp_poor").unwrap();
    let cases: [(&str, fn(&mut gnbv_engine::funding::LoanTerms), &str, &str); 5] = [
        ("term_months", |t| t.term_months = 0, "months", "tháng"),
        ("interest_rate_per_year", |t| t.interest_rate_per_year = Decimal::new(55, 2), "30 %", "30%"),
        (
            "book.collections_due",
            |t| {
                let b = t.book.as_mut().unwrap();
                b.collections_due = Some(b.opening_outstanding + Dong::new(1));
            },
            "exceeds the opening outstanding balance",
            "vượt dư nợ đầu năm",
        ),
        ("book.average_term_months", |t| t.book.as_mut().unwrap().average_term_months = 6, "months", "tháng"),
        ("book.overdue_bp", |t| t.book.as_mut().unwrap().overdue_bp = 10_001, "basis points", "điểm cơ bản"),
    ];
    for (field, break_it, en, vi) in cases {
        let mut s = common::default_scenario();
        let i = poor(&mut s);
        break_it(s.sources[i].loan.as_mut().unwrap());
        let e = s.validate(d).unwrap_err();
        assert_eq!(e.path, format!("sources[{i}].loan.{field}"));
        assert!(e.message(Lang::En).contains(en), "{}", e.message(Lang::En));
        assert!(e.message(Lang::Vi).contains(vi), "{}", e.message(Lang::Vi));
    }
    let mut s = common::default_scenario();
    s.credit.funding_cost_rate = Decimal::new(-1, 2);
    let e = s.validate(d).unwrap_err();
    assert_eq!(e.path, "credit.funding_cost_rate");
    assert!(matches!(e.problem, ScenarioProblem::BadRate(_)));
}

#[test]
fn a_file_written_before_credit_was_modelled_lends_its_amount() {
    // A released version-1 scenario: loan sources without purpose or book.
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/links/v1/amended-20-overrides.json"))
            .unwrap();
    let s = Scenario::from_json(&text, common::builtin_ref()).unwrap();
    let p = plan(&s);
    assert_identities(&p);
    for program in &p.programs {
        assert!(!program.has_book);
        assert_eq!(program.capacity, program.new_capital);
        assert_eq!(program.opening, Dong::ZERO);
    }
    let purpose = |id: &str| s.source(&gnbv_engine::funding::SourceId(id.into())).unwrap().loan_purpose().unwrap();
    assert_eq!(purpose("vbsp_students"), LoanPurpose::Students);
    assert_eq!(purpose("vbsp_labour_export"), LoanPurpose::LabourExport);
    assert_eq!(purpose("vbsp_water"), LoanPurpose::Water);
    assert_eq!(purpose("vbsp_housing"), LoanPurpose::Housing);
    assert_eq!(purpose("vbsp_poor"), LoanPurpose::Livelihood);
}

fn mean_poor(s: &Scenario) -> f64 {
    let d = common::small();
    let runs = common::run(&d, s, 0..40);
    runs.iter().map(|r| r.iter().map(|t| f64::from(t.poor)).sum::<f64>()).sum::<f64>() / runs.len() as f64
}

/// The small scenario with only the lines of `keep` (a loan source) funded.
fn only(keep: &str) -> Scenario {
    let d = common::small();
    let mut s = common::small_scenario(&d);
    for l in &mut s.lines {
        if l.source.0 != keep {
            l.amount = Dong::ZERO;
        }
    }
    s
}

#[test]
fn a_production_loan_pays_interest_and_a_student_loan_raises_no_income() {
    let d = common::small();
    let nothing = only("none");
    let base = mean_poor(&nothing);
    // Production loans to poor households: fewer poor than with nothing, and fewer the cheaper
    // the loan.
    let loans = only("vbsp_poor");
    let mut free = loans.clone();
    let mut dear = loans.clone();
    for (s, rate) in [(&mut free, Decimal::ZERO), (&mut dear, Decimal::new(30, 2))] {
        s.sources.iter_mut().find(|x| x.id.0 == "vbsp_poor").unwrap().loan.as_mut().unwrap().interest_rate_per_year =
            rate;
        s.validate(&d).unwrap();
    }
    let (with_loans, with_free, with_dear) = (mean_poor(&loans), mean_poor(&free), mean_poor(&dear));
    assert!(with_loans < base, "{with_loans} vs {base}");
    assert!(with_free < with_loans && with_loans < with_dear, "{with_free} {with_loans} {with_dear}");
    // A student loan keeps a child in school and raises no income this year: however large
    // the credit program's income gain, the student-loan draws do not change.
    let students = only("vbsp_students");
    assert!(allocate(&students, &d).cells.iter().any(|c| c.amount > Dong::ZERO));
    let mut rich = students.clone();
    let e = rich.simulation.effects.iter_mut().find(|e| e.program.0 == "credit").unwrap();
    e.gain.as_mut().unwrap().mean = 2_000_000;
    rich.validate(&d).unwrap();
    assert_eq!(common::run(&d, &students, 0..10), common::run(&d, &rich, 0..10));
    // ... while the same gain on production loans changes them.
    let mut rich_loans = loans.clone();
    let e = rich_loans.simulation.effects.iter_mut().find(|e| e.program.0 == "credit").unwrap();
    e.gain.as_mut().unwrap().mean = 2_000_000;
    assert_ne!(common::run(&d, &loans, 0..10), common::run(&d, &rich_loans, 0..10));
}

#[test]
fn the_projection_counts_what_borrowers_did() {
    let d = common::small();
    let loans = only("vbsp_poor");
    let runs = common::run(&d, &loans, 0..20);
    let borrowers: Vec<u32> = runs.iter().map(|r| r.iter().map(|t| t.borrowers).sum()).collect();
    // The same borrowers in every draw; some of them exit poverty, never more than borrowed.
    assert!(borrowers[0] > 0);
    assert!(borrowers.iter().all(|b| *b == borrowers[0]));
    for r in &runs {
        for t in r {
            assert!(t.borrower_exits + t.borrower_entries <= t.borrowers);
            assert!(t.borrower_exits <= t.exits && t.borrower_entries <= t.entries);
        }
    }
    assert!(runs.iter().map(|r| r.iter().map(|t| t.borrower_exits).sum::<u32>()).sum::<u32>() > 0);
    // With nothing lent, nobody borrows.
    let none = only("none");
    assert!(common::run(&d, &none, 0..3).iter().flatten().all(|t| t.borrowers == 0));
    // The explanation of the province's rate says what borrowers did, in both languages.
    let standard = gnbv_engine::standard::PovertyStandard::qd59_2015();
    let h = gnbv_engine::population::synthesize(&d, &standard, loans.seed);
    let p = gnbv_engine::projection::project(&d, &standard, &h, &loans, &allocate(&loans, &d), 20);
    assert_eq!(p.province.borrowers.p50, borrowers[0]);
    assert!(p.province.explain(20, Lang::Vi).iter().any(|l| l.starts_with("Vay vốn")));
    assert!(p.province.explain(20, Lang::En).iter().any(|l| l.starts_with("Credit")));
}

#[test]
fn the_budget_note_says_what_the_credit_costs_in_both_languages() {
    let p = plan(&common::default_scenario());
    let vi = p.budget_note(Lang::Vi);
    assert!(vi.contains("51.118.662.500 đồng") && vi.contains("không phải chi ngân sách"), "{vi}");
    let en = CreditPlan::of(
        &common::default_scenario(),
        &allocate(&common::default_scenario(), common::builtin_ref()),
        Lang::En,
    )
    .budget_note(Lang::En);
    assert!(en.contains("51,118,662,500 đồng") && en.contains("not budget spending"), "{en}");
    assert!(!vi.contains('₫') && !en.contains('₫'));
}

#[test]
fn entrusting_capital_to_a_program_without_a_book_gives_it_one() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/links/v1/amended-20-overrides.json"))
            .unwrap();
    let mut s = Scenario::from_json(&text, common::builtin_ref()).unwrap();
    let src = s.sources.iter_mut().find(|x| x.id.0 == "vbsp_poor").unwrap();
    let before = src.available();
    src.loan.as_mut().unwrap().entrust(Dong::ZERO);
    assert!(src.loan.as_ref().unwrap().book.is_none(), "zero changes nothing");
    src.loan.as_mut().unwrap().entrust(bn(5));
    assert_eq!(src.available(), before + bn(5));
    assert!(s.validate(common::builtin_ref()).is_ok());
    assert_identities(&plan(&s));
}
