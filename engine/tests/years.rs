//! Several years: a version-1 file reads as one year, a later year's loan books open where
//! the year before closed, edits of one year leave the others alone, out-of-place years are
//! refused with the field, and a later year's draws start from the same draw's end of the
//! year before (the first year's numbers unchanged by adding one).

mod common;

use gnbv_engine::allocation::allocate;
use gnbv_engine::credit::CreditPlan;
use gnbv_engine::format::Lang;
use gnbv_engine::money::Dong;
use gnbv_engine::population::synthesize;
use gnbv_engine::projection::{project_years, LevelFrom, TargetId};
use gnbv_engine::scenario::{Scenario, ScenarioProblem, FIRST_YEAR, LAST_YEAR};
use gnbv_engine::simulation::{Course, Model, Tally};
use gnbv_engine::standard::PovertyStandard;

#[test]
fn the_default_plans_to_the_program_s_end() {
    let s = common::default_scenario();
    assert_eq!(s.years(), vec![2019, 2020]);
    assert_eq!((FIRST_YEAR, LAST_YEAR), (2019, 2020));
    let d = common::builtin_ref();
    // The first year's view is the scenario's own fields.
    let first = s.year(2019, d).unwrap();
    assert_eq!(first, s.first_year());
    assert_eq!(allocate(&first, d), allocate(&s, d));
    // Every 2020 amount is marked illustrative, whatever its 2019 tag.
    for src in &s.later[0].sources {
        assert_eq!(src.amount_confidence, Some(gnbv_engine::provenance::Confidence::RecalledLow), "{}", src.id);
        assert!(src.note.text(Lang::Vi).contains("năm 2020") && src.note.text(Lang::En).contains("2020"));
    }
    // Adding a year past 2020 does nothing.
    let mut more = s.clone();
    assert_eq!(more.add_year(d), None);
    assert_eq!(more, s);
    assert_eq!(more.remove_last_year(), Some(2020));
    assert_eq!(more.years(), vec![2019]);
}

#[test]
fn a_later_year_s_books_open_where_the_year_before_closed() {
    let d = common::builtin_ref();
    let s = common::default_scenario();
    let first = s.year(2019, d).unwrap();
    let before = CreditPlan::of(&first, &allocate(&first, d), Lang::En);
    let view = s.year(2020, d).unwrap();
    let after = CreditPlan::of(&view, &allocate(&view, d), Lang::En);
    assert_eq!(before.programs.len(), after.programs.len());
    for (b, a) in before.programs.iter().zip(&after.programs) {
        assert_eq!(a.opening, b.closing, "{}", a.name);
        assert_eq!(a.borrowers_opening, b.borrowers_closing, "{}", a.name);
        assert!(a.has_book);
        // The 2019 loans fall due over the book's term: part of them comes back in 2020.
        assert!(a.due > Dong::ZERO && a.due <= a.opening, "{}", a.name);
        assert_eq!(a.capacity, a.collected + a.new_capital + a.entrusted, "{}", a.name);
        assert_eq!(a.closing, a.opening + a.disbursed - a.collected - a.written_off, "{}", a.name);
        assert!(a.disbursed <= a.capacity, "{}", a.name);
    }
    // The default 2020 lends what 2019 lent: capacity is topped up with new central capital.
    assert_eq!(after.total.disbursed, before.total.disbursed);
    // The bank's published end-2019 balance was about 2,996 bn đ (facts.md, derived): the
    // model's closing is within 1 %.
    let published = Dong::new(2_996_000_000_000);
    let gap = (before.total.closing - published).get().abs();
    assert!(gap * 100 <= published.get(), "end-2019 closing {}", before.total.closing.get());
    // The stored 2020 books keep no balance of their own: it is derived.
    for src in &s.later[0].sources {
        if let Some(book) = src.loan.as_ref().and_then(|l| l.book.as_ref()) {
            assert_eq!((book.opening_outstanding, book.opening_borrowers, book.collections_due), (Dong::ZERO, 0, None));
        }
    }
}

#[test]
fn a_version_1_file_reads_as_one_year() {
    let d = common::builtin_ref();
    let mut v1 = common::default_json();
    v1["version"] = 1.into();
    v1.as_object_mut().unwrap().remove("later");
    let s = Scenario::from_json(&v1.to_string(), d).unwrap();
    assert_eq!(s.version, gnbv_engine::scenario::VERSION);
    assert_eq!(s.years(), vec![2019]);
    assert_eq!(s.sources, common::default_scenario().sources);
    // A version from a newer engine is refused.
    let mut v3 = common::default_json();
    v3["version"] = 3.into();
    let e = Scenario::from_json(&v3.to_string(), d).unwrap_err();
    assert_eq!(e.problem, ScenarioProblem::UnsupportedVersion(3));
}

#[test]
fn editing_one_year_leaves_the_others_alone() {
    let d = common::builtin_ref();
    let s = common::default_scenario();
    // Writing an unedited view back changes nothing.
    for year in s.years() {
        let mut t = s.clone();
        t.set_year(year, t.year(year, d).unwrap()).unwrap();
        assert_eq!(t, s, "{year}");
    }
    let mut t = s.clone();
    let mut view = t.year(2020, d).unwrap();
    view.lines[0].amount += Dong::new(1_000_000);
    view.seed = 7;
    t.set_year(2020, view).unwrap();
    assert_eq!(t.lines, s.lines);
    assert_eq!(t.sources, s.sources);
    assert_eq!(t.later[0].lines[0].amount, s.later[0].lines[0].amount + Dong::new(1_000_000));
    // Parameters are the scenario's, whichever year they are edited in.
    assert_eq!(t.seed, 7);
    let mut u = s.clone();
    let mut view = u.year(2019, d).unwrap();
    view.lines[0].amount = Dong::ZERO;
    u.set_year(2019, view).unwrap();
    assert_eq!(u.later, s.later);
    assert_eq!(u.lines[0].amount, Dong::ZERO);
    assert_eq!(
        u.clone().set_year(2021, s.first_year()).unwrap_err().problem,
        ScenarioProblem::UnknownYear { year: 2021, years: vec![2019, 2020] }
    );
}

#[test]
fn years_out_of_place_are_refused_with_the_field() {
    let d = common::builtin_ref();
    let s = common::default_scenario();
    let check = |json: serde_json::Value, path: &str, problem: ScenarioProblem| {
        let e = Scenario::from_json(&json.to_string(), d).unwrap_err();
        assert_eq!((e.path.as_str(), &e.problem), (path, &problem));
        for lang in [Lang::Vi, Lang::En] {
            assert!(e.message(lang).contains(path), "{}", e.message(lang));
        }
    };
    let mut j = common::default_json();
    j["later"][0]["year"] = 2021.into();
    check(j, "later[0].year", ScenarioProblem::BadYear { year: 2021, expected: 2020 });
    let mut j = common::default_json();
    let again = j["later"][0].clone();
    j["later"].as_array_mut().unwrap().push(again);
    check(j, "later[1].year", ScenarioProblem::BadYear { year: 2020, expected: 2021 });
    let mut j = common::default_json();
    j["later"][0]["lines"][0]["amount"] = (-5).into();
    check(j, "later[0].lines[0].amount", ScenarioProblem::AmountOutOfRange(Dong::new(-5)));
    let mut j = common::default_json();
    j["later"][0]["lines"][0]["source"] = "nope".into();
    check(j, "later[0].lines[0].source", ScenarioProblem::UnknownSource("nope".into()));
    let e = s.year(2018, d).unwrap_err();
    assert_eq!(e.problem, ScenarioProblem::UnknownYear { year: 2018, years: vec![2019, 2020] });
    assert!(e.message(Lang::Vi).contains("không có năm 2018") && e.message(Lang::En).contains("2019, 2020"));
}

#[test]
fn a_later_year_starts_where_the_same_draw_ended() {
    let d = common::small();
    let s = common::small_scenario(&d);
    let standard = PovertyStandard::qd59_2015();
    let h = synthesize(&d, &standard, s.seed);
    let years = s.all_years(&d);
    assert_eq!(years.len(), 2);
    let course = Course::new(&d, &standard, &h, &years).unwrap();
    let n = d.communes().len();
    let draws = course.run(0..24);
    // The first year is exactly the one-year model's.
    let model = Model::new(&d, &standard, &h, &years[0].1, &years[0].2);
    let alone = model.run(0..24);
    for (both, one) in draws.iter().zip(&alone) {
        assert_eq!(&both[..n], &one[..]);
        // Each commune's 2020: start (2019's end) − exits + entries = end.
        for c in 0..n {
            let (start, end): (&Tally, &Tally) = (&both[c], &both[n + c]);
            assert_eq!(i64::from(start.poor) - i64::from(end.exits) + i64::from(end.entries), i64::from(end.poor));
        }
    }
    // Chunked or threaded, the same draws.
    let mut chunked = course.run(0..10);
    chunked.extend(course.run(10..24));
    assert_eq!(chunked, draws);
    assert_eq!(course.run_threads(0..24, 3), draws);
    // 2020 differs from 2019 (another year of dynamics), and is not a copy of it.
    assert_ne!(draws.iter().map(|d| &d[..n]).collect::<Vec<_>>(), draws.iter().map(|d| &d[n..]).collect::<Vec<_>>());
}

#[test]
fn the_2020_projection_says_which_targets_are_assumed() {
    let d = common::small();
    let s = common::small_scenario(&d);
    let standard = PovertyStandard::qd59_2015();
    let h = synthesize(&d, &standard, s.seed);
    let p = project_years(&d, &standard, &h, &s, 40, 1);
    assert_eq!(p.iter().map(|p| p.year).collect::<Vec<_>>(), vec![2019, 2020]);
    let (first, second) = (&p[0], &p[1]);
    // 2020 starts at the median of 2019's ends.
    assert_eq!(second.province.baseline_poor, u64::from(first.province.poor.p50));
    let ids: Vec<TargetId> = second.scorecard.iter().map(|t| t.id).collect();
    assert!(ids.contains(&TargetId::PovertyRateReduction2020) && ids.contains(&TargetId::ExpectedRate2020));
    assert!(!ids.contains(&TargetId::PovertyRateReduction));
    for t in &second.scorecard {
        assert_ne!(t.level_from, LevelFrom::Plan, "{:?}", t.id);
        assert!(t.level_remark(Lang::Vi).is_some() && t.level_remark(Lang::En).is_some());
    }
    let expected = second.scorecard.iter().find(|t| t.id == TargetId::ExpectedRate2020).unwrap();
    assert_eq!(expected.level_from, LevelFrom::Reported);
    // The first year's projection is the one-year projection of 2019.
    let one = project_years(&d, &standard, &h, &s.first_year(), 40, 1);
    assert_eq!(one.len(), 1);
    assert_eq!(one[0], *first);
}
