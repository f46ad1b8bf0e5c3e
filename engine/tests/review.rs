//! The household review as the one population: counts from a file, the choice for communes
//! it does not cover, what the planner is told, and the stored form read back.

mod common;

use common::{builtin_ref, small};
use gnbv_engine::allocation::allocate;
use gnbv_engine::dataset::{CommuneCode, Field, Population, Scope};
use gnbv_engine::format::Lang;
use gnbv_engine::households::{flag, HouseholdProblem, Households};
use gnbv_engine::population::synthesize;
use gnbv_engine::review::{HouseholdFile, Refusal, Review, StoredError, Uncovered};
use gnbv_engine::standard::PovertyStandard;

fn standard() -> PovertyStandard {
    PovertyStandard::qd59_2015()
}

/// A household file's header with the required columns only, and a row's ten deprivation
/// cells, all `0`.
fn header(s: &PovertyStandard) -> (String, String) {
    let mut text = String::from("household_id,commune_code,area,members,income_per_capita_month");
    for i in &s.indicators {
        text.push_str(&format!(",d_{}", i.key));
    }
    text.push_str(",causes\n");
    (text, ",0".repeat(s.indicators.len()))
}

/// The synthetic population of the built-in dataset, as a file would give it.
fn synthetic_file() -> HouseholdFile {
    let d = builtin_ref();
    HouseholdFile::new("tong-the.csv", synthesize(d, &standard(), 7))
}

/// Only the rows of `keep`'s communes, read back from CSV as a user's file would be.
fn file_of(name: &str, households: &Households, keep: impl Fn(CommuneCode) -> bool) -> HouseholdFile {
    let d = builtin_ref();
    let text = households.to_csv(d, &standard());
    let mut lines = text.lines();
    let mut out = String::from(lines.next().unwrap());
    out.push('\n');
    for line in lines {
        let code: u32 = line.split(',').nth(1).unwrap().parse().unwrap();
        if keep(CommuneCode(code)) {
            out.push_str(line);
            out.push('\n');
        }
    }
    HouseholdFile::parse(name, &out, d, &standard()).expect("a clean file")
}

#[test]
fn the_synthetic_population_counts_back_to_the_dataset_exactly() {
    let d = builtin_ref();
    let file = synthetic_file();
    let review = Review::of(d, &file, &standard());
    assert_eq!(review.covered, 286);
    assert!(review.uncovered.is_empty());
    assert_eq!(review.findings, vec![], "the dataset's own households contradict nothing");
    let applied = review.apply(d, Uncovered::Refuse).unwrap();
    for (a, b) in applied.communes().iter().zip(d.communes()) {
        assert_eq!(a.counts, b.counts, "{}", b.full_name());
    }
    assert!(
        matches!(applied.population(), Population::HouseholdFile(o) if o.households == 620_149 && o.kept.is_empty())
    );
    assert!(applied.published().is_empty(), "published anchors no longer describe the counts");
    // The same counts, so the same figures fingerprint: a link made on either opens on the other.
    assert_eq!(applied.content_hash(), d.content_hash());
}

#[test]
fn counts_follow_the_file_and_the_allocation_follows_the_counts() {
    let d = builtin_ref();
    let mut h = synthesize(d, &standard(), 7);
    // Every household of the first commune becomes poor by income.
    let first = h.segments()[0];
    for i in first.start..first.end {
        h.income[i as usize] = 100_000;
    }
    let file = HouseholdFile::new("ngheo.csv", h);
    let review = Review::of(d, &file, &standard());
    let applied = review.apply(d, Uncovered::Refuse).unwrap();
    let c = &applied.communes()[0];
    assert_eq!(c.counts.poor(), c.counts.households);
    assert_eq!(c.counts.near_poor, 0);
    assert_eq!(c.counts.social_protection, 0, "social-policy households are the non-poor flagged ones");
    // Criteria lines weigh poor households: the first commune now gets more.
    let scenario = common::default_scenario();
    let total = |a: gnbv_engine::allocation::Allocation| {
        a.cells
            .iter()
            .filter(|x| x.recipient == gnbv_engine::allocation::Recipient::Commune(c.code))
            .map(|x| x.amount.get())
            .sum::<i64>()
    };
    let before = total(allocate(&scenario, d));
    let after = total(allocate(&scenario, &applied));
    assert!(after > before, "{after:?} > {before:?}");
}

#[test]
fn uncovered_communes_are_refused_or_kept_as_the_planner_chooses() {
    let d = builtin_ref();
    let h = synthesize(d, &standard(), 7);
    let missing = [d.communes()[3].code, d.communes()[100].code];
    let file = file_of("thieu-xa.csv", &h, |c| !missing.contains(&c));
    let review = Review::of(d, &file, &standard());
    assert_eq!(review.uncovered, missing.to_vec());
    assert_eq!(review.covered, 284);
    assert_eq!(review.apply(d, Uncovered::Refuse), Err(Refusal::Uncovered(2)));
    assert!(Refusal::Uncovered(2).message(Lang::Vi).contains("2 xã không có hộ nào"));
    let kept = review.apply(d, Uncovered::Keep).unwrap();
    for code in missing {
        assert!(kept.kept_from_dataset(code));
        assert_eq!(kept.commune(code).unwrap().counts, d.commune(code).unwrap().counts);
    }
    assert!(!kept.kept_from_dataset(d.communes()[0].code));
    let said = kept.population().describe(Lang::Vi);
    assert!(said.contains("“thieu-xa.csv”") && said.contains("2 xã không có trong tệp dùng bộ số liệu"), "{said}");
    assert!(kept.population().describe(Lang::En).contains("2 communes not in the file use the dataset"));
}

#[test]
fn a_file_at_odds_with_the_published_anchors_is_flagged_not_silently_used() {
    let d = builtin_ref();
    let mut h = synthesize(d, &standard(), 7);
    // Half the province poor: every other household's income below the line.
    for i in (0..h.len()).step_by(2) {
        h.income[i] = 100_000;
    }
    let review = Review::of(d, &HouseholdFile::new("sai.csv", h), &standard());
    use gnbv_engine::review::Finding;
    let anchor = review.findings.iter().find_map(|f| match f {
        Finding::AnchorDiffers { scope, field: Field::PoorRate, published, file } => Some((*scope, *published, *file)),
        _ => None,
    });
    let (scope, published, file) = anchor.expect("the published district rates are contradicted");
    assert!(matches!(scope, Scope::District(_)));
    assert!(file > published);
    assert!(review.findings.iter().any(|f| matches!(f, Finding::ProvinceRate { .. })));
    let text: Vec<String> = review.findings.iter().map(|f| f.message(d, Lang::Vi)).collect();
    assert!(text.iter().any(|t| t.contains("số liệu công bố là 2,06 %")), "{text:?}");
    assert!(text.iter().any(|t| t.contains("Tỷ lệ hộ nghèo toàn tỉnh theo tệp là")), "{text:?}");
    // Findings do not stop the file: the planner decides, with them on screen.
    assert!(review.apply(d, Uncovered::Refuse).is_ok());
}

#[test]
fn more_households_than_people_and_missing_columns_are_said() {
    let d = small();
    let s = standard();
    let (mut text, zeros) = header(&s);
    // Commune 10 has 1,500 people in the dataset: 1,600 households is more than it can have.
    for n in 0..1_600 {
        text.push_str(&format!("H{n},10,rural,1,5000000{zeros},\n"));
    }
    for n in 0..10 {
        text.push_str(&format!("K{n},20,rural,3,5000000{zeros},\n"));
    }
    let file = HouseholdFile::parse("nhieu-ho.csv", &text, &d, &s).unwrap();
    assert_eq!(file.households.recorded, 0, "no escaped or social-protection column");
    let review = Review::of(&d, &file, &s);
    use gnbv_engine::review::Finding;
    assert!(review.findings.contains(&Finding::MoreHouseholdsThanPeople {
        commune: CommuneCode(10),
        households: 1_600,
        people: 1_500
    }));
    // Without the columns the dataset's counts are kept, capped by the file's non-poor households.
    assert!(matches!(review.findings[0], Finding::ColumnAbsent { column: "escaped_last_year", .. }));
    let kept = review.apply(&d, Uncovered::Keep).unwrap();
    let twenty = kept.commune(CommuneCode(20)).unwrap().counts;
    assert_eq!((twenty.households, twenty.people, twenty.escaped_last_year), (10, 30, 6));
    assert!(kept.kept_from_dataset(CommuneCode(30)));
    assert!(review.findings.iter().all(|f| !f.message(&d, Lang::Vi).is_empty()));
}

#[test]
fn a_file_for_another_province_is_refused_in_one_message() {
    let d = builtin_ref();
    let s = standard();
    let (mut text, zeros) = header(&s);
    for n in 0..500 {
        text.push_str(&format!("H{n},{},rural,3,900000{zeros},\n", 26_000 + n % 7));
    }
    let errors = HouseholdFile::parse("ha-noi.csv", &text, d, &s).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(matches!(&errors[0].problem, HouseholdProblem::OtherProvince { example: 26_000, .. }));
    assert!(
        errors[0].message(Lang::Vi).contains("tệp không phải của tỉnh Thái Bình"),
        "{}",
        errors[0].message(Lang::Vi)
    );
    assert!(errors[0].message(Lang::En).contains("the file is not for Thái Bình"));
}

#[test]
fn the_stored_form_reads_back_to_the_same_file_and_refuses_damage() {
    let d = builtin_ref();
    let h = synthesize(d, &standard(), 7);
    let file = file_of("mot-phan.csv", &h, |c| c.0 % 2 == 0);
    let bytes = file.to_bytes(d);
    let back = HouseholdFile::from_bytes(&bytes, d).unwrap();
    assert_eq!(back, file);
    assert_eq!(back.households.segments(), file.households.segments());
    assert_eq!(back.households.recorded, flag::ESCAPED | flag::SOCIAL_PROTECTION);
    let columns = HouseholdFile::from_bytes_without_ids(&bytes, d).unwrap();
    assert_eq!(columns.households.ids, None);
    assert_eq!((columns.fingerprint, &columns.households.income), (file.fingerprint, &file.households.income));
    // Any changed byte in the body, or a cut, is caught.
    let mut damaged = bytes.clone();
    let last = damaged.len() - 1;
    damaged[last] ^= 1;
    assert_eq!(HouseholdFile::from_bytes(&damaged, d), Err(StoredError::Damaged));
    assert_eq!(HouseholdFile::from_bytes(&bytes[..bytes.len() / 2], d), Err(StoredError::Damaged));
    assert_eq!(HouseholdFile::from_bytes(b"not a household file", d), Err(StoredError::NotStored));
    assert_eq!(HouseholdFile::from_bytes(&bytes, &small()), Err(StoredError::OtherUnits));
    assert!(!StoredError::Damaged.message(Lang::Vi).is_empty());
}

#[test]
fn the_fingerprint_is_of_the_households_not_the_text() {
    let d = builtin_ref();
    let s = standard();
    let h = synthesize(d, &s, 7);
    let keep = |c: CommuneCode| c == d.communes()[0].code;
    let a = file_of("a.csv", &h, keep);
    let text = a.households.to_csv(d, &s);
    let b = HouseholdFile::parse("b.csv", &text.replace('\n', "\r\n"), d, &s).unwrap();
    assert_eq!(a.fingerprint, b.fingerprint, "line endings do not matter");
    let mut other = a.households.clone();
    other.income[0] += 1;
    assert_ne!(HouseholdFile::new("a.csv", other).fingerprint, a.fingerprint);
    assert_eq!(a.fingerprint_hex().len(), 16);
}

/// Bytes whose body was changed after writing, with the fingerprint written anew: what only
/// the checks after the fingerprint can catch.
fn forged(bytes: &[u8], change: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let name_len = u32::from_le_bytes(bytes[24..28].try_into().unwrap()) as usize;
    let start = 28 + name_len;
    let mut body = bytes[start..].to_vec();
    change(&mut body);
    let mut out = bytes[..start].to_vec();
    let fingerprint = gnbv_engine::rng::fnv1a(gnbv_engine::rng::FNV_OFFSET, &body);
    out[8..16].copy_from_slice(&fingerprint.to_le_bytes());
    out.extend_from_slice(&body);
    out
}

#[test]
fn forged_stored_bytes_are_refused_not_trusted() {
    let d = builtin_ref();
    let h = synthesize(d, &standard(), 7);
    let file = file_of("mot-xa.csv", &h, |c| c == d.communes()[0].code || c == d.communes()[1].code);
    let bytes = file.to_bytes(d);
    let n = file.households.len();
    // Body: n (4), recorded (1), has ids (1), commune u16 × n, members u8 × n, …
    let commune = 6;
    let members = commune + 2 * n;
    assert!(HouseholdFile::from_bytes(&forged(&bytes, |_| {}), d).is_ok(), "an unchanged body reads back");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "a commune index past the communes",
            forged(&bytes, |b| b[commune..commune + 2].copy_from_slice(&999u16.to_le_bytes())),
        ),
        ("a household of no members", forged(&bytes, |b| b[members] = 0)),
        ("rows out of commune order", forged(&bytes, |b| b[commune..commune + 2].copy_from_slice(&1u16.to_le_bytes()))),
        ("an unknown ids marker", forged(&bytes, |b| b[5] = 2)),
        ("a count larger than the columns", forged(&bytes, |b| b[0..4].copy_from_slice(&u32::MAX.to_le_bytes()))),
        ("ids longer than the bytes", {
            let ids = members + n + 4 * n + 2 * n + 2 * n + n;
            forged(&bytes, |b| b[ids..ids + 4].copy_from_slice(&u32::MAX.to_le_bytes()))
        }),
    ];
    for (what, bytes) in cases {
        assert_eq!(HouseholdFile::from_bytes(&bytes, d), Err(StoredError::Damaged), "{what}");
        assert_eq!(HouseholdFile::from_bytes_without_ids(&bytes, d), Err(StoredError::Damaged), "{what}");
    }
}

#[test]
fn the_fingerprint_ignores_column_order() {
    let d = builtin_ref();
    let s = standard();
    let h = synthesize(d, &s, 7);
    let a = file_of("a.csv", &h, |c| c == d.communes()[0].code);
    let text = a.households.to_csv(d, &s);
    // Move the first column (household_id) to the end of every line.
    let moved: String = text
        .lines()
        .map(|l| {
            let (first, rest) = l.split_once(',').unwrap();
            format!("{rest},{first}\n")
        })
        .collect();
    let b = HouseholdFile::parse("b.csv", &moved, d, &s).unwrap();
    assert_eq!(a.fingerprint, b.fingerprint);
}

#[test]
fn a_file_whose_first_rows_are_unknown_is_not_called_another_province() {
    let d = builtin_ref();
    let s = standard();
    let (mut text, zeros) = header(&s);
    for n in 0..150 {
        text.push_str(&format!("U{n},99999,rural,3,900000{zeros},\n"));
    }
    text.push_str(&format!("K1,{},rural,3,900000{zeros},\n", d.communes()[0].code.0));
    let errors = HouseholdFile::parse("sat-nhap.csv", &text, d, &s).unwrap_err();
    assert_eq!(errors.len(), 100, "the first hundred problems, line by line");
    assert!(errors.iter().all(|e| matches!(e.problem, HouseholdProblem::UnknownCommune(99_999))));
}

#[test]
fn duplicate_ids_are_found_among_rows_with_other_problems_too() {
    let d = builtin_ref();
    let s = standard();
    let (mut text, zeros) = header(&s);
    let code = d.communes()[0].code.0;
    text.push_str(&format!("A,99999,rural,3,900000{zeros},\n"));
    text.push_str(&format!("A,{code},rural,3,900000{zeros},\n"));
    let errors = HouseholdFile::parse("trung.csv", &text, d, &s).unwrap_err();
    let lines: Vec<(u64, &HouseholdProblem)> = errors.iter().map(|e| (e.line, &e.problem)).collect();
    assert_eq!(
        lines,
        vec![(2, &HouseholdProblem::UnknownCommune(99_999)), (3, &HouseholdProblem::DuplicateId("A".into()))]
    );
}
