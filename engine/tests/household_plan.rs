//! The commune's household plan: the same targeting as the projection, its amounts, helpers,
//! coverage and the district roll-up.

mod common;

use common::{builtin_ref, default_scenario};
use gnbv_engine::allocation::{allocate, Allocation};
use gnbv_engine::dataset::CommuneCode;
use gnbv_engine::household_plan::{
    commune_index, Coverage, DistrictRollup, Helpers, HouseholdPlans, Organisation, PlanPopulation, Standing,
    SupportKind,
};
use gnbv_engine::households::Households;
use gnbv_engine::money::Dong;
use gnbv_engine::population::synthesize;
use gnbv_engine::scenario::Scenario;
use gnbv_engine::simulation::Model;
use gnbv_engine::standard::PovertyStandard;
use std::sync::OnceLock;

struct Fixture {
    scenario: Scenario,
    households: Households,
    allocation: Allocation,
    standard: PovertyStandard,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let d = builtin_ref();
        let scenario = default_scenario();
        let standard = PovertyStandard::qd59_2015();
        let households = synthesize(d, &standard, scenario.seed);
        let allocation = allocate(&scenario, d);
        Fixture { scenario, households, allocation, standard }
    })
}

fn model() -> Model<'static> {
    let f = fixture();
    Model::new(builtin_ref(), &f.standard, &f.households, &f.scenario, &f.allocation)
}

#[test]
fn the_plan_reaches_exactly_the_households_the_projection_targets() {
    let f = fixture();
    let d = builtin_ref();
    let m = model();
    let plans = HouseholdPlans::new(&m, &f.scenario, d, &f.allocation, &f.standard);
    let mut reached: std::collections::BTreeMap<String, u64> = std::collections::BTreeMap::new();
    let mut poor = 0;
    for i in 0..d.communes().len() {
        let p = plans.commune(i, &Helpers::new()).expect("a commune of the dataset");
        for t in &p.totals {
            let program = &p.programs[usize::from(t.program)];
            if program.modelled {
                *reached.entry(program.name.key.clone()).or_default() += t.households;
            }
        }
        poor += p.coverage.poor;
        // Its poor households are the commune's baseline poor, which the synthetic population
        // reproduces exactly.
        assert_eq!(p.coverage.poor, d.communes()[i].counts.poor(), "{}", p.commune_name);
        assert_eq!(p.coverage.near_poor, d.communes()[i].counts.near_poor, "{}", p.commune_name);
    }
    assert_eq!(poor, d.province_counts().poor());
    for (program, count) in &m.reached {
        assert_eq!(reached.get(&program.0).copied().unwrap_or(0), *count, "households {program} reaches");
    }
    assert!(m.reached.iter().any(|(_, c)| *c > 1_000), "the default scenario reaches households");
}

#[test]
fn amounts_follow_the_programs_costs_and_the_loans_caps() {
    let f = fixture();
    let d = builtin_ref();
    let m = model();
    let plans = HouseholdPlans::new(&m, &f.scenario, d, &f.allocation, &f.standard);
    let index = commune_index(d, d.communes()[40].code).expect("known commune");
    let p = plans.commune(index, &Helpers::new()).expect("a plan");
    assert_eq!(p.population, PlanPopulation::Synthetic);
    assert!(p.population.describe(gnbv_engine::format::Lang::Vi).contains("MINH HỌA"));
    let key = |s: &gnbv_engine::household_plan::Support| p.programs[usize::from(s.program)].name.key.as_str();
    let mut loans = 0;
    for h in &p.households {
        for s in &h.supports {
            match key(s) {
                // A member each at the premium the state pays.
                "health_insurance_poor" => {
                    assert_eq!(h.standing, Standing::Poor);
                    assert_eq!(s.amount, Dong::new(777_600 * i64::from(h.members)));
                    assert_eq!(s.milli_units, 1_000 * u64::from(h.members));
                }
                "tuition_reduction" => {
                    // Half the fee for 0.4 pupils on average, due by eligibility.
                    assert_eq!(h.standing, Standing::NearPoor);
                    assert_eq!(s.amount, Dong::new(90_000));
                }
                _ => {}
            }
            let program = &p.programs[usize::from(s.program)];
            if program.kind == SupportKind::Loan {
                loans += 1;
                let cap = s
                    .sources
                    .iter()
                    .filter_map(|&i| f.scenario.sources.iter().find(|x| x.id.0 == p.sources[usize::from(i)].key))
                    .filter_map(|x| x.loan.as_ref())
                    .map(|l| l.cap_per_household)
                    .max()
                    .expect("a loan's source lends");
                assert!(s.amount <= cap && s.amount > Dong::ZERO, "{} within {}", s.amount.get(), cap.get());
            }
        }
        assert_eq!(h.unaddressed & !h.deprivations, 0);
    }
    assert!(loans > 0, "some households of the commune borrow");
    // Totals add up to the households' supports.
    let sum: Dong = p.households.iter().map(|h| h.total() + h.loans()).sum();
    assert_eq!(p.coverage.amount + p.coverage.loans, sum);
    assert_eq!(p.totals.iter().map(|t| t.amount).sum::<Dong>(), sum);
}

#[test]
fn helpers_follow_the_rule_unless_chosen() {
    let f = fixture();
    let d = builtin_ref();
    let m = model();
    let plans = HouseholdPlans::new(&m, &f.scenario, d, &f.allocation, &f.standard);
    let p = plans.commune(3, &Helpers::new()).expect("a plan");
    for h in &p.households {
        assert_eq!(h.helper, Organisation::default_for(h.causes));
        assert!(!h.helper_chosen);
    }
    let first = p.households[0].id.clone();
    let chosen = if p.households[0].helper == Organisation::YouthUnion {
        Organisation::WomensUnion
    } else {
        Organisation::YouthUnion
    };
    let helpers: Helpers = [(first.clone(), chosen)].into_iter().collect();
    let again = plans.commune(3, &helpers).expect("a plan");
    assert_eq!(again.households[0].helper, chosen);
    assert!(again.households[0].helper_chosen);
    assert_eq!(again.households[1..], p.households[1..]);
    assert_eq!(Organisation::default_for(0), Organisation::FatherlandFront);
    for o in Organisation::ALL {
        assert_eq!(Organisation::from_key(o.key()), Some(o));
    }
}

#[test]
fn a_district_rolls_up_its_communes() {
    let f = fixture();
    let d = builtin_ref();
    let m = model();
    let plans = HouseholdPlans::new(&m, &f.scenario, d, &f.allocation, &f.standard);
    let district = &d.districts()[2];
    let communes = plans.district(district.code, &Helpers::new());
    assert_eq!(communes.len(), d.communes().iter().filter(|c| c.district == district.code).count());
    let rollup = DistrictRollup::of(district.code, &district.full_name(), &communes);
    let mut sum = Coverage::default();
    for p in &communes {
        sum.add(&p.coverage);
        assert!(p.coverage.all_addressed <= p.coverage.deprived);
        assert!(p.coverage.cause_unmatched <= p.coverage.with_cause);
    }
    assert_eq!(rollup.total, sum);
    assert_eq!(rollup.communes.len(), communes.len());
    assert!(plans.commune(d.communes().len(), &Helpers::new()).is_none());
    assert!(commune_index(d, CommuneCode(1)).is_none());
}
