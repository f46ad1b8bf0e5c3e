//! The `gnbv` command-line tool, run as a user would.

mod common;

use std::process::Command;

fn gnbv(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gnbv")).args(args).output().expect("gnbv runs");
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn dataset_json_has_every_unit_with_provenance() {
    let (ok, out, _) = gnbv(&["dataset", "--json"]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["dataset"], "thai-binh-2019");
    assert_eq!(v["province"]["counts"]["people"], 1_860_447);
    assert_eq!(v["province"]["units"], 286);
    assert_eq!(v["province"]["ntm_2019_units"], 264);
    assert_eq!(v["province"]["provenance"]["people"], "published");
    assert_eq!(v["province"]["provenance"]["poor"], "illustrative");
    let districts = v["districts"].as_array().unwrap();
    assert_eq!(districts.len(), 8);
    let communes: usize = districts.iter().map(|d| d["communes"].as_array().unwrap().len()).sum();
    assert_eq!(communes, 286);
    assert_eq!(
        districts[0]["counts"]["poor_income"].as_u64().unwrap()
            + districts[0]["counts"]["poor_multidimensional"].as_u64().unwrap(),
        1_292
    );
    assert_eq!(districts[0]["provenance"]["poor"], "published");
    // Rates are exact decimal strings, never floats.
    assert_eq!(districts[0]["poor_rate"], "0.02060015");
    assert!(v["published"].as_array().unwrap().iter().all(|p| p["source"].as_str().is_some_and(|s| !s.is_empty())));
}

#[test]
fn dataset_text_says_what_is_illustrative_in_both_languages() {
    let (ok, vi, _) = gnbv(&["dataset"]);
    assert!(ok);
    assert!(vi.contains("MINH HỌA"));
    assert!(vi.contains("Tỉnh Thái Bình          1.860.447 [CB]"), "{vi}");
    assert!(vi.contains("Huyện Quỳnh Phụ"));
    let (ok, en, _) = gnbv(&["--lang", "en", "dataset"]);
    assert!(ok);
    assert!(en.contains("ILLUSTRATIVE"));
    assert!(en.contains("1,860,447 [P]"));
    assert!(en.contains("2.06 % [P]"));
}

#[test]
fn unknown_arguments_fail_with_a_message() {
    let (ok, _, err) = gnbv(&["dataset", "--bogus"]);
    assert!(!ok);
    assert!(err.contains("--bogus"));
}

fn write_temp(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("gnbv-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn allocate_the_default_scenario_to_the_dong() {
    let (ok, scenario, _) = gnbv(&["scenario", "default"]);
    assert!(ok);
    let path = write_temp("default.json", &scenario);
    let (ok, out, err) = gnbv(&["allocate", "--scenario", path.to_str().unwrap(), "--json"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let s: serde_json::Value = serde_json::from_str(&scenario).unwrap();
    for source in s["sources"].as_array().unwrap() {
        let id = source["id"].as_str().unwrap();
        let placed: i64 = v["cells"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["source"] == id)
            .map(|c| c["amount"].as_i64().expect("amounts are JSON integers"))
            .sum();
        let balance = v["sources"].as_array().unwrap().iter().find(|b| b["source"] == id).unwrap();
        assert_eq!(placed, balance["allocated"].as_i64().unwrap(), "{id}");
        assert_eq!(balance["available"].as_i64().unwrap() - placed, balance["remaining"].as_i64().unwrap(), "{id}");
    }
    // The district and commune Day for the Poor funds, locality by locality: 8 districts and
    // 286 communes, each placing no more than its part.
    let parts = v["local_parts"].as_array().unwrap();
    let count = |level: &str| parts.iter().filter(|p| p["locality"]["level"] == level).count();
    assert_eq!((count("district"), count("commune")), (8, 286));
    assert!(parts
        .iter()
        .all(|p| p["placed"].as_i64() <= p["part"].as_i64() && p["part"].as_i64() <= p["held"].as_i64()));
    assert_eq!(v["entitlements"].as_array().unwrap().len(), 6);
    let (ok, text, _) = gnbv(&["--lang", "en", "allocate", "--scenario", path.to_str().unwrap()]);
    assert!(ok);
    assert!(text.contains("Central program funds (Projects 3–5)") && text.contains("Entitlements"));
}

#[test]
fn a_bad_scenario_fails_with_the_field_named() {
    let (_, scenario, _) = gnbv(&["scenario", "default"]);
    let broken = scenario.replacen("\"seed\": 2019", "\"seed\": \"soon\"", 1);
    let path = write_temp("broken.json", &broken);
    let (ok, out, err) = gnbv(&["allocate", "--scenario", path.to_str().unwrap()]);
    assert!(!ok);
    assert!(out.is_empty());
    assert!(err.contains("trường seed"), "{err}");
    let (ok, _, err) = gnbv(&["--lang", "en", "allocate", "--scenario", "/nonexistent/scenario.json"]);
    assert!(!ok);
    assert!(err.contains("/nonexistent/scenario.json"), "{err}");
}

#[test]
fn simulate_prints_the_projection_and_scorecard() {
    let (_, scenario, _) = gnbv(&["scenario", "default"]);
    let path = write_temp("sim.json", &scenario);
    let p = path.to_str().unwrap();
    let (ok, out, err) = gnbv(&["simulate", "--scenario", p, "--draws", "5", "--json"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["draws"], 5);
    assert_eq!(v["seed"], 2019);
    assert_eq!(v["province"]["households"], 620_149);
    assert_eq!(v["province"]["baseline_poor"], 19_597);
    assert_eq!(v["districts"].as_array().unwrap().len(), 8);
    assert_eq!(v["communes"].as_array().unwrap().len(), 286);
    assert_eq!(v["scorecard"].as_array().unwrap().len(), 9);
    assert_eq!(v["scorecard"][0]["id"], "poverty_rate_reduction");
    let p50 = v["province"]["poor"]["p50"].as_u64().unwrap();
    assert!(p50 < 19_597, "poverty falls under the default plan");
    // The seed decides the numbers: the same seed gives the same output.
    let (_, again, _) = gnbv(&["simulate", "--scenario", p, "--draws", "5", "--json"]);
    assert_eq!(out, again);
    let (_, other, _) = gnbv(&["simulate", "--scenario", p, "--draws", "5", "--seed", "7", "--json"]);
    assert_ne!(out, other);
    let (ok, text, _) = gnbv(&["--lang", "en", "simulate", "--scenario", p, "--draws", "3"]);
    assert!(ok && text.contains("2019 targets") && text.contains("probability met"));
    let (ok, _, err) = gnbv(&["simulate", "--scenario", p, "--draws", "0"]);
    assert!(!ok && err.contains("--draws 0"), "{err}");
}

#[test]
fn classify_reads_a_household_file_or_lists_its_problems() {
    let header = "household_id,commune_code,area,members,income_per_capita_month,d_health_access,d_health_insurance,d_adult_education,d_child_schooling,d_housing_quality,d_housing_area,d_water,d_sanitation,d_telecom,d_info_assets,causes\n";
    let good = format!(
        "{header}a,12457,rural,3,650000,0,0,0,0,0,0,0,0,0,0,capital\nb,12457,rural,4,800000,1,0,1,0,1,0,0,0,0,0,\nc,12457,rural,2,800000,0,0,0,0,0,0,0,0,0,0,\nd,12433,urban,2,2500000,0,0,0,0,0,0,0,0,0,0,\n"
    );
    let path = write_temp("households.csv", &good);
    let (ok, out, err) = gnbv(&["classify", "--households", path.to_str().unwrap(), "--json"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(v[0]["commune"], 12433);
    assert_eq!(
        (v[1]["poor_income"].as_u64(), v[1]["poor_multidimensional"].as_u64(), v[1]["near_poor"].as_u64()),
        (Some(1), Some(1), Some(1))
    );
    let bad = format!("{header}a,12457,rural,3,650000,0,0,0,0,0,0,0,0,0,0,\nb,99999,rural,3,x,0,0,0,0,0,0,0,0,0,0,\n");
    let path = write_temp("bad-households.csv", &bad);
    let (ok, out, err) = gnbv(&["--lang", "en", "classify", "--households", path.to_str().unwrap()]);
    assert!(!ok && out.is_empty());
    assert!(
        err.contains("line 3, column commune_code") && err.contains("line 3, column income_per_capita_month"),
        "{err}"
    );
}

#[test]
fn link_encode_then_decode_gives_back_the_scenario_file() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/links/v1/amended-20-overrides.json");
    let (ok, fragment, _) = gnbv(&["link", "encode", "--scenario", file]);
    assert!(ok);
    let fragment = fragment.trim();
    assert!(fragment.starts_with(&format!("#s={}.", gnbv_engine::link::VERSION)), "{fragment}");
    // A released version-1 link of the same scenario still opens to it.
    let corpus = std::fs::read_to_string(file.replace(".json", ".link")).unwrap();
    let (ok, json, _) = gnbv(&["link", "decode", corpus.trim()]);
    assert!(ok);
    // The file as this version reads it: fields added since (credit costs) at their defaults.
    let original: serde_json::Value = serde_json::from_str(
        &gnbv_engine::scenario::Scenario::from_json(
            &std::fs::read_to_string(file).unwrap(),
            &gnbv_engine::dataset::Dataset::builtin().unwrap(),
        )
        .unwrap()
        .to_json(),
    )
    .unwrap();
    assert_eq!(serde_json::from_str::<serde_json::Value>(&json).unwrap(), original);
    let (ok, json, _) = gnbv(&["link", "decode", &format!("http://127.0.0.1:8080/funding{fragment}")]);
    assert!(ok);
    let decoded: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(decoded, original);
}

#[test]
fn link_decode_of_a_bad_link_says_why_and_fails() {
    let (ok, out, err) = gnbv(&["link", "decode", "#s=1.AAAA"]);
    assert!(!ok);
    assert!(out.is_empty());
    assert!(err.contains("liên kết bị cắt cụt"), "{err}");
    let (ok, _, err) = gnbv(&["--lang", "en", "link", "decode", "#s=7.AAAA"]);
    assert!(!ok);
    assert!(err.contains("link version 7 is not supported"), "{err}");
}

#[test]
fn export_writes_the_same_workbook_every_time_and_the_csv_tables() {
    let dir = std::env::temp_dir().join(format!("gnbv-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let scenario = dir.join("scenario.json");
    let (ok, json, _) = gnbv(&["scenario", "default"]);
    assert!(ok);
    std::fs::write(&scenario, json).unwrap();
    let (a, b) = (dir.join("a.xlsx"), dir.join("b.xlsx"));
    for out in [&a, &b] {
        let (ok, _, err) = gnbv(&[
            "export",
            "--scenario",
            scenario.to_str().unwrap(),
            "--format",
            "xlsx",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(ok, "{err}");
    }
    let bytes = std::fs::read(&a).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an xlsx is a zip");
    assert_eq!(bytes, std::fs::read(&b).unwrap(), "byte for byte the same");
    let csv = dir.join("csv");
    let (ok, _, _) = gnbv(&[
        "--lang",
        "en",
        "export",
        "--scenario",
        scenario.to_str().unwrap(),
        "--format",
        "csv",
        "--out",
        csv.to_str().unwrap(),
    ]);
    assert!(ok);
    let summary = std::fs::read_to_string(csv.join("du-toan-tong-hop.csv")).unwrap();
    assert!(summary.starts_with("\u{feff}No.,Item,Unit"));
    let (ok, _, err) = gnbv(&["export", "--scenario", "/nonexistent.json", "--format", "xlsx", "--out", "/tmp/x.xlsx"]);
    assert!(!ok);
    assert!(err.contains("/nonexistent.json"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn template_writes_the_commune_file_as_csv_or_xlsx() {
    let dir = std::env::temp_dir().join(format!("gnbv-template-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (csv, xlsx) = (dir.join("mau.csv"), dir.join("mau.xlsx"));
    for out in [&csv, &xlsx] {
        let (ok, _, err) = gnbv(&["template", "--out", out.to_str().unwrap()]);
        assert!(ok, "{err}");
    }
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("\u{feff}Mã xã,Tên đơn vị,Nhân khẩu,Số hộ"));
    let from_xlsx = gnbv_engine::import::xlsx_to_csv(&std::fs::read(&xlsx).unwrap()).unwrap();
    let d = gnbv_engine::dataset::Dataset::builtin().unwrap();
    let imported = gnbv_engine::import::import_communes(&from_xlsx, "mau.xlsx", &d).unwrap();
    assert_eq!(imported.communes(), d.communes());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Every subcommand that reads or writes a file × {missing file, not JSON/CSV, a bad field}:
/// exit status 1, nothing on stdout, and a message on stderr that names the file and the field
/// (or line and column), in the language asked for.
#[test]
fn every_subcommand_refuses_bad_files_naming_the_file_and_the_place() {
    let (_, default, _) = gnbv(&["scenario", "default"]);
    let good = write_temp("table-good.json", &default);
    let not_json = write_temp("table-not-json.json", "{ \"version\": 1, oops");
    let bad_field =
        write_temp("table-bad-field.json", &default.replacen("\"mean_bp\": 800", "\"mean_bp\": 2000000000", 1));
    let header = "household_id,commune_code,area,members,income_per_capita_month,d_health_access,d_health_insurance,d_adult_education,d_child_schooling,d_housing_quality,d_housing_area,d_water,d_sanitation,d_telecom,d_info_assets,causes\n";
    let not_csv = write_temp("table-not-csv.csv", "\u{0}\u{1}binary\u{2}");
    let bad_row =
        write_temp("table-bad-row.csv", &format!("{header}a,12457,rural,three,650000,0,0,0,0,0,0,0,0,0,0,\n"));
    let out_dir = std::env::temp_dir().join(format!("gnbv-cli-{}", std::process::id()));
    let (good, not_json, bad_field, not_csv, bad_row) = (
        good.to_str().unwrap(),
        not_json.to_str().unwrap(),
        bad_field.to_str().unwrap(),
        not_csv.to_str().unwrap(),
        bad_row.to_str().unwrap(),
    );
    let xlsx = out_dir.join("table.xlsx");
    let xlsx = xlsx.to_str().unwrap();
    let missing = "/nonexistent/gnbv/file.json";
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        // (arguments, what the message must name, and what it must say, in English)
        (vec!["allocate", "--scenario", missing], missing, "no such file"),
        (vec!["allocate", "--scenario", not_json], not_json, "line 1 column"),
        (vec!["allocate", "--scenario", bad_field], bad_field, "field simulation.income_growth.mean_bp"),
        (vec!["simulate", "--scenario", missing], missing, "no such file"),
        (vec!["simulate", "--scenario", not_json], not_json, "line 1 column"),
        (vec!["simulate", "--scenario", bad_field], bad_field, "field simulation.income_growth.mean_bp"),
        (
            vec!["simulate", "--scenario", good, "--households", "/nonexistent/h.csv"],
            "/nonexistent/h.csv",
            "no such file",
        ),
        (vec!["simulate", "--scenario", good, "--households", not_csv], not_csv, "line 1"),
        (vec!["simulate", "--scenario", good, "--households", bad_row], bad_row, "line 2, column members"),
        (vec!["export", "--scenario", missing, "--format", "xlsx", "--out", xlsx], missing, "no such file"),
        (vec!["export", "--scenario", not_json, "--format", "xlsx", "--out", xlsx], not_json, "line 1 column"),
        (vec!["export", "--scenario", bad_field, "--format", "csv", "--out", xlsx], bad_field, "mean_bp"),
        (
            vec!["export", "--scenario", good, "--format", "xlsx", "--out", "/nonexistent/dir/x.xlsx"],
            "/nonexistent/dir/x.xlsx",
            "does not exist",
        ),
        (vec!["link", "encode", "--scenario", missing], missing, "no such file"),
        (vec!["link", "encode", "--scenario", not_json], not_json, "line 1 column"),
        (vec!["link", "encode", "--scenario", bad_field], bad_field, "field simulation.income_growth.mean_bp"),
        (vec!["template", "--out", "/nonexistent/dir/t.csv"], "/nonexistent/dir/t.csv", "does not exist"),
        (vec!["template", "--out", "/tmp/template.pdf"], "/tmp/template.pdf", ".csv or .xlsx"),
        (vec!["classify", "--households", "/nonexistent/h.csv"], "/nonexistent/h.csv", "no such file"),
        (vec!["classify", "--households", not_csv], not_csv, "line 1"),
        (vec!["classify", "--households", bad_row], bad_row, "line 2, column members"),
    ];
    for (args, names, says) in &cases {
        let mut messages = Vec::new();
        for lang in ["en", "vi"] {
            let mut all = vec!["--lang", lang];
            all.extend(args);
            let (ok, out, err) = gnbv(&all);
            let case = format!("case {all:?}");
            assert!(!ok, "{case}: succeeded");
            assert!(out.is_empty(), "{case}: printed {out}");
            assert!(err.starts_with("gnbv: ") && err.contains(names), "{case}: {err}");
            messages.push(err);
        }
        assert!(messages[0].contains(says), "case {args:?}: {}", messages[0]);
        assert_ne!(messages[0], messages[1], "case {args:?}: the same words in both languages");
    }
    assert!(!std::path::Path::new("/tmp/template.pdf").exists());
}

/// The projection on an imported household file starts from exactly what `gnbv classify`
/// finds in that file.
#[test]
fn a_projection_on_a_household_file_starts_from_its_classification() {
    let (_, scenario, _) = gnbv(&["scenario", "default"]);
    let scenario = write_temp("hh-scenario.json", &scenario);
    let header = "household_id,commune_code,area,members,income_per_capita_month,d_health_access,d_health_insurance,d_adult_education,d_child_schooling,d_housing_quality,d_housing_area,d_water,d_sanitation,d_telecom,d_info_assets,causes\n";
    let mut rows = String::from(header);
    for i in 0..300u32 {
        let commune = [12457, 12433, 12460][i as usize % 3];
        let area = if commune == 12457 { "rural" } else { "urban" };
        let income = 450_000 + (i * 7_919) % 1_400_000;
        let deprived = |k: u32| u32::from((i * 31 + k * 17).is_multiple_of(5));
        let flags: Vec<String> = (0..10).map(|k| deprived(k).to_string()).collect();
        rows.push_str(&format!("h{i},{commune},{area},{},{income},{},\n", 1 + i % 6, flags.join(",")));
    }
    let households = write_temp("hh-file.csv", &rows);
    let (ok, out, err) = gnbv(&["classify", "--households", households.to_str().unwrap(), "--json"]);
    assert!(ok, "{err}");
    let classified: serde_json::Value = serde_json::from_str(&out).unwrap();
    let sum = |key: &str| classified.as_array().unwrap().iter().map(|r| r[key].as_u64().unwrap()).sum::<u64>();
    let simulate = |uncovered: &str| {
        gnbv(&[
            "simulate",
            "--scenario",
            scenario.to_str().unwrap(),
            "--households",
            households.to_str().unwrap(),
            "--uncovered",
            uncovered,
            "--draws",
            "3",
            "--json",
        ])
    };
    // The file covers 3 of 286 communes: refused unless the dataset's counts are kept for the rest.
    let (ok, _, err) = simulate("refuse");
    assert!(!ok && err.contains("283 xã không có hộ nào trong tệp"), "{err}");
    let (ok, out, err) = simulate("keep");
    assert!(ok, "{err}");
    assert!(err.contains("lưu ý: Tệp không có cột escaped_last_year"), "{err}");
    let p: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(p["province"]["households"].as_u64(), Some(300));
    assert_eq!(p["province"]["households"].as_u64(), Some(sum("households")));
    assert_eq!(p["province"]["baseline_poor"].as_u64(), Some(sum("poor_income") + sum("poor_multidimensional")));
    assert_eq!(p["province"]["baseline_near_poor"].as_u64(), Some(sum("near_poor")));
    assert!(sum("poor_income") > 0 && sum("near_poor") > 0, "the file has every class");
}

/// `gnbv allocate --households` allocates on the file's counts exactly as the app does: both
/// go through `Review::of` and `Review::apply` (the browser test imports the same kind of file).
#[test]
fn allocate_on_a_household_file_uses_its_counts() {
    use gnbv_engine::review::{HouseholdFile, Review, Uncovered};
    let d = common::builtin_ref();
    let standard = gnbv_engine::standard::PovertyStandard::qd59_2015();
    let mut h = gnbv_engine::population::synthesize(d, &standard, 11);
    h.income.iter_mut().step_by(40).for_each(|i| *i = 300_000);
    let text = h.to_csv(d, &standard);
    let households = write_temp("hh-allocate.csv", &text);
    let (_, scenario_json, _) = gnbv(&["scenario", "default"]);
    let scenario_path = write_temp("hh-allocate.json", &scenario_json);
    let (ok, out, err) = gnbv(&[
        "allocate",
        "--scenario",
        scenario_path.to_str().unwrap(),
        "--households",
        households.to_str().unwrap(),
        "--json",
    ]);
    assert!(ok, "{err}");
    let file = HouseholdFile::parse("hh-allocate.csv", &text, d, &standard).unwrap();
    let on_file = Review::of(d, &file, &standard).apply(d, Uncovered::Refuse).unwrap();
    let scenario = gnbv_engine::scenario::Scenario::from_json(&scenario_json, &on_file).unwrap();
    let expected = gnbv_engine::allocation::allocate(&scenario, &on_file);
    let expected: serde_json::Value = serde_json::to_value(expected.report(&scenario)).unwrap();
    let got: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(got, expected);
    let builtin: serde_json::Value = {
        let (_, out, _) = gnbv(&["allocate", "--scenario", scenario_path.to_str().unwrap(), "--json"]);
        serde_json::from_str(&out).unwrap()
    };
    assert_ne!(got, builtin, "the file's extra poor households change the allocation");
    assert!(
        err.contains("Tỷ lệ nghèo") || err.contains("lưu ý"),
        "the file's departures from the anchors are said: {err}"
    );
}

/// Vietnamese first: what the CLI prints in Vietnamese has no English sentence in it.
#[test]
fn vietnamese_output_has_no_english_sentences() {
    const ENGLISH: [&str; 12] =
        ["the", "of", "and", "is", "are", "per", "illustrative", "not", "found", "households", "from", "with"];
    let (_, scenario, _) = gnbv(&["scenario", "default"]);
    let path = write_temp("vi-scan.json", &scenario);
    let p = path.to_str().unwrap();
    for args in [vec!["dataset"], vec!["allocate", "--scenario", p], vec!["simulate", "--scenario", p, "--draws", "3"]]
    {
        let (ok, out, err) = gnbv(&args);
        assert!(ok, "{err}");
        for line in out.lines() {
            let english = line
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| ENGLISH.iter().any(|e| w.eq_ignore_ascii_case(e)))
                .count();
            assert!(english < 2, "gnbv {args:?} prints English: {line}");
        }
    }
}

#[test]
fn simulate_gives_the_same_projection_on_any_number_of_threads() {
    let dir = std::env::temp_dir().join(format!("gnbv-threads-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("s.json");
    let (ok, json, _) = gnbv(&["scenario", "default"]);
    assert!(ok);
    std::fs::write(&file, json).unwrap();
    let path = file.to_str().unwrap();
    let run = |threads: &str| {
        let (ok, out, err) = gnbv(&["simulate", "--scenario", path, "--draws", "12", "--threads", threads, "--json"]);
        assert!(ok, "{err}");
        out
    };
    assert_eq!(run("1"), run("3"));
    let (ok, _, err) = gnbv(&["--lang", "vi", "simulate", "--scenario", path, "--threads", "0"]);
    assert!(!ok && err.contains("số luồng phải từ 1 trở lên"), "{err}");
}

#[test]
fn credit_prints_the_plan_and_its_identities_hold_in_json() {
    let dir = std::env::temp_dir().join(format!("gnbv-credit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (ok, scenario, _) = gnbv(&["scenario", "default"]);
    assert!(ok);
    let file = dir.join("default.json");
    std::fs::write(&file, &scenario).unwrap();
    let (ok, text, _) = gnbv(&["--lang", "vi", "credit", "--scenario", file.to_str().unwrap()]);
    assert!(ok);
    assert!(text.contains("Dư nợ đầu năm") && text.contains("2.772.000.000.000"), "{text}");
    assert!(text.contains("không phải chi ngân sách"), "{text}");
    let (ok, json, _) = gnbv(&["credit", "--scenario", file.to_str().unwrap(), "--json"]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let n = |p: &serde_json::Value, k: &str| p[k].as_i64().unwrap();
    let programs = v["programs"].as_array().unwrap();
    assert_eq!(programs.len(), 8);
    for p in programs.iter().chain(std::iter::once(&v["total"])) {
        assert_eq!(n(p, "capacity"), n(p, "collected") + n(p, "new_capital") + n(p, "entrusted"));
        assert_eq!(n(p, "closing"), n(p, "opening") + n(p, "disbursed") - n(p, "collected") - n(p, "written_off"));
        assert!(n(p, "disbursed") <= n(p, "capacity"));
    }
    // A term of 0 months is refused, naming the field, and nothing is printed.
    let mut bad: serde_json::Value = serde_json::from_str(&scenario).unwrap();
    bad["sources"][3]["loan"]["term_months"] = 0.into();
    let bad_file = dir.join("bad.json");
    std::fs::write(&bad_file, bad.to_string()).unwrap();
    let (ok, out, err) = gnbv(&["--lang", "en", "credit", "--scenario", bad_file.to_str().unwrap()]);
    assert!(!ok && out.is_empty());
    assert!(err.contains("sources[3].loan.term_months"), "{err}");
}

/// A scratch folder for `test`, holding the default scenario as `default.json`; and its text.
fn default_scenario_in(test: &str) -> (std::path::PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("gnbv-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (ok, scenario, _) = gnbv(&["scenario", "default"]);
    assert!(ok);
    std::fs::write(dir.join("default.json"), &scenario).unwrap();
    (dir, scenario)
}

#[test]
fn year_picks_the_year_of_credit_simulate_and_export_and_refuses_others() {
    let (dir, _) = default_scenario_in("years");
    let file = dir.join("default.json");
    let file = file.to_str().unwrap();
    let plan = |year: &str| -> serde_json::Value {
        let (ok, json, err) = gnbv(&["credit", "--scenario", file, "--year", year, "--json"]);
        assert!(ok, "{err}");
        serde_json::from_str(&json).unwrap()
    };
    let (p2019, p2020) = (plan("2019"), plan("2020"));
    assert_eq!(p2020["total"]["opening"], p2019["total"]["closing"]);
    assert_eq!(p2020["total"]["borrowers_opening"], p2019["total"]["borrowers_closing"]);
    // Without --year: the first year.
    let (_, json, _) = gnbv(&["credit", "--scenario", file, "--json"]);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&json).unwrap(), p2019);
    let (ok, text, _) = gnbv(&["--lang", "vi", "simulate", "--scenario", file, "--year", "2020", "--draws", "20"]);
    assert!(ok);
    assert!(text.contains("Dự báo cuối năm 2020") && text.contains("2,36%"), "{text}");
    assert!(text.contains("cuối năm 2019"), "{text}");
    let (ok, json, _) = gnbv(&["simulate", "--scenario", file, "--year", "2020", "--draws", "20", "--json"]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["year"], 2020);
    let csv = dir.join("csv-2020");
    let (ok, _, err) =
        gnbv(&["export", "--scenario", file, "--year", "2020", "--format", "csv", "--out", csv.to_str().unwrap()]);
    assert!(ok, "{err}");
    let credit = std::fs::read_to_string(csv.join("tin-dung.csv")).unwrap();
    // The 2020 credit table opens with 2019's closing balance.
    let closing = p2019["total"]["closing"].as_i64().unwrap().to_string();
    assert!(credit.lines().last().is_some_and(|l| l.contains(&closing)), "{credit}");
    for (cmd, lang, words) in [
        ("credit", "vi", "kịch bản không có năm 2021 (các năm của kịch bản: 2019, 2020)"),
        ("simulate", "en", "the scenario does not plan 2021 (its years: 2019, 2020)"),
        ("allocate", "en", "the scenario does not plan 2021"),
    ] {
        let (ok, out, err) = gnbv(&["--lang", lang, cmd, "--scenario", file, "--year", "2021"]);
        assert!(!ok && out.is_empty(), "{cmd}");
        assert!(err.contains(words) && err.contains("--year 2021"), "{err}");
    }
}

#[test]
fn optimise_writes_a_scenario_the_other_commands_read_and_refuses_what_has_no_answer() {
    let (dir, scenario) = default_scenario_in("optimise");
    let file = dir.join("default.json");
    let file = file.to_str().unwrap();
    let out = dir.join("optimised.json");
    let out = out.to_str().unwrap();
    let (ok, json, err) = gnbv(&["optimise", "--scenario", file, "--objective", "exits", "--out", out, "--json"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["request"]["mode"], "impact");
    assert!(v["after"]["exits"].as_f64().unwrap() > v["before"]["exits"].as_f64().unwrap());
    assert!(v["sources"].as_array().unwrap().iter().any(|s| s["price"].as_f64().unwrap() > 0.0));
    // The file is a scenario the other commands take.
    let (ok, _, err) = gnbv(&["allocate", "--scenario", out, "--json"]);
    assert!(ok, "{err}");
    let (ok, link, err) = gnbv(&["link", "encode", "--scenario", out]);
    assert!(ok, "{err}");
    let (ok, decoded, err) = gnbv(&["link", "decode", link.trim()]);
    assert!(ok, "{err}");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&decoded).unwrap(),
        serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(out).unwrap()).unwrap()
    );
    // In words, in Vietnamese.
    let (ok, text, _) = gnbv(&["--lang", "vi", "optimise", "--scenario", file, "--out", out]);
    assert!(ok);
    assert!(text.contains("hộ thoát nghèo") && text.contains("Làm tròn"), "{text}");
    // A question without an answer: every xã below a 0 % criterion.
    let mut s: serde_json::Value = serde_json::from_str(&scenario).unwrap();
    s["simulation"]["ntm_threshold_bp"] = 0.into();
    let strict = dir.join("strict.json");
    std::fs::write(&strict, s.to_string()).unwrap();
    let none = dir.join("none.json");
    let (ok, _, err) = gnbv(&[
        "--lang",
        "vi",
        "optimise",
        "--scenario",
        strict.to_str().unwrap(),
        "--mode",
        "cost",
        "--targets",
        "ntm",
        "--out",
        none.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(err.contains("tiêu chí nghèo nông thôn mới"), "{err}");
    assert!(!none.exists(), "nothing is written");
}

/// `gnbv plan-households`: a district's workbook read back, a commune's JSON, and a household
/// file for another commune refused with a message naming both.
#[test]
fn plan_households_writes_a_district_workbook_and_refuses_another_communes_file() {
    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
    let d = common::builtin_ref();
    let scenario = write_temp("plan-scenario.json", &common::default_scenario().to_json());
    let scenario = scenario.to_str().unwrap();
    let out = write_temp("plan.xlsx", "");
    let district = d.districts()[0].code.0.to_string();
    let (ok, _, err) = gnbv(&[
        "plan-households",
        "--scenario",
        scenario,
        "--district",
        &district,
        "--format",
        "xlsx",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(err.contains("MINH HỌA"), "an illustrative population is said: {err}");
    let bytes = std::fs::read(&out).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let names = book.sheet_names();
    let communes = d.communes().iter().filter(|c| c.district == d.districts()[0].code).count();
    assert_eq!(names.len(), communes + 1, "a roll-up and a sheet per commune");
    assert_eq!(names[0], "Tổng hợp huyện");
    let first = book.worksheet_range(&names[1]).unwrap();
    let text = |r: u32, c: u32| first.get_value((r, c)).map(|v| v.to_string()).unwrap_or_default();
    assert!(text(0, 0).starts_with("KẾ HOẠCH HỖ TRỢ ĐẾN TỪNG HỘ"), "{}", text(0, 0));
    assert!(text(2, 0).contains("MINH HỌA"));
    assert_eq!(text(4, 1), "Mã hộ");
    // The households' supports add up to the total row's SUM.
    let mut sum = 0.0;
    let mut row = 5;
    while let Some(Data::Float(_)) = first.get_value((row, 0)) {
        if let Some(Data::Float(x)) = first.get_value((row, 8)) {
            sum += x;
        }
        row += 1;
    }
    assert!(row > 5, "households listed");
    assert_eq!(first.get_value((row, 8)), Some(&Data::Float(sum)));
    let formulas = book.worksheet_formula(&names[1]).unwrap();
    assert!(formulas.get_value((row, 8)).is_some_and(|f| f.starts_with("SUM(")));

    // JSON of one commune.
    let commune = d.communes()[0].code.0.to_string();
    let (ok, json, err) = gnbv(&["plan-households", "--scenario", scenario, "--commune", &commune, "--json"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["plans"][0]["commune"], d.communes()[0].code.0);
    assert_eq!(v["plans"][0]["population"], "synthetic");
    assert!(v["plans"][0]["households"].as_array().is_some_and(|h| !h.is_empty()));

    // A household file of the first commune only, asked for the second.
    let standard = gnbv_engine::standard::PovertyStandard::qd59_2015();
    let all = gnbv_engine::population::synthesize(d, &standard, 7).to_csv(d, &standard);
    let code = format!(",{},", d.communes()[0].code.0);
    let mut lines = all.lines();
    let mut text = format!("{}\n", lines.next().unwrap());
    for l in lines.filter(|l| l.contains(&code)) {
        text.push_str(l);
        text.push('\n');
    }
    let file = write_temp("one-commune.csv", &text);
    let other = d.communes()[1].code.0.to_string();
    let (ok, _, err) = gnbv(&[
        "--lang",
        "en",
        "plan-households",
        "--scenario",
        scenario,
        "--households",
        file.to_str().unwrap(),
        "--uncovered",
        "keep",
        "--commune",
        &other,
        "--json",
    ]);
    assert!(!ok);
    assert!(err.contains(&format!("--commune {other}")) && err.contains("one-commune.csv"), "{err}");
    assert!(err.contains("has no household in"), "{err}");
    let (ok, json, err) = gnbv(&[
        "plan-households",
        "--scenario",
        scenario,
        "--households",
        file.to_str().unwrap(),
        "--uncovered",
        "keep",
        "--commune",
        &commune,
        "--json",
    ]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["plans"][0]["population"]["file"], "one-commune.csv");
}

/// `gnbv actuals template` and `gnbv report`: the template in both formats, the fixture's
/// report as a workbook, CSV files and JSON, and a bad actuals file refused with its rows.
#[test]
fn actuals_template_and_the_monitoring_report() {
    let scenario = write_temp("report-scenario.json", &common::default_scenario().to_json());
    let scenario = scenario.to_str().unwrap();
    let csv = write_temp("mau-thuc-hien.csv", "");
    let (ok, _, err) = gnbv(&["actuals", "template", "--out", csv.to_str().unwrap(), "--scenario", scenario]);
    assert!(ok, "{err}");
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("\u{feff}Ngày báo cáo"), "Vietnamese headings");
    let xlsx = write_temp("mau-thuc-hien.xlsx", "");
    let (ok, _, err) = gnbv(&["actuals", "template", "--out", xlsx.to_str().unwrap()]);
    assert!(ok, "{err}");
    let (ok, _, err) = gnbv(&["actuals", "template", "--out", "/tmp/x.txt"]);
    assert!(!ok && err.contains(".csv hoặc .xlsx"), "{err}");

    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/thuc-hien-2019.csv");
    let out = write_temp("bao-cao.xlsx", "");
    let (ok, _, err) = gnbv(&[
        "report",
        "--scenario",
        scenario,
        "--actuals",
        fixture,
        "--draws",
        "10",
        "--format",
        "xlsx",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(std::fs::metadata(&out).unwrap().len() > 10_000);
    let dir = std::env::temp_dir().join(format!("gnbv-report-{}", std::process::id()));
    let (ok, _, err) = gnbv(&[
        "--lang",
        "en",
        "report",
        "--scenario",
        scenario,
        "--actuals",
        fixture,
        "--draws",
        "10",
        "--format",
        "csv",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    let progress = std::fs::read_to_string(dir.join("tien-do-du-an-nguon-von.csv")).unwrap();
    assert!(progress.contains("Plan for the year") && progress.contains("65.00 %"), "{progress}");
    let (ok, json, err) = gnbv(&["report", "--scenario", scenario, "--actuals", fixture, "--draws", "10", "--json"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["date"], "2019-09-30");
    assert_eq!(v["file"], "thuc-hien-2019.csv");
    assert!(v["total"]["plan"].as_i64().unwrap() > v["total"]["to_date"].as_i64().unwrap());

    let bad =
        write_temp("sai.csv", "reporting_date,commune_code,program,source,disbursed\n2019-06-30,12433,p3a,nope,5\n");
    let (ok, _, err) = gnbv(&["report", "--scenario", scenario, "--actuals", bad.to_str().unwrap(), "--json"]);
    assert!(!ok);
    assert!(err.contains("Dòng 2, cột “Mã chương trình”") && err.contains("“nope”"), "{err}");
}
