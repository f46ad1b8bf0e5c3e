//! Share links: encode → decode gives back exactly the scenario (generated scenarios), the
//! corpus of released links keeps decoding, each class of bad link gets its own error, and a
//! typical link stays short.

mod common;

use base64::Engine as _;
use gnbv_engine::defaults;
use gnbv_engine::format::Lang;
use gnbv_engine::line::{Override, Rule};
use gnbv_engine::link::{self, LinkError};
use gnbv_engine::money::Dong;
use gnbv_engine::scenario::{Scenario, ScenarioProblem};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::path::Path;

fn base() -> Scenario {
    defaults::scenario(common::builtin_ref())
}

/// `n` overrides on the default scenario's lines, on distinct communes, with a few reasons.
fn with_overrides(mut s: Scenario, n: usize) -> Scenario {
    let reasons =
        ["Theo đề nghị của UBND huyện", "Xã đặc biệt khó khăn vùng bãi ngang", "Đã giao tại Quyết định 12/QĐ-UBND"];
    let communes = common::builtin_ref().communes();
    let line_count = s.lines.len();
    for i in 0..n {
        let line = &s.lines[(i * 7) % line_count];
        s.overrides.push(Override {
            source: line.source.clone(),
            program: line.program.clone(),
            commune: communes[(i * 37) % communes.len()].code,
            amount: Dong::new(((i as i64 % 9) + 1) * 12_500_000),
            reason: reasons[i % reasons.len()].to_owned(),
        });
    }
    s
}

/// A typical amended plan: three rules changed, two amounts moved, 20 overrides.
fn typical() -> Scenario {
    let mut s = base();
    let mut changed = 0;
    for line in &mut s.lines {
        if let Rule::Criteria(c) = &mut line.rule {
            if changed < 3 {
                c.weights.near_poor = Decimal::new(7, 1);
                c.weights.escaped = Decimal::new(2, 1);
                changed += 1;
            }
        }
    }
    s.lines[0].amount = Dong::new(7_250_000_000);
    s.lines[1].amount = Dong::new(2_150_000_000);
    with_overrides(s, 20)
}

fn fragment_of(bytes: &[u8]) -> String {
    format!("#s=1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// A link carrying `json` as its body, well formed (length and checksum right).
fn link_with_body(json: &str) -> String {
    let deflated = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 6);
    let mut bytes = (deflated.len() as u32).to_le_bytes().to_vec();
    bytes.extend_from_slice(&crc32fast::hash(&deflated).to_le_bytes());
    bytes.extend_from_slice(&deflated);
    fragment_of(&bytes)
}

#[test]
fn the_frozen_base_of_the_current_version_is_todays_default_scenario() {
    // When the defaults change, this fails: keep every released base as it is (old links must
    // keep decoding), add base-v<N+1>.json and link version N+1, and add links to tests/links/.
    let frozen = link::base_json(link::VERSION).expect("the current version has a base");
    let frozen = Scenario::from_json(frozen, common::builtin_ref()).expect("the base validates");
    assert_eq!(frozen, base());
    // Every released base still validates.
    for version in 1..=link::VERSION {
        let text = link::base_json(version).unwrap();
        Scenario::from_json(text, common::builtin_ref()).unwrap_or_else(|e| panic!("base v{version}: {e}"));
    }
    assert!(link::base_json(link::VERSION + 1).is_none() && link::base_json(0).is_none());
}

#[test]
fn a_link_encodes_with_the_current_version() {
    assert!(link::encode(&base(), common::builtin_ref()).starts_with(&format!("s={}.", link::VERSION)));
}

#[test]
fn lengths_of_typical_links() {
    let default_link = link::encode(&base(), common::builtin_ref());
    let typical_link = link::encode(&typical(), common::builtin_ref());
    let hundred = link::encode(&with_overrides(base(), 100), common::builtin_ref());
    eprintln!(
        "link lengths (characters after #): default {}, typical (3 rules, 2 amounts, 20 overrides) {}, 100 overrides {}",
        default_link.len(),
        typical_link.len(),
        hundred.len()
    );
    assert!(typical_link.len() <= 600, "typical link is {} characters", typical_link.len());
    for (s, l) in [(base(), default_link), (typical(), typical_link), (with_overrides(base(), 100), hundred)] {
        assert_eq!(link::decode(&l, common::builtin_ref()), Ok(s));
    }
}

#[test]
fn every_corpus_link_decodes_to_its_scenario_forever() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/links");
    let mut count = 0;
    for version in std::fs::read_dir(&root).expect("tests/links exists") {
        let version = version.unwrap().path();
        if !version.is_dir() {
            continue; // README.md
        }
        for entry in std::fs::read_dir(&version).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("link") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let expected = std::fs::read_to_string(path.with_extension("json")).unwrap();
            let expected = Scenario::from_json(&expected, common::builtin_ref()).unwrap();
            let decoded =
                link::decode(text.trim(), common::builtin_ref()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(decoded, expected, "{}", path.display());
            count += 1;
        }
    }
    assert!(count >= 3, "the corpus has {count} links");
}

#[test]
fn addresses_and_fragments_are_all_accepted() {
    let s = typical();
    let f = link::encode(&s, common::builtin_ref());
    for text in [
        format!("http://127.0.0.1:8080/allocation#{f}"),
        format!("#{f}"),
        f.clone(),
        format!("  https://example.org/#lang=vi&{f}\n"),
    ] {
        assert_eq!(link::decode(&text, common::builtin_ref()).as_ref(), Ok(&s), "{text}");
    }
    assert!(link::has_scenario(&format!("/#{f}")));
    assert!(!link::has_scenario("/#main"));
}

#[test]
fn each_class_of_bad_link_has_its_error() {
    let good = link::encode(&typical(), common::builtin_ref());
    let payload =
        good.strip_prefix(&format!("s={}.", link::VERSION)).expect("links are written in the current version");
    let mut flipped = payload.to_owned().into_bytes();
    let mid = flipped.len() / 2;
    flipped[mid] = if flipped[mid] == b'A' { b'B' } else { b'A' };
    let flipped = String::from_utf8(flipped).unwrap();
    let mut header_cut = payload.to_owned();
    header_cut.truncate(8);
    let bomb = {
        let zeros = vec![b' '; 4 * link::MAX_INFLATED];
        let deflated = miniz_oxide::deflate::compress_to_vec(&zeros, 10);
        let mut bytes = (deflated.len() as u32).to_le_bytes().to_vec();
        bytes.extend_from_slice(&crc32fast::hash(&deflated).to_le_bytes());
        bytes.extend_from_slice(&deflated);
        fragment_of(&bytes)
    };
    let garbage_body = {
        let junk = b"not deflate at all, just bytes".to_vec();
        let mut bytes = (junk.len() as u32).to_le_bytes().to_vec();
        bytes.extend_from_slice(&crc32fast::hash(&junk).to_le_bytes());
        bytes.extend_from_slice(&junk);
        fragment_of(&bytes)
    };
    let fp = link::fingerprint(common::builtin_ref());
    let cases: Vec<(String, fn(&LinkError) -> bool)> = vec![
        ("http://127.0.0.1/allocation".into(), |e| *e == LinkError::NoScenario),
        ("#s=".into(), |e| *e == LinkError::Malformed),
        ("#s=abc".into(), |e| *e == LinkError::Malformed),
        ("#s=1.".into(), |e| *e == LinkError::Malformed),
        (format!("#s=6.{payload}"), |e| *e == LinkError::UnsupportedVersion(6)),
        (format!("#s=99999999999.{payload}"), |e| *e == LinkError::UnsupportedVersion(99_999_999_999)),
        (format!("#s=1.{}", "A".repeat(link::MAX_PAYLOAD_CHARS + 1)), |e| matches!(e, LinkError::TooLong(_))),
        (format!("#s=3.{}", &payload[..payload.len() - 40]), |e| *e == LinkError::Truncated),
        (format!("#s=3.{header_cut}"), |e| *e == LinkError::Truncated),
        (format!("#s=3.{}", &payload[..payload.len() - 1]), |e| *e == LinkError::Truncated),
        (format!("#s=3.{flipped}"), |e| *e == LinkError::ChecksumMismatch),
        (format!("#s=3.{payload}AAAA"), |e| *e == LinkError::ChecksumMismatch),
        (format!("#s=3.{}!{}", &payload[..10], &payload[10..]), |e| *e == LinkError::BadCharacter(10)),
        (format!("#s=3.{}%20", payload), |e| matches!(e, LinkError::BadCharacter(_))),
        (bomb, |e| *e == LinkError::TooLarge),
        (garbage_body, |e| *e == LinkError::Corrupt),
        (link_with_body("[1,2,3]"), |e| matches!(e, LinkError::BadContent(_))),
        (
            link_with_body(&format!(r#"{{"d":"thai-binh-2019","h":"{fp}","o":[[0],[12433],[5],[]]}}"#)),
            |e| matches!(e, LinkError::BadContent(m) if m.contains("columns")),
        ),
        (
            link_with_body(&format!(r#"{{"d":"thai-binh-2019","h":"{fp}","o":[[99],[12433],[5],[0]],"r":["x"]}}"#)),
            |e| matches!(e, LinkError::BadContent(m) if m == "o[0]: no such line"),
        ),
        (link_with_body(&format!(r#"{{"d":"thai-binh-2019","h":"{fp}","x":1}}"#)), |e| {
            matches!(e, LinkError::BadContent(_))
        }),
        (
            link_with_body(&format!(r#"{{"d":"thai-binh-2019","h":"{fp}","p":{{"nope":1}}}}"#)),
            |e| matches!(e, LinkError::BadContent(m) if m == "p.nope: no such field"),
        ),
        (
            link_with_body(&format!(r#"{{"d":"ha-noi-2019","h":"{fp}"}}"#)),
            |e| matches!(e, LinkError::OtherDataset { link, .. } if link == "ha-noi-2019"),
        ),
        (
            link_with_body(r#"{"d":"thai-binh-2019","h":"0123456789abcdef"}"#),
            |e| matches!(e, LinkError::OtherFigures { link, .. } if link == "0123456789abcdef"),
        ),
        (
            link_with_body(&format!(r#"{{"d":"thai-binh-2019","h":"{fp}","p":{{"lines":{{"0":{{"amount":-5}}}}}}}}"#)),
            |e| {
                matches!(e, LinkError::Scenario(s) if s.path == "lines[0].amount"
                && matches!(s.problem, ScenarioProblem::AmountOutOfRange(_)))
            },
        ),
        // A patch with a simulation parameter far out of its range (it once projected 0 poor).
        (
            link_with_body(&format!(
                r#"{{"d":"thai-binh-2019","h":"{fp}","p":{{"simulation":{{"income_growth":{{"mean_bp":2000000000}}}}}}}}"#
            )),
            |e| {
                matches!(e, LinkError::Scenario(s) if s.path == "simulation.income_growth.mean_bp"
                && matches!(s.problem, ScenarioProblem::OutOfRange { .. }))
            },
        ),
    ];
    for (text, expected) in cases {
        let got = link::decode(&text, common::builtin_ref());
        match &got {
            Err(e) => {
                assert!(expected(e), "{}…: got {e:?}", &text[..text.len().min(60)]);
                for lang in [Lang::Vi, Lang::En] {
                    assert!(!e.message(lang).is_empty());
                }
            }
            Ok(_) => panic!("{}… decoded", &text[..text.len().min(60)]),
        }
    }
}

#[test]
fn messages_say_what_is_wrong_in_both_languages() {
    let e = link::decode("#s=1.AAAA", common::builtin_ref()).unwrap_err();
    assert_eq!(e.message(Lang::Vi), "liên kết bị cắt cụt (thiếu phần cuối); hãy sao chép lại toàn bộ liên kết");
    assert_eq!(e.message(Lang::En), "the link is cut short; copy the whole link again");
    let e = LinkError::OtherFigures {
        file: Some("ra-soat.csv".into()),
        households: None,
        link: "a".into(),
        loaded: "b".into(),
    };
    assert!(e.message(Lang::En).contains("“ra-soat.csv”"));
    // Both files, when the sender had both.
    let both = LinkError::OtherFigures {
        file: Some("xa.csv".into()),
        households: Some(("ho.csv".into(), Some("00ff".into()))),
        link: "a".into(),
        loaded: "b".into(),
    };
    assert!(both
        .message(Lang::Vi)
        .contains("(tệp hộ gia đình “ho.csv”, dấu vân tay 00ff và tệp số liệu xã “xa.csv”, ở màn hình Dữ liệu)"));
    assert!(both
        .message(Lang::En)
        .contains("the household file “ho.csv”, fingerprint 00ff and the commune file “xa.csv”"));
    assert!(e.message(Lang::Vi).contains("nạp cùng tệp số liệu"));
    assert!(e.message(Lang::En).contains("load the same data file"));
}

/// Scenario edits a user can make: amounts, seeds, weights, floors, draws, overrides, removed
/// lines and sources renamed.
#[derive(Debug, Clone)]
enum Edit {
    Amount(usize, i64),
    Seed(u64),
    Weight(usize, u32),
    Draws(u32),
    Override(usize, usize, i64, String),
    RemoveLine(usize),
    RenameSource(usize, String),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..64usize, 0..1_000_000_000_000i64).prop_map(|(i, a)| Edit::Amount(i, a)),
        any::<u64>().prop_map(Edit::Seed),
        (0..64usize, 0..2_000_000u32).prop_map(|(i, w)| Edit::Weight(i, w)),
        (1..=10_000u32).prop_map(Edit::Draws),
        (0..64usize, 0..286usize, 0..10_000_000_000i64, "[a-zA-Zàáạảãăắặâấậđèéêếệìíòóôốộơớợùúưứựỳý ]{1,30}")
            .prop_map(|(l, c, a, r)| Edit::Override(l, c, a, r)),
        (0..64usize).prop_map(Edit::RemoveLine),
        (0..64usize, "[\\PC]{1,20}").prop_map(|(i, n)| Edit::RenameSource(i, n)),
    ]
}

fn apply(s: &mut Scenario, e: &Edit) {
    match e {
        Edit::Amount(i, a) => {
            let n = s.lines.len();
            s.lines[i % n].amount = Dong::new(*a);
        }
        Edit::Seed(seed) => s.seed = *seed,
        Edit::Weight(i, w) => {
            let n = s.lines.len();
            if let Rule::Criteria(c) = &mut s.lines[i % n].rule {
                c.weights.poor = Decimal::new(i64::from(*w), 3);
            }
        }
        Edit::Draws(d) => s.simulation.draws = *d,
        Edit::Override(l, c, a, r) => {
            if s.lines.is_empty() || r.trim().is_empty() {
                return;
            }
            let line = &s.lines[l % s.lines.len()];
            let commune = common::builtin_ref().communes()[*c].code;
            if s.overrides.iter().any(|o| o.source == line.source && o.program == line.program && o.commune == commune)
            {
                return;
            }
            s.overrides.push(Override {
                source: line.source.clone(),
                program: line.program.clone(),
                commune,
                amount: Dong::new(*a),
                reason: r.clone(),
            });
        }
        Edit::RemoveLine(i) => {
            if s.lines.is_empty() {
                return;
            }
            let line = s.lines.remove(i % s.lines.len());
            s.overrides.retain(|o| !(o.source == line.source && o.program == line.program));
        }
        Edit::RenameSource(i, name) => {
            let n = s.sources.len();
            s.sources[i % n].name_vi = name.clone();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn encode_then_decode_gives_back_the_same_scenario(edits in proptest::collection::vec(edit(), 0..40)) {
        let mut s = base();
        for e in &edits {
            apply(&mut s, e);
        }
        prop_assume!(s.validate(common::builtin_ref()).is_ok());
        let fragment = link::encode(&s, common::builtin_ref());
        prop_assert_eq!(link::decode(&fragment, common::builtin_ref()), Ok(s.clone()));
        // Deterministic: the same scenario always gives the same link.
        prop_assert_eq!(link::encode(&s, common::builtin_ref()), fragment);
    }

    #[test]
    fn no_text_makes_the_decoder_panic(text in "[#s=1.A-Za-z0-9_\\-]{0,200}") {
        let _ = link::decode(&text, common::builtin_ref());
    }
}

#[test]
fn a_link_made_on_imported_figures_names_the_file_to_the_recipient() {
    let d = common::builtin_ref();
    let text = gnbv_engine::import::commune_template(d, Lang::En);
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let mut cells: Vec<String> = lines[1].split(',').map(String::from).collect();
    cells[4] = (cells[4].parse::<u64>().unwrap() + 1).to_string();
    lines[1] = cells.join(",");
    let imported = gnbv_engine::import::import_communes(&lines.join("\n"), "ra-soat-2018.csv", d).unwrap();
    let s = defaults::scenario(&imported);
    let fragment = link::encode(&s, &imported);
    assert_eq!(link::decode(&fragment, &imported), Ok(s));
    match link::decode(&fragment, d) {
        Err(e @ LinkError::OtherFigures { .. }) => {
            assert!(e.message(Lang::Vi).contains("“ra-soat-2018.csv”"), "{}", e.message(Lang::Vi));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_link_names_the_household_file_and_its_fingerprint() {
    use gnbv_engine::review::{HouseholdFile, Review, Uncovered};
    let d = common::builtin_ref();
    let s = typical();
    let standard = gnbv_engine::standard::PovertyStandard::qd59_2015();
    let file = HouseholdFile::new("ho-ra-soat-2018.csv", gnbv_engine::population::synthesize(d, &standard, 3));
    let on_file = Review::of(d, &file, &standard).apply(d, Uncovered::Refuse).unwrap();
    let fragment = link::encode(&s, &on_file);
    let info = link::Info { households: Some("ho-ra-soat-2018.csv".into()), fingerprint: Some(file.fingerprint_hex()) };
    // A recipient with the same file opens it on it (and is told which file it was).
    assert_eq!(link::decode_with(&fragment, &on_file), Ok((s.clone(), info)));
    // A recipient on other figures is told which file to load, with its fingerprint.
    let mut h = file.households.clone();
    h.income.iter_mut().take(5_000).for_each(|i| *i = 1);
    let other = HouseholdFile::new("khac.csv", h);
    let on_other = Review::of(d, &other, &standard).apply(d, Uncovered::Refuse).unwrap();
    match link::decode_with(&fragment, &on_other) {
        Err(e @ LinkError::OtherFigures { .. }) => {
            let vi = e.message(Lang::Vi);
            assert!(vi.contains("tệp hộ gia đình “ho-ra-soat-2018.csv”"), "{vi}");
            assert!(vi.contains(&file.fingerprint_hex()), "{vi}");
            assert!(e.message(Lang::En).contains(&format!("fingerprint {}", file.fingerprint_hex())));
        }
        other => panic!("{other:?}"),
    }
    // Without a household file, the link says nothing of one.
    assert_eq!(link::decode_with(&link::encode(&s, d), d), Ok((s, link::Info::default())));
}

/// A link carries no household's data: the household plan's chosen helpers stay in the file.
#[test]
fn a_link_leaves_the_household_helpers_out() {
    use gnbv_engine::household_plan::Organisation;
    let d = common::builtin_ref();
    let mut s = base();
    s.helpers.insert("H0000042".into(), Organisation::WomensUnion);
    s.helpers.insert("HGD-12436-007".into(), Organisation::FarmersUnion);
    s.validate(d).expect("valid helpers");
    let link = link::encode(&s, d);
    assert!(!link.is_empty());
    let back = link::decode(&link, d).expect("decodes");
    assert!(back.helpers.is_empty());
    let mut without = s.clone();
    without.helpers.clear();
    assert_eq!(back, without);
    assert_eq!(link, link::encode(&without, d), "the same link with or without helpers");
    // Kept in the scenario file.
    let json = s.to_json();
    assert!(json.contains("\"helpers\"") && json.contains("\"H0000042\": \"womens_union\""), "{json}");
    assert_eq!(Scenario::from_json(&json, d).expect("reads back").helpers, s.helpers);
    // A bad id names its path.
    let mut bad = base();
    bad.helpers.insert(" ".into(), Organisation::YouthUnion);
    let e = bad.validate(d).expect_err("a blank id");
    assert_eq!(e.path, "helpers. ");
    assert!(e.message(Lang::En).contains("1 to 64 characters"));
}
