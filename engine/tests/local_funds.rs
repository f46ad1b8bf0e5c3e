//! Funds held by districts and communes (the Day for the Poor fund, plan III and
//! `docs/allocation.md`): a district's fund is spent only in its communes, a commune's only in
//! the commune, and a line that asks for more than a locality holds is an error. Also the
//! social-policy households of the electricity support and the commune file's optional columns.

mod common;

use common::note;
use gnbv_engine::allocation::{allocate, Allocation, Locality, Recipient};
use gnbv_engine::dataset::{CommuneCode, Dataset, DistrictCode};
use gnbv_engine::diagnostics::{DiagnosticKind, Severity};
use gnbv_engine::format::Lang;
use gnbv_engine::funding::{Level, Source, SourceId, SourceKind};
use gnbv_engine::import::{import_communes, ProblemKind};
use gnbv_engine::line::{CommuneOrder, Criteria, Demand, Line, Override, RoundingUnit, Rule, Weights};
use gnbv_engine::money::Dong;
use gnbv_engine::program::{CommuneFilter, Eligible, Program, ProgramGroup, ProgramId, Unit};
use gnbv_engine::scenario::{Scenario, VERSION};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Two districts: Alpha (communes 1, 2, 3) and Beta (commune 4). District funds 600 and 200;
/// commune funds 100, 300, 0 and 50. Commune 3 has the most poor households.
fn dataset() -> Dataset {
    let communes = "gso_code,district_code,name,type,ntm_2019,people,households,poor_income,poor_multidimensional,near_poor,escaped_last_year,villages,poverty_cadres,info_staff,social_protection,day_for_poor_fund\n\
        1,1,Một,xã,1,300,100,2,0,10,4,3,5,2,3,100\n\
        2,1,Hai,xã,1,600,200,4,0,5,2,3,5,2,0,300\n\
        3,1,Ba,xã,0,1500,500,40,0,20,0,3,5,2,7,0\n\
        4,2,Bốn,xã,0,1200,400,4,0,4,0,3,5,2,1,50\n";
    Dataset::from_csv(
        "test",
        "Thử",
        "code,name,type,day_for_poor_fund\n1,Alpha,huyện,600\n2,Beta,huyện,200\n",
        communes,
        "scope,field,value,provenance,confidence,source\n",
    )
    .unwrap()
}

fn source(id: &str, level: Level, amount: i64) -> Source {
    Source {
        amount_confidence: None,
        id: SourceId(id.into()),
        name_vi: id.into(),
        name_en: id.into(),
        kind: SourceKind::Grant,
        level,
        amount: Dong::new(amount),
        uses: vec![ProgramId("prog".into()), ProgramId("other".into()), ProgramId("hh".into())],
        loan: None,
        note: note(),
    }
}

fn program(id: &str, unit: Unit, unit_cost: i64) -> Program {
    Program {
        rural_only: false,
        id: ProgramId(id.into()),
        name_vi: id.into(),
        name_en: id.into(),
        group: ProgramGroup::Policy,
        lead_vi: String::new(),
        lead_en: String::new(),
        unit,
        unit_cost: Dong::new(unit_cost),
        eligible: Eligible::PoorHouseholds,
        units_per_beneficiary: Decimal::ONE,
        state_share: Decimal::ONE,
        entitlement: false,
        note: note(),
    }
}

fn by_poor() -> Rule {
    Rule::Criteria(Criteria {
        weights: Weights { poor: Decimal::ONE, near_poor: Decimal::ZERO, escaped: Decimal::ZERO, base: Decimal::ZERO },
        bands: Vec::new(),
        communes: CommuneFilter::All,
        floor: Dong::ZERO,
        cap: None,
        rounding_unit: RoundingUnit::Dong,
    })
}

fn line(source: &str, program: &str, amount: i64, rule: Rule) -> Line {
    Line { source: SourceId(source.into()), program: ProgramId(program.into()), amount: Dong::new(amount), rule }
}

fn scenario(sources: Vec<Source>, lines: Vec<Line>, overrides: Vec<Override>) -> Scenario {
    Scenario {
        version: VERSION,
        dataset: "test".into(),
        seed: 1,
        sources,
        // Two per-commune activities split in đồng, and one bought by the household at 100 đ.
        programs: vec![
            program("prog", Unit::Commune, 1),
            program("other", Unit::Commune, 1),
            program("hh", Unit::Household, 100),
        ],
        lines,
        overrides,
        simulation: Default::default(),
        credit: Default::default(),
        later: Vec::new(),
        helpers: Default::default(),
    }
}

fn run(s: &Scenario) -> Allocation {
    let d = dataset();
    s.validate(&d).expect("valid scenario");
    allocate(s, &d)
}

/// Amounts per commune 1..=4 on `line`.
fn amounts(a: &Allocation, line: usize) -> [i64; 4] {
    let mut out = [0; 4];
    for c in a.cells_of(line) {
        if let Recipient::Commune(code) = c.recipient {
            out[code.0 as usize - 1] = c.amount.get();
        }
    }
    out
}

fn has(a: &Allocation, severity: Severity, kind: fn(&DiagnosticKind) -> bool) -> bool {
    a.diagnostics.iter().any(|d| d.severity == severity && kind(&d.kind))
}

#[test]
fn each_level_spends_only_where_the_money_is_held() {
    struct Case {
        name: &'static str,
        level: Level,
        amount: i64,
        lines: Vec<(i64, Rule)>,
        expected: Vec<[i64; 4]>,
    }
    let cases = [
        Case {
            // Pooled, the poor-heavy commune 3 would take 40/50 of everything.
            name: "province fund: the rule alone",
            level: Level::Province,
            amount: 800,
            lines: vec![(800, by_poor())],
            expected: vec![[32, 64, 640, 64]],
        },
        Case {
            // Alpha holds 600 and spreads it by poor households over its communes; Beta 200.
            name: "district fund: each district's balance in its own communes",
            level: Level::District,
            amount: 800,
            lines: vec![(800, by_poor())],
            expected: vec![[26, 52, 522, 200]],
        },
        Case {
            // Half the fund: each district gives half of what it holds.
            name: "district fund, half spent",
            level: Level::District,
            amount: 800,
            lines: vec![(400, by_poor())],
            expected: vec![[13, 26, 261, 100]],
        },
        Case {
            // A commune's fund stays in the commune, whatever the rule would prefer; commune 3
            // holds nothing, so it gets nothing.
            name: "commune fund: each commune its own balance",
            level: Level::Commune,
            amount: 450,
            lines: vec![(450, by_poor())],
            expected: vec![[100, 300, 0, 50]],
        },
        Case {
            // Two lines of the same fund: the second shares what the first left, in proportion.
            name: "commune fund over two lines",
            level: Level::Commune,
            amount: 450,
            lines: vec![(150, by_poor()), (300, by_poor())],
            expected: vec![[33, 100, 0, 17], [67, 200, 0, 33]],
        },
        Case {
            // The source's amount differs from the dataset's total (450): the balances are
            // scaled to it by largest remainder, ties by code.
            name: "commune fund scaled to the source's amount",
            level: Level::Commune,
            amount: 900,
            lines: vec![(900, by_poor())],
            expected: vec![[200, 600, 0, 100]],
        },
    ];
    for case in cases {
        let lines = (case.lines.iter().enumerate())
            .map(|(i, (amount, rule))| line("f", ["prog", "other"][i], *amount, rule.clone()))
            .collect();
        let a = run(&scenario(vec![source("f", case.level, case.amount)], lines, Vec::new()));
        for (i, expected) in case.expected.iter().enumerate() {
            assert_eq!(&amounts(&a, i), expected, "{}: line {i}", case.name);
        }
        assert!(!a.has_errors(), "{}: {:?}", case.name, a.diagnostics);
    }
}

#[test]
fn the_parts_say_what_each_locality_held_and_gave() {
    let a =
        run(&scenario(vec![source("f", Level::District, 800)], vec![line("f", "prog", 400, by_poor())], Vec::new()));
    let parts: Vec<_> = a.local_parts_of(0).map(|p| (p.locality, p.held.get(), p.part.get(), p.placed.get())).collect();
    assert_eq!(
        parts,
        [(Locality::District(DistrictCode(1)), 600, 300, 300), (Locality::District(DistrictCode(2)), 200, 100, 100)]
    );
    let d = dataset();
    let s = scenario(vec![source("f", Level::District, 800)], vec![line("f", "prog", 400, by_poor())], Vec::new());
    for (lang, words) in [(Lang::Vi, "Huyện Alpha"), (Lang::En, "Huyện Alpha")] {
        let text =
            gnbv_engine::explain::explain(&s, &d, &a, 0, Recipient::Commune(CommuneCode(3)), lang).unwrap().join(" ");
        assert!(text.contains(words) && text.contains("600") && text.contains("300"), "{text}");
    }
}

#[test]
fn asking_more_than_a_locality_holds_is_an_error() {
    // A locked amount above its commune's balance.
    let lock = Override {
        source: SourceId("f".into()),
        program: ProgramId("prog".into()),
        commune: CommuneCode(4),
        amount: Dong::new(80),
        reason: "council decision".into(),
    };
    let a = run(&scenario(vec![source("f", Level::Commune, 450)], vec![line("f", "prog", 450, by_poor())], vec![lock]));
    let d = a.diagnostics.iter().find(|d| matches!(d.kind, DiagnosticKind::LocalityOverdrawn { .. })).unwrap();
    assert_eq!((d.severity, d.commune), (Severity::Error, Some(CommuneCode(4))));
    assert!(d.message(Lang::Vi).contains("Xã Bốn") && d.message(Lang::En).contains("holds only 50"), "{d:?}");
    // The other communes still spend only their own balances.
    assert_eq!(amounts(&a, 0), [93, 277, 0, 80]);

    // A line that only reaches xã of Beta asks for more than Beta holds.
    let mut only_beta = by_poor();
    if let Rule::Criteria(c) = &mut only_beta {
        c.communes = CommuneFilter::NewRural2019; // communes 1 and 2, both in Alpha
    }
    let a =
        run(&scenario(vec![source("f", Level::District, 800)], vec![line("f", "prog", 700, only_beta)], Vec::new()));
    assert!(has(
        &a,
        Severity::Error,
        |k| matches!(k, DiagnosticKind::LocalFundsShort { holds, .. } if holds.get() == 600)
    ));
    assert_eq!(amounts(&a, 0), [200, 400, 0, 0]);
    assert_eq!(a.lines[0].leftover, Dong::new(100));

    // Money held by districts cannot be kept at province level.
    let a = run(&scenario(
        vec![source("f", Level::District, 800)],
        vec![line("f", "prog", 100, Rule::ProvinceLevel)],
        Vec::new(),
    ));
    assert!(has(&a, Severity::Error, |k| *k == DiagnosticKind::LocalFundAtProvince));
    assert!(a.cells.is_empty());
}

#[test]
fn what_a_locality_cannot_use_stays_in_its_fund() {
    // Whole units of 100 đ: commune 1 (100) buys 1, commune 2 (300) buys 3, commune 4 (50)
    // buys none and keeps its 50.
    let a = run(&scenario(vec![source("f", Level::Commune, 450)], vec![line("f", "hh", 450, by_poor())], Vec::new()));
    assert_eq!(amounts(&a, 0), [100, 300, 0, 0]);
    assert!(a.cells_of(0).all(|c| c.units == Some(c.amount.get() as u64 / 100)));
    assert!(has(&a, Severity::Warning, |k| *k == DiagnosticKind::KeptInLocalFunds { amount: Dong::new(50) }));
    // Demand beyond a commune's poor households stays too: commune 1 has 2 poor households.
    let demand = Rule::Demand(Demand {
        priority: vec![Eligible::PoorHouseholds],
        order: CommuneOrder::Code,
        communes: CommuneFilter::All,
        unit_cost: Some(Dong::new(10)),
    });
    let a = run(&scenario(vec![source("f", Level::Commune, 450)], vec![line("f", "hh", 450, demand)], Vec::new()));
    assert_eq!(amounts(&a, 0), [20, 40, 0, 40]);
    assert!(has(&a, Severity::Warning, |k| *k == DiagnosticKind::KeptInLocalFunds { amount: Dong::new(350) }));
}

#[test]
fn a_fund_with_no_balances_anywhere_is_an_error() {
    let text = "gso_code,district_code,name,type,ntm_2019,people,households,poor_income,poor_multidimensional,near_poor,escaped_last_year,villages,poverty_cadres,info_staff\n\
        1,1,Một,xã,1,300,100,2,0,10,4,3,5,2\n";
    let d = Dataset::from_csv(
        "test",
        "Thử",
        "code,name,type\n1,Alpha,huyện\n",
        text,
        "scope,field,value,provenance,confidence,source\n",
    )
    .unwrap();
    let s = scenario(vec![source("f", Level::Commune, 100)], vec![line("f", "prog", 100, by_poor())], Vec::new());
    let a = allocate(&s, &d);
    assert!(has(&a, Severity::Error, |k| *k == DiagnosticKind::NoLocalBalances));
    assert!(a.cells.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    /// Whatever the lines and locks, no locality spends more than it holds, every cell of a
    /// district fund's line is in a district that holds money, and every đồng of every line is
    /// accounted for.
    #[test]
    fn localities_never_pay_for_one_another(
        level in prop_oneof![Just(Level::District), Just(Level::Commune)],
        amount in 0i64..2_000,
        lines in prop::collection::vec(0i64..1_000, 1..4),
        locks in prop::collection::vec((1u32..=4, 0i64..200), 0..3),
    ) {
        let d = dataset();
        let ls: Vec<Line> = lines
            .iter()
            .enumerate()
            .map(|(i, &a)| line("f", ["prog", "hh", "other"][i], a, by_poor()))
            .collect();
        let mut overrides: Vec<Override> = Vec::new();
        for (commune, a) in locks {
            if overrides.iter().any(|o| o.commune.0 == commune) {
                continue;
            }
            overrides.push(Override {
                source: SourceId("f".into()),
                program: ls[0].program.clone(),
                commune: CommuneCode(commune),
                amount: Dong::new(a),
                reason: "x".into(),
            });
        }
        let s = scenario(vec![source("f", level, amount)], ls, overrides);
        prop_assume!(s.validate(&d).is_ok());
        let a = allocate(&s, &d);
        // What each locality spent, over all lines, locked cells included.
        let locality = |code: CommuneCode| match level {
            Level::District => Locality::District(d.commune(code).unwrap().district),
            _ => Locality::Commune(code),
        };
        let mut spent: HashMap<Locality, i64> = HashMap::new();
        for c in &a.cells {
            let Recipient::Commune(code) = c.recipient else { panic!("a local fund at province level") };
            *spent.entry(locality(code)).or_default() += c.amount.get();
        }
        // The balances the source's amount gives each locality (scaled by largest remainder).
        let weights: Vec<(Locality, i64)> = match level {
            Level::District => d.districts().iter().map(|x| (Locality::District(x.code), x.day_for_poor.get())).collect(),
            _ => d.communes().iter().map(|x| (Locality::Commune(x.code), x.day_for_poor.get())).collect(),
        };
        let held = gnbv_engine::money::largest_remainder(
            amount as u64,
            &weights.iter().map(|w| w.1 as u128).collect::<Vec<_>>(),
            &weights.iter().map(|w| w.0.key()).collect::<Vec<_>>(),
        ).unwrap();
        let overdrawn = has(&a, Severity::Error, |k| matches!(k, DiagnosticKind::LocalityOverdrawn { .. }));
        for ((loc, _), h) in weights.iter().zip(held) {
            let s = spent.get(loc).copied().unwrap_or(0);
            // Only a locked amount the user forced can go past a balance, and that is an error.
            prop_assert!(s <= h as i64 || overdrawn, "{loc:?} spent {s} holding {h}");
        }
        for (i, l) in a.lines.iter().enumerate() {
            let cells: i64 = a.cells_of(i).map(|c| c.amount.get()).sum();
            prop_assert_eq!(cells, l.allocated.get());
            prop_assert_eq!(l.allocated + l.leftover, l.amount);
        }
    }
}

#[test]
fn electricity_reaches_poor_and_social_policy_households() {
    let d = common::builtin_ref();
    let s = common::default_scenario();
    let electricity = s.program(&ProgramId("electricity".into())).unwrap();
    assert_eq!(electricity.eligible, Eligible::PoorAndSocialPolicyHouseholds);
    let a = allocate(&s, d);
    let cost = a.entitlements.iter().find(|e| e.program.0 == "electricity").unwrap();
    let expected: u64 = d.communes().iter().map(|c| c.counts.poor() + c.counts.social_protection).sum();
    assert_eq!(cost.units, expected);
    assert!(d.province_counts().social_protection > 0, "the dataset counts social-policy households");
    // 645,600 đ a household: 3 months at 49,000 đ and 9 at 55,400 đ.
    assert_eq!(cost.cost, Dong::new(expected as i64 * 645_600));
    assert_eq!(cost.shortfall, Dong::ZERO);
}

#[test]
fn the_default_day_for_the_poor_lines_stay_in_their_localities() {
    let d = common::builtin_ref();
    let s = common::default_scenario();
    let a = allocate(&s, d);
    let total = |f: fn(&gnbv_engine::dataset::Commune) -> i64| d.communes().iter().map(f).sum::<i64>();
    assert_eq!(total(|c| c.day_for_poor.get()), 5_500_000_000);
    assert_eq!(d.districts().iter().map(|x| x.day_for_poor.get()).sum::<i64>(), 3_600_000_000);
    for (id, level) in [("day_for_poor_district", Level::District), ("day_for_poor_commune", Level::Commune)] {
        assert_eq!(s.source(&SourceId(id.into())).unwrap().level, level);
        let i = s.lines.iter().position(|l| l.source.0 == id).unwrap();
        let parts: Vec<_> = a.local_parts_of(i).collect();
        assert!(!parts.is_empty(), "{id}");
        for p in parts {
            assert!(p.placed <= p.part && p.part <= p.held, "{id}: {p:?}");
            let in_locality: Dong = a
                .cells_of(i)
                .filter(|c| match (c.recipient, p.locality) {
                    (Recipient::Commune(code), Locality::District(dc)) => d.commune(code).unwrap().district == dc,
                    (Recipient::Commune(code), Locality::Commune(cc)) => code == cc,
                    _ => false,
                })
                .map(|c| c.amount)
                .sum();
            assert_eq!(in_locality, p.placed, "{id}: {p:?}");
        }
    }
    assert!(
        !a.has_errors(),
        "{:?}",
        a.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect::<Vec<_>>()
    );
}

#[test]
fn the_commune_file_carries_the_funds_and_social_policy_households() {
    let d = common::builtin_ref();
    let template = gnbv_engine::import::commune_template(d, Lang::En);
    let mut rows: Vec<String> = template.trim_start_matches('\u{feff}').lines().map(str::to_owned).collect();
    let header: Vec<&str> = rows[0].split(',').collect();
    let col = |key: &str| header.iter().position(|h| *h == key).unwrap();
    let (sp, cf, df) = (col("social_protection"), col("day_for_poor_commune"), col("day_for_poor_district"));
    // Row 2 is commune 12433 in district 336; give it new figures and the district a new fund.
    let edit = |row: &mut String, f: &dyn Fn(&mut Vec<String>)| {
        let mut cells: Vec<String> = row.split(',').map(str::to_owned).collect();
        f(&mut cells);
        *row = cells.join(",");
    };
    let district_rows: Vec<usize> = (1..rows.len())
        .filter(|&r| {
            d.commune(CommuneCode(rows[r].split(',').next().unwrap().parse().unwrap())).unwrap().district.0 == 336
        })
        .collect();
    edit(&mut rows[1], &|c| {
        c[sp] = "12".into();
        c[cf] = "7.000.000".into();
    });
    for &r in &district_rows {
        edit(&mut rows[r], &|c| c[df] = "500000000".into());
    }
    let imported = import_communes(&rows.join("\n"), "ra-soat.csv", d).unwrap();
    let c = imported.commune(CommuneCode(12433)).unwrap();
    assert_eq!((c.counts.social_protection, c.day_for_poor), (12, Dong::new(7_000_000)));
    assert_eq!(imported.district(DistrictCode(336)).unwrap().day_for_poor, Dong::new(500_000_000));
    // Another district keeps the dataset's fund; another commune its figures.
    assert_eq!(
        imported.district(DistrictCode(338)).unwrap().day_for_poor,
        d.district(DistrictCode(338)).unwrap().day_for_poor
    );

    // Two rows of one district with different funds: an error naming both rows.
    let mut bad = rows.clone();
    edit(&mut bad[district_rows[1]], &|c| c[df] = "1".into());
    let problems = import_communes(&bad.join("\n"), "ra-soat.csv", d).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].column, "day_for_poor_district");
    assert_eq!(problems[0].kind, ProblemKind::DistrictFundDiffers(district_rows[0] + 1));
    assert!(problems[0].message(Lang::Vi).contains("cùng một số"));

    // Without the optional columns the dataset's figures are kept.
    let kept: Vec<String> = template
        .trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split(',').take(sp).collect::<Vec<_>>().join(","))
        .collect();
    let imported = import_communes(&kept.join("\n"), "cu.csv", d).unwrap();
    assert_eq!(
        imported.commune(CommuneCode(12433)).unwrap().day_for_poor,
        d.commune(CommuneCode(12433)).unwrap().day_for_poor
    );
    assert_eq!(imported.province_counts().social_protection, d.province_counts().social_protection);

    // Social-policy households that with the poor exceed the households: refused.
    let mut too_many = rows.clone();
    edit(&mut too_many[1], &|c| c[sp] = "4000".into());
    let problems = import_communes(&too_many.join("\n"), "x.csv", d).unwrap_err();
    assert_eq!(problems[0].kind, ProblemKind::SocialProtectionAboveHouseholds);
}
