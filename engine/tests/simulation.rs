//! The poverty standard, the synthetic population, the household file, and the projection's
//! determinism and response to money.

mod common;

use common::{builtin, run, small, small_scenario};
use gnbv_engine::allocation::allocate;
use gnbv_engine::dataset::Area;
use gnbv_engine::defaults;
use gnbv_engine::format::Lang;
use gnbv_engine::households::{classify, HouseholdProblem, Households};
use gnbv_engine::money::Dong;
use gnbv_engine::population::synthesize;
use gnbv_engine::projection::{project, TargetId};
use gnbv_engine::simulation::{Model, Tally};
use gnbv_engine::standard::{Class, PovertyStandard};

#[test]
fn classification_boundaries_from_decision_59() {
    use Area::{Rural, Urban};
    use Class::{NearPoor, NotPoor, PoorIncome, PoorMultidimensional};
    let s = PovertyStandard::qd59_2015();
    let compiled = s.compiled();
    let cases: &[(Area, i64, u32, Class)] = &[
        // Income at the poverty line is poor, whatever the deprivations.
        (Rural, 700_000, 0, PoorIncome),
        (Rural, 700_000, 10, PoorIncome),
        (Rural, 0, 0, PoorIncome),
        (Urban, 900_000, 0, PoorIncome),
        (Urban, 700_001, 0, PoorIncome),
        // One đồng above it: poor only with ≥ 3 deprivations, else near-poor.
        (Rural, 700_001, 2, NearPoor),
        (Rural, 700_001, 3, PoorMultidimensional),
        (Urban, 900_001, 2, NearPoor),
        (Urban, 900_001, 3, PoorMultidimensional),
        // At the near-poverty line, the same.
        (Rural, 1_000_000, 2, NearPoor),
        (Rural, 1_000_000, 3, PoorMultidimensional),
        (Urban, 1_300_000, 2, NearPoor),
        (Urban, 1_300_000, 3, PoorMultidimensional),
        (Urban, 1_000_001, 2, NearPoor),
        // Above it: not poor, however deprived.
        (Rural, 1_000_001, 0, NotPoor),
        (Rural, 1_000_001, 10, NotPoor),
        (Urban, 1_300_001, 3, NotPoor),
        (Rural, 1_299_999, 3, NotPoor),
    ];
    for &(area, income, deprivations, expected) in cases {
        assert_eq!(
            s.classify(area, Dong::new(income), deprivations),
            expected,
            "case {area:?} {income} {deprivations}"
        );
        let (poor, near) = compiled.of(area).flags(income as u32, deprivations as u8);
        assert_eq!(
            (poor, near),
            (expected.is_poor(), expected == NearPoor),
            "compiled, case {area:?} {income} {deprivations}"
        );
        assert_eq!(compiled.of(area).income_poor(income as u32, deprivations as u8), expected == PoorIncome);
    }
}

#[test]
fn another_standard_is_data() {
    // Decree 07/2021/NĐ-CP (2022–2025), as a value: poor if income ≤ 1.5 M (rural) and
    // deprived on ≥ 3 indicators; near-poor if income ≤ 1.5 M and fewer.
    use gnbv_engine::standard::{Clause, Line, Lines};
    let mut s = PovertyStandard::qd59_2015();
    s.id = "nd07-2021".into();
    s.poverty_line = Lines { rural: Dong::new(1_500_000), urban: Dong::new(2_000_000) };
    s.near_poverty_line = s.poverty_line;
    s.poor_if = vec![Clause { income_at_most: Line::Poverty, min_deprivations: 3 }];
    s.near_poor_if = vec![Clause { income_at_most: Line::Poverty, min_deprivations: 0 }];
    assert_eq!(s.classify(Area::Rural, Dong::new(1_500_000), 3), Class::PoorIncome);
    assert_eq!(s.classify(Area::Rural, Dong::new(1_500_000), 2), Class::NearPoor);
    assert_eq!(s.classify(Area::Rural, Dong::new(600_000), 0), Class::NearPoor);
    assert_eq!(s.classify(Area::Urban, Dong::new(2_000_001), 5), Class::NotPoor);
    assert_eq!(s.compiled().rural.flags(1_500_000, 3), (true, false));
    assert_eq!(s.compiled().rural.flags(600_000, 0), (false, true));
}

#[test]
fn the_synthetic_population_reproduces_every_commune_exactly() {
    let d = builtin();
    let s = PovertyStandard::qd59_2015();
    let h = synthesize(&d, &s, 2019);
    assert_eq!(h.len() as u64, d.province_counts().households);
    let rows = classify(&d, &s, &h);
    assert_eq!(rows.len(), 286);
    for (row, commune) in rows.iter().zip(d.communes()) {
        let c = &commune.counts;
        assert_eq!(row.commune, commune.code);
        assert_eq!(
            (row.households, row.poor_income, row.poor_multidimensional, row.near_poor),
            (c.households, c.poor_income, c.poor_multidimensional, c.near_poor),
            "{}",
            commune.name
        );
    }
    // Household sizes add up to each commune's people.
    let mut people = vec![0u64; d.communes().len()];
    for (i, &m) in h.members.iter().enumerate() {
        assert!(m >= 1);
        people[h.commune[i] as usize] += u64::from(m);
    }
    for (p, c) in people.iter().zip(d.communes()) {
        assert_eq!(*p, c.counts.people, "{}", c.name);
    }
    // Same seed, same population; another seed, another.
    assert_eq!(h, synthesize(&d, &s, 2019));
    assert_ne!(h.income, synthesize(&d, &s, 2020).income);
}

#[test]
fn the_same_seed_gives_the_same_projection_however_it_is_chunked() {
    let d = small();
    let s = small_scenario(&d);
    let all = run(&d, &s, 0..12);
    assert_eq!(all, run(&d, &s, 0..12));
    let mut chunked = run(&d, &s, 0..5);
    chunked.extend(run(&d, &s, 5..6));
    chunked.extend(run(&d, &s, 6..12));
    assert_eq!(all, chunked);
    assert_eq!(all[7..], run(&d, &s, 7..12)[..]);
    let mut other = s.clone();
    other.seed += 1;
    assert_ne!(all, run(&d, &other, 0..12));
}

fn mean_exits(runs: &[Vec<Tally>]) -> f64 {
    runs.iter().map(|r| r.iter().map(|t| f64::from(t.exits)).sum::<f64>()).sum::<f64>() / runs.len() as f64
}

#[test]
fn more_money_never_lowers_expected_exits() {
    let d = small();
    // At the parameters' values: in a draw whose loans return less than their interest (an
    // uncertain return at its low end), more lending can lower that draw's exits, and the
    // model says so.
    let mut base = small_scenario(&d);
    base.simulation.parameter_uncertainty = false;
    let mut previous = None;
    for factor in [0, 1, 2, 4] {
        let mut s = base.clone();
        for l in &mut s.lines {
            l.amount = Dong::new(l.amount.get() * factor);
        }
        for src in &mut s.sources {
            src.amount = Dong::new(src.amount.get() * factor.max(1));
        }
        let runs = run(&d, &s, 0..40);
        let exits = mean_exits(&runs);
        // Common random numbers: each draw's exits are monotone too, not just the mean.
        if let Some((prev_exits, prev_runs)) = previous.take() {
            assert!(exits >= prev_exits, "×{factor}: {exits} < {prev_exits}");
            let per_draw =
                |r: &Vec<Vec<Tally>>| r.iter().map(|d| d.iter().map(|t| t.exits).sum::<u32>()).collect::<Vec<_>>();
            for (now, before) in per_draw(&runs).iter().zip(per_draw(&prev_runs)) {
                assert!(*now >= before);
            }
        }
        previous = Some((exits, runs));
    }
}

#[test]
fn a_zero_budget_leaves_only_background_dynamics() {
    let d = small();
    let mut zero = small_scenario(&d);
    for l in &mut zero.lines {
        l.amount = Dong::ZERO;
    }
    let mut none = zero.clone();
    none.lines.clear();
    none.overrides.clear();
    assert_eq!(run(&d, &zero, 0..10), run(&d, &none, 0..10));
    // And money does change something.
    assert_ne!(run(&d, &small_scenario(&d), 0..10), run(&d, &none, 0..10));
}

#[test]
fn the_projection_summarises_draws_and_targets() {
    let d = small();
    let s = small_scenario(&d);
    let standard = PovertyStandard::qd59_2015();
    let h = synthesize(&d, &standard, s.seed);
    let a = allocate(&s, &d);
    let p = project(&d, &standard, &h, &s, &a, 25);
    assert_eq!(p.draws, 25);
    assert_eq!(p.province.households, 1_900);
    assert_eq!(p.province.baseline_poor, 81);
    assert!(p.province.poor.p10 <= p.province.poor.p50 && p.province.poor.p50 <= p.province.poor.p90);
    assert!(p.province.poor_rate.p10 <= p.province.poor_rate.p90);
    assert_eq!(p.districts.len(), 2);
    assert_eq!(p.communes.len(), 3);
    let district_sum: u64 = p.districts.iter().map(|x| x.figures.baseline_poor).sum();
    assert_eq!(district_sum, 81);
    let ids: Vec<TargetId> = p.scorecard.iter().map(|t| t.id).collect();
    assert_eq!(ids.len(), 9);
    assert_eq!(ids[0], TargetId::PovertyRateReduction);
    let ntm = &p.scorecard[1];
    assert_eq!(ntm.plan, 2.into(), "two xã flagged for the new-rural target");
    for t in &p.scorecard {
        assert!(t.probability >= 0.into() && t.probability <= 1.into());
    }
}

#[test]
fn a_household_file_round_trips() {
    let d = small();
    let s = PovertyStandard::qd59_2015();
    let h = synthesize(&d, &s, 5);
    let text = h.to_csv(&d, &s);
    assert!(text.starts_with("household_id,commune_code,area,members,income_per_capita_month,d_health_access,d_health_insurance,d_adult_education,d_child_schooling,d_housing_quality,d_housing_area,d_water,d_sanitation,d_telecom,d_info_assets,causes,escaped_last_year,social_protection\n"));
    let back = Households::from_csv(&text, &d, &s).unwrap();
    assert_eq!(back.income, h.income);
    assert_eq!(back.deprivations, h.deprivations);
    assert_eq!(back.causes, h.causes);
    assert_eq!(classify(&d, &s, &back), classify(&d, &s, &h));
    // A byte-order mark (Excel's UTF-8) is accepted.
    assert!(Households::from_csv(&format!("\u{feff}{text}"), &d, &s).is_ok());
}

#[test]
fn a_bad_household_file_lists_every_problem_and_loads_nothing() {
    let d = small();
    let s = PovertyStandard::qd59_2015();
    let header = "household_id,commune_code,area,members,income_per_capita_month,d_health_access,d_health_insurance,d_adult_education,d_child_schooling,d_housing_quality,d_housing_area,d_water,d_sanitation,d_telecom,d_info_assets,causes\n";
    let file = format!(
        "{header}\
         A1,10,rural,4,650000,0,0,1,0,1,0,1,1,0,0,capital;skills\n\
         A2,99,rural,4,650000,0,0,0,0,0,0,0,0,0,0,\n\
         A3,10,town,4,650000,0,0,0,0,0,0,0,0,0,0,\n\
         A4,10,rural,0,650000,0,0,0,0,0,0,0,0,0,0,\n\
         A5,10,rural,3,-5,0,0,0,0,0,0,0,0,0,0,\n\
         A6,10,rural,3,650000,0,2,0,0,0,0,0,0,0,0,\n\
         A7,10,rural,3,650000,0,0,0,0,0,0,0,0,0,0,laziness\n\
         A1,10,rural,3,650000,0,0,0,0,0,0,0,0,0,0,\n\
         A9,10,rural\n"
    );
    let errors = Households::from_csv(&file, &d, &s).unwrap_err();
    let found: Vec<(u64, Option<&str>, &HouseholdProblem)> =
        errors.iter().map(|e| (e.line, e.column.as_deref(), &e.problem)).collect();
    assert_eq!(
        found,
        vec![
            (3, Some("commune_code"), &HouseholdProblem::UnknownCommune(99)),
            (4, Some("area"), &HouseholdProblem::BadArea("town".into())),
            (5, Some("members"), &HouseholdProblem::BadMembers("0".into())),
            (6, Some("income_per_capita_month"), &HouseholdProblem::NotAWholeNumber("-5".into())),
            (7, Some("d_health_insurance"), &HouseholdProblem::BadFlag("2".into())),
            (8, Some("causes"), &HouseholdProblem::UnknownCause("laziness".into())),
            (9, Some("household_id"), &HouseholdProblem::DuplicateId("A1".into())),
            (10, None, &HouseholdProblem::WrongFieldCount { expected: 16, found: 3 }),
        ]
    );
    assert_eq!(errors[0].message(Lang::Vi), "dòng 3, cột commune_code: không có xã mã 99");
    assert_eq!(errors[1].message(Lang::En), "line 4, column area: “town” must be rural or urban");
    let missing = Households::from_csv("household_id,commune_code\nA,10\n", &d, &s).unwrap_err();
    assert_eq!((missing[0].line, missing[0].column.as_deref()), (1, Some("area")));
    assert_eq!(Households::from_csv(header, &d, &s).unwrap_err()[0].problem, HouseholdProblem::NoHouseholds);
}

/// The golden projection: the built-in dataset, the default scenario, seed 2019, draws 0–2.
/// `app/tests/browser.rs` asserts the same fingerprint in WebAssembly.
#[test]
fn golden_projection_fingerprint() {
    let d = builtin();
    let scenario = defaults::scenario(&d);
    let standard = PovertyStandard::qd59_2015();
    let h = synthesize(&d, &standard, scenario.seed);
    let a = allocate(&scenario, &d);
    let model = Model::new(&d, &standard, &h, &scenario, &a);
    let draws = model.run(0..3);
    let province: Vec<u32> = draws.iter().map(|r| r.iter().map(|t| t.poor).sum()).collect();
    println!("golden: fingerprint {:#018x}, province poor {province:?}", gnbv_engine::simulation::fingerprint(&draws));
    assert_eq!(gnbv_engine::simulation::fingerprint(&draws), GOLDEN);
}

const GOLDEN: u64 = 0x1a64_699e_8d18_8976;

#[test]
fn the_optional_escaped_and_social_protection_columns_reach_the_model() {
    use gnbv_engine::households::flag;
    let d = builtin();
    let standard = PovertyStandard::qd59_2015();
    let header = "household_id,commune_code,area,members,income_per_capita_month,d_health_access,d_health_insurance,d_adult_education,d_child_schooling,d_housing_quality,d_housing_area,d_water,d_sanitation,d_telecom,d_info_assets,causes";
    let with = format!(
        "{header},escaped_last_year,social_protection\na,12457,rural,3,650000,0,0,0,0,0,0,0,0,0,0,,1,0\nb,12457,rural,3,650000,0,0,0,0,0,0,0,0,0,0,,0,1\nc,12457,rural,3,650000,0,0,0,0,0,0,0,0,0,0,,,\n"
    );
    let h = Households::from_csv(&with, &d, &standard).expect("clean");
    assert_eq!(
        h.flags.iter().map(|f| f & (flag::ESCAPED | flag::SOCIAL_PROTECTION)).collect::<Vec<_>>(),
        [flag::ESCAPED, flag::SOCIAL_PROTECTION, 0]
    );
    // Written back, the flags survive.
    assert_eq!(Households::from_csv(&h.to_csv(&d, &standard), &d, &standard).unwrap().flags, h.flags);
    // Without the columns, nobody is flagged; a bad flag is reported where it is.
    let without = format!("{header}\na,12457,rural,3,650000,0,0,0,0,0,0,0,0,0,0,\n");
    assert_eq!(Households::from_csv(&without, &d, &standard).unwrap().flags, [0]);
    let bad = format!("{header},social_protection\na,12457,rural,3,650000,0,0,0,0,0,0,0,0,0,0,,yes\n");
    let errors = Households::from_csv(&bad, &d, &standard).unwrap_err();
    assert_eq!((errors[0].line, errors[0].column.as_deref()), (2, Some("social_protection")));
    // The model reads them: the social-protection household is poor but left out of the
    // new-rural count.
    let mut s = defaults::scenario(&d);
    s.lines.clear();
    (s.simulation.income_growth.mean_bp, s.simulation.income_growth.sd_bp) = (0, 0);
    (s.simulation.shocks.probability_bp, s.simulation.shocks.probability_escaped_bp) = (0, 0);
    let a = allocate(&s, &d);
    let model = Model::new(&d, &standard, &h, &s, &a);
    let draw = &model.run(0..1)[0];
    let i = d.communes().iter().position(|c| c.code.0 == 12457).unwrap();
    assert!(draw[i].poor >= 1 && draw[i].poor_without_social_protection < draw[i].poor, "{:?}", draw[i]);
}

/// A demand line paying less per unit than the program's unit cost (the commune Day for the
/// Poor funds give 3 M đ of livelihood support where Project 3a costs 15 M đ) buys the
/// program's effect for its money's worth, not for every household it pays.
#[test]
fn cheaper_units_buy_the_effect_for_their_money_s_worth_only() {
    let d = builtin();
    let mut scenario = defaults::scenario(&d);
    scenario.lines.retain(|l| l.source.0 == "day_for_poor_commune");
    let standard = PovertyStandard::qd59_2015();
    let h = synthesize(&d, &standard, scenario.seed);
    let a = allocate(&scenario, &d);
    let paid: u64 = a.cells.iter().filter_map(|c| c.units).sum();
    let p3a = scenario.program(&gnbv_engine::program::ProgramId("p3a".into())).unwrap();
    assert!(paid > 1_000, "the fund pays {paid} households 3 M đ each");
    let worth = (a.lines[0].allocated.get() / p3a.unit_cost.get()) as u64;
    let model = Model::new(&d, &standard, &h, &scenario, &a);
    let reached = model.reached.iter().find(|(p, _)| p.0 == "p3a").map_or(0, |r| r.1);
    assert!(reached > 0 && reached <= worth, "reached {reached}, money's worth {worth} units of 15 M đ");
}

/// Threads share a run by ranges of draw numbers; the result is the same to the bit however
/// many there are (the CLI's `--threads`, the browser's worker pool use the same split).
#[test]
fn any_number_of_threads_gives_the_same_draws() {
    use gnbv_engine::simulation::split_draws;
    assert_eq!(split_draws(0..10, 3), vec![0..4, 4..7, 7..10]);
    assert_eq!(split_draws(5..7, 4), vec![5..6, 6..7]);
    assert_eq!(split_draws(0..0, 2), Vec::<std::ops::Range<u32>>::new());
    let d = small();
    let scenario = small_scenario(&d);
    let standard = PovertyStandard::qd59_2015();
    let h = synthesize(&d, &standard, scenario.seed);
    let a = allocate(&scenario, &d);
    let model = Model::new(&d, &standard, &h, &scenario, &a);
    let one = model.run(0..23);
    for threads in [0, 1, 2, 3, 8, 40] {
        assert_eq!(model.run_threads(0..23, threads), one, "{threads} threads");
    }
}

/// The peers' kernel (the fair benchmark's work) classifies like the model: with no growth it
/// finds exactly each commune's baseline poor and near-poor households.
#[test]
fn the_benchmark_kernel_classifies_like_the_standard() {
    let d = small();
    let standard = PovertyStandard::qd59_2015();
    let h = synthesize(&d, &standard, 7);
    let counts = gnbv_engine::simulation::classify_draw(&h, &standard.compiled(), (7, 0), (0, 0), d.communes().len());
    let expected: Vec<[u32; 2]> =
        d.communes().iter().map(|c| [c.counts.poor() as u32, c.counts.near_poor as u32]).collect();
    assert_eq!(counts, expected);
    // With growth the counts move, and the same (seed, draw) gives the same counts.
    let a = gnbv_engine::simulation::classify_draw(&h, &standard.compiled(), (7, 3), (800, 500), d.communes().len());
    assert_eq!(
        a,
        gnbv_engine::simulation::classify_draw(&h, &standard.compiled(), (7, 3), (800, 500), d.communes().len())
    );
    assert_ne!(a, expected);
}
