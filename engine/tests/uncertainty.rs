//! Honest uncertainty: parameters sampled in every draw, the household-only band, drivers, the
//! tornado and the backtests against published outcomes.

mod common;

use common::{builtin_ref, default_scenario, small, small_scenario};
use gnbv_engine::allocation::allocate;
use gnbv_engine::format::Lang;
use gnbv_engine::population::synthesize;
use gnbv_engine::projection::{project, project_on, TargetId};
use gnbv_engine::simulation::{Model, Tally};
use gnbv_engine::standard::PovertyStandard;
use gnbv_engine::uncertainty::Key;

fn province_poor(draws: &[Vec<Tally>]) -> Vec<u32> {
    draws.iter().map(|d| d.iter().map(|t| t.poor).sum()).collect()
}

#[test]
fn a_draw_at_the_parameters_values_is_the_household_only_draw() {
    let d = small();
    let standard = PovertyStandard::qd59_2015();
    let s = small_scenario(&d);
    let h = synthesize(&d, &standard, s.seed);
    let a = allocate(&s, &d);
    let uncertain = Model::new(&d, &standard, &h, &s, &a);
    assert!(!uncertain.uncertainty.is_empty());
    let mut fixed_scenario = s.clone();
    fixed_scenario.simulation.parameter_uncertainty = false;
    let fixed = Model::new(&d, &standard, &h, &fixed_scenario, &a);
    assert!(fixed.uncertainty.is_empty());
    let centre = uncertain.uncertainty.centre();
    for draw in 0..6 {
        let mut a_out = vec![Tally::default(); 3];
        let mut b_out = vec![Tally::default(); 3];
        uncertain.draw_at(draw, &centre, &mut a_out);
        fixed.draw(draw, &mut b_out);
        assert_eq!(a_out, b_out, "draw {draw}");
    }
    // With its own parameters a draw differs.
    assert_ne!(province_poor(&uncertain.run(0..6)), province_poor(&fixed.run(0..6)));
}

#[test]
fn parameter_draws_widen_the_band_and_stay_deterministic_however_chunked() {
    let d = small();
    let standard = PovertyStandard::qd59_2015();
    let s = small_scenario(&d);
    let h = synthesize(&d, &standard, s.seed);
    let a = allocate(&s, &d);
    let wide = project(&d, &standard, &h, &s, &a, 60);
    assert_eq!(wide, project_on(&d, &standard, &h, &s, &a, 60, 3), "threads change nothing");
    let mut fixed = s.clone();
    fixed.simulation.parameter_uncertainty = false;
    let narrow = project(&d, &standard, &h, &fixed, &a, 60);
    let width = |p: &gnbv_engine::projection::Projection| p.province.poor.p90 - p.province.poor.p10;
    assert!(width(&wide) > width(&narrow), "{} vs {}", width(&wide), width(&narrow));
    assert!(!wide.parameters.is_empty() && narrow.parameters.is_empty());
    assert!(wide.band_meaning(Lang::En).contains("uncertain parameters"));
    assert!(narrow.band_meaning(Lang::Vi).contains("chỉ tính ngẫu nhiên của hộ"));
    // Every sampled range brackets its value, in its natural unit.
    for r in &wide.parameters {
        if r.key == Key::NtmReading {
            assert_eq!((r.p10, r.p90), (500, 200));
        } else {
            assert!(r.p10 <= r.value && r.value <= r.p90, "{}", r.id);
        }
    }
}

#[test]
fn the_tornado_ranks_swings_and_names_each_targets_driver() {
    let d = small();
    let standard = PovertyStandard::qd59_2015();
    let s = small_scenario(&d);
    let h = synthesize(&d, &standard, s.seed);
    let a = allocate(&s, &d);
    let mut runs = Vec::new();
    let t =
        gnbv_engine::sensitivity::sensitivity(&d, &standard, &h, &s, &a, 8, 2, &mut |done, all| runs.push((done, all)));
    let n = t.swings.len();
    assert_eq!(runs.last(), Some(&(1 + 2 * n, 1 + 2 * n)));
    assert!(t.swings.windows(2).all(|w| w[0].width() >= w[1].width()), "widest first");
    // Faster growth, a larger fall of the rate.
    let growth = t.swings.iter().find(|w| w.parameter.key == Key::GrowthMean).expect("growth is uncertain");
    assert!(growth.high.reduction > growth.low.reduction);
    // The criterion's reading moves the xã target only: the rate's fall stays.
    let reading = t.swings.iter().find(|w| w.parameter.key == Key::NtmReading).expect("the reading is uncertain");
    assert_eq!(reading.low.reduction, reading.high.reduction);
    let ntm = t.centre.targets.iter().position(|x| x.id == TargetId::NewRuralCommunes).expect("ntm target");
    assert!(t.driver_of(ntm).is_some());
    // Training is set by the allocation alone: no parameter moves it.
    let cadres = t.centre.targets.iter().position(|x| x.id == TargetId::CadresTrained).expect("cadre target");
    assert!(t.driver_of(cadres).is_none());
    let csv = t.csv(Lang::Vi);
    assert_eq!(csv.lines().count(), 1 + n);
    assert!(
        csv.starts_with("\u{feff}Tham số,Độ tin cậy,Giá trị,P10,P90,"),
        "a byte-order mark for Excel, then the header"
    );
}

#[test]
fn the_default_projection_is_no_longer_certain_and_says_what_drives_it() {
    let d = builtin_ref();
    let standard = PovertyStandard::qd59_2015();
    let s = default_scenario().first_year();
    let h = synthesize(d, &standard, s.seed);
    let a = allocate(&s, d);
    let p = project_on(d, &standard, &h, &s, &a, 60, 2);
    let reduction = &p.scorecard[0];
    assert_eq!(reduction.id, TargetId::PovertyRateReduction);
    // The fall rests on "R low" parameters: neither 0 % nor 100 %.
    assert!(reduction.probability > rust_decimal::Decimal::ZERO && reduction.probability < rust_decimal::Decimal::ONE);
    assert_eq!(reduction.driven_by.as_ref().map(|x| x.id.as_str()), Some("growth_mean"));
    assert!(reduction
        .driven_by
        .as_ref()
        .is_some_and(|x| x.sentence(Lang::Vi).starts_with("Phụ thuộc nhiều nhất vào: Tăng trưởng")));
    let ntm = p.scorecard.iter().find(|t| t.id == TargetId::NewRuralCommunes).expect("ntm");
    assert!(ntm.driven_by.is_some());
}

/// The backtests (`docs/simulation.md`): each published outcome inside the default scenario's
/// P10–P90 band.
#[test]
fn the_backtests_contain_the_published_outcomes() {
    let d = builtin_ref();
    let standard = PovertyStandard::qd59_2015();
    let s = default_scenario();
    let h = synthesize(d, &standard, s.seed);
    let tests = gnbv_engine::backtest::backtests(d, &standard, &h, &s, 100, 2);
    let ids: Vec<&str> = tests.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["city_2018_fall", "city_2018_new_poor", "province_2019", "province_2020"]);
    for t in &tests {
        assert!(t.inside, "{}: {} outside {:?}", t.id, t.realised, t.band);
        assert!(!t.note.text(Lang::Vi).is_empty() && t.note.text(Lang::Vi) != t.note.text(Lang::En));
    }
    // With the parameters fixed the band is too narrow to hold the province's end-2019 rate.
    let mut fixed = s.clone();
    fixed.simulation.parameter_uncertainty = false;
    let narrow = gnbv_engine::backtest::backtests(d, &standard, &h, &fixed, 40, 2);
    let province = narrow.iter().find(|t| t.id == "province_2019").expect("province");
    assert!(!province.inside, "{:?}", province.band);
}
