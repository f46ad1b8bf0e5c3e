//! Fixtures shared by the engine's test files: the built-in dataset (parsed once), the default
//! scenario, a three-commune dataset for fast projections and its scaled-down scenario.
#![allow(dead_code)] // each test file uses some of them

use gnbv_engine::allocation::allocate;
use gnbv_engine::dataset::Dataset;
use gnbv_engine::defaults;
use gnbv_engine::money::Dong;
use gnbv_engine::population::synthesize;
use gnbv_engine::provenance::{Confidence, Note};
use gnbv_engine::scenario::Scenario;
use gnbv_engine::simulation::{Model, Tally};
use gnbv_engine::standard::PovertyStandard;
use std::sync::OnceLock;

/// The built-in Thái Bình dataset, parsed once per test binary.
pub fn builtin_ref() -> &'static Dataset {
    static D: OnceLock<Dataset> = OnceLock::new();
    D.get_or_init(|| Dataset::builtin().expect("built-in dataset is valid"))
}

/// A copy of the built-in dataset.
pub fn builtin() -> Dataset {
    builtin_ref().clone()
}

/// The default 2019 scenario for the built-in dataset.
pub fn default_scenario() -> Scenario {
    defaults::scenario(builtin_ref())
}

/// The default scenario as a JSON value, to edit field by field.
pub fn default_json() -> serde_json::Value {
    serde_json::from_str(&default_scenario().to_json()).expect("the default scenario is JSON")
}

/// A note for generated figures.
pub fn note() -> Note {
    Note::new("test", Confidence::RecalledLow)
}

/// A small dataset for fast projections: three communes in two districts.
pub fn small() -> Dataset {
    let communes = "gso_code,district_code,name,type,ntm_2019,people,households,poor_income,poor_multidimensional,near_poor,escaped_last_year,villages,poverty_cadres,info_staff\n\
        10,1,Một,xã,1,1500,500,30,10,40,8,3,5,2\n\
        20,1,Hai,xã,1,2400,800,20,12,30,6,4,6,2\n\
        30,2,Ba,phường,0,1800,600,6,3,12,2,5,7,2\n";
    Dataset::from_csv(
        "thai-binh-2019",
        "Thử",
        "code,name,type\n1,Alpha,huyện\n2,Beta,thành phố\n",
        communes,
        "scope,field,value,provenance,confidence,source\n",
    )
    .expect("the small dataset is valid")
}

/// The default scenario's sources, programs and rules, scaled down to [`small`].
pub fn small_scenario(d: &Dataset) -> Scenario {
    let mut s = default_scenario().first_year();
    for l in &mut s.lines {
        l.amount = Dong::new(l.amount.get() / 500);
    }
    for src in &mut s.sources {
        src.amount = Dong::new(src.amount.get() / 500);
        if let Some(book) = src.loan.as_mut().and_then(|l| l.book.as_mut()) {
            book.opening_outstanding = Dong::new(book.opening_outstanding.get() / 500);
            book.entrusted = Dong::new(book.entrusted.get() / 500);
            book.opening_borrowers /= 500;
        }
    }
    s.add_year(d).expect("2020 can be added");
    s.validate(d).expect("the small scenario is valid");
    s
}

/// Draws `draws` of `scenario` on the synthetic population of `d`.
pub fn run(d: &Dataset, scenario: &Scenario, draws: std::ops::Range<u32>) -> Vec<Vec<Tally>> {
    let standard = PovertyStandard::qd59_2015();
    let h = synthesize(d, &standard, scenario.seed);
    let a = allocate(scenario, d);
    Model::new(d, &standard, &h, scenario, &a).run(draws)
}
