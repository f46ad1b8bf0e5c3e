//! Each allocation rule on a four-commune dataset, table-driven, plus the diagnostics that
//! point at a source, program, line or commune.

mod common;

use common::note;
use gnbv_engine::allocation::{allocate, Allocation, Recipient};
use gnbv_engine::dataset::{CommuneCode, Dataset};
use gnbv_engine::diagnostics::{DiagnosticKind, Severity};
use gnbv_engine::funding::{Level, LoanTerms, Source, SourceId, SourceKind};
use gnbv_engine::line::{Band, CommuneOrder, Criteria, Demand, Line, Override, RoundingUnit, Rule, Weights};
use gnbv_engine::money::Dong;
use gnbv_engine::program::{CommuneFilter, Eligible, Program, ProgramGroup, ProgramId, Unit};
use gnbv_engine::scenario::{Scenario, VERSION};
use rust_decimal::Decimal;

/// Four communes: households, poor, near-poor, escaped (poverty rates 10 %, 5 %, 2 %, 0 %).
/// Code 4 is a phường (urban), the others xã; 1 and 2 are in the new-rural target.
fn dataset() -> Dataset {
    let communes = "gso_code,district_code,name,type,ntm_2019,people,households,poor_income,poor_multidimensional,near_poor,escaped_last_year,villages,poverty_cadres,info_staff\n\
        1,1,Một,xã,1,300,100,8,2,10,4,3,5,2\n\
        2,1,Hai,xã,1,600,200,6,4,5,2,3,5,2\n\
        3,1,Ba,xã,0,1500,500,8,2,20,0,3,5,2\n\
        4,1,Bốn,phường,0,1200,400,0,0,4,0,3,5,2\n";
    Dataset::from_csv(
        "test",
        "Thử",
        "code,name,type\n1,Alpha,huyện\n",
        communes,
        "scope,field,value,provenance,confidence,source\n",
    )
    .unwrap()
}

fn program(id: &str, eligible: Eligible, unit_cost: i64, entitlement: bool, share: Decimal) -> Program {
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
        state_share: share,
        entitlement,
        note: note(),
    }
}

fn grant(id: &str, amount: i64, uses: &[&str]) -> Source {
    Source {
        amount_confidence: None,
        id: SourceId(id.into()),
        name_vi: id.into(),
        name_en: id.into(),
        kind: SourceKind::Grant,
        level: Level::Province,
        amount: Dong::new(amount),
        uses: uses.iter().map(|u| ProgramId((*u).into())).collect(),
        loan: None,
        note: note(),
    }
}

fn scenario(sources: Vec<Source>, lines: Vec<Line>, overrides: Vec<Override>) -> Scenario {
    Scenario {
        version: VERSION,
        dataset: "test".into(),
        seed: 1,
        sources,
        programs: vec![
            // A per-commune activity: criteria lines split it in đồng.
            Program { unit: Unit::Commune, ..program("prog", Eligible::PoorHouseholds, 1_000, false, Decimal::ONE) },
            program("ent", Eligible::PoorPeople, 100, true, Decimal::new(7, 1)),
            // Bought by the household at 1,000 đ each: criteria lines hand out whole units.
            program("hh", Eligible::PoorHouseholds, 1_000, false, Decimal::ONE),
        ],
        lines,
        overrides,
        simulation: Default::default(),
        credit: Default::default(),
        later: Vec::new(),
        helpers: Default::default(),
    }
}

fn line(amount: i64, rule: Rule) -> Line {
    Line { source: SourceId("s".into()), program: ProgramId("prog".into()), amount: Dong::new(amount), rule }
}

fn run(lines: Vec<Line>, overrides: Vec<Override>) -> Allocation {
    let d = dataset();
    let s = scenario(vec![grant("s", 10_000_000_000, &["prog", "ent", "hh"])], lines, overrides);
    s.validate(&d).expect("valid scenario");
    allocate(&s, &d)
}

/// Amounts per commune 1..=4 on line 0 (0 where there is no cell).
fn amounts(a: &Allocation) -> [i64; 4] {
    let mut out = [0; 4];
    for c in a.cells_of(0) {
        if let Recipient::Commune(code) = c.recipient {
            out[code.0 as usize - 1] = c.amount.get();
        }
    }
    out
}

fn criteria(poor: i64, near: i64, escaped: i64, base: i64) -> Criteria {
    Criteria {
        weights: Weights { poor: poor.into(), near_poor: near.into(), escaped: escaped.into(), base: base.into() },
        bands: Vec::new(),
        communes: CommuneFilter::All,
        floor: Dong::ZERO,
        cap: None,
        rounding_unit: RoundingUnit::Dong,
    }
}

#[test]
fn criteria_rule_cases() {
    let with = |f: fn(&mut Criteria)| {
        let mut c = criteria(1, 0, 0, 0);
        f(&mut c);
        c
    };
    // poor: 10, 10, 10, 0; near-poor 10, 5, 20, 4; escaped 4, 2, 0, 0.
    let cases: Vec<(&str, i64, Criteria, [i64; 4], i64)> = vec![
        ("poor only, equal", 3_000, criteria(1, 0, 0, 0), [1_000, 1_000, 1_000, 0], 0),
        ("ties by GSO code", 100, criteria(1, 0, 0, 0), [34, 33, 33, 0], 0),
        ("base only", 1_000, criteria(0, 0, 0, 1), [250, 250, 250, 250], 0),
        ("near-poor", 3_900, criteria(0, 1, 0, 0), [1_000, 500, 2_000, 400], 0),
        // Points 24, 17, 30, 4 of 75: 928, 657.33, 1160, 154.67 → the last unit to the .67.
        ("mixed weights", 2_900, criteria(1, 1, 1, 0), [928, 657, 1_160, 155], 0),
        ("zero weights give nothing", 1_000, criteria(0, 0, 0, 0), [0, 0, 0, 0], 1_000),
        ("rural only", 900, with(|c| c.communes = CommuneFilter::Rural), [300, 300, 300, 0], 0),
        ("new-rural only", 900, with(|c| c.communes = CommuneFilter::NewRural2019), [450, 450, 0, 0], 0),
        (
            "band bonus: ≥ 5 % +10 points",
            4_000,
            // Rates 10 %, 5 %, 2 %, 0 %: points 20, 20, 10, 0.
            with(|c| c.bands = vec![Band { min_rate_percent: Decimal::from(5), bonus: Decimal::from(10) }]),
            [1_600, 1_600, 800, 0],
            0,
        ),
        (
            "highest band only",
            5_000,
            with(|c| {
                c.bands = vec![
                    Band { min_rate_percent: Decimal::from(1), bonus: Decimal::from(10) },
                    Band { min_rate_percent: Decimal::from(10), bonus: Decimal::from(20) },
                ]
            }),
            // Points 30, 20, 20, 0 of 70; two units left: .857 first, then the .571 tie by code.
            [2_143, 1_429, 1_428, 0],
            0,
        ),
        ("floor then points", 3_400, with(|c| c.floor = Dong::new(100)), [1_100, 1_100, 1_100, 100], 0),
        ("floors lowered to an equal share", 200, with(|c| c.floor = Dong::new(100)), [50, 50, 50, 50], 0),
        (
            "cap re-spreads the excess",
            3_000,
            {
                // Points 20, 15, 30, 4: commune 3 capped, then commune 1, then 1,000 by 15 : 4.
                let mut c = criteria(1, 1, 0, 0);
                c.cap = Some(Dong::new(1_000));
                c
            },
            [1_000, 789, 1_000, 211],
            0,
        ),
        (
            "every commune capped: leftover",
            3_000,
            with(|c| {
                c.cap = Some(Dong::new(500));
                c.communes = CommuneFilter::Rural;
            }),
            [500, 500, 500, 0],
            1_500,
        ),
        (
            "rounding to 1.000 đ, sub-unit part to the largest share",
            10_500,
            {
                let mut c = criteria(0, 1, 0, 0); // 10, 5, 20, 4 of 39
                c.rounding_unit = RoundingUnit::Thousand;
                c
            },
            [3_000, 1_000, 5_500, 1_000],
            0,
        ),
        (
            "rounding to 1.000.000 đ",
            3_000_000,
            {
                let mut c = criteria(1, 0, 0, 0);
                c.rounding_unit = RoundingUnit::Million;
                c
            },
            [1_000_000, 1_000_000, 1_000_000, 0],
            0,
        ),
        (
            "floors and caps together",
            2_000,
            with(|c| {
                c.floor = Dong::new(200);
                c.cap = Some(Dong::new(600));
            }),
            [600, 600, 600, 200],
            0,
        ),
    ];
    for (name, amount, rule, expected, leftover) in cases {
        let a = run(vec![line(amount, Rule::Criteria(rule))], vec![]);
        assert_eq!(amounts(&a), expected, "case {name}");
        assert_eq!(a.lines[0].leftover, Dong::new(leftover), "case {name}");
        assert_eq!(a.lines[0].allocated + a.lines[0].leftover, Dong::new(amount), "case {name}");
    }
}

#[test]
fn floors_that_cannot_be_met_are_reported() {
    let mut c = criteria(1, 0, 0, 0);
    c.floor = Dong::new(100);
    let a = run(vec![line(200, Rule::Criteria(c))], vec![]);
    assert!(a.diagnostics.iter().any(|d| matches!(d.kind, DiagnosticKind::FloorsNotMet { communes: 4, .. })));
}

fn demand(priority: &[Eligible], order: CommuneOrder, unit_cost: Option<i64>) -> Rule {
    Rule::Demand(Demand {
        priority: priority.to_vec(),
        order,
        communes: CommuneFilter::All,
        unit_cost: unit_cost.map(Dong::new),
    })
}

#[test]
fn demand_rule_cases() {
    use CommuneOrder::{Code, PoorDesc, PovertyRateDesc};
    use Eligible::{NearPoorHouseholds, PoorHouseholds};
    let cases: Vec<(&str, i64, Rule, [i64; 4], i64)> = vec![
        ("all funded", 30_000, demand(&[PoorHouseholds], Code, None), [10_000, 10_000, 10_000, 0], 0),
        ("money runs out, code order", 15_500, demand(&[PoorHouseholds], Code, None), [10_000, 5_000, 0, 0], 500),
        ("highest rate first", 15_000, demand(&[PoorHouseholds], PovertyRateDesc, None), [10_000, 5_000, 0, 0], 0),
        ("most poor first, ties by code", 15_000, demand(&[PoorHouseholds], PoorDesc, None), [10_000, 5_000, 0, 0], 0),
        (
            "poor before near-poor",
            35_000,
            demand(&[PoorHouseholds, NearPoorHouseholds], Code, None),
            [15_000, 10_000, 10_000, 0],
            0,
        ),
        ("line unit cost", 60_000, demand(&[PoorHouseholds], Code, Some(3_000)), [30_000, 30_000, 0, 0], 0),
        ("nothing", 0, demand(&[PoorHouseholds], Code, None), [0, 0, 0, 0], 0),
    ];
    for (name, amount, rule, expected, leftover) in cases {
        let a = run(vec![line(amount, rule)], vec![]);
        assert_eq!(amounts(&a), expected, "case {name}");
        assert_eq!(a.lines[0].leftover, Dong::new(leftover), "case {name}");
    }
    let a = run(vec![line(15_000, demand(&[PoorHouseholds], Code, None))], vec![]);
    assert!(a.diagnostics.iter().any(|d| d.kind == DiagnosticKind::DemandUnmet { funded: 15, eligible: 30 }));
}

#[test]
fn entitlement_rule_funds_the_legal_cost_or_shares_a_shortfall() {
    // Poor people: 10 × 3 = 30, 10 × 3 = 30, 10 × 3 = 30, 0; 100 đ × 70 % = 70 đ each.
    let ent = |amount: i64| Line {
        source: SourceId("s".into()),
        program: ProgramId("ent".into()),
        amount: Dong::new(amount),
        rule: Rule::Entitlement,
    };
    let a = run(vec![ent(6_300)], vec![]);
    assert_eq!(amounts(&a), [2_100, 2_100, 2_100, 0]);
    assert_eq!(a.entitlements[0].cost, Dong::new(6_300));
    assert_eq!(a.entitlements[0].units, 90);
    assert_eq!(a.entitlements[0].shortfall, Dong::ZERO);
    let a = run(vec![ent(6_000)], vec![]);
    assert_eq!(amounts(&a), [2_000, 2_000, 2_000, 0]);
    assert_eq!(a.entitlements[0].shortfall, Dong::new(300));
    let unfunded: Vec<_> =
        a.diagnostics.iter().filter(|d| matches!(d.kind, DiagnosticKind::EntitlementUnfunded { .. })).collect();
    assert_eq!(unfunded.len(), 1);
    assert_eq!(unfunded[0].severity, Severity::Error);
    assert_eq!(unfunded[0].program.as_ref().map(|p| p.0.as_str()), Some("ent"));
    assert!(unfunded[0].message_vi.contains("thiếu 300 ₫"), "{}", unfunded[0].message_vi);
}

#[test]
fn province_level_keeps_the_money_at_the_province() {
    let a = run(vec![line(5_000, Rule::ProvinceLevel)], vec![]);
    let cells: Vec<_> = a.cells_of(0).collect();
    assert_eq!(cells.len(), 1);
    assert_eq!(cells[0].recipient, Recipient::Province);
    assert_eq!(cells[0].amount, Dong::new(5_000));
}

fn lock(commune: u32, amount: i64) -> Override {
    Override {
        source: SourceId("s".into()),
        program: ProgramId("prog".into()),
        commune: CommuneCode(commune),
        amount: Dong::new(amount),
        reason: "council decision".into(),
    }
}

#[test]
fn locked_cells_are_kept_and_the_rest_re_spread() {
    let rule = Rule::Criteria(criteria(1, 0, 0, 0));
    let a = run(vec![line(3_000, rule.clone())], vec![lock(1, 400)]);
    assert_eq!(amounts(&a), [400, 1_300, 1_300, 0]);
    assert!(a.cells_of(0).find(|c| c.recipient == Recipient::Commune(CommuneCode(1))).unwrap().locked);
    // A locked zero is kept too: the commune gets nothing.
    let a = run(vec![line(3_000, rule.clone())], vec![lock(2, 0)]);
    assert_eq!(amounts(&a), [1_500, 0, 1_500, 0]);
    // Locked cells above the line's amount: an error, and nothing else is spread.
    let a = run(vec![line(300, rule.clone())], vec![lock(1, 400)]);
    assert_eq!(amounts(&a), [400, 0, 0, 0]);
    assert!(a
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error && matches!(d.kind, DiagnosticKind::OverridesExceedLine { .. })));
    // A locked amount for a commune outside the rule's reach: kept, with a warning on that commune.
    let mut rural = criteria(1, 0, 0, 0);
    rural.communes = CommuneFilter::Rural;
    let a = run(vec![line(3_000, Rule::Criteria(rural))], vec![lock(4, 300)]);
    assert_eq!(amounts(&a), [900, 900, 900, 300]);
    let d = a.diagnostics.iter().find(|d| d.kind == DiagnosticKind::OverrideOutsideRule).unwrap();
    assert_eq!(d.commune, Some(CommuneCode(4)));
}

#[test]
fn source_diagnostics_point_at_the_source_and_line() {
    let d = dataset();
    let mut s = scenario(
        vec![grant("s", 1_000, &["ent"])], // may not pay for "prog"
        vec![line(1_500, Rule::ProvinceLevel)],
        vec![],
    );
    let a = allocate(&s, &d);
    let kinds: Vec<_> = a.diagnostics.iter().map(|d| (&d.kind, d.severity, d.line)).collect();
    assert!(kinds.contains(&(&DiagnosticKind::IneligibleUse, Severity::Error, Some(0))));
    assert!(kinds.contains(&(
        &DiagnosticKind::OverCommitted { available: Dong::new(1_000), committed: Dong::new(1_500) },
        Severity::Error,
        None
    )));
    // The entitlement program has no line at all: unfunded, pointing at the program only.
    let (unfunded, rest): (Vec<_>, Vec<_>) =
        a.diagnostics.iter().partition(|d| matches!(d.kind, DiagnosticKind::EntitlementUnfunded { .. }));
    assert_eq!(unfunded.len(), 1);
    assert_eq!((unfunded[0].source.as_ref(), unfunded[0].program.as_ref().map(|p| p.0.as_str())), (None, Some("ent")));
    assert!(rest.iter().all(|d| d.source.as_ref().map(|s| s.0.as_str()) == Some("s")));
    s.sources[0].amount = Dong::new(2_000);
    s.sources[0].uses.push(ProgramId("prog".into()));
    s.programs[1].entitlement = false;
    let a = allocate(&s, &d);
    assert_eq!(a.diagnostics.len(), 1);
    assert_eq!(a.diagnostics[0].kind, DiagnosticKind::Unassigned { amount: Dong::new(500) });
    assert_eq!(a.sources[0].remaining, Dong::new(500));
}

#[test]
fn loans_above_the_cap_are_errors() {
    let d = dataset();
    let mut loan = grant("s", 10_000_000, &["prog"]);
    loan.kind = SourceKind::Loan;
    loan.loan = Some(LoanTerms {
        cap_per_household: Dong::new(2_000),
        interest_rate_per_year: Decimal::new(66, 3),
        term_months: 60,
        purpose: None,
        book: None,
    });
    let s = scenario(
        vec![loan],
        vec![line(30_000, demand(&[Eligible::PoorHouseholds], CommuneOrder::Code, Some(3_000)))],
        vec![],
    );
    s.validate(&d).unwrap();
    let a = allocate(&s, &d);
    assert!(a.diagnostics.iter().any(|d| d.severity == Severity::Error
        && d.kind == DiagnosticKind::LoanAboveCap { per_household: Dong::new(3_000), cap: Dong::new(2_000) }));
    // Criteria lines are checked commune by commune: 30,000 ₫ for 10 poor households each.
    let mut s = s;
    s.lines[0] = line(90_000, Rule::Criteria(criteria(1, 0, 0, 0)));
    let a = allocate(&s, &d);
    let above: Vec<_> = a
        .diagnostics
        .iter()
        .filter(|d| matches!(d.kind, DiagnosticKind::LoanAboveCap { .. }))
        .map(|d| d.commune)
        .collect();
    assert_eq!(above, [Some(CommuneCode(1)), Some(CommuneCode(2)), Some(CommuneCode(3))]);
}

/// A program bought by the unit: a criteria line hands out whole units (units × unit cost per
/// commune, largest remainder over units, ties by GSO code) and keeps what is less than one
/// unit, with a warning; the projection reads exactly those units.
#[test]
fn unit_costed_lines_hand_out_whole_units() {
    let hh = |amount: i64, rule: Rule| Line { program: ProgramId("hh".into()), ..line(amount, rule) };
    // poor: 10, 10, 10, 0 → equal points on the first three communes.
    let cases: &[(&str, i64, [i64; 4], i64)] = &[
        ("exact", 3_000, [1_000, 1_000, 1_000, 0], 0),
        ("one unit over three: the lowest code", 1_000, [1_000, 0, 0, 0], 0),
        ("two units and change", 2_999, [1_000, 1_000, 0, 0], 999),
        ("less than a unit buys nothing", 999, [0, 0, 0, 0], 999),
    ];
    for &(name, amount, expected, left) in cases {
        let a = run(vec![hh(amount, Rule::Criteria(criteria(1, 0, 0, 0)))], vec![]);
        assert_eq!(amounts(&a), expected, "case {name}");
        assert_eq!(a.lines[0].leftover.get(), left, "case {name}");
        for c in a.cells_of(0) {
            assert_eq!(c.units, Some((c.amount.get() / 1_000) as u64), "case {name}: units");
            assert_eq!(c.amount.get() % 1_000, 0, "case {name}: whole units");
        }
        let warned = a.diagnostics.iter().any(|d| matches!(d.kind, DiagnosticKind::PartUnitLeft { .. }));
        assert_eq!(warned, left > 0, "case {name}: the leftover is reported");
    }
}

/// A rural-only program (rural clean water, Decision 1205/QĐ-TTg) skips the phường whatever
/// its line's filter; the same line of an ordinary program reaches it.
#[test]
fn rural_only_programs_reach_xa_only() {
    let prog = |rural_only: bool| {
        let mut s = scenario(
            vec![grant("s", 10_000_000_000, &["prog", "ent", "hh"])],
            vec![line(1_000, Rule::Criteria(criteria(0, 0, 0, 1)))],
            vec![],
        );
        s.programs[0].rural_only = rural_only;
        s.validate(&dataset()).unwrap();
        amounts(&allocate(&s, &dataset()))
    };
    let cases: &[(bool, [i64; 4])] = &[(false, [250, 250, 250, 250]), (true, [334, 333, 333, 0])];
    for &(rural_only, expected) in cases {
        assert_eq!(prog(rural_only), expected, "case rural_only={rural_only}");
    }
}
