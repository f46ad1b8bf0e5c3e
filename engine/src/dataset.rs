//! The administrative units of a province and their baseline counts.
//!
//! The built-in dataset is Thái Bình at the end of 2018 (the baseline of the 2019 plan): its
//! 8 district-level units (đơn vị hành chính cấp huyện) and 286 commune-level units (cấp xã)
//! with GSO codes and names, and per unit the people, households, poor, near-poor and other
//! counts the program is planned from. Most counts are illustrative, calibrated to the few
//! published figures; [`Dataset::provenance`] says which is which. The files and the method
//! are in `engine/data/`.

use crate::format::Lang;
use crate::money::{Dong, MAX_AMOUNT};
use crate::provenance::{Confidence, Provenance};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

/// GSO code of a district-level unit (mã huyện), e.g. `336` for Thành phố Thái Bình.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct DistrictCode(pub u16);

/// GSO code of a commune-level unit (mã xã), e.g. `12433` for phường Lê Hồng Phong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct CommuneCode(pub u32);

impl fmt::Display for DistrictCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for CommuneCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:05}", self.0)
    }
}

/// Kind of district-level unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DistrictKind {
    /// Provincial city (thành phố).
    City,
    /// Town (thị xã).
    Town,
    /// Rural district (huyện).
    RuralDistrict,
}

impl DistrictKind {
    /// The Vietnamese word as written before the name.
    #[must_use]
    pub fn vi(self) -> &'static str {
        match self {
            Self::City => "thành phố",
            Self::Town => "thị xã",
            Self::RuralDistrict => "huyện",
        }
    }

    fn parse(word: &str) -> Option<Self> {
        [Self::City, Self::Town, Self::RuralDistrict].into_iter().find(|k| k.vi() == word)
    }
}

/// Kind of commune-level unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CommuneKind {
    /// Rural commune (xã).
    Commune,
    /// Urban ward (phường).
    Ward,
    /// District township (thị trấn).
    Township,
}

impl CommuneKind {
    /// The Vietnamese word as written before the name.
    #[must_use]
    pub fn vi(self) -> &'static str {
        match self {
            Self::Commune => "xã",
            Self::Ward => "phường",
            Self::Township => "thị trấn",
        }
    }

    /// Which poverty line applies: phường and thị trấn are urban, xã rural.
    #[must_use]
    pub fn area(self) -> Area {
        match self {
            Self::Commune => Area::Rural,
            Self::Ward | Self::Township => Area::Urban,
        }
    }

    fn parse(word: &str) -> Option<Self> {
        [Self::Commune, Self::Ward, Self::Township].into_iter().find(|k| k.vi() == word)
    }
}

/// Rural (nông thôn) or urban (thành thị): the poverty standard has a line for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// Nông thôn.
    Rural,
    /// Thành thị.
    Urban,
}

/// The baseline counts of a unit, or a sum of units. Households are hộ; people are nhân khẩu.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Counts {
    /// People (nhân khẩu).
    pub people: u64,
    /// Households (hộ).
    pub households: u64,
    /// Poor households by income (hộ nghèo thu nhập).
    pub poor_income: u64,
    /// Poor households by lack of basic services, income above the line (hộ nghèo thiếu hụt
    /// đa chiều).
    pub poor_multidimensional: u64,
    /// Near-poor households (hộ cận nghèo).
    pub near_poor: u64,
    /// Households that escaped poverty during the last year (hộ thoát nghèo).
    pub escaped_last_year: u64,
    /// Villages or residential groups (thôn, tổ dân phố).
    pub villages: u64,
    /// Poverty-reduction cadres (cán bộ làm công tác giảm nghèo).
    pub poverty_cadres: u64,
    /// Commune information staff (cán bộ thông tin cơ sở).
    pub info_staff: u64,
    /// Households that are not poor, have a member on monthly social assistance and use at
    /// most 50 kWh a month: the social-policy households of the electricity support (Decision
    /// 28/2014/QĐ-TTg, case i) (hộ chính sách xã hội).
    pub social_protection: u64,
}

impl Counts {
    /// All poor households, income and multidimensional.
    #[must_use]
    pub fn poor(&self) -> u64 {
        self.poor_income + self.poor_multidimensional
    }

    /// Poor households over households; `None` when there are no households.
    #[must_use]
    pub fn poor_rate(&self) -> Option<Decimal> {
        ratio(self.poor(), self.households)
    }

    /// Compares poverty rates exactly, without division: `a/b` vs `c/d` as `a·d` vs `c·b`.
    /// A unit with no households ranks lowest.
    #[must_use]
    pub fn cmp_poor_rate(&self, other: &Counts) -> std::cmp::Ordering {
        match (self.households, other.households) {
            (0, 0) => std::cmp::Ordering::Equal,
            (0, _) => std::cmp::Ordering::Less,
            (_, 0) => std::cmp::Ordering::Greater,
            (h1, h2) => (u128::from(self.poor()) * u128::from(h2)).cmp(&(u128::from(other.poor()) * u128::from(h1))),
        }
    }

    /// Near-poor households over households; `None` when there are no households.
    #[must_use]
    pub fn near_poor_rate(&self) -> Option<Decimal> {
        ratio(self.near_poor, self.households)
    }

    /// The value of one field. Rates are exact ratios (not percentages).
    #[must_use]
    pub fn get(&self, field: Field) -> Option<Decimal> {
        let count = match field {
            Field::People => self.people,
            Field::Households => self.households,
            Field::Poor => self.poor(),
            Field::PoorIncome => self.poor_income,
            Field::PoorMultidimensional => self.poor_multidimensional,
            Field::NearPoor => self.near_poor,
            Field::EscapedLastYear => self.escaped_last_year,
            Field::Villages => self.villages,
            Field::PovertyCadres => self.poverty_cadres,
            Field::InfoStaff => self.info_staff,
            Field::SocialProtection => self.social_protection,
            Field::PoorRate => return self.poor_rate(),
            Field::NearPoorRate => return self.near_poor_rate(),
        };
        Some(Decimal::from(count))
    }

    fn add(&mut self, other: &Counts) {
        self.people += other.people;
        self.households += other.households;
        self.poor_income += other.poor_income;
        self.poor_multidimensional += other.poor_multidimensional;
        self.near_poor += other.near_poor;
        self.escaped_last_year += other.escaped_last_year;
        self.villages += other.villages;
        self.poverty_cadres += other.poverty_cadres;
        self.info_staff += other.info_staff;
        self.social_protection += other.social_protection;
    }
}

fn ratio(part: u64, whole: u64) -> Option<Decimal> {
    (whole > 0).then(|| Decimal::from(part) / Decimal::from(whole))
}

/// A figure of [`Counts`], named so that provenance and sorting can refer to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// [`Counts::people`].
    People,
    /// [`Counts::households`].
    Households,
    /// [`Counts::poor`].
    Poor,
    /// [`Counts::poor_income`].
    PoorIncome,
    /// [`Counts::poor_multidimensional`].
    PoorMultidimensional,
    /// [`Counts::near_poor`].
    NearPoor,
    /// [`Counts::escaped_last_year`].
    EscapedLastYear,
    /// [`Counts::villages`].
    Villages,
    /// [`Counts::poverty_cadres`].
    PovertyCadres,
    /// [`Counts::info_staff`].
    InfoStaff,
    /// [`Counts::social_protection`].
    SocialProtection,
    /// [`Counts::poor_rate`].
    PoorRate,
    /// [`Counts::near_poor_rate`].
    NearPoorRate,
}

impl Field {
    /// Every field, in display order.
    pub const ALL: [Field; 13] = [
        Field::People,
        Field::Households,
        Field::Poor,
        Field::PoorIncome,
        Field::PoorMultidimensional,
        Field::PoorRate,
        Field::NearPoor,
        Field::NearPoorRate,
        Field::EscapedLastYear,
        Field::Villages,
        Field::PovertyCadres,
        Field::InfoStaff,
        Field::SocialProtection,
    ];

    /// The name used in the data files and in JSON.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::People => "people",
            Self::Households => "households",
            Self::Poor => "poor",
            Self::PoorIncome => "poor_income",
            Self::PoorMultidimensional => "poor_multidimensional",
            Self::NearPoor => "near_poor",
            Self::EscapedLastYear => "escaped_last_year",
            Self::Villages => "villages",
            Self::PovertyCadres => "poverty_cadres",
            Self::InfoStaff => "info_staff",
            Self::SocialProtection => "social_protection",
            Self::PoorRate => "poor_rate",
            Self::NearPoorRate => "near_poor_rate",
        }
    }

    /// The field's name in `lang`, as a table heading.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            Self::People => ("Nhân khẩu", "People"),
            Self::Households => ("Số hộ", "Households"),
            Self::Poor => ("Hộ nghèo", "Poor households"),
            Self::PoorIncome => ("Hộ nghèo theo thu nhập", "Poor by income"),
            Self::PoorMultidimensional => ("Hộ nghèo thiếu hụt đa chiều", "Poor by deprivations"),
            Self::NearPoor => ("Hộ cận nghèo", "Near-poor households"),
            Self::EscapedLastYear => ("Thoát nghèo 2018", "Escaped in 2018"),
            Self::Villages => ("Thôn, tổ dân phố", "Villages and residential groups"),
            Self::PovertyCadres => ("Cán bộ giảm nghèo", "Poverty-reduction cadres"),
            Self::InfoStaff => ("Cán bộ thông tin cơ sở", "Commune information staff"),
            Self::SocialProtection => {
                ("Hộ chính sách xã hội (hỗ trợ tiền điện)", "Social-policy households (electricity support)")
            }
            Self::PoorRate => ("Tỷ lệ nghèo", "Poor rate"),
            Self::NearPoorRate => ("Tỷ lệ cận nghèo", "Near-poor rate"),
        };
        lang.pick(vi, en)
    }

    /// Whether the field is a rate (shown as a percentage) rather than a count.
    #[must_use]
    pub fn is_rate(self) -> bool {
        matches!(self, Self::PoorRate | Self::NearPoorRate)
    }

    fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// A review file's figures for one commune (`crate::import`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommuneFigures {
    /// The counts.
    pub counts: Counts,
    /// In the 2019 new-rural target.
    pub ntm_2019: bool,
    /// The commune's Day for the Poor fund.
    pub day_for_poor: Dong,
}

/// A district-level unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct District {
    /// GSO code.
    pub code: DistrictCode,
    /// Name without the kind word ("Quỳnh Phụ").
    pub name: String,
    /// Thành phố, thị xã or huyện.
    pub kind: DistrictKind,
    /// The district's Day for the Poor fund (Quỹ “Vì người nghèo” cấp huyện) available this
    /// year: spent only in the district's communes.
    pub day_for_poor: Dong,
}

impl District {
    /// The name as written in documents: "Huyện Quỳnh Phụ", "Thành phố Thái Bình".
    #[must_use]
    pub fn full_name(&self) -> String {
        full_name(self.kind.vi(), &self.name)
    }
}

/// A commune-level unit with its baseline counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Commune {
    /// GSO code.
    pub code: CommuneCode,
    /// The district-level unit it belongs to.
    pub district: DistrictCode,
    /// Name without the kind word ("Lê Hồng Phong").
    pub name: String,
    /// Xã, phường or thị trấn.
    pub kind: CommuneKind,
    /// Counted in the 2019 target that every xã meets the new-rural (nông thôn mới) criteria.
    pub ntm_2019: bool,
    /// Baseline counts at the end of the previous year.
    pub counts: Counts,
    /// The commune's Day for the Poor fund (Quỹ “Vì người nghèo” cấp xã) available this year:
    /// spent only in the commune.
    pub day_for_poor: Dong,
}

impl Commune {
    /// The name as written in documents: "Xã Đông Hòa", "Phường Lê Hồng Phong".
    #[must_use]
    pub fn full_name(&self) -> String {
        full_name(self.kind.vi(), &self.name)
    }
}

fn full_name(kind: &str, name: &str) -> String {
    let mut chars = kind.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
    format!("{first}{} {name}", chars.as_str())
}

/// What a published figure is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "level", content = "code", rename_all = "snake_case")]
pub enum Scope {
    /// The whole province.
    Province,
    /// One district-level unit.
    District(DistrictCode),
    /// One commune-level unit.
    Commune(CommuneCode),
}

impl fmt::Display for Scope {
    /// The form used in `published.csv`: `province`, `district:336`, `commune:12433`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Province => f.write_str("province"),
            Self::District(code) => write!(f, "district:{code}"),
            Self::Commune(code) => write!(f, "commune:{}", code.0),
        }
    }
}

/// A figure taken from (or derived from) a public source, which the dataset must match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublishedFigure {
    /// What it is about.
    pub scope: Scope,
    /// Which figure.
    pub field: Field,
    /// The value as published: a count, or a rate in percent (`2.06` for 2.06 %).
    pub value: Decimal,
    /// Published or derived.
    pub provenance: Provenance,
    /// Confidence tag from facts.md.
    #[serde(serialize_with = "serialize_confidence")]
    pub confidence: Confidence,
    /// Where it was read, in English.
    pub source: String,
    /// The same in Vietnamese (optional column `source_vi`; the English when absent).
    pub source_vi: String,
}

impl PublishedFigure {
    /// Where it was read, in `lang`.
    #[must_use]
    pub fn source(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi if !self.source_vi.is_empty() => &self.source_vi,
            _ => &self.source,
        }
    }
}

fn serialize_confidence<S: serde::Serializer>(c: &Confidence, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(c.tag())
}

/// A province's units and baseline counts, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dataset {
    id: String,
    province: String,
    districts: Vec<District>,
    communes: Vec<Commune>,
    published: Vec<PublishedFigure>,
    #[serde(skip)]
    district_index: HashMap<DistrictCode, usize>,
    #[serde(skip)]
    commune_index: HashMap<CommuneCode, usize>,
    /// The file the counts were imported from, if they were (`crate::import`).
    #[serde(skip)]
    imported: Option<String>,
    /// The household file the counts were taken from, if they were (`crate::review`).
    #[serde(skip)]
    households: Option<HouseholdOrigin>,
}

/// The household file a dataset's counts come from (`crate::review::Review::apply`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdOrigin {
    /// The file's name.
    pub file: String,
    /// Its fingerprint (`crate::review::HouseholdFile::fingerprint`).
    pub fingerprint: u64,
    /// Its households.
    pub households: u64,
    /// Communes the file does not cover, whose counts are the dataset's, in GSO order.
    pub kept: Vec<CommuneCode>,
}

/// The population a dataset's counts describe, as every screen and export names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Population<'a> {
    /// The built-in dataset: published figures and illustrative counts.
    BuiltIn,
    /// A commune file's counts.
    CommuneFile(&'a str),
    /// A household file's counts.
    HouseholdFile(&'a HouseholdOrigin),
}

impl Population<'_> {
    /// "Built-in illustrative dataset", "commune file “x”" or "household file “y” (n
    /// households; k communes from the dataset)", in `lang`.
    #[must_use]
    pub fn describe(self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match self {
            Self::BuiltIn if vi => "bộ số liệu có sẵn (minh họa, trừ số liệu công bố)".to_owned(),
            Self::BuiltIn => "the built-in dataset (illustrative, except published figures)".to_owned(),
            Self::CommuneFile(file) if vi => format!("tệp số liệu xã “{file}”"),
            Self::CommuneFile(file) => format!("the commune file “{file}”"),
            Self::HouseholdFile(o) => {
                let n = crate::format::group(o.households.into(), lang);
                let kept = crate::format::group(o.kept.len() as i128, lang);
                match (vi, o.kept.is_empty()) {
                    (true, true) => format!("tệp hộ gia đình “{}” ({n} hộ)", o.file),
                    (true, false) => {
                        format!("tệp hộ gia đình “{}” ({n} hộ; {kept} xã không có trong tệp dùng bộ số liệu)", o.file)
                    }
                    (false, true) => format!("the household file “{}” ({n} households)", o.file),
                    (false, false) => format!(
                        "the household file “{}” ({n} households; {kept} communes not in the file use the dataset)",
                        o.file
                    ),
                }
            }
        }
    }
}

/// Identifier of the built-in dataset.
pub const BUILTIN_ID: &str = "thai-binh-2019";

const BUILTIN_DISTRICTS: &str = include_str!("../data/thai-binh-2019/districts.csv");
const BUILTIN_COMMUNES: &str = include_str!("../data/thai-binh-2019/communes.csv");
const BUILTIN_PUBLISHED: &str = include_str!("../data/thai-binh-2019/published.csv");

impl Dataset {
    /// Thái Bình, end-2018 baseline: the dataset compiled into the engine.
    ///
    /// # Errors
    /// Only if the compiled-in files were edited into an invalid state; the test suite
    /// guarantees they are not.
    pub fn builtin() -> Result<Self, DatasetError> {
        Self::from_csv(BUILTIN_ID, "Thái Bình", BUILTIN_DISTRICTS, BUILTIN_COMMUNES, BUILTIN_PUBLISHED)
    }

    /// Parses and validates a dataset from its three CSV files (formats in
    /// `engine/data/README.md`).
    ///
    /// # Errors
    /// The first problem found, naming the file, line and column.
    pub fn from_csv(
        id: &str,
        province: &str,
        districts: &str,
        communes: &str,
        published: &str,
    ) -> Result<Self, DatasetError> {
        let districts = parse_districts(districts)?;
        let communes = parse_communes(communes)?;
        let published = parse_published(published)?;
        Self::new(id, province, districts, communes, published)
    }

    fn new(
        id: &str,
        province: &str,
        districts: Vec<(u64, District)>,
        communes: Vec<(u64, Commune)>,
        published: Vec<(u64, PublishedFigure)>,
    ) -> Result<Self, DatasetError> {
        // Canonical GSO order, whatever the order of the file: every result that walks the
        // units (ties, "code order") is then independent of how the file was sorted.
        let (mut districts, mut communes) = (districts, communes);
        districts.sort_by_key(|(line, d)| (d.code, *line));
        communes.sort_by_key(|(line, c)| (c.code, *line));
        let mut district_index = HashMap::new();
        for (i, (line, d)) in districts.iter().enumerate() {
            if district_index.insert(d.code, i).is_some() {
                return Err(DatasetError::at(
                    DataFile::Districts,
                    *line,
                    "code",
                    Problem::DuplicateCode(d.code.0.into()),
                ));
            }
        }
        let mut commune_index = HashMap::new();
        for (i, (line, c)) in communes.iter().enumerate() {
            let at = |column, problem| DatasetError::at(DataFile::Communes, *line, column, problem);
            if commune_index.insert(c.code, i).is_some() {
                return Err(at("gso_code", Problem::DuplicateCode(c.code.0)));
            }
            if !district_index.contains_key(&c.district) {
                return Err(at("district_code", Problem::UnknownDistrict(c.district.0)));
            }
            validate_counts(&c.counts).map_err(|p| at(p.0, p.1))?;
            if c.ntm_2019 && c.kind != CommuneKind::Commune {
                return Err(at("ntm_2019", Problem::NewRuralNotCommune));
            }
        }
        let districts: Vec<District> = districts.into_iter().map(|(_, d)| d).collect();
        if let Some(empty) = districts.iter().find(|d| !communes.iter().any(|(_, c)| c.district == d.code)) {
            return Err(DatasetError::whole(DataFile::Districts, Problem::EmptyDistrict(empty.code.0)));
        }
        let dataset = Self {
            id: id.to_owned(),
            province: province.to_owned(),
            districts,
            communes: communes.into_iter().map(|(_, c)| c).collect(),
            published: Vec::new(),
            district_index,
            commune_index,
            imported: None,
            households: None,
        };
        for (line, figure) in &published {
            dataset.check_published(*line, figure)?;
        }
        Ok(Self { published: published.into_iter().map(|(_, p)| p).collect(), ..dataset })
    }

    fn check_published(&self, line: u64, figure: &PublishedFigure) -> Result<(), DatasetError> {
        let at = |column, problem| DatasetError::at(DataFile::Published, line, column, problem);
        let counts = self.counts(figure.scope).ok_or_else(|| at("scope", Problem::UnknownScope))?;
        let actual = counts.get(figure.field).ok_or_else(|| at("field", Problem::UndefinedRate))?;
        let comparable = if figure.field.is_rate() {
            (actual * Decimal::ONE_HUNDRED).round_dp(figure.value.scale())
        } else {
            actual
        };
        if comparable != figure.value {
            return Err(at("value", Problem::PublishedMismatch { published: figure.value, dataset: comparable }));
        }
        Ok(())
    }

    /// The same units with a review file's figures, named after `file`: the published
    /// figures no longer describe them and are dropped. Districts missing from `districts`
    /// keep their fund. The caller has validated the figures (`crate::import::import_communes`).
    #[must_use]
    pub fn with_figures(
        &self,
        communes: &HashMap<CommuneCode, CommuneFigures>,
        districts: &HashMap<DistrictCode, Dong>,
        file: &str,
    ) -> Self {
        let mut next = self.clone();
        for c in &mut next.communes {
            if let Some(f) = communes.get(&c.code) {
                c.counts = f.counts;
                c.ntm_2019 = f.ntm_2019;
                c.day_for_poor = f.day_for_poor;
            }
        }
        for d in &mut next.districts {
            if let Some(&fund) = districts.get(&d.code) {
                d.day_for_poor = fund;
            }
        }
        next.published = Vec::new();
        next.imported = Some(file.to_owned());
        next.households = None;
        next
    }

    /// The file the counts were imported from; `None` for the built-in figures.
    #[must_use]
    pub fn imported(&self) -> Option<&str> {
        self.imported.as_deref()
    }

    /// The same units with the counts of a household file for the communes it covers
    /// (`counts`, in commune order; `None`: keep this dataset's). The published figures no
    /// longer describe them and are dropped. Called by `crate::review::Review::apply`.
    #[must_use]
    pub(crate) fn with_population(&self, counts: &[Option<Counts>], origin: HouseholdOrigin) -> Self {
        let mut next = self.clone();
        for (c, counts) in next.communes.iter_mut().zip(counts) {
            if let Some(counts) = counts {
                c.counts = *counts;
            }
        }
        next.published = Vec::new();
        next.households = Some(origin);
        next
    }

    /// The household file the counts come from, if they do.
    #[must_use]
    pub fn household_file(&self) -> Option<&HouseholdOrigin> {
        self.households.as_ref()
    }

    /// The population the counts describe: a household file's, a commune file's, or the
    /// built-in one.
    #[must_use]
    pub fn population(&self) -> Population<'_> {
        match (&self.households, &self.imported) {
            (Some(o), _) => Population::HouseholdFile(o),
            (None, Some(f)) => Population::CommuneFile(f),
            (None, None) => Population::BuiltIn,
        }
    }

    /// Whether a commune's counts are the dataset's although a household file is in use (the
    /// file does not cover it).
    #[must_use]
    pub fn kept_from_dataset(&self, code: CommuneCode) -> bool {
        self.households.as_ref().is_some_and(|o| o.kept.binary_search(&code).is_ok())
    }

    /// The dataset's identifier (`thai-binh-2019` for the built-in one).
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// A fingerprint of the units and their counts (FNV-1a 64 over their JSON form): two
    /// datasets with the same id but different figures (an imported review file, say) have
    /// different fingerprints, so a share link can tell the recipient which data it was made on.
    #[must_use]
    pub fn content_hash(&self) -> u64 {
        let bytes = serde_json::to_vec(&(&self.id, &self.districts, &self.communes)).unwrap_or_default();
        crate::rng::fnv1a(crate::rng::FNV_OFFSET, &bytes)
    }

    /// The province's name without the kind word ("Thái Bình").
    #[must_use]
    pub fn province_name(&self) -> &str {
        &self.province
    }

    /// District-level units, in GSO order.
    #[must_use]
    pub fn districts(&self) -> &[District] {
        &self.districts
    }

    /// Commune-level units, in GSO order.
    #[must_use]
    pub fn communes(&self) -> &[Commune] {
        &self.communes
    }

    /// The figures the dataset was calibrated to, with their sources.
    #[must_use]
    pub fn published(&self) -> &[PublishedFigure] {
        &self.published
    }

    /// A district by code.
    #[must_use]
    pub fn district(&self, code: DistrictCode) -> Option<&District> {
        self.district_index.get(&code).map(|&i| &self.districts[i])
    }

    /// A commune by code.
    #[must_use]
    pub fn commune(&self, code: CommuneCode) -> Option<&Commune> {
        self.commune_index.get(&code).map(|&i| &self.communes[i])
    }

    /// A commune's position in [`Dataset::communes`].
    #[must_use]
    pub fn commune_position(&self, code: CommuneCode) -> Option<usize> {
        self.commune_index.get(&code).copied()
    }

    /// The communes of one district, in GSO order.
    pub fn communes_of(&self, district: DistrictCode) -> impl Iterator<Item = &Commune> {
        self.communes.iter().filter(move |c| c.district == district)
    }

    /// The Day for the Poor funds of a district's communes, added up.
    #[must_use]
    pub fn commune_funds(&self, district: DistrictCode) -> Dong {
        self.communes_of(district).map(|c| c.day_for_poor).sum()
    }

    /// Sum over the whole province.
    #[must_use]
    pub fn province_counts(&self) -> Counts {
        sum(self.communes.iter())
    }

    /// Sum over one district's communes.
    #[must_use]
    pub fn district_counts(&self, code: DistrictCode) -> Counts {
        sum(self.communes_of(code))
    }

    /// The counts of a scope; `None` for an unknown district or commune.
    #[must_use]
    pub fn counts(&self, scope: Scope) -> Option<Counts> {
        match scope {
            Scope::Province => Some(self.province_counts()),
            Scope::District(code) => self.district(code).map(|_| self.district_counts(code)),
            Scope::Commune(code) => self.commune(code).map(|c| c.counts),
        }
    }

    /// Whether a figure is published, derived from published figures, or illustrative.
    ///
    /// Names, codes and kinds of units come from the GSO list and are always published;
    /// counts are illustrative unless listed in [`Dataset::published`].
    #[must_use]
    pub fn provenance(&self, scope: Scope, field: Field) -> Provenance {
        self.published
            .iter()
            .find(|p| p.scope == scope && p.field == field)
            .map_or(Provenance::Illustrative, |p| p.provenance)
    }

    /// The published figure behind a value, if there is one.
    #[must_use]
    pub fn published_figure(&self, scope: Scope, field: Field) -> Option<&PublishedFigure> {
        self.published.iter().find(|p| p.scope == scope && p.field == field)
    }

    /// Number of xã counted in the 2019 new-rural target.
    #[must_use]
    pub fn ntm_2019_count(&self) -> usize {
        self.communes.iter().filter(|c| c.ntm_2019).count()
    }

    /// Per-district sums, in GSO order.
    #[must_use]
    pub fn district_totals(&self) -> Vec<(&District, Counts)> {
        let mut sums: BTreeMap<DistrictCode, Counts> = BTreeMap::new();
        for c in &self.communes {
            sums.entry(c.district).or_default().add(&c.counts);
        }
        self.districts.iter().map(|d| (d, sums.get(&d.code).copied().unwrap_or_default())).collect()
    }
}

fn sum<'a>(communes: impl Iterator<Item = &'a Commune>) -> Counts {
    communes.fold(Counts::default(), |mut acc, c| {
        acc.add(&c.counts);
        acc
    })
}

fn validate_counts(c: &Counts) -> Result<(), (&'static str, Problem)> {
    if c.households == 0 {
        return Err(("households", Problem::NoHouseholds));
    }
    if c.people < c.households {
        return Err(("people", Problem::FewerPeopleThanHouseholds));
    }
    if c.poor() > c.households {
        return Err(("poor_multidimensional", Problem::MorePoorThanHouseholds));
    }
    if c.poor() + c.near_poor > c.households {
        return Err(("near_poor", Problem::MorePoorAndNearPoorThanHouseholds));
    }
    if c.escaped_last_year > c.households {
        return Err(("escaped_last_year", Problem::MoreEscapedThanHouseholds));
    }
    if c.poor() + c.social_protection > c.households {
        return Err(("social_protection", Problem::MorePoorAndSocialPolicyThanHouseholds));
    }
    Ok(())
}

// --- Parsing ---------------------------------------------------------------------------

/// One of the three files a dataset is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFile {
    /// `districts.csv`.
    Districts,
    /// `communes.csv`.
    Communes,
    /// `published.csv`.
    Published,
}

impl DataFile {
    fn name(self) -> &'static str {
        match self {
            Self::Districts => "districts.csv",
            Self::Communes => "communes.csv",
            Self::Published => "published.csv",
        }
    }
}

/// What is wrong with a dataset file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The file is not readable CSV (e.g. a row with the wrong number of fields).
    Malformed(String),
    /// A required column is missing from the header.
    MissingColumn(&'static str),
    /// A cell that should hold a whole number does not.
    NotANumber(String),
    /// A cell that should hold a decimal number does not.
    NotADecimal(String),
    /// A 0/1 flag holds something else.
    NotAFlag(String),
    /// A unit kind that is not thành phố / thị xã / huyện or xã / phường / thị trấn.
    UnknownKind(String),
    /// An empty name.
    EmptyName,
    /// A code used twice.
    DuplicateCode(u32),
    /// The same scope and field listed twice among the published figures.
    DuplicateFigure,
    /// A commune names a district that is not in districts.csv.
    UnknownDistrict(u16),
    /// A district with no communes.
    EmptyDistrict(u16),
    /// A unit with no households.
    NoHouseholds,
    /// Fewer people than households.
    FewerPeopleThanHouseholds,
    /// More poor households than households.
    MorePoorThanHouseholds,
    /// More poor and near-poor households together than households.
    MorePoorAndNearPoorThanHouseholds,
    /// More households escaped poverty than there are households.
    MoreEscapedThanHouseholds,
    /// Poor plus social-policy households exceed households.
    MorePoorAndSocialPolicyThanHouseholds,
    /// A new-rural flag on a phường or thị trấn.
    NewRuralNotCommune,
    /// A scope that is not `province`, `district:CODE` or `commune:CODE` of this dataset.
    UnknownScope,
    /// A field name that the dataset does not have.
    UnknownField(String),
    /// A provenance word other than published / derived.
    UnknownProvenance(String),
    /// A confidence tag other than those of facts.md.
    UnknownConfidence(String),
    /// A rate of a unit with no households.
    UndefinedRate,
    /// The dataset does not reproduce a published figure.
    PublishedMismatch {
        /// The figure as published.
        published: Decimal,
        /// The same figure computed from the dataset.
        dataset: Decimal,
    },
}

/// A dataset file that cannot be used, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetError {
    /// Which file.
    pub file: DataFile,
    /// 1-based line, when the problem is on one line.
    pub line: Option<u64>,
    /// Column name, when the problem is in one cell.
    pub column: Option<&'static str>,
    /// What is wrong.
    pub problem: Problem,
}

impl DatasetError {
    fn at(file: DataFile, line: u64, column: &'static str, problem: Problem) -> Self {
        Self { file, line: Some(line), column: Some(column), problem }
    }

    fn whole(file: DataFile, problem: Problem) -> Self {
        Self { file, line: None, column: None, problem }
    }

    /// The message in the user's language, naming the file, line and column.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        let mut place = self.file.name().to_owned();
        if let Some(line) = self.line {
            place.push_str(&match lang {
                Lang::Vi => format!(", dòng {line}"),
                Lang::En => format!(", line {line}"),
            });
        }
        if let Some(column) = self.column {
            place.push_str(&match lang {
                Lang::Vi => format!(", cột {column}"),
                Lang::En => format!(", column {column}"),
            });
        }
        format!("{place}: {}", problem_text(&self.problem, lang))
    }
}

fn problem_text(problem: &Problem, lang: Lang) -> String {
    use Problem as P;
    let vi = lang == Lang::Vi;
    match problem {
        P::Malformed(e) if vi => format!("tệp CSV không đọc được ({e})"),
        P::Malformed(e) => format!("not readable as CSV ({e})"),
        P::MissingColumn(c) if vi => format!("thiếu cột “{c}” ở dòng tiêu đề"),
        P::MissingColumn(c) => format!("the header has no column “{c}”"),
        P::NotANumber(v) if vi => format!("“{v}” không phải số nguyên không âm"),
        P::NotANumber(v) => format!("“{v}” is not a whole number of zero or more"),
        P::NotADecimal(v) if vi => format!("“{v}” không phải số thập phân"),
        P::NotADecimal(v) => format!("“{v}” is not a decimal number"),
        P::NotAFlag(v) if vi => format!("“{v}” phải là 0 hoặc 1"),
        P::NotAFlag(v) => format!("“{v}” must be 0 or 1"),
        P::UnknownKind(v) if vi => format!("loại đơn vị “{v}” không hợp lệ"),
        P::UnknownKind(v) => format!("“{v}” is not a kind of administrative unit"),
        P::EmptyName if vi => "tên đơn vị để trống".into(),
        P::EmptyName => "the name is empty".into(),
        P::DuplicateCode(c) if vi => format!("mã {c} bị trùng"),
        P::DuplicateCode(c) => format!("code {c} appears twice"),
        P::DuplicateFigure if vi => "số liệu này đã có ở một dòng trước".into(),
        P::DuplicateFigure => "this figure is already listed on an earlier line".into(),
        P::UnknownDistrict(c) if vi => format!("không có huyện mã {c}"),
        P::UnknownDistrict(c) => format!("there is no district with code {c}"),
        P::EmptyDistrict(c) if vi => format!("huyện mã {c} không có xã nào"),
        P::EmptyDistrict(c) => format!("district {c} has no communes"),
        P::NoHouseholds if vi => "số hộ phải lớn hơn 0".into(),
        P::NoHouseholds => "households must be more than 0".into(),
        P::FewerPeopleThanHouseholds if vi => "số nhân khẩu ít hơn số hộ".into(),
        P::FewerPeopleThanHouseholds => "fewer people than households".into(),
        P::MorePoorThanHouseholds if vi => "số hộ nghèo lớn hơn số hộ".into(),
        P::MorePoorThanHouseholds => "more poor households than households".into(),
        P::MorePoorAndNearPoorThanHouseholds if vi => "số hộ nghèo và cận nghèo lớn hơn số hộ".into(),
        P::MorePoorAndNearPoorThanHouseholds => "more poor and near-poor households than households".into(),
        P::MoreEscapedThanHouseholds if vi => "số hộ thoát nghèo lớn hơn số hộ".into(),
        P::MoreEscapedThanHouseholds => "more households escaped poverty than there are households".into(),
        P::MorePoorAndSocialPolicyThanHouseholds if vi => "số hộ nghèo cộng hộ chính sách xã hội lớn hơn số hộ".into(),
        P::MorePoorAndSocialPolicyThanHouseholds => "poor plus social-policy households exceed households".into(),
        P::NewRuralNotCommune if vi => "chỉ xã mới được tính vào mục tiêu nông thôn mới".into(),
        P::NewRuralNotCommune => "only a xã can count towards the new-rural target".into(),
        P::UnknownScope if vi => "phạm vi phải là province, district:MÃ hoặc commune:MÃ của bộ dữ liệu".into(),
        P::UnknownScope => "scope must be province, district:CODE or commune:CODE of this dataset".into(),
        P::UnknownField(v) if vi => format!("không có chỉ tiêu “{v}”"),
        P::UnknownField(v) => format!("there is no field “{v}”"),
        P::UnknownProvenance(v) if vi => format!("nguồn gốc “{v}” phải là published hoặc derived"),
        P::UnknownProvenance(v) => format!("provenance “{v}” must be published or derived"),
        P::UnknownConfidence(v) if vi => format!("mức tin cậy “{v}” không hợp lệ"),
        P::UnknownConfidence(v) => format!("“{v}” is not a confidence tag (C, C~, D, R high, R med, R low)"),
        P::UndefinedRate if vi => "không tính được tỷ lệ khi không có hộ".into(),
        P::UndefinedRate => "a rate is undefined with no households".into(),
        P::PublishedMismatch { published, dataset } if vi => {
            format!("số liệu công bố {published} nhưng bộ dữ liệu cho {dataset}")
        }
        P::PublishedMismatch { published, dataset } => {
            format!("published figure is {published} but the dataset gives {dataset}")
        }
    }
}

impl fmt::Display for DatasetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for DatasetError {}

/// A CSV file read into rows of cells addressed by column name.
struct Table {
    file: DataFile,
    columns: HashMap<String, usize>,
    rows: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    fn read(file: DataFile, text: &str, required: &[&'static str]) -> Result<Self, DatasetError> {
        let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
        let malformed = |e: csv::Error| {
            let line = e.position().map(|p| p.line());
            DatasetError { file, line, column: None, problem: Problem::Malformed(e.to_string()) }
        };
        let header = reader.headers().map_err(malformed)?.clone();
        let columns: HashMap<String, usize> = header.iter().enumerate().map(|(i, h)| (h.to_owned(), i)).collect();
        if let Some(missing) = required.iter().find(|c| !columns.contains_key(**c)) {
            return Err(DatasetError { file, line: Some(1), column: None, problem: Problem::MissingColumn(missing) });
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(malformed)?;
            let line = record.position().map_or(0, |p| p.line());
            rows.push((line, record));
        }
        Ok(Self { file, columns, rows })
    }

    fn cell<'r>(&self, row: &'r (u64, csv::StringRecord), column: &'static str) -> &'r str {
        self.columns.get(column).and_then(|&i| row.1.get(i)).unwrap_or("")
    }

    fn error(&self, row: &(u64, csv::StringRecord), column: &'static str, problem: Problem) -> DatasetError {
        DatasetError::at(self.file, row.0, column, problem)
    }

    fn number<T: std::str::FromStr>(
        &self,
        row: &(u64, csv::StringRecord),
        column: &'static str,
    ) -> Result<T, DatasetError> {
        let v = self.cell(row, column);
        v.parse().map_err(|_| self.error(row, column, Problem::NotANumber(v.to_owned())))
    }

    /// A count in a column the file may leave out (0 when it does).
    fn optional_number(&self, row: &(u64, csv::StringRecord), column: &'static str) -> Result<u64, DatasetError> {
        if self.columns.contains_key(column) {
            self.number(row, column)
        } else {
            Ok(0)
        }
    }

    /// The optional `day_for_poor_fund` column, in whole đồng.
    fn fund(&self, row: &(u64, csv::StringRecord)) -> Result<Dong, DatasetError> {
        let amount = self.optional_number(row, "day_for_poor_fund")?;
        i64::try_from(amount)
            .ok()
            .filter(|&a| a <= MAX_AMOUNT.get())
            .map(Dong::new)
            .ok_or_else(|| self.error(row, "day_for_poor_fund", Problem::NotANumber(amount.to_string())))
    }

    fn name(&self, row: &(u64, csv::StringRecord), column: &'static str) -> Result<String, DatasetError> {
        let v = self.cell(row, column);
        if v.is_empty() {
            return Err(self.error(row, column, Problem::EmptyName));
        }
        Ok(v.to_owned())
    }
}

fn parse_districts(text: &str) -> Result<Vec<(u64, District)>, DatasetError> {
    let t = Table::read(DataFile::Districts, text, &["code", "name", "type"])?;
    t.rows
        .iter()
        .map(|row| {
            let kind = t.cell(row, "type");
            let kind =
                DistrictKind::parse(kind).ok_or_else(|| t.error(row, "type", Problem::UnknownKind(kind.to_owned())))?;
            let day_for_poor = t.fund(row)?;
            Ok((
                row.0,
                District { code: DistrictCode(t.number(row, "code")?), name: t.name(row, "name")?, kind, day_for_poor },
            ))
        })
        .collect()
}

const COUNT_COLUMNS: [&str; 9] = [
    "people",
    "households",
    "poor_income",
    "poor_multidimensional",
    "near_poor",
    "escaped_last_year",
    "villages",
    "poverty_cadres",
    "info_staff",
];

fn parse_communes(text: &str) -> Result<Vec<(u64, Commune)>, DatasetError> {
    let mut required = vec!["gso_code", "district_code", "name", "type", "ntm_2019"];
    required.extend(COUNT_COLUMNS);
    let t = Table::read(DataFile::Communes, text, &required)?;
    t.rows
        .iter()
        .map(|row| {
            let kind = t.cell(row, "type");
            let kind = CommuneKind::parse(kind).ok_or_else(|| t.error(row, "type", Problem::UnknownKind(kind.to_owned())))?;
            let ntm_2019 = match t.cell(row, "ntm_2019") {
                "0" => false,
                "1" => true,
                other => return Err(t.error(row, "ntm_2019", Problem::NotAFlag(other.to_owned()))),
            };
            let [people, households, poor_income, poor_multidimensional, near_poor, escaped_last_year, villages, poverty_cadres, info_staff] =
                COUNT_COLUMNS.map(|c| t.number::<u64>(row, c));
            let counts = Counts {
                people: people?,
                households: households?,
                poor_income: poor_income?,
                poor_multidimensional: poor_multidimensional?,
                near_poor: near_poor?,
                escaped_last_year: escaped_last_year?,
                villages: villages?,
                poverty_cadres: poverty_cadres?,
                info_staff: info_staff?,
                social_protection: t.optional_number(row, "social_protection")?,
            };
            let commune = Commune {
                code: CommuneCode(t.number(row, "gso_code")?),
                district: DistrictCode(t.number(row, "district_code")?),
                name: t.name(row, "name")?,
                kind,
                ntm_2019,
                counts,
                day_for_poor: t.fund(row)?,
            };
            Ok((row.0, commune))
        })
        .collect()
}

fn parse_published(text: &str) -> Result<Vec<(u64, PublishedFigure)>, DatasetError> {
    let t = Table::read(DataFile::Published, text, &["scope", "field", "value", "provenance", "confidence", "source"])?;
    t.rows
        .iter()
        .map(|row| {
            let scope_text = t.cell(row, "scope");
            let scope = parse_scope(scope_text).ok_or_else(|| t.error(row, "scope", Problem::UnknownScope))?;
            let field = t.cell(row, "field");
            let field =
                Field::from_key(field).ok_or_else(|| t.error(row, "field", Problem::UnknownField(field.to_owned())))?;
            let value = t.cell(row, "value");
            let value: Decimal =
                value.parse().map_err(|_| t.error(row, "value", Problem::NotADecimal(value.to_owned())))?;
            let provenance = t.cell(row, "provenance");
            let provenance = Provenance::parse(provenance)
                .filter(|p| p.is_real())
                .ok_or_else(|| t.error(row, "provenance", Problem::UnknownProvenance(provenance.to_owned())))?;
            let confidence = t.cell(row, "confidence");
            let confidence = Confidence::parse(confidence)
                .ok_or_else(|| t.error(row, "confidence", Problem::UnknownConfidence(confidence.to_owned())))?;
            Ok((
                row.0,
                PublishedFigure {
                    scope,
                    field,
                    value,
                    provenance,
                    confidence,
                    source: t.cell(row, "source").to_owned(),
                    source_vi: t.cell(row, "source_vi").to_owned(),
                },
            ))
        })
        .collect::<Result<Vec<_>, _>>()
        .and_then(|figures| {
            let mut seen = HashSet::new();
            for (line, f) in &figures {
                if !seen.insert((f.scope, f.field)) {
                    return Err(DatasetError::at(DataFile::Published, *line, "field", Problem::DuplicateFigure));
                }
            }
            Ok(figures)
        })
}

fn parse_scope(text: &str) -> Option<Scope> {
    match text.split_once(':') {
        None if text == "province" => Some(Scope::Province),
        Some(("district", code)) => code.parse().ok().map(|c| Scope::District(DistrictCode(c))),
        Some(("commune", code)) => code.parse().ok().map(|c| Scope::Commune(CommuneCode(c))),
        _ => None,
    }
}
