//! A scenario: the year's sources, programs, allocation lines, overrides and seed, as a
//! versioned JSON file (`docs/scenario.md` describes every field).

use crate::dataset::{CommuneCode, Dataset};
use crate::format::Lang;
use crate::funding::{Source, SourceKind};
use crate::line::{Line, Override, Rule};
use crate::money::{Dong, MAX_AMOUNT};
use crate::program::Program;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;

/// The scenario format this engine writes. Version 1 files (one year, before `later`) still
/// read: they are a one-year scenario.
pub const VERSION: u32 = 2;

/// The first year a scenario plans: the dataset's year.
pub const FIRST_YEAR: u16 = 2019;

/// The last year of the 2016–2020 program, the last a scenario can plan.
pub const LAST_YEAR: u16 = 2020;

/// A year after the first: its own envelope, lines and locks. Programs, parameters, credit
/// costs and the seed are the scenario's. A lending program's opening balance and borrowers
/// are the previous year's closing ones (`Scenario::year`); the file's are not read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearPlan {
    /// The calendar year.
    pub year: u16,
    /// Funding sources of the year.
    pub sources: Vec<Source>,
    /// Allocation lines of the year.
    pub lines: Vec<Line>,
    /// Locked commune amounts of the year.
    #[serde(default)]
    pub overrides: Vec<Override>,
}

/// Everything a user decides about the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Format version; always [`VERSION`] when written by this engine.
    pub version: u32,
    /// Identifier of the dataset the scenario is for.
    pub dataset: String,
    /// Seed of the random draws of the projection.
    pub seed: u64,
    /// Funding sources.
    pub sources: Vec<Source>,
    /// Programs (uses).
    pub programs: Vec<Program>,
    /// Allocation lines: a source's money for a program and how to spread it.
    pub lines: Vec<Line>,
    /// Locked commune amounts, with reasons.
    #[serde(default)]
    pub overrides: Vec<Override>,
    /// Parameters of the projection; the documented defaults when absent.
    #[serde(default)]
    pub simulation: crate::params::SimulationParams,
    /// What preferential credit costs the state; the documented defaults when absent.
    #[serde(default)]
    pub credit: crate::credit::CreditCosts,
    /// The years after [`FIRST_YEAR`], in order (none: a one-year scenario). The fields above
    /// are the first year's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub later: Vec<YearPlan>,
    /// Who helps each household of the household plan, where chosen by hand, by household id
    /// (`docs/household-plan.md`). Kept in files and the autosave; never in share links, which
    /// carry no household's data.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub helpers: crate::household_plan::Helpers,
}

/// Why a scenario file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScenarioProblem {
    /// Not JSON at all.
    NotJson(String),
    /// No `version` field, or not a whole number.
    MissingVersion,
    /// A version this engine does not know (made by a newer one).
    UnsupportedVersion(u64),
    /// A field of the wrong type, missing or unknown (serde's words).
    Invalid(String),
    /// An identifier used twice.
    DuplicateId(String),
    /// A household id of the helpers that is empty or longer than 64 characters.
    BadHouseholdId(String),
    /// A source id that no source has.
    UnknownSource(String),
    /// A program id that no program has.
    UnknownProgram(String),
    /// A commune code that the dataset does not have.
    UnknownCommune(u32),
    /// A scenario for another dataset.
    OtherDataset {
        /// The scenario's dataset.
        scenario: String,
        /// The loaded dataset.
        loaded: String,
    },
    /// An amount below zero or above 10^15 đồng.
    AmountOutOfRange(Dong),
    /// A weight below 0, above 1,000,000 or with more than 6 decimals.
    BadWeight(Decimal),
    /// A share outside 0–1.
    BadShare(Decimal),
    /// A later year out of sequence or past the program's end.
    BadYear {
        /// The year given.
        year: u16,
        /// The year expected there.
        expected: u16,
    },
    /// A year the scenario does not plan (asked for by `--year` or a link).
    UnknownYear {
        /// The year asked for.
        year: u16,
        /// The scenario's years.
        years: Vec<u16>,
    },
    /// A yearly rate below 0, above 30 % or with more than 6 decimals.
    BadRate(Decimal),
    /// More principal falling due than the loan book holds.
    CollectionsAboveOutstanding {
        /// Principal due.
        collections: Dong,
        /// Opening outstanding balance.
        outstanding: Dong,
    },
    /// A floor or cap that is not a whole number of rounding units.
    NotAMultipleOfRoundingUnit {
        /// The amount.
        amount: Dong,
        /// The rounding unit in đồng.
        unit: i64,
    },
    /// A floor above the cap.
    FloorAboveCap,
    /// A loan without loan terms, or a grant with them.
    LoanTermsMismatch,
    /// A demand rule without beneficiary groups.
    EmptyPriority,
    /// A planned rule's `commune` and `units` columns differ in length.
    PlanColumns {
        /// Communes named.
        communes: usize,
        /// Unit counts given.
        units: usize,
    },
    /// A planned rule names a commune twice or out of GSO order.
    PlanOrder(u32),
    /// Two lines with the same source and program.
    DuplicateLine,
    /// An override without a reason.
    EmptyReason,
    /// An override for a source and program with no line.
    OverrideWithoutLine,
    /// Two overrides for the same cell.
    DuplicateOverride,
    /// A number of draws outside 1–10,000.
    BadDraws(u32),
    /// A probability above 10,000 basis points.
    BadProbability(u32),
    /// An indicator key the poverty standard does not have.
    UnknownIndicator(String),
    /// A parameter outside its documented range (`docs/scenario.md`, SIMULATION).
    OutOfRange {
        /// The value given.
        value: i64,
        /// Least allowed.
        min: i64,
        /// Most allowed.
        max: i64,
        /// What the numbers count.
        unit: RangeUnit,
    },
    /// More entries in a list than the engine accepts.
    TooMany {
        /// How many there are.
        count: usize,
        /// How many are allowed.
        max: usize,
    },
    /// The amounts of a kind add up to more than 10^15 đồng (sources, lines or overrides).
    TotalTooLarge(Total),
    /// A program's full cost for every eligible unit of the dataset is above 10^15 đồng: its
    /// unit cost or units per beneficiary cannot be right.
    CostTooLarge,
    /// The shares of a program's co-funding lines add up to more than its state share.
    SharesAboveStateShare {
        /// The shares so far.
        shares: Decimal,
        /// The program's state share.
        state_share: Decimal,
    },
}

/// What the numbers of a range count, for the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeUnit {
    /// Basis points (1/100 of a percent).
    BasisPoints,
    /// Đồng per person per month.
    DongPerPersonMonth,
    /// Thousandths of a program unit per household.
    MilliUnits,
    /// Months.
    Months,
    /// Households.
    Households,
}

impl RangeUnit {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::BasisPoints => lang.pick("điểm cơ bản (1/100 của 1 %)", "basis points (1/100 of 1 %)"),
            Self::DongPerPersonMonth => lang.pick("đ/người/tháng", "₫ per person per month"),
            Self::MilliUnits => lang.pick("phần nghìn đơn vị mỗi hộ", "thousandths of a unit per household"),
            Self::Months => lang.pick("tháng", "months"),
            Self::Households => lang.pick("hộ", "households"),
        }
    }
}

/// Which amounts add up to too much.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    /// The sources' amounts.
    Sources,
    /// The lines' amounts.
    Lines,
    /// The overrides' amounts.
    Overrides,
}

/// A scenario problem and the field it is in (`lines[3].rule.floor`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    /// Path of the field, `.` for the whole file.
    pub path: String,
    /// What is wrong.
    pub problem: ScenarioProblem,
}

impl ScenarioError {
    fn at(path: impl Into<String>, problem: ScenarioProblem) -> Self {
        Self { path: path.into(), problem }
    }

    /// The message in `lang`, naming the field.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        let amount = |d: &Dong| d.format(lang);
        use ScenarioProblem as P;
        let what = match &self.problem {
            P::NotJson(e) if vi => format!("tệp không phải JSON hợp lệ ({e})"),
            P::NotJson(e) => format!("not valid JSON ({e})"),
            P::MissingVersion if vi => "thiếu trường “version” (số nguyên)".into(),
            P::MissingVersion => "the “version” field (a whole number) is missing".into(),
            P::UnsupportedVersion(v) if vi => {
                format!("phiên bản {v} chưa được hỗ trợ (phiên bản này đọc đến phiên bản {VERSION}); hãy cập nhật GNBV Planner")
            }
            P::UnsupportedVersion(v) => {
                format!("version {v} is not supported (this version reads versions up to {VERSION}); update GNBV Planner")
            }
            P::Invalid(e) if vi => format!("giá trị không hợp lệ ({e})"),
            P::Invalid(e) => format!("invalid value ({e})"),
            P::DuplicateId(id) if vi => format!("mã “{id}” bị trùng"),
            P::DuplicateId(id) => format!("id “{id}” is used twice"),
            P::BadHouseholdId(id) if vi => format!("mã hộ “{id}” phải có từ 1 đến 64 ký tự"),
            P::BadHouseholdId(id) => format!("the household id “{id}” must have 1 to 64 characters"),
            P::UnknownSource(id) if vi => format!("không có nguồn vốn “{id}”"),
            P::UnknownSource(id) => format!("there is no source “{id}”"),
            P::UnknownProgram(id) if vi => format!("không có chương trình “{id}”"),
            P::UnknownProgram(id) => format!("there is no program “{id}”"),
            P::UnknownCommune(c) if vi => format!("không có xã mã {c:05} trong bộ dữ liệu"),
            P::UnknownCommune(c) => format!("the dataset has no commune {c:05}"),
            P::OtherDataset { scenario, loaded } if vi => {
                format!("kịch bản dành cho bộ dữ liệu “{scenario}”, không phải “{loaded}”")
            }
            P::OtherDataset { scenario, loaded } => format!("the scenario is for dataset “{scenario}”, not “{loaded}”"),
            P::AmountOutOfRange(d) if vi => format!("số tiền {} phải từ 0 đến 10^15 đ", amount(d)),
            P::AmountOutOfRange(d) => format!("the amount {} must be between 0 and 10^15 ₫", amount(d)),
            P::BadWeight(w) if vi => format!("trọng số {w} phải từ 0 đến 1.000.000, tối đa 6 chữ số thập phân"),
            P::BadWeight(w) => format!("the weight {w} must be between 0 and 1,000,000 with at most 6 decimals"),
            P::BadShare(s) if vi => format!("tỷ lệ {s} phải từ 0 đến 1"),
            P::BadShare(s) => format!("the share {s} must be between 0 and 1"),
            P::BadYear { year, expected } if vi => format!(
                "năm {year} không đúng chỗ: ở đây phải là năm {expected} (các năm liên tiếp từ {FIRST_YEAR} đến {LAST_YEAR}, năm cuối của chương trình)"
            ),
            P::BadYear { year, expected } => format!(
                "the year {year} is out of place: {expected} belongs here (consecutive years from {FIRST_YEAR} to {LAST_YEAR}, the program's last)"
            ),
            P::UnknownYear { year, years } => {
                let list = years.iter().map(u16::to_string).collect::<Vec<_>>().join(", ");
                if vi {
                    format!("kịch bản không có năm {year} (các năm của kịch bản: {list})")
                } else {
                    format!("the scenario does not plan {year} (its years: {list})")
                }
            }
            P::BadRate(r) if vi => format!(
                "lãi suất, tỷ lệ {} một năm phải từ 0 đến 30% và có tối đa 6 chữ số thập phân (viết 0,066 cho 6,6%)",
                r.normalize()
            ),
            P::BadRate(r) => format!(
                "the yearly rate {} must be between 0 and 30 % with at most 6 decimals (write 0.066 for 6.6 %)",
                r.normalize()
            ),
            P::CollectionsAboveOutstanding { collections, outstanding } if vi => format!(
                "nợ đến hạn trong năm ({}) vượt dư nợ đầu năm ({})",
                collections.format(lang),
                outstanding.format(lang)
            ),
            P::CollectionsAboveOutstanding { collections, outstanding } => format!(
                "principal due in the year ({}) exceeds the opening outstanding balance ({})",
                collections.format(lang),
                outstanding.format(lang)
            ),
            P::NotAMultipleOfRoundingUnit { amount: a, unit } if vi => {
                format!("{} không phải bội số của đơn vị làm tròn {unit} đ", amount(a))
            }
            P::NotAMultipleOfRoundingUnit { amount: a, unit } => {
                format!("{} is not a multiple of the rounding unit {unit} ₫", amount(a))
            }
            P::FloorAboveCap if vi => "mức tối thiểu lớn hơn mức tối đa".into(),
            P::FloorAboveCap => "the floor is above the cap".into(),
            P::LoanTermsMismatch if vi => "nguồn vay phải có điều kiện vay (loan), nguồn cấp phát thì không".into(),
            P::LoanTermsMismatch => "a loan source needs loan terms and a grant must have none".into(),
            P::EmptyPriority if vi => "quy tắc theo nhu cầu cần ít nhất một nhóm đối tượng".into(),
            P::EmptyPriority => "a demand rule needs at least one beneficiary group".into(),
            P::PlanColumns { communes, units } if vi => {
                format!("phương án nêu {communes} xã nhưng {units} số đơn vị; hai cột phải dài bằng nhau")
            }
            P::PlanColumns { communes, units } => {
                format!("the plan names {communes} communes but gives {units} unit counts; the columns must be as long")
            }
            P::PlanOrder(code) if vi => format!("xã {code} được nêu hai lần hoặc không theo thứ tự mã"),
            P::PlanOrder(code) => format!("commune {code} is named twice or out of code order"),
            P::DuplicateLine if vi => "đã có dòng phân bổ khác cho cùng nguồn và chương trình".into(),
            P::DuplicateLine => "another line has the same source and program".into(),
            P::EmptyReason if vi => "số cố định cần ghi lý do".into(),
            P::EmptyReason => "an override needs a reason".into(),
            P::OverrideWithoutLine if vi => "không có dòng phân bổ nào cho nguồn và chương trình này".into(),
            P::OverrideWithoutLine => "no allocation line has this source and program".into(),
            P::DuplicateOverride if vi => "ô này đã có số cố định khác".into(),
            P::DuplicateOverride => "this cell already has an override".into(),
            P::BadDraws(n) if vi => format!("số lần mô phỏng {n} phải từ 1 đến 10.000"),
            P::BadDraws(n) => format!("{n} draws: must be from 1 to 10,000"),
            P::BadProbability(p) if vi => format!("xác suất {p} điểm cơ bản vượt 10.000 (100 %)"),
            P::BadProbability(p) => format!("probability {p} basis points is above 10,000 (100 %)"),
            P::UnknownIndicator(k) if vi => format!("chuẩn nghèo không có chỉ số “{k}”"),
            P::UnknownIndicator(k) => format!("the poverty standard has no indicator “{k}”"),
            P::OutOfRange { value, min, max, unit } => {
                let n = |v: &i64| crate::format::group(i128::from(*v), lang);
                lang.pick(
                    format!("giá trị {} nằm ngoài khoảng cho phép {} đến {} {}", n(value), n(min), n(max), unit.label(lang)),
                    format!("{} is outside the allowed range {} to {} {}", n(value), n(min), n(max), unit.label(lang)),
                )
            }
            P::TooMany { count, max } => lang.pick(
                format!("{count} mục, nhiều hơn mức tối đa {max}"),
                format!("{count} entries, more than the maximum of {max}"),
            ),
            P::TotalTooLarge(total) => {
                let (vi, en) = match total {
                    Total::Sources => ("các nguồn vốn", "the sources"),
                    Total::Lines => ("các dòng phân bổ", "the allocation lines"),
                    Total::Overrides => ("các số cố định", "the overrides"),
                };
                lang.pick(
                    format!("tổng số tiền của {vi} vượt 10^15 đ (1 triệu tỷ đồng)"),
                    format!("the amounts of {en} add up to more than 10^15 ₫"),
                )
            }
            P::SharesAboveStateShare { shares, state_share } => lang.pick(
                format!("các dòng cùng chi trả chế độ này cộng lại {shares}, vượt tỷ lệ nhà nước hỗ trợ {state_share}"),
                format!("the co-funding lines' shares add up to {shares}, more than the state share {state_share}"),
            ),
            P::CostTooLarge => lang.pick(
                "chi phí cho mọi đối tượng trong bộ dữ liệu (đơn giá × số đơn vị) vượt 10^15 đ; kiểm tra đơn giá và số đơn vị mỗi đối tượng".into(),
                "the cost for every eligible unit of the dataset (unit cost × units) is above 10^15 ₫; check the unit cost and units per beneficiary".into(),
            ),
        };
        if self.path == "." {
            what
        } else if vi {
            format!("trường {}: {what}", self.path)
        } else {
            format!("field {}: {what}", self.path)
        }
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ScenarioError {}

impl Scenario {
    /// Reads a scenario file and validates it against `dataset`.
    ///
    /// # Errors
    /// The first problem, with the path of the field it is in: not JSON, a missing or
    /// unknown version, a wrong or missing field, or a failed check of [`Scenario::validate`].
    pub fn from_json(text: &str, dataset: &Dataset) -> Result<Self, ScenarioError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| ScenarioError::at(".", ScenarioProblem::NotJson(e.to_string())))?;
        match value.get("version").and_then(serde_json::Value::as_u64) {
            None => return Err(ScenarioError::at("version", ScenarioProblem::MissingVersion)),
            Some(v) if v == 0 || v > u64::from(VERSION) => {
                return Err(ScenarioError::at("version", ScenarioProblem::UnsupportedVersion(v)))
            }
            Some(_) => {}
        }
        let mut scenario: Scenario = serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            ScenarioError::at(path, ScenarioProblem::Invalid(e.into_inner().to_string()))
        })?;
        // Version 1 had no later years: the same fields read as a one-year scenario.
        scenario.version = VERSION;
        scenario.validate(dataset)?;
        Ok(scenario)
    }

    /// The years the scenario plans, first to last.
    #[must_use]
    pub fn years(&self) -> Vec<u16> {
        std::iter::once(FIRST_YEAR).chain(self.later.iter().map(|y| y.year)).collect()
    }

    /// The one-year scenario of `year`: the first year's fields, or a later year's envelope,
    /// lines and locks with the scenario's programs and parameters. A later year's lending
    /// programs open with the previous year's closing balance and borrowers (its allocation's
    /// credit plan); what falls due is derived from the balance and the average term.
    ///
    /// # Errors
    /// [`ScenarioProblem::UnknownYear`] for a year the scenario does not plan.
    pub fn year(&self, year: u16, dataset: &Dataset) -> Result<Scenario, ScenarioError> {
        let k = self.year_index(year)?;
        let mut view = self.first_year();
        for plan in &self.later[..k] {
            let allocation = crate::allocation::allocate(&view, dataset);
            let credit = crate::credit::CreditPlan::of(&view, &allocation, Lang::En);
            view = view.next_year(plan, &credit);
        }
        Ok(view)
    }

    /// Every year's one-year scenario with its allocation, first to last (each later one
    /// from the one before's credit plan): every year allocated once.
    #[must_use]
    pub fn all_years(&self, dataset: &Dataset) -> Vec<(u16, Scenario, crate::allocation::Allocation)> {
        let first = self.first_year();
        let allocation = crate::allocation::allocate(&first, dataset);
        let mut out = vec![(FIRST_YEAR, first, allocation)];
        for plan in &self.later {
            let (_, view, allocation) = &out[out.len() - 1];
            let credit = crate::credit::CreditPlan::of(view, allocation, Lang::En);
            let next = view.next_year(plan, &credit);
            let allocation = crate::allocation::allocate(&next, dataset);
            out.push((plan.year, next, allocation));
        }
        out
    }

    /// Whether the scenario plans `year`; else its first year: the year a screen can show.
    #[must_use]
    pub fn planned_or_first(&self, year: u16) -> u16 {
        if self.years().contains(&year) {
            year
        } else {
            FIRST_YEAR
        }
    }

    fn year_index(&self, year: u16) -> Result<usize, ScenarioError> {
        self.years()
            .iter()
            .position(|&y| y == year)
            .ok_or_else(|| ScenarioError::at("year", ScenarioProblem::UnknownYear { year, years: self.years() }))
    }

    /// The first year on its own (no later years).
    #[must_use]
    pub fn first_year(&self) -> Scenario {
        let mut view = self.clone();
        view.later.clear();
        view
    }

    /// The year after this one-year scenario: `plan`'s sources, lines and locks, its lending
    /// programs' books opening where `credit` (this year's plan) closes.
    fn next_year(&self, plan: &YearPlan, credit: &crate::credit::CreditPlan) -> Scenario {
        let mut next = self.clone();
        next.sources = plan.sources.clone();
        next.lines = plan.lines.clone();
        next.overrides = plan.overrides.clone();
        for s in &mut next.sources {
            let (Some(before), Some(terms)) = (credit.programs.iter().find(|p| p.source == s.id), s.loan.as_mut())
            else {
                continue;
            };
            let template = self.source(&s.id).and_then(|p| p.loan.as_ref()).and_then(|l| l.book.clone());
            let Some(mut book) = terms.book.clone().or(template) else { continue };
            if terms.book.is_none() {
                book.entrusted = Dong::ZERO;
            }
            book.opening_outstanding = before.closing.max(Dong::ZERO);
            book.opening_borrowers =
                u32::try_from(before.borrowers_closing).unwrap_or(u32::MAX).min(BORROWERS.1 as u32);
            book.collections_due = None;
            terms.book = Some(book);
        }
        next
    }

    /// Writes `view`, an edited one-year scenario of `year` (from [`Scenario::year`]), back:
    /// the year's envelope, lines and locks to the year, the programs, parameters and seed to
    /// the scenario. A later year keeps no opening balance of its own (it is derived).
    ///
    /// # Errors
    /// [`ScenarioProblem::UnknownYear`] for a year the scenario does not plan.
    pub fn set_year(&mut self, year: u16, mut view: Scenario) -> Result<(), ScenarioError> {
        let k = self.year_index(year)?;
        let later = std::mem::take(&mut self.later);
        if k == 0 {
            *self = view;
            self.later = later;
            return Ok(());
        }
        let (sources, lines, overrides) =
            (std::mem::take(&mut view.sources), std::mem::take(&mut view.lines), std::mem::take(&mut view.overrides));
        let first =
            (std::mem::take(&mut self.sources), std::mem::take(&mut self.lines), std::mem::take(&mut self.overrides));
        *self = view;
        (self.sources, self.lines, self.overrides) = first;
        self.later = later;
        let plan = &mut self.later[k - 1];
        plan.sources = sources.into_iter().map(derived_book_cleared).collect();
        plan.lines = lines;
        plan.overrides = overrides;
        Ok(())
    }

    /// Adds the year after the last (up to [`LAST_YEAR`]) repeating the last year's plan: the
    /// same grants and lines; each lending program lends again what it lent, its new central
    /// capital being that less what its book brings back and the capital entrusted (never
    /// below zero). Every amount of the added year is marked illustrative. Returns the year,
    /// or `None` when the scenario already reaches the program's end.
    pub fn add_year(&mut self, dataset: &Dataset) -> Option<u16> {
        let (last_year, last, allocation) = self.all_years(dataset).pop()?;
        if last_year >= LAST_YEAR {
            return None;
        }
        let year = last_year + 1;
        let credit = crate::credit::CreditPlan::of(&last, &allocation, Lang::En);
        let mut plan =
            YearPlan { year, sources: last.sources.clone(), lines: last.lines.clone(), overrides: Vec::new() };
        let next = last.next_year(&plan, &credit);
        for s in &mut plan.sources {
            if let Some(p) = credit.programs.iter().find(|p| p.source == s.id) {
                if let Some(rolled) = next.source(&s.id) {
                    s.amount = (p.disbursed - rolled.collected() - rolled.entrusted()).max(Dong::ZERO);
                }
            }
            s.amount_confidence = Some(crate::provenance::Confidence::RecalledLow);
            s.note = s.note.with_addendum(
                &format!("; {year}: the {last_year} amount repeated as an illustration (no {year} plan figures are in the sources)"),
                &format!("; năm {year}: nhắc lại số năm {last_year} để minh họa (nguồn tham khảo không có số kế hoạch năm {year})"),
            );
        }
        plan.sources = plan.sources.into_iter().map(derived_book_cleared).collect();
        self.later.push(plan);
        Some(year)
    }

    /// Removes the last year (the first year stays). Returns it, if there was one to remove.
    pub fn remove_last_year(&mut self) -> Option<u16> {
        self.later.pop().map(|p| p.year)
    }

    /// The source with this id.
    #[must_use]
    pub fn source(&self, id: &crate::funding::SourceId) -> Option<&Source> {
        self.sources.iter().find(|s| &s.id == id)
    }

    /// The program with this id.
    #[must_use]
    pub fn program(&self, id: &crate::program::ProgramId) -> Option<&Program> {
        self.programs.iter().find(|p| &p.id == id)
    }

    /// The index of the line of `source` for `program` (a scenario has at most one).
    #[must_use]
    pub fn line_of(&self, source: &crate::funding::SourceId, program: &crate::program::ProgramId) -> Option<usize> {
        self.lines.iter().position(|l| &l.source == source && &l.program == program)
    }

    /// What the locked cells of the line of `source` for `program` add up to.
    #[must_use]
    pub fn locked_sum(&self, source: &crate::funding::SourceId, program: &crate::program::ProgramId) -> Dong {
        self.overrides.iter().filter(|o| &o.source == source && &o.program == program).map(|o| o.amount).sum()
    }

    /// The lines of `program`, with their index in `lines`, in order.
    pub fn lines_of<'a>(
        &'a self,
        program: &'a crate::program::ProgramId,
    ) -> impl Iterator<Item = (usize, &'a Line)> + 'a {
        self.lines.iter().enumerate().filter(move |(_, l)| &l.program == program)
    }

    /// The whole envelope: what every source can give its lines, grants' amounts and loans'
    /// lending capacity alike. Within a validated scenario the sum cannot overflow (it is
    /// checked at 10^15 đồng).
    #[must_use]
    pub fn envelope(&self) -> Dong {
        self.sources.iter().map(crate::funding::Source::available).sum()
    }

    /// The envelope of one kind of source (grants, or loans' lending capacity).
    #[must_use]
    pub fn envelope_of(&self, kind: SourceKind) -> Dong {
        self.sources.iter().filter(|s| s.kind == kind).map(crate::funding::Source::available).sum()
    }

    /// Locks `amount` for `commune` on line `line` with `reason`, replacing any lock of that
    /// cell. Returns `false` (and changes nothing) for a line that does not exist. The caller
    /// validates the result (an empty reason or an unknown commune is refused there).
    pub fn lock(&mut self, line: usize, commune: CommuneCode, amount: Dong, reason: &str) -> bool {
        let Some(l) = self.lines.get(line) else { return false };
        let (source, program) = (l.source.clone(), l.program.clone());
        self.unlock(line, commune);
        self.overrides.push(Override { source, program, commune, amount, reason: reason.trim().to_owned() });
        true
    }

    /// Removes the lock of `commune` on line `line`, if any.
    pub fn unlock(&mut self, line: usize, commune: CommuneCode) {
        let Some(l) = self.lines.get(line) else { return };
        let (source, program) = (l.source.clone(), l.program.clone());
        self.overrides.retain(|o| !(o.source == source && o.program == program && o.commune == commune));
    }

    /// The share of each unit's cost paid by the co-funding lines of `line`'s program before it
    /// (0 for the first, and for any line that is not an [`Rule::EntitlementShare`]).
    #[must_use]
    pub fn share_before(&self, line: usize) -> Decimal {
        let Some(l) = self.lines.get(line) else { return Decimal::ZERO };
        self.lines[..line]
            .iter()
            .filter(|x| x.program == l.program)
            .filter_map(|x| match &x.rule {
                Rule::EntitlementShare(e) => Some(e.share),
                _ => None,
            })
            .sum()
    }

    /// Whether `line` co-funds units another line of its program already counts (an
    /// [`Rule::EntitlementShare`] after the first): its units are not counted again.
    #[must_use]
    pub fn counts_units_again(&self, line: usize) -> bool {
        self.lines.get(line).is_some_and(|l| matches!(l.rule, Rule::EntitlementShare(_)))
            && !self.share_before(line).is_zero()
    }

    /// The scenario as pretty JSON.
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a scenario always serializes")
    }

    /// Checks everything the types cannot: ids unique and resolvable, amounts in range,
    /// weights and shares sensible, floors and caps consistent, overrides on existing lines.
    ///
    /// # Errors
    /// The first problem found, with the path of the field.
    pub fn validate(&self, dataset: &Dataset) -> Result<(), ScenarioError> {
        self.validate_year(dataset)?;
        if let Some(id) = self.helpers.keys().find(|id| id.trim().is_empty() || id.chars().count() > 64) {
            return Err(ScenarioError::at(format!("helpers.{id}"), ScenarioProblem::BadHouseholdId(id.clone())));
        }
        for (i, plan) in self.later.iter().enumerate() {
            let expected = FIRST_YEAR + 1 + i as u16;
            if plan.year != expected || plan.year > LAST_YEAR {
                let expected = expected.min(LAST_YEAR + 1);
                return Err(ScenarioError::at(
                    format!("later[{i}].year"),
                    ScenarioProblem::BadYear { year: plan.year, expected },
                ));
            }
            let mut view = self.clone();
            view.later.clear();
            view.sources = plan.sources.clone();
            view.lines = plan.lines.clone();
            view.overrides = plan.overrides.clone();
            view.validate_year(dataset).map_err(|e| ScenarioError::at(format!("later[{i}].{}", e.path), e.problem))?;
        }
        Ok(())
    }

    /// [`Scenario::validate`] of the first year's fields.
    fn validate_year(&self, dataset: &Dataset) -> Result<(), ScenarioError> {
        use ScenarioProblem as P;
        if self.dataset != dataset.id() {
            return Err(ScenarioError::at(
                "dataset",
                P::OtherDataset { scenario: self.dataset.clone(), loaded: dataset.id().to_owned() },
            ));
        }
        let mut ids = HashSet::new();
        for (i, s) in self.sources.iter().enumerate() {
            let at = |f: &str| format!("sources[{i}].{f}");
            if !ids.insert(&s.id.0) {
                return Err(ScenarioError::at(at("id"), P::DuplicateId(s.id.0.clone())));
            }
            check_amount(s.amount, &at("amount"))?;
            if (s.kind == SourceKind::Loan) != s.loan.is_some() {
                return Err(ScenarioError::at(at("loan"), P::LoanTermsMismatch));
            }
            if let Some(loan) = &s.loan {
                check_amount(loan.cap_per_household, &at("loan.cap_per_household"))?;
                check_rate(loan.interest_rate_per_year, &at("loan.interest_rate_per_year"))?;
                check_range(i64::from(loan.term_months), LOAN_TERM_MONTHS, RangeUnit::Months, &at("loan.term_months"))?;
                if let Some(book) = &loan.book {
                    check_book(book, &|f| at(&format!("loan.book.{f}")))?;
                }
            }
        }
        check_total(self.sources.iter().map(|s| s.amount), "sources", Total::Sources)?;
        check_total(
            self.sources.iter().flat_map(|s| [s.amount, s.collected(), s.entrusted()]),
            "sources",
            Total::Sources,
        )?;
        let c = &self.credit;
        check_rate(c.funding_cost_rate, "credit.funding_cost_rate")?;
        check_rate(c.entrusted_fee_rate, "credit.entrusted_fee_rate")?;
        check_rate(c.group_commission_rate, "credit.group_commission_rate")?;
        let mut program_ids = HashSet::new();
        for (i, p) in self.programs.iter().enumerate() {
            let at = |f: &str| format!("programs[{i}].{f}");
            if !program_ids.insert(&p.id) {
                return Err(ScenarioError::at(at("id"), P::DuplicateId(p.id.0.clone())));
            }
            check_amount(p.unit_cost, &at("unit_cost"))?;
            check_share(p.state_share, &at("state_share"))?;
            check_weight(p.units_per_beneficiary, &at("units_per_beneficiary"))?;
            // Every cost the engine derives from a program (legal cost, households' share,
            // demand) is at most its unit cost × all its units in the dataset: bounding that
            // keeps every sum of them far inside an i64.
            let units: u128 = dataset.communes().iter().map(|c| u128::from(p.units_in(c))).sum();
            if units.saturating_mul(p.unit_cost.get().unsigned_abs().into()) > MAX_AMOUNT.get().unsigned_abs().into() {
                return Err(ScenarioError::at(at("unit_cost"), P::CostTooLarge));
            }
        }
        for (i, s) in self.sources.iter().enumerate() {
            if let Some(j) = s.uses.iter().position(|u| !program_ids.contains(u)) {
                return Err(ScenarioError::at(
                    format!("sources[{i}].uses[{j}]"),
                    P::UnknownProgram(s.uses[j].0.clone()),
                ));
            }
        }
        let mut lines = HashSet::new();
        for (i, line) in self.lines.iter().enumerate() {
            let at = |f: &str| format!("lines[{i}].{f}");
            if !self.sources.iter().any(|s| s.id == line.source) {
                return Err(ScenarioError::at(at("source"), P::UnknownSource(line.source.0.clone())));
            }
            if !program_ids.contains(&line.program) {
                return Err(ScenarioError::at(at("program"), P::UnknownProgram(line.program.0.clone())));
            }
            if !lines.insert((&line.source, &line.program)) {
                return Err(ScenarioError::at(at("program"), P::DuplicateLine));
            }
            check_amount(line.amount, &at("amount"))?;
            match &line.rule {
                Rule::Criteria(c) => {
                    let w = &c.weights;
                    for (name, v) in
                        [("poor", w.poor), ("near_poor", w.near_poor), ("escaped", w.escaped), ("base", w.base)]
                    {
                        check_weight(v, &at(&format!("rule.criteria.weights.{name}")))?;
                    }
                    for (j, b) in c.bands.iter().enumerate() {
                        check_weight(b.min_rate_percent, &at(&format!("rule.criteria.bands[{j}].min_rate_percent")))?;
                        check_weight(b.bonus, &at(&format!("rule.criteria.bands[{j}].bonus")))?;
                    }
                    let unit = c.rounding_unit.dong();
                    check_amount(c.floor, &at("rule.criteria.floor"))?;
                    if c.floor.get() % unit != 0 {
                        return Err(ScenarioError::at(
                            at("rule.criteria.floor"),
                            P::NotAMultipleOfRoundingUnit { amount: c.floor, unit },
                        ));
                    }
                    if let Some(cap) = c.cap {
                        check_amount(cap, &at("rule.criteria.cap"))?;
                        if cap.get() % unit != 0 {
                            return Err(ScenarioError::at(
                                at("rule.criteria.cap"),
                                P::NotAMultipleOfRoundingUnit { amount: cap, unit },
                            ));
                        }
                        if c.floor > cap {
                            return Err(ScenarioError::at(at("rule.criteria.floor"), P::FloorAboveCap));
                        }
                    }
                }
                Rule::Demand(d) => {
                    if d.priority.is_empty() {
                        return Err(ScenarioError::at(at("rule.demand.priority"), P::EmptyPriority));
                    }
                    if let Some(cost) = d.unit_cost {
                        check_amount(cost, &at("rule.demand.unit_cost"))?;
                    }
                }
                Rule::EntitlementShare(e) => {
                    check_share(e.share, &at("rule.entitlement_share.share"))?;
                    let program = self.program(&line.program).map_or(Decimal::ZERO, |p| p.state_share);
                    let shares: Decimal = self.lines[..=i]
                        .iter()
                        .filter(|l| l.program == line.program)
                        .filter_map(|l| match &l.rule {
                            Rule::EntitlementShare(e) => Some(e.share),
                            _ => None,
                        })
                        .sum();
                    if shares > program {
                        return Err(ScenarioError::at(
                            at("rule.entitlement_share.share"),
                            P::SharesAboveStateShare { shares, state_share: program },
                        ));
                    }
                }
                Rule::Planned(plan) => {
                    if plan.commune.len() != plan.units.len() {
                        return Err(ScenarioError::at(
                            at("rule.planned.units"),
                            P::PlanColumns { communes: plan.commune.len(), units: plan.units.len() },
                        ));
                    }
                    for (k, code) in plan.commune.iter().enumerate() {
                        if dataset.commune(*code).is_none() {
                            return Err(ScenarioError::at(
                                at(&format!("rule.planned.commune[{k}]")),
                                P::UnknownCommune(code.0),
                            ));
                        }
                        if k > 0 && plan.commune[k - 1] >= *code {
                            return Err(ScenarioError::at(
                                at(&format!("rule.planned.commune[{k}]")),
                                P::PlanOrder(code.0),
                            ));
                        }
                    }
                    check_amount(plan.floor, &at("rule.planned.floor"))?;
                    if let Some(cap) = plan.cap {
                        check_amount(cap, &at("rule.planned.cap"))?;
                        if plan.floor > cap {
                            return Err(ScenarioError::at(at("rule.planned.floor"), P::FloorAboveCap));
                        }
                    }
                    let cost = self.program(&line.program).map_or(0, |p| p.unit_cost.get().unsigned_abs());
                    let total = plan.units.iter().fold(0u128, |t, &u| t.saturating_add(u128::from(u)));
                    if total.saturating_mul(u128::from(cost)) > u128::from(MAX_AMOUNT.get().unsigned_abs()) {
                        return Err(ScenarioError::at(at("rule.planned.units"), P::CostTooLarge));
                    }
                }
                Rule::Entitlement | Rule::ProvinceLevel => {}
            }
        }
        check_total(self.lines.iter().map(|l| l.amount), "lines", Total::Lines)?;
        self.validate_simulation()?;
        check_total(self.overrides.iter().map(|o| o.amount), "overrides", Total::Overrides)?;
        let mut cells = HashSet::new();
        for (i, o) in self.overrides.iter().enumerate() {
            let at = |f: &str| format!("overrides[{i}].{f}");
            if dataset.commune(o.commune).is_none() {
                return Err(ScenarioError::at(at("commune"), P::UnknownCommune(o.commune.0)));
            }
            check_amount(o.amount, &at("amount"))?;
            if o.reason.trim().is_empty() {
                return Err(ScenarioError::at(at("reason"), P::EmptyReason));
            }
            if !lines.contains(&(&o.source, &o.program)) {
                return Err(ScenarioError::at(at("program"), P::OverrideWithoutLine));
            }
            if !cells.insert((&o.source, &o.program, o.commune)) {
                return Err(ScenarioError::at(at("commune"), P::DuplicateOverride));
            }
        }
        Ok(())
    }

    /// Every simulation parameter against its documented range (`docs/scenario.md`): within
    /// these, a draw's integer arithmetic cannot overflow (tested at the corners).
    fn validate_simulation(&self) -> Result<(), ScenarioError> {
        use crate::params::{ranges as r, Consumption};
        use RangeUnit::{BasisPoints as Bp, DongPerPersonMonth as Dpm, MilliUnits};
        let sim = &self.simulation;
        if !(1..=10_000).contains(&sim.draws) {
            return Err(ScenarioError::at("simulation.draws", ScenarioProblem::BadDraws(sim.draws)));
        }
        for (field, p) in [
            ("simulation.shocks.probability_bp", sim.shocks.probability_bp),
            ("simulation.shocks.probability_escaped_bp", sim.shocks.probability_escaped_bp),
        ] {
            if p > 10_000 {
                return Err(ScenarioError::at(field, ScenarioProblem::BadProbability(p)));
            }
        }
        let t = &sim.access_targets;
        let checks: [(&str, i64, (i64, i64), RangeUnit); 10] = [
            ("simulation.income_growth.mean_bp", sim.income_growth.mean_bp.into(), r::GROWTH_MEAN_BP, Bp),
            ("simulation.income_growth.sd_bp", sim.income_growth.sd_bp.into(), r::GROWTH_SD_BP, Bp),
            ("simulation.shocks.loss.mean_bp", sim.shocks.loss.mean_bp.into(), r::LOSS_MEAN_BP, Bp),
            ("simulation.shocks.loss.sd_bp", sim.shocks.loss.sd_bp.into(), r::LOSS_SD_BP, Bp),
            ("simulation.ntm_threshold_bp", sim.ntm_threshold_bp.into(), r::SHARE_BP, Bp),
            ("simulation.access_targets.health_insurance_bp", t.health_insurance_bp.into(), r::SHARE_BP, Bp),
            ("simulation.access_targets.schooling_bp", t.schooling_bp.into(), r::SHARE_BP, Bp),
            ("simulation.access_targets.water_bp", t.water_bp.into(), r::SHARE_BP, Bp),
            ("simulation.access_targets.sanitation_bp", t.sanitation_bp.into(), r::SHARE_BP, Bp),
            ("simulation.access_targets.information_bp", t.information_bp.into(), r::SHARE_BP, Bp),
        ];
        for (field, value, range, unit) in checks {
            check_range(value, range, unit, field)?;
        }
        let c = &sim.credit;
        check_range(c.take_up_bp.into(), r::SHARE_BP, Bp, "simulation.credit.take_up_bp")?;
        check_range(c.labour_export_gain.mean.into(), r::GAIN_MEAN, Dpm, "simulation.credit.labour_export_gain.mean")?;
        check_range(c.labour_export_gain.sd.into(), r::GAIN_SD, Dpm, "simulation.credit.labour_export_gain.sd")?;
        check_range(c.months_abroad.into(), r::MONTHS, RangeUnit::Months, "simulation.credit.months_abroad")?;
        if sim.effects.len() > r::MAX_EFFECTS {
            return Err(ScenarioError::at(
                "simulation.effects",
                ScenarioProblem::TooMany { count: sim.effects.len(), max: r::MAX_EFFECTS },
            ));
        }
        let standard = crate::standard::PovertyStandard::qd59_2015();
        for (i, e) in sim.effects.iter().enumerate() {
            let at = |f: &str| format!("simulation.effects[{i}].{f}");
            if let Some(j) = e.removes.iter().position(|k| standard.indicator(k).is_none()) {
                return Err(ScenarioError::at(
                    format!("simulation.effects[{i}].removes[{j}]"),
                    ScenarioProblem::UnknownIndicator(e.removes[j].clone()),
                ));
            }
            if let Consumption::Milli(m) = e.consumption {
                check_range(m.into(), r::CONSUMPTION_MILLI, MilliUnits, &at("consumption.milli"))?;
            }
            if let Some(g) = &e.gain {
                check_range(g.mean.into(), r::GAIN_MEAN, Dpm, &at("gain.mean"))?;
                check_range(g.sd.into(), r::GAIN_SD, Dpm, &at("gain.sd"))?;
            }
        }
        Ok(())
    }
}

/// A later year's source as kept: a loan book's opening balance, borrowers and collections
/// are derived from the year before, so none are kept.
fn derived_book_cleared(mut source: Source) -> Source {
    if let Some(book) = source.loan.as_mut().and_then(|l| l.book.as_mut()) {
        book.opening_outstanding = Dong::ZERO;
        book.opening_borrowers = 0;
        book.collections_due = None;
    }
    source
}

/// Loan terms from one month to 50 years.
const LOAN_TERM_MONTHS: (i64, i64) = (1, 600);
/// A loan book's average term: one to thirty years (a book shorter than a year would fall due
/// more than once in it).
const BOOK_TERM_MONTHS: (i64, i64) = (12, 360);
/// Borrowing households of one lending program: up to ten million.
const BORROWERS: (i64, i64) = (0, 10_000_000);

fn check_range(value: i64, (min, max): (i64, i64), unit: RangeUnit, path: &str) -> Result<(), ScenarioError> {
    if value < min || value > max {
        return Err(ScenarioError::at(path, ScenarioProblem::OutOfRange { value, min, max, unit }));
    }
    Ok(())
}

fn check_total(amounts: impl Iterator<Item = Dong>, path: &str, total: Total) -> Result<(), ScenarioError> {
    // Each amount is already within 0..=10^15, so an i128 sum cannot overflow.
    let sum: i128 = amounts.map(|a| i128::from(a.get())).sum();
    if sum > i128::from(MAX_AMOUNT.get()) {
        return Err(ScenarioError::at(path, ScenarioProblem::TotalTooLarge(total)));
    }
    Ok(())
}

fn check_amount(amount: Dong, path: &str) -> Result<(), ScenarioError> {
    if amount < Dong::ZERO || amount > MAX_AMOUNT {
        return Err(ScenarioError::at(path, ScenarioProblem::AmountOutOfRange(amount)));
    }
    Ok(())
}

fn check_weight(w: Decimal, path: &str) -> Result<(), ScenarioError> {
    if w < Decimal::ZERO || w > Decimal::from(1_000_000) || w.normalize().scale() > 6 {
        return Err(ScenarioError::at(path, ScenarioProblem::BadWeight(w)));
    }
    Ok(())
}

/// A yearly rate: 0 to [`crate::credit::MAX_RATE`] (30 %), at most 6 decimals.
fn check_rate(r: Decimal, path: &str) -> Result<(), ScenarioError> {
    if r < Decimal::ZERO || r > crate::credit::MAX_RATE || r.scale() > 6 {
        return Err(ScenarioError::at(path, ScenarioProblem::BadRate(r)));
    }
    Ok(())
}

/// A loan book: amounts in range, terms and shares sensible, and no more falling due in the
/// year than is outstanding.
fn check_book(book: &crate::funding::LoanBook, at: &dyn Fn(&str) -> String) -> Result<(), ScenarioError> {
    check_amount(book.opening_outstanding, &at("opening_outstanding"))?;
    check_amount(book.entrusted, &at("entrusted"))?;
    check_range(i64::from(book.average_term_months), BOOK_TERM_MONTHS, RangeUnit::Months, &at("average_term_months"))?;
    check_range(
        i64::from(book.overdue_bp),
        crate::params::ranges::SHARE_BP,
        RangeUnit::BasisPoints,
        &at("overdue_bp"),
    )?;
    check_range(
        i64::from(book.write_off_bp),
        crate::params::ranges::SHARE_BP,
        RangeUnit::BasisPoints,
        &at("write_off_bp"),
    )?;
    check_range(i64::from(book.opening_borrowers), BORROWERS, RangeUnit::Households, &at("opening_borrowers"))?;
    if let Some(due) = book.collections_due {
        check_amount(due, &at("collections_due"))?;
        if due > book.opening_outstanding {
            return Err(ScenarioError::at(
                at("collections_due"),
                ScenarioProblem::CollectionsAboveOutstanding {
                    collections: due,
                    outstanding: book.opening_outstanding,
                },
            ));
        }
    }
    Ok(())
}

fn check_share(s: Decimal, path: &str) -> Result<(), ScenarioError> {
    if s < Decimal::ZERO || s > Decimal::ONE {
        return Err(ScenarioError::at(path, ScenarioProblem::BadShare(s)));
    }
    Ok(())
}
