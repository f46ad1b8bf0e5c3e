//! The built-in Thái Bình dataset: integrity, calibration to published figures, and the
//! errors a broken dataset file gives.

mod common;

use common::builtin;
use gnbv_engine::dataset::{CommuneCode, CommuneKind, Counts, DataFile, Dataset, DistrictCode, Field, Problem, Scope};
use gnbv_engine::format::{percent, Lang};
use gnbv_engine::provenance::Provenance;
use rust_decimal::Decimal;
use std::collections::HashSet;

#[test]
fn has_the_2019_units_of_thai_binh() {
    let d = builtin();
    assert_eq!(d.districts().len(), 8);
    assert_eq!(d.communes().len(), 286);
    let count = |k| d.communes().iter().filter(|c| c.kind == k).count();
    assert_eq!(count(CommuneKind::Commune), 267);
    assert_eq!(count(CommuneKind::Ward), 10);
    assert_eq!(count(CommuneKind::Township), 9);
    // Units per district, from the GSO list (facts.md §6.1).
    let expected = [(336, 19), (338, 38), (339, 35), (340, 44), (341, 48), (342, 35), (343, 37), (344, 30)];
    for (code, units) in expected {
        assert_eq!(d.communes_of(DistrictCode(code)).count(), units, "district {code}");
    }
    let codes: HashSet<_> = d.communes().iter().map(|c| c.code).collect();
    assert_eq!(codes.len(), 286, "GSO codes are unique");
    let lhp = d.commune(CommuneCode(12433)).expect("phường Lê Hồng Phong");
    assert_eq!(lhp.full_name(), "Phường Lê Hồng Phong");
    assert_eq!(d.district(DistrictCode(338)).unwrap().full_name(), "Huyện Quỳnh Phụ");
}

#[test]
fn flags_264_xa_for_the_new_rural_target() {
    let d = builtin();
    assert_eq!(d.ntm_2019_count(), 264);
    assert!(d.communes().iter().filter(|c| c.ntm_2019).all(|c| c.kind == CommuneKind::Commune));
    let left_out: Vec<_> = d
        .communes()
        .iter()
        .filter(|c| c.kind == CommuneKind::Commune && !c.ntm_2019)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(left_out, ["Đông Hòa", "Tây An", "Tây Sơn"], "documented in engine/data/README.md");
}

#[test]
fn district_sums_equal_province_totals() {
    let d = builtin();
    let province = d.province_counts();
    for field in Field::ALL.into_iter().filter(|f| !f.is_rate()) {
        let by_district: Decimal = d.district_totals().iter().map(|(_, c)| c.get(field).unwrap()).sum();
        let by_commune: Decimal = d.communes().iter().map(|c| c.counts.get(field).unwrap()).sum();
        assert_eq!(by_district, province.get(field).unwrap(), "{field:?}");
        assert_eq!(by_commune, province.get(field).unwrap(), "{field:?}");
    }
    for (district, c) in d.district_totals() {
        assert_eq!(c, d.district_counts(district.code));
    }
}

#[test]
fn no_impossible_counts() {
    for c in builtin().communes() {
        let n = &c.counts;
        assert!(n.households > 0, "{}", c.name);
        assert!(n.people >= n.households, "{}", c.name);
        assert!(n.poor() + n.near_poor <= n.households, "{}", c.name);
        assert!(n.escaped_last_year <= n.households, "{}", c.name);
        assert!(n.villages > 0 && n.poverty_cadres > 0 && n.info_staff > 0, "{}", c.name);
    }
}

#[test]
fn reproduces_the_published_figures() {
    let d = builtin();
    let p = d.province_counts();
    assert_eq!(p.people, 1_860_447, "2019 census");
    // End-2018 baseline: 2.66 % at end-2019 plus the ≥ 0.5-point fall the plan targeted.
    assert_eq!(percent(p.poor_rate().unwrap(), Lang::Vi), "3,16 %");
    // Golden value, asserted in wasm too (app/tests/browser.rs).
    assert_eq!(p.poor_rate().unwrap().to_string(), "0.0316004702095786657722579574");
    let city = d.district_counts(DistrictCode(336));
    assert_eq!(city.poor(), 1_292);
    assert_eq!(city.escaped_last_year, 207);
    assert_eq!(percent(city.poor_rate().unwrap(), Lang::En), "2.06 %");
    let quynh_phu = d.district_counts(DistrictCode(338));
    assert_eq!(percent(quynh_phu.poor_rate().unwrap(), Lang::En), "1.60 %");

    assert_eq!(d.provenance(Scope::Province, Field::People), Provenance::Published);
    assert_eq!(d.provenance(Scope::District(DistrictCode(336)), Field::Poor), Provenance::Published);
    assert_eq!(d.provenance(Scope::District(DistrictCode(336)), Field::Households), Provenance::Derived);
    assert_eq!(d.provenance(Scope::Province, Field::Poor), Provenance::Illustrative);
    assert_eq!(d.provenance(Scope::Commune(CommuneCode(12433)), Field::Poor), Provenance::Illustrative);
    assert!(d.published().iter().all(|p| !p.source.is_empty()));
}

#[test]
fn poverty_is_spread_plausibly() {
    let d = builtin();
    let rate = |c: &Counts| c.poor_rate().unwrap();
    for (district, c) in d.district_totals() {
        let r = rate(&c);
        assert!(r > Decimal::new(1, 2) && r < Decimal::new(6, 2), "{} at {r}", district.name);
    }
    // Urban units are less poor than rural ones on average.
    let by_area = |urban: bool| {
        let mut s = Counts::default();
        for c in d.communes().iter().filter(|c| (c.kind != CommuneKind::Commune) == urban) {
            s.households += c.counts.households;
            s.poor_income += c.counts.poor();
        }
        rate(&s)
    };
    assert!(by_area(true) < by_area(false));
}

// --- Bad files ---------------------------------------------------------------------------

const DISTRICTS: &str = "code,name,type\n1,Alpha,huyện\n";
const HEADER: &str = "gso_code,district_code,name,type,ntm_2019,people,households,poor_income,poor_multidimensional,near_poor,escaped_last_year,villages,poverty_cadres,info_staff\n";
const GOOD_ROW: &str = "10,1,Một,xã,1,300,100,5,2,8,1,4,6,2\n";
const PUBLISHED: &str = "scope,field,value,provenance,confidence,source\n";

fn load(districts: &str, communes: &str, published: &str) -> Result<Dataset, gnbv_engine::dataset::DatasetError> {
    Dataset::from_csv("test", "Thử", districts, communes, published)
}

#[test]
fn a_minimal_dataset_loads() {
    let d = load(DISTRICTS, &format!("{HEADER}{GOOD_ROW}"), PUBLISHED).unwrap();
    assert_eq!(d.province_counts().poor(), 7);
}

/// Name, communes.csv, published.csv, then the expected file, line, column and problem.
type BadFileCase = (&'static str, String, String, DataFile, Option<u64>, Option<&'static str>, Problem);

#[test]
fn bad_files_name_the_line_and_column() {
    let with_row = |row: &str| format!("{HEADER}{GOOD_ROW}{row}\n");
    let cases: Vec<BadFileCase> = vec![
        (
            "unknown district",
            with_row("11,2,Hai,xã,1,300,100,5,2,8,1,4,6,2"),
            PUBLISHED.into(),
            DataFile::Communes,
            Some(3),
            Some("district_code"),
            Problem::UnknownDistrict(2),
        ),
        (
            "duplicate code",
            with_row("10,1,Hai,xã,1,300,100,5,2,8,1,4,6,2"),
            PUBLISHED.into(),
            DataFile::Communes,
            Some(3),
            Some("gso_code"),
            Problem::DuplicateCode(10),
        ),
        (
            "negative count",
            with_row("11,1,Hai,xã,1,300,-100,5,2,8,1,4,6,2"),
            PUBLISHED.into(),
            DataFile::Communes,
            Some(3),
            Some("households"),
            Problem::NotANumber("-100".into()),
        ),
        (
            "poor above households",
            with_row("11,1,Hai,xã,1,300,100,90,20,0,1,4,6,2"),
            PUBLISHED.into(),
            DataFile::Communes,
            Some(3),
            Some("poor_multidimensional"),
            Problem::MorePoorThanHouseholds,
        ),
        (
            "poor and near-poor above households",
            with_row("11,1,Hai,xã,1,300,100,50,20,40,1,4,6,2"),
            PUBLISHED.into(),
            DataFile::Communes,
            Some(3),
            Some("near_poor"),
            Problem::MorePoorAndNearPoorThanHouseholds,
        ),
        (
            "bad flag",
            with_row("11,1,Hai,xã,yes,300,100,5,2,8,1,4,6,2"),
            PUBLISHED.into(),
            DataFile::Communes,
            Some(3),
            Some("ntm_2019"),
            Problem::NotAFlag("yes".into()),
        ),
        (
            "ntm on a ward",
            with_row("11,1,Hai,phường,1,300,100,5,2,8,1,4,6,2"),
            PUBLISHED.into(),
            DataFile::Communes,
            Some(3),
            Some("ntm_2019"),
            Problem::NewRuralNotCommune,
        ),
        (
            "unknown kind",
            with_row("11,1,Hai,làng,0,300,100,5,2,8,1,4,6,2"),
            PUBLISHED.into(),
            DataFile::Communes,
            Some(3),
            Some("type"),
            Problem::UnknownKind("làng".into()),
        ),
        (
            "no households",
            with_row("11,1,Hai,xã,0,0,0,0,0,0,0,1,1,1"),
            PUBLISHED.into(),
            DataFile::Communes,
            Some(3),
            Some("households"),
            Problem::NoHouseholds,
        ),
        (
            "short row",
            with_row("11,1,Hai"),
            PUBLISHED.into(),
            DataFile::Communes,
            Some(3),
            None,
            Problem::Malformed(String::new()),
        ),
        (
            "published mismatch",
            format!("{HEADER}{GOOD_ROW}"),
            format!("{PUBLISHED}province,poor,8,published,C,x\n"),
            DataFile::Published,
            Some(2),
            Some("value"),
            Problem::PublishedMismatch { published: Decimal::from(8), dataset: Decimal::from(7) },
        ),
        (
            "published rate mismatch",
            format!("{HEADER}{GOOD_ROW}"),
            format!("{PUBLISHED}district:1,poor_rate,7.5,published,C,x\n"),
            DataFile::Published,
            Some(2),
            Some("value"),
            Problem::PublishedMismatch { published: Decimal::new(75, 1), dataset: Decimal::new(70, 1) },
        ),
        (
            "published unknown scope",
            format!("{HEADER}{GOOD_ROW}"),
            format!("{PUBLISHED}district:9,poor,7,published,C,x\n"),
            DataFile::Published,
            Some(2),
            Some("scope"),
            Problem::UnknownScope,
        ),
        (
            "published illustrative",
            format!("{HEADER}{GOOD_ROW}"),
            format!("{PUBLISHED}province,poor,7,illustrative,C,x\n"),
            DataFile::Published,
            Some(2),
            Some("provenance"),
            Problem::UnknownProvenance("illustrative".into()),
        ),
    ];
    for (name, communes, published, file, line, column, problem) in cases {
        let err = load(DISTRICTS, &communes, &published).expect_err(name);
        assert_eq!(err.file, file, "case {name}");
        assert_eq!(err.line, line, "case {name}");
        assert_eq!(err.column, column, "case {name}");
        match (&err.problem, &problem) {
            (Problem::Malformed(_), Problem::Malformed(_)) => {}
            (got, want) => assert_eq!(got, want, "case {name}"),
        }
        assert!(!err.message(Lang::Vi).is_empty() && err.message(Lang::Vi) != err.message(Lang::En), "case {name}");
    }
}

#[test]
fn errors_read_well_in_both_languages() {
    let err = load(DISTRICTS, &format!("{HEADER}11,1,Hai,xã,1,300,100,90,20,0,1,4,6,2\n"), PUBLISHED).unwrap_err();
    assert_eq!(err.message(Lang::Vi), "communes.csv, dòng 2, cột poor_multidimensional: số hộ nghèo lớn hơn số hộ");
    assert_eq!(
        err.message(Lang::En),
        "communes.csv, line 2, column poor_multidimensional: more poor households than households"
    );
}

#[test]
fn a_missing_column_is_named() {
    let err = load("code,name\n1,Alpha\n", &format!("{HEADER}{GOOD_ROW}"), PUBLISHED).unwrap_err();
    assert_eq!(err.problem, Problem::MissingColumn("type"));
    assert_eq!(err.file, DataFile::Districts);
}

#[test]
fn a_district_without_communes_is_refused() {
    let err =
        load("code,name,type\n1,Alpha,huyện\n2,Beta,huyện\n", &format!("{HEADER}{GOOD_ROW}"), PUBLISHED).unwrap_err();
    assert_eq!(err.problem, Problem::EmptyDistrict(2));
}
