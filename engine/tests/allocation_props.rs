//! Properties of the allocation on generated datasets and scenarios (1,000 cases each):
//! every đồng accounted for, no negative amounts, zero weight gives zero, the order of the
//! communes does not matter, the same input gives the same output, locked cells are kept.

mod common;

use common::note;
use gnbv_engine::allocation::{allocate, Allocation, Recipient};
use gnbv_engine::dataset::{CommuneCode, Dataset};
use gnbv_engine::funding::{Level, LoanTerms, Source, SourceId, SourceKind};
use gnbv_engine::line::{Band, CommuneOrder, Criteria, Demand, Line, Override, RoundingUnit, Rule, Weights};
use gnbv_engine::money::Dong;
use gnbv_engine::program::{CommuneFilter, Eligible, Program, ProgramGroup, ProgramId, Unit};
use gnbv_engine::scenario::{Scenario, VERSION};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// A commune's kind (0 xã, 1 phường, 2 thị trấn), households, poor, near-poor, escaped, and
/// whether a xã is in the new-rural target.
type CommuneRow = (u8, u64, u64, u64, u64, bool);

fn communes_csv(rows: &[(u32, CommuneRow)]) -> String {
    let mut s = String::from("gso_code,district_code,name,type,ntm_2019,people,households,poor_income,poor_multidimensional,near_poor,escaped_last_year,villages,poverty_cadres,info_staff\n");
    for &(code, (kind, households, poor, near, escaped, ntm)) in rows {
        let poor = poor.min(households / 2);
        let near = near.min(households - poor);
        let escaped = escaped.min(households);
        let kind_word = ["xã", "phường", "thị trấn"][kind as usize];
        let ntm = u8::from(kind == 0 && ntm);
        s.push_str(&format!(
            "{code},1,C{code},{kind_word},{ntm},{},{households},{},{},{near},{escaped},3,5,2\n",
            households * 3,
            poor - poor / 3,
            poor / 3
        ));
    }
    s
}

fn dataset(rows: &[(u32, CommuneRow)]) -> Dataset {
    Dataset::from_csv(
        "gen",
        "Thử",
        "code,name,type\n1,A,huyện\n",
        &communes_csv(rows),
        "scope,field,value,provenance,confidence,source\n",
    )
    .expect("generated dataset is valid")
}

const ELIGIBLE: [Eligible; 9] = [
    Eligible::PoorHouseholds,
    Eligible::NearPoorHouseholds,
    Eligible::EscapedHouseholds,
    Eligible::PoorAndNearPoorHouseholds,
    Eligible::PoorPeople,
    Eligible::NearPoorPeople,
    Eligible::PovertyCadres,
    Eligible::InfoStaff,
    Eligible::Communes,
];

fn filter() -> impl Strategy<Value = CommuneFilter> {
    prop_oneof![Just(CommuneFilter::All), Just(CommuneFilter::Rural), Just(CommuneFilter::NewRural2019)]
}

fn weight() -> impl Strategy<Value = Decimal> {
    prop_oneof![2 => Just(Decimal::ZERO), 3 => (0i64..10_000).prop_map(|x| Decimal::new(x, 2))]
}

fn criteria() -> impl Strategy<Value = Rule> {
    (
        (weight(), weight(), weight(), weight()),
        prop::collection::vec((0i64..1_000, weight()), 0..3),
        filter(),
        prop_oneof![Just(RoundingUnit::Dong), Just(RoundingUnit::Thousand), Just(RoundingUnit::Million)],
        0i64..2_000,
        prop::option::of(0i64..5_000),
    )
        .prop_map(|((poor, near_poor, escaped, base), bands, communes, rounding_unit, floor, extra)| {
            let unit = rounding_unit.dong();
            Rule::Criteria(Criteria {
                weights: Weights { poor, near_poor, escaped, base },
                bands: bands
                    .into_iter()
                    .map(|(rate, bonus)| Band { min_rate_percent: Decimal::new(rate, 2), bonus })
                    .collect(),
                communes,
                floor: Dong::new(floor * unit),
                cap: extra.map(|e| Dong::new((floor + e) * unit)),
                rounding_unit,
            })
        })
}

fn demand() -> impl Strategy<Value = Rule> {
    (
        prop::sample::subsequence(ELIGIBLE.to_vec(), 1..4).prop_shuffle(),
        prop_oneof![Just(CommuneOrder::PovertyRateDesc), Just(CommuneOrder::PoorDesc), Just(CommuneOrder::Code)],
        filter(),
        prop::option::of(1i64..10_000_000),
    )
        .prop_map(|(priority, order, communes, unit_cost)| {
            Rule::Demand(Demand { priority, order, communes, unit_cost: unit_cost.map(Dong::new) })
        })
}

fn rule() -> impl Strategy<Value = Rule> {
    prop_oneof![4 => criteria(), 3 => demand(), 1 => Just(Rule::Entitlement), 1 => Just(Rule::ProvinceLevel)]
}

fn program(id: &str, eligible: Eligible, unit_cost: i64, share: i64, entitlement: bool) -> Program {
    Program {
        rural_only: false,
        id: ProgramId(id.into()),
        name_vi: id.into(),
        name_en: id.into(),
        group: ProgramGroup::Policy,
        lead_vi: String::new(),
        lead_en: String::new(),
        unit: Unit::Household,
        unit_cost: Dong::new(unit_cost),
        eligible,
        units_per_beneficiary: Decimal::ONE,
        state_share: Decimal::new(share, 2),
        entitlement,
        note: note(),
    }
}

/// A generated case: the dataset's rows (codes 100, 101, …), a permutation of them, and a
/// scenario over them.
#[derive(Debug, Clone)]
struct Case {
    rows: Vec<(u32, CommuneRow)>,
    shuffled: Vec<(u32, CommuneRow)>,
    scenario: Scenario,
}

fn case() -> impl Strategy<Value = Case> {
    let rows = prop::collection::vec((0u8..3, 1u64..3_000, 0u64..400, 0u64..400, 0u64..100, any::<bool>()), 1..16);
    rows.prop_flat_map(|rows| {
        let n = rows.len();
        let rows: Vec<(u32, CommuneRow)> = rows.into_iter().enumerate().map(|(i, r)| (100 + i as u32, r)).collect();
        let lines = prop::collection::vec((0usize..2, 0usize..3, 0i64..10_000_000_000, rule()), 0..7);
        let overrides = prop::collection::vec((0usize..7, 0..n, 0i64..1_000_000_000), 0..5);
        (
            Just(rows.clone()),
            Just(rows).prop_shuffle(),
            (1i64..5_000_000, 1i64..5_000_000, 0i64..=100, 1i64..200_000_000),
            prop::sample::select(ELIGIBLE.to_vec()),
            0i64..30_000_000_000,
            0i64..30_000_000_000,
            lines,
            overrides,
        )
    })
    .prop_map(|(rows, shuffled, (cost_a, cost_b, share, cap), eligible, grant, loan, lines, overrides)| {
        let programs = vec![
            program("a", eligible, cost_a, 100, false),
            program("b", Eligible::NearPoorPeople, cost_b, share, true),
            program("c", Eligible::Communes, cost_a, 100, false),
        ];
        let uses = |ids: &[&str]| ids.iter().map(|u| ProgramId((*u).into())).collect::<Vec<_>>();
        let sources = vec![
            Source {
                amount_confidence: None,
                id: SourceId("g".into()),
                name_vi: "g".into(),
                name_en: "g".into(),
                kind: SourceKind::Grant,
                level: Level::Province,
                amount: Dong::new(grant),
                uses: uses(&["a", "b"]),
                loan: None,
                note: note(),
            },
            Source {
                amount_confidence: None,
                id: SourceId("l".into()),
                name_vi: "l".into(),
                name_en: "l".into(),
                kind: SourceKind::Loan,
                level: Level::Province,
                amount: Dong::new(loan),
                uses: uses(&["a", "c"]),
                loan: Some(LoanTerms {
                    cap_per_household: Dong::new(cap),
                    interest_rate_per_year: Decimal::new(66, 3),
                    term_months: 60,
                    purpose: None,
                    book: None,
                }),
                note: note(),
            },
        ];
        let mut seen = std::collections::HashSet::new();
        let lines: Vec<Line> = lines
            .into_iter()
            .filter(|(s, p, _, _)| seen.insert((*s, *p)))
            .map(|(s, p, amount, rule)| Line {
                source: SourceId(["g", "l"][s].into()),
                program: ProgramId(["a", "b", "c"][p].into()),
                amount: Dong::new(amount),
                rule,
            })
            .collect();
        let mut cells = std::collections::HashSet::new();
        let overrides: Vec<Override> = overrides
            .into_iter()
            .filter(|(l, c, _)| *l < lines.len() && cells.insert((*l, *c)))
            .map(|(l, c, amount)| Override {
                source: lines[l].source.clone(),
                program: lines[l].program.clone(),
                commune: CommuneCode(rows[c].0),
                amount: Dong::new(amount),
                reason: "generated".into(),
            })
            .collect();
        let scenario = Scenario {
            version: VERSION,
            dataset: "gen".into(),
            seed: 7,
            sources,
            programs,
            lines,
            overrides,
            simulation: Default::default(),
            credit: Default::default(),
            later: Vec::new(),
            helpers: Default::default(),
        };
        Case { rows, shuffled, scenario }
    })
}

fn run(case: &Case) -> (Dataset, Allocation) {
    let d = dataset(&case.rows);
    case.scenario.validate(&d).expect("generated scenario is valid");
    let a = allocate(&case.scenario, &d);
    (d, a)
}

/// Amount per (line, recipient).
fn by_cell(a: &Allocation) -> BTreeMap<(usize, Recipient), (Dong, bool)> {
    a.cells.iter().map(|c| ((c.line, c.recipient), (c.amount, c.locked))).collect()
}

fn config() -> ProptestConfig {
    ProptestConfig { cases: 1_000, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_dong_is_accounted_for(case in case()) {
        let (_, a) = run(&case);
        for (i, line) in a.lines.iter().enumerate() {
            let cells: Dong = a.cells_of(i).map(|c| c.amount).sum();
            prop_assert_eq!(cells, line.allocated, "line {}", i);
            prop_assert_eq!(line.allocated + line.leftover, line.amount, "line {}", i);
        }
        for (source, balance) in case.scenario.sources.iter().zip(&a.sources) {
            let placed: Dong = a.cells.iter().filter(|c| case.scenario.lines[c.line].source == source.id).map(|c| c.amount).sum();
            prop_assert_eq!(placed, balance.allocated);
            prop_assert_eq!(balance.available - balance.allocated, balance.remaining);
            let committed: Dong = case.scenario.lines.iter().filter(|l| l.source == source.id).map(|l| l.amount).sum();
            prop_assert_eq!(committed, balance.committed);
        }
    }

    /// A line of a program bought by the unit places whole units in every commune (its
    /// locked cells excepted), and says how many: the units the projection reads.
    #[test]
    fn unit_costed_lines_place_whole_units(case in case()) {
        let (_, a) = run(&case);
        for (i, line) in case.scenario.lines.iter().enumerate() {
            let program = case.scenario.program(&line.program).unwrap();
            if !matches!(line.rule, Rule::Criteria(_)) || !gnbv_engine::allocation::buys_whole_units(program) {
                continue;
            }
            let unit = program.unit_cost.get();
            for c in a.cells_of(i).filter(|c| !c.locked) {
                prop_assert_eq!(c.amount.get() % unit, 0, "line {} cell {:?}", i, c.recipient);
                prop_assert_eq!(c.units, Some((c.amount.get() / unit) as u64));
            }
        }
    }

    #[test]
    fn no_amount_is_negative(case in case()) {
        let (_, a) = run(&case);
        prop_assert!(a.cells.iter().all(|c| c.amount >= Dong::ZERO));
        for (i, line) in a.lines.iter().enumerate() {
            let locked: Dong = a.cells_of(i).filter(|c| c.locked).map(|c| c.amount).sum();
            // A line only goes negative when its locked cells alone exceed it, and then by exactly that much.
            if line.leftover < Dong::ZERO {
                prop_assert_eq!(line.allocated, locked);
            }
        }
        prop_assert!(a.entitlements.iter().all(|e| e.shortfall >= Dong::ZERO && e.cost >= Dong::ZERO));
    }

    #[test]
    fn zero_weight_gives_zero(case in case()) {
        let (d, a) = run(&case);
        for (i, line) in case.scenario.lines.iter().enumerate() {
            if line.amount == Dong::ZERO {
                prop_assert!(a.cells_of(i).all(|c| c.locked || c.amount == Dong::ZERO));
            }
            let Rule::Criteria(rule) = &line.rule else { continue };
            if rule.floor != Dong::ZERO || rule.weights.base != Decimal::ZERO {
                continue;
            }
            for commune in d.communes() {
                let c = &commune.counts;
                let rate = c.poor_rate().unwrap() * Decimal::ONE_HUNDRED;
                let zero = (rule.weights.poor.is_zero() || c.poor() == 0)
                    && (rule.weights.near_poor.is_zero() || c.near_poor == 0)
                    && (rule.weights.escaped.is_zero() || c.escaped_last_year == 0)
                    && rule.bands.iter().all(|b| b.bonus.is_zero() || rate < b.min_rate_percent);
                let cell = a.cells_of(i).find(|x| x.recipient == Recipient::Commune(commune.code));
                if zero && !cell.is_some_and(|x| x.locked) {
                    // The only money a zero-point commune may hold is the sub-unit rounding
                    // remainder, which goes to the largest share: never to a zero share.
                    prop_assert!(cell.is_none(), "commune {} got {:?}", commune.code, cell);
                }
            }
        }
    }

    #[test]
    fn the_order_of_communes_does_not_matter(case in case()) {
        let (_, a) = run(&case);
        let b = allocate(&case.scenario, &dataset(&case.shuffled));
        prop_assert_eq!(by_cell(&a), by_cell(&b));
        prop_assert_eq!(&a.lines, &b.lines);
        prop_assert_eq!(&a.entitlements, &b.entitlements);
        prop_assert_eq!(a.diagnostics.len(), b.diagnostics.len());
    }

    #[test]
    fn the_same_input_gives_the_same_output(case in case()) {
        let (d, a) = run(&case);
        prop_assert_eq!(&a, &allocate(&case.scenario, &d));
        // Through the file format too.
        let reread = Scenario::from_json(&case.scenario.to_json(), &d).expect("round trip");
        prop_assert_eq!(&reread, &case.scenario);
        prop_assert_eq!(&a, &allocate(&reread, &d));
    }

    #[test]
    fn locked_cells_are_kept(case in case()) {
        let (_, a) = run(&case);
        let cells = by_cell(&a);
        for o in &case.scenario.overrides {
            let line = case.scenario.lines.iter().position(|l| l.source == o.source && l.program == o.program).unwrap();
            prop_assert_eq!(cells.get(&(line, Recipient::Commune(o.commune))), Some(&(o.amount, true)));
        }
        prop_assert_eq!(a.cells.iter().filter(|c| c.locked).count(), case.scenario.overrides.len());
    }
}
