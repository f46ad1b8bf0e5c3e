//! Monitoring: the actuals file (every problem with its row and column, nothing used unless
//! clean) and the report (plan against actual, its sums, the workbook's formulas, the
//! targets' actuals from a later review file).

mod common;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use common::{builtin_ref, default_scenario};
use gnbv_engine::actuals::{parse, template_rows, Actuals, ProblemKind};
use gnbv_engine::allocation::{allocate, Allocation, Recipient};
use gnbv_engine::format::Lang;
use gnbv_engine::money::Dong;
use gnbv_engine::monitoring::{Measured, Report};
use gnbv_engine::population::synthesize;
use gnbv_engine::proposal::to_csv;
use gnbv_engine::scenario::Scenario;
use gnbv_engine::standard::PovertyStandard;

fn setup() -> (Scenario, Allocation) {
    let s = default_scenario().first_year();
    let a = allocate(&s, builtin_ref());
    (s, a)
}

/// The template with every row's disbursement filled by `fill(amount)`.
fn filled(s: &Scenario, a: &Allocation, date: &str, fill: impl Fn(Dong) -> Dong) -> String {
    let d = builtin_ref();
    let mut rows = template_rows(s, d, a, date, Lang::En);
    for row in rows.iter_mut().skip(1) {
        let line = s.lines.iter().position(|l| l.program.0 == row[3] && l.source.0 == row[4]).unwrap();
        let recipient = if row[1].is_empty() {
            Recipient::Province
        } else {
            Recipient::Commune(gnbv_engine::dataset::CommuneCode(row[1].parse().unwrap()))
        };
        let amount: Dong =
            a.cells.iter().filter(|c| c.line == line && c.recipient == recipient).map(|c| c.amount).sum();
        row[6] = fill(amount).get().to_string();
        row[7] = "3".into();
    }
    to_csv(&rows)
}

fn report(actuals: &Actuals) -> Report {
    let (s, a) = setup();
    Report::new(&s, builtin_ref(), &a, actuals, (None, None), Lang::Vi)
}

#[test]
fn a_filled_template_reads_back_and_the_report_adds_up() {
    let (s, a) = setup();
    let d = builtin_ref();
    let text = filled(&s, &a, "2019-06-30", |x| Dong::new(x.get() / 2));
    let actuals = parse(&text, "thuc-hien.csv", &s, d, &a).expect("a clean file");
    assert!(actuals.rows.len() > 4_000, "every line and commune with money: {}", actuals.rows.len());
    let r = report(&actuals);
    let plan: Dong = a.cells.iter().map(|c| c.amount).sum();
    assert_eq!(r.total.plan, plan);
    assert_eq!(r.total.period, r.total.to_date, "one period");
    let expected: Dong = actuals.rows.iter().map(|x| x.disbursed).sum();
    assert_eq!(r.total.to_date, expected);
    // Every view adds up to the total, to the đồng.
    let programs: Dong = r.programs.iter().map(|(p, _)| p.to_date).sum();
    assert_eq!(programs, expected);
    for (p, sources) in &r.programs {
        assert_eq!(sources.iter().map(|s| s.plan).sum::<Dong>(), p.plan, "{}", p.name);
    }
    assert_eq!(r.sources.iter().map(|s| s.to_date).sum::<Dong>(), expected);
    let places: Dong = r.districts.iter().map(|x| x.plan).sum::<Dong>() + r.province_level.plan;
    assert_eq!(places, plan);
    for district in &r.districts {
        let code: u16 = district.key.parse().unwrap();
        let communes: Dong = r.communes.iter().filter(|(c, _)| *c == code).map(|(_, p)| p.to_date).sum();
        assert_eq!(communes, district.to_date);
    }
    let share = r.total.share().unwrap();
    assert!(share > rust_decimal::Decimal::new(49, 2) && share <= rust_decimal::Decimal::new(50, 2), "{share}");
    // A second period: the last period and the year to date.
    let second = filled(&s, &a, "2019-09-30", |x| Dong::new(x.get() / 4));
    let both = format!("{text}{}", second.trim_start_matches('\u{feff}').split_once('\n').unwrap().1);
    let two = parse(&both, "hai-ky.csv", &s, d, &a).expect("two periods");
    let r2 = report(&two);
    assert_eq!(r2.date, "2019-09-30");
    assert_eq!(r2.total.to_date, r.total.to_date + r2.total.period);
    // Outputs: the beneficiaries column counts.
    assert!(r2.outputs.iter().any(|o| o.to_date > 0));
}

#[test]
fn every_problem_is_reported_with_its_row_and_column_and_nothing_is_used() {
    let (s, a) = setup();
    let d = builtin_ref();
    let commune = d.communes()[0].code.0;
    let cell = a
        .cells
        .iter()
        .find(|c| c.recipient == Recipient::Commune(d.communes()[0].code) && c.amount > Dong::ZERO)
        .unwrap();
    let line = &s.lines[cell.line];
    let (program, source) = (line.program.0.as_str(), line.source.0.as_str());
    let amount = cell.amount.get();
    let half = amount / 2;
    let text = format!(
        "reporting_date,commune_code,program,source,disbursed,households_supported\n\
         2019-02-30,{commune},{program},{source},1,\n\
         2019-06-30,99999,{program},{source},1,\n\
         2019-06-30,{commune},nope,{source},1,\n\
         2019-06-30,,{program},{source},1,\n\
         2019-06-30,{commune},{program},{source},{half},\n\
         2019-06-30,{commune},{program},{source},{half},\n\
         2019-09-30,{commune},{program},{source},-5,\n\
         2019-10-30,{commune},{program},{source},12.5,\n\
         2019-11-30,{commune},{program},{source},{amount},\n\
         2025-01-01,{commune},{program},{source},1,\n\
         2019-12-30,{commune},{program},{source},0,x\n"
    );
    let problems = parse(&text, "sai.csv", &s, d, &a).expect_err("a file with problems");
    let at: Vec<(usize, &str)> = problems.iter().map(|p| (p.row, p.column)).collect();
    assert!(matches!(problems[0].kind, ProblemKind::BadDate(_)));
    assert!(at.contains(&(2, "reporting_date")));
    assert!(at.contains(&(3, "commune_code")), "unknown commune");
    assert!(problems.iter().any(|p| p.row == 4 && matches!(p.kind, ProblemKind::UnknownLine { .. })));
    assert!(problems.iter().any(|p| p.row == 5 && matches!(p.kind, ProblemKind::WrongLevel { province_level: false })));
    assert!(problems.iter().any(|p| p.row == 7 && p.kind == ProblemKind::Duplicate(6)));
    assert!(problems.iter().any(|p| p.row == 8 && matches!(p.kind, ProblemKind::Negative(_))));
    assert!(problems.iter().any(|p| p.row == 9 && matches!(p.kind, ProblemKind::NotAWholeNumber(_))));
    assert!(problems.iter().any(|p| p.row == 12 && p.column == "households_supported"));
    assert!(problems
        .iter()
        .any(|p| p.row == 10 && p.column == "disbursed" && matches!(p.kind, ProblemKind::AboveAmount { .. })));
    assert!(problems.iter().any(|p| p.row == 11 && matches!(p.kind, ProblemKind::DateOutsideYears { .. })));
    // Messages name the place in either language.
    let vi = problems.iter().find(|p| p.row == 10 && p.column == "disbursed").unwrap().located(Lang::Vi);
    assert!(vi.starts_with("Dòng 10, cột “Giải ngân (đồng)”: giải ngân lũy kế"), "{vi}");
    let en = problems[1].located(Lang::En);
    assert!(en.starts_with("Row 3, column “commune_code”"), "{en}");
    // A missing column, and a template nobody filled.
    let missing = parse("reporting_date,commune_code,program\n", "x.csv", &s, d, &a).unwrap_err();
    assert_eq!(missing.iter().map(|p| p.column).collect::<Vec<_>>(), ["source", "disbursed"]);
    let blank = to_csv(&template_rows(&s, d, &a, "2019-06-30", Lang::Vi));
    let empty = parse(&blank, "mau.csv", &s, d, &a).unwrap_err();
    assert_eq!(empty[0].kind, ProblemKind::Empty);
}

#[test]
fn the_workbook_has_live_formulas_equal_to_the_report() {
    let (s, a) = setup();
    let d = builtin_ref();
    let text = filled(&s, &a, "2019-06-30", |x| Dong::new(x.get() * 3 / 10));
    let actuals = parse(&text, "thuc-hien.csv", &s, d, &a).unwrap();
    let r = report(&actuals);
    let bytes = gnbv_engine::xlsx::monitoring_report(&r).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let names = book.sheet_names();
    assert_eq!(names, gnbv_engine::xlsx::report_sheet_names(Lang::Vi));
    for name in &names[..3] {
        let values = book.worksheet_range(name).unwrap();
        let formulas = book.worksheet_formula(name).unwrap();
        // The last row is the total: its plan and year to date are SUMs equal to the report's.
        let last = values.height() as u32 - 1;
        assert_eq!(values.get_value((last, 3)), Some(&Data::Float(r.total.plan.get() as f64)), "{name}");
        assert_eq!(values.get_value((last, 5)), Some(&Data::Float(r.total.to_date.get() as f64)), "{name}");
        let f = formulas.get_value((last, 3)).cloned().unwrap_or_default();
        assert!(f.starts_with("SUM("), "{name}: {f}");
        let share = formulas.get_value((last, 6)).cloned().unwrap_or_default();
        assert!(share.starts_with("IF("), "{name}: {share}");
    }
}

#[test]
fn a_later_review_file_gives_the_targets_actuals() {
    let (s, a) = setup();
    let d = builtin_ref();
    let standard = PovertyStandard::qd59_2015();
    let h = synthesize(d, &standard, s.seed);
    // The baseline itself, measured: the rate is the dataset's.
    let m = Measured::of("ra-soat-cuoi-nam.csv", d, &standard, &h, &s.simulation);
    assert_eq!(m.poor, d.province_counts().poor());
    assert_eq!(m.households, d.province_counts().households);
    let projection = gnbv_engine::projection::project(d, &standard, &h, &s, &a, 20);
    let text = filled(&s, &a, "2019-12-31", |x| x);
    let actuals = parse(&text, "ca-nam.csv", &s, d, &a).unwrap();
    let r = Report::new(&s, d, &a, &actuals, (Some(&projection), Some(&m)), Lang::En);
    let rate = &r.targets[0];
    assert_eq!(rate.actual, m.poor_rate().map(|r| r.round_dp(6)));
    assert_eq!(rate.actual_from, "review file “ra-soat-cuoi-nam.csv”");
    // Nothing happened in the file: the rate did not fall, which the projection's band (a
    // funded year) does not include.
    assert_eq!(rate.inside, Some(false));
    let reduction = r.targets.iter().find(|t| t.name.contains("0.5")).unwrap();
    assert_eq!(reduction.actual, Some(rust_decimal::Decimal::ZERO));
    assert!(r.total.share() == Some(rust_decimal::Decimal::ONE));
}
