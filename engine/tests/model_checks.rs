//! The model checked against numbers worked out independently: percentiles and probabilities
//! of hand-built draws, the baseline reproduced when nothing happens, the flow identity of
//! every draw, the fast classification kernel against the standard's own rule, and the overflow
//! corners of every parameter range.

mod common;

use common::{builtin_ref, default_scenario, small, small_scenario};
use gnbv_engine::allocation::allocate;
use gnbv_engine::households::classify;
use gnbv_engine::money::Dong;
use gnbv_engine::params::{ranges, Consumption, Gain};
use gnbv_engine::population::synthesize;
use gnbv_engine::projection::{summarize, Band, Status, TargetId};
use gnbv_engine::scenario::Scenario;
use gnbv_engine::simulation::{reclassify, Model, Tally};
use gnbv_engine::standard::{Class, PovertyStandard};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Ten draws of the three-commune dataset in which only the first commune has poor households
/// at the end, `poor[d]` in draw `d`.
fn hand_built(poor: [u32; 10]) -> Vec<Vec<Tally>> {
    poor.iter()
        .map(|&p| {
            let first = Tally { poor: p, poor_without_social_protection: p, poor_or_near: p, ..Tally::default() };
            vec![first, Tally::default(), Tally::default()]
        })
        .collect()
}

#[test]
fn summarize_gives_exact_percentiles_probabilities_and_statuses() {
    let d = small();
    let s = small_scenario(&d);
    let standard = PovertyStandard::qd59_2015();
    let h = synthesize(&d, &standard, s.seed);
    let a = allocate(&s, &d);
    let model = Model::new(&d, &standard, &h, &s, &a);
    // 1,900 households, 81 poor at the start: the target (down ≥ 0.5 points) needs ≥ 9.5
    // fewer, so an end count of 71 or less.
    assert_eq!((h.len(), model.baseline().iter().map(|t| t.poor).sum::<u32>()), (1_900, 81));
    let cases: &[([u32; 10], (u32, u32, u32), &str, Status)] = &[
        // Six of ten at or below 71 (71 counts): uncertain.
        ([72, 62, 78, 64, 71, 66, 74, 68, 76, 70], (62, 70, 76), "0.6", Status::Uncertain),
        // Eight of ten: exactly the cut-off for likely.
        ([60, 61, 62, 63, 64, 65, 66, 71, 72, 90], (60, 64, 72), "0.8", Status::Likely),
        // Two of ten: exactly the cut-off for uncertain.
        ([71, 70, 72, 73, 74, 75, 76, 77, 78, 79], (70, 74, 78), "0.2", Status::Uncertain),
        // One of ten: unlikely.
        ([71, 72, 72, 73, 74, 75, 76, 77, 78, 79], (71, 74, 78), "0.1", Status::Unlikely),
    ];
    for (poor, (p10, p50, p90), probability, status) in cases {
        let p = summarize(&d, &h, &model, &s, &a, &hand_built(*poor));
        let case = format!("case {poor:?}");
        // Nearest rank: the 1st, 5th and 9th smallest of ten.
        assert_eq!(p.province.poor, Band { p10: *p10, p50: *p50, p90: *p90 }, "{case}");
        assert_eq!(p.communes[0].figures.poor, p.province.poor, "{case}");
        assert_eq!(p.communes[0].figures.poor_rate.p50, Decimal::from(*p50) / Decimal::from(500), "{case}");
        assert_eq!(p.communes[1].figures.poor, Band { p10: 0, p50: 0, p90: 0 }, "{case}");
        let t = p.scorecard.iter().find(|t| t.id == TargetId::PovertyRateReduction).unwrap();
        assert_eq!(t.probability, probability.parse::<Decimal>().unwrap(), "{case}");
        assert_eq!(t.status, *status, "{case}");
        assert!(t.uncertain, "{case}");
        // The reduction in points, (81 − poor) × 100 / 1,900 to 4 places, has its own nearest
        // ranks: the median reduction is that of the 6th smallest count, not of the median.
        let mut fallen: Vec<i64> = poor.iter().map(|&p| 81 - i64::from(p)).collect();
        fallen.sort_unstable();
        let points = |f: i64| (Decimal::from(f) * Decimal::ONE_HUNDRED / Decimal::from(1_900)).round_dp(4);
        assert_eq!(t.value, Band { p10: points(fallen[0]), p50: points(fallen[4]), p90: points(fallen[8]) }, "{case}");
        // The new-rural criterion (≤ 5 %): the second xã always meets it, the first never.
        let ntm = p.scorecard.iter().find(|t| t.id == TargetId::NewRuralCommunes).unwrap();
        assert_eq!((ntm.value.p50, ntm.probability, ntm.status), (Decimal::ONE, Decimal::ZERO, Status::Unlikely));
        assert!(!ntm.uncertain);
    }
}

#[test]
fn with_nothing_happening_a_projection_reproduces_the_baseline_exactly() {
    let d = builtin_ref();
    let standard = PovertyStandard::qd59_2015();
    let mut s = default_scenario();
    s.lines.clear();
    s.overrides.clear();
    let sim = &mut s.simulation;
    sim.income_growth.mean_bp = 0;
    sim.income_growth.sd_bp = 0;
    sim.shocks.probability_bp = 0;
    sim.shocks.probability_escaped_bp = 0;
    s.validate(d).expect("valid");
    let h = synthesize(d, &standard, s.seed);
    let a = allocate(&s, d);
    let model = Model::new(d, &standard, &h, &s, &a);
    let classified = classify(d, &standard, &h);
    for draw in model.run(0..3) {
        for ((t, row), commune) in draw.iter().zip(&classified).zip(d.communes()) {
            assert_eq!(
                (u64::from(t.poor), u64::from(t.near_poor), t.exits, t.entries),
                (row.poor_income + row.poor_multidimensional, row.near_poor, 0, 0),
                "{}",
                commune.name
            );
            // And the classification is the dataset's own baseline.
            assert_eq!(u64::from(t.poor), commune.counts.poor(), "{}", commune.name);
        }
    }
}

#[test]
fn every_draw_keeps_end_poor_equal_to_start_poor_minus_exits_plus_entries() {
    let d = builtin_ref();
    let standard = PovertyStandard::qd59_2015();
    let s = default_scenario();
    let h = synthesize(d, &standard, s.seed);
    let a = allocate(&s, d);
    let model = Model::new(d, &standard, &h, &s, &a);
    let start = model.baseline();
    for draw in model.run(0..4) {
        for (i, (t, b)) in draw.iter().zip(&start).enumerate() {
            assert_eq!(t.poor + t.exits, b.poor + t.entries, "commune {}", d.communes()[i].name);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The vectorised kernel (`reclassify`) agrees household by household with the
    /// standard's own rule (`PovertyStandard::classify`).
    #[test]
    fn reclassify_agrees_with_the_standard(seed in any::<u64>(), growth_seed in any::<u64>()) {
        let d = small();
        let standard = PovertyStandard::qd59_2015();
        let h = synthesize(&d, &standard, seed);
        let hi = standard.indicator("health_insurance").unwrap();
        let hi_bit = 1u16 << hi;
        // Multipliers from 0 to 2 (16.16), and insurance bought by about one in three.
        let mix = |i: u64, k: u64| (i.wrapping_add(growth_seed) ^ k).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32;
        let growth: Vec<u32> = (0..h.len() as u64).map(|i| (mix(i, 1) % (2 << 16)) as u32).collect();
        let bought: Vec<bool> = (0..h.len() as u64).map(|i| mix(i, 2) % 3 == 0).collect();
        let fast = reclassify(&h, &standard.compiled(), hi_bit, &growth, &bought, d.communes().len());
        let mut slow = vec![[0u32; 2]; d.communes().len()];
        for seg in h.segments() {
            for i in seg.start as usize..seg.end as usize {
                let income = (u64::from(h.income[i]) * u64::from(growth[i])) >> 16;
                let covered = bought[i] && h.deprivations[i] & hi_bit != 0;
                let count = u32::from(h.deprivation_count[i]) - u32::from(covered);
                match standard.classify(seg.area, Dong::new(income as i64), count) {
                    Class::PoorIncome | Class::PoorMultidimensional => slow[seg.commune as usize][0] += 1,
                    Class::NearPoor => slow[seg.commune as usize][1] += 1,
                    _ => {}
                }
            }
        }
        prop_assert_eq!(fast, slow);
    }
}

/// The default scenario with every simulation parameter at one corner of its range.
fn at_corner(high: bool) -> Scenario {
    let pick = |(lo, hi): (i64, i64)| if high { hi } else { lo };
    let mut s = default_scenario();
    let sim = &mut s.simulation;
    sim.income_growth.mean_bp = pick(ranges::GROWTH_MEAN_BP) as i32;
    sim.income_growth.sd_bp = pick(ranges::GROWTH_SD_BP) as i32;
    sim.shocks.loss.mean_bp = pick(ranges::LOSS_MEAN_BP) as i32;
    sim.shocks.loss.sd_bp = pick(ranges::LOSS_SD_BP) as i32;
    sim.shocks.probability_bp = if high { 10_000 } else { 0 };
    sim.shocks.probability_escaped_bp = if high { 10_000 } else { 0 };
    sim.ntm_threshold_bp = pick(ranges::SHARE_BP) as u32;
    // As many effects as allowed, each with the largest gain and spread, reaching as many
    // households as a unit can.
    let template = sim.effects[7].clone();
    sim.effects = (0..ranges::MAX_EFFECTS)
        .map(|i| {
            let mut e = sim.effects.get(i).cloned().unwrap_or_else(|| template.clone());
            e.gain = Some(Gain { mean: pick(ranges::GAIN_MEAN) as i32, sd: pick(ranges::GAIN_SD) as i32 });
            if let Consumption::Milli(_) = e.consumption {
                e.consumption = Consumption::Milli(pick(ranges::CONSUMPTION_MILLI) as u32);
            }
            e
        })
        .collect();
    s
}

#[test]
fn draws_at_the_corners_of_every_range_do_not_overflow() {
    // Debug arithmetic checks overflow (tests are built with overflow checks): a draw at each
    // corner must run without a panic and count every household once.
    let d = builtin_ref();
    let standard = PovertyStandard::qd59_2015();
    for high in [false, true] {
        let s = at_corner(high);
        s.validate(d).expect("a corner is within the ranges");
        let h = synthesize(d, &standard, s.seed);
        let a = allocate(&s, d);
        let model = Model::new(d, &standard, &h, &s, &a);
        let draw = &model.run(0..1)[0];
        let poor: u64 = draw.iter().map(|t| u64::from(t.poor)).sum();
        assert!(poor <= h.len() as u64, "corner high={high}");
    }
    // One step beyond a corner is refused.
    let mut s = at_corner(true);
    s.simulation.effects[0].gain.as_mut().unwrap().mean += 1;
    assert!(s.validate(d).is_err());
}

/// Targets at the plan's own levels: hygienic water for 100 % of poor households (plan
/// III.3.1.4), health insurance by law; a level the plan does not state is marked as such.
#[test]
fn targets_carry_the_plans_levels_and_say_which_are_not_stated() {
    use gnbv_engine::format::Lang;
    use gnbv_engine::projection::{project, LevelFrom};
    let d = small();
    let s = small_scenario(&d);
    let standard = PovertyStandard::qd59_2015();
    let h = synthesize(&d, &standard, s.seed);
    let a = allocate(&s, &d);
    let p = project(&d, &standard, &h, &s, &a, 3);
    let of = |id| p.scorecard.iter().find(|t| t.id == id).unwrap();
    assert_eq!((of(TargetId::Water).plan, of(TargetId::Water).level_from), (Decimal::ONE, LevelFrom::Plan));
    assert_eq!(of(TargetId::HealthInsurance).level_from, LevelFrom::Law);
    for id in [TargetId::Schooling, TargetId::Sanitation, TargetId::Information] {
        assert_eq!(of(id).level_from, LevelFrom::NotStated);
        assert_eq!(of(id).level_remark(Lang::Vi), Some("mức minh họa: Kế hoạch 28 không nêu mức"));
    }
    for id in [TargetId::PovertyRateReduction, TargetId::NewRuralCommunes, TargetId::CadresTrained] {
        assert_eq!(of(id).level_remark(Lang::En), None);
    }
}
