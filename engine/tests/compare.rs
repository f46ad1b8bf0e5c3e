//! Scenarios side by side: what changed is marked, and every table adds up to its total.

use gnbv_engine::allocation::allocate;
use gnbv_engine::compare::compare;
use gnbv_engine::dataset::Dataset;
use gnbv_engine::defaults;
use gnbv_engine::money::Dong;

fn sum<K>(rows: &[gnbv_engine::compare::Row<K>]) -> Dong {
    rows.iter().map(|r| r.values[0].unwrap()).sum()
}

#[test]
fn identical_scenarios_show_no_change_and_tables_add_up() {
    let d = Dataset::builtin().unwrap();
    let s = defaults::scenario(&d);
    let a = allocate(&s, &d);
    let c = compare(&[(&s, &a), (&s, &a)], &d);
    assert!(!c.sources.iter().any(|r| r.any_change()));
    assert!(!c.districts.iter().any(|r| r.any_change()));
    assert!(!c.communes.iter().any(|r| r.any_change()));
    let total = c.allocated.values[0].unwrap();
    assert_eq!(sum(&c.programs), total);
    assert_eq!(sum(&c.districts), total);
    let province_level = c.districts.last().unwrap().values[0].unwrap();
    assert_eq!(sum(&c.communes) + province_level, total);
    assert_eq!(c.districts.len(), 9);
    assert_eq!(c.communes.len(), 286);
    assert_eq!(sum(&c.sources), c.envelope.values[0].unwrap());
}

#[test]
fn a_changed_amount_marks_its_source_program_districts_and_communes() {
    let d = Dataset::builtin().unwrap();
    let base = defaults::scenario(&d);
    let mut proposal = base.clone();
    // 100 more households of Project 3a at 15,000,000 đ: whole units, so all of it is placed.
    proposal.lines[0].amount += Dong::new(1_500_000_000);
    let source = proposal.lines[0].source.clone();
    proposal.sources.iter_mut().find(|s| s.id == source).unwrap().amount += Dong::new(1_500_000_000);
    let mut amendment = base.clone();
    amendment.sources.pop();
    amendment.lines.retain(|l| amendment.sources.iter().any(|s| s.id == l.source));
    let (a0, a1, a2) = (allocate(&base, &d), allocate(&proposal, &d), allocate(&amendment, &d));
    let c = compare(&[(&base, &a0), (&proposal, &a1), (&amendment, &a2)], &d);
    let row = c.sources.iter().find(|r| r.key == source).unwrap();
    assert!(row.changed(1));
    assert_eq!(row.difference(1), Dong::new(1_500_000_000));
    assert!(!row.changed(0));
    let program = c.programs.iter().find(|r| r.key == base.lines[0].program).unwrap();
    assert!(program.changed(1));
    assert_eq!(program.difference(1), Dong::new(1_500_000_000));
    assert_eq!(c.allocated.difference(1), Dong::new(1_500_000_000));
    assert!(c.districts.iter().any(|r| r.changed(1)));
    assert_eq!(
        c.communes.iter().map(|r| r.difference(1)).sum::<Dong>() + c.districts.last().unwrap().difference(1),
        Dong::new(1_500_000_000)
    );
    // A source the amendment lacks is missing there, not zero.
    let dropped = base.sources.last().unwrap().id.clone();
    let row = c.sources.iter().find(|r| r.key == dropped).unwrap();
    assert_eq!(row.values[2], None);
    assert!(row.changed(2));
}

/// The one roll-up: per program, per district, per commune and at province level, every figure
/// is the sum of the cells under it, and the whole is what the lines placed.
#[test]
fn the_rollup_adds_up_every_way() {
    use gnbv_engine::allocation::Recipient;
    use gnbv_engine::rollup::Rollup;
    let d = Dataset::builtin().unwrap();
    let s = defaults::scenario(&d);
    let a = allocate(&s, &d);
    let r = Rollup::of(&s, &d, &a);
    let allocated: Dong = a.lines.iter().map(|l| l.allocated).sum();
    assert_eq!(r.total(), allocated);
    for (p, program) in r.programs.iter().enumerate() {
        // A program's total is what its lines placed.
        let placed: Dong = s.lines_of(program).map(|(i, _)| a.lines[i].allocated).sum();
        assert_eq!(r.program_total(p), placed, "{}", program.0);
        // A district's amount is its communes' sum; a commune's is its cells' sum.
        for (di, district) in r.districts.iter().enumerate() {
            let communes: Dong = d
                .communes()
                .iter()
                .enumerate()
                .filter(|(_, c)| c.district == *district)
                .map(|(ci, _)| r.commune(p, ci))
                .sum();
            assert_eq!(r.district(p, di), communes);
        }
        for (ci, code) in r.communes.iter().enumerate().step_by(23) {
            let cells: Dong = a
                .cells
                .iter()
                .filter(|c| s.lines[c.line].program == *program && c.recipient == Recipient::Commune(*code))
                .map(|c| c.amount)
                .sum();
            assert_eq!(r.commune(p, ci), cells);
        }
    }
    let by_district: Dong = (0..r.districts.len()).map(|di| r.district_total(di)).sum();
    let by_commune: Dong = (0..r.communes.len()).map(|ci| r.commune_total(ci)).sum();
    assert_eq!(by_district + r.province_level_total(), allocated);
    assert_eq!(by_commune, by_district);
    // The flows chart and the comparison read the same numbers.
    let flows = a.flows(&s, &d);
    assert_eq!(flows.program_to_district.iter().map(|f| f.2).sum::<Dong>(), allocated);
}

#[test]
fn envelope_and_locks_are_scenario_operations() {
    use gnbv_engine::dataset::CommuneCode;
    use gnbv_engine::funding::SourceKind;
    let d = Dataset::builtin().unwrap();
    let mut s = defaults::scenario(&d);
    assert_eq!(s.envelope(), s.envelope_of(SourceKind::Grant) + s.envelope_of(SourceKind::Loan));
    let commune = CommuneCode(12457);
    assert!(s.lock(0, commune, Dong::new(5_000_000), " Nghị quyết HĐND "));
    assert!(s.lock(0, commune, Dong::new(7_000_000), "sửa lại"));
    assert_eq!(s.overrides.len(), 1, "a second lock of a cell replaces the first");
    assert_eq!((s.overrides[0].amount, s.overrides[0].reason.as_str()), (Dong::new(7_000_000), "sửa lại"));
    s.validate(&d).unwrap();
    let a = allocate(&s, &d);
    let cell = a.cells_of(0).find(|c| c.recipient == gnbv_engine::allocation::Recipient::Commune(commune)).unwrap();
    assert!(cell.locked && cell.amount == Dong::new(7_000_000));
    s.unlock(0, commune);
    assert!(s.overrides.is_empty());
    assert!(!s.lock(999, commune, Dong::ZERO, "x"), "no such line");
    // An empty reason is refused by validation, which every edit goes through.
    s.lock(0, commune, Dong::new(1), "  ");
    assert!(s.validate(&d).is_err());
}

#[test]
fn outcomes_are_compared_as_numbers_at_the_precision_shown() {
    use gnbv_engine::compare::compare_outcomes;
    use gnbv_engine::population::synthesize;
    use gnbv_engine::projection::project;
    use gnbv_engine::standard::PovertyStandard;
    use rust_decimal::Decimal;
    let d = Dataset::builtin().unwrap();
    let standard = PovertyStandard::qd59_2015();
    let s = defaults::scenario(&d);
    let h = synthesize(&d, &standard, s.seed);
    let a = allocate(&s, &d);
    let p = project(&d, &standard, &h, &s, &a, 5);
    // A copy whose rate differs below the shown precision, and one whose rate reads differently.
    let mut tiny = p.clone();
    tiny.province.poor_rate.p50 += Decimal::new(4, 6);
    let mut visible = p.clone();
    visible.province.poor_rate.p50 += Decimal::new(1, 4);
    visible.scorecard[0].probability = Decimal::new(5, 1);
    let c = compare_outcomes(&[Some(&p), Some(&tiny), Some(&visible), None]);
    assert!(!c.poor_rate.changed(1));
    assert!(c.poor_rate.changed(2));
    assert!(!c.poor_rate.changed(3), "a scenario not projected is not a change");
    assert_eq!(c.targets.len(), p.scorecard.len());
    assert!(c.targets[0].changed(2) && !c.targets[0].changed(1));
    assert!(c.targets.iter().skip(1).all(|t| !t.changed(1) && !t.changed(2)));
    assert_eq!(c.poor_rate.values[3], None);
}
