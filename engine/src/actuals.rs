//! Monitoring: what was actually disbursed and delivered, against the plan
//! (`docs/monitoring.md`).
//!
//! The actuals file (CSV, or the first sheet of an .xlsx) has one row per reporting period,
//! commune and line (program and source): the money disbursed and the outputs delivered in
//! the period ending on its reporting date. Every problem is reported at once with its row and
//! column, and nothing is used unless the file is clean. `crate::monitoring::Report` sets it
//! against the plan.

use crate::allocation::{Allocation, Recipient};
use crate::dataset::{CommuneCode, Dataset};
use crate::format::Lang;
use crate::money::{Dong, MAX_AMOUNT};
use crate::scenario::Scenario;
use serde::Serialize;
use std::collections::HashMap;

/// A column of the actuals file: its key, its Vietnamese heading (either is accepted), and
/// whether it is required.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Machine name, as in the template's English version.
    pub key: &'static str,
    /// Vietnamese heading.
    pub vi: &'static str,
    /// Required.
    pub required: bool,
}

/// The columns of the actuals file, in template order.
pub const COLUMNS: [Column; 11] = [
    Column { key: "reporting_date", vi: "Ngày báo cáo (năm-tháng-ngày)", required: true },
    Column { key: "commune_code", vi: "Mã xã (trống: cấp tỉnh)", required: true },
    Column { key: "commune_name", vi: "Tên xã", required: false },
    Column { key: "program", vi: "Mã chương trình", required: true },
    Column { key: "source", vi: "Mã nguồn vốn", required: true },
    Column { key: "line_name", vi: "Nội dung", required: false },
    Column { key: "disbursed", vi: "Giải ngân (đồng)", required: true },
    Column { key: "households_supported", vi: "Số hộ (người) được hỗ trợ", required: false },
    Column { key: "loans_disbursed", vi: "Số hộ được vay", required: false },
    Column { key: "people_trained", vi: "Số người được đào tạo, tập huấn", required: false },
    Column { key: "models_started", vi: "Số mô hình triển khai", required: false },
];

/// The largest count one row may give.
pub const MAX_COUNT: u64 = 10_000_000;

/// The outputs a row reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Outputs {
    /// Households supported (people, for a program counted in people: pupils, the insured).
    pub households: u64,
    /// Households that borrowed.
    pub loans: u64,
    /// People trained.
    pub trained: u64,
    /// Models started.
    pub models: u64,
}

impl Outputs {
    pub(crate) fn add(&mut self, o: &Outputs) {
        self.households += o.households;
        self.loans += o.loans;
        self.trained += o.trained;
        self.models += o.models;
    }
}

/// One clean row of the actuals file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actual {
    /// Row in the file (the header is row 1).
    pub row: usize,
    /// The period's last day, `YYYY-MM-DD`.
    pub date: String,
    /// The commune, or none for a line spent at province level.
    pub commune: Option<CommuneCode>,
    /// Index of the line in the scenario.
    pub line: usize,
    /// Money disbursed in the period.
    pub disbursed: Dong,
    /// Outputs delivered in the period.
    pub outputs: Outputs,
}

/// A clean actuals file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actuals {
    /// The file's name.
    pub file: String,
    /// Its rows.
    pub rows: Vec<Actual>,
}

impl Actuals {
    /// The last reporting date (the report's period), if any row.
    #[must_use]
    pub fn last_date(&self) -> Option<&str> {
        self.rows.iter().map(|r| r.date.as_str()).max()
    }
}

/// What is wrong in one place of an actuals file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// Not readable CSV at all (the reader's words).
    Unreadable(String),
    /// A required column is not in the header.
    MissingColumn,
    /// Not a date written year-month-day.
    BadDate(String),
    /// A date outside the scenario's years.
    DateOutsideYears {
        /// The date.
        date: String,
        /// The first year.
        first: u16,
        /// The last year.
        last: u16,
    },
    /// A commune code the dataset does not have.
    UnknownCommune(String),
    /// The scenario has no line of this program from this source.
    UnknownLine {
        /// The program's id.
        program: String,
        /// The source's id.
        source: String,
    },
    /// A line spent at province level given for a commune, or a commune's line without one.
    WrongLevel {
        /// Whether the line is spent at province level.
        province_level: bool,
    },
    /// The same date, commune and line on two rows (the first is given).
    Duplicate(usize),
    /// Not a whole number.
    NotAWholeNumber(String),
    /// A negative number.
    Negative(String),
    /// A count above [`MAX_COUNT`].
    TooLarge(String),
    /// An amount above [`MAX_AMOUNT`].
    AmountTooLarge(String),
    /// Disbursed to date above what the line gives the commune.
    AboveAmount {
        /// Disbursed to date, with this row.
        disbursed: Dong,
        /// The line's amount there.
        amount: Dong,
    },
    /// No row reports anything.
    Empty,
}

/// A problem and where it is: the file's row (1 is the header; 0 the file as a whole) and the
/// column's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Row, 1-based.
    pub row: usize,
    /// The column's key, empty for a whole row or file.
    pub column: &'static str,
    /// What is wrong.
    pub kind: ProblemKind,
}

impl Problem {
    /// What is wrong, in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        use ProblemKind as K;
        let vi = lang == Lang::Vi;
        match &self.kind {
            K::Unreadable(e) if vi => format!("không đọc được tệp CSV ({e})"),
            K::Unreadable(e) => format!("not a readable CSV file ({e})"),
            K::MissingColumn if vi => "thiếu cột này ở dòng tiêu đề".into(),
            K::MissingColumn => "this column is missing from the header".into(),
            K::BadDate(t) if vi => format!("“{t}” không phải ngày viết theo năm-tháng-ngày (2019-06-30)"),
            K::BadDate(t) => format!("“{t}” is not a date written year-month-day (2019-06-30)"),
            K::DateOutsideYears { date, first, last } if vi => {
                format!("ngày {date} nằm ngoài các năm của kịch bản ({first}–{last})")
            }
            K::DateOutsideYears { date, first, last } => {
                format!("{date} is outside the scenario's years ({first}–{last})")
            }
            K::UnknownCommune(c) if vi => format!("không có xã mã “{c}” trong bộ dữ liệu"),
            K::UnknownCommune(c) => format!("the dataset has no commune “{c}”"),
            K::UnknownLine { program, source } if vi => {
                format!("kịch bản không có dòng phân bổ chương trình “{program}” từ nguồn “{source}”")
            }
            K::UnknownLine { program, source } => {
                format!("the scenario has no line of program “{program}” from source “{source}”")
            }
            K::WrongLevel { province_level: true } if vi => "dòng này chi ở cấp tỉnh: để trống mã xã".into(),
            K::WrongLevel { province_level: true } => {
                "this line is spent at province level: leave the commune blank".into()
            }
            K::WrongLevel { province_level: false } if vi => "dòng này phân bổ cho xã: cần mã xã".into(),
            K::WrongLevel { province_level: false } => {
                "this line is allocated to communes: a commune code is needed".into()
            }
            K::Duplicate(r) if vi => format!("ngày, xã và dòng này đã có ở dòng {r}"),
            K::Duplicate(r) => format!("this date, commune and line are already on row {r}"),
            K::NotAWholeNumber(t) if vi => format!("“{t}” không phải số nguyên"),
            K::NotAWholeNumber(t) => format!("“{t}” is not a whole number"),
            K::Negative(t) if vi => format!("số âm “{t}”"),
            K::Negative(t) => format!("negative number “{t}”"),
            K::TooLarge(t) if vi => format!("số “{t}” quá lớn (tối đa 10.000.000)"),
            K::TooLarge(t) => format!("“{t}” is too large (at most 10,000,000)"),
            K::AmountTooLarge(t) if vi => format!("số tiền “{t}” quá lớn (tối đa 10^15 đồng)"),
            K::AmountTooLarge(t) => format!("the amount “{t}” is too large (at most 10^15 đồng)"),
            K::AboveAmount { disbursed, amount } if vi => format!(
                "giải ngân lũy kế {} vượt số phân bổ của dòng này cho đơn vị ({})",
                disbursed.format(lang),
                amount.format(lang)
            ),
            K::AboveAmount { disbursed, amount } => format!(
                "disbursed to date, {}, is above the line's amount there ({})",
                disbursed.format(lang),
                amount.format(lang)
            ),
            K::Empty if vi => "tệp không có dòng nào ghi số thực hiện".into(),
            K::Empty => "no row of the file reports anything".into(),
        }
    }

    /// The column's heading in `lang`.
    #[must_use]
    pub fn column_heading(&self, lang: Lang) -> &'static str {
        COLUMNS.iter().find(|c| c.key == self.column).map_or("", |c| if lang == Lang::Vi { c.vi } else { c.key })
    }

    /// "Row 3, column disbursed: …" in `lang`.
    #[must_use]
    pub fn located(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        let place = match (self.row, self.column_heading(lang)) {
            (0, "") => String::new(),
            (0, c) => format!("{} “{c}”: ", if vi { "Cột" } else { "Column" }),
            (r, "") => format!("{} {r}: ", if vi { "Dòng" } else { "Row" }),
            (r, c) if vi => format!("Dòng {r}, cột “{c}”: "),
            (r, c) => format!("Row {r}, column “{c}”: "),
        };
        format!("{place}{}", self.message(lang))
    }
}

/// Where a line's money goes: a commune, or the province.
pub(crate) fn recipient(commune: Option<CommuneCode>) -> Recipient {
    commune.map_or(Recipient::Province, Recipient::Commune)
}

/// The amount of each (line, recipient) in the allocation.
pub(crate) fn planned(allocation: &Allocation) -> HashMap<(usize, Recipient), Dong> {
    let mut plan: HashMap<(usize, Recipient), Dong> = HashMap::new();
    for c in &allocation.cells {
        *plan.entry((c.line, c.recipient)).or_insert(Dong::ZERO) += c.amount;
    }
    plan
}

/// The template: the header and one row per line and commune with money (and each
/// province-level line), the actual columns left blank; CSV with a BOM, headings in `lang`.
#[must_use]
pub fn template(scenario: &Scenario, dataset: &Dataset, allocation: &Allocation, date: &str, lang: Lang) -> String {
    crate::proposal::to_csv(&template_rows(scenario, dataset, allocation, date, lang))
}

/// The template's rows (header first).
#[must_use]
pub fn template_rows(
    scenario: &Scenario,
    dataset: &Dataset,
    allocation: &Allocation,
    date: &str,
    lang: Lang,
) -> crate::proposal::Table {
    let mut rows: crate::proposal::Table =
        vec![COLUMNS.iter().map(|c| if lang == Lang::Vi { c.vi } else { c.key }.to_owned()).collect()];
    let mut cells: Vec<(Recipient, usize)> =
        allocation.cells.iter().filter(|c| c.amount > Dong::ZERO).map(|c| (c.recipient, c.line)).collect();
    cells.sort_by_key(|&(r, l)| (matches!(r, Recipient::Commune(_)), r, l));
    cells.dedup();
    for (r, line) in cells {
        let l = &scenario.lines[line];
        let (code, name) = match r {
            Recipient::Province => (String::new(), if lang == Lang::Vi { "Cấp tỉnh" } else { "Province" }.to_owned()),
            Recipient::Commune(c) => {
                (format!("{:05}", c.0), dataset.commune(c).map(crate::dataset::Commune::full_name).unwrap_or_default())
            }
        };
        let program = scenario.program(&l.program).map_or(l.program.0.as_str(), |p| p.name(lang));
        let source = scenario.source(&l.source).map_or(l.source.0.as_str(), |s| s.name(lang));
        rows.push(vec![
            date.to_owned(),
            code,
            name,
            l.program.0.clone(),
            l.source.0.clone(),
            format!("{program} — {source}"),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    rows
}

/// The template as an .xlsx workbook (feature `xlsx`): the same rows, every cell as text so
/// codes keep their digits, the headings bold and frozen.
///
/// # Errors
/// The writer failed (its words).
#[cfg(feature = "xlsx")]
pub fn template_xlsx(rows: &crate::proposal::Table) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2019, 1, 1).map_err(|e| e.to_string())?;
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    let sheet = book.add_worksheet();
    let bold = Format::new().set_bold().set_text_wrap();
    for (r, record) in rows.iter().enumerate() {
        for (c, text) in record.iter().enumerate() {
            let (row, col) = (r as u32, c as u16);
            let written = if r == 0 {
                sheet.write_string_with_format(row, col, text, &bold)
            } else {
                sheet.write_string(row, col, text)
            };
            written.map_err(|e| e.to_string())?;
        }
    }
    for (col, width) in [14.0, 10.0, 24.0, 20.0, 20.0, 48.0, 16.0, 12.0, 12.0, 12.0, 12.0].iter().enumerate() {
        sheet.set_column_width(col as u16, *width).map_err(|e| e.to_string())?;
    }
    sheet.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
    book.save_to_buffer().map_err(|e| e.to_string())
}

/// Whether `text` is a date `YYYY-MM-DD` of the calendar; its year.
fn date_year(text: &str) -> Option<u16> {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts[..] else { return None };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (u16, u8, u8) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&d).then_some(y)
}

/// Reads an actuals file against `scenario` (its first year's lines) and its `allocation`.
///
/// # Errors
/// Every problem found, in file order; the actuals are only made when there is none.
pub fn parse(
    text: &str,
    file: &str,
    scenario: &Scenario,
    dataset: &Dataset,
    allocation: &Allocation,
) -> Result<Actuals, Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = Vec::new();
    for record in reader.records() {
        match record {
            Ok(r) => records.push(r),
            Err(e) => {
                let row = e.position().map_or(0, |p| p.line() as usize);
                return Err(vec![Problem { row, column: "", kind: ProblemKind::Unreadable(e.to_string()) }]);
            }
        }
    }
    let Some(header) = records.first() else {
        return Err(vec![Problem { row: 0, column: "", kind: ProblemKind::Empty }]);
    };
    let mut problems = Vec::new();
    let mut at: HashMap<&'static str, usize> = HashMap::new();
    for column in COLUMNS {
        let found = header.iter().position(|h| crate::import::heading_is(h, column.key, column.vi));
        match found {
            Some(i) => {
                at.insert(column.key, i);
            }
            None if column.required => {
                problems.push(Problem { row: 1, column: column.key, kind: ProblemKind::MissingColumn });
            }
            None => {}
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let plan = planned(allocation);
    let province_lines: Vec<bool> =
        scenario.lines.iter().map(|l| matches!(l.rule, crate::line::Rule::ProvinceLevel)).collect();
    let first = crate::scenario::FIRST_YEAR;
    let last = first + scenario.later.len() as u16;
    let mut seen: HashMap<(String, Option<CommuneCode>, usize), usize> = HashMap::new();
    let mut to_date: HashMap<(usize, Recipient), Dong> = HashMap::new();
    let mut rows = Vec::new();
    for (i, record) in records.iter().enumerate().skip(1) {
        let row = i + 1;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |key: &str| at.get(key).and_then(|&i| record.get(i)).unwrap_or("").trim();
        // A template row with nothing reported yet.
        let reported = ["disbursed", "households_supported", "loans_disbursed", "people_trained", "models_started"];
        if reported.iter().all(|k| cell(k).is_empty()) {
            continue;
        }
        let before = problems.len();
        let date = cell("reporting_date").to_owned();
        match date_year(&date) {
            None => problems.push(Problem { row, column: "reporting_date", kind: ProblemKind::BadDate(date.clone()) }),
            Some(y) if y < first || y > last => problems.push(Problem {
                row,
                column: "reporting_date",
                kind: ProblemKind::DateOutsideYears { date: date.clone(), first, last },
            }),
            Some(_) => {}
        }
        let code_text = cell("commune_code");
        let commune = if code_text.is_empty() {
            None
        } else {
            match code_text.parse::<u32>().ok().and_then(|c| dataset.commune(CommuneCode(c))) {
                Some(c) => Some(c.code),
                None => {
                    problems.push(Problem {
                        row,
                        column: "commune_code",
                        kind: ProblemKind::UnknownCommune(code_text.to_owned()),
                    });
                    continue;
                }
            }
        };
        let (program, source) = (cell("program"), cell("source"));
        let Some(line) = scenario.lines.iter().position(|l| l.program.0 == program && l.source.0 == source) else {
            problems.push(Problem {
                row,
                column: "program",
                kind: ProblemKind::UnknownLine { program: program.to_owned(), source: source.to_owned() },
            });
            continue;
        };
        if province_lines[line] == commune.is_some() {
            problems.push(Problem {
                row,
                column: "commune_code",
                kind: ProblemKind::WrongLevel { province_level: province_lines[line] },
            });
            continue;
        }
        let mut number = |key: &'static str, max: u64| -> Option<u64> {
            let text = cell(key);
            if text.is_empty() && key != "disbursed" {
                return Some(0);
            }
            crate::import::whole_number(text, max)
                .map_err(|e| {
                    use crate::import::NotWhole;
                    let kind = match e {
                        NotWhole::Negative => ProblemKind::Negative,
                        NotWhole::TooLarge if max == MAX_COUNT => ProblemKind::TooLarge,
                        NotWhole::TooLarge => ProblemKind::AmountTooLarge,
                        NotWhole::Malformed => ProblemKind::NotAWholeNumber,
                    };
                    problems.push(Problem { row, column: key, kind: kind(text.to_owned()) });
                })
                .ok()
        };
        let disbursed = number("disbursed", MAX_AMOUNT.get() as u64);
        let counts = [
            number("households_supported", MAX_COUNT),
            number("loans_disbursed", MAX_COUNT),
            number("people_trained", MAX_COUNT),
            number("models_started", MAX_COUNT),
        ];
        if let Some(first_row) = seen.insert((date.clone(), commune, line), row) {
            problems.push(Problem { row, column: "reporting_date", kind: ProblemKind::Duplicate(first_row) });
            continue;
        }
        let (Some(disbursed), [Some(households), Some(loans), Some(trained), Some(models)]) = (disbursed, counts)
        else {
            continue;
        };
        let disbursed = Dong::new(disbursed as i64);
        let key = (line, recipient(commune));
        let total = to_date.entry(key).or_insert(Dong::ZERO);
        *total += disbursed;
        let amount = plan.get(&key).copied().unwrap_or(Dong::ZERO);
        if *total > amount {
            problems.push(Problem {
                row,
                column: "disbursed",
                kind: ProblemKind::AboveAmount { disbursed: *total, amount },
            });
        }
        if problems.len() == before {
            rows.push(Actual {
                row,
                date,
                commune,
                line,
                disbursed,
                outputs: Outputs { households, loans, trained, models },
            });
        }
    }
    if rows.is_empty() && problems.is_empty() {
        problems.push(Problem { row: 0, column: "", kind: ProblemKind::Empty });
    }
    if problems.is_empty() {
        Ok(Actuals { file: file.to_owned(), rows })
    } else {
        Err(problems)
    }
}
