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
    proposal.lines[0].amount += Dong::new(1_000_000_000);
    let source = proposal.lines[0].source.clone();
    proposal.sources.iter_mut().find(|s| s.id == source).unwrap().amount += Dong::new(1_000_000_000);
    let mut amendment = base.clone();
    amendment.sources.pop();
    amendment.lines.retain(|l| amendment.sources.iter().any(|s| s.id == l.source));
    let (a0, a1, a2) = (allocate(&base, &d), allocate(&proposal, &d), allocate(&amendment, &d));
    let c = compare(&[(&base, &a0), (&proposal, &a1), (&amendment, &a2)], &d);
    let row = c.sources.iter().find(|r| r.key == source).unwrap();
    assert!(row.changed(1));
    assert_eq!(row.difference(1), Dong::new(1_000_000_000));
    assert!(!row.changed(0));
    let program = c.programs.iter().find(|r| r.key == base.lines[0].program).unwrap();
    assert!(program.changed(1));
    assert_eq!(program.difference(1), Dong::new(1_000_000_000));
    assert_eq!(c.allocated.difference(1), Dong::new(1_000_000_000));
    assert!(c.districts.iter().any(|r| r.changed(1)));
    assert_eq!(
        c.communes.iter().map(|r| r.difference(1)).sum::<Dong>() + c.districts.last().unwrap().difference(1),
        Dong::new(1_000_000_000)
    );
    // A source the amendment lacks is missing there, not zero.
    let dropped = base.sources.last().unwrap().id.clone();
    let row = c.sources.iter().find(|r| r.key == dropped).unwrap();
    assert_eq!(row.values[2], None);
    assert!(row.changed(2));
}
