//! Importing a province's own review figures: a commune file (CSV, one row per commune) that
//! replaces the built-in counts. Every problem is reported at once with its row and column,
//! and nothing is applied unless the file is clean (`docs/import.md`).

use crate::dataset::{CommuneCode, CommuneFigures, CommuneKind, Counts, Dataset, DistrictCode};
use crate::format::Lang;
use crate::money::{Dong, MAX_AMOUNT};
use std::collections::HashMap;

/// A column of the commune file: its key, its Vietnamese heading (either is accepted), and
/// whether it is required.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Machine name, as in the template's English version.
    pub key: &'static str,
    /// Vietnamese heading.
    pub vi: &'static str,
    /// Required (the name column is only for people reading the file).
    pub required: bool,
}

/// The columns of the commune file, in template order.
pub const COLUMNS: [Column; 15] = [
    Column { key: "gso_code", vi: "Mã xã", required: true },
    Column { key: "name", vi: "Tên đơn vị", required: false },
    Column { key: "people", vi: "Nhân khẩu", required: true },
    Column { key: "households", vi: "Số hộ", required: true },
    Column { key: "poor_income", vi: "Hộ nghèo thu nhập", required: true },
    Column { key: "poor_multidimensional", vi: "Hộ nghèo thiếu hụt đa chiều", required: true },
    Column { key: "near_poor", vi: "Hộ cận nghèo", required: true },
    Column { key: "escaped_last_year", vi: "Hộ thoát nghèo năm trước", required: true },
    Column { key: "villages", vi: "Số thôn, tổ dân phố", required: true },
    Column { key: "poverty_cadres", vi: "Cán bộ giảm nghèo", required: true },
    Column { key: "info_staff", vi: "Cán bộ thông tin cơ sở", required: true },
    Column { key: "ntm_2019", vi: "Chỉ tiêu NTM 2019 (1/0)", required: true },
    Column { key: "social_protection", vi: "Hộ chính sách xã hội (hỗ trợ tiền điện)", required: false },
    Column { key: "day_for_poor_commune", vi: "Quỹ Vì người nghèo cấp xã (đồng)", required: false },
    Column { key: "day_for_poor_district", vi: "Quỹ Vì người nghèo cấp huyện (đồng)", required: false },
];

/// The largest count a commune file may give for one commune: far above any commune's people,
/// and small enough that every rate and weight computed from counts stays exact.
pub const MAX_COUNT: u64 = 10_000_000;

/// What is wrong in one place of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// The file is not readable CSV at all.
    Unreadable(String),
    /// A required column is not in the header.
    MissingColumn,
    /// A commune code the dataset does not have.
    UnknownCommune(String),
    /// The same commune on two rows (the first is given).
    DuplicateCommune(usize),
    /// A commune of the dataset with no row.
    MissingCommune(String),
    /// Not a whole number.
    NotAWholeNumber(String),
    /// A negative count.
    Negative(String),
    /// A count above [`MAX_COUNT`]: no commune is that large.
    TooLarge(String),
    /// An amount above [`crate::money::MAX_AMOUNT`].
    AmountTooLarge(String),
    /// A district's fund given differently on two rows of the district (the first is given).
    DistrictFundDiffers(usize),
    /// More poor and social-policy households than households.
    SocialProtectionAboveHouseholds,
    /// No households.
    NoHouseholds,
    /// Fewer people than households.
    FewerPeopleThanHouseholds,
    /// More poor households than households.
    PoorAboveHouseholds,
    /// More poor and near-poor households than households.
    PoorAndNearPoorAboveHouseholds,
    /// More households escaped than there are.
    EscapedAboveHouseholds,
    /// A flag that is not 0 or 1.
    BadFlag(String),
    /// The new-rural flag on a phường or thị trấn.
    FlagNotOnXa,
}

/// A problem and where it is: the file's row (1 is the header) and the column's heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Row in the file, 1-based (the header is row 1); 0 for the file as a whole.
    pub row: usize,
    /// The column's key, empty for a whole row or file.
    pub column: &'static str,
    /// What is wrong.
    pub kind: ProblemKind,
}

impl Problem {
    /// What is wrong, in `lang` (the row and column are shown beside it).
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        use ProblemKind as K;
        let vi = lang == Lang::Vi;
        match &self.kind {
            K::Unreadable(e) if vi => format!("không đọc được tệp CSV ({e})"),
            K::Unreadable(e) => format!("not a readable CSV file ({e})"),
            K::MissingColumn if vi => "thiếu cột này ở dòng tiêu đề".into(),
            K::MissingColumn => "this column is missing from the header".into(),
            K::UnknownCommune(c) if vi => format!("không có xã mã “{c}” trong bộ dữ liệu"),
            K::UnknownCommune(c) => format!("the dataset has no commune “{c}”"),
            K::DuplicateCommune(r) if vi => format!("xã này đã có ở dòng {r}"),
            K::DuplicateCommune(r) => format!("this commune is already on row {r}"),
            K::MissingCommune(c) if vi => format!("thiếu dòng cho {c}"),
            K::MissingCommune(c) => format!("no row for {c}"),
            K::NotAWholeNumber(t) if vi => format!("“{t}” không phải số nguyên"),
            K::NotAWholeNumber(t) => format!("“{t}” is not a whole number"),
            K::Negative(t) if vi => format!("số âm “{t}”"),
            K::Negative(t) => format!("negative count “{t}”"),
            K::TooLarge(t) if vi => format!("số “{t}” quá lớn cho một xã (tối đa 10.000.000)"),
            K::TooLarge(t) => format!("“{t}” is too large for one commune (at most 10,000,000)"),
            K::AmountTooLarge(t) if vi => format!("số tiền “{t}” quá lớn (tối đa 10^15 đồng)"),
            K::AmountTooLarge(t) => format!("the amount “{t}” is too large (at most 10^15 đồng)"),
            K::DistrictFundDiffers(r) if vi => {
                format!("quỹ của huyện này đã ghi khác ở dòng {r}; mọi dòng của một huyện phải ghi cùng một số")
            }
            K::DistrictFundDiffers(r) => {
                format!("this district's fund differs from row {r}; every row of a district must give the same amount")
            }
            K::SocialProtectionAboveHouseholds if vi => "hộ nghèo cộng hộ chính sách xã hội nhiều hơn số hộ".into(),
            K::SocialProtectionAboveHouseholds => "poor plus social-policy households exceed households".into(),
            K::NoHouseholds if vi => "số hộ phải lớn hơn 0".into(),
            K::NoHouseholds => "households must be above 0".into(),
            K::FewerPeopleThanHouseholds if vi => "số nhân khẩu ít hơn số hộ".into(),
            K::FewerPeopleThanHouseholds => "fewer people than households".into(),
            K::PoorAboveHouseholds if vi => "hộ nghèo nhiều hơn số hộ".into(),
            K::PoorAboveHouseholds => "more poor households than households".into(),
            K::PoorAndNearPoorAboveHouseholds if vi => "hộ nghèo cộng cận nghèo nhiều hơn số hộ".into(),
            K::PoorAndNearPoorAboveHouseholds => "poor plus near-poor households exceed households".into(),
            K::EscapedAboveHouseholds if vi => "hộ thoát nghèo nhiều hơn số hộ".into(),
            K::EscapedAboveHouseholds => "more escaped households than households".into(),
            K::BadFlag(t) if vi => format!("“{t}” phải là 1 hoặc 0"),
            K::BadFlag(t) => format!("“{t}” must be 1 or 0"),
            K::FlagNotOnXa if vi => "chỉ xã mới thuộc chỉ tiêu nông thôn mới".into(),
            K::FlagNotOnXa => "only a xã can be in the new-rural target".into(),
        }
    }

    /// The column's heading in `lang`.
    #[must_use]
    pub fn column_heading(&self, lang: Lang) -> &'static str {
        COLUMNS.iter().find(|c| c.key == self.column).map_or("", |c| if lang == Lang::Vi { c.vi } else { c.key })
    }
}

/// The template: the header and one row per commune with the dataset's current figures, as
/// CSV with a BOM (`lang` picks the headings).
#[must_use]
pub fn commune_template(dataset: &Dataset, lang: Lang) -> String {
    let mut rows: Vec<Vec<String>> =
        vec![COLUMNS.iter().map(|c| if lang == Lang::Vi { c.vi } else { c.key }.to_owned()).collect()];
    for c in dataset.communes() {
        let n = &c.counts;
        rows.push(vec![
            format!("{:05}", c.code.0),
            c.full_name(),
            n.people.to_string(),
            n.households.to_string(),
            n.poor_income.to_string(),
            n.poor_multidimensional.to_string(),
            n.near_poor.to_string(),
            n.escaped_last_year.to_string(),
            n.villages.to_string(),
            n.poverty_cadres.to_string(),
            n.info_staff.to_string(),
            u8::from(c.ntm_2019).to_string(),
            n.social_protection.to_string(),
            c.day_for_poor.get().to_string(),
            dataset.district(c.district).map_or(0, |d| d.day_for_poor.get()).to_string(),
        ]);
    }
    crate::proposal::to_csv(&rows)
}

/// The template as an Excel workbook: headings in bold, codes and names as text, counts as
/// numbers (feature `xlsx`).
///
/// # Errors
/// The writer failed (its words).
#[cfg(feature = "xlsx")]
pub fn commune_template_xlsx(dataset: &Dataset, lang: Lang) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let text = commune_template(dataset, lang);
    let mut book = Workbook::new();
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2019, 1, 1).map_err(|e| e.to_string())?;
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    let sheet = book.add_worksheet();
    let bold = Format::new().set_bold().set_text_wrap();
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    for (r, record) in reader.records().enumerate() {
        let record = record.map_err(|e| e.to_string())?;
        for (c, cell) in record.iter().enumerate() {
            let (row, col) = (r as u32, c as u16);
            let written = match cell.parse::<u64>() {
                // Counts and amounts (at most 10^15) are exact as f64.
                Ok(n) if r > 0 && c >= 2 => sheet.write_number(row, col, n as f64).map(|_| ()),
                _ if r == 0 => sheet.write_string_with_format(row, col, cell, &bold).map(|_| ()),
                _ => sheet.write_string(row, col, cell).map(|_| ()),
            };
            written.map_err(|e| e.to_string())?;
        }
    }
    sheet.set_column_width(1, 26).map_err(|e| e.to_string())?;
    sheet.set_freeze_panes(1, 2).map_err(|e| e.to_string())?;
    book.save_to_buffer().map_err(|e| e.to_string())
}

fn heading_matches(cell: &str, column: &Column) -> bool {
    heading_is(cell, column.key, column.vi)
}

/// Whether a header cell names a column by its key or its Vietnamese heading (case and a
/// leading BOM aside): what every imported table accepts.
pub(crate) fn heading_is(cell: &str, key: &str, vi: &str) -> bool {
    let cell = cell.trim().trim_start_matches('\u{feff}').to_lowercase();
    cell == key || cell == vi.to_lowercase()
}

/// Why a cell is not a whole number within its range.
pub(crate) enum NotWhole {
    /// Below zero.
    Negative,
    /// Above the range's largest.
    TooLarge,
    /// Not a whole number at all.
    Malformed,
}

/// A count or amount as people type it (dots or spaces between thousands, `1.234.567`), at
/// most `max`: what every imported table reads.
pub(crate) fn whole_number(text: &str, max: u64) -> Result<u64, NotWhole> {
    let digits = text.replace(['.', ' ', '\u{a0}'], "");
    match digits.parse::<i64>() {
        Ok(v) if v < 0 => Err(NotWhole::Negative),
        Ok(v) if v as u64 > max => Err(NotWhole::TooLarge),
        Ok(v) if !text.contains('.') || text.split('.').skip(1).all(|g| g.len() == 3) => Ok(v as u64),
        _ => Err(NotWhole::Malformed),
    }
}

/// The first sheet of an .xlsx workbook as CSV text, so that a commune file saved from Excel
/// goes through the same checks (`import_communes`). Whole numbers are written without a
/// decimal point; text as it is.
///
/// # Errors
/// Not a readable workbook, or one without sheets (the reader's words).
#[cfg(feature = "xlsx-read")]
pub fn xlsx_to_csv(bytes: &[u8]) -> Result<String, String> {
    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
    let mut book: Xlsx<_> =
        open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(|e: calamine::XlsxError| e.to_string())?;
    let first = book.sheet_names().first().cloned().ok_or_else(|| "no sheet".to_owned())?;
    let range = book.worksheet_range(&first).map_err(|e| e.to_string())?;
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match *cell {
                    Data::Empty => String::new(),
                    Data::String(ref text) => text.clone(),
                    Data::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", x as i64),
                    ref other => other.to_string(),
                })
                .collect()
        })
        .collect();
    // The BOM is dropped: the rows go straight to the checks.
    Ok(crate::proposal::to_csv(&rows).trim_start_matches('\u{feff}').to_owned())
}

/// Reads a commune file against `base` (the dataset whose units it must cover, each once).
///
/// # Errors
/// Every problem found, in file order; the dataset is only made when there is none.
pub fn import_communes(text: &str, file: &str, base: &Dataset) -> Result<Dataset, Vec<Problem>> {
    let mut problems = Vec::new();
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
        return Err(vec![Problem { row: 0, column: "", kind: ProblemKind::Unreadable("empty file".into()) }]);
    };
    let mut at: HashMap<&'static str, usize> = HashMap::new();
    for column in COLUMNS {
        match header.iter().position(|h| heading_matches(h, &column)) {
            Some(i) => {
                at.insert(column.key, i);
            }
            None if column.required => {
                problems.push(Problem { row: 1, column: column.key, kind: ProblemKind::MissingColumn })
            }
            None => {}
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut seen: HashMap<CommuneCode, usize> = HashMap::new();
    let mut figures: HashMap<CommuneCode, CommuneFigures> = HashMap::new();
    // Each district's fund, with the first row that gave it.
    let mut district_funds: HashMap<DistrictCode, (Dong, usize)> = HashMap::new();
    for (i, record) in records.iter().enumerate().skip(1) {
        let row = i + 1;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |key: &str| at.get(key).and_then(|&i| record.get(i)).unwrap_or("").trim();
        let code_text = cell("gso_code");
        let commune = code_text.parse::<u32>().ok().and_then(|c| base.commune(CommuneCode(c)));
        let Some(commune) = commune else {
            problems.push(Problem { row, column: "gso_code", kind: ProblemKind::UnknownCommune(code_text.to_owned()) });
            continue;
        };
        if let Some(first) = seen.insert(commune.code, row) {
            problems.push(Problem { row, column: "gso_code", kind: ProblemKind::DuplicateCommune(first) });
            continue;
        }
        let mut number = |key: &'static str, max: u64| -> Option<u64> {
            let text = cell(key);
            whole_number(text, max)
                .map_err(|e| {
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
        let values = [
            number("people", MAX_COUNT),
            number("households", MAX_COUNT),
            number("poor_income", MAX_COUNT),
            number("poor_multidimensional", MAX_COUNT),
            number("near_poor", MAX_COUNT),
            number("escaped_last_year", MAX_COUNT),
            number("villages", MAX_COUNT),
            number("poverty_cadres", MAX_COUNT),
            number("info_staff", MAX_COUNT),
        ];
        // Optional columns: absent or blank keeps the dataset's figure.
        let given = |key: &str| at.contains_key(key) && !cell(key).is_empty();
        let social_protection = if given("social_protection") {
            number("social_protection", MAX_COUNT)
        } else {
            Some(commune.counts.social_protection)
        };
        let max_amount = MAX_AMOUNT.get() as u64;
        let commune_fund = given("day_for_poor_commune")
            .then(|| number("day_for_poor_commune", max_amount).map(|a| Dong::new(a as i64)));
        if given("day_for_poor_district") {
            if let Some(fund) = number("day_for_poor_district", max_amount).map(|a| Dong::new(a as i64)) {
                match district_funds.get(&commune.district) {
                    Some(&(first, first_row)) if first != fund => problems.push(Problem {
                        row,
                        column: "day_for_poor_district",
                        kind: ProblemKind::DistrictFundDiffers(first_row),
                    }),
                    Some(_) => {}
                    None => {
                        district_funds.insert(commune.district, (fund, row));
                    }
                }
            }
        }
        let flag = match cell("ntm_2019") {
            "1" => Some(true),
            "0" | "" => Some(false),
            other => {
                problems.push(Problem { row, column: "ntm_2019", kind: ProblemKind::BadFlag(other.to_owned()) });
                None
            }
        };
        if flag == Some(true) && commune.kind != CommuneKind::Commune {
            problems.push(Problem { row, column: "ntm_2019", kind: ProblemKind::FlagNotOnXa });
        }
        let [Some(people), Some(households), Some(poor_income), Some(poor_multidimensional), Some(near_poor), Some(escaped_last_year), Some(villages), Some(poverty_cadres), Some(info_staff)] =
            values
        else {
            continue;
        };
        let (Some(social_protection), Some(day_for_poor)) =
            (social_protection, commune_fund.unwrap_or(Some(commune.day_for_poor)))
        else {
            continue;
        };
        let c = Counts {
            people,
            households,
            poor_income,
            poor_multidimensional,
            near_poor,
            escaped_last_year,
            villages,
            poverty_cadres,
            info_staff,
            social_protection,
        };
        let mut check = |bad: bool, column: &'static str, kind: ProblemKind| {
            if bad {
                problems.push(Problem { row, column, kind });
            }
        };
        check(households == 0, "households", ProblemKind::NoHouseholds);
        check(people < households, "people", ProblemKind::FewerPeopleThanHouseholds);
        check(c.poor() > households, "poor_income", ProblemKind::PoorAboveHouseholds);
        check(
            c.poor() <= households && c.poor() + near_poor > households,
            "near_poor",
            ProblemKind::PoorAndNearPoorAboveHouseholds,
        );
        check(escaped_last_year > households, "escaped_last_year", ProblemKind::EscapedAboveHouseholds);
        check(
            c.poor() <= households && c.poor() + social_protection > households,
            "social_protection",
            ProblemKind::SocialProtectionAboveHouseholds,
        );
        figures.insert(commune.code, CommuneFigures { counts: c, ntm_2019: flag.unwrap_or(false), day_for_poor });
    }
    for c in base.communes() {
        if !seen.contains_key(&c.code) {
            problems.push(Problem {
                row: 0,
                column: "gso_code",
                kind: ProblemKind::MissingCommune(format!("{:05} {}", c.code.0, c.full_name())),
            });
        }
    }
    if problems.is_empty() {
        let districts = district_funds.into_iter().map(|(d, (fund, _))| (d, fund)).collect();
        Ok(base.with_figures(&figures, &districts, file))
    } else {
        Err(problems)
    }
}
