//! A scenario: the year's sources, programs, allocation lines, overrides and seed, as a
//! versioned JSON file (`docs/scenario.md` describes every field).

use crate::dataset::Dataset;
use crate::format::Lang;
use crate::funding::{Source, SourceKind};
use crate::line::{Line, Override, Rule};
use crate::money::{Dong, MAX_AMOUNT};
use crate::program::Program;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;

/// The scenario format this engine writes and reads.
pub const VERSION: u32 = 1;

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
                format!("phiên bản {v} chưa được hỗ trợ (phiên bản này đọc {VERSION}); hãy cập nhật GNBV Planner")
            }
            P::UnsupportedVersion(v) => {
                format!("version {v} is not supported (this version reads {VERSION}); update GNBV Planner")
            }
            P::Invalid(e) if vi => format!("giá trị không hợp lệ ({e})"),
            P::Invalid(e) => format!("invalid value ({e})"),
            P::DuplicateId(id) if vi => format!("mã “{id}” bị trùng"),
            P::DuplicateId(id) => format!("id “{id}” is used twice"),
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
            Some(v) if v != u64::from(VERSION) => {
                return Err(ScenarioError::at("version", ScenarioProblem::UnsupportedVersion(v)))
            }
            Some(_) => {}
        }
        let scenario: Scenario = serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            ScenarioError::at(path, ScenarioProblem::Invalid(e.into_inner().to_string()))
        })?;
        scenario.validate(dataset)?;
        Ok(scenario)
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

    /// The lines of `program`, with their index in `lines`, in order.
    pub fn lines_of<'a>(
        &'a self,
        program: &'a crate::program::ProgramId,
    ) -> impl Iterator<Item = (usize, &'a Line)> + 'a {
        self.lines.iter().enumerate().filter(move |(_, l)| &l.program == program)
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
                check_share(loan.interest_rate_per_year, &at("loan.interest_rate_per_year"))?;
            }
        }
        let mut program_ids = HashSet::new();
        for (i, p) in self.programs.iter().enumerate() {
            let at = |f: &str| format!("programs[{i}].{f}");
            if !program_ids.insert(&p.id) {
                return Err(ScenarioError::at(at("id"), P::DuplicateId(p.id.0.clone())));
            }
            check_amount(p.unit_cost, &at("unit_cost"))?;
            check_share(p.state_share, &at("state_share"))?;
            check_weight(p.units_per_beneficiary, &at("units_per_beneficiary"))?;
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
                Rule::Entitlement | Rule::ProvinceLevel => {}
            }
        }
        let sim = &self.simulation;
        if !(1..=10_000).contains(&sim.draws) {
            return Err(ScenarioError::at("simulation.draws", P::BadDraws(sim.draws)));
        }
        for (field, p) in [
            ("simulation.shocks.probability_bp", sim.shocks.probability_bp),
            ("simulation.shocks.probability_escaped_bp", sim.shocks.probability_escaped_bp),
        ] {
            if p > 10_000 {
                return Err(ScenarioError::at(field, P::BadProbability(p)));
            }
        }
        let standard = crate::standard::PovertyStandard::qd59_2015();
        for (i, e) in sim.effects.iter().enumerate() {
            if let Some(j) = e.removes.iter().position(|k| standard.indicator(k).is_none()) {
                return Err(ScenarioError::at(
                    format!("simulation.effects[{i}].removes[{j}]"),
                    P::UnknownIndicator(e.removes[j].clone()),
                ));
            }
        }
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

fn check_share(s: Decimal, path: &str) -> Result<(), ScenarioError> {
    if s < Decimal::ZERO || s > Decimal::ONE {
        return Err(ScenarioError::at(path, ScenarioProblem::BadShare(s)));
    }
    Ok(())
}
