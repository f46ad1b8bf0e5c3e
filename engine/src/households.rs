//! Households as columns (struct of arrays), sorted by commune and area.
//!
//! Each household is a row across the columns: its commune, members, monthly income per
//! person, deprivation bits (in the order of the standard's indicators), causes of poverty and
//! flags. Sorting by (commune, area) makes every commune a run of consecutive rows
//! ([`Segment`]), so per-commune counting is a tight loop the compiler vectorizes.
//!
//! The import format is `docs/households.md`: CSV, UTF-8, one header row, errors name the
//! line and column, and nothing is loaded unless the whole file is clean.

use crate::dataset::{Area, Dataset};
use crate::format::Lang;
use crate::standard::PovertyStandard;
use serde::Serialize;
use std::fmt;

/// A cause of poverty as recorded in the annual review (nguyên nhân nghèo).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// Thiếu vốn sản xuất.
    Capital,
    /// Thiếu đất canh tác.
    Land,
    /// Thiếu lao động.
    Labour,
    /// Thiếu kiến thức, kỹ năng sản xuất.
    Skills,
    /// Có người ốm đau nặng, tai nạn, bệnh tật.
    Illness,
    /// Thiếu phương tiện sản xuất.
    Means,
    /// Đông người ăn theo.
    Dependents,
    /// Nguyên nhân khác.
    Other,
}

impl Cause {
    /// Every cause, in bit order.
    pub const ALL: [Cause; 8] = [
        Cause::Capital,
        Cause::Land,
        Cause::Labour,
        Cause::Skills,
        Cause::Illness,
        Cause::Means,
        Cause::Dependents,
        Cause::Other,
    ];

    /// The word used in the household file.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Capital => "capital",
            Self::Land => "land",
            Self::Labour => "labour",
            Self::Skills => "skills",
            Self::Illness => "illness",
            Self::Means => "means",
            Self::Dependents => "dependents",
            Self::Other => "other",
        }
    }

    /// The cause's name in `lang`, as the review's forms word it.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            Self::Capital => ("Thiếu vốn sản xuất", "Lack of capital"),
            Self::Land => ("Thiếu đất canh tác", "Lack of farmland"),
            Self::Labour => ("Thiếu lao động", "Lack of labour"),
            Self::Skills => ("Thiếu kiến thức, kỹ năng sản xuất", "Lack of skills"),
            Self::Illness => ("Có người ốm đau nặng, tai nạn, bệnh tật", "Serious illness or accident"),
            Self::Means => ("Thiếu phương tiện sản xuất", "Lack of means of production"),
            Self::Dependents => ("Đông người ăn theo", "Many dependants"),
            Self::Other => ("Nguyên nhân khác", "Other cause"),
        };
        if lang == Lang::Vi {
            vi
        } else {
            en
        }
    }

    /// The cause's bit in [`Households::causes`].
    #[must_use]
    pub fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// Flag bits of [`Households::flags`].
pub mod flag {
    /// Lives in an urban area (phường, thị trấn).
    pub const URBAN: u8 = 1;
    /// Member of a household on social-protection policy (hộ bảo trợ xã hội).
    pub const SOCIAL_PROTECTION: u8 = 2;
    /// Escaped poverty last year.
    pub const ESCAPED: u8 = 4;
}

/// A run of consecutive households of one commune and area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// Index of the commune in the dataset's communes.
    pub commune: u16,
    /// Rural or urban.
    pub area: Area,
    /// First row.
    pub start: u32,
    /// One past the last row.
    pub end: u32,
}

/// Households as columns.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Households {
    /// Index of the commune in the dataset's communes.
    pub commune: Vec<u16>,
    /// Members (nhân khẩu), at least 1.
    pub members: Vec<u8>,
    /// Monthly income per person, đồng.
    pub income: Vec<u32>,
    /// Deprivations as bits in the standard's indicator order.
    pub deprivations: Vec<u16>,
    /// Number of deprivations (the bits counted once, for the hot loops).
    pub deprivation_count: Vec<u8>,
    /// Causes of poverty as [`Cause`] bits.
    pub causes: Vec<u16>,
    /// [`flag`] bits.
    pub flags: Vec<u8>,
    /// Identifiers from the imported file (none for a synthetic population).
    pub ids: Option<Vec<Box<str>>>,
    /// The optional [`flag`] bits the source records ([`flag::ESCAPED`],
    /// [`flag::SOCIAL_PROTECTION`]): a household file without the column says nothing about
    /// them, which is not the same as saying no household has them.
    pub recorded: u8,
    segments: Vec<Segment>,
}

impl Households {
    /// Number of households.
    #[must_use]
    pub fn len(&self) -> usize {
        self.income.len()
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.income.is_empty()
    }

    /// Runs of one commune and area, in commune order.
    #[must_use]
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Sorts rows by (commune, area), keeping the given order within a commune, and builds
    /// the segments. Called once after building or importing.
    pub(crate) fn finish(mut self) -> Self {
        let n = self.len();
        let mut order: Vec<u32> = (0..n as u32).collect();
        order.sort_by_key(|&i| (self.commune[i as usize], self.flags[i as usize] & flag::URBAN, i));
        self.commune = permute(&self.commune, &order);
        self.members = permute(&self.members, &order);
        self.income = permute(&self.income, &order);
        self.deprivations = permute(&self.deprivations, &order);
        self.deprivation_count = permute(&self.deprivation_count, &order);
        self.causes = permute(&self.causes, &order);
        self.flags = permute(&self.flags, &order);
        if let Some(ids) = self.ids.take() {
            self.ids = Some(order.iter().map(|&i| ids[i as usize].clone()).collect());
        }
        self.segments = self.runs().unwrap_or_default();
        self
    }

    /// The runs of rows of one (commune, area), or `None` if the rows are not sorted by them
    /// (a stored population read back must already be in order).
    pub(crate) fn runs(&self) -> Option<Vec<Segment>> {
        let mut segments: Vec<Segment> = Vec::new();
        for i in 0..self.len() {
            let area = if self.flags[i] & flag::URBAN != 0 { Area::Urban } else { Area::Rural };
            match segments.last_mut() {
                Some(s) if s.commune == self.commune[i] && s.area == area => s.end += 1,
                Some(s) if (s.commune, s.area as u8) > (self.commune[i], area as u8) => return None,
                _ => segments.push(Segment { commune: self.commune[i], area, start: i as u32, end: i as u32 + 1 }),
            }
        }
        Some(segments)
    }

    /// Sets the segments of rows known to be in order (see [`Households::runs`]).
    pub(crate) fn with_segments(mut self, segments: Vec<Segment>) -> Self {
        self.segments = segments;
        self
    }

    pub(crate) fn push(&mut self, commune: u16, members: u8, income: u32, deprivations: u16, causes: u16, flags: u8) {
        self.commune.push(commune);
        self.members.push(members);
        self.income.push(income);
        self.deprivations.push(deprivations);
        self.deprivation_count.push(deprivations.count_ones() as u8);
        self.causes.push(causes);
        self.flags.push(flags);
    }

    /// Writes the households in the import format (`docs/households.md`); ids are the
    /// imported ones, or `H` and the row number for a synthetic population.
    #[must_use]
    pub fn to_csv(&self, dataset: &Dataset, standard: &PovertyStandard) -> String {
        let mut s = String::from("household_id,commune_code,area,members,income_per_capita_month");
        for i in &standard.indicators {
            s.push_str(",d_");
            s.push_str(&i.key);
        }
        s.push_str(",causes,escaped_last_year,social_protection\n");
        for row in 0..self.len() {
            match &self.ids {
                Some(ids) => s.push_str(&csv_field(&ids[row])),
                None => s.push_str(&format!("H{:07}", row + 1)),
            }
            let area = if self.flags[row] & flag::URBAN != 0 { "urban" } else { "rural" };
            let code = dataset.communes()[self.commune[row] as usize].code.0;
            s.push_str(&format!(",{code},{area},{},{}", self.members[row], self.income[row]));
            for bit in 0..standard.indicators.len() {
                s.push_str(if self.deprivations[row] & (1 << bit) != 0 { ",1" } else { ",0" });
            }
            s.push(',');
            let causes: Vec<&str> =
                Cause::ALL.iter().filter(|c| self.causes[row] & c.bit() != 0).map(|c| c.key()).collect();
            s.push_str(&causes.join(";"));
            for bit in [flag::ESCAPED, flag::SOCIAL_PROTECTION] {
                s.push_str(if self.flags[row] & bit != 0 { ",1" } else { ",0" });
            }
            s.push('\n');
        }
        s
    }

    /// Parses a household file (`docs/households.md`) for `dataset` under `standard`.
    ///
    /// # Errors
    /// Every problem found, each with its line and column (at most 100 are listed); nothing
    /// is loaded unless there are none.
    pub fn from_csv(text: &str, dataset: &Dataset, standard: &PovertyStandard) -> Result<Self, Vec<HouseholdError>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).flexible(true).from_reader(text.as_bytes());
        let header = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                return Err(vec![HouseholdError {
                    line: 1,
                    column: None,
                    problem: HouseholdProblem::Malformed(e.to_string()),
                }])
            }
        };
        let mut expected: Vec<String> =
            ["household_id", "commune_code", "area", "members", "income_per_capita_month"].map(String::from).to_vec();
        expected.extend(standard.indicators.iter().map(|i| format!("d_{}", i.key)));
        expected.push("causes".into());
        if let Some(missing) = expected.iter().find(|c| !header.iter().any(|h| h == c.as_str())) {
            return Err(vec![HouseholdError {
                line: 1,
                column: Some(missing.clone()),
                problem: HouseholdProblem::MissingColumn,
            }]);
        }
        let col = |name: &str| header.iter().position(|h| h == name).unwrap_or(0);
        let (c_id, c_commune, c_area, c_members, c_income, c_causes) = (
            col("household_id"),
            col("commune_code"),
            col("area"),
            col("members"),
            col("income_per_capita_month"),
            col("causes"),
        );
        let c_flags: Vec<usize> = standard.indicators.iter().map(|i| col(&format!("d_{}", i.key))).collect();
        // Optional columns: a file without them has no escaped or social-protection households.
        let optional = |name: &str| header.iter().position(|h| h == name);
        let (c_escaped, c_social) = (optional("escaped_last_year"), optional("social_protection"));
        let recorded = c_escaped.map_or(0, |_| flag::ESCAPED) | c_social.map_or(0, |_| flag::SOCIAL_PROTECTION);
        let mut out = Households { ids: Some(Vec::new()), recorded, ..Households::default() };
        let mut errors = Vec::new();
        // The line of each row kept, for the duplicate ids found once all are read.
        let mut kept_lines: Vec<u64> = Vec::new();
        let (mut known, mut unknown) = (0usize, None::<u32>);
        // Once the error list is full, the rest of the file is only looked at for one commune of
        // the province, so that "another province" is said only of a file that has none.
        let mut full = false;
        // Ids and lines of rows not kept (other problems), for the duplicate check.
        let mut other_ids: Vec<(Box<str>, u64)> = Vec::new();
        for record in reader.records() {
            if full {
                let ours = record
                    .ok()
                    .and_then(|r| r.get(c_commune).and_then(|c| c.parse::<u32>().ok()))
                    .is_some_and(|code| dataset.commune_position(crate::dataset::CommuneCode(code)).is_some());
                if ours {
                    known += 1;
                    break;
                }
                continue;
            }
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    errors.push(HouseholdError {
                        line,
                        column: None,
                        problem: HouseholdProblem::Malformed(e.to_string()),
                    });
                    continue;
                }
            };
            let line = record.position().map_or(0, |p| p.line());
            if record.len() != header.len() {
                errors.push(HouseholdError {
                    line,
                    column: None,
                    problem: HouseholdProblem::WrongFieldCount { expected: header.len(), found: record.len() },
                });
                continue;
            }
            let cell = |i: usize| record.get(i).unwrap_or("");
            let mut fail = |i: usize, problem| {
                errors.push(HouseholdError { line, column: Some(header.get(i).unwrap_or("").to_owned()), problem });
            };
            let id = cell(c_id);
            if id.is_empty() {
                fail(c_id, HouseholdProblem::Empty);
            }
            let commune = match cell(c_commune).parse::<u32>() {
                Ok(code) => match dataset.commune_position(crate::dataset::CommuneCode(code)) {
                    Some(i) => {
                        known += 1;
                        Some(i as u16)
                    }
                    None => {
                        unknown.get_or_insert(code);
                        fail(c_commune, HouseholdProblem::UnknownCommune(code));
                        None
                    }
                },
                Err(_) => {
                    fail(c_commune, HouseholdProblem::NotAWholeNumber(cell(c_commune).to_owned()));
                    None
                }
            };
            let urban = match cell(c_area) {
                "rural" => false,
                "urban" => true,
                other => {
                    fail(c_area, HouseholdProblem::BadArea(other.to_owned()));
                    false
                }
            };
            let members = match cell(c_members).parse::<u8>() {
                Ok(m) if m >= 1 => m,
                _ => {
                    fail(c_members, HouseholdProblem::BadMembers(cell(c_members).to_owned()));
                    1
                }
            };
            let income = cell(c_income).parse::<u32>().unwrap_or_else(|_| {
                fail(c_income, HouseholdProblem::NotAWholeNumber(cell(c_income).to_owned()));
                0
            });
            let mut deprivations = 0u16;
            for (bit, &c) in c_flags.iter().enumerate() {
                match cell(c) {
                    "0" => {}
                    "1" => deprivations |= 1 << bit,
                    other => fail(c, HouseholdProblem::BadFlag(other.to_owned())),
                }
            }
            let mut extra = 0u8;
            for (column, bit) in [(c_escaped, flag::ESCAPED), (c_social, flag::SOCIAL_PROTECTION)] {
                let Some(c) = column else { continue };
                match cell(c) {
                    "" | "0" => {}
                    "1" => extra |= bit,
                    other => fail(c, HouseholdProblem::BadFlag(other.to_owned())),
                }
            }
            let mut causes = 0u16;
            for word in cell(c_causes).split(';').map(str::trim).filter(|w| !w.is_empty()) {
                match Cause::ALL.iter().find(|c| c.key() == word) {
                    Some(c) => causes |= c.bit(),
                    None => fail(c_causes, HouseholdProblem::UnknownCause(word.to_owned())),
                }
            }
            if let Some(commune) = commune {
                out.push(commune, members, income, deprivations, causes, extra | if urban { flag::URBAN } else { 0 });
                if let Some(ids) = out.ids.as_mut() {
                    ids.push(id.into());
                }
                kept_lines.push(line);
            } else if !id.is_empty() {
                other_ids.push((id.into(), line));
            }
            if errors.len() >= MAX_ERRORS {
                if known > 0 {
                    break;
                }
                full = true;
            }
        }
        if let (0, Some(code)) = (known, unknown) {
            // Not one commune of the province: the file is for another one. Said once.
            return Err(vec![HouseholdError {
                line: 2,
                column: Some("commune_code".into()),
                problem: HouseholdProblem::OtherProvince {
                    province: dataset.province_name().to_owned(),
                    example: code,
                },
            }]);
        }
        // Duplicate ids, each at its second (and later) line: the ids are borrowed, not copied.
        let mut seen = std::collections::HashSet::with_capacity(out.len() + other_ids.len());
        let kept = out.ids.iter().flatten().map(|i| &**i).zip(kept_lines.iter().copied());
        let rows: Box<dyn Iterator<Item = (&str, u64)>> = if other_ids.is_empty() {
            Box::new(kept)
        } else {
            let mut rows: Vec<(&str, u64)> = kept.chain(other_ids.iter().map(|(i, l)| (&**i, *l))).collect();
            rows.sort_by_key(|&(_, line)| line);
            Box::new(rows.into_iter())
        };
        for (id, line) in rows {
            if errors.len() >= MAX_ERRORS {
                break;
            }
            if !id.is_empty() && !seen.insert(id) {
                errors.push(HouseholdError {
                    line,
                    column: Some(header.get(c_id).unwrap_or("").to_owned()),
                    problem: HouseholdProblem::DuplicateId(id.to_string()),
                });
            }
        }
        drop(seen);
        errors.sort_by_key(|e| e.line);
        if out.is_empty() && errors.is_empty() {
            errors.push(HouseholdError { line: 2, column: None, problem: HouseholdProblem::NoHouseholds });
        }
        if !errors.is_empty() {
            errors.truncate(MAX_ERRORS);
            return Err(errors);
        }
        Ok(out.finish())
    }
}

pub(crate) fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn permute<T: Copy>(column: &[T], order: &[u32]) -> Vec<T> {
    order.iter().map(|&i| column[i as usize]).collect()
}

/// One commune's households by class under a standard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassCounts {
    /// The commune.
    pub commune: crate::dataset::CommuneCode,
    /// Households in the file for it.
    pub households: u64,
    /// Poor by income.
    pub poor_income: u64,
    /// Poor by deprivations.
    pub poor_multidimensional: u64,
    /// Near-poor.
    pub near_poor: u64,
}

/// Classifies every household (no interventions) and counts per commune, in GSO order; only
/// communes with households are listed.
#[must_use]
pub fn classify(dataset: &Dataset, standard: &PovertyStandard, households: &Households) -> Vec<ClassCounts> {
    crate::review::tally(households, dataset, standard)
        .iter()
        .zip(dataset.communes())
        .filter(|(t, _)| t.households > 0)
        .map(|(t, c)| ClassCounts {
            commune: c.code,
            households: t.households,
            poor_income: t.poor_income,
            poor_multidimensional: t.poor_multidimensional,
            near_poor: t.near_poor,
        })
        .collect()
}

/// Most errors listed for one file.
pub const MAX_ERRORS: usize = 100;

/// What is wrong in a household file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HouseholdProblem {
    /// Not readable as CSV.
    Malformed(String),
    /// A required column is missing from the header.
    MissingColumn,
    /// A row with another number of fields than the header.
    WrongFieldCount {
        /// Fields in the header.
        expected: usize,
        /// Fields in the row.
        found: usize,
    },
    /// An empty cell where a value is required.
    Empty,
    /// The same household id twice.
    DuplicateId(String),
    /// A commune code the dataset does not have.
    UnknownCommune(u32),
    /// Not a whole number of zero or more.
    NotAWholeNumber(String),
    /// An area other than rural or urban.
    BadArea(String),
    /// Members not a whole number from 1 to 255.
    BadMembers(String),
    /// A deprivation flag other than 0 or 1.
    BadFlag(String),
    /// A cause not in the list.
    UnknownCause(String),
    /// No household rows at all.
    NoHouseholds,
    /// Not one commune code of the file is the province's.
    OtherProvince {
        /// The dataset's province.
        province: String,
        /// The file's first commune code.
        example: u32,
    },
}

/// A problem at a line (and column) of a household file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdError {
    /// 1-based line.
    pub line: u64,
    /// Column name, when the problem is in one cell.
    pub column: Option<String>,
    /// What is wrong.
    pub problem: HouseholdProblem,
}

impl HouseholdError {
    /// The message in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        use HouseholdProblem as P;
        let what = match &self.problem {
            P::Malformed(e) if vi => format!("không đọc được CSV ({e})"),
            P::Malformed(e) => format!("not readable as CSV ({e})"),
            P::MissingColumn if vi => "thiếu cột này ở dòng tiêu đề".into(),
            P::MissingColumn => "this column is missing from the header".into(),
            P::WrongFieldCount { expected, found } if vi => format!("có {found} ô, cần {expected}"),
            P::WrongFieldCount { expected, found } => format!("{found} fields where the header has {expected}"),
            P::Empty if vi => "ô để trống".into(),
            P::Empty => "empty".into(),
            P::DuplicateId(id) if vi => format!("mã hộ “{id}” bị trùng"),
            P::DuplicateId(id) => format!("household id “{id}” appears twice"),
            P::UnknownCommune(c) if vi => format!("không có xã mã {c}"),
            P::UnknownCommune(c) => format!("there is no commune with code {c}"),
            P::NotAWholeNumber(v) if vi => format!("“{v}” không phải số nguyên không âm"),
            P::NotAWholeNumber(v) => format!("“{v}” is not a whole number of zero or more"),
            P::BadArea(v) if vi => format!("“{v}” phải là rural hoặc urban"),
            P::BadArea(v) => format!("“{v}” must be rural or urban"),
            P::BadMembers(v) if vi => format!("số nhân khẩu “{v}” phải từ 1 đến 255"),
            P::BadMembers(v) => format!("members “{v}” must be a whole number from 1 to 255"),
            P::BadFlag(v) if vi => format!("“{v}” phải là 0 hoặc 1"),
            P::BadFlag(v) => format!("“{v}” must be 0 or 1"),
            P::UnknownCause(v) if vi => {
                format!("nguyên nhân “{v}” không có trong danh sách ({})", Cause::ALL.map(Cause::key).join(", "))
            }
            P::UnknownCause(v) => format!("cause “{v}” is not one of {}", Cause::ALL.map(Cause::key).join(", ")),
            P::NoHouseholds if vi => "tệp không có hộ nào".into(),
            P::NoHouseholds => "the file has no households".into(),
            P::OtherProvince { province, example } if vi => format!(
                "tệp không phải của tỉnh {province}: không mã xã nào trong tệp thuộc tỉnh (mã đầu tiên: {example}); không có gì được áp dụng"
            ),
            P::OtherProvince { province, example } => format!(
                "the file is not for {province}: none of its commune codes is in the province (first: {example}); nothing was applied"
            ),
        };
        match (&self.column, vi) {
            (Some(c), true) => format!("dòng {}, cột {c}: {what}", self.line),
            (Some(c), false) => format!("line {}, column {c}: {what}", self.line),
            (None, true) => format!("dòng {}: {what}", self.line),
            (None, false) => format!("line {}: {what}", self.line),
        }
    }
}

impl fmt::Display for HouseholdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}
