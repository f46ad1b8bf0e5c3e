//! The budget proposal read back with a spreadsheet reader (calamine): sheet names and
//! headings, every total a SUM formula, every formula's cached value what the formula
//! computes from the cells, and every total the engine's figure to the đồng; the CSV files;
//! the CLI writes the same workbook, byte for byte, every time.

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use gnbv_engine::allocation::{allocate, Allocation, Recipient};
use gnbv_engine::dataset::Dataset;
use gnbv_engine::defaults;
use gnbv_engine::format::Lang;
use gnbv_engine::money::Dong;
use gnbv_engine::population::synthesize;
use gnbv_engine::projection::{project, Projection};
use gnbv_engine::proposal::{csv_files, Funding, Proposal};
use gnbv_engine::scenario::Scenario;
use gnbv_engine::standard::PovertyStandard;
use gnbv_engine::xlsx::{sheet_names, workbook};
use std::collections::HashMap;
use std::io::Cursor;
use std::sync::OnceLock;

struct Fixture {
    dataset: Dataset,
    scenario: Scenario,
    allocation: Allocation,
    projection: Projection,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dataset = Dataset::builtin().unwrap();
        let mut scenario = defaults::scenario(&dataset);
        // A locked cell and a changed amount, so the proposal is not only the defaults.
        scenario.lines[0].amount = Dong::new(7_250_000_000);
        let standard = PovertyStandard::qd59_2015();
        let households = synthesize(&dataset, &standard, scenario.seed);
        let allocation = allocate(&scenario, &dataset);
        let projection = project(&dataset, &standard, &households, &scenario, &allocation, 20);
        Fixture { dataset, scenario, allocation, projection }
    })
}

fn proposal(lang: Lang) -> Proposal {
    let f = fixture();
    Proposal::new(
        2019,
        &f.scenario,
        &f.dataset,
        &f.allocation,
        Some(&f.projection),
        "http://127.0.0.1:8080/#s=1.x",
        lang,
    )
}

type Book = Xlsx<Cursor<Vec<u8>>>;

fn open(bytes: Vec<u8>) -> Book {
    open_workbook_from_rs(Cursor::new(bytes)).expect("a valid xlsx")
}

/// (row, col) of an A1 reference.
fn position(a1: &str) -> (u32, u32) {
    let letters: String = a1.chars().take_while(char::is_ascii_alphabetic).collect();
    let digits: String = a1.chars().skip(letters.len()).collect();
    let col = letters.bytes().fold(0u32, |c, b| c * 26 + u32::from(b - b'A' + 1)) - 1;
    (digits.parse::<u32>().unwrap() - 1, col)
}

fn value(values: &Range<Data>, at: (u32, u32)) -> i64 {
    match values.get_value(at) {
        Some(Data::Float(x)) => {
            assert_eq!(x.fract(), 0.0, "whole đồng at {at:?}");
            *x as i64
        }
        Some(Data::Int(x)) => *x,
        None | Some(Data::Empty) => 0,
        Some(other) => panic!("a number at {at:?}, found {other:?}"),
    }
}

/// Computes a `SUM(A1:B2,C3)` formula from the sheet's values.
fn evaluate(formula: &str, values: &Range<Data>) -> i64 {
    let inner = formula.trim_start_matches('=').strip_prefix("SUM(").and_then(|s| s.strip_suffix(')'));
    let inner = inner.unwrap_or_else(|| panic!("every total is a SUM: {formula}"));
    let mut total = 0;
    for part in inner.split(',') {
        match part.split_once(':') {
            Some((a, b)) => {
                let ((r0, c0), (r1, c1)) = (position(a), position(b));
                for r in r0..=r1 {
                    for c in c0..=c1 {
                        total += value(values, (r, c));
                    }
                }
            }
            None => total += value(values, position(part)),
        }
    }
    total
}

/// Every formula of every sheet: the cached value is what it computes. Returns the formulas
/// by sheet and position.
fn check_formulas(book: &mut Book) -> HashMap<(String, u32, u32), (String, i64)> {
    let mut all = HashMap::new();
    for name in book.sheet_names() {
        let values = book.worksheet_range(&name).unwrap();
        let formulas = book.worksheet_formula(&name).unwrap();
        let (r0, c0) = formulas.start().unwrap_or((0, 0));
        for (r, c, f) in formulas.cells() {
            if f.is_empty() {
                continue;
            }
            let at = (r0 + r as u32, c0 + c as u32);
            let cached = value(&values, at);
            assert_eq!(evaluate(f, &values), cached, "{name} {at:?} {f}");
            all.insert((name.clone(), at.0, at.1), (f.clone(), cached));
        }
    }
    all
}

fn text(values: &Range<Data>, at: (u32, u32)) -> String {
    match values.get_value(at) {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    }
}

#[test]
fn the_workbook_has_the_forms_sheets_and_headings() {
    for lang in [Lang::Vi, Lang::En] {
        let mut book = open(workbook(&proposal(lang)).unwrap());
        assert_eq!(book.sheet_names(), sheet_names(lang).map(String::from).to_vec());
        let summary = book.worksheet_range(sheet_names(lang)[0]).unwrap();
        let heads: Vec<String> = (0..16).map(|c| text(&summary, (7, c))).collect();
        if lang == Lang::Vi {
            assert_eq!(text(&summary, (0, 0)), "UBND TỈNH THÁI BÌNH");
            assert_eq!(text(&summary, (1, 7)), "Độc lập - Tự do - Hạnh phúc");
            assert!(text(&summary, (4, 0)).starts_with("DỰ TOÁN KINH PHÍ"));
            assert_eq!(&heads[..6], ["STT", "Nội dung", "Đơn vị tính", "Số lượng", "Đơn giá", "Tổng kinh phí"]);
            assert_eq!(heads[6], "Ngân sách trung ương");
            assert_eq!(heads[7], "Ngân sách địa phương");
            assert_eq!((7..10).map(|c| text(&summary, (8, c))).collect::<Vec<_>>(), ["Tỉnh", "Huyện", "Xã"]);
            assert_eq!(heads[10], "Lồng ghép các chương trình");
            assert_eq!(heads[11], "Tín dụng NHCSXH");
            assert_eq!(heads[12], "Quỹ “Vì người nghèo”, huy động khác");
            assert_eq!(heads[13], "Nhân dân đóng góp");
            assert_eq!(heads[14], "Cơ quan chủ trì");
            assert_eq!(heads[15], "Ghi chú");
            assert_eq!(text(&summary, (10, 1)), "TỔNG CỘNG");
            assert_eq!(text(&summary, (11, 1)), "Trong đó: ngân sách nhà nước (NSTW + NSĐP)");
            assert!(text(&summary, (12, 1)).starts_with("Dự án 3"));
        } else {
            assert_eq!(&heads[..2], ["No.", "Item"]);
            assert_eq!(text(&summary, (10, 1)), "TOTAL");
        }
        // The grand total in words, under the table, as the forms write it.
        let p = proposal(lang);
        let words =
            summary.cells().map(|(_, _, d)| d.to_string()).find(|t| t.starts_with(lang.pick("Bằng chữ:", "In words:")));
        assert_eq!(words.as_deref(), Some(p.total_in_words().as_str()));
        assert_eq!(
            p.total_in_words(),
            format!("{} {}.", lang.pick("Bằng chữ:", "In words:"), gnbv_engine::words::in_words(p.total(), lang))
        );
        let assumptions = book.worksheet_range(sheet_names(lang)[5]).unwrap();
        assert_eq!(text(&assumptions, (3, 1)), "http://127.0.0.1:8080/#s=1.x");
        let all: String = assumptions.cells().map(|(_, _, d)| d.to_string()).collect();
        assert!(all.contains(if lang == Lang::Vi { "MINH HỌA" } else { "ILLUSTRATIVE" }), "says what is illustrative");
        assert!(
            all.contains("R low") && all.contains(lang.pick("Quyết định 46/2015/QĐ-TTg", "Decision 46/2015/QĐ-TTg")),
            "parameters with sources and confidence"
        );
    }
}

#[test]
fn every_total_is_a_formula_equal_to_the_engines_figure() {
    let f = fixture();
    let p = proposal(Lang::Vi);
    let mut book = open(workbook(&p).unwrap());
    let formulas = check_formulas(&mut book);
    let names = sheet_names(Lang::Vi);
    let at = |sheet: &str, r: u32, c: u32| formulas.get(&(sheet.to_owned(), r, c)).cloned();

    // The summary: the grand total row (row 11) is all formulas over the group rows.
    let allocated: Dong = f.allocation.lines.iter().map(|l| l.allocated).sum();
    let people: Dong = p.grand_total()[Funding::People.index()];
    let (formula, total) = at(names[0], 10, 5).expect("grand total is a formula");
    assert_eq!(formula, "SUM(G11:N11)");
    assert_eq!(Dong::new(total), allocated + people);
    for fund in gnbv_engine::proposal::FUNDING {
        let col = 6 + fund.index() as u32;
        let (formula, value) = at(names[0], 10, col).expect("column total is a formula");
        assert!(formula.starts_with("SUM(") && formula.contains(','), "{formula}");
        // The engine's figure: what the sources of this column placed (and, for people's
        // contributions, the households' share the proposal computed).
        let engine: Dong = if fund == Funding::People {
            people
        } else {
            // Loans lent from entrusted local budget are in the province's column.
            let entrusted = |l: &gnbv_engine::line::Line, lent: Dong| {
                f.scenario.source(&l.source).map_or(Dong::ZERO, |s| s.entrusted_part(lent))
            };
            f.scenario
                .lines
                .iter()
                .zip(&f.allocation.lines)
                .map(|(l, r)| {
                    let part = entrusted(l, r.allocated);
                    let own = if f.scenario.source(&l.source).map(Funding::of) == Some(fund) {
                        r.allocated - part
                    } else {
                        Dong::ZERO
                    };
                    own + if fund == Funding::Province { part } else { Dong::ZERO }
                })
                .sum()
        };
        assert_eq!(Dong::new(value), engine, "{fund:?}");
    }
    // Each row's total is the SUM of its row; a program's rows (one per cost per unit) add up
    // to the program's allocation plus the households' share.
    let summary = book.worksheet_range(names[0]).unwrap();
    let mut per_program: std::collections::HashMap<&str, (Dong, Dong)> = std::collections::HashMap::new();
    for r in 11..60 {
        let name = text(&summary, (r, 1));
        let Some(program) =
            f.scenario.programs.iter().find(|x| name == x.name_vi || name.starts_with(&format!("{} (", x.name_vi)))
        else {
            continue;
        };
        let (formula, line_total) = at(names[0], r, 5).expect("line total is a formula");
        assert_eq!(formula, format!("SUM(G{0}:N{0})", r + 1));
        let entry = per_program.entry(program.id.0.as_str()).or_default();
        entry.0 += Dong::new(line_total);
        entry.1 += Dong::new(value(&summary, (r, 13)));
    }
    assert_eq!(per_program.len(), f.scenario.programs.len());
    for program in &f.scenario.programs {
        let (total, own) = per_program[program.id.0.as_str()];
        let engine: Dong = f.scenario.lines_of(&program.id).map(|(i, _)| f.allocation.lines[i].allocated).sum();
        assert_eq!(total, engine + own, "{}", program.name_vi);
    }

    // By district and by commune: the total row per program equals the engine's cells.
    for sheet in [names[2], names[3]] {
        let values = book.worksheet_range(sheet).unwrap();
        let last = (4..400).rev().find(|r| text(&values, (*r, 1)) == "TỔNG CỘNG").expect("a total row");
        for (j, (program, _)) in p.programs.iter().enumerate() {
            let col = 2 + j as u32;
            let (formula, value) = at(sheet, last, col).expect("total is a formula");
            assert!(formula.starts_with("SUM("));
            let engine: Dong = f
                .allocation
                .cells
                .iter()
                .filter(|c| &f.scenario.lines[c.line].program == program)
                .map(|c| c.amount)
                .sum();
            assert_eq!(Dong::new(value), engine, "{sheet} {program:?}");
        }
        let (_, grand) = at(sheet, last, 2 + p.programs.len() as u32).unwrap();
        assert_eq!(Dong::new(grand), allocated, "{sheet}");
    }
    // The credit plan: each column's total row is a SUM equal to the engine's plan.
    let credit = book.worksheet_range(names[1]).unwrap();
    let total_row = (4..40).rev().find(|r| text(&credit, (*r, 0)) == "Tổng cộng").expect("a credit total row");
    let t = &p.credit.total;
    for (i, value) in t.money().into_iter().enumerate() {
        let (formula, cached) = at(names[1], total_row, 1 + i as u32).expect("credit total is a formula");
        assert!(formula.starts_with("SUM("), "{formula}");
        assert_eq!(Dong::new(cached), value);
    }
    assert_eq!(t.capacity, t.collected + t.new_capital + t.entrusted);
    // One commune, checked against the engine's cells directly.
    let communes = book.worksheet_range(names[3]).unwrap();
    let row = (4..400).find(|r| text(&communes, (*r, 0)) == "12433").expect("commune 12433");
    let engine: Dong = f
        .allocation
        .cells
        .iter()
        .filter(|c| c.recipient == Recipient::Commune(gnbv_engine::dataset::CommuneCode(12433)))
        .map(|c| c.amount)
        .sum();
    let (_, value) = at(names[3], row, 2 + p.programs.len() as u32).expect("commune total is a formula");
    assert_eq!(Dong::new(value), engine);
}

#[test]
fn targets_sheet_shows_the_projection() {
    let f = fixture();
    let mut book = open(workbook(&proposal(Lang::En)).unwrap());
    let targets = book.worksheet_range("Targets").unwrap();
    let heads: Vec<String> = (0..8).map(|c| text(&targets, (3, c))).collect();
    assert_eq!(heads, ["Target", "Plan", "Unit", "Projected (median)", "P10", "P90", "Probability met", "Status"]);
    assert_eq!(text(&targets, (4, 0)), "Poor-household rate at year end");
    let first = &f.projection.scorecard[0];
    assert_eq!(text(&targets, (5, 0)), first.id.name(Lang::En));
    let cell = |c| match targets.get_value((5, c)) {
        Some(Data::Float(x)) => *x,
        other => panic!("{other:?}"),
    };
    assert_eq!(cell(3), first.value.p50.to_string().parse::<f64>().unwrap());
    assert_eq!(cell(6), first.probability.to_string().parse::<f64>().unwrap());
    assert_eq!(targets.height() as usize, 5 + f.projection.scorecard.len());
}

#[test]
fn csv_files_have_a_bom_and_the_same_figures() {
    let p = proposal(Lang::Vi);
    let files = csv_files(&p);
    let names: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        ["du-toan-tong-hop.csv", "tin-dung.csv", "theo-huyen.csv", "theo-xa.csv", "chi-tieu.csv", "gia-dinh.csv"]
    );
    for (_, text) in &files {
        assert!(text.starts_with('\u{feff}'));
        assert!(text.ends_with("\r\n"));
    }
    let summary = &files[0].1;
    let total_line = summary.lines().nth(1).unwrap();
    assert!(total_line.starts_with(&format!(",TỔNG CỘNG,,,,{},", p.total().get())), "{total_line}");
    let communes = &files[3].1;
    assert_eq!(communes.lines().count(), 1 + 8 + 286 + 2);
    // The credit plan: a heading, one line per lending program, the total.
    let credit = &files[1].1;
    assert_eq!(credit.lines().count(), 1 + p.credit.programs.len() + 1);
    assert!(credit.lines().last().unwrap().starts_with(&format!("Tổng cộng,{},", p.credit.total.opening.get())));
}

#[test]
fn the_same_proposal_gives_the_same_bytes() {
    let a = workbook(&proposal(Lang::Vi)).unwrap();
    let b = workbook(&proposal(Lang::Vi)).unwrap();
    assert_eq!(a, b);
}

/// The state budget Finance appraises (NSTW + NSĐP) stands under the grand total, in the
/// workbook (live formulas) and the CSV, and never counts credit.
#[test]
fn the_state_budget_subtotal_is_central_plus_local() {
    use gnbv_engine::proposal::{Funding, FUNDING};
    let p = proposal(Lang::Vi);
    let budget: i64 = FUNDING.iter().filter(|f| f.is_state_budget()).map(|f| p.grand_total()[f.index()].get()).sum();
    assert_eq!(p.state_budget()[Funding::Credit.index()].get(), 0);
    let mut book = open(workbook(&p).unwrap());
    check_formulas(&mut book);
    let summary = book.worksheet_range(sheet_names(Lang::Vi)[0]).unwrap();
    assert_eq!(text(&summary, (11, 1)), "Trong đó: ngân sách nhà nước (NSTW + NSĐP)");
    let central_and_local: i64 = (6..10).map(|c| value(&summary, (10, c))).sum();
    assert_eq!(value(&summary, (11, 5)), central_and_local);
    assert_eq!(value(&summary, (11, 5)), budget);
    let csv = gnbv_engine::proposal::csv_files(&p).into_iter().find(|(f, _)| *f == "du-toan-tong-hop.csv").unwrap().1;
    let row = csv.lines().find(|l| l.contains("Trong đó: ngân sách nhà nước")).expect("the subtotal row");
    assert!(row.contains(&budget.to_string()), "{row}");
}

/// Vietnamese first: the Vietnamese workbook, its CSV files and the CLI's Vietnamese output
/// hold no English sentence (every note, source and assumption exists in Vietnamese).
#[test]
fn the_vietnamese_workbook_and_cli_have_no_english_sentences() {
    // Words that only an English sentence has (checked as whole words, case-insensitive).
    const ENGLISH: [&str; 12] =
        ["the", "of", "and", "is", "are", "per", "illustrative", "not", "found", "households", "from", "with"];
    let english_words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| ENGLISH.iter().any(|e| w.eq_ignore_ascii_case(e)))
            .map(str::to_owned)
            .collect()
    };
    let p = proposal(Lang::Vi);
    let mut book = open(workbook(&p).unwrap());
    let mut found = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for (r, c, d) in range.cells() {
            let text = d.to_string();
            if text.starts_with("http") {
                continue; // the share link
            }
            let words = english_words(&text);
            if words.len() >= 2 {
                found.push(format!("{name}!{r},{c}: {text}"));
            }
        }
    }
    for (file, text) in gnbv_engine::proposal::csv_files(&p) {
        for line in text.lines().filter(|l| !l.contains("http")) {
            if english_words(line).len() >= 2 {
                found.push(format!("{file}: {line}"));
            }
        }
    }
    assert!(found.is_empty(), "English in the Vietnamese workbook or CSV:\n{}", found.join("\n"));
}

/// Every row that gives a quantity and a unit cost adds up: quantity × unit cost is the row's
/// total, in every language. A program whose lines pay different costs per unit (the commune
/// Day for the Poor funds' 3 M đ support in Project 3a, each VBSP program's loan size) has one
/// row per cost.
#[test]
fn quantity_times_unit_cost_is_the_row_total() {
    for lang in [Lang::Vi, Lang::En] {
        let p = proposal(lang);
        let mut rows = 0;
        for a in p.groups.iter().flat_map(|g| &g.activities) {
            if let (Some(q), Some(cost)) = (a.quantity, a.unit_cost) {
                assert_eq!(i128::from(q) * i128::from(cost.get()), i128::from(a.total().get()), "{}", a.name);
                rows += 1;
            }
        }
        assert!(rows >= 10, "{rows} rows with quantities");
        let p3a: Vec<_> = p.groups.iter().flat_map(|g| &g.activities).filter(|a| a.program.0 == "p3a").collect();
        assert_eq!(p3a.len(), 2);
        assert_eq!(p3a[1].unit_cost, Some(gnbv_engine::money::Dong::new(3_000_000)));
    }
}
