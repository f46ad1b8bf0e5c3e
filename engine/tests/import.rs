//! Importing a commune file: the template reads back as the same figures; a file with errors
//! reports every one with its row and column and changes nothing; a clean file replaces the
//! counts and is marked as imported.

mod common;

use gnbv_engine::dataset::{CommuneCode, Dataset};
use gnbv_engine::format::Lang;
use gnbv_engine::import::{commune_template, import_communes, ProblemKind};

#[test]
fn the_template_reads_back_as_the_same_figures_in_both_languages() {
    let d = common::builtin();
    for lang in [Lang::Vi, Lang::En] {
        let text = commune_template(&d, lang);
        assert!(text.starts_with('\u{feff}'));
        assert_eq!(text.lines().count(), 1 + 286);
        let imported = import_communes(&text, "mau.csv", &d).unwrap();
        assert_eq!(imported.communes(), d.communes());
        assert_eq!(imported.imported(), Some("mau.csv"));
        assert!(imported.published().is_empty(), "the published anchors no longer apply");
        assert_eq!(imported.content_hash(), d.content_hash(), "same figures, same fingerprint");
    }
}

#[test]
fn a_clean_file_replaces_the_counts_and_changes_the_fingerprint() {
    let d = common::builtin();
    let text = commune_template(&d, Lang::En);
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    // Commune on line 2: 40 more poor-by-income households, people and households as they were.
    let mut cells: Vec<String> = lines[1].split(',').map(String::from).collect();
    let code: u32 = cells[0].parse().unwrap();
    let poor: u64 = cells[4].parse().unwrap();
    cells[4] = (poor + 40).to_string();
    lines[1] = cells.join(",");
    let imported = import_communes(&lines.join("\r\n"), "ra-soat-2018.csv", &d).unwrap();
    let c = imported.commune(CommuneCode(code)).unwrap();
    assert_eq!(c.counts.poor_income, poor + 40);
    assert_ne!(imported.content_hash(), d.content_hash());
    assert_eq!(imported.province_counts().poor_income, d.province_counts().poor_income + 40);
}

#[test]
fn every_problem_is_reported_with_its_row_and_column_and_nothing_is_applied() {
    let d = common::builtin();
    let text = commune_template(&d, Lang::Vi);
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let set = |lines: &mut Vec<String>, row: usize, col: usize, value: &str| {
        let mut cells: Vec<String> = lines[row - 1].split(',').map(String::from).collect();
        cells[col] = value.to_owned();
        lines[row - 1] = cells.join(",");
    };
    set(&mut lines, 2, 0, "99999"); // unknown commune (so the real one on row 2 is missing)
    set(&mut lines, 3, 3, "-5"); // negative households
    set(&mut lines, 4, 4, "999999"); // poor above households
    set(&mut lines, 5, 11, "có"); // bad flag
    set(&mut lines, 6, 2, "12,5"); // wrong type (the comma splits the cell: "12" and "5" shift)
    set(&mut lines, 7, 6, "abc"); // wrong type
    set(&mut lines, 9, 2, "9223372036854775807"); // more people than any commune has
    let row8 = lines[7].clone();
    lines.push(row8); // duplicate of row 8, on row 288
    let problems = import_communes(&lines.join("\n"), "hong.csv", &d).unwrap_err();
    let found: Vec<(usize, &str)> = problems.iter().map(|p| (p.row, p.column)).collect();
    for expected in [
        (2, "gso_code"),
        (3, "households"),
        (4, "poor_income"),
        (5, "ntm_2019"),
        (7, "near_poor"),
        (9, "people"),
        (288, "gso_code"),
    ] {
        assert!(found.contains(&expected), "{expected:?} in {found:?}");
    }
    assert!(problems.iter().any(|p| p.row == 0 && matches!(p.kind, ProblemKind::MissingCommune(_))));
    assert!(problems.iter().any(|p| p.kind == ProblemKind::DuplicateCommune(8)));
    let unknown = problems.iter().find(|p| p.row == 2).unwrap();
    assert_eq!(unknown.message(Lang::Vi), "không có xã mã “99999” trong bộ dữ liệu");
    assert_eq!(unknown.column_heading(Lang::Vi), "Mã xã");
    let huge = problems.iter().find(|p| p.row == 9).unwrap();
    assert_eq!(huge.message(Lang::En), "“9223372036854775807” is too large for one commune (at most 10,000,000)");
    let bad_flag = problems.iter().find(|p| p.row == 5).unwrap();
    assert_eq!(bad_flag.message(Lang::En), "“có” must be 1 or 0");
    // A file without the required columns says which.
    let problems = import_communes("gso_code,name\n12433,x\n", "x.csv", &d).unwrap_err();
    assert!(problems.iter().all(|p| p.row == 1 && p.kind == ProblemKind::MissingColumn));
    assert_eq!(problems.len(), 10);
}

#[test]
fn a_commune_file_saved_as_xlsx_goes_through_the_same_checks() {
    use rust_xlsxwriter::Workbook;
    let d = common::builtin();
    let text = commune_template(&d, Lang::Vi);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (r, record) in records(&text).iter().enumerate() {
        for (c, cell) in record.iter().enumerate() {
            // Counts as numbers, as Excel keeps them; codes and names as text.
            match cell.parse::<f64>() {
                Ok(x) if c >= 2 => sheet.write_number(r as u32, c as u16, x).map(|_| ()),
                _ => sheet.write_string(r as u32, c as u16, cell).map(|_| ()),
            }
            .unwrap();
        }
    }
    // One bad count, as a spreadsheet user would type it.
    sheet.write_string(3, 3, "nhiều").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let csv = gnbv_engine::import::xlsx_to_csv(&bytes).unwrap();
    let problems = import_communes(&csv, "ra-soat.xlsx", &d).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].row, problems[0].column), (4, "households"));
    // Fixed, it imports as the same figures.
    sheet_fixed(&text, &d);
    assert!(gnbv_engine::import::xlsx_to_csv(b"not a zip").is_err());
}

fn sheet_fixed(text: &str, d: &Dataset) {
    use rust_xlsxwriter::Workbook;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (r, record) in records(text).iter().enumerate() {
        for (c, cell) in record.iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(x) if c >= 2 => sheet.write_number(r as u32, c as u16, x).map(|_| ()),
                _ => sheet.write_string(r as u32, c as u16, cell).map(|_| ()),
            }
            .unwrap();
        }
    }
    let csv = gnbv_engine::import::xlsx_to_csv(&book.save_to_buffer().unwrap()).unwrap();
    let imported = import_communes(&csv, "ra-soat.xlsx", d).unwrap();
    assert_eq!(imported.communes(), d.communes());
}

fn records(text: &str) -> Vec<csv::StringRecord> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(Result::unwrap)
        .collect()
}
