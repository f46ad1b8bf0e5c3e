//! The browser store: round trip, schema version, what is refused and what is kept, and the
//! library's operations.

mod common;

use gnbv_engine::format::Lang;
use gnbv_engine::money::Dong;
use gnbv_engine::store::{NameProblem, Store, StoreError, SCHEMA};

#[test]
fn a_store_round_trips_with_its_schema_number() {
    let (d, s) = (common::builtin(), common::default_scenario());
    let mut store = Store { current: Some(s.clone()), library: Vec::new() };
    let mut proposal = s.clone();
    proposal.lines[0].amount = Dong::new(8_000_000_000);
    store.save("Đề xuất của Sở", proposal, "01/03/2019 09:30").unwrap();
    let json = store.to_json();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["schema"], SCHEMA);
    let (back, dropped) = Store::from_json(&json, &d).unwrap();
    assert!(dropped.is_empty());
    assert_eq!(back, store);
}

#[test]
fn the_first_schema_keeps_reading_as_written_by_this_release() {
    // A schema-1 store as the first release writes it; later schemas must migrate it.
    let (d, s) = (common::builtin(), common::default_scenario());
    let text = format!(
        r#"{{"schema":1,"current":{},"library":[{{"id":4,"name":"Cơ sở","saved_at":"02/01/2019 08:00","scenario":{}}}]}}"#,
        serde_json::to_string(&s).unwrap(),
        serde_json::to_string(&s).unwrap()
    );
    let (store, dropped) = Store::from_json(&text, &d).unwrap();
    assert!(dropped.is_empty());
    assert_eq!(store.current, Some(s.clone()));
    assert_eq!(store.library[0].id, 4);
    assert_eq!(store.library[0].name, "Cơ sở");
}

#[test]
fn newer_or_damaged_stores_are_refused_whole() {
    let (d, _) = (common::builtin(), common::default_scenario());
    assert_eq!(Store::from_json(r#"{"schema":9,"x":1}"#, &d), Err(StoreError::NewerSchema(9)));
    assert!(matches!(Store::from_json("{not json", &d), Err(StoreError::Unreadable(_))));
    assert!(matches!(Store::from_json(r#"{"current":null}"#, &d), Err(StoreError::Unreadable(_))));
    let e = StoreError::NewerSchema(9);
    assert!(e.message(Lang::Vi).contains("giữ nguyên"));
    assert!(e.message(Lang::En).contains("left untouched"));
}

#[test]
fn a_scenario_that_no_longer_validates_is_left_out_by_name() {
    let (d, s) = (common::builtin(), common::default_scenario());
    let mut bad = serde_json::to_value(&s).unwrap();
    bad["lines"][0]["amount"] = serde_json::json!(-1);
    let text = format!(
        r#"{{"schema":1,"current":{bad},"library":[{{"id":1,"name":"Hỏng","saved_at":"","scenario":{bad}}},{{"id":2,"name":"Tốt","saved_at":"","scenario":{}}}]}}"#,
        serde_json::to_string(&s).unwrap()
    );
    let (store, dropped) = Store::from_json(&text, &d).unwrap();
    assert_eq!(store.current, None);
    assert_eq!(store.library.len(), 1);
    assert_eq!(store.library[0].name, "Tốt");
    assert_eq!(dropped.len(), 2);
    assert_eq!(dropped[1].name.as_deref(), Some("Hỏng"));
    assert!(dropped[1].message(Lang::En).contains("“Hỏng” could not be restored: field lines[0].amount"));
}

#[test]
fn library_operations() {
    let (_, s) = (common::builtin(), common::default_scenario());
    let mut store = Store::default();
    let a = store.save("  Cơ   sở ", s.clone(), "t1").unwrap();
    assert_eq!(store.get(a).unwrap().name, "Cơ sở");
    assert_eq!(store.save("", s.clone(), "t"), Err(NameProblem::Empty));
    assert_eq!(store.save(&"x".repeat(200), s.clone(), "t"), Err(NameProblem::TooLong));
    // Saving under an existing name (any case) replaces that entry.
    let mut changed = s.clone();
    changed.seed = 7;
    assert_eq!(store.save("CƠ SỞ", changed.clone(), "t2"), Ok(a));
    assert_eq!(store.library.len(), 1);
    assert_eq!(store.get(a).unwrap().scenario.seed, 7);
    assert_eq!(store.get(a).unwrap().saved_at, "t2");
    let b = store.save("Đề xuất", s.clone(), "t3").unwrap();
    assert_eq!(store.rename(b, "cơ sở"), Err(NameProblem::Taken));
    assert_eq!(store.rename(b, "Đề xuất sửa đổi"), Ok(()));
    assert_eq!(store.rename(99, "x"), Err(NameProblem::NoSuchEntry));
    let c = store.duplicate(a, "t4", Lang::Vi).unwrap();
    let c2 = store.duplicate(a, "t5", Lang::Vi).unwrap();
    let names: Vec<_> = store.library.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Cơ sở", "Cơ sở (bản sao 2)", "Cơ sở (bản sao)", "Đề xuất sửa đổi"]);
    assert_eq!(store.get(c).unwrap().scenario, changed);
    assert_ne!(c, c2);
    assert_eq!(store.delete(c).unwrap().name, "Cơ sở (bản sao)");
    assert_eq!(store.delete(c), Err(NameProblem::NoSuchEntry));
    assert_eq!(store.library.len(), 3);
}
