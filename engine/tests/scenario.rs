//! The scenario file: the default scenario, and the error each kind of bad file gives.

mod common;

use common::{builtin, default_json};
use gnbv_engine::allocation::allocate;
use gnbv_engine::defaults;
use gnbv_engine::diagnostics::Severity;
use gnbv_engine::format::Lang;
use gnbv_engine::money::Dong;
use gnbv_engine::scenario::{Scenario, ScenarioProblem};
use serde_json::{json, Value};

#[test]
fn the_default_scenario_is_valid_and_balances() {
    let d = builtin();
    let s = defaults::scenario(&d);
    s.validate(&d).expect("default scenario is valid");
    assert_eq!(Scenario::from_json(&s.to_json(), &d).unwrap(), s, "JSON round trip");
    let a = allocate(&s, &d);
    assert!(
        !a.has_errors(),
        "{:#?}",
        a.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect::<Vec<_>>()
    );
    // Every entitlement is funded at its legal cost.
    assert_eq!(a.entitlements.len(), 6);
    assert!(a.entitlements.iter().all(|e| e.shortfall == Dong::ZERO && e.cost > Dong::ZERO));
    // Every source is fully committed, and what is not placed is shown as remaining.
    for b in &a.sources {
        assert_eq!(b.committed, b.available, "{}", b.source);
        assert_eq!(b.remaining, b.available - b.allocated);
    }
    // The whole envelope, to the đồng.
    let envelope: Dong = s.sources.iter().map(gnbv_engine::funding::Source::available).sum();
    let placed: Dong = a.cells.iter().map(|c| c.amount).sum();
    let remaining: Dong = a.sources.iter().map(|b| b.remaining).sum();
    assert_eq!(placed + remaining, envelope);
    // Every default carries a source note and a confidence tag.
    assert!(s.sources.iter().all(|s| !s.note.text.is_empty()));
    assert!(s.programs.iter().all(|p| !p.note.text.is_empty()));
    assert_eq!(s.programs.iter().filter(|p| p.entitlement).count(), 6);
}

#[test]
fn health_insurance_premiums_follow_the_base_salary() {
    let s = defaults::scenario(&builtin());
    let hi = s.programs.iter().find(|p| p.id.0 == "health_insurance_poor").unwrap();
    // 4.5 % × 1,390,000 × 6 months + 4.5 % × 1,490,000 × 6 months.
    assert_eq!(hi.unit_cost, Dong::new(62_550 * 6 + 67_050 * 6));
}

#[test]
fn bad_files_name_the_field() {
    let d = builtin();
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut v = default_json();
        f(&mut v);
        v.to_string()
    };
    let cases: Vec<(&str, String, &str, fn(&ScenarioProblem) -> bool)> = vec![
        ("not JSON", "{ nope".into(), ".", |p| matches!(p, ScenarioProblem::NotJson(_))),
        ("truncated", default_json().to_string()[..500].into(), ".", |p| matches!(p, ScenarioProblem::NotJson(_))),
        (
            "no version",
            edit(&|v| {
                v.as_object_mut().unwrap().remove("version");
            }),
            "version",
            |p| *p == ScenarioProblem::MissingVersion,
        ),
        ("future version", edit(&|v| v["version"] = json!(3)), "version", |p| {
            *p == ScenarioProblem::UnsupportedVersion(3)
        }),
        ("amount as text", edit(&|v| v["sources"][1]["amount"] = json!("many")), "sources[1].amount", |p| {
            matches!(p, ScenarioProblem::Invalid(_))
        }),
        ("fractional đồng", edit(&|v| v["sources"][0]["amount"] = json!(1.5)), "sources[0].amount", |p| {
            matches!(p, ScenarioProblem::Invalid(_))
        }),
        ("unknown field", edit(&|v| v["lines"][0]["colour"] = json!("red")), "lines[0].colour", |p| {
            matches!(p, ScenarioProblem::Invalid(_))
        }),
        (
            "unknown field in a rule",
            edit(&|v| v["lines"][0]["rule"]["criteria"]["flor"] = json!(0)),
            "lines[0].rule.criteria.flor",
            |p| matches!(p, ScenarioProblem::Invalid(_)),
        ),
        ("unknown rule", edit(&|v| v["lines"][2]["rule"] = json!({ "lottery": {} })), "lines[2].rule", |p| {
            matches!(p, ScenarioProblem::Invalid(_))
        }),
        (
            "bad rounding unit",
            edit(&|v| v["lines"][0]["rule"]["criteria"]["rounding_unit"] = json!(7)),
            "lines[0].rule.criteria.rounding_unit",
            |p| matches!(p, ScenarioProblem::Invalid(_)),
        ),
        ("negative amount", edit(&|v| v["lines"][3]["amount"] = json!(-5)), "lines[3].amount", |p| {
            *p == ScenarioProblem::AmountOutOfRange(Dong::new(-5))
        }),
        ("unknown source", edit(&|v| v["lines"][1]["source"] = json!("lottery")), "lines[1].source", |p| {
            *p == ScenarioProblem::UnknownSource("lottery".into())
        }),
        ("unknown program", edit(&|v| v["sources"][0]["uses"][1] = json!("yacht")), "sources[0].uses[1]", |p| {
            *p == ScenarioProblem::UnknownProgram("yacht".into())
        }),
        ("duplicate source", edit(&|v| v["sources"][1]["id"] = json!("central_program")), "sources[1].id", |p| {
            matches!(p, ScenarioProblem::DuplicateId(_))
        }),
        ("other dataset", edit(&|v| v["dataset"] = json!("ha-noi-2019")), "dataset", |p| {
            matches!(p, ScenarioProblem::OtherDataset { .. })
        }),
        (
            "weight out of range",
            edit(&|v| v["lines"][0]["rule"]["criteria"]["weights"]["poor"] = json!("-1")),
            "lines[0].rule.criteria.weights.poor",
            |p| matches!(p, ScenarioProblem::BadWeight(_)),
        ),
        (
            "too many decimals",
            edit(&|v| v["lines"][0]["rule"]["criteria"]["weights"]["poor"] = json!("0.1234567")),
            "lines[0].rule.criteria.weights.poor",
            |p| matches!(p, ScenarioProblem::BadWeight(_)),
        ),
        (
            "floor not a multiple",
            edit(&|v| v["lines"][0]["rule"]["criteria"]["floor"] = json!(1_500)),
            "lines[0].rule.criteria.floor",
            |p| matches!(p, ScenarioProblem::NotAMultipleOfRoundingUnit { .. }),
        ),
        (
            "floor above cap",
            edit(&|v| v["lines"][0]["rule"]["criteria"]["floor"] = json!(200_000_000)),
            "lines[0].rule.criteria.floor",
            |p| *p == ScenarioProblem::FloorAboveCap,
        ),
        (
            "share above one",
            edit(&|v| v["programs"][9]["state_share"] = json!("1.5")),
            "programs[9].state_share",
            |p| matches!(p, ScenarioProblem::BadShare(_)),
        ),
        (
            "loan without terms",
            edit(&|v| {
                v["sources"][3].as_object_mut().unwrap().remove("loan");
            }),
            "sources[3].loan",
            |p| *p == ScenarioProblem::LoanTermsMismatch,
        ),
        (
            "empty priority",
            edit(&|v| v["lines"][1]["rule"]["demand"]["priority"] = json!([])),
            "lines[1].rule.demand.priority",
            |p| *p == ScenarioProblem::EmptyPriority,
        ),
        (
            "duplicate line",
            edit(&|v| {
                let first = v["lines"][0].clone();
                v["lines"].as_array_mut().unwrap().push(first);
            }),
            "lines[28].program",
            |p| *p == ScenarioProblem::DuplicateLine,
        ),
        (
            "override without reason",
            edit(
                &|v| v["overrides"] = json!([{ "source": "central_program", "program": "p3a", "commune": 12457, "amount": 1000, "reason": " " }]),
            ),
            "overrides[0].reason",
            |p| *p == ScenarioProblem::EmptyReason,
        ),
        (
            "override for an unknown commune",
            edit(
                &|v| v["overrides"] = json!([{ "source": "central_program", "program": "p3a", "commune": 99999, "amount": 1000, "reason": "x" }]),
            ),
            "overrides[0].commune",
            |p| *p == ScenarioProblem::UnknownCommune(99_999),
        ),
        (
            "override without a line",
            edit(&|v| {
                v["overrides"] = json!([{ "source": "donations", "program": "p3a", "commune": 12457, "amount": 1000, "reason": "x" }])
            }),
            "overrides[0].program",
            |p| *p == ScenarioProblem::OverrideWithoutLine,
        ),
        // Parameters out of their documented range (once accepted and projected nonsense).
        (
            "growth of 20 million %",
            edit(&|v| v["simulation"]["income_growth"]["mean_bp"] = json!(2_000_000_000)),
            "simulation.income_growth.mean_bp",
            |p| matches!(p, ScenarioProblem::OutOfRange { value: 2_000_000_000, min: -5_000, max: 5_000, .. }),
        ),
        (
            "negative growth spread",
            edit(&|v| v["simulation"]["income_growth"]["sd_bp"] = json!(-1)),
            "simulation.income_growth.sd_bp",
            |p| matches!(p, ScenarioProblem::OutOfRange { value: -1, .. }),
        ),
        (
            "a shock taking 200 % of income",
            edit(&|v| v["simulation"]["shocks"]["loss"]["mean_bp"] = json!(20_000)),
            "simulation.shocks.loss.mean_bp",
            |p| matches!(p, ScenarioProblem::OutOfRange { .. }),
        ),
        (
            "shock probability above 100 %",
            edit(&|v| v["simulation"]["shocks"]["probability_bp"] = json!(10_001)),
            "simulation.shocks.probability_bp",
            |p| *p == ScenarioProblem::BadProbability(10_001),
        ),
        (
            "a gain of 2 billion a month",
            edit(&|v| v["simulation"]["effects"][7]["gain"]["mean"] = json!(2_000_000_000)),
            "simulation.effects[7].gain.mean",
            |p| matches!(p, ScenarioProblem::OutOfRange { value: 2_000_000_000, min: 0, max: 2_000_000, .. }),
        ),
        (
            "a negative gain spread",
            edit(&|v| v["simulation"]["effects"][8]["gain"]["sd"] = json!(-5)),
            "simulation.effects[8].gain.sd",
            |p| matches!(p, ScenarioProblem::OutOfRange { value: -5, .. }),
        ),
        (
            "zero pupils per household",
            edit(&|v| v["simulation"]["effects"][2]["consumption"] = json!({ "milli": 0 })),
            "simulation.effects[2].consumption.milli",
            |p| matches!(p, ScenarioProblem::OutOfRange { value: 0, min: 1, .. }),
        ),
        (
            "new-rural threshold above 100 %",
            edit(&|v| v["simulation"]["ntm_threshold_bp"] = json!(10_001)),
            "simulation.ntm_threshold_bp",
            |p| matches!(p, ScenarioProblem::OutOfRange { .. }),
        ),
        (
            "access target of 200 %",
            edit(&|v| v["simulation"]["access_targets"]["water_bp"] = json!(20_000)),
            "simulation.access_targets.water_bp",
            |p| matches!(p, ScenarioProblem::OutOfRange { .. }),
        ),
        (
            "too many effects",
            edit(&|v| {
                let first = v["simulation"]["effects"][0].clone();
                v["simulation"]["effects"] = json!(vec![first; 65]);
            }),
            "simulation.effects",
            |p| *p == ScenarioProblem::TooMany { count: 65, max: 64 },
        ),
        (
            "a loan over 0 months",
            edit(&|v| v["sources"][3]["loan"]["term_months"] = json!(0)),
            "sources[3].loan.term_months",
            |p| matches!(p, ScenarioProblem::OutOfRange { value: 0, min: 1, max: 600, .. }),
        ),
        // Totals that could overflow a sum of đồng.
        (
            "sources adding up past 10^15",
            edit(&|v| {
                for s in v["sources"].as_array_mut().unwrap() {
                    s["amount"] = json!(1_000_000_000_000_000_i64);
                }
            }),
            "sources",
            |p| matches!(p, ScenarioProblem::TotalTooLarge(_)),
        ),
        (
            "lines adding up past 10^15",
            edit(&|v| {
                for l in v["lines"].as_array_mut().unwrap() {
                    l["amount"] = json!(1_000_000_000_000_000_i64);
                }
            }),
            "lines",
            |p| matches!(p, ScenarioProblem::TotalTooLarge(_)),
        ),
        (
            "overrides adding up past 10^15",
            edit(&|v| {
                v["overrides"] = json!([
                    { "source": "central_program", "program": "p3a", "commune": 12457, "amount": 1_000_000_000_000_000_i64, "reason": "x" },
                    { "source": "central_program", "program": "p3a", "commune": 12460, "amount": 1_000_000_000_000_000_i64, "reason": "x" }
                ]);
            }),
            "overrides",
            |p| matches!(p, ScenarioProblem::TotalTooLarge(_)),
        ),
        (
            "a unit cost no dataset could pay",
            edit(&|v| v["programs"][0]["unit_cost"] = json!(1_000_000_000_000_000_i64)),
            "programs[0].unit_cost",
            |p| *p == ScenarioProblem::CostTooLarge,
        ),
    ];
    for (name, text, path, problem) in cases {
        let err = Scenario::from_json(&text, &d).expect_err(name);
        assert_eq!(err.path, path, "case {name}: {}", err.message(Lang::En));
        assert!(problem(&err.problem), "case {name}: {:?}", err.problem);
        let (vi, en) = (err.message(Lang::Vi), err.message(Lang::En));
        assert!(vi != en && !vi.is_empty(), "case {name}");
        if path != "." {
            assert!(vi.contains(path) && en.contains(path), "case {name}: {en}");
        }
    }
}

#[test]
fn messages_say_what_to_do() {
    let d = builtin();
    let mut v = default_json();
    v["version"] = json!(7);
    let err = Scenario::from_json(&v.to_string(), &d).unwrap_err();
    assert_eq!(
        err.message(Lang::Vi),
        "trường version: phiên bản 7 chưa được hỗ trợ (phiên bản này đọc đến phiên bản 2); hãy cập nhật GNBV Planner"
    );
    assert_eq!(
        err.message(Lang::En),
        "field version: version 7 is not supported (this version reads versions up to 2); update GNBV Planner"
    );
}

#[test]
fn fund_flows_add_up_to_the_allocation() {
    let d = builtin();
    let s = defaults::scenario(&d);
    let a = allocate(&s, &d);
    let flows = a.flows(&s, &d);
    let allocated: Dong = a.lines.iter().map(|l| l.allocated).sum();
    assert_eq!(flows.source_to_program.iter().map(|f| f.2).sum::<Dong>(), allocated);
    assert_eq!(flows.program_to_district.iter().map(|f| f.2).sum::<Dong>(), allocated);
    assert!(flows.program_to_district.iter().any(|f| f.1.is_none()), "Project 5b stays at province level");
}

#[test]
fn every_allocated_amount_can_be_explained() {
    use gnbv_engine::allocation::Recipient;
    use gnbv_engine::dataset::CommuneCode;
    use gnbv_engine::explain::explain;
    let d = builtin();
    let mut s = defaults::scenario(&d);
    s.overrides.push(gnbv_engine::line::Override {
        source: s.lines[0].source.clone(),
        program: s.lines[0].program.clone(),
        commune: CommuneCode(13225),
        amount: Dong::new(30_000_000),
        reason: "Nghị quyết HĐND".into(),
    });
    let a = allocate(&s, &d);
    for (i, line) in s.lines.iter().enumerate() {
        for cell in a.cells_of(i) {
            for lang in [Lang::Vi, Lang::En] {
                let text = explain(&s, &d, &a, i, cell.recipient, lang).expect("explained");
                assert!(text[0].contains(&cell.amount.format(lang)), "line {i} {:?}: {}", cell.recipient, text[0]);
                assert!(text.len() >= 2, "line {i} ({}) {:?} says why", line.program, cell.recipient);
            }
        }
    }
    // The criteria explanation shows the commune's points and the share.
    let p3a = |lang| explain(&s, &d, &a, 0, Recipient::Commune(CommuneCode(12466)), lang).unwrap();
    assert!(p3a(Lang::Vi)[1].starts_with("Điểm của xã = 0 (cố định) + 1 × "), "{}", p3a(Lang::Vi)[1]);
    assert!(p3a(Lang::En)[2].contains("communes receive whole units"), "{}", p3a(Lang::En)[2]);
    // A locked cell says so, with its reason.
    let locked = explain(&s, &d, &a, 0, Recipient::Commune(CommuneCode(13225)), Lang::Vi).unwrap();
    assert!(locked[1].contains("Nghị quyết HĐND"), "{locked:?}");
    // Entitlements show units × unit cost × state share.
    let hi = s.lines.iter().position(|l| l.program.0 == "health_insurance_poor").unwrap();
    let text = explain(&s, &d, &a, hi, Recipient::Commune(CommuneCode(12466)), Lang::En).unwrap();
    assert!(text[1].contains("× 777,600 ₫ × state share 100.00 %"), "{}", text[1]);
    // A co-funded entitlement shows its line's share and what the earlier lines pay.
    let topup = s.lines.iter().rposition(|l| l.program.0 == "health_insurance_near_poor").unwrap();
    let text = explain(&s, &d, &a, topup, Recipient::Commune(CommuneCode(12466)), Lang::En).unwrap();
    assert!(
        text[1].contains("this line's share 30.00 % (earlier lines pay 70.00 %; state share in all 100.00 %)"),
        "{}",
        text[1]
    );
    assert_eq!(explain(&s, &d, &a, 999, Recipient::Province, Lang::Vi), None);
}

#[test]
fn lines_of_a_program_keep_their_index() {
    let s = defaults::scenario(&builtin());
    let p3a = gnbv_engine::program::ProgramId("p3a".into());
    let found: Vec<(usize, &str)> = s.lines_of(&p3a).map(|(i, l)| (i, l.source.0.as_str())).collect();
    assert_eq!(found, [(0, "central_program"), (13, "province_budget"), (24, "day_for_poor_commune")]);
}

/// "Why this number": the points and the share it states are recomputed here from the
/// commune's counts and the rule, independently of the allocation's own code.
#[test]
fn the_explanation_states_points_and_shares_recomputed_from_the_inputs() {
    use gnbv_engine::allocation::Recipient;
    use gnbv_engine::format::decimal;
    use gnbv_engine::line::Rule;
    use rust_decimal::Decimal;
    let d = builtin();
    let mut s = defaults::scenario(&d);
    let Rule::Criteria(rule) = &mut s.lines[0].rule else { panic!("line 0 is the criteria line of Project 3a") };
    rule.cap = None; // without a cap, each share is the points' share, rounded
    let rule = rule.clone();
    let a = allocate(&s, &d);
    let points = |c: &gnbv_engine::dataset::Commune| {
        let n = &c.counts;
        let rate_percent = Decimal::from(n.poor() * 100) / Decimal::from(n.households.max(1));
        let bonus =
            rule.bands.iter().filter(|b| rate_percent >= b.min_rate_percent).map(|b| b.bonus).max().unwrap_or_default();
        let w = &rule.weights;
        w.base
            + w.poor * Decimal::from(n.poor())
            + w.near_poor * Decimal::from(n.near_poor)
            + w.escaped * Decimal::from(n.escaped_last_year)
            + bonus
    };
    let taking_part: Vec<_> = d.communes().iter().filter(|c| rule.communes.admits(c)).collect();
    let total: Decimal = taking_part.iter().map(|c| points(c)).sum();
    let pool = s.lines[0].amount.to_decimal();
    let shown = |x: Decimal, lang| decimal(x.normalize(), x.normalize().scale().min(2), lang);
    for c in taking_part.iter().step_by(17) {
        let own = points(c);
        let exact = own / total * pool;
        let cell = a.cells_of(0).find(|x| x.recipient == Recipient::Commune(c.code)).map_or(Dong::ZERO, |x| x.amount);
        // Whole households at 15,000,000 đ, by largest remainder over units: the amount is a
        // whole number of units within one unit of the exact share.
        assert_eq!(cell.get() % 15_000_000, 0, "{}", c.name);
        assert!((cell.to_decimal() - exact).abs() < Decimal::from(15_000_000), "{}: {cell:?} vs {exact}", c.name);
        for lang in [Lang::Vi, Lang::En] {
            let text =
                gnbv_engine::explain::explain(&s, &d, &a, 0, Recipient::Commune(c.code), lang).expect("explained");
            let unit = lang.pick("điểm.", "points.");
            assert!(text[1].ends_with(&format!("= {} {unit}", shown(own, lang))), "{}: {}", c.name, text[1]);
            let share = format!("{} / {}", shown(own, lang), shown(total, lang));
            let rounded = Dong::round(exact).unwrap().format(lang);
            assert!(
                text[2].contains(&share) && text[2].contains(&rounded),
                "{}: {} (want {share}, {rounded})",
                c.name,
                text[2]
            );
        }
    }
}

/// Near-poor health insurance as the plan states it (III.3.1.2: 100 % of the premium): the
/// state's minimum 70 % (Decree 146/2018) from the central budget, the province's 30 % top-up
/// from its own budget; in every commune the two add up to the legal cost to the đồng, and the
/// people pay nothing.
#[test]
fn near_poor_health_insurance_is_paid_in_full_by_two_sources() {
    use gnbv_engine::allocation::Recipient;
    use gnbv_engine::line::{EntitlementShare, Rule};
    use rust_decimal::Decimal;
    let d = builtin();
    let s = defaults::scenario(&d);
    let a = allocate(&s, &d);
    let lines: Vec<usize> =
        s.lines_of(&gnbv_engine::program::ProgramId("health_insurance_near_poor".into())).map(|(i, _)| i).collect();
    let who: Vec<(&str, &Rule)> = lines.iter().map(|&i| (s.lines[i].source.0.as_str(), &s.lines[i].rule)).collect();
    assert_eq!(
        who,
        [
            ("central_health_insurance", &Rule::EntitlementShare(EntitlementShare { share: Decimal::new(7, 1) })),
            ("province_budget", &Rule::EntitlementShare(EntitlementShare { share: Decimal::new(3, 1) })),
        ]
    );
    let program = s.program(&s.lines[lines[0]].program).unwrap();
    assert_eq!(program.state_share, Decimal::ONE);
    for commune in d.communes() {
        let paid: Dong = lines
            .iter()
            .flat_map(|&i| a.cells_of(i))
            .filter(|c| c.recipient == Recipient::Commune(commune.code))
            .map(|c| c.amount)
            .sum();
        assert_eq!(paid, program.cost_in(commune), "{}", commune.name);
    }
    let cost = a.entitlements.iter().find(|e| e.program == program.id).unwrap();
    assert_eq!((cost.funded, cost.shortfall), (cost.cost, Dong::ZERO));
    // In the proposal: no people's contribution, the quantity counted once, the money in the
    // central and provincial columns.
    let p = gnbv_engine::proposal::Proposal::new(2019, &s, &d, &a, None, "", Lang::Vi);
    let row = p.groups.iter().flat_map(|g| &g.activities).find(|x| x.program == program.id).unwrap();
    use gnbv_engine::proposal::Funding;
    assert_eq!(row.amounts[Funding::People.index()], Dong::ZERO);
    assert_eq!(row.amounts[Funding::Central.index()] + row.amounts[Funding::Province.index()], cost.cost);
    assert_eq!(row.quantity, Some(cost.units));
    // Shares above the state share are refused, with the field.
    let mut v = default_json();
    v["lines"][lines[1]]["rule"]["entitlement_share"]["share"] = json!("0.5");
    let e = Scenario::from_json(&v.to_string(), &d).unwrap_err();
    assert_eq!(e.path, format!("lines[{}].rule.entitlement_share.share", lines[1]));
    assert!(matches!(e.problem, ScenarioProblem::SharesAboveStateShare { .. }));
}

/// Plan II trains every poverty-reduction cadre, party-cell secretary, village and
/// residential-group head: the default Project 5a line funds all of them, and the target
/// counts all of them.
#[test]
fn training_covers_everyone_the_plan_names() {
    use gnbv_engine::program::Eligible;
    let d = builtin();
    let s = defaults::scenario(&d);
    let counts = d.province_counts();
    let everyone = counts.poverty_cadres + counts.villages;
    let total: u64 = d.communes().iter().map(|c| Eligible::PovertyTrainees.count(c)).sum();
    assert_eq!(total, everyone);
    let a = allocate(&s, &d);
    let (i, _) = s.lines_of(&gnbv_engine::program::ProgramId("p5a".into())).next().unwrap();
    let funded: u64 = a.cells_of(i).filter_map(|c| c.units).sum();
    assert_eq!(funded, everyone, "every trainee funded");
}

/// Decision 48/2016's counterpart and allocation coefficients appear among the assumptions:
/// the counterpart the scenario plans, computed from its lines, and what is not known, marked.
#[test]
fn the_counterpart_rule_is_listed_with_what_is_not_known() {
    let d = builtin();
    let s = defaults::scenario(&d);
    for lang in [Lang::Vi, Lang::En] {
        let rows = gnbv_engine::proposal::assumptions(&s, lang);
        let counterpart =
            rows.iter().find(|r| r.source.contains("48/2016") && r.value.contains('%')).expect("counterpart row");
        assert_eq!(counterpart.confidence, "R low");
        // 700,000,000 of provincial counterpart over 14,656,000,000 of central Project 3–5 funds.
        assert!(counterpart.value.starts_with(lang.pick("4,78 %", "4.78 %")), "{}", counterpart.value);
        let coefficients =
            rows.iter().find(|r| r.value == lang.pick("chưa biết", "not known")).expect("coefficients row");
        assert!(coefficients.source.contains("48/2016"));
    }
}
